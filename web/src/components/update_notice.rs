//! Registers the page's offline copy once the page has settled and, when a newer build of
//! credreport waits behind it, says so and offers to reload; the page never reloads by itself.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::{browser, offline, state};

/// How long the page must have had nothing under way before its offline copy is made.
/// Registering fetches every file of the app again (2 MB): begun as the page opens, it shared
/// the cores and the network with a link's report and put the answer about 40 ms later
/// (PERFORMANCE.md).
const SETTLED_MS: i32 = 1000;

#[component]
pub fn UpdateNotice() -> impl IntoView {
    let ui = state::use_state();
    let waiting = RwSignal::new(false);
    // Each change of whether the page is idle starts a new wait; only the last one registers.
    let changes = StoredValue::new(0u32);
    Effect::new(move |_| {
        let idle = ui.idle();
        changes.update_value(|n| *n = n.wrapping_add(1));
        if !idle || offline::started() {
            return;
        }
        let this = changes.get_value();
        spawn_local(async move {
            browser::sleep_ms(SETTLED_MS).await;
            if changes.get_value() == this {
                offline::start(move || waiting.set(true));
            }
        });
    });
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
