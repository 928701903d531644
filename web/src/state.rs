//! The page's shared state: the signals more than one component reads, provided once through
//! Leptos context ([`provide`], [`use_state`]). State one component alone needs (the results'
//! sort, filter and page; a check's open flag) lives in that component. The actions that change
//! shared state are in `actions.rs`.

mod actions;
mod keeping;

use std::collections::HashMap;

use credreport_core::protocol::{Loaded, Ran};
use credreport_core::{AsOf, DialectChoice, ReportSummary};
use leptos::prelude::*;

use crate::browser;
use crate::logic::checks::LastChecks;
use crate::logic::compare::LastCompared;
use crate::logic::keep::{Library, SavedQuery};
use crate::logic::overview::Figures;
use crate::logic::share::{Shared, View};

/// An undated report's box for its generation time, as it stands ([`State::time_boxes`]).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeBox {
    /// The report (its SHA-256).
    pub to: String,
    /// Its file's name.
    pub source: String,
    /// What the box holds.
    pub text: String,
    /// The box holds the time it offered (its file's saved time), not what the user typed.
    pub offered: bool,
}

/// Where the answer to what the user gave a loaded report (a time, an account) is said: a
/// refusal always in `error`, beside the box; what the database then said in `said` when the
/// box has its own status line (a box in the Checks or Compare view, far from the load panel),
/// else in the load panel's.
#[derive(Debug, Clone, Copy)]
pub struct Answer {
    pub error: RwSignal<Option<String>>,
    pub said: Option<RwSignal<Option<String>>>,
}

impl Answer {
    /// Said beside the box on a report's card, which is the load panel's.
    pub fn in_panel(error: RwSignal<Option<String>>) -> Answer {
        Answer { error, said: None }
    }
}

/// Whether reports are kept on this device.
#[derive(Debug, Clone, PartialEq)]
pub enum Keep {
    /// Not known yet: the page is asking the browser.
    Asking,
    /// The browser gives the page no storage; why.
    Unavailable(String),
    Off,
    On,
}

/// The editor's query until the user asks another: the users of each account's latest report,
/// so a page opened with a year of kept reports shows each user once, as they are now, not
/// twelve times over. With one report per account it is every loaded user.
pub const DEFAULT_SQL: &str = "select\n  user_name,\n  password_active,\n  mfa_active,\n  user_last_logon,\n  access_key_1_last_used\nfrom\n  alicloud_ram_credential_report_latest\norder by\n  user_name;";

/// A kept load read back from the device, to ask the database for ([`State::load_kept_files`]):
/// its files, what its reports were given, when its files were saved, its pairs' changes.
pub struct KeptLoad {
    pub files: Vec<browser::File>,
    pub given: Vec<credreport_core::protocol::Given>,
    pub saved: Vec<(String, i64)>,
    pub known: Vec<credreport_core::known::KnownChanges>,
}

impl KeptLoad {
    /// The kept load `kept`, its `files` read back and its pairs' changes `known`.
    pub fn of(
        kept: &crate::logic::keep::Kept,
        files: Vec<browser::File>,
        known: Vec<credreport_core::known::KnownChanges>,
    ) -> KeptLoad {
        KeptLoad {
            files,
            given: kept.given(),
            saved: kept.saved_at().collect(),
            known,
        }
    }
}

