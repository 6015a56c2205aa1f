//! The API server's verbs without sockets: requests in, responses out.

use serde_json::{json, Value};

use super::*;
use crate::sim::engine::ClusterConfig;

fn cluster() -> Cluster {
    let mut c = Cluster::new(ClusterConfig::default()).unwrap();
    c.store.feed.enable(1000);
    c
}

fn config() -> Config {
    Config {
        token: Some("secret".into()),
        address: "127.0.0.1:6443".into(),
    }
}

fn send(c: &mut Cluster, req: Request) -> Response {
    let req = req.with_header("Authorization", "Bearer secret");
    match handle(c, &config(), &req) {
        Reply::Done(r) => r,
        Reply::Watch(w) => panic!("unexpected watch {w:?}"),
    }
}

fn get(c: &mut Cluster, url: &str) -> Response {
    send(c, Request::new("GET", url))
}

fn body(method: &str, url: &str, content_type: &str, v: &Value) -> Request {
    Request::new(method, url)
        .with_header("Content-Type", content_type)
        .with_body(v.to_string())
}

fn deployment(name: &str, image: &str) -> Value {
    json!({"apiVersion": "apps/v1", "kind": "Deployment",
           "metadata": {"name": name, "labels": {"app": name}},
           "spec": {"replicas": 2, "selector": {"matchLabels": {"app": name}},
                    "template": {"metadata": {"labels": {"app": name}},
                                 "spec": {"containers": [{"name": "nginx", "image": image}]}}}})
}

const TABLE: &str = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

#[test]
fn every_request_needs_the_token() {
    let mut c = cluster();
    let Reply::Done(r) = handle(&mut c, &config(), &Request::new("GET", "/version")) else {
        panic!()
    };
    assert_eq!(r.status, 401);
    let r = get(&mut c, "/version");
    assert_eq!(r.status, 200);
    // kubectl carries the token as the first path segment (it sends no credentials over
    // plain HTTP).
    let Reply::Done(r) = handle(&mut c, &config(), &Request::new("GET", "/secret/version")) else {
        panic!()
    };
    assert_eq!(r.status, 200);
    for wrong in ["/secre/version", "/secretx/version", "/version/secret"] {
        let Reply::Done(r) = handle(&mut c, &config(), &Request::new("GET", wrong)) else {
            panic!()
        };
        assert_eq!(r.status, 401, "{wrong}");
    }
    assert_eq!(r.body_json()["minor"], "36");
}

