//! The engine: a whole cluster in one value. It runs the controllers, the scheduler, the
//! garbage collector and the kubelet model until nothing changes, then moves the virtual
//! clock to the next thing that will happen.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::api::object::Object;
use crate::api::pod::Pod;
use crate::controllers::{self, Action, Change, Propagation, View};
use crate::manifest::defaults::{add_default_tolerations, apply_pod_defaults};
use crate::manifest::diagnostic::Text;
use crate::scheduling::NodeInfo;
use crate::sim::behavior::{behavior_for, Rule};
use crate::sim::clock::{Duration, Time};
use crate::sim::events::{EventLog, EventType};
use crate::sim::kubelet::{self, KubeletConfig, PodRun};
use crate::sim::marks::{writes_only_own_status, InputMark};
use crate::sim::rng::Rng;
use crate::sim::store::{Key, Store, StoreError};
use crate::sim::topology::{make_node, Topology};
use crate::sim::trace::Step;

/// The random stream an object's generated name and uid come from: the add-ons in
/// kube-system have their own, so they never shift the names of a student's objects.
fn rng_for<'a>(
    rng: &'a mut Rng,
    system: &'a mut Rng,
    meta: &crate::api::meta::ObjectMeta,
) -> &'a mut Rng {
    if crate::sim::system::is_system(meta.namespace.as_deref()) {
        system
    } else {
        rng
    }
}

/// Reconcile rounds at one instant before the engine gives up: controllers that keep
/// undoing each other never settle.
pub const MAX_ROUNDS: usize = 1_000;

/// Instants one `run` or `advance` call may go through before it stops with
/// [`SimError::Runaway`]: the engine jumps from one timer to the next, so this bounds the
/// work of a call by what happens in it (a year of a per-minute CronJob is about 2.7
/// million instants of pod start-ups and exits; ask for shorter spans beyond that), never
/// by the length of simulated time.
pub const MAX_INSTANTS: usize = 4_000_000;

/// The trace keeps at most this many of its most recent steps by default (between one and
/// two times as many: it drops the older half when it reaches twice the window), enough
/// for any lesson and bounded over months of simulated time.
pub const DEFAULT_TRACE_WINDOW: usize = 50_000;

/// The work a cluster has done so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Instants the clock stopped at (timers fired and settled).
    pub instants: u64,
    /// Reconcile rounds (each runs every controller, the garbage collector and the
    /// scheduler once).
    pub rounds: u64,
}

/// How a simulated cluster is built.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterConfig {
    pub topology: Topology,
    pub seed: u64,
    pub start: Time,
    pub kubelet: KubeletConfig,
}

impl Default for ClusterConfig {
    fn default() -> ClusterConfig {
        ClusterConfig {
            topology: Topology::default(),
            seed: 0,
            start: Time::DEFAULT_START,
            kubelet: KubeletConfig::default(),
        }
    }
}

/// Why a simulation could not go on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimError {
    #[error("the cluster did not settle after {rounds} reconcile rounds at {time}; still changing: {changing}")]
    Unsettled {
        rounds: usize,
        time: Time,
        changing: String,
    },
    #[error("stopped after {instants} instants of simulated time at {time}, the limit of work for one call; still changing: {changing}. Advance by shorter spans, or look at what keeps changing")]
    Runaway {
        instants: usize,
        time: Time,
        changing: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Invalid(String),
    /// The API server refused an update (immutable fields); `message` is kubectl's text.
    #[error("{}", message.en)]
    Rejected {
        message: Text,
        diagnostics: Vec<crate::manifest::diagnostic::Diagnostic>,
    },
}

/// What `apply` did to one object, as kubectl prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    Created(Key),
    Configured(Key),
    Unchanged(Key),
}

/// Per-node facts the store does not hold.
#[derive(Debug, Clone, Default)]
pub(crate) struct NodeRuntime {
    pub index: usize,
    pub next_pod_ip: u32,
    pub images: HashSet<String>,
    /// Set while the node's kubelet does not answer (unreachable).
    pub lost_since: Option<Time>,
}

