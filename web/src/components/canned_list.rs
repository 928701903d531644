//! The seed's six examples, each in SQLite and as its PostgreSQL twin; then credreport's own
//! key questions over the key view (SQLite only).

use credreport_core::canned::KEY_QUERIES;
use credreport_core::{Dialect, CANNED};
use leptos::prelude::*;

use crate::state;

#[component]
pub fn CannedList() -> impl IntoView {
    let ui = state::use_state();
    let item = move |name: &'static str,
                     title: &'static str,
                     description: &'static str,
                     twin: bool| {
        view! {
            <li>
                <button
                    type="button"
                    class="canned-button"
                    data-testid={format!("canned-{name}")}
                    class:active={move || ui.canned.get().as_deref() == Some(name)}
                    title={description}
                    on:click={move |_| ui.choose_canned(name, Dialect::Sqlite)}
                >
                    {title}
                </button>
                {twin
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="canned-twin linkish"
                                data-testid={format!("canned-{name}-postgres")}
                                title="The same example as Steampipe users write it, in PostgreSQL"
                                aria-label={format!("PostgreSQL: {title}")}
                                on:click={move |_| ui.choose_canned(name, Dialect::Postgres)}
                            >
                                "PostgreSQL"
                            </button>
                        }
                    })}
            </li>
        }
    };
    view! {
        <nav class="canned" aria-label="Canned queries">
            <h3>"Canned queries"</h3>
            <ul>
                {CANNED.iter().map(|c| item(c.name, c.title, c.description, true)).collect_view()}
            </ul>
            <h4>"On the key view"</h4>
            <ul>
                {KEY_QUERIES
                    .iter()
                    .map(|c| item(c.name, c.title, c.description, false))
                    .collect_view()}
            </ul>
        </nav>
    }
}
