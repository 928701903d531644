//! What the results table shows: rows filtered by a text, sorted by a column, one page at a time.

use std::cmp::Ordering;

use credreport_core::schema::Kind;
use credreport_core::values::interval_seconds;
use credreport_core::{QueryResult, Value, COLUMNS};

/// Rows a page shows: enough to scan, few enough that 100,000 result rows never freeze the page.
pub const PAGE_SIZE: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub descending: bool,
}

impl Sort {
    /// A click on a header: sort by it ascending, then descending, then as the query returned.
    pub fn click(current: Option<Sort>, column: usize) -> Option<Sort> {
        match current {
            Some(s) if s.column == column && !s.descending => Some(Sort {
                column,
                descending: true,
            }),
            Some(s) if s.column == column => None,
            _ => Some(Sort {
                column,
                descending: false,
            }),
        }
    }
}

/// NULLs first, then numbers by value, then text, then blobs (SQLite's own order).
pub fn compare(a: &Value, b: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Integer(_) | Value::Real(_) => 1,
            Value::Text(_) => 2,
            Value::Blob(_) => 3,
        }
    }
    let num = |v: &Value| match v {
        Value::Integer(i) => *i as f64,
        Value::Real(r) => *r,
        _ => 0.0,
    };
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => x.cmp(y),
        (Value::Text(x), Value::Text(y)) => compare_text(x, y),
        (Value::Blob(x), Value::Blob(y)) => x.cmp(y),
        _ if rank(a) == 1 && rank(b) == 1 => num(a).total_cmp(&num(b)),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// Text by what it holds: intervals (`1 mon 14 days`) by length, numbers written as text by
/// value, anything else (times in SQLite's `YYYY-MM-DD HH:MM:SS` included) as text.
fn compare_text(x: &str, y: &str) -> Ordering {
    if let (Some(a), Some(b)) = (interval_seconds(x), interval_seconds(y)) {
        return a.total_cmp(&b);
    }
    let number = |t: &str| t.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    if let (Some(a), Some(b)) = (number(x), number(y)) {
        return a.total_cmp(&b);
    }
    x.cmp(y)
}

/// Which of a result's columns are the table's booleans (by name): shown as true/false.
pub fn boolean_columns(columns: &[String]) -> Vec<bool> {
    columns
        .iter()
        .map(|c| {
            COLUMNS
                .iter()
                .any(|col| col.kind == Kind::Bool && col.name.eq_ignore_ascii_case(c))
        })
        .collect()
}

/// A cell's text as the table shows it: booleans' 0/1 as false/true (SQL and the exports keep
/// 0/1); `None` for NULL.
pub fn shown(v: &Value, boolean: bool) -> Option<String> {
    match v {
        Value::Integer(0) if boolean => Some("false".into()),
        Value::Integer(1) if boolean => Some("true".into()),
        v => v.as_text(),
    }
}

/// Indexes of the rows that contain `filter` (case-insensitive, in any cell), in `sort` order.
pub fn visible_rows(result: &QueryResult, filter: &str, sort: Option<Sort>) -> Vec<usize> {
    let needle = filter.trim().to_lowercase();
    let booleans = boolean_columns(&result.columns);
    let rows: Vec<usize> = (0..result.rows.len())
        .filter(|&i| {
            needle.is_empty()
                || result.rows[i]
                    .iter()
                    .zip(&booleans)
                    .any(|(v, &b)| shown(v, b).is_some_and(|t| t.to_lowercase().contains(&needle)))
        })
        .collect();
    in_sort_order(result, rows, sort)
}

/// `rows` of `result` in `sort` order (as they are when there is none; ties keep their order).
/// Every table whose headers sort puts its rows through this, so a header marked ▲ or ▼ sorts.
pub fn in_sort_order(result: &QueryResult, mut rows: Vec<usize>, sort: Option<Sort>) -> Vec<usize> {
    if let Some(Sort { column, descending }) = sort {
        if column < result.columns.len() {
            rows.sort_by(|&a, &b| {
                let o = compare(&result.rows[a][column], &result.rows[b][column]);
                if descending {
                    o.reverse()
                } else {
                    o
                }
            });
        }
    }
    rows
}

/// The number of pages `n` rows take (at least one).
pub fn page_count(n: usize) -> usize {
    n.div_ceil(PAGE_SIZE).max(1)
}

/// The slice of `rows` page `page` (0-based, clamped) shows.
pub fn page_of(rows: &[usize], page: usize) -> &[usize] {
    let page = page.min(page_count(rows.len()) - 1);
    let start = page * PAGE_SIZE;
    &rows[start.min(rows.len())..(start + PAGE_SIZE).min(rows.len())]
}

