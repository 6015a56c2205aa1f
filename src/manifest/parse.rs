//! YAML and JSON text to spanned node trees, with limits that keep hostile input harmless.
//!
//! Built on saphyr-parser's event stream. Scalars resolve as Kubernetes resolves them
//! (see [`super::scalar`]); anchors, aliases and `<<` merge keys work, within a budget.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, Tag};

use super::diagnostic::{Diagnostic, Pos, Text};
use super::node::{Entry, Node, NodeValue};
use super::scalar::{resolve_plain, yaml11_only_bool, Scalar};

/// Limits on what one input may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes of text. The API server refuses request bodies above 3 MiB.
    pub max_bytes: usize,
    /// Nesting depth of mappings and sequences.
    pub max_depth: usize,
    /// Nodes after expanding aliases, across the whole input (stops "billion laughs").
    pub max_nodes: usize,
    /// Documents in one stream.
    pub max_documents: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: 3 * 1024 * 1024,
            max_depth: 100,
            max_nodes: 250_000,
            max_documents: 10_000,
        }
    }
}

/// One document of a stream: its root node and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub root: Node,
    /// 0-based index of the document in the stream.
    pub index: usize,
}

/// Parses a YAML (or JSON) stream into its non-empty documents. Empty documents
/// (`---` with nothing after it) are skipped, as kubectl skips them.
pub fn parse_stream(text: &str, limits: &Limits) -> Result<Vec<Document>, Diagnostic> {
    if text.len() > limits.max_bytes {
        return Err(Diagnostic::error(
            "input-too-large",
            Pos { line: 1, column: 1 },
            Text::new(
                format!(
                    "the input is {} bytes, more than the {} bytes the API server accepts",
                    text.len(),
                    limits.max_bytes
                ),
                format!(
                    "입력이 {} 바이트로, API 서버가 받는 최대 크기({} 바이트)을(를) 넘습니다",
                    text.len(),
                    limits.max_bytes
                ),
            ),
        ));
    }
    // A template usually breaks YAML; when it does, say so once instead of a cascade.
    build(text, limits).map_err(|e| match e.code {
        "yaml-syntax" | "duplicate-key" => template_error(text).unwrap_or(e),
        _ => e,
    })
}

fn build(text: &str, limits: &Limits) -> Result<Vec<Document>, Diagnostic> {
    let mut builder = Builder::new(text, limits);
    let mut parser = Parser::new_from_str(text);
    while let Some(item) = parser.next_event() {
        let (event, span) = item.map_err(|e| builder.syntax_error(&e))?;
        if builder.push(event, span)? {
            break;
        }
    }
    Ok(builder.documents)
}

/// A node being built: an open sequence or mapping.
enum Frame {
    Seq {
        items: Vec<Node>,
        pos: Pos,
        anchor: usize,
    },
    Map {
        entries: Vec<Entry>,
        pending_key: Option<(String, Pos)>,
        merges: Vec<(Node, Pos)>,
        pos: Pos,
        anchor: usize,
    },
}

