//! A loaded report's card: its file, users, account and generation time, how old it is, its
//! load warnings, and the boxes to give it an account or a time it does not say.

use credreport_core::{group_warnings, ReportSummary};
use leptos::prelude::*;

use super::give_account::GiveAccount;
use super::give_time::GiveTime;
use crate::browser;
use crate::logic::session::{account_named, describe_age, plural};

/// A loaded report's card (`r`), marked older when `newer` names the report after it.
#[component]
pub fn ReportCard(
    r: ReportSummary,
    /// The same account's report generated after this one, if one is loaded.
    newer: Signal<Option<String>>,
) -> impl IntoView {
    let account = account_named(
        r.account_id.as_deref(),
        r.logon_domain.as_deref(),
        r.account_given,
        r.account_from.as_deref(),
    );
    let age = describe_age(
        r.generated_time.as_deref(),
        r.time_given,
        browser::now_utc(),
    );
    let count = r.warning_count();
    let dropped = r.warnings_dropped;
    let warnings: Vec<String> = group_warnings(&r.warnings)
        .iter()
        .map(ToString::to_string)
        .collect();
    view! {
        <li class="report">
            <strong>{r.source.clone()}</strong>
            {format!(" — {} user{}, {account}, {age}", r.rows, plural(r.rows))}
            {move || {
                newer
                    .get()
                    .map(|n| {
                        view! {
                            <span class="older" data-testid="older">
                                {format!(" · older than {n}")}
                            </span>
                        }
                    })
            }}
            {(r.account_id.is_none() || r.account_given)
                .then(|| view! { <GiveAccount to={r.sha256.clone()} given={r.account_given} /> })}
            {(r.generated_time.is_none() || r.time_given)
                .then(|| {
                    view! { <GiveTime to={r.sha256.clone()} given={r.time_given} /> }
                })}
            {(count > 0)
                .then(|| {
                    view! {
                        <details class="warnings" data-testid="warnings" open={count <= 5}>
                            <summary>{format!("{count} warning{}", plural(count))}</summary>
                            <ul>
                                {warnings
                                    .into_iter()
                                    .map(|w| view! { <li>{w}</li> })
                                    .collect_view()}
                                {(dropped > 0)
                                    .then(|| {
                                        view! { <li>{format!("… and {dropped} more")}</li> }
                                    })}
                            </ul>
                        </details>
                    }
                })}
        </li>
    }
}
