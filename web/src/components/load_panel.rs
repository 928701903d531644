//! Where reports come in: files, the sample, the local proxy, a URL, pasted text; what happened.

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HtmlInputElement;

use super::event_target;
use super::keep_panel::KeepPanel;
use crate::browser;
use crate::logic::links;
use crate::logic::session::headline;
use crate::state;

#[component]
pub fn LoadPanel() -> impl IntoView {
    let ui = state::use_state();
    let url = RwSignal::new(String::new());
    let pasted = RwSignal::new(String::new());
    let on_files = move |e: ev::Event| {
        let input: HtmlInputElement = event_target(&e);
        if let Some(files) = input.files() {
            spawn_local(async move {
                ui.load_file_list(files).await;
                input.set_value("");
            });
        }
    };
    view! {
        <section class="load" aria-labelledby="load-title">
            <h2 id="load-title">"Load a report"</h2>
            <p class="hint">
                "The credential report from the RAM console (CSV), the JSON of "
                <code>"GetCredentialReport"</code>
                " (one page or several), or its base64 content. Several files at once, or drop them anywhere on the page."
            </p>
            <div class="load-row">
                <label class="file-button">
                    "Choose files…"
                    <input
                        type="file"
                        multiple
                        data-testid="report-input"
                        accept=".csv,.json,.txt,text/csv,application/json,text/plain"
                        on:change={on_files}
                    />
                </label>
                <button
                    type="button"
                    data-testid="load-sample"
                    on:click={move |_| ui.load_sample()}
                >
                    "Try the sample report"
                </button>
                <FetchButton />
                <button
                    type="button"
                    data-testid="clear"
                    on:click={move |_| ui.clear()}
                    disabled={move || !ui.loaded()}
                >
                    "Clear"
                </button>
            </div>
            <ProxyProblem />
            <form
                class="load-row"
                on:submit={move |e: ev::SubmitEvent| {
                    e.prevent_default();
                    let u = url.get_untracked();
                    if !u.trim().is_empty() {
                        spawn_local(ui.load_url(u.trim().to_owned(), links::From::User));
                    }
                }}
            >
                <label for="report-url">"From a URL"</label>
                <input
                    id="report-url"
                    type="url"
                    placeholder="https://…/credential-report.csv"
                    data-testid="report-url"
                    prop:value={move || url.get()}
                    on:input={move |e| url.set(event_target_value(&e))}
                />
                <button type="submit" data-testid="load-url">
                    "Load URL"
                </button>
            </form>
            <details>
                <summary>"Paste the report"</summary>
                <label for="paste">"CSV or JSON text"</label>
                <textarea
                    id="paste"
                    rows="5"
                    data-testid="paste-input"
                    spellcheck="false"
                    prop:value={move || pasted.get()}
                    on:input={move |e| pasted.set(event_target_value(&e))}
                ></textarea>
                <button
                    type="button"
                    data-testid="load-paste"
                    on:click={move |_| {
                        ui.load(vec![browser::text_file("pasted text", &pasted.get_untracked())])
                    }}
                >
                    "Load pasted text"
                </button>
            </details>
            <KeepPanel />
            <LinkQuestion />
            <p class="status" role="status" aria-live="polite" data-testid="status">
                {move || ui.busy.get().or_else(|| ui.notice.get())}
            </p>
            <Show when={move || ui.loading.with(|l| l.any())}>
                <button type="button" data-testid="cancel-load" on:click={move |_| ui.cancel()}>
                    "Cancel loading"
                </button>
            </Show>
            <p class="error" role="alert" data-testid="load-error">
                {move || ui.load_error.get()}
            </p>
        </section>
    }
}

/// Shown only when the page is served by `credreport serve`.
#[component]
fn FetchButton() -> impl IntoView {
    let ui = state::use_state();
    move || {
        ui.proxy.get().map(|p| {
            let ready = p.ready;
            view! {
                <button
                    type="button"
                    data-testid="fetch-cloud"
                    disabled={move || !ready || ui.fetching.get()}
                    title={p
                        .credentials
                        .map(|c| format!("Signed by the local proxy with {c}"))
                        .unwrap_or_default()}
                    on:click={move |_| spawn_local(ui.fetch_from_cloud())}
                >
                    "Fetch from Alibaba Cloud"
                </button>
            }
        })
    }
}

/// Why the local proxy cannot fetch: its first clause, the rest under Details.
#[component]
fn ProxyProblem() -> impl IntoView {
    let ui = state::use_state();
    move || {
        ui.proxy.get().and_then(|p| p.problem).map(|m| {
            let (head, rest) = headline(&m);
            let said = format!("The local proxy cannot fetch: {head}.");
            let rest = rest.map(str::to_owned);
            view! {
                <div class="hint proxy-problem" data-testid="proxy-problem">
                    {said}
                    {rest
                        .map(|r| {
                            view! {
                                <details>
                                    <summary>"Details"</summary>
                                    <p>{r}</p>
                                </details>
                            }
                        })}
                </div>
            }
        })
    }
}

/// A link asks to load a report from another site: ask before fetching it.
#[component]
fn LinkQuestion() -> impl IntoView {
    let ui = state::use_state();
    move || {
        ui.asking.get().map(|(href, host)| {
            let again = href.clone();
            view! {
                <div
                    class="link-question"
                    role="alertdialog"
                    aria-labelledby="link-question-text"
                    data-testid="link-question"
                >
                    <p id="link-question-text">
                        "This link asks to load a report from "
                        <strong data-testid="link-host">{host.clone()}</strong>
                        ", another site. Load it only if you trust that site: what it sends is shown, and exported as evidence, as if it were your account's report."
                    </p>
                    <p class="mono link-address">{href}</p>
                    <div class="load-row">
                        <button
                            type="button"
                            class="primary"
                            data-testid="link-load"
                            on:click={move |_| {
                                spawn_local(ui.load_url(again.clone(), links::From::User))
                            }}
                        >
                            {format!("Load from {host}")}
                        </button>
                        <button
                            type="button"
                            data-testid="link-dismiss"
                            on:click={move |_| ui.asking.set(None)}
                        >
                            "Don't load"
                        </button>
                    </div>
                </div>
            }
        })
    }
}
