//! One row of a [`Chart`].

use leptos::prelude::*;

/// One row of a [`Chart`]: its name, its bars (SVG shapes in a 100 × 10 box stretched to the
/// row's width) and its counts in words.
#[component]
pub fn ChartRow(name: String, counts: String, children: Children) -> impl IntoView {
    view! {
        <div class="chart-row">
            <span class="chart-name mono">{name}</span>
            <svg
                class="chart-bar"
                viewBox="0 0 100 10"
                preserveAspectRatio="none"
                aria-hidden="true"
            >
                {children()}
            </svg>
            <span class="chart-counts">{counts}</span>
        </div>
    }
}
