//! The DaemonSet controller (pkg/controller/daemon/daemon_controller.go): one pod on every
//! node that should run one, never two, with the pods bound to their nodes by the default
//! scheduler through a required node affinity on `metadata.name`.
//!
//! One [`reconcile`] is one `syncDaemonSet`: claim the pods (adopt orphans, release pods that
//! stop matching), compute the template's revision hash, `manage` (create a pod on every node
//! that should run one and has none, delete pods on nodes that should not keep one, failed
//! and succeeded pods, and all but the oldest pod on a node), then, when `manage` had
//! nothing to do (the expectations of upstream are met), the rolling update of
//! [`update`], and finally the status of [`status`].
//!
//! Which nodes should run a daemon pod is [`crate::scheduling::DaemonPredicate`]
//! (`NodeShouldRunDaemonPod`): node name, nodeSelector and required node affinity, and the
//! taints, with the tolerations the controller adds to every daemon pod. Cordoned nodes keep
//! and get daemon pods (every daemon pod tolerates `node.kubernetes.io/unschedulable`).
//!
//! Differences from upstream, all invisible in the end state: nodes and pods are visited in
//! name order (upstream in informer or map order); a failed daemon pod is deleted at once
//! (upstream backs off from 1 s up to 15 min between such deletions, which only matters when
//! the kubelet keeps rejecting pods); kubesim keeps no ControllerRevision objects, the hash
//! is computed from the template (see [`util::compute_hash`]).

pub mod report;
pub mod status;
pub mod update;
pub mod util;

use std::collections::{BTreeMap, HashMap};

use super::podutil::{controller_of, is_terminating, node_name, phase};
use super::{Action, Change, Decision, Propagation, View};
use crate::api::daemonset::DaemonSet;
use crate::api::meta::{ObjectMeta, OwnerReference};
use crate::api::node::Node;
use crate::api::object::Object;
use crate::api::pod::Pod;
use crate::manifest::diagnostic::Text;
use crate::scheduling::DaemonPredicate;
use crate::selector::{from_label_selector, Selector};
use crate::state::events::EventType;
use crate::state::store::Key;

pub use report::{node_reports, NodeReport};
pub use util::{compute_hash, CONTROLLER_REVISION_HASH};

/// At most this many pods are created, and this many deleted, in one sync (BurstReplicas).
pub const BURST_REPLICAS: usize = 250;

/// One node with the controller's verdict on it.
#[derive(Debug, Clone, Copy)]
pub struct NodeVerdict<'a> {
    pub node: &'a Node,
    pub name: &'a str,
    /// `shouldRun`: a daemon pod should be created here if there is none.
    pub should_run: bool,
    /// `shouldContinueRunning`: a daemon pod here may stay.
    pub should_continue_running: bool,
}

/// Everything one sync works from, computed once.
pub struct SyncState<'a> {
    pub ds: &'a DaemonSet,
    pub ds_key: String,
    pub namespace: &'a str,
    pub hash: String,
    pub generation: Option<i64>,
    pub predicate: DaemonPredicate,
    /// Every node, in name order, with its verdict.
    pub nodes: Vec<NodeVerdict<'a>>,
    /// The claimed daemon pods grouped by the node they run on or are pinned to
    /// (`getNodesToDaemonPods`; pods both terminal and being deleted are left out): those
    /// of `nodes[i]` are `slots[starts[i]..starts[i + 1]]`, so a sync looks a node's pods up
    /// by position instead of by name.
    slots: Vec<&'a Pod>,
    starts: Vec<usize>,
    /// Pods pinned to nodes that do not exist, by node name.
    pub missing: BTreeMap<&'a str, Vec<&'a Pod>>,
    /// How many claimed pods were made from an older template.
    pub old_pods: usize,
}