/// Everything more than one component shows or changes. Copy, so every handler can hold it.
#[derive(Clone, Copy)]
pub struct State {
    pub reports: RwSignal<Vec<ReportSummary>>,
    pub users: RwSignal<usize>,
    pub notice: RwSignal<Option<String>>,
    /// Why the last load failed: shown in the load panel, where it happened.
    pub load_error: RwSignal<Option<String>>,
    /// Why the last query failed, with where in the SQL when SQLite says.
    pub error: RwSignal<Option<String>>,
    pub busy: RwSignal<Option<String>>,
    /// Loads in the database's hands, not answered yet: they can be cancelled.
    pub loading: RwSignal<crate::logic::loads::Pending>,
    /// Kept loads of older reports, held back on opening until the query has been asked over
    /// the latest ones (`logic::loads`).
    pub held: StoredValue<Vec<KeptLoad>, LocalStorage>,
    /// A query is running in the database: its results are not on screen yet, and it can be
    /// cancelled.
    pub running: RwSignal<bool>,
    /// The editor's queries: only the latest one's answer is shown.
    pub query: crate::engine::Latest,
    pub sql: RwSignal<String>,
    pub canned: RwSignal<Option<String>>,
    /// What the query is, when not a canned one: an overview bucket's name.
    pub label: RwSignal<Option<String>>,
    /// The next answer takes focus (after a load, a canned query, a bucket, a link); a query
    /// run from the editor leaves focus in the editor and only scrolls the answer into view.
    pub focus_answer: RwSignal<bool>,
    /// [`browser::keys_pressed`] when the answer that may take focus was asked for: a key
    /// pressed since, in a field the user types into, keeps the focus there.
    pub keys_at_ask: StoredValue<u32>,
    pub ran: RwSignal<Option<Ran>>,
    pub recent: RwSignal<Vec<String>>,
    /// Queries saved under a name: kept with the reports when keeping is on.
    pub saved: RwSignal<Vec<SavedQuery>>,
    /// Accepted exceptions for the Checks view: kept with the reports when keeping is on, never
    /// in a share link (they name users).
    pub exceptions: RwSignal<Vec<credreport_core::exceptions::Exception>>,
    /// The share link last copied, shown until the next query.
    pub link: RwSignal<Option<String>>,
    /// Set when the page is served by `credreport serve`, whose proxy can fetch from Alibaba Cloud.
    pub proxy: RwSignal<Option<browser::ProxyStatus>>,
    pub fetching: RwSignal<bool>,
    pub view: RwSignal<View>,
    /// The checks' day threshold, when the user changed it.
    pub days: RwSignal<Option<i64>>,
    /// The checks' "as of" choice, one of [`AsOf::CHOICES`].
    pub as_of: RwSignal<&'static str>,
    /// The editor's dialect switch.
    pub dialect: RwSignal<DialectChoice>,
    /// The SQLite a PostgreSQL query ran as, for the user to see.
    pub translated: RwSignal<Option<String>>,
    /// A PostgreSQL translation is under way.
    pub translating: RwSignal<bool>,
    /// Whether reports are kept on this device, and what is kept.
    pub keep: RwSignal<Keep>,
    /// The Compare view's pair, by generation time (old, new): what a link carries.
    pub compared: RwSignal<Option<(String, String)>>,
    pub library: RwSignal<Library>,
    /// The trend's points the worker last answered with, every dated report's: a report kept
    /// after its point came (keeping turned on then, or a load kept once the trend had
    /// answered) keeps its point too ([`State::keep_points`]).
    pub points: StoredValue<Vec<credreport_core::trend::KnownPoint>>,
    /// Every pair's changes the worker compared in this tab: a report kept after its pair was
    /// compared (keeping turned on then, or its load still being kept) keeps them too
    /// ([`State::keep_changes`]).
    pub pairs: StoredValue<Vec<credreport_core::known::KnownChanges>>,
    /// A link asks to load a report from another origin: its address and host, until the user
    /// answers.
    pub asking: RwSignal<Option<(String, String)>>,
    /// When the file each loaded report came from was last saved, where the page learnt it (a
    /// file chosen from the device, or kept from one): by the report's SHA-256, milliseconds
    /// since 1970. The box for an undated report's time offers it. By the report, not the
    /// file's name: every month's download may have the same name.
    pub saved_at: RwSignal<Vec<(String, i64)>>,
    /// The checks the Checks view last showed: opened again while their moment is still now,
    /// over the same, it shows them again (`LastChecks`).
    pub checked: StoredValue<Option<LastChecks>>,
    /// The overview's figures the Checks view last showed, over the reports and "as of" at the
    /// checks' moment (`Judging`'s): shown again with those checks.
    pub figured: StoredValue<Option<(FiguresOf, Figures)>>,
    /// The comparison the Compare view last showed: opened again, it shows it again while it
    /// still answers (`LastCompared::answers`).
    pub last_compared: StoredValue<Option<LastCompared>>,
}

