//! pkg/controller/deployment/recreate.go: `rolloutRecreate`. Every old ReplicaSet goes to
//! 0, the controller waits until no old pod runs (terminating ones included), and only
//! then creates the new ReplicaSet with all replicas: downtime, but never two versions.
//! (The alpha DeploymentPodReplacementPolicy gate is off in v1.36, so pods are counted as
//! upstream's `oldPodsRunning` counts them.)

use super::util::{self, rs_replicas};
use super::{Stop, Sync};
use crate::controllers::podutil::{controller_of, phase};
use crate::manifest::diagnostic::Text;

impl Sync<'_> {
    /// rolloutRecreate.
    pub(super) fn rollout_recreate(&mut self) -> Result<(), Stop> {
        let (new, olds) = self.get_all(false)?;
        let active: Vec<usize> = olds
            .iter()
            .copied()
            .filter(|i| rs_replicas(&self.rss[*i]) > 0)
            .collect();
        let mut scaled = false;
        for &i in &active {
            let rs_key = self.rs_key(i);
            let why = Text::new(
                format!("strategy Recreate: every old pod goes before a new one starts, so {rs_key} goes to 0"),
                format!("Recreate 전략: 새 Pod를 시작하기 전에 옛 Pod를 모두 없애므로 {rs_key}을(를) 0으로 줄입니다"),
            );
            scaled |= self.scale_rs_and_record(i, 0, why);
        }
        if scaled {
            self.sync_rollout_status(new, &olds);
            return Ok(());
        }
        if self.old_pods_running(new, &olds) {
            self.sync_rollout_status(new, &olds);
            return Ok(());
        }
        let (new, olds) = match new {
            Some(n) => (n, olds),
            None => match self.get_all(true)? {
                (Some(n), olds) => (n, olds),
                (None, _) => return Err(Stop),
            },
        };
        let want = util::replicas(&self.d);
        let rs_key = self.rs_key(new);
        let why = Text::new(
            format!("strategy Recreate: no old pod runs any more, so {rs_key} starts all {want} replicas"),
            format!("Recreate 전략: 옛 Pod가 더 이상 없으므로 {rs_key}이(가) 복제본 {want}개를 모두 시작합니다"),
        );
        self.scale_rs_and_record(new, want, why);
        let status = self.d.status.clone().unwrap_or_default();
        if util::deployment_complete(&self.d, &status) {
            self.cleanup(&olds);
        }
        self.sync_rollout_status(Some(new), &olds);
        Ok(())
    }

    /// oldPodsRunning: an old ReplicaSet still reports pods, or a pod of an old
    /// ReplicaSet (terminating or not) has not finished.
    fn old_pods_running(&self, new: Option<usize>, olds: &[usize]) -> bool {
        if util::sum_actual(olds.iter().map(|i| &self.rss[*i])) > 0 {
            return true;
        }
        let old_uids: Vec<&str> = olds
            .iter()
            .filter_map(|i| self.rss[*i].metadata.uid.as_deref())
            .collect();
        let new_uid = new.and_then(|n| self.rss[n].metadata.uid.as_deref());
        let namespace = self.namespace();
        self.store.pods().any(|p| {
            p.metadata.namespace.as_deref().unwrap_or("default") == namespace
                && controller_of(&p.metadata).is_some_and(|r| {
                    Some(r.uid.as_str()) != new_uid && old_uids.contains(&r.uid.as_str())
                })
                && self
                    .selector
                    .matches(&p.metadata.labels.clone().unwrap_or_default())
                && !matches!(phase(p), "Succeeded" | "Failed")
        })
    }
}
