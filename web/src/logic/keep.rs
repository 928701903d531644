//! Reports kept on this device: the library's index (`library.json`) and what each kept load
//! is. A kept load is the files the user loaded, as they were (`<id>-<n>`), so opening the page
//! later loads them again exactly as the first time; the index says what they held. Beside them,
//! the pairs' changes the worker compared from kept reports (`changes.json`, [`KeptChanges`]).

use credreport_core::known::KnownChanges;
use credreport_core::protocol::Given;
use credreport_core::trend::KnownPoint;
use credreport_core::ReportSummary;
use serde::{Deserialize, Serialize};

use super::session::{account_named, generated_at};

/// The index's file name, beside the kept files.
pub const INDEX: &str = "library.json";

/// Everything kept: the loads, and the recent queries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Library {
    pub entries: Vec<Kept>,
    #[serde(default)]
    pub recent: Vec<String>,
    #[serde(default)]
    pub saved: Vec<SavedQuery>,
    /// The accepted exceptions, as the TOML file they import and export as.
    #[serde(default)]
    pub exceptions: String,
    /// The trend's points of kept reports ([`Library::keep_points`]), given back to the worker
    /// with each trend asked for, so *Over time* on a later visit judges only reports it has
    /// not judged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<KnownPoint>,
}

/// The file the pairs' changes of kept reports are kept in, beside the index.
pub const CHANGES: &str = "changes.json";

/// Each pair of kept reports' changes ([`KeptChanges::keep`]), given back to the worker with the
/// kept loads, so the changes table's first read on a later visit compares only the pairs it has
/// not compared. A file apart from the index ([`CHANGES`]): a year of weekly reports' changes
/// weighs megabytes, and the index is read and written again with each query run (the recent
/// list), these only as pairs are compared or their reports go.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KeptChanges {
    pub pairs: Vec<KnownChanges>,
}

/// How many of the trend's points are kept per kept report, at most: one per threshold the user
/// judged with, up to this many, the latest kept.
pub const POINTS_PER_REPORT: usize = 4;

/// A query the user saved under a name, with its dialect (`auto`, `sqlite`, `postgres`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedQuery {
    pub name: String,
    pub sql: String,
    pub dialect: String,
}

/// This tab's recent and saved queries and accepted exceptions (`recent`, `saved`,
/// `exceptions`) made what the device's list (`stored`) holds with this tab's changes since
/// `base` applied to it: `base` is the list as this tab last read or wrote it (empty for a tab
/// that has not kept yet), so what another tab changed since then stands beside what this one
/// changed. Queries run here since `base` go first among the recent ones; a query saved here
/// (new, or saved again) replaces the one under its name, and one removed here is removed; an
/// exception accepted here is added, and one removed here (or left out of a file imported here)
/// is removed. A tab that turns keeping on after another keeps what that one kept: everything
/// it holds is its change.
pub fn merge_stored(
    base: &Library,
    stored: &Library,
    recent: &mut Vec<String>,
    saved: &mut Vec<SavedQuery>,
    exceptions: &mut Vec<credreport_core::exceptions::Exception>,
) {
    // Run here since `base`: the fewest newest queries that, taken out of `base`'s (running one
    // again moves it to the front), leave the rest as `base` has them.
    let run_here = (0..=recent.len())
        .find(|&k| {
            let (ran, rest) = recent.split_at(k);
            base.recent
                .iter()
                .filter(|q| !ran.contains(q))
                .take(rest.len())
                .eq(rest.iter())
        })
        .unwrap_or(recent.len());
    let mut merged = stored.recent.clone();
    for q in recent[..run_here].iter().rev() {
        super::session::remember(&mut merged, q);
    }
    *recent = merged;

    let mut merged = stored.saved.clone();
    merged.retain(|q| {
        !base.saved.iter().any(|b| b.name == q.name) || saved.iter().any(|s| s.name == q.name)
    });
    for q in saved.iter().rev().filter(|q| !base.saved.contains(q)) {
        merged.retain(|m| m.name != q.name);
        merged.insert(0, q.clone());
    }
    *saved = merged;

    // Written by this page, so they read back; should they not, nothing is lost but them.
    let read = |toml: &str| credreport_core::exceptions::parse(toml).unwrap_or_default();
    let same = |a: &credreport_core::exceptions::Exception,
                b: &credreport_core::exceptions::Exception| {
        (&a.check, &a.user, &a.account, &a.reason, a.expires)
            == (&b.check, &b.user, &b.account, &b.reason, b.expires)
    };
    let was = read(&base.exceptions);
    let mut merged = read(&stored.exceptions);
    merged.retain(|e| !was.iter().any(|w| same(w, e)) || exceptions.iter().any(|m| same(m, e)));
    for e in exceptions
        .iter()
        .filter(|e| !was.iter().any(|w| same(w, e)))
    {
        if !merged.iter().any(|m| same(m, e)) {
            merged.push(e.clone());
        }
    }
    *exceptions = merged;
}

/// Save `sql` as `name` (a query saved under the same name is replaced), newest first; the
/// error says what is missing.
pub fn save(
    saved: &mut Vec<SavedQuery>,
    name: &str,
    sql: &str,
    dialect: credreport_core::DialectChoice,
) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("give the query a name to save it under".into());
    }
    if sql.trim().is_empty() {
        return Err("the editor is empty: there is no query to save".into());
    }
    saved.retain(|q| q.name != name);
    saved.insert(
        0,
        SavedQuery {
            name: name.to_owned(),
            sql: sql.to_owned(),
            dialect: dialect.as_str().to_owned(),
        },
    );
    Ok(())
}

/// One kept load: its files and the reports they held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    /// SHA-256 of the files' names and bytes: the same load is kept once.
    pub id: String,
    pub names: Vec<String>,
    pub sizes: Vec<usize>,
    pub reports: Vec<KeptReport>,
    /// Loaded when the page opens.
    pub load: bool,
    /// Written by lists kept before each report kept what it was given
    /// ([`KeptReport::given_time`]): the time last given to any undated report of the load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_time: Option<String>,
    /// When each file was last saved, in `names` order ([`saved_of`]): the box for an undated
    /// report's time offers it on every visit, not only the one that chose the file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub saved: Vec<i64>,
}

/// When the file `name` was last saved, among what the page learnt (names, or reports'
/// SHA-256 as `State::saved_at` keeps them, and milliseconds since 1970; the latest last), if
/// it did.
pub fn saved_of(saved_at: &[(String, i64)], name: &str) -> Option<i64> {
    (saved_at.iter().rev())
        .find(|(n, _)| n == name)
        .map(|(_, ms)| *ms)
}

