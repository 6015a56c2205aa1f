//! Every diagnostic code, documented: the pipeline's own (syntax, strict decoding, kinds)
//! here, the validation rules' in their files' headers. `docs/diagnostics.md` is generated
//! from both by [`markdown`], and a test keeps it current.

use super::diagnostic::Severity;
use super::rules::RULES;

/// A code reported by the pipeline itself rather than by a rule.
pub struct PipelineCode {
    pub code: &'static str,
    pub severity: Severity,
    /// One paragraph of Markdown: what it means and where upstream does the same.
    pub doc: &'static str,
}

const fn code(code: &'static str, severity: Severity, doc: &'static str) -> PipelineCode {
    PipelineCode {
        code,
        severity,
        doc,
    }
}

use Severity::{Error, Warning};

/// The pipeline's codes, in the order a document meets them.
pub static PIPELINE_CODES: &[PipelineCode] = &[
    code("not-utf8", Error, "The input is not UTF-8 text. The API server accepts only UTF-8; a byte-order mark is dropped first."),
    code("unreadable-file", Error, "A file or folder could not be read (missing, or no permission)."),
    code("input-too-large", Error, "The input is larger than 3 MiB, the API server's request size limit."),
    code("input-limit", Error, "The input nests deeper than 100 levels or expands to more than 250,000 values through aliases (a \"billion laughs\" document); refused instead of hanging."),
    code("template-not-yaml", Error, "The file is a Helm or Jinja template (`{{ ... }}`, `{% ... %}`), not YAML; one error instead of a cascade. Render it first (`helm template`)."),
    code("yaml-syntax", Error, "YAML or JSON syntax: tabs in indentation, bad indentation, unclosed quotes or brackets, an alias to nothing."),
    code("duplicate-key", Error, "A key appears twice in one mapping. A strict API server rejects the object; kubectl would silently keep the last value."),
    code("no-objects", Error, "The input holds no object at all: an empty file, only comments, only `---` separators, or a folder without manifests. `kubectl apply` refuses it with \"error: no objects passed to apply\", so an empty submission is not valid."),
    code("not-an-object", Error, "A document is a list or a scalar where a Kubernetes object (a mapping with apiVersion, kind and metadata) belongs."),
    code("missing-type", Error, "`apiVersion` or `kind` is missing or not a string."),
    code("removed-api-version", Error, "The apiVersion/kind pair is no longer served (for example `extensions/v1beta1` Deployment, `batch/v1beta1` CronJob); the hint names the version to use. From the Kubernetes deprecation guide."),
    code("wrong-api-version", Error, "The kind exists, but in another group or version (`apiVersion: v1` with `kind: Deployment`)."),
    code("unknown-kind", Error, "A kind no built-in API group serves, in a built-in group (a typo such as `Deploymnet`). Kinds in other groups are taken as custom resources and not checked field by field."),
    code("unknown-field", Error, "Strict decoding (`kubectl apply --validate=strict`): a field the kind's schema does not have at this place, with a \"did you mean\" hint when a field is close. The schema is generated from the Kubernetes v1.36 API types (`tools/gen_schema.py`)."),
    code("misplaced-field", Error, "Strict decoding: a field that exists, but at another level of the same object (usually an indentation mistake). The message names where it belongs; the hint says how to move it (which column to indent it to)."),
    code("type-error", Error, "A value of the wrong type: a string where an integer belongs, a mapping where a list belongs, a number or a YAML 1.1 boolean (`on`, `yes`) where text belongs, an int32 out of range. The hint shows the fix (quote it, remove the quotes, add `- `)."),
    code("invalid-quantity", Error, "A resource quantity that does not parse (`1GB`, `500 m`): quantities are a number with an optional suffix such as `m`, `Mi` or `Gi`."),
    code("missing-name", Error, "`metadata.name` (or `generateName`) is missing: \"name or generateName is required\"."),
    code("invalid-update", Error, "Checked only when a previous version is known (`ks.check(new, old=previous)`, `Cluster.apply` and `kubectl apply` of an object that exists): a change the API server refuses on update, with its message and field path. A Deployment's, ReplicaSet's and DaemonSet's `spec.selector` is immutable; a StatefulSet's spec may change only in 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds'; a Job's selector, template (except where a suspended Job that never started places its Pods), completions (except an Indexed Job's, together with parallelism), completionMode, podFailurePolicy, backoffLimitPerIndex, managedBy and successPolicy are immutable; a Service's cluster IP may not change once set (`ValidateStatefulSetUpdate`, `ValidateJobSpecUpdate`, `validateUpgradeDowngradeClusterIPs`, the apps strategies' `ValidateUpdate`)."),
    code("yaml11-boolean", Warning, "A bare `yes`, `no`, `on`, `off`, `y` or `n`, which Kubernetes (YAML 1.1) reads as a boolean, written where either a boolean or anything is accepted. Where text belongs the same value is a `type-error`."),
];

