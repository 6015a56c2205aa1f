use serde_json::json;

use super::*;
use crate::api::Object;

fn deployment(
    generation: i64,
    observed: i64,
    spec_replicas: i32,
    status: serde_json::Value,
) -> Deployment {
    let mut status = status;
    status["observedGeneration"] = json!(observed);
    let v = json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "nginx", "generation": generation,
                     "annotations": {"deployment.kubernetes.io/revision": "2"}},
        "spec": {"replicas": spec_replicas, "selector": {"matchLabels": {"app": "nginx"}},
                 "template": {"metadata": {"labels": {"app": "nginx"}},
                              "spec": {"containers": [{"name": "nginx", "image": "nginx:1.21"}]}}},
        "status": status,
    });
    match Object::from_json(v) {
        Ok(Object::Deployment(d)) => d,
        other => panic!("{other:?}"),
    }
}

#[test]
fn deployment_status_messages_follow_the_rollout() {
    let rows = [
        (2, 1, json!({}), "Waiting for deployment spec update to be observed...\n", false),
        (
            2,
            2,
            json!({"replicas": 4, "updatedReplicas": 1, "availableReplicas": 3}),
            "Waiting for deployment \"nginx\" rollout to finish: 1 out of 3 new replicas have been updated...\n",
            false,
        ),
        (
            2,
            2,
            json!({"replicas": 4, "updatedReplicas": 3, "availableReplicas": 3}),
            "Waiting for deployment \"nginx\" rollout to finish: 1 old replicas are pending termination...\n",
            false,
        ),
        (
            2,
            2,
            json!({"replicas": 3, "updatedReplicas": 3, "availableReplicas": 2}),
            "Waiting for deployment \"nginx\" rollout to finish: 2 of 3 updated replicas are available...\n",
            false,
        ),
        (
            2,
            2,
            json!({"replicas": 3, "updatedReplicas": 3, "availableReplicas": 3}),
            "deployment \"nginx\" successfully rolled out\n",
            true,
        ),
    ];
    for (generation, observed, status, message, done) in rows {
        let d = deployment(generation, observed, 3, status);
        let got = deployment_status(&d, None).expect("no error");
        assert_eq!(
            got,
            RolloutStatus {
                message: message.to_string(),
                done
            },
            "{message}"
        );
    }
}

#[test]
fn deployment_status_errors() {
    let stuck = deployment(
        2,
        2,
        3,
        json!({"replicas": 4, "updatedReplicas": 1,
               "conditions": [{"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"}]}),
    );
    let err = deployment_status(&stuck, None).expect_err("deadline");
    assert_eq!(
        err.message.en,
        "deployment \"nginx\" exceeded its progress deadline"
    );
    let fine = deployment(
        2,
        2,
        3,
        json!({"replicas": 3, "updatedReplicas": 3, "availableReplicas": 3}),
    );
    let err = deployment_status(&fine, Some(1)).expect_err("revision mismatch");
    assert_eq!(
        err.message.en,
        "desired revision (1) is different from the running revision (2)"
    );
    assert!(deployment_status(&fine, Some(2)).is_ok_and(|s| s.done));
}

