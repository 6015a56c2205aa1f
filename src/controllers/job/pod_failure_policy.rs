//! podFailurePolicy (pkg/controller/job/pod_failure_policy.go): the first rule that matches
//! a failed pod, by the exit codes of its terminated containers or by its conditions,
//! decides whether the failure fails the Job, fails the index, is ignored or counts.

use crate::api::job::{PodFailurePolicy, PodFailurePolicyOnExitCodesRequirement};
use crate::api::pod::{ContainerStatus, Pod};

/// What a matching rule asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyAction {
    FailJob,
    FailIndex,
    Ignore,
    Count,
}

impl PolicyAction {
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyAction::FailJob => "FailJob",
            PolicyAction::FailIndex => "FailIndex",
            PolicyAction::Ignore => "Ignore",
            PolicyAction::Count => "Count",
        }
    }
}

/// The verdict of matchPodFailurePolicy on one failed pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyMatch {
    /// Set when a FailJob rule matched: the Job's failure message.
    pub fail_job_message: Option<String>,
    /// Whether the failure counts towards backoffLimit (and backoffLimitPerIndex).
    pub count_failed: bool,
    /// The matched rule's action and its position.
    pub action: Option<(PolicyAction, usize)>,
}

impl PolicyMatch {
    fn none() -> PolicyMatch {
        PolicyMatch {
            fail_job_message: None,
            count_failed: true,
            action: None,
        }
    }
}

/// matchPodFailurePolicy.
pub fn match_pod_failure_policy(policy: Option<&PodFailurePolicy>, pod: &Pod) -> PolicyMatch {
    let Some(policy) = policy else {
        return PolicyMatch::none();
    };
    let namespace = pod.metadata.namespace.as_deref().unwrap_or("default");
    let name = pod.metadata.name.as_deref().unwrap_or("");
    for (index, rule) in policy.rules.iter().enumerate() {
        let action = match rule.action.as_str() {
            "FailJob" => PolicyAction::FailJob,
            "FailIndex" => PolicyAction::FailIndex,
            "Ignore" => PolicyAction::Ignore,
            "Count" => PolicyAction::Count,
            _ => continue,
        };
        let matched: Option<String> = if let Some(req) = &rule.on_exit_codes {
            match_on_exit_codes(pod, req).map(|(container, code)| {
                format!(
                    "Container {container} for pod {namespace}/{name} failed with exit code {code} matching {} rule at index {index}",
                    action.as_str()
                )
            })
        } else if let Some(patterns) = &rule.on_pod_conditions {
            match_on_pod_conditions(pod, patterns).map(|condition| {
                format!(
                    "Pod {namespace}/{name} has condition {condition} matching {} rule at index {index}",
                    action.as_str()
                )
            })
        } else {
            None
        };
        let Some(message) = matched else {
            continue;
        };
        return match action {
            PolicyAction::Ignore => PolicyMatch {
                fail_job_message: None,
                count_failed: false,
                action: Some((action, index)),
            },
            PolicyAction::FailJob => PolicyMatch {
                fail_job_message: Some(message),
                count_failed: true,
                action: Some((action, index)),
            },
            PolicyAction::FailIndex | PolicyAction::Count => PolicyMatch {
                fail_job_message: None,
                count_failed: true,
                action: Some((action, index)),
            },
        };
    }
    PolicyMatch::none()
}

/// matchOnExitCodes: the first terminated container (regular, then init) with a non-zero
/// exit code that the requirement matches.
fn match_on_exit_codes(
    pod: &Pod,
    req: &PodFailurePolicyOnExitCodesRequirement,
) -> Option<(String, i32)> {
    let status = pod.status.as_ref()?;
    let lists = [
        status.container_statuses.as_deref(),
        status.init_container_statuses.as_deref(),
    ];
    lists
        .into_iter()
        .flatten()
        .flat_map(|l: &[ContainerStatus]| l.iter())
        .find_map(|cs| {
            let code = cs.state.as_ref()?.terminated.as_ref()?.exit_code;
            let name_ok = req.container_name.as_deref().is_none_or(|n| n == cs.name);
            let op_ok = match req.operator.as_str() {
                "In" => req.values.contains(&code),
                "NotIn" => !req.values.contains(&code),
                _ => false,
            };
            (name_ok && code != 0 && op_ok).then(|| (cs.name.clone(), code))
        })
}

