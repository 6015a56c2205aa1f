//! pkg/controller/deployment/rolling.go: `rolloutRolling`. Each sync either grows the new
//! ReplicaSet (`reconcileNewReplicaSet`, up to `replicas + maxSurge` pods in total) or
//! shrinks old ones (`reconcileOldReplicaSets`: unhealthy pods first, then as far as
//! `replicas - maxUnavailable` available pods allow), never both.
//!
//! The decisions are pure functions of the ReplicaSets' sizes and available pods
//! ([`scale_new`], [`scale_old`]), so [`rolling_update_plan`] replays them on counts alone
//! and gives the same steps as the simulator when every new pod becomes ready at once.

use serde::Serialize;

use super::util::{self, rs_available, rs_replicas};
use super::{Stop, Sync};
use crate::api::deployment::Deployment;
use crate::api::intstr::IntOrString;
use crate::manifest::diagnostic::Text;

/// The numbers a rolling update works with: the desired replicas and the resolved
/// maxSurge and maxUnavailable (MaxSurge and MaxUnavailable in deployment_util.go).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Fenceposts {
    pub replicas: i32,
    pub max_surge: i32,
    pub max_unavailable: i32,
}

impl Fenceposts {
    /// The fenceposts of a Deployment.
    pub fn of(d: &Deployment) -> Fenceposts {
        Fenceposts {
            replicas: util::replicas(d),
            max_surge: util::max_surge(d),
            max_unavailable: util::max_unavailable(d),
        }
    }

    /// The fenceposts of a rolling update of `replicas` pods.
    pub fn resolve(
        replicas: i32,
        max_surge: &IntOrString,
        max_unavailable: &IntOrString,
    ) -> Result<Fenceposts, String> {
        let (surge, unavailable) = util::resolve_fenceposts(max_surge, max_unavailable, replicas)?;
        let max_unavailable = if replicas == 0 {
            0
        } else {
            unavailable.min(replicas)
        };
        Ok(Fenceposts {
            replicas,
            max_surge: surge,
            max_unavailable,
        })
    }

    /// The fewest available pods the rolling update keeps.
    pub fn min_available(&self) -> i32 {
        self.replicas - self.max_unavailable
    }

    /// The most pods (ReplicaSet sizes added up) it allows.
    pub fn max_total(&self) -> i32 {
        self.replicas.saturating_add(self.max_surge)
    }

    /// NewRSNewReplicas for RollingUpdate.
    fn new_size(&self, all_replicas: i32, new_replicas: i32) -> i32 {
        if all_replicas >= self.max_total() {
            return new_replicas;
        }
        new_replicas + (self.max_total() - all_replicas).min(self.replicas - new_replicas)
    }
}

/// One ReplicaSet as the rolling update sees it: its size and its available pods.
#[derive(Debug, Clone, PartialEq)]
pub struct Counts {
    /// How reasons name it: `replicaset/web-7d9f` or "the new ReplicaSet".
    pub label: Text,
    pub replicas: i32,
    pub available: i32,
}

/// One scaling decision: the ReplicaSet (an index into the slice given), its new size
/// and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Scaling {
    pub index: usize,
    pub to: i32,
    pub reason: Text,
}

