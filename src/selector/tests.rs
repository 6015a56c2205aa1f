//! Table-driven and property tests for label selectors. Expected messages are upstream's
//! (apimachinery v0.36) wording, assembled from the same pieces the API server uses.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::api::meta::LabelSelector;

const KEY_REGEX: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', \
    and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or \
    '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_REGEX: &str = "a valid label must be an empty string or consist of alphanumeric \
    characters, '-', '_' or '.', and must start and end with an alphanumeric character \
    (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is \
    '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/// A label set written as pairs, for table rows.
type Pairs = &'static [(&'static str, &'static str)];

/// A table row: what a constructor returned, and what it should have.
type ConstructorRow = (Result<String, Error>, Result<&'static str, String>);

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn label_selector(json: &str) -> LabelSelector {
    match serde_json::from_str(json) {
        Ok(sel) => sel,
        Err(e) => panic!("bad test JSON {json}: {e}"),
    }
}

#[test]
fn matching() {
    let cases: &[(&str, Pairs, bool)] = &[
        ("", &[], true),
        ("", &[("x", "y")], true),
        ("x=y", &[("x", "y")], true),
        ("x=y", &[("x", "z")], false),
        ("x=y", &[], false),
        ("x==y", &[("x", "y")], true),
        ("x==y", &[("x", "z")], false),
        ("x!=y", &[], true),
        ("x!=y", &[("x", "y")], false),
        ("x!=y", &[("x", "z")], true),
        ("x=", &[("x", "")], true),
        ("x=", &[], false),
        ("x!=", &[], true),
        ("x in (a,b)", &[("x", "a")], true),
        ("x in (a,b)", &[("x", "b")], true),
        ("x in (a,b)", &[("x", "c")], false),
        ("x in (a,b)", &[], false),
        ("x in ()", &[("x", "")], true),
        ("x in ()", &[("x", "a")], false),
        ("x notin (a,b)", &[], true),
        ("x notin (a,b)", &[("x", "a")], false),
        ("x notin (a,b)", &[("x", "c")], true),
        ("x", &[("x", "")], true),
        ("x", &[("y", "x")], false),
        ("!x", &[], true),
        ("!x", &[("y", "1")], true),
        ("!x", &[("x", "")], false),
        ("x>1", &[("x", "2")], true),
        ("x>1", &[("x", "1")], false),
        ("x>1", &[("x", "0")], false),
        ("x>1", &[("x", "a")], false),
        ("x>1", &[("x", "99999999999999999999")], false),
        ("x>1", &[], false),
        ("x<1", &[("x", "0")], true),
        ("x<1", &[("x", "-5")], true),
        ("x<1", &[("x", "1")], false),
        ("x<1", &[], false),
        ("x>01", &[("x", "2")], true),
        ("notin=in", &[("notin", "in")], true),
        ("app=nginx,tier!=db", &[("app", "nginx")], true),
        (
            "app=nginx,tier!=db",
            &[("app", "nginx"), ("tier", "web")],
            true,
        ),
        (
            "app=nginx,tier!=db",
            &[("app", "nginx"), ("tier", "db")],
            false,
        ),
        ("app=nginx,tier!=db", &[("tier", "web")], false),
        ("env in (a,b),!legacy", &[("env", "a")], true),
        (
            "env in (a,b),!legacy",
            &[("env", "a"), ("legacy", "1")],
            false,
        ),
        ("a=1,a!=1", &[("a", "1")], false),
    ];
    for (input, set, want) in cases {
        let sel = parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(sel.matches(&labels(set)), *want, "{input:?} on {set:?}");
    }
}

#[test]
fn everything_and_nothing() {
    let some = labels(&[("a", "b")]);
    let cases = [
        (Selector::everything(), true, true, false, ""),
        (Selector::nothing(), false, false, true, ""),
        (
            Selector::from_requirements(Vec::new()),
            true,
            true,
            false,
            "",
        ),
        (Selector::from_set(&BTreeMap::new()), true, true, false, ""),
        (Selector::from_set(&some), true, false, false, "a=b"),
    ];
    for (sel, matches, empty, nothing, shown) in cases {
        assert_eq!(sel.matches(&some), matches, "{sel:?}");
        assert_eq!(sel.is_empty(), empty, "{sel:?}");
        assert_eq!(sel.matches_nothing(), nothing, "{sel:?}");
        assert_eq!(sel.to_string(), shown, "{sel:?}");
    }
    assert!(!Selector::nothing().matches(&BTreeMap::new()));
    assert!(Selector::everything().matches(&BTreeMap::new()));
}

#[test]
fn requires_exact_match() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("a=1", "a", Some("1")),
        ("a==1", "a", Some("1")),
        ("a in (1)", "a", Some("1")),
        ("a in (1,2)", "a", None),
        ("a!=1", "a", None),
        ("a", "a", None),
        ("a=1", "b", None),
    ];
    for (input, key, want) in cases {
        let sel = parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(sel.requires_exact_match(key), *want, "{input:?} / {key}");
    }
}

