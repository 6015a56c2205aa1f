//! `explain("daemonset/NAME")`: node by node, whether a daemon pod should run there, why
//! not (the taint it does not tolerate, the selector term it fails), and the daemon pods
//! there, after the controller's own verdicts ([`crate::controllers::daemonset::node_reports`]).

use crate::api::daemonset::DaemonSet;
use crate::controllers::daemonset::node_reports;
use crate::manifest::diagnostic::Text;
use crate::scheduling::daemon_pod_tolerations;
use crate::sim::engine::Cluster;

impl Cluster {
    /// The explanation of a DaemonSet: a summary line with its status, then one line per
    /// node (`+` a daemon pod should run there, `-` it should not), then the tolerations the
    /// controller adds to every daemon pod.
    pub fn explain_daemonset(&self, ds: &DaemonSet) -> Text {
        let reports = node_reports(ds, &self.store, self.now);
        let name = ds.metadata.name_or_empty();
        let namespace = ds.metadata.namespace.as_deref().unwrap_or("default");
        let wanted = reports.iter().filter(|r| r.should_run).count();
        let status = ds.status.clone().unwrap_or_default();
        let mut en = vec![format!(
            "daemonset/{name} (namespace {namespace}): a pod should run on {wanted} of {} nodes. Status: desired {}, current {}, ready {}, up-to-date {}, available {}, misscheduled {}.",
            reports.len(),
            status.desired_number_scheduled,
            status.current_number_scheduled,
            status.number_ready,
            status.updated_number_scheduled.unwrap_or(0),
            status.number_available.unwrap_or(0),
            status.number_misscheduled,
        )];
        let mut ko = vec![format!(
            "daemonset/{name} (네임스페이스 {namespace}): 노드 {}개 중 {wanted}개에서 Pod가 실행되어야 합니다. 상태: 원하는 수 {}, 현재 {}, 준비 {}, 최신 {}, 사용 가능 {}, 잘못 배치 {}.",
            reports.len(),
            status.desired_number_scheduled,
            status.current_number_scheduled,
            status.number_ready,
            status.updated_number_scheduled.unwrap_or(0),
            status.number_available.unwrap_or(0),
            status.number_misscheduled,
        )];
        for r in &reports {
            let mark = if r.should_run { "+" } else { "-" };
            en.push(format!("  {mark} {}: {}", r.node, r.text.en));
            ko.push(format!("  {mark} {}: {}", r.node, r.text.ko));
        }
        let host_network = ds.spec.template.spec.host_network == Some(true);
        let added: Vec<String> = daemon_pod_tolerations(host_network)
            .iter()
            .map(|t| {
                format!(
                    "{}:{}",
                    t.key.as_deref().unwrap_or(""),
                    t.effect.as_deref().unwrap_or("")
                )
            })
            .collect();
        en.push(format!(
            "Every daemon pod also tolerates {} (added by the DaemonSet controller; the control-plane taint is not among them).",
            added.join(", ")
        ));
        ko.push(format!(
            "모든 데몬 Pod는 {}도 용인합니다 (DaemonSet 컨트롤러가 추가; control-plane taint는 포함되지 않습니다).",
            added.join(", ")
        ));
        Text::new(en.join("\n"), ko.join("\n"))
    }
}
