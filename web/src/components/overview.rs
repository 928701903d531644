//! Users, console users without MFA, active keys and last logons by age; a click on a bucket
//! lists its users in the query view.

use credreport_core::overview::{counts_sql, Measure, TOTALS_SQL};
use leptos::prelude::*;

use crate::logic::overview::{buckets, first_row_numbers, Bucket};
use crate::state::{self, session};

/// The first row of `sql`'s answer as numbers.
fn figures(sql: &str) -> Vec<i64> {
    session(|s| s.run(sql))
        .map(|r| first_row_numbers(&r.result))
        .unwrap_or_default()
}

#[component]
pub fn Overview() -> impl IntoView {
    let totals = figures(TOTALS_SQL);
    let get = |i: usize| totals.get(i).copied().unwrap_or(0);
    let row = |measure: Measure, name: &'static str| {
        buckets(measure, &figures(&counts_sql(measure)))
            .into_iter()
            .map(|b| view! { <BucketButton measure name b /> })
            .collect_view()
    };
    view! {
        <div class="overview" data-testid="overview">
            <p>
                <strong>{get(0)}</strong>
                " users · "
                <strong>{get(1)}</strong>
                " with a console password · "
                <strong data-testid="console-without-mfa">{get(2)}</strong>
                " of them without MFA"
            </p>
            <p class="hint">"Active access keys by time since rotation:"</p>
            <div class="buckets">{row(Measure::KeyAge, "keys")}</div>
            <p class="hint">"Console users by last logon:"</p>
            <div class="buckets">{row(Measure::LastLogon, "logon")}</div>
            <p class="legend" data-testid="overview-legend">
                <span class="swatch bar-ok-bg"></span>
                " under 90 days "
                <span class="swatch bar-alarm-bg"></span>
                " 90 days or more (the checks' default threshold) "
                <span class="swatch bar-skip-bg"></span>
                " never logged on"
            </p>
        </div>
    }
}

#[component]
fn BucketButton(measure: Measure, name: &'static str, b: Bucket) -> impl IntoView {
    let ui = state::use_state();
    let Bucket {
        index,
        label,
        status,
        count,
        share,
        heading,
    } = b;
    view! {
        <button
            type="button"
            class="bucket"
            data-testid={format!("bucket-{name}-{index}")}
            data-status={status}
            on:click={move |_| ui.show_bucket(measure, index, heading.clone())}
            title="List these users"
        >
            <span class="bucket-count">{count}</span>
            <svg width="60" height="6" aria-hidden="true">
                <rect width={60.0 * share} height="6" class={format!("bar-{status}")} />
            </svg>
            <span>{label}</span>
        </button>
    }
}
