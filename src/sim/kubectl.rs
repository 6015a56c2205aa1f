//! `kubectl` against the simulated cluster: a parsed command line runs on the cluster and
//! prints what kubectl would print. Commands change state; time moves only with
//! `run`/`advance`, as in a real cluster where controllers act after kubectl returns.

use std::collections::BTreeMap;
use std::path::Path;

use crate::api::object::Object;
use crate::controllers::{podutil, Propagation};
use crate::kubectl::command::{Cascade, DeleteTarget, LabelChange, TaintChange};
use crate::kubectl::describe::{
    describe_deployment, describe_node, describe_pod, describe_replicaset,
};
use crate::kubectl::messages::{deleted, drain_preamble, operation};
use crate::kubectl::{
    parse, print_get, Command, Invocation, KubectlError, ResourceType, Section, Target,
};
use crate::manifest::load::load_path;
use crate::selector::{parse as parse_selector, Selector};
use crate::sim::engine::{Applied, Cluster, SimError};
use crate::sim::store::Key;

pub(crate) fn sim_error(e: SimError) -> KubectlError {
    // kubectl prints a refused update as the Status message alone.
    if let SimError::Rejected { message, .. } = &e {
        return KubectlError::new(message.en.clone(), message.ko.clone());
    }
    let text = e.to_string();
    KubectlError::new(
        format!("Error from server: {text}"),
        format!("서버 오류: {text}"),
    )
}

/// kubectl names the resource with its group: `deployments.apps "web" not found`.
pub(crate) fn not_found(resource: ResourceType, name: &str) -> KubectlError {
    let what = resource.qualified_plural();
    KubectlError::new(
        format!("Error from server (NotFound): {what} \"{name}\" not found"),
        format!("서버 오류 (NotFound): {what} \"{name}\"을(를) 찾을 수 없습니다"),
    )
}

/// `--field-selector`: each `key=value` compares the field at the dotted path (missing
/// fields read as ""), as the API server's field label selectors do.
fn field_selector_matches(object: &Object, fields: &[(String, bool, String)]) -> bool {
    let json = crate::kubectl::printers::object_json(object);
    fields.iter().all(|(key, equal, value)| {
        let found = key
            .split('.')
            .try_fold(&json, |v, k| v.get(k))
            .map(crate::kubectl::jsonpath::text)
            .unwrap_or_default();
        (found == *value) == *equal
    })
}

/// `--sort-by`: numbers and quantities by value, text by text, objects lacking the field
/// first (kubectl's `RuntimeSort`).
fn sort_by_path(objects: &mut [Object], template: &crate::kubectl::jsonpath::Template) {
    use serde_json::Value;
    let key = |o: &Object| -> (u8, f64, String) {
        let values = template.values(&crate::kubectl::printers::object_json(o));
        match values.first() {
            None | Some(Value::Null) => (0, 0.0, String::new()),
            Some(Value::Number(n)) => (1, n.as_f64().unwrap_or(0.0), String::new()),
            Some(v) => (2, 0.0, crate::kubectl::jsonpath::text(v)),
        }
    };
    objects.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        ka.0.cmp(&kb.0)
            .then(ka.1.total_cmp(&kb.1))
            .then(ka.2.cmp(&kb.2))
    });
}

impl Cluster {
    /// Runs one kubectl command line and returns what kubectl prints.
    pub fn kubectl(&mut self, line: &str) -> Result<String, KubectlError> {
        let invocation = parse(line)?;
        self.kubectl_invocation(invocation)
    }

