//! Resource requests and allocatable, in the integer units the scheduler uses: milli-CPU,
//! bytes of memory and ephemeral storage, whole units of extended resources, and pods.
//!
//! Facts from k8s.io/component-helpers resource/helpers.go (`PodRequests`,
//! `AggregateContainerRequests`: containers are summed, init containers take the maximum,
//! restartable "sidecar" init containers add up before the ones that follow; `applyNonMissing`),
//! pkg/scheduler/framework/types.go (`Resource.Add`, `SetMaxResource`,
//! `getNonMissingContainerRequests`), pkg/scheduler/util/pod_resources.go (the non-zero
//! defaults 100m CPU and 200Mi memory), pkg/scheduler/framework/plugins/noderesources/fit.go
//! (`fitsRequest` and its reasons) and pkg/apis/core/v1/defaults.go (a container's requests
//! default to its limits, which the API server stores; applied here too, since kubesim's
//! loader leaves requests as written).

use std::collections::BTreeMap;

use crate::api::container::{Container, ResourceList};
use crate::api::node::Node;
use crate::api::pod::PodSpec;
use crate::api::quantity::Quantity;

/// The CPU a container without a CPU request counts as, for scoring only (millicores).
pub const DEFAULT_MILLI_CPU_REQUEST: i64 = 100;
/// The memory a container without a memory request counts as, for scoring only (200Mi).
pub const DEFAULT_MEMORY_REQUEST: i64 = 200 * 1024 * 1024;

/// An amount of every resource the scheduler tracks (upstream `framework.Resource`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resources {
    pub milli_cpu: i64,
    pub memory: i64,
    pub ephemeral_storage: i64,
    /// Only meaningful for allocatable: how many pods the node accepts.
    pub allowed_pods: i64,
    /// Extended resources (`nvidia.com/gpu`), hugepages and other scalar resources.
    pub scalar: BTreeMap<String, i64>,
}

