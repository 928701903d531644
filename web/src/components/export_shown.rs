//! "Export what is shown:" and a button per format (download CSV, download JSON, copy
//! Markdown), for a table that is not the Query view's answer (Compare's changes, the trend),
//! with what became of the export said under the buttons: the Query view's status line and
//! errors are out of sight from there.

use credreport_core::output::Format;
use leptos::prelude::*;

use crate::logic::export::{label, EXPORTS};

/// Each button's test id is `{testid}-{csv|json|md}`, and the line saying what became of it
/// `{testid}-said`. `export` writes the rows as shown in a format (`results::save`), telling
/// the callback it is given what to say (the copy made) or why it failed.
#[component]
pub fn ExportShown(
    testid: &'static str,
    export: Callback<(Format, Callback<Result<String, String>>)>,
) -> impl IntoView {
    let said = RwSignal::new(None::<Result<String, String>>);
    let told = Callback::new(move |outcome| {
        let _ = said.try_set(Some(outcome));
    });
    view! {
        // A group: the Checks view shows its evidence's buttons too, of the same formats.
        <div class="results-bar" role="group" aria-label="Export what is shown">
            "Export what is shown: "
            {EXPORTS
                .map(|format| {
                    view! {
                        <button
                            type="button"
                            data-testid={format!("{testid}-{}", format.as_str())}
                            on:click={move |_| {
                                said.set(None);
                                export.run((format, told));
                            }}
                        >
                            {label(format)}
                        </button>
                    }
                })
                .collect_view()}
        </div>
        <p class="hint" role="status" data-testid={format!("{testid}-said")}>
            {move || said.get().and_then(Result::ok)}
        </p>
        <p class="error" role="alert">
            {move || said.get().and_then(Result::err)}
        </p>
    }
}
