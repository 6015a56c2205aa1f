//! Strict decoding: every field of a document checked against the API schema, as the API
//! server does with `fieldValidation=Strict` (`kubectl apply --validate=strict`), and then
//! better: an unknown field gets a "did you mean", a field written at the wrong level is
//! named as misplaced with the column it belongs at, and a value of the wrong type gets a
//! hint that fixes it.
//!
//! Upstream, unknown fields are found by sigs.k8s.io/json's strict unmarshalling
//! (`UnmarshalStrict`) and reported as `strict decoding error: unknown field "..."`; type
//! mismatches as `json: cannot unmarshal string into Go struct field ... of type int32`.
//!
//! The walk also yields the document as JSON with every offending field removed, so that
//! the object can still be decoded and the validation rules can run on the rest.

use serde_json::{Map, Value};

use super::diagnostic::{Diagnostic, Pos, Text};
use super::node::{Entry, Node, NodeValue};
use super::schema::{self, Struct, Ty, OBJECT_META};
use super::suggest::closest;
use crate::api::Quantity;

/// What strict decoding found in one document.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    /// The document as JSON, without the fields that were reported.
    pub cleaned: Value,
    /// Field paths around the reported fields: a validation rule's finding there is most
    /// likely a consequence (a misplaced `template` leaves the spec without one), so it is
    /// not reported on top.
    pub tainted: Vec<String>,
}

/// Checks one object. `schema` is the kind's schema ([`schema::root`]); without one only
/// `metadata` is checked (custom resources and kinds the table does not cover). `text` is
/// the source, used to quote values exactly as written in hints.
pub fn check_object<'a>(
    root: &'a Node,
    schema: Option<&'static Struct>,
    text: Option<&'a str>,
) -> Outcome {
    let mut walker = Walker {
        text,
        key_pos: None,
        root_schema: schema,
        levels: Vec::new(),
        out: Outcome::default(),
    };
    let cleaned = match schema {
        Some(s) => walker.object(root, s, "", &[]),
        None => walker.loose_root(root),
    };
    walker.out.cleaned = cleaned.unwrap_or(Value::Null);
    walker.out
}

/// One struct being walked: where it is, and the column its keys are written at.
struct Level<'a> {
    /// The mapping itself, to see which keys were written next to a misplaced one.
    node: &'a Node,
    path: String,
    names: Vec<&'static str>,
    column: usize,
}

struct Walker<'a> {
    text: Option<&'a str>,
    /// Where the key of the field whose value is being checked is written: a type error
    /// on a block list or mapping points there, as the value starts on the next line.
    key_pos: Option<Pos>,
    root_schema: Option<&'static Struct>,
    levels: Vec<Level<'a>>,
    out: Outcome,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn where_en(path: &str) -> String {
    if path.is_empty() {
        "the top level".to_string()
    } else {
        format!("`{path}`")
    }
}

fn where_ko(path: &str) -> String {
    if path.is_empty() {
        "최상위".to_string()
    } else {
        format!("`{path}`")
    }
}

impl<'a> Walker<'a> {
    fn error(&mut self, d: Diagnostic, taint: &str) {
        self.out.diagnostics.push(d);
        self.out.tainted.push(taint.to_string());
    }

    /// Without a schema: `metadata` is still ObjectMeta; everything else is only scanned
    /// for YAML 1.1 booleans.
    fn loose_root(&mut self, root: &'a Node) -> Option<Value> {
        let NodeValue::Map(entries) = &root.value else {
            return Some(root.to_json());
        };
        let mut map = Map::new();
        for e in entries {
            let v = if e.key == "metadata" {
                self.value(
                    &e.value,
                    &Ty::Struct(&OBJECT_META),
                    "metadata",
                    &["metadata"],
                )
            } else {
                self.value(&e.value, &Ty::Any, &e.key, &[])
            };
            if let Some(v) = v {
                map.insert(e.key.clone(), v);
            }
        }
        Some(Value::Object(map))
    }

