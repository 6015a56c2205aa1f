//! The API server's update path for `kubectl apply` of an object that exists: the fields
//! it set itself stay (a Job's generated selector and pod labels, as kubectl's patch never
//! names them; a Service's cluster IP, `patchAllocatedValues`), then the update validation
//! of [`crate::manifest::update`] refuses what a real API server refuses.

use crate::api::object::Object;
use crate::controllers::job::strategy;
use crate::manifest::diagnostic::{Lang, Text};
use crate::manifest::update::validate_update;
use crate::sim::engine::{Cluster, SimError};

impl Cluster {
    /// Completes `merged` (the applied manifest over `old`) with the fields the server
    /// owns, then validates the update; `Err` carries the API server's answer.
    pub(crate) fn admit_update(&self, merged: &mut Object, old: &Object) -> Result<(), SimError> {
        match (&mut *merged, old) {
            (Object::Job(job), Object::Job(_)) if job.spec.selector.is_none() => {
                // The uid is the old one (merge_for_apply), so these are the same labels.
                strategy::generate_selector(job);
            }
            (Object::Service(svc), Object::Service(before)) => {
                let spec = &mut svc.spec;
                if spec.cluster_ip.as_deref().unwrap_or("").is_empty() {
                    spec.cluster_ip = before.spec.cluster_ip.clone();
                    if spec.cluster_ips.as_ref().is_none_or(Vec::is_empty) {
                        spec.cluster_ips = before.spec.cluster_ips.clone();
                    }
                }
            }
            _ => {}
        }
        let diagnostics = validate_update(merged, old);
        if diagnostics.is_empty() {
            return Ok(());
        }
        Err(SimError::Rejected {
            message: Text::new(
                rejection(old, &diagnostics, Lang::En),
                rejection(old, &diagnostics, Lang::Ko),
            ),
            diagnostics,
        })
    }
}

/// kubectl's words for a refused update: `The Deployment "web" is invalid: <cause>`, the
/// causes as a `* ` list when there are several.
pub fn rejection(
    object: &Object,
    diagnostics: &[crate::manifest::diagnostic::Diagnostic],
    lang: Lang,
) -> String {
    let causes: Vec<String> = diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.path, d.message.get(lang)))
        .collect();
    let head = match lang {
        Lang::En => format!("The {} \"{}\" is invalid: ", object.kind(), object.name()),
        Lang::Ko => format!(
            "{} \"{}\"이(가) 올바르지 않습니다: ",
            object.kind(),
            object.name()
        ),
    };
    match causes.as_slice() {
        [one] => format!("{head}{one}"),
        many => format!("{head}\n* {}", many.join("\n* ")),
    }
}
