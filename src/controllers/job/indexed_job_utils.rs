//! Indexed Jobs (pkg/controller/job/indexed_job_utils.go): completion indexes on pods,
//! the compressed interval lists of `status.completedIndexes` and `status.failedIndexes`
//! ("1,3-5"), the first pending indexes, and the per-index failure count annotation.

use std::collections::BTreeSet;

use crate::api::job::Job;
use crate::api::pod::Pod;

/// The annotation (and, with PodIndexLabel, the label) that carries a pod's index.
pub const COMPLETION_INDEX: &str = "batch.kubernetes.io/job-completion-index";
/// Failures counted so far in the pod's index (backoffLimitPerIndex).
pub const INDEX_FAILURE_COUNT: &str = "batch.kubernetes.io/job-index-failure-count";
/// Failures in the pod's index that a podFailurePolicy Ignore rule did not count.
pub const INDEX_IGNORED_FAILURE_COUNT: &str = "batch.kubernetes.io/job-index-ignored-failure-count";
/// The environment variable each container of an Indexed Job gets.
pub const COMPLETION_INDEX_ENV: &str = "JOB_COMPLETION_INDEX";
/// names.MaxGeneratedNameLength: 63 minus the 5 random characters.
const MAX_GENERATED_NAME_LENGTH: usize = 58;

/// isIndexedJob.
pub fn is_indexed(job: &Job) -> bool {
    job.spec.completion_mode.as_deref() == Some("Indexed")
}

/// hasBackoffLimitPerIndex (JobBackoffLimitPerIndex is GA).
pub fn has_backoff_limit_per_index(job: &Job) -> bool {
    job.spec.backoff_limit_per_index.is_some()
}

/// One closed interval of indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub first: i32,
    pub last: i32,
}

/// orderedIntervals: sorted, non-overlapping, non-adjacent intervals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Intervals(pub Vec<Interval>);

impl Intervals {
    /// parseIndexesFromString: "1,3-5" → intervals below `completions`. Corrupt parts are
    /// skipped; an interval starting at or past `completions` ends the list.
    pub fn parse(text: &str, completions: i32) -> Intervals {
        let mut out: Vec<Interval> = Vec::new();
        if text.is_empty() {
            return Intervals(out);
        }
        for part in text.split(',') {
            let mut limits = part.split('-');
            let Some(first) = limits.next().and_then(|s| s.parse::<i32>().ok()) else {
                continue;
            };
            if first >= completions {
                break;
            }
            let last = match limits.next() {
                Some(s) => match s.parse::<i32>() {
                    Ok(l) => l.min(completions - 1),
                    Err(_) => continue,
                },
                None => first,
            };
            match out.last_mut() {
                Some(prev) if prev.last == first - 1 => prev.last = last,
                _ => out.push(Interval { first, last }),
            }
        }
        Intervals(out)
    }

    /// withOrderedIndexes: these intervals plus `indexes` (ascending).
    pub fn with_indexes(&self, indexes: impl IntoIterator<Item = i32>) -> Intervals {
        let added = Intervals(
            indexes
                .into_iter()
                .map(|i| Interval { first: i, last: i })
                .collect(),
        );
        self.merge(&added)
    }

    /// merge: the union of two ordered interval lists.
    pub fn merge(&self, other: &Intervals) -> Intervals {
        let mut all: Vec<Interval> = self.0.iter().chain(other.0.iter()).copied().collect();
        all.sort_by_key(|i| i.first);
        let mut out: Vec<Interval> = Vec::with_capacity(all.len());
        for iv in all {
            match out.last_mut() {
                Some(last) if iv.first <= last.last.saturating_add(1) => {
                    last.last = last.last.max(iv.last);
                }
                _ => out.push(iv),
            }
        }
        Intervals(out)
    }

    /// total: how many indexes the intervals hold.
    pub fn total(&self) -> i32 {
        self.0
            .iter()
            .map(|iv| iv.last.saturating_sub(iv.first).saturating_add(1))
            .fold(0i32, i32::saturating_add)
    }

    /// has: whether `ix` is in one of the intervals.
    pub fn has(&self, ix: i32) -> bool {
        let pos = self.0.partition_point(|iv| iv.last < ix);
        self.0.get(pos).is_some_and(|iv| iv.first <= ix)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Display for Intervals {
    /// The status form: "0-2,5", with two adjacent indexes written "3,4".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (n, iv) in self.0.iter().enumerate() {
            if n > 0 {
                f.write_str(",")?;
            }
            write!(f, "{}", iv.first)?;
            if iv.last > iv.first {
                let sep = if iv.last == iv.first + 1 { ',' } else { '-' };
                write!(f, "{sep}{}", iv.last)?;
            }
        }
        Ok(())
    }
}