fn to_i64(v: i128) -> i64 {
    v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// Whether the scheduler tracks `name` as a scalar resource (upstream
/// `schedutil.IsScalarResourceName`: extended and prefixed resources, hugepages,
/// attachable volumes).
pub fn is_scalar_resource_name(name: &str) -> bool {
    name.contains('/') || name.starts_with("hugepages-") || name.starts_with("attachable-volumes-")
}

impl Resources {
    /// Reads a resource list (upstream `NewResource`): CPU in millicores, everything else
    /// in whole units rounded up.
    pub fn from_list(list: &ResourceList) -> Resources {
        let mut r = Resources::default();
        for (name, q) in list {
            r.add_one(name, q);
        }
        r
    }

    fn add_one(&mut self, name: &str, q: &Quantity) {
        match name {
            "cpu" => self.milli_cpu = self.milli_cpu.saturating_add(to_i64(q.milli_value())),
            "memory" => self.memory = self.memory.saturating_add(to_i64(q.value())),
            "ephemeral-storage" => {
                self.ephemeral_storage = self.ephemeral_storage.saturating_add(to_i64(q.value()))
            }
            "pods" => self.allowed_pods = self.allowed_pods.saturating_add(to_i64(q.value())),
            other if is_scalar_resource_name(other) => {
                let e = self.scalar.entry(other.to_string()).or_insert(0);
                *e = e.saturating_add(to_i64(q.value()));
            }
            _ => {}
        }
    }

    /// Adds `other` to `self`.
    pub fn add(&mut self, other: &Resources) {
        self.milli_cpu = self.milli_cpu.saturating_add(other.milli_cpu);
        self.memory = self.memory.saturating_add(other.memory);
        self.ephemeral_storage = self
            .ephemeral_storage
            .saturating_add(other.ephemeral_storage);
        self.allowed_pods = self.allowed_pods.saturating_add(other.allowed_pods);
        for (k, v) in &other.scalar {
            let e = self.scalar.entry(k.clone()).or_insert(0);
            *e = e.saturating_add(*v);
        }
    }

    /// Subtracts `other` from `self` (to undo an [`Resources::add`]).
    pub fn sub(&mut self, other: &Resources) {
        self.milli_cpu = self.milli_cpu.saturating_sub(other.milli_cpu);
        self.memory = self.memory.saturating_sub(other.memory);
        self.ephemeral_storage = self
            .ephemeral_storage
            .saturating_sub(other.ephemeral_storage);
        self.allowed_pods = self.allowed_pods.saturating_sub(other.allowed_pods);
        for (k, v) in &other.scalar {
            let e = self.scalar.entry(k.clone()).or_insert(0);
            *e = e.saturating_sub(*v);
            if *e == 0 {
                self.scalar.remove(k);
            }
        }
    }

    /// Takes the maximum per resource (upstream `SetMaxResource`).
    pub fn set_max(&mut self, other: &Resources) {
        self.milli_cpu = self.milli_cpu.max(other.milli_cpu);
        self.memory = self.memory.max(other.memory);
        self.ephemeral_storage = self.ephemeral_storage.max(other.ephemeral_storage);
        for (k, v) in &other.scalar {
            let e = self.scalar.entry(k.clone()).or_insert(0);
            *e = (*e).max(*v);
        }
    }

    /// True when nothing at all is requested.
    pub fn is_zero(&self) -> bool {
        self.milli_cpu == 0
            && self.memory == 0
            && self.ephemeral_storage == 0
            && self.scalar.values().all(|v| *v == 0)
    }
}

/// A container's requests as the API server stores them: requests, with limits filling in
/// the resources that have no request.
fn container_requests(c: &Container, non_missing: bool) -> Resources {
    let res = c.resources.as_ref();
    let requests = res.and_then(|r| r.requests.as_ref());
    let limits = res.and_then(|r| r.limits.as_ref());
    let mut out = Resources::default();
    let has = |name: &str| {
        requests.is_some_and(|r| r.contains_key(name))
            || limits.is_some_and(|l| l.contains_key(name))
    };
    for (name, q) in requests.into_iter().flatten() {
        out.add_one(name, q);
    }
    for (name, q) in limits.into_iter().flatten() {
        if !requests.is_some_and(|r| r.contains_key(name)) {
            out.add_one(name, q);
        }
    }
    if non_missing {
        if !has("cpu") {
            out.milli_cpu = out.milli_cpu.saturating_add(DEFAULT_MILLI_CPU_REQUEST);
        }
        if !has("memory") {
            out.memory = out.memory.saturating_add(DEFAULT_MEMORY_REQUEST);
        }
    }
    out
}

fn is_restartable(c: &Container) -> bool {
    c.restart_policy.as_deref() == Some("Always")
}

/// Upstream `AggregateContainerRequests`: the sum of the containers; each init container
/// needs itself plus the sidecars (restartable init containers) started before it; the
/// pod needs the larger of the two. `non_missing` adds the scoring defaults to every
/// container that has no CPU or memory request.
fn aggregate(spec: &PodSpec, non_missing: bool) -> Resources {
    let mut reqs = Resources::default();
    for c in &spec.containers {
        reqs.add(&container_requests(c, non_missing));
    }
    let mut sidecars = Resources::default();
    let mut init_max = Resources::default();
    for c in spec.init_containers.iter().flatten() {
        let own = container_requests(c, non_missing);
        let use_now = if is_restartable(c) {
            reqs.add(&own);
            sidecars.add(&own);
            sidecars.clone()
        } else {
            let mut tmp = own;
            tmp.add(&sidecars);
            tmp
        };
        init_max.set_max(&use_now);
    }
    reqs.set_max(&init_max);
    reqs
}

/// What a pod requests, as `NodeResourcesFit` and the node's `Requested` count it
/// (pod-level resources and overhead are not modelled; see the module docs).
pub fn pod_requests(spec: &PodSpec) -> Resources {
    aggregate(spec, false)
}

/// What a pod counts as for `LeastAllocated` scoring: [`pod_requests`] with 100m CPU and
/// 200Mi memory for every container that requests none (upstream `NonZeroRequested`).
pub fn pod_non_zero_requests(spec: &PodSpec) -> Resources {
    aggregate(spec, true)
}

/// What the node offers: `status.allocatable` (upstream `NodeInfo.SetNode`). A node written
/// by hand without `allocatable` falls back to `capacity`, which a real kubelet always
/// reports alongside it.
pub fn node_allocatable(node: &Node) -> Resources {
    let status = node.status.as_ref();
    status
        .and_then(|s| s.allocatable.as_ref().or(s.capacity.as_ref()))
        .map(Resources::from_list)
        .unwrap_or_default()
}

/// One resource the node cannot supply (upstream `InsufficientResource`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insufficient {
    /// `pods`, `cpu`, `memory`, `ephemeral-storage` or a scalar resource name.
    pub resource: String,
    /// Upstream's reason: "Too many pods" or "Insufficient <resource>".
    pub reason: String,
    pub requested: i64,
    pub used: i64,
    pub capacity: i64,
    /// The request exceeds the node's whole allocatable, so preemption cannot help.
    pub unresolvable: bool,
}

/// Every resource the node lacks for the pod (upstream `fitsRequest`), in upstream's order:
/// pods, cpu, memory, ephemeral-storage, then scalar resources by name.
pub fn fits_request(
    request: &Resources,
    pod_count: usize,
    requested: &Resources,
    allocatable: &Resources,
) -> Vec<Insufficient> {
    let mut out = Vec::new();
    let pods = i64::try_from(pod_count).unwrap_or(i64::MAX);
    if pods.saturating_add(1) > allocatable.allowed_pods {
        out.push(Insufficient {
            resource: "pods".into(),
            reason: "Too many pods".into(),
            requested: 1,
            used: pods,
            capacity: allocatable.allowed_pods,
            unresolvable: false,
        });
    }
    if request.is_zero() {
        return out;
    }
    let mut check = |name: &str, want: i64, used: i64, cap: i64| {
        if want > 0 && want > cap.saturating_sub(used) {
            out.push(Insufficient {
                resource: name.to_string(),
                reason: format!("Insufficient {name}"),
                requested: want,
                used,
                capacity: cap,
                unresolvable: want > cap,
            });
        }
    };
    check(
        "cpu",
        request.milli_cpu,
        requested.milli_cpu,
        allocatable.milli_cpu,
    );
    check(
        "memory",
        request.memory,
        requested.memory,
        allocatable.memory,
    );
    check(
        "ephemeral-storage",
        request.ephemeral_storage,
        requested.ephemeral_storage,
        allocatable.ephemeral_storage,
    );
    for (name, want) in &request.scalar {
        let used = requested.scalar.get(name).copied().unwrap_or(0);
        let cap = allocatable.scalar.get(name).copied().unwrap_or(0);
        check(name, *want, used, cap);
    }
    out
}

#[cfg(test)]
#[path = "resources_tests.rs"]
mod tests;
