//! Diagnostics: one problem found in a manifest, located by file, line, column and field path,
//! worded in English and Korean so that a student can act on it.

use std::fmt;

use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The API server would reject the object, or the text is not a manifest at all.
    Error,
    /// Accepted by the API server, but probably not what the author meant.
    Warning,
}

impl Severity {
    /// The lower-case name used in compiler-style output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A language for user-facing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    /// Parses "en" or "ko" (case-insensitive); anything else is `None`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ko" => Some(Lang::Ko),
            _ => None,
        }
    }
}

/// A text in English and Korean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    pub en: String,
    pub ko: String,
}

impl Text {
    /// A text in both languages; the Korean one has its particle markers (`을(를)`,
    /// `이(가)`, ...) resolved by [`crate::ko::resolve`].
    pub fn new(en: impl Into<String>, ko: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            ko: crate::ko::resolve(&ko.into()),
        }
    }

    /// The text in the given language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ko => &self.ko,
        }
    }
}

/// A position in a source text: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// One problem in a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// A stable code, e.g. `yaml-syntax` or `unknown-kind`.
    pub code: &'static str,
    pub severity: Severity,
    /// The file the text came from, or `<input>` for text given directly.
    pub file: String,
    /// Where the problem is; line 0 means "the whole input".
    pub pos: Pos,
    /// The API server's field path, e.g. `spec.selector.matchLabels`; empty for the document.
    pub path: String,
    pub message: Text,
    pub hint: Option<Text>,
}

impl Diagnostic {
    /// An error at `pos` with the given code and message.
    pub fn error(code: &'static str, pos: Pos, message: Text) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            file: String::from("<input>"),
            pos,
            path: String::new(),
            message,
            hint: None,
        }
    }

    /// A warning at `pos` with the given code and message.
    pub fn warning(code: &'static str, pos: Pos, message: Text) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, pos, message)
        }
    }

    pub fn with_path(mut self, path: impl Into<String>) -> Diagnostic {
        self.path = path.into();
        self
    }

    pub fn with_hint(mut self, hint: Text) -> Diagnostic {
        self.hint = Some(hint);
        self
    }

    pub fn with_file(mut self, file: impl Into<String>) -> Diagnostic {
        self.file = file.into();
        self
    }

    /// Compiler-style rendering: `file:line:col: error[code]: message`, then the hint.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = format!("{}:{}:{}: ", self.file, self.pos.line, self.pos.column);
        out.push_str(&format!("{}[{}]: ", self.severity.as_str(), self.code));
        if !self.path.is_empty() {
            out.push_str(&format!("{}: ", self.path));
        }
        out.push_str(self.message.get(lang));
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

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}
