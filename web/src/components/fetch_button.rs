//! Shown only when the page is served by `credreport serve`.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::state;

/// Shown only when the page is served by `credreport serve`.
#[component]
pub fn FetchButton() -> impl IntoView {
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
