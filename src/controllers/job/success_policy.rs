//! successPolicy (pkg/controller/job/success_policy.go): an Indexed Job may be declared
//! succeeded before every index is done, when the succeeded indexes satisfy a rule.

use super::indexed_job_utils::Intervals;
use crate::api::job::SuccessPolicy;

/// matchSuccessPolicy: the message of the first rule the succeeded indexes satisfy.
pub fn match_success_policy(
    policy: Option<&SuccessPolicy>,
    completions: i32,
    succeeded: &Intervals,
) -> Option<String> {
    let policy = policy?;
    if succeeded.is_empty() {
        return None;
    }
    for (index, rule) in policy.rules.iter().enumerate() {
        let met = if let Some(text) = &rule.succeeded_indexes {
            let required = Intervals::parse(text, completions);
            if required.is_empty() {
                continue;
            }
            match_succeeded_indexes_rule(&required, succeeded, rule.succeeded_count)
        } else {
            rule.succeeded_count.is_some_and(|c| succeeded.total() >= c)
        };
        if met {
            return Some(format!("Matched rules at index {index}"));
        }
    }
    None
}

/// matchSucceededIndexesRule: all of the rule's indexes succeeded, or at least
/// `succeeded_count` of them.
fn match_succeeded_indexes_rule(
    rule: &Intervals,
    succeeded: &Intervals,
    succeeded_count: Option<i32>,
) -> bool {
    let contains: i64 = rule
        .0
        .iter()
        .map(|r| {
            succeeded
                .0
                .iter()
                .map(|s| {
                    let overlap =
                        i64::from(r.last.min(s.last)) - i64::from(r.first.max(s.first)) + 1;
                    overlap.max(0)
                })
                .sum::<i64>()
        })
        .sum();
    contains == i64::from(rule.total()) || succeeded_count.is_some_and(|c| contains >= i64::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::job::SuccessPolicyRule;

    fn rule(indexes: Option<&str>, count: Option<i32>) -> SuccessPolicyRule {
        SuccessPolicyRule {
            succeeded_indexes: indexes.map(str::to_string),
            succeeded_count: count,
        }
    }

    #[test]
    fn rules_are_tried_in_order() {
        let cases = [
            (vec![rule(Some("0"), None)], "0", Some(0)),
            (vec![rule(Some("0"), None)], "1-4", None),
            (vec![rule(Some("0-3"), Some(2))], "1,3", Some(0)),
            (vec![rule(Some("0-3"), Some(3))], "1,3", None),
            (vec![rule(None, Some(3))], "0,4,7", Some(0)),
            (
                vec![rule(Some("x"), None), rule(None, Some(1))],
                "2",
                Some(1),
            ),
            (vec![rule(Some("0-9"), None)], "", None),
            (vec![rule(Some("1,5-6"), None)], "0-7", Some(0)),
        ];
        for (rules, succeeded, want) in cases {
            let policy = SuccessPolicy { rules };
            let got = match_success_policy(Some(&policy), 10, &Intervals::parse(succeeded, 10));
            assert_eq!(
                got,
                want.map(|i| format!("Matched rules at index {i}")),
                "{succeeded}"
            );
        }
        assert_eq!(
            match_success_policy(None, 10, &Intervals::parse("0-9", 10)),
            None
        );
    }
}
