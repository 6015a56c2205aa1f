//! `kubectl get` rows of the workload kinds: `printReplicaSet`, `printDeployment`,
//! `printStatefulSet`, `printDaemonSet`, `printJob` and `printCronJob` in
//! pkg/printers/internalversion/printers.go.

use crate::api::cronjob::CronJob;
use crate::api::daemonset::DaemonSet;
use crate::api::deployment::Deployment;
use crate::api::job::Job;
use crate::api::meta::Condition;
use crate::api::replicaset::ReplicaSet;
use crate::api::statefulset::StatefulSet;
use crate::kubectl::format::{
    age, bool_ptr, container_cells, format_label_selector, format_labels, selector_string,
};
use crate::kubectl::printers::PrintContext;
use crate::sim::clock::Time;

pub(crate) const RS_COLUMNS: &[&str] = &["NAME", "DESIRED", "CURRENT", "READY", "AGE"];
pub(crate) const DEPLOY_COLUMNS: &[&str] = &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"];
pub(crate) const STS_COLUMNS: &[&str] = &["NAME", "READY", "AGE"];
pub(crate) const DS_COLUMNS: &[&str] = &[
    "NAME",
    "DESIRED",
    "CURRENT",
    "READY",
    "UP-TO-DATE",
    "AVAILABLE",
    "NODE SELECTOR",
    "AGE",
];
pub(crate) const JOB_COLUMNS: &[&str] = &["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"];
pub(crate) const CJ_COLUMNS: &[&str] = &[
    "NAME",
    "SCHEDULE",
    "TIMEZONE",
    "SUSPEND",
    "ACTIVE",
    "LAST SCHEDULE",
    "AGE",
];
pub(crate) const WIDE_WITH_SELECTOR: &[&str] = &["CONTAINERS", "IMAGES", "SELECTOR"];
pub(crate) const WIDE_NO_SELECTOR: &[&str] = &["CONTAINERS", "IMAGES"];

/// `spec.replicas`, which the API server defaults to 1.
fn desired(replicas: Option<i32>) -> i32 {
    replicas.unwrap_or(1)
}

pub(crate) fn replicaset_row(rs: &ReplicaSet, ctx: &PrintContext) -> Vec<String> {
    let status = rs.status.clone().unwrap_or_default();
    let mut cells = vec![
        rs.metadata.name_or_empty().to_string(),
        desired(rs.spec.replicas).to_string(),
        status.replicas.to_string(),
        status.ready_replicas.unwrap_or(0).to_string(),
        age(ctx.now, rs.metadata.creation_timestamp.as_deref()),
    ];
    if ctx.wide {
        let (names, images) = container_cells(&rs.spec.template.spec.containers);
        cells.extend([
            names,
            images,
            format_label_selector(rs.spec.selector.as_ref()),
        ]);
    }
    cells
}

pub(crate) fn deployment_row(d: &Deployment, ctx: &PrintContext) -> Vec<String> {
    let status = d.status.clone().unwrap_or_default();
    let mut cells = vec![
        d.metadata.name_or_empty().to_string(),
        format!(
            "{}/{}",
            status.ready_replicas.unwrap_or(0),
            desired(d.spec.replicas)
        ),
        status.updated_replicas.unwrap_or(0).to_string(),
        status.available_replicas.unwrap_or(0).to_string(),
        age(ctx.now, d.metadata.creation_timestamp.as_deref()),
    ];
    if ctx.wide {
        let (names, images) = container_cells(&d.spec.template.spec.containers);
        cells.extend([names, images, selector_string(d.spec.selector.as_ref())]);
    }
    cells
}

pub(crate) fn statefulset_row(s: &StatefulSet, ctx: &PrintContext) -> Vec<String> {
    let status = s.status.clone().unwrap_or_default();
    let mut cells = vec![
        s.metadata.name_or_empty().to_string(),
        format!(
            "{}/{}",
            status.ready_replicas.unwrap_or(0),
            desired(s.spec.replicas)
        ),
        age(ctx.now, s.metadata.creation_timestamp.as_deref()),
    ];
    if ctx.wide {
        let (names, images) = container_cells(&s.spec.template.spec.containers);
        cells.extend([names, images]);
    }
    cells
}

