//! The simulator end to end with the CronJob controller: the course's nightly backup,
//! concurrency policies, missed schedules, time zones, suspend and history limits.

use kubesim::api::cronjob::CronJob;
use kubesim::api::job::Job;
use kubesim::api::object::Object;
use kubesim::manifest::load::load_text;
use kubesim::selector::parse as parse_selector;
use kubesim::sim::behavior::Rule;
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
    let out = c.kubectl("get cronjobs").unwrap();
    assert!(
        out.starts_with("NAME     SCHEDULE    TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\nbackup   0 2 * * *   <none>     False     0        22h             7d\n"),
        "{out}"
    );
    let out = c.kubectl("get jobs").unwrap();
    assert_eq!(out.lines().count(), 4, "{out}");
    // The engine woke only when something was due: a handful of steps per night.
    assert!(c.trace().len() < 200, "{}", c.trace().len());
}

fn cron_yaml(name: &str, schedule: &str, extra: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {name}\nspec:\n  schedule: \"{schedule}\"\n{extra}  jobTemplate:\n    spec:\n      template:\n        metadata:\n          labels:\n            app: {name}\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: main\n            image: busybox\n"
    )
}

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

fn job_names(c: &Cluster) -> Vec<String> {
    jobs(c)
        .iter()
        .map(|j| j.metadata.name.clone().unwrap())
        .collect()
}

fn minute(t: &str) -> i64 {
    Time::parse_rfc3339(t).unwrap().0 / 60_000
}

fn events(c: &mut Cluster) -> String {
    c.kubectl("get events").unwrap()
}

#[test]
fn concurrency_policies_with_jobs_longer_than_the_period() {
    // Every minute; each run takes 90 s.
    let mut results = Vec::new();
    for policy in ["Allow", "Forbid", "Replace"] {
        let mut c = cluster();
        behave(&mut c, "app=tick", Some(90), 0);
        apply(
            &mut c,
            &cron_yaml(
                "tick",
                "* * * * *",
                &format!("  concurrencyPolicy: {policy}\n  successfulJobsHistoryLimit: 10\n"),
            ),
        );
        c.advance(Duration::seconds(5 * 60 + 30)).unwrap();
        let names = job_names(&c);
        let cj = cronjob(&c, "tick");
        results.push((
            policy,
            names.len(),
            cj.status.unwrap().active.map_or(0, |a| a.len()),
            events(&mut c),
        ));
    }
    // Allow: five jobs, two running at once at the end.
    assert_eq!((results[0].1, results[0].2), (5, 2));
    // Forbid: minutes 1, 3, 5 start; 2 and 4 are skipped.
    assert_eq!((results[1].1, results[1].2), (3, 1));
    assert!(
        results[1].3.contains("JobAlreadyActive"),
        "{}",
        results[1].3
    );
    // Replace: each new run replaces the one still running; only the latest is left.
    assert_eq!((results[2].1, results[2].2), (1, 1));
    assert!(
        results[2].3.contains("Deleted job tick-"),
        "{}",
        results[2].3
    );
}

#[test]
fn jobs_are_named_after_the_scheduled_minute_in_the_time_zone() {
    let mut c = cluster();
    apply(
        &mut c,
        &cron_yaml("seoul", "0 2 * * *", "  timeZone: Asia/Seoul\n"),
    );
    c.advance(Duration::parse("1d").unwrap()).unwrap();
    // 02:00 in Seoul is 17:00 UTC the day before.
    assert_eq!(
        job_names(&c),
        [format!("seoul-{}", minute("2026-01-01T17:00:00Z"))]
    );
    let j = &jobs(&c)[0];
    assert_eq!(
        j.metadata.annotations.as_ref().unwrap()["batch.kubernetes.io/cronjob-scheduled-timestamp"],
        "2026-01-02T02:00:00+09:00"
    );
    let out = c.kubectl("get cronjobs").unwrap();
    assert!(out.contains("Asia/Seoul"), "{out}");
}

#[test]
fn a_missed_run_starts_late_unless_past_the_starting_deadline() {
    // (startingDeadlineSeconds, jobs after resuming at 00:12 and running to 00:16)
    let cases = [
        ("", vec!["2026-01-01T00:10:00Z", "2026-01-01T00:15:00Z"]),
        (
            "  startingDeadlineSeconds: 300\n",
            vec!["2026-01-01T00:10:00Z", "2026-01-01T00:15:00Z"],
        ),
        // The deadline moves the earliest time considered to 00:11: 00:10 is skipped.
        (
            "  startingDeadlineSeconds: 60\n",
            vec!["2026-01-01T00:15:00Z"],
        ),
    ];
    for (extra, want) in cases {
        let mut c = cluster();
        apply(
            &mut c,
            &cron_yaml("late", "*/5 * * * *", &format!("  suspend: true\n{extra}")),
        );
        c.advance(Duration::seconds(12 * 60)).unwrap();
        assert!(job_names(&c).is_empty());
        let key = Key::new("CronJob", "default", "late");
        c.store
            .modify(&key, |o| {
                if let Object::CronJob(cj) = o {
                    cj.spec.suspend = Some(false);
                }
            })
            .unwrap();
        c.advance(Duration::seconds(4 * 60)).unwrap();
        let want: Vec<String> = want.iter().map(|t| format!("late-{}", minute(t))).collect();
        assert_eq!(job_names(&c), want, "{extra}");
    }
}

