//! Writing verbs on the simulator: `create` for each kind, `--dry-run=server`, dry runs
//! of changes, `-o` after a real create, `expose`, `annotate`, `run` with a command.

use kubesim::sim::clock::Duration;
use kubesim::sim::engine::{Cluster, ClusterConfig};

fn cluster() -> Cluster {
    Cluster::new(ClusterConfig::default()).unwrap()
}

fn ok(c: &mut Cluster, line: &str) -> String {
    c.kubectl(line).unwrap_or_else(|e| {
        panic!(
            "{line}: {}",
            e.render(kubesim::manifest::diagnostic::Lang::En)
        )
    })
}

#[test]
fn create_each_kind_then_get_it() {
    let mut c = cluster();
    let rows = [
        ("create namespace dev", "namespace/dev created\n"),
        (
            "create configmap app-config --from-literal=MODE=dev --from-literal=RETRIES=3",
            "configmap/app-config created\n",
        ),
        (
            "create cronjob hello --image=busybox --schedule=\"*/1 * * * *\" -- date",
            "cronjob.batch/hello created\n",
        ),
        (
            "create service clusterip web --tcp=80:8080",
            "service/web created\n",
        ),
        (
            "create service clusterip mysql --clusterip=None",
            "service/mysql created\n",
        ),
        (
            "create deployment web --image=nginx --replicas=2",
            "deployment.apps/web created\n",
        ),
    ];
    for (line, want) in rows {
        assert_eq!(ok(&mut c, line), want, "{line}");
    }
    let ns = ok(&mut c, "get ns dev");
    assert!(ns.starts_with("NAME   STATUS   AGE\ndev    Active"), "{ns}");
    let cm = ok(&mut c, "get cm");
    assert!(
        cm.starts_with("NAME         DATA   AGE\napp-config   2"),
        "{cm}"
    );
    let cj = ok(&mut c, "get cronjob hello -o yaml");
    assert!(cj.contains("schedule: '*/1 * * * *'"), "{cj}");
    let svc = ok(&mut c, "get svc mysql -o yaml");
    assert!(svc.contains("clusterIP: None"), "{svc}");
    let err = c.kubectl("create namespace dev").unwrap_err();
    assert!(
        err.message.en.contains("AlreadyExists"),
        "{}",
        err.message.en
    );
}

#[test]
fn dry_runs_change_nothing() {
    let mut c = cluster();
    ok(&mut c, "create deployment web --image=nginx --replicas=2");
    c.run(Duration::seconds(30)).unwrap();
    let before = ok(&mut c, "get deploy,rs,pods -o yaml");
    let rows = [
        (
            "scale deployment web --replicas=5 --dry-run=client",
            "deployment.apps/web scaled (dry run)\n",
        ),
        (
            "scale deployment web --replicas=5 --dry-run=server",
            "deployment.apps/web scaled (server dry run)\n",
        ),
        (
            "label deployment web tier=fe --dry-run=client",
            "deployment.apps/web labeled (dry run)\n",
        ),
        (
            "annotate deployment web owner=team-a --dry-run=server",
            "deployment.apps/web annotated (server dry run)\n",
        ),
        (
            "set image deployment/web nginx=nginx:1.27 --dry-run=client",
            "deployment.apps/web image updated (dry run)\n",
        ),
        (
            "create deployment api --image=nginx --dry-run=server",
            "deployment.apps/api created (server dry run)\n",
        ),
        (
            "expose deployment web --port=80 --dry-run=client",
            "service/web exposed (dry run)\n",
        ),
    ];
    for (line, want) in rows {
        assert_eq!(ok(&mut c, line), want, "{line}");
    }
    let scaled = ok(
        &mut c,
        "scale deployment web --replicas=5 --dry-run=server -o yaml",
    );
    assert!(scaled.contains("replicas: 5"), "{scaled}");
    let server = ok(
        &mut c,
        "create deployment api --image=nginx --dry-run=server -o yaml",
    );
    // The server defaults the object: a strategy, a revision history limit.
    assert!(server.contains("revisionHistoryLimit: 10"), "{server}");
    assert!(server.contains("namespace: default"), "{server}");
    assert_eq!(ok(&mut c, "get deploy,rs,pods -o yaml"), before);
    assert!(c.kubectl("get deploy api").is_err());
}

