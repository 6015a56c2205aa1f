//! The simulator end to end with the Job controller: the scenarios of the course's Job
//! lesson, retries and their back-off, deadlines, Indexed Jobs and the failure policies.

use kubesim::api::job::Job;
use kubesim::api::object::Object;
use kubesim::controllers::podutil;
use kubesim::manifest::load::load_text;
use kubesim::sim::clock::{Duration, Time};
use kubesim::sim::engine::{Cluster, ClusterConfig};
use kubesim::sim::store::Key;

const SEED_JOB: &str = "
apiVersion: batch/v1
kind: Job
metadata:
  name: data-processing
spec:
  completions: 10
  parallelism: 3
  backoffLimit: 4
  activeDeadlineSeconds: 600
  template:
    spec:
      containers:
        - name: processor
          image: processor:v1
          command: [ \"python\", \"process.py\" ]
      restartPolicy: OnFailure
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

fn job(c: &Cluster, name: &str) -> Job {
    match c.store.get(&Key::new("Job", "default", name)) {
        Some(Object::Job(j)) => j.clone(),
        other => panic!("no job {name}: {other:?}"),
    }
}

fn conditions(j: &Job) -> Vec<(String, String)> {
    j.status
        .iter()
        .flat_map(|s| s.conditions.iter().flatten())
        .map(|c| (c.type_.clone(), c.reason.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn seed_job_runs_ten_completions_three_at_a_time() {
    let mut c = cluster();
    apply(&mut c, SEED_JOB);
    let mut max_active = 0;
    for _ in 0..200 {
        c.advance(Duration::seconds(1)).unwrap();
        let active = c.store.pods().filter(|p| podutil::is_active(p)).count();
        max_active = max_active.max(active);
    }
    let j = job(&c, "data-processing");
    let status = j.status.clone().unwrap();
    assert_eq!(status.succeeded, Some(10), "{status:?}");
    assert_eq!(max_active, 3);
    assert_eq!(
        conditions(&j),
        [
            (
                "SuccessCriteriaMet".to_string(),
                "CompletionsReached".to_string()
            ),
            ("Complete".to_string(), "CompletionsReached".to_string())
        ]
    );
    println!("{}", c.kubectl("get jobs").unwrap());
    println!("{}", c.kubectl("get pods").unwrap());
    let _ = Time::DEFAULT_START;
}
