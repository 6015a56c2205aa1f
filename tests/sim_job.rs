//! The simulator end to end with the Job controller: the scenarios of the course's Job
//! lesson, retries and their back-off, deadlines, Indexed Jobs and the failure policies.

use kubesim::api::job::Job;
use kubesim::api::object::Object;
use kubesim::api::pod::Pod;
use kubesim::controllers::podutil;
use kubesim::manifest::load::load_text;
use kubesim::selector::parse as parse_selector;
use kubesim::sim::behavior::{Draw, Rule};
use kubesim::sim::clock::{Duration, Time};
use kubesim::sim::engine::{Cluster, ClusterConfig};
use kubesim::sim::store::Key;
use proptest::prelude::*;

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
    let out = c.kubectl("get jobs").unwrap();
    assert!(out.contains("data-processing   Complete   10/10"), "{out}");
}

/// A rule giving the pods matching `selector` a fixed run time and exit code.
fn behave(c: &mut Cluster, selector: &str, secs: Option<i64>, exit_code: i32) {
    c.add_rule(Rule {
        image: None,
        selector: Some(parse_selector(selector).unwrap()),
        run_for: Some(secs.map(Duration::seconds)),
        exit_code: Some(exit_code),
        readiness: None,
        image_pull_fails: None,
        draw: None,
    });
}

fn job_pods(c: &Cluster, job: &str) -> Vec<Pod> {
    c.store
        .pods()
        .filter(|p| p.metadata.label("job-name") == Some(job))
        .cloned()
        .collect()
}

fn created_secs(p: &Pod) -> i64 {
    podutil::created_at(&p.metadata)
        .since(Time::DEFAULT_START)
        .as_secs()
}

fn job_yaml(name: &str, spec: &str, restart: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\nspec:\n{spec}  template:\n    spec:\n      restartPolicy: {restart}\n      containers:\n      - name: main\n        image: busybox\n"
    )
}

#[test]
fn failures_under_never_are_retried_with_a_doubling_back_off_then_the_job_fails() {
    let mut c = cluster();
    behave(&mut c, "job-name=flaky", Some(5), 1);
    apply(&mut c, &job_yaml("flaky", "  backoffLimit: 3\n", "Never"));
    c.run(Duration::seconds(3600)).unwrap();
    let mut pods = job_pods(&c, "flaky");
    pods.sort_by_key(created_secs);
    assert_eq!(pods.len(), 4);
    // Each replacement waits 10 s after the first failure, then 20 s, then 40 s.
    let waits: Vec<i64> = pods
        .windows(2)
        .map(|w| {
            let failed = kubesim::controllers::job::backoff_utils::finished_time(&w[0]);
            podutil::created_at(&w[1].metadata).since(failed).as_secs()
        })
        .collect();
    assert_eq!(waits, [10, 20, 40]);
    let j = job(&c, "flaky");
    assert_eq!(
        conditions(&j),
        [
            (
                "FailureTarget".to_string(),
                "BackoffLimitExceeded".to_string()
            ),
            ("Failed".to_string(), "BackoffLimitExceeded".to_string())
        ]
    );
    assert_eq!(j.status.as_ref().unwrap().failed, Some(4));
    let events = c.kubectl("get events").unwrap();
    assert!(
        events.contains("Job has reached the specified backoff limit"),
        "{events}"
    );
}

#[test]
fn failures_under_on_failure_restart_the_container_until_the_restarts_reach_the_limit() {
    let mut c = cluster();
    behave(&mut c, "job-name=crashy", Some(2), 1);
    apply(
        &mut c,
        &job_yaml("crashy", "  backoffLimit: 3\n", "OnFailure"),
    );
    c.run(Duration::seconds(3600)).unwrap();
    let j = job(&c, "crashy");
    assert_eq!(
        conditions(&j).last().map(|c| c.1.as_str()),
        Some("BackoffLimitExceeded")
    );
    // One pod, restarted in place; it is deleted when the Job fails and counted then.
    assert_eq!(j.status.as_ref().unwrap().failed, Some(1));
    assert!(job_pods(&c, "crashy").is_empty());
}

