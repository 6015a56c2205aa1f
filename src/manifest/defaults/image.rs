//! The image reference rules behind the imagePullPolicy default.
//!
//! Mirrors `ParseImageName` in pkg/util/parsers/parsers.go, which parses with the
//! distribution reference grammar (github.com/distribution/reference, regexp.go and
//! normalize.go): a reference without tag and digest gets the tag "latest"; a reference
//! that does not parse has no tag at all.

/// The tag an image reference resolves to: the explicit tag, "latest" when neither tag nor
/// digest is given, `None` for a digest-only reference or one that does not parse.
pub fn effective_tag(image: &str) -> Option<&str> {
    let (tag, digest) = split_reference(image)?;
    match (tag, digest) {
        (Some(t), _) => Some(t),
        (None, None) => Some("latest"),
        (None, Some(_)) => None,
    }
}

/// The default pull policy: Always for the tag "latest" (written or implied), IfNotPresent
/// otherwise, including digests and references that do not parse (upstream ignores the
/// parse error and leaves validation to complain).
/// Mirrors the imagePullPolicy branch of `SetDefaults_Container` in
/// pkg/apis/core/v1/defaults.go.
pub fn default_pull_policy(image: &str) -> &'static str {
    if effective_tag(image) == Some("latest") {
        "Always"
    } else {
        "IfNotPresent"
    }
}

/// Splits `name[:tag][@digest]`, validating each part. `None` when invalid.
fn split_reference(image: &str) -> Option<(Option<&str>, Option<&str>)> {
    if is_hex64(image) {
        // ParseNormalizedNamed refuses a bare 64-hex identifier.
        return None;
    }
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    if let Some(d) = digest {
        if !valid_digest(d) {
            return None;
        }
    }
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last_slash..].rfind(':') {
        Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
        None => (rest, None),
    };
    if let Some(t) = tag {
        if !valid_tag(t) {
            return None;
        }
    }
    if !valid_name(name) {
        return None;
    }
    Some((tag, digest))
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
}

/// `[\w][\w.-]{0,127}`
fn valid_tag(t: &str) -> bool {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let b = t.as_bytes();
    match b.split_first() {
        Some((&first, rest)) => {
            word(first)
                && rest.len() <= 127
                && rest.iter().all(|&c| word(c) || c == b'.' || c == b'-')
        }
        None => false,
    }
}

/// `algorithm:hex`, where a known algorithm fixes the hex length (sha256: 64, sha384: 96,
/// sha512: 128, lower-case hex). Unknown algorithms fail, as `digest.Parse` does.
fn valid_digest(d: &str) -> bool {
    let Some((algorithm, hex)) = d.split_once(':') else {
        return false;
    };
    let len = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return false,
    };
    hex.len() == len
        && hex
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
}

/// `[domain/]component(/component)*`, at most 255 characters, path lower-case.
fn valid_name(name: &str) -> bool {
    if name.is_empty() || name.len() > 255 {
        return false;
    }
    let (domain, path) = match name.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':'])
                || first == "localhost"
                || first.bytes().any(|c| c.is_ascii_uppercase()) =>
        {
            (Some(first), rest)
        }
        _ => (None, name),
    };
    if let Some(d) = domain {
        if !valid_domain(d) {
            return false;
        }
    }
    path.split('/').all(valid_path_component)
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn valid_path_component(c: &str) -> bool {
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let b = c.as_bytes();
    if b.is_empty() || !b.first().is_some_and(|&x| alnum(x)) || !b.last().is_some_and(|&x| alnum(x))
    {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if alnum(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !alnum(b[i]) {
            i += 1;
        }
        let sep = &c[start..i];
        let ok = matches!(sep, "." | "_" | "__") || sep.bytes().all(|x| x == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// `host[:port]` where host is dot-separated `[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?` labels
/// or a bracketed IPv6 address.
fn valid_domain(d: &str) -> bool {
    let (host, port) = if let Some(rest) = d.strip_prefix('[') {
        let Some((ip, after)) = rest.split_once(']') else {
            return false;
        };
        if ip.is_empty() || !ip.bytes().all(|c| c.is_ascii_hexdigit() || c == b':') {
            return false;
        }
        if after.is_empty() {
            (None, None)
        } else {
            match after.strip_prefix(':') {
                Some(p) => (None, Some(p)),
                None => return false,
            }
        }
    } else {
        match d.rsplit_once(':') {
            Some((h, p)) => (Some(h), Some(p)),
            None => (Some(d), None),
        }
    };
    if let Some(p) = port {
        if p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    match host {
        Some(h) => h.split('.').all(|label| {
            let b = label.as_bytes();
            !b.is_empty()
                && b.first().is_some_and(u8::is_ascii_alphanumeric)
                && b.last().is_some_and(u8::is_ascii_alphanumeric)
                && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-')
        }),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn pull_policy_follows_the_tag() {
        let digest_only = format!("nginx@{SHA}");
        let tag_and_digest = format!("nginx:1.27@{SHA}");
        let latest_and_digest = format!("nginx:latest@{SHA}");
        let rows: Vec<(&str, &str)> = vec![
            ("nginx", "Always"),
            ("nginx:latest", "Always"),
            ("library/nginx", "Always"),
            ("docker.io/library/nginx:latest", "Always"),
            ("nginx:1.27", "IfNotPresent"),
            ("nginx:Latest", "IfNotPresent"),
            ("registry.k8s.io/pause:3.10", "IfNotPresent"),
            ("localhost:5000/app", "Always"),
            ("localhost:5000/app:v2", "IfNotPresent"),
            ("my-registry.example.com:443/team/app:v1", "IfNotPresent"),
            ("my-registry.example.com/team/app", "Always"),
            ("[::1]:5000/app", "Always"),
            (&digest_only, "IfNotPresent"),
            (&tag_and_digest, "IfNotPresent"),
            (&latest_and_digest, "Always"),
            // Invalid references have no tag: IfNotPresent.
            ("", "IfNotPresent"),
            ("Nginx", "IfNotPresent"),
            ("nginx:", "IfNotPresent"),
            ("nginx@sha256:abc", "IfNotPresent"),
            ("nginx:-bad", "IfNotPresent"),
            ("a//b", "IfNotPresent"),
            ("nginx latest", "IfNotPresent"),
            (
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "IfNotPresent",
            ),
        ];
        for (image, policy) in rows {
            assert_eq!(default_pull_policy(image), policy, "{image:?}");
        }
    }

    #[test]
    fn effective_tags() {
        assert_eq!(effective_tag("busybox"), Some("latest"));
        assert_eq!(effective_tag("busybox:1.36"), Some("1.36"));
        assert_eq!(effective_tag("host:5000/busybox"), Some("latest"));
        // An upper-case first component is a registry host, which may be upper-case.
        assert_eq!(effective_tag("UPPER/case"), Some("latest"));
        assert_eq!(effective_tag("upper/Case"), None);
        assert_eq!(effective_tag("a__b/c.d-e"), Some("latest"));
        assert_eq!(effective_tag("a___b"), None);
    }
}