/// What the overview's figures are of: each account's latest loaded report ([`State::latest`]),
/// "as of" and the checks' moment.
pub type FiguresOf = (Vec<ReportSummary>, String, i64);

impl State {
    fn new() -> Self {
        State {
            reports: RwSignal::new(Vec::new()),
            users: RwSignal::new(0),
            notice: RwSignal::new(None),
            load_error: RwSignal::new(None),
            error: RwSignal::new(None),
            busy: RwSignal::new(None),
            loading: RwSignal::new(Default::default()),
            held: StoredValue::new_local(Vec::new()),
            running: RwSignal::new(false),
            query: crate::engine::Latest::new(),
            sql: RwSignal::new(DEFAULT_SQL.to_owned()),
            canned: RwSignal::new(None),
            label: RwSignal::new(None),
            focus_answer: RwSignal::new(false),
            keys_at_ask: StoredValue::new(0),
            ran: RwSignal::new(None),
            recent: RwSignal::new(Vec::new()),
            saved: RwSignal::new(Vec::new()),
            exceptions: RwSignal::new(Vec::new()),
            link: RwSignal::new(None),
            proxy: RwSignal::new(None),
            fetching: RwSignal::new(false),
            view: RwSignal::new(View::Query),
            days: RwSignal::new(None),
            as_of: RwSignal::new(AsOf::CHOICES[0]),
            dialect: RwSignal::new(DialectChoice::Auto),
            translated: RwSignal::new(None),
            translating: RwSignal::new(false),
            asking: RwSignal::new(None),
            keep: RwSignal::new(Keep::Asking),
            compared: RwSignal::new(None),
            library: RwSignal::new(Library::default()),
            points: StoredValue::new(Vec::new()),
            pairs: StoredValue::new(Vec::new()),
            saved_at: RwSignal::new(Vec::new()),
            checked: StoredValue::new(None),
            figured: StoredValue::new(None),
            last_compared: StoredValue::new(None),
        }
    }

    /// Each account's latest loaded report, which the checks and the overview judge (tracked).
    pub fn latest(self) -> Vec<ReportSummary> {
        (self.reports).with(|r| credreport_core::latest(r).into_iter().cloned().collect())
    }

    /// What a share link carries now.
    pub fn shared(self) -> Shared {
        Shared {
            sql: self.sql.get_untracked(),
            canned: self.canned.get_untracked(),
            view: self.view.get_untracked(),
            days: self.days.get_untracked(),
            dialect: self.dialect.get_untracked(),
            compared: (self.view.get_untracked() == View::Compare)
                .then(|| self.compared.get_untracked())
                .flatten(),
        }
    }

    /// What the database says is loaded now. What the views last showed of what was loaded
    /// before goes: it answers nothing now, and a comparison of two large reports is tens of
    /// megabytes. The checks and the overview judge each account's latest report alone: while
    /// those are the same (an older report loaded beside them), what they showed stays.
    pub fn set_loaded(self, loaded: Loaded) {
        let same_latest = (self.reports).with_untracked(|before| {
            credreport_core::latest(before) == credreport_core::latest(&loaded.reports)
        });
        if !same_latest {
            self.checked.set_value(None);
            self.figured.set_value(None);
        }
        self.last_compared.set_value(None);
        self.reports.set(loaded.reports);
        self.users.set(loaded.users);
    }

    /// Nothing under way: no file read, fetch, load, translation or query (tracked, so an
    /// effect reading it runs again when that changes).
    pub fn idle(self) -> bool {
        self.busy.with(Option::is_none)
            && !self.loading.with(|l| l.any())
            && !self.fetching.get()
            && !self.translating.get()
            && !self.running.get()
    }

