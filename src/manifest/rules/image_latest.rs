//! ## `image-latest` (warning)
//!
//! **What it does.** Warns about a container image without a tag or digest, or tagged
//! `:latest`.
//!
//! **Why is this bad?** `latest` is whatever was pushed last: two nodes can run different
//! code, a rollback goes nowhere, and the default pull policy becomes `Always`. A course
//! teaches pinning versions.
//!
//! **Example.**
//! ```yaml
//! image: nginx
//! ```
//!
//! **Use instead.**
//! ```yaml
//! image: nginx:1.27
//! ```

use super::ctx::{Ctx, HintExt, Out, Rule};
use super::workload::{containers, pod_spec};
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "image-latest",
    severity: Severity::Warning,
    source: include_str!("image_latest.rs"),
    check,
};

/// The tag of an image reference, if any (`registry:5000/app:1.0` has tag `1.0`).
pub fn image_tag(image: &str) -> Option<&str> {
    if image.contains('@') {
        return Some("@digest");
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    last.split_once(':').map(|(_, tag)| tag)
}

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some((spec, base)) = pod_spec(ctx.object) else {
        return;
    };
    for (c, path, _) in containers(spec, base) {
        let Some(image) = c.image.as_deref().filter(|i| !i.trim().is_empty()) else {
            continue;
        };
        let message = match image_tag(image) {
            None => Text::new(
                format!("image {image:?} has no tag, so it means `{image}:latest`"),
                format!("이미지 {image:?}에 태그가 없어 `{image}:latest`을(를) 뜻합니다"),
            ),
            Some("latest") => Text::new(
                format!("image {image:?} uses the `latest` tag"),
                format!("이미지 {image:?}이(가) `latest` 태그를 씁니다"),
            ),
            Some(_) => continue,
        };
        let name = image.rsplit_once(':').map_or(image, |(n, _)| n);
        out.report(&format!("{path}.image"), message).hint(
            format!("pin a version, e.g. `image: {name}:1.2.3`, so every node runs the same code and rollbacks work"),
            format!("`image: {name}:1.2.3`처럼 버전을 고정하세요. 그래야 모든 노드가 같은 코드를 실행하고 롤백이 됩니다"),
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tags() {
        let cases = [
            ("nginx", None),
            ("nginx:1.27", Some("1.27")),
            ("localhost:5000/app", None),
            ("localhost:5000/app:v2", Some("v2")),
            ("nginx@sha256:abc", Some("@digest")),
        ];
        for (image, tag) in cases {
            assert_eq!(super::image_tag(image), tag, "{image}");
        }
    }
}