    /// Carries out a parsed command (its `--dry-run` and `-o` already handled).
    pub(crate) fn kubectl_execute(
        &mut self,
        invocation: Invocation,
    ) -> Result<String, KubectlError> {
        let namespace = invocation
            .namespace
            .clone()
            .unwrap_or_else(|| "default".to_string());
        match invocation.command {
            Command::Get(get) => self.kubectl_get(&get, &namespace),
            Command::Describe(d) => self.kubectl_describe(&d.targets, &namespace),
            Command::Apply { files } => self.kubectl_apply(&files, false),
            Command::CreateFromFiles { files } => self.kubectl_apply(&files, true),
            Command::Delete(d) => {
                self.kubectl_delete(&d.target, d.selector.as_deref(), d.cascade, &namespace)
            }
            Command::Scale(s) => self.kubectl_scale(s.resource, &s.name, s.replicas, &namespace),
            Command::Cordon { node } => self.kubectl_cordon(&node, true),
            Command::Uncordon { node } => self.kubectl_cordon(&node, false),
            Command::Drain(d) => self.kubectl_drain(&d.node, d.ignore_daemonsets),
            Command::Label(l) => self.kubectl_label(&l.targets, &l.changes, &namespace),
            Command::Annotate(a) => self.kubectl_annotate(&a, &namespace),
            Command::Taint(t) => self.kubectl_taint(&t.node, &t.changes),
            Command::Run(r) => self.kubectl_run(&r, &namespace),
            Command::CreateJob(j) => self.kubectl_create_job(&j, &namespace),
            Command::Create(g) => self.create_generated(&g, &namespace),
            Command::Expose(e) => self.kubectl_expose(&e, &namespace),
            Command::Rollout(r) if r.resource == ResourceType::StatefulSet => {
                self.kubectl_rollout_statefulset(&r, &namespace)
            }
            Command::Rollout(r) if r.resource == ResourceType::DaemonSet => {
                self.kubectl_rollout_daemonset(&r, &namespace)
            }
            Command::SetImage(s) if s.resource == ResourceType::DaemonSet => {
                self.kubectl_set_image_daemonset(&s, &namespace)
            }
            Command::CreateDeployment(c) => self.kubectl_create_deployment(&c, &namespace),
            Command::SetImage(s) => self.kubectl_set_image(&s, &namespace),
            Command::Rollout(r) => self.kubectl_rollout(&r, &namespace),
            Command::Help(path) => crate::kubectl::discovery::help(&path),
            Command::ApiResources { namespaced, output } => Ok(
                crate::kubectl::discovery::api_resources(namespaced, output.as_deref()),
            ),
            Command::ApiVersions => Ok(crate::kubectl::discovery::api_versions()),
            Command::Explain { path, recursive } => {
                crate::kubectl::explain::explain(&path, recursive)
            }
            Command::Version { client } => Ok(crate::kubectl::discovery::version(client)),
        }
    }

    /// The objects a `get` target names, in store order.
    pub(crate) fn select(
        &self,
        target: &Target,
        namespace: &str,
        all_namespaces: bool,
        selector: Option<&Selector>,
    ) -> Vec<Object> {
        let kind = target.resource.kind();
        self.objects_of_kind(kind)
            .into_iter()
            .filter(|o| {
                all_namespaces
                    || !target.resource.is_namespaced()
                    || o.namespace().unwrap_or("default") == namespace
            })
            .filter(|o| target.name.as_deref().is_none_or(|n| o.name() == n))
            .filter(|o| selector.is_none_or(|s| s.matches(o.metadata().labels_or_empty())))
            .collect()
    }

    /// [`Cluster::select`] in the namespace, or NotFound when nothing matches.
    pub(crate) fn select_existing(
        &self,
        target: &Target,
        namespace: &str,
    ) -> Result<Vec<Object>, KubectlError> {
        let objects = self.select(target, namespace, false, None);
        if objects.is_empty() {
            return Err(not_found(
                target.resource,
                target.name.as_deref().unwrap_or(""),
            ));
        }
        Ok(objects)
    }

    fn kubectl_get(
        &self,
        get: &crate::kubectl::command::Get,
        namespace: &str,
    ) -> Result<String, KubectlError> {
        let selector = match get.selector.as_deref() {
            Some(s) => Some(
                parse_selector(s).map_err(|e| KubectlError::new(e.to_string(), e.to_string()))?,
            ),
            None => None,
        };
        let mut groups: Vec<(ResourceType, Vec<Object>)> = Vec::new();
        let events: Vec<_> = self
            .events
            .all()
            .iter()
            .filter(|e| get.all_namespaces || e.namespace == namespace || e.namespace.is_empty())
            .cloned()
            .collect();
        let mut want_events = false;
        for target in &get.targets {
            let members: Vec<ResourceType> = match target.resource {
                ResourceType::All => ResourceType::ALL_MEMBERS.to_vec(),
                r => vec![r],
            };
            for resource in members {
                if resource == ResourceType::Event {
                    want_events = true;
                    continue;
                }
                let t = Target {
                    resource,
                    name: target.name.clone(),
                };
                let objects = self.select(&t, namespace, get.all_namespaces, selector.as_ref());
                if let Some(name) = &target.name {
                    if objects.is_empty() {
                        return Err(not_found(resource, name));
                    }
                }
                if target.resource != ResourceType::All || !objects.is_empty() {
                    groups.push((resource, objects));
                }
            }
        }
        if let Some(spec) = get.field_selector.as_deref() {
            let fields = crate::kubectl::command::parse_field_selector(spec)?;
            for (_, objects) in &mut groups {
                objects.retain(|o| field_selector_matches(o, &fields));
            }
        }
        if let Some(path) = get.sort_by.as_deref() {
            let template = crate::kubectl::jsonpath::Template::relaxed(path)?;
            for (_, objects) in &mut groups {
                sort_by_path(objects, &template);
            }
        }
        let mut sections: Vec<Section<'_>> = groups
            .iter()
            .map(|(r, objs)| Section {
                in_given_order: get.sort_by.is_some(),
                ..Section::objects(*r, objs)
            })
            .collect();
        if want_events {
            sections.push(Section::events(&events));
        }
        Ok(print_get(get, &sections, self.now, namespace))
    }

