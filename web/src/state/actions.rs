//! What the user's actions do to the shared state: load, run, restore a link, fetch. Each reads
//! its decisions from `crate::logic` and talks to the browser through `crate::browser`.

use credreport_core::known::KnownChanges;
use credreport_core::overview::{bucket_sql, Measure};
use credreport_core::protocol::{Given, Loaded, Reply, Request};
use credreport_core::values::given_generation_time;
use credreport_core::{AsOf, Dialect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::FileList;

use super::{Answer, KeptLoad, State, TimeBox};
use crate::browser::{self, File};
use crate::engine::{self, Stopped};
use crate::logic::dialect::{after_translation, canned_choice, Next};
use crate::logic::keep::saved_of;
use crate::logic::links::{self, Decision};
use crate::logic::session::remember;
use crate::logic::share::{self, Shared, View};

/// Where an answer that does not take the focus shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// Scrolled into view: the user asked for it.
    Revealed,
    /// Where it is: it answers again a query on screen because what is loaded changed under
    /// it, while the user works elsewhere on the page.
    InPlace,
}

impl State {
    /// A query that could not run: said under the editor.
    pub fn fail(self, message: String) {
        self.take_focus();
        self.error.set(Some(message));
    }

    /// The name of a file the user downloads, saying what it holds (`what`): the loaded
    /// reports' account and today's date (`logic::export::file_name`).
    pub fn export_name(self, what: &str, ext: &str) -> String {
        let accounts: Vec<Option<String>> = self
            .reports
            .with_untracked(|rs| rs.iter().map(|r| r.account_id.clone()).collect());
        crate::logic::export::file_name(&accounts, browser::now_utc().date_naive(), what, ext)
    }

    /// A load that failed: said in the load panel, which goes on showing what is loaded.
    pub fn load_failed(self, message: String) {
        self.notice.set(None);
        self.load_error.set(Some(message));
    }

    /// Load files into the database; on success show what arrived, and once no other load is
    /// pending run the current query (if any of them added a report). A report loaded already is
    /// not loaded twice: the notice says so.
    pub fn load(self, files: Vec<File>) {
        self.load_as(files, true, Vec::new(), Vec::new(), Vec::new())
    }

    /// Load files read back from this device: they are kept already, so they are not named and
    /// kept again (nor brought back, should the user remove them while they load). Their
    /// reports get again what the user gave them (`given`: a time, an account), and offer
    /// when their files were saved (`saved`, by name); the changes table takes the pairs'
    /// changes kept with them (`known`) instead of comparing them again.
    pub(super) fn load_kept_files(self, load: KeptLoad) {
        let KeptLoad {
            files,
            given,
            saved,
            known,
        } = load;
        self.load_as(files, false, given, saved, known)
    }

    /// `saved`: when each file was last saved, by its name, where the browser says.
    fn load_as(
        self,
        files: Vec<File>,
        keep: bool,
        given: Vec<Given>,
        saved: Vec<(String, i64)>,
        known: Vec<KnownChanges>,
    ) {
        if files.is_empty() {
            return;
        }
        // What to keep on this device, should the load add a report and keeping be on once it
        // has (`keep_load` decides; the files are the browser's arrays, not copies of them).
        let keeping = keep.then(|| files.clone());
        let (names, bytes): (Vec<String>, Vec<js_sys::Uint8Array>) = files.into_iter().unzip();
        let size: usize = bytes.iter().map(|b| b.length() as usize).sum();
        self.busy.set(Some(format!(
            "Loading {} ({})…",
            credreport_core::words::listed(&names),
            credreport_core::bytes_text(size)
        )));
        self.loading.update(|l| l.ask());
        // The answer takes the focus (below) unless the user types into a field meanwhile.
        self.keys_at_ask.set_value(browser::keys_pressed());
        spawn_local(async move {
            browser::start("credreport:ingest");
            let load = Request::Load {
                names,
                given,
                known,
            };
            let reply = engine::ask(load, bytes).await;
            browser::measure("credreport:ingest");
            let summary = match &reply {
                Ok(Reply::Loaded { summary, .. }) => Some(summary),
                _ => None,
            };
            if matches!(reply, Err(Stopped::Cancelled)) {
                self.drop_held();
            }
            let mut last = None;
            self.loading.update(|l| last = l.answered(summary));
            // The worker answers loads in turn: the busy line names the last one asked, which is
            // still pending until the last answer (held loads follow at once).
            if last.as_ref().is_some_and(|d| !d.ask_held) {
                self.busy.set(None);
            }
            let unchanged = "Nothing was loaded; what was loaded before is unchanged.";
            match reply {
                Ok(Reply::Loaded {
                    loaded,
                    said,
                    summary,
                }) => {
                    // Each new report offers when its own file was saved.
                    let offers = (summary.reports.iter()).filter_map(|r| {
                        saved_of(&saved, r.file()).map(|ms| (r.sha256.clone(), ms))
                    });
                    self.saved_at.update(|s| s.extend(offers));
                    self.set_loaded(loaded);
                    self.load_error.set(None);
                    // The last of several loads says what they all did.
                    let together = last.as_ref().and_then(|d| d.said.clone());
                    self.notice.set(Some(together.unwrap_or(said)));
                    if let Some(files) = keeping {
                        spawn_local(self.keep_load(files, summary.reports, saved));
                    }
                    // A load can give reports loaded before it their alias's account.
                    self.keep_given();
                }
                Ok(other) => self.load_failed(format!("{}. {unchanged}", other.unwanted("a load"))),
                Err(Stopped::Cancelled) => {
                    self.load_failed(format!("Loading was cancelled. {unchanged}"))
                }
                Err(Stopped::Broken(why)) => self.load_failed(format!("{why}. {unchanged}")),
            }
            let Some(done) = last else { return };
            if done.run {
                // What was loaded changed: the query's answer comes, and takes the focus.
                self.error.set(None);
                self.focus_answer.set(true);
                self.run_as(Shown::Revealed, done.ask_held);
            } else if !done.ask_held {
                self.focus_answer.set(false);
            }
            if done.ask_held {
                // Asked after the query, and after what the views showing ask of the latest
                // reports (the Checks view's checks, asked as it sees them loaded), so the
                // worker answers those first.
                spawn_local(async move {
                    browser::sleep_ms(0).await;
                    for load in self
                        .held
                        .try_update_value(std::mem::take)
                        .unwrap_or_default()
                    {
                        self.loading.update(|l| l.release());
                        self.load_kept_files(load);
                    }
                });
            }
        });
    }

