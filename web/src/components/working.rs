//! A long answer the database's worker is working on (the checks, a comparison: seconds over
//! 100,000 users): that it works, and *Cancel*, which stops the worker at once. What was loaded
//! stays loaded. Asked again by a button that is gone once pressed, *Cancel* takes the
//! keyboard's focus it left nowhere; gone once the work is done, it gives a focus it has to the
//! view's heading.

use leptos::prelude::*;

use crate::{browser, state};

#[component]
pub fn Working(doing: &'static str, testid: &'static str) -> impl IntoView {
    let ui = state::use_state();
    let cancel = NodeRef::<leptos::html::Button>::new();
    super::take_lost_focus(cancel);
    // Done (not cancelled: *Cancelled* takes the focus then), *Cancel* goes: a focus it had goes
    // to the view's heading, not to the page's top.
    let pressed = StoredValue::new(false);
    on_cleanup(move || {
        let Some(button) = cancel.try_get_untracked().flatten() else {
            return;
        };
        let button: web_sys::Element = button.into();
        let had = browser::focused(&button) || (!button.is_connected() && browser::focus_lost());
        if had && pressed.try_get_value() == Some(false) {
            browser::keep_focus_near_element(button);
        }
    });
    view! {
        <p class="hint" role="status" data-testid={testid}>
            {doing}
            " "
            <button
                type="button"
                data-testid="cancel-work"
                node_ref={cancel}
                on:click={move |_| {
                    pressed.set_value(true);
                    ui.cancel();
                }}
            >
                "Cancel"
            </button>
        </p>
    }
}
