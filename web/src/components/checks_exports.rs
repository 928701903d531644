//! The checks as evidence.

use credreport_core::evidence::CheckFormat;
use credreport_core::protocol::{Reply, Request};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::checks_view::Judged;
use super::event_target;
use super::working::Working;
use crate::browser;
use crate::engine::{self, Stopped};
use crate::logic::checks::Checked;
use crate::state;

/// The checks as evidence: CSV, JSON, Markdown or standalone HTML, written by the database's
/// worker from every finding (`credreport_core::evidence`, as `credreport check` writes it).
#[component]
pub fn ChecksExports(judged: ReadSignal<Judged>) -> impl IntoView {
    let ui = state::use_state();
    // Over 100,000 users the evidence is over 100 MB, seconds in the making: said, with Cancel,
    // and not asked twice meanwhile (the buttons stay enabled, so the focus stays where it is).
    let writing = RwSignal::new(false);
    // Said here: the editor's error is in the Query view, out of sight.
    let failed = RwSignal::new(None::<String>);
    // `pressed`, the button clicked, takes back the focus a pressed *Cancel* left nowhere.
    let export = move |format: CheckFormat, pressed: web_sys::HtmlElement| {
        let Some(Ok(Checked { judging, .. })) = judged.get_untracked() else {
            return;
        };
        if writing.get_untracked() {
            return;
        }
        writing.set(true);
        failed.set(None);
        spawn_local(async move {
            let name = ui.export_name("checks", format.as_str());
            let written = match engine::ask(Request::Evidence { judging, format }, vec![]).await {
                Ok(Reply::Evidence { text }) => {
                    browser::download(&name, format.media_type(), &text)
                }
                Ok(other) => Err(other.unwanted("the evidence").to_string()),
                Err(Stopped::Cancelled) => Ok(()),
                Err(e) => Err(e.to_string()),
            };
            let _ = writing.try_set(false);
            let _ = failed.try_set(written.err());
            // Once *Working* (and the pressed *Cancel* in it) has left the page.
            request_animation_frame(move || {
                if browser::focus_lost() {
                    let _ = pressed.focus();
                }
            });
        });
    };
    let button = move |format: CheckFormat, label: &'static str| {
        view! {
            <button
                type="button"
                data-testid={format!("checks-{}", format.as_str())}
                on:click={move |e| export(format, event_target(&e))}
            >
                {label}
            </button>
        }
    };
    view! {
        // A group: the trend's buttons below say the same formats.
        <div class="load-row" role="group" aria-label="Export the checks">
            "Export: "
            {button(CheckFormat::Csv, "CSV")}
            {button(CheckFormat::Json, "JSON")}
            {button(CheckFormat::Md, "Markdown")}
            {button(CheckFormat::Html, "HTML evidence")}
        </div>
        <Show when={move || writing.get()}>
            <Working doing="Writing the evidence…" testid="evidence-writing" />
        </Show>
        <p class="error" role="alert" data-testid="evidence-error">
            {move || failed.get()}
        </p>
    }
}
