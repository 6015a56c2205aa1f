//! Why a pod is where it is, or why it is Pending: the scheduler's verdict node by node.

use crate::api::object::Object;
use crate::controllers::podutil;
use crate::manifest::diagnostic::Text;
use crate::scheduling::{explain, NodeInfo};
use crate::sim::engine::{Cluster, SimError};
use crate::sim::store::{Key, StoreError};

impl Cluster {
    /// Explains one object. For a pod: where it runs or why it is Pending, then every
    /// node with the filter that rejects it or its scores.
    pub fn explain(&self, key: &Key) -> Result<Text, SimError> {
        let Some(obj) = self.store.get(key) else {
            return Err(SimError::Store(StoreError::NotFound(key.clone())));
        };
        if let Object::DaemonSet(ds) = obj {
            return Ok(self.explain_daemonset(ds));
        }
        let Object::Pod(pod) = obj else {
            return Err(SimError::Invalid(format!(
                "kubesim explains pods (and, with their controllers, workloads); {key} is a {}",
                obj.kind()
            )));
        };
        let mut en = Vec::new();
        let mut ko = Vec::new();
        let node = podutil::node_name(pod);
        if node.is_empty() {
            let reason = pod
                .status
                .as_ref()
                .and_then(|s| s.conditions.as_ref())
                .and_then(|cs| cs.iter().find(|c| c.type_ == "PodScheduled"))
                .and_then(|c| c.message.clone())
                .unwrap_or_else(|| "not scheduled yet".into());
            en.push(format!("{key} is Pending: {reason}"));
            ko.push(format!("{key}은(는) Pending 상태입니다: {reason}"));
        } else {
            let phase = podutil::phase(pod);
            let ready = if podutil::is_ready(pod) {
                "ready"
            } else {
                "not ready"
            };
            en.push(format!("{key} runs on {node} ({phase}, {ready})."));
            ko.push(format!(
                "{key}은(는) {node}에서 실행됩니다 ({phase}, {}).",
                if podutil::is_ready(pod) {
                    "준비됨"
                } else {
                    "준비 안 됨"
                }
            ));
        }
        let mut candidate = pod.clone();
        candidate.spec.node_name = None;
        let infos: Vec<NodeInfo> = self
            .store
            .nodes()
            .map(|n| {
                let name = n.metadata.name.as_deref().unwrap_or("");
                NodeInfo::with_pods(
                    n.clone(),
                    self.store.pods().filter(|p| {
                        podutil::node_name(p) == name && p.metadata.name != pod.metadata.name
                    }),
                )
            })
            .collect();
        for e in explain(&candidate, &infos) {
            let mark = if e.fits() { "+" } else { "-" };
            en.push(format!("  {mark} {}: {}", e.node, e.text.en));
            ko.push(format!("  {mark} {}: {}", e.node, e.text.ko));
        }
        Ok(Text::new(en.join("\n"), ko.join("\n")))
    }
}
