//! While a query runs in the database.

use leptos::prelude::*;

use crate::state;

/// While a query runs in the database: that it runs, and Cancel, which stops it at once.
#[component]
pub fn Running() -> impl IntoView {
    let ui = state::use_state();
    view! {
        <Show when={move || ui.running.get()}>
            <span class="hint" role="status" data-testid="running">
                "Running…"
            </span>
            <button type="button" data-testid="cancel" on:click={move |_| ui.cancel()}>
                "Cancel"
            </button>
        </Show>
    }
}
