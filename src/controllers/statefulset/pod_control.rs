//! Creating, updating and deleting a StatefulSet's pods and claims
//! (pkg/controller/statefulset/stateful_pod_control.go) and the owner references that
//! carry `persistentVolumeClaimRetentionPolicy` (isClaimOwnerUpToDate and
//! updateClaimOwnerRefForSetAndPod in stateful_set_utils.go).

use std::collections::{BTreeMap, BTreeSet};

use super::utils::{
    claims_for, in_ordinal_range, ordinal_of, pod_owner_ref, retention_policy, set_name,
    set_namespace, set_owner_ref, DELETE, RETAIN,
};
use crate::api::core::PersistentVolumeClaim;
use crate::api::meta::OwnerReference;
use crate::api::object::Object;
use crate::api::pod::Pod;
use crate::api::statefulset::StatefulSet;
use crate::controllers::{Action, Change, Decision, Propagation};
use crate::manifest::diagnostic::Text;
use crate::state::events::EventType;
use crate::state::store::Key;

/// What one sync writes, and the claims it can see.
pub struct PodControl<'a> {
    pub set_key: String,
    pub claims: BTreeMap<&'a str, &'a PersistentVolumeClaim>,
    /// Claims created during this sync (not in the view yet).
    pub created_claims: BTreeSet<String>,
    pub decision: Decision,
}

fn pod_name(pod: &Pod) -> &str {
    pod.metadata.name.as_deref().unwrap_or("")
}

/// The retention policy in words, for reasons.
fn policy_text(set: &StatefulSet) -> (String, String) {
    let (when_deleted, when_scaled) = retention_policy(set);
    (
        format!("whenDeleted={when_deleted}, whenScaled={when_scaled}"),
        format!("whenDeleted={when_deleted}, whenScaled={when_scaled}"),
    )
}

impl<'a> PodControl<'a> {
    pub fn push(&mut self, action: Action) {
        self.decision.actions.push(action);
    }

    /// `createPersistentVolumeClaims`: the claims of `pod` that do not exist yet. Returns
    /// false when a claim is being deleted (the pod must wait).
    pub fn create_claims(&mut self, set: &StatefulSet, pod: &Pod) -> bool {
        let Some(ordinal) = ordinal_of(pod) else {
            return true;
        };
        let mut ok = true;
        let (policy_en, policy_ko) = policy_text(set);
        let name = pod_name(pod);
        for (template, mut claim) in claims_for(set, ordinal) {
            let claim_name = claim.metadata.name.clone().unwrap_or_default();
            if let Some(existing) = self.claims.get(claim_name.as_str()) {
                if existing.metadata.deletion_timestamp.is_some() {
                    ok = false;
                }
                continue;
            }
            if !self.created_claims.insert(claim_name.clone()) {
                continue;
            }
            // The upstream controller creates the claim, then sets the owner references
            // the retention policy asks for (UpdatePodClaimForRetentionPolicy); kubesim
            // does both in one write.
            let refs = wanted_refs(set, pod, &[]);
            claim.metadata.owner_references = (!refs.is_empty()).then_some(refs);
            let set_n = set_name(set);
            self.push(
                Action::new(
                    Change::Create(Object::PersistentVolumeClaim(claim)),
                    Text::new(
                        format!("{name} needs its own volume: create persistentvolumeclaim/{claim_name} from volumeClaimTemplate {template:?} before the pod ({policy_en}; the claim is not deleted with the pod)"),
                        format!("{name}에게는 자기만의 볼륨이 필요합니다: Pod보다 먼저 volumeClaimTemplate {template:?}(으)로 persistentvolumeclaim/{claim_name}을(를) 만듭니다 ({policy_ko}; Pod가 지워져도 클레임은 남습니다)"),
                    ),
                )
                .with_event(
                    EventType::Normal,
                    "SuccessfulCreate",
                    format!("create Claim {claim_name} Pod {name} in StatefulSet {set_n} success"),
                ),
            );
        }
        ok
    }

    /// `CreateStatefulPod`: the claims first, then the pod.
    pub fn create_pod(&mut self, set: &StatefulSet, pod: Pod, why: Text) {
        if !self.create_claims(set, &pod) {
            return;
        }
        let name = pod_name(&pod).to_string();
        let set_n = set_name(set);
        self.push(
            Action::new(Change::Create(Object::Pod(pod)), why).with_event(
                EventType::Normal,
                "SuccessfulCreate",
                format!("create Pod {name} in StatefulSet {set_n} successful"),
            ),
        );
    }

