//! What a fresh `kind` cluster runs before a student applies anything: the four namespaces,
//! kube-proxy (a DaemonSet: one Pod on every node) and CoreDNS (a Deployment of two
//! replicas) in kube-system, as kubeadm installs them (cmd/kubeadm/app/phases/addons/proxy
//! and addons/dns manifests.go: `KubeProxyDaemonSet19`, `CoreDNSDeployment`), so that
//! `kubectl get pods -A` and `kubectl get ds -n kube-system` show what students see on kind.
//!
//! The add-ons are created as kind creates them, before the cluster's start: the
//! control-plane nodes first, then CoreDNS (which tolerates the control-plane taint, so both
//! replicas land there, as on kind, and the workers' resources stay free), then the workers,
//! each getting its kube-proxy Pod. By the start they are all Running and Ready; the trace
//! and the events of that set-up are dropped, the names and uids of kube-system objects
//! come from a random stream of their own, and hostNetwork Pods (kube-proxy) take the node's
//! IP, so everything in the default namespace — names, IPs, placements, times, traces — is
//! what it is on a cluster without the add-ons.

use std::collections::BTreeMap;

use crate::api::object::Object;
use crate::manifest::load::load_text;
use crate::sim::clock::{Duration, Time};
use crate::sim::engine::{Cluster, ClusterConfig, SimError};
use crate::sim::topology::make_node;
use crate::state::events::EventLog;

/// The namespaces every cluster has (`kubectl get namespaces` on kind).
pub const NAMESPACES: [&str; 4] = ["default", "kube-node-lease", "kube-public", "kube-system"];

/// Where the add-ons live.
pub const SYSTEM_NAMESPACE: &str = "kube-system";

/// How long before its start the cluster was created: the add-ons are up by then, and the
/// Deployment controller's one progress-deadline check (600 s after CoreDNS started) is past.
pub const SET_UP_BEFORE: Duration = Duration(15 * 60 * 1000);

/// kubeadm's kube-proxy DaemonSet, with the release's image.
pub const KUBE_PROXY: &str = r#"apiVersion: apps/v1
kind: DaemonSet
metadata:
  labels:
    k8s-app: kube-proxy
  name: kube-proxy
  namespace: kube-system
spec:
  selector:
    matchLabels:
      k8s-app: kube-proxy
  updateStrategy:
    type: RollingUpdate
  template:
    metadata:
      labels:
        k8s-app: kube-proxy
    spec:
      priorityClassName: system-node-critical
      containers:
      - name: kube-proxy
        image: registry.k8s.io/kube-proxy:v1.36.0
        imagePullPolicy: IfNotPresent
        command:
        - /usr/local/bin/kube-proxy
        - --config=/var/lib/kube-proxy/config.conf
        - --hostname-override=$(NODE_NAME)
        securityContext:
          capabilities:
            add: ["NET_ADMIN", "SYS_MODULE"]
        env:
        - name: NODE_NAME
          valueFrom:
            fieldRef:
              fieldPath: spec.nodeName
      hostNetwork: true
      serviceAccountName: kube-proxy
      tolerations:
      - key: CriticalAddonsOnly
        operator: Exists
      - operator: Exists
      nodeSelector:
        kubernetes.io/os: linux
"#;

/// kubeadm's CoreDNS Deployment (two replicas), without its ConfigMap volume.
pub const COREDNS: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels:
    k8s-app: kube-dns