    fn kubectl_describe(
        &self,
        targets: &[Target],
        namespace: &str,
    ) -> Result<String, KubectlError> {
        let mut out = Vec::new();
        for target in targets {
            let objects = self.select_existing(target, namespace)?;
            for obj in &objects {
                out.push(match obj {
                    Object::Pod(p) => describe_pod(p, self.events.all(), self.now),
                    Object::ReplicaSet(rs) => {
                        let uid = rs.metadata.uid.clone().unwrap_or_default();
                        let pods: Vec<_> = self
                            .store
                            .pods()
                            .filter(|p| {
                                podutil::controller_of(&p.metadata).is_some_and(|r| r.uid == uid)
                            })
                            .collect();
                        describe_replicaset(rs, &pods, self.events.all(), self.now)
                    }
                    Object::Deployment(d) => {
                        let rss = self.deployment_replica_sets(d);
                        describe_deployment(d, &rss, self.events.all(), self.now)
                    }
                    Object::DaemonSet(ds) => {
                        let uid = ds.metadata.uid.clone().unwrap_or_default();
                        let pods: Vec<_> = self
                            .store
                            .pods()
                            .filter(|p| {
                                podutil::controller_of(&p.metadata).is_some_and(|r| r.uid == uid)
                            })
                            .collect();
                        crate::kubectl::describe::describe_daemonset(
                            ds,
                            &pods,
                            self.events.all(),
                            self.now,
                        )
                    }
                    Object::Node(n) => {
                        let name = n.metadata.name.clone().unwrap_or_default();
                        let pods: Vec<_> = self
                            .store
                            .pods()
                            .filter(|p| podutil::node_name(p) == name)
                            .collect();
                        describe_node(n, &pods, self.events.all(), self.now)
                    }
                    other => match self.describe_more(other) {
                        Some(text) => text,
                        None => crate::manifest::render::to_yaml(&other.to_json()),
                    },
                });
            }
        }
        Ok(out.join("\n\n"))
    }

    fn kubectl_apply(
        &mut self,
        files: &[String],
        create_only: bool,
    ) -> Result<String, KubectlError> {
        let mut out = String::new();
        for file in files {
            let loaded = load_path(Path::new(file))
                .map_err(|e| KubectlError::new(format!("{e}"), format!("{e}")))?;
            let objects: Vec<Object> = loaded.into_iter().map(|l| l.object).collect();
            if create_only {
                if let Some(o) = objects.iter().find(|o| self.store.contains(&Key::of(o))) {
                    let resource = ResourceType::of(o).unwrap_or(ResourceType::Pod);
                    return Err(KubectlError::new(
                        format!("Error from server (AlreadyExists): error when creating \"{file}\": {} \"{}\" already exists", resource.qualified_plural(), o.name()),
                        format!("서버 오류 (AlreadyExists): \"{file}\" 생성 중 오류: {} \"{}\"이(가) 이미 있습니다", resource.qualified_plural(), o.name()),
                    ));
                }
            }
            let kinds: Vec<(Option<ResourceType>, String)> = objects
                .iter()
                .map(|o| (ResourceType::of(o), o.kind().to_lowercase()))
                .collect();
            let results = self.apply(objects).map_err(sim_error)?;
            for ((resource, kind), result) in kinds.into_iter().zip(results) {
                let (key, op) = match result {
                    Applied::Created(k) => (k, "created"),
                    Applied::Configured(k) => (k, "configured"),
                    Applied::Unchanged(k) => (k, "unchanged"),
                };
                match resource {
                    Some(r) => out.push_str(&operation(r, &key.name, op)),
                    None => out.push_str(&format!("{kind}/{} {op}\n", key.name)),
                }
            }
        }
        Ok(out)
    }

