//! ## `invalid-pvc-spec` (error)
//!
//! **What it does.** Checks a PersistentVolumeClaim, and each of a StatefulSet's
//! `volumeClaimTemplates`: at least one access mode, and a storage request
//! (`ValidatePersistentVolumeClaimSpec` in pkg/apis/core/validation: "at least 1 access
//! mode is required", `resources[storage]`: "Required value"). A claim template also needs
//! a name, which pods mount it by.
//!
//! **Why is this bad?** The API server rejects the object: without a size and an access
//! mode no volume can be bound.
//!
//! **Example.**
//! ```yaml
//! volumeClaimTemplates:
//! - metadata: {name: data}
//!   spec:
//!     storageClassName: standard
//! ```
//!
//! **Use instead.**
//! ```yaml
//! volumeClaimTemplates:
//! - metadata: {name: data}
//!   spec:
//!     accessModes: [ReadWriteOnce]
//!     resources:
//!       requests: {storage: 1Gi}
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use crate::api::core::PersistentVolumeClaimSpec;
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "invalid-pvc-spec",
    severity: Severity::Error,
    source: include_str!("pvc_spec.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    match ctx.object {
        Object::PersistentVolumeClaim(p) => claim(out, &p.spec, "spec"),
        Object::StatefulSet(s) => {
            for (i, t) in s.spec.volume_claim_templates.iter().flatten().enumerate() {
                let base = format!("spec.volumeClaimTemplates[{i}]");
                if t.metadata.name.as_deref().is_none_or(str::is_empty) {
                    out.required(&format!("{base}.metadata.name"), None).hint(
                        "name the claim template; containers mount it with `volumeMounts: [{name: <that name>, ...}]`",
                        "클레임 템플릿에 이름을 주세요. 컨테이너는 `volumeMounts: [{name: <그 이름>, ...}]`(으)로 마운트합니다",
                    );
                }
                claim(out, &t.spec, &format!("{base}.spec"));
            }
        }
        _ => {}
    }
}

fn claim(out: &mut Out<'_>, spec: &PersistentVolumeClaimSpec, base: &str) {
    if spec.access_modes.as_ref().is_none_or(Vec::is_empty) {
        out.required(
            &format!("{base}.accessModes"),
            Some(Text::new(
                "at least 1 access mode is required",
                "접근 모드가 하나 이상 있어야 합니다",
            )),
        )
        .hint(
            "add `accessModes: [ReadWriteOnce]`",
            "`accessModes: [ReadWriteOnce]`을(를) 넣으세요",
        );
    }
    let has_storage = spec
        .resources
        .as_ref()
        .and_then(|r| r.requests.as_ref())
        .is_some_and(|r| r.contains_key("storage"));
    if !has_storage {
        out.required(&format!("{base}.resources[storage]"), None)
            .hint(
                "ask for a size: `resources: {requests: {storage: 1Gi}}`",
                "크기를 요청하세요: `resources: {requests: {storage: 1Gi}}`",
            );
    }
}
