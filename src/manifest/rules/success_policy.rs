//! ## `invalid-success-policy` (error)
//!
//! **What it does.** Checks a Job's `successPolicy` (also in a CronJob's `jobTemplate`)
//! as `validateJobSpec`, `validateSuccessPolicy` and `validateSuccessPolicyRule` in
//! pkg/apis/batch/validation/validation.go do: only an `Indexed` Job may have one; it has 1
//! to 20 rules; each rule has `succeededIndexes` or `succeededCount` or both; the indexes
//! are intervals such as `0-2,5` in increasing order, each below `completions`, at most
//! 64 KiB of text; `succeededCount` is not negative, at most `completions`, and at most the
//! number of indexes the rule names.
//!
//! **Why is this bad?** The API server rejects the Job.
//!
//! **Example.**
//! ```yaml
//! spec:
//!   completionMode: Indexed
//!   completions: 5
//!   successPolicy:
//!     rules:
//!     - {succeededIndexes: "0-2", succeededCount: 4}
//! ```
//!
//! **Use instead.**
//! ```yaml
//! spec:
//!   completionMode: Indexed
//!   completions: 5
//!   successPolicy:
//!     rules:
//!     - {succeededIndexes: "0-2", succeededCount: 2}
//! ```

use super::ctx::{quoted, Ctx, HintExt, Out, Rule};
use super::workload::job_spec;
use crate::api::job::{JobSpec, SuccessPolicyRule};
use crate::manifest::diagnostic::{Severity, Text};

pub const RULE: Rule = Rule {
    code: "invalid-success-policy",
    severity: Severity::Error,
    source: include_str!("success_policy.rs"),
    check,
};

/// `maxSuccessPolicyRule` and `maxJobSuccessPolicySucceededIndexesLimit` upstream.
const MAX_RULES: usize = 20;
const MAX_INDEXES_TEXT: usize = 64 * 1024;

fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some((spec, base)) = job_spec(ctx.object) {
        policy(out, spec, base);
    }
}

fn policy(out: &mut Out<'_>, spec: &JobSpec, base: &str) {
    let Some(policy) = &spec.success_policy else {
        return;
    };
    let path = format!("{base}.successPolicy");
    if spec.completion_mode.as_deref() != Some("Indexed") {
        let value = serde_json::to_string(policy).unwrap_or_default();
        out.invalid(
            &path,
            &value,
            Text::new(
                "requires indexed completion mode",
                "Indexed 완료 모드가 필요합니다",
            ),
        )
        .hint(
            "a success policy names indexes: add `completionMode: Indexed` and `completions`",
            "성공 정책은 인덱스를 다룹니다. `completionMode: Indexed`와 `completions`를 넣으세요",
        );
        return;
    }
    let rules_path = format!("{path}.rules");
    if policy.rules.is_empty() {
        out.required(
            &rules_path,
            Some(Text::new(
                "at least one rules must be specified when the successPolicy is specified",
                "successPolicy를 쓰면 규칙이 하나 이상 있어야 합니다",
            )),
        );
    }
    if policy.rules.len() > MAX_RULES {
        out.report(
            &rules_path,
            Text::new(
                format!(
                    "Too many: {}: must have at most {MAX_RULES} items",
                    policy.rules.len()
                ),
                format!(
                    "너무 많음: {}: 최대 {MAX_RULES}개까지 쓸 수 있습니다",
                    policy.rules.len()
                ),
            ),
        );
    }
    // An Indexed Job without completions is `invalid-job-spec`'s to report.
    let Some(completions) = spec.completions else {
        return;
    };
    for (i, r) in policy.rules.iter().enumerate() {
        rule(out, r, completions, &format!("{rules_path}[{i}]"));
    }
}