#[test]
fn active_deadline_stops_a_job_that_runs_too_long() {
    let mut c = cluster();
    behave(&mut c, "job-name=slow", None, 0);
    apply(
        &mut c,
        &job_yaml(
            "slow",
            "  activeDeadlineSeconds: 600\n  parallelism: 2\n  completions: 4\n",
            "Never",
        ),
    );
    c.advance(Duration::seconds(599)).unwrap();
    assert!(conditions(&job(&c, "slow")).is_empty());
    c.advance(Duration::seconds(5)).unwrap();
    let j = job(&c, "slow");
    assert_eq!(
        conditions(&j),
        [
            ("FailureTarget".to_string(), "DeadlineExceeded".to_string()),
            ("Failed".to_string(), "DeadlineExceeded".to_string())
        ]
    );
    let failed_at = j.status.unwrap().conditions.unwrap()[0]
        .last_transition_time
        .clone();
    assert_eq!(failed_at.as_deref(), Some("2026-01-01T00:10:00Z"));
}

#[test]
fn indexed_job_runs_every_index_once() {
    let mut c = cluster();
    apply(
        &mut c,
        &job_yaml(
            "idx",
            "  completionMode: Indexed\n  completions: 5\n  parallelism: 2\n",
            "Never",
        ),
    );
    c.run(Duration::seconds(600)).unwrap();
    let j = job(&c, "idx");
    let s = j.status.clone().unwrap();
    assert_eq!(s.completed_indexes.as_deref(), Some("0-4"));
    assert_eq!(s.succeeded, Some(5));
    let mut hosts: Vec<String> = job_pods(&c, "idx")
        .iter()
        .map(|p| p.spec.hostname.clone().unwrap())
        .collect();
    hosts.sort();
    assert_eq!(hosts, ["idx-0", "idx-1", "idx-2", "idx-3", "idx-4"]);
    assert!(job_pods(&c, "idx").iter().all(|p| p
        .metadata
        .name
        .as_deref()
        .unwrap()
        .starts_with(&format!("{}-", p.spec.hostname.as_deref().unwrap()))));
}

#[test]
fn backoff_limit_per_index_fails_only_the_bad_index() {
    let mut c = cluster();
    behave(
        &mut c,
        "batch.kubernetes.io/job-completion-index=2",
        Some(3),
        1,
    );
    apply(&mut c, &job_yaml("per", "  completionMode: Indexed\n  completions: 4\n  parallelism: 4\n  backoffLimitPerIndex: 1\n", "Never"));
    c.run(Duration::seconds(3600)).unwrap();
    let j = job(&c, "per");
    let s = j.status.clone().unwrap();
    assert_eq!(s.failed_indexes.as_deref(), Some("2"));
    assert_eq!(s.completed_indexes.as_deref(), Some("0,1,3"));
    assert_eq!(s.failed, Some(2));
    assert_eq!(
        conditions(&j).last().map(|c| c.1.as_str()),
        Some("FailedIndexes")
    );
    let counts: Vec<String> = job_pods(&c, "per")
        .iter()
        .filter(|p| p.metadata.label("batch.kubernetes.io/job-completion-index") == Some("2"))
        .map(|p| {
            p.metadata.annotations.clone().unwrap()["batch.kubernetes.io/job-index-failure-count"]
                .clone()
        })
        .collect();
    let mut counts = counts;
    counts.sort();
    assert_eq!(counts, ["0", "1"]);
}

#[test]
fn max_failed_indexes_ends_the_job_early() {
    let mut c = cluster();
    behave(&mut c, "job-name=maxf", Some(3), 1);
    apply(&mut c, &job_yaml("maxf", "  completionMode: Indexed\n  completions: 6\n  parallelism: 2\n  backoffLimitPerIndex: 0\n  maxFailedIndexes: 1\n", "Never"));
    c.run(Duration::seconds(3600)).unwrap();
    let j = job(&c, "maxf");
    assert_eq!(
        conditions(&j).last().map(|c| c.1.as_str()),
        Some("MaxFailedIndexesExceeded")
    );
    // Indexes 0 and 1 fail together: two failed indexes exceed maxFailedIndexes=1.
    assert_eq!(j.status.unwrap().failed_indexes.as_deref(), Some("0,1"));
}

