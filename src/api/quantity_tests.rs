use super::*;
use proptest::prelude::*;

const KI: i128 = 1024;
const MI: i128 = KI * 1024;
const GI: i128 = MI * 1024;

/// (input, value in nano-units)
const VALID: &[(&str, i128)] = &[
    ("0", 0),
    ("-0", 0),
    ("+0", 0),
    ("000", 0),
    ("0m", 0),
    ("0Gi", 0),
    ("1", 1_000_000_000),
    ("+1", 1_000_000_000),
    ("-1", -1_000_000_000),
    ("01", 1_000_000_000),
    ("1.", 1_000_000_000),
    (".5", 500_000_000),
    ("0.5", 500_000_000),
    ("-.5", -500_000_000),
    ("1.5", 1_500_000_000),
    ("500m", 500_000_000),
    ("100m", 100_000_000),
    ("1m", 1_000_000),
    ("0.1m", 100_000),
    ("1u", 1_000),
    ("1n", 1),
    ("1.5n", 2),
    ("-1.5n", -2),
    ("0.0000000001", 1),
    ("1e-3", 1_000_000),
    ("1E-3", 1_000_000),
    ("1e-12", 1),
    ("1e-999999", 1),
    ("-1e-999999", -1),
    ("129e6", 129_000_000 * 1_000_000_000),
    ("129e+6", 129_000_000 * 1_000_000_000),
    ("1e3", 1_000 * 1_000_000_000),
    ("1E3", 1_000 * 1_000_000_000),
    ("1e0", 1_000_000_000),
    ("1.5e3", 1_500 * 1_000_000_000),
    ("128974848", 128_974_848 * 1_000_000_000),
    (
        "123456789012345678",
        123_456_789_012_345_678 * 1_000_000_000,
    ),
    ("1k", 1_000 * 1_000_000_000),
    ("1M", 1_000_000 * 1_000_000_000),
    ("1G", 1_000_000_000 * 1_000_000_000),
    ("1T", 1_000_000_000_000 * 1_000_000_000),
    ("1P", 1_000_000_000_000_000 * 1_000_000_000),
    ("1E", 1_000_000_000_000_000_000 * 1_000_000_000),
    ("1.G", 1_000_000_000 * 1_000_000_000),
    ("1Ki", KI * 1_000_000_000),
    ("1.5Ki", 1536 * 1_000_000_000),
    ("0.5Ki", 512 * 1_000_000_000),
    ("1Mi", MI * 1_000_000_000),
    ("128Mi", 128 * MI * 1_000_000_000),
    ("1Gi", GI * 1_000_000_000),
    ("1.5Gi", 1536 * MI * 1_000_000_000),
    ("1Ti", GI * KI * 1_000_000_000),
    ("1Pi", GI * MI * 1_000_000_000),
    ("1Ei", GI * GI * 1_000_000_000),
    ("-1Gi", -GI * 1_000_000_000),
    ("0.001Ki", 1_024_000_000),
    // BinarySI is capped at 2^63-1 (upstream maxAllowed).
    ("8Ei", (i64::MAX as i128) * 1_000_000_000),
    ("100Ei", (i64::MAX as i128) * 1_000_000_000),
    ("-100Ei", -(i64::MAX as i128) * 1_000_000_000),
    // DecimalSI is not capped.
    ("100E", 100_000_000_000_000_000_000 * 1_000_000_000),
    // Upstream's scanner accepts a mantissa without digits as zero (a frozen upstream
    // behaviour, see quantity_exact_policy_test.go "parserLeniencyRef").
    ("Mi", 0),
    ("m", 0),
    ("+", 0),
    ("-", 0),
    (".", 0),
    ("e3", 0),
];

const INVALID: &[(&str, &str)] = &[
    ("", "regular expression"),
    ("1.5.5", "regular expression"),
    ("10 Mi", "regular expression"),
    (" 1", "regular expression"),
    ("1 ", "regular expression"),
    ("1x", "regular expression"),
    ("abc", "regular expression"),
    ("1Mi1", "suffix"),
    ("1mi", "suffix"),
    ("1MI", "regular expression"),
    ("1KI", "regular expression"),
    ("1K", "suffix"),
    ("1ki", "suffix"),
    ("1i", "suffix"),
    ("--1", "suffix"),
    ("+-1", "suffix"),
    ("1e", "suffix"),
    ("1e+", "suffix"),
    ("1ee3", "suffix"),
    ("1e3.5", "regular expression"),
    ("1.0.0Mi", "regular expression"),
    ("0x10", "regular expression"),
    ("1_000", "regular expression"),
    ("½", "regular expression"),
    ("1e99999999999999999999", "suffix"),
    ("1e40", "too large"),
    ("1e30", "too large"),
    ("999999999999999999999999999999999", "too large"),
];