    /// The user gave the report `to` (its SHA-256) the generation time `text`: refused here
    /// when it is not a time or is in the future, as the CLI refuses it; what the database
    /// refuses is said as `answer` says.
    pub fn give_time(self, text: &str, to: String, answer: Answer) {
        let time = match given_generation_time(text, browser::now_utc()) {
            Ok(t) => t,
            Err(why) => return answer.error.set(Some(why)),
        };
        self.give(Request::GiveGeneratedTime { time, to: Some(to) }, answer);
    }

    /// Tell the database what the user gave a loaded report (`request`: a time, an account);
    /// its answer, or what it refuses, is said as `answer` says.
    pub fn give(self, request: Request, answer: Answer) {
        spawn_local(async move {
            match given(request).await {
                Ok((loaded, said)) => {
                    let _ = answer.error.try_set(None);
                    self.took_given(loaded, said, answer);
                }
                Err(why) => {
                    let _ = answer.error.try_set(Some(why));
                }
            }
        });
    }

    /// Give each report its box's time (`boxes`, [`State::time_boxes`]), one after another:
    /// what a user checked in the boxes (each offering its file's saved time), taken in one
    /// click. Stops at the first refused, which `answer.error` says, naming its file; what was
    /// given before it stays given.
    pub fn give_times(self, boxes: Vec<TimeBox>, answer: Answer) {
        let now = browser::now_utc();
        spawn_local(async move {
            let (mut said, mut last, mut why) = (Vec::new(), None, None);
            for TimeBox {
                to, source, text, ..
            } in boxes
            {
                let asked = match given_generation_time(&text, now) {
                    Ok(time) => given(Request::GiveGeneratedTime { time, to: Some(to) }).await,
                    Err(e) => Err(e),
                };
                match asked {
                    Ok((loaded, s)) => {
                        said.push(s);
                        last = Some(loaded);
                    }
                    Err(e) => {
                        why = Some(format!("{source}: {e}"));
                        break;
                    }
                }
            }
            let _ = answer.error.try_set(why);
            if let Some(loaded) = last {
                self.took_given(loaded, said.join(" "), answer);
            }
        });
    }

    /// The user gave loaded reports what they do not say (when they were generated, which
    /// account they are of), and the database said `said`, shown where `answer` says: show
    /// what is loaded now, keep it with their kept loads, and run the query on screen again,
    /// whose answer it may change.
    pub fn took_given(self, loaded: Loaded, said: String, answer: Answer) {
        self.set_loaded(loaded);
        let _ = answer.said.unwrap_or(self.notice).try_set(Some(said));
        self.keep_given();
        if self.ran.with_untracked(Option::is_some) {
            self.run_as(Shown::InPlace, false);
        }
    }

    /// Stop what the database is doing (a query, a load, the checks) at once; what was loaded
    /// before stays loaded.
    pub fn cancel(self) {
        self.drop_held();
        engine::cancel();
    }

