//! The errors of the kubectl layer, worded in English and Korean.
//!
//! English texts keep kubectl's own wording (`unknown flag: --foo`, `the server doesn't have
//! a resource type "foos"`) so that a student can search for them; the Korean text explains
//! the same thing, and a hint says what to type instead where one helps.

use std::fmt;

use crate::manifest::diagnostic::{Lang, Text};

/// A command line kubesim cannot run, or an object it cannot print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubectlError {
    pub message: Text,
    pub hint: Option<Text>,
}

impl KubectlError {
    pub fn new(en: impl Into<String>, ko: impl Into<String>) -> KubectlError {
        KubectlError {
            message: Text::new(en, ko),
            hint: None,
        }
    }

    pub fn with_hint(mut self, en: impl Into<String>, ko: impl Into<String>) -> KubectlError {
        self.hint = Some(Text::new(en, ko));
        self
    }

    /// `error: <message>` as kubectl prints it, then the hint on its own line.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = format!("error: {}", self.message.get(lang));
        if let Some(hint) = &self.hint {
            let label = match lang {
                Lang::En => "hint",
                Lang::Ko => "도움말",
            };
            out.push_str(&format!("\n  = {label}: {}", hint.get(lang)));
        }
        out
    }
}

impl fmt::Display for KubectlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for KubectlError {}

/// Levenshtein distance, for "did you mean" hints on misspelt verbs, flags and resources.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest candidate within distance 2, as cobra's "Did you mean this?" suggests.
pub(crate) fn suggest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(input, c), c))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_pick_the_closest_word() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(suggest("gte", ["get", "describe"]), Some("get"));
        assert_eq!(suggest("xyzzy", ["get", "describe"]), None);
    }

    #[test]
    fn renders_in_both_languages() {
        let e = KubectlError::new("unknown flag: --foo", "알 수 없는 플래그: --foo")
            .with_hint("see kubectl get --help", "kubectl get --help를 보세요");
        assert_eq!(
            e.render(Lang::En),
            "error: unknown flag: --foo\n  = hint: see kubectl get --help"
        );
        assert_eq!(
            e.render(Lang::Ko),
            "error: 알 수 없는 플래그: --foo\n  = 도움말: kubectl get --help를 보세요"
        );
    }
}
