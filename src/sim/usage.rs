//! What the pods of a cluster request, node by node and in total, and the share of it taken
//! by DaemonSets: the cost table of the DaemonSet lesson, where a daemon pod's requests are
//! paid once per node, so the cost grows with the node count.
//!
//! Requests are counted as the scheduler counts them ([`crate::scheduling::resources::pod_requests`]:
//! containers summed, the largest init container if bigger) for every pod bound to a node
//! and not finished, as `kubectl describe node` does under "Allocated resources". CPU is
//! shown in millicores and memory in Mi, as `kubectl top` shows usage.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::api::object::Object;
use crate::controllers::podutil::{controller_of, is_terminating, node_name, phase};
use crate::kubectl::table::Table;
use crate::scheduling::resources::{node_allocatable, pod_requests};
use crate::sim::engine::Cluster;

/// Requests on one node (or, for the total, on all of them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NodeUsage {
    pub node: String,
    /// Allocatable CPU in millicores and memory in bytes.
    pub cpu_allocatable_m: i64,
    pub memory_allocatable: i64,
    /// What the pods bound there request.
    pub cpu_requested_m: i64,
    pub memory_requested: i64,
    /// The part of it requested by daemon pods.
    pub cpu_daemonsets_m: i64,
    pub memory_daemonsets: i64,
    pub pods: usize,
    pub daemon_pods: usize,
}

/// What one DaemonSet costs: its per-pod requests times the nodes running it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DaemonSetCost {
    pub namespace: String,
    pub name: String,
    /// Nodes with one of its pods.
    pub nodes: usize,
    /// Requests of one pod, from the template.
    pub cpu_per_pod_m: i64,
    pub memory_per_pod: i64,
    /// Requests of all its pods.
    pub cpu_total_m: i64,
    pub memory_total: i64,
}

/// The whole picture.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ResourceUsage {
    pub nodes: Vec<NodeUsage>,
    pub total: NodeUsage,
    pub daemonsets: Vec<DaemonSetCost>,
}

fn cpu(m: i64) -> String {
    format!("{m}m")
}

fn mem(bytes: i64) -> String {
    format!("{}Mi", bytes / (1024 * 1024))
}

fn pct(part: i64, whole: i64) -> String {
    if whole <= 0 {
        "0%".to_string()
    } else {
        format!("{}%", i128::from(part) * 100 / i128::from(whole))
    }
}

impl ResourceUsage {
    /// Two tables as text: requests per node with the DaemonSets' share and a total line,
    /// then what each DaemonSet costs.
    pub fn to_text(&self) -> String {
        let mut t = Table::new(&[
            "NODE",
            "CPU(requests)",
            "CPU%",
            "MEMORY(requests)",
            "MEMORY%",
            "DAEMONSET CPU",
            "DAEMONSET MEMORY",
            "PODS",
            "DAEMON PODS",
        ]);
        for n in self.nodes.iter().chain(std::iter::once(&self.total)) {
            t.push(vec![
                n.node.clone(),
                cpu(n.cpu_requested_m),
                pct(n.cpu_requested_m, n.cpu_allocatable_m),
                mem(n.memory_requested),
                pct(n.memory_requested, n.memory_allocatable),
                format!(
                    "{} ({})",
                    cpu(n.cpu_daemonsets_m),
                    pct(n.cpu_daemonsets_m, n.cpu_requested_m)
                ),
                format!(
                    "{} ({})",
                    mem(n.memory_daemonsets),
                    pct(n.memory_daemonsets, n.memory_requested)
                ),
                n.pods.to_string(),
                n.daemon_pods.to_string(),
            ]);
        }
        let mut out = t.render(3);
        if !self.daemonsets.is_empty() {
            let mut d = Table::new(&[
                "DAEMONSET",
                "NODES",
                "CPU/POD",
                "MEMORY/POD",
                "CPU TOTAL",
                "MEMORY TOTAL",
            ]);
            for c in &self.daemonsets {
                d.push(vec![
                    format!("{}/{}", c.namespace, c.name),
                    c.nodes.to_string(),
                    cpu(c.cpu_per_pod_m),
                    mem(c.memory_per_pod),
                    cpu(c.cpu_total_m),
                    mem(c.memory_total),
                ]);
            }
            out.push('\n');
            out.push_str(&d.render(3));
        }
        out
    }

