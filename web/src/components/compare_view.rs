//! The Compare view: two loaded reports of one account, what changed between them (counts by
//! kind, new alarms first; the changes, filterable by kind and paged), and exports.

use credreport_core::protocol::{Reply, Request};
use leptos::prelude::*;

use super::compare_changes::CompareChanges;
use super::compare_side::CompareSide;
use super::unknown_time::UnknownTime;
use crate::browser;
use crate::engine::{self, Stopped};
use crate::logic::compare::{
    default_pair, in_order, pair_at, pair_given, times_of, Compared, LastCompared,
};
use crate::logic::share;
use crate::state;

/// Each of the pair's reports' account and generation time (`pair_given`).
type Given = Vec<(Option<String>, Option<String>)>;

#[component]
pub fn CompareView() -> impl IntoView {
    let ui = state::use_state();
    // The pair a link named, when both are loaded; else the latest two of one account.
    let first = move |reports: &[credreport_core::ReportSummary]| {
        ui.compared
            .get_untracked()
            .and_then(|times| pair_at(reports, &times))
            .or_else(|| default_pair(reports))
    };
    let pair = RwSignal::new(ui.reports.with_untracked(|r| first(r)));
    let answer = RwSignal::new(None::<Result<Compared, Stopped>>);
    // Asked again after Cancel stopped it.
    let again = RwSignal::new(0u32);
    let asked = engine::Latest::new();
    Effect::new(move |_| {
        again.track();
        let Some((old, new)) = pair.get() else {
            answer.set(None);
            return;
        };
        // The link follows the pair (by generation time, never data).
        if let Some(times) = ui
            .reports
            .with_untracked(|r| times_of(r, &(old.clone(), new.clone())))
        {
            ui.compared.set(Some(times));
            browser::push_hash(&share::encode(&ui.shared()));
        }
        let now_ms = browser::now_utc().timestamp_millis();
        let (reports, pair) = (ui.reports.get_untracked(), (old, new));
        // Shown before (the view opened again) and still the answer: shown again.
        let shown = ui.last_compared.with_value(|last| {
            (last.as_ref())
                .filter(|l| l.answers(&reports, &pair, now_ms))
                .map(|l| l.compared.clone())
        });
        if let Some(shown) = shown {
            answer.set(Some(Ok(shown)));
            return;
        }
        answer.set(None);
        let request = Request::Compare {
            old: pair.0.clone(),
            new: pair.1.clone(),
            now_ms,
        };
        asked.ask(request, answer, move |reply| match reply {
            Ok(Reply::Compared {
                changes,
                counts,
                said,
            }) => {
                let compared = Compared {
                    changes,
                    counts,
                    said,
                };
                ui.last_compared.set_value(Some(LastCompared {
                    reports,
                    pair,
                    now_ms,
                    compared: compared.clone(),
                }));
                Ok(compared)
            }
            Ok(other) => Err(Stopped::Broken(other.unwanted("a comparison").to_string())),
            Err(stopped) => Err(stopped),
        });
    });
    // A load or a clear changes what can be compared: start again from the latest pair. A time
    // or an account given to the pair's reports changes their comparison: asked again, the
    // older first (a pair refused as two reports that cannot be told apart is compared once
    // they can). Another report loading asks nothing again (a kept history loads one by one).
    Effect::new(move |before: Option<Option<Given>>| {
        let start = ui.reports.with(|r| first(r));
        let given = |p: &(String, String)| ui.reports.with_untracked(|r| pair_given(r, p));
        match (pair.get_untracked(), start) {
            (_, None) => {
                pair.set(None);
                None
            }
            (None, Some(start)) => {
                let now = given(&start);
                pair.set(Some(start));
                Some(now)
            }
            (Some(chosen), Some(_)) => {
                let now = given(&chosen);
                if before.flatten().is_some_and(|b| b != now) {
                    pair.set(Some(ui.reports.with_untracked(|r| in_order(r, chosen))));
                }
                Some(now)
            }
        }
    });
    // Whether there is a pair, not which: choosing another report, or giving one its time,
    // makes the changes anew (below), not the boxes asking for times (which would lose what
    // they said they took).
    let paired = Memo::new(move |_| pair.with(Option::is_some));
    view! {
        <section class="compare" aria-labelledby="compare-title">
            <h2 id="compare-title" tabindex="-1">
                "Compare"
            </h2>
            <p class="hint">
                "What changed between two reports of one account: users added and removed, console access, MFA, access keys created, deleted, rotated or switched, passwords, first logons, and each check's findings that went into alarm or were resolved (each report judged as of its own generation time)."
            </p>
            {move || {
                if !paired.get() {
                    return view! {
                        <p class="hint" data-testid="compare-needs-two">
                            "Load two reports of one account (last month's and this month's, say) to see what changed."
                        </p>
                    }
                        .into_any();
                }
                view! {
                    <div class="load-row">
                        <CompareSide which=0 pair />
                        <CompareSide which=1 pair />
                    </div>
                    // Two undated reports of one account are refused until each has its time:
                    // asked for here too, with each file's saved time offered.
                    <UnknownTime />
                    // Made anew for each pair: it starts with every change shown, unsorted, on
                    // its first page.
                    {move || {
                        pair.track();
                        view! { <CompareChanges answer pair again /> }
                    }}
                }
                    .into_any()
            }}
        </section>
    }
}
