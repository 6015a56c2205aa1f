//! Resource quantities such as `500m`, `1Gi` or `129e6`, parsed exactly as the API server
//! parses them, with integer arithmetic only.
//!
//! Mirrors `ParseQuantity` and `parseQuantityString` in
//! staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go and the suffix table in
//! suffix.go. The value is kept as an integer count of nano-units (the finest scale
//! Kubernetes keeps); the text the user wrote is kept too, and written back unchanged.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;

/// The regular expression quoted by upstream's `ErrFormatWrong`.
pub const QUANTITY_GRAMMAR: &str = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

/// Inputs longer than this are rejected before any arithmetic, so that no input can make
/// parsing slow. Kubernetes has no such limit; no sensible manifest comes near it.
pub const MAX_QUANTITY_LEN: usize = 128;

const NANOS_PER_UNIT: i128 = 1_000_000_000;
const NANOS_PER_MILLI: i128 = 1_000_000;
/// Decimal digits of `i128::MAX`; a longer digit string cannot fit.
const I128_DIGITS: usize = 39;
/// BinarySI values are capped at 2^63-1 units (upstream `maxAllowed`).
const BINARY_CAP_NANOS: i128 = (i64::MAX as i128) * NANOS_PER_UNIT;

/// The three spellings of a quantity (upstream `Format`). It only matters for the
/// canonical text of a value that kubesim computes itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuantityFormat {
    /// `12e6`
    DecimalExponent,
    /// `12Mi` (12 * 2^20)
    BinarySI,
    /// `12M` (12 * 10^6), also plain numbers and `m`
    DecimalSI,
}

/// A resource quantity: the text as written and its exact value.
///
/// Equality, ordering and hashing compare values, as upstream `Quantity.Cmp` does, so
/// `"1"` equals `"1000m"`.
#[derive(Debug, Clone)]
pub struct Quantity {
    text: String,
    nanos: i128,
    format: QuantityFormat,
    has_digits: bool,
}

/// Why a quantity is malformed; worded as upstream where upstream has a word for it.
fn err(input: &str, reason: impl Into<String>) -> Error {
    Error::Quantity {
        input: input.to_string(),
        reason: reason.into(),
    }
}

fn err_format_wrong(input: &str) -> Error {
    err(
        input,
        format!("quantities must match the regular expression '{QUANTITY_GRAMMAR}'"),
    )
}

fn err_suffix(input: &str) -> Error {
    err(input, "unable to parse quantity's suffix")
}

fn err_too_large(input: &str) -> Error {
    err(
        input,
        "the value is too large (kubesim keeps quantities up to about 1.7e29)",
    )
}

/// The pieces `parseQuantityString` cuts a quantity into.
struct Split<'a> {
    negative: bool,
    /// Integer digits, leading zeros stripped (may be empty).
    num: &'a str,
    /// Fraction digits (may be empty).
    denom: &'a str,
    suffix: &'a str,
    /// Whether the number had any digit (leading zeros included).
    has_digits: bool,
}

/// Mirrors `parseQuantityString`: a fast scanner that is laxer than the documented
/// grammar. Like upstream, a number with no digits at all (`"Mi"`, `"+"`, `"."`) scans as
/// zero; the API server accepts those spellings, so kubesim does too.
fn split(s: &str) -> Option<Split<'_>> {
    let b = s.as_bytes();
    let end = b.len();
    let mut pos = 0;
    let mut negative = false;
    match b.first() {
        Some(b'-') => {
            negative = true;
            pos = 1;
        }
        Some(b'+') => pos = 1,
        _ => {}
    }
    let digits_start = pos;
    while pos < end && b[pos] == b'0' {
        pos += 1;
    }
    let num_start = pos;
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    let num = &s[num_start..pos];
    let mut denom = "";
    if pos < end && b[pos] == b'.' {
        pos += 1;
        let denom_start = pos;
        while pos < end && b[pos].is_ascii_digit() {
            pos += 1;
        }
        denom = &s[denom_start..pos];
    }
    let has_digits = s[digits_start..pos].bytes().any(|c| c.is_ascii_digit());
    let suffix_start = pos;
    while pos < end && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos < end && (b[pos] == b'-' || b[pos] == b'+') {
        pos += 1;
    }
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos != end {
        return None;
    }
    Some(Split {
        negative,
        num,
        denom,
        suffix: &s[suffix_start..],
        has_digits,
    })
}

