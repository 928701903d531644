//! Two reports of one account cannot be told older (neither says when it was generated, or both
//! were given one time): said where it matters (`credreport_core::alike`, as the CLI warns),
//! with what to do.

use leptos::prelude::*;

use crate::state;

/// `latest`: said where the reports are queried, so the latest view's words are added (the page's
/// first answer lists each of their users once per report); else the checks' words alone.
/// `give`: how to give each report its own generation time, said only where a time tells them
/// apart (their account is known).
#[component]
pub fn AlikeNote(latest: bool, give: &'static str, testid: &'static str) -> impl IntoView {
    let ui = state::use_state();
    let note = move || {
        ui.reports.with(|r| {
            let note = if latest {
                credreport_core::alike_latest_note(r)
            } else {
                credreport_core::alike_note(r)
            };
            note.map(|note| (note, credreport_core::alike_told_apart_by_time(r)))
        })
    };
    move || {
        note().map(|(note, timed)| {
            let or = if timed { give } else { "" };
            view! {
                <p class="warnings" role="status" data-testid={testid}>
                    {format!("{note}. Clear and load the newest alone{or}.")}
                </p>
            }
        })
    }
}
