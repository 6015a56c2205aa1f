use serde_json::json;

use super::*;

fn node(name: &str, labels: serde_json::Value) -> Node {
    serde_json::from_value(json!({"metadata": {"name": name, "labels": labels}})).unwrap()
}

fn spec(v: serde_json::Value) -> PodSpec {
    serde_json::from_value(v).unwrap()
}

fn required(exprs: serde_json::Value) -> PodSpec {
    spec(
        json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": exprs}]}}}}),
    )
}

#[test]
fn operators() {
    let n = node("w1", json!({"disk": "ssd", "gen": "5", "zone": "a"}));
    let cases = [
        (
            json!([{"key": "disk", "operator": "In", "values": ["ssd", "nvme"]}]),
            true,
        ),
        (
            json!([{"key": "disk", "operator": "In", "values": ["hdd"]}]),
            false,
        ),
        (
            json!([{"key": "disk", "operator": "NotIn", "values": ["hdd"]}]),
            true,
        ),
        (
            json!([{"key": "missing", "operator": "NotIn", "values": ["x"]}]),
            true,
        ),
        (json!([{"key": "disk", "operator": "Exists"}]), true),
        (json!([{"key": "missing", "operator": "Exists"}]), false),
        (
            json!([{"key": "missing", "operator": "DoesNotExist"}]),
            true,
        ),
        (json!([{"key": "disk", "operator": "DoesNotExist"}]), false),
        (
            json!([{"key": "gen", "operator": "Gt", "values": ["4"]}]),
            true,
        ),
        (
            json!([{"key": "gen", "operator": "Gt", "values": ["5"]}]),
            false,
        ),
        (
            json!([{"key": "gen", "operator": "Lt", "values": ["6"]}]),
            true,
        ),
        (
            json!([{"key": "zone", "operator": "Gt", "values": ["1"]}]),
            false,
        ),
        // Expressions are ANDed.
        (
            json!([{"key": "disk", "operator": "In", "values": ["ssd"]},
                {"key": "zone", "operator": "In", "values": ["b"]}]),
            false,
        ),
        // Invalid requirements make the term match nothing.
        (
            json!([{"key": "gen", "operator": "Gt", "values": ["x"]}]),
            false,
        ),
        (
            json!([{"key": "disk", "operator": "Equals", "values": ["ssd"]}]),
            false,
        ),
        (
            json!([{"key": "disk", "operator": "In", "values": []}]),
            false,
        ),
    ];
    for (i, (exprs, want)) in cases.into_iter().enumerate() {
        let aff = RequiredNodeAffinity::from_spec(&required(exprs.clone()));
        assert_eq!(aff.matches(&n), want, "case {i}: {exprs}");
        assert_eq!(aff.why_not(&n).is_none(), want, "case {i}: why_not agrees");
    }
}

#[test]
fn terms_are_ored_and_empty_terms_match_nothing() {
    let n = node("w1", json!({"zone": "a"}));
    let s = spec(
        json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [
            {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["b"]}]},
            {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}
        ]}}}}),
    );
    assert!(RequiredNodeAffinity::from_spec(&s).matches(&n));
    let empty = spec(
        json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{}]}}}}),
    );
    let aff = RequiredNodeAffinity::from_spec(&empty);
    assert!(!aff.matches(&n));
    assert!(aff.why_not(&n).is_some());
}

#[test]
fn match_fields_on_the_node_name() {
    let s = spec(
        json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["w1"]}]}]}}}}),
    );
    let aff = RequiredNodeAffinity::from_spec(&s);
    assert!(aff.matches(&node("w1", json!({}))));
    assert!(!aff.matches(&node("w2", json!({}))));
    let not_in = spec(
        json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "NotIn", "values": ["w1"]}]}]}}}}),
    );
    let aff = RequiredNodeAffinity::from_spec(&not_in);
    assert!(!aff.matches(&node("w1", json!({}))));
    assert!(aff.matches(&node("w2", json!({}))));
    assert_eq!(
        RequiredNodeAffinity::pinned_node_names(&s),
        Some(BTreeSet::from(["w1".to_string()]))
    );
    assert_eq!(RequiredNodeAffinity::pinned_node_names(&not_in), None);
    // Two values in a field requirement are invalid.
    let two = spec(
        json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["w1", "w2"]}]}]}}}}),
    );
    assert!(!RequiredNodeAffinity::from_spec(&two).matches(&node("w1", json!({}))));
}

#[test]
fn node_selector_and_affinity_must_both_match() {
    let s = spec(json!({
        "nodeSelector": {"hardware": "gpu"},
        "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}]}}}
    }));
    let aff = RequiredNodeAffinity::from_spec(&s);
    assert!(aff.matches(&node("g", json!({"hardware": "gpu", "zone": "a"}))));
    assert!(!aff.matches(&node("g", json!({"hardware": "gpu", "zone": "b"}))));
    let n = node("c", json!({"hardware": "cpu", "zone": "a"}));
    assert!(!aff.matches(&n));
    let why = aff.why_not(&n).unwrap();
    assert!(
        why.en.contains("hardware=gpu") && why.en.contains("hardware=cpu"),
        "{}",
        why.en
    );
    assert!(RequiredNodeAffinity::from_spec(&PodSpec::default()).is_empty());
}

#[test]
fn preferred_terms_sum_matching_weights() {
    let s = spec(
        json!({"affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 10, "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}},
            {"weight": 5, "preference": {"matchExpressions": [{"key": "disk", "operator": "Exists"}]}},
            {"weight": 0, "preference": {"matchExpressions": [{"key": "zone", "operator": "Exists"}]}},
            {"weight": 7, "preference": {}}
        ]}}}),
    );
    let p = PreferredTerms::from_spec(&s);
    assert_eq!(p.score(&node("a", json!({"zone": "a", "disk": "ssd"}))), 15);
    assert_eq!(p.score(&node("b", json!({"zone": "b", "disk": "ssd"}))), 5);
    assert_eq!(p.score(&node("c", json!({}))), 0);
}

#[test]
fn pinned_names_intersect_within_a_term_and_union_across_terms() {
    let s = spec(
        json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [
            {"matchFields": [
                {"key": "metadata.name", "operator": "In", "values": ["a", "b"]},
                {"key": "metadata.name", "operator": "In", "values": ["b", "c"]}]},
            {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["d"]}]}
        ]}}}}),
    );
    assert_eq!(
        RequiredNodeAffinity::pinned_node_names(&s),
        Some(BTreeSet::from(["b".to_string(), "d".to_string()]))
    );
    let conflict = spec(
        json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchFields": [
            {"key": "metadata.name", "operator": "In", "values": ["a"]},
            {"key": "metadata.name", "operator": "In", "values": ["b"]}]}]}}}}),
    );
    assert_eq!(
        RequiredNodeAffinity::pinned_node_names(&conflict),
        Some(BTreeSet::new())
    );
}