    /// The older kept loads held back to load after the latest (`logic::loads`) will not load:
    /// the user cancelled loading, or cleared everything.
    fn drop_held(self) {
        self.held.set_value(Vec::new());
        self.loading.update(|l| l.drop_held());
    }

    pub fn load_sample(self) {
        let report = credreport_core::sample::sample_report(browser::now_utc());
        self.load(vec![browser::text_file(
            credreport_core::sample::SAMPLE_SOURCE,
            &report,
        )]);
    }

    pub fn clear(self) {
        self.drop_held();
        spawn_local(async move {
            match engine::ask(Request::Clear, vec![]).await {
                Ok(Reply::Loaded { loaded, said, .. }) => {
                    self.set_loaded(loaded);
                    self.ran.set(None);
                    self.error.set(None);
                    self.load_error.set(None);
                    self.notice.set(Some(said));
                }
                Ok(other) => self.load_failed(other.unwanted("a clear").to_string()),
                Err(e) => self.load_failed(format!("Not cleared: {e}.")),
            }
        });
    }

    /// Show `view`; the share fragment follows, so Back returns to the previous view.
    pub fn show(self, view: View) {
        self.view.set(view);
        browser::push_hash(&share::encode(&self.shared()));
    }

    /// Run the editor's query; the share fragment follows, so Back returns to the previous query.
    pub fn run(self) {
        self.run_as(Shown::Revealed, false)
    }

    /// `only_latest`: ask the database to run it only if it reads nothing but each account's
    /// latest report (older kept reports are still to load, `logic::loads`).
    fn run_as(self, shown: Shown, only_latest: bool) {
        let sql = self.sql.get_untracked();
        if self.reports.with_untracked(Vec::is_empty) {
            self.fail("Load a report first: choose a file, drop one on the page, paste it, or try the sample report.".into());
            return;
        }
        let choice = self.dialect.get_untracked();
        if !choice.needs_translator(&sql) {
            // A PostgreSQL query still being translated is older: it will not run.
            self.translating.set(false);
            self.translated.set(None);
            self.execute(&sql, None, shown, only_latest);
            return;
        }
        // PostgreSQL: the translator module is loaded the first time, then asked. A query asked
        // meanwhile (the first translation waits for the module) is newer: this one then stops.
        self.translating.set(true);
        let turn = self.query.next();
        spawn_local(async move {
            let answer = browser::translate(&sql, choice.as_str()).await;
            if !self.query.is_latest(turn) {
                return;
            }
            self.translating.set(false);
            // An earlier query's answer, asked before this one, is not shown: nothing runs for
            // the user until this one does (a refused query never does).
            self.running.set(false);
            match after_translation(answer) {
                Next::Translated(sqlite) => {
                    self.translated.set(Some(sqlite.clone()));
                    self.execute(&sql, Some(sqlite), shown, only_latest);
                }
                Next::AsWritten => {
                    self.translated.set(None);
                    self.execute(&sql, None, shown, only_latest);
                }
                Next::Refused(why) => {
                    self.translated.set(None);
                    self.recent.update(|r| remember(r, &sql));
                    self.fail(why);
                }
            }
        });
    }

    /// The next answer takes the focus, unless the user types into a field meanwhile.
    pub fn answer_takes_focus(self) {
        self.focus_answer.set(true);
        self.keys_at_ask.set_value(browser::keys_pressed());
    }

    /// Whether the next answer takes focus; asked once per answer, success or failure.
    pub fn take_focus(self) -> bool {
        let focus = self.focus_answer.get_untracked();
        self.focus_answer.set(false);
        focus
    }

    /// Run `sql` (as `sqlite`, its translation, when it was PostgreSQL) in the database's
    /// worker, and show the outcome as `shown` says; meanwhile the page says it runs and offers
    /// Cancel.
    fn execute(self, sql: &str, sqlite: Option<String>, shown: Shown, only_latest: bool) {
        // The answer on screen, focused when the user did not just type it.
        let focus = self.take_focus();
        self.recent.update(|r| remember(r, sql));
        self.link.set(None);
        let shared = self.shared();
        let request = Request::Run {
            written: sqlite.is_none(),
            sql: sqlite.unwrap_or_else(|| sql.to_owned()),
            only_latest,
        };
        self.running.set(true);
        browser::start("credreport:query");
        // Another query asked meanwhile runs after this one: only the latest answer shows.
        self.query.ask_then(request, move |outcome| {
            browser::measure("credreport:query");
            self.running.set(false);
            self.show_outcome(outcome, focus, shown);
        });
        // The share link follows, in a task of its own once the page has drawn what changed:
        // compressing it and the history entry took ~10 ms of a first visit, which the worker
        // waited for before it was asked and the loaded summary before it showed.
        spawn_local(async move {
            browser::sleep_ms(0).await;
            browser::push_hash(&share::encode(&shared));
        });
    }