fn rule(out: &mut Out<'_>, r: &SuccessPolicyRule, completions: i32, path: &str) {
    if r.succeeded_count.is_none() && r.succeeded_indexes.is_none() {
        out.required(
            path,
            Some(Text::new(
                "at least one of succeededCount or succeededIndexes must be specified",
                "succeededCount와 succeededIndexes 중 하나는 있어야 합니다",
            )),
        );
    }
    let mut total = 0i64;
    if let Some(indexes) = &r.succeeded_indexes {
        let indexes_path = format!("{path}.succeededIndexes");
        if indexes.len() > MAX_INDEXES_TEXT {
            out.report(
                &indexes_path,
                Text::new(
                    format!("Too long: may not be more than {MAX_INDEXES_TEXT} bytes"),
                    format!("너무 긺: {MAX_INDEXES_TEXT}바이트를 넘을 수 없습니다"),
                ),
            );
        }
        match count_indexes(indexes, completions) {
            Ok(n) => total = n,
            Err(e) => {
                out.invalid(
                    &indexes_path,
                    &quoted(indexes),
                    Text::new(
                        format!("error parsing succeededIndexes: {e}"),
                        format!("succeededIndexes를 읽을 수 없습니다: {e}"),
                    ),
                )
                .hint(
                    format!("write increasing indexes or intervals below {completions}, separated by commas, such as `0-2,4`"),
                    format!("{completions}보다 작은 인덱스나 구간을 쉼표로 나누어 오름차순으로 쓰세요 (예: `0-2,4`)"),
                );
            }
        }
    }
    if let Some(count) = r.succeeded_count {
        let count_path = format!("{path}.succeededCount");
        if count < 0 {
            out.invalid(
                &count_path,
                &count.to_string(),
                Text::new("must be greater than or equal to 0", "0 이상이어야 합니다"),
            );
        }
        if count > completions {
            out.invalid(
                &count_path,
                &count.to_string(),
                Text::new(
                    format!("must be less than or equal to {completions} (the number of specified completions)"),
                    format!("{completions}(지정한 completions 수) 이하여야 합니다"),
                ),
            );
        }
        if r.succeeded_indexes.is_some() && i64::from(count) > total {
            out.invalid(
                &count_path,
                &count.to_string(),
                Text::new(
                    format!("must be less than or equal to {total} (the number of indexes in the specified succeededIndexes field)"),
                    format!("{total}(succeededIndexes에 적은 인덱스 수) 이하여야 합니다"),
                ),
            );
        }
    }
}

/// `validateIndexesFormat`: the number of indexes in `0-2,5`-style text, or why it does
/// not parse (upstream's wording; indexes at or above `completions` are "too large").
pub fn count_indexes(text: &str, completions: i32) -> Result<i64, String> {
    if text.is_empty() {
        return Ok(0);
    }
    let mut last: Option<i64> = None;
    let mut total = 0i64;
    for interval in text.split(',') {
        let (x, y) = parse_interval(interval, completions)?;
        if let Some(prev) = last.filter(|p| *p >= x) {
            return Err(format!(
                "non-increasing order, previous: {prev}, current: {x}"
            ));
        }
        total += y - x + 1;
        last = Some(y);
    }
    Ok(total)
}

/// `parseIndexInterval`: `3` or `1-4`.
fn parse_interval(interval: &str, completions: i32) -> Result<(i64, i64), String> {
    let parts: Vec<&str> = interval.split('-').collect();
    if parts.len() > 2 {
        return Err(format!("the fragment {} violates the requirement that an index interval can have at most two parts separated by '-'", quoted(interval)));
    }
    let number = |s: &str| -> Result<i64, String> {
        let n = atoi(s)
            .ok_or_else(|| format!("cannot convert string to integer for index: {}", quoted(s)))?;
        if n >= i64::from(completions) {
            return Err(format!("too large index: {}", quoted(s)));
        }
        Ok(n)
    };
    let x = number(parts[0])?;
    match parts.get(1) {
        None => Ok((x, x)),
        Some(second) => {
            let y = number(second)?;
            if x >= y {
                return Err(format!("non-increasing order, previous: {x}, current: {y}"));
            }
            Ok((x, y))
        }
    }
}

/// Go's `strconv.Atoi`: an optional sign and decimal digits, nothing else.
fn atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}
