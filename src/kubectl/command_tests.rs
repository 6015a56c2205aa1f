use super::*;
use ResourceType as R;

fn t(resource: ResourceType, name: Option<&str>) -> Target {
    Target {
        resource,
        name: name.map(str::to_string),
    }
}

fn get(targets: Vec<Target>) -> Get {
    Get {
        single_item: targets.len() == 1 && targets[0].name.is_some(),
        targets,
        output: OutputFormat::Table,
        selector: None,
        all_namespaces: false,
        show_labels: false,
        with_kind: false,
        template: None,
        sort_by: None,
        field_selector: None,
    }
}

fn ok(line: &str) -> Invocation {
    parse(line).unwrap_or_else(|e| panic!("{line}: {e}"))
}

#[test]
fn get_forms() {
    let rows: Vec<(&str, Get)> = vec![
        ("get pods", get(vec![t(R::Pod, None)])),
        ("kubectl get po", get(vec![t(R::Pod, None)])),
        ("get pod nginx", get(vec![t(R::Pod, Some("nginx"))])),
        (
            "get pods a b",
            Get {
                single_item: false,
                ..get(vec![t(R::Pod, Some("a")), t(R::Pod, Some("b"))])
            },
        ),
        (
            "get deploy/nginx",
            get(vec![t(R::Deployment, Some("nginx"))]),
        ),
        (
            "get deploy/nginx rs/nginx-1",
            Get {
                single_item: false,
                with_kind: true,
                ..get(vec![
                    t(R::Deployment, Some("nginx")),
                    t(R::ReplicaSet, Some("nginx-1")),
                ])
            },
        ),
        (
            "get pods,svc",
            Get {
                with_kind: true,
                ..get(vec![t(R::Pod, None), t(R::Service, None)])
            },
        ),
        (
            "get all",
            Get {
                with_kind: true,
                ..get(vec![t(R::All, None)])
            },
        ),
        (
            "get pods -o wide",
            Get {
                output: OutputFormat::Wide,
                ..get(vec![t(R::Pod, None)])
            },
        ),
        (
            "get pods -owide",
            Get {
                output: OutputFormat::Wide,
                ..get(vec![t(R::Pod, None)])
            },
        ),
        (
            "get pods --output=yaml",
            Get {
                output: OutputFormat::Yaml,
                ..get(vec![t(R::Pod, None)])
            },
        ),
        (
            "get deployments -o name",
            Get {
                output: OutputFormat::Name,
                ..get(vec![t(R::Deployment, None)])
            },
        ),
        (
            "get pods -l app=mysql",
            Get {
                selector: Some("app=mysql".into()),
                ..get(vec![t(R::Pod, None)])
            },
        ),
        (
            "get pods -l 'tier in (web,api)' --show-labels -A",
            Get {
                selector: Some("tier in (web,api)".into()),
                show_labels: true,
                all_namespaces: true,
                ..get(vec![t(R::Pod, None)])
            },
        ),
        ("get ev", get(vec![t(R::Event, None)])),
        ("get cj", get(vec![t(R::CronJob, None)])),
        ("get pvc", get(vec![t(R::PersistentVolumeClaim, None)])),
        ("get no", get(vec![t(R::Node, None)])),
        ("get sts", get(vec![t(R::StatefulSet, None)])),
        ("get ds", get(vec![t(R::DaemonSet, None)])),
        ("get jobs", get(vec![t(R::Job, None)])),
    ];
    for (line, expected) in rows {
        assert_eq!(ok(line).command, Command::Get(expected), "{line}");
    }
}

#[test]
fn namespaces_before_and_after_the_verb() {
    assert_eq!(ok("get pods -n prod").namespace.as_deref(), Some("prod"));
    assert_eq!(ok("-n prod get pods").namespace.as_deref(), Some("prod"));
    assert_eq!(
        ok("get pods --namespace=dev").namespace.as_deref(),
        Some("dev")
    );
    assert_eq!(ok("get pods").namespace, None);
}

