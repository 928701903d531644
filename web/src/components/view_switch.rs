//! Query, Checks or Compare.

use leptos::prelude::*;

use crate::logic::share::View;
use crate::state;

/// Query, Checks or Compare.
#[component]
pub fn ViewSwitch() -> impl IntoView {
    let ui = state::use_state();
    let button = move |view: View, label: &'static str| {
        view! {
            <button
                type="button"
                data-testid={format!("view-{}", view.as_str())}
                aria-pressed={move || (ui.view.get() == view).to_string()}
                on:click={move |_| ui.show(view)}
            >
                {label}
            </button>
        }
    };
    view! {
        <nav class="views" aria-label="Views">
            {button(View::Query, "Query")}
            {button(View::Checks, "Checks")}
            {button(View::Compare, "Compare")}
        </nav>
    }
}