/// `docs/diagnostics.md`: the JSON output format, then every code with its documentation.
pub fn markdown() -> String {
    let mut out = String::from(HEADER);
    out.push_str("\n## Codes at a glance\n\n| code | severity | from |\n| --- | --- | --- |\n");
    for c in PIPELINE_CODES {
        out.push_str(&format!(
            "| [`{0}`](#{0}) | {1} | pipeline |\n",
            c.code,
            c.severity.as_str()
        ));
    }
    for r in RULES {
        out.push_str(&format!(
            "| [`{0}`](#{0}) | {1} | rule |\n",
            r.code,
            r.severity.as_str()
        ));
    }
    out.push_str("\n# Parsing and strict decoding\n");
    for c in PIPELINE_CODES {
        out.push_str(&format!(
            "\n## `{}` ({})\n\n{}\n",
            c.code,
            c.severity.as_str(),
            c.doc
        ));
    }
    out.push_str(COVERAGE);
    out.push_str("\n# Validation rules\n\nEach rule lives in `src/manifest/rules/<name>.rs`; the text below is its doc header.\n");
    for r in RULES {
        out.push('\n');
        out.push_str(&r.doc());
        out.push('\n');
    }
    out
}

/// The upstream validation functions, rule by rule: which kubesim checks (and with which
/// code) and which it knowingly does not.
const COVERAGE: &str = r#"
# Upstream validation, rule by rule

