//! First, Previous, Next and Last through `pages` pages, with `said` (where the reader is) between
//! them.

use leptos::prelude::*;

/// First, Previous, Next and Last through `pages` pages, with `said` (where the reader is)
/// between them; nothing when everything fits on one page. A 100,000-row answer has a thousand
/// pages, so both ends are one click away. Each button's test id is
/// `{ids.0}{first|prev|next|last}{ids.1}`.
#[component]
pub fn PageButtons(
    at: usize,
    pages: usize,
    page: RwSignal<usize>,
    said: String,
    /// What the pages are of, for a screen reader's list of landmarks: one of its own for each
    /// pager on screen at once (the Checks view has one for each open check).
    label: String,
    ids: (&'static str, String),
) -> impl IntoView {
    (pages > 1).then(move || {
        let last = pages - 1;
        let button = |verb: &str, text: &'static str, to: usize, off: bool| {
            view! {
                <button
                    type="button"
                    data-testid={format!("{}{verb}{}", ids.0, ids.1)}
                    disabled={off}
                    on:click={move |_| page.set(to)}
                >
                    {text}
                </button>
            }
        };
        view! {
            <nav class="pager" aria-label={label}>
                {button("first", "First", 0, at == 0)}
                {button("prev", "Previous", at.saturating_sub(1), at == 0)}
                <span>{said}</span>
                {button("next", "Next", (at + 1).min(last), at >= last)}
                {button("last", "Last", last, at >= last)}
            </nav>
        }
    })
}