/// What a kept report is, for the library's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeptReport {
    pub account_id: Option<String>,
    pub generated_time: Option<String>,
    pub users: usize,
    /// The report's SHA-256 (`ReportSummary::sha256`): which loaded report it is.
    #[serde(default)]
    pub sha256: String,
    /// The domain its users log on at (`ReportSummary::logon_domain`), which names the account
    /// of a report that does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logon_domain: Option<String>,
    /// The generation time the user gave it, as it does not say its own (a console CSV never
    /// does): given to it again each time its load is loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_time: Option<String>,
    /// The account the user gave it, as it names none (a console CSV of an account with an
    /// alias): given to it again each time its load is loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_account: Option<String>,
    /// With `given_account`: the report at its alias whose account a load gave it, where the
    /// user did not (`ReportSummary::account_from`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_from: Option<String>,
}

/// A piece of what a kept load's id digests: bytes the id adds, or a file's own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IdPart<'a, B> {
    Added(&'a [u8]),
    File(B),
}

impl Kept {
    /// What a load's id is the SHA-256 of, in order: each file's name, a zero byte, its bytes
    /// and a zero byte. (The page has the browser digest them where it can, `state::keeping`.)
    pub fn id_parts<'a, B: 'a>(
        files: impl IntoIterator<Item = (&'a str, B)>,
    ) -> impl Iterator<Item = IdPart<'a, B>> {
        files.into_iter().flat_map(|(name, bytes)| {
            [
                IdPart::Added(name.as_bytes()),
                IdPart::Added(&[0u8][..]),
                IdPart::File(bytes),
                IdPart::Added(&[0u8][..]),
            ]
        })
    }

    /// A load's id, digested here.
    pub fn id_of(files: &[(String, Vec<u8>)]) -> String {
        credreport_core::report::sha256_hex(
            Self::id_parts(files.iter().map(|(n, b)| (n.as_str(), b.as_slice()))).map(|part| {
                match part {
                    IdPart::Added(bytes) | IdPart::File(bytes) => bytes,
                }
            }),
        )
    }

    /// A load to keep: its id, its files' names and sizes, and the reports it added.
    pub fn new(id: String, names: Vec<String>, sizes: Vec<usize>, added: &[ReportSummary]) -> Kept {
        Kept {
            id,
            names,
            sizes,
            reports: added
                .iter()
                .map(|r| KeptReport {
                    account_id: r.account_id.clone(),
                    generated_time: r.generated_time.clone(),
                    users: r.rows,
                    sha256: r.sha256.clone(),
                    logon_domain: r.logon_domain.clone(),
                    given_time: r.generated_time.clone().filter(|_| r.time_given),
                    given_account: r.account_id.clone().filter(|_| r.account_given),
                    account_from: r.account_from.clone().filter(|_| r.account_given),
                })
                .collect(),
            load: true,
            given_time: None,
            saved: Vec::new(),
        }
    }

    /// When each of its files was saved, from what the page learnt of them (0 where nothing).
    pub fn with_saved(mut self, saved_at: &[(String, i64)]) -> Kept {
        self.saved = (self.names.iter())
            .map(|n| saved_of(saved_at, n).unwrap_or(0))
            .collect();
        if self.saved.iter().all(|ms| *ms == 0) {
            self.saved.clear();
        }
        self
    }

    /// When its files were saved, as the page learns them ([`saved_of`]).
    pub fn saved_at(&self) -> impl Iterator<Item = (String, i64)> + '_ {
        (self.names.iter().cloned())
            .zip(self.saved.iter().copied())
            .filter(|(_, ms)| *ms > 0)
    }

    /// What to give this load's reports again when it loads: what each was given. A list kept
    /// before each report kept its own had the load's time given to every undated report, and
    /// set each given report's time: each report is offered that time, which one that states
    /// its own ignores.
    pub fn given(&self) -> Vec<Given> {
        let mut given: Vec<Given> = (self.reports.iter())
            .filter(|r| r.given_time.is_some() || r.given_account.is_some())
            .map(|r| Given {
                to: r.sha256.clone(),
                generated_time: r.given_time.clone(),
                account_id: r.given_account.clone(),
                account_from: r.account_from.clone(),
            })
            .collect();
        if let Some(time) = &self.given_time {
            let legacy = |r: &KeptReport| match r.sha256.as_str() {
                "" => Given {
                    generated_time: Some(time.clone()),
                    ..Given::default()
                },
                sha256 => Given {
                    to: sha256.to_owned(),
                    generated_time: r.generated_time.clone(),
                    ..Given::default()
                },
            };
            given.extend((self.reports.iter().filter(|r| r.given_time.is_none())).map(legacy));
        }
        given
    }

    /// The stored file of the `n`th input.
    pub fn file(&self, n: usize) -> String {
        format!("{}-{n}", self.id)
    }

    pub fn files(&self) -> impl Iterator<Item = String> + '_ {
        (0..self.names.len()).map(|n| self.file(n))
    }

    pub fn bytes(&self) -> usize {
        self.sizes.iter().sum()
    }

    /// Where it stands in the library ([`Library::entries`]): by the latest generation time of
    /// its reports (as stated or given; the core writes every time alike, so as text they sort
    /// as times), ordered as reports are (`time_order`: a load whose reports state none after
    /// every dated one).
    fn place(&self) -> (bool, Option<&str>) {
        credreport_core::time_order(
            (self.reports.iter())
                .filter_map(|r| r.generated_time.as_deref())
                .max(),
        )
    }

    pub fn users(&self) -> usize {
        self.reports.iter().map(|r| r.users).sum()
    }

    /// "account 1234…, generated 2024-05-01 09:10:11 UTC" for each report, "; "-joined, as
    /// `words::listed` lists: a year's weekly reports kept in one load is a line, not a screen.
    pub fn describe(&self) -> String {
        let one = |r: &KeptReport| {
            format!(
                "{}, {}",
                account_named(
                    r.account_id.as_deref(),
                    r.logon_domain.as_deref(),
                    r.given_account.is_some(),
                    r.account_from.as_deref(),
                ),
                match &r.generated_time {
                    Some(t) => format!(
                        "generated {}",
                        generated_at(
                            t,
                            r.given_time.as_ref() == Some(t) || self.given_time.as_ref() == Some(t)
                        )
                    ),
                    None => "generation time unknown".into(),
                }
            )
        };
        let each: Vec<String> = self.reports.iter().map(one).collect();
        credreport_core::words::listed_apart(&each, "; ")
    }
}

