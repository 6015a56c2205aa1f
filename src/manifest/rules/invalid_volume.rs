//! ## `invalid-volume` (error)
//!
//! **What it does.** Checks volumes and mounts: each volume has a unique DNS-1123 label
//! name and exactly one source (`emptyDir`, `configMap`, `persistentVolumeClaim`, ...);
//! each `volumeMount` names a volume of the pod and has a `mountPath`
//! (`ValidateVolumes`, `validateVolumeSource`, `ValidateVolumeMounts` in
//! pkg/apis/core/validation). In a StatefulSet, a `volumeClaimTemplates` entry counts as a
//! volume.
//!
//! **Why is this bad?** The API server rejects the object; a mount of a volume that does
//! not exist is a frequent typo.
//!
//! **Example.**
//! ```yaml
//! volumeMounts:
//! - name: data
//!   mountPath: /data
//! volumes:
//! - name: date
//!   emptyDir: {}
//! ```
//!
//! **Use instead.** Use the same name in the mount and the volume.

use std::collections::BTreeSet;

use super::ctx::{quoted, Ctx, HintExt, Out, Rule};
use super::names::{name_errors, NameRule};
use super::workload::{containers, pod_spec};
use crate::api::Object;
use crate::manifest::diagnostic::{Severity, Text};
use crate::manifest::suggest::closest;

pub const RULE: Rule = Rule {
    code: "invalid-volume",
    severity: Severity::Error,
    source: include_str!("invalid_volume.rs"),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some((spec, base)) = pod_spec(ctx.object) else {
        return;
    };
    let mut names: BTreeSet<String> = BTreeSet::new();
    for (i, v) in spec.volumes.iter().flatten().enumerate() {
        let path = format!("{base}.volumes[{i}]");
        if v.name.is_empty() {
            out.required(&format!("{path}.name"), None);
        } else {
            for msg in name_errors(&v.name, NameRule::Label) {
                out.invalid(
                    &format!("{path}.name"),
                    &quoted(&v.name),
                    Text::new(msg.clone(), msg),
                );
            }
            if !names.insert(v.name.clone()) {
                out.duplicate(&format!("{path}.name"), &v.name);
            }
        }
        let sources = v.source.values().filter(|s| !s.is_null()).count();
        if sources == 0 {
            out.required(&path, Some(Text::new("must specify a volume type", "볼륨 종류를 지정해야 합니다")))
                .hint(
                    "add a source such as `emptyDir: {}`, `configMap: {name: ...}` or `persistentVolumeClaim: {claimName: ...}`",
                    "`emptyDir: {}`, `configMap: {name: ...}`, `persistentVolumeClaim: {claimName: ...}` 같은 소스를 넣으세요",
                );
        } else if sources > 1 {
            out.forbidden(
                &path,
                Text::new(
                    "may not specify more than 1 volume type",
                    "볼륨 종류를 둘 이상 지정할 수 없습니다",
                ),
            );
        }
    }
    if let Object::StatefulSet(s) = ctx.object {
        for t in s.spec.volume_claim_templates.iter().flatten() {
            if let Some(n) = &t.metadata.name {
                names.insert(n.clone());
            }
        }
    }
    for (c, cpath, _) in containers(spec, base) {
        for (i, m) in c.volume_mounts.iter().flatten().enumerate() {
            let path = format!("{cpath}.volumeMounts[{i}]");
            if m.name.is_empty() {
                out.required(&format!("{path}.name"), None);
            } else if !names.contains(&m.name) {
                let d = out.not_found(&format!("{path}.name"), &m.name);
                match closest(&m.name, names.iter().map(String::as_str)) {
                    Some(good) => d.hint(
                        format!(
                            "no volume of this pod is called `{}`; did you mean `{good}`?",
                            m.name
                        ),
                        format!(
                            "이 Pod에는 `{}`라는 볼륨이 없습니다. `{good}`을(를) 의도하셨나요?",
                            m.name
                        ),
                    ),
                    None => d.hint(
                        format!("add a volume named `{}` under `{base}.volumes`", m.name),
                        format!("`{base}.volumes` 아래에 `{}`라는 볼륨을 넣으세요", m.name),
                    ),
                }
            }
            if m.mount_path.is_empty() {
                out.required(&format!("{path}.mountPath"), None);
            }
        }
    }
}
