//! One kept load in the list: its files, users, size and reports, whether it loads on opening,
//! *Load now* and *Remove*.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::logic::keep::Kept;
use crate::logic::session::plural;
use crate::state;

/// The kept load `k`, with its switch and buttons.
#[component]
pub fn KeptItem(k: Kept) -> impl IntoView {
    let ui = state::use_state();
    // Which load a control acts on, for a screen reader going from control to control: the
    // list repeats the same three for every load.
    let files = credreport_core::words::listed(&k.names);
    let said = format!(
        "{files} — {} user{}, {} · {}",
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
                    aria-label={format!("load on opening: {files}")}
                    prop:checked={load}
                    on:change={move |e| ui.set_load_on_open(id.clone(), event_target_checked(&e))}
                />
                " load on opening"
            </label>
            <button
                type="button"
                aria-label={format!("Load now {files}")}
                on:click={move |_| spawn_local(ui.load_kept(again.clone()))}
            >
                "Load now"
            </button>
            <button
                type="button"
                data-testid="remove-kept"
                aria-label={format!("Remove {files}")}
                on:click={move |e| {
                    browser::keep_focus_near(&e);
                    ui.remove_kept(remove.clone());
                }}
            >
                "Remove"
            </button>
        </li>
    }
}
