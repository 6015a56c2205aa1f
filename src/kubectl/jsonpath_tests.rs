use super::*;
use serde_json::json;

fn pods() -> Value {
    json!({"apiVersion": "v1", "kind": "List", "items": [
        {"metadata": {"name": "web-0", "labels": {"app.kubernetes.io/name": "web"}},
         "spec": {"nodeName": "kind-worker", "containers": [{"name": "nginx", "image": "nginx:1.25"}]},
         "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}},
        {"metadata": {"name": "web-1"},
         "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"}, {"name": "log", "image": "busybox"}]},
         "status": {"phase": "Pending", "conditions": [{"type": "Ready", "status": "False"}]}}
    ]})
}

#[test]
fn templates_print_as_kubectl_prints_them() {
    let rows = [
        ("{.items[*].metadata.name}", "web-0 web-1"),
        ("{.items[0].spec.nodeName}", "kind-worker"),
        ("{.items[-1].metadata.name}", "web-1"),
        ("{.items[1].spec.nodeName}", ""),
        (
            "{range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}",
            "web-0\tRunning\nweb-1\tPending\n",
        ),
        ("{..image}", "nginx:1.25 nginx:1.25 busybox"),
        (
            "{.items[?(@.status.phase==\"Running\")].metadata.name}",
            "web-0",
        ),
        (
            "{.items[*].status.conditions[?(@.type=='Ready')].status}",
            "True False",
        ),
        (
            "{.items[0].metadata.labels['app\\.kubernetes\\.io/name']}",
            "web",
        ),
        ("{.items[1].spec.containers[0:1].name}", "nginx"),
        ("{.items[1].spec.containers[1:].name}", "log"),
        ("names: {.items[*].metadata.name}!", "names: web-0 web-1!"),
        (
            "{.items[0].status.conditions[0]}",
            "{\"type\":\"Ready\",\"status\":\"True\"}",
        ),
        ("{.kind}", "List"),
        ("{$.kind}", "List"),
    ];
    let root = pods();
    for (template, want) in rows {
        let t = Template::parse(template).unwrap_or_else(|e| panic!("{template}: {e}"));
        assert_eq!(t.execute(&root), want, "{template}");
    }
}

#[test]
fn bad_templates_are_errors_not_panics() {
    for template in [
        "{.items[*",
        "{range .items[*]}{.x}",
        "{end}",
        "{.a[x]}",
        "{.a",
    ] {
        assert!(Template::parse(template).is_err(), "{template}");
    }
}

#[test]
fn relaxed_paths_take_the_short_forms() {
    let root = pods();
    for expr in [".kind", "{.kind}", "kind"] {
        let t = Template::relaxed(expr).unwrap();
        assert_eq!(t.values(&root), vec![json!("List")], "{expr}");
    }
}