#[test]
fn mutating_verbs() {
    let rows: Vec<(&str, Command)> = vec![
        (
            "apply -f web.yaml",
            Command::Apply {
                files: vec!["web.yaml".into()],
            },
        ),
        (
            "apply -f a.yaml -f b.yaml",
            Command::Apply {
                files: vec!["a.yaml".into(), "b.yaml".into()],
            },
        ),
        (
            "create -f mysql-statefulset.yaml",
            Command::CreateFromFiles {
                files: vec!["mysql-statefulset.yaml".into()],
            },
        ),
        (
            "create deployment nginx --image=nginx:1.20 --replicas=3",
            Command::CreateDeployment(CreateDeployment {
                name: "nginx".into(),
                images: vec!["nginx:1.20".into()],
                replicas: 3,
                port: None,
            }),
        ),
        (
            "create deploy web --image nginx --port=80",
            Command::CreateDeployment(CreateDeployment {
                name: "web".into(),
                images: vec!["nginx".into()],
                replicas: 1,
                port: Some(80),
            }),
        ),
        (
            "delete pod web-1",
            Command::Delete(Delete {
                target: DeleteTarget::Objects(vec![t(R::Pod, Some("web-1"))]),
                selector: None,
                all: false,
                cascade: Cascade::Background,
                grace_period: None,
                force: false,
            }),
        ),
        (
            "delete rs/web --cascade=orphan",
            Command::Delete(Delete {
                target: DeleteTarget::Objects(vec![t(R::ReplicaSet, Some("web"))]),
                selector: None,
                all: false,
                cascade: Cascade::Orphan,
                grace_period: None,
                force: false,
            }),
        ),
        (
            "delete -f web.yaml --cascade=foreground",
            Command::Delete(Delete {
                target: DeleteTarget::Files(vec!["web.yaml".into()]),
                selector: None,
                all: false,
                cascade: Cascade::Foreground,
                grace_period: None,
                force: false,
            }),
        ),
        (
            "delete pods -l app=web --now",
            Command::Delete(Delete {
                target: DeleteTarget::Objects(vec![t(R::Pod, None)]),
                selector: Some("app=web".into()),
                all: false,
                cascade: Cascade::Background,
                grace_period: Some(1),
                force: false,
            }),
        ),
        (
            "scale deployment/nginx --replicas=5",
            Command::Scale(Scale {
                resource: R::Deployment,
                name: "nginx".into(),
                replicas: 5,
                current_replicas: None,
            }),
        ),
        (
            "scale replicaset myapp-rs --replicas=5",
            Command::Scale(Scale {
                resource: R::ReplicaSet,
                name: "myapp-rs".into(),
                replicas: 5,
                current_replicas: None,
            }),
        ),
        (
            "scale sts web --replicas 0",
            Command::Scale(Scale {
                resource: R::StatefulSet,
                name: "web".into(),
                replicas: 0,
                current_replicas: None,
            }),
        ),
        (
            "cordon kind-worker",
            Command::Cordon {
                node: "kind-worker".into(),
            },
        ),
        (
            "uncordon node/kind-worker2",
            Command::Uncordon {
                node: "kind-worker2".into(),
            },
        ),
        (
            "drain kind-worker --ignore-daemonsets --delete-emptydir-data",
            Command::Drain(Drain {
                node: "kind-worker".into(),
                ignore_daemonsets: true,
                delete_emptydir_data: true,
                force: false,
                grace_period: None,
            }),
        ),
        (
            "label pod stray app=myapp --overwrite",
            Command::Label(Label {
                targets: vec![t(R::Pod, Some("stray"))],
                changes: vec![LabelChange::Set {
                    key: "app".into(),
                    value: "myapp".into(),
                }],
                overwrite: true,
            }),
        ),
        (
            "label nodes/kind-worker disktype=ssd zone-",
            Command::Label(Label {
                targets: vec![t(R::Node, Some("kind-worker"))],
                changes: vec![
                    LabelChange::Set {
                        key: "disktype".into(),
                        value: "ssd".into(),
                    },
                    LabelChange::Remove { key: "zone".into() },
                ],
                overwrite: false,
            }),
        ),
        (
            "taint nodes kind-worker dedicated=gpu:NoSchedule example:NoExecute- other-",
            Command::Taint(Taint {
                node: "kind-worker".into(),
                changes: vec![
                    TaintChange::Add {
                        key: "dedicated".into(),
                        value: Some("gpu".into()),
                        effect: "NoSchedule".into(),
                    },
                    TaintChange::Remove {
                        key: "example".into(),
                        effect: Some("NoExecute".into()),
                    },
                    TaintChange::Remove {
                        key: "other".into(),
                        effect: None,
                    },
                ],
                overwrite: false,
            }),
        ),
        (
            "taint node/kind-worker2 maintenance:PreferNoSchedule",
            Command::Taint(Taint {
                node: "kind-worker2".into(),
                changes: vec![TaintChange::Add {
                    key: "maintenance".into(),
                    value: None,
                    effect: "PreferNoSchedule".into(),
                }],
                overwrite: false,
            }),
        ),
        (
            "set image deployment/nginx nginx=nginx:1.21",
            Command::SetImage(SetImage {
                resource: R::Deployment,
                name: "nginx".into(),
                images: vec![("nginx".into(), "nginx:1.21".into())],
            }),
        ),
        (
            "set image deploy web *=busybox app=app:2",
            Command::SetImage(SetImage {
                resource: R::Deployment,
                name: "web".into(),
                images: vec![
                    ("*".into(), "busybox".into()),
                    ("app".into(), "app:2".into()),
                ],
            }),
        ),
    ];
    for (line, expected) in rows {
        assert_eq!(ok(line).command, expected, "{line}");
    }
}

