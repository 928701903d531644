//! Judged as of each report's generation time, but some reports do not say theirs (a console
//! CSV never does): ask for each one's.

use std::collections::HashMap;

use credreport_core::ReportSummary;
use leptos::prelude::*;

use super::give_form::GiveForm;
use super::give_time::{saved_hint, TIME};
use crate::browser;
use crate::state::{self, Answer, TimeBox};

#[component]
pub fn UnknownTime() -> impl IntoView {
    let ui = state::use_state();
    let error = RwSignal::new(None::<String>);
    // What the database said of the times given, here where they were given, far from the
    // load panel; it stays once every report has its time and the boxes are gone.
    let said = RwSignal::new(None::<String>);
    let answer = Answer {
        error,
        said: Some(said),
    };
    let undated = move || {
        ui.reports.with(|r| {
            r.iter()
                .filter(|r| r.generated_time.is_none())
                .cloned()
                .collect::<Vec<ReportSummary>>()
        })
    };
    // What the user typed into each box (by report), which the button below sends as it
    // stands; a box not typed into holds its file's saved time, where it offers one.
    let typed = RwSignal::new(HashMap::<String, String>::new());
    let boxes = move || typed.with(|t| ui.time_boxes(t));
    let offered = move || (undated().iter()).any(|r| ui.offered_time(&r.sha256).is_some());
    let asking = move || {
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
                <p class="warnings">{asking}</p>
                <p class="hint" data-testid="saved-time-hint">
                    {move || offered().then(saved_hint)}
                </p>
                // One report's time, to that report alone: two months' CSVs given one time
                // could not be told apart.
                <For each={undated} key={|r| r.sha256.clone()} let:report>
                    {
                        let to = report.sha256.clone();
                        let value = typed
                            .with_untracked(|t| t.get(&report.sha256).cloned())
                            .or_else(|| ui.offered_time(&report.sha256));
                        let sha256 = report.sha256.clone();
                        let on_typed = Callback::new(move |text: String| {
                            typed
                                .update(|t| {
                                    t.insert(sha256.clone(), text);
                                })
                        });
                        // The box holds what was typed into it before (the view left and
                        // opened again), as the button would send it, else the offered time.
                        view! {
                            <GiveForm
                                kind={TIME}
                                label={report.source.clone()}
                                label_class="given-time"
                                value={value}
                                give={move |time: String| ui.give_time(&time, to.clone(), answer)}
                                typed={on_typed}
                            />
                        }
                    }
                </For>
                // A year of monthly CSVs chosen at once: each box checked (one put right, maybe),
                // all taken in one click, as they stand.
                <Show when={move || boxes().len() > 1}>
                    <button
                        type="button"
                        data-testid="use-saved-times"
                        on:click={move |e| {
                            browser::keep_focus_near(&e);
                            ui.give_times(untrack(boxes), answer);
                        }}
                    >
                        {move || use_label(&boxes())}
                    </button>
                </Show>
                <span class="error" role="alert">
                    {move || error.get()}
                </span>
            </div>
        </Show>
        <p class="status" role="status" aria-live="polite" data-testid="given-times-said">
            {move || said.get()}
        </p>
    }
}

/// The button's words: the boxes' times, said to be their files' saved times while every box
/// still holds the one it offered.
fn use_label(boxes: &[TimeBox]) -> String {
    let n = boxes.len();
    if boxes.iter().all(|b| b.offered) {
        format!("Use all {n} saved times")
    } else {
        format!("Use these {n} times")
    }
}
