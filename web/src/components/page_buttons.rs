//! First, Previous, Next and Last through `pages` pages, with `said` (where the reader is) between
//! them.

use leptos::prelude::*;

use crate::browser;

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
    // Drawn again for each page: a button whose press took the pager to its end is disabled now,
    // and the one beside it keeps the keyboard's focus.
    Effect::new(|_| browser::keep_focus_on_pressed());
    (pages > 1).then(move || {
        let last = pages - 1;
        // First and Previous give the focus to Next at the first page; Next and Last, to
        // Previous at the last (the buttons' places in the pager).
        let button = |verb: &str, text: &'static str, to: usize, off: bool, instead: u32| {
            view! {
                <button
                    type="button"
                    data-testid={format!("{}{verb}{}", ids.0, ids.1)}
                    disabled={off}
                    on:click={move |e| {
                        browser::pressed(&e, instead);
                        page.set(to);
                    }}
                >
                    {text}
                </button>
            }
        };
        view! {
            <nav class="pager" aria-label={label}>
                {button("first", "First", 0, at == 0, 2)}
                {button("prev", "Previous", at.saturating_sub(1), at == 0, 2)}
                <span>{said}</span>
                {button("next", "Next", (at + 1).min(last), at >= last, 1)}
                {button("last", "Last", last, at >= last, 1)}
            </nav>
        }
    })
}
