//! Label key and value validation, and the Go-style rendering of bad values that the API
//! server's error messages use.
//!
//! Source of truth (Kubernetes v1.36 = apimachinery v0.36):
//! `staging/src/k8s.io/apimachinery/pkg/api/validate/content/kube.go` (`IsLabelKey`,
//! `IsLabelValue`), `content/dns.go` (`IsDNS1123Subdomain`), `content/errors.go`
//! (`MaxLenError`, `EmptyError`, `RegexError`), re-exported by
//! `pkg/util/validation/validation.go` as `IsQualifiedName` and `IsValidLabelValue`, and
//! `pkg/util/validation/field/errors.go` (`Error.Error`, `ErrorList.ToAggregate`).
//! The regular expressions are checked by hand so the crate needs no regex engine.

/// Longest label value and label-key name part, in bytes (`LabelValueMaxLength`).
pub(crate) const LABEL_MAX_LEN: usize = 63;
/// Longest label-key prefix, in bytes (`DNS1123SubdomainMaxLength`).
pub(crate) const DNS_SUBDOMAIN_MAX_LEN: usize = 253;

const LABEL_KEY_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_KEY_ERR: &str = "must consist of alphanumeric characters, '-', '_' or '.', \
                             and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const LABEL_VALUE_ERR: &str = "a valid label must be an empty string or consist of alphanumeric \
                               characters, '-', '_' or '.', and must start and end with an \
                               alphanumeric character";
const DNS_SUBDOMAIN_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS_SUBDOMAIN_ERR: &str = "a lowercase RFC 1123 subdomain must consist of lower case \
                                 alphanumeric characters, '-' or '.', and must start and end \
                                 with an alphanumeric character";

/// `content.MaxLenError`: the API server counts bytes, and says so.
fn max_len_error(n: usize) -> String {
    format!("must be no more than {n} bytes")
}

/// `content.RegexError`, including upstream's doubled space before each " or ".
fn regex_error(msg: &str, re: &str, examples: &[&str]) -> String {
    if examples.is_empty() {
        return format!("{msg} (regex used for validation is '{re}')");
    }
    let mut out = format!("{msg} (e.g. ");
    for (i, example) in examples.iter().enumerate() {
        if i > 0 {
            out.push_str(" or ");
        }
        out.push('\'');
        out.push_str(example);
        out.push_str("', ");
    }
    out.push_str("regex used for validation is '");
    out.push_str(re);
    out.push_str("')");
    out
}

/// Matches `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`: non-empty, alphanumeric at both ends.
fn is_label_token(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && b.iter()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

/// Matches the RFC 1123 subdomain regex: dot-separated non-empty labels of `[-a-z0-9]`,
/// each starting and ending with `[a-z0-9]`.
fn is_dns1123_subdomain_syntax(s: &str) -> bool {
    s.split('.').all(|label| {
        let b = label.as_bytes();
        let edge = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        match (b.first(), b.last()) {
            (Some(first), Some(last)) => {
                edge(first) && edge(last) && b.iter().all(|c| edge(c) || *c == b'-')
            }
            _ => false,
        }
    })
}

/// `content.IsDNS1123Subdomain`: the problems with `value` as a lowercase RFC 1123 subdomain.
fn dns1123_subdomain_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS_SUBDOMAIN_MAX_LEN {
        errs.push(max_len_error(DNS_SUBDOMAIN_MAX_LEN));
    }
    if !is_dns1123_subdomain_syntax(value) {
        errs.push(regex_error(
            DNS_SUBDOMAIN_ERR,
            DNS_SUBDOMAIN_FMT,
            &["example.com"],
        ));
    }
    errs
}

