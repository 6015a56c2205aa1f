//! ## `invalid-label` (error)
//!
//! **What it does.** Checks label keys and values wherever labels are written: the
//! object's and the pod template's `metadata.labels`, a selector's `matchLabels`, a
//! Service's `selector` and a pod's `nodeSelector` (`ValidateLabels` in
//! apimachinery/pkg/apis/meta/v1/validation, with `IsQualifiedName` and
//! `IsValidLabelValue`).
//!
//! **Why is this bad?** The API server rejects the object. Values are at most 63
//! characters of letters, digits, `-`, `_` and `.`, starting and ending with a letter or
//! digit; spaces and `/` are not allowed in values.
//!
//! **Example.**
//! ```yaml
//! labels:
//!   app: my app
//! ```
//!
//! **Use instead.**
//! ```yaml
//! labels:
//!   app: my-app
//! ```

use std::collections::BTreeMap;

use super::ctx::{quoted, Ctx, HintExt, Out, Rule};
use super::workload::{pod_labels, pod_spec, workload};
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};
use crate::selector::validate::{label_key_errors, label_value_errors};

pub const RULE: Rule = Rule {
    code: "invalid-label",
    severity: Severity::Error,
    source: include_str!("invalid_label.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    labels(
        out,
        ctx.object.metadata().labels.as_ref(),
        "metadata.labels",
    );
    if let Some((l, path)) = pod_labels(ctx.object) {
        labels(out, l, path);
    }
    if let Some(w) = workload(ctx.object) {
        if let Some(sel) = w.selector {
            labels(out, sel.match_labels.as_ref(), "spec.selector.matchLabels");
        }
    }
    if let Some((spec, base)) = pod_spec(ctx.object) {
        labels(
            out,
            spec.node_selector.as_ref(),
            &format!("{base}.nodeSelector"),
        );
    }
    if let Object::Service(s) = ctx.object {
        labels(out, s.spec.selector.as_ref(), "spec.selector");
    }
}

/// `ValidateLabels`: each key a qualified name, each value a label value.
pub fn labels(out: &mut Out<'_>, labels: Option<&BTreeMap<String, String>>, path: &str) {
    for (k, v) in labels.into_iter().flatten() {
        for msg in label_key_errors(k) {
            out.invalid(path, &quoted(k), Text::new(msg.clone(), msg)).hint(
                "a label key is a name of letters, digits, '-', '_' and '.' (at most 63), optionally after a DNS prefix and '/', e.g. `app` or `app.kubernetes.io/name`",
                "레이블 키는 문자, 숫자, '-', '_', '.'로 된 63자 이내의 이름이고, 앞에 DNS 접두사와 '/'를 붙일 수 있습니다. 예: `app`, `app.kubernetes.io/name`",
            );
        }
        let value_path = format!("{path}[{k}]");
        for msg in label_value_errors(v) {
            out.invalid(&value_path, &quoted(v), Text::new(msg.clone(), msg)).hint(
                "a label value is at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (no spaces, no '/')",
                "레이블 값은 문자, 숫자, '-', '_', '.'로 된 63자 이내이고 문자나 숫자로 시작하고 끝나야 합니다 (공백과 '/'는 안 됩니다)",
            );
        }
    }
}
