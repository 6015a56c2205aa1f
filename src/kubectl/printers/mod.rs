//! `kubectl get` output: tables (with `-o wide`, `--show-labels`, `-A`), `-o name`,
//! `-o yaml` and `-o json`, for one resource type or several (`get all`, `get pods,svc`).
//!
//! The table path follows kubectl's `HumanReadablePrinter` and `GetOptions.Run`
//! (staging/src/k8s.io/kubectl/pkg/cmd/get/get.go): one table per resource type, separated
//! by a blank line, names prefixed with their kind when several types were asked for, and
//! `No resources found in <ns> namespace.` when nothing was printed. The structured path
//! follows `printGeneric`: a lone named object prints bare, anything else inside a `List`.

pub mod events;
pub mod nodes;
pub mod pods;
pub mod services;
pub mod workloads;

use serde_json::{json, Map, Value};

use super::command::{Get, OutputFormat};
use super::resource::ResourceType;
use super::table::{Table, GET_PADDING};
use crate::api::Object;
use crate::manifest::render::to_yaml;
use crate::sim::clock::Time;
use crate::sim::events::Event;

/// What a printer needs besides the objects. Pure data: the caller supplies `now`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintContext {
    /// The virtual clock, for AGE and the other relative times.
    pub now: Time,
    /// The namespace listed, for "No resources found in <ns> namespace.".
    pub namespace: String,
    /// `-A`: adds a NAMESPACE column to namespaced types.
    pub all_namespaces: bool,
    /// `-o wide`: adds each type's extra columns.
    pub wide: bool,
    /// `--show-labels`: adds a LABELS column.
    pub show_labels: bool,
    /// Prefix names with their kind (`deployment.apps/nginx`).
    pub with_kind: bool,
}

impl PrintContext {
    /// A context for plain `kubectl get` in `namespace` at `now`.
    pub fn new(now: Time, namespace: impl Into<String>) -> PrintContext {
        PrintContext {
            now,
            namespace: namespace.into(),
            all_namespaces: false,
            wide: false,
            show_labels: false,
            with_kind: false,
        }
    }

    /// The context a parsed `get` asks for.
    pub fn for_get(get: &Get, now: Time, namespace: impl Into<String>) -> PrintContext {
        PrintContext {
            now,
            namespace: namespace.into(),
            all_namespaces: get.all_namespaces,
            wide: get.output == OutputFormat::Wide,
            show_labels: get.show_labels,
            with_kind: get.with_kind,
        }
    }
}

/// The items of one resource type: api objects, or the simulator's events.
#[derive(Debug, Clone, Copy)]
pub enum Items<'a> {
    Objects(&'a [Object]),
    Events(&'a [Event]),
}

/// One resource type's share of a `get`.
#[derive(Debug, Clone, Copy)]
pub struct Section<'a> {
    pub resource: ResourceType,
    pub items: Items<'a>,
    /// Print the objects in the order given (`--sort-by` sorted them) instead of the
    /// API server's namespace-then-name order.
    pub in_given_order: bool,
}