struct Builder<'a> {
    text: &'a str,
    limits: &'a Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    documents: Vec<Document>,
    doc_index: usize,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, limits: &'a Limits) -> Builder<'a> {
        Builder {
            text,
            limits,
            stack: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            documents: Vec::new(),
            doc_index: 0,
        }
    }

    /// Feeds one event; returns true at the end of the stream.
    fn push(&mut self, event: Event<'_>, span: Span) -> Result<bool, Diagnostic> {
        let pos = to_pos(&span);
        match event {
            Event::StreamEnd => return Ok(true),
            Event::StreamStart | Event::Nothing | Event::DocumentStart(_) => {}
            Event::DocumentEnd => {
                self.doc_index += 1;
                if self.doc_index > self.limits.max_documents {
                    return Err(limit_error(
                        pos,
                        "too many documents in one input",
                        "한 입력에 문서가 너무 많습니다",
                    ));
                }
            }
            Event::Alias(id) => {
                let node = match self.anchors.get(&id) {
                    Some(n) => n.clone(),
                    None => return Err(syntax(pos, "unknown anchor", "알 수 없는 앵커입니다")),
                };
                self.count(node.size(), pos)?;
                self.finish(node, pos)?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, pos)?;
                let node = scalar_node(&text, style, tag.as_deref(), pos)?;
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.finish(node, pos)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.open(pos)?;
                self.stack.push(Frame::Seq {
                    items: Vec::new(),
                    pos,
                    anchor,
                });
            }
            Event::MappingStart(anchor, _) => {
                self.open(pos)?;
                self.stack.push(Frame::Map {
                    entries: Vec::new(),
                    pending_key: None,
                    merges: Vec::new(),
                    pos,
                    anchor,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Frame::Seq { items, pos, anchor }) => {
                        (Node::new(NodeValue::Seq(items), pos), anchor)
                    }
                    Some(Frame::Map {
                        entries,
                        merges,
                        pos,
                        anchor,
                        ..
                    }) => (
                        Node::new(NodeValue::Map(merge(entries, merges)?), pos),
                        anchor,
                    ),
                    None => {
                        return Err(syntax(pos, "unbalanced structure", "구조가 맞지 않습니다"))
                    }
                };
                let (node, anchor) = node;
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.finish(node, pos)?;
            }
        }
        Ok(false)
    }

    fn open(&mut self, pos: Pos) -> Result<(), Diagnostic> {
        self.count(1, pos)?;
        if self.stack.len() >= self.limits.max_depth {
            return Err(limit_error(
                pos,
                &format!("nesting deeper than {} levels", self.limits.max_depth),
                &format!("중첩이 {}단계보다 깊습니다", self.limits.max_depth),
            ));
        }
        Ok(())
    }

    fn count(&mut self, n: usize, pos: Pos) -> Result<(), Diagnostic> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.limits.max_nodes {
            return Err(limit_error(
                pos,
                "the document contains excessive aliasing or too many values",
                "문서에 별칭(alias)이(가) 지나치게 많거나 값이 너무 많습니다",
            ));
        }
        Ok(())
    }

    /// The field path of the value being built, as the API server writes it
    /// (`spec.template.metadata.labels`, `containers[0]`; keys with dots or slashes in
    /// brackets), from the open mappings' pending keys and the open lists' lengths.
    fn open_path(&self) -> String {
        let mut path = String::new();
        for frame in &self.stack {
            match frame {
                Frame::Seq { items, .. } => path.push_str(&format!("[{}]", items.len())),
                Frame::Map {
                    pending_key: Some((key, _)),
                    ..
                } => {
                    if key.contains(['.', '/', '[', ']', ' ']) {
                        path.push_str(&format!("[{key}]"));
                    } else {
                        if !path.is_empty() {
                            path.push('.');
                        }
                        path.push_str(key);
                    }
                }
                Frame::Map { .. } => {}
            }
        }
        path
    }

    /// Places a completed node into its parent, or ends a document with it.
    fn finish(&mut self, node: Node, _pos: Pos) -> Result<(), Diagnostic> {
        if let Some(Frame::Map {
            entries,
            pending_key: Some((key, key_pos)),
            ..
        }) = self.stack.last()
        {
            if let Some(first) = entries.iter().find(|e| e.key == *key && key != "<<") {
                return Err(duplicate_key(key, *key_pos, first.key_pos).with_path(self.open_path()));
            }
        }
        match self.stack.last_mut() {
            None => {
                if node.value != NodeValue::Null {
                    self.documents.push(Document {
                        root: node,
                        index: self.doc_index,
                    });
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                pending_key,
                merges,
                ..
            }) => match pending_key.take() {
                None => *pending_key = Some((map_key(&node)?, node.pos)),
                Some((key, key_pos)) if key == "<<" => merges.push((node, key_pos)),
                Some((key, key_pos)) => {
                    entries.push(Entry {
                        key,
                        key_pos,
                        value: node,
                    });
                }
            },
        }
        Ok(())
    }

    fn syntax_error(&self, e: &ScanError) -> Diagnostic {
        let marker = e.marker();
        let pos = Pos {
            line: marker.line().max(1),
            column: marker.col() + 1,
        };
        if e.info().contains("recursion limit") {
            return limit_error(
                pos,
                &format!("nesting deeper than {} levels", self.limits.max_depth),
                &format!("중첩이 {}단계보다 깊습니다", self.limits.max_depth),
            );
        }
        // The scanner notices a tab at the end of the token before it; point at the tab.
        let tab = self
            .text
            .lines()
            .enumerate()
            .skip(pos.line.saturating_sub(1))
            .take(2)
            .find_map(|(i, l)| l.find('\t').map(|c| (i, l, c)));
        let mut d = Diagnostic::error(
            "yaml-syntax",
            pos,
            Text::new(
                format!("YAML syntax error: {}", e.info()),
                format!("YAML 문법 오류: {}", e.info()),
            ),
        );
        if let Some((index, line, column)) = tab {
            d.pos = Pos {
                line: index + 1,
                column: line[..column].chars().count() + 1,
            };
            d.message = Text::new(
                "YAML syntax error: a tab character where YAML needs spaces",
                "YAML 문법 오류: YAML에서는 공백을 써야 하는 곳에 탭 문자가 있습니다",
            );
            d = d.with_hint(Text::new(
                "indent with spaces only; replace the tab on this line with spaces",
                "들여쓰기에는 공백만 쓰세요. 이 줄의 탭을 공백으로 바꾸세요",
            ));
        }
        d
    }
}

