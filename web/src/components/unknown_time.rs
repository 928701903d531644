//! Judged as of each report's generation time, but some reports do not say theirs (a console
//! CSV never does): ask for each one's.

use credreport_core::ReportSummary;
use leptos::prelude::*;

use super::give_form::GiveForm;
use super::give_time::{saved_hint, TIME};
use crate::state;

#[component]
pub fn UnknownTime() -> impl IntoView {
    let ui = state::use_state();
    let error = RwSignal::new(None::<String>);
    let undated = move || {
        ui.reports.with(|r| {
            r.iter()
                .filter(|r| r.generated_time.is_none())
                .cloned()
                .collect::<Vec<ReportSummary>>()
        })
    };
    let offered = move || ui.saved_time_offers().len();
    let said = move || {
        let n = undated().len();
        let (does, was, is, give) = if n == 1 {
            ("does", "it was", "it is", "Give the time")
        } else {
            ("do", "they were", "they are", "Give each its own")
        };
        format!(
            "{n} of the loaded reports {does} not say when {was} generated (a console CSV never does): {is} judged as of now. {give}:"
        )
    };
    // Asked when the checks judge as of each report's time, and whenever two undated reports of
    // one account cannot be told apart (the checks would judge both, Compare refuse them).
    let asked = move || {
        ui.as_of.get() == "report"
            || ui.reports.with(|r| {
                credreport_core::alike(r).iter().any(|g| {
                    credreport_core::told_apart_by_time(g) && g[0].generated_time.is_none()
                })
            })
    };
    view! {
        <Show when={move || asked() && !undated().is_empty()}>
            <div class="as-of-unknown" data-testid="as-of-unknown">
                <p class="warnings">{said}</p>
                <p class="hint" data-testid="saved-time-hint">
                    {move || (offered() > 0).then(saved_hint)}
                </p>
                // One report's time, to that report alone: two months' CSVs given one time
                // could not be told apart.
                <For each={undated} key={|r| r.sha256.clone()} let:report>
                    {
                        let to = report.sha256.clone();
                        view! {
                            <GiveForm
                                kind={TIME}
                                label={report.source.clone()}
                                label_class="given-time"
                                value={ui.offered_time(&report.sha256)}
                                give={move |time: String| ui.give_time(&time, to.clone(), error)}
                            />
                        }
                    }
                </For>
                // A year of monthly CSVs chosen at once: each box checked, all taken in one click.
                <Show when={move || offered() > 1}>
                    <button
                        type="button"
                        data-testid="use-saved-times"
                        on:click={move |_| ui.give_saved_times(error)}
                    >
                        {move || format!("Use all {} saved times", offered())}
                    </button>
                </Show>
                <span class="error" role="alert">
                    {move || error.get()}
                </span>
            </div>
        </Show>
    }
}