#[test]
fn output_after_a_real_create_prints_the_stored_object() {
    let mut c = cluster();
    let name = ok(&mut c, "create deployment web --image=nginx -o name");
    assert_eq!(name, "deployment.apps/web\n");
    let yaml = ok(&mut c, "label deployment web tier=fe -o yaml");
    assert!(yaml.contains("tier: fe"), "{yaml}");
    assert!(yaml.contains("uid:"), "{yaml}");
}

#[test]
fn expose_and_annotate() {
    let mut c = cluster();
    ok(&mut c, "create deployment web --image=nginx --port=8080");
    assert_eq!(
        ok(&mut c, "expose deployment web --port=80 --type=NodePort"),
        "service/web exposed\n"
    );
    let svc = ok(&mut c, "get svc web -o yaml");
    assert!(svc.contains("targetPort: 80"), "{svc}");
    assert!(svc.contains("type: NodePort"), "{svc}");
    assert!(svc.contains("app: web"), "{svc}");
    assert_eq!(
        ok(&mut c, "annotate deployment web owner=team-a"),
        "deployment.apps/web annotated\n"
    );
    let err = c
        .kubectl("annotate deployment web owner=team-b")
        .unwrap_err();
    assert!(err.message.en.contains("--overwrite"), "{}", err.message.en);
    assert_eq!(
        ok(&mut c, "annotate deployment web owner=team-b --overwrite"),
        "deployment.apps/web annotated\n"
    );
    assert_eq!(
        ok(&mut c, "annotate deployment web owner-"),
        "deployment.apps/web annotated\n"
    );
}

#[test]
fn run_it_rm_prints_the_lookup_and_deletes_the_pod() {
    let mut c = cluster();
    ok(&mut c, "create service clusterip mysql --clusterip=None");
    let out = ok(
        &mut c,
        "run -it --rm debug --image=busybox --restart=Never -- nslookup nothing-here",
    );
    assert!(out.starts_with("Server:\t\t10.96.0.10\n"), "{out}");
    assert!(out.contains("NXDOMAIN"), "{out}");
    assert!(
        out.ends_with("pod \"debug\" deleted from default namespace\n"),
        "{out}"
    );
    assert!(c.kubectl("get pod debug").is_err());
    let echo = ok(
        &mut c,
        "run -i --rm e --image=busybox --restart=Never -- echo hello world",
    );
    assert!(echo.starts_with("hello world\n"), "{echo}");
    let date = ok(
        &mut c,
        "run -i --rm d --image=busybox --restart=Never -- date",
    );
    assert!(date.contains(" UTC "), "{date}");
    let other = ok(
        &mut c,
        "run -i --rm x --image=busybox --restart=Never -- ls /",
    );
    assert!(other.contains("kubesim runs no containers"), "{other}");
    assert_eq!(ok(&mut c, "run web --image=nginx"), "pod/web created\n");
}