    /// Checks `node` against `ty`; `None` when it does not fit (the problem is reported).
    fn value(
        &mut self,
        node: &'a Node,
        ty: &Ty,
        path: &str,
        names: &[&'static str],
    ) -> Option<Value> {
        match (ty, &node.value) {
            (_, NodeValue::Null) => Some(zero_value(ty)),
            (Ty::Any, _) => {
                self.scan_yaml11(node, path);
                Some(node.to_json())
            }
            (Ty::Struct(s), NodeValue::Map(_)) => self.object(node, s, path, names),
            (Ty::List(inner), NodeValue::Seq(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let item_path = format!("{path}[{i}]");
                    self.key_pos = None;
                    // An item that does not fit is reported and replaced by its zero value,
                    // so that indexes keep matching the source.
                    out.push(
                        self.value(item, inner, &item_path, names)
                            .unwrap_or_else(|| zero_value(inner)),
                    );
                }
                Some(Value::Array(out))
            }
            (Ty::Map(inner), NodeValue::Map(entries)) => {
                let mut out = Map::new();
                for e in entries {
                    let entry_path = format!("{path}[{}]", e.key);
                    self.key_pos = Some(e.key_pos);
                    if let Some(v) = self.value(&e.value, inner, &entry_path, names) {
                        out.insert(e.key.clone(), v);
                    }
                }
                Some(Value::Object(out))
            }
            _ => self.scalar(node, ty, path),
        }
    }

    fn object(
        &mut self,
        node: &'a Node,
        s: &'static Struct,
        path: &str,
        names: &[&'static str],
    ) -> Option<Value> {
        let NodeValue::Map(entries) = &node.value else {
            return self.scalar(node, &Ty::Struct(s), path);
        };
        let column = entries
            .first()
            .map_or(node.pos.column, |e| e.key_pos.column);
        self.levels.push(Level {
            node,
            path: path.to_string(),
            names: names.to_vec(),
            column,
        });
        let mut map = Map::new();
        for e in entries {
            let child_path = join(path, &e.key);
            match s.field(&e.key) {
                Some(field) => {
                    if matches!(e.value.value, NodeValue::Null) {
                        continue;
                    }
                    let mut child_names = names.to_vec();
                    child_names.push(field.name);
                    self.key_pos = Some(e.key_pos);
                    if let Some(v) = self.value(&e.value, &field.ty, &child_path, &child_names) {
                        map.insert(e.key.clone(), v);
                    }
                }
                None => self.unknown_field(e, s, path, names),
            }
        }
        self.levels.pop();
        Some(Value::Object(map))
    }

    /// A scalar, or a value whose shape does not fit `ty`.
    fn scalar(&mut self, node: &Node, ty: &Ty, path: &str) -> Option<Value> {
        let ok = match (ty, &node.value) {
            (Ty::Str | Ty::Time | Ty::Bytes, NodeValue::Str(_)) => true,
            (Ty::Bool, NodeValue::Bool(b)) => {
                if node.yaml11_bool {
                    self.yaml11_warning(node, path, *b, true);
                }
                true
            }
            (Ty::Int32, NodeValue::Int(i)) => return self.int32(node, *i, path),
            (Ty::Int64, NodeValue::Int(_))
            | (Ty::Float, NodeValue::Int(_) | NodeValue::Float(_)) => true,
            (Ty::Int32 | Ty::Int64, NodeValue::Float(f)) if is_whole(*f) => {
                if matches!(ty, Ty::Int32) && !fits_i32(*f) {
                    return self.out_of_range(node, path);
                }
                true
            }
            (Ty::IntOrString, NodeValue::Str(_)) => true,
            (Ty::IntOrString, NodeValue::Int(i)) => return self.int32(node, *i, path),
            (Ty::IntOrString, NodeValue::Float(f)) if is_whole(*f) && fits_i32(*f) => true,
            (Ty::Quantity, NodeValue::Int(_) | NodeValue::Float(_)) => true,
            (Ty::Quantity, NodeValue::Str(s)) => return self.quantity(node, s, path),
            _ => false,
        };
        if ok {
            Some(node.to_json())
        } else {
            let d = self.type_error(node, ty, path);
            self.error(d, path);
            None
        }
    }

    fn int32(&mut self, node: &Node, i: i64, path: &str) -> Option<Value> {
        if i32::try_from(i).is_ok() {
            Some(node.to_json())
        } else {
            self.out_of_range(node, path)
        }
    }

    fn out_of_range(&mut self, node: &Node, path: &str) -> Option<Value> {
        let token = self.token(node);
        let d = Diagnostic::error(
            "type-error",
            node.pos,
            Text::new(
                format!("{token} is out of range for an int32 (at most 2147483647)"),
                format!("{token}은(는) int32 범위를 벗어납니다 (최대 2147483647)"),
            ),
        )
        .with_path(path);
        self.error(d, path);
        None
    }

    fn quantity(&mut self, node: &Node, s: &str, path: &str) -> Option<Value> {
        match Quantity::parse(s.trim()) {
            Ok(_) => Some(node.to_json()),
            Err(_) => {
                let d = Diagnostic::error(
                    "invalid-quantity",
                    node.pos,
                    Text::new(
                        format!(
                            "Invalid value: {s:?}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
                        ),
                        format!(
                            "잘못된 값: {s:?}: 수량은 정규식 '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'에 맞아야 합니다"
                        ),
                    ),
                )
                .with_path(path)
                .with_hint(Text::new(
                    "write a number with an optional suffix: CPU as `500m` or `1`, memory as `128Mi` or `1Gi` (suffixes are case-sensitive: `Mi`, not `mi` or `MB`)",
                    "숫자 뒤에 단위를 붙여 쓰세요: CPU는 `500m`이나 `1`, 메모리는 `128Mi`나 `1Gi` (단위는 대소문자를 구분합니다: `mi`나 `MB`이(가) 아니라 `Mi`)",
                ));
                self.error(d, path);
                None
            }
        }
    }

    /// The text of a scalar as written in the source, or its JSON rendering.
    fn token(&self, node: &Node) -> String {
        self.text
            .and_then(|t| source_token(t, node.pos))
            .map(str::to_string)
            .unwrap_or_else(|| node.to_json().to_string())
    }

    fn type_error(&self, node: &Node, ty: &Ty, path: &str) -> Diagnostic {
        let token = self.token(node);
        let (found_en, found_ko) = found(node, &token);
        let (expected_en, expected_ko) = expected(ty);
        let message = Text::new(
            format!("wrong type: expected {expected_en}, but found {found_en}"),
            format!(
                "형식이 잘못되었습니다: {expected_ko}이(가) 와야 하는데 {found_ko}이(가) 있습니다"
            ),
        );
        let pos = match (&node.value, self.key_pos) {
            (NodeValue::Seq(_) | NodeValue::Map(_), Some(key)) => key,
            _ => node.pos,
        };
        Diagnostic::error("type-error", pos, message)
            .with_path(path)
            .with_hint(type_hint(node, ty, &token))
    }

    fn yaml11_warning(&mut self, node: &Node, path: &str, value: bool, bool_field: bool) {
        let token = self.token(node);
        let hint = if bool_field {
            Text::new(
                format!("write `{value}` instead of `{token}`; YAML 1.2 tools read `{token}` as a string"),
                format!("`{token}` 대신 `{value}`을(를) 쓰세요. YAML 1.2 도구는 `{token}`을(를) 문자열로 읽습니다"),
            )
        } else {
            Text::new(
                format!("if you meant the text {token}, write it in quotes: \"{token}\""),
                format!("문자열 {token}을(를) 뜻했다면 따옴표로 감싸세요: \"{token}\""),
            )
        };
        self.out.diagnostics.push(
            Diagnostic::warning(
                "yaml11-boolean",
                node.pos,
                Text::new(
                    format!("`{token}` is read as the boolean {value} (YAML 1.1, as Kubernetes reads YAML)"),
                    format!("`{token}`은(는) 불리언 {value}(으)로 읽힙니다 (쿠버네티스가 읽는 YAML 1.1 규칙)"),
                ),
            )
            .with_path(path)
            .with_hint(hint),
        );
    }

    /// YAML 1.1 booleans anywhere under a value of unknown type.
    fn scan_yaml11(&mut self, node: &Node, path: &str) {
        match &node.value {
            NodeValue::Bool(b) if node.yaml11_bool => self.yaml11_warning(node, path, *b, false),
            NodeValue::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.scan_yaml11(item, &format!("{path}[{i}]"));
                }
            }
            NodeValue::Map(entries) => {
                for e in entries {
                    self.scan_yaml11(&e.value, &join(path, &e.key));
                }
            }
            _ => {}
        }
    }