impl<'a> SyncState<'a> {
    /// The verdict of the node called `name`, if it exists.
    pub fn verdict(&self, name: &str) -> Option<&NodeVerdict<'a>> {
        self.nodes
            .binary_search_by(|v| v.name.cmp(name))
            .ok()
            .and_then(|i| self.nodes.get(i))
    }

    /// Whether any claimed pod was made from an older template (else a rolling update has
    /// nothing to do).
    pub fn has_old_pods(&self) -> bool {
        self.old_pods > 0
    }

    /// The daemon pods of `nodes[i]`.
    pub fn pods_at(&self, i: usize) -> &[&'a Pod] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.slots.get(a..b).unwrap_or_default(),
            _ => &[],
        }
    }

    /// Every node with daemon pods, existing or not, in name order.
    pub fn groups(&self) -> BTreeMap<&'a str, &[&'a Pod]> {
        let mut out: BTreeMap<&'a str, &[&'a Pod]> = BTreeMap::new();
        for (i, v) in self.nodes.iter().enumerate() {
            let pods = self.pods_at(i);
            if !pods.is_empty() {
                out.insert(v.name, pods);
            }
        }
        for (name, pods) in &self.missing {
            out.insert(name, pods.as_slice());
        }
        out
    }

    /// Why the node should not run (or keep) a daemon pod, in English and Korean.
    pub fn why_not(&self, name: &str) -> Text {
        match self.verdict(name) {
            None => Text::new(
                format!("node {name} does not exist"),
                format!("노드 {name}이(가) 없습니다"),
            ),
            Some(v) => {
                let placement = self.predicate.evaluate(v.node);
                match placement.reasons.first() {
                    Some(t) => t.clone(),
                    None => Text::new("it may run there", "실행할 수 있습니다"),
                }
            }
        }
    }
}

/// One sync of a DaemonSet (`syncDaemonSet`): at most [`BURST_REPLICAS`] creations and as
/// many deletions, as kube-controller-manager does.
pub fn reconcile(ds: &DaemonSet, view: &View<'_>) -> Decision {
    sync(ds, view, 1)
}

/// The syncs that follow one another while only the controller's own writes change the
/// cluster, as in the simulator, which observes every write at once: every burst of
/// [`BURST_REPLICAS`] creations and deletions, in the order the successive syncs would make
/// them, from one look at the nodes and pods.
///
/// Upstream, each burst is a full `syncDaemonSet` over every node and pod, so a new
/// DaemonSet on n nodes costs n/250 syncs of O(n) each; the end state and the actions are
/// the same when they are computed once, and the simulation stays linear in the nodes.
/// Only the intermediate statuses between the bursts are not written.
pub fn reconcile_observed(ds: &DaemonSet, view: &View<'_>) -> Decision {
    sync(ds, view, usize::MAX)
}

/// `syncDaemonSet` with up to `bursts` successive bursts of `syncNodes`.
fn sync(ds: &DaemonSet, view: &View<'_>, bursts: usize) -> Decision {
    let mut decision = Decision::default();
    if ds.metadata.deletion_timestamp.is_some() {
        return decision;
    }
    let Ok(selector) = from_label_selector(ds.spec.selector.as_ref()) else {
        return decision;
    };
    let name = ds.metadata.name_or_empty();
    let ds_key = format!("daemonset/{name}");
    if selector.is_empty() {
        // Upstream records a SelectingAll warning and does nothing; the API server refuses
        // such a DaemonSet in the first place ("empty selector is invalid for daemonset").
        return decision;
    }
    let namespace = ds.metadata.namespace.as_deref().unwrap_or("default");
    let uid = ds.metadata.uid.as_deref().unwrap_or("");

    let mut owned: Vec<&Pod> = Vec::new();
    // ClaimPods looks only at the pods this DaemonSet controls and at the orphans: the
    // store indexes pods by controller, so a sync does not walk every pod of the cluster.
    let candidates = view
        .store
        .pods_controlled_by(uid)
        .chain(view.store.pods_controlled_by(""))
        .filter(|p| p.metadata.namespace.as_deref().unwrap_or("default") == namespace);
    for pod in candidates {
        match claim(pod, uid, &selector) {
            Claim::Keep => owned.push(pod),
            Claim::Adopt => {
                owned.push(pod);
                decision.actions.push(adopt(pod, ds, &ds_key));
            }
            Claim::Release => decision.actions.push(release(pod, uid, &ds_key)),
            Claim::Ignore => {}
        }
    }
    let state = sync_state(ds, view.store.nodes(), &owned, ds_key);

    let manage_actions = manage(&state, view, bursts);
    let managed = !manage_actions.is_empty();
    decision.actions.extend(manage_actions);
    if !managed && util::strategy_type(ds) == "RollingUpdate" && state.has_old_pods() {
        decision
            .actions
            .extend(update::rolling_update(&state, view.now));
    }
    let (new_status, wait) = status::calculate_status(&state, view.now);
    if let Some(action) = status::store_status(&state, new_status) {
        decision.actions.push(action);
    }
    if let Some(wait) = wait {
        decision.requeue(wait);
    }
    decision
}

