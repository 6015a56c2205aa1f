//! Loading manifests: text, files, folders or JSON values → typed objects with the API
//! server's defaults applied, every problem located by file, line, column and field path.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::check;
use super::defaults::apply_defaults;
use super::diagnostic::{Diagnostic, Pos, Text};
use super::node::{parse_path, Node, NodeValue};
use super::rules;
use super::schema;
use super::strict;
use super::suggest;
use super::update;
use crate::api::kinds::{resolve_kind, KindLookup, SERVED_KINDS};
use crate::api::object::{DecodeError, DecodeErrorKind, Object};
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
///
/// Runs the same pipeline as [`check_text`](super::check::check_text): any error it finds
/// makes the load fail with exactly those errors; warnings do not block loading.
pub fn load_text(text: &str, file: &str) -> Result<Vec<Loaded>> {
    log::debug!("loading {} bytes from {file}", text.len());
    check::run_text(text, file).into_result()
}

/// Loads objects given as JSON values: one object, a `kind: List`, or an array of objects.
pub fn load_value(value: &Value, file: &str) -> Result<Vec<Loaded>> {
    check::run_value(value, file).into_result()
}

/// Loads a file, or every `.yaml`, `.yml` and `.json` file of a folder in name order.
pub fn load_path(path: &Path) -> Result<Vec<Loaded>> {
    let mut all = Vec::new();
    let mut diagnostics = Vec::new();
    let files = manifest_files(path)?;
    let count = files.len();
    for file in files {
        match load_file(&file) {
            Ok(objects) => all.extend(objects),
            Err(Error::Manifest(d)) => diagnostics.extend(d),
            Err(e) => return Err(e),
        }
    }
    check::only_when_nothing_at_all(&mut diagnostics, count, &path.display().to_string());
    if diagnostics.iter().any(is_error) {
        Err(Error::Manifest(diagnostics))
    } else {
        Ok(all)
    }
}

/// The manifest files at `path`: the file itself, or every `.yaml`, `.yml` and `.json`
/// file of a folder in name order.
pub fn manifest_files(path: &Path) -> Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
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
    Ok(files)
}

fn load_file(path: &Path) -> Result<Vec<Loaded>> {
    let (text, name) = read_file(path)?;
    load_text(&text, &name)
}

/// Reads a manifest file as UTF-8 text; returns the text and the name diagnostics use.
///
/// Bounded: only a regular file is opened (a FIFO would block for ever, `/dev/zero` never
/// ends), its size is checked before reading, and at most the API server's limit plus one
/// byte is read (a file may grow between the check and the read).
pub fn read_file(path: &Path) -> Result<(String, String)> {
    use std::io::Read;

    let name = path.display().to_string();
    let max = super::parse::Limits::default().max_bytes;
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if !meta.is_file() {
        return Err(Error::Io {
            path: name,
            reason: "not a regular file (a folder, device, pipe or socket); not read".into(),
        });
    }
    if meta.len() > max as u64 {
        return Err(Error::Manifest(vec![
            too_large(meta.len(), max).with_file(&name)
        ]));
    }
    let file = std::fs::File::open(path).map_err(|e| io_error(path, &e))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, &e))?;
    if bytes.len() > max {
        return Err(Error::Manifest(vec![
            too_large(bytes.len() as u64, max).with_file(&name)
        ]));
    }
    let text = decode_utf8(&bytes, &name)?;
    Ok((text, name))
}

