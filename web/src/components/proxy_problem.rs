//! Why the local proxy cannot fetch.

use leptos::prelude::*;

use crate::logic::session::headline;
use crate::state;

/// Why the local proxy cannot fetch: its first clause, the rest under Details.
#[component]
pub fn ProxyProblem() -> impl IntoView {
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
