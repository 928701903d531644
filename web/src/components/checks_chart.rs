//! ok/alarm/skip per check as stacked bars with their counts, drawn by the app itself.

use credreport_core::Outcome;
use leptos::prelude::*;

use super::chart::Chart;
use super::chart_row::ChartRow;
use super::legend::Legend;

/// The parts of a bar, in percent: ok, alarm, skip.
fn shares(o: &Outcome) -> (f64, f64, f64) {
    let total = (o.ok + o.alarm + o.skip).max(1) as f64;
    let pc = |n: usize| 100.0 * n as f64 / total;
    (pc(o.ok), pc(o.alarm), pc(o.skip))
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