spec:
  replicas: 2
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
  selector:
    matchLabels:
      k8s-app: kube-dns
  template:
    metadata:
      labels:
        k8s-app: kube-dns
    spec:
      priorityClassName: system-cluster-critical
      serviceAccountName: coredns
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              labelSelector:
                matchExpressions:
                - key: k8s-app
                  operator: In
                  values: ["kube-dns"]
              topologyKey: kubernetes.io/hostname
      tolerations:
      - key: CriticalAddonsOnly
        operator: Exists
      - key: node-role.kubernetes.io/control-plane
        effect: NoSchedule
      nodeSelector:
        kubernetes.io/os: linux
      containers:
      - name: coredns
        image: registry.k8s.io/coredns/coredns:v1.12.1
        imagePullPolicy: IfNotPresent
        resources:
          limits:
            memory: 170Mi
          requests:
            cpu: 100m
            memory: 70Mi
        args: [ "-conf", "/etc/coredns/Corefile" ]
        ports:
        - containerPort: 53
          name: dns
          protocol: UDP
        - containerPort: 53
          name: dns-tcp
          protocol: TCP
        - containerPort: 9153
          name: metrics
          protocol: TCP
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            add:
            - NET_BIND_SERVICE
            drop:
            - ALL
          readOnlyRootFilesystem: true
      dnsPolicy: Default
"#;

/// The add-on objects, decoded with the API server's defaults.
pub fn addons() -> Result<Vec<Object>, crate::Error> {
    let mut out = Vec::new();
    for (text, file) in [(KUBE_PROXY, "kube-proxy.yaml"), (COREDNS, "coredns.yaml")] {
        out.extend(load_text(text, file)?.into_iter().map(|l| l.object));
    }
    Ok(out)
}

/// True for objects whose names and uids come from the add-ons' own random stream.
pub fn is_system(namespace: Option<&str>) -> bool {
    namespace == Some(SYSTEM_NAMESPACE)
}

/// The time the cluster was created, for a cluster that starts at `start`.
pub fn created_at(start: Time) -> Time {
    Time(start.0 - SET_UP_BEFORE.0)
}

impl Cluster {
    /// A cluster as `kind create cluster` leaves it: the configured nodes and the add-ons
    /// in kube-system, all Running, at the configured start. A cluster without a
    /// control-plane node gets no add-ons (kind always has one; CoreDNS would otherwise
    /// take room on the workers).
    pub fn with_addons(config: ClusterConfig) -> Result<Cluster, SimError> {
        let invalid = |e: crate::Error| SimError::Invalid(e.to_string());
        if config.topology.control_planes == 0 {
            return Cluster::new(config).map_err(invalid);
        }
        let start = config.start;
        let mut first = config.clone();
        first.topology.workers = 0;
        first.start = created_at(start);
        let mut cluster = Cluster::new(first).map_err(invalid)?;
        cluster.install_addons()?;
        let workers = config
            .topology
            .node_names()
            .into_iter()
            .filter(|(_, cp)| !cp);
        for (name, _) in workers {
            let node = make_node(
                &name,
                cluster.next_node_index,
                false,
                &config.topology.shape,
                &BTreeMap::new(),
                Vec::new(),
                cluster.now,
            )
            .map_err(invalid)?;
            cluster.insert_node(node)?;
        }
        cluster.finish_addons(start)?;
        Ok(cluster)
    }

    /// The namespaces of the cluster, in name order: the four every cluster has, and any
    /// other that an object lives in (kubesim creates a namespace on first use).
    pub fn namespaces(&self) -> Vec<String> {
        let mut names: std::collections::BTreeSet<String> =
            NAMESPACES.iter().map(|s| s.to_string()).collect();
        names.extend(
            self.store
                .all()
                .filter_map(|o| o.metadata().namespace.clone()),
        );
        names.into_iter().collect()
    }

    /// Applies the add-ons and runs until they are up (the control-plane nodes exist).
    pub(crate) fn install_addons(&mut self) -> Result<(), SimError> {
        let objects = addons().map_err(|e| SimError::Invalid(e.to_string()))?;
        self.apply(objects)?;
        self.run(SET_UP_BEFORE)?;
        Ok(())
    }

