//! A chart's legend: each colour beside what it means.

use leptos::prelude::*;

/// Each key is a swatch's class (`bar-ok-bg`) and what it means. A key is one item of the
/// legend, so a narrow screen wraps the legend between keys, never between a swatch and its
/// words.
#[component]
pub fn Legend(
    keys: &'static [(&'static str, &'static str)],
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let keys = keys
        .iter()
        .map(|&(colour, meaning)| {
            view! {
                <span class="key">
                    <span class={format!("swatch {colour}")}></span>
                    {meaning}
                </span>
            }
        })
        .collect_view();
    view! {
        <p class="legend" data-testid={(!testid.is_empty()).then_some(testid)}>
            {keys}
        </p>
    }
}
