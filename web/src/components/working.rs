//! A long answer the database's worker is working on (the checks, a comparison: seconds over
//! 100,000 users): that it works, and *Cancel*, which stops the worker at once. What was loaded
//! stays loaded. Asked again by a button that is gone once pressed, *Cancel* takes the
//! keyboard's focus it left nowhere.

use leptos::prelude::*;

use crate::state;

#[component]
pub fn Working(doing: &'static str, testid: &'static str) -> impl IntoView {
    let ui = state::use_state();
    let cancel = NodeRef::<leptos::html::Button>::new();
    super::take_lost_focus(cancel);
    view! {
        <p class="hint" role="status" data-testid={testid}>
            {doing}
            " "
            <button
                type="button"
                data-testid="cancel-work"
                node_ref={cancel}
                on:click={move |_| ui.cancel()}
            >
                "Cancel"
            </button>
        </p>
    }
}
