//! "Export what is shown:" and a button per format (download CSV, download JSON, copy
//! Markdown), for a table that is not the Query view's answer (Compare's changes, the trend).

use credreport_core::output::Format;
use leptos::prelude::*;

use crate::logic::export::{label, EXPORTS};

/// Each button's test id is `{testid}-{csv|json|md}`; `export` writes the rows as shown.
#[component]
pub fn ExportShown(testid: &'static str, export: Callback<Format>) -> impl IntoView {
    view! {
        <div class="results-bar">
            "Export what is shown: "
            {EXPORTS
                .map(|format| {
                    view! {
                        <button
                            type="button"
                            data-testid={format!("{testid}-{}", format.as_str())}
                            on:click={move |_| export.run(format)}
                        >
                            {label(format)}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