    /// What the box for the generation time of the report `sha256` holds at first: when its
    /// file was saved, where it was chosen from this device (tracked).
    pub fn offered_time(self, sha256: &str) -> Option<String> {
        self.saved_at.with(|s| offered(s, sha256))
    }

    /// Each loaded report that does not say when it was generated, with what its box holds:
    /// what the user typed into it (`typed`, by SHA-256), else the time it offers
    /// ([`State::offered_time`]). Boxes left empty are left out (tracked).
    pub fn time_boxes(self, typed: &HashMap<String, String>) -> Vec<TimeBox> {
        self.reports.with(|r| {
            (r.iter().filter(|r| r.generated_time.is_none()))
                .filter_map(|r| {
                    let (text, offered) = match typed.get(&r.sha256) {
                        Some(text) => (text.clone(), false),
                        None => (self.offered_time(&r.sha256)?, true),
                    };
                    (!text.trim().is_empty()).then(|| TimeBox {
                        to: r.sha256.clone(),
                        source: r.source.clone(),
                        text,
                        offered,
                    })
                })
                .collect()
        })
    }

    /// The editor holds the page's first query, [`DEFAULT_SQL`], still (tracked).
    pub fn holds_first_query(self) -> bool {
        self.sql.with(|s| s == DEFAULT_SQL)
    }

    /// Whether anything is loaded.
    pub fn loaded(self) -> bool {
        !self.reports.with(Vec::is_empty)
    }
}

/// Make the state for the page below; the App calls this once.
pub fn provide() -> State {
    let state = State::new();
    provide_context(state);
    crate::engine::keep_compared_with(move |pairs| state.keep_changes(pairs));
    state
}

/// The page's state, from any component under the App.
pub fn use_state() -> State {
    expect_context::<State>()
}

/// When the file of the report `sha256` was saved, among what the page learnt (`saved`), as a
/// time box offers it.
fn offered(saved: &[(String, i64)], sha256: &str) -> Option<String> {
    crate::logic::keep::saved_of(saved, sha256).and_then(credreport_core::values::saved_time)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::keep::tests::summary;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// *Use all N saved times* sent each file's saved time, whatever the user had typed into
    /// its box: a time put right in one box was lost. The boxes are sent as they stand.
    #[test]
    fn the_time_boxes_hold_what_was_typed_else_the_files_saved_time() {
        let ui = State::new();
        let undated = |sha: &str, source: &str| ReportSummary {
            source: source.into(),
            generated_time: None,
            ..summary(sha, "1", "", 1)
        };
        ui.reports.set(vec![
            undated("a", "aug.csv"),
            undated("b", "sep.csv"),
            undated("c", "oct.csv"),
            summary("d", "1", "2026-11-01 00:00:00", 1),
        ]);
        // 2026-08-01 and 2026-09-01 00:00:00 UTC; oct.csv offers none.
        ui.saved_at.set(vec![
            ("a".into(), 1_785_542_400_000),
            ("b".into(), 1_788_220_800_000),
        ]);
        let boxed = |typed: &[(&str, &str)]| -> Vec<(String, String, bool)> {
            let typed = (typed.iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            (ui.time_boxes(&typed).into_iter())
                .map(|b| (b.source, b.text, b.offered))
                .collect()
        };
        let own = |s: &str, t: &str, offered| (s.to_owned(), t.to_owned(), offered);
        assert_eq!(
            boxed(&[]),
            [
                own("aug.csv", "2026-08-01 00:00:00", true),
                own("sep.csv", "2026-09-01 00:00:00", true)
            ]
        );
        // Typed into: what was typed, even into a box that offered nothing; emptied: left out.
        assert_eq!(
            boxed(&[
                ("a", "2026-07-31 23:00:00"),
                ("b", " "),
                ("c", "2026-10-01")
            ]),
            [
                own("aug.csv", "2026-07-31 23:00:00", false),
                own("oct.csv", "2026-10-01", false)
            ]
        );
    }
}
