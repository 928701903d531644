//! Keeping reports on this device: the choice (off by default), the kept loads, forgetting.

use leptos::prelude::*;

use super::kept_list::KeptList;
use crate::state::{self, Keep};

#[component]
pub fn KeepPanel() -> impl IntoView {
    let ui = state::use_state();
    let why_not = move || match ui.keep.get() {
        Keep::Unavailable(why) => Some(format!("Keeping is not available here: {why}.")),
        _ => None,
    };
    view! {
        <div class="keep">
            <label>
                <input
                    type="checkbox"
                    data-testid="keep-local"
                    prop:checked={move || ui.keep.get() == Keep::On}
                    disabled={move || matches!(ui.keep.get(), Keep::Asking | Keep::Unavailable(_))}
                    on:change={move |e| ui.set_keep(event_target_checked(&e))}
                />
                " Keep my reports on this device"
            </label>
            <span class="hint">
                " — in this browser only (never sent anywhere), so they are here when you come back. Turning it off removes them."
            </span>
            <p class="hint" data-testid="keep-unavailable">
                {why_not}
            </p>
            <Show when={move || ui.keep.get() == Keep::On}>
                <KeptList />
            </Show>
        </div>
    }
}