#[test]
fn too_many_missed_runs_start_only_the_latest() {
    let mut c = cluster();
    apply(&mut c, &cron_yaml("busy", "* * * * *", "  suspend: true\n"));
    c.advance(Duration::seconds(3 * 3600)).unwrap();
    let key = Key::new("CronJob", "default", "busy");
    c.store
        .modify(&key, |o| {
            if let Object::CronJob(cj) = o {
                cj.spec.suspend = Some(false);
            }
        })
        .unwrap();
    c.settle().unwrap();
    assert!(events(&mut c).contains("TooManyMissedTimes"));
    assert_eq!(
        job_names(&c),
        [format!("busy-{}", minute("2026-01-01T03:00:00Z"))]
    );
}

#[test]
fn failed_jobs_history_limit_keeps_one() {
    let mut c = cluster();
    behave(&mut c, "app=broken", Some(5), 1);
    apply(
        &mut c,
        &cron_yaml("broken", "*/10 * * * *", "  failedJobsHistoryLimit: 1\n"),
    );
    c.advance(Duration::seconds(3600)).unwrap();
    let all = jobs(&c);
    let failed: Vec<&Job> = all
        .iter()
        .filter(|j| kubesim::controllers::job::finished_type(j) == Some("Failed"))
        .collect();
    assert_eq!(failed.len(), 1, "{:?}", job_names(&c));
    // Each run retries backoffLimit=6 times with back-off (about ten and a half minutes):
    // at 01:00 the 00:50 run is still retrying, the 00:40 run is the latest failure.
    assert_eq!(
        failed[0].metadata.name.clone().unwrap(),
        format!("broken-{}", minute("2026-01-01T00:40:00Z"))
    );
    assert!(cronjob(&c, "broken")
        .status
        .unwrap()
        .last_successful_time
        .is_none());
}

#[test]
fn an_unparseable_schedule_or_zone_is_reported_not_run() {
    // Validation refuses these manifests; the controller must still cope with such objects
    // (as it does with objects stored before a validation rule existed).
    let unchecked = |text: &str| {
        let docs = kubesim::manifest::parse::parse_stream(text, &Default::default()).unwrap();
        let mut obj = kubesim::api::object::Object::from_json(docs[0].root.to_json()).unwrap();
        kubesim::manifest::defaults::apply_defaults(&mut obj);
        obj
    };
    let mut c = cluster();
    c.apply(vec![
        unchecked(&cron_yaml("typo", "0 25 * * *", "")),
        unchecked(&cron_yaml(
            "zone",
            "0 2 * * *",
            "  timeZone: Mars/Olympus\n",
        )),
    ])
    .unwrap();
    c.advance(Duration::parse("2d").unwrap()).unwrap();
    assert!(job_names(&c).is_empty());
    let ev = events(&mut c);
    assert!(ev.contains("UnparseableSchedule"), "{ev}");
    assert!(ev.contains("UnknownTimeZone"), "{ev}");
}

#[test]
fn a_month_of_hourly_runs_advances_quickly_and_exactly() {
    let mut c = cluster();
    apply(&mut c, &cron_yaml("hourly", "@hourly", ""));
    c.advance(Duration::parse("30d").unwrap()).unwrap();
    // The controller looks 100 ms after the hour: at exactly midnight it has not yet.
    let cj = cronjob(&c, "hourly");
    assert_eq!(
        cj.status.unwrap().last_schedule_time.as_deref(),
        Some("2026-01-30T23:00:00Z")
    );
    c.advance(Duration::seconds(1)).unwrap();
    let cj = cronjob(&c, "hourly");
    assert_eq!(
        cj.status.unwrap().last_schedule_time.as_deref(),
        Some("2026-01-31T00:00:00Z")
    );
    // Three finished (successfulJobsHistoryLimit) and the one that just started.
    assert_eq!(job_names(&c).len(), 4);
}

#[test]
fn the_timeline_keeps_jobs_and_pods_that_were_deleted() {
    let mut c = cluster();
    apply(&mut c, BACKUP);
    c.advance(Duration::parse("7d").unwrap()).unwrap();
    let spans = c.timeline();
    let jobs: Vec<_> = spans.iter().filter(|s| s.kind == "Job").collect();
    let pods: Vec<_> = spans.iter().filter(|s| s.kind == "Pod").collect();
    assert_eq!(jobs.len(), 7);
    assert_eq!(pods.len(), 7);
    for (day, (j, p)) in jobs.iter().zip(&pods).enumerate() {
        let due = Time::parse_rfc3339(&format!("2026-01-{:02}T02:00:00Z", day + 1)).unwrap();
        assert_eq!(j.start, due.plus(Duration(100)), "{j:?}");
        assert_eq!(j.outcome, "Complete");
        assert_eq!(j.owner.as_deref(), Some("cronjob/backup"));
        assert_eq!(p.owner.as_deref(), Some(format!("job/{}", j.name).as_str()));
        assert_eq!(p.outcome, "Succeeded");
        let (ps, pe, je) = (p.start, p.end.unwrap(), j.end.unwrap());
        assert!(j.start <= ps && ps < pe && pe <= je, "{j:?} {p:?}");
    }
}
