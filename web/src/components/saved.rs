//! Saved queries: save the editor's query under a name; run a saved one; remove one. Kept on
//! this device with the reports when keeping is on, else for this visit only.

use leptos::ev;
use leptos::prelude::*;

use super::saved_item::SavedItem;
use crate::logic::keep::{save, SavedQuery};
use crate::state::{self, Keep};

#[component]
pub fn Saved() -> impl IntoView {
    let ui = state::use_state();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let on_submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let mut saved = ui.saved.get_untracked();
        match save(
            &mut saved,
            &name.get_untracked(),
            &ui.sql.get_untracked(),
            ui.dialect.get_untracked(),
        ) {
            Ok(()) => {
                ui.saved.set(saved);
                name.set(String::new());
                error.set(None);
            }
            Err(why) => error.set(Some(why)),
        }
    };
    let count = move || ui.saved.with(Vec::len);
    view! {
        <details class="saved" data-testid="saved">
            <summary>{move || format!("Saved queries ({})", count())}</summary>
            <form class="load-row" on:submit={on_submit}>
                <label>
                    "Save the editor's query as "
                    <input
                        type="text"
                        data-testid="save-name"
                        placeholder="name"
                        prop:value={move || name.get()}
                        on:input={move |e| name.set(event_target_value(&e))}
                    />
                </label>
                <button type="submit" data-testid="save-query">
                    "Save"
                </button>
                <span class="hint">
                    {move || {
                        if ui.keep.get() == Keep::On {
                            "Kept on this device."
                        } else {
                            "For this visit; keep your reports on this device to keep these too."
                        }
                    }}
                </span>
            </form>
            <p class="error" role="alert">
                {move || error.get()}
            </p>
            <ul>
                <For
                    each={move || ui.saved.get()}
                    key={|q: &SavedQuery| (q.name.clone(), q.sql.clone(), q.dialect.clone())}
                    children={move |q: SavedQuery| view! { <SavedItem q /> }}
                />
            </ul>
        </details>
    }
}