/// The SHA-256 of every report of `entries`.
fn kept_reports(entries: &[Kept]) -> std::collections::HashSet<&str> {
    (entries.iter())
        .flat_map(|e| e.reports.iter().map(|r| r.sha256.as_str()))
        .filter(|sha| !sha.is_empty())
        .collect()
}

/// What the worker worked out from some reports, kept with them and given back to it on a
/// later visit: a trend's point, a pair's changes.
trait Known {
    /// What it was worked out from, with the build that did it, as one digest.
    fn key(&self) -> &str;
    /// The SHA-256 of each report it was worked out from.
    fn reports(&self) -> &[String];
    /// Whether `newer` replaces it: worked out from the same reports (by another build, or
    /// after a time was given).
    fn replaced_by(&self, newer: &Self) -> bool;
}

impl Known for KnownPoint {
    fn key(&self) -> &str {
        &self.key
    }
    fn reports(&self) -> &[String] {
        &self.reports
    }
    /// With the same threshold too: a point per threshold is kept.
    fn replaced_by(&self, newer: &Self) -> bool {
        self.days == newer.days && self.reports == newer.reports
    }
}

impl Known for KnownChanges {
    fn key(&self) -> &str {
        &self.key
    }
    fn reports(&self) -> &[String] {
        &self.reports
    }
    fn replaced_by(&self, newer: &Self) -> bool {
        self.reports == newer.reports
    }
}

/// Keep in `held` each of `new` worked out from reports of `entries` alone, unless its key is
/// held already, in place of one it replaces; what no longer has all its reports kept goes.
/// Whether anything changed.
fn keep_known<T: Known>(held: &mut Vec<T>, new: Vec<T>, entries: &[Kept]) -> bool {
    let before = held.len();
    let kept = kept_reports(entries);
    let of_kept = |k: &T| k.reports().iter().all(|r| kept.contains(r.as_str()));
    let mut changed = false;
    for newer in new.into_iter().filter(|k| of_kept(k)) {
        if held.iter().any(|h| h.key() == newer.key()) {
            continue;
        }
        held.retain(|h| !h.replaced_by(&newer));
        held.push(newer);
        changed = true;
    }
    held.retain(of_kept);
    changed || held.len() != before
}

impl KeptChanges {
    /// As stored. Damaged, none: they are only what the worker compares again when they are
    /// not given it.
    pub fn read(bytes: &[u8]) -> KeptChanges {
        serde_json::from_slice(bytes).unwrap_or_default()
    }

    pub fn write(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Keep the pairs' changes the worker compared (`compared`) that were compared from reports
    /// `library` keeps alone, each replacing one compared from the same reports (a build before,
    /// a time given since); those of reports it no longer keeps go. Whether anything changed.
    pub fn keep(&mut self, compared: Vec<KnownChanges>, library: &Library) -> bool {
        keep_known(&mut self.pairs, compared, &library.entries)
    }

    /// The pairs' changes to give the worker with `load`: those compared from any of its
    /// reports (a pair whose other report loads later is taken once both are loaded).
    pub fn of_load(&self, load: &Kept) -> Vec<KnownChanges> {
        let of_it = |c: &&KnownChanges| {
            (c.reports.iter()).any(|r| load.reports.iter().any(|k| &k.sha256 == r))
        };
        self.pairs.iter().filter(of_it).cloned().collect()
    }
}

impl Library {
    /// The index as stored; a damaged one says so rather than losing what it lists silently.
    pub fn read(bytes: &[u8]) -> Result<Library, String> {
        let mut library: Library = serde_json::from_slice(bytes).map_err(|e| {
            format!("the list of kept reports is damaged ({e}); forget everything on this device to start again")
        })?;
        // A list kept by a build that listed its loads as their keeping ended.
        library.put_in_order();
        Ok(library)
    }

    /// The loads oldest first, whatever order they were kept in (a review loads last year's
    /// report after this month's; several loads at once end their keeping in any order), as
    /// the list shows them and the page loads them on opening: by [`Kept::place`], in the order
    /// kept where that is the same, so undated reports load, and are compared, as first given.
    fn put_in_order(&mut self) {
        self.entries.sort_by(|a, b| a.place().cmp(&b.place()));
    }