    /// The same tables as HTML for notebooks.
    pub fn to_html(&self) -> String {
        let esc = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        let text = self.to_text();
        let mut out = String::from("<div style=\"font-family:monospace\">");
        for block in text.split("\n\n") {
            out.push_str("<table>");
            for (i, line) in block.lines().enumerate() {
                let cells: Vec<&str> = line
                    .split("   ")
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .collect();
                let tag = if i == 0 { "th" } else { "td" };
                let bold = line.starts_with("TOTAL");
                out.push_str("<tr>");
                for c in cells {
                    if bold {
                        out.push_str(&format!("<{tag}><b>{}</b></{tag}>", esc(c)));
                    } else {
                        out.push_str(&format!("<{tag}>{}</{tag}>", esc(c)));
                    }
                }
                out.push_str("</tr>");
            }
            out.push_str("</table>");
        }
        out.push_str("</div>");
        out
    }
}

impl Cluster {
    /// Requested CPU and memory per node and in total, the DaemonSets' share, and each
    /// DaemonSet's cost (one pod's requests times the nodes running it).
    pub fn resource_usage(&self) -> ResourceUsage {
        let mut by_node: BTreeMap<&str, NodeUsage> = BTreeMap::new();
        for node in self.store.nodes() {
            let name = node.metadata.name_or_empty();
            let alloc = node_allocatable(node);
            by_node.insert(
                name,
                NodeUsage {
                    node: name.to_string(),
                    cpu_allocatable_m: alloc.milli_cpu,
                    memory_allocatable: alloc.memory,
                    ..NodeUsage::default()
                },
            );
        }
        let daemonsets: BTreeMap<&str, &crate::api::daemonset::DaemonSet> = self
            .store
            .list("DaemonSet")
            .filter_map(|o| match o {
                Object::DaemonSet(ds) => Some((ds.metadata.uid.as_deref().unwrap_or(""), ds)),
                _ => None,
            })
            .collect();
        let mut ds_nodes: BTreeMap<&str, usize> = BTreeMap::new();
        let mut ds_totals: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
        for pod in self.store.pods() {
            if matches!(phase(pod), "Succeeded" | "Failed") {
                continue;
            }
            let Some(usage) = by_node.get_mut(node_name(pod)) else {
                continue;
            };
            let r = pod_requests(&pod.spec);
            usage.cpu_requested_m += r.milli_cpu;
            usage.memory_requested += r.memory;
            usage.pods += 1;
            let owner = controller_of(&pod.metadata)
                .filter(|o| o.kind == "DaemonSet")
                .and_then(|o| daemonsets.get_key_value(o.uid.as_str()));
            if let Some((uid, _)) = owner {
                usage.cpu_daemonsets_m += r.milli_cpu;
                usage.memory_daemonsets += r.memory;
                usage.daemon_pods += 1;
                let t = ds_totals.entry(uid).or_default();
                t.0 += r.milli_cpu;
                t.1 += r.memory;
                if !is_terminating(pod) {
                    *ds_nodes.entry(uid).or_default() += 1;
                }
            }
        }
        let nodes: Vec<NodeUsage> = by_node.into_values().collect();
        let mut total = NodeUsage {
            node: "TOTAL".to_string(),
            ..NodeUsage::default()
        };
        for n in &nodes {
            total.cpu_allocatable_m += n.cpu_allocatable_m;
            total.memory_allocatable += n.memory_allocatable;
            total.cpu_requested_m += n.cpu_requested_m;
            total.memory_requested += n.memory_requested;
            total.cpu_daemonsets_m += n.cpu_daemonsets_m;
            total.memory_daemonsets += n.memory_daemonsets;
            total.pods += n.pods;
            total.daemon_pods += n.daemon_pods;
        }
        let mut costs: Vec<DaemonSetCost> = daemonsets
            .iter()
            .map(|(uid, ds)| {
                let per_pod = pod_requests(&ds.spec.template.spec);
                let (cpu_total_m, memory_total) = ds_totals.get(uid).copied().unwrap_or((0, 0));
                DaemonSetCost {
                    namespace: ds
                        .metadata
                        .namespace
                        .clone()
                        .unwrap_or_else(|| "default".into()),
                    name: ds.metadata.name_or_empty().to_string(),
                    nodes: ds_nodes.get(uid).copied().unwrap_or(0),
                    cpu_per_pod_m: per_pod.milli_cpu,
                    memory_per_pod: per_pod.memory,
                    cpu_total_m,
                    memory_total,
                }
            })
            .collect();
        costs.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
        ResourceUsage {
            nodes,
            total,
            daemonsets: costs,
        }
    }
}