#[test]
fn rollout_subcommands() {
    let r = |action, resource, revision, to_revision| {
        Command::Rollout(Rollout {
            action,
            resource,
            name: "nginx".into(),
            revision,
            to_revision,
            watch: true,
        })
    };
    use RolloutAction as A;
    let rows = [
        (
            "rollout status deployment/nginx",
            r(A::Status, R::Deployment, None, None),
        ),
        (
            "rollout history deployment/nginx",
            r(A::History, R::Deployment, None, None),
        ),
        (
            "rollout history deploy nginx --revision=2",
            r(A::History, R::Deployment, Some(2), None),
        ),
        (
            "rollout undo deployment/nginx",
            r(A::Undo, R::Deployment, None, None),
        ),
        (
            "rollout undo deployment/nginx --to-revision=2",
            r(A::Undo, R::Deployment, None, Some(2)),
        ),
        (
            "rollout pause deployment/nginx",
            r(A::Pause, R::Deployment, None, None),
        ),
        (
            "rollout resume deployment/nginx",
            r(A::Resume, R::Deployment, None, None),
        ),
        (
            "rollout restart deployment/nginx",
            r(A::Restart, R::Deployment, None, None),
        ),
        (
            "rollout status sts/nginx",
            r(A::Status, R::StatefulSet, None, None),
        ),
        (
            "rollout undo statefulset/nginx",
            r(A::Undo, R::StatefulSet, None, None),
        ),
        (
            "rollout history ds/nginx",
            r(A::History, R::DaemonSet, None, None),
        ),
    ];
    for (line, expected) in rows {
        assert_eq!(ok(line).command, expected, "{line}");
    }
    let Command::Rollout(once) = ok("rollout status deployment/nginx --watch=false").command else {
        panic!("not a rollout");
    };
    assert!(!once.watch);
}

#[test]
fn run_from_the_seed() {
    let inv =
        ok("kubectl run -it --rm debug --image=busybox --restart=Never -- nslookup mysql-0.mysql");
    assert_eq!(
        inv.command,
        Command::Run(Run {
            name: "debug".into(),
            image: "busybox".into(),
            restart: "Never".into(),
            labels: vec![],
            port: None,
            command: vec!["nslookup".into(), "mysql-0.mysql".into()],
            interactive: true,
            tty: true,
            rm: true,
            as_command: false,
        })
    );
    let Command::Run(run) = ok("run web --image=nginx -l app=web,tier=fe --port=80").command else {
        panic!("not a run");
    };
    assert_eq!(run.restart, "Always");
    assert_eq!(
        run.labels,
        vec![("app".into(), "web".into()), ("tier".into(), "fe".into())]
    );
    assert_eq!(run.port, Some(80));
}