    pub fn write(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    /// Keep `kept`, unless the same load is kept already: whether it was added.
    pub fn add(&mut self, kept: Kept) -> bool {
        if self.entries.iter().any(|e| e.id == kept.id) {
            return false;
        }
        self.entries.push(kept);
        self.put_in_order();
        true
    }

    /// Remove a kept load, and the trend's points judged from any of its reports (its pairs'
    /// changes go as [`KeptChanges::keep`] is next given the library).
    pub fn remove(&mut self, id: &str) -> Option<Kept> {
        let at = self.entries.iter().position(|e| e.id == id)?;
        let removed = self.entries.remove(at);
        self.keep_points(Vec::new());
        Some(removed)
    }

    /// Keep the trend's points the worker answered with (`points`, each dated report's) that
    /// were judged from kept reports alone, each replacing one judged from the same reports with
    /// the same threshold (a time given since, a build before); the points of reports no longer
    /// kept go. Whether anything changed.
    pub fn keep_points(&mut self, points: Vec<KnownPoint>) -> bool {
        let before = self.points.len();
        let changed = keep_known(&mut self.points, points, &self.entries);
        // The latest last: past the limit, the earliest go.
        let most = POINTS_PER_REPORT * kept_reports(&self.entries).len();
        if self.points.len() > most {
            self.points.drain(..self.points.len() - most);
        }
        changed || self.points.len() != before
    }

    /// Whether `id` loads when the page opens.
    pub fn set_load(&mut self, id: &str, load: bool) {
        if let Some(e) = self.entries.iter_mut().find(|e| e.id == id) {
            e.load = load;
        }
    }

    /// After the user gave loaded reports what they do not say (a generation time, an
    /// account): each kept report among `loaded` (by its SHA-256) keeps what it was given, to be
    /// given it again when its load loads later. Whether anything changed.
    pub fn keep_given(&mut self, loaded: &[ReportSummary]) -> bool {
        let mut changed = false;
        for entry in self.entries.iter_mut() {
            let names = &entry.names;
            for kept in entry.reports.iter_mut() {
                // A list written before it named each report's SHA-256: by the file's name.
                let same = |r: &&ReportSummary| match kept.sha256.as_str() {
                    "" => names.iter().any(|n| n == r.file()),
                    sha256 => r.sha256 == sha256,
                };
                let Some(now) = loaded.iter().find(same) else {
                    continue;
                };
                // What is given again replaces what was given before (a typo put right).
                if now.time_given && kept.given_time != now.generated_time {
                    kept.given_time = now.generated_time.clone();
                    kept.generated_time = now.generated_time.clone();
                    changed = true;
                }
                if now.account_given
                    && (kept.given_account != now.account_id
                        || kept.account_from != now.account_from)
                {
                    kept.given_account = now.account_id.clone();
                    kept.account_id = now.account_id.clone();
                    kept.account_from = now.account_from.clone();
                    changed = true;
                }
            }
        }
        if changed {
            // A time given moves its load to its place.
            self.put_in_order();
        }
        changed
    }

    /// The loads to load on opening, oldest first.
    pub fn to_load(&self) -> impl Iterator<Item = &Kept> {
        self.entries.iter().filter(|e| e.load)
    }
}

/// The loads to load on opening (`loads`, oldest first) with those that hold each account's
/// latest report first, and how many those are: the page answers its query once they are in,
/// before the older loads, where the query reads nothing but the latest reports
/// (`logic::loads`). Put first only where the order cannot change what is loaded: every report
/// states, or was given, its time and its account; each account's latest report is one report;
/// and the accounts come first in the order they did (the order the page lists them in).
/// Otherwise as they are, all of them first.
pub fn latest_first(loads: Vec<Kept>) -> (Vec<Kept>, usize) {
    let all = loads.len();
    // Each account's latest report, and whether no other report of the account has its time.
    struct Latest<'a> {
        account: &'a str,
        time: &'a str,
        sha256: &'a str,
        /// The first load that holds it.
        load: usize,
        alone: bool,
    }
    let mut latest: Vec<Latest> = Vec::new();
    for (load, r) in
        (loads.iter().enumerate()).flat_map(|(n, k)| k.reports.iter().map(move |r| (n, r)))
    {
        let (Some(account), Some(time)) = (r.account_id.as_deref(), r.generated_time.as_deref())
        else {
            return (loads, all);
        };
        let this = Latest {
            account,
            time,
            sha256: &r.sha256,
            load,
            alone: true,
        };
        match latest.iter_mut().find(|l| l.account == account) {
            None => latest.push(this),
            // The core writes every time alike: as text they sort as times.
            Some(l) if time > l.time => *l = this,
            Some(l) if time == l.time && this.sha256 != l.sha256 => l.alone = false,
            Some(_) => {}
        }
    }
    if latest.iter().any(|l| !l.alone) {
        return (loads, all);
    }
    // In the order the accounts came.
    let mut first: Vec<usize> = Vec::new();
    for l in &latest {
        if !first.contains(&l.load) {
            first.push(l.load);
        }
    }
    let order: Vec<usize> = (first.iter().copied())
        .chain((0..all).filter(|n| !first.contains(n)))
        .collect();
    let accounts = |order: &mut dyn Iterator<Item = usize>| {
        let mut seen: Vec<&str> = Vec::new();
        for r in order.flat_map(|n| loads[n].reports.iter()) {
            let account = r.account_id.as_deref().unwrap_or_default();
            if !seen.contains(&account) {
                seen.push(account);
            }
        }
        seen
    };
    if accounts(&mut order.iter().copied()) != accounts(&mut (0..all)) {
        return (loads, all);
    }
    let count = first.len();
    let mut slots: Vec<Option<Kept>> = loads.into_iter().map(Some).collect();
    let ordered = (order.into_iter())
        .filter_map(|n| slots[n].take())
        .collect();
    (ordered, count)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// A loaded report's summary, for the page's tests.
    pub(crate) fn summary(sha: &str, account: &str, time: &str, rows: usize) -> ReportSummary {
        ReportSummary {
            source: "r.csv".into(),
            numbered_from: None,
            form: credreport_core::Form::Csv,
            pages: 1,
            rows,
            account_id: Some(account.into()),
            generated_time: Some(time.into()),
            extra_columns: vec![],
            warnings: vec![],
            warnings_dropped: 0,
            sha256: sha.into(),
            time_given: false,
            account_given: false,
            account_from: None,
            logon_domain: None,
        }
    }

    fn kept(files: &[(String, Vec<u8>)], added: &[ReportSummary]) -> Kept {
        Kept::new(
            Kept::id_of(files),
            files.iter().map(|(n, _)| n.clone()).collect(),
            files.iter().map(|(_, b)| b.len()).collect(),
            added,
        )
    }

    #[test]
    fn the_same_load_is_kept_once_and_another_beside_it() {
        let a = vec![("a.csv".to_owned(), b"user\nx\n".to_vec())];
        let b = vec![("a.csv".to_owned(), b"user\ny\n".to_vec())];
        let mut library = Library::default();
        assert!(library.add(kept(&a, &[])));
        assert!(!library.add(kept(&a, &[])));
        assert!(library.add(kept(&b, &[])));
        assert_eq!(library.entries.len(), 2);
        let first = library.entries[0].clone();
        assert_eq!(
            first.files().collect::<Vec<_>>(),
            [format!("{}-0", first.id)]
        );
        assert_eq!(first.bytes(), 7);
        library.set_load(&first.id, false);
        assert_eq!(library.to_load().count(), 1);
        assert_eq!(
            library.remove(&first.id),
            Some(Kept {
                load: false,
                ..first
            })
        );
        assert_eq!(library.entries.len(), 1);
    }

