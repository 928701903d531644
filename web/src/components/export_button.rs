//! Download CSV or JSON, or copy Markdown, of the rows as shown.

use credreport_core::output::Format;
use leptos::prelude::*;

use super::results::save;
use crate::logic::export::label;
use crate::state;

/// Download CSV or JSON, or copy Markdown, of the rows as shown.
#[component]
pub fn ExportButton(format: Format, rows: Memo<Vec<usize>>) -> impl IntoView {
    let ui = state::use_state();
    let testid = match format {
        Format::Csv => "export-csv",
        Format::Json => "export-json",
        _ => "copy-markdown",
    };
    // Said where the Query view says a load's news and its errors.
    let told = Callback::new(move |outcome: Result<String, String>| match outcome {
        Ok(said) => ui.notice.set(Some(said)),
        Err(e) => ui.fail(e),
    });
    let on_click = move |_| {
        ui.ran.with_untracked(|r| {
            if let Some(r) = r {
                save(ui, &r.result, &rows.get_untracked(), format, "", told);
            }
        })
    };
    view! {
        <button type="button" data-testid={testid} on:click={on_click}>
            {label(format)}
        </button>
    }
}
