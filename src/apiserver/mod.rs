//! The Kubernetes REST API in front of a simulated cluster, as pure functions from a
//! request to a response: `kubesim serve` puts an HTTP transport around [`handle`], and the
//! real kubectl, the official Python client and any other Kubernetes client drive the
//! simulator through it. Nothing here touches a socket, so every verb is unit-tested with
//! plain values.
//!
//! The semantics follow kube-apiserver v1.36: discovery, OpenAPI v3, get/list/watch with
//! selectors and pagination, create/update/patch/delete with dry runs and field
//! validation, the scale and status subresources, server-side Table printing, and errors
//! as `metav1.Status`.

pub mod discovery;
mod fields;
pub mod kubeconfig;
mod objects;
pub mod openapi;
pub mod patch;
pub mod protobuf;
pub mod status;
mod table;
pub mod watch;

#[cfg(feature = "serve")]
pub mod transport;

use serde_json::{json, Value};

use crate::sim::clock::{Duration, Time};
use crate::sim::engine::Cluster;
use status::ApiError;
pub use watch::Watch;

/// The API server's request size limit (staging/src/k8s.io/apiserver/pkg/server/config.go:
/// MaxRequestBodyBytes, 3 MiB).
pub const MAX_BODY_BYTES: usize = 3 * 1024 * 1024;

/// Longest query string accepted (selectors included).
pub const MAX_QUERY_BYTES: usize = 64 * 1024;

/// One HTTP request, as the transport read it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path without the query string, percent-decoded.
    pub path: String,
    /// Query parameters, percent-decoded, in order.
    pub query: Vec<(String, String)>,
    /// Header names as sent (compared case-insensitively).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// A request from a method and a URL path with an optional query string.
    pub fn new(method: &str, url: &str) -> Request {
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        Request {
            method: method.to_string(),
            path: percent_decode(path),
            query: parse_query(query),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Request {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Request {
        self.body = body.into();
        self
    }

    /// The first value of a query parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One complete HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(status: u16, value: &Value) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: serde_json::to_vec(value).unwrap_or_default(),
        }
    }

    pub fn text(status: u16, text: impl Into<String>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), "text/plain; charset=utf-8".into())],
            body: text.into().into_bytes(),
        }
    }

    /// The body as JSON (tests and the transport's logging).
    pub fn body_json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// Adds a `Warning: 299 - "..."` header, as the API server sends a warning.
    pub fn with_warning(mut self, text: &str) -> Response {
        let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
        self.headers
            .push(("Warning".into(), format!("299 - \"{escaped}\"")));
        self
    }
}

/// What [`handle`] answers: a complete response, or a watch for the transport to stream.
#[derive(Debug, PartialEq)]
pub enum Reply {
    Done(Response),
    Watch(Box<Watch>),
}

impl From<Response> for Reply {
    fn from(r: Response) -> Reply {
        Reply::Done(r)
    }
}

impl From<ApiError> for Reply {
    fn from(e: ApiError) -> Reply {
        Reply::Done(e.into_response())
    }
}

/// What the server needs besides the cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The bearer token every request must carry; `None` serves without authentication.
    pub token: Option<String>,
    /// `host:port`, for `/api`'s serverAddressByClientCIDRs.
    pub address: String,
}

