//! `IntOrString`: a field that holds either an integer or a string, such as a Deployment's
//! `maxSurge` ("25%" or 1) or a Service's `targetPort` (8080 or "http").
//!
//! Mirrors staging/src/k8s.io/apimachinery/pkg/util/intstr/intstr.go.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An int32 or a string, written in JSON as whichever it holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IntOrString {
    Int(i32),
    String(String),
}

impl Default for IntOrString {
    fn default() -> IntOrString {
        IntOrString::Int(0)
    }
}

impl From<i32> for IntOrString {
    fn from(v: i32) -> IntOrString {
        IntOrString::Int(v)
    }
}

impl From<&str> for IntOrString {
    fn from(v: &str) -> IntOrString {
        IntOrString::String(v.to_string())
    }
}

impl fmt::Display for IntOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntOrString::Int(i) => write!(f, "{i}"),
            IntOrString::String(s) => f.write_str(s),
        }
    }
}

/// Go's `strconv.Atoi` on a 64-bit platform, with its error text.
fn atoi(s: &str) -> Result<i64, String> {
    s.parse::<i64>().map_err(|e| {
        let why = match e.kind() {
            std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                "value out of range"
            }
            _ => "invalid syntax",
        };
        format!("strconv.Atoi: parsing {s:?}: {why}")
    })
}

impl IntOrString {
    /// The integer, or the string read as an integer (0 when it is not one).
    /// Mirrors `IntOrString.IntValue`.
    pub fn int_value(&self) -> i64 {
        match self {
            IntOrString::Int(i) => i64::from(*i),
            IntOrString::String(s) => atoi(s).unwrap_or(0),
        }
    }

    /// True for a string ending in `%`.
    pub fn is_percent(&self) -> bool {
        matches!(self, IntOrString::String(s) if s.ends_with('%'))
    }

    /// An integer as is, or a percentage of `total` rounded up or down.
    ///
    /// Mirrors `GetScaledValueFromIntOrPercent` (and `getIntOrPercentValueSafely`): a
    /// string must end in `%` and the rest must be an integer as Go's `Atoi` reads it
    /// ("+5%" and "-5%" are accepted, "5.5%" and " 5%" are not). Upstream computes the
    /// percentage in float64; integer arithmetic gives the same result for every value
    /// a float64 holds exactly. A result outside int32 is an error rather than wrapping.
    pub fn scaled_value(&self, total: i32, round_up: bool) -> Result<i32, String> {
        const PREFIX: &str = "invalid value for IntOrString";
        let (value, is_percent) = match self {
            IntOrString::Int(i) => (i64::from(*i), false),
            IntOrString::String(s) => {
                let Some(number) = s.strip_suffix('%') else {
                    return Err(format!(
                        "{PREFIX}: invalid type: string is not a percentage"
                    ));
                };
                let v = atoi(number).map_err(|e| format!("{PREFIX}: invalid value {s:?}: {e}"))?;
                (v, true)
            }
        };
        let result = if is_percent {
            let product = i128::from(value) * i128::from(total);
            let floor = product.div_euclid(100);
            if round_up && product.rem_euclid(100) != 0 {
                floor + 1
            } else {
                floor
            }
        } else {
            i128::from(value)
        };
        i32::try_from(result).map_err(|_| format!("{PREFIX}: {self} of {total} is out of range"))
    }
}

impl Serialize for IntOrString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            IntOrString::Int(i) => serializer.serialize_i32(*i),
            IntOrString::String(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for IntOrString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<IntOrString, D::Error> {
        deserializer.deserialize_any(IntOrStringVisitor)
    }
}

struct IntOrStringVisitor;

impl IntOrStringVisitor {
    fn int<E: de::Error>(v: i128) -> Result<IntOrString, E> {
        i32::try_from(v)
            .map(IntOrString::Int)
            .map_err(|_| E::custom(format!("{v} is out of range for an int32")))
    }
}

