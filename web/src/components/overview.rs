//! Users, console users without MFA, active keys and last logons by age; a click on a bucket
//! lists its users in the query view.

use credreport_core::overview::{counts_sql, Measure, TOTALS_SQL};
use credreport_core::protocol::{Judging, Reply, Request};
use credreport_core::AsOf;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::bucket_button::BucketButton;
use super::legend::Legend;
use super::trend::Trend;
use crate::browser;
use crate::engine;
use crate::logic::overview::{buckets, first_row_numbers, Figures};
use crate::state::{self, FiguresOf};

/// The first row of `sql`'s answer as numbers (none when it failed or was cancelled).
async fn figures(sql: String) -> Vec<i64> {
    match engine::ask(
        Request::Run {
            sql,
            written: false,
            only_latest: false,
        },
        vec![],
    )
    .await
    {
        Ok(Reply::Ran(ran)) => first_row_numbers(&ran.result),
        _ => Vec::new(),
    }
}

/// `judging`: the checks' it shows beside, whose moment the ages are counted to (the worker
/// answered them, so it names one).
#[component]
pub fn Overview(judging: Judging) -> impl IntoView {
    let ui = state::use_state();
    let figured = RwSignal::new(None::<Figures>);
    let as_of = (judging.moments())
        .map(|(as_of, _)| as_of)
        .unwrap_or_else(|_| AsOf::Moment(browser::now_utc()));
    // What the figures were last asked of: an older report loaded meanwhile asks nothing new.
    let asked = StoredValue::new(None::<FiguresOf>);
    Effect::new(move |_| {
        let of: FiguresOf = (ui.latest(), judging.as_of.clone(), judging.now_ms);
        if asked.with_value(|a| a.as_ref() == Some(&of)) {
            return;
        }
        asked.set_value(Some(of.clone()));
        // Shown with these checks before (the view opened again): shown again.
        if let Some(shown) = ui.figured.with_value(|f| {
            (f.as_ref())
                .filter(|(o, _)| *o == of)
                .map(|(_, f)| f.clone())
        }) {
            figured.set(Some(shown));
            return;
        }
        spawn_local(async move {
            let f = Figures {
                totals: figures(TOTALS_SQL.into()).await,
                key_age: figures(counts_sql(Measure::KeyAge, &as_of)).await,
                last_logon: figures(counts_sql(Measure::LastLogon, &as_of)).await,
            };
            ui.figured.set_value(Some((of, f.clone())));
            // The view may have closed meanwhile.
            let _ = figured.try_set(Some(f));
        });
    });
    let get = move |i: usize| {
        figured.with(|f| {
            f.as_ref()
                .and_then(|f| f.totals.get(i).copied())
                .unwrap_or(0)
        })
    };
    // Each row of buckets a group named by its line: the two rows' buttons say the same ages,
    // and a screen reader going from button to button says which row it entered.
    let row = move |measure: Measure, name: &'static str, line: &'static str| {
        let buttons = move || {
            figured.with(|f| {
                let counts = f.as_ref().map(|f| match measure {
                    Measure::KeyAge => f.key_age.clone(),
                    Measure::LastLogon => f.last_logon.clone(),
                });
                buckets(measure, &counts.unwrap_or_default())
                    .into_iter()
                    .map(|b| view! { <BucketButton measure name b as_of /> })
                    .collect_view()
            })
        };
        let id = format!("buckets-{name}");
        view! {
            <p class="hint" id={id.clone()}>
                {line}
            </p>
            <div class="buckets" role="group" aria-labelledby={id}>
                {buttons}
            </div>
        }
    };
    view! {
        <div class="overview" data-testid="overview">
            // Until the database answers (behind the older kept reports still loading, when the
            // page opens with them), no count rather than zeros.
            <Show
                when={move || figured.with(Option::is_some)}
                fallback={|| {
                    view! {
                        <p class="hint" role="status" data-testid="overview-counting">
                            "Counting users, access keys and logons…"
                        </p>
                    }
                }}
            >
                <p>
                    <strong>{move || get(0)}</strong>
                    " users · "
                    <strong>{move || get(1)}</strong>
                    " with a console password · "
                    <strong data-testid="console-without-mfa">{move || get(2)}</strong>
                    " of them without MFA"
                </p>
                {row(Measure::KeyAge, "keys", "Active access keys by time since rotation:")}
                {row(Measure::LastLogon, "logon", "Console users by last logon:")}
                <Legend
                    keys={&[
                        ("bar-ok-bg", "under 90 days"),
                        ("bar-alarm-bg", "90 days or more (the checks' default threshold)"),
                        ("bar-skip-bg", "never logged on"),
                    ]}
                    testid="overview-legend"
                />
            </Show>
            <Trend />
        </div>
    }
}
