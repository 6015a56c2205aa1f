//! apimachinery's name rules: `IsDNS1123Label`, `IsDNS1123Subdomain`, `IsDNS1035Label`
//! (staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go) and the
//! `NameIsDNSSubdomain` / `NameIsDNSLabel` / `NameIsDNS1035Label` wrappers
//! (apimachinery/pkg/api/validation/generic.go, which mask a generateName's trailing
//! dash), with upstream's messages. `IsValidPortName` (IANA_SVC_NAME) too.

/// Which naming rule a name follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameRule {
    /// Lowercase RFC 1123 subdomain, at most 253 characters (most kinds).
    Subdomain,
    /// Lowercase RFC 1123 label, at most 63 characters (namespaces, container names).
    Label,
    /// RFC 1035 label, at most 63 characters, starting with a letter (Services).
    Dns1035,
}

fn is_alnum_lower(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn is_label(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) => {
            is_alnum_lower(*f)
                && is_alnum_lower(*l)
                && b.iter().all(|c| is_alnum_lower(*c) || *c == b'-')
        }
        _ => false,
    }
}

/// The problems with `value` under `rule`, worded as upstream words them; empty if valid.
pub fn name_errors(value: &str, rule: NameRule) -> Vec<String> {
    let mut errs = Vec::new();
    match rule {
        NameRule::Subdomain => {
            if value.len() > 253 {
                errs.push("must be no more than 253 characters".to_string());
            }
            if !value.split('.').all(is_label) {
                errs.push("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')".to_string());
            }
        }
        NameRule::Label => {
            if value.len() > 63 {
                errs.push("must be no more than 63 characters".to_string());
            }
            if !is_label(value) {
                errs.push("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')".to_string());
            }
        }
        NameRule::Dns1035 => {
            if value.len() > 63 {
                errs.push("must be no more than 63 characters".to_string());
            }
            let starts_with_letter = value.as_bytes().first().is_some_and(u8::is_ascii_lowercase);
            if !is_label(value) || !starts_with_letter {
                errs.push("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')".to_string());
            }
        }
    }
    errs
}

/// A generateName is a prefix: its trailing dash is masked before checking
/// (`maskTrailingDash`).
pub fn prefix_errors(value: &str, rule: NameRule) -> Vec<String> {
    let masked = match value.strip_suffix('-') {
        Some(rest) if value.len() > 1 => format!("{rest}a"),
        _ => value.to_string(),
    };
    name_errors(&masked, rule)
}

/// A Korean gloss of a name rule, for the hint.
pub fn rule_hint(rule: NameRule) -> (&'static str, &'static str) {
    match rule {
        NameRule::Subdomain => (
            "use only lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, e.g. `my-app`",
            "소문자, 숫자, '-', '.'만 쓰고 문자나 숫자로 시작하고 끝나게 하세요. 예: `my-app`",
        ),
        NameRule::Label => (
            "use only lowercase letters, digits and '-', at most 63 characters, starting and ending with a letter or digit, e.g. `my-app`",
            "소문자, 숫자, '-'만 63자 이내로 쓰고 문자나 숫자로 시작하고 끝나게 하세요. 예: `my-app`",
        ),
        NameRule::Dns1035 => (
            "use only lowercase letters, digits and '-', at most 63 characters, starting with a letter, e.g. `my-service`",
            "소문자, 숫자, '-'만 63자 이내로 쓰고 소문자로 시작하세요. 예: `my-service`",
        ),
    }
}

/// `IsValidPortName`: an IANA_SVC_NAME, at most 15 characters of lowercase letters, digits
/// and '-', with at least one letter and no '-' at either end or twice in a row.
pub fn port_name_errors(name: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if name.is_empty() || name.len() > 15 {
        errs.push("must be no more than 15 characters".to_string());
    }
    if !name.bytes().all(|c| is_alnum_lower(c) || c == b'-') {
        errs.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string(),
        );
    }
    if name.contains("--") {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if !name.bytes().any(|c| c.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if name.starts_with('-') || name.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_apimachinery() {
        use NameRule::*;
        let cases = [
            ("nginx", Subdomain, true),
            ("my.app-1", Subdomain, true),
            ("My-App", Subdomain, false),
            ("-x", Subdomain, false),
            ("a..b", Subdomain, false),
            ("", Subdomain, false),
            ("web_server", Label, false),
            ("1abc", Label, true),
            ("1abc", Dns1035, false),
            ("abc-1", Dns1035, true),
            ("a.b", Label, false),
        ];
        for (name, rule, ok) in cases {
            assert_eq!(name_errors(name, rule).is_empty(), ok, "{name} {rule:?}");
        }
        assert!(name_errors(&"a".repeat(64), Label)
            .iter()
            .any(|e| e.contains("63")));
        assert!(prefix_errors("web-", Subdomain).is_empty());
    }

    #[test]
    fn port_names_are_iana_service_names() {
        let cases = [
            ("http", true),
            ("web-8080", true),
            ("8080", false),
            ("HTTP", false),
            ("a--b", false),
            ("-a", false),
            ("averyveryverylongname", false),
        ];
        for (name, ok) in cases {
            assert_eq!(port_name_errors(name).is_empty(), ok, "{name}");
        }
    }
}