/// The `input-too-large` diagnostic for a file of `size` bytes.
fn too_large(size: u64, max: usize) -> Diagnostic {
    Diagnostic::error(
        "input-too-large",
        Pos { line: 1, column: 1 },
        Text::new(
            format!("the file is {size} bytes, more than the {max} bytes the API server accepts; not read"),
            format!("파일이 {size} 바이트로, API 서버가 받는 최대 크기({max} 바이트)를 넘어 읽지 않았습니다"),
        ),
    )
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

pub(super) fn io_error(path: &Path, e: &std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

pub(super) fn is_error(d: &Diagnostic) -> bool {
    d.severity == super::diagnostic::Severity::Error
}

/// Collects objects and diagnostics (errors and warnings) across the documents of one
/// input. The pipeline for one document: kind lookup, strict decoding against the schema,
/// decoding into the object model, API-server defaults, validation rules.
pub(super) struct Loader<'a> {
    pub(super) file: &'a str,
    /// The source text, to quote values as written; `None` for JSON values.
    text: Option<&'a str>,
    pub(super) objects: Vec<Loaded>,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The objects as they were before (`ks.check(new, old=...)`): an object found here
    /// by kind, namespace and name also gets the API server's update validation.
    pub(super) previous: &'a [Object],
}

impl<'a> Loader<'a> {
    pub(super) fn new(file: &'a str, text: Option<&'a str>) -> Loader<'a> {
        Loader {
            file,
            text,
            objects: Vec::new(),
            diagnostics: Vec::new(),
            previous: &[],
        }
    }

    fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push(d.with_file(self.file));
    }

    /// Decodes one document; `kind: List` recurses into its items (at most a few levels).
    pub(super) fn document(&mut self, root: &Node, depth: usize) {
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
        let kind = root.get("kind").and_then(Node::as_str);
        if root.get("items").is_some() && kind.is_some_and(|k| k == "List" || k.ends_with("List")) {
            self.list(root, depth);
            return;
        }
        if let Some(d) = unknown_builtin_kind(root) {
            self.error(d);
            return;
        }
        self.decode(root);
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
                    Text::new(
                        "items of a List must be a list of objects",
                        "List의 items는 객체의 목록이어야 합니다",
                    ),
                )
                .with_path("items"),
            ),
        }
    }

    fn decode(&mut self, root: &Node) {
        let api_version = root.get("apiVersion").and_then(Node::as_str).unwrap_or("");
        let kind = root.get("kind").and_then(Node::as_str).unwrap_or("");
        // Removed and misplaced apiVersions are reported by the decoder alone: checking
        // their fields against another version's schema would only add noise.
        let strict = match resolve_kind(api_version, kind) {
            KindLookup::Served(_) | KindLookup::Unknown => Some(strict::check_object(
                root,
                schema::root(api_version, kind),
                self.text,
            )),
            KindLookup::Removed { .. } | KindLookup::WrongGroup { .. } => None,
        };
        let (value, tainted) = match strict {
            Some(outcome) => {
                for d in outcome.diagnostics {
                    self.error(d);
                }
                (outcome.cleaned, outcome.tainted)
            }
            None => (root.to_json(), Vec::new()),
        };
        match Object::from_json(value) {
            Ok(_) if !has_name(root) => self.error(missing_name(root)),
            Ok(mut object) => {
                apply_defaults(&mut object);
                // Structural problems come first (they are what to fix first); rule
                // findings follow in source order.
                let mut found = rules::run(&object, root);
                found.sort_by_key(|d| d.pos);
                for d in found {
                    if !rules::is_consequence(&d, &tainted) {
                        self.error(d);
                    }
                }
                let key = identity(&object);
                if let Some(old) = self.previous.iter().find(|o| identity(o) == key) {
                    for mut d in update::validate_update(&object, old) {
                        d.pos = root.locate(&parse_path(&d.path));
                        self.error(d);
                    }
                }
                self.objects.push(Loaded {
                    object,
                    file: self.file.to_string(),
                    pos: root.pos,
                });
            }
            Err(e) => {
                let d = decode_diagnostic(root, &e);
                self.error(d);
            }
        }
    }
}

