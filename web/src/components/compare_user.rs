//! In the Compare view: one user's rows in the two reports, side by side, each column's old
//! and new value and whether it changed.

use credreport_core::protocol::{Reply, Request};
use credreport_core::QueryResult;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::grid::Grid;
use crate::engine;
use crate::logic::compare::{offered, side_by_side};
use crate::logic::grid::{in_sort_order, page_rows};
use crate::state;

#[component]
pub fn CompareUser(
    pair: RwSignal<Option<(String, String)>>,
    /// The users the changes name, for the choice.
    users: Vec<String>,
) -> impl IntoView {
    let ui = state::use_state();
    let user = RwSignal::new(String::new());
    let shown = RwSignal::new(None::<Result<QueryResult, String>>);
    let on_submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let Some((old, new)) = pair.get_untracked() else {
            return;
        };
        let reports = ui.reports.get_untracked();
        let find = |sha: &str| reports.iter().find(|r| r.sha256 == sha).cloned();
        let (Some(old), Some(new)) = (find(&old), find(&new)) else {
            return;
        };
        let name = user.get_untracked().trim().to_owned();
        if name.is_empty() {
            shown.set(Some(Err(
                "Type a user's name first: the list offers the changed users whose names hold what you type".into(),
            )));
            return;
        }
        let request = Request::UserRows {
            user: name.clone(),
            old: old.sha256.clone(),
            new: new.sha256.clone(),
        };
        spawn_local(async move {
            let got = match engine::ask(request, vec![]).await {
                Ok(Reply::Ran(ran)) if ran.result.rows.is_empty() => {
                    Err(format!("{name} is in neither report"))
                }
                Ok(Reply::Ran(ran)) => Ok(side_by_side(&ran.result, old.generated_time.as_deref())),
                Ok(other) => Err(other.unwanted("rows").to_string()),
                Err(e) => Err(e.to_string()),
            };
            let _ = shown.try_set(Some(got));
        });
    };
    // The changed users that hold what is typed, a few at a time: over 100,000 users the
    // changes name tens of thousands, and a list of them all took the page 0.17 s to draw.
    let users = StoredValue::new(users);
    let options = move || {
        let typed = user.get();
        users.with_value(|u| {
            offered(u, &typed)
                .into_iter()
                .map(|u| view! { <option value={u.to_owned()}></option> })
                .collect_view()
        })
    };
    let sort = RwSignal::new(None);
    let page = RwSignal::new(0usize);
    view! {
        <form class="load-row" on:submit={on_submit}>
            <label>
                "A user's two rows side by side: "
                <input
                    type="text"
                    list="changed-users"
                    data-testid="compare-user"
                    placeholder="user name"
                    prop:value={move || user.get()}
                    on:input={move |e| user.set(event_target_value(&e))}
                />
            </label>
            <datalist id="changed-users">{options}</datalist>
            <button type="submit" data-testid="compare-user-show">
                "Show"
            </button>
        </form>
        {move || {
            shown
                .get()
                .map(|s| match s {
                    Err(e) => {
                        view! {
                            <p class="error" role="alert" data-testid="compare-user-error">
                                {e}
                            </p>
                        }
                            .into_any()
                    }
                    Ok(rows) => {
                        let all = (0..rows.rows.len()).collect();
                        let on_page = page_rows(&rows, &in_sort_order(&rows, all, sort.get()));
                        view! {
                            <div data-testid="user-rows">
                                <Grid page_of={on_page} sort page />
                            </div>
                        }
                            .into_any()
                    }
                })
        }}
    }
}