#[test]
fn get_with_jsonpath_custom_columns_sort_by_and_field_selector() {
    let mut c = cluster();
    ok(
        &mut c,
        "create deployment web --image=nginx:1.25 --replicas=3",
    );
    ok(&mut c, "create deployment api --image=redis:7 --replicas=1");
    c.run(Duration::seconds(60)).unwrap();
    let names = ok(&mut c, "get deploy -o jsonpath='{.items[*].metadata.name}'");
    assert_eq!(names, "api web");
    let one = ok(&mut c, "get deploy web -o jsonpath={.spec.replicas}");
    assert_eq!(one, "3");
    let ranged = ok(
        &mut c,
        "get deploy -o jsonpath='{range .items[*]}{.metadata.name}:{.status.readyReplicas}{\"\\n\"}{end}'",
    );
    assert_eq!(ranged, "api:1\nweb:3\n");
    let cols = ok(
        &mut c,
        "get deploy -o custom-columns=NAME:.metadata.name,IMAGE:.spec.template.spec.containers[*].image,MISSING:.status.nothing",
    );
    assert_eq!(
        cols,
        "NAME   IMAGE        MISSING\napi    redis:7      <none>\nweb    nginx:1.25   <none>\n"
    );
    let sorted = ok(
        &mut c,
        "get deploy --sort-by=.spec.replicas -o custom-columns=NAME:.metadata.name",
    );
    assert_eq!(sorted, "NAME\napi\nweb\n");
    let sorted = ok(
        &mut c,
        "get deploy --sort-by=.metadata.name -o custom-columns=NAME:.metadata.name",
    );
    assert_eq!(sorted, "NAME\napi\nweb\n");
    let running = ok(
        &mut c,
        "get pods --field-selector=status.phase=Running -o name",
    );
    assert_eq!(running.lines().count(), 4, "{running}");
    let none = ok(&mut c, "get pods --field-selector=status.phase!=Running");
    assert_eq!(none, "No resources found in default namespace.\n");
    let err = c.kubectl("get pods -o jsonpath='{.items[*'").unwrap_err();
    assert!(err.message.en.contains("jsonpath"), "{}", err.message.en);
    let err = c.kubectl("get pods -o custom-columns=NAME").unwrap_err();
    assert!(
        err.message.en.contains("custom-columns"),
        "{}",
        err.message.en
    );
}

#[test]
fn a_pod_that_was_not_scheduled_reads_pending() {
    let mut c = cluster();
    ok(&mut c, "run big --image=nginx");
    let pods = ok(&mut c, "get pods");
    assert!(pods.contains("Pending"), "{pods}");
}

#[test]
fn describe_every_kind_in_kubectl_layout() {
    let mut c = cluster();
    ok(&mut c, "create job pi --image=perl -- perl -e print");
    ok(
        &mut c,
        "create cronjob hello --image=busybox --schedule=\"*/5 * * * *\" -- date",
    );
    ok(
        &mut c,
        "create deployment web --image=nginx --replicas=2 --port=80",
    );
    ok(&mut c, "expose deployment web --port=80 --target-port=80");
    ok(&mut c, "create configmap app --from-literal=MODE=dev");
    c.run(Duration::seconds(120)).unwrap();
    let job = ok(&mut c, "describe job pi");
    assert!(job.starts_with("Name:             pi\nNamespace:        default\nSelector:         batch.kubernetes.io/controller-uid="), "{job}");
    for line in [
        "Completions:      1\n",
        "Pods Statuses:    ",
        "Pod Template:\n",
        "Events:\n",
    ] {
        assert!(job.contains(line), "{line:?} in\n{job}");
    }
    let cj = ok(&mut c, "describe cronjob hello");
    for line in [
        "Schedule:                      */5 * * * *\n",
        "Concurrency Policy:            Allow\n",
        "Suspend:                       False\n",
        "Successful Job History Limit:  3\n",
        "Last Schedule Time:",
        "Active Jobs:",
    ] {
        assert!(cj.contains(line), "{line:?} in\n{cj}");
    }
    let svc = ok(&mut c, "describe svc web");
    assert!(svc.contains("Selector:                 app=web\n"), "{svc}");
    assert!(
        svc.contains("Port:                     <unset>  80/TCP\n"),
        "{svc}"
    );
    assert!(svc.contains("TargetPort:               80/TCP\n"), "{svc}");
    assert!(svc.contains("Internal Traffic Policy:  Cluster\n"), "{svc}");
    let endpoints = svc
        .lines()
        .find(|l| l.starts_with("Endpoints:"))
        .unwrap_or_default();
    assert_eq!(endpoints.matches(":80").count(), 2, "{svc}");
    let ns = ok(&mut c, "describe ns default");
    assert!(
        ns.starts_with(
            "Name:         default\nLabels:       kubernetes.io/metadata.name=default\n"
        ),
        "{ns}"
    );
    assert!(
        ns.contains("Status:       Active\n\nNo resource quota.\n"),
        "{ns}"
    );
    let cm = ok(&mut c, "describe configmap app");
    assert!(cm.contains("Data\n====\nMODE:\n----\ndev\n"), "{cm}");
    let names = ok(&mut c, "get ns -o name");
    assert_eq!(
        names,
        "namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n"
    );
}