/// What a suffix multiplies the number by.
#[derive(Debug, Clone, Copy)]
enum Multiplier {
    /// 10^n
    Ten(i64),
    /// 2^n
    Two(u32),
}

/// Mirrors `fastLookup.interpret` and `suffixHandler.interpret` in suffix.go.
fn interpret_suffix(suffix: &str) -> Option<(Multiplier, QuantityFormat)> {
    use Multiplier::{Ten, Two};
    use QuantityFormat::{BinarySI, DecimalExponent, DecimalSI};
    let found = match suffix {
        "" => (Ten(0), DecimalSI),
        "n" => (Ten(-9), DecimalSI),
        "u" => (Ten(-6), DecimalSI),
        "m" => (Ten(-3), DecimalSI),
        "k" => (Ten(3), DecimalSI),
        "M" => (Ten(6), DecimalSI),
        "G" => (Ten(9), DecimalSI),
        "T" => (Ten(12), DecimalSI),
        "P" => (Ten(15), DecimalSI),
        "E" => (Ten(18), DecimalSI),
        "Ki" => (Two(10), BinarySI),
        "Mi" => (Two(20), BinarySI),
        "Gi" => (Two(30), BinarySI),
        "Ti" => (Two(40), BinarySI),
        "Pi" => (Two(50), BinarySI),
        "Ei" => (Two(60), BinarySI),
        _ => {
            // A decimal exponent: "e" or "E", then an integer as Go's ParseInt reads it.
            let rest = suffix
                .strip_prefix('e')
                .or_else(|| suffix.strip_prefix('E'))?;
            let exponent = parse_go_int(rest)?;
            (Ten(exponent), DecimalExponent)
        }
    };
    Some(found)
}

/// Go's `strconv.ParseInt(s, 10, 64)`: optional sign, then at least one ASCII digit.
fn parse_go_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

/// Doubles a big-endian decimal digit string in place.
fn double_digits(digits: &mut Vec<u8>) {
    let mut carry = 0u8;
    for d in digits.iter_mut().rev() {
        let v = *d * 2 + carry;
        *d = v % 10;
        carry = v / 10;
    }
    if carry > 0 {
        digits.insert(0, carry);
    }
}

/// Parses a digit string known to fit into i128.
fn digits_to_i128(digits: &[u8]) -> Option<i128> {
    digits.iter().try_fold(0i128, |acc, &d| {
        acc.checked_mul(10)?.checked_add(i128::from(d))
    })
}

/// The number of nano-units of `digits * 10^exp10 * 2^exp2`, rounded away from zero when it
/// is finer than a nano-unit (as upstream rounds with `inf.RoundUp` on the magnitude).
/// `None` when it does not fit in i128.
fn magnitude_in_nanos(mut digits: Vec<u8>, exp10: i64, exp2: u32) -> Option<i128> {
    while digits.first() == Some(&0) {
        digits.remove(0);
    }
    if digits.is_empty() {
        return Some(0);
    }
    for _ in 0..exp2 {
        double_digits(&mut digits);
    }
    let shift = exp10.checked_add(9)?;
    if shift >= 0 {
        let total = (digits.len() as i64).checked_add(shift)?;
        if total > I128_DIGITS as i64 {
            return None;
        }
        let base = digits_to_i128(&digits)?;
        let factor = 10i128.checked_pow(u32::try_from(shift).ok()?)?;
        return base.checked_mul(factor);
    }
    let drop = usize::try_from(shift.unsigned_abs()).unwrap_or(usize::MAX);
    if drop >= digits.len() {
        // Non-zero but below one nano-unit: rounds up to exactly 1n.
        return Some(1);
    }
    let (kept, dropped) = digits.split_at(digits.len() - drop);
    if kept.len() > I128_DIGITS {
        return None;
    }
    let quotient = digits_to_i128(kept)?;
    if dropped.iter().any(|&d| d != 0) {
        quotient.checked_add(1)
    } else {
        Some(quotient)
    }
}

