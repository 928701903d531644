//! Queries run in this tab, newest first.

use leptos::prelude::*;

use crate::state;

/// Queries run in this tab, newest first; a click puts one back in the editor.
#[component]
pub fn Recent() -> impl IntoView {
    let ui = state::use_state();
    view! {
        <Show when={move || !ui.recent.with(Vec::is_empty)}>
            <details class="recent">
                <summary>"Recent queries"</summary>
                <ul>
                    <For
                        each={move || ui.recent.get()}
                        key={|q| q.clone()}
                        children={move |q| {
                            let shown = q.clone();
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="linkish mono"
                                        on:click={move |_| {
                                            ui.sql.set(q.clone());
                                            ui.canned.set(None);
                                        }}
                                    >
                                        {shown}
                                    </button>
                                </li>
                            }
                        }}
                    />
                </ul>
            </details>
        </Show>
    }
}