#[test]
fn help_version_and_discovery() {
    let mut c = cluster();
    let verbs = [
        "get",
        "describe",
        "apply",
        "create",
        "delete",
        "scale",
        "cordon",
        "uncordon",
        "drain",
        "label",
        "annotate",
        "taint",
        "set",
        "rollout",
        "run",
        "expose",
        "api-resources",
        "api-versions",
        "version",
    ];
    for verb in verbs {
        let text = ok(&mut c, &format!("{verb} --help"));
        assert!(text.contains("Usage:\n  kubectl "), "{verb}: {text}");
        assert_eq!(ok(&mut c, &format!("help {verb}")), text, "{verb}");
    }
    let get = ok(&mut c, "get pods -h");
    assert!(get.starts_with("Display one or many resources."), "{get}");
    let cd = ok(&mut c, "create deployment --help");
    assert!(
        cd.starts_with("Create a deployment with the specified name."),
        "{cd}"
    );
    // The hint of a usage error names a help command that works.
    let err = c.kubectl("get").unwrap_err();
    let hint = err.hint.map(|h| h.en).unwrap_or_default();
    assert!(hint.contains("'kubectl get -h'"), "{hint}");
    assert!(c.kubectl("get -h").is_ok());
    assert!(ok(&mut c, "help").contains("Basic Commands"));
    assert!(ok(&mut c, "version").contains("Server Version: v1.36.0"));
    assert!(ok(&mut c, "api-resources").contains("statefulsets"));
    assert_eq!(ok(&mut c, "api-versions"), "apps/v1\nbatch/v1\nv1\n");
    // A command after `--` keeps its own -h.
    let out = ok(
        &mut c,
        "run -i --rm x --image=busybox --restart=Never -- echo -h",
    );
    assert!(out.starts_with("-h\n"), "{out}");
}

#[test]
fn services_kubectl_creates_get_a_cluster_ip_and_answer_in_the_cluster() {
    let mut c = cluster();
    ok(
        &mut c,
        "create deployment web --image=nginx --replicas=2 --port=80",
    );
    ok(&mut c, "expose deployment web --port=80");
    ok(&mut c, "create service clusterip api --tcp=8080:80");
    c.run(Duration::seconds(60)).unwrap();
    let ip = ok(&mut c, "get svc web -o jsonpath={.spec.clusterIP}");
    assert!(ip.starts_with("10.96."), "{ip}");
    assert_ne!(ip, ok(&mut c, "get svc api -o jsonpath={.spec.clusterIP}"));
    let lookup = ok(
        &mut c,
        "run -it --rm t --image=busybox --restart=Never -- nslookup web",
    );
    assert!(
        lookup.contains(&format!(
            "Name:\tweb.default.svc.cluster.local\nAddress: {ip}\n"
        )),
        "{lookup}"
    );
    let fetched = ok(
        &mut c,
        "run -it --rm t --image=busybox --restart=Never -- wget -qO- http://web",
    );
    assert!(
        fetched.starts_with(&format!("Connecting to web:80 ({ip}:80)\n")),
        "{fetched}"
    );
    assert!(fetched.contains("2 ready endpoint(s)"), "{fetched}");
    // `api` selects nothing: the connection is refused.
    let refused = ok(
        &mut c,
        "run -it --rm t --image=busybox --restart=Never -- curl api:8080",
    );
    assert!(refused.contains("Connection refused"), "{refused}");
    let host = ok(
        &mut c,
        "run -i --rm t --image=busybox --restart=Never -- host nothing",
    );
    assert!(host.contains("NXDOMAIN"), "{host}");
}