#[test]
fn valid_quantities_have_exact_values() {
    for &(input, nanos) in VALID {
        let q = Quantity::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(q.nano_value(), nanos, "nano value of {input:?}");
        assert_eq!(q.as_str(), input, "text of {input:?}");
    }
}

#[test]
fn invalid_quantities_are_rejected_with_reason() {
    for &(input, reason) in INVALID {
        match Quantity::parse(input) {
            Err(Error::Quantity {
                input: got,
                reason: why,
            }) => {
                assert_eq!(got, input);
                assert!(why.contains(reason), "{input:?}: {why:?} lacks {reason:?}");
            }
            other => panic!("{input:?}: expected an error, got {other:?}"),
        }
    }
}

#[test]
fn digitless_spellings_are_flagged() {
    for (input, has_digits) in [
        ("Mi", false),
        ("+", false),
        (".", false),
        ("e3", false),
        ("e30", false),
        ("-m", false),
        ("0", true),
        ("00Mi", true),
        ("0.0", true),
        (".5", true),
        ("1Gi", true),
    ] {
        let q = Quantity::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(q.has_digits(), has_digits, "{input:?}");
    }
}

#[test]
fn overly_long_input_is_rejected() {
    let long = "1".repeat(MAX_QUANTITY_LEN + 1);
    let e = Quantity::parse(&long).err().map(|e| e.to_string());
    assert!(e.is_some_and(|m| m.contains("longer than")));
}