    /// Regression: the list showed, and loaded on opening, the loads in the order their keeping
    /// ended: weekly reports kept one after another came out as weeks 10, 12, 11, 14, 15, 13.
    #[test]
    fn the_kept_loads_are_listed_oldest_first_whatever_order_they_were_kept_in() {
        let load = |name: &str, times: &[Option<&str>]| {
            let reports: Vec<ReportSummary> = (times.iter())
                .map(|t| ReportSummary {
                    generated_time: t.map(str::to_owned),
                    ..summary(name, "123", "", 3)
                })
                .collect();
            kept(&[(name.to_owned(), name.as_bytes().to_vec())], &reports)
        };
        let names = |l: &Library| -> Vec<String> {
            (l.entries.iter()).map(|e| e.names[0].clone()).collect()
        };
        let mut library = Library::default();
        library.add(load("undated-1.csv", &[None]));
        library.add(load("week-12.json", &[Some("2025-10-16 00:00:00")]));
        library.add(load("week-11.json", &[Some("2025-10-09 00:00:00")]));
        library.add(load("undated-2.csv", &[None]));
        // A load of two reports stands by the later.
        library.add(load(
            "two.json",
            &[Some("2025-10-23 00:00:00"), Some("2025-01-01 00:00:00")],
        ));
        library.add(load("week-10.json", &[Some("2025-10-02 00:00:00")]));
        let in_order = [
            "week-10.json",
            "week-11.json",
            "week-12.json",
            "two.json",
            "undated-1.csv",
            "undated-2.csv",
        ];
        assert_eq!(names(&library), in_order);
        assert_eq!(
            (library.to_load().map(|e| e.names[0].as_str())).collect::<Vec<_>>(),
            in_order
        );

        // A list an earlier build wrote in the order kept reads back in order.
        let mut earlier = library.clone();
        earlier.entries = [2, 3, 0, 4, 1, 5]
            .map(|i| library.entries[i].clone())
            .to_vec();
        assert_eq!(names(&Library::read(&earlier.write()).unwrap()), in_order);

        // A time given to an undated report moves its load to its place.
        let given = ReportSummary {
            generated_time: Some("2025-10-05 00:00:00".into()),
            time_given: true,
            ..summary("undated-2.csv", "123", "", 3)
        };
        assert!(library.keep_given(&[given]));
        assert_eq!(
            names(&library),
            [
                "week-10.json",
                "undated-2.csv",
                "week-11.json",
                "week-12.json",
                "two.json",
                "undated-1.csv",
            ]
        );
    }

    /// The page opening with kept reports loads first the loads that hold each account's
    /// latest report (its query answers once they are in), then the older ones, where the order
    /// cannot change what is loaded; else in the list's order.
    #[test]
    fn each_accounts_latest_report_is_loaded_first_where_the_order_changes_nothing() {
        let report = |sha: &str, account: Option<&str>, time: Option<&str>| ReportSummary {
            account_id: account.map(str::to_owned),
            generated_time: time.map(str::to_owned),
            ..summary(sha, "", "", 3)
        };
        let load = |name: &str, reports: &[ReportSummary]| {
            kept(&[(name.to_owned(), name.as_bytes().to_vec())], reports)
        };
        let (a, b) = (Some("111"), Some("222"));
        let month = |n: u32, account: Option<&str>| {
            let sha = format!("{}-{n}", account.unwrap_or("none"));
            let time = format!("2026-{n:02}-01 00:00:00");
            load(&sha.clone(), &[report(&sha, account, Some(&time))])
        };
        let order = |loads: &[Kept]| -> (Vec<String>, usize) {
            let (ordered, first) = latest_first(loads.to_vec());
            (
                (ordered.iter()).map(|k| k.names[0].clone()).collect(),
                first,
            )
        };
        let names = |n: &[&str]| -> Vec<String> { n.iter().map(|s| s.to_string()).collect() };

        // One account's months: the latest first, then the others as they were.
        let months = [month(9, a), month(10, a), month(11, a)];
        assert_eq!(order(&months), (names(&["111-11", "111-9", "111-10"]), 1));
        // Two accounts: each one's latest, the accounts in the order they came.
        let two = [
            month(8, a),
            month(9, b),
            month(10, b),
            month(11, a),
            month(7, b),
        ];
        assert_eq!(
            order(&two),
            (names(&["111-11", "222-10", "111-8", "222-9", "222-7"]), 2)
        );
        let b_first = [month(9, b), month(8, a), month(10, b), month(11, a)];
        assert_eq!(
            order(&b_first),
            (names(&["222-10", "111-11", "222-9", "111-8"]), 2)
        );
        // As they are, all first: a report that does not say when it was generated, or whose
        // account is not known, or an account's latest time held by two reports.
        let as_they_are = |loads: &[Kept]| {
            let listed: Vec<String> = loads.iter().map(|k| k.names[0].clone()).collect();
            assert_eq!(order(loads), (listed.clone(), listed.len()), "{listed:?}");
        };
        as_they_are(&[month(9, a), load("undated", &[report("u", a, None)])]);
        as_they_are(&[month(9, a), month(10, None)]);
        let again = load("again", &[report("other", a, Some("2026-11-01 00:00:00"))]);
        as_they_are(&[month(10, a), month(11, a), again]);
        // A load of both accounts' latest that names the other account first would list them
        // in another order.
        let both = load(
            "both",
            &[
                report("b", b, Some("2026-11-01 00:00:00")),
                report("a", a, Some("2026-11-01 00:00:00")),
            ],
        );
        as_they_are(&[month(9, a), month(9, b), both]);
        // The same report in two loads is one report: the first load that holds it loads it.
        let same = load("same", &[report("111-11", a, Some("2026-11-01 00:00:00"))]);
        assert_eq!(
            order(&[month(10, a), month(11, a), same]),
            (names(&["111-11", "111-10", "same"]), 1)
        );
    }

    /// Regression: a year of weekly reports kept in one load was listed by every file's name,
    /// then every report's account and time: a screen of text for one item of the list.
    #[test]
    fn a_year_of_weekly_reports_kept_together_is_described_in_a_line() {
        let files: Vec<(String, Vec<u8>)> = (1..=52)
            .map(|week| (format!("week-{week:02}.json"), vec![week]))
            .collect();
        let reports: Vec<ReportSummary> = (1..=52)
            .map(|week| {
                summary(
                    "s",
                    "123",
                    &format!("2026-{:02}-01 00:00:00", week % 12 + 1),
                    3,
                )
            })
            .collect();
        let k = kept(&files, &reports);
        assert_eq!(
            credreport_core::words::listed(&k.names),
            "week-01.json, week-02.json, week-03.json and 49 more"
        );
        assert_eq!(
            k.describe(),
            "account 123, generated 2026-02-01 00:00:00 UTC; account 123, generated 2026-03-01 00:00:00 UTC; account 123, generated 2026-04-01 00:00:00 UTC and 49 more"
        );
        assert_eq!(k.users(), 156);
    }