/// Applies `<<` merge keys: merged entries fill in keys the mapping does not set itself.
fn merge(mut entries: Vec<Entry>, merges: Vec<(Node, Pos)>) -> Result<Vec<Entry>, Diagnostic> {
    for (source, pos) in merges {
        let maps = match source.value {
            NodeValue::Map(m) => vec![m],
            NodeValue::Seq(items) => items
                .into_iter()
                .map(|n| match n.value {
                    NodeValue::Map(m) => Ok(m),
                    _ => Err(bad_merge(pos)),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(bad_merge(pos)),
        };
        for map in maps {
            for e in map {
                if !entries.iter().any(|x| x.key == e.key) {
                    entries.push(e);
                }
            }
        }
    }
    Ok(entries)
}

fn bad_merge(pos: Pos) -> Diagnostic {
    syntax(
        pos,
        "map merge requires a mapping or a list of mappings",
        "병합 키(<<)에는 매핑이나 매핑의 목록이 와야 합니다",
    )
}

fn scalar_node(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    pos: Pos,
) -> Result<Node, Diagnostic> {
    let core_tag = tag
        .filter(|t| t.is_yaml_core_schema())
        .map(|t| t.suffix.as_str());
    let quoted = style != ScalarStyle::Plain;
    let resolved = match core_tag {
        Some("str") | Some("binary") => Scalar::Str,
        _ if quoted => Scalar::Str,
        _ if tag.is_some() && core_tag.is_none() => Scalar::Str,
        _ => resolve_plain(text),
    };
    let value = match (core_tag, resolved) {
        (Some("float"), Scalar::Int(i)) => NodeValue::Float(i as f64),
        (Some(expected @ ("int" | "float" | "bool" | "null")), r) if !tag_accepts(expected, &r) => {
            return Err(syntax(
                pos,
                &format!("cannot decode `{text}` as a !!{expected}"),
                &format!("`{text}` 값은 !!{expected} 형식으로 읽을 수 없습니다"),
            ))
        }
        (_, Scalar::Null) => NodeValue::Null,
        (_, Scalar::Bool(b)) => NodeValue::Bool(b),
        (_, Scalar::Int(i)) => NodeValue::Int(i),
        (_, Scalar::Float(f)) => NodeValue::Float(f),
        (_, Scalar::Str) => NodeValue::Str(text.to_string()),
    };
    let mut node = Node::new(value, pos);
    node.yaml11_bool = !quoted && tag.is_none() && yaml11_only_bool(text).is_some();
    Ok(node)
}

fn tag_accepts(tag: &str, r: &Scalar) -> bool {
    matches!(
        (tag, r),
        ("int", Scalar::Int(_))
            | ("float", Scalar::Float(_) | Scalar::Int(_))
            | ("bool", Scalar::Bool(_))
            | ("null", Scalar::Null)
    )
}

/// Mapping keys become strings, as sigs.k8s.io/yaml's JSON conversion makes them.
fn map_key(node: &Node) -> Result<String, Diagnostic> {
    Ok(match &node.value {
        NodeValue::Str(s) => s.clone(),
        NodeValue::Null => "null".to_string(),
        NodeValue::Bool(b) => b.to_string(),
        NodeValue::Int(i) => i.to_string(),
        NodeValue::Float(f) => f.to_string(),
        NodeValue::Seq(_) | NodeValue::Map(_) => {
            return Err(syntax(
                node.pos,
                "a mapping key must be a plain value, not a list or a mapping",
                "매핑의 키는 목록이나 매핑이 아닌 단순한 값이어야 합니다",
            ))
        }
    })
}

fn duplicate_key(key: &str, pos: Pos, first: Pos) -> Diagnostic {
    Diagnostic::error(
        "duplicate-key",
        pos,
        Text::new(
            format!("mapping key {key:?} already defined at line {}", first.line),
            format!("매핑 키 {key:?}이(가) 이미 {}번째 줄에 정의되어 있습니다", first.line),
        ),
    )
    .with_hint(Text::new(
        "remove one of the two; kubectl would silently keep the last one, and a strict API server rejects the object",
        "둘 중 하나를 지우세요. kubectl은 조용히 마지막 값을 쓰고, 엄격한 API 서버는 객체를 거부합니다",
    ))
}

fn syntax(pos: Pos, en: &str, ko: &str) -> Diagnostic {
    Diagnostic::error(
        "yaml-syntax",
        pos,
        Text::new(
            format!("YAML syntax error: {en}"),
            format!("YAML 문법 오류: {ko}"),
        ),
    )
}

fn limit_error(pos: Pos, en: &str, ko: &str) -> Diagnostic {
    Diagnostic::error(
        "input-limit",
        pos,
        Text::new(
            format!("input refused: {en}"),
            format!("입력을 거부했습니다: {ko}"),
        ),
    )
}

/// A Jinja or Helm template is not YAML; one clear error instead of a cascade.
fn template_error(text: &str) -> Option<Diagnostic> {
    let (index, line) = text.lines().enumerate().find(|(_, l)| {
        let t = l.trim_start();
        !t.starts_with('#') && (t.contains("{{") || t.contains("{%"))
    })?;
    let column = line.find("{{").or_else(|| line.find("{%")).unwrap_or(0);
    Some(
        Diagnostic::error(
            "template-not-yaml",
            Pos {
                line: index + 1,
                column: line[..column].chars().count() + 1,
            },
            Text::new(
                "this is a template (Helm/Jinja `{{ ... }}` or `{% ... %}`), not a Kubernetes manifest",
                "이 파일은 쿠버네티스 매니페스트가 아니라 템플릿(Helm/Jinja의 `{{ ... }}` 또는 `{% ... %}`)입니다",
            ),
        )
        .with_hint(Text::new(
            "render the template first (for example `helm template`), then load the output",
            "먼저 템플릿을 렌더링한 뒤(예: `helm template`) 그 결과를 불러오세요",
        )),
    )
}

fn to_pos(span: &Span) -> Pos {
    Pos {
        line: span.start.line().max(1),
        column: span.start.col() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Document>, Diagnostic> {
        parse_stream(text, &Limits::default())
    }

    fn root(text: &str) -> serde_json::Value {
        parse(text).expect("parses")[0].root.to_json()
    }

    #[test]
    fn values_resolve_as_kubernetes_reads_them() {
        use serde_json::json;
        let cases: Vec<(&str, serde_json::Value)> = vec![
            ("a: 1", json!({"a": 1})),
            ("a: '1'", json!({"a": "1"})),
            ("a: yes", json!({"a": true})),
            ("a: \"yes\"", json!({"a": "yes"})),
            ("a: !!str 10", json!({"a": "10"})),
            ("a: 1.5Ki", json!({"a": "1.5Ki"})),
            ("a: 129e6", json!({"a": 129000000})),
            ("a:", json!({"a": null})),
            ("yes: 1", json!({"true": 1})),
            ("3: x", json!({"3": "x"})),
            ("a: [1, two, {b: c}]", json!({"a": [1, "two", {"b": "c"}]})),
            (
                "{\"a\": {\"b\": [true, null, 2.5]}}",
                json!({"a": {"b": [true, null, 2.5]}}),
            ),
            ("a: |\n  line1\n  line2\n", json!({"a": "line1\nline2\n"})),
            (
                "base: &b {p: 1, q: 2}\nd:\n  <<: *b\n  q: 3",
                json!({"base": {"p": 1, "q": 2}, "d": {"q": 3, "p": 1}}),
            ),
            ("y: 1", json!({"true": 1})),
            ("a: &v hello\nb: *v", json!({"a": "hello", "b": "hello"})),
        ];
        for (text, expected) in cases {
            assert_eq!(root(text), expected, "parsing {text:?}");
        }
    }

    #[test]
    fn positions_are_one_based() {
        let docs = parse("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n").unwrap();
        let root = &docs[0].root;
        let spec = root.entry("spec").unwrap();
        assert_eq!(spec.key_pos, Pos { line: 3, column: 1 });
        let path = super::super::node::parse_path("spec.containers[0].name");
        assert_eq!(root.locate(&path), Pos { line: 5, column: 5 });
    }

    #[test]
    fn multiple_documents_skip_empty_ones() {
        let docs = parse("---\na: 1\n---\n---\nb: 2\n...\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].root.to_json(), serde_json::json!({"b": 2}));
    }

    #[test]
    fn marks_yaml11_booleans() {
        let docs = parse("a: on\nb: true\nc: 'no'").unwrap();
        let r = &docs[0].root;
        assert!(r.get("a").unwrap().yaml11_bool);
        assert!(!r.get("b").unwrap().yaml11_bool);
        assert!(!r.get("c").unwrap().yaml11_bool);
    }

    #[test]
    fn errors_have_codes_and_lines() {
        let cases: &[(&str, &str, usize)] = &[
            ("a: 1\na: 2\n", "duplicate-key", 2),
            ("a:\n\tb: 1\n", "yaml-syntax", 2),
            ("a: [1, 2\n", "yaml-syntax", 2),
            ("a: \"open\n", "yaml-syntax", 1),
            ("name: {{ .Values.name }}\n", "template-not-yaml", 1),
            ("a: *nope\n", "yaml-syntax", 1),
            ("a: !!int abc\n", "yaml-syntax", 1),
            ("? [a]\n: 1\n", "yaml-syntax", 1),
        ];
        for (text, code, line) in cases {
            let err = parse(text).expect_err(text);
            assert_eq!((err.code, err.pos.line), (*code, *line), "{text:?}: {err}");
        }
    }

    #[test]
    fn a_duplicate_key_names_its_field_path() {
        let cases: &[(&str, &str)] = &[
            ("a: 1\na: 2\n", "a"),
            ("spec:\n  replicas: 1\n  replicas: 2\n", "spec.replicas"),
            (
                "spec:\n  template:\n    metadata:\n      labels: {app: a, app: b}\n",
                "spec.template.metadata.labels.app",
            ),
            (
                "spec:\n  containers:\n  - name: a\n  - name: b\n    image: x\n    image: y\n",
                "spec.containers[1].image",
            ),
            (
                "metadata:\n  labels:\n    app.kubernetes.io/name: a\n    app.kubernetes.io/name: b\n",
                "metadata.labels[app.kubernetes.io/name]",
            ),
        ];
        for (text, path) in cases {
            let err = parse(text).expect_err(text);
            assert_eq!(
                (err.code, err.path.as_str()),
                ("duplicate-key", *path),
                "{text:?}"
            );
        }
    }

    #[test]
    fn hostile_input_is_refused_quickly() {
        let limits = Limits::default();
        let big = "a".repeat(limits.max_bytes + 1);
        assert_eq!(parse(&big).unwrap_err().code, "input-too-large");
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let err = parse(&deep).unwrap_err();
        assert_eq!(err.code, "input-limit", "{err}");
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            bomb.push_str(&format!(
                "{}: &{} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
                (b'a' + i) as char,
                (b'a' + i) as char,
                p = (b'a' + i - 1) as char
            ));
        }
        assert_eq!(parse(&bomb).unwrap_err().code, "input-limit");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(text in "\\PC{0,200}") {
            let _ = parse(&text);
        }

        #[test]
        fn never_panics_on_yaml_like_text(text in "[-:{}\\[\\],&*!|>'\" #\\n\\ta-z0-9]{0,120}") {
            let _ = parse(&text);
        }
    }
}
