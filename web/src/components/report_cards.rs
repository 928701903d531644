//! A card for each of the loaded reports `which` picks.

use credreport_core::ReportSummary;
use leptos::prelude::*;

use super::report_card::ReportCard;
use crate::state;

/// A card for each of the loaded reports `which` picks.
#[component]
pub fn ReportCards(which: fn(&[ReportSummary]) -> Vec<ReportSummary>) -> impl IntoView {
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