#[test]
fn error_message_quotes_upstream_regex() {
    let msg = Quantity::parse("1.5.5").err().map(|e| e.to_string());
    assert_eq!(
        msg.as_deref(),
        Some(
            "quantity \"1.5.5\" is invalid: quantities must match the regular expression \
             '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        )
    );
}

/// (input, MilliValue(), Value())
const ROUNDING: &[(&str, i128, i128)] = &[
    ("1", 1000, 1),
    ("1500m", 1500, 2),
    ("1001m", 1001, 2),
    ("999m", 999, 1),
    ("0.1m", 1, 1),
    ("1n", 1, 1),
    ("0", 0, 0),
    ("-1500m", -1500, -2),
    ("-0.1m", -1, -1),
    ("2.5", 2500, 3),
    ("1Ki", 1_024_000, 1024),
    ("1.5Ki", 1_536_000, 1536),
    ("0.001Ki", 1024, 2),
    ("1e-3", 1, 1),
];

#[test]
fn milli_value_and_value_round_away_from_zero() {
    for &(input, milli, value) in ROUNDING {
        let q = Quantity::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(q.milli_value(), milli, "MilliValue of {input:?}");
        assert_eq!(q.value(), value, "Value of {input:?}");
    }
}

#[test]
fn formats_follow_the_suffix() {
    let rows = [
        ("1", QuantityFormat::DecimalSI),
        ("1m", QuantityFormat::DecimalSI),
        ("1k", QuantityFormat::DecimalSI),
        ("1Ki", QuantityFormat::BinarySI),
        ("1e3", QuantityFormat::DecimalExponent),
        ("1E", QuantityFormat::DecimalSI),
        // A binary quantity below one is shown as DecimalSI upstream.
        ("0.0001Ki", QuantityFormat::DecimalSI),
    ];
    for (input, format) in rows {
        let q = Quantity::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(q.format(), format, "{input:?}");
    }
}

#[test]
fn equality_compares_values() {
    let a = Quantity::parse("1").ok();
    let b = Quantity::parse("1000m").ok();
    assert!(a.is_some());
    assert_eq!(a, b);
    let small = Quantity::parse("999m").ok();
    assert!(small < a);
}

#[test]
fn rounding_to_milli_mirrors_resource_list_defaulting() {
    let rows = [
        ("0.1m", Some("1m")),
        ("1500m", None),
        ("1.0001m", Some("2m")),
        ("1000.5m", Some("1001m")),
        ("0.9999", Some("1")),
        ("1e-4", Some("1e-3")),
        ("1n", Some("1m")),
        ("1Ki", None),
    ];
    for (input, expected) in rows {
        let q = Quantity::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        let rounded = q.rounded_to_milli();
        assert_eq!(
            rounded.as_ref().map(Quantity::as_str),
            expected,
            "{input:?}"
        );
        if let Some(r) = rounded {
            assert_eq!(r.nano_value() % 1_000_000, 0);
            assert!(r >= q);
        }
    }
}

#[test]
fn from_milli_is_canonical() {
    let rows = [
        (0, "0"),
        (1, "1m"),
        (1500, "1500m"),
        (2000, "2"),
        (2_000_000, "2k"),
        (-3000, "-3"),
    ];
    for (milli, text) in rows {
        let q = Quantity::from_milli(milli);
        assert_eq!(q.as_str(), text);
        assert_eq!(q.milli_value(), milli);
    }
}

#[test]
fn serde_reads_strings_and_numbers_and_writes_the_text() {
    let rows = [
        (r#""500m""#, "500m", 500),
        (r#"" 1Gi ""#, "1Gi", GI * 1000),
        ("2", "2", 2000),
        ("0.5", "0.5", 500),
        ("-3", "-3", -3000),
        ("1.25", "1.25", 1250),
        ("null", "0", 0),
    ];
    for (json, text, milli) in rows {
        let q: Quantity = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
        assert_eq!(q.as_str(), text, "{json}");
        assert_eq!(q.milli_value(), milli, "{json}");
        let back = serde_json::to_string(&q).ok();
        assert_eq!(back, Some(format!("\"{text}\"")));
    }
}

#[test]
fn serde_rejects_bad_values_with_the_reason() {
    for json in [r#""1.5.5""#, "true", "[]", r#""10 Mi""#] {
        let r: Result<Quantity, _> = serde_json::from_str(json);
        assert!(r.is_err(), "{json}");
    }
    let r: Result<Quantity, _> = serde_json::from_str(r#""1mi""#);
    let msg = r.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains("unable to parse quantity's suffix"), "{msg}");
}

fn suffix_strategy() -> impl Strategy<Value = (&'static str, i128)> {
    prop::sample::select(vec![
        ("", 1_000_000_000i128),
        ("n", 1),
        ("u", 1_000),
        ("m", 1_000_000),
        ("k", 1_000_000_000_000),
        ("M", 1_000_000_000_000_000),
        ("G", 1_000_000_000_000_000_000),
        ("T", 1_000_000_000_000_000_000_000),
        ("Ki", KI * 1_000_000_000),
        ("Mi", MI * 1_000_000_000),
        ("Gi", GI * 1_000_000_000),
        ("Ti", GI * KI * 1_000_000_000),
        ("e3", 1_000_000_000_000),
        ("e-3", 1_000_000),
        ("E6", 1_000_000_000_000_000),
    ])
}

proptest! {
    #[test]
    fn integers_with_suffixes_round_trip(n in -1_000_000i64..1_000_000, (suffix, nanos) in suffix_strategy()) {
        let text = format!("{n}{suffix}");
        let q = Quantity::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let expected = i128::from(n) * nanos;
        prop_assert_eq!(q.nano_value(), expected);
        prop_assert_eq!(q.milli_value(), div_away_from_zero(expected, 1_000_000));
        prop_assert_eq!(q.as_str(), text.as_str());
        let json = serde_json::to_string(&q).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: Quantity = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back.nano_value(), expected);
    }

    #[test]
    fn decimal_fractions_are_exact(whole in 0u32..100_000, frac in 0u32..1000) {
        let text = format!("{whole}.{frac:03}");
        let q = Quantity::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(q.milli_value(), i128::from(whole) * 1000 + i128::from(frac));
    }

    #[test]
    fn no_input_panics(s in "\\PC{0,40}") {
        let _ = Quantity::parse(&s);
    }

    #[test]
    fn no_quantity_like_input_panics(s in "[-+0-9.eEinumkKMGTP]{0,60}") {
        if let Ok(q) = Quantity::parse(&s) {
            // Whatever parses keeps its text and has consistent derived values.
            prop_assert_eq!(q.as_str(), s.as_str());
            prop_assert!(q.milli_value().abs() >= q.value().abs());
        }
    }
}