pub(crate) fn daemonset_row(ds: &DaemonSet, ctx: &PrintContext) -> Vec<String> {
    let status = ds.status.clone().unwrap_or_default();
    let mut cells = vec![
        ds.metadata.name_or_empty().to_string(),
        status.desired_number_scheduled.to_string(),
        status.current_number_scheduled.to_string(),
        status.number_ready.to_string(),
        status.updated_number_scheduled.unwrap_or(0).to_string(),
        status.number_available.unwrap_or(0).to_string(),
        format_labels(ds.spec.template.spec.node_selector.as_ref()),
        age(ctx.now, ds.metadata.creation_timestamp.as_deref()),
    ];
    if ctx.wide {
        let (names, images) = container_cells(&ds.spec.template.spec.containers);
        cells.extend([
            names,
            images,
            format_label_selector(ds.spec.selector.as_ref()),
        ]);
    }
    cells
}

/// `hasJobCondition`: the first condition of that type decides.
fn has_condition(conditions: Option<&Vec<Condition>>, type_: &str) -> bool {
    conditions
        .into_iter()
        .flatten()
        .find(|c| c.type_ == type_)
        .is_some_and(Condition::is_true)
}

/// The STATUS cell of a Job: Complete, Failed, Terminating, Suspended, FailureTarget or
/// Running, in that order of precedence.
pub fn job_status(job: &Job) -> &'static str {
    let conditions = job.status.as_ref().and_then(|s| s.conditions.as_ref());
    if has_condition(conditions, "Complete") {
        "Complete"
    } else if has_condition(conditions, "Failed") {
        "Failed"
    } else if job.metadata.deletion_timestamp.is_some() {
        "Terminating"
    } else if has_condition(conditions, "Suspended") {
        "Suspended"
    } else if has_condition(conditions, "FailureTarget") {
        "FailureTarget"
    } else {
        "Running"
    }
}

pub(crate) fn job_row(job: &Job, ctx: &PrintContext) -> Vec<String> {
    let status = job.status.clone().unwrap_or_default();
    let succeeded = status.succeeded.unwrap_or(0);
    let completions = match job.spec.completions {
        Some(c) => format!("{succeeded}/{c}"),
        None => match job.spec.parallelism.unwrap_or(0) {
            p if p > 1 => format!("{succeeded}/1 of {p}"),
            _ => format!("{succeeded}/1"),
        },
    };
    let start = status.start_time.as_deref().and_then(Time::parse_rfc3339);
    let end = status
        .completion_time
        .as_deref()
        .and_then(Time::parse_rfc3339);
    let duration = match (start, end) {
        (None, _) => String::new(),
        (Some(s), None) => ctx.now.since(s).human(),
        (Some(s), Some(e)) => e.since(s).human(),
    };
    let mut cells = vec![
        job.metadata.name_or_empty().to_string(),
        job_status(job).to_string(),
        completions,
        duration,
        age(ctx.now, job.metadata.creation_timestamp.as_deref()),
    ];
    if ctx.wide {
        let (names, images) = container_cells(&job.spec.template.spec.containers);
        cells.extend([
            names,
            images,
            format_label_selector(job.spec.selector.as_ref()),
        ]);
    }
    cells
}

pub(crate) fn cronjob_row(cj: &CronJob, ctx: &PrintContext) -> Vec<String> {
    let status = cj.status.clone().unwrap_or_default();
    let last = match status.last_schedule_time.as_deref() {
        Some(t) => age(ctx.now, Some(t)),
        None => "<none>".to_string(),
    };
    let mut cells = vec![
        cj.metadata.name_or_empty().to_string(),
        cj.spec.schedule.clone(),
        cj.spec
            .time_zone
            .clone()
            .unwrap_or_else(|| "<none>".to_string()),
        bool_ptr(cj.spec.suspend),
        status.active.map_or(0, |a| a.len()).to_string(),
        last,
        age(ctx.now, cj.metadata.creation_timestamp.as_deref()),
    ];
    if ctx.wide {
        let spec = &cj.spec.job_template.spec;
        let (names, images) = container_cells(&spec.template.spec.containers);
        cells.extend([names, images, format_label_selector(spec.selector.as_ref())]);
    }
    cells
}
