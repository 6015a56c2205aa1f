//! Defaults of pod specs, containers, probes, volumes and resource lists.
//!
//! Mirrors pkg/apis/core/v1/defaults.go and the generated walk over a pod spec in
//! pkg/apis/core/v1/zz_generated.defaults.go. Pod templates (in Deployments, Jobs, ...) get
//! [`set_defaults_pod_spec`]; only real Pods also get [`set_defaults_pod`].

use serde_json::{Map, Value};

use crate::api::container::{Container, Probe, ResourceList};
use crate::api::pod::{Pod, PodSpec, Volume};

use super::image::default_pull_policy;
use super::{set_if_empty, set_if_none};

/// Defaults a pod spec wherever it occurs (Pod, or any template).
/// Mirrors `SetDefaults_PodSpec` plus the per-field defaults the generated code applies to
/// containers, ports, probes, env and volumes.
pub fn set_defaults_pod_spec(spec: &mut PodSpec) {
    set_if_empty(&mut spec.dns_policy, "ClusterFirst");
    set_if_empty(&mut spec.restart_policy, "Always");
    if spec.security_context.is_none() {
        spec.security_context = Some(Value::Object(Map::new()));
    }
    set_if_none(&mut spec.termination_grace_period_seconds, 30);
    set_if_empty(&mut spec.scheduler_name, "default-scheduler");
    for volume in spec.volumes.iter_mut().flatten() {
        set_defaults_volume(volume);
    }
    for container in spec.all_containers_mut() {
        set_defaults_container(container);
    }
}

/// Defaults only a Pod gets, not a template. Mirrors `SetDefaults_Pod`: requests copied
/// from limits where a request is missing, enableServiceLinks true, and with hostNetwork
/// every container port's hostPort set to its containerPort (since v1.28 only for Pods).
pub fn set_defaults_pod(pod: &mut Pod) {
    let spec = &mut pod.spec;
    for container in spec.all_containers_mut() {
        copy_limits_to_requests(container);
    }
    set_if_none(&mut spec.enable_service_links, true);
    if spec.host_network == Some(true) {
        for container in spec.all_containers_mut() {
            for port in container.ports.iter_mut().flatten() {
                if port.host_port.unwrap_or(0) == 0 {
                    port.host_port = Some(port.container_port);
                }
            }
        }
    }
    set_defaults_pod_spec(spec);
}

fn copy_limits_to_requests(container: &mut Container) {
    let Some(resources) = container.resources.as_mut() else {
        return;
    };
    let Some(limits) = resources.limits.as_ref() else {
        return;
    };
    let requests = resources.requests.get_or_insert_with(Default::default);
    for (name, quantity) in limits {
        requests
            .entry(name.clone())
            .or_insert_with(|| quantity.clone());
    }
}

/// Mirrors `SetDefaults_Container`, `SetDefaults_ContainerPort`, `SetDefaults_Probe`,
/// `SetDefaults_HTTPGetAction`, `SetDefaults_ObjectFieldSelector` and
/// `SetDefaults_ResourceList` for one container.
pub fn set_defaults_container(container: &mut Container) {
    if container
        .image_pull_policy
        .as_deref()
        .unwrap_or("")
        .is_empty()
    {
        let image = container.image.as_deref().unwrap_or("");
        container.image_pull_policy = Some(default_pull_policy(image).to_string());
    }
    set_if_empty(
        &mut container.termination_message_path,
        "/dev/termination-log",
    );
    set_if_empty(&mut container.termination_message_policy, "File");
    for port in container.ports.iter_mut().flatten() {
        set_if_empty(&mut port.protocol, "TCP");
    }
    for env in container.env.iter_mut().flatten() {
        if let Some(field_ref) = env
            .value_from
            .as_mut()
            .and_then(|v| v.get_mut("fieldRef"))
            .and_then(Value::as_object_mut)
        {
            let missing = field_ref
                .get("apiVersion")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty);
            if missing {
                field_ref.insert("apiVersion".into(), Value::String("v1".into()));
            }
        }
    }
    for probe in [
        &mut container.liveness_probe,
        &mut container.readiness_probe,
        &mut container.startup_probe,
    ]
    .into_iter()
    .flatten()
    {
        set_defaults_probe(probe);
    }
    if let Some(resources) = container.resources.as_mut() {
        for list in [&mut resources.limits, &mut resources.requests]
            .into_iter()
            .flatten()
        {
            set_defaults_resource_list(list);
        }
    }
}

/// Mirrors `SetDefaults_Probe` (zero counts as unset), `SetDefaults_HTTPGetAction` and the
/// `+default=""` of the gRPC probe's service.
pub fn set_defaults_probe(probe: &mut Probe) {
    let zero_or_none = |v: &mut Option<i32>, default: i32| {
        if v.unwrap_or(0) == 0 {
            *v = Some(default);
        }
    };
    zero_or_none(&mut probe.timeout_seconds, 1);
    zero_or_none(&mut probe.period_seconds, 10);
    zero_or_none(&mut probe.success_threshold, 1);
    zero_or_none(&mut probe.failure_threshold, 3);
    if let Some(http) = probe.http_get.as_mut() {
        set_if_empty(&mut http.path, "/");
        set_if_empty(&mut http.scheme, "HTTP");
    }
    if let Some(grpc) = probe.grpc.as_mut() {
        set_if_none(&mut grpc.service, String::new());
    }
}

/// Rounds every quantity up to milli precision. Mirrors `SetDefaults_ResourceList`.
pub fn set_defaults_resource_list(list: &mut ResourceList) {
    for quantity in list.values_mut() {
        if let Some(rounded) = quantity.rounded_to_milli() {
            *quantity = rounded;
        }
    }
}

/// Default file mode (0644) of secret, configMap, downwardAPI and projected volumes.
const DEFAULT_VOLUME_MODE: i64 = 0o644;

/// Mirrors `SetDefaults_Volume` (no source means emptyDir) and the defaults of the volume
/// sources kubesim can name: `SetDefaults_SecretVolumeSource`,
/// `SetDefaults_ConfigMapVolumeSource`, `SetDefaults_DownwardAPIVolumeSource`,
/// `SetDefaults_ProjectedVolumeSource`, `SetDefaults_ServiceAccountTokenProjection` and
/// `SetDefaults_HostPathVolumeSource`.
pub fn set_defaults_volume(volume: &mut Volume) {
    let source = &mut volume.source;
    if source.values().all(Value::is_null) {
        source.insert("emptyDir".into(), Value::Object(Map::new()));
        return;
    }
    for key in ["secret", "configMap", "downwardAPI", "projected"] {
        if let Some(obj) = source.get_mut(key).and_then(Value::as_object_mut) {
            obj.entry("defaultMode")
                .or_insert_with(|| Value::from(DEFAULT_VOLUME_MODE));
        }
    }
    if let Some(sources) = source
        .get_mut("projected")
        .and_then(|p| p.get_mut("sources"))
        .and_then(Value::as_array_mut)
    {
        for s in sources {
            if let Some(token) = s
                .get_mut("serviceAccountToken")
                .and_then(Value::as_object_mut)
            {
                token
                    .entry("expirationSeconds")
                    .or_insert_with(|| Value::from(3600));
            }
        }
    }
    if let Some(host_path) = source.get_mut("hostPath").and_then(Value::as_object_mut) {
        host_path
            .entry("type")
            .or_insert_with(|| Value::String(String::new()));
    }
}