/// (command line, a fragment of the English message)
const ERRORS: &[(&str, &str)] = &[
    ("", "no command given"),
    ("gte pods", "unknown command \"gte\" for \"kubectl\""),
    (
        "logs -f web-0",
        "'kubectl logs' is not available in kubesim",
    ),
    ("exec -it web-0 -- sh", "'kubectl exec' is not available"),
    ("get", "You must specify the type of resource to get"),
    (
        "get foos",
        "the server doesn't have a resource type \"foos\"",
    ),
    ("get pods --foo", "unknown flag: --foo"),
    ("get pods -x", "unknown shorthand flag: 'x' in -x"),
    ("get pods -w", "watching (-w/--watch) is not available"),
    ("get pods --watch", "watching (-w/--watch) is not available"),
    (
        "get pods -o go-template={{.items}}",
        "unable to match a printer suitable for the output format",
    ),
    ("get pods -o jsonpath={.items[", "error parsing jsonpath"),
    (
        "get pods -o custom-columns=NAME",
        "unexpected custom-columns spec",
    ),
    ("get pods --field-selector=status.phase", "invalid selector"),
    (
        "create deployment web --image=nginx --dry-run=bogus",
        "Invalid dry-run value (bogus)",
    ),
    (
        "create deployment web --image=nginx -o wide",
        "unable to match a printer suitable for the output format \"wide\"",
    ),
    (
        "create service clusterip web",
        "at least one tcp port specifier must be provided",
    ),
    (
        "create service headless web --tcp=80",
        "unknown service type",
    ),
    (
        "create cronjob c --image=busybox",
        "required flag(s) \"schedule\" not set",
    ),
    (
        "create cronjob c --schedule=@daily",
        "required flag(s) \"image\" not set",
    ),
    (
        "create configmap c --from-literal=novalue",
        "invalid literal source",
    ),
    ("create namespace", "NAME is required"),
    (
        "create deploymnet web --image=x",
        "'kubectl create deploymnet' is not available",
    ),
    ("expose deployment", "a resource name is required"),
    (
        "expose node n1 --port=80",
        "'kubectl expose' does not work on nodes",
    ),
    (
        "annotate deploy web",
        "at least one label update is required",
    ),
    ("get pods -o", "flag needs an argument: 'o' in -o"),
    ("get pods -l 'app in (a'", "unable to parse requirement"),
    (
        "get pod nginx -l app=x",
        "name cannot be provided when a selector is specified",
    ),
    (
        "get pods deploy/nginx",
        "there is no need to specify a resource type",
    ),
    ("get all/x", "cannot be used in resource/name form"),
    ("get pods -n ''", "--namespace is empty"),
    ("get 'pods", "unterminated quote"),
    ("get pods | grep web", "shell operator '|' is not supported"),
    (
        "describe",
        "You must specify the type of resource to describe",
    ),
    ("apply", "must specify one of -f and -k"),
    ("apply -f -", "reading manifests from stdin"),
    ("apply -f a.yaml extra", "unexpected arguments"),
    (
        "create deployment nginx",
        "required flag(s) \"image\" not set",
    ),
    (
        "create deployment --image=nginx",
        "exactly one NAME is required",
    ),
    (
        "create deployment web --image=nginx --replicas=-1",
        "must be greater than or equal to 0",
    ),
    (
        "create deployment web --image=nginx --replicas=abc",
        "invalid argument \"abc\" for \"--replicas\" flag",
    ),
    (
        "create secret generic x",
        "'kubectl create secret' is not available",
    ),
    ("delete", "You must provide one or more resources"),
    (
        "delete pods",
        "resource(s) were provided, but no name was specified",
    ),
    (
        "delete pod x --cascade=sometimes",
        "invalid cascade value (sometimes)",
    ),
    (
        "delete -f a.yaml pod x",
        "Only one type of argument may be specified",
    ),
    (
        "delete pods x -l app=y",
        "name cannot be provided when a selector is specified",
    ),
    (
        "scale deployment/nginx",
        "The --replicas=COUNT flag is required",
    ),
    (
        "scale deployment/nginx --replicas=-2",
        "The --replicas=COUNT flag is required",
    ),
    (
        "scale pod/nginx --replicas=2",
        "'kubectl scale' does not work on pods",
    ),
    (
        "scale deployment --replicas=2",
        "a resource name is required after \"deployment\"",
    ),
    ("cordon", "NODE is required"),
    ("cordon a b", "unexpected arguments"),
    (
        "drain kind-worker --ignore-daemonsets=maybe",
        "strconv.ParseBool",
    ),
    ("label pod web", "at least one label update is required"),
    (
        "label pods app=web",
        "one or more resources must be specified",
    ),
    ("label pod web 'bad key=x'", "invalid label bad key=x"),
    ("label pod web app=bad/value", "invalid label app=bad/value"),
    (
        "taint nodes kind-worker dedicated=gpu:Sometimes",
        "unsupported taint effect \"Sometimes\"",
    ),
    (
        "taint nodes kind-worker dedicated=gpu",
        "invalid taint spec: dedicated=gpu",
    ),
    (
        "taint pods web x:NoSchedule",
        "only node types are supported",
    ),
    (
        "taint nodes kind-worker",
        "at least one taint update is required",
    ),
    ("set env deployment/web A=B", "only 'set image' is"),
    (
        "set image deployment/web",
        "at least one image update is required",
    ),
    (
        "set image deployment/web nginx=",
        "expected CONTAINER=IMAGE",
    ),
    ("rollout", "unknown rollout subcommand"),
    (
        "rollout stats deployment/nginx",
        "unknown rollout subcommand \"stats\"",
    ),
    (
        "rollout pause sts/web",
        "'kubectl rollout pause' does not work on statefulsets",
    ),
    (
        "rollout undo deployment/nginx --to-revision=-1",
        "revision must be a positive integer: -1",
    ),
    (
        "rollout undo deployment/nginx --revision=1",
        "unknown flag: --revision",
    ),
    ("run web", "--image is required"),
    ("run --image=nginx", "NAME is required for run"),
    (
        "run web --image=nginx --restart=Sometimes",
        "invalid restart policy: Sometimes",
    ),
    (
        "run web --image=nginx --rm",
        "--rm should only be used for attached containers",
    ),
    ("run web --image=busybox sleep 10", "unexpected arguments"),
];

