//! The Compare view: two loaded reports of one account, what changed between them (counts by
//! kind, new alarms first; the changes, filterable by kind and paged), and exports.

use credreport_core::output::Format;
use credreport_core::protocol::{Reply, Request};
use credreport_core::QueryResult;
use leptos::prelude::*;

use super::cancelled::Cancelled;
use super::compare_user::CompareUser;
use super::export_shown::ExportShown;
use super::pager::Pager;
use super::results::{save, Grid};
use super::unknown_time::UnknownTime;
use super::working::Working;
use crate::browser;
use crate::engine::{self, Stopped};
use crate::logic::compare::{
    changed_users, default_pair, in_order, label, pair_at, pair_given, shown_changes, times_of,
};
use crate::logic::grid::{page_count, page_of, page_rows};
use crate::logic::share;
use crate::state;

/// Each of the pair's reports' account and generation time (`pair_given`).
type Given = Vec<(Option<String>, Option<String>)>;

/// What the database answered for the pair chosen.
#[derive(Clone)]
struct Compared {
    changes: QueryResult,
    counts: Vec<(String, usize)>,
    said: String,
}

#[component]
pub fn CompareView() -> impl IntoView {
    let ui = state::use_state();
    // The pair a link named, when both are loaded; else the latest two of one account.
    let first = move |reports: &[credreport_core::ReportSummary]| {
        ui.compared
            .get_untracked()
            .and_then(|times| pair_at(reports, &times))
            .or_else(|| default_pair(reports))
    };
    let pair = RwSignal::new(ui.reports.with_untracked(|r| first(r)));
    let answer = RwSignal::new(None::<Result<Compared, Stopped>>);
    // Asked again after Cancel stopped it.
    let again = RwSignal::new(0u32);
    let asked = engine::Latest::new();
    Effect::new(move |_| {
        again.track();
        let Some((old, new)) = pair.get() else {
            answer.set(None);
            return;
        };
        // The link follows the pair (by generation time, never data).
        if let Some(times) = ui
            .reports
            .with_untracked(|r| times_of(r, &(old.clone(), new.clone())))
        {
            ui.compared.set(Some(times));
            browser::push_hash(&share::encode(&ui.shared()));
        }
        answer.set(None);
        let request = Request::Compare {
            old,
            new,
            now_ms: browser::now_utc().timestamp_millis(),
        };
        asked.ask(request, answer, |reply| match reply {
            Ok(Reply::Compared {
                changes,
                counts,
                said,
            }) => Ok(Compared {
                changes,
                counts,
                said,
            }),
            Ok(other) => Err(Stopped::Broken(other.unwanted("a comparison").to_string())),
            Err(stopped) => Err(stopped),
        });
    });
    // A load or a clear changes what can be compared: start again from the latest pair. A time
    // or an account given to the pair's reports changes their comparison: asked again, the
    // older first (a pair refused as two reports that cannot be told apart is compared once
    // they can). Another report loading asks nothing again (a kept history loads one by one).
    Effect::new(move |before: Option<Option<Given>>| {
        let start = ui.reports.with(|r| first(r));
        let given = |p: &(String, String)| ui.reports.with_untracked(|r| pair_given(r, p));
        match (pair.get_untracked(), start) {
            (_, None) => {
                pair.set(None);
                None
            }
            (None, Some(start)) => {
                let now = given(&start);
                pair.set(Some(start));
                Some(now)
            }
            (Some(chosen), Some(_)) => {
                let now = given(&chosen);
                if before.flatten().is_some_and(|b| b != now) {
                    pair.set(Some(ui.reports.with_untracked(|r| in_order(r, chosen))));
                }
                Some(now)
            }
        }
    });
    // Whether there is a pair, not which: choosing another report, or giving one its time,
    // redraws the sides and the changes, not the boxes asking for times (which would lose
    // what they said they took).
    let paired = Memo::new(move |_| pair.with(Option::is_some));
    view! {
        <section class="compare" aria-labelledby="compare-title">
            <h2 id="compare-title" tabindex="-1">
                "Compare"
            </h2>
            <p class="hint">
                "What changed between two reports of one account: users added and removed, console access, MFA, access keys created, deleted, rotated or switched, passwords, first logons, and each check's findings that went into alarm or were resolved (each report judged as of its own generation time)."
            </p>
            {move || {
                if !paired.get() {
                    return view! {
                        <p class="hint" data-testid="compare-needs-two">
                            "Load two reports of one account (last month's and this month's, say) to see what changed."
                        </p>
                    }
                        .into_any();
                }
                view! {
                    <div class="load-row">
                        <Side which=0 pair />
                        <Side which=1 pair />
                    </div>
                    // Two undated reports of one account are refused until each has its time:
                    // asked for here too, with each file's saved time offered.
                    <UnknownTime />
                    <Changes answer pair again />
                }
                    .into_any()
            }}
        </section>
    }
}

