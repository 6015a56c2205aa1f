//! Cell formats shared by the printers: ages, label sets, selectors, container lists,
//! access modes. Each names the upstream helper it mirrors.

use std::collections::BTreeMap;

use crate::api::container::Container;
use crate::api::meta::LabelSelector;
use crate::selector;
use crate::sim::clock::Time;

/// The age of `timestamp` at `now` (`translateTimestampSince`): "<unknown>" when unset or
/// unreadable, else `HumanDuration`.
pub fn age(now: Time, timestamp: Option<&str>) -> String {
    match timestamp.and_then(Time::parse_rfc3339) {
        Some(t) => now.since(t).human(),
        None => "<unknown>".to_string(),
    }
}

/// `labels.FormatLabels`: `k=v` pairs sorted by key, joined by commas; "<none>" if empty.
pub fn format_labels(labels: Option<&BTreeMap<String, String>>) -> String {
    match labels {
        Some(l) if !l.is_empty() => l
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(","),
        _ => "<none>".to_string(),
    }
}

/// `metav1.FormatLabelSelector`: "<none>" for a missing or empty selector, "<error>" for
/// an invalid one, else the selector string (`app=nginx,tier in (a,b)`).
pub fn format_label_selector(sel: Option<&LabelSelector>) -> String {
    let Some(sel) = sel else {
        return "<none>".to_string();
    };
    match selector::from_label_selector(Some(sel)) {
        Ok(s) => {
            let text = s.to_string();
            if text.is_empty() {
                "<none>".to_string()
            } else {
                text
            }
        }
        Err(_) => "<error>".to_string(),
    }
}

/// The selector string as `printDeployment` writes it: "" when empty, "<invalid>" on error.
pub fn selector_string(sel: Option<&LabelSelector>) -> String {
    match selector::from_label_selector(sel) {
        Ok(s) => s.to_string(),
        Err(_) => "<invalid>".to_string(),
    }
}

/// `layoutContainerCells`: container names and images, each joined by commas.
pub fn container_cells(containers: &[Container]) -> (String, String) {
    let names: Vec<&str> = containers.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = containers
        .iter()
        .map(|c| c.image.as_deref().unwrap_or(""))
        .collect();
    (names.join(","), images.join(","))
}

/// `helper.GetAccessModesAsString`: RWO, ROX, RWX, RWOP in that fixed order.
pub fn access_modes(modes: Option<&Vec<String>>) -> String {
    let modes = modes.map(Vec::as_slice).unwrap_or_default();
    [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ]
    .iter()
    .filter(|(long, _)| modes.iter().any(|m| m == long))
    .map(|(_, short)| *short)
    .collect::<Vec<_>>()
    .join(",")
}

/// `printBoolPtr`: "<unset>", "True" or "False".
pub fn bool_ptr(value: Option<bool>) -> String {
    match value {
        None => "<unset>".to_string(),
        Some(true) => "True".to_string(),
        Some(false) => "False".to_string(),
    }
}

/// A string field of a loosely kept JSON object (nodeInfo, addresses, podIPs).
pub fn json_str<'a>(value: Option<&'a serde_json::Value>, field: &str) -> Option<&'a str> {
    value?.get(field)?.as_str()
}

/// A time as `kubectl describe` prints it (Go's RFC1123Z, in UTC):
/// `Thu, 01 Jan 2026 00:00:00 +0000`.
pub fn rfc1123z(t: Time) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let iso = t.to_rfc3339();
    let day_index = t.0.div_euclid(86_400_000).rem_euclid(7) as usize;
    let month = iso
        .get(5..7)
        .and_then(|m| m.parse::<usize>().ok())
        .unwrap_or(1);
    format!(
        "{}, {} {} {} {} +0000",
        DAYS[day_index],
        iso.get(8..10).unwrap_or("01"),
        MONTHS[month.clamp(1, 12) - 1],
        iso.get(0..4).unwrap_or("1970"),
        iso.get(11..19).unwrap_or("00:00:00"),
    )
}

/// An RFC 3339 timestamp as [`rfc1123z`], or "<unset>"/the raw text when unreadable.
pub fn timestamp(ts: Option<&str>) -> String {
    match ts {
        None => "<unset>".to_string(),
        Some(s) => Time::parse_rfc3339(s).map_or_else(|| s.to_string(), rfc1123z),
    }
}

/// A byte count in the canonical binary spelling of a quantity (`128Mi`, `1Gi`, `1500`).
pub fn binary_bytes(bytes: i128) -> String {
    if bytes == 0 {
        return "0".to_string();
    }
    for (suffix, unit) in [
        ("Ei", 1i128 << 60),
        ("Pi", 1 << 50),
        ("Ti", 1 << 40),
        ("Gi", 1 << 30),
        ("Mi", 1 << 20),
        ("Ki", 1 << 10),
    ] {
        if bytes % unit == 0 {
            return format!("{}{suffix}", bytes / unit);
        }
    }
    bytes.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::meta::LabelSelectorRequirement;

    #[test]
    fn ages_follow_human_duration() {
        let now = Time::parse_rfc3339("2026-01-01T01:00:00Z").expect("valid");
        assert_eq!(age(now, Some("2026-01-01T00:59:15Z")), "45s");
        assert_eq!(age(now, Some("2026-01-01T00:00:00Z")), "60m");
        assert_eq!(age(now, None), "<unknown>");
        assert_eq!(age(now, Some("yesterday")), "<unknown>");
    }

    #[test]
    fn labels_and_selectors_format_like_kubectl() {
        let mut m = BTreeMap::new();
        assert_eq!(format_labels(Some(&m)), "<none>");
        m.insert("tier".to_string(), "web".to_string());
        m.insert("app".to_string(), "nginx".to_string());
        assert_eq!(format_labels(Some(&m)), "app=nginx,tier=web");
        let sel = LabelSelector {
            match_labels: Some(m),
            match_expressions: Some(vec![LabelSelectorRequirement {
                key: "env".into(),
                operator: "In".into(),
                values: Some(vec!["prod".into(), "dev".into()]),
            }]),
        };
        assert_eq!(
            format_label_selector(Some(&sel)),
            "app=nginx,env in (dev,prod),tier=web"
        );
        assert_eq!(format_label_selector(None), "<none>");
        assert_eq!(
            format_label_selector(Some(&LabelSelector::default())),
            "<none>"
        );
    }

    #[test]
    fn describe_times_use_rfc1123z() {
        assert_eq!(
            rfc1123z(Time::DEFAULT_START),
            "Thu, 01 Jan 2026 00:00:00 +0000"
        );
        let t = Time::parse_rfc3339("2026-03-15T13:05:09Z").expect("valid");
        assert_eq!(rfc1123z(t), "Sun, 15 Mar 2026 13:05:09 +0000");
        assert_eq!(timestamp(None), "<unset>");
        assert_eq!(binary_bytes(128 << 20), "128Mi");
        assert_eq!(binary_bytes(1500), "1500");
    }

    #[test]
    fn access_modes_use_the_fixed_order() {
        let modes = vec!["ReadWriteMany".to_string(), "ReadWriteOnce".to_string()];
        assert_eq!(access_modes(Some(&modes)), "RWO,RWX");
        assert_eq!(access_modes(None), "");
    }
}
