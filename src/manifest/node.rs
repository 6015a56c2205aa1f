//! A YAML/JSON document as a tree of nodes that remember where they came from, so that
//! every later error can name a line and column.

use serde_json::{Map, Number, Value};

use super::diagnostic::Pos;

/// One value in a document, with the position of its first character.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: NodeValue,
    pub pos: Pos,
    /// Set for a plain `yes`/`no`/`on`/`off`/`y`/`n` that YAML 1.1 read as a boolean.
    pub yaml11_bool: bool,
}

/// The value of a node. Mapping keys are strings, as Kubernetes' YAML-to-JSON conversion
/// makes them.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One `key: value` pair of a mapping; `key_pos` is where the key is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

/// One step of a field path: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

impl Node {
    pub fn new(value: NodeValue, pos: Pos) -> Node {
        Node {
            value,
            pos,
            yaml11_bool: false,
        }
    }

    /// The number of nodes in this tree, this one included.
    pub fn size(&self) -> usize {
        1 + match &self.value {
            NodeValue::Seq(items) => items.iter().map(Node::size).sum(),
            NodeValue::Map(entries) => entries.iter().map(|e| e.value.size()).sum(),
            _ => 0,
        }
    }

    /// The entry for `key` if this node is a mapping that has it.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            NodeValue::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    /// The value under `key` if this node is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The string value of this node, if it is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Where the field at `path` is written: the key's position for a mapping entry, the
    /// item's for a sequence element. Falls back to the deepest existing ancestor.
    pub fn locate(&self, path: &[PathSeg]) -> Pos {
        let mut node = self;
        let mut pos = self.pos;
        for seg in path {
            let next = match (seg, &node.value) {
                (PathSeg::Key(k), NodeValue::Map(entries)) => {
                    entries.iter().find(|e| &e.key == k).map(|e| {
                        pos = e.key_pos;
                        &e.value
                    })
                }
                (PathSeg::Index(i), NodeValue::Seq(items)) => items.get(*i).inspect(|n| {
                    pos = n.pos;
                }),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        pos
    }

    /// The value as JSON, as Kubernetes' YAML-to-JSON conversion produces it. Integral
    /// floats below 1e21 become integers, as Go's JSON encoder writes them without a
    /// fraction; NaN and infinities, which JSON cannot hold, become null.
    pub fn to_json(&self) -> Value {
        match &self.value {
            NodeValue::Null => Value::Null,
            NodeValue::Bool(b) => Value::Bool(*b),
            NodeValue::Int(i) => Value::Number((*i).into()),
            NodeValue::Float(f) => float_to_json(*f),
            NodeValue::Str(s) => Value::String(s.clone()),
            NodeValue::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeValue::Map(entries) => {
                let mut map = Map::new();
                for e in entries {
                    map.insert(e.key.clone(), e.value.to_json());
                }
                Value::Object(map)
            }
        }
    }

    /// Builds a node tree (every position at 0:0) from JSON, for objects given as dicts.
    pub fn from_json(value: &Value) -> Node {
        let v = match value {
            Value::Null => NodeValue::Null,
            Value::Bool(b) => NodeValue::Bool(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => NodeValue::Int(i),
                None => NodeValue::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => NodeValue::Str(s.clone()),
            Value::Array(items) => NodeValue::Seq(items.iter().map(Node::from_json).collect()),
            Value::Object(map) => NodeValue::Map(
                map.iter()
                    .map(|(k, v)| Entry {
                        key: k.clone(),
                        key_pos: Pos::default(),
                        value: Node::from_json(v),
                    })
                    .collect(),
            ),
        };
        Node::new(v, Pos::default())
    }
}

fn float_to_json(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 1e21 {
        if let Ok(i) = i64::try_from(f as i128) {
            return Value::Number(i.into());
        }
    }
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// Parses a field path such as `spec.template.spec.containers[0].image` into steps.
/// Keys written in brackets (`metadata.labels[app.kubernetes.io/name]`) may hold dots.
pub fn parse_path(path: &str) -> Vec<PathSeg> {
    let mut segs = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('[') {
            let end = inner.find(']').unwrap_or(inner.len());
            let key = &inner[..end];
            segs.push(match key.parse::<usize>() {
                Ok(i) => PathSeg::Index(i),
                Err(_) => PathSeg::Key(key.to_string()),
            });
            rest = inner.get(end + 1..).unwrap_or("");
        } else {
            let rest_trimmed = rest.strip_prefix('.').unwrap_or(rest);
            let end = rest_trimmed.find(['.', '[']).unwrap_or(rest_trimmed.len());
            if end > 0 {
                segs.push(PathSeg::Key(rest_trimmed[..end].to_string()));
            }
            rest = &rest_trimmed[end..];
        }
    }
    segs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_paths() {
        let k = |s: &str| PathSeg::Key(s.to_string());
        let cases: Vec<(&str, Vec<PathSeg>)> = vec![
            ("", vec![]),
            ("spec", vec![k("spec")]),
            ("spec.replicas", vec![k("spec"), k("replicas")]),
            (
                "spec.containers[0].image",
                vec![k("spec"), k("containers"), PathSeg::Index(0), k("image")],
            ),
            (
                "metadata.labels[app.kubernetes.io/name]",
                vec![k("metadata"), k("labels"), k("app.kubernetes.io/name")],
            ),
            ("[2].kind", vec![PathSeg::Index(2), k("kind")]),
            ("a[", vec![k("a"), k("")]),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_path(input), expected, "path {input:?}");
        }
    }

    #[test]
    fn integral_floats_become_integers() {
        assert_eq!(float_to_json(129e6), serde_json::json!(129000000));
        assert_eq!(float_to_json(0.5), serde_json::json!(0.5));
        assert_eq!(float_to_json(f64::NAN), Value::Null);
        assert!(float_to_json(1e22).is_f64());
    }
}
