//! kubectl's JSONPath templates (`-o jsonpath=...`, `-o custom-columns=...`,
//! `--sort-by=...`), as staging/src/k8s.io/client-go/util/jsonpath (parser.go,
//! jsonpath.go) reads and evaluates them.
//!
//! A template is text with `{...}` actions. An action is a path (`.metadata.name`,
//! `.items[*].spec.containers[0].image`, `..image`, `['app.kubernetes.io/name']`,
//! `[?(@.type=="Ready")]`, `[1:3]`, `[-1]`), a quoted string (`{"\n"}`), or
//! `range PATH` ... `end`. Values of one action are joined by spaces; strings print
//! raw, numbers and booleans as JSON, maps and lists as compact JSON. Missing keys
//! print nothing, as `kubectl get` allows them (`AllowMissingKeys(true)`).

use serde_json::Value;

use super::error::KubectlError;

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// `.name` or `['name']`.
    Field(String),
    /// `.*` or `[*]`.
    Wildcard,
    /// `..name`: every `name` field at any depth.
    Recursive(String),
    /// `[i]`, `[a:b]` (indexes may be negative; ends may be open).
    Slice(Option<i64>, Option<i64>, bool),
    /// `[?(@.a.b == "x")]`, `[?(@.a)]`.
    Filter(Vec<Step>, Option<(String, Value)>),
}

/// One piece of a template.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Path(Vec<Step>),
    Range(Vec<Step>, Vec<Node>),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    nodes: Vec<Node>,
}

fn bad(template: &str, why: &str) -> KubectlError {
    KubectlError::new(
        format!("error parsing jsonpath {template}, {why}"),
        format!("jsonpath {template}를 해석할 수 없습니다: {why}"),
    )
    .with_hint(
        "e.g. -o jsonpath='{.items[*].metadata.name}' or '{range .items[*]}{.metadata.name}{\"\\n\"}{end}'",
        "예: -o jsonpath='{.items[*].metadata.name}' 또는 '{range .items[*]}{.metadata.name}{\"\\n\"}{end}'",
    )
}

impl Template {
    /// Parses a template; a bare path such as `.metadata.name` is taken as `{.metadata.name}`
    /// (kubectl's `RelaxedJSONPathExpression` does that for custom-columns and sort-by).
    pub fn parse(template: &str) -> Result<Template, KubectlError> {
        let mut stack: Vec<(Vec<Step>, Vec<Node>)> = Vec::new();
        let mut nodes: Vec<Node> = Vec::new();
        let mut rest = template;
        while !rest.is_empty() {
            let Some(open) = rest.find('{') else {
                nodes.push(Node::Text(rest.to_string()));
                break;
            };
            if open > 0 {
                nodes.push(Node::Text(rest[..open].to_string()));
            }
            let after = &rest[open + 1..];
            let close = action_end(after).ok_or_else(|| bad(template, "unclosed action"))?;
            let action = after[..close].trim();
            rest = &after[close + 1..];
            if action == "end" {
                let Some((path, outer)) = stack.pop() else {
                    return Err(bad(template, "not in range, nothing to end"));
                };
                let body = std::mem::replace(&mut nodes, outer);
                nodes.push(Node::Range(path, body));
            } else if let Some(path) = action.strip_prefix("range ") {
                let steps = parse_path(path.trim()).map_err(|w| bad(template, &w))?;
                stack.push((steps, std::mem::take(&mut nodes)));
            } else if let Some(text) = string_literal(action) {
                nodes.push(Node::Text(text));
            } else {
                let steps = parse_path(action).map_err(|w| bad(template, &w))?;
                nodes.push(Node::Path(steps));
            }
        }
        if !stack.is_empty() {
            return Err(bad(template, "range without end"));
        }
        Ok(Template { nodes })
    }

    /// A path alone (`.spec.replicas`, `{.spec.replicas}` or `spec.replicas`), as
    /// custom-columns and `--sort-by` take it.
    pub fn relaxed(expr: &str) -> Result<Template, KubectlError> {
        let e = expr.trim();
        let e = e
            .strip_prefix('{')
            .and_then(|x| x.strip_suffix('}'))
            .unwrap_or(e);
        let e = if e.starts_with('.') || e.starts_with('[') {
            e.to_string()
        } else {
            format!(".{e}")
        };
        Template::parse(&format!("{{{e}}}"))
    }

