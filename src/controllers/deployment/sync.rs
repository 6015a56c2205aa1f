//! pkg/controller/deployment/sync.go: the new ReplicaSet and its revision
//! (`getAllReplicaSetsAndSyncRevision`, `getNewReplicaSet`), scaling events and paused
//! Deployments (`sync`, `scale` with proportional scaling), `scaleReplicaSet`,
//! `cleanupDeployment` (revisionHistoryLimit), `calculateStatus` and `isScalingEvent`.

use std::collections::BTreeMap;

use super::util::{self, reason, rs_replicas};
use super::{Stop, Sync};
use crate::api::deployment::DeploymentStatus;
use crate::api::meta::{LabelSelector, ObjectMeta};
use crate::api::object::Object;
use crate::api::replicaset::{ReplicaSet, ReplicaSetSpec};
use crate::controllers::{Action, Change, Propagation};
use crate::manifest::diagnostic::Text;
use crate::state::events::EventType;
use crate::state::store::Key;

impl Sync<'_> {
    /// FindNewReplicaSet: the oldest ReplicaSet whose template is the Deployment's.
    pub(super) fn find_new_rs(&self) -> Option<usize> {
        self.rss
            .iter()
            .position(|rs| util::semantic_template(&rs.spec.template) == self.template)
    }

    /// getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created if asked and missing)
    /// with its revision brought up to date, and every other ReplicaSet, oldest first.
    pub(super) fn get_all(&mut self, create: bool) -> Result<(Option<usize>, Vec<usize>), Stop> {
        let found = self.find_new_rs();
        let olds: Vec<usize> = (0..self.rss.len()).filter(|i| Some(*i) != found).collect();
        let new = self.get_new_rs(found, &olds, create)?;
        Ok((new, olds))
    }

    /// getNewReplicaSet.
    fn get_new_rs(
        &mut self,
        found: Option<usize>,
        olds: &[usize],
        create: bool,
    ) -> Result<Option<usize>, Stop> {
        let max_old = util::max_revision(olds.iter().map(|i| &self.rss[*i]));
        let new_revision = max_old + 1;
        if let Some(i) = found {
            let mut copy = self.rss[i].clone();
            let before = util::revision(&copy.metadata).unwrap_or(0);
            let annotations_updated =
                util::set_new_rs_annotations(&self.d, &mut copy, new_revision, true);
            let min_ready = self.d.spec.min_ready_seconds.unwrap_or(0);
            if annotations_updated || copy.spec.min_ready_seconds.unwrap_or(0) != min_ready {
                copy.spec.min_ready_seconds = self.d.spec.min_ready_seconds;
                let rs_key = self.rs_key(i);
                let after = util::revision(&copy.metadata).unwrap_or(0);
                let why = if after != before {
                    Text::new(
                        format!("{rs_key} has the Deployment's pod template again, so it becomes the newest revision: {before} → {after}"),
                        format!("{rs_key}이(가) 다시 Deployment의 Pod 템플릿과 같아졌으므로 가장 새 리비전이 됩니다: {before} → {after}"),
                    )
                } else {
                    Text::new(
                        format!("copy the Deployment's annotations and minReadySeconds to its new ReplicaSet {rs_key}"),
                        format!("Deployment의 어노테이션과 minReadySeconds를 새 ReplicaSet {rs_key}에 옮겨 적습니다"),
                    )
                };
                self.rss[i] = copy.clone();
                self.decision
                    .actions
                    .push(Action::new(Change::Update(Object::ReplicaSet(copy)), why));
                return Ok(Some(i));
            }
            let rev = copy
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get(util::REVISION))
                .cloned()
                .unwrap_or_default();
            util::set_deployment_revision(&mut self.d, &rev);
            let has_progressing = self
                .d
                .status
                .as_ref()
                .is_some_and(|s| util::get_condition(s, "Progressing").is_some());
            if util::has_progress_deadline(&self.d) && !has_progressing {
                let c = util::new_condition(
                    "Progressing",
                    "True",
                    reason::FOUND_NEW_REPLICA_SET,
                    format!("Found new replica set {:?}", copy.metadata.name_or_empty()),
                    self.now,
                );
                util::set_condition(self.d.status.get_or_insert_with(Default::default), c);
            }
            return Ok(Some(i));
        }
        if !create {
            return Ok(None);
        }
        self.create_new_rs(olds, new_revision).map(Some)
    }

    /// The new ReplicaSet: the template with the pod-template-hash label, named
    /// `<deployment>-<hash>`, as big as the strategy allows now.
    fn create_new_rs(&mut self, olds: &[usize], new_revision: i64) -> Result<usize, Stop> {
        let collision = self.d.status.as_ref().and_then(|s| s.collision_count);
        let hash = util::compute_hash(&self.d.spec.template, collision);
        let mut template = self.d.spec.template.clone();
        template
            .metadata
            .labels
            .get_or_insert_with(BTreeMap::new)
            .insert(util::POD_TEMPLATE_HASH.into(), hash.clone());
        let mut selector: LabelSelector = self.d.spec.selector.clone().unwrap_or_default();
        selector
            .match_labels
            .get_or_insert_with(BTreeMap::new)
            .insert(util::POD_TEMPLATE_HASH.into(), hash.clone());
        let name = format!("{}-{hash}", self.name());
        let old_total = util::sum_spec(olds.iter().map(|i| &self.rss[*i]));
        let Ok(size) = util::new_rs_new_replicas(&self.d, old_total, 0) else {
            return Err(Stop);
        };
        let mut rs = ReplicaSet {
            api_version: "apps/v1".into(),
            kind: "ReplicaSet".into(),
            metadata: ObjectMeta {
                name: Some(name.clone()),
                namespace: Some(self.namespace().to_string()),
                labels: template.metadata.labels.clone(),
                owner_references: Some(vec![self.owner_ref()]),
                creation_timestamp: Some(self.now.to_rfc3339()),
                ..ObjectMeta::default()
            },
            spec: ReplicaSetSpec {
                replicas: Some(size),
                min_ready_seconds: self.d.spec.min_ready_seconds,
                selector: Some(selector),
                template,
            },
            status: None,
        };
        util::set_new_rs_annotations(&self.d, &mut rs, new_revision, false);

        // A ReplicaSet of that name that is not this Deployment's new one is a hash
        // collision: count it, so the next name differs.
        if let Some(Object::ReplicaSet(existing)) =
            self.store
                .get(&Key::new("ReplicaSet", self.namespace(), &name))
        {
            let ours = super::controller_of(&existing.metadata)
                .is_some_and(|r| Some(&r.uid) == self.d.metadata.uid.as_ref());
            if !(ours && util::equal_ignore_hash(&existing.spec.template, &self.d.spec.template)) {
                let status = self.d.status.get_or_insert_with(Default::default);
                status.collision_count = Some(status.collision_count.unwrap_or(0) + 1);
            }
            return Err(Stop);
        }

        let rs_key = format!("replicaset/{name}");
        let why = self.create_reason(&rs_key, new_revision, old_total, size);
        let mut action = Action::new(Change::Create(Object::ReplicaSet(rs.clone())), why);
        if size > 0 {
            action = action.with_event(
                EventType::Normal,
                "ScalingReplicaSet",
                format!("Scaled up replica set {name} from 0 to {size}"),
            );
        }
        self.decision.actions.push(action);
        util::set_deployment_revision(&mut self.d, &new_revision.to_string());
        if util::has_progress_deadline(&self.d) {
            let c = util::new_condition(
                "Progressing",
                "True",
                reason::NEW_REPLICA_SET_CREATED,
                format!("Created new replica set {name:?}"),
                self.now,
            );
            util::set_condition(self.d.status.get_or_insert_with(Default::default), c);
        }
        self.rss.push(rs);
        Ok(self.rss.len() - 1)
    }

    fn create_reason(&self, rs_key: &str, revision: i64, old_total: i32, size: i32) -> Text {
        let want = util::replicas(&self.d);
        let head = Text::new(
            format!("no ReplicaSet has the Deployment's pod template, so create {rs_key} (revision {revision})"),
            format!("Deployment의 Pod 템플릿을 가진 ReplicaSet이 없으므로 {rs_key}(리비전 {revision})을(를) 만듭니다"),
        );
        let tail = if util::strategy_type(&self.d) == "Recreate" {
            Text::new(
                format!("; strategy Recreate: no old pod runs any more, so it gets all {size} replicas at once"),
                format!("; Recreate 전략: 옛 Pod가 더 이상 없으므로 복제본 {size}개를 한꺼번에 줍니다"),
            )
        } else if old_total == 0 {
            Text::new(
                format!(" with {size} replicas"),
                format!(" (복제본 {size}개)"),
            )
        } else {
            let surge = util::max_surge(&self.d);
            let max = want + surge;
            Text::new(
                format!("; maxSurge={surge} allows {max} pods in total and {old_total} exist, so it starts with {size}"),
                format!("; maxSurge={surge}이면 Pod를 모두 {max}개까지 둘 수 있고 지금 {old_total}개이므로 {size}개로 시작합니다"),
            )
        };
        Text::new(head.en + &tail.en, head.ko + &tail.ko)
    }

    /// sync: scaling events and paused Deployments.
    pub(super) fn sync(&mut self) -> Result<(), Stop> {
        let (new, mut olds) = self.get_all(false)?;
        self.scale(new, &mut olds);
        if self.d.spec.paused == Some(true) {
            self.cleanup(&olds);
        }
        self.sync_deployment_status(new, &olds);
        Ok(())
    }

    /// syncStatusOnly: a Deployment being deleted only reports.
    pub(super) fn sync_status_only(&mut self) -> Result<(), Stop> {
        let (new, olds) = self.get_all(false)?;
        self.sync_deployment_status(new, &olds);
        Ok(())
    }

    /// scale: one active ReplicaSet takes every replica; a saturated new ReplicaSet empties
    /// the old ones; otherwise a rolling Deployment spreads the change across its active
    /// ReplicaSets in proportion to their sizes, the biggest taking the leftover.
    fn scale(&mut self, new: Option<usize>, olds: &mut [usize]) {
        let want = util::replicas(&self.d);
        olds.sort_by(|a, b| util::by_creation(&self.rss[*b], &self.rss[*a]));
        if let Some(i) = self.active_or_latest(new, olds) {
            if rs_replicas(&self.rss[i]) == want {
                return;
            }
            let rs_key = self.rs_key(i);
            let why = Text::new(
                format!("{} wants {want} replicas and {rs_key} is its only ReplicaSet with pods, so it gets them all", self.key),
                format!("{}은(는) 복제본 {want}개를 원하고 Pod가 있는 ReplicaSet은 {rs_key}뿐이므로 그것이 모두 맡습니다", self.key),
            );
            self.scale_rs_and_record(i, want, why);
            return;
        }
        if let Some(n) = new.filter(|n| util::is_saturated(&self.d, &self.rss[*n])) {
            let new_key = self.rs_key(n);
            for &o in olds.iter() {
                if rs_replicas(&self.rss[o]) == 0 {
                    continue;
                }
                let why = Text::new(
                    format!("the new ReplicaSet {new_key} has all {want} replicas available, so the old {} goes to 0", self.rs_key(o)),
                    format!("새 ReplicaSet {new_key}의 복제본 {want}개가 모두 사용 가능하므로 옛 {}을(를) 0으로 줄입니다", self.rs_key(o)),
                );
                self.scale_rs_and_record(o, 0, why);
            }
            return;
        }
        if !util::is_rolling_update(&self.d) {
            return;
        }
        let mut active: Vec<usize> = olds
            .iter()
            .copied()
            .chain(new)
            .filter(|i| rs_replicas(&self.rss[*i]) > 0)
            .collect();
        let total: i32 = active.iter().map(|i| rs_replicas(&self.rss[*i])).sum();
        let surge = util::max_surge(&self.d);
        let allowed = if want > 0 { want + surge } else { 0 };
        let to_add = allowed - total;
        let op = match to_add {
            n if n > 0 => {
                // ReplicaSetsBySizeNewer: bigger first, then newer first.
                active.sort_by(|a, b| {
                    let (ra, rb) = (&self.rss[*a], &self.rss[*b]);
                    rs_replicas(rb)
                        .cmp(&rs_replicas(ra))
                        .then_with(|| util::by_creation(rb, ra))
                });
                "up"
            }
            n if n < 0 => {
                // ReplicaSetsBySizeOlder: bigger first, then older first.
                active.sort_by(|a, b| {
                    let (ra, rb) = (&self.rss[*a], &self.rss[*b]);
                    rs_replicas(rb)
                        .cmp(&rs_replicas(ra))
                        .then_with(|| util::by_creation(ra, rb))
                });
                "down"
            }
            _ => "",
        };
        let mut added = 0;
        let mut sizes: Vec<i32> = Vec::with_capacity(active.len());
        for &i in &active {
            let rs = &self.rss[i];
            if to_add != 0 {
                let p = util::replica_set_proportion(rs, &self.d, to_add, added);
                sizes.push(rs_replicas(rs) + p);
                added += p;
            } else {
                sizes.push(rs_replicas(rs));
            }
        }
        for (k, &i) in active.iter().enumerate() {
            let mut size = sizes[k];
            if k == 0 && to_add != 0 {
                size = (size + to_add - added).max(0);
            }
            let from = rs_replicas(&self.rss[i]);
            let rs_key = self.rs_key(i);
            let why = Text::new(
                format!("{} now allows {allowed} pods (replicas {want} + maxSurge {surge}) and its ReplicaSets hold {total}: the difference of {to_add} is shared in proportion to their sizes, so {rs_key} goes from {from} to {size}", self.key),
                format!("{}은(는) 이제 Pod를 {allowed}개(replicas {want} + maxSurge {surge})까지 두고 ReplicaSet들은 {total}개를 가졌으므로, 차이 {to_add}개를 크기에 비례해 나눠 {rs_key}을(를) {from}개에서 {size}개로 맞춥니다", self.key),
            );
            self.scale_rs(i, size, op, why);
        }
    }

    /// FindActiveOrLatest: the only ReplicaSet with replicas, or the newest when none has
    /// any; None when several are active. `olds` is newest first.
    fn active_or_latest(&self, new: Option<usize>, olds: &[usize]) -> Option<usize> {
        if new.is_none() && olds.is_empty() {
            return None;
        }
        let active: Vec<usize> = olds
            .iter()
            .copied()
            .chain(new)
            .filter(|i| rs_replicas(&self.rss[*i]) > 0)
            .collect();
        match active.as_slice() {
            [] => new.or_else(|| olds.first().copied()),
            [only] => Some(*only),
            _ => None,
        }
    }

    /// scaleReplicaSetAndRecordEvent: scales only when the size differs.
    pub(super) fn scale_rs_and_record(&mut self, i: usize, to: i32, why: Text) -> bool {
        let from = rs_replicas(&self.rss[i]);
        if from == to {
            return false;
        }
        self.scale_rs(i, to, if from < to { "up" } else { "down" }, why)
    }

    /// scaleReplicaSet: sets the size and the desired/max-replicas annotations; true if the
    /// size changed (then a ScalingReplicaSet event says so).
    fn scale_rs(&mut self, i: usize, to: i32, op: &str, why: Text) -> bool {
        let want = util::replicas(&self.d);
        let max = want + util::max_surge(&self.d);
        let rs = &self.rss[i];
        let from = rs_replicas(rs);
        let resize = from != to;
        if !resize && !util::replicas_annotations_need_update(rs, want, max) {
            return false;
        }
        let mut copy = rs.clone();
        copy.spec.replicas = Some(to);
        util::set_replicas_annotations(&mut copy, want, max);
        let name = copy.metadata.name_or_empty().to_string();
        self.rss[i] = copy.clone();
        let why = if resize {
            why
        } else {
            Text::new(
                format!(
                    "record desired-replicas={want} and max-replicas={max} on replicaset/{name}"
                ),
                format!(
                    "replicaset/{name}에 desired-replicas={want}, max-replicas={max}을(를) 기록합니다"
                ),
            )
        };
        let mut action = Action::new(Change::Update(Object::ReplicaSet(copy)), why);
        if resize {
            action = action.with_event(
                EventType::Normal,
                "ScalingReplicaSet",
                format!("Scaled {op} replica set {name} from {from} to {to}"),
            );
        }
        self.decision.actions.push(action);
        resize
    }

    /// cleanupDeployment: keeps the newest revisionHistoryLimit old ReplicaSets and deletes
    /// older ones that have no pods left.
    pub(super) fn cleanup(&mut self, olds: &[usize]) {
        if !util::has_revision_history_limit(&self.d) {
            return;
        }
        let limit = self.d.spec.revision_history_limit.unwrap_or(0);
        let mut cleanable: Vec<usize> = olds
            .iter()
            .copied()
            .filter(|i| self.rss[*i].metadata.deletion_timestamp.is_none())
            .collect();
        let diff = cleanable.len() as i64 - i64::from(limit);
        if diff <= 0 {
            return;
        }
        cleanable.sort_by(|a, b| util::by_revision(&self.rss[*a], &self.rss[*b]));
        for &i in cleanable.iter().take(diff as usize) {
            let rs = &self.rss[i];
            let status = rs.status.clone().unwrap_or_default();
            let observed = status.observed_generation.unwrap_or(0);
            if status.replicas != 0
                || rs_replicas(rs) != 0
                || rs.metadata.generation.unwrap_or(0) > observed
            {
                continue;
            }
            let name = rs.metadata.name_or_empty().to_string();
            let revision = util::revision(&rs.metadata).unwrap_or(0);
            self.decision.actions.push(Action::new(
                Change::Delete {
                    key: Key::new("ReplicaSet", self.namespace(), &name),
                    propagation: Propagation::Background,
                },
                Text::new(
                    format!("revisionHistoryLimit={limit} keeps only the newest {limit} old ReplicaSets; replicaset/{name} (revision {revision}) is older and has no pods, so it is deleted"),
                    format!("revisionHistoryLimit={limit}이므로 옛 ReplicaSet은 최근 {limit}개만 남깁니다; replicaset/{name}(리비전 {revision})은(는) 그보다 오래되었고 Pod가 없으므로 지웁니다"),
                ),
            ));
        }
    }

    /// syncDeploymentStatus: the status from the ReplicaSets, no progress estimate.
    pub(super) fn sync_deployment_status(&mut self, new: Option<usize>, olds: &[usize]) {
        let status = self.calculate_status(new, olds);
        self.d.status = Some(status);
    }

    /// calculateStatus. terminatingReplicas is reported: DeploymentReplicaSetTerminatingReplicas
    /// is beta and on since v1.35. Zero counts are left out, as Go's `omitempty` leaves them.
    pub(super) fn calculate_status(&self, new: Option<usize>, olds: &[usize]) -> DeploymentStatus {
        let all = || olds.iter().copied().chain(new).map(|i| &self.rss[i]);
        let available = util::sum_available(all());
        // The sizes the sync started from (a ReplicaSet created by it: its first size).
        let spec_total: i32 = all()
            .map(|rs| {
                let name = rs.metadata.name_or_empty();
                self.start_replicas
                    .get(name)
                    .copied()
                    .unwrap_or_else(|| rs_replicas(rs))
            })
            .sum();
        let unavailable = (spec_total - available).max(0);
        let old = self.d.status.clone().unwrap_or_default();
        let omit_zero = |v: i32| (v != 0).then_some(v);
        let mut status = DeploymentStatus {
            observed_generation: self.d.metadata.generation.filter(|g| *g != 0),
            replicas: omit_zero(util::sum_actual(all())),
            updated_replicas: omit_zero(new.map_or(0, |n| util::rs_status_replicas(&self.rss[n]))),
            ready_replicas: omit_zero(util::sum_ready(all())),
            available_replicas: omit_zero(available),
            unavailable_replicas: omit_zero(unavailable),
            terminating_replicas: util::sum_terminating(all()),
            conditions: old.conditions,
            collision_count: old.collision_count,
        };
        let want = util::replicas(&self.d);
        let c = if available >= want - util::max_unavailable(&self.d) {
            util::new_condition(
                "Available",
                "True",
                reason::MINIMUM_REPLICAS_AVAILABLE,
                "Deployment has minimum availability.".into(),
                self.now,
            )
        } else {
            util::new_condition(
                "Available",
                "False",
                reason::MINIMUM_REPLICAS_UNAVAILABLE,
                "Deployment does not have minimum availability.".into(),
                self.now,
            )
        };
        util::set_condition(&mut status, c);
        status
    }

    /// isScalingEvent: an active ReplicaSet was sized for a different replica count.
    pub(super) fn is_scaling_event(&mut self) -> Result<bool, Stop> {
        let (new, olds) = self.get_all(false)?;
        let want = util::replicas(&self.d);
        Ok(olds.iter().copied().chain(new).any(|i| {
            let rs = &self.rss[i];
            rs_replicas(rs) > 0 && util::desired_replicas_annotation(rs).is_some_and(|d| d != want)
        }))
    }

    /// checkPausedConditions: Progressing turns Unknown while paused (DeploymentPaused) and
    /// again on resume (DeploymentResumed), so a pause never counts against the deadline.
    pub(super) fn check_paused_conditions(&mut self) {
        if !util::has_progress_deadline(&self.d) {
            return;
        }
        let status = self.d.status.get_or_insert_with(Default::default);
        let current = util::get_condition(status, "Progressing").and_then(|c| c.reason.clone());
        if current.as_deref() == Some(reason::TIMED_OUT) {
            return;
        }
        let paused_cond = current.as_deref() == Some(reason::PAUSED);
        let paused = self.d.spec.paused == Some(true);
        let c = if paused && !paused_cond {
            util::new_condition(
                "Progressing",
                "Unknown",
                reason::PAUSED,
                "Deployment is paused".into(),
                self.now,
            )
        } else if !paused && paused_cond {
            util::new_condition(
                "Progressing",
                "Unknown",
                reason::RESUMED,
                "Deployment is resumed".into(),
                self.now,
            )
        } else {
            return;
        };
        util::set_condition(status, c);
    }
}
