//! What a rule sees (the object and where its fields are written) and how it reports, in
//! the API server's words: `field.Required`, `field.Invalid`, `field.NotSupported`,
//! `field.Forbidden`, `field.Duplicate` and `field.NotFound` from
//! apimachinery/pkg/util/validation/field/errors.go, each in English and Korean.

use crate::api::Object;
use crate::manifest::diagnostic::{Diagnostic, Pos, Severity, Text};
use crate::manifest::node::{parse_path, Node};

/// One rule: a stable code, a severity, its documentation and its check.
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    /// The rule's source file; its `//!` header is the documentation.
    pub source: &'static str,
    pub check: fn(&Ctx<'_>, &mut Out<'_>),
}

impl Rule {
    /// The `//!` header of the rule's file, as Markdown.
    pub fn doc(&self) -> String {
        self.source
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| l.trim_start_matches("//!").strip_prefix(' ').unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The object a rule checks, defaulted, and its source tree for positions.
pub struct Ctx<'a> {
    pub object: &'a Object,
    root: &'a Node,
}

impl<'a> Ctx<'a> {
    pub fn new(object: &'a Object, root: &'a Node) -> Ctx<'a> {
        Ctx { object, root }
    }

    /// Where the field at `path` is written, or its nearest written ancestor.
    pub fn pos(&self, path: &str) -> Pos {
        self.root.locate(&parse_path(path))
    }

    /// True when the field at `path` is written in the source (not only defaulted).
    pub fn is_written(&self, path: &str) -> bool {
        let mut node = self.root;
        for seg in parse_path(path) {
            let next = match seg {
                crate::manifest::node::PathSeg::Key(k) => node.get(&k),
                crate::manifest::node::PathSeg::Index(i) => match &node.value {
                    crate::manifest::node::NodeValue::Seq(items) => items.get(i),
                    _ => None,
                },
            };
            match next {
                Some(n) => node = n,
                None => return false,
            }
        }
        true
    }
}

/// Collects one rule's diagnostics.
pub struct Out<'a> {
    ctx: &'a Ctx<'a>,
    rule: &'a Rule,
    diagnostics: Vec<Diagnostic>,
}

/// A Go-style rendering of a string value, as `field.Invalid` prints it (`"x"`).
pub fn quoted(s: &str) -> String {
    crate::selector::validate::go_quote(s)
}

impl<'a> Out<'a> {
    pub fn new(ctx: &'a Ctx<'a>, rule: &'a Rule) -> Out<'a> {
        Out {
            ctx,
            rule,
            diagnostics: Vec::new(),
        }
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// A diagnostic of this rule at `path` with `message`; returns it to add a hint.
    pub fn report(&mut self, path: &str, message: Text) -> &mut Diagnostic {
        let d = Diagnostic {
            code: self.rule.code,
            severity: self.rule.severity,
            file: String::new(),
            pos: self.ctx.pos(path),
            path: path.to_string(),
            message,
            hint: None,
        };
        self.diagnostics.push(d);
        // The vector was pushed to just above, so the last index exists.
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    /// `field.Required`: "Required value", with an optional detail.
    pub fn required(&mut self, path: &str, detail: Option<Text>) -> &mut Diagnostic {
        let message = match detail {
            Some(t) => Text::new(
                format!("Required value: {}", t.en),
                format!("필수 값: {}", t.ko),
            ),
            None => Text::new("Required value", "필수 값"),
        };
        self.report(path, message)
    }

    /// `field.Invalid`: "Invalid value: <value>: <detail>".
    pub fn invalid(&mut self, path: &str, value: &str, detail: Text) -> &mut Diagnostic {
        self.report(
            path,
            Text::new(
                format!("Invalid value: {value}: {}", detail.en),
                format!("잘못된 값: {value}: {}", detail.ko),
            ),
        )
    }

    /// `field.NotSupported`: "Unsupported value: <value>: supported values: ...".
    pub fn unsupported(&mut self, path: &str, value: &str, allowed: &[&str]) -> &mut Diagnostic {
        let list = allowed
            .iter()
            .map(|a| quoted(a))
            .collect::<Vec<_>>()
            .join(", ");
        let value = quoted(value);
        self.report(
            path,
            Text::new(
                format!("Unsupported value: {value}: supported values: {list}"),
                format!("지원하지 않는 값: {value}: 지원하는 값: {list}"),
            ),
        )
    }

    /// `field.NotSupported` for a value outside `allowed` (which are case-sensitive), with
    /// a hint naming the right spelling when only the case is wrong; nothing for `None` or
    /// an allowed value.
    pub fn one_of(&mut self, path: &str, value: Option<&str>, allowed: &[&str]) {
        let Some(v) = value else { return };
        if allowed.contains(&v) {
            return;
        }
        let d = self.unsupported(path, v, allowed);
        if let Some(good) = allowed.iter().find(|a| a.eq_ignore_ascii_case(v)) {
            d.hint(
                format!("the value is case-sensitive: write `{good}`"),
                format!("값은 대소문자를 구분합니다: `{good}`로 쓰세요"),
            );
        }
    }

    /// `field.Forbidden`: "Forbidden: <detail>".
    pub fn forbidden(&mut self, path: &str, detail: Text) -> &mut Diagnostic {
        self.report(
            path,
            Text::new(
                format!("Forbidden: {}", detail.en),
                format!("금지됨: {}", detail.ko),
            ),
        )
    }

    /// `field.Duplicate`: "Duplicate value: <value>".
    pub fn duplicate(&mut self, path: &str, value: &str) -> &mut Diagnostic {
        let value = quoted(value);
        self.report(
            path,
            Text::new(
                format!("Duplicate value: {value}"),
                format!("중복된 값: {value}"),
            ),
        )
    }

    /// `field.NotFound`: "Not found: <value>".
    pub fn not_found(&mut self, path: &str, value: &str) -> &mut Diagnostic {
        let value = quoted(value);
        self.report(
            path,
            Text::new(
                format!("Not found: {value}"),
                format!("찾을 수 없음: {value}"),
            ),
        )
    }
}

/// Adds a hint to a diagnostic just reported.
pub trait HintExt {
    fn hint(&mut self, en: impl Into<String>, ko: impl Into<String>);
}

impl HintExt for Diagnostic {
    fn hint(&mut self, en: impl Into<String>, ko: impl Into<String>) {
        self.hint = Some(Text::new(en, ko));
    }
}
