//! One check: its tally always; its findings, a page at a time asked of the database's worker,
//! only while it is open.

use credreport_core::protocol::{Judging, Reply, Request};
use credreport_core::{Outcome, Status};
use leptos::prelude::*;

use super::accept_finding::AcceptForm;
use super::event_target;
use super::findings_pager::FindingsPager;
use crate::engine;
use crate::logic::checks::{at_its_domain, FindingsPage, StatusFilter};

#[component]
pub fn CheckItem(
    /// The check's tally (its findings stay in the worker).
    o: Outcome,
    /// What the tally was judged with: its findings are asked for with the same.
    judging: Judging,
    status: RwSignal<StatusFilter>,
    /// The checks open in the view, each with the page of findings it shows: a check stays open,
    /// on its page, when the outcomes are drawn again (an exception accepted in it).
    opened: RwSignal<Vec<(&'static str, usize)>>,
    /// The check a finding was just accepted in: drawn again with the exception, its summary
    /// (saying "1 excepted") takes the keyboard's focus the closed form left nowhere.
    accepted_in: StoredValue<Option<&'static str>>,
) -> impl IntoView {
    let id = o.check.id;
    let summary = NodeRef::<leptos::html::Summary>::new();
    if accepted_in.get_value() == Some(id) {
        accepted_in.set_value(None);
        super::take_lost_focus(summary);
    }
    let was = opened.with_untracked(|o| o.iter().find(|(c, _)| *c == id).map(|(_, p)| *p));
    let open = RwSignal::new(was.is_some());
    let page = RwSignal::new(was.unwrap_or(0));
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
        "This check {}.",
        credreport_core::root_treatment(o.check)
    ));
    let title = o.check.title;
    // The page of findings shown, or why there is none; `None` until the worker answers.
    let shown = RwSignal::new(None::<Result<FindingsPage, String>>);
    let asked = engine::Latest::new();
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        let at = page.get();
        opened.update(|o| {
            if let Some(entry) = o.iter_mut().find(|(c, _)| *c == id) {
                entry.1 = at;
            }
        });
        let request = Request::Findings {
            judging: judging.clone(),
            check: id.to_owned(),
            status: status.get(),
            page: at,
        };
        asked.ask(request, shown, |reply| match reply {
            Ok(Reply::Findings(found)) => Ok(found),
            Ok(other) => Err(other.unwanted("the findings").to_string()),
            Err(e) => Err(e.to_string()),
        });
    });
    let body = move || {
        let found = match shown.get() {
            None => {
                return view! { <p class="hint">"Reading the findings…"</p> }.into_any();
            }
            Some(Err(e)) => return view! { <p class="error">{e}</p> }.into_any(),
            Some(Ok(found)) => found,
        };
        let total = found.total;
        let rows = found.rows.clone();
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
                                let opener = NodeRef::<leptos::html::Button>::new();
                                let accepts = format!("Accept… {}", f.user_name);
                                let accept = (f.status == Status::Alarm)
                                    .then(|| {
                                        view! {
                                            // Named with whose finding it is, for a screen reader
                                            // going from button to button.
                                            <button
                                                type="button"
                                                class="linkish"
                                                data-testid="accept-finding"
                                                aria-label={accepts}
                                                node_ref={opener}
                                                on:click={move |_| accepting.set(true)}
                                            >
                                                "Accept…"
                                            </button>
                                        }
                                    });
                                let (user, account) = (f.user_name.clone(), f.account_id.clone());
                                let (name, domain) = at_its_domain(&f.user_name);
                                let (name, domain) = (name.to_owned(), domain.to_owned());
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
                                                            opener
                                                            on_accepted={Callback::new(move |()| {
                                                                accepted_in.set_value(Some(id))
                                                            })}
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
                                            {name}
                                            <wbr />
                                            {domain}
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
            <FindingsPager id title found page />
            {(total == 0).then(|| view! { <p class="hint">"No finding with this status."</p> })}
        }
        .into_any()
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
                        o.retain(|(c, _)| *c != id);
                        if now_open {
                            o.push((id, page.get_untracked()));
                        }
                    });
            }}
        >
            <summary node_ref={summary}>
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
