//! The components, a file each. They render signals and call `crate::state`'s actions and
//! `crate::logic`; what they decide is only what to show.

mod accept_finding;
mod alike_note;
mod bucket_button;
mod cancelled;
mod canned_list;
mod chart;
mod chart_row;
mod check_item;
mod checks_chart;
mod checks_exports;
mod checks_view;
mod cis_list;
mod columns;
mod compare_changes;
mod compare_side;
mod compare_user;
mod compare_view;
mod dialect_switch;
mod editor;
mod exceptions_panel;
mod export_button;
mod export_shown;
mod fetch_button;
mod findings_pager;
mod give_account;
mod give_form;
mod give_time;
mod grid;
mod keep_panel;
mod kept_item;
mod kept_list;
mod left_out;
mod legend;
mod link_question;
mod load_panel;
mod loaded;
mod overview;
mod page_buttons;
mod pager;
mod proxy_problem;
mod recent;
mod report_card;
mod report_cards;
mod results;
mod running;
mod saved;
mod saved_item;
mod threshold;
mod trend;
mod unknown_time;
mod update_notice;
mod view_switch;
mod working;

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::browser;
use crate::logic::links;
use crate::logic::share::{self, View};
use crate::state;
use view_switch::ViewSwitch;

/// The page: provides the shared state, restores a share link, loads what the address asks.
#[component]
pub fn App() -> impl IntoView {
    let ui = state::provide();
    // `main` started the database's worker before mounting this; an App mounted on its own
    // (the browser tests) starts it here. Should it not start, the first load says why.
    let _ = crate::engine::start();
    // Reports kept on this device load again; the recent and saved queries are kept as they
    // change.
    spawn_local(ui.open_library());
    Effect::new(move |_| {
        ui.recent.track();
        ui.saved.track();
        ui.exceptions.track();
        ui.sync_library();
    });

    // A share link restores its query; `?report=URL` loads a report on opening.
    if let Some(shared) = share::decode(&browser::hash()) {
        ui.restore(shared);
    }
    if let Some(url) = browser::search_param("report") {
        spawn_local(ui.load_url(url, links::From::Link));
    } else if browser::search_param("sample").is_some() {
        ui.load_sample();
    }
    let popstate = window_event_listener(ev::popstate, move |_| {
        if let Some(shared) = share::decode(&browser::hash()) {
            ui.restore(shared);
        }
    });
    spawn_local(async move {
        ui.proxy.set(browser::proxy_status().await);
    });
    // Drop anywhere on the page.
    let dragover = window_event_listener(ev::dragover, |e| e.prevent_default());
    let drop = window_event_listener(ev::drop, move |e: web_sys::DragEvent| {
        e.prevent_default();
        if let Some(files) = e.data_transfer().and_then(|d| d.files()) {
            spawn_local(ui.load_file_list(files));
        }
    });
    // Back to this tab: what another tab of the page did to what is kept shows here too.
    let shown_again = window_event_listener(ev::visibilitychange, move |_| {
        if !browser::hidden() {
            ui.sync_library();
        }
    });
    on_cleanup(move || {
        popstate.remove();
        dragover.remove();
        drop.remove();
        shown_again.remove();
    });

    // The skip link's words and where it moves the keyboard's focus: past the load panel to
    // the shown view's first place to work in.
    let skip_to = move || match ui.view.get() {
        View::Query => ("Skip to the query editor", "sql"),
        View::Checks => ("Skip to the checks", "checks-title"),
        View::Compare => ("Skip to the comparison", "compare-title"),
    };
    view! {
        <a
            class="skip-link"
            href={move || format!("#{}", skip_to().1)}
            data-testid="skip-link"
            on:click={move |e: ev::MouseEvent| {
                e.prevent_default();
                browser::focus_id(skip_to().1);
            }}
        >
            {move || skip_to().0}
        </a>
        <main>
            <update_notice::UpdateNotice />
            <load_panel::LoadPanel />
            <loaded::Loaded />
            <ViewSwitch />
            {move || match ui.view.get() {
                View::Checks => view! { <checks_view::ChecksView /> }.into_any(),
                View::Compare => view! { <compare_view::CompareView /> }.into_any(),
                View::Query => {
                    view! {
                        <section class="ask" aria-labelledby="ask-title">
                            <h2 id="ask-title">"Ask"</h2>
                            <div class="ask-grid">
                                <canned_list::CannedList />
                                <editor::Editor />
                            </div>
                        </section>
                        <results::Results />
                    }
                        .into_any()
                }
            }}
        </main>
        <footer>
            <p>
                "credreport runs entirely in this page: SQLite compiled to WebAssembly. No analytics: the page requests nothing but its own files and the report addresses you give it."
            </p>
        </footer>
    }
}

/// The element an event came from.
fn event_target<T: JsCast>(e: &ev::Event) -> T {
    e.target().expect("an event target").unchecked_into()
}

/// An element that replaces one pressed (Cancel's answer, or asking again; a check drawn again
/// once a finding in it is accepted) takes the keyboard's focus the pressed one left nowhere; one
/// drawn while the focus is elsewhere leaves it there.
fn take_lost_focus<E>(element: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    Effect::new(move |_| {
        if let Some(e) = element.get() {
            if browser::focus_lost() {
                let _ = e.unchecked_ref::<web_sys::HtmlElement>().focus();
            }
        }
    });
}