    /// `DeleteStatefulPod`.
    pub fn delete_pod(&mut self, set: &StatefulSet, pod: &Pod, why: Text) {
        let name = pod_name(pod);
        self.push(
            Action::new(
                Change::Delete {
                    key: Key::pod(set_namespace(set), name),
                    propagation: Propagation::Background,
                },
                why,
            )
            .with_event(
                EventType::Normal,
                "SuccessfulDelete",
                format!(
                    "delete Pod {name} in StatefulSet {} successful",
                    set_name(set)
                ),
            ),
        );
    }

    /// `UpdateStatefulPod`: restores identity and storage on an existing pod.
    pub fn update_pod(&mut self, set: &StatefulSet, pod: Pod, why: Text) {
        let name = pod_name(&pod).to_string();
        self.create_claims(set, &pod);
        self.push(
            Action::new(Change::Update(Object::Pod(pod)), why).with_event(
                EventType::Normal,
                "SuccessfulUpdate",
                format!(
                    "update Pod {name} in StatefulSet {} successful",
                    set_name(set)
                ),
            ),
        );
    }

    /// `ClaimsMatchRetentionPolicy`: the pod's existing claims carry the owner references
    /// the policy asks for.
    pub fn claims_match_retention(&self, set: &StatefulSet, pod: &Pod) -> bool {
        let Some(ordinal) = ordinal_of(pod) else {
            return true;
        };
        claim_names(set, ordinal).all(|name| {
            self.claims
                .get(name.as_str())
                .is_none_or(|claim| claim_owner_up_to_date(claim, set, pod))
        })
    }

    /// `UpdatePodClaimForRetentionPolicy`: rewrites the owner references of the pod's
    /// claims that do not match the policy.
    pub fn update_claims_for_retention(&mut self, set: &StatefulSet, pod: &Pod) {
        let Some(ordinal) = ordinal_of(pod) else {
            return;
        };
        let (policy_en, policy_ko) = policy_text(set);
        let scaled_down = !in_ordinal_range(set, ordinal);
        let name = pod_name(pod);
        for (_, c) in claims_for(set, ordinal) {
            let claim_name = c.metadata.name.clone().unwrap_or_default();
            let Some(claim) = self.claims.get(claim_name.as_str()).copied() else {
                continue;
            };
            if claim_owner_up_to_date(claim, set, pod) {
                continue;
            }
            let mut updated = claim.clone();
            let old = claim.metadata.owner_references.clone().unwrap_or_default();
            let refs = wanted_refs(set, pod, &old);
            updated.metadata.owner_references = (!refs.is_empty()).then_some(refs.clone());
            let owners: Vec<String> = refs
                .iter()
                .map(|r| format!("{}/{}", r.kind.to_lowercase(), r.name))
                .collect();
            let owners = if owners.is_empty() {
                "no owner".to_string()
            } else {
                owners.join(", ")
            };
            let (en, ko) = if scaled_down {
                (
                    format!("{policy_en} and {name} is beyond the replicas: persistentvolumeclaim/{claim_name} now belongs to {owners}, so it goes when the pod goes"),
                    format!("{policy_ko}이고 {name}은(는) 복제본 범위 밖이므로 persistentvolumeclaim/{claim_name}의 소유자를 {owners}(으)로 바꿉니다 (Pod가 사라지면 함께 지워집니다)"),
                )
            } else {
                (
                    format!("{policy_en}: persistentvolumeclaim/{claim_name} of {name} now belongs to {owners}"),
                    format!("{policy_ko}: {name}의 persistentvolumeclaim/{claim_name} 소유자를 {owners}(으)로 맞춥니다"),
                )
            };
            self.push(Action::new(
                Change::Update(Object::PersistentVolumeClaim(updated)),
                Text::new(en, ko),
            ));
        }
    }

    /// `PodClaimIsStale`: with whenScaled=Delete, a claim still owned by an earlier pod of
    /// the same name blocks the new pod until the garbage collector removes the claim.
    pub fn claim_is_stale(&self, set: &StatefulSet, pod: &Pod) -> bool {
        if retention_policy(set).1 == RETAIN {
            return false;
        }
        let Some(ordinal) = ordinal_of(pod) else {
            return false;
        };
        claim_names(set, ordinal).any(|name| {
            self.claims
                .get(name.as_str())
                .is_some_and(|claim| has_stale_ref(claim, "Pod", pod_name(pod), pod_uid(pod)))
        })
    }
}