    fn kubectl_delete(
        &mut self,
        target: &DeleteTarget,
        selector: Option<&str>,
        cascade: Cascade,
        namespace: &str,
    ) -> Result<String, KubectlError> {
        let propagation = match cascade {
            Cascade::Background => Propagation::Background,
            Cascade::Foreground => Propagation::Foreground,
            Cascade::Orphan => Propagation::Orphan,
        };
        let selector = match selector {
            Some(s) => Some(
                parse_selector(s).map_err(|e| KubectlError::new(e.to_string(), e.to_string()))?,
            ),
            None => None,
        };
        let objects: Vec<Object> = match target {
            DeleteTarget::Objects(targets) => {
                let mut all = Vec::new();
                for t in targets {
                    let found = self.select(t, namespace, false, selector.as_ref());
                    if found.is_empty() {
                        if let Some(name) = &t.name {
                            return Err(not_found(t.resource, name));
                        }
                    }
                    all.extend(found);
                }
                all
            }
            DeleteTarget::Files(files) => {
                let mut all = Vec::new();
                for file in files {
                    let loaded = load_path(Path::new(file))
                        .map_err(|e| KubectlError::new(format!("{e}"), format!("{e}")))?;
                    all.extend(
                        loaded
                            .into_iter()
                            .map(|l| l.object)
                            .filter(|o| self.store.contains(&Key::of(o))),
                    );
                }
                all
            }
        };
        let mut out = String::new();
        for obj in objects {
            let key = Key::of(&obj);
            self.delete(&key, propagation, "kubectl")
                .map_err(sim_error)?;
            let resource = ResourceType::of(&obj).unwrap_or(ResourceType::Pod);
            out.push_str(&deleted(
                resource,
                &key.name,
                Some(&key.namespace)
                    .filter(|n| !n.is_empty())
                    .map(String::as_str),
                false,
            ));
        }
        if out.is_empty() {
            out = format!("No resources found in {namespace} namespace.\n");
        }
        Ok(out)
    }

    fn kubectl_scale(
        &mut self,
        resource: ResourceType,
        name: &str,
        replicas: i32,
        namespace: &str,
    ) -> Result<String, KubectlError> {
        let key = Key::new(resource.kind(), namespace, name);
        if !self.store.contains(&key) {
            return Err(not_found(resource, name));
        }
        if usize::try_from(replicas).is_ok_and(|r| r > crate::sim::limits::MAX_PODS) {
            return Err(KubectlError::new(
                format!(
                    "--replicas={replicas} is more than the {} pods Kubernetes supports in one cluster",
                    crate::sim::limits::MAX_PODS
                ),
                format!(
                    "--replicas={replicas}는 Kubernetes 클러스터 한도인 Pod {}개를 넘습니다",
                    crate::sim::limits::MAX_PODS
                ),
            ));
        }
        let mut scalable = true;
        self.store
            .modify(&key, |o| match o {
                Object::ReplicaSet(x) => x.spec.replicas = Some(replicas),
                Object::Deployment(x) => x.spec.replicas = Some(replicas),
                Object::StatefulSet(x) => x.spec.replicas = Some(replicas),
                _ => scalable = false,
            })
            .map_err(|e| sim_error(e.into()))?;
        if !scalable {
            return Err(KubectlError::new(
                format!("no scaler has been implemented for {}", resource.plural()),
                format!("{}은(는) 스케일할 수 없습니다", resource.plural()),
            ));
        }
        Ok(operation(resource, name, "scaled"))
    }

    fn kubectl_cordon(&mut self, node: &str, cordon: bool) -> Result<String, KubectlError> {
        let current = match self.store.get(&Key::node(node)) {
            Some(Object::Node(n)) => n.spec.unschedulable == Some(true),
            _ => return Err(not_found(ResourceType::Node, node)),
        };
        let op = match (cordon, current) {
            (true, true) => "already cordoned",
            (false, false) => "already uncordoned",
            (true, false) => "cordoned",
            (false, true) => "uncordoned",
        };
        if cordon != current {
            self.set_unschedulable(node, cordon).map_err(sim_error)?;
        }
        Ok(operation(ResourceType::Node, node, op))
    }

