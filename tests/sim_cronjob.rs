//! The simulator end to end with the CronJob controller: the course's nightly backup,
//! concurrency policies, missed schedules, time zones, suspend and history limits.

use kubesim::api::cronjob::CronJob;
use kubesim::api::job::Job;
use kubesim::api::object::Object;
use kubesim::manifest::load::load_text;
use kubesim::sim::clock::{Duration, Time};
use kubesim::sim::engine::{Cluster, ClusterConfig};
use kubesim::sim::store::Key;

const BACKUP: &str = "
apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: \"0 2 * * *\"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: backup
              image: backup-tool:v1
              command: [ \"bash\", \"backup.sh\" ]
          restartPolicy: OnFailure
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 1
";

fn cluster() -> Cluster {
    Cluster::new(ClusterConfig::default()).unwrap()
}

fn apply(c: &mut Cluster, text: &str) {
    let objs = load_text(text, "t.yaml")
        .unwrap()
        .into_iter()
        .map(|l| l.object)
        .collect();
    c.apply(objs).unwrap();
}

fn jobs(c: &Cluster) -> Vec<Job> {
    c.store
        .list("Job")
        .filter_map(|o| match o {
            Object::Job(j) => Some(j.clone()),
            _ => None,
        })
        .collect()
}

fn cronjob(c: &Cluster, name: &str) -> CronJob {
    match c.store.get(&Key::new("CronJob", "default", name)) {
        Some(Object::CronJob(j)) => j.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_week_of_nightly_backups_keeps_three() {
    let mut c = cluster();
    apply(&mut c, BACKUP);
    c.advance(Duration::parse("7d").unwrap()).unwrap();
    let names: Vec<String> = jobs(&c)
        .iter()
        .map(|j| j.metadata.name.clone().unwrap())
        .collect();
    // 2026-01-05, 06 and 07 at 02:00 UTC.
    let expected: Vec<String> = [5, 6, 7]
        .iter()
        .map(|d| {
            let t = Time::parse_rfc3339(&format!("2026-01-{d:02}T02:00:00Z")).unwrap();
            format!("backup-{}", t.0 / 60_000)
        })
        .collect();
    assert_eq!(names, expected);
    let cj = cronjob(&c, "backup");
    let status = cj.status.unwrap();
    assert_eq!(
        status.last_schedule_time.as_deref(),
        Some("2026-01-07T02:00:00Z")
    );
    assert!(status.active.is_none());
    assert!(status
        .last_successful_time
        .as_deref()
        .is_some_and(|t| t.starts_with("2026-01-07T02:00")));
    println!("{}", c.kubectl("get cronjobs").unwrap());
    println!("{}", c.kubectl("get jobs").unwrap());
    println!("{}", c.kubectl("get events").unwrap());
}