    #[test]
    fn the_index_reads_back_and_a_damaged_one_says_what_to_do() {
        let mut library = Library::default();
        let r = summary("s", "123", "2024-05-01 09:10:11", 10);
        library.add(kept(&[("a.csv".into(), vec![1])], &[r]));
        library.recent = vec!["select 1".into()];
        assert_eq!(Library::read(&library.write()).unwrap(), library);
        let e = Library::read(b"{not json").unwrap_err();
        assert!(e.contains("forget everything"), "{e}");
        assert_eq!(
            library.entries[0].describe(),
            "account 123, generated 2024-05-01 09:10:11 UTC"
        );
        assert_eq!(library.entries[0].users(), 10);
        // A console CSV of an account with an alias is named by its users' logon domain, read
        // back as it was kept.
        let alias = ReportSummary {
            account_id: None,
            generated_time: None,
            logon_domain: Some("corp.onaliyun.com".into()),
            ..summary("t", "", "", 5)
        };
        library.add(kept(&[("b.csv".into(), vec![2])], &[alias]));
        let read = Library::read(&library.write()).unwrap();
        assert_eq!(
            read.entries.iter().map(Kept::describe).collect::<Vec<_>>(),
            [
                "account 123, generated 2024-05-01 09:10:11 UTC",
                "account …@corp.onaliyun.com, generation time unknown"
            ]
        );
    }

