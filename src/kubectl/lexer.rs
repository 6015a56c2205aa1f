//! Splits a command line into words as a POSIX shell would for the quoting students use:
//! single quotes (literal), double quotes (with `\"`, `\\`, `\$` and `` \` `` escapes) and
//! backslash escapes outside quotes. No expansion of `$VAR`, globs or pipes happens, since
//! kubesim runs no shell; a pipe or redirection is reported instead of being passed on as
//! an argument.

use super::error::KubectlError;

/// The words of `line`, quotes removed.
pub fn split_words(line: &str) -> Result<Vec<String>, KubectlError> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => cur.push(ch),
                        None => return Err(unterminated('\'')),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch @ ('"' | '\\' | '$' | '`')) => cur.push(ch),
                            Some('\n') => {}
                            Some(ch) => {
                                cur.push('\\');
                                cur.push(ch);
                            }
                            None => return Err(unterminated('"')),
                        },
                        Some(ch) => cur.push(ch),
                        None => return Err(unterminated('"')),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') => {}
                    Some(ch) => cur.push(ch),
                    None => cur.push('\\'),
                }
            }
            '|' | '>' | '<' | ';' | '&' if !in_word || cur.is_empty() => {
                return Err(KubectlError::new(
                    format!("shell operator {c:?} is not supported: kubesim runs one kubectl command, not a shell"),
                    format!("셸 연산자 {c:?}은(는) 지원하지 않습니다: kubesim은 셸이 아니라 kubectl 명령 하나만 실행합니다"),
                )
                .with_hint(
                    "run the kubectl command alone and process its output in Python",
                    "kubectl 명령만 실행하고 출력은 Python에서 처리하세요",
                ));
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

fn unterminated(quote: char) -> KubectlError {
    KubectlError::new(
        format!("unterminated quote {quote}: the command line ends inside a quoted string"),
        format!("닫히지 않은 따옴표 {quote}: 따옴표로 시작한 문자열이 끝나지 않았습니다"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_a_shell() {
        let cases: &[(&str, &[&str])] = &[
            ("get pods", &["get", "pods"]),
            ("  get   pods  -o wide ", &["get", "pods", "-o", "wide"]),
            (
                "get pods -l 'app in (a,b)'",
                &["get", "pods", "-l", "app in (a,b)"],
            ),
            (
                r#"label pod x note="a b""#,
                &["label", "pod", "x", "note=a b"],
            ),
            (r#"echo "say \"hi\"""#, &["echo", "say \"hi\""]),
            (r"a\ b c", &["a b", "c"]),
            ("x ''", &["x", ""]),
            ("", &[]),
            ("app=a&b", &["app=a&b"]),
        ];
        for (line, expected) in cases {
            let got = split_words(line).expect("valid line");
            assert_eq!(got, *expected, "{line}");
        }
    }

    #[test]
    fn rejects_unterminated_quotes_and_pipes() {
        for line in [
            "get 'pods",
            "get \"pods",
            "get pods | grep x",
            "get pods > out.txt",
        ] {
            assert!(split_words(line).is_err(), "{line}");
        }
    }
}
