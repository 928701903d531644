//! A generation time the user gave a report (a console CSV never states one) can be given
//! again, to put a typo right; the Checks view asks for a report's first one.

use leptos::prelude::*;

use super::give_form::{GiveForm, GiveKind};
use crate::state;

/// A generation time's form in the Checks view, for an undated report.
pub const TIME: GiveKind = GiveKind {
    input: "generated-time",
    placeholder: "2024-05-01 09:10:11 (UTC)",
    button: "Use this time",
    button_id: "give-generated-time",
    numeric: false,
};

/// The same on a report's card, to put a time given right.
const CORRECTED: GiveKind = GiveKind {
    input: "corrected-time",
    button_id: "give-corrected-time",
    ..TIME
};

#[component]
pub fn GiveTime(
    /// The report (its SHA-256).
    to: String,
) -> impl IntoView {
    let ui = state::use_state();
    let error = RwSignal::new(None::<String>);
    let give = move |time: String| ui.give_time(&time, to.clone(), error);
    view! {
        <details class="give-account" data-testid="give-time">
            <summary>"Not this time?"</summary>
            <GiveForm kind={CORRECTED} label={"Generated ".to_owned()} give />
            <span class="error" role="alert">
                {move || error.get()}
            </span>
        </details>
    }
}
