//! Table tests: one broken manifest per row, the code it must get and the line.

use crate::manifest::check::check_text;
use crate::manifest::diagnostic::Severity;

/// A Deployment with nothing to complain about; rows below break one thing each.
const GOOD_DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80}]
        readinessProbe: {httpGet: {path: /, port: 80}}
        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}
";

fn diagnostics(text: &str) -> Vec<(&'static str, usize, Severity)> {
    check_text(text, "t.yaml")
        .diagnostics
        .iter()
        .map(|d| (d.code, d.pos.line, d.severity))
        .collect()
}

#[test]
fn the_good_deployment_is_clean() {
    assert_eq!(diagnostics(GOOD_DEPLOYMENT), vec![]);
}

#[test]
fn each_broken_manifest_gets_its_code_on_its_line() {
    // (what to replace, replacement, code, line)
    let rows: &[(&str, &str, &str, usize)] = &[
        ("name: web\nspec", "name: Web_App\nspec", "invalid-name", 4),
        (
            "labels: {app: web}",
            "labels: {app: web, tier: my tier}",
            "invalid-label",
            11,
        ),
        (
            "  selector:\n    matchLabels: {app: web}\n",
            "",
            "selector-required",
            5,
        ),
        ("matchLabels: {app: web}", "{}", "empty-selector", 7),
        (
            "matchLabels: {app: web}",
            "matchLabels: {app: api}",
            "selector-mismatch",
            11,
        ),
        ("replicas: 2", "replicas: -1", "negative-value", 6),
        (
            "replicas: 2",
            "replicas: 2\n  strategy: {type: Rolling}",
            "invalid-strategy",
            7,
        ),
        (
            "replicas: 2",
            "replicas: 2\n  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}",
            "invalid-rolling-update",
            7,
        ),
        (
            "replicas: 2",
            "replicas: 2\n  strategy: {rollingUpdate: {maxUnavailable: 150%}}",
            "invalid-rolling-update",
            7,
        ),
        (
            "replicas: 2",
            "replicas: 2\n  minReadySeconds: 700\n  progressDeadlineSeconds: 600",
            "progress-deadline",
            8,
        ),
        (
            "    spec:\n",
            "    spec:\n      restartPolicy: Never\n",
            "restart-policy",
            13,
        ),
        (
            "    spec:\n",
            "    spec:\n      activeDeadlineSeconds: 5\n",
            "active-deadline",
            13,
        ),
        (
            "- name: web\n        image: nginx:1.27",
            "- image: nginx:1.27",
            "invalid-container-name",
            14,
        ),
        ("        image: nginx:1.27\n", "", "image-required", 14),
        (
            "containerPort: 80}",
            "containerPort: 80800}",
            "invalid-port",
            16,
        ),
        (
            "memory: 64Mi}",
            "memory: 256Mi}",
            "requests-exceed-limits",
            18,
        ),
        ("cpu: 100m", "cpus: 100m", "invalid-resources", 18),
        (
            "readinessProbe: {httpGet: {path: /, port: 80}}",
            "readinessProbe: {periodSeconds: 5}",
            "invalid-probe",
            17,
        ),
        (
            "image: nginx:1.27\n",
            "image: nginx:1.27\n        imagePullPolicy: always\n",
            "unsupported-value",
            16,
        ),
        (
            "image: nginx:1.27\n",
            "image: nginx:1.27\n        volumeMounts: [{name: data, mountPath: /d}]\n",
            "invalid-volume",
            16,
        ),
        (
            "image: nginx:1.27\n",
            "image: nginx:1.27\n        env: [{name: A=1}]\n",
            "invalid-env",
            16,
        ),
        ("replicas: 2", "replica: 2", "unknown-field", 6),
        ("replicas: 2", "replicas: \"2\"", "type-error", 6),
        ("memory: 128Mi}", "memory: 128MB}", "invalid-quantity", 18),
        (
            "kind: Deployment\n",
            "kind: Deployment\nreplicas: 3\n",
            "misplaced-field",
            3,
        ),
        (
            "labels: {app: web}\n    spec",
            "labels: {app: web}\n      containers: []\n    spec",
            "misplaced-field",
            12,
        ),
    ];
    for (from, to, code, line) in rows {
        assert!(
            GOOD_DEPLOYMENT.contains(from),
            "{from:?} is not in the manifest"
        );
        let text = GOOD_DEPLOYMENT.replacen(from, to, 1);
        let found = diagnostics(&text);
        assert!(
            found
                .iter()
                .any(|(c, l, s)| c == code && l == line && *s == Severity::Error),
            "{code} on line {line} expected for {to:?}, found {found:?}"
        );
    }
}