#[test]
fn errors_are_clear_and_bilingual() {
    for (line, fragment) in ERRORS {
        let err = match parse(line) {
            Ok(inv) => panic!("{line:?} parsed as {inv:?}"),
            Err(e) => e,
        };
        assert!(
            err.message.en.contains(fragment),
            "{line:?}: {:?} lacks {fragment:?}",
            err.message.en
        );
        assert!(!err.message.ko.is_empty(), "{line:?} has no Korean text");
        assert_ne!(err.message.en, err.message.ko, "{line:?} is not translated");
    }
}

#[test]
fn suggestions_for_misspellings() {
    let hint = |line: &str| {
        parse(line)
            .err()
            .and_then(|e| e.hint)
            .map(|h| h.en)
            .unwrap_or_default()
    };
    assert!(hint("gte pods").contains("\"get\""));
    assert!(hint("get pods --show-label").contains("--show-labels"));
    assert!(hint("get deploymnet").contains("\"deployment\""));
    assert!(hint("rollout statu deploy/x").contains("\"status\""));
    assert!(hint("create deploymnet web --image=x").contains("'create deployment'"));
    // `ns` and `cm` are real short names: no "did you mean ds?".
    assert!(parse("get ns").is_ok());
    assert!(parse("get cm").is_ok());
}