/// Kind, namespace (empty means `default`) and name: what makes two manifests the same
/// object for the API server.
fn identity(object: &Object) -> (&str, &str, &str) {
    let meta = object.metadata();
    let namespace = meta.namespace.as_deref().filter(|n| !n.is_empty());
    (
        object.kind(),
        namespace.unwrap_or("default"),
        meta.name.as_deref().unwrap_or(""),
    )
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

/// The diagnostic for an object that did not decode, at the line of the offending field.
fn decode_diagnostic(root: &Node, e: &DecodeError) -> Diagnostic {
    if let Some(d) = list_for_mapping(root, e) {
        return d;
    }
    let pos = match root.entry(&e.path) {
        // For apiVersion and kind, point at the value that is wrong.
        Some(entry) if !e.path.contains(['.', '[']) => entry.value.pos,
        _ => root.locate(&parse_path(&e.path)),
    };
    let (code, message, hint) = match &e.kind {
        DecodeErrorKind::RemovedApiVersion { replacement, removed_in } => {
            let api_version = root.get("apiVersion").and_then(Node::as_str).unwrap_or("");
            let kind = root.get("kind").and_then(Node::as_str).unwrap_or("");
            (
                "removed-api-version",
                Text::new(
                    format!("{kind} in {api_version} is no longer served (removed in Kubernetes {removed_in})"),
                    format!("{api_version}의 {kind}은(는) 더 이상 제공되지 않습니다 (쿠버네티스 {removed_in}에서 제거됨)"),
                ),
                Some(if replacement.is_empty() {
                    Text::new(
                        "this kind was removed from Kubernetes altogether; remove the object",
                        "이 종류는 쿠버네티스에서 완전히 제거되었습니다. 객체를 지우세요",
                    )
                } else {
                    Text::new(
                        format!("use `apiVersion: {replacement}`"),
                        format!("`apiVersion: {replacement}`을(를) 쓰세요"),
                    )
                }),
            )
        }
        DecodeErrorKind::WrongApiVersion { expected_api_version } => {
            let api_version = root.get("apiVersion").and_then(Node::as_str).unwrap_or("");
            let kind = root.get("kind").and_then(Node::as_str).unwrap_or("");
            (
                "wrong-api-version",
                Text::new(
                    format!("no matches for kind \"{kind}\" in version \"{api_version}\""),
                    format!("\"{api_version}\" 버전에는 \"{kind}\" 종류가 없습니다"),
                ),
                Some(Text::new(
                    format!("{kind} is served as `apiVersion: {expected_api_version}`"),
                    format!("{kind}은(는) `apiVersion: {expected_api_version}`(으)로 제공됩니다"),
                )),
            )
        }
        DecodeErrorKind::MissingTypeMeta => (
            "missing-type",
            if e.message.contains("required") {
                Text::new(format!("{} not set", e.path), format!("{} 필드가 없습니다", e.path))
            } else {
                Text::new(
                    format!("{} must be a string", e.path),
                    format!("{} 필드는 문자열이어야 합니다", e.path),
                )
            },
            Some(Text::new(
                "every manifest starts with `apiVersion:` and `kind:`, e.g. `apiVersion: apps/v1` and `kind: Deployment`",
                "모든 매니페스트는 `apiVersion:`와(과) `kind:`(으)로 시작합니다. 예: `apiVersion: apps/v1`, `kind: Deployment`",
            )),
        ),
        DecodeErrorKind::NotAnObject | DecodeErrorKind::InvalidField => (
            "type-error",
            Text::new(e.message.clone(), korean_serde_message(&e.message)),
            Some(type_hint(&e.message)),
        ),
    };
    let path = if code == "missing-type" {
        String::new()
    } else {
        e.path.clone()
    };
    let mut d = Diagnostic::error(code, pos, message).with_path(path);
    if let Some(h) = hint {
        d = d.with_hint(h);
    }
    d
}

/// API groups built into the API server: an unknown kind there is a mistake, not a
/// custom resource.
fn is_builtin_group(api_version: &str) -> bool {
    let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
    group.is_empty()
        || !group.contains('.')
        || group.ends_with(".k8s.io") && !group.ends_with(".x-k8s.io")
}

/// An unknown kind in a built-in group, with the closest real kind as a hint.
fn unknown_builtin_kind(root: &Node) -> Option<Diagnostic> {
    let api_version = root.get("apiVersion").and_then(Node::as_str)?;
    let kind = root.get("kind").and_then(Node::as_str)?;
    if resolve_kind(api_version, kind) != KindLookup::Unknown || !is_builtin_group(api_version) {
        return None;
    }
    let pos = root.entry("kind").map_or(root.pos, |e| e.value.pos);
    let suggestion = SERVED_KINDS
        .iter()
        .map(|k| {
            (
                suggest::edit_distance(&k.kind.to_lowercase(), &kind.to_lowercase()),
                k,
            )
        })
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k);
    let mut d = Diagnostic::error(
        "unknown-kind",
        pos,
        Text::new(
            format!("no matches for kind \"{kind}\" in version \"{api_version}\""),
            format!("\"{api_version}\" 버전에는 \"{kind}\" 종류가 없습니다"),
        ),
    )
    .with_path("kind");
    if let Some(k) = suggestion {
        d = d.with_hint(Text::new(
            format!(
                "did you mean `kind: {}` (apiVersion: {})?",
                k.kind, k.api_version
            ),
            format!(
                "`kind: {}`(apiVersion: {})을(를) 의도하셨나요?",
                k.kind, k.api_version
            ),
        ));
    }
    Some(d)
}

/// A Korean rendering of serde's type errors ("invalid type: string \"x\", expected i32").
fn korean_serde_message(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return format!(
                "형식이 잘못되었습니다: {expected}이(가) 필요한데 {found}이(가) 있습니다"
            );
        }
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        return format!("값이 잘못되었습니다: {rest}");
    }
    format!("값을 읽을 수 없습니다: {message}")
}

/// True when `metadata.name` or `metadata.generateName` is set.
fn has_name(root: &Node) -> bool {
    let meta = root.get("metadata");
    ["name", "generateName"].iter().any(|k| {
        meta.and_then(|m| m.get(k))
            .and_then(Node::as_str)
            .is_some_and(|s| !s.is_empty())
    })
}

/// The API server's "name or generateName is required" (ValidateObjectMeta).
fn missing_name(root: &Node) -> Diagnostic {
    let pos = root.entry("metadata").map_or(root.pos, |e| e.key_pos);
    Diagnostic::error(
        "missing-name",
        pos,
        Text::new(
            "Required value: name or generateName is required",
            "필수 값: name 또는 generateName이 있어야 합니다",
        ),
    )
    .with_path("metadata.name")
    .with_hint(Text::new(
        "give the object a name under `metadata:`, e.g. `metadata: {name: my-app}`",
        "`metadata:` 아래에 이름을 주세요. 예: `metadata: {name: my-app}`",
    ))
}

