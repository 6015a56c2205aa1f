//! How simulated containers behave: how long they run, how they exit, whether they become
//! ready and whether their image can be pulled. Chosen per pod, most specific first:
//! the pod's `kubesim.io/*` annotations, then the cluster's rules (by image or label),
//! then what the pod spec itself says (a `sleep 30` or `exit 1` in the command, a
//! readiness probe's initialDelaySeconds), then defaults by restartPolicy.

use crate::api::pod::Pod;
use crate::selector::Selector;
use crate::sim::clock::Duration;
use crate::sim::kubelet::{Behavior, Readiness};

/// How long a batch container (restartPolicy Never or OnFailure) runs when nothing says.
pub const DEFAULT_BATCH_RUN: Duration = Duration(5_000);

/// Annotation: how long the containers run, e.g. "30s" (or "forever").
pub const ANNOTATION_RUN_FOR: &str = "kubesim.io/run-for";
/// Annotation: the exit code when they stop, e.g. "1".
pub const ANNOTATION_EXIT_CODE: &str = "kubesim.io/exit-code";
/// Annotation: readiness, "never" or a delay such as "10s".
pub const ANNOTATION_READY: &str = "kubesim.io/ready";
/// Annotation: "fail" makes the image pull fail.
pub const ANNOTATION_IMAGE_PULL: &str = "kubesim.io/image-pull";
/// Annotation: each run of the containers fails (exit code 1) with this probability,
/// drawn from the pod's uid and run number, e.g. "0.3".
pub const ANNOTATION_FAIL_RATE: &str = "kubesim.io/fail-rate";

/// A seeded random outcome for each run of a pod's containers: it fails with probability
/// `fail_rate` (exiting `fail_exit_code`) and, if `run_for` is given, runs for a time
/// drawn uniformly from that range. The draw depends only on `seed`, the pod's uid and
/// the run's number, so a simulation with the same seed replays exactly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Draw {
    pub fail_rate: f64,
    pub fail_exit_code: i32,
    pub run_for: Option<(Duration, Duration)>,
    pub seed: u64,
}

impl Draw {
    /// A number in [0, 1) for this pod, run and purpose.
    fn unit(&self, pod: &Pod, run: u64, salt: u64) -> f64 {
        let uid = pod.metadata.uid.as_deref().unwrap_or("");
        // FNV-1a over the uid, then SplitMix64 steps over everything.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in uid.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        let mut rng = crate::sim::rng::Rng::new(
            h ^ self.seed.rotate_left(17) ^ run.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt,
        );
        rng.unit()
    }

    /// Sets the exit code (and run time) of the pod's current run.
    fn apply(&self, pod: &Pod, b: &mut Behavior) {
        // Restarts so far, and whether the current run is a restart not counted yet:
        // the kubelet bumps restartCount when the restarted containers start.
        let (restarts, crashed) = pod
            .status
            .as_ref()
            .and_then(|s| s.container_statuses.as_ref())
            .and_then(|cs| cs.first())
            .map_or((0, false), |c| {
                (c.restart_count.max(0) as u64, c.last_state.is_some())
            });
        let fails = self.unit(pod, restarts, 1) < self.fail_rate;
        b.exit_code = if fails { self.fail_exit_code } else { 0 };
        if let Some((lo, hi)) = self.run_for {
            let (lo, hi) = (lo.0.min(hi.0), lo.0.max(hi.0));
            let u = self.unit(pod, restarts + u64::from(crashed), 2);
            b.run_for = Some(Duration(lo + ((hi - lo) as f64 * u) as i64));
        }
    }
}

/// A cluster-wide rule: pods whose image or labels match get these settings.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Matches a container image exactly, or by repository when it has no tag.
    pub image: Option<String>,
    pub selector: Option<Selector>,
    pub run_for: Option<Option<Duration>>,
    pub exit_code: Option<i32>,
    pub readiness: Option<Readiness>,
    pub image_pull_fails: Option<bool>,
    /// A seeded random outcome per run (see [`Draw`]).
    pub draw: Option<Draw>,
}

impl Rule {
    fn matches(&self, pod: &Pod) -> bool {
        let image_ok = self.image.as_ref().is_none_or(|want| {
            pod.spec.all_containers().any(|c| {
                let image = c.image.as_deref().unwrap_or("");
                image == want
                    || (!want.contains(':') && image.split(':').next() == Some(want.as_str()))
            })
        });
        let selector_ok = self
            .selector
            .as_ref()
            .is_none_or(|s| s.matches(pod.metadata.labels_or_empty()));
        image_ok && selector_ok
    }

    fn apply(&self, b: &mut Behavior) {
        if let Some(r) = self.run_for {
            b.run_for = r;
        }
        if let Some(c) = self.exit_code {
            b.exit_code = c;
        }
        if let Some(r) = self.readiness {
            b.readiness = r;
        }
        if let Some(f) = self.image_pull_fails {
            b.image_pull_fails = f;
        }
    }
}

/// The behaviour of `pod` under `rules` (later rules win).
pub fn behavior_for(pod: &Pod, rules: &[Rule]) -> Behavior {
    let mut b = from_spec(pod);
    let mut draw = None;
    for rule in rules.iter().filter(|r| r.matches(pod)) {
        rule.apply(&mut b);
        if rule.draw.is_some() {
            draw = rule.draw;
        }
    }
    if let Some(rate) = pod
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(ANNOTATION_FAIL_RATE))
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|r| r.is_finite())
    {
        draw = Some(Draw {
            fail_rate: rate,
            fail_exit_code: 1,
            run_for: None,
            seed: 0,
        });
    }
    if let Some(d) = draw {
        d.apply(pod, &mut b);
    }
    from_annotations(pod, &mut b);
    b
}