    /// Lets the workers' kube-proxy Pods start, moves the clock to `start` and forgets the
    /// set-up: its trace steps and events.
    pub(crate) fn finish_addons(&mut self, start: Time) -> Result<(), SimError> {
        let sched_start = self.sched_start_index;
        if self.now.0 < start.0 {
            self.advance(start.since(self.now))?;
        }
        self.now = start;
        self.sched_start_index = sched_start;
        self.trace.clear();
        // Forget the set-up's events but keep the cluster's retention (its TTL).
        self.events = EventLog::with_ttl(self.events.ttl());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_cluster_starts_with_its_addons_up_and_nothing_pending() {
        let c = Cluster::with_addons(ClusterConfig::default()).unwrap();
        assert_eq!(c.now, Time::DEFAULT_START);
        assert!(c.trace().is_empty());
        assert_eq!(
            c.next_wakeup(),
            None,
            "nothing of the set-up may still be due"
        );
        let pods: Vec<_> = c.store.pods().collect();
        // kube-proxy on 4 nodes, coredns twice on the control plane.
        assert_eq!(pods.len(), 6);
        for p in &pods {
            assert_eq!(p.metadata.namespace.as_deref(), Some("kube-system"));
            let status = p.status.as_ref().unwrap();
            assert_eq!(
                status.phase.as_deref(),
                Some("Running"),
                "{:?}",
                p.metadata.name
            );
        }
        let coredns: Vec<_> = pods
            .iter()
            .filter(|p| p.metadata.name_or_empty().starts_with("coredns-"))
            .map(|p| p.spec.node_name.clone().unwrap_or_default())
            .collect();
        assert_eq!(coredns, ["kind-control-plane", "kind-control-plane"]);
        assert_eq!(
            c.namespaces(),
            ["default", "kube-node-lease", "kube-public", "kube-system"]
        );
    }

    #[test]
    fn the_default_namespace_is_as_without_addons() {
        let frontend = load_text(
            "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx, resources: {requests: {cpu: 500m}}}]}\n",
            "web.yaml",
        )
        .unwrap();
        let objects: Vec<Object> = frontend.into_iter().map(|l| l.object).collect();
        let run = |mut c: Cluster| {
            c.apply(objects.clone()).unwrap();
            c.run(Duration(3_600_000)).unwrap();
            let pods: Vec<(String, String, String, String)> = c
                .store
                .pods()
                .filter(|p| p.metadata.namespace.as_deref() == Some("default"))
                .map(|p| {
                    let st = p.status.clone().unwrap_or_default();
                    (
                        p.metadata.name_or_empty().to_string(),
                        p.spec.node_name.clone().unwrap_or_default(),
                        st.pod_ip.unwrap_or_default(),
                        p.metadata.uid.clone().unwrap_or_default(),
                    )
                })
                .collect();
            let steps: Vec<String> = c
                .trace()
                .iter()
                .map(|s| format!("{:?} {} {} {}", s.time, s.actor, s.verb, s.target))
                .collect();
            (pods, steps, c.now)
        };
        let plain = run(Cluster::new(ClusterConfig::default()).unwrap());
        let kind = run(Cluster::with_addons(ClusterConfig::default()).unwrap());
        assert_eq!(plain, kind);
    }

    #[test]
    fn addons_load_with_their_real_labels_and_tolerations() {
        let objects = addons().unwrap();
        assert_eq!(objects.len(), 2);
        let json: Vec<serde_json::Value> = objects.iter().map(|o| o.to_json()).collect();
        assert_eq!(json[0]["kind"], "DaemonSet");
        assert_eq!(
            json[0]["spec"]["selector"]["matchLabels"]["k8s-app"],
            "kube-proxy"
        );
        assert_eq!(
            json[0]["spec"]["template"]["spec"]["tolerations"][1]["operator"],
            "Exists"
        );
        assert_eq!(json[1]["kind"], "Deployment");
        assert_eq!(json[1]["spec"]["replicas"], 2);
        assert_eq!(
            json[1]["spec"]["template"]["spec"]["tolerations"][1]["key"],
            "node-role.kubernetes.io/control-plane"
        );
    }
}