/// A simulated cluster.
#[derive(Debug, Clone)]
pub struct Cluster {
    pub store: Store,
    pub now: Time,
    pub events: EventLog,
    pub(crate) rng: Rng,
    /// Names and uids of kube-system objects (the add-ons), apart from everyone else's.
    pub(crate) system_rng: Rng,
    pub(crate) trace: Vec<Step>,
    /// The trace keeps the most recent `trace_window` steps at least; `trace_dropped`
    /// older ones are gone.
    pub(crate) trace_window: usize,
    pub(crate) trace_dropped: usize,
    /// Instants the engine has settled at, and reconcile rounds run, over its life: the
    /// work of a simulation, which tests bound instead of wall time.
    pub(crate) work: Work,
    pub(crate) kubelet: KubeletConfig,
    pub(crate) rules: Vec<Rule>,
    pub(crate) runs: HashMap<Key, PodRun>,
    pub(crate) nodes: BTreeMap<String, NodeRuntime>,
    pub(crate) next_node_index: usize,
    /// The scheduler's cache: one entry per node, in name order.
    pub(crate) node_infos: Vec<NodeInfo>,
    pub(crate) node_infos_stale: bool,
    pub(crate) sched_start_index: usize,
    /// Bumped whenever room may have appeared, so unschedulable pods are tried again.
    pub(crate) sched_epoch: u64,
    /// The scheduler's unschedulable pods and pods backing off (see
    /// [`crate::sim::scheduler`]); a pending pod not in here is in the active queue.
    pub(crate) unschedulable: HashMap<Key, crate::sim::scheduler::Queued>,
    /// Terminating pods and when they will be gone.
    pub(crate) terminating: BTreeMap<Key, Time>,
    /// Controllers asked to look again at these times.
    pub(crate) requeues: BTreeMap<Time, usize>,
    /// Pods evicted by NoExecute taints after their tolerationSeconds.
    pub(crate) evictions: BTreeMap<Key, Time>,
    /// The inputs of the controllers whose last sync wrote at most their own status.
    pub(crate) quiet: HashMap<Key, InputMark>,
}

impl Cluster {
    /// A cluster with the configured nodes, all Ready.
    pub fn new(config: ClusterConfig) -> Result<Cluster, crate::Error> {
        let mut cluster = Cluster {
            store: Store::default(),
            now: config.start,
            // Events are kept for the whole run by default: the timeline and lessons read
            // old events. `set_retention` turns on the API server's one-hour TTL.
            events: EventLog::with_ttl(None),
            rng: Rng::new(config.seed),
            system_rng: Rng::new(config.seed ^ 0x6b75_6265_2d73_7973),
            trace: Vec::new(),
            trace_window: DEFAULT_TRACE_WINDOW,
            trace_dropped: 0,
            work: Work::default(),
            kubelet: config.kubelet,
            rules: Vec::new(),
            runs: HashMap::new(),
            nodes: BTreeMap::new(),
            next_node_index: 0,
            node_infos: Vec::new(),
            node_infos_stale: true,
            sched_start_index: 0,
            sched_epoch: 0,
            unschedulable: HashMap::new(),
            terminating: BTreeMap::new(),
            requeues: BTreeMap::new(),
            evictions: BTreeMap::new(),
            quiet: HashMap::new(),
        };
        let shape = config.topology.shape.clone();
        for (name, control_plane) in config.topology.node_names() {
            let index = cluster.next_node_index;
            let node = make_node(
                &name,
                index,
                control_plane,
                &shape,
                &BTreeMap::new(),
                Vec::new(),
                cluster.now,
            )?;
            cluster.insert_node(node).map_err(|e| crate::Error::Io {
                path: name.clone(),
                reason: e.to_string(),
            })?;
        }
        Ok(cluster)
    }

    /// The steps recorded so far, or the most recent of them once more than twice the
    /// trace window were recorded (see [`Cluster::set_retention`]).
    pub fn trace(&self) -> &[Step] {
        &self.trace
    }

    /// The work done so far (instants and reconcile rounds).
    pub fn work(&self) -> Work {
        self.work
    }

    /// How many of the oldest steps the trace window has dropped.
    pub fn trace_dropped(&self) -> usize {
        self.trace_dropped
    }

    /// How long events are kept after their last update (`None`: for ever; default one
    /// hour, as kube-apiserver's `--event-ttl`) and how many recent trace steps are kept at
    /// least (default [`DEFAULT_TRACE_WINDOW`]; at most twice as many are held).
    pub fn set_retention(&mut self, event_ttl: Option<Duration>, trace_window: usize) {
        self.events.set_ttl(event_ttl);
        self.events.expire(self.now);
        self.trace_window = trace_window.max(1);
        self.trim_trace();
    }

