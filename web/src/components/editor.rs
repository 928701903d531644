//! The SQL editor: run, share, dialect, the translation shown, errors, columns, recent queries.

use leptos::prelude::*;
use leptos::{ev, html};

use super::columns::Columns;
use super::dialect_switch::DialectSwitch;
use super::recent::Recent;
use super::running::Running;
use crate::logic::editor::still_canned;
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
