//! Loading manifests: text, files, folders or JSON values → typed objects with the API
//! server's defaults applied, every problem located by file, line, column and field path.

use std::path::Path;

use serde_json::Value;

use super::defaults::apply_defaults;
use super::diagnostic::{Diagnostic, Pos, Text};
use super::node::{parse_path, Node, NodeValue};
use super::parse::{parse_stream, Limits};
use crate::api::object::{resolve_kind, KindLookup, Object};
use crate::error::{Error, Result};

/// One object loaded from a manifest, with where it was written.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub object: Object,
    pub file: String,
    pub pos: Pos,
}

/// The name used for text that did not come from a file.
pub const INPUT: &str = "<input>";

/// Loads every object in a YAML or JSON stream (`---` separated, `kind: List` expanded).
pub fn load_text(text: &str, file: &str) -> Result<Vec<Loaded>> {
    let docs = parse_stream(text, &Limits::default())
        .map_err(|d| Error::Manifest(vec![d.with_file(file)]))?;
    let mut loader = Loader::new(file);
    for doc in &docs {
        loader.document(&doc.root, 0);
    }
    loader.finish()
}

/// Loads objects given as JSON values: one object, a `kind: List`, or an array of objects.
pub fn load_value(value: &Value, file: &str) -> Result<Vec<Loaded>> {
    let mut loader = Loader::new(file);
    match value {
        Value::Array(items) => items
            .iter()
            .for_each(|item| loader.document(&Node::from_json(item), 0)),
        other => loader.document(&Node::from_json(other), 0),
    }
    loader.finish()
}

/// Loads a file, or every `.yaml`, `.yml` and `.json` file of a folder in name order.
pub fn load_path(path: &Path) -> Result<Vec<Loaded>> {
    if path.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| io_error(path, &e))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
            })
            .collect();
        files.sort();
        let mut all = Vec::new();
        let mut diagnostics = Vec::new();
        for file in files {
            match load_file(&file) {
                Ok(objects) => all.extend(objects),
                Err(Error::Manifest(d)) => diagnostics.extend(d),
                Err(e) => return Err(e),
            }
        }
        return if diagnostics.iter().any(is_error) {
            Err(Error::Manifest(diagnostics))
        } else {
            Ok(all)
        };
    }
    load_file(path)
}

fn load_file(path: &Path) -> Result<Vec<Loaded>> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
    let text = decode_utf8(&bytes, &name)?;
    load_text(&text, &name)
}

/// Text must be UTF-8, as the API server requires; a byte-order mark is dropped.
pub fn decode_utf8(bytes: &[u8], file: &str) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let before = &bytes[..e.valid_up_to()];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = String::from_utf8_lossy(before)
                .rsplit('\n')
                .next()
                .map_or(0, |l| l.chars().count())
                + 1;
            Err(Error::Manifest(vec![Diagnostic::error(
                "not-utf8",
                Pos { line, column },
                Text::new(
                    "the input is not UTF-8 text (is it a binary file?)",
                    "입력이 UTF-8 텍스트가 아닙니다 (바이너리 파일인가요?)",
                ),
            )
            .with_file(file)]))
        }
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

fn is_error(d: &Diagnostic) -> bool {
    d.severity == super::diagnostic::Severity::Error
}

