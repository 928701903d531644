//! Accepted exceptions in the page: the list (remove one), the stale ones named, and the same
//! TOML file `credreport check --exceptions` reads, to import and export. Kept with the kept
//! reports when keeping is on; never in a share link.

use credreport_core::exceptions::{parse, to_toml};
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HtmlInputElement;

use super::event_target;
use crate::browser;
use crate::logic::session::plural;
use crate::state;

#[component]
pub fn ExceptionsPanel(judged: ReadSignal<super::checks_view::Judged>) -> impl IntoView {
    let ui = state::use_state();
    let error = RwSignal::new(None::<String>);
    // What an import read, said here: the load panel's status line is far above.
    let said = RwSignal::new(None::<String>);
    let stale = move || match judged.get() {
        Some(Ok(checked)) => checked.stale,
        _ => Vec::new(),
    };
    let import = move |e: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&e);
        let Some(files) = input.files() else { return };
        spawn_local(async move {
            let read = browser::read_files(files).await;
            // Cleared once read (the file list is live), so the same file can be chosen again.
            input.set_value("");
            match read {
                Ok(files) => {
                    let Some((name, bytes)) = files.into_iter().next() else {
                        return;
                    };
                    match parse(&String::from_utf8_lossy(&bytes.to_vec())) {
                        Ok(read) => {
                            error.set(None);
                            said.set(Some(format!(
                                "Read {} exception{} from {name}.",
                                read.len(),
                                plural(read.len())
                            )));
                            ui.exceptions.set(read);
                        }
                        Err(why) => {
                            said.set(None);
                            error.set(Some(format!(
                                "{name}, {why}. The exceptions are as they were."
                            )));
                        }
                    }
                }
                Err(why) => {
                    said.set(None);
                    error.set(Some(why));
                }
            }
        });
    };
    let export = move |_| {
        let text = to_toml(&ui.exceptions.get_untracked());
        if let Err(why) = browser::download("exceptions.toml", "application/toml", &text) {
            error.set(Some(why));
        }
    };
    view! {
        <details class="exceptions" data-testid="exceptions">
            <summary>
                {move || format!("Accepted exceptions ({})", ui.exceptions.with(Vec::len))}
            </summary>
            <p class="hint">
                "A finding in alarm you accept (the button beside it) shows as excepted until its date, then in alarm again. The same TOML file as "
                <code>"credreport check --exceptions"</code>
                ". Exceptions name users: they never go into a share link."
            </p>
            <div class="load-row">
                <label class="file-button">
                    "Import exceptions.toml…"
                    <input
                        type="file"
                        accept=".toml,text/plain"
                        data-testid="exceptions-import"
                        on:change={import}
                    />
                </label>
                <button type="button" data-testid="exceptions-export" on:click={export}>
                    "Export exceptions.toml"
                </button>
            </div>
            <p class="status" role="status" data-testid="exceptions-said">
                {move || said.get()}
            </p>
            <p class="error" role="alert" data-testid="exceptions-error">
                {move || error.get()}
            </p>
            <ul class="warnings" data-testid="exceptions-stale">
                {move || stale().into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
            </ul>
            <ul>
                {move || {
                    ui.exceptions
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, e)| {
                            let account = e
                                .account
                                .as_ref()
                                .map(|a| format!(" in {a}"))
                                .unwrap_or_default();
                            view! {
                                <li data-testid="exception">
                                    <code>{e.check.clone()}</code>
                                    {format!(
                                        " · {}{account} · until {} · {}",
                                        e.user,
                                        e.expires.format("%Y-%m-%d"),
                                        e.reason,
                                    )}
                                    " "
                                    <button
                                        type="button"
                                        class="linkish"
                                        aria-label={format!(
                                            "Remove the exception: {} · {}",
                                            e.check,
                                            e.user,
                                        )}
                                        on:click={move |e| {
                                            browser::keep_focus_near(&e);
                                            ui.exceptions
                                                .update(|all| {
                                                    if i < all.len() {
                                                        all.remove(i);
                                                    }
                                                })
                                        }}
                                    >
                                        "Remove"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </details>
    }
}
