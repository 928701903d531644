//! The SQL editor: run, share, dialect, the translation shown, errors, columns, recent queries.

use credreport_core::schema::{
    CHANGES_COLUMNS, CHANGES_TABLE, KEYS_COLUMNS, KEYS_VIEW, LATEST_VIEW,
};
use credreport_core::{DialectChoice, COLUMNS};
use leptos::prelude::*;
use leptos::{ev, html};

use crate::logic::editor::{insert_at, still_canned};
use crate::state;

#[component]
pub fn Editor() -> impl IntoView {
    let ui = state::use_state();
    let editor = NodeRef::<html::Textarea>::new();
    let on_input = move |e: ev::Event| {
        let text = event_target_value(&e);
        if !still_canned(ui.canned.get_untracked().as_deref(), &text) {
            ui.canned.set(None);
        }
        ui.label.set(None);
        ui.sql.set(text);
    };
    let on_keydown = move |e: ev::KeyboardEvent| {
        if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
            e.prevent_default();
            ui.run();
        }
    };
    view! {
        <div class="editor">
            <label for="sql">"SQL — Ctrl+Enter or ⌘+Enter runs"</label>
            <textarea
                id="sql"
                node_ref={editor}
                data-testid="sql-editor"
                rows="10"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                prop:value={move || ui.sql.get()}
                on:input={on_input}
                on:keydown={on_keydown}
            ></textarea>
            <div class="editor-actions">
                <button
                    type="button"
                    class="primary"
                    data-testid="run-query"
                    on:click={move |_| ui.run()}
                >
                    "Run"
                </button>
                <button type="button" data-testid="share-link" on:click={move |_| ui.copy_link()}>
                    "Copy link"
                </button>
                <DialectSwitch />
                <Running />
                {move || {
                    ui.translating
                        .get()
                        .then(|| {
                            view! {
                                <span class="hint" data-testid="translating">
                                    "Loading the PostgreSQL translator…"
                                </span>
                            }
                        })
                }}
            </div>
            {move || {
                ui.translated
                    .get()
                    .map(|sql| {
                        let added = credreport_core::functions::described_in(&sql);
                        view! {
                            <details class="translated" data-testid="translated-sql">
                                <summary>"Ran as SQLite"</summary>
                                <pre>{sql}</pre>
                                {(!added.is_empty())
                                    .then(|| {
                                        view! {
                                            <p class="hint">
                                                "With functions credreport adds to SQLite (the plain sqlite3 shell lacks them):"
                                            </p>
                                            <ul class="hint" data-testid="added-functions">
                                                {added
                                                    .into_iter()
                                                    .map(|(_, what)| view! { <li>{what}</li> })
                                                    .collect::<Vec<_>>()}
                                            </ul>
                                        }
                                    })}
                            </details>
                        }
                    })
            }}
            {move || {
                ui.link
                    .get()
                    .map(|link| {
                        view! {
                            <label class="share">
                                "Share link"
                                <input
                                    type="text"
                                    readonly
                                    data-testid="share-url"
                                    prop:value={link}
                                />
                            </label>
                        }
                    })
            }}
            <div class="error" role="alert" data-testid="error">
                {move || ui.error.get()}
            </div>
            <Columns editor />
            <super::saved::Saved />
            <Recent />
        </div>
    }
}

/// While a query runs in the database: that it runs, and Cancel, which stops it at once.
#[component]
fn Running() -> impl IntoView {
    let ui = state::use_state();
    view! {
        <Show when={move || ui.running.get()}>
            <span class="hint" role="status" data-testid="running">
                "Running…"
            </span>
            <button type="button" data-testid="cancel" on:click={move |_| ui.cancel()}>
                "Cancel"
            </button>
        </Show>
    }
}

/// Auto, SQLite or PostgreSQL.
#[component]
fn DialectSwitch() -> impl IntoView {
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

/// The table's columns; a click puts the name in at the editor's cursor.
#[component]
fn Columns(editor: NodeRef<html::Textarea>) -> impl IntoView {
    let ui = state::use_state();
    let insert = move |name: &'static str| {
        let Some(area) = editor.get_untracked() else {
            return;
        };
        let start = area.selection_start().ok().flatten().unwrap_or(0);
        let end = area.selection_end().ok().flatten().unwrap_or(0);
        let (updated, cursor) = insert_at(&ui.sql.get_untracked(), start, end, name);
        ui.sql.set(updated.clone());
        area.set_value(&updated);
        let _ = area.focus();
        let _ = area.set_selection_range(cursor, cursor);
    };
    let row = move |name: &'static str, kind: String, description: &'static str| {
        view! {
            <tr>
                <td>
                    <button type="button" class="linkish" on:click={move |_| insert(name)}>
                        {name}
                    </button>
                </td>
                <td>{kind}</td>
                <td>{description}</td>
            </tr>
        }
    };
    view! {
        <details class="schema">
            <summary>"Columns of alicloud_ram_credential_report"</summary>
            <p class="hint">"Click a name to insert it at the cursor."</p>
            <table class="schema-table" data-testid="schema">
                <thead>
                    <tr>
                        <th scope="col">"column"</th>
                        <th scope="col">"type"</th>
                        <th scope="col">"description"</th>
                    </tr>
                </thead>
                <tbody>
                    {COLUMNS
                        .iter()
                        .map(|c| {
                            let kind = format!("{} ({})", c.steampipe_type(), c.sqlite_type());
                            row(c.name, kind, c.description)
                        })
                        .collect_view()}
                </tbody>
            </table>
            <p class="hint" data-testid="latest-schema">
                <code>{LATEST_VIEW}</code>
                ": the same columns, the rows of each account's latest loaded report only (what the Checks view judges): with last month's report loaded beside this month's, each user once."
            </p>
            <p class="hint" data-testid="changes-schema">
                <code>{CHANGES_TABLE}</code>
                ": what changed between consecutive reports of each account with known generation times (the Compare view shows the same). The first query that reads it after a load works the changes out: over half a year of weekly reports of 3,500 users, 1.5–2 s."
            </p>
            <table class="schema-table">
                <tbody>
                    {CHANGES_COLUMNS
                        .iter()
                        .map(|(name, kind, description)| {
                            row(name, format!("text ({kind})"), description)
                        })
                        .collect_view()}
                </tbody>
            </table>
            <p class="hint" data-testid="keys-schema">
                <code>{KEYS_VIEW}</code>
                ": one row per access key that exists, every slot (the two keys and the three additional ones), so a key question needs no five-way union."
            </p>
            <table class="schema-table">
                <tbody>
                    {KEYS_COLUMNS
                        .iter()
                        .map(|(name, kind, steampipe, description)| {
                            row(name, format!("{steampipe} ({kind})"), description)
                        })
                        .collect_view()}
                </tbody>
            </table>
        </details>
    }
}

/// Queries run in this tab, newest first; a click puts one back in the editor.
#[component]
fn Recent() -> impl IntoView {
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
