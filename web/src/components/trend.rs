//! The trend over the loaded reports (shown when an account has two or more): per report, its
//! alarms and console users without MFA as bars, and the whole table
//! (`credreport_core::trend`), each report judged as of its own generation time.

use credreport_core::output::Format;
use credreport_core::protocol::{Reply, Request};
use credreport_core::QueryResult;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::chart::Chart;
use super::chart_row::ChartRow;
use super::export_shown::ExportShown;
use super::grid::Grid;
use super::legend::Legend;
use super::pager::Pager;
use super::results::save;
use crate::browser;
use crate::engine;
use crate::logic::compare::default_pair;
use crate::logic::grid::{page_count, page_of, page_rows, visible_rows};
use crate::logic::trend::bars;
use crate::state;

#[component]
pub fn Trend() -> impl IntoView {
    let ui = state::use_state();
    let trend = RwSignal::new(None::<Result<QueryResult, String>>);
    Effect::new(move |_| {
        if ui.reports.with(|r| default_pair(r).is_none()) {
            trend.set(None);
            return;
        }
        // Over every loaded report: asked once the loads pending are in (the page opening
        // with a year of kept reports shows the checks of the latest while the older ones
        // load).
        if ui.loading.with(|l| l.any()) {
            return;
        }
        // The points judged before, kept with the kept reports: the worker takes each whose
        // reports, threshold and build are the same.
        let request = Request::Trend {
            days: ui.days.get(),
            now_ms: browser::now_utc().timestamp_millis(),
            known: ui.library.with_untracked(|l| l.points.clone()),
        };
        spawn_local(async move {
            let got = match engine::ask(request, vec![]).await {
                Ok(Reply::Trended { trend, points }) => {
                    ui.keep_points(points);
                    Ok(trend)
                }
                Ok(other) => Err(other.unwanted("the trend").to_string()),
                Err(e) => Err(e.to_string()),
            };
            let _ = trend.try_set(Some(got));
        });
    });
    let page = RwSignal::new(0usize);
    let sort = RwSignal::new(None);
    // The table as shown (every page, in the sort chosen), as `credreport trend -o` writes it.
    let export = Callback::new(move |(format, told): (Format, _)| {
        trend.with_untracked(|t| {
            if let Some(Ok(t)) = t {
                let rows = visible_rows(t, "", sort.get_untracked());
                save(ui, t, &rows, format, "trend", told);
            }
        })
    });
    move || {
        trend.get().map(|t| match t {
            Err(e) => view! {
                <p class="error" data-testid="trend-error">
                    {e}
                </p>
            }.into_any(),
            Ok(t) => {
                let rows = visible_rows(&t, "", sort.get());
                let pages = page_count(rows.len());
                let at = page.get().min(pages - 1);
                let on_page = page_rows(&t, page_of(&rows, at));
                let chart = bars(&t)
                    .into_iter()
                    .map(|b| {
                        let counts = format!(
                            "{} alarms · {} console users without MFA",
                            b.alarms,
                            b.without_mfa,
                        );
                        view! {
                            <ChartRow name={b.label} counts>
                                <rect width={b.alarms_share} height="5" class="bar-alarm" />
                                <rect
                                    y="5"
                                    width={b.without_mfa_share}
                                    height="5"
                                    class="bar-skip"
                                />
                            </ChartRow>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="trend" data-testid="trend">
                        <h3>"Over time"</h3>
                        <p class="hint">
                            "One row per loaded report, oldest first within each account, each judged as of its own generation time."
                        </p>
                        <Chart label="alarms and console users without MFA per report">
                            {chart}
                        </Chart>
                        <Legend keys={&[
                            ("bar-alarm-bg", "alarms (all checks)"),
                            ("bar-skip-bg", "console users without MFA"),
                        ]} />
                        <ExportShown testid="trend" export />
                        <div data-testid="trend-table">
                            <Grid page_of={on_page} sort page />
                            <Pager at pages page />
                        </div>
                    </div>
                }
                    .into_any()
            }
        })
    }
}