    pub(crate) fn record(&mut self, actor: &str, verb: &str, target: String, reason: Text) {
        self.trace.push(Step {
            time: self.now,
            actor: actor.to_string(),
            verb: verb.to_string(),
            target,
            reason,
        });
        if self.trace.len() >= 2 * self.trace_window {
            self.trim_trace();
        }
    }

    /// Keeps the most recent `trace_window` steps.
    fn trim_trace(&mut self) {
        let extra = self.trace.len().saturating_sub(self.trace_window);
        if extra > 0 {
            self.trace.drain(..extra);
            self.trace_dropped += extra;
        }
    }

    /// Where a run that started with `from` trace steps dropped so far (counted from the
    /// beginning) starts in the trace kept now.
    fn trace_position(&self, from: usize) -> usize {
        from.saturating_sub(self.trace_dropped)
            .min(self.trace.len())
    }

    pub(crate) fn event(
        &mut self,
        event_type: EventType,
        reason: &str,
        key: &Key,
        message: &str,
        source: &str,
    ) {
        self.events.record(
            self.now,
            event_type,
            reason,
            &key.to_string(),
            &key.namespace,
            message,
            source,
        );
    }

    /// Adds behaviour rules for containers (see [`crate::sim::behavior`]).
    pub fn add_rule(&mut self, rule: Rule) {
        self.rules.push(rule);
    }

    /// `kubectl apply`: creates what is new, updates the spec and metadata of what exists.
    pub fn apply(&mut self, objects: Vec<Object>) -> Result<Vec<Applied>, SimError> {
        for obj in &objects {
            crate::sim::limits::check_object(obj)?;
        }
        let mut out = Vec::new();
        for obj in objects {
            let key = Key::of(&obj);
            let applied = match self.store.get(&key).cloned() {
                None => {
                    let key = self.create(obj, "kubectl")?;
                    Applied::Created(key)
                }
                Some(old) => {
                    let mut merged = merge_for_apply(&old, obj);
                    self.admit_update(&mut merged, &old)?;
                    if merged.to_json() == old.to_json() {
                        Applied::Unchanged(key)
                    } else {
                        if matches!(merged, Object::Node(_)) {
                            self.node_infos_stale = true;
                            self.sched_epoch += 1;
                        }
                        self.store.update(merged)?;
                        self.record(
                            "kubectl",
                            "update",
                            key.to_string(),
                            Text::new("kubectl apply changed it", "kubectl apply로 바뀌었습니다"),
                        );
                        Applied::Configured(key)
                    }
                }
            };
            out.push(applied);
        }
        Ok(out)
    }

    /// Creates an object as the API server would, with admission for pods.
    pub(crate) fn create(&mut self, obj: Object, actor: &str) -> Result<Key, SimError> {
        match obj {
            Object::Pod(mut pod) => {
                crate::sim::limits::check_pod_count(self.store.len(), || {
                    self.store.pods().count()
                })?;
                apply_pod_defaults(&mut pod);
                add_default_tolerations(&mut pod);
                let rng = rng_for(&mut self.rng, &mut self.system_rng, &pod.metadata);
                let key = self.store.create(Object::Pod(pod), self.now, rng)?;
                Ok(key)
            }
            Object::Node(node) => {
                let key = self.insert_node(node)?;
                self.record(
                    actor,
                    "create",
                    key.to_string(),
                    Text::new(
                        "a node joined the cluster",
                        "노드가 클러스터에 들어왔습니다",
                    ),
                );
                Ok(key)
            }
            other => {
                let claim = matches!(other, Object::PersistentVolumeClaim(_));
                let rng = rng_for(&mut self.rng, &mut self.system_rng, other.metadata());
                let key = self.store.create(other, self.now, rng)?;
                self.admit(&key);
                if claim {
                    // A pod waiting for this claim may fit now.
                    self.sched_epoch += 1;
                }
                // A controller's create is recorded with the controller's own reason.
                if controllers::CONTROLLED_KINDS
                    .iter()
                    .all(|k| controller_name(k) != actor)
                {
                    self.record(
                        actor,
                        "create",
                        key.to_string(),
                        Text::new("created", "만들었습니다"),
                    );
                }
                Ok(key)
            }
        }
    }