/// getCompletionIndex: the pod's index annotation, or `None` when missing, negative or
/// not a number.
pub fn completion_index(pod: &Pod) -> Option<i32> {
    pod.metadata
        .annotations
        .as_ref()?
        .get(COMPLETION_INDEX)?
        .parse::<i32>()
        .ok()
        .filter(|i| *i >= 0)
}

/// The pod's index if it is valid for a Job with `completions`.
pub fn valid_index(pod: &Pod, completions: i32) -> Option<i32> {
    completion_index(pod).filter(|i| *i < completions)
}

/// The indexes of `pods`.
pub fn indexes_of<'a>(pods: impl IntoIterator<Item = &'a Pod>) -> BTreeSet<i32> {
    pods.into_iter().filter_map(completion_index).collect()
}

/// firstPendingIndexes: the `count` lowest indexes below `completions` that no active pod,
/// succeeded index, failed index (or, when only failed pods are replaced, terminating pod)
/// holds.
pub fn first_pending_indexes(non_pending: &Intervals, count: usize, completions: i32) -> Vec<i32> {
    let mut out = Vec::with_capacity(count);
    let mut candidate = 0;
    for iv in &non_pending.0 {
        while candidate < completions && out.len() < count && candidate < iv.first {
            out.push(candidate);
            candidate += 1;
        }
        if candidate < iv.last.saturating_add(1) {
            candidate = iv.last.saturating_add(1);
        }
    }
    while candidate < completions && out.len() < count {
        out.push(candidate);
        candidate += 1;
    }
    out
}

/// parseInt32 of an annotation: 0 when missing, unparsable, negative or too large.
fn annotation_count(pod: &Pod, key: &str) -> i32 {
    pod.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(key))
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|v| (0..=i64::from(i32::MAX)).contains(v))
        .map_or(0, |v| v as i32)
}

/// getIndexFailureCount.
pub fn index_failure_count(pod: &Pod) -> i32 {
    annotation_count(pod, INDEX_FAILURE_COUNT)
}

/// getIndexAbsoluteFailureCount: counted plus ignored failures.
pub fn index_absolute_failure_count(pod: &Pod) -> i32 {
    index_failure_count(pod).saturating_add(annotation_count(pod, INDEX_IGNORED_FAILURE_COUNT))
}

/// podGenerateNameWithIndex: "<job>-<index>-", cut to fit a generated name.
pub fn generate_name_with_index(job_name: &str, index: i32) -> String {
    let suffix = format!("-{index}-");
    let prefix = format!("{job_name}{suffix}");
    if prefix.len() <= MAX_GENERATED_NAME_LENGTH {
        return prefix;
    }
    let keep = MAX_GENERATED_NAME_LENGTH.saturating_sub(suffix.len());
    let cut: String = job_name.chars().take(keep).collect();
    format!("{cut}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_parse_and_print_like_the_status_fields() {
        let cases = [
            ("", 10, ""),
            ("1", 10, "1"),
            ("0-2,5", 10, "0-2,5"),
            ("3,4", 10, "3,4"),
            ("0,1,2", 10, "0-2"),
            ("1-3,4-6", 10, "1-6"),
            ("8-12", 10, "8,9"),
            ("2,x,4", 10, "2,4"),
            ("2,12,4", 10, "2"),
            ("5-a,7", 10, "7"),
        ];
        for (text, completions, want) in cases {
            assert_eq!(
                Intervals::parse(text, completions).to_string(),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn intervals_merge_count_and_lookup() {
        let a = Intervals::parse("0-2,7", 20);
        let b = a.with_indexes([3, 5, 8]);
        assert_eq!(b.to_string(), "0-3,5,7,8");
        assert_eq!(b.total(), 7);
        for (ix, want) in [
            (0, true),
            (3, true),
            (4, false),
            (5, true),
            (6, false),
            (9, false),
        ] {
            assert_eq!(b.has(ix), want, "{ix}");
        }
        let c = b.merge(&Intervals::parse("4,6", 20));
        assert_eq!(c.to_string(), "0-8");
    }

    #[test]
    fn first_pending_indexes_skip_what_is_taken() {
        let cases = [
            ("", 3, 10, vec![0, 1, 2]),
            ("0-2", 2, 10, vec![3, 4]),
            ("1,3", 3, 10, vec![0, 2, 4]),
            ("0-8", 5, 10, vec![9]),
            ("", 5, 2, vec![0, 1]),
            ("2-4", 0, 10, vec![]),
        ];
        for (taken, count, completions, want) in cases {
            assert_eq!(
                first_pending_indexes(&Intervals::parse(taken, completions), count, completions),
                want,
                "{taken}"
            );
        }
    }

    #[test]
    fn generated_names_keep_the_index() {
        assert_eq!(generate_name_with_index("sample", 3), "sample-3-");
        let long = "a".repeat(70);
        let name = generate_name_with_index(&long, 12);
        assert!(name.ends_with("-12-"));
        assert_eq!(name.len(), MAX_GENERATED_NAME_LENGTH);
    }
}
