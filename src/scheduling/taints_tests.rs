use super::*;

fn taint(key: &str, value: &str, effect: &str) -> Taint {
    Taint {
        key: key.into(),
        value: (!value.is_empty()).then(|| value.to_string()),
        effect: effect.into(),
        time_added: None,
    }
}

fn tol(key: &str, op: &str, value: &str, effect: &str) -> Toleration {
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Toleration {
        key: opt(key),
        operator: opt(op),
        value: opt(value),
        effect: opt(effect),
        toleration_seconds: None,
    }
}

#[test]
fn toleration_matrix() {
    // (toleration, taint, tolerated)
    let cases = [
        // Equal: key, value and effect must match.
        (
            tol("k", "Equal", "v", "NoSchedule"),
            taint("k", "v", "NoSchedule"),
            true,
        ),
        (
            tol("k", "", "v", "NoSchedule"),
            taint("k", "v", "NoSchedule"),
            true,
        ),
        (
            tol("k", "Equal", "v", "NoSchedule"),
            taint("k", "w", "NoSchedule"),
            false,
        ),
        (
            tol("k", "Equal", "", "NoSchedule"),
            taint("k", "", "NoSchedule"),
            true,
        ),
        (
            tol("k", "Equal", "v", "NoSchedule"),
            taint("other", "v", "NoSchedule"),
            false,
        ),
        // Effect: empty matches all, otherwise must be equal.
        (
            tol("k", "Equal", "v", ""),
            taint("k", "v", "NoExecute"),
            true,
        ),
        (
            tol("k", "Equal", "v", "NoExecute"),
            taint("k", "v", "NoSchedule"),
            false,
        ),
        (
            tol("k", "Equal", "v", "PreferNoSchedule"),
            taint("k", "v", "PreferNoSchedule"),
            true,
        ),
        // Exists: any value.
        (
            tol("k", "Exists", "", "NoSchedule"),
            taint("k", "anything", "NoSchedule"),
            true,
        ),
        (
            tol("k", "Exists", "", ""),
            taint("k", "", "NoExecute"),
            true,
        ),
        (
            tol("k", "Exists", "", "NoSchedule"),
            taint("j", "", "NoSchedule"),
            false,
        ),
        // Empty key with Exists: every taint (of the effect, if one is given).
        (
            tol("", "Exists", "", ""),
            taint("any", "x", "NoExecute"),
            true,
        ),
        (
            tol("", "Exists", "", "NoSchedule"),
            taint("any", "x", "NoSchedule"),
            true,
        ),
        (
            tol("", "Exists", "", "NoSchedule"),
            taint("any", "x", "NoExecute"),
            false,
        ),
        // The control-plane taint has no value; Equal with no value tolerates it.
        (
            tol(
                "node-role.kubernetes.io/control-plane",
                "",
                "",
                "NoSchedule",
            ),
            taint("node-role.kubernetes.io/control-plane", "", "NoSchedule"),
            true,
        ),
        // Gt/Lt are behind an alpha gate, off in v1.36: they tolerate nothing.
        (
            tol("gen", "Gt", "3", "NoSchedule"),
            taint("gen", "5", "NoSchedule"),
            false,
        ),
        (
            tol("gen", "Lt", "9", "NoSchedule"),
            taint("gen", "5", "NoSchedule"),
            false,
        ),
        // Unknown operators tolerate nothing.
        (
            tol("k", "In", "v", "NoSchedule"),
            taint("k", "v", "NoSchedule"),
            false,
        ),
    ];
    for (i, (t, ta, want)) in cases.iter().enumerate() {
        assert_eq!(tolerates(t, ta), *want, "case {i}: {t:?} vs {ta:?}");
    }
}

#[test]
fn comparison_operators_when_the_gate_is_on() {
    let cases = [
        (tol("gen", "Gt", "3", ""), "5", true),
        (tol("gen", "Gt", "5", ""), "5", false),
        (tol("gen", "Lt", "9", ""), "5", true),
        (tol("gen", "Lt", "5", ""), "5", false),
        (tol("gen", "Gt", "03", ""), "5", false),
        (tol("gen", "Gt", "x", ""), "5", false),
        (tol("gen", "Gt", "-1", ""), "0", true),
        (tol("gen", "Gt", "1", ""), "abc", false),
    ];
    for (t, value, want) in cases {
        let ta = taint("gen", value, "NoSchedule");
        assert_eq!(tolerates_with(&t, &ta, true), want, "{t:?} vs {value}");
    }
}