/// The rows `on_page` of `result`, in that order, as a result of their own (the same columns):
/// what a table draws for one page, copied without the rest.
pub fn page_rows(result: &QueryResult, on_page: &[usize]) -> QueryResult {
    QueryResult {
        columns: result.columns.clone(),
        rows: on_page.iter().map(|&i| result.rows[i].clone()).collect(),
        truncated: result.truncated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn result() -> QueryResult {
        let t = |s: &str| Value::Text(s.into());
        QueryResult {
            columns: vec!["user_name".into(), "age".into()],
            rows: vec![
                vec![t("bob"), Value::Real(200.5)],
                vec![t("<root>"), Value::Null],
                vec![t("alice"), Value::Integer(5)],
                vec![t("Bobby"), Value::Integer(1000)],
            ],
            truncated: None,
        }
    }

    #[test]
    fn a_page_copies_its_rows_alone_in_the_order_given() {
        let r = result();
        let page = page_rows(&r, &[3, 1]);
        assert_eq!(page.columns, r.columns);
        assert_eq!(page.rows, [r.rows[3].clone(), r.rows[1].clone()]);
        assert!(page_rows(&r, &[]).rows.is_empty());
    }

    #[test]
    fn sorting_cycles_and_orders_nulls_first_and_numbers_numerically() {
        let r = result();
        let asc = Sort::click(None, 1);
        assert_eq!(visible_rows(&r, "", asc), [1, 2, 0, 3]);
        let desc = Sort::click(asc, 1);
        assert_eq!(visible_rows(&r, "", desc), [3, 0, 2, 1]);
        assert_eq!(Sort::click(desc, 1), None);
        assert_eq!(visible_rows(&r, "", Sort::click(None, 0)), [1, 3, 2, 0]);
    }

    #[test]
    fn filter_is_case_insensitive_across_cells() {
        let r = result();
        assert_eq!(visible_rows(&r, "BOB", None), [0, 3]);
        assert_eq!(visible_rows(&r, "200.5", None), [0]);
        assert_eq!(visible_rows(&r, "zzz", None), Vec::<usize>::new());
    }

    /// Regression (#13): `age` sorted as text put "1 mon 14 days" before "1 year" before "6 mons".
    #[test]
    fn intervals_and_numbers_in_text_sort_by_value() {
        let t = |s: &str| vec![Value::Text(s.into())];
        let r = QueryResult {
            columns: vec!["age".into()],
            rows: vec![
                t("6 mons"),
                t("1 year 2 days"),
                t("1 mon 14 days"),
                t("3 days 04:00:00"),
            ],
            truncated: None,
        };
        assert_eq!(visible_rows(&r, "", Sort::click(None, 0)), [3, 2, 0, 1]);
        let r = QueryResult {
            columns: vec!["n".into()],
            rows: vec![t("10"), t("9"), t("100")],
            truncated: None,
        };
        assert_eq!(visible_rows(&r, "", Sort::click(None, 0)), [1, 0, 2]);
    }

    #[test]
    fn booleans_show_as_true_and_false_and_filter_so() {
        let r = QueryResult {
            columns: vec!["user_name".into(), "mfa_active".into(), "n".into()],
            rows: vec![
                vec![
                    Value::Text("a".into()),
                    Value::Integer(1),
                    Value::Integer(1),
                ],
                vec![
                    Value::Text("b".into()),
                    Value::Integer(0),
                    Value::Integer(0),
                ],
                vec![Value::Text("c".into()), Value::Null, Value::Integer(2)],
            ],
            truncated: None,
        };
        let b = boolean_columns(&r.columns);
        assert_eq!(b, [false, true, false]);
        assert_eq!(shown(&r.rows[0][1], b[1]).as_deref(), Some("true"));
        assert_eq!(shown(&r.rows[1][1], b[1]).as_deref(), Some("false"));
        assert_eq!(shown(&r.rows[2][1], b[1]), None);
        assert_eq!(shown(&r.rows[0][2], b[2]).as_deref(), Some("1"));
        assert_eq!(visible_rows(&r, "false", None), [1]);
    }

    #[test]
    fn paging_clamps() {
        let rows: Vec<usize> = (0..250).collect();
        assert_eq!(page_count(rows.len()), 3);
        assert_eq!(page_of(&rows, 2), &rows[200..]);
        assert_eq!(page_of(&rows, 9), &rows[200..]);
        assert_eq!(page_of(&[], 0), &[] as &[usize]);
        assert_eq!(page_count(0), 1);
    }
}
