//! Registers the page's offline copy and, when a newer build of credreport waits behind it, says
//! so and offers to reload; the page never reloads by itself.

use leptos::prelude::*;

use crate::offline;

#[component]
pub fn UpdateNotice() -> impl IntoView {
    let waiting = RwSignal::new(false);
    offline::start(move || waiting.set(true));
    view! {
        <Show when={move || waiting.get()}>
            <div class="update" role="status" data-testid="update-ready">
                <span>
                    "A new version of credreport is ready. Reloading starts the page again: reports not kept on this device need loading again."
                </span>
                <button
                    type="button"
                    class="primary"
                    data-testid="update-reload"
                    on:click={|_| offline::take_over()}
                >
                    "Reload to use it"
                </button>
            </div>
        </Show>
    }
}