    pub(crate) fn insert_node(&mut self, node: crate::api::node::Node) -> Result<Key, SimError> {
        crate::sim::limits::check_node_count(self.nodes.len())?;
        let name = node.metadata.name.clone().unwrap_or_default();
        let key = self
            .store
            .create(Object::Node(node), self.now, &mut self.rng)?;
        self.nodes.insert(
            name,
            NodeRuntime {
                index: self.next_node_index,
                next_pod_ip: 2,
                ..NodeRuntime::default()
            },
        );
        self.next_node_index += 1;
        self.node_infos_stale = true;
        self.sched_epoch += 1;
        Ok(key)
    }

    /// Deletes an object. Pods terminate first (and stay while their node is unreachable);
    /// dependents follow through the garbage collector, or are orphaned on request.
    pub fn delete(
        &mut self,
        key: &Key,
        propagation: Propagation,
        actor: &str,
    ) -> Result<(), SimError> {
        let Some(obj) = self.store.get(key).cloned() else {
            return Err(SimError::Store(StoreError::NotFound(key.clone())));
        };
        if propagation == Propagation::Orphan {
            self.orphan_dependents(obj.metadata().uid.as_deref().unwrap_or(""));
        }
        match obj {
            Object::Pod(pod) => self.terminate_pod(key, pod),
            Object::Node(_) => self.remove_node(&key.name, actor)?,
            _ => {
                self.store.remove(key);
            }
        }
        Ok(())
    }

    /// Marks a pod Terminating; it is gone after the kubelet stops it.
    fn terminate_pod(&mut self, key: &Key, mut pod: Pod) {
        if pod.metadata.deletion_timestamp.is_some() {
            return;
        }
        let node = pod.spec.node_name.clone().unwrap_or_default();
        let reachable = self
            .nodes
            .get(&node)
            .is_some_and(|n| n.lost_since.is_none());
        if node.is_empty() || !self.nodes.contains_key(&node) {
            self.remove_pod(key);
            return;
        }
        pod.metadata.deletion_timestamp = Some(self.now.to_rfc3339());
        pod.metadata.deletion_grace_period_seconds =
            Some(pod.spec.termination_grace_period_seconds.unwrap_or(30));
        for c in pod.spec.containers.clone() {
            self.event(
                EventType::Normal,
                "Killing",
                key,
                &format!("Stopping container {}", c.name),
                "kubelet",
            );
        }
        let _ = self.store.update_status(Object::Pod(pod));
        self.runs.remove(key);
        if reachable {
            self.terminating
                .insert(key.clone(), self.now.plus(self.kubelet.termination));
        }
    }

    /// A pod is gone for good: out of the store and the scheduler's cache.
    pub(crate) fn remove_pod(&mut self, key: &Key) {
        let mut assigned = false;
        if let Some(Object::Pod(pod)) = self.store.remove(key) {
            assigned = pod.spec.node_name.is_some();
            if let Some(node) = pod.spec.node_name.as_deref() {
                // The cache is in node name order.
                if let Ok(i) = self.node_infos.binary_search_by(|n| n.name().cmp(node)) {
                    self.node_infos[i].remove_pod(&key.namespace, &key.name);
                }
            }
        }
        self.runs.remove(key);
        self.terminating.remove(key);
        self.evictions.remove(key);
        self.unschedulable.remove(key);
        if assigned {
            // AssignedPodDelete: room may have appeared for unschedulable pods.
            self.sched_epoch += 1;
        }
    }

    fn orphan_dependents(&mut self, uid: &str) {
        let dependents: Vec<Key> = self.store.dependents_of(uid).cloned().collect();
        for key in dependents {
            let _ = self.store.modify(&key, |o| {
                if let Some(refs) = o.metadata_mut().owner_references.as_mut() {
                    refs.retain(|r| r.uid != uid);
                }
                if o.metadata()
                    .owner_references
                    .as_ref()
                    .is_some_and(Vec::is_empty)
                {
                    o.metadata_mut().owner_references = None;
                }
            });
            self.record(
                "garbage-collector",
                "orphan",
                key.to_string(),
                Text::new(
                    "its owner was deleted with --cascade=orphan",
                    "소유자가 --cascade=orphan으로 지워졌습니다",
                ),
            );
        }
    }