    fn unknown_field(
        &mut self,
        entry: &Entry,
        s: &'static Struct,
        parent: &str,
        names: &[&'static str],
    ) {
        let path = join(parent, &entry.key);
        if let Some(d) = self.misplaced(entry, parent, names, &path) {
            return self.out.diagnostics.push(d);
        }
        let key = &entry.key;
        let message = Text::new(
            format!("unknown field \"{key}\""),
            format!("알 수 없는 필드 \"{key}\""),
        );
        let hint = match closest(&entry.key, s.field_names()) {
            Some(good) => Text::new(
                format!("did you mean `{good}`? Rename `{}:` to `{good}:`", entry.key),
                format!("`{good}`을(를) 의도하셨나요? `{}:`을(를) `{good}:`(으)로 고치세요", entry.key),
            ),
            None if s.fields.len() <= 12 => {
                let list = s.field_names().collect::<Vec<_>>().join(", ");
                Text::new(
                    format!("{} ({}) has these fields: {list}", where_en(parent), s.name),
                    format!("{}({})에 쓸 수 있는 필드: {list}", where_ko(parent), s.name),
                )
            }
            None => Text::new(
                format!(
                    "{} ({}) has no such field; `kubectl explain` lists the fields it has",
                    where_en(parent),
                    s.name
                ),
                format!(
                    "{}({})에는 이런 필드가 없습니다. `kubectl explain`(으)로 쓸 수 있는 필드를 확인하세요",
                    where_ko(parent),
                    s.name
                ),
            ),
        };
        let d = Diagnostic::error("unknown-field", entry.key_pos, message)
            .with_path(path)
            .with_hint(hint);
        self.error(d, parent);
    }

    /// A field that exists, but at another level of the same object: named as misplaced,
    /// with where it belongs and how to move it there.
    fn misplaced(
        &mut self,
        entry: &Entry,
        parent: &str,
        names: &[&'static str],
        path: &str,
    ) -> Option<Diagnostic> {
        let root = self.root_schema?;
        let candidate = schema::paths_to(root, &entry.key, 12)
            .into_iter()
            .map(|cand| {
                let common = cand.iter().zip(names).take_while(|(a, b)| a == b).count();
                let distance = (names.len() - common) + (cand.len() - common);
                // Among equally near places, one whose type fits the value wins
                // (`image: nginx` is a container's image, not a volume's).
                let misfit = !schema::struct_at(root, &cand)
                    .and_then(|s| s.field(&entry.key))
                    .is_some_and(|f| shape_fits(&entry.value, &f.ty));
                // Then one on the way to a field the author did write (`containers`
                // rather than `initContainers`).
                let unwritten = !cand.get(common).is_some_and(|step| {
                    self.levels
                        .iter()
                        .rfind(|l| l.names.len() == common)
                        .is_some_and(|l| l.node.get(step).is_some())
                });
                (distance, misfit, unwritten, cand.len(), common, cand)
            })
            .filter(|(distance, ..)| *distance <= 3)
            .min_by_key(|(distance, misfit, unwritten, len, ..)| {
                (*distance, *misfit, *unwritten, *len)
            })?;
        let (_, _, _, _, common, cand) = candidate;
        let key = &entry.key;
        let base = self.levels.iter().rfind(|l| l.names.len() == common)?;
        let target = display_path(root, &base.path, &base.names, cand.get(common..)?);
        let target_key = join(&target, key);
        let message = Text::new(
            format!(
                "field `{key}` is misplaced: it belongs to {}, not to {}",
                where_en(&target),
                where_en(parent)
            ),
            format!(
                "`{key}` 필드의 위치가 잘못되었습니다: {}이(가) 아니라 {}에 속합니다",
                where_ko(parent),
                where_ko(&target)
            ),
        );
        let hint = if cand.len() == common {
            // The target is an ancestor: the key is indented too far.
            let via = names.get(common).copied().unwrap_or("");
            let column = base.column;
            Text::new(
                format!(
                    "`{key}:` is indented too far, so it became part of `{via}`. Move it (with everything under it) left to column {column}, in line with `{via}:`"
                ),
                format!(
                    "`{key}:`이(가) 너무 깊게 들여쓰여 `{via}`의 일부가 되었습니다. `{key}:`을(를) (아래 내용과 함께) 왼쪽으로 옮겨 `{via}:`와(과) 같은 {column}번째 열에 맞추세요"
                ),
            )
        } else if common == names.len() {
            // The target is below: levels are missing in between.
            let missing = cand.get(common..).unwrap_or_default().join(":` → `");
            Text::new(
                format!("move `{key}:` under `{missing}:` (indented below it), so that it ends up at `{target_key}`"),
                format!("`{key}:`을(를) `{missing}:` 아래로 (들여 써서) 옮기세요. 그러면 `{target_key}`에 놓입니다"),
            )
        } else {
            Text::new(
                format!(
                    "move `{key}:` (with everything under it) to {}",
                    where_en(&target)
                ),
                format!(
                    "`{key}:`을(를) (아래 내용과 함께) {}(으)로 옮기세요",
                    where_ko(&target)
                ),
            )
        };
        self.out.tainted.push(parent.to_string());
        self.out.tainted.push(target_key);
        Some(
            Diagnostic::error("misplaced-field", entry.key_pos, message)
                .with_path(path)
                .with_hint(hint),
        )
    }
}

/// The display path of the struct reached from `base` (at `base_names`) through `rest`,
/// with `[*]` after list fields.
fn display_path(
    root: &'static Struct,
    base: &str,
    base_names: &[&'static str],
    rest: &[&'static str],
) -> String {
    let mut s: Option<&'static Struct> = Some(root);
    for name in base_names {
        s = s
            .and_then(|st| st.field(name))
            .and_then(|f| schema::element_struct(&f.ty));
    }
    let mut path = base.to_string();
    for name in rest {
        path = join(&path, name);
        let field = s.and_then(|st| st.field(name));
        if let Some(f) = field {
            if matches!(f.ty, Ty::List(_)) {
                path.push_str("[*]");
            }
        }
        s = field.and_then(|f| schema::element_struct(&f.ty));
    }
    path
}

/// Whether a value has the rough shape of a type: a mapping for a struct or map, a list
/// for a list, a scalar for a scalar.
fn shape_fits(node: &Node, ty: &Ty) -> bool {
    match (&node.value, ty) {
        (_, Ty::Any) | (NodeValue::Null, _) => true,
        (NodeValue::Map(_), Ty::Struct(_) | Ty::Map(_)) | (NodeValue::Seq(_), Ty::List(_)) => true,
        (NodeValue::Map(_) | NodeValue::Seq(_), _)
        | (_, Ty::Struct(_) | Ty::Map(_) | Ty::List(_)) => false,
        _ => true,
    }
}

fn is_whole(f: f64) -> bool {
    f.is_finite() && f.fract() == 0.0
}

fn fits_i32(f: f64) -> bool {
    (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&f)
}

/// The value Go leaves in a field decoded from JSON null.
fn zero_value(ty: &Ty) -> Value {
    match ty {
        Ty::Str | Ty::Time | Ty::Bytes => Value::String(String::new()),
        Ty::Bool => Value::Bool(false),
        Ty::Int32 | Ty::Int64 | Ty::Float | Ty::IntOrString => Value::from(0),
        Ty::Quantity => Value::String("0".into()),
        Ty::Struct(_) | Ty::Map(_) => Value::Object(Map::new()),
        Ty::List(_) => Value::Array(Vec::new()),
        Ty::Any => Value::Null,
    }
}

fn expected(ty: &Ty) -> (String, String) {
    let (en, ko) = match ty {
        Ty::Str => ("a string", "문자열"),
        Ty::Bool => ("true or false", "true 또는 false"),
        Ty::Int32 => ("an integer (int32)", "정수(int32)"),
        Ty::Int64 => ("an integer (int64)", "정수(int64)"),
        Ty::Float => ("a number", "숫자"),
        Ty::Quantity => ("a quantity such as 500m or 1Gi", "500m이나 1Gi 같은 수량"),
        Ty::IntOrString => ("an integer or a string", "정수나 문자열"),
        Ty::Time => (
            "a timestamp such as \"2026-01-01T00:00:00Z\"",
            "\"2026-01-01T00:00:00Z\" 같은 시각 문자열",
        ),
        Ty::Bytes => ("a base64 string", "base64 문자열"),
        Ty::Any => ("any value", "아무 값"),
        Ty::Struct(s) => {
            return (
                format!("a mapping ({})", s.name),
                format!("매핑({})", s.name),
            )
        }
        Ty::List(_) => ("a list", "목록"),
        Ty::Map(_) => ("a mapping of `key: value` pairs", "`키: 값` 매핑"),
    };
    (en.to_string(), ko.to_string())
}

fn found(node: &Node, token: &str) -> (String, String) {
    match &node.value {
        NodeValue::Str(_) => (format!("the string {token}"), format!("문자열 {token}")),
        NodeValue::Int(_) | NodeValue::Float(_) => {
            (format!("the number {token}"), format!("숫자 {token}"))
        }
        NodeValue::Bool(_) => (format!("the boolean {token}"), format!("불리언 {token}")),
        NodeValue::Null => ("nothing".into(), "빈 값".into()),
        NodeValue::Seq(_) => ("a list".into(), "목록".into()),
        NodeValue::Map(_) => ("a mapping".into(), "매핑".into()),
    }
}

/// How to fix a value of the wrong type, as concretely as the case allows.
fn type_hint(node: &Node, ty: &Ty, token: &str) -> Text {
    let unquoted = token.trim_matches(|c| c == '"' || c == '\'');
    match (ty, &node.value) {
        (Ty::Str | Ty::IntOrString | Ty::Quantity, NodeValue::Bool(_)) if node.yaml11_bool => Text::new(
            format!("YAML 1.1, which Kubernetes uses, reads a bare `{token}` as a boolean; write it in quotes: \"{token}\""),
            format!("쿠버네티스가 쓰는 YAML 1.1은 따옴표 없는 `{token}`을(를) 불리언으로 읽습니다. 따옴표로 감싸세요: \"{token}\""),
        ),
        (Ty::Str, NodeValue::Bool(_) | NodeValue::Int(_) | NodeValue::Float(_)) => Text::new(
            format!("this field takes text; write the value in quotes: \"{token}\""),
            format!("이 필드에는 문자열을 씁니다. 값을 따옴표로 감싸세요: \"{token}\""),
        ),
        (Ty::Int32 | Ty::Int64, NodeValue::Str(s)) if s.trim().parse::<i64>().is_ok() => Text::new(
            format!("remove the quotes: write {} rather than {token}", s.trim()),
            format!("따옴표를 빼세요: {token} 대신 {}", s.trim()),
        ),
        (Ty::Int32 | Ty::Int64 | Ty::IntOrString, _) => Text::new(
            "this field takes a whole number, written without quotes, e.g. `3`",
            "이 필드에는 따옴표 없는 정수를 씁니다. 예: `3`",
        ),
        (Ty::Bool, NodeValue::Str(_)) => Text::new(
            format!("write `true` or `false` without quotes, not {token}"),
            format!("{token} 대신 따옴표 없이 `true`나 `false`을(를) 쓰세요"),
        ),
        (Ty::Struct(_), NodeValue::Seq(_)) => Text::new(
            "this field takes one object, not a list: remove the `- ` in front of its first line and indent the fields under the field name",
            "이 필드는 목록이 아니라 객체 하나를 받습니다. 첫 줄 앞의 `- `을(를) 지우고 필드들을 이 필드 아래에 들여 쓰세요",
        ),
        (Ty::Struct(_) | Ty::Map(_), _) => Text::new(
            "write `key: value` lines on the lines below this field, indented under it",
            "이 필드 아래 줄에 `키: 값` 줄들을 들여 써서 적으세요",
        ),
        (Ty::List(_), NodeValue::Map(_)) => Text::new(
            "this field takes a list: start each item with `- ` (a dash and a space)",
            "이 필드에는 목록을 씁니다. 각 항목을 `- `(대시와 공백)(으)로 시작하세요",
        ),
        (Ty::List(_), _) => Text::new(
            format!("this field takes a list; write it as `[{token}]`, or put `- {unquoted}` on the line below"),
            format!("이 필드에는 목록을 씁니다. `[{token}]`처럼 쓰거나 다음 줄에 `- {unquoted}`을(를) 쓰세요"),
        ),
        _ => Text::new(
            "check the field's type with `kubectl explain`",
            "`kubectl explain`(으)로 이 필드의 형식을 확인하세요",
        ),
    }
}

/// The scalar written at `pos`: a quoted string with its quotes, or a plain scalar up to a
/// comment, a flow indicator or the end of the line.
pub fn source_token(text: &str, pos: Pos) -> Option<&str> {
    let line = text.lines().nth(pos.line.checked_sub(1)?)?;
    let start = line
        .char_indices()
        .nth(pos.column.checked_sub(1)?)
        .map(|(i, _)| i)?;
    let rest = line.get(start..)?;
    let end = match rest.chars().next()? {
        q @ ('"' | '\'') => rest
            .char_indices()
            .skip(1)
            .find(|(_, c)| *c == q)
            .map_or(rest.len(), |(i, _)| i + 1),
        _ => rest
            .find(" #")
            .into_iter()
            .chain(rest.find([',', ']', '}']))
            .min()
            .unwrap_or(rest.len()),
    };
    let token = rest.get(..end)?.trim_end();
    (!token.is_empty() && !token.starts_with(['|', '>', '&', '*', '!'])).then_some(token)
}

#[cfg(test)]
#[path = "strict_tests.rs"]
mod tests;