/// Collects objects and diagnostics across the documents of one input.
struct Loader<'a> {
    file: &'a str,
    objects: Vec<Loaded>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Loader<'a> {
    fn new(file: &'a str) -> Loader<'a> {
        Loader {
            file,
            objects: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    fn finish(self) -> Result<Vec<Loaded>> {
        if self.diagnostics.iter().any(is_error) {
            Err(Error::Manifest(self.diagnostics))
        } else {
            Ok(self.objects)
        }
    }

    fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push(d.with_file(self.file));
    }

    /// Decodes one document; `kind: List` recurses into its items (at most a few levels).
    fn document(&mut self, root: &Node, depth: usize) {
        let NodeValue::Map(_) = &root.value else {
            self.error(Diagnostic::error(
                "not-an-object",
                root.pos,
                Text::new(
                    format!(
                        "a manifest must be a mapping with apiVersion, kind and metadata, but this document is {}",
                        describe(root)
                    ),
                    format!(
                        "매니페스트는 apiVersion, kind, metadata를 가진 매핑이어야 하는데, 이 문서는 {}입니다",
                        describe_ko(root)
                    ),
                ),
            ));
            return;
        };
        let api_version = root.get("apiVersion").and_then(Node::as_str);
        let kind = root.get("kind").and_then(Node::as_str);
        let (Some(api_version), Some(kind)) = (api_version, kind) else {
            self.missing_type_fields(root, api_version.is_none(), kind.is_none());
            return;
        };
        if kind == "List" || (kind.ends_with("List") && root.get("items").is_some()) {
            self.list(root, depth);
            return;
        }
        let kind_pos = root.entry("kind").map_or(root.pos, |e| e.value.pos);
        let version_pos = root.entry("apiVersion").map_or(root.pos, |e| e.value.pos);
        match resolve_kind(api_version, kind) {
            KindLookup::Removed { replacement, removed_in } => self.error(
                Diagnostic::error(
                    "removed-api-version",
                    version_pos,
                    Text::new(
                        format!("{kind} in {api_version} is no longer served (removed in Kubernetes {removed_in})"),
                        format!("{api_version}의 {kind}는 더 이상 제공되지 않습니다 (쿠버네티스 {removed_in}에서 제거됨)"),
                    ),
                )
                .with_path("apiVersion")
                .with_hint(Text::new(
                    format!("use `apiVersion: {replacement}`"),
                    format!("`apiVersion: {replacement}`을(를) 쓰세요"),
                )),
            ),
            KindLookup::WrongGroup { expected_api_version } => self.error(
                Diagnostic::error(
                    "wrong-api-version",
                    version_pos,
                    Text::new(
                        format!("no matches for kind \"{kind}\" in version \"{api_version}\""),
                        format!("\"{api_version}\" 버전에는 \"{kind}\" 종류가 없습니다"),
                    ),
                )
                .with_path("apiVersion")
                .with_hint(Text::new(
                    format!("{kind} is served as `apiVersion: {expected_api_version}`"),
                    format!("{kind}는 `apiVersion: {expected_api_version}`(으)로 제공됩니다"),
                )),
            ),
            KindLookup::Unknown { suggestion } => {
                let mut d = Diagnostic::error(
                    "unknown-kind",
                    kind_pos,
                    Text::new(
                        format!("no matches for kind \"{kind}\" in version \"{api_version}\""),
                        format!("\"{api_version}\" 버전에는 \"{kind}\" 종류가 없습니다"),
                    ),
                )
                .with_path("kind");
                if let Some(s) = suggestion {
                    d = d.with_hint(Text::new(
                        format!("did you mean `kind: {s}`?"),
                        format!("`kind: {s}`을(를) 의도하셨나요?"),
                    ));
                }
                self.error(d);
            }
            KindLookup::Served | KindLookup::NotSimulated => self.decode(root),
        }
    }

    fn list(&mut self, root: &Node, depth: usize) {
        match root.get("items").map(|n| &n.value) {
            Some(NodeValue::Seq(items)) if depth < 4 => {
                for item in items {
                    self.document(item, depth + 1);
                }
            }
            Some(NodeValue::Null) | None => {}
            _ => self.error(
                Diagnostic::error(
                    "type-error",
                    root.get("items").map_or(root.pos, |n| n.pos),
                    Text::new("items of a List must be a list of objects", "List의 items는 객체의 목록이어야 합니다"),
                )
                .with_path("items"),
            ),
        }
    }

    fn decode(&mut self, root: &Node) {
        match Object::from_json(root.to_json()) {
            Ok(mut object) => {
                apply_defaults(&mut object);
                self.objects.push(Loaded {
                    object,
                    file: self.file.to_string(),
                    pos: root.pos,
                });
            }
            Err(e) => {
                let path = e.path.clone();
                let pos = root.locate(&parse_path(&path));
                self.error(
                    Diagnostic::error(
                        "type-error",
                        pos,
                        Text::new(e.message.clone(), e.message_ko()),
                    )
                    .with_path(path),
                );
            }
        }
    }

    fn missing_type_fields(&mut self, root: &Node, no_version: bool, no_kind: bool) {
        for (missing, field) in [(no_version, "apiVersion"), (no_kind, "kind")] {
            if !missing {
                continue;
            }
            let pos = root.entry(field).map_or(root.pos, |e| e.value.pos);
            let present = root.get(field).is_some();
            self.error(
                Diagnostic::error(
                    "missing-type",
                    pos,
                    if present {
                        Text::new(format!("{field} must be a string"), format!("{field}는 문자열이어야 합니다"))
                    } else {
                        Text::new(format!("{field} not set"), format!("{field}가 없습니다"))
                    },
                )
                .with_path(field)
                .with_hint(Text::new(
                    "every manifest starts with `apiVersion:` and `kind:`, e.g. `apiVersion: apps/v1` and `kind: Deployment`",
                    "모든 매니페스트는 `apiVersion:`과 `kind:`로 시작합니다. 예: `apiVersion: apps/v1`, `kind: Deployment`",
                )),
            );
        }
    }
}

fn describe(node: &Node) -> &'static str {
    match node.value {
        NodeValue::Seq(_) => "a list",
        NodeValue::Str(_) => "a string",
        NodeValue::Int(_) | NodeValue::Float(_) => "a number",
        NodeValue::Bool(_) => "a boolean",
        NodeValue::Null => "empty",
        NodeValue::Map(_) => "a mapping",
    }
}

fn describe_ko(node: &Node) -> &'static str {
    match node.value {
        NodeValue::Seq(_) => "목록",
        NodeValue::Str(_) => "문자열",
        NodeValue::Int(_) | NodeValue::Float(_) => "숫자",
        NodeValue::Bool(_) => "불리언",
        NodeValue::Null => "빈 값",
        NodeValue::Map(_) => "매핑",
    }
}
