//! What is loaded: how much (one report's users, several reports' rows), and a card per report
//! with its warnings (and, when it names no account, a box to say which; what the user gave it, a
//! box to put it right); an account's older reports are marked as such, since the table holds
//! every loaded report, and fold under one line (a kept history is mostly older reports).

use credreport_core::{loaded_amount, ReportSummary};
use leptos::prelude::*;

use super::alike_note::AlikeNote;
use super::report_cards::ReportCards;
use crate::logic::session::plural;
use crate::state;

/// Each account's latest report (and those whose account or time is unknown), in load order.
fn current(all: &[ReportSummary]) -> Vec<ReportSummary> {
    (all.iter().filter(|r| r.newer_in(all).is_none()))
        .cloned()
        .collect()
}

/// The reports with a newer one of their account loaded, each account's oldest first.
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
