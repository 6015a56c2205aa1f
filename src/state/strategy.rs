//! What the API server's registry strategies do to an object on create and update
//! (pkg/registry/<group>/<kind>/strategy.go `PrepareForCreate`, `PrepareForUpdate`),
//! beyond identity and versions, which the store sets itself.

use crate::api::daemonset::DaemonSet;

/// The annotation in which the API server keeps a DaemonSet's template generation
/// (`appsv1.DeprecatedTemplateGeneration`).
pub const TEMPLATE_GENERATION_ANNOTATION: &str = "deprecated.daemonset.template.generation";
/// `GetTemplateGeneration`: the template generation from the annotation; `None` when it is
/// missing or not a number.
pub fn template_generation(ds: &DaemonSet) -> Option<i64> {
    ds.metadata
        .annotations
        .as_ref()?
        .get(TEMPLATE_GENERATION_ANNOTATION)?
        .parse()
        .ok()
}

/// What the API server does to a DaemonSet's template generation
/// (pkg/registry/apps/daemonset/strategy.go `PrepareForCreate` and `PrepareForUpdate`,
/// shown in apps/v1 as the `deprecated.daemonset.template.generation` annotation): 1 on
/// create, one more whenever an update changes the template, otherwise kept.
pub fn set_template_generation(ds: &mut DaemonSet, before: Option<&DaemonSet>) {
    let generation = match before {
        None => 1,
        Some(old) => {
            let previous = template_generation(old).unwrap_or(1);
            if old.spec.template == ds.spec.template {
                previous
            } else {
                previous + 1
            }
        }
    };
    ds.metadata
        .annotations
        .get_or_insert_with(Default::default)
        .insert(
            TEMPLATE_GENERATION_ANNOTATION.to_string(),
            generation.to_string(),
        );
}
