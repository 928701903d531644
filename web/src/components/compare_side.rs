//! The old (`which` 0) or new (1) report of the pair.

use leptos::prelude::*;

use crate::logic::compare::label;
use crate::state;

/// The old (`which` 0) or new (1) report of the pair.
#[component]
pub fn CompareSide(which: usize, pair: RwSignal<Option<(String, String)>>) -> impl IntoView {
    let ui = state::use_state();
    let chosen = move || {
        pair.get()
            .map(|(o, n)| if which == 0 { o } else { n })
            .unwrap_or_default()
    };
    let choose = move |sha: String| {
        pair.update(|p| {
            if let Some((o, n)) = p {
                if which == 0 {
                    *o = sha;
                } else {
                    *n = sha;
                }
            }
        })
    };
    view! {
        <label>
            // As wide as each other, so the two choices line up when they wrap.
            <span class="side">{if which == 0 { "Old " } else { "New " }}</span>
            <select
                data-testid={if which == 0 { "compare-old" } else { "compare-new" }}
                prop:value={chosen}
                on:change={move |e| choose(event_target_value(&e))}
            >
                // Each account's oldest first, whatever order they were loaded in.
                {move || {
                    ui.reports
                        .with(|all| {
                            credreport_core::in_time_order(all)
                                .into_iter()
                                .cloned()
                                .collect::<Vec<_>>()
                        })
                        .into_iter()
                        .map(|r| {
                            let selected = r.sha256 == chosen();
                            view! {
                                <option value={r.sha256.clone()} selected={selected}>
                                    {label(&r)}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}