/// The names of the claims of the pod at `ordinal`, without building the claims.
fn claim_names(set: &StatefulSet, ordinal: i32) -> impl Iterator<Item = String> + '_ {
    set.spec
        .volume_claim_templates
        .iter()
        .flatten()
        .map(move |t| super::utils::claim_name(set, t, ordinal))
}

fn pod_uid(pod: &Pod) -> &str {
    pod.metadata.uid.as_deref().unwrap_or("")
}

fn refs_of(claim: &PersistentVolumeClaim) -> &[OwnerReference] {
    claim
        .metadata
        .owner_references
        .as_deref()
        .unwrap_or_default()
}

/// `hasStaleOwnerRef`: a reference to an object of this kind and name but another uid.
fn has_stale_ref(claim: &PersistentVolumeClaim, kind: &str, name: &str, uid: &str) -> bool {
    refs_of(claim)
        .iter()
        .find(|r| r.kind == kind && r.name == name)
        .is_some_and(|r| r.uid != uid)
}

fn has_ref(claim: &PersistentVolumeClaim, uid: &str) -> bool {
    !uid.is_empty() && refs_of(claim).iter().any(|r| r.uid == uid)
}

/// `isClaimOwnerUpToDate`.
pub fn claim_owner_up_to_date(claim: &PersistentVolumeClaim, set: &StatefulSet, pod: &Pod) -> bool {
    let set_uid = set.metadata.uid.as_deref().unwrap_or("");
    if has_stale_ref(claim, "StatefulSet", set_name(set), set_uid)
        || has_stale_ref(claim, "Pod", pod_name(pod), pod_uid(pod))
    {
        return true;
    }
    let (when_deleted, when_scaled) = retention_policy(set);
    let unexpected_controller = !(when_deleted == RETAIN && when_scaled == RETAIN)
        && refs_of(claim).iter().any(|r| {
            r.controller == Some(true)
                && !(r.kind == "StatefulSet" && r.name == set_name(set))
                && !(r.kind == "Pod" && r.name == pod_name(pod))
        });
    if unexpected_controller {
        return !(has_ref(claim, set_uid) || has_ref(claim, pod_uid(pod)));
    }
    if refs_of(claim)
        .iter()
        .any(|r| (r.uid == set_uid || r.uid == pod_uid(pod)) && r.controller != Some(true))
    {
        return false;
    }
    let scaled_down = ordinal_of(pod).is_some_and(|o| !in_ordinal_range(set, o));
    let (set_ref, pod_ref) = (has_ref(claim, set_uid), has_ref(claim, pod_uid(pod)));
    match (when_scaled, when_deleted) {
        (DELETE, DELETE) => scaled_down != set_ref && scaled_down == pod_ref,
        (DELETE, _) => !set_ref && scaled_down == pod_ref,
        (_, DELETE) => set_ref && !pod_ref,
        _ => !set_ref && !pod_ref,
    }
}

/// `updateClaimOwnerRefForSetAndPod`: the claim's references with ours replaced by the ones
/// the policy asks for (the set while the pod is in range and whenDeleted=Delete; the pod
/// once it is scaled down and whenScaled=Delete).
fn wanted_refs(set: &StatefulSet, pod: &Pod, old: &[OwnerReference]) -> Vec<OwnerReference> {
    let set_n = set_name(set);
    let name = pod_name(pod);
    let mut refs: Vec<OwnerReference> = old
        .iter()
        .filter(|r| {
            let ours =
                (r.kind == "StatefulSet" && r.name == set_n) || (r.kind == "Pod" && r.name == name);
            !ours
        })
        .cloned()
        .collect();
    let (when_deleted, when_scaled) = retention_policy(set);
    let unexpected_controller = !(when_deleted == RETAIN && when_scaled == RETAIN)
        && refs.iter().any(|r| r.controller == Some(true));
    if unexpected_controller {
        return refs;
    }
    let scaled_down = ordinal_of(pod).is_some_and(|o| !in_ordinal_range(set, o));
    let want_set = when_deleted == DELETE && (when_scaled == RETAIN || !scaled_down);
    let want_pod = when_scaled == DELETE && scaled_down && !pod_uid(pod).is_empty();
    if want_set {
        refs.push(set_owner_ref(&set.metadata));
    }
    if want_pod {
        refs.push(pod_owner_ref(&pod.metadata));
    }
    refs
}