impl Visitor<'_> for IntOrStringVisitor {
    type Value = IntOrString;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an int32 or a string")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<IntOrString, E> {
        Self::int(i128::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<IntOrString, E> {
        Self::int(i128::from(v))
    }

    /// A JSON number with a fraction or exponent is not an int32, as in Go.
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<IntOrString, E> {
        Err(E::custom(format!(
            "{v} is not an integer; expected an int32 or a string"
        )))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<IntOrString, E> {
        Ok(IntOrString::String(v.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn scaled_value_never_panics(text in "\\PC{0,12}", total in any::<i32>(), round_up in any::<bool>()) {
            let _ = IntOrString::String(text).scaled_value(total, round_up);
        }

        #[test]
        fn percentages_stay_between_floor_and_ceiling(percent in 0i32..=100, total in 0i32..100_000) {
            let v = IntOrString::String(format!("{percent}%"));
            let down = v.scaled_value(total, false).map_err(TestCaseError::fail)?;
            let up = v.scaled_value(total, true).map_err(TestCaseError::fail)?;
            prop_assert!(down <= up && up - down <= 1);
            prop_assert!(i64::from(down) * 100 <= i64::from(percent) * i64::from(total));
            prop_assert!(i64::from(up) * 100 >= i64::from(percent) * i64::from(total));
        }
    }

    fn s(v: &str) -> IntOrString {
        IntOrString::String(v.to_string())
    }

    #[test]
    fn scaled_values_match_upstream() {
        // (value, total, round_up, expected)
        let rows: Vec<(IntOrString, i32, bool, i32)> = vec![
            (IntOrString::Int(3), 10, false, 3),
            (IntOrString::Int(3), 10, true, 3),
            (IntOrString::Int(-1), 10, true, -1),
            (IntOrString::Int(0), 0, true, 0),
            (s("25%"), 10, true, 3),
            (s("25%"), 10, false, 2),
            (s("25%"), 4, true, 1),
            (s("25%"), 4, false, 1),
            (s("25%"), 1, true, 1),
            (s("25%"), 1, false, 0),
            (s("0%"), 10, true, 0),
            (s("100%"), 7, false, 7),
            (s("150%"), 4, false, 6),
            (s("33%"), 3, true, 1),
            (s("33%"), 3, false, 0),
            (s("1%"), 0, true, 0),
            (s("+5%"), 100, false, 5),
            (s("-10%"), 15, false, -2),
            (s("-10%"), 15, true, -1),
            (s("007%"), 100, false, 7),
            (s("50%"), 5, true, 3),
            (s("50%"), 5, false, 2),
        ];
        for (value, total, round_up, expected) in rows {
            assert_eq!(
                value.scaled_value(total, round_up),
                Ok(expected),
                "{value} of {total}, round_up={round_up}"
            );
        }
    }

    #[test]
    fn scaled_value_errors_match_upstream() {
        let rows = [
            (
                s("5"),
                "invalid value for IntOrString: invalid type: string is not a percentage",
            ),
            (
                s("abc"),
                "invalid value for IntOrString: invalid type: string is not a percentage",
            ),
            (
                s(""),
                "invalid value for IntOrString: invalid type: string is not a percentage",
            ),
            (
                s("abc%"),
                "invalid value for IntOrString: invalid value \"abc%\": strconv.Atoi: parsing \"abc\": invalid syntax",
            ),
            (
                s("5.5%"),
                "invalid value for IntOrString: invalid value \"5.5%\": strconv.Atoi: parsing \"5.5\": invalid syntax",
            ),
            (
                s("%"),
                "invalid value for IntOrString: invalid value \"%\": strconv.Atoi: parsing \"\": invalid syntax",
            ),
            (
                s(" 5%"),
                "invalid value for IntOrString: invalid value \" 5%\": strconv.Atoi: parsing \" 5\": invalid syntax",
            ),
            (
                s("99999999999999999999%"),
                "invalid value for IntOrString: invalid value \"99999999999999999999%\": strconv.Atoi: parsing \"99999999999999999999\": value out of range",
            ),
        ];
        for (value, message) in rows {
            assert_eq!(
                value.scaled_value(10, true),
                Err(message.to_string()),
                "{value}"
            );
        }
        assert!(s("9999999999%").scaled_value(1000, true).is_err());
    }

    #[test]
    fn int_value_reads_strings_like_atoi() {
        assert_eq!(IntOrString::Int(7).int_value(), 7);
        assert_eq!(s("42").int_value(), 42);
        assert_eq!(s("http").int_value(), 0);
        assert!(s("25%").is_percent());
        assert!(!IntOrString::Int(25).is_percent());
    }

    #[test]
    fn serde_round_trips_both_forms() {
        let rows = [
            ("1", IntOrString::Int(1)),
            ("-2", IntOrString::Int(-2)),
            ("2147483647", IntOrString::Int(i32::MAX)),
            (r#""25%""#, s("25%")),
            (r#""http""#, s("http")),
            (r#""1""#, s("1")),
        ];
        for (json, expected) in rows {
            let got: IntOrString =
                serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(got, expected);
            assert_eq!(serde_json::to_string(&got).ok().as_deref(), Some(json));
        }
        for bad in ["2147483648", "1.5", "true", "null", "[]"] {
            let r: Result<IntOrString, _> = serde_json::from_str(bad);
            assert!(r.is_err(), "{bad}");
        }
    }
}