#[test]
fn hostile_input_never_panics() {
    let lines = [
        "--",
        "-",
        "-n",
        "get -",
        "get --",
        "get pods --",
        "get /",
        "get pods/",
        "get /x",
        "scale /x --replicas=1",
        "taint nodes x :NoSchedule",
        "taint nodes x -",
        "label pod x -",
        "label pod x =",
        "set image x/y =",
        "rollout undo",
        "get pods -o=",
        "get pods ---x",
        "run x --image= --",
        "delete pod/",
        "\u{0}",
        "get pods -l '!'",
        "get pods -l '=x'",
        "get pods -o jsonpath={",
        "get pods -o jsonpath={range}",
        "get pods -o jsonpath={.a[?(@.b==)]}",
        "get pods -o jsonpath={.a[?(]}",
        "get pods -o custom-columns=:",
        "get pods --sort-by=[",
        "create service nodeport x --tcp=99999",
        "create service clusterip x --tcp=a:b",
        "create configmap x --from-literal==",
        "create deployment x --image=y --dry-run=",
        "expose deploy/x --port=-1 --type=weird",
        "scale deployment/x --replicas=99999999999",
        "get ,,,",
        "taint nodes x a=b:",
    ];
    for line in lines {
        let _ = parse(line);
    }
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "get",
        "pods",
        "deploy/x",
        "-o",
        "wide",
        "-l",
        "app=x",
        "--replicas=3",
        "scale",
        "taint",
        "nodes",
        "a:NoSchedule",
        "label",
        "k-",
        "rollout",
        "undo",
        "--to-revision",
        "-1",
        "--",
        "'",
        "\"",
        "-n",
        "=",
        "/",
        "run",
        "--image=x",
        "-it",
    ];

    proptest! {
        /// Any text, and any jumble of kubectl words, parses or fails with a message; never panics.
        #[test]
        fn parse_never_panics(line in "\\PC{0,80}") {
            let _ = parse(&line);
        }

        #[test]
        fn word_salad_never_panics(idx in prop::collection::vec(0..WORDS.len(), 0..8)) {
            let line = idx.iter().map(|i| WORDS[*i]).collect::<Vec<_>>().join(" ");
            if let Err(e) = parse(&line) {
                prop_assert!(!e.message.en.is_empty() && !e.message.ko.is_empty());
            }
        }
    }
}

#[test]
fn create_job_forms_and_errors() {
    let job = |name: &str, from: Option<&str>, image: Option<&str>, command: &[&str]| {
        Command::CreateJob(CreateJob {
            name: name.into(),
            from_cronjob: from.map(str::to_string),
            image: image.map(str::to_string),
            command: command.iter().map(|s| s.to_string()).collect(),
        })
    };
    let rows = [
        (
            "create job backup-now --from=cronjob/backup",
            job("backup-now", Some("backup"), None, &[]),
        ),
        (
            "create job now --from cj/backup -n batch",
            job("now", Some("backup"), None, &[]),
        ),
        (
            "create job once --image=busybox -- echo hi",
            job("once", None, Some("busybox"), &["echo", "hi"]),
        ),
    ];
    for (line, want) in rows {
        assert_eq!(ok(line).command, want, "{line}");
    }
    let errors = [
        ("create job x", "either --image or --from must be specified"),
        (
            "create job x --image=a --from=cronjob/b",
            "either --image or --from must be specified",
        ),
        (
            "create job x --from=cronjob/b -- echo",
            "cannot specify --from and command",
        ),
        (
            "create job --from=cronjob/b",
            "exactly one NAME is required, got 0",
        ),
        ("create job x --from=cronjob", "resource/name form"),
        (
            "create job x --from=deployment/web",
            "only cronjob is supported",
        ),
        ("create job x --from=bogus/web", "bogus"),
    ];
    for (line, want) in errors {
        let err = parse(line).expect_err(line).to_string();
        assert!(err.contains(want), "{line}: {err}");
    }
}