/// reconcileNewReplicaSet: the new size of the new ReplicaSet, if it changes.
/// `all_replicas` adds up the sizes of every ReplicaSet, the new one included.
pub fn scale_new(f: &Fenceposts, all_replicas: i32, new: &Counts) -> Option<(i32, Text)> {
    let (want, from) = (f.replicas, new.replicas);
    let label = &new.label;
    if from == want {
        return None;
    }
    if from > want {
        return Some((
            want,
            Text::new(
                format!(
                    "the Deployment wants {want} replicas, so {} shrinks from {from} to {want}",
                    label.en
                ),
                format!(
                    "Deployment가 복제본 {want}개를 원하므로 {}을(를) {from}개에서 {want}개로 줄입니다",
                    label.ko
                ),
            ),
        ));
    }
    let to = f.new_size(all_replicas, from);
    if to == from {
        return None;
    }
    let (surge, max) = (f.max_surge, f.max_total());
    let added = to - from;
    let limit = if added < max - all_replicas {
        Text::new(
            format!(" (it needs only {added} more to reach {want})"),
            format!(" (목표 {want}개까지 {added}개만 더 필요합니다)"),
        )
    } else {
        Text::new("", "")
    };
    Some((
        to,
        Text::new(
            format!("maxSurge={surge} allows {max} pods in total (replicas {want} + {surge}) and the ReplicaSets have {all_replicas}, so {added} new pod(s) are created: {} {from}→{to}{}", label.en, limit.en),
            format!("maxSurge={surge}이면 Pod를 모두 {max}개(replicas {want} + {surge})까지 둘 수 있고 ReplicaSet들이 {all_replicas}개를 가졌으므로 새 Pod {added}개를 만듭니다: {} {from}→{to}{}", label.ko, limit.ko),
        ),
    ))
}

/// reconcileOldReplicaSets: how the old ReplicaSets shrink. `olds` are the old
/// ReplicaSets with pods, oldest first; a ReplicaSet may appear twice (its unhealthy pods
/// first, then available ones).
pub fn scale_old(f: &Fenceposts, all_replicas: i32, new: &Counts, olds: &[Counts]) -> Vec<Scaling> {
    let mut out = Vec::new();
    if olds.iter().map(|o| o.replicas).sum::<i32>() == 0 {
        return out;
    }
    let min_available = f.min_available();
    let new_unavailable = new.replicas - new.available;
    let max_scaled_down = all_replicas - min_available - new_unavailable;
    if max_scaled_down <= 0 {
        return out;
    }
    let mut sizes: Vec<i32> = olds.iter().map(|o| o.replicas).collect();

    // cleanupUnhealthyReplicas: pods that are not available can go without lowering
    // availability (the ReplicaSet controller deletes not-ready pods first).
    let mut cleaned = 0;
    for (i, o) in olds.iter().enumerate() {
        if cleaned >= max_scaled_down {
            break;
        }
        if sizes[i] == 0 || sizes[i] == o.available {
            continue;
        }
        let n = (max_scaled_down - cleaned).min(sizes[i] - o.available);
        if n < 0 {
            // Upstream refuses to "scale down" to a bigger size and gives up this sync.
            return out;
        }
        let (from, to) = (sizes[i], sizes[i] - n);
        out.push(Scaling {
            index: i,
            to,
            reason: Text::new(
                format!("{} has {n} pod(s) that are not available; removing them cannot lower availability, so it shrinks first: {from}→{to}", o.label.en),
                format!("{}에 사용할 수 없는 Pod가 {n}개 있어 지워도 가용성이 줄지 않으므로 먼저 줄입니다: {from}→{to}", o.label.ko),
            ),
        });
        sizes[i] = to;
        cleaned += n;
    }

    // scaleDownOldReplicaSetsForRollingUpdate.
    let available: i32 = olds.iter().map(|o| o.available).sum::<i32>() + new.available;
    if available <= min_available {
        return out;
    }
    let (unavailable, want) = (f.max_unavailable, available - min_available);
    let mut done = 0;
    for (i, o) in olds.iter().enumerate() {
        if done >= want {
            break;
        }
        if sizes[i] == 0 {
            continue;
        }
        let n = sizes[i].min(want - done);
        let (from, to) = (sizes[i], sizes[i] - n);
        out.push(Scaling {
            index: i,
            to,
            reason: Text::new(
                format!("maxUnavailable={unavailable} keeps at least {min_available} pods available and {available} are, so {want} old pod(s) can go: {} {from}→{to}", o.label.en),
                format!("maxUnavailable={unavailable}이면 사용 가능한 Pod를 {min_available}개 이상 지켜야 하는데 지금 {available}개가 사용 가능하므로 옛 Pod {want}개를 줄일 수 있습니다: {} {from}→{to}", o.label.ko),
            ),
        });
        sizes[i] = to;
        done += n;
    }
    out
}