#[test]
fn warnings_have_their_own_codes() {
    let rows: &[(&str, &str, &str)] = &[
        ("image: nginx:1.27", "image: nginx", "image-latest"),
        ("image: nginx:1.27", "image: nginx:latest", "image-latest"),
        (
            "        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}\n",
            "",
            "no-resource-requests",
        ),
        (
            "requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}",
            "requests: {cpu: 100m, memory: 64Mi}",
            "no-memory-limit",
        ),
        (
            "        readinessProbe: {httpGet: {path: /, port: 80}}\n",
            "",
            "no-readiness-probe",
        ),
        (
            "image: nginx:1.27\n",
            "image: nginx:1.27\n        env: [{name: A, value: a}, {name: A, value: b}]\n",
            "duplicate-env",
        ),
        ("replicas: 2", "replicas: 2\n  paused: no", "yaml11-boolean"),
    ];
    for (from, to, code) in rows {
        assert!(
            GOOD_DEPLOYMENT.contains(from),
            "{from:?} is not in the manifest"
        );
        let text = GOOD_DEPLOYMENT.replacen(from, to, 1);
        let found = diagnostics(&text);
        assert!(
            found
                .iter()
                .any(|(c, _, s)| c == code && *s == Severity::Warning),
            "{code} expected for {to:?}, found {found:?}"
        );
        assert!(
            found.iter().all(|(_, _, s)| *s == Severity::Warning),
            "only warnings expected for {to:?}, found {found:?}"
        );
    }
}

#[test]
fn jobs_need_a_restart_policy_that_finishes() {
    let job = "\
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  template:
    spec:
      containers:
      - {name: pi, image: perl:5.34, resources: {requests: {cpu: 1, memory: 1Gi}, limits: {memory: 1Gi}}}
";
    let report = check_text(job, "job.yaml");
    let d = report.errors().next().expect("an error");
    assert_eq!((d.code, d.pos.line), ("restart-policy", 6), "{d}");
    assert!(
        d.message.en == "Required value: valid values: \"OnFailure\", \"Never\"",
        "{d}"
    );
    assert!(
        d.hint
            .as_ref()
            .is_some_and(|h| h.en.contains("defaults to `Always`")),
        "{d}"
    );
    let fixed = job.replace(
        "    spec:\n      containers",
        "    spec:\n      restartPolicy: Never\n      containers",
    );
    assert!(
        check_text(&fixed, "job.yaml").ok(),
        "{}",
        check_text(&fixed, "job.yaml").render(Default::default())
    );
    let indexed = fixed.replace(
        "spec:\n  template",
        "spec:\n  completionMode: Indexed\n  parallelism: 3\n  template",
    );
    let codes: Vec<_> = check_text(&indexed, "j").errors().map(|d| d.code).collect();
    assert_eq!(codes, vec!["invalid-job-spec"]);
}

#[test]
fn statefulsets_daemonsets_services_and_cronjobs() {
    let rows: &[(&str, &str)] = &[
        (
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: db, image: postgres:16}]}\n  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec: {storageClassName: standard}\n",
            "invalid-pvc-spec",
        ),
        (
            "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: a}}\n  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 1}}\n  template:\n    metadata: {labels: {app: a}}\n    spec: {containers: [{name: a, image: busybox:1.36}]}\n",
            "invalid-rolling-update",
        ),
        (
            "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}, {port: 443}]\n",
            "invalid-service-port",
        ),
        (
            "apiVersion: v1\nkind: Service\nmetadata: {name: Web}\nspec:\n  ports: [{port: 80}]\n",
            "invalid-name",
        ),
        (
            "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '0 2 * * *'\n  timeZone: KST\n  jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: a, image: busybox:1.36}]}}}}\n",
            "invalid-time-zone",
        ),
        (
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {enabled: on}}\nspec: {containers: [{name: a, image: busybox:1.36}]}\n",
            "type-error",
        ),
    ];
    for (text, code) in rows {
        let report = check_text(text, "t.yaml");
        assert!(
            report.errors().any(|d| d.code == *code),
            "{code} expected:\n{}",
            report.render(Default::default())
        );
    }
}

#[test]
fn consequences_of_structural_errors_are_not_repeated() {
    let tainted = vec!["spec.selector".to_string(), "spec.template".to_string()];
    let d = |path: &str| {
        crate::manifest::diagnostic::Diagnostic::error(
            "x",
            Default::default(),
            crate::manifest::diagnostic::Text::new("", ""),
        )
        .with_path(path)
    };
    assert!(super::is_consequence(&d("spec.selector"), &tainted));
    assert!(super::is_consequence(
        &d("spec.template.spec.containers"),
        &tainted
    ));
    assert!(!super::is_consequence(&d("spec.templates"), &tainted));
    assert!(!super::is_consequence(&d("metadata.name"), &tainted));
    assert!(!super::is_consequence(&d(""), &tainted));
}

#[test]
fn every_rule_has_a_unique_code_and_a_doc_header() {
    let mut codes = std::collections::BTreeSet::new();
    for rule in super::RULES {
        assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
        let doc = rule.doc();
        assert!(
            doc.starts_with(&format!("## `{}`", rule.code)),
            "{}: {doc}",
            rule.code
        );
        for part in [
            "**What it does.**",
            "**Why is this bad?**",
            "**Example.**",
            "**Use instead.**",
        ] {
            assert!(doc.contains(part), "{} lacks {part}", rule.code);
        }
    }
}
