//! The answer: its heading, row count, filter, exports, the table a page at a time, and whether
//! the rows are stale. Sort, filter and page are this component's own.

use credreport_core::output::Format;
use credreport_core::QueryResult;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::export_button::ExportButton;
use super::grid::Grid;
use super::pager::Pager;
use crate::browser;
use crate::logic::editor::{answer_heading, export_what};
use crate::logic::export::{export, EXPORTS};
use crate::logic::grid::{page_count, page_of, page_rows, visible_rows, Sort};
use crate::logic::session::{describe_millis, plural};
use crate::state::{self, State};

#[component]
pub fn Results() -> impl IntoView {
    let ui = state::use_state();
    let sort = RwSignal::new(None::<Sort>);
    let filter = RwSignal::new(String::new());
    let page = RwSignal::new(0usize);
    // A new answer starts unsorted, on its first page; the filter stays.
    Effect::new(move |_| {
        ui.ran.track();
        sort.set(None);
        page.set(0);
    });
    let rows = Memo::new(move |_| {
        ui.ran.with(|r| {
            r.as_ref()
                .map(|r| visible_rows(&r.result, &filter.get(), sort.get()))
                .unwrap_or_default()
        })
    });
    // Rows stay while a query runs and after one failed: they answer the previous one, and
    // say so.
    let stale = move || {
        (ui.error.with(Option::is_some) || ui.running.get()) && ui.ran.with(Option::is_some)
    };
    let heading = move || {
        answer_heading(
            ui.canned.get().as_deref(),
            ui.label.get().as_deref(),
            ui.holds_first_query() && ui.ran.with(Option::is_some),
        )
    };
    view! {
        <section class="results" aria-labelledby="results-title" class:stale={stale}>
            <h2 id="results-title" tabindex="-1" data-testid="results-title">
                {heading}
            </h2>
            {move || {
                stale()
                    .then(|| {
                        view! {
                            <p class="warnings" data-testid="stale">
                                {move || {
                                    if ui.running.get() {
                                        "These rows answer the previous query: the new one is still running."
                                    } else {
                                        "These rows answer the previous query: the last one failed (its error is above)."
                                    }
                                }}
                            </p>
                        }
                    })
            }}
            // Read in place: a page turn copies the page's rows, not the whole answer.
            {move || {
                ui.ran
                    .with(|ran| match ran {
                        None => {
                            view! { <p class="hint">"Run a query to see its rows here."</p> }
                                .into_any()
                        }
                        Some(ran) => {
                            let total = ran.result.rows.len();
                            let shown_rows = rows.get();
                            let pages = page_count(shown_rows.len());
                            let at = page.get().min(pages - 1);
                            let filtered = if shown_rows.len() == total {
                                String::new()
                            } else {
                                format!(", {} match the filter", shown_rows.len())
                            };
                            let cut = ran
                                .result
                                .truncated
                                .map(|c| format!(" ({c})"))
                                .unwrap_or_default();
                            let count = format!(
                                "{total} row{}{filtered}{cut} · {}",
                                plural(total),
                                describe_millis(ran.millis),
                            );
                            let on_page = page_rows(&ran.result, page_of(&shown_rows, at));
                            view! {
                                <div class="results-bar">
                                    <span data-testid="row-count" role="status" aria-live="polite">
                                        {count}
                                    </span>
                                    <label>
                                        "Filter "
                                        <input
                                            type="search"
                                            data-testid="filter"
                                            prop:value={move || filter.get()}
                                            on:input={move |e| {
                                                filter.set(event_target_value(&e));
                                                page.set(0);
                                            }}
                                        />
                                    </label>
                                    {EXPORTS
                                        .map(|format| view! { <ExportButton format rows /> })
                                        .collect_view()}
                                </div>
                                <Grid page_of={on_page} sort page />
                                <Pager at pages page />
                            }
                                .into_any()
                        }
                    })
            }}
        </section>
    }
}

/// Write `rows` of `result` as `format`: a download named for what it holds (`what`, else the
/// query's name), or, for Markdown, the clipboard. `told` hears what to say (the copy made) or
/// why it failed; a download the browser shows itself.
pub(super) fn save(
    ui: State,
    result: &QueryResult,
    rows: &[usize],
    format: Format,
    what: &str,
    told: Callback<Result<String, String>>,
) {
    let text = export(result, rows, format);
    if format == Format::Md {
        spawn_local(async move {
            let copied = browser::copy_text(&text).await;
            // The table may be gone by now (another view chosen): then nobody is told.
            let _ = told.try_run(copied.map(|()| "Copied the table as Markdown.".to_owned()));
        });
        return;
    }
    let what = match what {
        "" => untrack(|| export_what(ui.canned.get(), ui.label.get(), ui.holds_first_query())),
        named => named.to_owned(),
    };
    let name = ui.export_name(&what, format.extension());
    if let Err(e) = browser::download(&name, format.media_type(), &text) {
        told.run(Err(e));
    }
}