impl Sync<'_> {
    fn counts(&self, i: usize) -> Counts {
        let key = self.rs_key(i);
        Counts {
            label: Text::new(key.clone(), key),
            replicas: rs_replicas(&self.rss[i]),
            available: rs_available(&self.rss[i]),
        }
    }

    /// rolloutRolling.
    pub(super) fn rollout_rolling(&mut self) -> Result<(), Stop> {
        let (new, olds) = self.get_all(true)?;
        let Some(n) = new else {
            return Err(Stop);
        };
        let f = Fenceposts::of(&self.d);
        let all_replicas = util::sum_spec(olds.iter().chain([&n]).map(|i| &self.rss[*i]));
        if let Some((to, why)) = scale_new(&f, all_replicas, &self.counts(n)) {
            if self.scale_rs_and_record(n, to, why) {
                self.sync_rollout_status(new, &olds);
                return Ok(());
            }
        }
        let active: Vec<usize> = olds
            .iter()
            .copied()
            .filter(|i| rs_replicas(&self.rss[*i]) > 0)
            .collect();
        let counts: Vec<Counts> = active.iter().map(|i| self.counts(*i)).collect();
        let mut scaled = false;
        for s in scale_old(&f, all_replicas, &self.counts(n), &counts) {
            scaled |= self.scale_rs_and_record(active[s.index], s.to, s.reason);
        }
        if scaled {
            self.sync_rollout_status(new, &olds);
            return Ok(());
        }
        let status = self.d.status.clone().unwrap_or_default();
        if util::deployment_complete(&self.d, &status) {
            self.cleanup(&olds);
        }
        self.sync_rollout_status(new, &olds);
        Ok(())
    }
}

/// One step of [`rolling_update_plan`]: a ReplicaSet resized, and the sizes and available
/// pods of the old and new ReplicaSets once the ReplicaSet controller has caught up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanStep {
    /// How many times the new pods had become ready before this step (0 = right after
    /// the template changed).
    pub wave: u32,
    /// "create", "scale up" or "scale down".
    pub action: &'static str,
    /// "new" or "old".
    pub replica_set: &'static str,
    pub from: i32,
    pub to: i32,
    pub old: i32,
    pub new: i32,
    pub old_available: i32,
    pub new_available: i32,
    pub reason: Text,
}

/// The largest Deployment [`rolling_update_plan`] plans for.
pub const PLAN_MAX_REPLICAS: i32 = 100_000;