    /// `kubectl drain`: cordon, then evict every pod but DaemonSet-managed ones.
    fn kubectl_drain(
        &mut self,
        node: &str,
        ignore_daemonsets: bool,
    ) -> Result<String, KubectlError> {
        let already = match self.store.get(&Key::node(node)) {
            Some(Object::Node(n)) => n.spec.unschedulable == Some(true),
            _ => return Err(not_found(ResourceType::Node, node)),
        };
        let pods: Vec<_> = self
            .store
            .pods()
            .filter(|p| podutil::node_name(p) == node && podutil::is_active(p))
            .cloned()
            .collect();
        let (daemon, evict): (Vec<_>, Vec<_>) = pods.iter().partition(|p| {
            podutil::controller_of(&p.metadata).is_some_and(|r| r.kind == "DaemonSet")
        });
        let name = |p: &&crate::api::pod::Pod| {
            format!(
                "{}/{}",
                p.metadata.namespace.as_deref().unwrap_or("default"),
                p.metadata.name.as_deref().unwrap_or("")
            )
        };
        // kubectl cordons first (drain.go `RunDrain`: `RunCordonOrUncordon(true)`), so a
        // drain refused for DaemonSet pods still leaves the node cordoned.
        if !already {
            self.set_unschedulable(node, true).map_err(sim_error)?;
        }
        if !daemon.is_empty() && !ignore_daemonsets {
            let pods = daemon.iter().map(name).collect::<Vec<_>>().join(", ");
            let why = format!(
                "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): {pods}"
            );
            return Err(KubectlError::new(
                format!("unable to drain node \"{node}\" due to error: {why}, continuing command...\nThere are pending nodes to be drained:\n {node}\nerror: {why}"),
                format!("노드 \"{node}\"을(를) 비울 수 없습니다: DaemonSet이 관리하는 Pod({pods})은(는) 지울 수 없습니다 (--ignore-daemonsets를 쓰세요). 노드는 이미 cordon되었습니다"),
            ));
        }
        let ignored: Vec<String> = daemon.iter().map(name).collect();
        let evicting: Vec<String> = evict.iter().map(name).collect();
        let mut out = drain_preamble(node, already, &ignored, &evicting);
        for p in &evict {
            let key = Key::pod(
                p.metadata.namespace.as_deref().unwrap_or("default"),
                p.metadata.name.as_deref().unwrap_or(""),
            );
            self.delete(&key, Propagation::Background, "kubectl")
                .map_err(sim_error)?;
            out.push_str(&format!("pod/{} evicted\n", key.name));
        }
        out.push_str(&operation(ResourceType::Node, node, "drained"));
        Ok(out)
    }

    fn kubectl_label(
        &mut self,
        targets: &[Target],
        changes: &[LabelChange],
        namespace: &str,
    ) -> Result<String, KubectlError> {
        let mut out = String::new();
        for target in targets {
            let objects = self.select_existing(target, namespace)?;
            for obj in objects {
                let key = Key::of(&obj);
                let mut labels: BTreeMap<String, String> =
                    obj.metadata().labels.clone().unwrap_or_default();
                let before = labels.clone();
                for change in changes {
                    match change {
                        LabelChange::Set { key, value } => {
                            labels.insert(key.clone(), value.clone());
                        }
                        LabelChange::Remove { key } => {
                            labels.remove(key);
                        }
                    }
                }
                let op = if labels == before {
                    "not labeled"
                } else if changes
                    .iter()
                    .all(|c| matches!(c, LabelChange::Remove { .. }))
                {
                    "unlabeled"
                } else {
                    "labeled"
                };
                if labels != before {
                    self.store
                        .modify(&key, |o| {
                            o.metadata_mut().labels = (!labels.is_empty()).then_some(labels)
                        })
                        .map_err(|e| sim_error(e.into()))?;
                    if key.kind == "Node" {
                        self.node_infos_stale = true;
                        self.sched_epoch += 1;
                    }
                    self.unschedulable.clear();
                }
                out.push_str(&operation(target.resource, &key.name, op));
            }
        }
        Ok(out)
    }

    fn kubectl_taint(
        &mut self,
        node: &str,
        changes: &[TaintChange],
    ) -> Result<String, KubectlError> {
        if !self.store.contains(&Key::node(node)) {
            return Err(not_found(ResourceType::Node, node));
        }
        let mut removed_only = true;
        for change in changes {
            match change {
                TaintChange::Add { key, value, effect } => {
                    removed_only = false;
                    let t = crate::api::node::Taint {
                        key: key.clone(),
                        value: value.clone(),
                        effect: effect.clone(),
                        time_added: None,
                    };
                    self.taint_node(node, t, false).map_err(sim_error)?;
                }
                TaintChange::Remove { key, effect } => {
                    let effects: Vec<String> = match effect {
                        Some(e) => vec![e.clone()],
                        None => vec![
                            "NoSchedule".into(),
                            "PreferNoSchedule".into(),
                            "NoExecute".into(),
                        ],
                    };
                    for effect in effects {
                        let t = crate::api::node::Taint {
                            key: key.clone(),
                            value: None,
                            effect,
                            time_added: None,
                        };
                        self.taint_node(node, t, true).map_err(sim_error)?;
                    }
                }
            }
        }
        Ok(operation(
            ResourceType::Node,
            node,
            if removed_only { "untainted" } else { "tainted" },
        ))
    }
}