/// `n / d` rounded away from zero, the rounding upstream's `ScaledValue` applies to parsed
/// quantities ("-1500m" has Value() -2, "1500m" has Value() 2).
fn div_away_from_zero(n: i128, d: i128) -> i128 {
    let q = n / d;
    if n % d == 0 {
        q
    } else if n > 0 {
        q + 1
    } else {
        q - 1
    }
}

impl Quantity {
    /// Parses a quantity as the API server does (`ParseQuantity`). No surrounding
    /// whitespace is allowed here; the JSON decoder trims it first, as upstream's
    /// `UnmarshalJSON` does.
    ///
    /// Differences from upstream, all on inputs no manifest should contain: inputs longer
    /// than [`MAX_QUANTITY_LEN`] and values above about 1.7e29 are rejected (upstream keeps
    /// arbitrary precision), and a decimal exponent is never truncated to 32 bits.
    pub fn parse(s: &str) -> Result<Quantity, Error> {
        if s.is_empty() {
            return Err(err_format_wrong(s));
        }
        if s.len() > MAX_QUANTITY_LEN {
            return Err(err(
                s,
                format!("quantities longer than {MAX_QUANTITY_LEN} characters are not accepted"),
            ));
        }
        let parts = split(s).ok_or_else(|| err_format_wrong(s))?;
        let (multiplier, mut format) =
            interpret_suffix(parts.suffix).ok_or_else(|| err_suffix(s))?;
        let digits: Vec<u8> = parts
            .num
            .bytes()
            .chain(parts.denom.bytes())
            .map(|c| c - b'0')
            .collect();
        let denom_len = parts.denom.len() as i64;
        let magnitude = match multiplier {
            Multiplier::Ten(e) => {
                let exp10 = e.checked_sub(denom_len).ok_or_else(|| err_too_large(s))?;
                magnitude_in_nanos(digits, exp10, 0)
            }
            Multiplier::Two(e) => magnitude_in_nanos(digits, -denom_len, e),
        }
        .ok_or_else(|| err_too_large(s))?;
        let magnitude = if format == QuantityFormat::BinarySI {
            if magnitude > 0 && magnitude < NANOS_PER_UNIT {
                // Upstream shows a binary quantity below one as DecimalSI.
                format = QuantityFormat::DecimalSI;
            }
            magnitude.min(BINARY_CAP_NANOS)
        } else {
            magnitude
        };
        let nanos = if parts.negative {
            -magnitude
        } else {
            magnitude
        };
        Ok(Quantity {
            text: s.to_string(),
            nanos,
            format,
            has_digits: parts.has_digits,
        })
    }

    /// A quantity of `milli` thousandths, spelled canonically in DecimalSI ("1500m", "2").
    pub fn from_milli(milli: i128) -> Quantity {
        Quantity {
            text: canonical_text(milli, QuantityFormat::DecimalSI),
            nanos: milli.saturating_mul(NANOS_PER_MILLI),
            format: QuantityFormat::DecimalSI,
            has_digits: true,
        }
    }

    /// The text as written (without the whitespace the JSON decoder trims).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The spelling family of the text.
    pub fn format(&self) -> QuantityFormat {
        self.format
    }

    /// The exact value in nano-units (after upstream's rounding of finer values up to 1n).
    pub fn nano_value(&self) -> i128 {
        self.nanos
    }

    /// The value in thousandths, rounded away from zero (upstream `MilliValue`).
    pub fn milli_value(&self) -> i128 {
        div_away_from_zero(self.nanos, NANOS_PER_MILLI)
    }

    /// The value in whole units, rounded away from zero (upstream `Value`).
    pub fn value(&self) -> i128 {
        div_away_from_zero(self.nanos, NANOS_PER_UNIT)
    }

    /// False for spellings whose number has no digit at all ("Mi", "+", ".", "e3"): the API
    /// server reads those as zero, which is almost never what the author meant, so a lint
    /// rule can warn about them.
    pub fn has_digits(&self) -> bool {
        self.has_digits
    }