/// serde reads a list into a struct field by field, so a list written where a mapping
/// belongs surfaces as a confusing error about the list's first item. Reports it at the
/// field itself, as the API server does ("cannot unmarshal array into ... of type ...").
fn list_for_mapping(root: &Node, e: &DecodeError) -> Option<Diagnostic> {
    let mut segs = parse_path(&e.path);
    let last = segs.pop()?;
    if !matches!(last, super::node::PathSeg::Index(_)) || !e.message.contains("expected a sequence")
    {
        return None;
    }
    let parent_path = e.path.rsplit_once('[').map_or("", |(p, _)| p);
    let mut node = root;
    for seg in &segs {
        node = match (seg, &node.value) {
            (super::node::PathSeg::Key(k), NodeValue::Map(_)) => node.get(k)?,
            (super::node::PathSeg::Index(i), NodeValue::Seq(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    let NodeValue::Seq(_) = node.value else {
        return None;
    };
    Some(
        Diagnostic::error(
            "type-error",
            root.locate(&segs),
            Text::new(
                "expected a mapping (`key: value` lines), but found a list",
                "매핑(`키: 값` 줄)이(가) 와야 하는데 목록이 있습니다",
            ),
        )
        .with_path(parent_path)
        .with_hint(Text::new(
            "remove the `- ` in front of the first line under this field: it takes one object, not a list",
            "이 필드 아래 첫 줄의 `- `을(를) 지우세요. 이 필드는 목록이 아니라 객체 하나를 받습니다",
        )),
    )
}

/// A hint for a type error, from the type serde expected.
fn type_hint(message: &str) -> Text {
    let expected = message.split(", expected ").nth(1).unwrap_or("");
    if ["i32", "i64", "u32", "u64", "integer"]
        .iter()
        .any(|t| expected.contains(t))
    {
        Text::new(
            "this field takes a whole number, written without quotes, e.g. `3`",
            "이 필드에는 따옴표 없는 정수를 씁니다. 예: `3`",
        )
    } else if expected.contains("bool") {
        Text::new(
            "this field takes `true` or `false`",
            "이 필드에는 `true` 또는 `false`을(를) 씁니다",
        )
    } else if expected.contains("string") {
        Text::new(
            "this field takes text; put the value in quotes, e.g. \"80\" or \"true\"",
            "이 필드에는 문자열을 씁니다. 값을 따옴표로 감싸세요. 예: \"80\", \"true\"",
        )
    } else if expected.contains("sequence") {
        Text::new(
            "this field takes a list: start each item on its own line with `- `",
            "이 필드에는 목록을 씁니다. 각 항목을 `- `(으)로 시작하는 줄에 쓰세요",
        )
    } else if expected.contains("struct") || expected.contains("map") {
        Text::new(
            "this field takes a mapping of `key: value` lines, indented under it",
            "이 필드에는 그 아래에 들여 쓴 `키: 값` 줄들의 매핑을 씁니다",
        )
    } else {
        Text::new(
            "check the field's type with `kubectl explain` and the Kubernetes API reference",
            "`kubectl explain`와(과) 쿠버네티스 API 문서에서 이 필드의 형식을 확인하세요",
        )
    }
}

#[cfg(test)]
mod read_tests {
    use super::*;

    fn code(r: Result<(String, String)>) -> String {
        match r {
            Ok(_) => "ok".into(),
            Err(Error::Manifest(d)) => d[0].code.to_string(),
            Err(Error::Io { reason, .. }) => format!("io: {reason}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn reads_are_bounded() {
        let dir = std::env::temp_dir().join(format!("kubesim-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let sparse = dir.join("big.yaml");
        let f = std::fs::File::create(&sparse).unwrap();
        f.set_len(4 * 1024 * 1024).unwrap();
        let small = dir.join("small.yaml");
        std::fs::write(&small, "a: b\n").unwrap();
        let cases: Vec<(&Path, &str)> = vec![
            (Path::new("/dev/zero"), "io: not a regular file"),
            (Path::new("/dev/null"), "io: not a regular file"),
            (&dir, "io: not a regular file"),
            (&sparse, "input-too-large"),
            (&small, "ok"),
        ];
        for (path, want) in cases {
            let got = code(read_file(path));
            assert!(got.starts_with(want), "{}: {got}", path.display());
        }
        #[cfg(unix)]
        {
            let fifo = dir.join("fifo.yaml");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                // Would block for ever if it were opened.
                assert!(code(read_file(&fifo)).starts_with("io: not a regular file"));
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
