//! A generation time the user gave a report (a console CSV never states one) can be given
//! again, to put a typo right; the Checks view asks for a report's first one.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use super::event_target;
use crate::state;

#[component]
pub fn GiveTime(
    /// The report (its SHA-256).
    to: String,
) -> impl IntoView {
    let ui = state::use_state();
    let error = RwSignal::new(None::<String>);
    let give = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let input: Option<HtmlInputElement> = event_target::<web_sys::HtmlFormElement>(&e)
            .elements()
            .named_item("generated")
            .and_then(|el| el.dyn_into().ok());
        if let Some(input) = input {
            ui.give_time(&input.value(), to.clone(), error);
        }
    };
    view! {
        <details class="give-account" data-testid="give-time">
            <summary>"Not this time?"</summary>
            <form class="load-row" on:submit={give}>
                <label>
                    "Generated "
                    <input
                        type="text"
                        name="generated"
                        autocomplete="off"
                        data-testid="corrected-time"
                        placeholder="2024-05-01 09:10:11 (UTC)"
                    />
                </label>
                <button type="submit" data-testid="give-corrected-time">
                    "Use this time"
                </button>
            </form>
            <span class="error" role="alert">
                {move || error.get()}
            </span>
        </details>
    }
}
