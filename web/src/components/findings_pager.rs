//! A check's findings, a page at a time, when they fill more than one.

use leptos::prelude::*;

use super::page_buttons::PageButtons;
use crate::logic::checks::FindingsPage;

/// A check's findings, a page at a time, when they fill more than one.
#[component]
pub fn FindingsPager(
    id: &'static str,
    title: &'static str,
    found: FindingsPage,
    page: RwSignal<usize>,
) -> impl IntoView {
    let (first, last) = found.span();
    let said = format!("{first}–{last} of {}", found.total);
    view! {
        <PageButtons
            at={found.page}
            pages={found.pages}
            page
            said
            label={format!("Findings pages: {title}")}
            ids={("findings-", format!("-{id}"))}
        />
    }
}
