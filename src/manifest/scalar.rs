//! Plain-scalar resolution as Kubernetes reads YAML.
//!
//! Kubernetes converts YAML to JSON with sigs.k8s.io/yaml, whose goyaml.v2 fork follows
//! YAML 1.1: `yes`, `no`, `on`, `off`, `y` and `n` are booleans, `0777` is octal, `1_000`
//! is an integer. Mirrors `resolve` in goyaml.v2/resolve.go; timestamps stay strings, as
//! goyaml.v2 keeps them when decoding into `interface{}`.

/// The resolved value of a plain scalar.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str,
}

/// The booleans that only YAML 1.1 knows (`yes`, `no`, `on`, `off`, `y`, `n`), which
/// surprise students who meant a string.
pub fn yaml11_only_bool(text: &str) -> Option<bool> {
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

/// Resolves the text of an untagged plain scalar.
pub fn resolve_plain(text: &str) -> Scalar {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "true" | "True" | "TRUE" => return Scalar::Bool(true),
        "false" | "False" | "FALSE" => return Scalar::Bool(false),
        ".nan" | ".NaN" | ".NAN" => return Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Scalar::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Scalar::Float(f64::NEG_INFINITY),
        _ => {}
    }
    if let Some(b) = yaml11_only_bool(text) {
        return Scalar::Bool(b);
    }
    match text.as_bytes()[0] {
        b'.' => parse_float(text).map_or(Scalar::Str, Scalar::Float),
        b'0'..=b'9' | b'+' | b'-' => resolve_number(text),
        _ => Scalar::Str,
    }
}

/// Numbers and number-like text starting with a digit or a sign.
fn resolve_number(text: &str) -> Scalar {
    if looks_like_timestamp(text) {
        return Scalar::Str;
    }
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    if let Some(i) = parse_go_int(&plain) {
        return Scalar::Int(i);
    }
    if is_yaml_float(&plain) {
        if let Some(f) = parse_float(&plain) {
            return Scalar::Float(f);
        }
    }
    Scalar::Str
}

/// Go's `strconv.ParseInt(s, 0, 64)`: an optional sign, then `0x`, `0o`, `0b`, a leading
/// `0` (octal) or decimal digits. Values beyond i64 are not integers here.
fn parse_go_int(s: &str) -> Option<i64> {
    let (negative, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(digits, radix).ok()?;
    let value = if negative { -magnitude } else { magnitude };
    i64::try_from(value).ok()
}

/// goyaml.v2's float pattern: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

fn parse_float(s: &str) -> Option<f64> {
    if !s
        .bytes()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    s.parse::<f64>().ok()
}

/// The quick check of goyaml.v2's `parseTimestamp`: four digits and a dash, then one of
/// its accepted layouts (date, or date and time).
fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 8 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let (date, time) = match s.find(['T', 't', ' ']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let date_ok = parts.len() == 3
        && parts[1].len() <= 2
        && parts[2].len() <= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()));
    date_ok && time.is_none_or(|t| t.contains(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_goyaml_v2() {
        let cases: &[(&str, Scalar)] = &[
            ("", Scalar::Null),
            ("~", Scalar::Null),
            ("null", Scalar::Null),
            ("yes", Scalar::Bool(true)),
            ("Y", Scalar::Bool(true)),
            ("on", Scalar::Bool(true)),
            ("ON", Scalar::Bool(true)),
            ("no", Scalar::Bool(false)),
            ("n", Scalar::Bool(false)),
            ("off", Scalar::Bool(false)),
            ("Off", Scalar::Bool(false)),
            ("true", Scalar::Bool(true)),
            ("FALSE", Scalar::Bool(false)),
            ("yEs", Scalar::Str),
            ("3", Scalar::Int(3)),
            ("-3", Scalar::Int(-3)),
            ("+3", Scalar::Int(3)),
            ("0777", Scalar::Int(511)),
            ("0o17", Scalar::Int(15)),
            ("0x1F", Scalar::Int(31)),
            ("0b101", Scalar::Int(5)),
            ("1_000", Scalar::Int(1000)),
            ("08", Scalar::Float(8.0)),
            ("1e3", Scalar::Float(1000.0)),
            ("129e6", Scalar::Float(129e6)),
            ("0.5", Scalar::Float(0.5)),
            (".5", Scalar::Float(0.5)),
            ("1.", Scalar::Float(1.0)),
            ("500m", Scalar::Str),
            ("1Gi", Scalar::Str),
            ("1.21", Scalar::Float(1.21)),
            ("1.21.0", Scalar::Str),
            ("2026-01-05", Scalar::Str),
            ("2026-01-05T10:00:00Z", Scalar::Str),
            ("10:30", Scalar::Str),
            ("nginx", Scalar::Str),
            ("-", Scalar::Str),
            ("+", Scalar::Str),
            (".", Scalar::Str),
            ("99999999999999999999", Scalar::Float(1e20)),
        ];
        for (text, expected) in cases {
            assert_eq!(&resolve_plain(text), expected, "resolving {text:?}");
        }
    }

    #[test]
    fn nan_and_infinities() {
        assert!(matches!(resolve_plain(".nan"), Scalar::Float(f) if f.is_nan()));
        assert_eq!(resolve_plain("-.inf"), Scalar::Float(f64::NEG_INFINITY));
    }
}
