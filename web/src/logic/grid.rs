//! What the results table shows: rows filtered by a text, sorted by a column, one page at a time.

use std::cmp::Ordering;

use credreport_core::{QueryResult, Value};

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
        (Value::Text(x), Value::Text(y)) => x.cmp(y),
        (Value::Blob(x), Value::Blob(y)) => x.cmp(y),
        _ if rank(a) == 1 && rank(b) == 1 => num(a).total_cmp(&num(b)),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// Indexes of the rows that contain `filter` (case-insensitive, in any cell), in `sort` order.
pub fn visible_rows(result: &QueryResult, filter: &str, sort: Option<Sort>) -> Vec<usize> {
    let needle = filter.trim().to_lowercase();
    let mut rows: Vec<usize> = (0..result.rows.len())
        .filter(|&i| {
            needle.is_empty()
                || result.rows[i].iter().any(|v| {
                    v.as_text()
                        .is_some_and(|t| t.to_lowercase().contains(&needle))
                })
        })
        .collect();
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
