//! One check: its tally always; its findings, a page at a time, only while it is open.

use std::sync::Arc;

use credreport_core::checks::Finding;
use credreport_core::{Outcome, Status};
use leptos::prelude::*;

use super::accept_finding::AcceptForm;
use super::event_target;
use crate::logic::checks::{findings_page, shown_findings, StatusFilter, FINDINGS_PAGE};

#[component]
pub fn CheckItem(
    /// Shared, not copied: over 100,000 users a check holds 100,000 findings.
    o: Arc<Outcome>,
    status: RwSignal<StatusFilter>,
    /// The checks open in the view: a check stays open when the outcomes are drawn again (an
    /// exception accepted in it).
    opened: RwSignal<Vec<&'static str>>,
) -> impl IntoView {
    let id = o.check.id;
    let open = RwSignal::new(opened.with_untracked(|o| o.contains(&id)));
    let page = RwSignal::new(0usize);
    let cis = o
        .check
        .cis
        .map(|c| format!("CIS {c} · "))
        .unwrap_or_default();
    let days = o
        .days
        .map(|d| format!(" · threshold {d} days"))
        .unwrap_or_default();
    let severity = o.check.severity.as_str();
    let (ok, alarm, skip) = (o.ok, o.alarm, o.skip);
    let excepted = if o.excepted > 0 {
        format!(", {} excepted", o.excepted)
    } else {
        String::new()
    };
    let root = StoredValue::new(format!(
        "The root account: this check {}.",
        credreport_core::root_treatment(o.check)
    ));
    let title = o.check.title;
    let findings = StoredValue::new(o);
    let body = move || {
        findings.with_value(|o| {
            let shown = shown_findings(&o.findings, status.get());
            let (rows, at, pages) = findings_page(&shown, page.get());
            let total = shown.len();
            let rows: Vec<Finding> = rows.into_iter().cloned().collect();
            view! {
                <p class="hint">{root.get_value()}</p>
                <div class="table-wrap">
                    <table class="findings">
                        <thead>
                            <tr>
                                <th scope="col">"status"</th>
                                <th scope="col">"user"</th>
                                <th scope="col">"reason"</th>
                                <th scope="col">
                                    <span class="visually-hidden">"accept"</span>
                                </th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each={move || rows.clone()}
                                key={|f| (f.account_id.clone(), f.user_name.clone())}
                                children={move |f| {
                                    let status = f.status.as_str();
                                    let accepting = RwSignal::new(false);
                                    let accept = (f.status == Status::Alarm)
                                        .then(|| {
                                            view! {
                                                <button
                                                    type="button"
                                                    class="linkish"
                                                    data-testid="accept-finding"
                                                    on:click={move |_| accepting.set(true)}
                                                >
                                                    "Accept…"
                                                </button>
                                            }
                                        });
                                    let (user, account) = (
                                        f.user_name.clone(),
                                        f.account_id.clone(),
                                    );
                                    let form = move || {
                                        accepting
                                            .get()
                                            .then(|| {
                                                view! {
                                                    <tr class="accept-row">
                                                        <td colspan="4">
                                                            <AcceptForm
                                                                check={id}
                                                                user={user.clone()}
                                                                account={account.clone()}
                                                                open={accepting}
                                                            />
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                    };
                                    view! {
                                        <tr data-status={status}>
                                            <td class={format!("status-{status}")}>{status}</td>
                                            <td class="user" title={f.resource}>
                                                {f.user_name}
                                            </td>
                                            <td class="reason">{f.reason}</td>
                                            <td>{accept}</td>
                                        </tr>
                                        {form}
                                    }
                                }}
                            />
                        </tbody>
                    </table>
                </div>
                <FindingsPager id at pages total page />
                {(total == 0).then(|| view! { <p class="hint">"No finding with this status."</p> })}
            }
        })
    };
    view! {
        <details
            class="check"
            data-testid={format!("check-{id}")}
            data-severity={severity}
            prop:open={move || open.get()}
            on:toggle={move |e| {
                let now_open = event_target::<web_sys::HtmlDetailsElement>(&e).open();
                open.set(now_open);
                opened
                    .update(|o| {
                        o.retain(|c| *c != id);
                        if now_open {
                            o.push(id);
                        }
                    });
            }}
        >
            <summary>
                <strong>{title}</strong>
                <span class="check-meta">{format!(" — {cis}{severity}{days}")}</span>
                <span class="check-counts">
                    " · " <span class:status-alarm={alarm > 0}>{format!("{alarm} alarm")}</span>
                    {format!("{excepted}, {ok} ok, {skip} skip")}
                </span>
            </summary>
            {move || open.get().then(body)}
        </details>
    }
}

/// Previous and Next through a check's findings, when they fill more than a page.
#[component]
fn FindingsPager(
    id: &'static str,
    at: usize,
    pages: usize,
    total: usize,
    page: RwSignal<usize>,
) -> impl IntoView {
    let first = at * FINDINGS_PAGE + 1;
    let last = ((at + 1) * FINDINGS_PAGE).min(total);
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Findings pages">
                <button
                    type="button"
                    data-testid={format!("findings-prev-{id}")}
                    disabled={at == 0}
                    on:click={move |_| page.set(at.saturating_sub(1))}
                >
                    "Previous"
                </button>
                <span>{format!("{first}–{last} of {total}")}</span>
                <button
                    type="button"
                    data-testid={format!("findings-next-{id}")}
                    disabled={at + 1 >= pages}
                    on:click={move |_| page.set(at + 1)}
                >
                    "Next"
                </button>
            </nav>
        }
    })
}
