//! Cluster DNS as CoreDNS answers it from Services and their endpoints
//! (the Kubernetes DNS-Based Service Discovery specification):
//!
//! - `<service>.<ns>.svc.cluster.local`: the ClusterIP, or for a headless Service
//!   (`clusterIP: None`) the IPs of its ready pods;
//! - `<hostname>.<service>.<ns>.svc.cluster.local`: a pod whose `spec.hostname` and
//!   `spec.subdomain` are set and which a headless Service of that name selects, once it
//!   is ready (unless `publishNotReadyAddresses`). StatefulSet pods get both from the
//!   controller (`hostname` = pod name, `subdomain` = `serviceName`).
//!
//! Short names are tried with a pod's search list (`<ns>.svc.cluster.local`,
//! `svc.cluster.local`, `cluster.local`), so `mysql-0.mysql` resolves from the default
//! namespace. kubesim allocates no ClusterIPs: a non-headless Service resolves only when
//! its manifest gives `spec.clusterIP`.

use crate::api::core::Service;
use crate::api::object::Object;
use crate::api::pod::Pod;
use crate::controllers::podutil::is_ready;
use crate::manifest::diagnostic::Text;
use crate::selector::Selector;
use crate::sim::engine::Cluster;
use crate::sim::events::EventType;
use crate::sim::store::Key;

/// The cluster domain of a kind cluster.
pub const CLUSTER_DOMAIN: &str = "cluster.local";
/// The ClusterIP of kube-dns in a kind cluster.
pub const DNS_SERVER: &str = "10.96.0.10";

/// What a name resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// One pod's own record.
    Pod {
        fqdn: String,
        pod: String,
        ip: String,
    },
    /// A Service: its ClusterIP, or the ready pods' IPs for a headless Service.
    Service {
        fqdn: String,
        ips: Vec<String>,
        headless: bool,
    },
}

impl Answer {
    pub fn fqdn(&self) -> &str {
        match self {
            Answer::Pod { fqdn, .. } | Answer::Service { fqdn, .. } => fqdn,
        }
    }

    pub fn ips(&self) -> Vec<String> {
        match self {
            Answer::Pod { ip, .. } => vec![ip.clone()],
            Answer::Service { ips, .. } => ips.clone(),
        }
    }
}

/// NXDOMAIN, and why, in words a student can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NxDomain {
    /// The fully qualified name that was looked up first.
    pub fqdn: String,
    pub why: Text,
}

fn pod_ip(pod: &Pod) -> Option<&str> {
    pod.status
        .as_ref()
        .and_then(|s| s.pod_ip.as_deref())
        .filter(|ip| !ip.is_empty())
}

/// Whether the endpoints of `svc` list `pod` as a ready (published) address.
fn published(svc: &Service, pod: &Pod) -> bool {
    pod.metadata.deletion_timestamp.is_none()
        && pod_ip(pod).is_some()
        && (is_ready(pod) || svc.spec.publish_not_ready_addresses == Some(true))
}

fn selects(svc: &Service, pod: &Pod) -> bool {
    match &svc.spec.selector {
        Some(sel) if !sel.is_empty() => {
            Selector::from_set(sel).matches(&pod.metadata.labels.clone().unwrap_or_default())
        }
        _ => false,
    }
}

impl Cluster {
    fn service(&self, namespace: &str, name: &str) -> Option<&Service> {
        match self.store.get(&Key::new("Service", namespace, name)) {
            Some(Object::Service(s)) => Some(s),
            _ => None,
        }
    }

