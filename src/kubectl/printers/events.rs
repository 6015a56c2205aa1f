//! `kubectl get events`: mirrors `printEvent` in pkg/printers/internalversion/printers.go.
//!
//! kubectl does not sort events itself: the API server lists them by name, and an event's
//! name is `<involved object name>.<first timestamp in Unix nanoseconds, hex>` (client-go's
//! event recorder). So events come grouped by object name, oldest first within an object;
//! [`sort_events`] reproduces that order.

use serde_json::{json, Value};

use crate::kubectl::printers::PrintContext;
use crate::kubectl::resource::ResourceType;
use crate::sim::clock::Time;
use crate::sim::events::Event;

pub(crate) const COLUMNS: &[&str] = &["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];
/// With `-o wide` the columns are, in order: LAST SEEN, TYPE, REASON, OBJECT, SUBOBJECT,
/// SOURCE, MESSAGE, FIRST SEEN, COUNT, NAME.
pub(crate) const WIDE_COLUMNS: &[&str] = &[
    "LAST SEEN",
    "TYPE",
    "REASON",
    "OBJECT",
    "SUBOBJECT",
    "SOURCE",
    "MESSAGE",
    "FIRST SEEN",
    "COUNT",
    "NAME",
];

/// The involved object's name (`pod/web-0` → `web-0`).
fn object_name(e: &Event) -> &str {
    e.object
        .split_once('/')
        .map_or(e.object.as_str(), |(_, n)| n)
}

/// The Event object's name as the recorder makes it.
pub fn event_name(e: &Event) -> String {
    let nanos = i128::from(e.first_time.0) * 1_000_000;
    format!("{}.{nanos:x}", object_name(e))
}

/// Events in the order the API server lists them: by namespace, then by name.
pub fn sort_events(events: &[Event]) -> Vec<&Event> {
    let mut sorted: Vec<(String, String, &Event)> = events
        .iter()
        .map(|e| (e.namespace.clone(), event_name(e), e))
        .collect();
    sorted.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    sorted.into_iter().map(|(_, _, e)| e).collect()
}

pub(crate) fn row(e: &Event, ctx: &PrintContext) -> Vec<String> {
    let last = ctx.now.since(e.last_time).human();
    let message = e.message.trim().to_string();
    if ctx.wide {
        vec![
            last,
            e.event_type.as_str().to_string(),
            e.reason.clone(),
            e.object.clone(),
            String::new(),
            e.source.clone(),
            message,
            ctx.now.since(e.first_time).human(),
            e.count.max(1).to_string(),
            event_name(e),
        ]
    } else {
        vec![
            last,
            e.event_type.as_str().to_string(),
            e.reason.clone(),
            e.object.clone(),
            message,
        ]
    }
}

/// The kind of the involved object (`pod` → `Pod`), for `-o yaml`.
fn involved_kind(e: &Event) -> String {
    let lower = e.object.split_once('/').map_or("", |(k, _)| k);
    match ResourceType::parse(lower) {
        Ok(t) if t != ResourceType::All => t.kind().to_string(),
        _ => {
            let mut c = lower.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        }
    }
}

fn ts(t: Time) -> String {
    t.to_rfc3339()
}

/// The event as a core/v1 Event, for `-o yaml` and `-o json`.
pub fn event_to_json(e: &Event) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {
            "name": event_name(e),
            "namespace": e.namespace,
            "creationTimestamp": ts(e.first_time),
        },
        "involvedObject": {
            "kind": involved_kind(e),
            "name": object_name(e),
            "namespace": e.namespace,
        },
        "type": e.event_type.as_str(),
        "reason": e.reason,
        "message": e.message,
        "source": {"component": e.source},
        "reportingComponent": e.source,
        "reportingInstance": "",
        "firstTimestamp": ts(e.first_time),
        "lastTimestamp": ts(e.last_time),
        "count": e.count,
    })
}
