//! The cluster as a picture for notebooks: nodes side by side, their pods inside, coloured
//! by state, like the diagram in the course's DaemonSet notes. HTML and inline CSS only.

use crate::controllers::podutil;
use crate::kubectl::printers::pods::summarize;
use crate::sim::engine::Cluster;

pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A pod's colour: green when ready, amber while starting, red when failing, grey when
/// terminating or finished.
fn colour(status: &str, ready: bool) -> &'static str {
    match status {
        _ if ready => "#c8e6c9",
        "Terminating" | "Completed" => "#e0e0e0",
        "Pending" | "ContainerCreating" | "Running" => "#fff3c4",
        _ => "#ffcdd2",
    }
}

impl Cluster {
    /// An HTML picture of the nodes and their pods.
    pub fn to_html(&self) -> String {
        let mut out = String::from(
            "<div style=\"font-family:monospace;font-size:12px\"><div style=\"display:flex;gap:8px;flex-wrap:wrap;align-items:flex-start\">",
        );
        let box_pod = |p: &crate::api::pod::Pod| {
            let s = summarize(p, self.now);
            let name = p.metadata.name.as_deref().unwrap_or("");
            format!(
                "<div title=\"{} {} restarts {}\" style=\"background:{};border:1px solid #999;border-radius:3px;padding:2px 4px;margin:2px 0\">{}<br><small>{}</small></div>",
                escape(&s.status),
                escape(&s.ready),
                escape(&s.restarts),
                colour(&s.status, podutil::is_ready(p)),
                escape(name),
                escape(&s.status)
            )
        };
        for node in self.store.nodes() {
            let name = node.metadata.name.as_deref().unwrap_or("");
            let labels = node.metadata.labels.clone().unwrap_or_default();
            let role = if labels.contains_key(crate::sim::topology::CONTROL_PLANE_ROLE) {
                "control-plane"
            } else {
                "worker"
            };
            let ready = node
                .status
                .as_ref()
                .and_then(|s| s.conditions.as_ref())
                .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
                .is_some_and(|c| c.status == "True");
            let mut state = if ready {
                "Ready".to_string()
            } else {
                "NotReady".to_string()
            };
            if node.spec.unschedulable == Some(true) {
                state.push_str(",SchedulingDisabled");
            }
            let border = if ready { "#455a64" } else { "#c62828" };
            out.push_str(&format!(
                "<div style=\"border:2px solid {border};border-radius:6px;padding:6px;min-width:150px\"><b>{}</b><br><small>{role} · {}</small>",
                escape(name),
                escape(&state)
            ));
            for pod in self.store.pods().filter(|p| podutil::node_name(p) == name) {
                out.push_str(&box_pod(pod));
            }
            out.push_str("</div>");
        }
        out.push_str("</div>");
        let pending: Vec<_> = self
            .store
            .pods()
            .filter(|p| podutil::node_name(p).is_empty())
            .collect();
        if !pending.is_empty() {
            out.push_str("<div style=\"margin-top:6px;border:2px dashed #f9a825;border-radius:6px;padding:6px;display:inline-block\"><b>Pending (not scheduled)</b>");
            for pod in pending {
                out.push_str(&box_pod(pod));
            }
            out.push_str("</div>");
        }
        out.push_str(&format!(
            "<div><small>{}</small></div></div>",
            self.now.to_rfc3339()
        ));
        out
    }

    /// A text picture of the nodes and their pods.
    pub fn to_text(&self) -> String {
        let mut out = format!("Cluster at {}\n", self.now.to_rfc3339());
        for node in self.store.nodes() {
            let name = node.metadata.name.as_deref().unwrap_or("");
            let pods: Vec<String> = self
                .store
                .pods()
                .filter(|p| podutil::node_name(p) == name)
                .map(|p| {
                    format!(
                        "{} ({})",
                        p.metadata.name.as_deref().unwrap_or(""),
                        summarize(p, self.now).status
                    )
                })
                .collect();
            out.push_str(&format!(
                "  {name}: {}\n",
                if pods.is_empty() {
                    "-".to_string()
                } else {
                    pods.join(", ")
                }
            ));
        }
        let pending: Vec<String> = self
            .store
            .pods()
            .filter(|p| podutil::node_name(p).is_empty())
            .map(|p| p.metadata.name.clone().unwrap_or_default())
            .collect();
        if !pending.is_empty() {
            out.push_str(&format!("  (Pending): {}\n", pending.join(", ")));
        }
        out
    }
}
