//! The components. They render signals and wire events to `crate::logic`; they hold no logic of
//! their own beyond choosing what to show.

use std::cell::RefCell;

use credreport_core::{Dialect, ReportSummary, CANNED, COLUMNS};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::{ev, html};
use wasm_bindgen::JsCast;
use web_sys::{FileList, HtmlInputElement};

use crate::browser;
use crate::logic::checks::{
    findings_page, in_review_order, parse_threshold, shown_findings, totals, StatusFilter,
    FINDINGS_PAGE,
};
use crate::logic::dialect::{read_answer, Choice};
use crate::logic::export;
use crate::logic::grid::{
    boolean_columns, page_count, page_of, shown, visible_rows, Sort, PAGE_SIZE,
};
use crate::logic::links::{self, Decision};
use crate::logic::session::{
    describe_age, describe_load, describe_millis, headline, line_column, plural, remember, Ran,
    Session,
};
use crate::logic::share::{self, Shared};

thread_local! {
    /// The tab's database. Wasm is single-threaded; components reach it only through `session`.
    static SESSION: RefCell<Session> = RefCell::new(Session::new(browser::now_ms));
}

fn session<R>(f: impl FnOnce(&mut Session) -> R) -> R {
    SESSION.with(|s| f(&mut s.borrow_mut()))
}

const DEFAULT_SQL: &str = "select\n  user_name,\n  password_active,\n  mfa_active,\n  user_last_logon,\n  access_key_1_last_used\nfrom\n  alicloud_ram_credential_report\norder by\n  user_name;";

/// A query error, with where SQLite located it.
#[derive(Debug, Clone, PartialEq)]
struct Problem {
    message: String,
    at: Option<(usize, usize)>,
}

/// Everything the page shows, as signals. Copy, so every handler can hold it.
#[derive(Clone, Copy)]
struct Ui {
    reports: RwSignal<Vec<ReportSummary>>,
    users: RwSignal<usize>,
    notice: RwSignal<Option<String>>,
    /// Why the last load failed: shown in the load panel, where it happened.
    load_error: RwSignal<Option<String>>,
    error: RwSignal<Option<Problem>>,
    busy: RwSignal<Option<String>>,
    sql: RwSignal<String>,
    canned: RwSignal<Option<String>>,
    /// What the query is, when not a canned one: an overview bucket's name.
    label: RwSignal<Option<String>>,
    /// The next answer takes focus (after a load, a canned query, a bucket, a link); a query
    /// run from the editor leaves focus in the editor and only scrolls the answer into view.
    focus_answer: RwSignal<bool>,
    ran: RwSignal<Option<Ran>>,
    recent: RwSignal<Vec<String>>,
    sort: RwSignal<Option<Sort>>,
    filter: RwSignal<String>,
    page: RwSignal<usize>,
    link: RwSignal<Option<String>>,
    /// Set when the page is served by `credreport serve`, whose proxy can fetch from Alibaba Cloud.
    proxy: RwSignal<Option<browser::ProxyStatus>>,
    fetching: RwSignal<bool>,
    /// The Checks view instead of the query view.
    checks_view: RwSignal<bool>,
    /// The checks' day threshold, when the user changed it.
    days: RwSignal<Option<i64>>,
    as_of_report: RwSignal<bool>,
    /// The editor's dialect switch.
    dialect: RwSignal<Choice>,
    /// The SQLite a PostgreSQL query ran as, for the user to see.
    translated: RwSignal<Option<String>>,
    /// A PostgreSQL translation is under way.
    translating: RwSignal<bool>,
    /// A link asks to load a report from another origin: its address and host, until the user
    /// answers.
    asking: RwSignal<Option<(String, String)>>,
}

impl Ui {
    fn new() -> Self {
        Ui {
            reports: RwSignal::new(Vec::new()),
            users: RwSignal::new(0),
            notice: RwSignal::new(None),
            load_error: RwSignal::new(None),
            error: RwSignal::new(None),
            busy: RwSignal::new(None),
            sql: RwSignal::new(DEFAULT_SQL.to_owned()),
            canned: RwSignal::new(None),
            label: RwSignal::new(None),
            focus_answer: RwSignal::new(false),
            ran: RwSignal::new(None),
            recent: RwSignal::new(Vec::new()),
            sort: RwSignal::new(None),
            filter: RwSignal::new(String::new()),
            page: RwSignal::new(0),
            link: RwSignal::new(None),
            proxy: RwSignal::new(None),
            fetching: RwSignal::new(false),
            checks_view: RwSignal::new(false),
            days: RwSignal::new(None),
            as_of_report: RwSignal::new(false),
            dialect: RwSignal::new(Choice::Auto),
            translated: RwSignal::new(None),
            translating: RwSignal::new(false),
            asking: RwSignal::new(None),
        }
    }

    /// What a share link carries now.
    fn shared(self) -> Shared {
        Shared {
            sql: self.sql.get_untracked(),
            canned: self.canned.get_untracked(),
            view: self
                .checks_view
                .get_untracked()
                .then(|| "checks".to_owned()),
            days: self.days.get_untracked(),
            dialect: match self.dialect.get_untracked() {
                Choice::Auto => None,
                d => Some(d.as_str().to_owned()),
            },
        }
    }

    fn fail(self, message: String) {
        self.take_focus();
        self.error.set(Some(Problem { message, at: None }));
    }

    /// A load that failed: said in the load panel, which goes on showing what is loaded.
    fn load_failed(self, message: String) {
        self.notice.set(None);
        self.load_error.set(Some(message));
    }

    /// Load files into the session; on success show what arrived and run the current query.
    /// A report loaded already is not loaded twice: the notice says so.
    fn load(self, files: Vec<(String, Vec<u8>)>) {
        if files.is_empty() {
            return;
        }
        match browser::timed("credreport:ingest", || session(|s| s.load(&files))) {
            Ok(summary) => {
                self.reports.set(session(|s| s.reports().to_vec()));
                self.users.set(session(|s| s.users()));
                self.load_error.set(None);
                self.notice.set(Some(describe_load(&summary)));
                if !summary.reports.is_empty() {
                    self.error.set(None);
                    self.focus_answer.set(true);
                    self.run();
                }
            }
            Err(e) => self.load_failed(format!(
                "{e}. Nothing was loaded; what was loaded before is unchanged."
            )),
        }
    }

