//! Keeping reports on this device: the choice (off by default), the kept loads, forgetting.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::logic::keep::Kept;
use crate::logic::session::plural;
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
                <Library />
            </Show>
        </div>
    }
}

/// The kept loads: what each holds, whether it loads on opening; load one now, remove one.
/// Folded under its count: a kept history is many loads, and the page's views come after it.
#[component]
fn Library() -> impl IntoView {
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

#[component]
fn KeptItem(k: Kept) -> impl IntoView {
    let ui = state::use_state();
    let said = format!(
        "{} — {} user{}, {} · {}",
        k.names.join(", "),
        k.users(),
        plural(k.users()),
        credreport_core::bytes_text(k.bytes()),
        k.describe()
    );
    let (id, again, load) = (k.id.clone(), k.clone(), k.load);
    let remove = k.id.clone();
    view! {
        <li data-testid="kept">
            <span>{said}</span>
            <label>
                <input
                    type="checkbox"
                    prop:checked={load}
                    on:change={move |e| ui.set_load_on_open(id.clone(), event_target_checked(&e))}
                />
                " load on opening"
            </label>
            <button type="button" on:click={move |_| spawn_local(ui.load_kept(again.clone()))}>
                "Load now"
            </button>
            <button
                type="button"
                data-testid="remove-kept"
                on:click={move |_| ui.remove_kept(remove.clone())}
            >
                "Remove"
            </button>
        </li>
    }
}