    /// Runs everything that happens at the current instant until nothing changes.
    pub fn settle(&mut self) -> Result<(), SimError> {
        self.note_missing_governing_services();
        for _ in 0..MAX_ROUNDS {
            self.work.rounds += 1;
            let mut changed = self.run_controllers()?;
            changed |= self.collect_garbage();
            changed |= self.schedule_pending();
            changed |= self.reconcile_claims();
            if !changed {
                return Ok(());
            }
        }
        Err(SimError::Unsettled {
            rounds: MAX_ROUNDS,
            time: self.now,
            changing: self
                .trace
                .iter()
                .rev()
                .take(3)
                .map(|s| s.target.clone())
                .collect::<Vec<_>>()
                .join(", "),
        })
    }

    fn run_controllers(&mut self) -> Result<bool, SimError> {
        let mut changed = false;
        for kind in controllers::CONTROLLED_KINDS {
            let keys: Vec<Key> = self.store.list(kind).map(Key::of).collect();
            for key in keys {
                changed |= self.sync(kind, key)?;
            }
        }
        Ok(changed)
    }

    /// One controller sync of the object at `key`, left out when its inputs are as its
    /// last sync, which wrote only its own status, left them (see [`crate::sim::marks`]).
    fn sync(&mut self, kind: &str, key: Key) -> Result<bool, SimError> {
        let Some(obj) = self.store.get(&key) else {
            return Ok(false);
        };
        let mark = InputMark::of(obj, &self.store, self.now);
        if mark.is_some() && self.quiet.get(&key) == mark.as_ref() {
            return Ok(false);
        }
        let view = View {
            store: &self.store,
            now: self.now,
        };
        let Some(decision) = controllers::reconcile_observed(obj, &view) else {
            return Ok(false);
        };
        if let Some(after) = decision.requeue_after {
            *self.requeues.entry(self.now.plus(after)).or_default() += 1;
        }
        let quiet = mark.is_some() && writes_only_own_status(&decision, &key);
        let actor = controller_name(kind);
        let mut changed = false;
        for action in decision.actions {
            changed |= self.apply_action(&key, action, actor)?;
        }
        let mark = match (quiet, self.store.get(&key)) {
            (true, Some(obj)) => InputMark::of(obj, &self.store, self.now),
            _ => None,
        };
        match mark {
            Some(mark) => self.quiet.insert(key, mark),
            None => self.quiet.remove(&key),
        };
        Ok(changed)
    }

    /// Carries out one controller action; true if the cluster changed.
    fn apply_action(&mut self, owner: &Key, action: Action, actor: &str) -> Result<bool, SimError> {
        let verb = action.verb();
        let target = action.target();
        let Action {
            change,
            reason,
            event,
        } = action;
        let created = match change {
            Change::Create(obj) => Some(self.create(obj, actor)?),
            Change::Update(obj) => {
                let key = Key::of(&obj);
                self.store.update(obj)?;
                self.release_if_finalized(&key);
                None
            }
            Change::UpdateStatus(obj) => {
                if self.store.get(&Key::of(&obj)) == Some(&obj) {
                    return Ok(self.note(owner, actor, target, reason, event));
                }
                self.store.update_status(obj)?;
                if let Some(note) = event {
                    self.event(note.event_type, note.reason, owner, &note.message, actor);
                }
                return Ok(true);
            }
            Change::Delete { key, propagation } => {
                if self.store.contains(&key) {
                    self.delete(&key, propagation, actor)?;
                }
                None
            }
        };
        let target = match &created {
            Some(k) => k.to_string(),
            None => target,
        };
        if let Some(note) = event {
            let name = created.as_ref().map_or("", |k| k.name.as_str());
            let message = note.message.replace("{name}", name);
            self.event(note.event_type, note.reason, owner, &message, actor);
        }
        self.record(actor, verb, target, reason);
        Ok(true)
    }

