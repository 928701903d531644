//! The day threshold for every check that has one.

use leptos::prelude::*;

use crate::browser;
use crate::logic::checks::parse_threshold;
use crate::logic::share;
use crate::state;

/// The day threshold for every check that has one; a refused value says why and changes nothing.
#[component]
pub fn Threshold() -> impl IntoView {
    let ui = state::use_state();
    let error = RwSignal::new(None::<String>);
    view! {
        <label>
            "Threshold (days) "
            <input
                type="number"
                min="0"
                max="36500"
                data-testid="param-days"
                placeholder="default"
                class="days"
                aria-describedby="threshold-error"
                prop:value={move || ui.days.get().map(|d| d.to_string()).unwrap_or_default()}
                on:change={move |e| {
                    match parse_threshold(&event_target_value(&e)) {
                        Ok(days) => {
                            error.set(None);
                            ui.days.set(days);
                            browser::push_hash(&share::encode(&ui.shared()));
                        }
                        Err(why) => error.set(Some(why)),
                    }
                }}
            />
        </label>
        <p class="error" id="threshold-error" role="alert" data-testid="threshold-error">
            {move || error.get()}
        </p>
    }
}