    fn pods_of<'a>(
        &'a self,
        svc: &'a Service,
        namespace: &'a str,
    ) -> impl Iterator<Item = &'a Pod> {
        self.store
            .pods()
            .filter(move |p| p.metadata.namespace.as_deref().unwrap_or("default") == namespace)
            .filter(move |p| selects(svc, p))
    }

    /// Resolves `name` as a pod in `namespace` would (its search list applied).
    pub fn resolve(&self, name: &str, namespace: &str) -> Result<Answer, NxDomain> {
        let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
        let suffix = format!(".{CLUSTER_DOMAIN}");
        let candidates: Vec<String> = if name.ends_with(&suffix) {
            vec![name.clone()]
        } else {
            vec![
                format!("{name}.{namespace}.svc.{CLUSTER_DOMAIN}"),
                format!("{name}.svc.{CLUSTER_DOMAIN}"),
                format!("{name}.{CLUSTER_DOMAIN}"),
            ]
        };
        let mut first_error: Option<NxDomain> = None;
        for fqdn in &candidates {
            match self.resolve_fqdn(fqdn) {
                Ok(answer) => return Ok(answer),
                Err(e) => {
                    if first_error.is_none() {
                        first_error = Some(e);
                    }
                }
            }
        }
        Err(first_error.unwrap_or(NxDomain {
            fqdn: name.clone(),
            why: Text::new("the name is empty", "이름이 비어 있습니다"),
        }))
    }

    fn resolve_fqdn(&self, fqdn: &str) -> Result<Answer, NxDomain> {
        let nx = |en: String, ko: String| NxDomain {
            fqdn: fqdn.to_string(),
            why: Text::new(en, ko),
        };
        let Some(prefix) = fqdn.strip_suffix(&format!(".svc.{CLUSTER_DOMAIN}")) else {
            return Err(nx(
                format!("{fqdn} is not a Service name (<service>.<namespace>.svc.{CLUSTER_DOMAIN})"),
                format!("{fqdn}은(는) 서비스 이름(<service>.<namespace>.svc.{CLUSTER_DOMAIN})이(가) 아닙니다"),
            ));
        };
        let parts: Vec<&str> = prefix.split('.').collect();
        let (host, svc_name, ns) = match parts.as_slice() {
            [svc, ns] => (None, *svc, *ns),
            [host, svc, ns] => (Some(*host), *svc, *ns),
            _ => {
                return Err(nx(
                    format!("{fqdn} has too many or too few labels for a Service or pod record"),
                    format!("{fqdn}은(는) 서비스나 Pod 레코드의 형식이 아닙니다"),
                ))
            }
        };
        let Some(svc) = self.service(ns, svc_name) else {
            return Err(nx(
                format!("there is no Service {svc_name:?} in namespace {ns:?}; a StatefulSet's pods get DNS names only through the headless Service named in its spec.serviceName, so create it (clusterIP: None)"),
                format!("네임스페이스 {ns:?}에 서비스 {svc_name:?}이(가) 없습니다. StatefulSet의 Pod는 spec.serviceName에 적힌 헤드리스 서비스를 통해서만 DNS 이름을 얻으므로 그 서비스(clusterIP: None)을(를) 만드세요"),
            ));
        };
        let headless = svc.spec.is_headless();
        match host {
            None if headless => {
                let ips: Vec<String> = self
                    .pods_of(svc, ns)
                    .filter(|p| published(svc, p))
                    .filter_map(|p| pod_ip(p).map(str::to_string))
                    .collect();
                if ips.is_empty() {
                    return Err(nx(
                        format!("the headless Service {svc_name:?} has no ready pods, so it has no addresses"),
                        format!("헤드리스 서비스 {svc_name:?}에 준비된 Pod가 없어 주소가 없습니다"),
                    ));
                }
                Ok(Answer::Service {
                    fqdn: fqdn.to_string(),
                    ips,
                    headless: true,
                })
            }
            None => match svc
                .spec
                .cluster_ip
                .clone()
                .filter(|ip| !ip.is_empty() && ip != "None")
            {
                Some(ip) => Ok(Answer::Service {
                    fqdn: fqdn.to_string(),
                    ips: vec![ip],
                    headless: false,
                }),
                None => Err(nx(
                    format!("Service {svc_name:?} has no spec.clusterIP; kubesim allocates no ClusterIPs, so give one in the manifest to resolve it"),
                    format!("서비스 {svc_name:?}에 spec.clusterIP가 없습니다. kubesim은 ClusterIP를 할당하지 않으므로 매니페스트에 적어 주세요"),
                )),
            },
            Some(host) => {
                if !headless {
                    return Err(nx(
                        format!("Service {svc_name:?} is not headless: only a headless Service (clusterIP: None) gives each pod its own name {host}.{svc_name}"),
                        format!("서비스 {svc_name:?}이(가) 헤드리스가 아닙니다. 헤드리스 서비스(clusterIP: None)만 각 Pod에 {host}.{svc_name} 같은 이름을 줍니다"),
                    ));
                }
                let named: Vec<&Pod> = self
                    .store
                    .pods()
                    .filter(|p| p.metadata.namespace.as_deref().unwrap_or("default") == ns)
                    .filter(|p| p.spec.hostname.as_deref() == Some(host))
                    .filter(|p| p.spec.subdomain.as_deref() == Some(svc_name))
                    .collect();
                if named.is_empty() {
                    return Err(nx(
                        format!("no pod in namespace {ns:?} has hostname {host:?} and subdomain {svc_name:?} (a StatefulSet pod gets them from its name and spec.serviceName)"),
                        format!("네임스페이스 {ns:?}에 hostname {host:?}, subdomain {svc_name:?}인 Pod가 없습니다 (StatefulSet의 Pod는 이름과 spec.serviceName에서 이 값을 받습니다)"),
                    ));
                }
                let Some(pod) = named.iter().find(|p| selects(svc, p)) else {
                    return Err(nx(
                        format!("pod {host} is not selected by Service {svc_name:?}: its labels do not match the Service's selector"),
                        format!("Pod {host}의 레이블이 서비스 {svc_name:?}의 셀렉터와 맞지 않아 선택되지 않습니다"),
                    ));
                };
                let pod_name = pod.metadata.name.clone().unwrap_or_default();
                match pod_ip(pod).filter(|_| published(svc, pod)) {
                    Some(ip) => Ok(Answer::Pod {
                        fqdn: fqdn.to_string(),
                        pod: pod_name,
                        ip: ip.to_string(),
                    }),
                    None => Err(nx(
                        format!("pod {pod_name} is not ready yet (or is terminating); a headless Service publishes only ready pods unless publishNotReadyAddresses is true"),
                        format!("Pod {pod_name}이(가) 아직 준비되지 않았거나 종료 중입니다. 헤드리스 서비스는 publishNotReadyAddresses가 true가 아니면 준비된 Pod만 공개합니다"),
                    )),
                }
            }
        }
    }

    /// What `nslookup <name>` prints from a busybox pod in `namespace`.
    pub fn nslookup(&self, name: &str, namespace: &str) -> String {
        let mut out = format!("Server:\t\t{DNS_SERVER}\nAddress:\t{DNS_SERVER}:53\n\n");
        match self.resolve(name, namespace) {
            Ok(answer) => {
                for ip in answer.ips() {
                    out.push_str(&format!("Name:\t{}\nAddress: {ip}\n", answer.fqdn()));
                }
            }
            Err(nx) => out.push_str(&format!("** server can't find {}: NXDOMAIN\n", nx.fqdn)),
        }
        out
    }

    /// kubesim's own note (no real cluster says this): a StatefulSet whose governing
    /// Service is missing or not headless gives its pods no DNS names. Recorded once, as a
    /// Warning event and a trace step, when the cluster settles.
    pub(crate) fn note_missing_governing_services(&mut self) {
        let mut notes: Vec<(Key, String, Text)> = Vec::new();
        for obj in self.store.list("StatefulSet") {
            let Object::StatefulSet(set) = obj else {
                continue;
            };
            let Some(svc_name) = set.spec.service_name.as_deref().filter(|s| !s.is_empty()) else {
                continue;
            };
            let ns = set.metadata.namespace.as_deref().unwrap_or("default");
            let set_name = set.metadata.name.as_deref().unwrap_or("");
            let (message, why) = match self.service(ns, svc_name) {
                Some(svc) if svc.spec.is_headless() => continue,
                Some(_) => (
                    format!("serviceName {svc_name:?} names a Service that is not headless (clusterIP: None); the pods get no DNS names like {set_name}-0.{svc_name}"),
                    Text::new(
                        format!("statefulset/{set_name} names Service {svc_name:?}, which is not headless (clusterIP: None), so its pods get no DNS names like {set_name}-0.{svc_name}"),
                        format!("statefulset/{set_name}의 serviceName {svc_name:?} 서비스가 헤드리스(clusterIP: None)이(가) 아니어서 Pod가 {set_name}-0.{svc_name} 같은 DNS 이름을 얻지 못합니다"),
                    ),
                ),
                None => (
                    format!("serviceName {svc_name:?} names a Service that does not exist; create a headless Service (clusterIP: None) so the pods get DNS names like {set_name}-0.{svc_name}"),
                    Text::new(
                        format!("statefulset/{set_name} names Service {svc_name:?}, which does not exist: the pods run but get no DNS names like {set_name}-0.{svc_name} until a headless Service (clusterIP: None) of that name exists"),
                        format!("statefulset/{set_name}의 serviceName {svc_name:?} 서비스가 없습니다. Pod는 실행되지만 그 이름의 헤드리스 서비스(clusterIP: None)이(가) 생길 때까지 {set_name}-0.{svc_name} 같은 DNS 이름을 얻지 못합니다"),
                    ),
                ),
            };
            let key = Key::new("StatefulSet", ns, set_name);
            let object = key.to_string();
            let already = self.events.all().iter().any(|e| {
                e.reason == "NoGoverningService" && e.object == object && e.message == message
            });
            if !already {
                notes.push((key, message, why));
            }
        }
        for (key, message, why) in notes {
            self.event(
                EventType::Warning,
                "NoGoverningService",
                &key,
                &message,
                "kubesim",
            );
            self.record("kubesim", "warn", key.to_string(), why);
        }
    }
}