#[test]
fn pod_failure_policy_fails_the_job_or_ignores_the_failure() {
    let policy = "  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes: {containerName: main, operator: In, values: [42]}\n    - action: Ignore\n      onExitCodes: {operator: In, values: [7]}\n";
    let mut c = cluster();
    behave(&mut c, "job-name=fatal", Some(3), 42);
    apply(&mut c, &job_yaml("fatal", policy, "Never"));
    c.run(Duration::seconds(600)).unwrap();
    let j = job(&c, "fatal");
    let s = j.status.clone().unwrap();
    let failed = s
        .conditions
        .unwrap()
        .into_iter()
        .find(|c| c.type_ == "Failed")
        .unwrap();
    assert_eq!(failed.reason.as_deref(), Some("PodFailurePolicy"));
    assert!(failed
        .message
        .unwrap()
        .contains("failed with exit code 42 matching FailJob rule at index 0"));
    assert_eq!(job_pods(&c, "fatal").len(), 1);

    // Exit 7 is ignored: never counted, so backoffLimit 0 is never exceeded; the
    // replacements still wait out the back-off.
    let mut c = cluster();
    behave(&mut c, "job-name=ignored", Some(3), 7);
    apply(
        &mut c,
        &job_yaml("ignored", &format!("  backoffLimit: 0\n{policy}"), "Never"),
    );
    c.advance(Duration::seconds(60)).unwrap();
    let j = job(&c, "ignored");
    assert!(conditions(&j).is_empty(), "{:?}", conditions(&j));
    assert_eq!(j.status.unwrap().failed, None);
    assert!(job_pods(&c, "ignored").len() >= 3);
}

#[test]
fn success_policy_completes_an_indexed_job_when_the_leader_succeeds() {
    let mut c = cluster();
    behave(&mut c, "job-name=leader", None, 0);
    behave(
        &mut c,
        "batch.kubernetes.io/job-completion-index=0",
        Some(10),
        0,
    );
    apply(&mut c, &job_yaml("leader", "  completionMode: Indexed\n  completions: 3\n  parallelism: 3\n  successPolicy:\n    rules:\n    - succeededIndexes: \"0\"\n", "Never"));
    c.run(Duration::seconds(600)).unwrap();
    let j = job(&c, "leader");
    assert_eq!(
        conditions(&j),
        [
            (
                "SuccessCriteriaMet".to_string(),
                "SuccessPolicy".to_string()
            ),
            ("Complete".to_string(), "SuccessPolicy".to_string())
        ]
    );
    assert_eq!(j.status.unwrap().completed_indexes.as_deref(), Some("0"));
    assert_eq!(
        job_pods(&c, "leader")
            .iter()
            .filter(|p| podutil::is_active(p))
            .count(),
        0
    );
}

#[test]
fn suspend_and_resume() {
    let mut c = cluster();
    behave(&mut c, "job-name=later", Some(30), 0);
    apply(
        &mut c,
        &job_yaml(
            "later",
            "  suspend: true\n  parallelism: 2\n  completions: 2\n",
            "Never",
        ),
    );
    c.advance(Duration::seconds(60)).unwrap();
    assert!(job_pods(&c, "later").is_empty());
    let j = job(&c, "later");
    assert_eq!(
        conditions(&j),
        [("Suspended".to_string(), "JobSuspended".to_string())]
    );
    assert!(j.status.unwrap().start_time.is_none());
    c.store
        .modify(&Key::new("Job", "default", "later"), |o| {
            if let Object::Job(j) = o {
                j.spec.suspend = Some(false);
            }
        })
        .unwrap();
    c.advance(Duration::seconds(5)).unwrap();
    assert_eq!(job_pods(&c, "later").len(), 2);
    let j = job(&c, "later");
    assert_eq!(
        conditions(&j),
        [("Suspended".to_string(), "JobResumed".to_string())]
    );
    assert_eq!(
        j.status.unwrap().start_time.as_deref(),
        Some("2026-01-01T00:01:00Z")
    );
}