    /// Deletes objects whose owners are all gone (background cascading deletion).
    ///
    /// An object loses its last owner only when an owner is removed, or when it is written
    /// with owners that do not exist; so only the dependents of the uids removed since the
    /// last pass and the objects written with owner references since then are looked at,
    /// each owner found by uid through the store's index (the garbage collector's graph,
    /// pkg/controller/garbagecollector/garbagecollector.go `attemptToDeleteItem`). They
    /// are deleted in key order, as a scan of the whole store would find them.
    fn collect_garbage(&mut self) -> bool {
        let written = self.store.take_owned_writes();
        let removed = self.store.take_removed_uids();
        if written.is_empty() && removed.is_empty() {
            return false;
        }
        let mut candidates: BTreeSet<Key> = written.into_iter().collect();
        for uid in &removed {
            candidates.extend(self.store.dependents_of(uid).cloned());
        }
        let orphans: Vec<(Key, String)> = candidates
            .into_iter()
            .filter_map(|key| {
                let o = self.store.get(&key)?;
                let refs = o.metadata().owner_references.as_ref()?;
                let gone = !refs.is_empty() && refs.iter().all(|r| !self.store.has_uid(&r.uid));
                let terminating =
                    matches!(o, Object::Pod(p) if p.metadata.deletion_timestamp.is_some());
                let owner = refs.first().map(|r| r.kind.clone() + "/" + &r.name);
                (gone && !terminating).then(|| (key, owner.unwrap_or_default()))
            })
            .collect();
        let changed = !orphans.is_empty();
        for (key, owner) in orphans {
            let _ = self.delete(&key, Propagation::Background, "garbage-collector");
            self.record(
                "garbage-collector",
                "delete",
                key.to_string(),
                Text::new(
                    format!("its owner {owner} is gone"),
                    format!("소유자 {owner}이(가) 사라졌습니다"),
                ),
            );
        }
        changed
    }

    /// Moves the clock through everything that happens in the next `span`, settling at
    /// every instant; the clock ends at `now + span`.
    pub fn advance(&mut self, span: Duration) -> Result<usize, SimError> {
        self.advance_observed(span, |_| true)
    }

    /// [`Cluster::advance`], calling `observe` each time an instant has settled; when it
    /// returns false the clock stays at that instant (the bindings stop there for Ctrl-C).
    pub fn advance_observed(
        &mut self,
        span: Duration,
        mut observe: impl FnMut(&Cluster) -> bool,
    ) -> Result<usize, SimError> {
        let end = self.now.plus(span);
        let from = self.trace_dropped + self.trace.len();
        self.settle()?;
        if !observe(self) {
            return Ok(self.trace_position(from));
        }
        let mut instants = 0usize;
        while let Some(t) = self.next_wakeup().filter(|t| *t <= end) {
            instants += 1;
            self.work.instants += 1;
            if instants > MAX_INSTANTS {
                return Err(self.runaway(instants));
            }
            self.now = t;
            self.fire_timers();
            self.settle()?;
            if !observe(self) {
                return Ok(self.trace_position(from));
            }
        }
        self.now = end;
        self.events.expire(self.now);
        Ok(self.trace_position(from))
    }

    /// Runs until nothing more is scheduled to happen, or `limit` passes (a crash loop
    /// never ends); the clock stays at the last thing that happened. Returns where the
    /// new trace steps start.
    pub fn run(&mut self, limit: Duration) -> Result<usize, SimError> {
        self.run_observed(limit, |_| true)
    }

    /// [`Cluster::run`], calling `observe` each time an instant has settled; it stops
    /// early, at that instant, when `observe` returns false.
    pub fn run_observed(
        &mut self,
        limit: Duration,
        mut observe: impl FnMut(&Cluster) -> bool,
    ) -> Result<usize, SimError> {
        let end = self.now.plus(limit);
        let from = self.trace_dropped + self.trace.len();
        self.settle()?;
        if !observe(self) {
            return Ok(self.trace_position(from));
        }
        // The clock ends at the last instant where something changed: a wake-up that
        // changes nothing (a progress-deadline check of a finished rollout) does not move
        // it, and such wake-ups beyond that instant stay pending.
        let mut last_change = self.now;
        let mut idle: Vec<Time> = Vec::new();
        let mut instants = 0usize;
        while let Some(t) = self.next_wakeup().filter(|t| *t <= end) {
            instants += 1;
            self.work.instants += 1;
            if instants > MAX_INSTANTS {
                return Err(self.runaway(instants));
            }
            let before = self.change_mark();
            let requeues: Vec<Time> = self.requeues.range(..=t).map(|(t, _)| *t).collect();
            self.now = t;
            self.fire_timers();
            self.settle()?;
            if self.change_mark() == before {
                idle.extend(requeues);
            } else {
                last_change = self.now;
                idle.clear();
            }
            if !observe(self) {
                break;
            }
        }
        if self.now != last_change {
            self.now = last_change;
            for t in idle {
                *self.requeues.entry(t).or_default() += 1;
            }
        }
        self.events.expire(self.now);
        log::debug!(
            "run settled at {} with {} new trace steps, {} objects",
            self.now,
            (self.trace_dropped + self.trace.len()).saturating_sub(from),
            self.store.len()
        );
        Ok(self.trace_position(from))
    }

