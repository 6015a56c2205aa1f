use serde_json::json;

use super::*;

fn spec(v: serde_json::Value) -> PodSpec {
    serde_json::from_value(v).unwrap()
}

fn c(name: &str, cpu: &str, mem: &str) -> serde_json::Value {
    let mut requests = serde_json::Map::new();
    if !cpu.is_empty() {
        requests.insert("cpu".into(), json!(cpu));
    }
    if !mem.is_empty() {
        requests.insert("memory".into(), json!(mem));
    }
    json!({"name": name, "image": "x", "resources": {"requests": requests}})
}

const MI: i64 = 1024 * 1024;
const GI: i64 = 1024 * MI;

#[test]
fn containers_add_up_and_init_containers_take_the_max() {
    // The example in upstream's computePodResourceRequest doc comment.
    let s = spec(json!({
        "initContainers": [c("ic1", "2", "1G"), c("ic2", "2", "3G")],
        "containers": [c("c1", "2", "1G"), c("c2", "1", "1G")]
    }));
    let r = pod_requests(&s);
    assert_eq!((r.milli_cpu, r.memory), (3000, 3_000_000_000));
}

#[test]
fn sidecars_add_to_the_pod_and_to_later_init_containers() {
    let mut sidecar = c("log", "500m", "100Mi");
    sidecar["restartPolicy"] = json!("Always");
    let s = spec(json!({
        "initContainers": [sidecar, c("migrate", "1", "1Gi")],
        "containers": [c("app", "1", "256Mi")]
    }));
    let r = pod_requests(&s);
    // containers + sidecar = 1.5 CPU, 356Mi; init phase: migrate + sidecar = 1.5 CPU, 1124Mi.
    assert_eq!(r.milli_cpu, 1500);
    assert_eq!(r.memory, GI + 100 * MI);
}

#[test]
fn limits_stand_in_for_missing_requests() {
    let s = spec(json!({"containers": [
        {"name": "a", "resources": {"limits": {"cpu": "250m", "memory": "64Mi"}, "requests": {"cpu": "100m"}}}
    ]}));
    let r = pod_requests(&s);
    assert_eq!((r.milli_cpu, r.memory), (100, 64 * MI));
}

#[test]
fn non_zero_defaults_apply_per_container_for_scoring_only() {
    let s = spec(json!({"containers": [c("a", "", ""), c("b", "300m", ""), c("z", "0", "0")]}));
    let plain = pod_requests(&s);
    assert_eq!((plain.milli_cpu, plain.memory), (300, 0));
    let nz = pod_non_zero_requests(&s);
    // a: 100m + 200Mi; b: 300m + 200Mi; z: explicit zeros stay zero.
    assert_eq!((nz.milli_cpu, nz.memory), (400, 400 * MI));
}

#[test]
fn scalar_resources_are_tracked_and_unknown_names_ignored() {
    let s = spec(
        json!({"containers": [{"name": "a", "resources": {"requests": {
        "nvidia.com/gpu": "2", "hugepages-2Mi": "4Mi", "storage": "1Gi"}}}]}),
    );
    let r = pod_requests(&s);
    assert_eq!(r.scalar.get("nvidia.com/gpu"), Some(&2));
    assert_eq!(r.scalar.get("hugepages-2Mi"), Some(&(4 * MI)));
    assert!(!r.scalar.contains_key("storage"));
}

#[test]
fn fit_reasons_in_upstream_order() {
    let alloc = Resources {
        milli_cpu: 4000,
        memory: 16 * GI,
        allowed_pods: 3,
        ..Resources::default()
    };
    let used = Resources {
        milli_cpu: 3500,
        memory: 15 * GI,
        ..Resources::default()
    };
    let mut want = Resources {
        milli_cpu: 1000,
        memory: 2 * GI,
        ..Resources::default()
    };
    want.scalar.insert("nvidia.com/gpu".into(), 1);
    let got = fits_request(&want, 3, &used, &alloc);
    let reasons: Vec<&str> = got.iter().map(|i| i.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "Too many pods",
            "Insufficient cpu",
            "Insufficient memory",
            "Insufficient nvidia.com/gpu"
        ]
    );
    assert!(!got[1].unresolvable);
    assert!(got[3].unresolvable, "no GPU at all on the node");
    // A pod that requests nothing only needs a pod slot.
    assert!(fits_request(&Resources::default(), 2, &used, &alloc).is_empty());
    // Exactly full is still a fit.
    let exact = Resources {
        milli_cpu: 500,
        ..Resources::default()
    };
    assert!(fits_request(&exact, 0, &used, &alloc).is_empty());
    let too_big = Resources {
        milli_cpu: 8000,
        ..Resources::default()
    };
    assert!(fits_request(&too_big, 0, &Resources::default(), &alloc)[0].unresolvable);
}

#[test]
fn add_and_sub_undo_each_other() {
    let mut a = Resources {
        milli_cpu: 100,
        memory: 5,
        ..Resources::default()
    };
    let mut b = Resources {
        milli_cpu: 30,
        memory: 2,
        ..Resources::default()
    };
    b.scalar.insert("x.io/y".into(), 3);
    let orig = a.clone();
    a.add(&b);
    assert_eq!(a.milli_cpu, 130);
    a.sub(&b);
    assert_eq!(a, orig);
}