    fn load_sample(self) {
        let csv = credreport_core::sample::sample_csv(browser::now_utc());
        self.load(vec![(
            credreport_core::sample::SAMPLE_SOURCE.into(),
            csv.into_bytes(),
        )]);
    }

    fn clear(self) {
        session(|s| s.clear());
        self.reports.set(Vec::new());
        self.users.set(0);
        self.ran.set(None);
        self.error.set(None);
        self.load_error.set(None);
        self.notice.set(Some("Cleared: nothing is loaded.".into()));
    }

    /// Run the editor's query; the share fragment follows, so Back returns to the previous query.
    fn run(self) {
        let sql = self.sql.get_untracked();
        if self.reports.with_untracked(Vec::is_empty) {
            self.fail("Load a report first: choose a file, drop one on the page, paste it, or try the sample report.".into());
            return;
        }
        let choice = self.dialect.get_untracked();
        if !choice.needs_translator(&sql) {
            self.translated.set(None);
            self.execute(&sql, None);
            return;
        }
        // PostgreSQL: the translator module is loaded the first time, then asked.
        self.translating.set(true);
        spawn_local(async move {
            let answer = browser::translate(&sql, choice.as_str()).await;
            self.translating.set(false);
            match answer.and_then(|json| read_answer(&json)) {
                Ok(t) if t.postgres => {
                    self.translated.set(Some(t.sql.clone()));
                    self.execute(&sql, Some(&t.sql));
                }
                Ok(_) => {
                    self.translated.set(None);
                    self.execute(&sql, None);
                }
                Err(e) => {
                    self.translated.set(None);
                    self.recent.update(|r| remember(r, &sql));
                    self.fail(format!("{e}. Nothing was run."));
                }
            }
        });
    }

    /// Whether the next answer takes focus; asked once per answer, success or failure.
    fn take_focus(self) -> bool {
        let focus = self.focus_answer.get_untracked();
        self.focus_answer.set(false);
        focus
    }

    /// Run `sql` (as `sqlite`, its translation, when it was PostgreSQL) and show the outcome.
    fn execute(self, sql: &str, sqlite: Option<&str>) {
        // The answer on screen, focused when the user did not just type it.
        let focus = self.take_focus();
        let runnable = sqlite.unwrap_or(sql);
        let outcome = browser::timed("credreport:query", || session(|s| s.run(runnable)));
        self.recent.update(|r| remember(r, sql));
        self.link.set(None);
        browser::push_hash(&share::encode(&self.shared()));
        match outcome {
            Ok(ran) => {
                self.error.set(None);
                self.sort.set(None);
                self.page.set(0);
                self.ran.set(Some(ran));
                // The first result on screen: what `cargo xtask bench` reads as time to first result.
                request_animation_frame(move || {
                    if focus {
                        browser::focus_id("results-title");
                    } else {
                        browser::reveal_id("results-title");
                    }
                    browser::mark("credreport:first-result");
                });
            }
            Err(e) => {
                let at = match &e {
                    // A position in a translation is not one in what the user wrote.
                    credreport_core::QueryError::Sql {
                        offset: Some(o), ..
                    } if sqlite.is_none() => Some(line_column(sql, *o)),
                    _ => None,
                };
                self.error.set(Some(Problem {
                    message: e.to_string(),
                    at,
                }));
            }
        }
    }

    /// A canned query, in SQLite or as its PostgreSQL twin.
    fn choose_canned(self, name: &str, dialect: Choice) {
        let d = if dialect == Choice::Postgres {
            Dialect::Postgres
        } else {
            Dialect::Sqlite
        };
        if let Some(sql) = credreport_core::canned_sql(name, d) {
            self.sql.set(sql.to_owned());
            self.canned.set(Some(name.to_owned()));
            self.label.set(None);
            self.focus_answer.set(true);
            // The SQLite version runs as SQLite in Auto too; the twin is PostgreSQL.
            self.dialect.set(if d == Dialect::Postgres {
                Choice::Postgres
            } else {
                Choice::Auto
            });
            self.run();
        }
    }

    /// Restore a shared query (from a link, or Back/Forward), and run it when a report is loaded.
    fn restore(self, shared: Shared) {
        self.sql.set(shared.sql);
        self.canned.set(shared.canned);
        self.label.set(None);
        self.checks_view
            .set(shared.view.as_deref() == Some("checks"));
        self.days.set(shared.days);
        self.dialect
            .set(Choice::parse(shared.dialect.as_deref().unwrap_or("auto")));
        if !self.reports.with_untracked(Vec::is_empty) {
            self.run();
        }
    }

    async fn load_file_list(self, files: FileList) {
        self.busy.set(Some("Reading files…".into()));
        let read = browser::read_files(files).await;
        self.busy.set(None);
        match read {
            Ok(files) => self.load(files),
            Err(e) => self.load_failed(e),
        }
    }

    /// Have the local proxy fetch the report from Alibaba Cloud, showing its progress meanwhile.
    async fn fetch_from_cloud(self) {
        if self.fetching.get_untracked() {
            return;
        }
        self.fetching.set(true);
        self.busy.set(Some(
            "Asking Alibaba Cloud for the credential report…".into(),
        ));
        let watching = self.fetching;
        let busy = self.busy;
        spawn_local(async move {
            while watching.get_untracked() {
                browser::sleep_ms(700).await;
                if let (Some(m), true) = (browser::proxy_progress().await, watching.get_untracked())
                {
                    busy.set(Some(m));
                }
            }
        });
        let fetched = browser::proxy_fetch().await;
        self.fetching.set(false);
        self.busy.set(None);
        match fetched {
            Ok(bytes) => self.load(vec![("Alibaba Cloud".into(), bytes)]),
            Err(e) => self.load_failed(e),
        }
    }

