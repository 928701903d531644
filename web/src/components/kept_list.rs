//! The kept loads.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::kept_item::KeptItem;
use crate::logic::keep::Kept;
use crate::logic::session::plural;
use crate::state;

/// The kept loads: what each holds, whether it loads on opening; load one now, remove one.
/// Folded under its count: a kept history is many loads, and the page's views come after it.
#[component]
pub fn KeptList() -> impl IntoView {
    let ui = state::use_state();
    let count = move || ui.library.with(|l| l.entries.len());
    view! {
        <details class="library" data-testid="library">
            <summary>
                {move || format!("Kept on this device: {} load{}", count(), plural(count()))}
            </summary>
            <ul>
                <For
                    each={move || ui.library.get().entries}
                    key={|k: &Kept| (k.id.clone(), k.load)}
                    children={move |k: Kept| view! { <KeptItem k /> }}
                />
            </ul>
            <button
                type="button"
                data-testid="forget-all"
                on:click={move |_| spawn_local(ui.forget_all())}
            >
                "Forget everything on this device"
            </button>
        </details>
    }
}
