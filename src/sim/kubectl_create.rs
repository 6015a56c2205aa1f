//! `--dry-run` and `-o` for the kubectl verbs that write, and the objects the `create`
//! subcommands, `run` and `expose` build, on the simulated cluster.
//!
//! A client dry run prints what kubectl's generator built (staging/src/k8s.io/kubectl/
//! pkg/cmd/create): no defaults, `creationTimestamp: null`. A server dry run, and a
//! client dry run of a verb that changes an existing object (scale, label, set image,
//! apply), carries the command out on a copy of the cluster and prints the result from
//! there, so nothing in the real state changes, as the API server's `dryRun=All` keeps
//! nothing.

use serde_json::Value;

use crate::api::object::Object;
use crate::kubectl::command::{CreateDeployment, Expose, Label, LabelChange, Run};
use crate::kubectl::generate::{container_name, manifest, Generate, PodSpec};
use crate::kubectl::jsonpath::Template;
use crate::kubectl::messages::operation;
use crate::kubectl::printers::{object_json, sort_keys, to_json_text};
use crate::kubectl::{Command, DryRun, Invocation, KubectlError, OutputFormat, ResourceType};
use crate::manifest::render::to_yaml;
use crate::sim::engine::Cluster;
use crate::sim::kubectl::{not_found, sim_error};
use crate::sim::store::Key;

/// `-o yaml|json|name|jsonpath=` of one object's JSON.
fn print_value(
    value: &Value,
    output: OutputFormat,
    template: Option<&str>,
    resource: Option<ResourceType>,
    name: &str,
) -> Result<String, KubectlError> {
    Ok(match output {
        OutputFormat::Json => to_json_text(value),
        OutputFormat::Name => match resource {
            Some(r) => format!("{}/{name}\n", r.qualified()),
            None => format!("{name}\n"),
        },
        OutputFormat::JsonPath => {
            Template::parse(template.unwrap_or(""))?.execute(&sort_keys(value.clone()))
        }
        _ => to_yaml(&sort_keys(value.clone())),
    })
}

/// kubectl's one-line results with the dry-run mark: `deployment.apps/web created (dry run)`.
fn mark_lines(text: &str, dry_run: DryRun) -> String {
    text.lines()
        .map(|l| format!("{l}{}\n", dry_run.suffix()))
        .collect()
}