impl<'a> Section<'a> {
    pub fn objects(resource: ResourceType, objects: &'a [Object]) -> Section<'a> {
        Section {
            resource,
            items: Items::Objects(objects),
            in_given_order: false,
        }
    }

    pub fn events(events: &'a [Event]) -> Section<'a> {
        Section {
            resource: ResourceType::Event,
            items: Items::Events(events),
            in_given_order: false,
        }
    }
}

/// The header row of `resource`, without the NAMESPACE and LABELS decorations.
pub fn columns(resource: ResourceType, wide: bool) -> Vec<&'static str> {
    use ResourceType as R;
    let (normal, extra): (&[&str], &[&str]) = match resource {
        R::Pod => (pods::COLUMNS, pods::WIDE),
        R::ReplicaSet => (workloads::RS_COLUMNS, workloads::WIDE_WITH_SELECTOR),
        R::Deployment => (workloads::DEPLOY_COLUMNS, workloads::WIDE_WITH_SELECTOR),
        R::StatefulSet => (workloads::STS_COLUMNS, workloads::WIDE_NO_SELECTOR),
        R::DaemonSet => (workloads::DS_COLUMNS, workloads::WIDE_WITH_SELECTOR),
        R::Job => (workloads::JOB_COLUMNS, workloads::WIDE_WITH_SELECTOR),
        R::CronJob => (workloads::CJ_COLUMNS, workloads::WIDE_WITH_SELECTOR),
        R::Node => (nodes::COLUMNS, nodes::WIDE),
        R::Service => (services::SVC_COLUMNS, services::SVC_WIDE),
        R::PersistentVolumeClaim => (services::PVC_COLUMNS, services::PVC_WIDE),
        R::Event => {
            return if wide {
                events::WIDE_COLUMNS.to_vec()
            } else {
                events::COLUMNS.to_vec()
            }
        }
        R::Namespace => (services::NS_COLUMNS, &[]),
        R::ConfigMap => (services::CM_COLUMNS, &[]),
        R::All => (&["NAME", "AGE"], &[]),
    };
    let mut cols = normal.to_vec();
    if wide {
        cols.extend_from_slice(extra);
    }
    cols
}

/// The cells of one object (its own type decides the printer).
fn object_row(object: &Object, ctx: &PrintContext) -> Option<Vec<String>> {
    Some(match object {
        Object::Pod(o) => pods::row(o, ctx),
        Object::ReplicaSet(o) => workloads::replicaset_row(o, ctx),
        Object::Deployment(o) => workloads::deployment_row(o, ctx),
        Object::StatefulSet(o) => workloads::statefulset_row(o, ctx),
        Object::DaemonSet(o) => workloads::daemonset_row(o, ctx),
        Object::Job(o) => workloads::job_row(o, ctx),
        Object::CronJob(o) => workloads::cronjob_row(o, ctx),
        Object::Node(o) => nodes::row(o, ctx),
        Object::Service(o) => services::service_row(o, ctx),
        Object::PersistentVolumeClaim(o) => services::pvc_row(o, ctx),
        Object::Other(o) => services::unstructured_row(o, ctx)?,
    })
}

/// The namespace cell: the API server always sets it, so an unset one reads "default".
fn namespace_of(object: &Object) -> String {
    object.namespace().unwrap_or("default").to_string()
}

/// Objects of the section's type in the order the API server lists them (namespace,
/// then name), or as given after `--sort-by`.
fn listed<'a>(section: &Section<'a>, objects: &'a [Object]) -> Vec<&'a Object> {
    let mut list: Vec<&Object> = objects
        .iter()
        .filter(|o| ResourceType::of(o) == Some(section.resource))
        .collect();
    if !section.in_given_order {
        list.sort_by(|a, b| (namespace_of(a), a.name()).cmp(&(namespace_of(b), b.name())));
    }
    list
}

/// The table of one section, or `None` when it has no rows (kubectl prints no header then).
/// The API server's Table output (src/apiserver) prints through it too.
pub fn section_table(section: &Section<'_>, ctx: &PrintContext) -> Option<Table> {
    let with_ns = ctx.all_namespaces && section.resource.is_namespaced();
    let mut headers: Vec<&str> = Vec::new();
    if with_ns {
        headers.push("NAMESPACE");
    }
    headers.extend(columns(section.resource, ctx.wide));
    if ctx.show_labels {
        headers.push("LABELS");
    }
    let mut table = Table::new(&headers);
    let prefix = format!("{}/", section.resource.qualified());
    match section.items {
        Items::Objects(objects) => {
            for o in listed(section, objects) {
                let Some(mut cells) = object_row(o, ctx) else {
                    continue;
                };
                if ctx.with_kind {
                    cells[0] = format!("{prefix}{}", cells[0]);
                }
                if with_ns {
                    cells.insert(0, namespace_of(o));
                }
                if ctx.show_labels {
                    cells.push(super::format::format_labels(o.metadata().labels.as_ref()));
                }
                table.push(cells);
            }
        }
        Items::Events(list) => {
            for e in events::sort_events(list) {
                let mut cells = events::row(e, ctx);
                if with_ns {
                    cells.insert(0, e.namespace.clone());
                }
                if ctx.show_labels {
                    cells.push("<none>".to_string());
                }
                table.push(cells);
            }
        }
    }
    (!table.is_empty()).then_some(table)
}

/// kubectl's message when a `get` printed nothing (it goes to stderr there).
pub fn no_resources_found(ctx: &PrintContext, sections: &[Section<'_>]) -> String {
    let all_namespaced = !ctx.all_namespaces && sections.iter().all(|s| s.resource.is_namespaced());
    if all_namespaced {
        format!("No resources found in {} namespace.\n", ctx.namespace)
    } else {
        "No resources found\n".to_string()
    }
}

/// The table `kubectl get <resource>` prints for `objects` (objects of other types are
/// left out), or kubectl's "No resources found" line.
pub fn print_table(resource: ResourceType, objects: &[Object], ctx: &PrintContext) -> String {
    print_tables(&[Section::objects(resource, objects)], ctx)
}

/// Tables of several sections, separated by blank lines.
pub fn print_tables(sections: &[Section<'_>], ctx: &PrintContext) -> String {
    let tables: Vec<String> = sections
        .iter()
        .filter_map(|s| section_table(s, ctx))
        .map(|t| t.render(GET_PADDING))
        .collect();
    if tables.is_empty() {
        no_resources_found(ctx, sections)
    } else {
        tables.join("\n")
    }
}

/// Everything `kubectl get` prints for the sections found, in the format `get` asked for.
pub fn print_get(get: &Get, sections: &[Section<'_>], now: Time, namespace: &str) -> String {
    let ctx = PrintContext::for_get(get, now, namespace);
    match get.output {
        OutputFormat::Table | OutputFormat::Wide => print_tables(sections, &ctx),
        OutputFormat::Name => print_names(sections),
        OutputFormat::Yaml => {
            let v = structured(sections, get.single_item);
            to_yaml(&sort_keys(v))
        }
        OutputFormat::Json => {
            let v = structured(sections, get.single_item);
            to_json_text(&sort_keys(v))
        }
        OutputFormat::JsonPath => {
            let template = get.template.as_deref().unwrap_or("");
            match super::jsonpath::Template::parse(template) {
                Ok(t) => t.execute(&sort_keys(structured(sections, get.single_item))),
                Err(e) => e.message.en,
            }
        }
        OutputFormat::CustomColumns => {
            match print_custom_columns(sections, get.template.as_deref().unwrap_or("")) {
                Ok(text) => text,
                Err(e) => e.message.en,
            }
        }
    }
}

/// `-o name`: `pod/web-0`, `deployment.apps/nginx`, one per line.
pub fn print_names(sections: &[Section<'_>]) -> String {
    let mut out = String::new();
    for s in sections {
        match s.items {
            Items::Objects(objects) => {
                for o in listed(s, objects) {
                    out.push_str(&format!("{}/{}\n", s.resource.qualified(), o.name()));
                }
            }
            Items::Events(list) => {
                for e in events::sort_events(list) {
                    out.push_str(&format!("event/{}\n", events::event_name(e)));
                }
            }
        }
    }
    out
}

/// An object as JSON with apiVersion and kind filled in where a caller left them empty.
pub fn object_json(object: &Object) -> Value {
    let mut v = object.to_json();
    if let (Some(t), Value::Object(map)) = (ResourceType::of(object), &mut v) {
        let api_version = if t.group().is_empty() {
            "v1".to_string()
        } else {
            format!("{}/v1", t.group())
        };
        for (key, value) in [("apiVersion", api_version), ("kind", t.kind().to_string())] {
            let empty = map
                .get(key)
                .and_then(Value::as_str)
                .is_none_or(str::is_empty);
            if empty {
                map.insert(key.to_string(), Value::String(value));
            }
        }
    }
    v
}

/// What `-o yaml|json|jsonpath` print from: the lone named object, or a `List`.
pub fn structured(sections: &[Section<'_>], single_item: bool) -> Value {
    let mut items: Vec<Value> = Vec::new();
    for s in sections {
        match s.items {
            Items::Objects(objects) => {
                items.extend(listed(s, objects).into_iter().map(object_json))
            }
            Items::Events(list) => items.extend(
                events::sort_events(list)
                    .into_iter()
                    .map(events::event_to_json),
            ),
        }
    }
    if single_item && items.len() == 1 {
        return items.remove(0);
    }
    json!({
        "apiVersion": "v1",
        "items": items,
        "kind": "List",
        "metadata": {"resourceVersion": ""},
    })
}

/// `-o custom-columns=HEADER:PATH,...` (staging/src/k8s.io/cli-runtime/pkg/printers/
/// customcolumn.go): one row per object, a cell's several values joined by commas,
/// `<none>` where the path finds nothing.
pub fn print_custom_columns(
    sections: &[Section<'_>],
    spec: &str,
) -> Result<String, super::KubectlError> {
    let mut headers = Vec::new();
    let mut paths = Vec::new();
    for column in spec.split(',') {
        let Some((header, path)) = column.split_once(':') else {
            return Err(super::KubectlError::new(
                format!("unexpected custom-columns spec: {column}, expected <header>:<json-path-expr>"),
                format!("custom-columns 지정 {column}가 잘못되었습니다: <헤더>:<JSONPath> 형식이어야 합니다 (예: NAME:.metadata.name)"),
            ));
        };
        headers.push(header.to_string());
        paths.push(super::jsonpath::Template::relaxed(path)?);
    }
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut table = Table::new(&header_refs);
    for s in sections {
        let rows: Vec<Value> = match s.items {
            Items::Objects(objects) => listed(s, objects).into_iter().map(object_json).collect(),
            Items::Events(list) => events::sort_events(list)
                .into_iter()
                .map(events::event_to_json)
                .collect(),
        };
        for row in rows {
            let cells = paths
                .iter()
                .map(|p| {
                    let values: Vec<String> =
                        p.values(&row).iter().map(super::jsonpath::text).collect();
                    if values.is_empty() {
                        "<none>".to_string()
                    } else {
                        values.join(",")
                    }
                })
                .collect();
            table.push(cells);
        }
    }
    Ok(table.render(GET_PADDING))
}

/// Object keys sorted at every level, as kubectl's printers emit unstructured objects.
pub fn sort_keys(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sort_keys(v)))
                    .collect::<Map<_, _>>(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sort_keys).collect()),
        other => other,
    }
}

/// JSON indented by four spaces with a trailing newline, as `kubectl get -o json` prints.
pub fn to_json_text(v: &Value) -> String {
    use serde::Serialize;
    let mut buf = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
    if v.serialize(&mut ser).is_err() {
        return "null\n".to_string();
    }
    let mut text = String::from_utf8(buf).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
