//! Older reports of an account are loaded beside its latest.

use leptos::prelude::*;

use crate::state;

/// Older reports of an account are loaded beside its latest: say that the checks judge the
/// latest only (`credreport_core::latest`, as the CLI does).
#[component]
pub fn LeftOut() -> impl IntoView {
    let ui = state::use_state();
    let note = move || {
        ui.reports
            .with(|r| credreport_core::left_out_note(r))
            .map(|note| {
                let mut said = note;
                if let Some(first) = said.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                format!("{said}. Compare shows what changed since, Over time how the alarms went.")
            })
    };
    move || {
        note().map(|note| {
            view! {
                <p class="hint" data-testid="checks-left-out">
                    {note}
                </p>
            }
        })
    }
}
