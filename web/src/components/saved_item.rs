//! One saved query: its name runs it, with its dialect; a button removes it.

use credreport_core::DialectChoice;
use leptos::prelude::*;

use crate::browser;
use crate::logic::keep::SavedQuery;
use crate::state;

/// The saved query `q`.
#[component]
pub fn SavedItem(q: SavedQuery) -> impl IntoView {
    let ui = state::use_state();
    let (name, remove) = (q.name.clone(), q.name.clone());
    // Which query it removes, for a screen reader going from button to button.
    let removes = format!("Remove {}", q.name);
    let run = move |_| {
        ui.sql.set(q.sql.clone());
        ui.canned.set(None);
        ui.label.set(Some(q.name.clone()));
        ui.dialect
            .set(DialectChoice::parse(&q.dialect).unwrap_or_default());
        ui.answer_takes_focus();
        ui.run();
    };
    view! {
        <li data-testid="saved-query">
            <button type="button" class="linkish" on:click={run}>
                {name}
            </button>
            " "
            <button
                type="button"
                aria-label={removes}
                on:click={move |e| {
                    browser::keep_focus_near(&e);
                    ui.saved.update(|s| s.retain(|x| x.name != remove));
                }}
            >
                "Remove"
            </button>
        </li>
    }
}