#[test]
fn statefulset_and_daemonset_status() {
    let sts = |status: serde_json::Value, partition: Option<i32>| {
        let mut spec = json!({"replicas": 3, "template": {"spec": {"containers": []}},
                              "updateStrategy": {"type": "RollingUpdate"}});
        if let Some(p) = partition {
            spec["updateStrategy"]["rollingUpdate"] = json!({"partition": p});
        }
        match Object::from_json(json!({"apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": "web", "generation": 1}, "spec": spec, "status": status}))
        {
            Ok(Object::StatefulSet(s)) => s,
            other => panic!("{other:?}"),
        }
    };
    let msg = |s: &StatefulSet| statefulset_status(s).map(|r| r.message).unwrap_or_default();
    assert_eq!(
        msg(&sts(json!({"replicas": 0, "observedGeneration": 0}), None)),
        "Waiting for statefulset spec update to be observed...\n"
    );
    assert_eq!(
        msg(&sts(
            json!({"replicas": 1, "readyReplicas": 1, "observedGeneration": 1}),
            None
        )),
        "Waiting for 2 pods to be ready...\n"
    );
    assert_eq!(
        msg(&sts(
            json!({"replicas": 3, "readyReplicas": 3, "updatedReplicas": 1, "observedGeneration": 1,
                         "currentRevision": "web-1", "updateRevision": "web-2"}),
            None
        )),
        "waiting for statefulset rolling update to complete 1 pods at revision web-2...\n"
    );
    assert_eq!(
        msg(&sts(
            json!({"replicas": 3, "readyReplicas": 3, "currentReplicas": 3, "observedGeneration": 1,
                         "currentRevision": "web-2", "updateRevision": "web-2"}),
            None
        )),
        "statefulset rolling update complete 3 pods at revision web-2...\n"
    );
    assert_eq!(
        msg(&sts(
            json!({"replicas": 3, "readyReplicas": 3, "updatedReplicas": 1, "observedGeneration": 1}),
            Some(1)
        )),
        "Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...\n"
    );
    assert_eq!(
        msg(&sts(
            json!({"replicas": 3, "readyReplicas": 3, "updatedReplicas": 2, "observedGeneration": 1}),
            Some(1)
        )),
        "partitioned roll out complete: 2 new pods have been updated...\n"
    );

    let ds = match Object::from_json(json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "node-exporter", "generation": 2},
        "spec": {"template": {"spec": {"containers": []}}},
        "status": {"observedGeneration": 2, "desiredNumberScheduled": 4, "currentNumberScheduled": 4,
                   "numberReady": 4, "updatedNumberScheduled": 2, "numberAvailable": 4}}))
    {
        Ok(Object::DaemonSet(d)) => d,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        daemonset_status(&ds).map(|r| r.message).unwrap_or_default(),
        "Waiting for daemon set \"node-exporter\" rollout to finish: 2 out of 4 new pods have been updated...\n"
    );
}

fn rs(name: &str, revision: &str, image: &str, cause: Option<&str>) -> ReplicaSet {
    let mut annotations = json!({"deployment.kubernetes.io/revision": revision});
    if let Some(c) = cause {
        annotations["kubernetes.io/change-cause"] = json!(c);
    }
    match Object::from_json(json!({"apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": {"name": name, "annotations": annotations},
        "spec": {"replicas": 0, "template": {"metadata": {"labels": {"app": "nginx", "pod-template-hash": name}},
                 "spec": {"containers": [{"name": "nginx", "image": image, "ports": [{"containerPort": 80}]}]}}}}))
    {
        Ok(Object::ReplicaSet(r)) => r,
        other => panic!("{other:?}"),
    }
}

#[test]
fn history_lists_revisions_in_order() {
    let a = rs("nginx-a", "3", "nginx:1.20", Some("kubectl rollout undo"));
    let b = rs("nginx-b", "2", "nginx:1.21", None);
    let c = rs("nginx-c", "not-a-number", "nginx:1.22", None);
    let revisions = deployment_revisions(&[&a, &b, &c]);
    assert_eq!(
        revisions.iter().map(|r| r.number).collect::<Vec<_>>(),
        vec![2, 3]
    );
    let text = history(ResourceType::Deployment, "nginx", &revisions, None).expect("history");
    assert_eq!(
        text,
        "deployment.apps/nginx \nREVISION  CHANGE-CAUSE\n2         <none>\n3         kubectl rollout undo\n\n"
    );
    assert_eq!(
        history(ResourceType::Deployment, "nginx", &[], None)
            .ok()
            .as_deref(),
        Some("deployment.apps/nginx \nNo rollout history found.\n")
    );
    let err = history(ResourceType::Deployment, "nginx", &revisions, Some(9)).expect_err("missing");
    assert_eq!(err.message.en, "unable to find the specified revision");
}

#[test]
fn history_of_one_revision_describes_its_template() {
    let b = rs("nginx-b", "2", "nginx:1.21", None);
    let revisions = deployment_revisions(&[&b]);
    let text = history(ResourceType::Deployment, "nginx", &revisions, Some(2)).expect("history");
    assert_eq!(
        text,
        "\
deployment.apps/nginx with revision #2
Pod Template:
  Labels:  app=nginx
           pod-template-hash=nginx-b
  Containers:
   nginx:
    Image:         nginx:1.21
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>

"
    );
}