    /// The text the template prints for `root`.
    pub fn execute(&self, root: &Value) -> String {
        let mut out = String::new();
        run(&self.nodes, root, &mut out);
        out
    }

    /// The values of a template that is one path, for custom-columns and sorting.
    pub fn values(&self, root: &Value) -> Vec<Value> {
        match self.nodes.as_slice() {
            [Node::Path(steps)] => eval(steps, root),
            _ => Vec::new(),
        }
    }
}

/// Where the action that starts after `{` ends, skipping braces inside quotes.
fn action_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '}' => return Some(i),
            None => {}
        }
    }
    None
}

/// `"text"` or `'text'` with Go's escapes (`\n`, `\t`, `\"`, `\\`).
fn string_literal(action: &str) -> Option<String> {
    let inner = action
        .strip_prefix('"')
        .and_then(|a| a.strip_suffix('"'))
        .or_else(|| action.strip_prefix('\'')?.strip_suffix('\''))?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Some(out)
}

fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let chars: Vec<char> = path.chars().collect();
    let mut i = 0;
    // `$` and `@` name the root / current object.
    if matches!(chars.first(), Some('$') | Some('@')) {
        i = 1;
    }
    while i < chars.len() {
        match chars[i] {
            '.' if chars.get(i + 1) == Some(&'.') => {
                let (name, next) = ident(&chars, i + 2);
                if name.is_empty() {
                    return Err(format!("missing field name after '..' in {path:?}"));
                }
                steps.push(Step::Recursive(name));
                i = next;
            }
            '.' => {
                let (name, next) = ident(&chars, i + 1);
                match name.as_str() {
                    "" if next >= chars.len() => {}
                    "" => {}
                    "*" => steps.push(Step::Wildcard),
                    _ => steps.push(Step::Field(name)),
                }
                i = next;
            }
            '[' => {
                let close = bracket_end(&chars, i)
                    .ok_or_else(|| format!("unterminated '[' in {path:?}"))?;
                let inner: String = chars[i + 1..close].iter().collect();
                steps.push(bracket(inner.trim())?);
                i = close + 1;
            }
            c if c.is_whitespace() => i += 1,
            c => {
                // A path without a leading dot (`metadata.name`) reads as a field.
                let (name, next) = ident(&chars, i);
                if name.is_empty() {
                    return Err(format!("unrecognized character {c:?} in {path:?}"));
                }
                steps.push(Step::Field(name));
                i = next;
            }
        }
    }
    Ok(steps)
}

fn ident(chars: &[char], start: usize) -> (String, usize) {
    let mut end = start;
    while end < chars.len() && !matches!(chars[end], '.' | '[' | ' ' | ')' | '=' | '!' | '<' | '>')
    {
        end += 1;
    }
    (chars[start..end].iter().collect(), end)
}

fn bracket_end(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for (j, &c) in chars.iter().enumerate().skip(open) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(j);
                    }
                }
                _ => {}
            },
        }
    }
    None
}

fn bracket(inner: &str) -> Result<Step, String> {
    if inner == "*" {
        return Ok(Step::Wildcard);
    }
    if let Some(filter) = inner.strip_prefix("?(").and_then(|f| f.strip_suffix(')')) {
        return filter_step(filter.trim());
    }
    let quoted = inner
        .strip_prefix('\'')
        .and_then(|x| x.strip_suffix('\''))
        .map(str::to_string)
        .or_else(|| string_literal(inner));
    if let Some(name) = quoted {
        // `['app\.mode']`: an escaped dot is a dot.
        return Ok(Step::Field(name.replace("\\.", ".")));
    }
    let num = |s: &str| -> Result<Option<i64>, String> {
        let s = s.trim();
        if s.is_empty() {
            Ok(None)
        } else {
            s.parse()
                .map(Some)
                .map_err(|_| format!("invalid array index {s:?}"))
        }
    };
    match inner.split_once(':') {
        Some((a, b)) => {
            let b = b.split(':').next().unwrap_or("");
            Ok(Step::Slice(num(a)?, num(b)?, true))
        }
        None => Ok(Step::Slice(num(inner)?, None, false)),
    }
}

