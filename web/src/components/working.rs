//! A long answer the database's worker is working on (the checks, a comparison: seconds over
//! 100,000 users): that it works, and *Cancel*, which stops the worker at once. What was loaded
//! stays loaded.

use leptos::prelude::*;

use crate::state;

#[component]
pub fn Working(doing: &'static str, testid: &'static str) -> impl IntoView {
    let ui = state::use_state();
    view! {
        <p class="hint working" role="status" data-testid={testid}>
            {doing}
            " "
            <button type="button" data-testid="cancel-work" on:click={move |_| ui.cancel()}>
                "Cancel"
            </button>
        </p>
    }
}
