//! The overview's decisions: its figures read from a result, and each bucket's label, colour,
//! bar length and heading. The SQL is the core's ([`credreport_core::overview`]).

use credreport_core::overview::{Measure, BUCKETS, BUCKET_STATUS};
use credreport_core::QueryResult;

/// The first row of a counting query as numbers (0 where a cell is not one; none without a row).
pub fn first_row_numbers(result: &QueryResult) -> Vec<i64> {
    result
        .rows
        .first()
        .map(|row| {
            row.iter()
                .map(|v| v.as_text().and_then(|t| t.parse().ok()).unwrap_or(0))
                .collect()
        })
        .unwrap_or_default()
}

/// The overview's three answers: totals, keys by age, logons by age.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub totals: Vec<i64>,
    pub key_age: Vec<i64>,
    pub last_logon: Vec<i64>,
}

/// One bucket as the overview draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bucket {
    pub index: usize,
    pub label: &'static str,
    /// `ok`, `alarm` or `skip`: its colour.
    pub status: &'static str,
    pub count: i64,
    /// The bar's length, 0 to 1 of the largest bucket's.
    pub share: f64,
    /// The results' heading when it is listed: what it counts and its label.
    pub heading: String,
}

/// What each measure's buckets count, as a heading says it.
pub fn measure_title(measure: Measure) -> &'static str {
    match measure {
        Measure::KeyAge => "Active access keys last rotated",
        Measure::LastLogon => "Console users last logged on",
    }
}

/// The buckets of `measure` with their `counts` (five age buckets; logons have a sixth, never).
pub fn buckets(measure: Measure, counts: &[i64]) -> Vec<Bucket> {
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let labels = BUCKETS.iter().map(|b| b.0).chain(["never"]);
    counts
        .iter()
        .zip(labels)
        .enumerate()
        .map(|(index, (&count, label))| Bucket {
            index,
            label,
            status: BUCKET_STATUS.get(index).copied().unwrap_or("skip"),
            count,
            share: count.max(0) as f64 / max,
            heading: format!("{}: {label}", measure_title(measure)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use credreport_core::Value;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn figures_are_read_from_the_first_row() {
        let r = QueryResult {
            columns: vec!["a".into(), "b".into(), "c".into()],
            rows: vec![vec![
                Value::Integer(10),
                Value::Null,
                Value::Text("3".into()),
            ]],
            truncated: None,
        };
        assert_eq!(first_row_numbers(&r), [10, 0, 3]);
        let empty = QueryResult { rows: vec![], ..r };
        assert!(first_row_numbers(&empty).is_empty());
    }

    #[test]
    fn buckets_are_labelled_coloured_and_scaled_to_the_largest() {
        let b = buckets(Measure::LastLogon, &[0, 2, 1, 4, 1, 3]);
        assert_eq!(b.len(), 6);
        assert_eq!((b[5].label, b[5].status), ("never", "skip"));
        assert_eq!((b[3].status, b[3].share), ("alarm", 1.0));
        assert_eq!(b[1].share, 0.5);
        assert_eq!(b[4].heading, "Console users last logged on: > 1 year");
        let keys = buckets(Measure::KeyAge, &[0, 0, 0, 0, 0]);
        assert!(keys.iter().all(|b| b.share == 0.0 && b.status != "skip"));
    }
}
