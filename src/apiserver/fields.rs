//! Field selectors (`?fieldSelector=spec.nodeName=node-1,status.phase!=Running`): the
//! fields each resource supports, as the registries' GetAttrs/ToSelectableFields do
//! (pkg/registry/core/pod/strategy.go PodToSelectableFields, core/event/strategy.go, and
//! metadata.name / metadata.namespace for every resource).

use serde_json::Value;

/// One `field=value` or `field!=value` requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub field: String,
    pub value: String,
    pub equal: bool,
}

/// A parsed field selector; empty matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldSelector(pub Vec<Requirement>);

const COMMON: &[&str] = &["metadata.name", "metadata.namespace"];
const POD: &[&str] = &[
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "spec.hostNetwork",
    "status.phase",
    "status.podIP",
    "status.nominatedNodeName",
];
const EVENT: &[&str] = &[
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
];
/// Fields the simulator's events do not carry: a requirement on them matches.
const EVENT_UNTRACKED: &[&str] = &[
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
];

impl FieldSelector {
    /// Parses a selector for objects of `kind`; an unsupported field is an error with the
    /// API server's message.
    pub fn parse(text: &str, kind: &str) -> Result<FieldSelector, String> {
        let mut reqs = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (field, value, equal) = if let Some((f, v)) = part.split_once("!=") {
                (f, v, false)
            } else if let Some((f, v)) = part.split_once("==") {
                (f, v, true)
            } else if let Some((f, v)) = part.split_once('=') {
                (f, v, true)
            } else {
                return Err(format!(
                    "invalid selector: '{text}'; can't understand '{part}'"
                ));
            };
            let field = field.trim();
            let extra: &[&str] = match kind {
                "Pod" => POD,
                "Event" => EVENT,
                "Node" => &["spec.unschedulable"],
                "Namespace" => &["status.phase"],
                "ReplicaSet" | "StatefulSet" | "ReplicationController" => &["status.replicas"],
                "Job" => &["status.successful"],
                "Secret" => &["type"],
                _ => &[],
            };
            if !COMMON.contains(&field) && !extra.contains(&field) {
                return Err(format!(
                    "\"{field}\" is not a known field selector: only \"{}\"",
                    COMMON
                        .iter()
                        .chain(extra)
                        .copied()
                        .collect::<Vec<_>>()
                        .join("\", \"")
                ));
            }
            reqs.push(Requirement {
                field: field.to_string(),
                value: value.trim().to_string(),
                equal,
            });
        }
        Ok(FieldSelector(reqs))
    }

    /// True when the object (as JSON) meets every requirement.
    pub fn matches(&self, obj: &Value) -> bool {
        self.0.iter().all(|r| {
            if obj.get("involvedObject").is_some() && EVENT_UNTRACKED.contains(&r.field.as_str()) {
                return true;
            }
            let actual = lookup(obj, &r.field);
            (actual == r.value) == r.equal
        })
    }
}

/// The text of a field: strings as they are, other scalars in JSON, missing as "".
fn lookup(obj: &Value, path: &str) -> String {
    let mut v = obj;
    for part in path.split('.') {
        match v.get(part) {
            Some(next) => v = next,
            None => {
                // An unset source reads as the component (events); unset fields are "".
                return String::new();
            }
        }
    }
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Object(m) => m
            .get("component")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pod_fields_and_errors() {
        let pod = json!({"metadata": {"name": "a", "namespace": "default"},
                         "spec": {"nodeName": "n1"}, "status": {"phase": "Running"}});
        let s = FieldSelector::parse("spec.nodeName=n1,status.phase!=Pending", "Pod").unwrap();
        assert!(s.matches(&pod));
        let s = FieldSelector::parse("spec.nodeName==n2", "Pod").unwrap();
        assert!(!s.matches(&pod));
        assert!(FieldSelector::parse("metadata.name=a", "Pod")
            .unwrap()
            .matches(&pod));
        assert!(FieldSelector::parse("spec.nodeName=n1", "Deployment").is_err());
        assert!(FieldSelector::parse("garbage", "Pod").is_err());
        assert!(FieldSelector::parse("", "Pod").unwrap().matches(&pod));
    }

    #[test]
    fn event_fields() {
        let ev = json!({"involvedObject": {"kind": "Pod", "name": "a", "namespace": "default"},
                        "source": {"component": "kubelet"}, "type": "Normal"});
        let s = FieldSelector::parse(
            "involvedObject.name=a,involvedObject.uid=xyz,source=kubelet,type=Normal",
            "Event",
        )
        .unwrap();
        assert!(s.matches(&ev));
    }
}
