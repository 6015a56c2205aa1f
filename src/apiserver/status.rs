//! Errors as the API server reports them: a `metav1.Status` with a reason, a code and the
//! message kubectl prints after `Error from server (<Reason>):`
//! (staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go: NewNotFound,
//! NewAlreadyExists, NewConflict, NewInvalid, NewMethodNotSupported, NewBadRequest, ...).

use serde_json::{json, Value};

use super::Response;

/// One field error of an Invalid status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    pub reason: &'static str,
    pub message: String,
    pub field: String,
}

/// A failure status: `code` is the HTTP status.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub code: u16,
    pub reason: &'static str,
    pub message: String,
    pub details: Option<Value>,
}

impl ApiError {
    fn new(code: u16, reason: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            reason,
            message: message.into(),
            details: None,
        }
    }

    fn with_details(mut self, name: &str, group: &str, kind: &str) -> ApiError {
        self.details = Some(json!({"name": name, "group": group, "kind": kind}));
        self
    }

    /// `pods "web" not found`.
    pub fn not_found(qualified: &str, name: &str) -> ApiError {
        let (kind, group) = split(qualified);
        ApiError::new(404, "NotFound", format!("{qualified} \"{name}\" not found"))
            .with_details(name, group, kind)
    }

    /// `deployments.apps "web" already exists`.
    pub fn already_exists(qualified: &str, name: &str) -> ApiError {
        let (kind, group) = split(qualified);
        ApiError::new(
            409,
            "AlreadyExists",
            format!("{qualified} \"{name}\" already exists"),
        )
        .with_details(name, group, kind)
    }

    /// A stale resourceVersion on an update.
    pub fn conflict(qualified: &str, name: &str) -> ApiError {
        let (kind, group) = split(qualified);
        ApiError::new(
            409,
            "Conflict",
            format!(
                "Operation cannot be fulfilled on {qualified} \"{name}\": the object has been \
                 modified; please apply your changes to the latest version and try again"
            ),
        )
        .with_details(name, group, kind)
    }

    /// `Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -1: ...]`.
    pub fn invalid(kind: &str, group: &str, name: &str, causes: Vec<Cause>) -> ApiError {
        let qualified_kind = if group.is_empty() {
            kind.to_string()
        } else {
            format!("{kind}.{group}")
        };
        let list: Vec<String> = causes
            .iter()
            .map(|c| {
                if c.field.is_empty() {
                    c.message.clone()
                } else {
                    format!("{}: {}", c.field, c.message)
                }
            })
            .collect();
        let joined = if list.len() == 1 {
            list[0].clone()
        } else {
            format!("[{}]", list.join(", "))
        };
        let mut e = ApiError::new(
            422,
            "Invalid",
            format!("{qualified_kind} \"{name}\" is invalid: {joined}"),
        );
        let causes: Vec<Value> = causes
            .into_iter()
            .map(|c| json!({"reason": c.reason, "message": c.message, "field": c.field}))
            .collect();
        e.details = Some(json!({"name": name, "group": group, "kind": kind, "causes": causes}));
        e
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(400, "BadRequest", message)
    }

    /// What kubesim does not simulate (exec, attach, port-forward, proxy).
    pub fn method_not_supported(what: &str, why: &str) -> ApiError {
        ApiError::new(
            405,
            "MethodNotAllowed",
            format!("{what} is not supported: {why}"),
        )
    }

    /// A path or verb the server does not serve at all.
    pub fn not_served(path: &str) -> ApiError {
        ApiError::new(
            404,
            "NotFound",
            format!("the server could not find the requested resource ({path})"),
        )
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(401, "Unauthorized", "Unauthorized")
    }

    pub fn too_large(limit: usize) -> ApiError {
        ApiError::new(
            413,
            "RequestEntityTooLarge",
            format!("Request entity too large: limit is {limit}"),
        )
    }

    pub fn gone(message: impl Into<String>) -> ApiError {
        ApiError::new(410, "Expired", message)
    }

    pub fn unsupported_media_type(content_type: &str) -> ApiError {
        ApiError::new(
            415,
            "UnsupportedMediaType",
            format!("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got {content_type:?})"),
        )
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(500, "InternalError", message)
    }

    pub fn too_many_requests(message: impl Into<String>) -> ApiError {
        ApiError::new(429, "TooManyRequests", message)
    }

    /// The Status object.
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        });
        if let Some(d) = &self.details {
            v["details"] = d.clone();
        }
        v
    }

    pub fn into_response(self) -> Response {
        Response::json(self.code, &self.to_json())
    }
}

/// A successful deletion's Status, as the API server answers a delete of an object
/// already gone from storage.
pub fn success(qualified: &str, name: &str, uid: &str) -> Value {
    let (kind, group) = split(qualified);
    json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Success",
        "details": {"name": name, "group": group, "kind": kind, "uid": uid},
    })
}

/// `deployments.apps` → (`deployments`, `apps`).
fn split(qualified: &str) -> (&str, &str) {
    qualified.split_once('.').unwrap_or((qualified, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_carry_kubectls_messages() {
        let e = ApiError::not_found("deployments.apps", "web");
        assert_eq!(e.code, 404);
        assert_eq!(e.to_json()["message"], "deployments.apps \"web\" not found");
        assert_eq!(e.to_json()["details"]["group"], "apps");
        let e = ApiError::invalid(
            "Deployment",
            "apps",
            "web",
            vec![Cause {
                reason: "FieldValueInvalid",
                message: "Invalid value: -1: must be greater than or equal to 0".into(),
                field: "spec.replicas".into(),
            }],
        );
        assert_eq!(
            e.message,
            "Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        );
        assert_eq!(
            e.to_json()["details"]["causes"][0]["field"],
            "spec.replicas"
        );
    }
}
