//! "Did you mean" suggestions: the closest of a set of names by edit distance.

/// Levenshtein distance, counted in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = i;
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let (Some(&left), Some(&current)) = (row.get(j), row.get(j + 1)) else {
                break;
            };
            let best = (prev + usize::from(ca != *cb))
                .min(left + 1)
                .min(current + 1);
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = best;
            }
            prev = current;
        }
    }
    row.last().copied().unwrap_or(0)
}

/// The candidate closest to `name`, if it is close enough to be a likely typo: a case
/// difference, or at most a third of the name's length in edits (at least 1, at most 3).
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let limit = (name.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| {
            let d = edit_distance(&lower, &c.to_lowercase());
            // A pure case difference ranks before any real edit.
            let d = if d == 0 { 0 } else { d * 2 };
            (d, c)
        })
        .filter(|(d, _)| *d <= limit * 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        let cases = [
            ("", "", 0),
            ("abc", "", 3),
            ("", "abc", 3),
            ("kitten", "sitting", 3),
            ("matchLables", "matchLabels", 2),
            ("replica", "replicas", 1),
            ("한글", "한국", 1),
        ];
        for (a, b, d) in cases {
            assert_eq!(edit_distance(a, b), d, "{a} -> {b}");
        }
    }

    #[test]
    fn suggestions() {
        let fields = ["matchLabels", "matchExpressions"];
        assert_eq!(closest("matchLables", fields), Some("matchLabels"));
        assert_eq!(closest("matchlabels", fields), Some("matchLabels"));
        assert_eq!(closest("template", fields), None);
        assert_eq!(
            closest("replica", ["replicas", "selector"]),
            Some("replicas")
        );
        assert_eq!(closest("x", ["y", "replicas"]), Some("y"));
    }
}
