//! ## `invalid-annotation` (error)
//!
//! **What it does.** Checks annotation keys (qualified names, like label keys) and the
//! total size of all annotations, at most 256 KiB (`ValidateAnnotations` in
//! apimachinery/pkg/api/validation/objectmeta.go).
//!
//! **Why is this bad?** The API server rejects the object.
//!
//! **Example.**
//! ```yaml
//! annotations:
//!   "my note": hello
//! ```
//!
//! **Use instead.**
//! ```yaml
//! annotations:
//!   example.com/note: hello
//! ```

use std::collections::BTreeMap;

use super::ctx::{quoted, Ctx, HintExt, Out, Rule};
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};
use crate::selector::validate::label_key_errors;

pub const RULE: Rule = Rule {
    code: "invalid-annotation",
    severity: Severity::Error,
    source: include_str!("invalid_annotation.rs"),
    check,
};

/// `TotalAnnotationSizeLimitB`.
const TOTAL_LIMIT: usize = 256 * (1 << 10);

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    annotations(
        out,
        ctx.object.metadata().annotations.as_ref(),
        "metadata.annotations",
    );
    let template = match ctx.object {
        Object::Deployment(o) => Some(&o.spec.template),
        Object::ReplicaSet(o) => Some(&o.spec.template),
        Object::StatefulSet(o) => Some(&o.spec.template),
        Object::DaemonSet(o) => Some(&o.spec.template),
        Object::Job(o) => Some(&o.spec.template),
        _ => None,
    };
    if let Some(t) = template {
        annotations(
            out,
            t.metadata.annotations.as_ref(),
            "spec.template.metadata.annotations",
        );
    }
}

fn annotations(out: &mut Out<'_>, map: Option<&BTreeMap<String, String>>, path: &str) {
    let Some(map) = map else { return };
    let mut total = 0usize;
    for (k, v) in map {
        total = total.saturating_add(k.len()).saturating_add(v.len());
        for msg in label_key_errors(&k.to_lowercase()) {
            out.invalid(path, &quoted(k), Text::new(msg.clone(), msg)).hint(
                "an annotation key is a name of letters, digits, '-', '_' and '.', optionally after a DNS prefix and '/', e.g. `example.com/note`",
                "어노테이션 키는 문자, 숫자, '-', '_', '.'로 된 이름이고 앞에 DNS 접두사와 '/'를 붙일 수 있습니다. 예: `example.com/note`",
            );
        }
    }
    if total > TOTAL_LIMIT {
        out.report(
            path,
            Text::new(
                format!("Too long: may not be more than {TOTAL_LIMIT} bytes"),
                format!("너무 깁니다: {TOTAL_LIMIT}바이트를 넘을 수 없습니다"),
            ),
        );
    }
}
