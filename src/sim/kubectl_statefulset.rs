//! `kubectl rollout status|history|undo|restart statefulset/<name>` on the simulator
//! (staging/src/k8s.io/kubectl/pkg/polymorphichelpers: rollout_status.go,
//! history.go `StatefulSetHistoryViewer`, rollback.go `StatefulSetRollbacker`,
//! objectrestarter.go).
//!
//! `rollout status` follows the rollout as kubectl does while it watches: it prints each
//! new status line and, here, moves the virtual clock one second at a time until the
//! rollout is done (at most `--timeout`, or one simulated hour).

use crate::api::object::Object;
use crate::api::statefulset::StatefulSet;
use crate::controllers::statefulset::history::{self, Revision};
use crate::kubectl::command::{Rollout, RolloutAction};
use crate::kubectl::messages::operation;
use crate::kubectl::rollout::{self as printer, statefulset_status, CHANGE_CAUSE};
use crate::kubectl::{KubectlError, ResourceType};
use crate::selector::from_label_selector;
use crate::sim::clock::Duration;
use crate::sim::engine::Cluster;
use crate::sim::store::Key;

/// How long `rollout status` follows a rollout that does not finish.
const WATCH_LIMIT: Duration = Duration(3_600_000);

fn not_found(name: &str) -> KubectlError {
    KubectlError::new(
        format!("Error from server (NotFound): statefulsets.apps \"{name}\" not found"),
        format!("서버 오류 (NotFound): statefulsets.apps \"{name}\"을(를) 찾을 수 없습니다"),
    )
}

impl Cluster {
    fn statefulset(&self, namespace: &str, name: &str) -> Result<StatefulSet, KubectlError> {
        match self.store.get(&Key::new("StatefulSet", namespace, name)) {
            Some(Object::StatefulSet(s)) => Ok(s.clone()),
            _ => Err(not_found(name)),
        }
    }