fn from_spec(pod: &Pod) -> Behavior {
    let batch = pod
        .spec
        .restart_policy
        .as_deref()
        .is_some_and(|p| p != "Always");
    let words: Vec<String> = pod
        .spec
        .containers
        .iter()
        .flat_map(|c| c.command.iter().flatten().chain(c.args.iter().flatten()))
        .flat_map(|s| s.split(|ch: char| ch.is_whitespace() || ch == ';' || ch == '&' || ch == '|'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let after = |word: &str| {
        words
            .windows(2)
            .find(|w| w[0] == word)
            .and_then(|w| w[1].trim_end_matches('s').parse::<f64>().ok())
    };
    let run_for = match after("sleep") {
        Some(secs) if secs.is_finite() && secs >= 0.0 => Some(Duration((secs * 1000.0) as i64)),
        _ if batch => Some(DEFAULT_BATCH_RUN),
        _ => None,
    };
    let exit_code = after("exit").map_or(0, |c| c as i32);
    let run_for = if exit_code != 0 && run_for.is_none() {
        Some(Duration::seconds(1))
    } else {
        run_for
    };
    let readiness = pod
        .spec
        .containers
        .iter()
        .filter_map(|c| c.readiness_probe.as_ref())
        .map(|p| Duration::seconds(i64::from(p.initial_delay_seconds.unwrap_or(0).max(0))))
        .max()
        .map_or(Readiness::Immediate, Readiness::After);
    Behavior {
        run_for,
        exit_code,
        readiness,
        image_pull_fails: false,
    }
}

fn from_annotations(pod: &Pod, b: &mut Behavior) {
    let Some(a) = pod.metadata.annotations.as_ref() else {
        return;
    };
    if let Some(v) = a.get(ANNOTATION_RUN_FOR) {
        if v == "forever" {
            b.run_for = None;
        } else if let Some(d) = Duration::parse(v) {
            b.run_for = Some(d);
        }
    }
    if let Some(c) = a.get(ANNOTATION_EXIT_CODE).and_then(|v| v.parse().ok()) {
        b.exit_code = c;
    }
    if let Some(v) = a.get(ANNOTATION_READY) {
        if v == "never" {
            b.readiness = Readiness::Never;
        } else if let Some(d) = Duration::parse(v) {
            b.readiness = Readiness::After(d);
        }
    }
    if let Some(v) = a.get(ANNOTATION_IMAGE_PULL) {
        b.image_pull_fails = v == "fail";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::object::Object;
    use serde_json::json;

    fn pod(spec: serde_json::Value, annotations: serde_json::Value) -> Pod {
        match Object::from_json(json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "p", "annotations": annotations, "labels": {"app": "x"}},
            "spec": spec
        })) {
            Ok(Object::Pod(p)) => p,
            other => panic!("not a pod: {other:?}"),
        }
    }

    #[test]
    fn behaviour_comes_from_spec_rules_and_annotations() {
        let web = json!({"containers": [{"name": "c", "image": "nginx:1.25"}]});
        let job =
            json!({"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]});
        let sleeper = json!({"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox", "command": ["sh", "-c", "sleep 30; exit 3"]}]});
        let probed = json!({"containers": [{"name": "c", "image": "nginx", "readinessProbe": {"initialDelaySeconds": 15, "httpGet": {"path": "/", "port": 80}}}]});
        let cases = [
            (
                pod(web.clone(), json!({})),
                vec![],
                (None, 0, Readiness::Immediate, false),
            ),
            (
                pod(job, json!({})),
                vec![],
                (Some(5), 0, Readiness::Immediate, false),
            ),
            (
                pod(sleeper, json!({})),
                vec![],
                (Some(30), 3, Readiness::Immediate, false),
            ),
            (
                pod(probed, json!({})),
                vec![],
                (None, 0, Readiness::After(Duration::seconds(15)), false),
            ),
            (
                pod(
                    web.clone(),
                    json!({"kubesim.io/ready": "never", "kubesim.io/image-pull": "fail"}),
                ),
                vec![],
                (None, 0, Readiness::Never, true),
            ),
            (
                pod(
                    web.clone(),
                    json!({"kubesim.io/run-for": "2m", "kubesim.io/exit-code": "137"}),
                ),
                vec![],
                (Some(120), 137, Readiness::Immediate, false),
            ),
            (
                pod(web.clone(), json!({})),
                vec![Rule {
                    image: Some("nginx".into()),
                    selector: None,
                    run_for: Some(Some(Duration::seconds(9))),
                    exit_code: Some(1),
                    readiness: None,
                    image_pull_fails: None,
                    draw: None,
                }],
                (Some(9), 1, Readiness::Immediate, false),
            ),
            (
                pod(web, json!({})),
                vec![Rule {
                    image: Some("redis".into()),
                    selector: None,
                    run_for: Some(Some(Duration::seconds(9))),
                    exit_code: None,
                    readiness: None,
                    image_pull_fails: None,
                    draw: None,
                }],
                (None, 0, Readiness::Immediate, false),
            ),
        ];
        for (i, (p, rules, (run, code, ready, pull))) in cases.into_iter().enumerate() {
            let b = behavior_for(&p, &rules);
            assert_eq!(
                (
                    b.run_for.map(Duration::as_secs),
                    b.exit_code,
                    b.readiness,
                    b.image_pull_fails
                ),
                (run, code, ready, pull),
                "case {i}"
            );
        }
    }
}