#[test]
fn ttl_after_finished_deletes_the_job_and_its_pods() {
    let mut c = cluster();
    apply(
        &mut c,
        &job_yaml("short", "  ttlSecondsAfterFinished: 100\n", "Never"),
    );
    c.advance(Duration::seconds(60)).unwrap();
    assert_eq!(
        kubesim::controllers::job::finished_type(&job(&c, "short")),
        Some("Complete")
    );
    c.advance(Duration::seconds(100)).unwrap();
    assert!(c.store.get(&Key::new("Job", "default", "short")).is_none());
    c.advance(Duration::seconds(5)).unwrap();
    assert!(job_pods(&c, "short").is_empty());
}

#[test]
fn a_work_queue_finishes_when_one_pod_succeeded_and_the_rest_stopped() {
    let mut c = cluster();
    behave(&mut c, "job-name=queue", Some(30), 0);
    apply(&mut c, &job_yaml("queue", "  parallelism: 3\n", "Never"));
    c.run(Duration::seconds(600)).unwrap();
    let j = job(&c, "queue");
    assert_eq!(j.spec.completions, None);
    assert_eq!(j.status.clone().unwrap().succeeded, Some(3));
    assert_eq!(job_pods(&c, "queue").len(), 3);
    let out = c.kubectl("get jobs").unwrap();
    assert!(out.contains("3/1 of 3"), "{out}");
}

#[test]
fn the_api_server_labels_the_pods_and_generates_the_selector() {
    let mut c = cluster();
    apply(&mut c, &job_yaml("pi", "", "Never"));
    c.settle().unwrap();
    let j = job(&c, "pi");
    let uid = j.metadata.uid.clone().unwrap();
    let selector = j.spec.selector.clone().unwrap().match_labels.unwrap();
    assert_eq!(
        selector.get("batch.kubernetes.io/controller-uid"),
        Some(&uid)
    );
    let p = &job_pods(&c, "pi")[0];
    for (k, v) in [
        ("batch.kubernetes.io/controller-uid", uid.as_str()),
        ("controller-uid", uid.as_str()),
        ("batch.kubernetes.io/job-name", "pi"),
        ("job-name", "pi"),
    ] {
        assert_eq!(p.metadata.label(k), Some(v), "{k}");
    }
    assert_eq!(j.metadata.label("job-name"), Some("pi"));
    assert_eq!(
        p.metadata.finalizers.as_deref(),
        Some(&["batch.kubernetes.io/job-tracking".to_string()][..])
    );
}

#[test]
fn a_deleted_running_pod_is_counted_as_failed_and_replaced() {
    let mut c = cluster();
    behave(&mut c, "job-name=victim", Some(100), 0);
    apply(&mut c, &job_yaml("victim", "", "Never"));
    c.advance(Duration::seconds(10)).unwrap();
    let name = job_pods(&c, "victim")[0].metadata.name.clone().unwrap();
    c.kubectl(&format!("delete pod {name}")).unwrap();
    c.advance(Duration::seconds(5)).unwrap();
    let j = job(&c, "victim");
    assert_eq!(j.status.unwrap().failed, Some(1));
    assert!(job_pods(&c, "victim").iter().any(podutil::is_active));
    assert!(c.store.get(&Key::pod("default", &name)).is_none());
}