#[test]
fn label_selector_conversion() {
    let err = |reason: &str| Err(reason.to_string());
    let cases: Vec<(&str, Result<&str, String>)> = vec![
        ("{}", Ok("")),
        (r#"{"matchLabels":{}}"#, Ok("")),
        (r#"{"matchExpressions":[]}"#, Ok("")),
        (r#"{"matchLabels":{"tier":"fe","app":"web"}}"#, Ok("app=web,tier=fe")),
        (r#"{"matchLabels":{"app":""}}"#, Ok("app=")),
        (
            r#"{"matchLabels":{"z":"1"},"matchExpressions":[{"key":"a","operator":"In","values":["y","x"]}]}"#,
            Ok("a in (x,y),z=1"),
        ),
        (
            r#"{"matchExpressions":[{"key":"c","operator":"DoesNotExist"},{"key":"a","operator":"NotIn","values":["x"]},{"key":"b","operator":"Exists","values":[]}]}"#,
            Ok("a notin (x),b,!c"),
        ),
        (
            r#"{"matchLabels":{"a":"1"},"matchExpressions":[{"key":"a","operator":"NotIn","values":["2"]}]}"#,
            Ok("a=1,a notin (2)"),
        ),
        (
            r#"{"matchExpressions":[{"key":"app.kubernetes.io/name","operator":"In","values":["web"]}]}"#,
            Ok("app.kubernetes.io/name in (web)"),
        ),
        (
            r#"{"matchExpressions":[{"key":"a","operator":"in","values":["x"]}]}"#,
            err(r#""in" is not a valid label selector operator"#),
        ),
        (
            r#"{"matchExpressions":[{"key":"a","operator":""}]}"#,
            err(r#""" is not a valid label selector operator"#),
        ),
        (
            r#"{"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]}"#,
            err(r#""Gt" is not a valid label selector operator"#),
        ),
        (
            r#"{"matchExpressions":[{"key":"a","operator":"In"}]}"#,
            err("values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"),
        ),
        (
            r#"{"matchExpressions":[{"key":"a","operator":"NotIn","values":[]}]}"#,
            err("values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"),
        ),
        (
            r#"{"matchExpressions":[{"key":"a","operator":"Exists","values":["x","<y>"]}]}"#,
            err(&format!(
                "[values: Invalid value: [\"x\",\"\\u003cy\\u003e\"]: values set must be empty \
                 for exists and does not exist, values[1][a]: Invalid value: \"<y>\": {VALUE_REGEX}]"
            )),
        ),
        (
            r#"{"matchExpressions":[{"key":"a","operator":"DoesNotExist","values":["x"]}]}"#,
            err("values: Invalid value: [\"x\"]: values set must be empty for exists and does not exist"),
        ),
        (
            r#"{"matchLabels":{"bad key":"v"}}"#,
            err(&format!("key: Invalid value: \"bad key\": {KEY_REGEX}")),
        ),
        (
            r#"{"matchLabels":{"app":"bad value"}}"#,
            err(&format!("values[0][app]: Invalid value: \"bad value\": {VALUE_REGEX}")),
        ),
        (
            r#"{"matchLabels":{"-a":"-b"}}"#,
            err(&format!(
                "[key: Invalid value: \"-a\": {KEY_REGEX}, \
                 values[0][-a]: Invalid value: \"-b\": {VALUE_REGEX}]"
            )),
        ),
        (
            r#"{"matchExpressions":[{"key":"","operator":"In"}]}"#,
            err(&format!(
                "[key: Invalid value: \"\": name part must be non-empty; {KEY_REGEX}, \
                 values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty]"
            )),
        ),
        (
            r#"{"matchLabels":{"b":"ok","a/b/c":"ok"}}"#,
            err(&format!(
                "key: Invalid value: \"a/b/c\": a valid label key {} with an optional DNS \
                 subdomain prefix and '/' (e.g. 'example.com/MyName')",
                KEY_REGEX.trim_start_matches("name part ")
            )),
        ),
        (
            r#"{"matchLabels":{"x":"a\tb"},"matchExpressions":[{"key":"a","operator":"Nope"}]}"#,
            err(&format!("values[0][x]: Invalid value: \"a\\tb\": {VALUE_REGEX}")),
        ),
        (
            r#"{"matchLabels":{"a":"1"},"matchExpressions":[{"key":"a","operator":"Nope"}]}"#,
            err(r#""Nope" is not a valid label selector operator"#),
        ),
    ];
    for (json, want) in cases {
        let got = match from_label_selector(Some(&label_selector(json))) {
            Ok(sel) => Ok(sel.to_string()),
            Err(Error::LabelSelector { reason }) => Err(reason),
            Err(other) => panic!("{json}: unexpected error kind {other:?}"),
        };
        assert_eq!(got, want.map(str::to_string), "{json}");
    }
}

#[test]
fn label_selector_edges() {
    let some = labels(&[("app", "web")]);
    let nothing = from_label_selector(None).map(|s| s.matches_nothing());
    assert!(matches!(nothing, Ok(true)));
    assert!(matches!(matches(None, &some), Ok(false)));
    assert!(matches!(
        matches(Some(&LabelSelector::default()), &some),
        Ok(true)
    ));
    let sel = label_selector(r#"{"matchLabels":{"app":"web"}}"#);
    assert!(matches!(matches(Some(&sel), &some), Ok(true)));
    assert!(matches!(matches(Some(&sel), &BTreeMap::new()), Ok(false)));
    let bad = label_selector(r#"{"matchExpressions":[{"key":"a","operator":"Nope"}]}"#);
    let err = matches(Some(&bad), &some).map_err(|e| e.to_string());
    assert_eq!(
        err,
        Err(r#"invalid label selector: "Nope" is not a valid label selector operator"#.to_string())
    );
}

#[test]
fn requirement_constructor() {
    let ok = |key: &str, op: Operator, values: &[&str]| {
        Requirement::new(key, op, values.iter().map(|v| v.to_string()).collect())
            .map(|r| r.to_string())
    };
    let cases: Vec<ConstructorRow> = vec![
        (ok("x", Operator::Equals, &["a"]), Ok("x=a")),
        (ok("x", Operator::In, &["b", "a"]), Ok("x in (a,b)")),
        (ok("x", Operator::GreaterThan, &["2"]), Ok("x>2")),
        (ok("x", Operator::LessThan, &["-2"]), Err(format!("values[0][x]: Invalid value: \"-2\": {VALUE_REGEX}"))),
        (
            ok("x", Operator::GreaterThan, &[]),
            Err("values: Invalid value: null: for 'Gt', 'Lt' operators, exactly one value is required".into()),
        ),
        (
            ok("x", Operator::GreaterThan, &["a", "1"]),
            Err("[values: Invalid value: [\"a\",\"1\"]: for 'Gt', 'Lt' operators, exactly one value \
                 is required, values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value \
                 must be an integer]"
                .into()),
        ),
        (
            ok("x", Operator::NotEquals, &["a", "b"]),
            Err("values: Invalid value: [\"a\",\"b\"]: exact-match compatibility requires one single value".into()),
        ),
        (
            ok("x", Operator::DoubleEquals, &[]),
            Err("values: Invalid value: null: exact-match compatibility requires one single value".into()),
        ),
    ];
    for (got, want) in cases {
        let got = got.map_err(|e| match e {
            Error::LabelSelector { reason } => reason,
            other => panic!("unexpected error kind {other:?}"),
        });
        assert_eq!(got, want.map(str::to_string));
    }
}

#[test]
fn parse_success() {
    let cases: &[(&str, &str)] = &[
        ("", ""),
        ("   ", ""),
        ("x=a,y=b,z=c", "x=a,y=b,z=c"),
        ("x!=a,y=b", "x!=a,y=b"),
        ("x=", "x="),
        ("x= ", "x="),
        ("x=,z= ", "x=,z="),
        ("x= ,z= ", "x=,z="),
        ("!x", "!x"),
        ("x>1", "x>1"),
        ("x>1,z<5", "x>1,z<5"),
        ("x>01", "x>01"),
        ("key", "key"),
        ("a==b", "a==b"),
        ("  a  =  b  ", "a=b"),
        ("a\t!=\r\nb", "a!=b"),
        (
            "app=nginx,tier!=db,env in (a,b),!legacy",
            "app=nginx,env in (a,b),!legacy,tier!=db",
        ),
        ("env notin (x)", "env notin (x)"),
        ("env notin ( x , y )", "env notin (x,y)"),
        ("x in(a)", "x in (a)"),
        ("x in (b,a,b)", "x in (a,b)"),
        ("x in ()", "x in ()"),
        ("x in (,)", "x in ()"),
        ("x in (,,)", "x in ()"),
        ("x in (a,,b)", "x in (,a,b)"),
        ("x in (,a)", "x in (,a)"),
        ("x in (a,)", "x in (,a)"),
        (
            "x in (foo,,baz),y,z notin ()",
            "x in (,baz,foo),y,z notin ()",
        ),
        ("in in (in)", "in in (in)"),
        ("notin notin (notin,in)", "notin notin (in,notin)"),
        ("notin=in", "notin=in"),
        ("in", "in"),
        ("!notin", "!notin"),
        ("x=a,a=x", "a=x,x=a"),
        ("z,!y,x", "x,!y,z"),
        ("b=1,a=2,b!=3", "a=2,b=1,b!=3"),
        ("example.com/app=v", "example.com/app=v"),
        (
            "app.kubernetes.io/name in (web, api)",
            "app.kubernetes.io/name in (api,web)",
        ),
        ("x=A_b-c.9", "x=A_b-c.9"),
        ("\0x=1", ""),
        ("x=1\0,y", "x=1,y"),
        ("a,\0b", "a,b"),
    ];
    for (input, want) in cases {
        match parse(input) {
            Ok(sel) => assert_eq!(sel.to_string(), *want, "{input:?}"),
            Err(e) => panic!("{input:?}: {e}"),
        }
    }
}

#[test]
fn parse_structure() {
    let sel = parse("b notin (y,x), a").unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(&str, Operator, Vec<&str>)> = sel
        .requirements()
        .iter()
        .map(|r| {
            (
                r.key(),
                r.operator(),
                r.values().iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("a", Operator::Exists, vec![]),
            ("b", Operator::NotIn, vec!["x", "y"])
        ]
    );
    assert!(matches!("x=1".parse::<Selector>(), Ok(s) if s.to_string() == "x=1"));
}

#[test]
fn parse_errors() {
    let req = |s: &str| format!("unable to parse requirement: {s}");
    let ops = "expected: in, notin, =, ==, !=, gt, lt";
    let cases: Vec<(&str, usize, String)> = vec![
        ("x=a||y=b", 2, req(&format!("values[0][x]: Invalid value: \"a||y\": {VALUE_REGEX}"))),
        ("x==a==b", 4, "found '==', expected: ',' or 'end of string'".into()),
        ("!x=a", 2, "found '=', expected: ',' or 'end of string'".into()),
        ("x=a b", 4, "found 'b', expected: ',' or 'end of string'".into()),
        ("x in (a) y", 9, "found 'y', expected: ',' or 'end of string'".into()),
        (
            "x<a",
            2,
            req("values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"),
        ),
        (
            "x>",
            2,
            req("values[0]: Invalid value: \"\": for 'Gt', 'Lt' operators, the value must be an integer"),
        ),
        ("x>-1", 2, req(&format!("values[0][x]: Invalid value: \"-1\": {VALUE_REGEX}"))),
        (",", 0, "found ',', expected: !, identifier, or 'end of string'".into()),
        ("(x)", 0, "found '(', expected: !, identifier, or 'end of string'".into()),
        ("=x", 0, "found '=', expected: !, identifier, or 'end of string'".into()),
        ("!=x", 0, "found '!=', expected: !, identifier, or 'end of string'".into()),
        ("x,", 2, "found '', expected: identifier after ','".into()),
        ("x, ", 3, "found '', expected: identifier after ','".into()),
        ("x,,y", 2, "found ',', expected: identifier after ','".into()),
        ("x,(", 2, "found '(', expected: identifier after ','".into()),
        ("x y", 2, req(&format!("found 'y', {ops}"))),
        ("x (a)", 2, req(&format!("found '(', {ops}"))),
        ("x ! y", 2, req(&format!("found '!', {ops}"))),
        ("x in", 4, req("found '' expected: '('")),
        ("x in a", 5, req("found 'a' expected: '('")),
        ("x in (", 6, req("found '', expected: ',', ')' or identifier")),
        ("x in (=)", 6, req("found '=', expected: ',', ')' or identifier")),
        ("x in ((a)", 6, req("found '(', expected: ',', ')' or identifier")),
        ("x in (a", 7, req("found '', expected: ',' or ')'")),
        ("x in (a b)", 8, req("found 'b', expected: ',' or ')'")),
        ("x in (a,", 8, req("found '', expected: ',', or identifier")),
        ("x in (a,=)", 8, req("found '=', expected: ',', or identifier")),
        ("x = (a)", 4, req("found '(', expected: identifier")),
        ("x=!", 2, req("found '!', expected: identifier")),
        ("!", 1, req("found '', expected: identifier")),
        ("!!x", 1, req("found '!', expected: identifier")),
        ("!,", 1, req("found ',', expected: identifier")),
        ("-x=1", 0, req(&format!("<nil>: Invalid value: \"-x\": {KEY_REGEX}"))),
        ("a,é", 2, req(&format!("<nil>: Invalid value: \"é\": {KEY_REGEX}"))),
        (
            "Example.com/x",
            0,
            req(
                "<nil>: Invalid value: \"Example.com/x\": prefix part a lowercase RFC 1123 subdomain \
                 must consist of lower case alphanumeric characters, '-' or '.', and must start and \
                 end with an alphanumeric character (e.g. 'example.com', regex used for validation \
                 is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            ),
        ),
        (
            "/x",
            0,
            req("<nil>: Invalid value: \"/x\": prefix part must be non-empty"),
        ),
        (
            "x=1,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            4,
            req(&format!(
                "<nil>: Invalid value: \"{}\": name part must be no more than 63 bytes",
                "a".repeat(64)
            )),
        ),
        (
            "x in (ok, -bad, -worse)",
            10,
            req(&format!(
                "[values[0][x]: Invalid value: \"-bad\": {VALUE_REGEX}, \
                 values[1][x]: Invalid value: \"-worse\": {VALUE_REGEX}]"
            )),
        ),
        ("x in (日本", 8, req("found '', expected: ',' or ')'")),
        ("x in (ü,a", 9, req("found '', expected: ',' or ')'")),
        ("x=1,日本", 4, req(&format!("<nil>: Invalid value: \"日本\": {KEY_REGEX}"))),
        ("x=\"a\"", 2, req(&format!("values[0][x]: Invalid value: \"\\\"a\\\"\": {VALUE_REGEX}"))),
        ("a, \0b", 3, "found '', expected: identifier after ','".into()),
    ];
    for (input, position, reason) in cases {
        match parse(input) {
            Err(Error::Selector {
                input: got_input,
                position: got_position,
                reason: got_reason,
            }) => {
                assert_eq!(got_input, input);
                assert_eq!((got_position, got_reason), (position, reason), "{input:?}");
            }
            other => panic!("{input:?}: expected a selector error, got {other:?}"),
        }
    }
}

#[test]
fn parse_error_display() {
    let err = parse("x in (a").map_err(|e| e.to_string());
    assert_eq!(
        err,
        Err(
            "label selector \"x in (a\" is invalid at position 7: unable to parse requirement: \
             found '', expected: ',' or ')'"
                .to_string()
        )
    );
}

#[test]
fn parse_huge_inputs() {
    let many = "a=b,".repeat(100_000) + "c";
    assert!(matches!(parse(&many), Ok(s) if s.requirements().len() == 100_001));
    let parens = "(".repeat(1_000_000);
    assert!(matches!(
        parse(&parens),
        Err(Error::Selector { position: 0, .. })
    ));
    let unclosed = format!("x in ({}", "a,".repeat(100_000));
    assert!(matches!(parse(&unclosed), Err(Error::Selector { .. })));
    let long_key = "k".repeat(1_000_000);
    assert!(matches!(
        parse(&long_key),
        Err(Error::Selector { position: 0, .. })
    ));
}

// ---------------------------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------------------------

fn key_strategy() -> impl Strategy<Value = String> {
    let name = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,6}[A-Za-z0-9])?";
    prop_oneof![
        name.prop_map(|n| n),
        ("[a-z0-9]{1,4}(\\.[a-z0-9]{1,4}){0,2}", name).prop_map(|(p, n)| format!("{p}/{n}")),
        Just("in".to_string()),
        Just("notin".to_string()),
    ]
}

fn value_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9]([-A-Za-z0-9_.]{0,6}[A-Za-z0-9])?",
        Just(String::new()),
        Just("in".to_string()),
        Just("notin".to_string()),
    ]
}

fn requirement_strategy() -> impl Strategy<Value = Requirement> {
    let exact = prop_oneof![
        Just(Operator::Equals),
        Just(Operator::DoubleEquals),
        Just(Operator::NotEquals)
    ];
    let set = prop_oneof![Just(Operator::In), Just(Operator::NotIn)];
    let unary = prop_oneof![Just(Operator::Exists), Just(Operator::DoesNotExist)];
    let compare = prop_oneof![Just(Operator::GreaterThan), Just(Operator::LessThan)];
    let parts = prop_oneof![
        (key_strategy(), exact, value_strategy()).prop_map(|(k, o, v)| (k, o, vec![v])),
        (
            key_strategy(),
            set,
            prop::collection::vec(value_strategy(), 1..4)
        ),
        (key_strategy(), unary).prop_map(|(k, o)| (k, o, vec![])),
        (key_strategy(), compare, "[0-9]{1,6}").prop_map(|(k, o, v)| (k, o, vec![v])),
    ];
    parts.prop_map(|(k, o, v)| match Requirement::new(k, o, v) {
        Ok(r) => r,
        Err(e) => panic!("strategy built an invalid requirement: {e}"),
    })
}

/// What a requirement means, independent of value order and repetition.
fn normalized(sel: &Selector) -> Vec<(String, Operator, Vec<String>)> {
    sel.requirements()
        .iter()
        .map(|r| {
            let mut values = r.values().to_vec();
            values.sort();
            values.dedup();
            (r.key().to_string(), r.operator(), values)
        })
        .collect()
}

proptest! {
    #[test]
    fn display_parse_round_trip(reqs in prop::collection::vec(requirement_strategy(), 0..6)) {
        let sel = Selector::from_requirements(reqs);
        let shown = sel.to_string();
        let reparsed = parse(&shown);
        prop_assert!(reparsed.is_ok(), "{shown:?}: {reparsed:?}");
        if let Ok(reparsed) = reparsed {
            prop_assert_eq!(normalized(&reparsed), normalized(&sel), "{:?}", shown);
            prop_assert_eq!(reparsed.to_string(), parse(&reparsed.to_string()).map(|s| s.to_string()).unwrap_or_default());
        }
    }

    #[test]
    fn parse_never_panics(input in ".{0,64}") {
        if let Err(Error::Selector { position, .. }) = parse(&input) {
            prop_assert!(position <= input.chars().count());
        }
    }

    #[test]
    fn parse_never_panics_on_selector_alphabet(input in "[a-z0-9=!(),<> \t\0é.-/]{0,40}") {
        match parse(&input) {
            Ok(sel) => {
                // Whatever parses prints as something that parses to the same thing.
                let again = parse(&sel.to_string()).map(|s| normalized(&s));
                prop_assert_eq!(again.ok(), Some(normalized(&sel)));
            }
            Err(Error::Selector { position, .. }) => {
                prop_assert!(position <= input.chars().count());
            }
            Err(other) => prop_assert!(false, "wrong error kind {other:?}"),
        }
    }

    #[test]
    fn match_labels_selects_supersets(
        wanted in prop::collection::btree_map("[a-c]", "[x-z]", 0..3),
        other in prop::collection::btree_map("[a-e]", "[x-z]", 0..5),
        include in any::<bool>(),
    ) {
        let mut set = other;
        if include {
            set.extend(wanted.clone());
        }
        let sel = LabelSelector { match_labels: Some(wanted.clone()), match_expressions: None };
        let expected = wanted.iter().all(|(k, v)| set.get(k) == Some(v));
        let got = matches(Some(&sel), &set);
        prop_assert!(matches!(got, Ok(m) if m == expected), "{wanted:?} on {set:?}: {got:?}");
    }
}
