//! kubectl verbs on DaemonSets in the simulator: `rollout status|restart daemonset/NAME`
//! (staging/src/k8s.io/kubectl/pkg/polymorphichelpers: `DaemonSetStatusViewer`,
//! `defaultObjectRestarter`) and `set image daemonset/NAME container=image`
//! (pkg/cmd/set/set_image.go). Like every kubectl command here they return at once: a
//! rollout moves on with `run`/`advance`, and `rollout status` prints where it stands now.

use crate::api::object::Object;
use crate::kubectl::command::{Rollout, RolloutAction, SetImage};
use crate::kubectl::messages::operation;
use crate::kubectl::rollout::daemonset_status;
use crate::kubectl::{KubectlError, ResourceType};
use crate::sim::engine::Cluster;
use crate::sim::store::Key;

/// The annotation `kubectl rollout restart` sets on the pod template.
pub const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";

fn not_found(name: &str) -> KubectlError {
    KubectlError::new(
        format!("Error from server (NotFound): daemonsets.apps \"{name}\" not found"),
        format!("서버 오류 (NotFound): daemonsets.apps \"{name}\"을(를) 찾을 수 없습니다"),
    )
}

impl Cluster {
    fn daemonset_object(
        &self,
        namespace: &str,
        name: &str,
    ) -> Result<crate::api::daemonset::DaemonSet, KubectlError> {
        match self.store.get(&Key::new("DaemonSet", namespace, name)) {
            Some(Object::DaemonSet(ds)) => Ok(ds.clone()),
            _ => Err(not_found(name)),
        }
    }

    /// `kubectl rollout status|restart daemonset/NAME`.
    pub fn kubectl_rollout_daemonset(
        &mut self,
        rollout: &Rollout,
        namespace: &str,
    ) -> Result<String, KubectlError> {
        let mut ds = self.daemonset_object(namespace, &rollout.name)?;
        match rollout.action {
            RolloutAction::Status => daemonset_status(&ds).map(|s| s.message),
            RolloutAction::Restart => {
                ds.spec
                    .template
                    .metadata
                    .annotations
                    .get_or_insert_with(Default::default)
                    .insert(RESTARTED_AT.to_string(), self.now.to_rfc3339());
                self.store.update(Object::DaemonSet(ds)).map_err(|e| {
                    KubectlError::new(format!("{e}"), format!("{e}"))
                })?;
                Ok(operation(ResourceType::DaemonSet, &rollout.name, "restarted"))
            }
            RolloutAction::History | RolloutAction::Undo => Err(KubectlError::new(
                "kubesim does not keep ControllerRevisions of DaemonSets yet: rollout history and undo are not simulated",
                "kubesim은 아직 DaemonSet의 ControllerRevision을 보관하지 않아 rollout history와 undo를 시뮬레이션하지 않습니다",
            )),
            RolloutAction::Pause | RolloutAction::Resume => Err(KubectlError::new(
                format!("daemonsets.apps \"{}\" is not supported", rollout.name),
                format!("daemonsets.apps \"{}\"은(는) 지원되지 않습니다", rollout.name),
            )),
        }
    }

    /// `kubectl set image daemonset/NAME container=image ...` (`*` for every container).
    pub fn kubectl_set_image_daemonset(
        &mut self,
        set: &SetImage,
        namespace: &str,
    ) -> Result<String, KubectlError> {
        let mut ds = self.daemonset_object(namespace, &set.name)?;
        let spec = &mut ds.spec.template.spec;
        for (container, image) in &set.images {
            let mut found = false;
            let all = spec
                .init_containers
                .iter_mut()
                .flatten()
                .chain(spec.containers.iter_mut());
            for c in all {
                if container == "*" || c.name == *container {
                    c.image = Some(image.clone());
                    found = true;
                }
            }
            if !found {
                return Err(KubectlError::new(
                    format!("unable to find container named \"{container}\""),
                    format!("이름이 \"{container}\"인 컨테이너가 없습니다"),
                ));
            }
        }
        let before = self.daemonset_object(namespace, &set.name)?;
        if before.spec.template == ds.spec.template {
            return Ok(String::new());
        }
        self.store
            .update(Object::DaemonSet(ds))
            .map_err(|e| KubectlError::new(format!("{e}"), format!("{e}")))?;
        Ok(operation(
            ResourceType::DaemonSet,
            &set.name,
            "image updated",
        ))
    }
}