/// The old (`which` 0) or new (1) report of the pair.
#[component]
fn Side(which: usize, pair: RwSignal<Option<(String, String)>>) -> impl IntoView {
    let ui = state::use_state();
    let chosen = move || {
        pair.get()
            .map(|(o, n)| if which == 0 { o } else { n })
            .unwrap_or_default()
    };
    let choose = move |sha: String| {
        pair.update(|p| {
            if let Some((o, n)) = p {
                if which == 0 {
                    *o = sha;
                } else {
                    *n = sha;
                }
            }
        })
    };
    view! {
        <label>
            // As wide as each other, so the two choices line up when they wrap.
            <span class="side">{if which == 0 { "Old " } else { "New " }}</span>
            <select
                data-testid={if which == 0 { "compare-old" } else { "compare-new" }}
                prop:value={chosen}
                on:change={move |e| choose(event_target_value(&e))}
            >
                {move || {
                    ui.reports
                        .get()
                        .into_iter()
                        .map(|r| {
                            let selected = r.sha256 == chosen();
                            view! {
                                <option value={r.sha256.clone()} selected={selected}>
                                    {label(&r)}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// The counts by kind (each a filter), the changes of the kind chosen, a page at a time. Made
/// anew for each pair chosen (the view's block follows the pair), so a pair starts with every
/// change shown, unsorted, on its first page.
#[component]
fn Changes(
    answer: RwSignal<Option<Result<Compared, Stopped>>>,
    again: RwSignal<u32>,
    pair: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let ui = state::use_state();
    let kind = RwSignal::new(None::<String>);
    let page = RwSignal::new(0usize);
    let sort = RwSignal::new(None);
    let rows = Memo::new(move |_| {
        answer.with(|a| match a {
            Some(Ok(c)) => shown_changes(&c.changes, kind.get().as_deref(), sort.get()),
            _ => Vec::new(),
        })
    });
    move || match answer.get() {
        None => view! { <Working doing="Comparing…" testid="comparing" /> }.into_any(),
        Some(Err(Stopped::Cancelled)) => {
            let on_again = Callback::new(move |()| again.update(|n| *n += 1));
            view! { <Cancelled said="The comparison was cancelled." again="Compare again" on_again /> }
            .into_any()
        }
        Some(Err(e)) => view! {
            <p class="error" data-testid="compare-error">
                {e.to_string()}
            </p>
        }
        .into_any(),
        Some(Ok(c)) => {
            let chip = move |name: Option<String>, n: usize| {
                let label = format!("{} {n}", name.as_deref().unwrap_or("all"));
                let testid = format!("kind-{}", name.as_deref().unwrap_or("all"));
                let pressed = name.clone();
                view! {
                    <button
                        type="button"
                        class="chip"
                        data-testid={testid}
                        data-kind={name.clone().unwrap_or_default()}
                        aria-pressed={move || (kind.get() == pressed).to_string()}
                        on:click={move |_| {
                            kind.set(name.clone());
                            page.set(0);
                        }}
                    >
                        {label}
                    </button>
                }
            };
            let Compared {
                changes,
                counts,
                said,
            } = c;
            let total = changes.rows.len();
            let users = changed_users(&changes);
            let chips = counts
                .iter()
                .map(|(k, n)| chip(Some(k.clone()), *n))
                .collect_view();
            // Exported as shown: the kind chosen, in the sort chosen.
            let export = Callback::new(move |(format, told): (Format, _)| {
                answer.with_untracked(|a| {
                    if let Some(Ok(c)) = a {
                        save(
                            ui,
                            &c.changes,
                            &rows.get_untracked(),
                            format,
                            "changes",
                            told,
                        );
                    }
                })
            });
            // A page turn, a kind or a sort draws the table and the pager again, nothing else
            // (over 100,000 users the changes are tens of thousands of rows, the users offered
            // as many).
            let table = move || {
                let shown = rows.get();
                let pages = page_count(shown.len());
                let at = page.get().min(pages - 1);
                view! {
                    <div data-testid="changes-table">
                        <Grid page_of={page_rows(&changes, page_of(&shown, at))} sort page />
                    </div>
                    <Pager at pages page />
                }
            };
            view! {
                <p data-testid="compare-summary">{said}</p>
                <div class="results-bar" data-testid="change-counts">
                    {chip(None, total)}
                    {chips}
                </div>
                <ExportShown testid="changes" export />
                {if total == 0 {
                    // No table of nothing: its header alone under this line read as a fault.
                    view! { <p class="hint">"Nothing changed between these two reports."</p> }
                        .into_any()
                } else {
                    table.into_any()
                }}
                <CompareUser pair users />
            }
            .into_any()
        }
    }
}