#[test]
fn discovery_and_openapi_answer() {
    let mut c = cluster();
    assert_eq!(get(&mut c, "/api").body_json()["versions"], json!(["v1"]));
    assert_eq!(get(&mut c, "/apis/apps/v1").status, 200);
    assert_eq!(get(&mut c, "/apis/apps/v9").status, 404);
    let root = get(&mut c, "/openapi/v3").body_json();
    let url = root["paths"]["apis/apps/v1"]["serverRelativeURL"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(get(&mut c, &url).status, 200);
    assert_eq!(get(&mut c, "/nope").body_json()["reason"], "NotFound");
}

#[test]
fn nodes_print_as_kubectl_prints_them() {
    let mut c = cluster();
    let r = send(
        &mut c,
        Request::new("GET", "/api/v1/nodes").with_header("Accept", TABLE),
    );
    let t = r.body_json();
    assert_eq!(t["kind"], "Table");
    let headers: Vec<&str> = t["columnDefinitions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["priority"] == 0)
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(headers, ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]);
    let expected = c.kubectl("get nodes").unwrap();
    for (row, line) in t["rows"]
        .as_array()
        .unwrap()
        .iter()
        .zip(expected.lines().skip(1))
    {
        let cells: Vec<&str> = row["cells"].as_array().unwrap()[..5]
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(cells, line.split_whitespace().collect::<Vec<_>>());
    }
    assert_eq!(
        t["rows"][0]["object"]["kind"], "PartialObjectMetadata",
        "rows carry metadata for --show-labels and -A"
    );
}

#[test]
fn create_runs_the_controllers_and_lists_filter() {
    let mut c = cluster();
    let url = "/apis/apps/v1/namespaces/default/deployments";
    let r = send(
        &mut c,
        body(
            "POST",
            url,
            "application/json",
            &deployment("web", "nginx:1.14"),
        ),
    );
    assert_eq!(r.status, 201, "{}", r.body_json());
    assert_eq!(r.body_json()["metadata"]["generation"], 1);
    let again = send(
        &mut c,
        body("POST", url, "application/json", &deployment("web", "nginx")),
    );
    assert_eq!(again.status, 409);
    assert_eq!(again.body_json()["reason"], "AlreadyExists");
    let pods = get(
        &mut c,
        "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb",
    )
    .body_json();
    assert_eq!(pods["items"].as_array().unwrap().len(), 2);
    assert_eq!(pods["kind"], "PodList");
    let none = get(
        &mut c,
        "/api/v1/namespaces/default/pods?labelSelector=app%3Dother",
    )
    .body_json();
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
    let page = get(&mut c, "/api/v1/pods?limit=1").body_json();
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let token = page["metadata"]["continue"].as_str().unwrap().to_string();
    let rest = get(&mut c, &format!("/api/v1/pods?limit=5&continue={token}")).body_json();
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert_ne!(
        rest["items"][0]["metadata"]["name"],
        page["items"][0]["metadata"]["name"]
    );
    let bad = get(&mut c, "/api/v1/pods?fieldSelector=spec.bogus%3D1");
    assert_eq!(bad.status, 400);
}

#[test]
fn strict_validation_refuses_unknown_fields_and_warn_strips_them() {
    let mut c = cluster();
    let mut d = deployment("web", "nginx");
    d["spec"]["replica"] = json!(3);
    let url = "/apis/apps/v1/namespaces/default/deployments";
    let strict = send(
        &mut c,
        body(
            "POST",
            &format!("{url}?fieldValidation=Strict"),
            "application/json",
            &d,
        ),
    );
    assert_eq!(strict.status, 400);
    assert!(strict.body_json()["message"]
        .as_str()
        .unwrap()
        .contains("strict decoding error: unknown field \"spec.replica\""));
    let warn = send(
        &mut c,
        body(
            "POST",
            &format!("{url}?fieldValidation=Warn"),
            "application/json",
            &d,
        ),
    );
    assert_eq!(warn.status, 201);
    assert!(warn
        .headers
        .iter()
        .any(|(k, v)| k == "Warning" && v.contains("spec.replica")));
    let mut bad = deployment("bad", "nginx");
    bad["spec"]["replicas"] = json!(-1);
    let invalid = send(&mut c, body("POST", url, "application/json", &bad));
    assert_eq!(invalid.status, 422, "{}", invalid.body_json());
    assert_eq!(invalid.body_json()["reason"], "Invalid");
    assert!(invalid.body_json()["details"]["causes"][0]["field"]
        .as_str()
        .unwrap()
        .contains("replicas"));
    let dry = send(
        &mut c,
        body(
            "POST",
            &format!("{url}?dryRun=All"),
            "application/json",
            &deployment("dry", "nginx"),
        ),
    );
    assert_eq!(dry.status, 201);
    assert_eq!(get(&mut c, &format!("{url}/dry")).status, 404);
}

#[test]
fn set_image_by_strategic_merge_patch_rolls_out() {
    let mut c = cluster();
    let url = "/apis/apps/v1/namespaces/default/deployments";
    send(
        &mut c,
        body(
            "POST",
            url,
            "application/json",
            &deployment("web", "nginx:1.14"),
        ),
    );
    let p = json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.16"}]}}}});
    let r = send(
        &mut c,
        body(
            "PATCH",
            &format!("{url}/web"),
            "application/strategic-merge-patch+json",
            &p,
        ),
    );
    assert_eq!(r.status, 200, "{}", r.body_json());
    assert_eq!(r.body_json()["metadata"]["generation"], 2);
    c.run(crate::sim::clock::Duration::seconds(600)).unwrap();
    let out = c.kubectl("rollout history deployment/web").unwrap();
    assert!(out.contains("2"), "{out}");
    let rs = get(&mut c, "/apis/apps/v1/namespaces/default/replicasets").body_json();
    assert_eq!(rs["items"].as_array().unwrap().len(), 2);
    // A stale resourceVersion conflicts.
    let mut stale = get(&mut c, &format!("{url}/web")).body_json();
    stale["metadata"]["resourceVersion"] = json!("1");
    let r = send(
        &mut c,
        body("PUT", &format!("{url}/web"), "application/json", &stale),
    );
    assert_eq!(r.status, 409);
    assert_eq!(r.body_json()["reason"], "Conflict");
}

#[test]
fn scale_subresource_and_delete() {
    let mut c = cluster();
    let url = "/apis/apps/v1/namespaces/default/deployments";
    send(
        &mut c,
        body("POST", url, "application/json", &deployment("web", "nginx")),
    );
    let scale = get(&mut c, &format!("{url}/web/scale")).body_json();
    assert_eq!(scale["spec"]["replicas"], 2);
    assert_eq!(scale["status"]["selector"], "app=web");
    let r = send(
        &mut c,
        body(
            "PATCH",
            &format!("{url}/web/scale"),
            "application/merge-patch+json",
            &json!({"spec": {"replicas": 4}}),
        ),
    );
    assert_eq!(r.status, 200, "{}", r.body_json());
    let rs = get(&mut c, "/apis/apps/v1/namespaces/default/replicasets").body_json();
    assert_eq!(rs["items"][0]["spec"]["replicas"], 4);
    let r = send(
        &mut c,
        body(
            "DELETE",
            &format!("{url}/web"),
            "application/json",
            &json!({"propagationPolicy": "Background"}),
        ),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        get(&mut c, &format!("{url}/web")).body_json()["reason"],
        "NotFound"
    );
    let r = send(
        &mut c,
        Request::new("POST", "/api/v1/namespaces/default/pods/x/exec"),
    );
    assert_eq!(r.status, 405);
    assert!(r.body_json()["message"]
        .as_str()
        .unwrap()
        .contains("runs no containers"));
}

#[test]
fn watch_streams_changes_after_its_resource_version() {
    let mut c = cluster();
    let rv = c.store.resource_version();
    let req = Request::new(
        "GET",
        &format!("/apis/apps/v1/namespaces/default/deployments?watch=true&resourceVersion={rv}"),
    )
    .with_header("Authorization", "Bearer secret");
    let Reply::Watch(mut w) = handle(&mut c, &config(), &req) else {
        panic!()
    };
    assert!(w.poll(&c).unwrap().is_empty());
    let url = "/apis/apps/v1/namespaces/default/deployments";
    send(
        &mut c,
        body("POST", url, "application/json", &deployment("web", "nginx")),
    );
    let events = w.poll(&c).unwrap();
    let types: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(types[0], "ADDED");
    assert!(types[1..].iter().all(|t| *t == "MODIFIED"));
    send(&mut c, Request::new("DELETE", &format!("{url}/web")));
    let events = w.poll(&c).unwrap();
    assert_eq!(events.last().unwrap()["type"], "DELETED");
    assert_eq!(w.bookmark()["type"], "BOOKMARK");
    // From "now": synthetic ADDED events for what exists.
    let req =
        Request::new("GET", "/api/v1/nodes?watch=1").with_header("Authorization", "Bearer secret");
    let Reply::Watch(mut w) = handle(&mut c, &config(), &req) else {
        panic!()
    };
    assert_eq!(w.poll(&c).unwrap().len(), c.store.nodes().count());
}

#[test]
fn watch_too_far_behind_gets_gone() {
    let mut c = Cluster::new(ClusterConfig::default()).unwrap();
    c.store.feed.enable(2);
    let req = Request::new("GET", "/api/v1/pods?watch=true&resourceVersion=1")
        .with_header("Authorization", "Bearer secret");
    let Reply::Watch(mut w) = handle(&mut c, &config(), &req) else {
        panic!()
    };
    for i in 0..4 {
        let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": format!("p{i}")},
                         "spec": {"containers": [{"name": "c", "image": "nginx"}]}});
        send(
            &mut c,
            body(
                "POST",
                "/api/v1/namespaces/default/pods",
                "application/json",
                &pod,
            ),
        );
    }
    let err = w.poll(&c).unwrap_err();
    assert_eq!(err["type"], "ERROR");
    assert_eq!(err["object"]["code"], 410);
}

