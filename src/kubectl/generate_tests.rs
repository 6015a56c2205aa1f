use super::*;

#[test]
fn container_names_follow_create_deployment() {
    let mut n = 0;
    let mut suffix = |base: &str| {
        n += 1;
        format!("{base}x{n}")
    };
    let rows = [
        ("nginx", "nginx"),
        ("nginx:1.25", "nginx"),
        ("docker.io/library/redis:7", "redis"),
        ("registry.k8s.io/pause@sha256:abc", "pause"),
        ("my_app:1", "my-app-x1"),
        ("gcr.io/x/app.v2", "app-v2-x2"),
    ];
    for (image, want) in rows {
        assert_eq!(container_name(image, &mut suffix), want, "{image}");
    }
}

#[test]
fn json_keys_follow_the_go_struct_order() {
    let g = Generate::Pod(PodSpec {
        name: "debug".into(),
        image: "busybox".into(),
        restart: "Never".into(),
        labels: vec![],
        port: Some(80),
        args: vec!["sleep".into(), "3600".into()],
        as_command: false,
        stdin: true,
        tty: true,
    });
    let v = manifest(&g, None);
    let top: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(top, ["kind", "apiVersion", "metadata", "spec", "status"]);
    let c = v["spec"]["containers"][0].as_object().unwrap();
    let keys: Vec<&String> = c.keys().collect();
    assert_eq!(
        keys,
        [
            "name",
            "image",
            "args",
            "ports",
            "resources",
            "stdin",
            "stdinOnce",
            "tty"
        ]
    );
    assert_eq!(v["metadata"]["labels"], json!({"run": "debug"}));
    assert_eq!(v["spec"]["dnsPolicy"], "ClusterFirst");
}

#[test]
fn run_with_command_sets_the_command_not_the_args() {
    let mut p = PodSpec {
        name: "t".into(),
        image: "busybox".into(),
        restart: "Always".into(),
        labels: vec![("app".into(), "x".into())],
        port: None,
        args: vec!["sh".into(), "-c".into(), "date".into()],
        as_command: true,
        stdin: false,
        tty: false,
    };
    let v = manifest(&Generate::Pod(p.clone()), Some("prod"));
    assert_eq!(
        v["spec"]["containers"][0]["command"],
        json!(["sh", "-c", "date"])
    );
    assert!(v["spec"]["containers"][0].get("args").is_none());
    assert_eq!(v["metadata"]["namespace"], "prod");
    assert_eq!(v["metadata"]["labels"], json!({"app": "x"}));
    p.as_command = false;
    let v = manifest(&Generate::Pod(p), None);
    assert!(v["spec"]["containers"][0].get("command").is_none());
    assert!(v["metadata"].get("namespace").is_none());
}

#[test]
fn service_ports_are_named_as_kubectl_names_them() {
    let s = ServiceSpec {
        name: "web".into(),
        type_: "NodePort".into(),
        tcp: vec![(80, 8080), (443, 443)],
        cluster_ip: None,
        node_port: Some(30080),
        external_name: None,
    };
    let v = manifest(&Generate::Service(s), None);
    assert_eq!(v["spec"]["ports"][0]["name"], "80-8080");
    assert_eq!(v["spec"]["ports"][1]["name"], "443");
    assert_eq!(v["spec"]["ports"][0]["nodePort"], 30080);
    assert_eq!(v["spec"]["selector"], json!({"app": "web"}));
}
