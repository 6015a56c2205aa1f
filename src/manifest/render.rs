//! JSON values to YAML text, in the block style `kubectl get -o yaml` prints.
//!
//! Strings that Kubernetes' YAML reader would take for something else (`"yes"`, `"1.0"`,
//! `"null"`, `": "` inside) are quoted, so that the output reads back as the same value.

use serde_json::Value;

use super::scalar::{resolve_plain, Scalar};

/// Renders one document (no leading `---`), ending with a newline.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => write_seq(&mut out, items, 0),
        scalar => {
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
    out
}

fn write_map(out: &mut String, map: &serde_json::Map<String, Value>, indent: usize) {
    for (key, value) in map {
        out.push_str(&" ".repeat(indent));
        out.push_str(&string_text(key));
        out.push(':');
        write_child(out, value, indent, true);
    }
}

fn write_seq(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match item {
            Value::Object(map) if !map.is_empty() => {
                // The first key shares the dash's line, as kubectl writes it.
                let mut first = true;
                for (key, value) in map {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        out.push_str(&" ".repeat(indent + 2));
                    }
                    out.push_str(&string_text(key));
                    out.push(':');
                    write_child(out, value, indent + 2, true);
                }
            }
            other => write_child(out, other, indent, false),
        }
    }
}

/// Writes the value after `key:` or `-`: nested collections on the next lines, scalars inline.
fn write_child(out: &mut String, value: &Value, indent: usize, in_map: bool) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_map(out, map, indent + 2);
        }
        // kubectl indents a list under a key at the key's own column.
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(out, items, if in_map { indent } else { indent + 2 });
        }
        scalar => {
            out.push(' ');
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string_text(s),
        Value::Array(_) => "[]".to_string(),
        Value::Object(_) => "{}".to_string(),
    }
}

/// A string as a plain scalar where that reads back as the same string; else quoted as
/// go-yaml quotes it (what kubectl prints): double quotes for text that would read as
/// another type (`"1"`, `"true"`) or holds control characters, single quotes for text
/// that only needs protecting from YAML's syntax (`'*/1 * * * *'`).
fn string_text(s: &str) -> String {
    if !needs_quotes(s) {
        return s.to_string();
    }
    let other_type = !s.is_empty() && resolve_plain(s) != Scalar::Str;
    let escaped = s.chars().any(needs_escape);
    if !(other_type || escaped || s.is_empty() || s.chars().any(|c| c.is_control())) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    let quoted = serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"));
    if !quoted.chars().any(needs_escape) {
        return quoted;
    }
    // JSON leaves these raw; YAML refuses them or drops them (a byte-order mark, U+FEFF,
    // is removed as an encoding mark), so the text would not load back the same.
    let mut out = String::with_capacity(quoted.len() + 8);
    for c in quoted.chars() {
        if needs_escape(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters written as `\uXXXX` inside double quotes: the byte-order mark, line and
/// paragraph separators, non-characters, and the controls JSON does not escape (DEL, C1).
fn needs_escape(c: char) -> bool {
    matches!(
        c,
        '\u{7f}'..='\u{9f}' | '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}'
    )
}

fn needs_quotes(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return true;
    };
    // `-`, `?` and `:` start a plain scalar unless a space (or nothing) follows, as in
    // go-yaml (`- -e` stays plain, `- '- x'` does not).
    let second = s.chars().nth(1);
    let indicator = match first {
        '-' | '?' | ':' => second.is_none_or(|c| c.is_whitespace()),
        _ => ",[]{}#&*!|>'\"%@`".contains(first),
    };
    resolve_plain(s) != Scalar::Str
        || indicator
        || s.starts_with("---")
        || s.starts_with("...")
        || first.is_whitespace()
        || s.ends_with(char::is_whitespace)
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.chars().any(|c| c.is_control() || needs_escape(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::parse::{parse_stream, Limits};
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn renders_like_kubectl() {
        let v = json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": "web", "labels": {"app": "web"}},
            "spec": {"replicas": 3, "template": {"spec": {"containers": [
                {"name": "nginx", "image": "nginx:1.25", "ports": [{"containerPort": 80}]}
            ]}}}
        });
        let expected = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
";
        assert_eq!(to_yaml(&v), expected);
    }

    #[test]
    fn quotes_what_would_read_back_differently() {
        let cases = [
            ("yes", "\"yes\""),
            ("1.0", "\"1.0\""),
            ("", "\"\""),
            ("null", "\"null\""),
            // Quoted for YAML's syntax only: single quotes, as go-yaml (and kubectl) writes.
            ("a: b", "'a: b'"),
            ("*", "'*'"),
            ("- x", "'- x'"),
            ("it's: x", "'it''s: x'"),
            ("---", "'---'"),
            ("-e", "-e"),
            ("500m", "500m"),
            ("nginx:1.25", "nginx:1.25"),
            ("line\nbreak", "\"line\\nbreak\""),
            ("\u{feff}x", "\"\\ufeffx\""),
            ("a\u{85}b", "\"a\\u0085b\""),
        ];
        for (input, expected) in cases {
            assert_eq!(string_text(input), expected, "{input:?}");
        }
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|i| json!(i)),
            "[ -~\\n\u{feff}\u{85}\u{2028}\u{a0}가]{0,12}".prop_map(Value::String),
            prop_oneof![
                Just("yes"),
                Just("0777"),
                Just("1e3"),
                Just("~"),
                Just("- a")
            ]
            .prop_map(|s| Value::String(s.to_string())),
        ];
        leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-zA-Z0-9./_-]{1,8}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn output_reads_back_as_the_same_value(v in arb_json()) {
            let text = to_yaml(&v);
            let docs = parse_stream(&text, &Limits::default()).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
            let back = docs.first().map_or(Value::Null, |d| d.root.to_json());
            prop_assert_eq!(back, v, "yaml was:\n{}", text);
        }
    }
}
