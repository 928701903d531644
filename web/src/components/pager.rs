//! Moving through pages: a table's 100 rows at a time (an answer, the changes, the trend), a
//! check's findings 50 at a time.

use leptos::prelude::*;

use super::page_buttons::PageButtons;
use crate::logic::grid::PAGE_SIZE;

/// A table's pages, 100 rows each (an answer, the changes, the trend), when there is more than
/// one.
#[component]
pub fn Pager(at: usize, pages: usize, page: RwSignal<usize>) -> impl IntoView {
    let said = format!("Page {} of {pages} ({PAGE_SIZE} rows a page)", at + 1);
    let label = "Result pages".to_owned();
    view! { <PageButtons at pages page said label ids={("", "-page".to_owned())} /> }
}
