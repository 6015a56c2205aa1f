//! Flag parsing in the style of spf13/pflag, which kubectl uses: `--name=value`,
//! `--name value`, `-n value`, `-nvalue`, `-n=value`, combined boolean shorthands (`-it`),
//! `--flag=false` for booleans, and `--` ending the flags.

use std::collections::BTreeMap;

use super::error::{suggest, KubectlError};

/// Whether a flag takes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Takes {
    /// A boolean switch; `--flag=false` turns it off.
    Bool,
    /// One value; given twice, the last wins (as in pflag).
    Value,
    /// A value that may be given several times (`-f a.yaml -f b.yaml`).
    Many,
    /// A value given only as `--flag=value`; bare `--flag` means the default here
    /// (pflag's `NoOptDefVal`, as `--dry-run` has: the next word is not its value).
    Optional(&'static str),
}

/// One flag a verb accepts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    pub takes: Takes,
}

pub(crate) const fn flag(long: &'static str, short: Option<char>, takes: Takes) -> Flag {
    Flag { long, short, takes }
}

/// `-n/--namespace`, accepted by every verb.
pub(crate) const NAMESPACE: Flag = flag("namespace", Some('n'), Takes::Value);

/// The words of a command line after the verb, sorted into positionals and flags.
#[derive(Debug, Default)]
pub(crate) struct Args {
    pub positionals: Vec<String>,
    /// Long flag name to its values in order given (booleans store "true"/"false").
    pub values: BTreeMap<&'static str, Vec<String>>,
    /// Words after `--`.
    pub trailing: Vec<String>,
}

impl Args {
    pub fn last(&self, long: &str) -> Option<&str> {
        self.values.get(long)?.last().map(String::as_str)
    }

    pub fn all(&self, long: &str) -> Vec<String> {
        self.values.get(long).cloned().unwrap_or_default()
    }

    /// A boolean flag's value; a bad value such as `--force=maybe` is an error.
    pub fn bool(&self, long: &str) -> Result<bool, KubectlError> {
        match self.last(long) {
            None => Ok(false),
            Some(v) => parse_bool(long, v),
        }
    }

    /// An integer flag's value, with pflag's error text for non-numbers.
    pub fn int(&self, long: &str) -> Result<Option<i64>, KubectlError> {
        match self.last(long) {
            None => Ok(None),
            Some(v) => v.parse::<i64>().map(Some).map_err(|_| {
                KubectlError::new(
                    format!("invalid argument {v:?} for \"--{long}\" flag: strconv.ParseInt: parsing {v:?}: invalid syntax"),
                    format!("\"--{long}\" 플래그의 값 {v:?}은(는) 정수가 아닙니다"),
                )
            }),
        }
    }
}

fn parse_bool(long: &str, v: &str) -> Result<bool, KubectlError> {
    match v {
        "true" | "1" | "t" | "T" | "TRUE" | "True" => Ok(true),
        "false" | "0" | "f" | "F" | "FALSE" | "False" => Ok(false),
        _ => Err(KubectlError::new(
            format!("invalid argument {v:?} for \"--{long}\" flag: strconv.ParseBool: parsing {v:?}: invalid syntax"),
            format!("\"--{long}\" 플래그에는 true 또는 false만 쓸 수 있습니다 (입력: {v:?})"),
        )),
    }
}

/// Sorts `words` into positionals and the flags `verb` accepts (plus `--namespace`).
pub(crate) fn parse_args(
    verb: &str,
    words: &[String],
    accepted: &[Flag],
) -> Result<Args, KubectlError> {
    let mut args = Args::default();
    let specs: Vec<Flag> = accepted.iter().copied().chain([NAMESPACE]).collect();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word == "--" {
            args.trailing = words[i..].to_vec();
            break;
        }
        if let Some(body) = word.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let Some(spec) = specs.iter().find(|f| f.long == name) else {
                return Err(unknown_flag(verb, &format!("--{name}"), name, &specs));
            };
            let value = match (spec.takes, inline) {
                (Takes::Bool, Some(v)) => {
                    parse_bool(spec.long, &v)?;
                    v
                }
                (Takes::Bool, None) => "true".to_string(),
                (Takes::Optional(default), None) => default.to_string(),
                (_, Some(v)) => v,
                (_, None) => {
                    let v = words.get(i).ok_or_else(|| needs_argument(spec))?;
                    i += 1;
                    v.clone()
                }
            };
            args.values.entry(spec.long).or_default().push(value);
        } else if word.len() > 1 && word.starts_with('-') && !is_negative_number(word) {
            let shorts: Vec<char> = word[1..].chars().collect();
            let mut j = 0;
            while j < shorts.len() {
                let c = shorts[j];
                j += 1;
                let Some(spec) = specs.iter().find(|f| f.short == Some(c)) else {
                    return Err(unknown_shorthand(verb, c, word, &specs));
                };
                if spec.takes == Takes::Bool {
                    args.values
                        .entry(spec.long)
                        .or_default()
                        .push("true".into());
                    continue;
                }
                let rest: String = shorts[j..].iter().collect();
                let value = if !rest.is_empty() {
                    rest.strip_prefix('=').unwrap_or(&rest).to_string()
                } else {
                    let v = words.get(i).ok_or_else(|| needs_argument(spec))?;
                    i += 1;
                    v.clone()
                };
                args.values.entry(spec.long).or_default().push(value);
                break;
            }
        } else {
            args.positionals.push(word.clone());
        }
    }
    Ok(args)
}

fn is_negative_number(word: &str) -> bool {
    word[1..].chars().all(|c| c.is_ascii_digit())
}

fn needs_argument(spec: &Flag) -> KubectlError {
    let name = match spec.short {
        Some(s) => format!("'{s}' in -{s}"),
        None => format!("--{}", spec.long),
    };
    KubectlError::new(
        format!("flag needs an argument: {name}"),
        format!("플래그에 값이 필요합니다: {name}"),
    )
}

fn usage_hint(verb: &str, err: KubectlError, candidate: Option<&str>) -> KubectlError {
    match candidate {
        Some(c) => err.with_hint(
            format!("did you mean --{c}? See 'kubectl {verb} --help' for usage."),
            format!("--{c}을(를) 입력하려던 것인가요? 사용법은 'kubectl {verb} --help'를 보세요."),
        ),
        None => err.with_hint(
            format!("See 'kubectl {verb} --help' for usage."),
            format!("사용법은 'kubectl {verb} --help'를 보세요."),
        ),
    }
}

fn unknown_flag(verb: &str, shown: &str, name: &str, specs: &[Flag]) -> KubectlError {
    let err = KubectlError::new(
        format!("unknown flag: {shown}"),
        format!("'kubectl {verb}'에 없는 플래그입니다: {shown}"),
    );
    usage_hint(verb, err, suggest(name, specs.iter().map(|f| f.long)))
}

fn unknown_shorthand(verb: &str, c: char, word: &str, specs: &[Flag]) -> KubectlError {
    let err = KubectlError::new(
        format!("unknown shorthand flag: '{c}' in {word}"),
        format!("'kubectl {verb}'에 없는 짧은 플래그입니다: {word}의 '{c}'"),
    );
    let candidate = specs.iter().find(|f| f.long.starts_with(c)).map(|f| f.long);
    usage_hint(verb, err, candidate)
}