/// `content.IsLabelKey` (alias `IsQualifiedName`): the problems with `value` as a label key,
/// in upstream's order and wording. Empty means valid.
pub(crate) fn label_key_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                errs.extend(
                    dns1123_subdomain_errors(prefix)
                        .into_iter()
                        .map(|m| format!("prefix part {m}")),
                );
            }
            *name
        }
        _ => {
            errs.push(format!(
                "a valid label key {} with an optional DNS subdomain prefix and '/' \
                 (e.g. 'example.com/MyName')",
                regex_error(
                    LABEL_KEY_ERR,
                    LABEL_KEY_FMT,
                    &["MyName", "my.name", "123-abc"]
                )
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > LABEL_MAX_LEN {
        errs.push(format!("name part {}", max_len_error(LABEL_MAX_LEN)));
    }
    if !is_label_token(name) {
        errs.push(format!(
            "name part {}",
            regex_error(
                LABEL_KEY_ERR,
                LABEL_KEY_FMT,
                &["MyName", "my.name", "123-abc"]
            )
        ));
    }
    errs
}

/// `content.IsLabelValue` (alias `IsValidLabelValue`): the problems with `value` as a label
/// value. The empty string is valid.
pub(crate) fn label_value_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > LABEL_MAX_LEN {
        errs.push(max_len_error(LABEL_MAX_LEN));
    }
    if !(value.is_empty() || is_label_token(value)) {
        errs.push(regex_error(
            LABEL_VALUE_ERR,
            LABEL_VALUE_FMT,
            &["MyValue", "my_value", "12345"],
        ));
    }
    errs
}

/// Go's `strconv.Quote` (what `%q` prints), so that messages quote bad values exactly as the
/// API server does. Go's notion of "printable" is approximated: controls, separators other
/// than ASCII space, format characters, private-use characters and noncharacters are
/// escaped; unassigned code points are printed as they are.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_ascii() || go_printable(c) => out.push(c),
            c if (c as u32) < 0x1_0000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `strconv.IsPrint` for non-ASCII characters.
fn go_printable(c: char) -> bool {
    let u = c as u32;
    let format_char = matches!(
        u,
        0xAD | 0x600..=0x605
            | 0x61C
            | 0x6DD
            | 0x70F
            | 0x890..=0x891
            | 0x8E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    );
    let private_use = matches!(u, 0xE000..=0xF8FF | 0xF_0000..=0xF_FFFD | 0x10_0000..=0x10_FFFD);
    let noncharacter = (u & 0xFFFE) == 0xFFFE || (0xFDD0..=0xFDEF).contains(&u);
    !(c.is_control() || c.is_whitespace() || format_char || private_use || noncharacter)
}

/// Go's `json.Marshal` of a `[]string` built by `append([]string(nil), values...)`:
/// `null` when empty, otherwise a JSON array with Go's HTML-safe escaping.
pub(crate) fn go_json_strings(values: &[String]) -> String {
    if values.is_empty() {
        return "null".to_string();
    }
    let items: Vec<String> = values.iter().map(|v| go_json_string(v)).collect();
    format!("[{}]", items.join(","))
}

/// One string as Go's `encoding/json` writes it (HTML escaping on, as `json.Marshal` does).
fn go_json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `field.ErrorList.ToAggregate().Error()`: messages deduplicated in order; one message is
/// shown bare, several as `[a, b]`.
pub(crate) fn aggregate(messages: Vec<String>) -> String {
    let mut unique: Vec<String> = Vec::with_capacity(messages.len());
    for m in messages {
        if !unique.contains(&m) {
            unique.push(m);
        }
    }
    match unique.as_slice() {
        [one] => one.clone(),
        _ => format!("[{}]", unique.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_NAME_REGEX: &str = "name part must consist of alphanumeric characters, '-', '_' \
        or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or \
        'my.name',  or '123-abc', regex used for validation is \
        '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    const PREFIX_REGEX: &str = "prefix part a lowercase RFC 1123 subdomain must consist of lower \
        case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric \
        character (e.g. 'example.com', regex used for validation is \
        '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    const VALUE_REGEX: &str = "a valid label must be an empty string or consist of alphanumeric \
        characters, '-', '_' or '.', and must start and end with an alphanumeric character \
        (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is \
        '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    #[test]
    fn label_keys() {
        let long63 = "a".repeat(63);
        let long64 = "a".repeat(64);
        let prefix253 = format!("{}.{}", "a".repeat(63), "b".repeat(189));
        let prefix254 = format!("{}.{}", "a".repeat(63), "b".repeat(190));
        let cases: Vec<(String, Vec<String>)> = vec![
            ("app".into(), vec![]),
            ("a".into(), vec![]),
            ("1".into(), vec![]),
            ("My_Name.v-2".into(), vec![]),
            ("example.com/app".into(), vec![]),
            ("app.kubernetes.io/name".into(), vec![]),
            (long63.clone(), vec![]),
            (format!("{prefix253}/{long63}"), vec![]),
            (
                "".into(),
                vec!["name part must be non-empty".into(), KEY_NAME_REGEX.into()],
            ),
            ("-app".into(), vec![KEY_NAME_REGEX.into()]),
            ("app-".into(), vec![KEY_NAME_REGEX.into()]),
            ("a b".into(), vec![KEY_NAME_REGEX.into()]),
            ("é".into(), vec![KEY_NAME_REGEX.into()]),
            (
                long64.clone(),
                vec!["name part must be no more than 63 bytes".into()],
            ),
            ("/app".into(), vec!["prefix part must be non-empty".into()]),
            (
                "example.com/".into(),
                vec!["name part must be non-empty".into(), KEY_NAME_REGEX.into()],
            ),
            ("Example.com/app".into(), vec![PREFIX_REGEX.into()]),
            ("a..b/app".into(), vec![PREFIX_REGEX.into()]),
            (
                format!("{prefix254}/app"),
                vec!["prefix part must be no more than 253 bytes".into()],
            ),
            (
                "a/b/c".into(),
                vec![format!(
                    "a valid label key {} with an optional DNS subdomain prefix and '/' \
                     (e.g. 'example.com/MyName')",
                    KEY_NAME_REGEX.trim_start_matches("name part ")
                )],
            ),
        ];
        for (key, want) in cases {
            assert_eq!(label_key_errors(&key), want, "key {key:?}");
        }
    }

    #[test]
    fn label_values() {
        let cases: Vec<(String, Vec<String>)> = vec![
            ("".into(), vec![]),
            ("nginx".into(), vec![]),
            ("1.2.3".into(), vec![]),
            ("a_b-c.D".into(), vec![]),
            ("a".repeat(63), vec![]),
            ("a".repeat(64), vec!["must be no more than 63 bytes".into()]),
            ("-1".into(), vec![VALUE_REGEX.into()]),
            ("a/b".into(), vec![VALUE_REGEX.into()]),
            ("ü".into(), vec![VALUE_REGEX.into()]),
            (
                format!("-{}", "a".repeat(63)),
                vec!["must be no more than 63 bytes".into(), VALUE_REGEX.into()],
            ),
        ];
        for (value, want) in cases {
            assert_eq!(label_value_errors(&value), want, "value {value:?}");
        }
    }

    #[test]
    fn go_quoting() {
        let cases = [
            ("abc", r#""abc""#),
            ("a\"b\\c", r#""a\"b\\c""#),
            ("\t\n\r\u{7}\u{0}\u{7f}", r#""\t\n\r\a\x00\x7f""#),
            ("héllo 日本", "\"héllo 日本\""),
            ("\u{a0}\u{200b}\u{feff}", r#""\u00a0\u200b\ufeff""#),
            ("\u{e0001}", r#""\U000e0001""#),
        ];
        for (input, want) in cases {
            assert_eq!(go_quote(input), want, "input {input:?}");
        }
    }

    #[test]
    fn go_json() {
        let cases: [(&[&str], &str); 4] = [
            (&[], "null"),
            (&["a"], r#"["a"]"#),
            (&["a", "b"], r#"["a","b"]"#),
            (
                &["<&>\u{1}\n\u{2028}é"],
                r#"["\u003c\u0026\u003e\u0001\n\u2028é"]"#,
            ),
        ];
        for (input, want) in cases {
            let owned: Vec<String> = input.iter().map(|s| s.to_string()).collect();
            assert_eq!(go_json_strings(&owned), want);
        }
    }

    #[test]
    fn aggregation() {
        let cases: [(&[&str], &str); 3] =
            [(&["a"], "a"), (&["a", "b"], "[a, b]"), (&["a", "a"], "a")];
        for (input, want) in cases {
            let owned: Vec<String> = input.iter().map(|s| s.to_string()).collect();
            assert_eq!(aggregate(owned), want);
        }
    }
}
