//! A report that does not say when it was generated (a console CSV never does) is given its
//! time on its card, or in the Checks view when it judges as of the reports' times; a time
//! given can be given again, to put a typo right.

use leptos::prelude::*;

use super::give_form::{GiveForm, GiveKind};
use crate::state::{self, Answer};

/// A generation time's form in the Checks view, for an undated report.
pub const TIME: GiveKind = GiveKind {
    input: "generated-time",
    placeholder: "2024-05-01 09:10:11 (UTC)",
    button: "Use this time",
    button_id: "give-generated-time",
    numeric: false,
};

/// Said where a box offers the time its file was saved.
pub fn saved_hint() -> String {
    format!(
        "A file chosen from this device offers when it was saved: {}. Check it, then use it.",
        credreport_core::values::saved_time_meaning()
    )
}

/// The same on a report's card.
const CORRECTED: GiveKind = GiveKind {
    input: "corrected-time",
    button_id: "give-corrected-time",
    ..TIME
};

#[component]
pub fn GiveTime(
    /// The report (its SHA-256); the box offers when its file was saved, when it has no time.
    to: String,
    /// The user gave it one already, which may be put right.
    given: bool,
) -> impl IntoView {
    let ui = state::use_state();
    let error = RwSignal::new(None::<String>);
    let offered = (!given).then(|| untrack(|| ui.offered_time(&to))).flatten();
    let give = move |time: String| ui.give_time(&time, to.clone(), Answer::in_panel(error));
    let hint = offered.is_some().then(saved_hint);
    view! {
        <details class="give-account" data-testid="give-time">
            <summary>{if given { "Not this time?" } else { "When was it generated?" }}</summary>
            <GiveForm kind={CORRECTED} label={"Generated ".to_owned()} value={offered} give />
            <p class="hint">{hint}</p>
            <span class="error" role="alert">
                {move || error.get()}
            </span>
        </details>
    }
}