kubesim re-implements the API server's validation (Kubernetes v1.36, feature gates at
their defaults) for the kinds it simulates. Below, each upstream function with what is
checked (the code that reports it) and what is knowingly not checked. Upstream files:
pkg/apis/apps/validation/validation.go, pkg/apis/batch/validation/validation.go,
pkg/apis/core/validation/validation.go; update rules in the same files and in
pkg/registry/*/strategy.go.

| upstream | checked | knowingly not checked |
| --- | --- | --- |
| `ValidateObjectMeta` (every kind) | name, generateName and namespace by the kind's name rule (`invalid-name`: DNS-1123 subdomain; DNS-1035 label for Services; DNS-1123 label for StatefulSets and Namespaces; CronJob names at most 52 characters), label keys and values (`invalid-label`), annotation keys and total size (`invalid-annotation`), name required (`missing-name`) | finalizer names, ownerReferences, managedFields, resourceVersion/uid (server-set) |
| `ValidateDeployment` / `ValidateDeploymentSpec` | replicas, minReadySeconds, revisionHistoryLimit, progressDeadlineSeconds not negative (`negative-value`); progressDeadlineSeconds > minReadySeconds (`progress-deadline`); selector required, valid, not empty (`selector-required`, `invalid-selector`, `empty-selector`); template labels match (`selector-mismatch`); strategy type and Recreate without rollingUpdate (`invalid-strategy`); maxSurge/maxUnavailable int or percent, not both 0, at most 100% (`invalid-rolling-update`); restartPolicy Always (`restart-policy`); no activeDeadlineSeconds (`active-deadline`); the pod template (`ValidatePodSpec` row) | `rollbackTo` (not in apps/v1: `unknown-field`) |
| `ValidateReplicaSet` | as Deployment where it applies (replicas, minReadySeconds, selector, template labels, restartPolicy, activeDeadlineSeconds, pod template) | - |
| `ValidateDaemonSet` | selector valid and not empty, template labels match, restartPolicy Always, no activeDeadlineSeconds, minReadySeconds and revisionHistoryLimit not negative, updateStrategy type (`invalid-strategy`), rollingUpdate: exactly one of maxSurge and maxUnavailable non-zero, at most 100% (`invalid-rolling-update`), pod template | templateGeneration (deprecated, server-managed) |
| `ValidateStatefulSet` | name a DNS label (`invalid-name`); podManagementPolicy and PVC retention policy values (`unsupported-value`); updateStrategy type, OnDelete without rollingUpdate (`invalid-strategy`); partition and maxUnavailable (`negative-value`, `invalid-rolling-update`); replicas, minReadySeconds, ordinals.start not negative; selector required, valid, not empty; template labels match; restartPolicy Always; no activeDeadlineSeconds; volumeClaimTemplates (`invalid-pvc-spec`); serviceName set (warning `statefulset-service-name`) | upstream validates only the template's labels and annotations (`ValidatePodTemplateSpecForStatefulSet`), not its pod spec: kubesim applies the pod-spec rules to StatefulSets too, so it is stricter there (a real API server accepts such a StatefulSet and its Pods fail later) |
| `ValidateJob` / `validateJobSpec` | parallelism, completions, activeDeadlineSeconds, backoffLimit, ttlSecondsAfterFinished, backoffLimitPerIndex, maxFailedIndexes not negative (`negative-value`); completionMode and podReplacementPolicy values (`unsupported-value`); Indexed needs completions, parallelism ≤ 100000, maxFailedIndexes ≤ completions and ≤ 100000, the >100000-completions limits with backoffLimitPerIndex, backoffLimitPerIndex and maxFailedIndexes need Indexed, maxFailedIndexes needs backoffLimitPerIndex, podFailurePolicy needs restartPolicy Never and podReplacementPolicy Failed (`invalid-job-spec`); `validatePodFailurePolicy` in full (`invalid-pod-failure-policy`); `validateSuccessPolicy` in full (`invalid-success-policy`); an Indexed Job's name leaves room for `-<index>` (`invalid-name`); `validateGeneratedSelector`: a written selector without manualSelector (`job-selector`); with manualSelector the template labels must match (`selector-mismatch`); restartPolicy OnFailure or Never, "Required value" for Always/unset (`restart-policy`) | `managedBy` format and length; the status rules (`validateJobStatus`: the controller writes status) |
| `ValidateCronJobCreate` / `validateCronJobSpec` | schedule required and parsed as robfig/cron does, no TZ in the schedule (`invalid-schedule`); timeZone (`invalid-time-zone`); startingDeadlineSeconds and history limits not negative; concurrencyPolicy (`unsupported-value`); the job template as `validateJobSpec` plus no selector and no manualSelector: true (`job-selector`) | - |
| `ValidatePodSpec` / `ValidatePodTemplateSpec` | containers required (`containers-required`); container names DNS labels, unique (`invalid-container-name`); image required (`image-required`); ports (`invalid-port`); resources names, quantities, requests ≤ limits (`invalid-resources`, `requests-exceed-limits`, `invalid-quantity`); probes (`invalid-probe`); volumes and mounts (`invalid-volume`); env names (`invalid-env`); imagePullPolicy, protocol, dnsPolicy, restartPolicy values (`unsupported-value`, `restart-policy`); tolerations (`invalid-toleration`: key, Exists without value, tolerationSeconds with NoExecute, operator, case-sensitive effect); terminationGracePeriodSeconds and activeDeadlineSeconds (`negative-value`) | securityContext (capabilities, sysctls, seccomp, AppArmor, SELinux, runAsUser ranges), lifecycle hooks, sidecar init containers' own rules, hostAliases, dnsConfig, readinessGates, topologySpreadConstraints, affinity terms (operators and values), host-port uniqueness, schedulingGates, ephemeral containers, resource claims, overhead, `os`, hostUsers, image whitespace; the volume sources' own fields beyond "exactly one source" |
| `ValidateService` | name a DNS-1035 label; ports: present, in range, named when several, unique names, targetPort, nodePort type and default range (`invalid-service-port`); type, sessionAffinity, traffic policies, protocol values (`unsupported-value`) | clusterIP/clusterIPs format and IP families, externalIPs, loadBalancerSourceRanges, externalName as a DNS name, nodePort uniqueness across Services, sessionAffinityConfig, selector label syntax |
| `validateNodeTaints` (Node) | key, value, effect required and case-sensitive, unique by key and effect (`invalid-taint`) | the rest of `ValidateNode` (addresses, podCIDRs, capacity: server- and kubelet-managed) |
| Update: `ValidateStatefulSetUpdate`, `ValidateJobSpecUpdate`, apps `ValidateUpdate` (selector), `validateUpgradeDowngradeClusterIPs` | `invalid-update`: see its entry above | `ValidateObjectMetaUpdate` (name/uid/creationTimestamp are kubesim's own), Pod and PVC spec updates, CronJob TZ-in-schedule grandfathering |
"#;

const HEADER: &str = r#"# Diagnostics

<!-- Generated from src/manifest/codes.rs and the headers of src/manifest/rules/*.rs by
`KUBESIM_UPDATE_DOCS=1 cargo test --lib docs_are_current`. Do not edit by hand. -->

`kubesim check` and `ks.check()` report every problem in a manifest: where it is (file,
line, column), which field (the API server's path, e.g. `spec.selector.matchLabels`),
a stable code, the severity, a message in the API server's words, and a hint that fixes
it, in English or Korean. Errors are what the API server (with strict field validation)
would reject; warnings are practices a course teaches. Codes never change meaning; new
ones may be added.

Order: files as given; in each file, documents in order; in a document, structural
problems (syntax, unknown, misplaced or mistyped fields) in source order first, then the
validation rules' findings in source order. When a structural problem explains a rule's
finding (a misplaced `template` leaves the spec without one), only the structural problem
is reported.

## Command line

    kubesim check FILE... [--lang en|ko] [--format text|json|github] [--no-warnings] [--ignore CODE]...

Exit status: 0 when no file has an error (warnings allowed), 1 when any has, 2 on a usage
error (an unknown option, a file that does not exist).

`--format text` prints compiler-style lines:

    deploy.yaml:9:5: error[misplaced-field]: spec.selector.template: field `template` is misplaced: it belongs to `spec`, not to `spec.selector`
      = hint: `template:` is indented too far, so it became part of `selector`. Move it (with everything under it) left to column 3, in line with `selector:`

`--format github` prints GitHub Actions workflow annotations
(`::error file=...,line=...,col=...,title=kubesim <code>::<path>: <message>%0A<hint>`).

## JSON format (`--format json`, version 1)

```json
{
  "version": 1,
  "ok": false,
  "errors": 1,
  "warnings": 0,
  "files": ["deploy.yaml"],
  "diagnostics": [
    {
      "file": "deploy.yaml",
      "line": 7,
      "column": 5,
      "path": "spec.selector.matchLables",
      "code": "unknown-field",
      "severity": "error",
      "message": "unknown field \"matchLables\"",
      "hint": "did you mean `matchLabels`? Rename `matchLables:` to `matchLabels:`"
    }
  ]
}
```

| key | meaning |
| --- | --- |
| `version` | the format's version; bumped only on an incompatible change |
| `ok` | true when there is no error |
| `errors`, `warnings` | counts, after `--no-warnings` and `--ignore` |
| `files` | the arguments as given |
| `diagnostics[].file` | the file (for a folder, each file in it) |
| `diagnostics[].line`, `.column` | 1-based; characters, not bytes; 0 when the problem concerns the whole file |
| `diagnostics[].path` | the field path as the API server writes it (`spec.template.spec.containers[0].image`, map keys in brackets); empty for the document |
| `diagnostics[].code` | one of the codes below |
| `diagnostics[].severity` | `"error"` or `"warning"` |
| `diagnostics[].message`, `.hint` | in the chosen language; `hint` may be null |

`ks.check(source).to_dict()` gives the same `ok`, `errors`, `warnings` and `diagnostics`.
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_are_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md");
        let generated = markdown();
        if std::env::var_os("KUBESIM_UPDATE_DOCS").is_some() {
            std::fs::write(&path, &generated).expect("writes docs/diagnostics.md");
        }
        let written = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            written == generated,
            "docs/diagnostics.md is out of date: run KUBESIM_UPDATE_DOCS=1 cargo test --lib docs_are_current"
        );
    }

    #[test]
    fn every_code_the_source_reports_is_documented() {
        let documented: Vec<&str> = PIPELINE_CODES
            .iter()
            .map(|c| c.code)
            .chain(RULES.iter().map(|r| r.code))
            .collect();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/manifest");
        let mut sources = String::new();
        for file in ["parse.rs", "load.rs", "check.rs", "strict.rs"] {
            sources.push_str(&std::fs::read_to_string(dir.join(file)).unwrap_or_default());
        }
        // Codes are string literals passed to Diagnostic::error/warning or on the line
        // after; every kebab-case literal that looks like one must be documented.
        let mut found = Vec::new();
        for (i, line) in sources.lines().enumerate() {
            let prev = sources.lines().nth(i.saturating_sub(1)).unwrap_or("");
            let is_call = line.contains("Diagnostic::error(")
                || line.contains("Diagnostic::warning(")
                || prev.trim_end().ends_with("Diagnostic::error(")
                || prev.trim_end().ends_with("Diagnostic::warning(");
            if !is_call {
                continue;
            }
            if let Some(code) = line.split('"').nth(1).filter(|c| {
                !c.is_empty()
                    && c.chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch == '-' || ch.is_ascii_digit())
            }) {
                found.push(code.to_string());
            }
        }
        assert!(found.len() >= 10, "{found:?}");
        for code in found {
            assert!(
                documented.contains(&code.as_str()),
                "{code} is not documented"
            );
        }
    }
}