#[test]
fn pod_replacement_policy_failed_waits_for_the_old_pod_to_be_gone() {
    let mut c = cluster();
    behave(&mut c, "job-name=careful", Some(100), 0);
    apply(
        &mut c,
        &job_yaml("careful", "  podReplacementPolicy: Failed\n", "Never"),
    );
    c.advance(Duration::seconds(10)).unwrap();
    let name = job_pods(&c, "careful")[0].metadata.name.clone().unwrap();
    c.kubectl(&format!("delete pod {name}")).unwrap();
    c.settle().unwrap();
    // Terminating: no replacement yet.
    assert_eq!(job_pods(&c, "careful").len(), 1);
    assert_eq!(job(&c, "careful").status.unwrap().terminating, Some(1));
    c.advance(Duration::seconds(5)).unwrap();
    let j = job(&c, "careful");
    assert_eq!(j.status.clone().unwrap().failed, Some(1));
    assert_eq!(
        job_pods(&c, "careful")
            .iter()
            .filter(|p| podutil::is_active(p))
            .count(),
        1
    );
}

#[test]
fn kubectl_create_job_from_a_cronjob() {
    let mut c = cluster();
    apply(&mut c, "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: backup\nspec:\n  schedule: \"0 2 * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: backup\n            image: backup-tool:v1\n");
    let out = c
        .kubectl("create job backup-now --from=cronjob/backup")
        .unwrap();
    assert_eq!(out, "job.batch/backup-now created\n");
    c.advance(Duration::seconds(30)).unwrap();
    let j = job(&c, "backup-now");
    assert_eq!(
        j.metadata.annotations.clone().unwrap()["cronjob.kubernetes.io/instantiate"],
        "manual"
    );
    assert_eq!(
        kubesim::controllers::job::finished_type(&j),
        Some("Complete")
    );
    let events = c.kubectl("get events").unwrap();
    assert!(events.contains("UnexpectedJob"), "{events}");
    assert!(c.kubectl("create job x --from=cronjob/nope").is_err());
    assert!(c.kubectl("create job x").is_err());
    assert!(c.kubectl("create job x --from=deployment/backup").is_err());
    assert!(c
        .kubectl("create job backup-now --from=cronjob/backup")
        .is_err());
    assert_eq!(
        c.kubectl("create job one --image=busybox -- echo hi")
            .unwrap(),
        "job.batch/one created\n"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Never more than `parallelism` pods running, never more successes than completions,
    /// and the Job always ends, whatever fails.
    #[test]
    fn jobs_respect_parallelism_and_completions(
        completions in 1i32..9,
        parallelism in 1i32..5,
        fail_rate in 0.0f64..0.7,
        seed in 0u64..1000,
        indexed in any::<bool>(),
    ) {
        let mut c = Cluster::new(ClusterConfig { seed, ..ClusterConfig::default() }).unwrap();
        c.add_rule(Rule {
            image: None,
            selector: None,
            run_for: None,
            exit_code: None,
            readiness: None,
            image_pull_fails: None,
            draw: Some(Draw {
                fail_rate,
                fail_exit_code: 1,
                run_for: Some((Duration::seconds(2), Duration::seconds(20))),
                seed,
            }),
        });
        let mode = if indexed { "  completionMode: Indexed\n" } else { "" };
        apply(&mut c, &job_yaml(
            "p",
            &format!("  completions: {completions}\n  parallelism: {parallelism}\n  backoffLimit: 3\n{mode}"),
            "Never",
        ));
        for _ in 0..400 {
            c.advance(Duration::seconds(5)).unwrap();
            let running = job_pods(&c, "p").iter().filter(|p| podutil::is_active(p)).count() as i32;
            prop_assert!(running <= parallelism, "{running} running > {parallelism}");
            let j = job(&c, "p");
            let s = j.status.clone().unwrap_or_default();
            prop_assert!(s.succeeded.unwrap_or(0) <= completions);
            // The failure past backoffLimit=3 stops the pods still running, which count too.
            prop_assert!(s.failed.unwrap_or(0) <= 3 + parallelism);
            if kubesim::controllers::job::is_finished(&j) {
                break;
            }
        }
        prop_assert!(kubesim::controllers::job::is_finished(&job(&c, "p")));
    }
}