/// Builds what a sync works from: the hash, the compiled predicate, the verdict of every
/// node and the claimed pods grouped by node. `nodes` come in name order, as the store
/// lists them.
pub fn sync_state<'a>(
    ds: &'a DaemonSet,
    nodes: impl Iterator<Item = &'a Node>,
    owned: &[&'a Pod],
    ds_key: String,
) -> SyncState<'a> {
    let predicate = DaemonPredicate::new(ds);
    let verdicts: Vec<NodeVerdict<'a>> = nodes
        .map(|node| {
            let (should_run, should_continue_running) = predicate.verdict(node);
            NodeVerdict {
                node,
                name: node.metadata.name_or_empty(),
                should_run,
                should_continue_running,
            }
        })
        .collect();
    // The store lists nodes in name order; checking it costs as much as a third of the
    // verdicts, so it is only checked in debug builds.
    debug_assert!(verdicts.is_sorted_by(|a, b| a.name <= b.name));
    let collision = ds.status.as_ref().and_then(|s| s.collision_count);
    let hash = util::compute_hash(&ds.spec.template, collision);
    let generation = util::template_generation(ds);
    let mut placed: Vec<(usize, &'a Pod)> = Vec::with_capacity(owned.len());
    let mut missing: BTreeMap<&'a str, Vec<&'a Pod>> = BTreeMap::new();
    let mut old_pods = 0;
    for pod in owned {
        let terminal = matches!(phase(pod), "Succeeded" | "Failed");
        if terminal && is_terminating(pod) {
            continue;
        }
        let Some(node) = util::target_node_name(pod) else {
            continue;
        };
        if !util::is_pod_updated(pod, &hash, generation) {
            old_pods += 1;
        }
        match verdicts.binary_search_by(|v| v.name.cmp(node)) {
            Ok(i) => placed.push((i, pod)),
            Err(_) => missing.entry(node).or_default().push(pod),
        }
    }
    // Group by node position, keeping each node's pods in the order they came.
    let mut starts = vec![0usize; verdicts.len() + 1];
    for (i, _) in &placed {
        if let Some(c) = starts.get_mut(i + 1) {
            *c += 1;
        }
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut fill = starts.clone();
    let mut slots: Vec<Option<&'a Pod>> = vec![None; placed.len()];
    for (i, pod) in placed {
        if let Some(at) = fill.get_mut(i) {
            if let Some(slot) = slots.get_mut(*at) {
                *slot = Some(pod);
            }
            *at += 1;
        }
    }
    SyncState {
        ds,
        namespace: ds.metadata.namespace.as_deref().unwrap_or("default"),
        hash,
        generation,
        predicate,
        nodes: verdicts,
        slots: slots.into_iter().flatten().collect(),
        starts,
        missing,
        old_pods,
        ds_key,
    }
}

/// How ClaimPods treats one pod of the namespace.
enum Claim {
    Keep,
    Adopt,
    Release,
    Ignore,
}

fn claim(pod: &Pod, uid: &str, selector: &Selector) -> Claim {
    let empty = BTreeMap::new();
    let labels = pod.metadata.labels.as_ref().unwrap_or(&empty);
    match controller_of(&pod.metadata) {
        Some(r) if r.uid == uid => {
            if selector.matches(labels) {
                Claim::Keep
            } else {
                Claim::Release
            }
        }
        Some(_) => Claim::Ignore,
        None if !is_terminating(pod) && selector.matches(labels) => Claim::Adopt,
        None => Claim::Ignore,
    }
}

fn adopt(pod: &Pod, ds: &DaemonSet, ds_key: &str) -> Action {
    let mut adopted = pod.clone();
    adopted
        .metadata
        .owner_references
        .get_or_insert_with(Vec::new)
        .push(owner_ref(&ds.metadata));
    let pod_name = pod.metadata.name_or_empty();
    Action::new(
        Change::Update(Object::Pod(adopted)),
        Text::new(
            format!("pod/{pod_name} has no controller and its labels match the selector of {ds_key}: adopt it"),
            format!("pod/{pod_name}은(는) 컨트롤러가 없고 레이블이 {ds_key}의 셀렉터와 맞으므로 입양합니다"),
        ),
    )
}

fn release(pod: &Pod, uid: &str, ds_key: &str) -> Action {
    let mut released = pod.clone();
    if let Some(refs) = released.metadata.owner_references.as_mut() {
        refs.retain(|r| r.uid != uid);
    }
    let pod_name = pod.metadata.name_or_empty();
    Action::new(
        Change::Update(Object::Pod(released)),
        Text::new(
            format!("pod/{pod_name}'s labels no longer match the selector of {ds_key}: release it"),
            format!(
                "pod/{pod_name}의 레이블이 더 이상 {ds_key}의 셀렉터와 맞지 않으므로 놓아줍니다"
            ),
        ),
    )
}

/// The owner reference of a daemon pod (`metav1.NewControllerRef(ds, controllerKind)`).
pub fn owner_ref(ds: &ObjectMeta) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: "DaemonSet".into(),
        name: ds.name.clone().unwrap_or_default(),
        uid: ds.uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// A new daemon pod for `node`: the template with the daemon tolerations, the generation
/// and hash labels, and a required node affinity that only `node` satisfies.
pub fn new_daemon_pod(state: &SyncState<'_>, node: &str) -> Pod {
    let template = util::create_pod_template(state.ds, &state.hash);
    let mut spec = template.spec;
    spec.affinity = Some(util::pin_to_node(spec.affinity.take(), node));
    let name = state.ds.metadata.name_or_empty();
    Pod {
        api_version: "v1".into(),
        kind: "Pod".into(),
        metadata: ObjectMeta {
            generate_name: Some(format!("{name}-")),
            namespace: Some(state.namespace.to_string()),
            labels: template.metadata.labels,
            annotations: template.metadata.annotations,
            owner_references: Some(vec![owner_ref(&state.ds.metadata)]),
            ..ObjectMeta::default()
        },
        spec,
        status: None,
    }
}

/// A create action for a daemon pod on `node`, with its reason.
pub fn create_action(state: &SyncState<'_>, node: &str, reason: Text) -> Action {
    Action::new(
        Change::Create(Object::Pod(new_daemon_pod(state, node))),
        reason,
    )
    .with_event(
        EventType::Normal,
        "SuccessfulCreate",
        "Created pod: {name}".into(),
    )
}

/// A delete action for a daemon pod, with its reason.
pub fn delete_action(state: &SyncState<'_>, pod: &Pod, reason: Text) -> Action {
    let pod_name = pod.metadata.name_or_empty();
    Action::new(
        Change::Delete {
            key: Key::pod(state.namespace, pod_name),
            propagation: Propagation::Background,
        },
        reason,
    )
    .with_event(
        EventType::Normal,
        "SuccessfulDelete",
        format!("Deleted pod: {pod_name}"),
    )
}

/// `manage` with `podsShouldBeOnNode` and `getUnscheduledPodsWithoutNode`, then the burst
/// limit of `syncNodes`, `bursts` times over.
fn manage(state: &SyncState<'_>, view: &View<'_>, bursts: usize) -> Vec<Action> {
    let ds_key = &state.ds_key;
    let surge = util::allows_surge(state.ds);
    let min_ready = state.ds.spec.min_ready_seconds.unwrap_or(0);
    let limit = BURST_REPLICAS.saturating_mul(bursts);
    let mut creates = Burst::new(limit);
    let mut deletes = Burst::new(limit);
    for (i, v) in state.nodes.iter().enumerate() {
        let node = v.name;
        let pods = state.pods_at(i);
        let exists = !pods.is_empty();
        if v.should_run && !exists {
            creates.add(|| create_action(
                state,
                node,
                Text::new(
                    format!("node {node} should run a pod of {ds_key} and has none: create one bound to it"),
                    format!("노드 {node}에서 {ds_key}의 Pod가 실행되어야 하는데 없으므로 그 노드에 묶인 Pod를 만듭니다"),
                ),
            ));
        } else if v.should_continue_running {
            let mut running: Vec<&Pod> = Vec::new();
            for pod in pods.iter().copied().filter(|p| !is_terminating(p)) {
                let pod_name = pod.metadata.name_or_empty();
                match phase(pod) {
                    "Failed" => {
                        let message = format!("Found failed daemon pod {}/{pod_name} on node {node}, will try to kill it", state.namespace);
                        deletes.add(||
                            delete_action(
                                state,
                                pod,
                                Text::new(
                                    format!("pod/{pod_name} on node {node} failed: delete it so that a new one replaces it"),
                                    format!("노드 {node}의 pod/{pod_name}이(가) 실패했으므로 지우고 새 Pod로 바꿉니다"),
                                ),
                            )
                            .with_event(EventType::Warning, "FailedDaemonPod", message),
                        );
                    }
                    "Succeeded" => {
                        let message = format!("Found succeeded daemon pod {}/{pod_name} on node {node}, will try to delete it", state.namespace);
                        deletes.add(||
                            delete_action(
                                state,
                                pod,
                                Text::new(
                                    format!("pod/{pod_name} on node {node} exited: a daemon pod should keep running, so delete it and make a new one"),
                                    format!("노드 {node}의 pod/{pod_name}이(가) 종료되었습니다. 데몬 Pod는 계속 실행되어야 하므로 지우고 새로 만듭니다"),
                                ),
                            )
                            .with_event(EventType::Normal, "SucceededDaemonPod", message),
                        );
                    }
                    _ => running.push(pod),
                }
            }
            running.sort_by(|a, b| util::by_creation_and_phase(a, b));
            if !surge {
                if let Some((oldest, extra)) = running.split_first() {
                    for pod in extra {
                        deletes.add(|| excess(state, node, pod, oldest));
                    }
                }
                continue;
            }
            if running.is_empty() {
                if v.should_run {
                    creates.add(|| create_action(
                        state,
                        node,
                        Text::new(
                            format!("node {node} should run a pod of {ds_key} and every pod there is being deleted: create one bound to it"),
                            format!("노드 {node}에서 {ds_key}의 Pod가 실행되어야 하는데 있던 Pod가 모두 삭제 중이므로 새로 만듭니다"),
                        ),
                    ));
                }
                continue;
            }
            if running.len() == 1 {
                continue;
            }
            // With surge, an old and a new pod may share a node while the new one starts;
            // the oldest of each kind is kept, the rest go.
            let mut oldest_new: Option<&Pod> = None;
            let mut oldest_old: Option<&Pod> = None;
            for pod in running.iter().copied() {
                let updated = util::is_pod_updated(pod, &state.hash, state.generation);
                let slot = if updated {
                    &mut oldest_new
                } else {
                    &mut oldest_old
                };
                match slot {
                    None => *slot = Some(pod),
                    Some(kept) => deletes.add(|| excess(state, node, pod, kept)),
                }
            }
            if let (Some(new), Some(old)) = (oldest_new, oldest_old) {
                let old_name = old.metadata.name_or_empty();
                let new_name = new.metadata.name_or_empty();
                if !super::podutil::is_ready(old) {
                    deletes.add(|| delete_action(
                        state,
                        old,
                        Text::new(
                            format!("node {node} has the new pod/{new_name} and the old pod/{old_name}, which is not ready: delete the old one"),
                            format!("노드 {node}에 새 pod/{new_name}와(과) 준비되지 않은 이전 pod/{old_name}이(가) 있으므로 이전 것을 지웁니다"),
                        ),
                    ));
                } else if super::podutil::is_available(new, min_ready, view.now) {
                    deletes.add(|| delete_action(
                        state,
                        old,
                        Text::new(
                            format!("the new pod/{new_name} on node {node} is available: delete the old pod/{old_name}"),
                            format!("노드 {node}의 새 pod/{new_name}이(가) 사용 가능해졌으므로 이전 pod/{old_name}을(를) 지웁니다"),
                        ),
                    ));
                }
            }
        } else if exists {
            let live: Vec<&Pod> = pods
                .iter()
                .copied()
                .filter(|p| !is_terminating(p))
                .collect();
            if live.is_empty() {
                continue;
            }
            let why = state.why_not(node);
            for pod in live {
                deletes.add(|| delete_action(
                    state,
                    pod,
                    Text::new(
                        format!("node {node} should not run a pod of {ds_key} ({}): delete pod/{}", why.en, pod.metadata.name_or_empty()),
                        format!("노드 {node}에서는 {ds_key}의 Pod가 실행되면 안 되므로({}) pod/{}을(를) 지웁니다", why.ko, pod.metadata.name_or_empty()),
                    ),
                ));
            }
        }
    }
    // Pods waiting for a node that is gone are never scheduled and the pod garbage
    // collector leaves them alone, so the controller deletes them.
    for (node, pods) in &state.missing {
        for pod in pods.iter().filter(|p| node_name(p).is_empty()) {
            deletes.add(|| {
                delete_action(
                    state,
                    pod,
                    Text::new(
                        format!(
                            "pod/{} waits for node {node}, which no longer exists: delete it",
                            pod.metadata.name_or_empty()
                        ),
                        format!(
                            "pod/{}은(는) 더 이상 없는 노드 {node}을(를) 기다리고 있으므로 지웁니다",
                            pod.metadata.name_or_empty()
                        ),
                    ),
                )
            });
        }
    }
    // Each syncNodes creates first, then deletes, both before anything else happens.
    interleave(creates.actions, deletes.actions)
}

/// The creations then the deletions of each burst in turn, as successive syncs make them.
fn interleave(creates: Vec<Action>, deletes: Vec<Action>) -> Vec<Action> {
    let mut out = Vec::with_capacity(creates.len() + deletes.len());
    let mut creates = creates.into_iter().peekable();
    let mut deletes = deletes.into_iter().peekable();
    while creates.peek().is_some() || deletes.peek().is_some() {
        out.extend(creates.by_ref().take(BURST_REPLICAS));
        out.extend(deletes.by_ref().take(BURST_REPLICAS));
    }
    out
}

/// The actions of the bursts a sync may make: the rest wait for the next sync, and are not
/// even built (one sync of a new DaemonSet on 5,000 nodes builds 250 pods, not 5,000).
struct Burst {
    actions: Vec<Action>,
    limit: usize,
}

impl Burst {
    fn new(limit: usize) -> Burst {
        Burst {
            actions: Vec::new(),
            limit,
        }
    }

    fn add(&mut self, action: impl FnOnce() -> Action) {
        if self.actions.len() < self.limit {
            self.actions.push(action());
        }
    }
}

fn excess(state: &SyncState<'_>, node: &str, pod: &Pod, kept: &Pod) -> Action {
    let ds_key = &state.ds_key;
    let pod_name = pod.metadata.name_or_empty();
    let kept_name = kept.metadata.name_or_empty();
    delete_action(
        state,
        pod,
        Text::new(
            format!("node {node} runs more than one pod of {ds_key}: keep the oldest, pod/{kept_name}, and delete pod/{pod_name}"),
            format!("노드 {node}에 {ds_key}의 Pod가 둘 이상이므로 가장 오래된 pod/{kept_name}만 남기고 pod/{pod_name}을(를) 지웁니다"),
        ),
    )
}

/// The daemon pods of `ds` in the store, by the node they run on or wait for (for
/// explanations and tests; the controller itself claims pods first).
pub fn pods_by_node<'a>(
    ds: &DaemonSet,
    pods: impl Iterator<Item = &'a Pod>,
) -> HashMap<String, Vec<&'a Pod>> {
    let uid = ds.metadata.uid.as_deref().unwrap_or("");
    let mut out: HashMap<String, Vec<&'a Pod>> = HashMap::new();
    for pod in pods.filter(|p| controller_of(&p.metadata).is_some_and(|r| r.uid == uid)) {
        if let Some(node) = util::target_node_name(pod) {
            out.entry(node.to_string()).or_default().push(pod);
        }
    }
    out
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
