//! The whole of the CIS benchmark's section 1 beside the checks: which recommendation each check
//! answers, and what data the others need — so none is silently absent. v1.0.0 or v2.0.0.

use credreport_core::cis::{listing, Benchmark};
use leptos::prelude::*;

#[component]
pub fn CisList() -> impl IntoView {
    let benchmark = RwSignal::new(Benchmark::default());
    let rows = move || {
        listing(benchmark.get())
            .into_iter()
            .filter_map(|l| {
                let cis = l.cis?;
                let answer = match (l.id, l.needs) {
                    (Some(id), _) => {
                        let note = l.note.map(|n| format!(" ({n})")).unwrap_or_default();
                        view! {
                            "checked by "
                            <code>{id}</code>
                            {note}
                        }
                        .into_any()
                    }
                    (None, needs) => view! {
                        <span class="status-skip">
                            {format!(
                                "not automated: needs {}",
                                needs.unwrap_or("data the credential report does not have"),
                            )}
                        </span>
                    }
                    .into_any(),
                };
                Some(view! {
                    <li data-testid="cis-row" data-automated={l.automated.to_string()}>
                        <span class="mono">{cis}</span>
                        " "
                        {l.title}
                        <br />
                        <span class="hint">{answer}</span>
                    </li>
                })
            })
            .collect_view()
    };
    view! {
        <details class="cis-list" data-testid="cis-list">
            <summary>"The CIS benchmark's section 1, recommendation by recommendation"</summary>
            <label>
                "Version "
                <select
                    data-testid="cis-benchmark"
                    on:change={move |e| {
                        if let Some(b) = Benchmark::parse(&event_target_value(&e)) {
                            benchmark.set(b);
                        }
                    }}
                >
                    {Benchmark::ALL
                        .map(|b| {
                            view! {
                                <option value={b.as_str()} selected={b == Benchmark::default()}>
                                    {b.title()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <ul class="cis-items">{rows}</ul>
        </details>
    }
}