    /// The set's ControllerRevisions, oldest first.
    pub fn statefulset_revisions(&self, set: &StatefulSet) -> Vec<Revision> {
        let uid = set.metadata.uid.as_deref().unwrap_or("");
        match from_label_selector(set.spec.selector.as_ref()) {
            Ok(selector) => history::list(set, &selector, &self.store)
                .into_iter()
                .filter(|r| {
                    r.meta
                        .controller_ref()
                        .is_some_and(|owner| owner.uid == uid)
                })
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Runs `kubectl rollout ... statefulset/<name>`.
    pub(crate) fn kubectl_rollout_statefulset(
        &mut self,
        r: &Rollout,
        namespace: &str,
    ) -> Result<String, KubectlError> {
        let set = self.statefulset(namespace, &r.name)?;
        match r.action {
            RolloutAction::Status => self.sts_rollout_status(&r.name, namespace, r.watch),
            RolloutAction::History => {
                let revisions: Vec<printer::Revision> = self
                    .statefulset_revisions(&set)
                    .iter()
                    .filter_map(|rev| {
                        let change_cause = rev
                            .meta
                            .annotations
                            .as_ref()
                            .and_then(|a| a.get(CHANGE_CAUSE))
                            .filter(|c| !c.is_empty())
                            .cloned();
                        Some(printer::Revision {
                            number: rev.revision,
                            template: rev.template()?,
                            change_cause,
                        })
                    })
                    .collect();
                printer::history(ResourceType::StatefulSet, &r.name, &revisions, r.revision)
            }
            RolloutAction::Undo => self.sts_rollout_undo(set, r.to_revision.unwrap_or(0)),
            RolloutAction::Restart => {
                let now = self.now.to_rfc3339();
                self.store
                    .modify(&Key::new("StatefulSet", namespace, &r.name), |o| {
                        if let Object::StatefulSet(s) = o {
                            s.spec
                                .template
                                .metadata
                                .annotations
                                .get_or_insert_with(Default::default)
                                .insert("kubectl.kubernetes.io/restartedAt".into(), now);
                        }
                    })
                    .map_err(|e| KubectlError::new(e.to_string(), e.to_string()))?;
                Ok(operation(ResourceType::StatefulSet, &r.name, "restarted"))
            }
            RolloutAction::Pause | RolloutAction::Resume => Err(KubectlError::new(
                format!("statefulsets.apps \"{}\" pausing is not supported", r.name),
                format!(
                    "statefulsets.apps \"{}\"은(는) 일시 중지를 지원하지 않습니다",
                    r.name
                ),
            )),
        }
    }

    fn sts_rollout_status(
        &mut self,
        name: &str,
        namespace: &str,
        watch: bool,
    ) -> Result<String, KubectlError> {
        if watch {
            // The controllers react within moments of the change kubectl just made.
            self.settle().map_err(|e| {
                KubectlError::new(format!("Error from server: {e}"), format!("서버 오류: {e}"))
            })?;
        }
        let deadline = self.now.plus(WATCH_LIMIT);
        let mut out = String::new();
        let mut last: Option<String> = None;
        loop {
            let set = self.statefulset(namespace, name)?;
            let status = statefulset_status(&set)?;
            if last.as_deref() != Some(status.message.as_str()) {
                out.push_str(&status.message);
                last = Some(status.message.clone());
            }
            if status.done || !watch {
                return Ok(out);
            }
            if self.now >= deadline {
                return Err(KubectlError::new(
                    format!("{out}error: timed out waiting for the condition (kubesim followed the rollout for 1h of simulated time)"),
                    format!("{out}오류: 조건을 기다리다 시간이 초과되었습니다 (kubesim이 시뮬레이션 시간으로 1시간 동안 지켜보았습니다)"),
                ));
            }
            self.advance(Duration::seconds(1)).map_err(|e| {
                KubectlError::new(format!("Error from server: {e}"), format!("서버 오류: {e}"))
            })?;
        }
    }

    /// `StatefulSetRollbacker.Rollback`: applies the revision's template (revision 0: the
    /// one before the latest).
    fn sts_rollout_undo(
        &mut self,
        set: StatefulSet,
        to_revision: i64,
    ) -> Result<String, KubectlError> {
        let name = set.metadata.name.clone().unwrap_or_default();
        let revisions = self.statefulset_revisions(&set);
        if to_revision == 0 && revisions.len() <= 1 {
            return Err(KubectlError::new(
                "no last revision to roll back to",
                "되돌아갈 이전 리비전이 없습니다",
            ));
        }
        let target = if to_revision == 0 {
            revisions.get(revisions.len().saturating_sub(2))
        } else {
            revisions.iter().find(|r| r.revision == to_revision)
        };
        let Some(target) = target else {
            return Err(KubectlError::new(
                format!("unable to find specified revision {to_revision} in history"),
                format!("기록에서 리비전 {to_revision}을(를) 찾을 수 없습니다"),
            ));
        };
        if history::patch(&set) == target.data {
            return Ok(format!(
                "{}/{name} skipped rollback (current template already matches revision {})\n",
                ResourceType::StatefulSet.qualified(),
                target.revision
            ));
        }
        let Some(template) = target.template() else {
            return Err(KubectlError::new(
                format!(
                    "failed restoring revision {}: the revision has no pod template",
                    target.revision
                ),
                format!(
                    "리비전 {}을(를) 되돌리지 못했습니다: Pod 템플릿이 없습니다",
                    target.revision
                ),
            ));
        };
        let namespace = set
            .metadata
            .namespace
            .clone()
            .unwrap_or_else(|| "default".into());
        self.store
            .modify(&Key::new("StatefulSet", &namespace, &name), |o| {
                if let Object::StatefulSet(s) = o {
                    s.spec.template = template;
                }
            })
            .map_err(|e| KubectlError::new(e.to_string(), e.to_string()))?;
        Ok(operation(ResourceType::StatefulSet, &name, "rolled back"))
    }
}
