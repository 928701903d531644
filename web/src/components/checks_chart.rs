//! ok/alarm/skip per check as stacked bars with their counts, drawn by the app itself.

use credreport_core::Outcome;
use leptos::prelude::*;

use super::legend::Legend;

/// The parts of a bar, in percent: ok, alarm, skip.
fn shares(o: &Outcome) -> (f64, f64, f64) {
    let total = (o.ok + o.alarm + o.skip).max(1) as f64;
    let pc = |n: usize| 100.0 * n as f64 / total;
    (pc(o.ok), pc(o.alarm), pc(o.skip))
}

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

#[component]
pub fn ChecksChart(outcomes: Vec<Outcome>) -> impl IntoView {
    // Rows of HTML (the names and counts wrap and stay readable at any width); each bar is an
    // SVG stretched to its cell, its three parts in percent.
    let rows = outcomes
        .into_iter()
        .map(|o| {
            let (wo, wa, ws) = shares(&o);
            let counts = format!("{} alarm · {} ok · {} skip", o.alarm, o.ok, o.skip);
            view! {
                <ChartRow name={o.check.id.to_owned()} counts>
                    <rect x="0" width={wo} height="10" class="bar-ok" />
                    <rect x={wo} width={wa} height="10" class="bar-alarm" />
                    <rect x={wo + wa} width={ws} height="10" class="bar-skip" />
                </ChartRow>
            }
        })
        .collect_view();
    view! {
        <Chart label="ok, alarm and skip per check" testid="checks-chart">
            {rows}
        </Chart>
        <Legend keys={&[
            ("bar-ok-bg", "ok"),
            ("bar-alarm-bg", "alarm"),
            ("bar-skip-bg", "skip (the report cannot tell)"),
        ]} />
    }
}