#[test]
fn find_untolerated_respects_the_effect_filter_and_order() {
    let taints = [
        taint("soft", "", "PreferNoSchedule"),
        taint("a", "1", "NoSchedule"),
        taint("b", "2", "NoExecute"),
    ];
    let tolerations = [tol("a", "Equal", "1", "")];
    let found = find_untolerated(&taints, &tolerations, Effects::NoScheduleOrNoExecute);
    assert_eq!(found.map(|t| t.key.as_str()), Some("b"));
    assert_eq!(
        find_untolerated(&taints, &[], Effects::All).map(|t| t.key.as_str()),
        Some("soft")
    );
    assert_eq!(
        find_untolerated(&taints, &[], Effects::NoScheduleOrNoExecute).map(|t| t.key.as_str()),
        Some("a")
    );
    assert!(find_untolerated(&taints, &[tol("", "Exists", "", "")], Effects::All).is_none());
}

#[test]
fn prefer_no_schedule_counts_only_relevant_tolerations() {
    let taints = [
        taint("x", "", "PreferNoSchedule"),
        taint("y", "", "PreferNoSchedule"),
        taint("z", "", "NoSchedule"),
    ];
    assert_eq!(count_intolerable_prefer_no_schedule(&taints, &[]), 2);
    // A NoSchedule-only toleration does not count for PreferNoSchedule taints.
    let only_no_schedule = [tol("x", "Exists", "", "NoSchedule")];
    assert_eq!(
        count_intolerable_prefer_no_schedule(&taints, &only_no_schedule),
        2
    );
    let any_effect = [tol("x", "Exists", "", "")];
    assert_eq!(
        count_intolerable_prefer_no_schedule(&taints, &any_effect),
        1
    );
}

#[test]
fn no_execute_verdicts() {
    let not_ready = taint("node.kubernetes.io/not-ready", "", "NoExecute");
    let soft = taint("soft", "", "NoSchedule");
    let mut t300 = tol("node.kubernetes.io/not-ready", "Exists", "", "NoExecute");
    t300.toleration_seconds = Some(300);
    let mut t60 = tol("", "Exists", "", "NoExecute");
    t60.toleration_seconds = Some(60);
    let forever = tol("node.kubernetes.io/not-ready", "Exists", "", "NoExecute");
    let mut zero = forever.clone();
    zero.toleration_seconds = Some(0);

    assert_eq!(
        no_execute_verdict(std::slice::from_ref(&soft), &[]),
        NoExecuteVerdict::Stay
    );
    assert_eq!(
        no_execute_verdict(std::slice::from_ref(&not_ready), &[]),
        NoExecuteVerdict::EvictNow {
            untolerated: Some(not_ready.clone())
        }
    );
    assert_eq!(
        no_execute_verdict(
            std::slice::from_ref(&not_ready),
            std::slice::from_ref(&t300)
        ),
        NoExecuteVerdict::EvictAfter { seconds: 300 }
    );
    assert_eq!(
        no_execute_verdict(
            std::slice::from_ref(&not_ready),
            std::slice::from_ref(&forever)
        ),
        NoExecuteVerdict::Stay
    );
    assert_eq!(
        no_execute_verdict(std::slice::from_ref(&not_ready), &[zero]),
        NoExecuteVerdict::EvictNow { untolerated: None }
    );
    // The first matching toleration is the one used, as upstream's GetMatchingTolerations.
    assert_eq!(
        no_execute_verdict(
            std::slice::from_ref(&not_ready),
            &[t300.clone(), t60.clone()]
        ),
        NoExecuteVerdict::EvictAfter { seconds: 300 }
    );
    let unreachable = taint("node.kubernetes.io/unreachable", "", "NoExecute");
    assert_eq!(
        no_execute_verdict(&[not_ready, unreachable], &[t300, t60]),
        NoExecuteVerdict::EvictAfter { seconds: 60 }
    );
}

#[test]
fn taint_strings_round_trip() {
    for (spec, key, value, effect) in [
        (
            "dedicated=gpu:NoSchedule",
            "dedicated",
            Some("gpu"),
            "NoSchedule",
        ),
        (
            "node-role.kubernetes.io/control-plane:NoSchedule",
            "node-role.kubernetes.io/control-plane",
            None,
            "NoSchedule",
        ),
        ("k=:NoExecute", "k", None, "NoExecute"),
    ] {
        let t = parse_taint(spec).unwrap();
        assert_eq!(
            (t.key.as_str(), t.value.as_deref(), t.effect.as_str()),
            (key, value, effect)
        );
    }
    assert_eq!(
        TaintDisplay(&parse_taint("dedicated=gpu:NoSchedule").unwrap()).to_string(),
        "dedicated=gpu:NoSchedule"
    );
    assert_eq!(
        TaintDisplay(&taint("k", "", "NoExecute")).to_string(),
        "k:NoExecute"
    );
    assert_eq!(TaintDisplay(&taint("k", "v", "")).to_string(), "k=v:");
    for bad in [
        "",
        "k",
        "k=v",
        "k=v:Sometimes",
        ":NoSchedule",
        "=v:NoSchedule",
    ] {
        assert!(parse_taint(bad).is_err(), "{bad:?} should be rejected");
    }
}
