//! Users, console users without MFA, active keys and last logons by age; a click on a bucket
//! lists its users in the query view.

use credreport_core::overview::{counts_sql, Measure, TOTALS_SQL};
use credreport_core::protocol::{Reply, Request};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::bucket_button::BucketButton;
use super::legend::Legend;
use super::trend::Trend;
use crate::engine;
use crate::logic::overview::{buckets, first_row_numbers};
use crate::state;

/// The first row of `sql`'s answer as numbers (none when it failed or was cancelled).
async fn figures(sql: String) -> Vec<i64> {
    match engine::ask(
        Request::Run {
            sql,
            written: false,
        },
        vec![],
    )
    .await
    {
        Ok(Reply::Ran(ran)) => first_row_numbers(&ran.result),
        _ => Vec::new(),
    }
}

/// The overview's three answers: totals, keys by age, logons by age.
#[derive(Clone, Default)]
struct Figures {
    totals: Vec<i64>,
    key_age: Vec<i64>,
    last_logon: Vec<i64>,
}

#[component]
pub fn Overview() -> impl IntoView {
    let ui = state::use_state();
    let figured = RwSignal::new(None::<Figures>);
    Effect::new(move |_| {
        ui.reports.track();
        // Ages counted to the moment the checks judge as of, again when it is switched.
        ui.as_of.track();
        let as_of = ui.as_of_now();
        spawn_local(async move {
            let f = Figures {
                totals: figures(TOTALS_SQL.into()).await,
                key_age: figures(counts_sql(Measure::KeyAge, &as_of)).await,
                last_logon: figures(counts_sql(Measure::LastLogon, &as_of)).await,
            };
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
    let row = move |measure: Measure, name: &'static str| {
        move || {
            figured.with(|f| {
                let counts = f.as_ref().map(|f| match measure {
                    Measure::KeyAge => f.key_age.clone(),
                    Measure::LastLogon => f.last_logon.clone(),
                });
                buckets(measure, &counts.unwrap_or_default())
                    .into_iter()
                    .map(|b| view! { <BucketButton measure name b /> })
                    .collect_view()
            })
        }
    };
    view! {
        <div class="overview" data-testid="overview">
            <p>
                <strong>{move || get(0)}</strong>
                " users · "
                <strong>{move || get(1)}</strong>
                " with a console password · "
                <strong data-testid="console-without-mfa">{move || get(2)}</strong>
                " of them without MFA"
            </p>
            <p class="hint">"Active access keys by time since rotation:"</p>
            <div class="buckets">{row(Measure::KeyAge, "keys")}</div>
            <p class="hint">"Console users by last logon:"</p>
            <div class="buckets">{row(Measure::LastLogon, "logon")}</div>
            <Legend
                keys={&[
                    ("bar-ok-bg", "under 90 days"),
                    ("bar-alarm-bg", "90 days or more (the checks' default threshold)"),
                    ("bar-skip-bg", "never logged on"),
                ]}
                testid="overview-legend"
            />
            <Trend />
        </div>
    }
}
