//! The Checks view: threshold, "as of", status filter, exports, totals, chart, overview and the
//! checks themselves, alarms first.

use credreport_core::exceptions::to_toml;
use credreport_core::protocol::{Judging, Reply, Request};
use credreport_core::{AsOf, Totals};
use leptos::prelude::*;

use super::alike_note::AlikeNote;
use super::cancelled::Cancelled;
use super::check_item::CheckItem;
use super::checks_chart::ChecksChart;
use super::checks_exports::ChecksExports;
use super::cis_list::CisList;
use super::exceptions_panel::ExceptionsPanel;
use super::left_out::LeftOut;
use super::overview::Overview;
use super::threshold::Threshold;
use super::unknown_time::UnknownTime;
use super::working::Working;
use crate::browser;
use crate::engine::{self, Stopped};
use crate::logic::checks::{in_review_order, Checked, ChecksOver, LastChecks, StatusFilter};
use crate::state;

/// The checks' tallies, or why there are none; `None` while the checks run.
pub(super) type Judged = Option<Result<Checked, Stopped>>;

#[component]
pub fn ChecksView() -> impl IntoView {
    let ui = state::use_state();
    let status = RwSignal::new(StatusFilter::All);
    let opened = RwSignal::new(Vec::<(&'static str, usize)>::new());
    let accepted_in = StoredValue::new(None::<&'static str>);
    let judged = RwSignal::new(None::<Result<Checked, Stopped>>);
    // Asked again after Cancel stopped them.
    let again = RwSignal::new(0u32);
    let asked = engine::Latest::new();
    // What the checks last ran over while the view is open, and the moment they were judged at.
    let last = StoredValue::new(None::<(ChecksOver, i64)>);
    // Asked once per loaded set, threshold, "as of" and set of exceptions, of the database's
    // worker; the view renders only what is open.
    Effect::new(move |_| {
        again.track();
        let over: ChecksOver = (ui.latest(), ui.days.get(), ui.as_of.get());
        let exceptions = ui.exceptions.with(|e| to_toml(e));
        let now = browser::now_utc().timestamp_millis();
        // Over the same, the same moment: while the view is open, only the exceptions changed
        // (a finding accepted), and the worker applies them to the findings it kept, the checks
        // showing until it answers; opened again, while the moment last shown is still now.
        let at = last
            .with_value(|l| l.as_ref().filter(|(o, _)| *o == over).map(|(_, at)| *at))
            .or_else(|| {
                (ui.checked).with_value(|c| c.as_ref().and_then(|c| c.moment_for(&over, now)))
            });
        let now_ms = at.unwrap_or_else(|| {
            judged.set(None);
            now
        });
        let judging = Judging {
            days: over.1,
            as_of: over.2.into(),
            now_ms,
            exceptions,
        };
        last.set_value(Some((over.clone(), now_ms)));
        // Shown already, as asked now: shown again.
        let shown = (ui.checked)
            .with_value(|c| c.as_ref().and_then(|c| c.answer(&over, &judging)).cloned());
        if let Some(shown) = shown {
            // Shown now already (an older report loaded beside the latest): not drawn again.
            if judged.with_untracked(|j| !matches!(j, Some(Ok(c)) if *c == shown)) {
                judged.set(Some(Ok(shown)));
            }
            return;
        }
        browser::start("credreport:checks");
        asked.ask(Request::Checks(judging.clone()), judged, move |reply| {
            browser::measure("credreport:checks");
            match reply {
                Ok(Reply::Checked { outcomes, stale }) => {
                    let checked = Checked {
                        outcomes: in_review_order(outcomes),
                        stale,
                        judging,
                    };
                    ui.checked.set_value(Some(LastChecks {
                        over,
                        checked: checked.clone(),
                    }));
                    Ok(checked)
                }
                Ok(other) => Err(Stopped::Broken(other.unwanted("the checks").to_string())),
                Err(stopped) => Err(stopped),
            }
        });
    });
    let ask_again = Callback::new(move |()| {
        judged.set(None);
        again.update(|n| *n += 1);
    });
    let judged = judged.read_only();
    // Whether anything is loaded, as a memo: the checks on screen are not drawn again as each
    // older kept report loads beside the latest.
    let loaded = Memo::new(move |_| ui.loaded());
    view! {
        <section class="checks" aria-labelledby="checks-title">
            <h2 id="checks-title" tabindex="-1">
                "Checks"
            </h2>
            <p class="hint">
                "CIS Alibaba Cloud Foundations Benchmark (RAM) checks the credential report can answer, and credential hygiene. Each user judged is ok, in alarm, or skipped when the report cannot tell. Checks with alarms come first, most severe first; open one to see its users."
            </p>
            <div class="load-row">
                <Threshold />
                <label>
                    "Judge as of "
                    <select
                        data-testid="as-of"
                        on:change={move |e| {
                            let chosen = event_target_value(&e);
                            if let Some(c) = AsOf::CHOICES.into_iter().find(|c| *c == chosen) {
                                ui.as_of.set(c);
                            }
                        }}
                    >
                        {AsOf::OFFERED
                            .map(|(choice, said)| {
                                view! {
                                    <option
                                        value={choice}
                                        selected={move || ui.as_of.get() == choice}
                                    >
                                        {said}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    "Show "
                    <select
                        data-testid="status-filter"
                        on:change={move |e| {
                            status.set(StatusFilter::parse(&event_target_value(&e)))
                        }}
                    >
                        {StatusFilter::EVERY
                            .map(|f| view! { <option value={f.as_str()}>{f.as_str()}</option> })
                            .collect_view()}
                    </select>
                </label>
            </div>
            <UnknownTime />
            <LeftOut />
            <AlikeNote
                latest=false
                give="; or give each its own generation time (above)"
                testid="checks-alike"
            />
            <ChecksExports judged />
            <ExceptionsPanel judged />
            {move || {
                if !loaded.get() {
                    return view! { <p class="hint">"Load a report to run the checks."</p> }
                        .into_any();
                }
                match judged.get() {
                    None => {
                        view! { <Working doing="Running the checks…" testid="checks-running" /> }
                            .into_any()
                    }
                    Some(Err(Stopped::Cancelled)) => {
                        view! {
                            <Cancelled
                                said="The checks were cancelled."
                                again="Run the checks again"
                                on_again={ask_again}
                            />
                        }
                            .into_any()
                    }
                    Some(Err(e)) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                    Some(Ok(Checked { outcomes, judging, .. })) => {
                        let t = Totals::over(&outcomes);
                        let excepted = if t.excepted > 0 {
                            format!(", {} excepted", t.excepted)
                        } else {
                            String::new()
                        };
                        let judged_as_of = judging
                            .moments()
                            .map(|(as_of, _)| format!("Judged as of {}.", as_of.describe()))
                            .unwrap_or_default();
                        // The moment the view may show again ([`LastChecks`]), as the evidence names it.
                        view! {
                            <p class="checks-summary" data-testid="checks-summary">
                                {format!("{} checks: ", outcomes.len())}
                                <strong class:status-alarm={t.alarm
                                    > 0}>{format!("{} alarm", t.alarm)}</strong>
                                {format!("{excepted}, {} ok, {} skip", t.ok, t.skip)}
                            </p>
                            <p class="hint" data-testid="checks-judged-as-of">
                                {judged_as_of}
                            </p>
                            <ChecksChart outcomes={outcomes.clone()} />
                            <Overview judging={judging.clone()} />
                            <CisList />
                            <div class="check-list">
                                <For
                                    each={move || outcomes.clone()}
                                    key={|o| o.check.id}
                                    children={move |o| {
                                        view! {
                                            <CheckItem
                                                o
                                                status
                                                opened
                                                accepted_in
                                                judging={judging.clone()}
                                            />
                                        }
                                    }}
                                />
                            </div>
                        }
                            .into_any()
                    }
                }
            }}
        </section>
    }
}
