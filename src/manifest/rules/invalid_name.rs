//! ## `invalid-name` (error)
//!
//! **What it does.** Checks `metadata.name`, `metadata.generateName` and
//! `metadata.namespace` as the API server does (`ValidateObjectMeta` with each kind's name
//! rule: a DNS-1123 subdomain for most kinds, a DNS-1035 label for Services, a DNS-1123
//! label for StatefulSets (`ValidateStatefulSetName`: the name prefixes pod hostnames),
//! Namespaces and namespace names), that a CronJob's name leaves room for the 11-character
//! suffix of its Jobs (at most 52 characters), and that an Indexed Job's name leaves room
//! for `-<index>` in its pods' hostnames (`ValidateJob`).
//!
//! **Why is this bad?** Names become DNS names and pod names; the API server rejects the
//! object.
//!
//! **Example.**
//! ```yaml
//! metadata:
//!   name: My_App
//! ```
//!
//! **Use instead.**
//! ```yaml
//! metadata:
//!   name: my-app
//! ```

use super::ctx::{quoted, Ctx, HintExt, Out, Rule};
use super::names::{name_errors, prefix_errors, rule_hint, NameRule};
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "invalid-name",
    severity: Severity::Error,
    source: include_str!("invalid_name.rs"),
    check,
};

/// The name rule of a kind (each kind's `ValidateXName` upstream).
fn name_rule(object: &Object) -> NameRule {
    match object.kind() {
        "Service" => NameRule::Dns1035,
        // ValidateStatefulSetName: the name prefixes the pods' hostnames, so no dots.
        "Namespace" | "StatefulSet" => NameRule::Label,
        _ => NameRule::Subdomain,
    }
}

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let meta = ctx.object.metadata();
    let rule = name_rule(ctx.object);
    let (hint_en, hint_ko) = rule_hint(rule);
    if let Some(name) = meta.name.as_deref().filter(|n| !n.is_empty()) {
        for msg in name_errors(name, rule) {
            out.invalid("metadata.name", &quoted(name), Text::new(msg.clone(), msg))
                .hint(hint_en, hint_ko);
        }
        if matches!(ctx.object, Object::CronJob(_)) && name.len() > 52 {
            out.invalid(
                "metadata.name",
                &quoted(name),
                Text::new("must be no more than 52 characters", "52자 이하여야 합니다"),
            )
            .hint(
                "a CronJob's Jobs are named `<name>-<11 digits>`, which must fit in 63 characters; shorten the name",
                "CronJob이 만드는 Job의 이름은 `<이름>-<숫자 11자리>`이고 63자 안에 들어가야 합니다. 이름을 줄이세요",
            );
        }
        if let Object::Job(j) = ctx.object {
            indexed_hostname(out, name, &j.spec);
        }
    } else if let Some(prefix) = meta.generate_name.as_deref().filter(|n| !n.is_empty()) {
        for msg in prefix_errors(prefix, rule) {
            out.invalid(
                "metadata.generateName",
                &quoted(prefix),
                Text::new(msg.clone(), msg),
            )
            .hint(hint_en, hint_ko);
        }
    }
    if let Some(ns) = meta.namespace.as_deref().filter(|n| !n.is_empty()) {
        for msg in name_errors(ns, NameRule::Label) {
            out.invalid(
                "metadata.namespace",
                &quoted(ns),
                Text::new(msg.clone(), msg),
            )
            .hint(rule_hint(NameRule::Label).0, rule_hint(NameRule::Label).1);
        }
    }
}

/// `ValidateJob`: an Indexed Job's pods are named `<name>-<index>` as hostnames, so the
/// longest, `<name>-<completions-1>`, must be a DNS label.
fn indexed_hostname(out: &mut Out<'_>, name: &str, spec: &crate::api::job::JobSpec) {
    if spec.completion_mode.as_deref() != Some("Indexed") {
        return;
    }
    let Some(completions) = spec.completions.filter(|c| *c > 0) else {
        return;
    };
    let host = format!("{name}-{}", completions - 1);
    if name_errors(&host, NameRule::Label).is_empty() {
        return;
    }
    out.invalid(
        "metadata.name",
        &quoted(name),
        Text::new(
            format!("will not able to create pod with invalid DNS label: {host}"),
            format!("올바르지 않은 DNS 레이블 {host}로는 Pod를 만들 수 없습니다"),
        ),
    )
    .hint(
        format!("an Indexed Job's pods get the hostname `<name>-<index>`, which must be a DNS label (at most 63 characters, no dots): shorten the name so that `{host}` fits"),
        format!("Indexed Job의 Pod는 `<이름>-<인덱스>`를 호스트 이름으로 받으므로 DNS 레이블(63자 이하, 점 없음)이어야 합니다. `{host}`가 맞도록 이름을 줄이세요"),
    );
}
