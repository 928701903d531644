//! What is loaded: how much (one report's users, several reports' rows), and a card per report with its warnings (and, when it names
//! no account, a box to say which; what the user gave it, a box to put it right); an account's
//! older reports are marked as such, since the table holds every loaded report, and fold under one
//! line (a kept history is mostly older reports).

use credreport_core::{group_warnings, loaded_amount, ReportSummary};
use leptos::prelude::*;

use super::alike_note::AlikeNote;
use super::give_account::GiveAccount;
use super::give_time::GiveTime;
use crate::browser;
use crate::logic::session::{account_named, describe_age, plural};
use crate::state;

/// Each account's latest report (and those whose account or time is unknown), in load order.
fn current(all: &[ReportSummary]) -> Vec<ReportSummary> {
    (all.iter().filter(|r| r.newer_in(all).is_none()))
        .cloned()
        .collect()
}

/// The reports with a newer one of their account loaded, in load order.
fn older(all: &[ReportSummary]) -> Vec<ReportSummary> {
    credreport_core::older(all).into_iter().cloned().collect()
}

#[component]
pub fn Loaded() -> impl IntoView {
    let ui = state::use_state();
    // A kept history is mostly older reports: they fold under one line, so the views stay near.
    let older_count = move || ui.reports.with(|all| credreport_core::older(all).len());
    view! {
        <Show when={move || ui.loaded()}>
            <section class="loaded" aria-labelledby="loaded-title" data-testid="loaded-summary">
                <h2 id="loaded-title">
                    {move || {
                        let reports = ui.reports.with(Vec::len);
                        format!("Loaded: {}", loaded_amount(reports, ui.users.get()))
                    }}
                </h2>
                <ReportCards which={current} />
                // Reports that cannot be told older are each in the latest view: the first
                // answer lists their users once per report.
                <AlikeNote
                    latest=true
                    give=", or give each its generation time on its card"
                    testid="loaded-alike"
                />
                <Show when={move || older_count() > 0}>
                    <details class="older-reports" data-testid="older-reports">
                        <summary>
                            {move || {
                                format!("{} older report{}", older_count(), plural(older_count()))
                            }}
                        </summary>
                        <ReportCards which={older} />
                    </details>
                    <p class="hint" data-testid="older-loaded">
                        "The table holds every loaded report, so a user is in it once per report; "
                        <code>"alicloud_ram_credential_report_latest"</code>
                        " holds each account's latest only, which the first answer lists and the Checks view judges."
                    </p>
                </Show>
            </section>
        </Show>
    }
}

/// A card for each of the loaded reports `which` picks.
#[component]
fn ReportCards(which: fn(&[ReportSummary]) -> Vec<ReportSummary>) -> impl IntoView {
    let ui = state::use_state();
    view! {
        <ul>
            <For
                each={move || ui.reports.with(|all| which(all))}
                key={|r| (r.sha256.clone(), r.generated_time.clone(), r.account_id.clone())}
                children={move |r| {
                    let me = r.clone();
                    let newer = Signal::derive(move || {
                        ui.reports.with(|all| me.newer_in(all).map(|n| n.source.clone()))
                    });
                    // A later load can make this report an older one.
                    view! { <ReportCard r newer /> }
                }}
            />
        </ul>
    }
}

#[component]
fn ReportCard(
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
