//! A bar chart of `ChartRow`s, which the checks chart and the trend draw.

use leptos::prelude::*;

/// A bar chart of [`ChartRow`]s, which the checks chart and the trend draw. Its rows share their
/// columns, so every bar has one length (and the trend's one scale) whatever its counts say; where
/// the chart is narrow, each row is three lines (`web/style.css`).
#[component]
pub fn Chart(
    /// What the chart shows, for a screen reader.
    label: &'static str,
    #[prop(optional)] testid: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="chart-box">
            <div class="chart" data-testid={testid} role="img" aria-label={label}>
                {children()}
            </div>
        </div>
    }
}