    /// What has happened so far: store writes and trace steps. Equal marks before and
    /// after an instant mean the instant changed nothing an object or the trace shows (a
    /// repeated event, such as a scheduling retry that fails as before, only counts up).
    fn change_mark(&self) -> (u64, usize) {
        (self.store.writes(), self.trace_dropped + self.trace.len())
    }

    /// The error for a call that went through more than [`MAX_INSTANTS`] instants, naming
    /// what changed last.
    fn runaway(&self, instants: usize) -> SimError {
        SimError::Runaway {
            instants,
            time: self.now,
            changing: self.recently_changed(),
        }
    }

    /// The targets of the last trace steps, most recent first, without repeats.
    fn recently_changed(&self) -> String {
        let mut seen: Vec<&str> = Vec::new();
        for step in self.trace.iter().rev().take(64) {
            if !seen.contains(&step.target.as_str()) {
                seen.push(&step.target);
            }
            if seen.len() == 3 {
                break;
            }
        }
        seen.join(", ")
    }

    /// The next instant at which something is due.
    pub(crate) fn next_wakeup(&self) -> Option<Time> {
        let runs = self.runs.values().filter_map(|r| r.next);
        let terminating = self.terminating.values().copied();
        let evictions = self.evictions.values().copied();
        let requeues = self.requeues.keys().copied();
        // A retry due now was tried in the last settle (which queued it again later), so
        // one at or before now belongs to a pod no longer waiting.
        let retries = self
            .unschedulable
            .values()
            .map(|q| q.retry_at(self.sched_epoch))
            .filter(|t| *t > self.now);
        // Anything overdue is due now.
        runs.chain(terminating)
            .chain(evictions)
            .chain(requeues)
            .chain(retries)
            .min()
            .map(|t| t.max(self.now))
    }

    /// Does what is due now: kubelet steps, finished terminations, evictions.
    fn fire_timers(&mut self) {
        let now = self.now;
        self.requeues.retain(|t, _| *t > now);
        let gone: Vec<Key> = self
            .terminating
            .iter()
            .filter(|(_, t)| **t <= now)
            .map(|(k, _)| k.clone())
            .collect();
        for key in gone {
            if self.hold_for_finalizers(&key) {
                continue;
            }
            self.remove_pod(&key);
            self.record(
                "kubelet",
                "delete",
                key.to_string(),
                Text::new(
                    "its containers stopped; the pod is gone",
                    "컨테이너가 멈췄고 Pod가 사라졌습니다",
                ),
            );
        }
        let evict: Vec<Key> = self
            .evictions
            .iter()
            .filter(|(_, t)| **t <= now)
            .map(|(k, _)| k.clone())
            .collect();
        for key in evict {
            self.evictions.remove(&key);
            self.evict(&key);
        }
        let due: Vec<Key> = {
            let mut v: Vec<Key> = self
                .runs
                .iter()
                .filter(|(_, r)| r.next.is_some_and(|t| t <= now))
                .map(|(k, _)| k.clone())
                .collect();
            v.sort();
            v
        };
        for key in due {
            self.kubelet_step(&key);
        }
    }

