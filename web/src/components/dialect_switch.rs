//! Auto, SQLite or PostgreSQL.

use credreport_core::DialectChoice;
use leptos::prelude::*;

use crate::state;

/// Auto, SQLite or PostgreSQL.
#[component]
pub fn DialectSwitch() -> impl IntoView {
    let ui = state::use_state();
    let title = |c: DialectChoice| match c {
        DialectChoice::Auto => "Auto",
        DialectChoice::Sqlite => "SQLite",
        DialectChoice::Postgres => "PostgreSQL",
    };
    view! {
        <label class="dialect">
            "Dialect "
            <select
                data-testid="dialect"
                title="Auto runs SQLite, and PostgreSQL when the query uses what only PostgreSQL has"
                prop:value={move || ui.dialect.get().as_str()}
                on:change={move |e| {
                    ui.dialect
                        .set(DialectChoice::parse(&event_target_value(&e)).unwrap_or_default())
                }}
            >
                {DialectChoice::ALL
                    .map(|c| view! { <option value={c.as_str()}>{title(c)}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}