#[test]
fn advance_moves_the_clock() {
    let mut c = cluster();
    let before = c.now;
    let r = send(&mut c, Request::new("POST", "/kubesim/advance?by=1h"));
    assert_eq!(r.status, 200);
    assert_eq!(c.now.since(before).as_secs(), 3600);
    assert_eq!(
        send(&mut c, Request::new("POST", "/kubesim/advance?by=soon")).status,
        400
    );
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

        /// No request, however odd, panics the handler; every answer is JSON or text with
        /// a status the API server uses.
        #[test]
        fn any_request_gets_an_answer(
            method in prop::sample::select(vec!["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "BREW"]),
            segs in prop::collection::vec(prop::sample::select(vec![
                "api", "apis", "v1", "apps", "namespaces", "default", "pods", "deployments",
                "nodes", "web", "status", "scale", "log", "exec", "openapi", "v3", "%zz", "", "..",
                "events", "watch", "batch", "cronjobs",
            ]), 0..8),
            query in "[a-zA-Z=&%0-9,!.]{0,40}",
            ct in prop::sample::select(vec![
                "application/json", "application/merge-patch+json",
                "application/json-patch+json", "application/strategic-merge-patch+json",
                "application/yaml", "text/plain",
            ]),
            payload in prop::sample::select(vec![
                "".to_string(), "{".to_string(), "[]".to_string(), "null".to_string(),
                r#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"}}"#.to_string(),
                r#"{"spec":{"replicas":"many"}}"#.to_string(),
                r#"[{"op":"remove","path":"/metadata"}]"#.to_string(),
                r#"{"metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":1}]}}}}"#.to_string(),
            ]),
        ) {
            let mut c = cluster();
            let seed = deployment("web", "nginx");
            send(&mut c, body("POST", "/apis/apps/v1/namespaces/default/deployments", "application/json", &seed));
            let url = format!("/{}?{}", segs.join("/"), query);
            let req = Request::new(method, &url)
                .with_header("Authorization", "Bearer secret")
                .with_header("Content-Type", ct)
                .with_body(payload.into_bytes());
            match handle(&mut c, &config(), &req) {
                Reply::Done(r) => prop_assert!((200..600).contains(&r.status)),
                Reply::Watch(mut w) => { let _ = w.poll(&c); }
            }
        }
    }
}
