//! kubectl against the simulator: commands change the cluster and print kubectl's output.

use kubesim::sim::clock::Duration;
use kubesim::sim::engine::{Cluster, ClusterConfig};

fn cluster() -> (Cluster, tempfile_path::TempFile) {
    let file = tempfile_path::TempFile::new(
        "rs.yaml",
        "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25\n",
    );
    let mut c = Cluster::new(ClusterConfig::default()).unwrap();
    c.kubectl(&format!("apply -f {}", file.path)).unwrap();
    c.run(Duration::seconds(60)).unwrap();
    (c, file)
}

/// A file in the temp directory, removed when dropped.
mod tempfile_path {
    pub struct TempFile {
        pub path: String,
    }
    impl TempFile {
        pub fn new(name: &str, text: &str) -> TempFile {
            let dir =
                std::env::temp_dir().join(format!("kubesim-test-{}-{}", std::process::id(), name));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            TempFile {
                path: path.display().to_string(),
            }
        }
    }
    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[test]
fn apply_get_scale_cordon() {
    let (mut c, file) = cluster();
    let out = c.kubectl(&format!("apply -f {}", file.path)).unwrap();
    assert_eq!(out, "replicaset.apps/web unchanged\n");
    let pods = c.kubectl("get pods -o wide").unwrap();
    let lines: Vec<&str> = pods.lines().collect();
    assert!(lines[0].starts_with("NAME"), "{pods}");
    assert!(lines[0].contains("NODE"), "{pods}");
    assert_eq!(lines.len(), 4, "{pods}");
    assert!(
        lines[1..]
            .iter()
            .all(|l| l.contains("1/1") && l.contains("Running")),
        "{pods}"
    );
    assert!(!pods.contains("kind-control-plane"), "{pods}");
    let rs = c.kubectl("get rs").unwrap();
    assert!(
        rs.starts_with("NAME   DESIRED   CURRENT   READY   AGE\nweb    3         3         3"),
        "{rs}"
    );
    assert_eq!(
        c.kubectl("scale rs web --replicas=5").unwrap(),
        "replicaset.apps/web scaled\n"
    );
    c.run(Duration::seconds(60)).unwrap();
    assert_eq!(
        c.kubectl("get pods -l app=web -o name")
            .unwrap()
            .lines()
            .count(),
        5
    );
    assert_eq!(
        c.kubectl("cordon kind-worker").unwrap(),
        "node/kind-worker cordoned\n"
    );
    let nodes = c.kubectl("get nodes").unwrap();
    assert!(nodes.contains("Ready,SchedulingDisabled"), "{nodes}");
    assert!(nodes.contains("control-plane"), "{nodes}");
    let events = c.kubectl("get events").unwrap();
    assert!(
        events.contains("SuccessfulCreate") && events.contains("Scheduled"),
        "{events}"
    );
    let err = c.kubectl("get pods nope").unwrap_err();
    assert!(err.message.en.contains("NotFound"), "{:?}", err.message);
}

#[test]
fn apply_refuses_what_the_api_server_refuses_on_update() {
    let (mut c, file) = cluster();
    let changed = std::fs::read_to_string(&file.path)
        .unwrap()
        .replace(
            "matchLabels: {app: web}",
            "matchLabels: {app: web, tier: fe}",
        )
        .replace("labels: {app: web}", "labels: {app: web, tier: fe}");
    let edited = tempfile_path::TempFile::new("rs-edited.yaml", &changed);
    let err = c
        .kubectl(&format!("apply -f {}", edited.path))
        .expect_err("a changed selector is refused");
    assert_eq!(
        err.message.en,
        "The ReplicaSet \"web\" is invalid: spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web\",\"tier\":\"fe\"}}: field is immutable"
    );
    assert!(
        err.message.ko.contains("바꿀 수 없는 필드입니다"),
        "{}",
        err.message.ko
    );
    // The object is as it was; an unchanged apply still says so.
    let again = c.kubectl(&format!("apply -f {}", file.path)).unwrap();
    assert_eq!(again.trim(), "replicaset.apps/web unchanged");
}

#[test]
fn reapplying_a_job_keeps_its_generated_selector_and_refuses_a_new_template() {
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: pi}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: pi, image: 'perl:5.34'}]\n";
    let file = tempfile_path::TempFile::new("job.yaml", job);
    let mut c = Cluster::new(ClusterConfig::default()).unwrap();
    c.kubectl(&format!("apply -f {}", file.path)).unwrap();
    let again = c.kubectl(&format!("apply -f {}", file.path)).unwrap();
    assert_eq!(again.trim(), "job.batch/pi unchanged");
    let edited = tempfile_path::TempFile::new("job2.yaml", &job.replace("perl:5.34", "perl:5.36"));
    let err = c
        .kubectl(&format!("apply -f {}", edited.path))
        .expect_err("a Job's template is immutable");
    assert!(
        err.message
            .en
            .starts_with("The Job \"pi\" is invalid: spec.template: Invalid value: ")
            && err.message.en.ends_with(": field is immutable"),
        "{}",
        err.message.en
    );
}