impl Cluster {
    /// Runs a parsed command with its `--dry-run` and `-o` options.
    pub(crate) fn kubectl_invocation(&mut self, inv: Invocation) -> Result<String, KubectlError> {
        let namespace = inv
            .namespace
            .clone()
            .unwrap_or_else(|| "default".to_string());
        let (dry_run, output) = (inv.dry_run, inv.output);
        let template = inv.template.clone();
        if dry_run == DryRun::None && output.is_none() {
            return self.kubectl_execute(inv);
        }
        if dry_run == DryRun::Client {
            // The generator's own object, as kubectl prints it before sending anything;
            // the random container-name suffix comes from a copy of the seeded source.
            let mut rng = self.rng.clone();
            let mut suffix = |base: &str| rng.generate_name(base);
            if let Some(g) = generated(&inv.command, &mut suffix) {
                let resource = ResourceType::from_kind(g.kind());
                return Ok(match output {
                    None => mark_lines(
                        &operation(resource.unwrap_or(ResourceType::Pod), g.name(), "created"),
                        dry_run,
                    ),
                    Some(f) => print_value(
                        &manifest(&g, inv.namespace.as_deref()),
                        f,
                        template.as_deref(),
                        resource,
                        g.name(),
                    )?,
                });
            }
        }
        let keys = self.written_keys(&inv.command, &namespace)?;
        let (text, after) = if dry_run == DryRun::None {
            let text = self.kubectl_execute(inv)?;
            (text, None)
        } else {
            let mut copy = self.clone();
            let text = copy.kubectl_execute(inv)?;
            (text, Some(copy))
        };
        let state = after.as_ref().unwrap_or(self);
        let Some(format) = output else {
            return Ok(mark_lines(&text, dry_run));
        };
        let mut out = String::new();
        let objects: Vec<&Object> = keys.iter().filter_map(|k| state.store.get(k)).collect();
        if format == OutputFormat::Name || objects.len() == 1 {
            for o in &objects {
                out.push_str(&print_value(
                    &object_json(o),
                    format,
                    template.as_deref(),
                    ResourceType::of(o),
                    o.name(),
                )?);
            }
        } else {
            let items: Vec<Value> = objects.iter().map(|o| object_json(o)).collect();
            let list = serde_json::json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}});
            out = print_value(&list, format, template.as_deref(), None, "")?;
        }
        Ok(out)
    }

    /// The objects a writing command creates or changes, to print with `-o`.
    fn written_keys(&self, command: &Command, namespace: &str) -> Result<Vec<Key>, KubectlError> {
        let key = |r: ResourceType, name: &str| {
            Key::new(
                r.kind(),
                if r.is_namespaced() { namespace } else { "" },
                name,
            )
        };
        Ok(match command {
            Command::CreateDeployment(c) => vec![key(ResourceType::Deployment, &c.name)],
            Command::CreateJob(j) => vec![key(ResourceType::Job, &j.name)],
            Command::Create(g) => match ResourceType::from_kind(g.kind()) {
                Some(r) => vec![key(r, g.name())],
                None => Vec::new(),
            },
            Command::Run(r) => vec![key(ResourceType::Pod, &r.name)],
            Command::Expose(e) => vec![key(
                ResourceType::Service,
                e.service_name.as_deref().unwrap_or(&e.name),
            )],
            Command::Scale(s) => vec![key(s.resource, &s.name)],
            Command::SetImage(s) => vec![key(s.resource, &s.name)],
            Command::Label(l) | Command::Annotate(l) => l
                .targets
                .iter()
                .flat_map(|t| self.select(t, namespace, false, None))
                .map(|o| Key::of(&o))
                .collect(),
            Command::Apply { files } | Command::CreateFromFiles { files } => {
                let mut keys = Vec::new();
                for f in files {
                    let loaded = crate::manifest::load::load_path(std::path::Path::new(f))
                        .map_err(|e| KubectlError::new(e.to_string(), e.to_string()))?;
                    keys.extend(loaded.iter().map(|l| Key::of(&l.object)));
                }
                keys
            }
            _ => Vec::new(),
        })
    }

    /// Creates the object a generator builds, as `kubectl create TYPE` does.
    pub(crate) fn create_generated(
        &mut self,
        g: &Generate,
        namespace: &str,
    ) -> Result<String, KubectlError> {
        let resource = ResourceType::from_kind(g.kind()).unwrap_or(ResourceType::Pod);
        let ns = resource.is_namespaced().then_some(namespace);
        let key = Key::new(g.kind(), ns.unwrap_or(""), g.name());
        if self.store.contains(&key) {
            let what = resource.qualified_plural();
            let name = g.name();
            return Err(KubectlError::new(
                format!("Error from server (AlreadyExists): {what} \"{name}\" already exists"),
                format!("서버 오류 (AlreadyExists): {what} \"{name}\"이(가) 이미 있습니다"),
            ));
        }
        let mut value = manifest(g, ns);
        if let Some(meta) = value.get_mut("metadata").and_then(Value::as_object_mut) {
            meta.remove("creationTimestamp");
        }
        self.allocate_cluster_ip(&mut value);
        let file = format!("<kubectl create {}>", resource.plural());
        let loaded = crate::manifest::load::load_value(&value, &file)
            .map_err(|e| KubectlError::new(e.to_string(), e.to_string()))?;
        self.apply(loaded.into_iter().map(|l| l.object).collect())
            .map_err(sim_error)?;
        Ok(operation(resource, g.name(), "created"))
    }

    /// Gives a Service that kubectl creates a ClusterIP, as the API server's allocator
    /// does (from the kind cluster's 10.96.0.0/16, above kube-dns's 10.96.0.10), so that
    /// its name resolves in the cluster DNS. The address is the first free one from a
    /// hash of the namespace and name, so the same script gets the same addresses.
    fn allocate_cluster_ip(&self, value: &mut Value) {
        let spec = &value["spec"];
        if value["kind"] != "Service"
            || spec.get("clusterIP").is_some()
            || spec["type"] == "ExternalName"
        {
            return;
        }
        let taken: std::collections::BTreeSet<String> = self
            .store
            .list("Service")
            .filter_map(|o| match o {
                Object::Service(s) => s.spec.cluster_ip.clone(),
                _ => None,
            })
            .collect();
        let key = format!(
            "{}/{}",
            value["metadata"]["namespace"].as_str().unwrap_or("default"),
            value["metadata"]["name"].as_str().unwrap_or("")
        );
        // FNV-1a: small, stable across runs and platforms.
        let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let span = 65_536 - 256;
        for i in 0..span {
            let n = 256 + (hash + i) % span;
            let ip = format!("10.96.{}.{}", n / 256, n % 256);
            if !taken.contains(&ip) {
                value["spec"]["clusterIP"] = Value::String(ip.clone());
                value["spec"]["clusterIPs"] = serde_json::json!([ip]);
                return;
            }
        }
    }

    /// `kubectl create deployment`: container names from the images, then the generator.
    pub(crate) fn kubectl_create_deployment(
        &mut self,
        create: &CreateDeployment,
        namespace: &str,
    ) -> Result<String, KubectlError> {
        if self
            .store
            .contains(&Key::new("Deployment", namespace, &create.name))
        {
            let name = &create.name;
            return Err(KubectlError::new(
                format!("failed to create deployment: deployments.apps \"{name}\" already exists"),
                format!("deployment를 만들지 못했습니다: deployments.apps \"{name}\"이(가) 이미 있습니다"),
            ));
        }
        let mut rng = self.rng.clone();
        let g = deployment(create, &mut |base: &str| rng.generate_name(base));
        self.rng = rng;
        self.create_generated(&g, namespace)
    }

    /// `kubectl expose`: a Service with the object's selector and its first container
    /// port, as expose.go's `generateService` fills them in.
    pub(crate) fn kubectl_expose(
        &mut self,
        e: &Expose,
        namespace: &str,
    ) -> Result<String, KubectlError> {
        let key = Key::new(e.resource.kind(), namespace, &e.name);
        let Some(obj) = self.store.get(&key) else {
            return Err(not_found(e.resource, &e.name));
        };
        let json = obj.to_json();
        let (selector, ports) = match obj {
            Object::Pod(_) => (
                json["metadata"]["labels"].clone(),
                json["spec"]["containers"].clone(),
            ),
            Object::Service(_) => (json["spec"]["selector"].clone(), Value::Null),
            _ => (
                json["spec"]["selector"]["matchLabels"].clone(),
                json["spec"]["template"]["spec"]["containers"].clone(),
            ),
        };
        let Some(selector) = selector.as_object().filter(|m| !m.is_empty()).cloned() else {
            return Err(KubectlError::new(
                format!("couldn't retrieve selectors via --selector flag or introspection: the {} {:?} has no matchLabels", e.resource.kind(), e.name),
                format!("{} {:?}에 matchLabels가 없어 Service의 셀렉터를 정할 수 없습니다", e.resource.kind(), e.name),
            ));
        };
        let port = match e.port {
            Some(p) => p,
            None => {
                let from_service = json["spec"]["ports"][0]["port"].as_i64();
                let from_container = ports[0]["ports"][0]["containerPort"].as_i64();
                match from_service
                    .or(from_container)
                    .and_then(|p| i32::try_from(p).ok())
                {
                    Some(p) => p,
                    None => {
                        return Err(KubectlError::new(
                            "couldn't find port via --port flag or introspection",
                            "--port로 포트를 지정해야 합니다 (대상에 containerPort가 없습니다)",
                        )
                        .with_hint(
                            "e.g. kubectl expose deployment web --port=80",
                            "예: kubectl expose deployment web --port=80",
                        ))
                    }
                }
            }
        };
        let name = e.service_name.clone().unwrap_or_else(|| e.name.clone());
        let mut port_json = serde_json::json!({"protocol": e.protocol.clone().unwrap_or_else(|| "TCP".into()), "port": port});
        port_json["targetPort"] = match e.target_port.as_deref() {
            None => serde_json::json!(port),
            Some(t) => match t.parse::<i64>() {
                Ok(n) => serde_json::json!(n),
                Err(_) => serde_json::json!(t),
            },
        };
        let mut spec = serde_json::json!({"ports": [port_json], "selector": selector});
        if let Some(ip) = &e.cluster_ip {
            spec["clusterIP"] = serde_json::json!(ip);
        }
        if let Some(t) = &e.type_ {
            spec["type"] = serde_json::json!(t);
        }
        let labels = json["metadata"]["labels"].clone();
        let mut value = serde_json::json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": namespace},
            "spec": spec
        });
        if labels.is_object() {
            value["metadata"]["labels"] = labels;
        }
        if self.store.contains(&Key::new("Service", namespace, &name)) {
            return Err(KubectlError::new(
                format!("Error from server (AlreadyExists): services \"{name}\" already exists"),
                format!("서버 오류 (AlreadyExists): services \"{name}\"이(가) 이미 있습니다"),
            ));
        }
        self.allocate_cluster_ip(&mut value);
        let loaded = crate::manifest::load::load_value(&value, "<kubectl expose>")
            .map_err(|e| KubectlError::new(e.to_string(), e.to_string()))?;
        self.apply(loaded.into_iter().map(|l| l.object).collect())
            .map_err(sim_error)?;
        Ok(operation(ResourceType::Service, &name, "exposed"))
    }

    /// `kubectl annotate`: `annotated`, or `not annotated` when nothing changed
    /// (annotate.go refuses to overwrite a different value without `--overwrite`).
    pub(crate) fn kubectl_annotate(
        &mut self,
        a: &Label,
        namespace: &str,
    ) -> Result<String, KubectlError> {
        let mut out = String::new();
        for target in &a.targets {
            let objects = self.select_existing(target, namespace)?;
            for obj in objects {
                let key = Key::of(&obj);
                let mut annotations = obj.metadata().annotations.clone().unwrap_or_default();
                let before = annotations.clone();
                for change in &a.changes {
                    match change {
                        LabelChange::Set { key: k, value } => {
                            if !a.overwrite && before.get(k).is_some_and(|v| v != value) {
                                return Err(KubectlError::new(
                                    format!("--overwrite is false but found the following declared annotation(s): '{k}' already has a value ({})", before[k]),
                                    format!("주석 '{k}'에 이미 값({})이 있습니다: 바꾸려면 --overwrite를 붙이세요", before[k]),
                                ));
                            }
                            annotations.insert(k.clone(), value.clone());
                        }
                        LabelChange::Remove { key: k } => {
                            annotations.remove(k);
                        }
                    }
                }
                let op = if annotations == before {
                    "not annotated"
                } else {
                    "annotated"
                };
                if annotations != before {
                    self.store
                        .modify(&key, |o| {
                            o.metadata_mut().annotations =
                                (!annotations.is_empty()).then_some(annotations)
                        })
                        .map_err(|e| sim_error(e.into()))?;
                }
                out.push_str(&operation(target.resource, &key.name, op));
            }
        }
        Ok(out)
    }
}

