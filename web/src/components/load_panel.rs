//! Where reports come in: files, the sample, the local proxy, a URL, pasted text; what happened.

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HtmlInputElement;

use super::event_target;
use super::fetch_button::FetchButton;
use super::keep_panel::KeepPanel;
use super::link_question::LinkQuestion;
use super::proxy_problem::ProxyProblem;
use crate::browser;
use crate::logic::links;
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
                    on:click={move |e| {
                        browser::keep_focus_near(&e);
                        ui.clear();
                    }}
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