fn filter_step(filter: &str) -> Result<Step, String> {
    for op in ["==", "!="] {
        if let Some((left, right)) = filter.split_once(op) {
            let path = parse_path(left.trim())?;
            let right = right.trim();
            let value = string_literal(right)
                .or_else(|| {
                    right
                        .strip_prefix('\'')
                        .and_then(|x| x.strip_suffix('\''))
                        .map(str::to_string)
                })
                .map(Value::String)
                .or_else(|| serde_json::from_str(right).ok())
                .ok_or_else(|| format!("invalid filter value {right:?}"))?;
            return Ok(Step::Filter(path, Some((op.to_string(), value))));
        }
    }
    Ok(Step::Filter(parse_path(filter)?, None))
}

fn eval(steps: &[Step], root: &Value) -> Vec<Value> {
    let mut current = vec![root.clone()];
    for step in steps {
        let mut next = Vec::new();
        for v in &current {
            apply(step, v, &mut next);
        }
        current = next;
    }
    current
}

fn apply(step: &Step, v: &Value, out: &mut Vec<Value>) {
    match step {
        Step::Field(name) => {
            if let Some(x) = v.get(name) {
                out.push(x.clone());
            }
        }
        Step::Wildcard => match v {
            Value::Array(items) => out.extend(items.iter().cloned()),
            Value::Object(map) => out.extend(map.values().cloned()),
            _ => {}
        },
        Step::Recursive(name) => recurse(name, v, out),
        Step::Slice(a, b, is_range) => {
            let Value::Array(items) = v else {
                return;
            };
            let len = items.len() as i64;
            let fix = |i: i64| if i < 0 { (len + i).max(0) } else { i.min(len) };
            if !is_range {
                let i = a.unwrap_or(0);
                let i = if i < 0 { len + i } else { i };
                if (0..len).contains(&i) {
                    out.push(items[i as usize].clone());
                }
                return;
            }
            let start = fix(a.unwrap_or(0));
            let end = fix(b.unwrap_or(len));
            if start < end {
                out.extend(items[start as usize..end as usize].iter().cloned());
            }
        }
        Step::Filter(path, cond) => {
            let items: Vec<&Value> = match v {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for item in items {
                let found = eval(path, item);
                let keep = match cond {
                    None => !found.is_empty(),
                    Some((op, want)) => {
                        let hit = found.iter().any(|f| loose_eq(f, want));
                        if op == "==" {
                            hit
                        } else {
                            !hit
                        }
                    }
                };
                if keep {
                    out.push(item.clone());
                }
            }
        }
    }
}

/// `@.port == 80` matches the number 80 and the string "80" alike.
fn loose_eq(a: &Value, b: &Value) -> bool {
    a == b || text(a) == text(b)
}

fn recurse(name: &str, v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Object(map) => {
            if let Some(x) = map.get(name) {
                out.push(x.clone());
            }
            for child in map.values() {
                recurse(name, child, out);
            }
        }
        Value::Array(items) => {
            for child in items {
                recurse(name, child, out);
            }
        }
        _ => {}
    }
}

/// How one value prints: strings raw, everything else as compact JSON.
pub fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn run(nodes: &[Node], root: &Value, out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Path(steps) => {
                let values = eval(steps, root);
                let parts: Vec<String> = values.iter().map(text).collect();
                out.push_str(&parts.join(" "));
            }
            Node::Range(steps, body) => {
                for v in eval(steps, root) {
                    // `range` walks the elements of a single list result.
                    match v {
                        Value::Array(items)
                            if steps.last().is_some_and(|s| {
                                !matches!(s, Step::Wildcard | Step::Filter(..) | Step::Slice(..))
                            }) =>
                        {
                            for item in &items {
                                run(body, item, out);
                            }
                        }
                        other => run(body, &other, out),
                    }
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "jsonpath_tests.rs"]
mod tests;