/// `create deployment` as a generator input, with kubectl's container names.
fn deployment(create: &CreateDeployment, suffix: &mut dyn FnMut(&str) -> String) -> Generate {
    Generate::Deployment {
        name: create.name.clone(),
        containers: create
            .images
            .iter()
            .map(|i| (container_name(i, suffix), i.clone()))
            .collect(),
        replicas: create.replicas,
        port: create.port,
    }
}

/// `run` as a generator input.
pub(crate) fn run_pod(r: &Run) -> Generate {
    Generate::Pod(PodSpec {
        name: r.name.clone(),
        image: r.image.clone(),
        restart: r.restart.clone(),
        labels: r.labels.clone(),
        port: r.port,
        args: r.command.clone(),
        as_command: r.as_command,
        stdin: r.interactive,
        tty: r.tty,
    })
}

/// What a creating command's generator builds without looking at the cluster; `None`
/// for commands that need the cluster (`create job --from`, `expose`, changes).
fn generated(command: &Command, suffix: &mut dyn FnMut(&str) -> String) -> Option<Generate> {
    Some(match command {
        Command::CreateDeployment(c) => deployment(c, suffix),
        Command::CreateJob(j) if j.from_cronjob.is_none() => Generate::Job {
            name: j.name.clone(),
            image: j.image.clone().unwrap_or_default(),
            command: j.command.clone(),
        },
        Command::Create(g) => g.clone(),
        Command::Run(r) => run_pod(r),
        _ => return None,
    })
}
