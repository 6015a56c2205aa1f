//! Watches: `?watch=true` on a list streams ADDED, MODIFIED, DELETED, BOOKMARK and ERROR
//! events, one JSON object per line, from the store's change feed
//! ([`crate::state::feed`]). The transport polls [`Watch::poll`] and writes what it returns;
//! everything about which events a watcher sees is decided here
//! (staging/src/k8s.io/apiserver/pkg/storage/cacher/cache_watcher.go and
//! endpoints/handlers/watch.go).

use std::time::Duration;

use serde_json::{json, Value};

use super::discovery::Resource;
use super::objects::{items, served_json, Filter, Item};
use super::status::ApiError;
use super::{table, Request};
use crate::sim::engine::Cluster;
use crate::state::feed::ChangeType;

/// How long a watch lasts when the client does not say (the API server picks 30-60 min).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// The longest watch served.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(60 * 60);

/// One open watch.
pub struct Watch {
    res: &'static Resource,
    namespace: Option<String>,
    filter: Filter,
    /// The last resourceVersion the watcher has seen.
    resource_version: u64,
    /// Events of the simulator's log already sent (events are not in the store).
    events_seen: usize,
    /// Synthetic ADDED events still to send (a watch from "now" or with
    /// sendInitialEvents).
    initial: Option<Vec<Item>>,
    /// Ends the initial events with a bookmark annotated `k8s.io/initial-events-end`.
    initial_end_bookmark: bool,
    pub bookmarks: bool,
    pub timeout: Duration,
    table: Option<Request>,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch")
            .field("resource", &self.res.plural)
            .field("namespace", &self.namespace)
            .field("resource_version", &self.resource_version)
            .finish()
    }
}

impl PartialEq for Watch {
    fn eq(&self, other: &Watch) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Watch {
    pub(super) fn new(
        cluster: &mut Cluster,
        res: &'static Resource,
        namespace: Option<&str>,
        req: &Request,
    ) -> Result<Watch, ApiError> {
        let filter = Filter::from_request(req, res.kind)?;
        let rv_param = req.param("resourceVersion").unwrap_or("");
        let send_initial = req.param("sendInitialEvents") == Some("true");
        let current = cluster.store.resource_version();
        let from_now = rv_param.is_empty() || rv_param == "0" || send_initial;
        let resource_version = if from_now {
            current
        } else {
            rv_param.parse::<u64>().map_err(|_| {
                ApiError::bad_request(format!("invalid resource version {rv_param:?}"))
            })?
        };
        let timeout = match req.param("timeoutSeconds") {
            Some(t) => Duration::from_secs(
                t.parse::<u64>()
                    .map_err(|_| ApiError::bad_request(format!("invalid timeoutSeconds {t:?}")))?,
            ),
            None => DEFAULT_TIMEOUT,
        }
        .min(MAX_TIMEOUT);
        let initial = from_now.then(|| {
            items(cluster, res, namespace)
                .into_iter()
                .filter(|i| filter.matches(&i.json, &i.labels()))
                .collect()
        });
        let wants_table = req.header("Accept").is_some_and(|a| a.contains("as=Table"));
        Ok(Watch {
            res,
            namespace: namespace.map(str::to_string),
            filter,
            resource_version,
            events_seen: if from_now { cluster.events.len() } else { 0 },
            initial,
            initial_end_bookmark: send_initial,
            bookmarks: req.param("allowWatchBookmarks") == Some("true"),
            timeout,
            table: wants_table.then(|| req.clone()),
        })
    }

    /// The events that happened since the last poll, in order. An error event (410 when
    /// the watcher fell behind the change feed) ends the watch.
    pub fn poll(&mut self, cluster: &Cluster) -> Result<Vec<Value>, Value> {
        let mut out = Vec::new();
        if let Some(initial) = self.initial.take() {
            for item in initial {
                out.push(self.event("ADDED", cluster, item));
            }
            if self.initial_end_bookmark {
                let mut b = self.bookmark();
                b["object"]["metadata"]["annotations"] =
                    json!({"k8s.io/initial-events-end": "true"});
                out.push(b);
            }
        }
        if self.res.kind == "Event" {
            let all = cluster.events.all();
            for e in all.iter().skip(self.events_seen) {
                if self
                    .namespace
                    .as_deref()
                    .is_some_and(|ns| ns != e.namespace)
                {
                    continue;
                }
                let json = crate::kubectl::printers::events::event_to_json(e);
                if self.filter.matches(&json, &Default::default()) {
                    let item = Item {
                        json,
                        object: None,
                        event: Some(e.clone()),
                    };
                    out.push(self.event("ADDED", cluster, item));
                }
            }
            self.events_seen = all.len();
            return Ok(out);
        }
        let changes = cluster
            .store
            .feed
            .since(self.resource_version)
            .map_err(|old| {
                let e = ApiError::gone(format!(
                    "too old resource version: {} ({})",
                    self.resource_version, old.oldest
                ));
                json!({"type": "ERROR", "object": e.to_json()})
            })?;
        let mut last = self.resource_version;
        let mut picked = Vec::new();
        for c in changes {
            last = c.resource_version;
            if c.object.kind() != self.res.kind {
                continue;
            }
            let ns = c.object.namespace().unwrap_or("");
            if self.res.namespaced && self.namespace.as_deref().is_some_and(|want| want != ns) {
                continue;
            }
            if !self.filter.matches_object(&c.object) {
                continue;
            }
            picked.push((c.change_type, c.object.clone()));
        }
        self.resource_version = last.max(self.resource_version);
        for (t, obj) in picked {
            let item = Item {
                json: served_json(&obj),
                object: Some(obj),
                event: None,
            };
            let name = match t {
                ChangeType::Added => "ADDED",
                ChangeType::Modified => "MODIFIED",
                ChangeType::Deleted => "DELETED",
            };
            out.push(self.event(name, cluster, item));
        }
        Ok(out)
    }

    fn event(&self, kind: &str, cluster: &Cluster, item: Item) -> Value {
        let object = match &self.table {
            Some(req) => {
                let meta = json!({"resourceVersion": item.json["metadata"]["resourceVersion"]});
                table::table(cluster, self.res, std::slice::from_ref(&item), meta, req)
            }
            None => item.json,
        };
        json!({"type": kind, "object": object})
    }

    /// A BOOKMARK event at the watcher's resourceVersion.
    pub fn bookmark(&self) -> Value {
        json!({"type": "BOOKMARK", "object": {
            "kind": self.res.kind,
            "apiVersion": self.res.api_version(),
            "metadata": {"resourceVersion": self.resource_version.to_string()},
        }})
    }
}