/// The steps of a rolling update from a fully available old ReplicaSet of `replicas`
/// pods to a new one, when every new pod becomes ready as soon as it exists and nothing
/// else happens: the decisions of [`scale_new`] and [`scale_old`] replayed, one sync at a
/// time, exactly as the controller makes them in the simulator.
pub fn rolling_update_plan(
    replicas: i32,
    max_surge: &IntOrString,
    max_unavailable: &IntOrString,
) -> Result<Vec<PlanStep>, String> {
    if !(0..=PLAN_MAX_REPLICAS).contains(&replicas) {
        return Err(format!(
            "replicas must be between 0 and {PLAN_MAX_REPLICAS}, not {replicas}"
        ));
    }
    let f = Fenceposts::resolve(replicas, max_surge, max_unavailable)?;
    if f.max_surge < 0 || f.max_unavailable < 0 {
        return Err(format!(
            "maxSurge and maxUnavailable must not be negative (they resolve to {} and {})",
            f.max_surge, f.max_unavailable
        ));
    }
    let old_label = Text::new("the old ReplicaSet", "옛 ReplicaSet");
    let new_label = Text::new("the new ReplicaSet", "새 ReplicaSet");
    let mut old = Counts {
        label: old_label,
        replicas,
        available: replicas,
    };
    let size = f.new_size(replicas, 0);
    let mut new = Counts {
        label: new_label,
        replicas: size,
        available: 0,
    };
    let mut wave = 0;
    let mut steps = vec![PlanStep {
        wave,
        action: "create",
        replica_set: "new",
        from: 0,
        to: size,
        old: old.replicas,
        new: new.replicas,
        old_available: old.available,
        new_available: 0,
        reason: if replicas == 0 {
            Text::new(
                "the new ReplicaSet is created empty",
                "새 ReplicaSet을 비어 있는 채로 만듭니다",
            )
        } else {
            Text::new(
                format!("maxSurge={} allows {} pods in total and {replicas} exist, so the new ReplicaSet starts with {size}", f.max_surge, f.max_total()),
                format!("maxSurge={}이면 Pod를 모두 {}개까지 둘 수 있고 지금 {replicas}개이므로 새 ReplicaSet은 {size}개로 시작합니다", f.max_surge, f.max_total()),
            )
        },
    }];
    let mut step =
        |wave: u32, action, replica_set, from, to, old: &Counts, new: &Counts, reason| {
            steps.push(PlanStep {
                wave,
                action,
                replica_set,
                from,
                to,
                old: old.replicas,
                new: new.replicas,
                old_available: old.available,
                new_available: new.available,
                reason,
            });
        };
    // Each pass is one sync; the ReplicaSet controller catches up in between.
    loop {
        let all = old.replicas + new.replicas;
        if let Some((to, why)) = scale_new(&f, all, &new) {
            let from = new.replicas;
            new.replicas = to;
            new.available = new.available.min(to);
            let action = if to > from { "scale up" } else { "scale down" };
            step(wave, action, "new", from, to, &old, &new, why);
            continue;
        }
        let scalings = if old.replicas > 0 {
            scale_old(&f, all, &new, std::slice::from_ref(&old))
        } else {
            Vec::new()
        };
        if !scalings.is_empty() {
            for s in scalings {
                let from = old.replicas;
                old.replicas = s.to;
                old.available = old.available.min(s.to);
                step(wave, "scale down", "old", from, s.to, &old, &new, s.reason);
            }
            continue;
        }
        let complete = new.replicas == replicas && new.available == replicas && old.replicas == 0;
        if complete || new.available == new.replicas {
            break;
        }
        new.available = new.replicas;
        wave += 1;
    }
    Ok(steps)
}

/// The available pods of each version after every wave of a plan, as the course draws a
/// rollout: `v1 (3) → v1 (2) + v2 (1) → v1 (1) + v2 (2) → v2 (3)`.
pub fn plan_summary(steps: &[PlanStep], old: &str, new: &str) -> String {
    let Some(first) = steps.first() else {
        return String::new();
    };
    let replicas = first.old;
    let mut states = vec![(first.old, 0)];
    for (i, s) in steps.iter().enumerate() {
        let last_of_wave = steps.get(i + 1).is_none_or(|n| n.wave != s.wave);
        if last_of_wave {
            states.push((s.old_available, s.new_available));
        }
    }
    if steps
        .last()
        .is_some_and(|s| s.old == 0 && s.new == replicas)
    {
        states.push((0, replicas));
    }
    let mut parts: Vec<String> = Vec::new();
    for (o, n) in states {
        let mut line = Vec::new();
        if o > 0 {
            line.push(format!("{old} ({o})"));
        }
        if n > 0 {
            line.push(format!("{new} ({n})"));
        }
        let line = if line.is_empty() {
            "(none available)".to_string()
        } else {
            line.join(" + ")
        };
        if parts.last() != Some(&line) {
            parts.push(line);
        }
    }
    parts.join(" → ")
}