    /// True when the value is zero.
    pub fn is_zero(&self) -> bool {
        self.nanos == 0
    }

    /// The quantity rounded up to milli precision, as `SetDefaults_ResourceList` does to every
    /// resource list the API server stores. `None` when it is already exact; otherwise a new
    /// quantity in canonical spelling (`"0.1m"` becomes `"1m"`).
    pub fn rounded_to_milli(&self) -> Option<Quantity> {
        if self.nanos % NANOS_PER_MILLI == 0 {
            return None;
        }
        let milli = self.milli_value();
        let format = match self.format {
            QuantityFormat::DecimalExponent => QuantityFormat::DecimalExponent,
            _ => QuantityFormat::DecimalSI,
        };
        Some(Quantity {
            text: canonical_text(milli, format),
            nanos: milli.saturating_mul(NANOS_PER_MILLI),
            format,
            has_digits: true,
        })
    }
}

/// The canonical decimal spelling of `milli` thousandths: the largest exponent that is a
/// multiple of three and loses nothing (upstream `CanonicalizeBytes` for decimal formats).
fn canonical_text(milli: i128, format: QuantityFormat) -> String {
    if milli == 0 {
        return "0".to_string();
    }
    let mut mantissa = milli;
    let mut exponent: i32 = -3;
    while mantissa % 1000 == 0 && (format == QuantityFormat::DecimalExponent || exponent < 18) {
        mantissa /= 1000;
        exponent += 3;
    }
    let suffix = match format {
        QuantityFormat::DecimalExponent if exponent == 0 => String::new(),
        QuantityFormat::DecimalExponent => format!("e{exponent}"),
        _ => match exponent {
            -3 => "m",
            0 => "",
            3 => "k",
            6 => "M",
            9 => "G",
            12 => "T",
            15 => "P",
            _ => "E",
        }
        .to_string(),
    };
    format!("{mantissa}{suffix}")
}

impl std::str::FromStr for Quantity {
    type Err = Error;
    fn from_str(s: &str) -> Result<Quantity, Error> {
        Quantity::parse(s)
    }
}

impl Default for Quantity {
    fn default() -> Quantity {
        Quantity {
            text: "0".to_string(),
            nanos: 0,
            format: QuantityFormat::DecimalSI,
            has_digits: true,
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Quantity) -> bool {
        self.nanos == other.nanos
    }
}

impl Eq for Quantity {}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Quantity) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quantity {
    fn cmp(&self, other: &Quantity) -> Ordering {
        self.nanos.cmp(&other.nanos)
    }
}

impl Hash for Quantity {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.nanos.hash(state);
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Quantity, D::Error> {
        deserializer.deserialize_any(QuantityVisitor)
    }
}

struct QuantityVisitor;

impl QuantityVisitor {
    fn parse<E: de::Error>(text: &str) -> Result<Quantity, E> {
        Quantity::parse(text.trim()).map_err(|e| match e {
            Error::Quantity { input, reason } => {
                E::custom(format!("quantity {input:?} is invalid: {reason}"))
            }
            other => E::custom(other.to_string()),
        })
    }
}

impl Visitor<'_> for QuantityVisitor {
    type Value = Quantity;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a quantity such as \"500m\" or \"1Gi\", or a number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Quantity, E> {
        Self::parse(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quantity, E> {
        Self::parse(&v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
        Self::parse(&v.to_string())
    }

    /// YAML `cpu: 0.5` reaches us as a JSON number. Rust prints an f64 in the shortest
    /// form that reads back as the same number, which is the literal the user wrote for
    /// every ordinary value; the text is then parsed with integers only.
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Quantity, E> {
        if !v.is_finite() {
            return Err(E::custom(format!("quantity {v} is not a finite number")));
        }
        Self::parse(&v.to_string())
    }

    /// JSON null decodes to zero, as upstream's `UnmarshalJSON` does.
    fn visit_unit<E: de::Error>(self) -> Result<Quantity, E> {
        Ok(Quantity::default())
    }
}

#[cfg(test)]
#[path = "quantity_tests.rs"]
mod tests;
