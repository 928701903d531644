//! A link asks to load a report from another site.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::logic::links;
use crate::state;

/// A link asks to load a report from another site: ask before fetching it. *Don't load* has the
/// focus the page opened with.
#[component]
pub fn LinkQuestion() -> impl IntoView {
    let ui = state::use_state();
    move || {
        ui.asking.get().map(|(href, host)| {
            let again = href.clone();
            // An alert dialog takes the focus as it opens: on its safe answer, so Enter loads
            // nothing.
            let dismiss = NodeRef::<leptos::html::Button>::new();
            super::take_lost_focus(dismiss);
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
                            on:click={move |e| {
                                browser::keep_focus_near(&e);
                                spawn_local(ui.load_url(again.clone(), links::From::User))
                            }}
                        >
                            {format!("Load from {host}")}
                        </button>
                        <button
                            type="button"
                            data-testid="link-dismiss"
                            node_ref={dismiss}
                            on:click={move |e| {
                                browser::keep_focus_near(&e);
                                ui.asking.set(None);
                            }}
                        >
                            "Don't load"
                        </button>
                    </div>
                </div>
            }
        })
    }
}