    /// The kubelet moves one pod on.
    fn kubelet_step(&mut self, key: &Key) {
        let Some(Object::Pod(mut pod)) = self.store.get(key).cloned() else {
            self.runs.remove(key);
            return;
        };
        let Some(mut run) = self.runs.remove(key) else {
            return;
        };
        let node = pod.spec.node_name.clone().unwrap_or_default();
        if self.nodes.get(&node).is_none_or(|n| n.lost_since.is_some()) {
            return;
        }
        let behavior = behavior_for(&pod, &self.rules);
        let pod_ip = self.pod_ip(&node, &pod);
        let was_ready = controllers::podutil::is_ready(&pod);
        let before = controllers::podutil::phase(&pod).to_string();
        let reports = kubelet::step(
            &mut pod,
            &mut run,
            &behavior,
            &pod_ip,
            self.now,
            &self.kubelet,
        );
        for r in &reports {
            self.event(r.event_type, r.reason, key, &r.message, "kubelet");
        }
        let after = controllers::podutil::phase(&pod).to_string();
        let ready = controllers::podutil::is_ready(&pod);
        if before != after || was_ready != ready {
            let (en, ko) = match (after.as_str(), ready) {
                ("Running", true) => (
                    "containers running and ready".to_string(),
                    "컨테이너가 실행 중이고 준비되었습니다".to_string(),
                ),
                ("Running", false) => (
                    "containers running, not ready yet".to_string(),
                    "컨테이너가 실행 중이지만 아직 준비되지 않았습니다".to_string(),
                ),
                (phase, _) => (
                    format!("the pod is now {phase}"),
                    format!("Pod가 이제 {phase} 상태입니다"),
                ),
            };
            self.record("kubelet", "status", key.to_string(), Text::new(en, ko));
        } else if let Some(r) = reports.iter().find(|r| r.event_type == EventType::Warning) {
            self.record(
                "kubelet",
                "status",
                key.to_string(),
                Text::new(r.message.clone(), r.message.clone()),
            );
        }
        if run.stage == kubelet::Stage::Running {
            if let Some(n) = self.nodes.get_mut(&node) {
                for c in &pod.spec.containers {
                    n.images.insert(c.image.clone().unwrap_or_default());
                }
            }
        }
        let _ = self.store.update_status(Object::Pod(pod));
        self.runs.insert(key.clone(), run);
    }

    /// The pod's IP on its node, handed out once and kept.
    fn pod_ip(&mut self, node: &str, pod: &Pod) -> String {
        if let Some(ip) = pod.status.as_ref().and_then(|s| s.pod_ip.clone()) {
            return ip;
        }
        let Some(rt) = self.nodes.get_mut(node) else {
            return String::new();
        };
        if pod.spec.host_network == Some(true) {
            // A hostNetwork Pod (kube-proxy) has its node's address (kind's 172.18.0.x).
            return format!("172.18.0.{}", rt.index + 2);
        }
        let host = rt.next_pod_ip;
        rt.next_pod_ip += 1;
        format!("10.244.{}.{}", rt.index, host)
    }

    /// Evicts a pod from a node whose NoExecute taint it does not tolerate (long enough).
    pub(crate) fn evict(&mut self, key: &Key) {
        let Some(Object::Pod(pod)) = self.store.get(key).cloned() else {
            return;
        };
        self.event(
            EventType::Normal,
            "TaintManagerEviction",
            key,
            &format!("Marking for deletion Pod {}/{}", key.namespace, key.name),
            "taint-eviction-controller",
        );
        self.record(
            "taint-eviction-controller",
            "evict",
            key.to_string(),
            Text::new(
                "its node has a NoExecute taint the pod does not tolerate",
                "노드에 Pod가 견디지 못하는 NoExecute taint가 있습니다",
            ),
        );
        self.terminate_pod(key, pod);
    }
}

/// The name a controller reports events and trace steps under.
pub fn controller_name(kind: &str) -> &'static str {
    match kind {
        "ReplicaSet" => "replicaset-controller",
        "Deployment" => "deployment-controller",
        "StatefulSet" => "statefulset-controller",
        "DaemonSet" => "daemonset-controller",
        "Job" => "job-controller",
        "CronJob" => "cronjob-controller",
        _ => "controller-manager",
    }
}

/// `kubectl apply` on an existing object: the new spec, labels and annotations; identity,
/// status and owner references stay.
fn merge_for_apply(old: &Object, new: Object) -> Object {
    let mut merged = new;
    let old_meta = old.metadata().clone();
    {
        let meta = merged.metadata_mut();
        meta.uid = old_meta.uid;
        meta.creation_timestamp = old_meta.creation_timestamp;
        meta.resource_version = old_meta.resource_version;
        meta.generation = old_meta.generation;
        meta.owner_references = meta.owner_references.take().or(old_meta.owner_references);
        meta.deletion_timestamp = old_meta.deletion_timestamp;
    }
    let mut json = merged.to_json();
    if let (Some(obj), Some(status)) = (json.as_object_mut(), old.to_json().get("status")) {
        obj.insert("status".into(), status.clone());
    }
    if let Object::Pod(p) = old {
        if let Some(spec) = json.get_mut("spec").and_then(|s| s.as_object_mut()) {
            if let Some(n) = &p.spec.node_name {
                spec.insert("nodeName".into(), serde_json::Value::String(n.clone()));
            }
        }
    }
    Object::from_json(json).unwrap_or_else(|_| old.clone())
}
