//! `kubectl create job` on the simulated cluster (staging/src/k8s.io/kubectl/pkg/cmd/
//! create/create_job.go): a Job from a CronJob's job template, marked as a manual run,
//! or a one-container Job from an image.

use std::collections::BTreeMap;

use crate::api::meta::{ObjectMeta, OwnerReference};
use crate::api::object::Object;
use crate::kubectl::command::CreateJob;
use crate::kubectl::messages::operation;
use crate::kubectl::{KubectlError, ResourceType};
use crate::manifest::defaults::apply_defaults;
use crate::sim::engine::Cluster;
use crate::sim::store::Key;

impl Cluster {
    pub(crate) fn kubectl_create_job(
        &mut self,
        create: &CreateJob,
        namespace: &str,
    ) -> Result<String, KubectlError> {
        let name = &create.name;
        if self.store.contains(&Key::new("Job", namespace, name)) {
            return Err(KubectlError::new(
                format!("Error from server (AlreadyExists): jobs.batch \"{name}\" already exists"),
                format!("서버 오류 (AlreadyExists): jobs.batch \"{name}\"이(가) 이미 있습니다"),
            ));
        }
        let job = match (&create.from_cronjob, &create.image) {
            (Some(source), _) => {
                let Some(Object::CronJob(cj)) =
                    self.store.get(&Key::new("CronJob", namespace, source))
                else {
                    return Err(KubectlError::new(
                        format!("Error from server (NotFound): cronjobs.batch \"{source}\" not found"),
                        format!("서버 오류 (NotFound): cronjobs.batch \"{source}\"을(를) 찾을 수 없습니다"),
                    ));
                };
                let template = &cj.spec.job_template;
                let mut annotations = BTreeMap::from([(
                    "cronjob.kubernetes.io/instantiate".to_string(),
                    "manual".to_string(),
                )]);
                annotations.extend(template.metadata.annotations.clone().unwrap_or_default());
                crate::api::job::Job {
                    api_version: "batch/v1".into(),
                    kind: "Job".into(),
                    metadata: ObjectMeta {
                        name: Some(name.clone()),
                        namespace: Some(namespace.to_string()),
                        annotations: Some(annotations),
                        labels: template.metadata.labels.clone(),
                        // No blockOwnerDeletion: kubectl leaves it out on purpose.
                        owner_references: Some(vec![OwnerReference {
                            api_version: "batch/v1".into(),
                            kind: "CronJob".into(),
                            name: cj.metadata.name.clone().unwrap_or_default(),
                            uid: cj.metadata.uid.clone().unwrap_or_default(),
                            controller: Some(true),
                            block_owner_deletion: None,
                        }]),
                        ..ObjectMeta::default()
                    },
                    spec: template.spec.clone(),
                    status: None,
                }
            }
            (None, image) => {
                let value = serde_json::json!({
                    "apiVersion": "batch/v1", "kind": "Job",
                    "metadata": {"name": name, "namespace": namespace},
                    "spec": {"template": {"spec": {
                        "restartPolicy": "Never",
                        "containers": [{"name": name, "image": image.clone().unwrap_or_default(), "command": (!create.command.is_empty()).then(|| create.command.clone())}]
                    }}}
                });
                match Object::from_json(value) {
                    Ok(Object::Job(j)) => j,
                    Ok(_) | Err(_) => {
                        return Err(KubectlError::new(
                            "could not build the Job",
                            "Job을 만들 수 없습니다",
                        ))
                    }
                }
            }
        };
        let mut obj = Object::Job(job);
        apply_defaults(&mut obj);
        self.create(obj, "kubectl")
            .map_err(|e| KubectlError::new(e.to_string(), e.to_string()))?;
        Ok(operation(ResourceType::Job, name, "created"))
    }
}
