//! Table tests taken from upstream's own tests: each row is a case of
//! pkg/apis/batch/validation/validation_test.go (`TestValidateJob`, `TestValidateCronJob*`),
//! pkg/apis/core/validation/validation_test.go (`TestValidateTolerations`,
//! `TestValidateTaintsInNodeAnnotations`/node taints) or pkg/apis/apps/validation
//! (`TestValidateStatefulSet`), named by upstream's expected error: the field path and a
//! part of the message, checked against what `check` reports for the same object.

use serde_json::{json, Value};

use crate::manifest::check::check_value;

/// upstream's `validJobObjectMeta` with `validPodTemplateSpecForGenerated`: a valid Job.
fn job(spec: Value) -> Value {
    let mut base = json!({
        "apiVersion": "batch/v1", "kind": "Job",
        "metadata": {"name": "myjob", "namespace": "default"},
        "spec": {"template": {"spec": {
            "restartPolicy": "OnFailure",
            "containers": [{"name": "abc", "image": "image"}],
            "initContainers": [{"name": "def", "image": "image"}]
        }}}
    });
    merge(&mut base["spec"], spec);
    base
}

fn never(mut spec: Value) -> Value {
    merge(
        &mut spec,
        json!({"template": {"spec": {"restartPolicy": "Never"}}}),
    );
    spec
}

/// A JSON merge patch (RFC 7386), enough for building rows.
pub(crate) fn merge(base: &mut Value, patch: Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    b.remove(&k);
                } else {
                    merge(b.entry(k).or_insert(Value::Null), v);
                }
            }
        }
        (b, p) => *b = p,
    }
}

/// The errors `check` reports, as the API server prints them (`path: message`).
fn errors(object: &Value) -> Vec<String> {
    check_value(object, "t.json")
        .errors()
        .map(|d| format!("{}: {}", d.path, d.message.en))
        .collect()
}

fn assert_rows(rows: Vec<(&str, Value)>) {
    for (expected, object) in rows {
        let (path, message) = expected.split_once(": ").unwrap_or((expected, ""));
        let found = errors(&object);
        assert!(
            found
                .iter()
                .any(|e| e.starts_with(&format!("{path}: ")) && e.contains(message)),
            "expected `{expected}`, found {found:#?}"
        );
    }
}

fn pfp(rules: Value) -> Value {
    never(json!({"podFailurePolicy": {"rules": rules}}))
}

