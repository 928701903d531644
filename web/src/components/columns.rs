//! The table's columns.

use credreport_core::schema::{
    CHANGES_COLUMNS, CHANGES_TABLE, KEYS_COLUMNS, KEYS_VIEW, LATEST_VIEW,
};
use credreport_core::COLUMNS;
use leptos::html;
use leptos::prelude::*;

use crate::logic::editor::insert_at;
use crate::state;

/// The table's columns; a click puts the name in at the editor's cursor.
#[component]
pub fn Columns(editor: NodeRef<html::Textarea>) -> impl IntoView {
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