/// matchOnPodConditions: the first pod condition whose type and status a pattern names.
fn match_on_pod_conditions(
    pod: &Pod,
    patterns: &[crate::api::job::PodFailurePolicyOnPodConditionsPattern],
) -> Option<String> {
    let conditions = pod.status.as_ref()?.conditions.as_ref()?;
    conditions.iter().find_map(|c| {
        patterns
            .iter()
            .any(|p| p.type_ == c.type_ && p.status.as_deref().unwrap_or("True") == c.status)
            .then(|| c.type_.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::object::Object;
    use serde_json::json;

    fn failed_pod(exit_codes: &[(&str, i32)], conditions: serde_json::Value) -> Pod {
        let statuses: Vec<serde_json::Value> = exit_codes
            .iter()
            .map(|(n, c)| json!({"name": n, "image": "x", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": c}}}))
            .collect();
        match Object::from_json(json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "p", "namespace": "ns"},
            "spec": {"containers": [{"name": "main", "image": "x"}]},
            "status": {"phase": "Failed", "containerStatuses": statuses, "conditions": conditions}
        })) {
            Ok(Object::Pod(p)) => p,
            other => panic!("{other:?}"),
        }
    }

    fn policy(rules: serde_json::Value) -> PodFailurePolicy {
        serde_json::from_value(json!({ "rules": rules })).unwrap()
    }

    #[test]
    fn rules_match_in_order() {
        let p = policy(json!([
            {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]},
            {"action": "FailJob", "onExitCodes": {"containerName": "main", "operator": "In", "values": [42]}},
            {"action": "Count", "onExitCodes": {"operator": "NotIn", "values": [1, 2]}},
            {"action": "FailIndex", "onExitCodes": {"operator": "In", "values": [2]}},
        ]));
        let cases: Vec<(Pod, Option<PolicyAction>, bool)> = vec![
            (
                failed_pod(&[("main", 42)], json!([])),
                Some(PolicyAction::FailJob),
                true,
            ),
            (
                failed_pod(&[("side", 42)], json!([])),
                Some(PolicyAction::Count),
                true,
            ),
            (failed_pod(&[("main", 1)], json!([])), None, true),
            (
                failed_pod(&[("main", 2)], json!([])),
                Some(PolicyAction::FailIndex),
                true,
            ),
            (failed_pod(&[("main", 0)], json!([])), None, true),
            (
                failed_pod(
                    &[("main", 42)],
                    json!([{"type": "DisruptionTarget", "status": "True"}]),
                ),
                Some(PolicyAction::Ignore),
                false,
            ),
            (
                failed_pod(
                    &[("main", 1)],
                    json!([{"type": "DisruptionTarget", "status": "False"}]),
                ),
                None,
                true,
            ),
        ];
        for (i, (pod, action, counts)) in cases.into_iter().enumerate() {
            let m = match_pod_failure_policy(Some(&p), &pod);
            assert_eq!(m.action.map(|a| a.0), action, "case {i}");
            assert_eq!(m.count_failed, counts, "case {i}");
        }
    }

    #[test]
    fn fail_job_message_names_container_code_and_rule() {
        let p = policy(json!([
            {"action": "FailJob", "onExitCodes": {"operator": "In", "values": [42]}}
        ]));
        let m = match_pod_failure_policy(Some(&p), &failed_pod(&[("main", 42)], json!([])));
        assert_eq!(
            m.fail_job_message.as_deref(),
            Some("Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 0")
        );
        assert_eq!(
            match_pod_failure_policy(None, &failed_pod(&[("main", 42)], json!([]))).action,
            None
        );
    }
}
