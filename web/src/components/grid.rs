//! One page of a table.

use credreport_core::{QueryResult, Value};
use leptos::prelude::*;

use crate::logic::grid::{boolean_columns, shown, Sort};

/// One page of a table: the rows it is given (`logic::grid::page_rows`), in that order. A click
/// on a column's name sets `sort` (which the caller's rows follow) and goes back to page 1.
#[component]
pub fn Grid(
    page_of: QueryResult,
    sort: RwSignal<Option<Sort>>,
    page: RwSignal<usize>,
) -> impl IntoView {
    let result = page_of;
    let booleans = boolean_columns(&result.columns);
    // A column is numeric when a number shows on this page: its NULLs align with them.
    let numeric: Vec<bool> = (0..result.columns.len())
        .map(|c| {
            !booleans[c]
                && result
                    .rows
                    .iter()
                    .any(|r| matches!(r[c], Value::Integer(_) | Value::Real(_)))
        })
        .collect();
    let head = result
        .columns
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let (mark, aria) = match sort.get_untracked() {
                Some(s) if s.column == i && s.descending => (" ▼", "descending"),
                Some(s) if s.column == i => (" ▲", "ascending"),
                _ => ("", "none"),
            };
            view! {
                <th scope="col" aria-sort={aria}>
                    <button
                        type="button"
                        class="sort"
                        on:click={move |_| {
                            sort.update(|s| *s = Sort::click(*s, i));
                            page.set(0);
                        }}
                    >
                        {name.clone()}
                        {mark}
                    </button>
                </th>
            }
        })
        .collect_view();
    let body = result
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .iter()
                .zip(&booleans)
                .zip(&numeric)
                .map(|((v, &boolean), &numeric)| match shown(v, boolean) {
                    None => view! {
                        <td class="null" class:num={numeric}>
                            "NULL"
                        </td>
                    }
                    .into_any(),
                    Some(t) if t.is_empty() => {
                        view! { <td class="empty" title="empty text"></td> }.into_any()
                    }
                    Some(t) => view! {
                        <td class:num={numeric} class:bool={boolean}>
                            {t}
                        </td>
                    }
                    .into_any(),
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table data-testid="results">
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
