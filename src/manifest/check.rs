//! `check`: every problem in a manifest, errors and warnings, without ever failing on bad
//! input. `load` runs the same pipeline and fails with exactly the errors found here.
//!
//! The pipeline, per document: YAML/JSON parsing ([`parse`](super::parse)), the kind
//! lookup, strict decoding against the API schema ([`strict`](super::strict)), decoding into
//! the object model, the API server's defaults, then the validation rules
//! ([`rules`](super::rules)) on the defaulted object, as the API server validates only
//! after defaulting.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::diagnostic::{Diagnostic, Lang, Pos, Severity, Text};
use super::load::{is_error, manifest_files, read_file, Loaded, Loader};
use super::node::Node;
use super::parse::{parse_stream, Limits};
use crate::api::Object;
use crate::error::{Error, Result};

/// Everything `check` found in one or more manifests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Errors and warnings: by file and document; in a document, structural problems
    /// (syntax, unknown or mistyped fields) first, then the validation rules' findings.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// True when nothing would stop the API server from accepting the manifests.
    pub fn ok(&self) -> bool {
        !self.diagnostics.iter().any(is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// Compiler-style lines, one diagnostic after another, then a summary line.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            out.push_str(&d.render(lang));
            out.push('\n');
        }
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        let _ = match lang {
            Lang::En => write!(
                out,
                "{errors} error{}, {warnings} warning{}",
                plural(errors),
                plural(warnings)
            ),
            Lang::Ko => write!(out, "오류 {errors}개, 경고 {warnings}개"),
        };
        out
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Checks YAML or JSON text (several documents and `kind: List` allowed).
pub fn check_text(text: &str, file: &str) -> Report {
    run_text(text, file).report()
}

/// Checks objects given as JSON values: one object, a `kind: List`, or an array of them.
pub fn check_value(value: &Value, file: &str) -> Report {
    run_value(value, file).report()
}

/// Checks a file, or every `.yaml`, `.yml` and `.json` file of a folder. A file that cannot
/// be read is reported as a diagnostic, not an error.
pub fn check_path(path: &Path) -> Report {
    check_path_against(path, &[])
}

/// [`check_text`] of a new version of objects that exist as `previous`: an object that
/// was there before also gets the API server's update validation
/// ([`validate_update`](super::update::validate_update)).
pub fn check_text_against(text: &str, file: &str, previous: &[Object]) -> Report {
    run_text_against(text, file, previous).report()
}

/// [`check_value`] against `previous`, as [`check_text_against`].
pub fn check_value_against(value: &Value, file: &str, previous: &[Object]) -> Report {
    run_value_against(value, file, previous).report()
}

/// [`check_path`] against `previous`, as [`check_text_against`].
pub fn check_path_against(path: &Path, previous: &[Object]) -> Report {
    let name = path.display().to_string();
    let files = match manifest_files(path) {
        Ok(files) => files,
        Err(e) => return unreadable(&name, &e),
    };
    let mut report = Report::default();
    let count = files.len();
    for file in files {
        let part = match read_file(&file) {
            Ok((text, name)) => check_text_against(&text, &name, previous),
            Err(Error::Manifest(diagnostics)) => Report { diagnostics },
            Err(e) => unreadable(&file.display().to_string(), &e),
        };
        report.diagnostics.extend(part.diagnostics);
    }
    only_when_nothing_at_all(&mut report.diagnostics, count, &name);
    report
}

/// A folder is empty for `kubectl apply -f` only when none of its `files` holds an
/// object: one empty file beside others is fine. Keeps one `no-objects` error, for `name`,
/// when every file had one (or there is no file at all), and none otherwise.
pub(super) fn only_when_nothing_at_all(
    diagnostics: &mut Vec<Diagnostic>,
    files: usize,
    name: &str,
) {
    let empty_files = diagnostics
        .iter()
        .filter(|d| d.code == "no-objects")
        .count();
    diagnostics.retain(|d| d.code != "no-objects");
    if empty_files == files {
        diagnostics.push(no_objects(name));
    }
}

fn unreadable(file: &str, e: &Error) -> Report {
    let reason = match e {
        Error::Io { reason, .. } => reason.clone(),
        other => other.to_string(),
    };
    Report {
        diagnostics: vec![Diagnostic::error(
            "unreadable-file",
            Pos::default(),
            Text::new(
                format!("cannot read the file: {reason}"),
                format!("파일을 읽을 수 없습니다: {reason}"),
            ),
        )
        .with_file(file)],
    }
}

/// The outcome of the pipeline on one input: the objects, and every diagnostic.
pub(super) struct Run {
    objects: Vec<Loaded>,
    diagnostics: Vec<Diagnostic>,
}

impl Run {
    fn report(self) -> Report {
        Report {
            diagnostics: self.diagnostics,
        }
    }

    /// The objects, or every error when there is one (warnings do not block loading).
    pub(super) fn into_result(self) -> Result<Vec<Loaded>> {
        if self.diagnostics.iter().any(is_error) {
            Err(Error::Manifest(
                self.diagnostics.into_iter().filter(is_error).collect(),
            ))
        } else {
            Ok(self.objects)
        }
    }
}

/// Diagnostics stay in pipeline order: documents in order, and within one document the
/// structural problems (in source order) before the validation rules' findings. An input
/// without a single object (empty, or only comments) is an error, as `kubectl apply`
/// refuses it ("no objects passed to apply").
fn finish(loader: Loader<'_>) -> Run {
    let mut diagnostics = loader.diagnostics;
    if loader.objects.is_empty() && diagnostics.is_empty() {
        diagnostics.push(no_objects(loader.file));
    }
    Run {
        objects: loader.objects,
        diagnostics,
    }
}

/// `no-objects`: kubectl's "error: no objects passed to apply" (staging/src/k8s.io/kubectl/
/// pkg/cmd/apply/apply.go, `ApplyOptions.Run` when the visitor found nothing).
fn no_objects(file: &str) -> Diagnostic {
    Diagnostic::error(
        "no-objects",
        Pos::default(),
        Text::new(
            "no objects passed to apply: the manifest is empty or holds only comments",
            "apply할 객체가 없습니다: 매니페스트가 비어 있거나 주석뿐입니다",
        ),
    )
    .with_hint(Text::new(
        "write at least one object (apiVersion, kind, metadata and its spec); check that the file was saved",
        "객체를 하나 이상 쓰세요 (apiVersion, kind, metadata와 spec). 파일이 저장되었는지도 확인하세요",
    ))
    .with_file(file)
}

pub(super) fn run_text(text: &str, file: &str) -> Run {
    run_text_against(text, file, &[])
}

fn run_text_against(text: &str, file: &str, previous: &[Object]) -> Run {
    let docs = match parse_stream(text, &Limits::default()) {
        Ok(docs) => docs,
        Err(d) => {
            return Run {
                objects: Vec::new(),
                diagnostics: vec![d.with_file(file)],
            }
        }
    };
    let mut loader = Loader::new(file, Some(text));
    loader.previous = previous;
    for doc in &docs {
        loader.document(&doc.root, 0);
    }
    finish(loader)
}

pub(super) fn run_value(value: &Value, file: &str) -> Run {
    run_value_against(value, file, &[])
}

fn run_value_against(value: &Value, file: &str, previous: &[Object]) -> Run {
    let mut loader = Loader::new(file, None);
    loader.previous = previous;
    match value {
        Value::Array(items) => items
            .iter()
            .for_each(|item| loader.document(&Node::from_json(item), 0)),
        other => loader.document(&Node::from_json(other), 0),
    }
    finish(loader)
}

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;