    fn show_outcome(self, outcome: Result<Reply, Stopped>, focus: bool, shown: Shown) {
        match outcome {
            Ok(Reply::Ran(ran)) => {
                self.error.set(None);
                self.ran.set(Some(ran));
                // The first result on screen: what `cargo xtask bench` reads as time to first result.
                request_animation_frame(move || {
                    // An answer that takes the focus (after a load, a canned query, a link) does
                    // not take it from a field the user typed into since asking, nor scroll the
                    // field away: the row count, a live region, says the answer arrived.
                    let typed = browser::keys_pressed() != self.keys_at_ask.get_value();
                    if focus && !(typed && browser::typing()) {
                        browser::focus_id("results-title");
                    } else if !focus && shown == Shown::Revealed {
                        browser::reveal_id("results-title");
                    }
                    browser::mark("credreport:first-result");
                });
            }
            Ok(Reply::NeedsEveryReport) => {
                // It reads the older reports still loading: it runs once they are in.
                self.focus_answer.set(focus);
                let mut now = false;
                self.loading.update(|l| now = l.needs_every_report());
                if now {
                    self.run_as(shown, false);
                }
            }
            Ok(other) => self.error.set(Some(other.unwanted("a result").to_string())),
            Err(Stopped::Cancelled) => self.error.set(Some(
                "Cancelled: the query was stopped. What was loaded is still loaded.".into(),
            )),
            Err(Stopped::Broken(why)) => self.error.set(Some(why)),
        }
    }

    /// A canned query, in SQLite or as its PostgreSQL twin.
    pub fn choose_canned(self, name: &str, dialect: Dialect) {
        if let Some(sql) = credreport_core::canned_sql(name, dialect) {
            self.sql.set(sql.to_owned());
            self.canned.set(Some(name.to_owned()));
            self.label.set(None);
            self.answer_takes_focus();
            self.dialect.set(canned_choice(dialect));
            self.run();
        }
    }

    /// List an overview bucket's users, aged as of `as_of`, in the query view, under the
    /// bucket's name.
    pub fn show_bucket(self, measure: Measure, bucket: usize, as_of: &AsOf, heading: String) {
        self.sql.set(bucket_sql(measure, bucket, as_of));
        self.canned.set(None);
        self.label.set(Some(heading));
        self.answer_takes_focus();
        self.view.set(View::Query);
        self.run();
    }

    /// Restore a shared query (from a link, or Back/Forward), and run it when a report is loaded.
    pub fn restore(self, shared: Shared) {
        self.sql.set(shared.sql);
        self.canned.set(shared.canned);
        self.label.set(None);
        self.view.set(shared.view);
        self.days.set(shared.days);
        self.dialect.set(shared.dialect);
        self.compared.set(shared.compared);
        if self.reports.with_untracked(|r| !r.is_empty()) {
            self.run();
        }
    }

    /// Copy a link to the current query (never data); show it too, in case copying is refused.
    pub fn copy_link(self) {
        let fragment = share::encode(&self.shared());
        browser::push_hash(&fragment);
        let link = browser::url_with_hash(&fragment);
        self.link.set(Some(link.clone()));
        spawn_local(async move {
            let said = match browser::copy_text(&link).await {
                Ok(()) => "Link copied. It carries the query only, never report data.",
                Err(_) => "Copy the link below. It carries the query only, never report data.",
            };
            self.notice.set(Some(said.into()));
        });
    }

    pub async fn load_file_list(self, files: FileList) {
        self.busy.set(Some("Reading files…".into()));
        let saved = browser::saved_times(&files);
        let read = browser::read_files(files).await;
        self.busy.set(None);
        match read {
            Ok(files) => self.load_as(files, true, Vec::new(), saved, Vec::new()),
            Err(e) => self.load_failed(e),
        }
    }

    /// Have the local proxy fetch the report from Alibaba Cloud, showing its progress meanwhile.
    pub async fn fetch_from_cloud(self) {
        if self.fetching.get_untracked() {
            return;
        }
        self.fetching.set(true);
        self.busy.set(Some(
            "Asking Alibaba Cloud for the credential report…".into(),
        ));
        let (watching, busy) = (self.fetching, self.busy);
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
    pub async fn load_url(self, url: String, from: links::From) {
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

/// Ask the database to take what the user gave a loaded report: what is loaded then and what it
/// said, or why not.
async fn given(request: Request) -> Result<(Loaded, String), String> {
    match engine::ask(request, vec![]).await {
        Ok(Reply::Loaded { loaded, said, .. }) => Ok((loaded, said)),
        Ok(other) => Err(other.unwanted("the reports loaded").to_string()),
        Err(e) => Err(e.to_string()),
    }
}