    /// Load a report from a URL, as `logic::links` decides: refused, asked about, or fetched.
    async fn load_url(self, url: String, from: links::From) {
        self.asking.set(None);
        let resolved = match browser::resolve(&url) {
            Ok(r) => r,
            Err(e) => return self.load_failed(e),
        };
        match links::decide(&resolved.target(), &browser::page_origin(), from) {
            Decision::Refuse(why) => {
                self.load_failed(format!("{}: {why}. Nothing was fetched.", resolved.href));
            }
            Decision::Ask { host } => self.asking.set(Some((resolved.href, host))),
            Decision::Load => {
                self.busy.set(Some(format!("Fetching {}…", resolved.href)));
                let fetched = browser::fetch_url(&resolved).await;
                self.busy.set(None);
                match fetched {
                    Ok(file) => self.load(vec![file]),
                    Err(e) => self.load_failed(e),
                }
            }
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    let ui = Ui::new();

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
    // Drop anywhere on the page.
    spawn_local(async move {
        ui.proxy.set(browser::proxy_status().await);
    });
    let dragover = window_event_listener(ev::dragover, |e| e.prevent_default());
    let drop = window_event_listener(ev::drop, move |e: web_sys::DragEvent| {
        e.prevent_default();
        if let Some(files) = e.data_transfer().and_then(|d| d.files()) {
            spawn_local(ui.load_file_list(files));
        }
    });
    on_cleanup(move || {
        popstate.remove();
        dragover.remove();
        drop.remove();
    });

    view! {
        <a class="skip-link" href="#sql" data-testid="skip-link"
            on:click=move |e: ev::MouseEvent| { e.prevent_default(); browser::focus_id("sql"); }>"Skip to the query editor"</a>
        <header>
            <h1>"credreport"</h1>
            <p class="tagline">
                "Query your Alibaba Cloud RAM credential report with SQL, as Steampipe's "
                <code>"alicloud_ram_credential_report"</code>
                ". The report stays on this computer: nothing you load leaves the page."
            </p>
        </header>
        <main>
            <LoadPanel ui/>
            <Loaded ui/>
            <nav class="views" aria-label="Views">
                <button type="button" data-testid="view-query" aria-pressed=move || (!ui.checks_view.get()).to_string()
                    on:click=move |_| { ui.checks_view.set(false); browser::push_hash(&share::encode(&ui.shared())); }>"Query"</button>
                <button type="button" data-testid="view-checks" aria-pressed=move || ui.checks_view.get().to_string()
                    on:click=move |_| { ui.checks_view.set(true); browser::push_hash(&share::encode(&ui.shared())); }>"Checks"</button>
            </nav>
            <Show when=move || ui.checks_view.get() fallback=move || view! {
                <section class="ask" aria-labelledby="ask-title">
                    <h2 id="ask-title">"Ask"</h2>
                    <div class="ask-grid">
                        <CannedList ui/>
                        <Editor ui/>
                    </div>
                </section>
                <Results ui/>
            }>
                <ChecksView ui/>
            </Show>
        </main>
        <footer>
            <p>"credreport runs entirely in this page: SQLite compiled to WebAssembly. No analytics: the page requests nothing but its own files and the report addresses you give it."</p>
        </footer>
    }
}

#[component]
fn LoadPanel(ui: Ui) -> impl IntoView {
    let url = RwSignal::new(String::new());
    let pasted = RwSignal::new(String::new());
    let on_files = move |e: ev::Event| {
        let input: HtmlInputElement = event_target(&e);
        if let Some(files) = input.files() {
            spawn_local(async move {
                ui.load_file_list(files).await;
                input.set_value("");
            });
        }
    };
    let sample = move |_| ui.load_sample();
    view! {
        <section class="load" aria-labelledby="load-title">
            <h2 id="load-title">"Load a report"</h2>
            <p class="hint">
                "The credential report from the RAM console (CSV), the JSON of "
                <code>"GetCredentialReport"</code>
                " (one page or several), or its base64 content. Several files at once, or drop them anywhere on the page."
            </p>
            <div class="load-row">
                <label class="file-button">
                    "Choose files…"
                    <input type="file" multiple data-testid="report-input" accept=".csv,.json,.txt,text/csv,application/json,text/plain" on:change=on_files/>
                </label>
                <button type="button" data-testid="load-sample" on:click=sample>"Try the sample report"</button>
                {move || ui.proxy.get().map(|p| view! {
                    <button type="button" data-testid="fetch-cloud" disabled=move || !p.ready || ui.fetching.get()
                        title=p.credentials.clone().map(|c| format!("Signed by the local proxy with {c}")).unwrap_or_default()
                        on:click=move |_| spawn_local(ui.fetch_from_cloud())>
                        "Fetch from Alibaba Cloud"
                    </button>
                })}
                <button type="button" data-testid="clear"  on:click=move |_| ui.clear() disabled=move || ui.reports.with(Vec::is_empty)>"Clear"</button>
            </div>
            {move || ui.proxy.get().and_then(|p| p.problem).map(|m| {
                let (head, rest) = headline(&m);
                let (head, rest) = (head.to_owned(), rest.map(str::to_owned));
                view! {
                    <div class="hint proxy-problem" data-testid="proxy-problem">
                        {format!("The local proxy cannot fetch: {head}.")}
                        {rest.map(|r| view! { <details><summary>"Details"</summary><p>{r}</p></details> })}
                    </div>
                }
            })}
            <form class="load-row" on:submit=move |e: ev::SubmitEvent| {
                e.prevent_default();
                let u = url.get_untracked();
                if !u.trim().is_empty() {
                    spawn_local(ui.load_url(u.trim().to_owned(), links::From::User));
                }
            }>
                <label for="report-url">"From a URL"</label>
                <input id="report-url" type="url" placeholder="https://…/credential-report.csv" data-testid="report-url"
                    prop:value=move || url.get() on:input=move |e| url.set(event_target_value(&e))/>
                <button type="submit" data-testid="load-url">"Load URL"</button>
            </form>
            <details>
                <summary>"Paste the report"</summary>
                <label for="paste">"CSV or JSON text"</label>
                <textarea id="paste" rows="5" data-testid="paste-input" spellcheck="false"
                    prop:value=move || pasted.get() on:input=move |e| pasted.set(event_target_value(&e))></textarea>
                <button type="button" data-testid="load-paste" on:click=move |_| {
                    let text = pasted.get_untracked();
                    ui.load(vec![("pasted text".into(), text.into_bytes())]);
                }>"Load pasted text"</button>
            </details>
            {move || ui.asking.get().map(|(href, host)| {
                let again = href.clone();
                view! {
                    <div class="link-question" role="alertdialog" aria-labelledby="link-question-text" data-testid="link-question">
                        <p id="link-question-text">
                            "This link asks to load a report from "<strong data-testid="link-host">{host.clone()}</strong>
                            ", another site. Load it only if you trust that site: what it sends is shown, and exported as evidence, as if it were your account's report."
                        </p>
                        <p class="mono link-address">{href}</p>
                        <div class="load-row">
                            <button type="button" class="primary" data-testid="link-load"
                                on:click=move |_| spawn_local(ui.load_url(again.clone(), links::From::User))>
                                {format!("Load from {host}")}
                            </button>
                            <button type="button" data-testid="link-dismiss" on:click=move |_| ui.asking.set(None)>"Don't load"</button>
                        </div>
                    </div>
                }
            })}
            <p class="status" role="status" aria-live="polite" data-testid="status">
                {move || ui.busy.get().or_else(|| ui.notice.get())}
            </p>
            <p class="error" role="alert" data-testid="load-error">{move || ui.load_error.get()}</p>
        </section>
    }
}

#[component]
fn Loaded(ui: Ui) -> impl IntoView {
    view! {
        <Show when=move || !ui.reports.with(Vec::is_empty)>
            <section class="loaded" aria-labelledby="loaded-title" data-testid="loaded-summary">
                <h2 id="loaded-title">{move || format!("Loaded: {} user{}", ui.users.get(), plural(ui.users.get()))}</h2>
                <ul>
                    {move || ui.reports.get().into_iter().map(|r| view! { <ReportCard r/> }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn ReportCard(r: ReportSummary) -> impl IntoView {
    let account = r
        .account_id
        .clone()
        .unwrap_or_else(|| "unknown account".into());
    let age = describe_age(r.generated_time.as_deref(), browser::now_utc());
    let count = r.warnings.len() + r.warnings_dropped;
    let dropped = r.warnings_dropped;
    let warnings = r.warnings.clone();
    view! {
        <li class="report">
            <strong>{r.source.clone()}</strong>
            {format!(" — {} user{}, account {account}, {age}", r.rows, plural(r.rows))}
            {(count > 0).then(|| view! {
                <details class="warnings" data-testid="warnings" open={count <= 5}>
                    <summary>{format!("{count} warning{}", plural(count))}</summary>
                    <ul>
                        {warnings.into_iter().map(|w| view! { <li>{w.to_string()}</li> }).collect_view()}
                        {(dropped > 0).then(|| view! { <li>{format!("… and {dropped} more")}</li> })}
                    </ul>
                </details>
            })}
        </li>
    }
}

#[component]
fn CannedList(ui: Ui) -> impl IntoView {
    view! {
        <nav class="canned" aria-label="Canned queries">
            <h3>"Canned queries"</h3>
            <ul>
                {CANNED.iter().map(|c| {
                    let name = c.name;
                    view! {
                        <li>
                            <button type="button" class="canned-button" data-testid=format!("canned-{name}")
                                class:active=move || ui.canned.get().as_deref() == Some(name)
                                title=c.description
                                on:click=move |_| ui.choose_canned(name, Choice::Auto)>
                                {c.title}
                            </button>
                            <button type="button" class="canned-twin linkish" data-testid=format!("canned-{name}-postgres")
                                title="The same example as Steampipe users write it, in PostgreSQL"
                                on:click=move |_| ui.choose_canned(name, Choice::Postgres)>
                                "PostgreSQL"
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
}

#[component]
fn Editor(ui: Ui) -> impl IntoView {
    let editor = NodeRef::<html::Textarea>::new();
    let insert = move |name: &'static str| {
        let Some(area) = editor.get_untracked() else {
            return;
        };
        let text = ui.sql.get_untracked();
        let to_byte = |utf16: u32| -> usize {
            let mut n = 0u32;
            for (i, ch) in text.char_indices() {
                if n >= utf16 {
                    return i;
                }
                n += ch.len_utf16() as u32;
            }
            text.len()
        };
        let start = to_byte(area.selection_start().ok().flatten().unwrap_or(0));
        let end = to_byte(area.selection_end().ok().flatten().unwrap_or(0)).max(start);
        let updated = format!("{}{name}{}", &text[..start], &text[end..]);
        let cursor = text[..start].encode_utf16().count() as u32 + name.len() as u32;
        ui.sql.set(updated.clone());
        area.set_value(&updated);
        let _ = area.focus();
        let _ = area.set_selection_range(cursor, cursor);
    };
    let copy_link = move |_| {
        let fragment = share::encode(&ui.shared());
        browser::push_hash(&fragment);
        let link = browser::url_with_hash(&fragment);
        ui.link.set(Some(link.clone()));
        spawn_local(async move {
            match browser::copy_text(&link).await {
                Ok(()) => ui.notice.set(Some(
                    "Link copied. It carries the query only, never report data.".into(),
                )),
                Err(_) => ui.notice.set(Some(
                    "Copy the link below. It carries the query only, never report data.".into(),
                )),
            }
        });
    };
    view! {
        <div class="editor">
            <label for="sql">"SQL — Ctrl+Enter or ⌘+Enter runs"</label>
            <textarea id="sql" node_ref=editor data-testid="sql-editor" rows="10" spellcheck="false"
                autocomplete="off" autocapitalize="off"
                prop:value=move || ui.sql.get()
                on:input=move |e| {
                    let text = event_target_value(&e);
                    let still_canned = ui.canned.get_untracked().is_some_and(|n| {
                        [Dialect::Sqlite, Dialect::Postgres].iter().any(|d| credreport_core::canned_sql(&n, *d) == Some(text.as_str()))
                    });
                    if !still_canned {
                        ui.canned.set(None);
                    }
                    ui.label.set(None);
                    ui.sql.set(text);
                }
                on:keydown=move |e: ev::KeyboardEvent| {
                    if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                        e.prevent_default();
                        ui.run();
                    }
                }></textarea>
            <div class="editor-actions">
                <button type="button" class="primary" data-testid="run-query" on:click=move |_| ui.run()>"Run"</button>
                <button type="button" data-testid="share-link" on:click=copy_link>"Copy link"</button>
                <label class="dialect">"Dialect "
                    <select data-testid="dialect" title="Auto runs SQLite, and PostgreSQL when the query uses what only PostgreSQL has"
                        prop:value=move || ui.dialect.get().as_str()
                        on:change=move |e| ui.dialect.set(Choice::parse(&event_target_value(&e)))>
                        <option value="auto">"Auto"</option>
                        <option value="sqlite">"SQLite"</option>
                        <option value="postgres">"PostgreSQL"</option>
                    </select>
                </label>
                {move || ui.translating.get().then(|| view! { <span class="hint" data-testid="translating">"Loading the PostgreSQL translator…"</span> })}
            </div>
            {move || ui.translated.get().map(|sql| view! {
                <details class="translated" data-testid="translated-sql">
                    <summary>"Ran as SQLite"</summary>
                    <pre>{sql}</pre>
                </details>
            })}
            {move || ui.link.get().map(|link| view! {
                <label class="share">"Share link" <input type="text" readonly data-testid="share-url" prop:value=link/></label>
            })}
            <div class="error" role="alert" data-testid="error">
                {move || ui.error.get().map(|p| {
                    let at = p.at.map(|(l, c)| format!(" (at line {l}, column {c})")).unwrap_or_default();
                    format!("{}{at}", p.message)
                })}
            </div>
            <details class="schema">
                <summary>"Columns of alicloud_ram_credential_report"</summary>
                <p class="hint">"Click a name to insert it at the cursor."</p>
                <table class="schema-table" data-testid="schema">
                    <thead><tr><th scope="col">"column"</th><th scope="col">"type"</th><th scope="col">"description"</th></tr></thead>
                    <tbody>
                        {COLUMNS.iter().map(|c| {
                            let name = c.name;
                            view! {
                                <tr>
                                    <td><button type="button" class="linkish" on:click=move |_| insert(name)>{name}</button></td>
                                    <td>{c.steampipe_type()}" ("{c.sqlite_type()}")"</td>
                                    <td>{c.description}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
            <Show when=move || !ui.recent.with(Vec::is_empty)>
                <details class="recent">
                    <summary>"Recent queries"</summary>
                    <ul>
                        {move || ui.recent.get().into_iter().map(|q| {
                            let shown = q.clone();
                            view! {
                                <li><button type="button" class="linkish mono" on:click=move |_| {
                                    ui.sql.set(q.clone());
                                    ui.canned.set(None);
                                }>{shown}</button></li>
                            }
                        }).collect_view()}
                    </ul>
                </details>
            </Show>
        </div>
    }
}

/// What the results answer: the canned query's title, the overview bucket, or "Your query".
fn answer_heading(ui: Ui) -> String {
    if let Some(c) = ui
        .canned
        .get()
        .and_then(|n| CANNED.iter().find(|c| c.name == n))
    {
        return c.title.to_owned();
    }
    ui.label.get().unwrap_or_else(|| "Your query".to_owned())
}

#[component]
fn Results(ui: Ui) -> impl IntoView {
    let rows = Memo::new(move |_| {
        ui.ran.with(|r| {
            r.as_ref()
                .map(|r| visible_rows(&r.result, &ui.filter.get(), ui.sort.get()))
                .unwrap_or_default()
        })
    });
    let export = move |kind: &'static str| {
        ui.ran.with_untracked(|r| {
            let Some(r) = r else { return };
            let visible = rows.get_untracked();
            let accounts: Vec<Option<String>> = ui
                .reports
                .with_untracked(|rs| rs.iter().map(|r| r.account_id.clone()).collect());
            let what = ui
                .canned
                .get_untracked()
                .or_else(|| ui.label.get_untracked())
                .unwrap_or_else(|| "query".into());
            let name =
                |ext| export::file_name(&accounts, browser::now_utc().date_naive(), &what, ext);
            let outcome = match kind {
                "csv" => {
                    browser::download(&name("csv"), "text/csv", &export::csv(&r.result, &visible))
                }
                "json" => browser::download(
                    &name("json"),
                    "application/json",
                    &export::json(&r.result, &visible),
                ),
                _ => {
                    let md = export::markdown(&r.result, &visible);
                    spawn_local(async move {
                        let said = match browser::copy_text(&md).await {
                            Ok(()) => "Copied the table as Markdown.".to_owned(),
                            Err(e) => e,
                        };
                        ui.notice.set(Some(said));
                    });
                    Ok(())
                }
            };
            if let Err(e) = outcome {
                ui.fail(e);
            }
        })
    };
    // Rows stay after a failed query: they answer the previous one, and say so.
    let stale = move || ui.error.with(Option::is_some) && ui.ran.with(Option::is_some);
    view! {
        <section class="results" aria-labelledby="results-title" class:stale=stale>
            <h2 id="results-title" tabindex="-1" data-testid="results-title">{move || answer_heading(ui)}</h2>
            {move || stale().then(|| view! {
                <p class="warnings" data-testid="stale">"These rows answer the previous query: the last one failed (its error is above)."</p>
            })}
            {move || match ui.ran.get() {
                None => view! { <p class="hint">"Run a query to see its rows here."</p> }.into_any(),
                Some(ran) => {
                    let total = ran.result.rows.len();
                    let shown_rows = rows.get();
                    let pages = page_count(shown_rows.len());
                    let page = ui.page.get().min(pages - 1);
                    let filtered = if shown_rows.len() == total { String::new() } else { format!(", {} match the filter", shown_rows.len()) };
                    let cut = ran.result.truncated.map(|c| format!(" ({c})")).unwrap_or_default();
                    let booleans = boolean_columns(&ran.result.columns);
                    let on_page = page_of(&shown_rows, page).to_vec();
                    // A column is numeric when a number shows on this page: its NULLs align with them.
                    let numeric: Vec<bool> = (0..ran.result.columns.len()).map(|c| !booleans[c] && on_page.iter().any(|&i| matches!(ran.result.rows[i][c], credreport_core::Value::Integer(_) | credreport_core::Value::Real(_)))).collect();
                    view! {
                        <div class="results-bar">
                            <span data-testid="row-count" role="status" aria-live="polite">{format!("{total} row{}{filtered}{cut} · {}", plural(total), describe_millis(ran.millis))}</span>
                            <label>"Filter " <input type="search" data-testid="filter" prop:value=move || ui.filter.get()
                                on:input=move |e| { ui.filter.set(event_target_value(&e)); ui.page.set(0); }/></label>
                            <button type="button" data-testid="export-csv" on:click=move |_| export("csv")>"CSV"</button>
                            <button type="button" data-testid="export-json" on:click=move |_| export("json")>"JSON"</button>
                            <button type="button" data-testid="copy-markdown" on:click=move |_| export("md")>"Copy Markdown"</button>
                        </div>
                        <div class="table-wrap">
                            <table data-testid="results">
                                <thead><tr>
                                    {ran.result.columns.iter().enumerate().map(|(i, c)| {
                                        let sort = ui.sort.get();
                                        let (mark, aria) = match sort {
                                            Some(s) if s.column == i && s.descending => (" ▼", "descending"),
                                            Some(s) if s.column == i => (" ▲", "ascending"),
                                            _ => ("", "none"),
                                        };
                                        view! {
                                            <th scope="col" aria-sort=aria>
                                                <button type="button" class="sort" on:click=move |_| { ui.sort.update(|s| *s = Sort::click(*s, i)); ui.page.set(0); }>
                                                    {c.clone()}{mark}
                                                </button>
                                            </th>
                                        }
                                    }).collect_view()}
                                </tr></thead>
                                <tbody>
                                    {on_page.iter().map(|&i| view! {
                                        <tr>
                                            {ran.result.rows[i].iter().zip(&booleans).zip(&numeric).map(|((v, &boolean), &numeric)| {
                                                match shown(v, boolean) {
                                                    None => view! { <td class="null" class:num=numeric>"NULL"</td> }.into_any(),
                                                    Some(t) if t.is_empty() => view! { <td class="empty" title="empty text"></td> }.into_any(),
                                                    Some(t) => view! { <td class:num=numeric class:bool=boolean>{t}</td> }.into_any(),
                                                }
                                            }).collect_view()}
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {(pages > 1).then(|| view! {
                            <nav class="pager" aria-label="Result pages">
                                <button type="button" data-testid="prev-page" disabled={page == 0} on:click=move |_| ui.page.update(|p| *p = p.saturating_sub(1))>"Previous"</button>
                                <span>{format!("Page {} of {pages} ({PAGE_SIZE} rows a page)", page + 1)}</span>
                                <button type="button" data-testid="next-page" disabled={page + 1 >= pages} on:click=move |_| ui.page.update(|p| *p += 1)>"Next"</button>
                            </nav>
                        })}
                    }.into_any()
                }
            }}
        </section>
    }
}

/// The input element an event came from.
fn event_target<T: JsCast>(e: &ev::Event) -> T {
    e.target().expect("an event target").unchecked_into()
}

#[component]
fn ChecksView(ui: Ui) -> impl IntoView {
    let status = RwSignal::new(StatusFilter::All);
    let threshold_error = RwSignal::new(None::<String>);
    let time_error = RwSignal::new(None::<String>);
    // Run once per loaded set, threshold and "as of"; the view renders only what is open.
    let outcomes = Memo::new(move |_| {
        ui.reports.track();
        let (days, as_of) = (ui.days.get(), ui.as_of_report.get());
        browser::timed("credreport:checks", || {
            session(|s| s.run_checks(days, as_of))
        })
        .map(in_review_order)
    });
    let unknown_time = move || {
        ui.reports
            .with(|r| r.iter().filter(|r| r.generated_time.is_none()).count())
    };
    let export = move |format: credreport_core::evidence::CheckFormat,
                       name: &'static str,
                       mime: &'static str| {
        let Ok(outcomes) = outcomes.get_untracked() else {
            return;
        };
        let reports = ui.reports.get_untracked();
        let as_of = if ui.as_of_report.get_untracked() {
            "each report's generation time".to_owned()
        } else {
            format!("{} UTC", browser::now_utc().format("%Y-%m-%d %H:%M:%S"))
        };
        let e = credreport_core::evidence::Evidence {
            reports: &reports,
            as_of: &as_of,
            outcomes: &outcomes,
        };
        if let Err(err) =
            browser::download(name, mime, &credreport_core::evidence::render(&e, format))
        {
            ui.fail(err);
        }
    };
    use credreport_core::evidence::CheckFormat as F;
    view! {
        <section class="checks" aria-labelledby="checks-title">
            <h2 id="checks-title">"Checks"</h2>
            <p class="hint">"CIS Alibaba Cloud Foundations Benchmark (RAM) checks the credential report can answer, and credential hygiene. Each user judged is ok, in alarm, or skipped when the report cannot tell. Checks with alarms come first, most severe first; open one to see its users."</p>
            <div class="load-row">
                <label>"Threshold (days) "
                    <input type="number" min="0" max="36500" data-testid="param-days" placeholder="default"
                        class="days" aria-describedby="threshold-error"
                        prop:value=move || ui.days.get().map(|d| d.to_string()).unwrap_or_default()
                        on:change=move |e| {
                            match parse_threshold(&event_target_value(&e)) {
                                Ok(days) => {
                                    threshold_error.set(None);
                                    ui.days.set(days);
                                    browser::push_hash(&share::encode(&ui.shared()));
                                }
                                Err(why) => threshold_error.set(Some(why)),
                            }
                        }/>
                </label>
                <label>"Judge as of "
                    <select data-testid="as-of" on:change=move |e| ui.as_of_report.set(event_target_value(&e) == "report")>
                        <option value="now" selected=move || !ui.as_of_report.get()>"now"</option>
                        <option value="report" selected=move || ui.as_of_report.get()>"the report's generation time"</option>
                    </select>
                </label>
                <label>"Show "
                    <select data-testid="status-filter" on:change=move |e| status.set(StatusFilter::parse(&event_target_value(&e)))>
                        {StatusFilter::EVERY.into_iter().map(|f| view! { <option value={f.as_str()}>{f.as_str()}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <p class="error" id="threshold-error" role="alert" data-testid="threshold-error">{move || threshold_error.get()}</p>
            <Show when={move || ui.as_of_report.get() && unknown_time() > 0}>
                <form class="load-row as-of-unknown" data-testid="as-of-unknown" on:submit=move |e: ev::SubmitEvent| {
                    e.prevent_default();
                    let input: HtmlInputElement = event_target::<web_sys::HtmlFormElement>(&e)
                        .elements().named_item("generated").and_then(|el| el.dyn_into().ok()).expect("the time box");
                    match session(|s| s.give_generated_time(&input.value())) {
                        Ok(()) => {
                            time_error.set(None);
                            ui.reports.set(session(|s| s.reports().to_vec()));
                        }
                        Err(err) => time_error.set(Some(err.to_string())),
                    }
                }>
                    <span class="warnings">
                        {move || format!("{} of the loaded reports do{} not say when {} generated (a console CSV never does): {} judged as of now. Give the time:",
                            unknown_time(), if unknown_time() == 1 { "es" } else { "" }, if unknown_time() == 1 { "it was" } else { "they were" }, if unknown_time() == 1 { "it is" } else { "they are" })}
                    </span>
                    <input type="text" name="generated" data-testid="generated-time" placeholder="2024-05-01 09:10:11 (UTC)"/>
                    <button type="submit" data-testid="give-generated-time">"Use this time"</button>
                    <span class="error" role="alert">{move || time_error.get()}</span>
                </form>
            </Show>
            <div class="load-row">
                "Export: "
                <button type="button" data-testid="checks-csv" on:click=move |_| export(F::Csv, "credreport-checks.csv", "text/csv")>"CSV"</button>
                <button type="button" data-testid="checks-json" on:click=move |_| export(F::Json, "credreport-checks.json", "application/json")>"JSON"</button>
                <button type="button" data-testid="checks-md" on:click=move |_| export(F::Md, "credreport-checks.md", "text/markdown")>"Markdown"</button>
                <button type="button" data-testid="checks-html" on:click=move |_| export(F::Html, "credreport-checks.html", "text/html")>"HTML evidence"</button>
            </div>
            {move || {
                if ui.reports.with(Vec::is_empty) {
                    return view! { <p class="hint">"Load a report to run the checks."</p> }.into_any();
                }
                match outcomes.get() {
                    Err(e) => view! { <p class="error">{e}</p> }.into_any(),
                    Ok(outcomes) => {
                        let (ok, alarm, skip) = totals(&outcomes);
                        view! {
                            <p class="checks-summary" data-testid="checks-summary">
                                {format!("{} checks: ", outcomes.len())}
                                <strong class:status-alarm={alarm > 0}>{format!("{alarm} alarm")}</strong>
                                {format!(", {ok} ok, {skip} skip")}
                            </p>
                            <ChecksChart outcomes={outcomes.clone()}/>
                            <Overview ui/>
                            <div class="check-list">
                                {outcomes.into_iter().map(|o| view! { <CheckItem o status/> }).collect_view()}
                            </div>
                        }.into_any()
                    }
                }
            }}
        </section>
    }
}

/// One check: its tally always; its findings, a page at a time, only while it is open.
#[component]
fn CheckItem(o: credreport_core::Outcome, status: RwSignal<StatusFilter>) -> impl IntoView {
    let open = RwSignal::new(false);
    let page = RwSignal::new(0usize);
    let id = o.check.id;
    let cis = o
        .check
        .cis
        .map(|c| format!("CIS {c} · "))
        .unwrap_or_default();
    let days = o
        .days
        .map(|d| format!(" · threshold {d} days"))
        .unwrap_or_default();
    let severity = format!("{:?}", o.check.severity).to_lowercase();
    let (ok, alarm, skip) = (o.ok, o.alarm, o.skip);
    let findings = StoredValue::new(o.findings);
    let body = move || {
        findings.with_value(|all| {
            let shown = shown_findings(all, status.get());
            let (rows, at, pages) = findings_page(&shown, page.get());
            let total = shown.len();
            view! {
                <div class="table-wrap">
                    <table class="findings">
                        <thead><tr><th scope="col">"status"</th><th scope="col">"user"</th><th scope="col">"reason"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|f| view! {
                                <tr data-status={f.status.clone()}>
                                    <td class={format!("status-{}", f.status)}>{f.status.clone()}</td>
                                    <td class="user" title={f.resource.clone()}>{f.user_name.clone()}</td>
                                    <td class="reason">{f.reason.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                {(pages > 1).then(|| view! {
                    <nav class="pager" aria-label="Findings pages">
                        <button type="button" data-testid={format!("findings-prev-{id}")} disabled={at == 0} on:click=move |_| page.set(at.saturating_sub(1))>"Previous"</button>
                        <span>{format!("{}–{} of {total}", at * FINDINGS_PAGE + 1, ((at + 1) * FINDINGS_PAGE).min(total))}</span>
                        <button type="button" data-testid={format!("findings-next-{id}")} disabled={at + 1 >= pages} on:click=move |_| page.set(at + 1)>"Next"</button>
                    </nav>
                })}
                {(total == 0).then(|| view! { <p class="hint">"No finding with this status."</p> })}
            }
        })
    };
    view! {
        <details class="check" data-testid={format!("check-{id}")} data-severity={severity.clone()}
            prop:open=move || open.get()
            on:toggle=move |e| open.set(event_target::<web_sys::HtmlDetailsElement>(&e).open())>
            <summary>
                <strong>{o.check.title}</strong>
                <span class="check-meta">{format!(" — {cis}{severity}{days}")}</span>
                <span class="check-counts">
                    " · "<span class:status-alarm={alarm > 0}>{format!("{alarm} alarm")}</span>
                    {format!(", {ok} ok, {skip} skip")}
                </span>
            </summary>
            {move || open.get().then(body)}
        </details>
    }
}

/// ok/alarm/skip per check as stacked bars with their counts, drawn by the app itself.
#[component]
fn ChecksChart(outcomes: Vec<credreport_core::Outcome>) -> impl IntoView {
    // Rows of HTML (the names and counts wrap and stay readable at any width); each bar is an
    // SVG stretched to its cell, its three parts in percent.
    view! {
        <div class="chart" data-testid="checks-chart" role="img" aria-label="ok, alarm and skip per check">
            {outcomes.into_iter().map(|o| {
                let total = (o.ok + o.alarm + o.skip).max(1) as f64;
                let (wo, wa, ws) = (100.0 * o.ok as f64 / total, 100.0 * o.alarm as f64 / total, 100.0 * o.skip as f64 / total);
                view! {
                    <div class="chart-row">
                        <span class="chart-name mono">{o.check.id}</span>
                        <svg class="chart-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                            <rect x="0" width={wo} height="10" class="bar-ok"/>
                            <rect x={wo} width={wa} height="10" class="bar-alarm"/>
                            <rect x={wo + wa} width={ws} height="10" class="bar-skip"/>
                        </svg>
                        <span class="chart-counts">{format!("{} alarm · {} ok · {} skip", o.alarm, o.ok, o.skip)}</span>
                    </div>
                }
            }).collect_view()}
        </div>
        <p class="legend">
            <span class="swatch bar-ok-bg"></span>" ok "
            <span class="swatch bar-alarm-bg"></span>" alarm "
            <span class="swatch bar-skip-bg"></span>" skip (the report cannot tell)"
        </p>
    }
}

/// Users, console users without MFA, active keys and last logons by age; a click on a bucket
/// lists its users in the query view.
#[component]
fn Overview(ui: Ui) -> impl IntoView {
    use credreport_core::overview::{
        bucket_sql, counts_sql, Measure, BUCKETS, BUCKET_STATUS, TOTALS_SQL,
    };
    let numbers = |sql: &str| -> Vec<i64> {
        session(|s| s.run(sql))
            .ok()
            .and_then(|r| r.result.rows.into_iter().next())
            .map(|row| {
                row.iter()
                    .map(|v| v.as_text().and_then(|t| t.parse().ok()).unwrap_or(0))
                    .collect()
            })
            .unwrap_or_default()
    };
    let totals = numbers(TOTALS_SQL);
    let show = move |measure: Measure, bucket: usize, label: String| {
        ui.sql.set(bucket_sql(measure, bucket));
        ui.canned.set(None);
        ui.label.set(Some(label));
        ui.focus_answer.set(true);
        ui.checks_view.set(false);
        ui.run();
    };
    let row = move |measure: Measure, name: &'static str, what: &'static str, counts: Vec<i64>| {
        let max = counts.iter().copied().max().unwrap_or(0).max(1);
        let labels: Vec<&'static str> = BUCKETS.iter().map(|b| b.0).chain(["never"]).collect();
        counts.into_iter().enumerate().map(|(i, n)| {
            let label = labels.get(i).copied().unwrap_or("");
            let status = BUCKET_STATUS.get(i).copied().unwrap_or("skip");
            let heading = format!("{what}: {label}");
            view! {
                <button type="button" class="bucket" data-testid=format!("bucket-{name}-{i}") data-status=status
                    on:click=move |_| show(measure, i, heading.clone())
                    title="List these users">
                    <span class="bucket-count">{n}</span>
                    <svg width="60" height="6" aria-hidden="true"><rect width={60.0 * n as f64 / max as f64} height="6" class=format!("bar-{status}")/></svg>
                    <span>{label}</span>
                </button>
            }
        }).collect_view()
    };
    let get = |i: usize| totals.get(i).copied().unwrap_or(0);
    view! {
        <div class="overview" data-testid="overview">
            <p>
                <strong>{get(0)}</strong>" users · "<strong>{get(1)}</strong>" with a console password · "
                <strong data-testid="console-without-mfa">{get(2)}</strong>" of them without MFA"
            </p>
            <p class="hint">"Active access keys by time since rotation:"</p>
            <div class="buckets">{row(Measure::KeyAge, "keys", "Active access keys last rotated", numbers(&counts_sql(Measure::KeyAge)))}</div>
            <p class="hint">"Console users by last logon:"</p>
            <div class="buckets">{row(Measure::LastLogon, "logon", "Console users last logged on", numbers(&counts_sql(Measure::LastLogon)))}</div>
            <p class="legend" data-testid="overview-legend">
                <span class="swatch bar-ok-bg"></span>" under 90 days "
                <span class="swatch bar-alarm-bg"></span>" 90 days or more (the checks' default threshold) "
                <span class="swatch bar-skip-bg"></span>" never logged on"
            </p>
        </div>
    }
}
