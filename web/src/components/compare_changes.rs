//! The counts by kind (each a filter), the changes of the kind chosen, a page at a time.

use credreport_core::output::Format;
use leptos::prelude::*;

use super::cancelled::Cancelled;
use super::compare_user::CompareUser;
use super::export_shown::ExportShown;
use super::grid::Grid;
use super::pager::Pager;
use super::results::save;
use super::working::Working;
use crate::engine::Stopped;
use crate::logic::compare::{changed_users, shown_changes, Compared};
use crate::logic::grid::{page_count, page_of, page_rows};
use crate::state;

/// The counts by kind (each a filter), the changes of the kind chosen, a page at a time. Made
/// anew for each pair chosen (`CompareView` follows the pair), so a pair starts with every
/// change shown, unsorted, on its first page.
#[component]
pub fn CompareChanges(
    answer: RwSignal<Option<Result<Compared, Stopped>>>,
    again: RwSignal<u32>,
    pair: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let ui = state::use_state();
    let kind = RwSignal::new(None::<String>);
    let page = RwSignal::new(0usize);
    let sort = RwSignal::new(None);
    let rows = Memo::new(move |_| {
        answer.with(|a| match a {
            Some(Ok(c)) => shown_changes(&c.changes, kind.get().as_deref(), sort.get()),
            _ => Vec::new(),
        })
    });
    move || match answer.get() {
        None => view! { <Working doing="Comparing…" testid="comparing" /> }.into_any(),
        Some(Err(Stopped::Cancelled)) => {
            let on_again = Callback::new(move |()| again.update(|n| *n += 1));
            view! { <Cancelled said="The comparison was cancelled." again="Compare again" on_again /> }
            .into_any()
        }
        Some(Err(e)) => view! {
            <p class="error" data-testid="compare-error">
                {e.to_string()}
            </p>
        }
        .into_any(),
        Some(Ok(c)) => {
            let chip = move |name: Option<String>, n: usize| {
                let label = format!("{} {n}", name.as_deref().unwrap_or("all"));
                let testid = format!("kind-{}", name.as_deref().unwrap_or("all"));
                let pressed = name.clone();
                view! {
                    <button
                        type="button"
                        class="chip"
                        data-testid={testid}
                        data-kind={name.clone().unwrap_or_default()}
                        aria-pressed={move || (kind.get() == pressed).to_string()}
                        on:click={move |_| {
                            kind.set(name.clone());
                            page.set(0);
                        }}
                    >
                        {label}
                    </button>
                }
            };
            let Compared {
                changes,
                counts,
                said,
            } = c;
            let total = changes.rows.len();
            let users = changed_users(&changes);
            let chips = counts
                .iter()
                .map(|(k, n)| chip(Some(k.clone()), *n))
                .collect_view();
            // Exported as shown: the kind chosen, in the sort chosen.
            let export = Callback::new(move |(format, told): (Format, _)| {
                answer.with_untracked(|a| {
                    if let Some(Ok(c)) = a {
                        save(
                            ui,
                            &c.changes,
                            &rows.get_untracked(),
                            format,
                            "changes",
                            told,
                        );
                    }
                })
            });
            // A page turn, a kind or a sort draws the table and the pager again, nothing else
            // (over 100,000 users the changes are tens of thousands of rows, the users offered
            // as many).
            let table = move || {
                let shown = rows.get();
                let pages = page_count(shown.len());
                let at = page.get().min(pages - 1);
                view! {
                    <div data-testid="changes-table">
                        <Grid page_of={page_rows(&changes, page_of(&shown, at))} sort page />
                    </div>
                    <Pager at pages page />
                }
            };
            view! {
                <p data-testid="compare-summary">{said}</p>
                <div class="results-bar" data-testid="change-counts">
                    {chip(None, total)}
                    {chips}
                </div>
                <ExportShown testid="changes" export />
                {if total == 0 {
                    // No table of nothing: its header alone under this line read as a fault.
                    view! { <p class="hint">"Nothing changed between these two reports."</p> }
                        .into_any()
                } else {
                    table.into_any()
                }}
                <CompareUser pair users />
            }
            .into_any()
        }
    }
}