    /// Regression (periodic review): a console CSV kept on the device loaded again undated
    /// each time the page opened, whatever time the user had given it, so last month's and this
    /// month's could never be compared once the page was closed.
    #[test]
    fn a_time_given_to_a_kept_load_is_kept_with_it() {
        let undated = |sha: &str| ReportSummary {
            generated_time: None,
            ..summary(sha, "123", "-", 5)
        };
        let mut library = Library::default();
        library.add(kept(&[("oct.csv".into(), vec![1])], &[undated("oct")]));
        library.add(kept(&[("nov.csv".into(), vec![2])], &[undated("nov")]));
        library.add(kept(
            &[("x.json".into(), vec![3])],
            &[summary("x", "9", "2024-01-01 00:00:00", 1)],
        ));
        assert!(library.entries.iter().all(|e| e.given().is_empty()));
        // October given its time; November not (yet).
        let loaded = [
            ReportSummary {
                time_given: true,
                ..summary("oct", "123", "2026-10-01 00:00:00", 5)
            },
            undated("nov"),
        ];
        assert!(library.keep_given(&loaded));
        assert!(!library.keep_given(&loaded), "once");
        let given: Vec<Vec<Given>> = library.entries.iter().map(Kept::given).collect();
        let october = Given {
            to: "oct".into(),
            generated_time: Some("2026-10-01 00:00:00".into()),
            ..Given::default()
        };
        // Listed by time: the 2024 report, then October, then November, which has none.
        assert_eq!(given, [vec![], vec![october.clone()], vec![]]);
        assert_eq!(
            library.entries[1].describe(),
            "account 123, generated 2026-10-01 00:00:00 UTC (as you gave it)"
        );
        // Read back from the device as written; an index written before given times reads too.
        assert_eq!(Library::read(&library.write()).unwrap(), library);
        let mut older = Library::read(br#"{"entries":[{"id":"i","names":["nov.csv"],"sizes":[2],"reports":[{"account_id":"123","generated_time":null,"users":5}],"load":true}]}"#).unwrap();
        let nov = ReportSummary {
            source: "nov.csv".into(),
            time_given: true,
            ..summary("nov", "123", "2026-11-01 00:00:00", 5)
        };
        assert!(older.keep_given(&[nov]), "named by its file");
        assert_eq!(
            older.entries[0].reports[0].given_time.as_deref(),
            Some("2026-11-01 00:00:00")
        );
        // A load kept after its time was given (keeping turned on later) keeps it too.
        let later = kept(&[("oct.csv".into(), vec![1])], &loaded[..1]);
        assert_eq!(later.given(), [october]);
    }

    /// An undated kept report offers, on a later visit too, when its file was saved: kept with
    /// it, per file, the latest learnt of each name.
    #[test]
    fn when_a_kept_file_was_saved_is_kept_with_it() {
        let files = [("oct.csv".into(), vec![1]), ("nov.csv".into(), vec![2])];
        let learnt = [
            ("oct.csv".to_owned(), 1),
            ("nov.csv".to_owned(), 5),
            ("oct.csv".to_owned(), 7),
        ];
        let mut library = Library::default();
        library.add(kept(&files, &[]).with_saved(&learnt));
        let read = Library::read(&library.write()).unwrap();
        assert_eq!(
            read.entries[0].saved_at().collect::<Vec<_>>(),
            [("oct.csv".to_owned(), 7), ("nov.csv".to_owned(), 5)]
        );
        // Nothing learnt (pasted, fetched): nothing kept, and nothing written.
        let pasted = kept(&files, &[]).with_saved(&[]);
        assert!(pasted.saved.is_empty());
        assert!(!serde_json::to_string(&pasted).unwrap().contains("saved"));
    }

    /// Regression: two console CSVs kept as one load (chosen together), each given a time of
    /// its own, kept one time for the load, the last given, and came back both at it. Each
    /// keeps its own now, with the account the user gave it; a list written the old way gives
    /// each report the time it kept.
    #[test]
    fn two_reports_of_one_kept_load_keep_each_what_it_was_given() {
        let undated = |sha: &str| ReportSummary {
            generated_time: None,
            account_id: None,
            ..summary(sha, "-", "-", 5)
        };
        let files = [("oct.csv".into(), vec![1]), ("nov.csv".into(), vec![2])];
        let mut library = Library::default();
        library.add(kept(&files, &[undated("oct"), undated("nov")]));
        let given = |sha: &str, time: &str| ReportSummary {
            time_given: true,
            account_given: true,
            ..summary(sha, "5555", time, 5)
        };
        let loaded = [
            given("oct", "2026-10-01 00:00:00"),
            given("nov", "2026-11-01 00:00:00"),
        ];
        // A typo put right: the account given again replaces the one kept.
        let typo = loaded.clone().map(|r| ReportSummary {
            account_id: Some("5556".into()),
            generated_time: Some("2026-09-09 00:00:00".into()),
            ..r
        });
        assert!(library.keep_given(&typo));
        assert!(library.keep_given(&loaded));
        assert!(!library.keep_given(&loaded), "once");
        let back = Library::read(&library.write()).unwrap();
        let each: Vec<(String, Option<String>, Option<String>)> = (back.entries[0].given())
            .into_iter()
            .map(|g| (g.to, g.generated_time, g.account_id))
            .collect();
        let five = Some("5555".to_owned());
        assert_eq!(
            each,
            [
                (
                    "oct".into(),
                    Some("2026-10-01 00:00:00".into()),
                    five.clone()
                ),
                ("nov".into(), Some("2026-11-01 00:00:00".into()), five)
            ]
        );
        assert_eq!(
            back.entries[0].describe(),
            "account 5555 (as you gave it), generated 2026-10-01 00:00:00 UTC (as you gave it); account 5555 (as you gave it), generated 2026-11-01 00:00:00 UTC (as you gave it)"
        );
        // As the old code wrote it: the load's time, the last given; each report's own time.
        let old = Library::read(br#"{"entries":[{"id":"i","names":["oct.csv","nov.csv"],"sizes":[1,1],"reports":[{"account_id":null,"generated_time":"2026-10-01 00:00:00","users":5,"sha256":"oct"},{"account_id":null,"generated_time":"2026-11-01 00:00:00","users":5,"sha256":"nov"}],"load":true,"given_time":"2026-11-01 00:00:00"}]}"#).unwrap();
        let times: Vec<(String, Option<String>)> = (old.entries[0].given())
            .into_iter()
            .map(|g| (g.to, g.generated_time))
            .collect();
        assert_eq!(
            times,
            [
                ("oct".into(), Some("2026-10-01 00:00:00".into())),
                ("nov".into(), Some("2026-11-01 00:00:00".into()))
            ]
        );
    }

    /// Regression: an account a load took from the alias's other reports (next month's console
    /// CSV) read "(as you gave it)" once kept, though the user gave it to no report of that
    /// load. It is kept with the report it came from, and said so; given by the user later,
    /// it is theirs.
    #[test]
    fn an_account_taken_from_the_alias_is_kept_as_taken() {
        let files = [("nov.csv".into(), vec![1])];
        let time = "2026-11-01 00:00:00";
        let mut library = Library::default();
        let undated = ReportSummary {
            account_id: None,
            ..summary("nov", "-", time, 5)
        };
        library.add(kept(&files, &[undated]));
        let taken = ReportSummary {
            account_given: true,
            account_from: Some("oct.csv".into()),
            ..summary("nov", "5555", time, 5)
        };
        assert!(library.keep_given(std::slice::from_ref(&taken)));
        let back = Library::read(&library.write()).unwrap();
        let given = back.entries[0].given();
        assert_eq!(given[0].account_id.as_deref(), Some("5555"));
        assert_eq!(given[0].account_from.as_deref(), Some("oct.csv"));
        assert_eq!(
            back.entries[0].describe(),
            format!("account 5555 (as oct.csv is, at the same alias), generated {time} UTC")
        );
        let by_user = ReportSummary {
            account_from: None,
            ..taken
        };
        assert!(library.keep_given(&[by_user]));
        assert_eq!(library.entries[0].given()[0].account_from, None);
        assert!(library.entries[0]
            .describe()
            .starts_with("account 5555 (as you gave it), "));
    }

    /// A trend point judged from `reports` with the threshold `days`, keyed `key`.
    fn point(key: &str, days: Option<i64>, reports: &[&str]) -> KnownPoint {
        KnownPoint {
            key: key.into(),
            days,
            reports: reports.iter().map(|r| r.to_string()).collect(),
            point: "{}".into(),
        }
    }

    /// The periodic review: *Over time* on a later visit takes the points judged before. Only
    /// kept reports' points are kept (what is not kept leaves nothing on the device), each
    /// threshold's latest, and they go with their report.
    #[test]
    fn the_trends_points_are_kept_with_their_reports_and_go_with_them() {
        let mut library = Library::default();
        library.add(kept(
            &[("march.json".into(), vec![1])],
            &[summary("march", "123", "2026-03-01 00:00:00", 5)],
        ));
        library.add(kept(
            &[("april.json".into(), vec![2])],
            &[summary("april", "123", "2026-04-01 00:00:00", 5)],
        ));
        let (march, april) = (point("m", None, &["march"]), point("a", None, &["april"]));
        let loaded_not_kept = point("x", None, &["may"]);
        assert!(library.keep_points(vec![march.clone(), april.clone(), loaded_not_kept]));
        assert_eq!(library.points, [march.clone(), april.clone()]);
        assert!(!library.keep_points(vec![march.clone()]), "kept once");
        // Another threshold beside it; March judged again by another build, or after another
        // time was given it, replaces what was judged with the same threshold.
        let thirty = point("m30", Some(30), &["march"]);
        let rebuilt = point("m2", None, &["march"]);
        assert!(library.keep_points(vec![thirty.clone(), rebuilt.clone()]));
        assert_eq!(
            library.points,
            [april.clone(), thirty.clone(), rebuilt.clone()]
        );
        // Read back as written.
        assert_eq!(Library::read(&library.write()).unwrap(), library);
        // March's load removed: its points go with it.
        let id = library.entries[0].id.clone();
        library.remove(&id);
        assert_eq!(library.points, [april]);
        // At most a few thresholds per report: the earliest go.
        let many: Vec<KnownPoint> = (1..=9)
            .map(|d| point(&format!("a{d}"), Some(d), &["april"]))
            .collect();
        library.keep_points(many);
        let keys: Vec<&str> = library.points.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["a6", "a7", "a8", "a9"]);
    }

    /// A pair's changes, compared from `reports`, `rows` of them.
    fn changes(key: &str, reports: &[&str], rows: usize) -> KnownChanges {
        let reports = reports.iter().map(|r| r.to_string()).collect();
        KnownChanges::new(key.into(), reports, &vec![vec![Some("x".into()); 9]; rows])
    }

    #[test]
    fn a_pairs_changes_are_kept_with_their_reports_and_go_with_them() {
        let mut library = Library::default();
        for (name, byte, time) in [
            ("march", 1, "2026-03-01 00:00:00"),
            ("april", 2, "2026-04-01 00:00:00"),
            ("may", 3, "2026-05-01 00:00:00"),
        ] {
            library.add(kept(
                &[(format!("{name}.json"), vec![byte])],
                &[summary(name, "123", time, 5)],
            ));
        }
        let (spring, late) = (
            changes("ma", &["march", "april"], 3),
            changes("am", &["april", "may"], 2),
        );
        let loaded_not_kept = changes("mj", &["may", "june"], 1);
        let mut kept_changes = KeptChanges::default();
        assert!(kept_changes.keep(
            vec![spring.clone(), late.clone(), loaded_not_kept],
            &library
        ));
        assert_eq!(kept_changes.pairs, [spring.clone(), late.clone()]);
        assert!(
            !kept_changes.keep(vec![spring.clone()], &library),
            "kept once"
        );
        // Compared again by another build: it replaces what was compared from those reports.
        let rebuilt = changes("ma2", &["march", "april"], 3);
        assert!(kept_changes.keep(vec![rebuilt.clone()], &library));
        assert_eq!(kept_changes.pairs, [late.clone(), rebuilt.clone()]);
        assert_eq!(KeptChanges::read(&kept_changes.write()), kept_changes);
        // Not in the index, which is written with each query run.
        assert!(!String::from_utf8(library.write()).unwrap().contains("rows"));
        // Each load is given the pairs of its reports.
        let [march, april, may] = [0, 1, 2].map(|n| library.entries[n].clone());
        assert_eq!(kept_changes.of_load(&march), vec![rebuilt.clone()]);
        assert_eq!(kept_changes.of_load(&april), vec![late.clone(), rebuilt]);
        assert_eq!(kept_changes.of_load(&may), vec![late.clone()]);
        // March's load removed: its pair goes with it.
        library.remove(&march.id);
        assert!(kept_changes.keep(Vec::new(), &library));
        assert_eq!(kept_changes.pairs, [late]);
        // Damaged on the device: none, to be compared again.
        assert_eq!(KeptChanges::read(b"{\"pairs\":[{"), KeptChanges::default());
    }

    #[test]
    fn a_saved_query_has_a_name_and_a_second_one_of_that_name_replaces_it() {
        use credreport_core::DialectChoice;
        let mut saved = Vec::new();
        assert!(save(&mut saved, "  ", "select 1", DialectChoice::Auto).is_err());
        assert!(save(&mut saved, "x", " ", DialectChoice::Auto).is_err());
        save(&mut saved, "admins", "select 1", DialectChoice::Auto).unwrap();
        save(&mut saved, "old keys", "select 2", DialectChoice::Postgres).unwrap();
        save(&mut saved, " admins ", "select 3", DialectChoice::Sqlite).unwrap();
        let names: Vec<&str> = saved.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(names, ["admins", "old keys"]);
        assert_eq!(
            (saved[0].sql.as_str(), saved[0].dialect.as_str()),
            ("select 3", "sqlite")
        );
        // Kept with the library, and read back from an index written before saved queries.
        let library = Library {
            saved: saved.clone(),
            ..Library::default()
        };
        assert_eq!(Library::read(&library.write()).unwrap().saved, saved);
        assert!(Library::read(br#"{"entries":[]}"#)
            .unwrap()
            .saved
            .is_empty());
    }

    fn exception(user: &str) -> Vec<credreport_core::exceptions::Exception> {
        credreport_core::exceptions::parse(&format!(
            "[[exception]]\ncheck = \"*\"\nuser = \"{user}\"\nreason = \"r\"\nexpires = \"2099-01-01\"\n"
        ))
        .unwrap()
    }

    fn query(name: &str) -> SavedQuery {
        SavedQuery {
            name: name.into(),
            sql: format!("select '{name}'"),
            dialect: "auto".into(),
        }
    }

    fn names(saved: &[SavedQuery]) -> Vec<&str> {
        saved.iter().map(|q| q.name.as_str()).collect()
    }

    fn users(exceptions: &[credreport_core::exceptions::Exception]) -> Vec<&str> {
        exceptions.iter().map(|e| e.user.as_str()).collect()
    }

    #[test]
    fn what_another_tab_kept_joins_what_this_tab_holds() {
        use credreport_core::exceptions::to_toml;
        let stored = Library {
            recent: vec!["select 2".into(), "select 1".into()],
            saved: vec![query("theirs"), query("both")],
            exceptions: to_toml(&[exception("bob"), exception("ann")].concat()),
            ..Library::default()
        };
        let mut recent = vec!["select 3".into(), "select 2".into()];
        let mut saved = vec![query("both"), query("mine")];
        let mut exceptions = exception("ann");
        merge_stored(
            &Library::default(),
            &stored,
            &mut recent,
            &mut saved,
            &mut exceptions,
        );
        assert_eq!(recent, ["select 3", "select 2", "select 1"]);
        assert_eq!(names(&saved), ["both", "mine", "theirs"]);
        assert_eq!(users(&exceptions), ["bob", "ann"]);
    }

    /// Regression: each change wrote this tab's lists whole, so a tab that had not seen a query
    /// saved in another (open in the background, say) dropped it from the device when it ran a
    /// query of its own.
    #[test]
    fn a_change_here_keeps_what_another_tab_changed_since() {
        use credreport_core::exceptions::to_toml;
        // As this tab last wrote the list: ann excepted, "old" saved, "select 1" run.
        let base = Library {
            recent: vec!["select 1".into()],
            saved: vec![query("old"), query("gone")],
            exceptions: to_toml(&[exception("ann"), exception("cy")].concat()),
            ..Library::default()
        };
        // Since then, another tab saved "theirs", ran "select 2", excepted bob and removed cy.
        let stored = Library {
            recent: vec!["select 2".into(), "select 1".into()],
            saved: vec![query("theirs"), query("old"), query("gone")],
            exceptions: to_toml(&[exception("ann"), exception("bob")].concat()),
            ..Library::default()
        };
        // And this one ran "select 3" and "select 1" again, removed "gone", excepted dee, and
        // removed ann.
        let mut recent = vec!["select 1".into(), "select 3".into()];
        let mut saved = vec![query("old")];
        let mut exceptions = [exception("cy"), exception("dee")].concat();
        merge_stored(&base, &stored, &mut recent, &mut saved, &mut exceptions);
        assert_eq!(recent, ["select 1", "select 3", "select 2"]);
        assert_eq!(names(&saved), ["theirs", "old"]);
        assert_eq!(users(&exceptions), ["bob", "dee"]);

        // Nothing changed here: the device's lists, as they are.
        let mut again = (recent.clone(), saved.clone(), exceptions.clone());
        let now = Library {
            recent: recent.clone(),
            saved: saved.clone(),
            exceptions: to_toml(&exceptions),
            ..Library::default()
        };
        merge_stored(&now, &now, &mut again.0, &mut again.1, &mut again.2);
        assert_eq!((&again.0, &again.1), (&recent, &saved));
        assert_eq!(users(&again.2), users(&exceptions));
    }
}