#[test]
fn test_validate_job_error_cases() {
    let exit = |op: &str, values: Value| json!({"operator": op, "values": values});
    let too_many_rules: Vec<Value> = (1..=21)
        .map(|i| json!({"action": "FailJob", "onExitCodes": exit("In", json!([i]))}))
        .collect();
    let too_many_values: Vec<i32> = (0..256).collect();
    let too_many_patterns: Vec<Value> = (0..21)
        .map(|i| json!({"type": format!("CustomType_{i}"), "status": "True"}))
        .collect();
    let indexed = |extra: Value| {
        let mut s = json!({"completionMode": "Indexed"});
        merge(&mut s, extra);
        job(s)
    };
    assert_rows(vec![
        (
            "spec.podFailurePolicy.rules[0].action: Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set",
            job(pfp(json!([{"action": "FailIndex", "onExitCodes": exit("In", json!([1]))}]))),
        ),
        (
            "spec.podFailurePolicy.rules[0].onExitCodes.values: Too many: 256: must have at most 255 items",
            job(pfp(json!([{"action": "FailJob", "onExitCodes": exit("In", json!(too_many_values))}]))),
        ),
        (
            "spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items",
            job(pfp(json!(too_many_rules))),
        ),
        (
            "spec.podFailurePolicy.rules[0].onPodConditions: Too many: 21: must have at most 20 items",
            job(pfp(json!([{"action": "FailJob", "onPodConditions": too_many_patterns}]))),
        ),
        (
            "spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 13",
            job(pfp(json!([{"action": "FailJob", "onExitCodes": exit("In", json!([12, 13, 13, 13]))}]))),
        ),
        (
            "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [19,11]: must be ordered",
            job(pfp(json!([{"action": "FailJob", "onExitCodes": exit("In", json!([19, 11]))}]))),
        ),
        (
            "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []: at least one value is required",
            job(pfp(json!([{"action": "FailJob", "onExitCodes": exit("In", json!([]))}]))),
        ),
        (
            "spec.podFailurePolicy.rules[0].action: Required value: valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]",
            job(pfp(json!([{"action": "", "onExitCodes": exit("In", json!([1, 2, 3]))}]))),
        ),
        (
            "spec.podFailurePolicy.rules[0].onExitCodes.operator: Required value: valid values: [\"In\" \"NotIn\"]",
            job(pfp(json!([{"action": "FailJob", "onExitCodes": exit("", json!([1, 2, 3]))}]))),
        ),
        (
            "spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported",
            job(pfp(json!([{"action": "FailJob", "onExitCodes": {"containerName": "abc", "operator": "In", "values": [1, 2, 3]}, "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]}]))),
        ),
        (
            "spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required",
            job(pfp(json!([{"action": "FailJob"}]))),
        ),
        (
            "spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator",
            job(pfp(json!([{"action": "Ignore", "onExitCodes": exit("In", json!([1, 0, 2]))}]))),
        ),
        (
            "spec.podFailurePolicy.rules[1].onExitCodes.containerName: Invalid value: \"xyz\": must be one of the container or initContainer names in the pod template",
            job(pfp(json!([
                {"action": "Ignore", "onExitCodes": {"containerName": "abc", "operator": "In", "values": [1, 2, 3]}},
                {"action": "FailJob", "onExitCodes": {"containerName": "xyz", "operator": "In", "values": [5, 6, 7]}}
            ]))),
        ),
        (
            "spec.podFailurePolicy.rules[0].action: Unsupported value: \"UnknownAction\": supported values: \"Count\", \"FailIndex\", \"FailJob\", \"Ignore\"",
            job(pfp(json!([{"action": "UnknownAction", "onExitCodes": {"containerName": "abc", "operator": "In", "values": [1, 2, 3]}}]))),
        ),
        (
            "spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: \"UnknownOperator\": supported values: \"In\", \"NotIn\"",
            job(pfp(json!([{"action": "Ignore", "onExitCodes": exit("UnknownOperator", json!([1, 2, 3]))}]))),
        ),
        (
            "spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: \"UnknownStatus\": supported values: \"False\", \"True\", \"Unknown\"",
            job(pfp(json!([{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget", "status": "UnknownStatus"}]}]))),
        ),
        (
            "spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: \"\": name part must be non-empty",
            job(pfp(json!([{"action": "Ignore", "onPodConditions": [{"status": "True"}]}]))),
        ),
        (
            "spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: \"Invalid Condition Type\": name part must consist of alphanumeric characters",
            job(pfp(json!([{"action": "Ignore", "onPodConditions": [{"type": "Invalid Condition Type", "status": "True"}]}]))),
        ),
        (
            "spec.podReplacementPolicy: Unsupported value: \"TerminatingOrFailed\": supported values: \"Failed\"",
            job({
                let mut s = pfp(json!([{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]}]));
                merge(&mut s, json!({"podReplacementPolicy": "TerminatingOrFailed"}));
                s
            }),
        ),
        (
            "spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified",
            job(json!({"podFailurePolicy": {"rules": []}})),
        ),
        (
            "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
            job(json!({"backoffLimitPerIndex": 1})),
        ),
        (
            "spec.maxFailedIndexes: Invalid value: 11: must be less than or equal to completions",
            indexed(json!({"completions": 10, "maxFailedIndexes": 11, "backoffLimitPerIndex": 1})),
        ),
        (
            "spec.maxFailedIndexes: Required value: must be specified when completions is above 100000",
            indexed(json!({"completions": 100_001, "backoffLimitPerIndex": 1})),
        ),
        (
            "spec.parallelism: Invalid value: 50000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index",
            indexed(json!({"completions": 100_001, "parallelism": 50_000, "backoffLimitPerIndex": 1, "maxFailedIndexes": 1})),
        ),
        (
            "spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 100000",
            indexed(json!({"completions": 100_001, "backoffLimitPerIndex": 1, "maxFailedIndexes": 100_001})),
        ),
        (
            "spec.maxFailedIndexes: Invalid value: 50000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index",
            indexed(json!({"completions": 100_001, "backoffLimitPerIndex": 1, "maxFailedIndexes": 50_000})),
        ),
        (
            "spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified",
            indexed(json!({"completions": 3, "maxFailedIndexes": 1})),
        ),
        (
            "spec.template.spec.restartPolicy: Required value",
            job(json!({"template": {"spec": {"restartPolicy": "Always"}}})),
        ),
        (
            "spec.template.spec.restartPolicy: Unsupported value",
            job(json!({"template": {"spec": {"restartPolicy": "Invalid"}}})),
        ),
        (
            // Upstream's case leaves parallelism unset too; SetDefaults_Job would then set
            // both to 1, so the row (which goes through the defaults) sets parallelism.
            "spec.completions: Required value: when completion mode is Indexed",
            indexed(json!({"parallelism": 3})),
        ),
        (
            "spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed",
            indexed(json!({"completions": 2, "parallelism": 100_001})),
        ),
        (
            "spec.selector: Invalid value: {\"matchLabels\":{\"a\":\"b\",\"batch.kubernetes.io/controller-uid\":",
            job(json!({"selector": {"matchLabels": {"a": "b"}}})),
        ),
        (
            "spec.template.metadata.labels: Invalid value: map[y:z]: `selector` does not match template `labels`",
            job(json!({"manualSelector": true, "selector": {"matchLabels": {"a": "b"}}, "template": {"metadata": {"labels": {"y": "z"}}}})),
        ),
    ]);
}

#[test]
fn test_validate_job_valid_cases_stay_clean() {
    // Rows of upstream's `successCases` that kubesim can express.
    let rows = [
        job(json!({})),
        job(
            json!({"manualSelector": true, "selector": {"matchLabels": {"a": "b"}}, "template": {"metadata": {"labels": {"a": "b"}}}}),
        ),
        // A written selector the generated one still satisfies (job-name is generated too).
        job(json!({"selector": {"matchLabels": {"job-name": "myjob"}}})),
        job(pfp(json!([
            {"action": "FailJob", "onExitCodes": {"containerName": "abc", "operator": "In", "values": [1, 2, 3]}},
            {"action": "Ignore", "onExitCodes": {"containerName": "def", "operator": "NotIn", "values": [0, 4]}},
            {"action": "Count", "onPodConditions": [{"type": "DisruptionTarget"}]}
        ]))),
        job(
            json!({"completionMode": "Indexed", "completions": 2, "backoffLimitPerIndex": 1, "maxFailedIndexes": 1,
            "podFailurePolicy": {"rules": [{"action": "FailIndex", "onExitCodes": {"operator": "In", "values": [1]}}]},
            "template": {"spec": {"restartPolicy": "Never"}}}),
        ),
        job(json!({"completionMode": "Indexed", "completions": 10,
            "successPolicy": {"rules": [{"succeededIndexes": "0-3,5", "succeededCount": 5}, {"succeededCount": 10}]}})),
        // Above 100000 completions is fine without backoffLimitPerIndex.
        job(json!({"completionMode": "Indexed", "completions": 100_001})),
    ];
    for object in rows {
        assert_eq!(errors(&object), Vec::<String>::new(), "{object}");
    }
}

#[test]
fn test_validate_success_policy() {
    let sp = |completions: i64, rules: Value| {
        job(
            json!({"completionMode": "Indexed", "completions": completions, "successPolicy": {"rules": rules}}),
        )
    };
    assert_rows(vec![
        (
            "spec.successPolicy: Invalid value: {\"rules\":[{\"succeededCount\":1}]}: requires indexed completion mode",
            job(json!({"successPolicy": {"rules": [{"succeededCount": 1}]}})),
        ),
        (
            "spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified",
            sp(5, json!([])),
        ),
        (
            "spec.successPolicy.rules: Too many: 21: must have at most 20 items",
            sp(5, json!((0..21).map(|_| json!({"succeededCount": 1})).collect::<Vec<_>>())),
        ),
        (
            "spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified",
            sp(5, json!([{}])),
        ),
        (
            "spec.successPolicy.rules[0].succeededIndexes: Invalid value: \"0-2,1\": error parsing succeededIndexes: non-increasing order, previous: 2, current: 1",
            sp(5, json!([{"succeededIndexes": "0-2,1"}])),
        ),
        (
            "spec.successPolicy.rules[0].succeededIndexes: Invalid value: \"1-5\": error parsing succeededIndexes: too large index: \"5\"",
            sp(5, json!([{"succeededIndexes": "1-5"}])),
        ),
        (
            "spec.successPolicy.rules[0].succeededIndexes: Invalid value: \"1-2-3\": error parsing succeededIndexes: the fragment \"1-2-3\" violates the requirement that an index interval can have at most two parts separated by '-'",
            sp(5, json!([{"succeededIndexes": "1-2-3"}])),
        ),
        (
            "spec.successPolicy.rules[0].succeededIndexes: Invalid value: \"a\": error parsing succeededIndexes: cannot convert string to integer for index: \"a\"",
            sp(5, json!([{"succeededIndexes": "a"}])),
        ),
        (
            "spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number of specified completions)",
            sp(5, json!([{"succeededCount": 6}])),
        ),
        (
            "spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 3 (the number of indexes in the specified succeededIndexes field)",
            sp(5, json!([{"succeededIndexes": "0-2", "succeededCount": 4}])),
        ),
        (
            "spec.successPolicy.rules[0].succeededCount: Invalid value: -1: must be greater than or equal to 0",
            sp(5, json!([{"succeededCount": -1}])),
        ),
    ]);
}

fn cron(job_spec: Value) -> Value {
    let mut template = json!({"template": {"spec": {"restartPolicy": "OnFailure", "containers": [{"name": "abc", "image": "image"}]}}});
    merge(&mut template, job_spec);
    json!({
        "apiVersion": "batch/v1", "kind": "CronJob",
        "metadata": {"name": "mycronjob", "namespace": "default"},
        "spec": {"schedule": "* * * * ?", "concurrencyPolicy": "Allow", "jobTemplate": {"spec": template}}
    })
}

#[test]
fn test_validate_cron_job_job_template() {
    assert_rows(vec![
        (
            "spec.jobTemplate.spec.selector: Invalid value: {\"matchLabels\":{\"a\":\"b\"}}: `selector` will be auto-generated",
            cron(json!({"selector": {"matchLabels": {"a": "b"}}})),
        ),
        (
            "spec.jobTemplate.spec.manualSelector: Unsupported value: \"true\": supported values: \"nil\", \"false\"",
            cron(json!({"manualSelector": true})),
        ),
        (
            "spec.jobTemplate.spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
            cron(json!({"backoffLimitPerIndex": 1})),
        ),
        (
            "spec.jobTemplate.spec.podFailurePolicy.rules[0].action: Unsupported value: \"UnknownAction\"",
            cron(json!({"template": {"spec": {"restartPolicy": "Never"}}, "podFailurePolicy": {"rules": [{"action": "UnknownAction", "onExitCodes": {"operator": "In", "values": [1]}}]}})),
        ),
    ]);
    assert_eq!(errors(&cron(json!({}))), Vec::<String>::new());
}

#[test]
fn indexed_job_names_leave_room_for_the_index() {
    // ValidateJob: "will not able to create pod with invalid DNS label".
    let name = "a".repeat(62);
    let mut object = job(json!({"completionMode": "Indexed", "completions": 10}));
    object["metadata"]["name"] = json!(name);
    assert_rows(vec![(
        "metadata.name: Invalid value: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": will not able to create pod with invalid DNS label: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-9",
        object.clone(),
    )]);
    object["metadata"]["name"] = json!("a".repeat(61));
    assert_eq!(errors(&object), Vec::<String>::new());
}

fn pod_with_tolerations(tolerations: Value) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
        "spec": {"containers": [{"name": "a", "image": "busybox"}], "tolerations": tolerations}
    })
}

#[test]
fn test_validate_tolerations() {
    // TestValidatePod / validateTolerations error cases.
    let t = pod_with_tolerations;
    assert_rows(vec![
        (
            "spec.tolerations[0].operator: Invalid value: {\"key\":\"foo\",\"operator\":\"Exists\",\"value\":\"bar\",\"effect\":\"NoSchedule\"}: value must be empty when `operator` is 'Exists'",
            t(json!([{"key": "foo", "operator": "Exists", "value": "bar", "effect": "NoSchedule"}])),
        ),
        (
            "spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            t(json!([{"operator": "Equal", "value": "bar", "effect": "NoSchedule"}])),
        ),
        (
            "spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
            t(json!([{"key": "foo", "operator": "Exists", "effect": "NoSchedule", "tolerationSeconds": 20}])),
        ),
        (
            "spec.tolerations[0].effect: Unsupported value: \"noSchedule\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
            t(json!([{"key": "foo", "operator": "Exists", "effect": "noSchedule"}])),
        ),
        (
            "spec.tolerations[0].operator: Unsupported value: \"In\": supported values: \"Equal\", \"Exists\"",
            t(json!([{"key": "foo", "operator": "In", "value": "bar"}])),
        ),
        (
            "spec.tolerations[0].key: Invalid value: \"nospecialchars^=@\": name part must consist of alphanumeric characters",
            t(json!([{"key": "nospecialchars^=@", "operator": "Equal", "value": "bar", "effect": "NoSchedule"}])),
        ),
        (
            "spec.tolerations[0].value: Invalid value: \"bar baz\": a valid label must be an empty string or consist of alphanumeric characters",
            t(json!([{"key": "foo", "operator": "Equal", "value": "bar baz"}])),
        ),
    ]);
    // Valid: an empty key with Exists matches everything; NoExecute with seconds.
    let ok = t(json!([
        {"operator": "Exists"},
        {"key": "foo", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 60},
        {"key": "foo", "value": "bar", "effect": "PreferNoSchedule"}
    ]));
    assert_eq!(errors(&ok), Vec::<String>::new());
}

#[test]
fn test_validate_node_taints() {
    let node = |taints: Value| json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n"}, "spec": {"taints": taints}});
    assert_rows(vec![
        (
            "spec.taints[0].effect: Unsupported value: \"noSchedule\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
            node(json!([{"key": "dedicated", "value": "gpu", "effect": "noSchedule"}])),
        ),
        (
            "spec.taints[0].effect: Required value",
            node(json!([{"key": "dedicated", "value": "gpu"}])),
        ),
        (
            "spec.taints[1]: Duplicate value: ",
            node(json!([{"key": "dedicated", "value": "a", "effect": "NoSchedule"}, {"key": "dedicated", "value": "b", "effect": "NoSchedule"}])),
        ),
        (
            "spec.taints[0].key: Invalid value: \"\": name part must be non-empty",
            node(json!([{"key": "", "effect": "NoSchedule"}])),
        ),
    ]);
    let ok = node(
        json!([{"key": "dedicated", "value": "a", "effect": "NoSchedule"}, {"key": "dedicated", "value": "a", "effect": "NoExecute"}]),
    );
    assert_eq!(errors(&ok), Vec::<String>::new());
}

#[test]
fn test_validate_stateful_set_name() {
    // ValidateStatefulSetName is NameIsDNSLabel: no dots.
    let set = |name: &str| {
        json!({
            "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": name},
            "spec": {"serviceName": "db", "selector": {"matchLabels": {"a": "b"}},
                "template": {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": [{"name": "a", "image": "x"}]}}}
        })
    };
    assert_rows(vec![(
        "metadata.name: Invalid value: \"web.v1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'",
        set("web.v1"),
    )]);
    assert_eq!(errors(&set("web-v1")), Vec::<String>::new());
}
