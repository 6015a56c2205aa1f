//! Pod predicates the controllers share (pkg/api/v1/pod/util.go and
//! pkg/controller/controller_utils.go).

use crate::api::meta::{find_condition, ObjectMeta, OwnerReference};
use crate::api::pod::Pod;
use crate::state::clock::{Duration, Time};

/// The pod's phase, "Pending" when the kubelet has not reported one.
pub fn phase(pod: &Pod) -> &str {
    pod.status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("Pending")
}

/// IsPodActive: not finished and not being deleted.
pub fn is_active(pod: &Pod) -> bool {
    !matches!(phase(pod), "Succeeded" | "Failed") && pod.metadata.deletion_timestamp.is_none()
}

/// True while a pod is being deleted.
pub fn is_terminating(pod: &Pod) -> bool {
    pod.metadata.deletion_timestamp.is_some()
}

/// IsPodReady: the Ready condition is True.
pub fn is_ready(pod: &Pod) -> bool {
    ready_since(pod).is_some()
}

/// When the pod last became Ready, if it is Ready.
pub fn ready_since(pod: &Pod) -> Option<Time> {
    let c = find_condition(&pod.status.as_ref()?.conditions, "Ready")?;
    if !c.is_true() {
        return None;
    }
    Some(
        c.last_transition_time
            .as_deref()
            .and_then(Time::parse_rfc3339)
            .unwrap_or_default(),
    )
}

/// IsPodAvailable: Ready for at least `min_ready_seconds`.
pub fn is_available(pod: &Pod, min_ready_seconds: i32, now: Time) -> bool {
    until_available(pod, min_ready_seconds, now) == Some(Duration(0))
}

/// How long until a pod is available: `None` when it is not Ready, zero when it already
/// is, else what is left of its `min_ready_seconds` (when a controller looks again).
pub fn until_available(pod: &Pod, min_ready_seconds: i32, now: Time) -> Option<Duration> {
    let since = ready_since(pod)?;
    if min_ready_seconds <= 0 {
        return Some(Duration(0));
    }
    let left = since.0 + i64::from(min_ready_seconds) * 1000 - now.0;
    Some(Duration(left.max(0)))
}

/// The highest restart count among the pod's containers.
pub fn max_restarts(pod: &Pod) -> i32 {
    pod.status
        .as_ref()
        .and_then(|s| s.container_statuses.as_ref())
        .map_or(0, |cs| {
            cs.iter().map(|c| c.restart_count).max().unwrap_or(0)
        })
}

pub fn created_at(meta: &ObjectMeta) -> Time {
    meta.creation_timestamp
        .as_deref()
        .and_then(Time::parse_rfc3339)
        .unwrap_or_default()
}

/// The owner reference that marks an object's controller, if any.
pub fn controller_of(meta: &ObjectMeta) -> Option<&OwnerReference> {
    meta.controller_ref()
}

/// The node a pod is bound to, "" when unscheduled.
pub fn node_name(pod: &Pod) -> &str {
    pod.spec.node_name.as_deref().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(ready: Option<(&str, &str)>) -> Pod {
        let conditions = match ready {
            Some((status, at)) => serde_json::json!([
                {"type": "Ready", "status": status, "lastTransitionTime": at}
            ]),
            None => serde_json::json!([]),
        };
        serde_json::from_value(serde_json::json!({
            "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
            "spec": {"containers": [{"name": "c", "image": "i"}]},
            "status": {"phase": "Running", "conditions": conditions}
        }))
        .unwrap()
    }

    #[test]
    fn availability_counts_min_ready_seconds_from_the_ready_transition() {
        let now = Time::parse_rfc3339("2026-01-01T00:00:10Z").unwrap();
        let at = "2026-01-01T00:00:00Z";
        // (ready condition, minReadySeconds, until available, available)
        let cases = [
            (None, 0, None, false),
            (Some(("False", at)), 5, None, false),
            (Some(("True", at)), 0, Some(0), true),
            (Some(("True", at)), -3, Some(0), true),
            (Some(("True", at)), 10, Some(0), true),
            (Some(("True", at)), 15, Some(5_000), false),
        ];
        for (ready, min_ready, left, available) in cases {
            let p = pod(ready);
            assert_eq!(
                until_available(&p, min_ready, now),
                left.map(Duration),
                "{ready:?} {min_ready}"
            );
            assert_eq!(is_available(&p, min_ready, now), available);
        }
    }
}