/// Answers one request against the cluster. Never panics on any input; writes settle the
/// cluster (controllers act at once, as they would within milliseconds).
pub fn handle(cluster: &mut Cluster, config: &Config, req: &Request) -> Reply {
    let Some(path) = authorize(config, req) else {
        return ApiError::unauthorized().into();
    };
    if req.body.len() > MAX_BODY_BYTES {
        return ApiError::too_large(MAX_BODY_BYTES).into();
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let get = req.method == "GET" || req.method == "HEAD";
    match segments.as_slice() {
        [] if get => Response::json(200, &root_paths()).into(),
        ["version"] if get => Response::json(200, &discovery::version()).into(),
        ["healthz" | "livez" | "readyz"] if get => Response::text(200, "ok").into(),
        ["api"] if get => Response::json(200, &discovery::api_versions(&config.address)).into(),
        ["apis"] if get => Response::json(200, &discovery::api_group_list()).into(),
        ["apis", group] if get => match discovery::api_group(group) {
            Some(v) => Response::json(200, &v).into(),
            None => ApiError::not_served(path).into(),
        },
        ["api", version] if get => list_or_404(discovery::resource_list("", version), path),
        ["apis", group, version] if get => {
            list_or_404(discovery::resource_list(group, version), path)
        }
        ["openapi", "v3"] if get => Response::json(200, &openapi::root()).into(),
        ["openapi", "v3", rest @ ..] if get => match openapi::group_version_doc(&rest.join("/")) {
            Some(v) => Response::json(200, &v).into(),
            None => ApiError::not_served(path).into(),
        },
        ["kubesim", "advance"] if req.method == "POST" => advance(cluster, req).into(),
        ["kubesim", "clock"] if get => Response::json(200, &clock(cluster)).into(),
        ["api", "v1", rest @ ..] => objects::handle(cluster, req, "", "v1", rest),
        ["apis", group, version, rest @ ..] => objects::handle(cluster, req, group, version, rest),
        _ => ApiError::not_served(path).into(),
    }
}

/// The path to serve when the request carries the token, `None` otherwise.
///
/// The token comes as `Authorization: Bearer <token>` (the Python client, curl), or as the
/// first path segment: kubectl sends no credentials over plain HTTP (client-go's clientcmd
/// sets them only for TLS connections, kubernetes/kubectl#744), so the kubeconfig kubesim
/// writes names the server as `http://127.0.0.1:<port>/<token>` and every request of
/// kubectl's starts with that secret prefix.
fn authorize<'a>(config: &Config, req: &'a Request) -> Option<&'a str> {
    let Some(token) = &config.token else {
        return Some(&req.path);
    };
    if let Some(rest) = req.path.strip_prefix('/') {
        let (first, tail) = rest.split_once('/').unwrap_or((rest, ""));
        if constant_time_eq(first.as_bytes(), token.as_bytes()) {
            // `tail` lost its leading slash; the segments are all the router reads.
            return Some(tail);
        }
    }
    let bearer = req
        .header("Authorization")
        .and_then(|h| h.strip_prefix("Bearer "));
    bearer
        .is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes()))
        .then_some(req.path.as_str())
}

fn list_or_404(v: Option<Value>, path: &str) -> Reply {
    match v {
        Some(v) => Response::json(200, &v).into(),
        None => ApiError::not_served(path).into(),
    }
}

fn root_paths() -> Value {
    let mut paths = vec![
        "/api".to_string(),
        "/api/v1".to_string(),
        "/apis".to_string(),
        "/openapi/v3".to_string(),
        "/version".to_string(),
        "/healthz".to_string(),
    ];
    for (g, v) in discovery::group_versions() {
        if !g.is_empty() {
            paths.push(format!("/apis/{g}"));
            paths.push(format!("/apis/{g}/{v}"));
        }
    }
    json!({ "paths": paths })
}

fn clock(cluster: &Cluster) -> Value {
    json!({"now": cluster.now.to_rfc3339()})
}

/// `POST /kubesim/advance?by=1h`: jumps the virtual clock (kubesim's own endpoint, for
/// CronJob lessons); answers the new time.
fn advance(cluster: &mut Cluster, req: &Request) -> Response {
    let Some(span) = req.param("by").and_then(Duration::parse) else {
        return ApiError::bad_request(
            "advance needs ?by=<duration> such as 90s, 5m, 1h30m or 2d \
             (시간을 ?by=1h 처럼 주세요)",
        )
        .into_response();
    };
    if span.0 <= 0 || span > Duration::seconds(366 * 24 * 3600) {
        return ApiError::bad_request("advance ?by= must be positive and at most 366d")
            .into_response();
    }
    match cluster.advance(span) {
        Ok(_) => Response::json(200, &clock(cluster)),
        Err(e) => ApiError::internal(e.to_string()).into_response(),
    }
}

/// Moves the virtual clock to `target` if it is ahead (the served clock follows the wall
/// clock); runs everything due on the way.
pub fn follow_clock(cluster: &mut Cluster, target: Time) -> Result<(), String> {
    if target > cluster.now {
        let span = target.since(cluster.now);
        cluster.advance(span).map_err(|e| e.to_string())?;
    } else {
        cluster.settle().map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Compares secrets without an early exit on the first differing byte.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Decodes `%XX` escapes (and `+` in query values, see [`parse_query`]); invalid escapes
/// stay as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `a=1&b=x%20y` → pairs, decoded.
pub fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                percent_decode(&k.replace('+', " ")),
                percent_decode(&v.replace('+', " ")),
            )
        })
        .collect()
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
