//! The life of every Job and pod as intervals on the virtual clock, for timeline plots:
//! when each was created, when it finished and how, including those deleted since (a
//! CronJob's history limit, a TTL). Built from the trace and the event log, which keep
//! what the store forgets.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::controllers::podutil;
use crate::sim::clock::Time;
use crate::sim::engine::Cluster;

/// One Job or pod on the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// "Job" or "Pod".
    pub kind: &'static str,
    pub name: String,
    /// The Job of a pod, the CronJob of a Job (when known).
    pub owner: Option<String>,
    pub start: Time,
    /// When it finished (or was deleted); `None` while it runs.
    pub end: Option<Time>,
    /// Pods: Succeeded, Failed, Deleted or their phase now. Jobs: Complete, the failure
    /// reason (BackoffLimitExceeded, ...), Deleted, or Running.
    pub outcome: String,
}

/// The Job failure reasons that end a Job, as its Warning event names them.
const JOB_FAILURES: &[&str] = &[
    "BackoffLimitExceeded",
    "DeadlineExceeded",
    "PodFailurePolicy",
    "MaxFailedIndexesExceeded",
    "FailedIndexes",
];

impl Cluster {
    /// Every Job and pod that ever existed, in order of creation.
    pub fn timeline(&self) -> Vec<Span> {
        let mut spans: Vec<Span> = Vec::new();
        let mut index: BTreeMap<(&'static str, String), usize> = BTreeMap::new();
        for step in self.trace() {
            let (kind, name) = match step.target.split_once('/') {
                Some(("job", n)) => ("Job", n),
                Some(("pod", n)) => ("Pod", n),
                _ => continue,
            };
            let key = (kind, name.to_string());
            match step.verb.as_str() {
                "create" => {
                    // The API server and the controller both log a controller's create.
                    if let Some(prev) = index.get(&key).and_then(|&i| spans.get(i)) {
                        if prev.start == step.time && prev.end.is_none() {
                            continue;
                        }
                    }
                    let owner = match (kind, step.actor.as_str()) {
                        ("Job", "cronjob-controller") => {
                            name.rsplit_once('-').map(|(cj, _)| format!("cronjob/{cj}"))
                        }
                        _ => None,
                    };
                    index.insert(key, spans.len());
                    spans.push(Span {
                        kind,
                        name: name.to_string(),
                        owner,
                        start: step.time,
                        end: None,
                        outcome: "Running".into(),
                    });
                }
                "status" if kind == "Pod" => {
                    let Some(span) = index.get(&key).and_then(|&i| spans.get_mut(i)) else {
                        continue;
                    };
                    for phase in ["Succeeded", "Failed"] {
                        if span.end.is_none() && step.reason.en == format!("the pod is now {phase}")
                        {
                            span.end = Some(step.time);
                            span.outcome = phase.into();
                        }
                    }
                }
                "delete" => {
                    if let Some(span) = index.get(&key).and_then(|&i| spans.get_mut(i)) {
                        if span.end.is_none() {
                            span.end = Some(step.time);
                            span.outcome = "Deleted".into();
                        }
                    }
                }
                _ => {}
            }
        }
        // Jobs end with their Completed or failure event.
        for e in self.events.all() {
            let Some(name) = e.object.strip_prefix("job/") else {
                continue;
            };
            let Some(span) = index
                .get(&("Job", name.to_string()))
                .and_then(|&i| spans.get_mut(i))
            else {
                continue;
            };
            let outcome = if e.reason == "Completed" {
                "Complete"
            } else if let Some(r) = JOB_FAILURES.iter().find(|r| **r == e.reason) {
                r
            } else {
                continue;
            };
            if span.end.is_none() || span.outcome == "Deleted" {
                span.end = Some(e.first_time.min(span.end.unwrap_or(e.first_time)));
                span.outcome = outcome.into();
            }
        }
        // Pods belong to the Job whose name prefixes theirs (the longest), or to the
        // controller the store still knows. Both by lookup, so that the timeline stays
        // linear in the number of spans (a search per pod was quadratic).
        let jobs: HashSet<String> = spans
            .iter()
            .filter(|s| s.kind == "Job")
            .map(|s| s.name.clone())
            .collect();
        let mut live: HashMap<&str, &crate::api::pod::Pod> = HashMap::new();
        for p in self.store.pods() {
            if let Some(name) = p.metadata.name.as_deref() {
                live.entry(name).or_insert(p);
            }
        }
        for span in spans.iter_mut().filter(|s| s.kind == "Pod") {
            if let Some(p) = live.get(span.name.as_str()) {
                if let Some(r) = podutil::controller_of(&p.metadata) {
                    span.owner = Some(format!("{}/{}", r.kind.to_lowercase(), r.name));
                }
                if span.end.is_none() {
                    span.outcome = podutil::phase(p).to_string();
                }
            }
            if span.owner.is_none() {
                span.owner = job_prefix(&span.name, &jobs).map(|j| format!("job/{j}"));
            }
        }
        spans
    }
}

/// The longest name in `jobs` that `pod` starts with, followed by a `-`.
fn job_prefix<'a>(pod: &str, jobs: &'a HashSet<String>) -> Option<&'a str> {
    pod.rmatch_indices('-')
        .find_map(|(i, _)| jobs.get(&pod[..i]))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_prefix_is_the_longest_job_name_before_a_dash() {
        let jobs: HashSet<String> = ["pi", "pi-2", "backup-290"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for (pod, want) in [
            ("pi-2-abcde", Some("pi-2")),
            ("pi-xyz", Some("pi")),
            ("backup-290-q7x", Some("backup-290")),
            ("backup-q7x", None),
            ("pi", None),
            ("", None),
        ] {
            assert_eq!(job_prefix(pod, &jobs), want, "{pod}");
        }
    }
}
