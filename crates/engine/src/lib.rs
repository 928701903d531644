//! The page's database, in its own Web Worker: the reports loaded in a tab, in SQLite, and the
//! answer to each of the page's requests ([`credreport_core::protocol`]). The page's main thread
//! never runs SQLite, so a long query or load never freezes it, and Cancel stops one at once by
//! ending the worker (the page then starts another and loads the same reports into it).
//!
//! It is linked into the page's one module; the page starts a worker (`web/engine-worker.js`),
//! hands it that compiled module, and the worker instantiates it again and answers through
//! `worker::engine_handle`. Only the worker ever calls into SQLite.

use std::collections::HashMap;

use chrono::DateTime;
use credreport_core::evidence::{render, Evidence};
use credreport_core::protocol::{Given, Judging, Loaded, Ran, Reply, Request, MAX_UPLOAD_BYTES};
use credreport_core::trend::KnownPoint;
use credreport_core::{
    Alone, Clock, Database, Input, Judgement, LoadError, LoadOptions, LoadSummary, Outcome,
    QueryError, QueryOptions, Thresholds, CHECKS,
};

#[cfg(target_arch = "wasm32")]
pub mod worker;

/// Which build judged a trend's point: a digest of the worker's and the core's sources and the
/// workspace's locked dependencies, SQLite among them (`build.rs`). A point the page kept from
/// another build is judged again, since its checks, its loader or its SQLite may differ.
pub const BUILD: &str = env!("CREDREPORT_ENGINE_BUILD");

/// A runaway query is stopped after this long even when nobody presses Cancel.
pub const QUERY_TIMEOUT_MS: u64 = 60_000;
/// Results past this many rows are cut, with a notice.
pub const MAX_RESULT_ROWS: usize = 200_000;
/// Results past this many bytes of values are cut, with a notice: `select *` over 100,000 users
/// is about 25 MB, and the tab must stay alive whatever a query makes.
pub const MAX_RESULT_BYTES: usize = 128 * 1024 * 1024;

/// One file of a load: its bytes, and their SHA-256 when the worker has it from the browser
/// ([`Input::sha256`]).
#[derive(Debug, Clone, Default)]
pub struct File {
    pub bytes: Vec<u8>,
    pub sha256: Option<[u8; 32]>,
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        File {
            bytes,
            sha256: None,
        }
    }
}

/// The loaded reports, the clock queries are timed with, and the last checks' judgement.
pub struct Session {
    db: Database,
    clock: Clock,
    checked: Option<Checked>,
    /// The trend's point of each dated report, by its key (`trend::key`: [`BUILD`], the
    /// threshold and the reports judged), judged here or given by the page, which keeps those
    /// of its kept reports on the device: opening the Checks view again, going back to a
    /// threshold, loading next week's report or opening the page again judges no report twice
    /// (24 weekly reports of 3,500 users take about a second in the page). Kept until a clear.
    /// An undated report is judged as of now, which moves: its point is never kept.
    trended: HashMap<String, KnownPoint>,
}

/// The checks last run ([`Judgement`]: each check counted by SQLite, its findings made only when
/// something needs them), kept for the tallies, the pages and the evidence the page asks for
/// next (the page holds only the tallies), until what is loaded changes.
struct Checked {
    /// What they were run with: the judging's threshold, "as of" and now.
    asked: (Option<i64>, String, i64),
    /// The exceptions applied, as the page gave them (TOML).
    applied: String,
    judgement: Judgement,
}

impl Session {
    pub fn new(clock: Clock) -> Result<Self, LoadError> {
        Ok(Session {
            // What only reading needs waits for the first answer ([`Session::settle`]).
            db: {
                let mut db = Database::for_loading()?;
                // What the changes table compares is kept for the page from the start.
                db.know_changes(BUILD, []);
                db
            },
            clock,
            checked: None,
            trended: HashMap::new(),
        })
    }

    /// Finish the database for reading (its changes table and key view), once: the worker
    /// does it after it has sent an answer, so a first visit's first load is not kept waiting
    /// for it, while the page draws that answer.
    pub fn settle(&mut self) -> Result<(), LoadError> {
        self.db.complete()
    }

    /// Answer one request; `files` are a load's, in the order of its names.
    pub fn answer(&mut self, request: Request, files: Vec<File>) -> Reply {
        let failed = |message: String| Reply::Failed { message };
        if request.changes_what_is_loaded() {
            self.checked = None;
        }
        if matches!(request, Request::Clear) {
            self.trended.clear();
        }
        // What changes what is loaded (a load, a clear, a time given) needs the table alone;
        // anything else reads.
        if !request.changes_what_is_loaded() {
            if let Err(e) = self.settle() {
                return failed(format!("the database could not start: {e}"));
            }
        }
        match request {
            Request::Load {
                names,
                given,
                known,
            } => {
                if names.len() != files.len() {
                    return failed(format!(
                        "{} file names came with {} files; load them again",
                        names.len(),
                        files.len()
                    ));
                }
                // Refused before loading: a load whose time then failed would be in the
                // database while the page was told it failed.
                if let Some(bad) = (given.iter().filter_map(|g| g.generated_time.as_deref()))
                    .find(|t| credreport_core::values::parse_timestamp(t.trim()).is_none())
                {
                    return failed(format!(
                        "{bad:?} is not a generation time; load the files again"
                    ));
                }
                let files: Vec<(String, File)> = names.into_iter().zip(files).collect();
                self.db.know_changes(BUILD, known);
                match self.load(&files) {
                    Ok(summary) => {
                        let (summary, refused) = self.give_again(&given, summary);
                        let mut said = summary.describe();
                        for why in refused {
                            said.push_str(&format!(" Not given again: {why}."));
                        }
                        Reply::Loaded {
                            loaded: self.loaded(),
                            said,
                            summary,
                        }
                    }
                    Err(e) => failed(e.to_string()),
                }
            }
            Request::GiveAccountId { account_id, to } => {
                match self.db.give_account_id(&account_id, &to) {
                    Ok(named) => {
                        let sources: Vec<&str> = (self.db.reports().iter())
                            .filter(|r| named.contains(&r.sha256))
                            .map(|r| r.source.as_str())
                            .collect();
                        let said = match sources.as_slice() {
                            [] => "That report names its account already.".to_owned(),
                            _ => format!(
                                "{}: taken as account {}'s.",
                                credreport_core::words::listed(&sources),
                                account_id.trim()
                            ),
                        };
                        Reply::Loaded {
                            loaded: self.loaded(),
                            said,
                            summary: LoadSummary::default(),
                        }
                    }
                    Err(e) => failed(e.to_string()),
                }
            }
            Request::GiveGeneratedTime { time, to } => {
                let given = match &to {
                    Some(sha256) => self
                        .db
                        .give_generated_time_to(&time, std::slice::from_ref(sha256)),
                    None => self.db.give_generated_time(&time),
                };
                let which = match to.and_then(|sha256| self.report(&sha256).cloned()) {
                    Some(report) => report.source,
                    None => "Reports without a generation time".into(),
                };
                match given {
                    Ok(t) => Reply::Loaded {
                        loaded: self.loaded(),
                        said: format!("{which}: taken as generated {t} UTC."),
                        summary: LoadSummary::default(),
                    },
                    Err(e) => failed(e.to_string()),
                }
            }
            Request::Clear => {
                let _ = self.db.clear();
                Reply::Loaded {
                    loaded: self.loaded(),
                    said: "Cleared: nothing is loaded.".into(),
                    summary: LoadSummary::default(),
                }
            }
            Request::Run {
                only_latest: true,
                sql,
                ..
            } if self.db.reads(&sql).beyond_latest => Reply::NeedsEveryReport,
            Request::Run { sql, written, .. } => match self.run(&sql) {
                Ok(ran) => Reply::Ran(ran),
                Err(e) => failed(e.describe(written.then_some(sql.as_str()))),
            },
            Request::Checks(judging) => match self.judge(&judging) {
                Ok((outcomes, stale)) => Reply::Checked { outcomes, stale },
                Err(message) => failed(message),
            },
            Request::Findings {
                judging,
                check,
                status,
                page,
            } => match self.findings(&judging, &check) {
                Ok(outcome) => Reply::Findings(outcome.page(status, page)),
                Err(message) => failed(message),
            },
            Request::Evidence { judging, format } => {
                let as_of = match judging.moments() {
                    Ok((as_of, _)) => as_of,
                    Err(message) => return failed(message),
                };
                // The evidence names the reports judged: each account's latest.
                let reports: Vec<_> = credreport_core::latest(self.db.reports())
                    .into_iter()
                    .cloned()
                    .collect();
                match self.outcomes(&judging) {
                    Ok(outcomes) => Reply::Evidence {
                        text: render(
                            &Evidence {
                                reports: &reports,
                                as_of,
                                outcomes,
                            },
                            format,
                        ),
                    },
                    Err(message) => failed(message),
                }
            }
            Request::Trend {
                days,
                now_ms,
                known,
            } => {
                let now = match credreport_core::protocol::moment(now_ms) {
                    Ok(now) => now,
                    Err(message) => return failed(message),
                };
                for point in known {
                    self.trended.entry(point.key.clone()).or_insert(point);
                }
                match self.trend(days, now) {
                    Ok((trend, points)) => Reply::Trended { trend, points },
                    Err(e) => failed(e),
                }
            }
            Request::UserRows { user, old, new } => {
                if self.report(&old).is_none() || self.report(&new).is_none() {
                    return failed(
                        "a report compared is no longer loaded: choose the two reports again"
                            .into(),
                    );
                }
                let start = (self.clock)();
                match self.db.user_rows(&user, [&old, &new]) {
                    Ok(result) => Reply::Ran(Ran {
                        result,
                        millis: (self.clock)() - start,
                        compared: Vec::new(),
                    }),
                    Err(e) => failed(e.describe(None)),
                }
            }
            Request::Compare { old, new, now_ms } => {
                let now = match credreport_core::protocol::moment(now_ms) {
                    Ok(now) => now,
                    Err(message) => return failed(message),
                };
                match self.compare(&old, &new, now) {
                    Ok(diff) => Reply::Compared {
                        changes: diff.to_result(),
                        counts: diff
                            .counts()
                            .into_iter()
                            .map(|(k, n)| (k.as_str().to_owned(), n))
                            .collect(),
                        said: diff.describe(),
                    },
                    Err(e) => failed(e),
                }
            }
        }
    }

    /// The loaded report whose bytes hash to `sha256`.
    fn report(&self, sha256: &str) -> Option<&credreport_core::ReportSummary> {
        self.db.reports().iter().find(|r| r.sha256 == sha256)
    }

    /// How the report whose bytes hash to `sha256` is taken alone: with every file of its
    /// account and time. A report that names no account, by its own rows: two such share the
    /// table's account and time, and may be two accounts' (two aliases).
    fn alone(&self, sha256: &str) -> Result<Alone, String> {
        let report = self
            .report(sha256)
            .ok_or("that report is not loaded any more; choose another")?;
        Ok(match &report.account_id {
            None => Alone::Rows(sha256.to_owned()),
            Some(account) => Alone::Report {
                account_id: Some(account.clone()),
                generated_time: report.generated_time.clone(),
            },
        })
    }

    /// Every loaded report's figures, each report judged alone, and each dated report's point
    /// with its key: a dated report whose key is known is not judged again.
    pub fn trend(
        &mut self,
        days: Option<i64>,
        now: DateTime<chrono::Utc>,
    ) -> Result<(credreport_core::QueryResult, Vec<KnownPoint>), String> {
        let reports: Vec<(String, bool)> = (self.db.reports().iter())
            .map(|r| (r.sha256.clone(), r.generated_time.is_some()))
            .collect();
        let mut points = Vec::with_capacity(reports.len());
        let mut kept = Vec::new();
        let mut judged: Vec<Alone> = Vec::new();
        for (sha256, dated) in reports {
            // An undated report is judged by its own rows: another undated report of its
            // account shares its account and time in the table, not its users.
            let which = match dated {
                true => self.alone(&sha256)?,
                false => Alone::Rows(sha256),
            };
            // Reports of one account and time are one in the table: one point, of them all.
            if dated && judged.contains(&which) {
                continue;
            }
            // A dated point's key names the reports it is judged from, as `with_alone` takes them.
            let known = dated.then(|| {
                let reports = self.db.reports_alone(&which);
                let key = credreport_core::trend::key(BUILD, days, &reports);
                let shas: Vec<String> = reports.iter().map(|r| r.sha256.clone()).collect();
                (key, shas)
            });
            judged.push(which.clone());
            let found = known.as_ref().and_then(|(key, _)| self.trended.get(key));
            if let Some((found, point)) = found.and_then(|f| Some((f, f.point()?))) {
                kept.push(found.clone());
                points.push(point);
                continue;
            }
            let point = (self.db)
                .with_alone(&which, |db| credreport_core::trend::point(db, days, now))
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())?;
            if let Some((key, reports)) = known {
                let judged = KnownPoint::new(key.clone(), days, reports, &point);
                self.trended.insert(key, judged.clone());
                kept.push(judged);
            }
            points.push(point);
        }
        Ok((credreport_core::trend::to_result(&points, days), kept))
    }

    /// What changed from one loaded report to another (by their SHA-256).
    pub fn compare(
        &mut self,
        old: &str,
        new: &str,
        now: DateTime<chrono::Utc>,
    ) -> Result<credreport_core::Diff, String> {
        if old == new {
            return Err("choose two different reports to compare".into());
        }
        if let (Some(a), Some(b)) = (self.report(old), self.report(new)) {
            if a.may_be_same_account(b) && a.generated_time == b.generated_time {
                return Err(format!(
                    "{} and {} are of one account and were generated at the same time as far as credreport knows ({}), so they cannot be told apart; give each its own generation time on its card (or, where neither says one, in the boxes above)",
                    a.source,
                    b.source,
                    a.generated_time.as_deref().unwrap_or("unknown")
                ));
            }
        }
        let (old, new) = (self.alone(old)?, self.alone(new)?);
        credreport_core::compare_loaded(&mut self.db, &old, &new, now).map_err(|e| e.to_string())
    }

    /// Give a load's reports again what the user gave them before (`given`, a kept load
    /// opened again); each report that says its own time or account keeps it. Returns the
    /// summary as given, and why anything was not given again (an account another loaded
    /// report now ties the alias to).
    fn give_again(
        &mut self,
        given: &[Given],
        mut summary: LoadSummary,
    ) -> (LoadSummary, Vec<String>) {
        let added: Vec<String> = summary.reports.iter().map(|r| r.sha256.clone()).collect();
        let mut refused = Vec::new();
        for g in given {
            let to: Vec<String> = match g.to.as_str() {
                "" => added.clone(),
                sha256 => added.iter().filter(|a| *a == sha256).cloned().collect(),
            };
            if let Some(time) = &g.generated_time {
                if let Err(e) = self.db.give_generated_time_to(time, &to) {
                    refused.push(e.to_string());
                }
            }
            if let Some(account) = &g.account_id {
                for sha256 in &to {
                    match self.db.give_account_id(account, sha256) {
                        Ok(_) => {
                            let from = g.account_from.as_deref();
                            self.db.account_given_from(sha256, account, from);
                        }
                        Err(e) => refused.push(e.to_string()),
                    }
                }
            }
        }
        for r in summary.reports.iter_mut() {
            if let Some(now) = self.report(&r.sha256) {
                *r = now.clone();
            }
        }
        // An account this load gives a report again is no news when its alias gave it first
        // (a kept history of alias CSVs, opened again).
        summary.accounts_taken.retain(|t| {
            !given.iter().any(|g| {
                (g.to.is_empty() || g.to == t.sha256)
                    && g.account_id.as_deref() == Some(t.account.as_str())
            })
        });
        (summary, refused)
    }

    fn loaded(&self) -> Loaded {
        Loaded {
            reports: self.db.reports().to_vec(),
            users: self.db.row_count(),
        }
    }

    /// Load files (name, bytes). All or nothing: a refused file leaves what was loaded as it was.
    /// A report loaded already is not loaded again: the summary names it.
    pub fn load(&mut self, files: &[(String, File)]) -> Result<LoadSummary, LoadError> {
        let total: usize = files.iter().map(|(_, f)| f.bytes.len()).sum();
        if total > MAX_UPLOAD_BYTES {
            let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
            return Err(LoadError::Binary {
                source_name: format!(
                    "{} ({})",
                    names.join(", "),
                    credreport_core::bytes_text(total)
                ),
                what: "load larger than the 64 MB a credential report can be",
                hint: "load the credential report CSV itself",
            });
        }
        let inputs: Vec<Input<'_>> = files
            .iter()
            .map(|(name, f)| {
                let input = Input::new(name, &f.bytes);
                match f.sha256 {
                    Some(digest) => input.with_sha256(digest),
                    None => input,
                }
            })
            .collect();
        self.db.load(&inputs, &LoadOptions::default())
    }

    pub fn run(&mut self, sql: &str) -> Result<Ran, QueryError> {
        let start = (self.clock)();
        let options = QueryOptions {
            max_rows: Some(MAX_RESULT_ROWS),
            timeout_ms: Some(QUERY_TIMEOUT_MS),
            clock: Some(self.clock),
            max_bytes: Some(MAX_RESULT_BYTES),
        };
        let result = self.db.query(sql, &options)?;
        Ok(Ran {
            result,
            millis: (self.clock)() - start,
            compared: self.db.take_compared(),
        })
    }

    /// The checks as `judging` asks, with its exceptions applied. They run again only when the
    /// threshold, "as of", now or what is loaded changed: accepting a finding applies the
    /// exceptions again to the findings kept.
    fn judged(&mut self, judging: &Judging) -> Result<(&Database, &mut Judgement), String> {
        let (as_of, now) = judging.moments()?;
        let asked = (judging.days, judging.as_of.clone(), judging.now_ms);
        if self.checked.as_ref().map(|c| &c.asked) != Some(&asked) {
            // The old findings go before new ones are made: over 100,000 users they are
            // hundreds of megabytes.
            self.checked = None;
        }
        let checked = (self.checked).get_or_insert_with(|| {
            let all: Vec<_> = CHECKS.iter().collect();
            Checked {
                asked,
                applied: String::new(),
                judgement: Judgement::new(&all, Thresholds::every(judging.days), as_of),
            }
        });
        if checked.applied != judging.exceptions {
            let exceptions = credreport_core::exceptions::parse(&judging.exceptions)
                .map_err(|e| format!("the accepted exceptions cannot be read ({e}); export them, correct the file and import it again"))?;
            // Should applying fail, none are applied.
            checked.applied.clear();
            let judgement = &mut checked.judgement;
            let today = now.date_naive();
            judgement
                .except(&self.db, &exceptions, today)
                .map_err(|e| e.to_string())?;
            checked.applied.clone_from(&judging.exceptions);
        }
        Ok((&self.db, &mut checked.judgement))
    }

    /// Every check's tally as `judging` asks, with its exceptions applied, and a warning for
    /// each exception that matched no finding in alarm.
    pub fn judge(&mut self, judging: &Judging) -> Result<(Vec<Outcome>, Vec<String>), String> {
        let (db, judgement) = self.judged(judging)?;
        let tallies = judgement.tallies(db).map_err(|e| e.to_string())?;
        Ok((tallies, judgement.stale().to_vec()))
    }

    /// The check `id`'s findings as `judging` asks, with its exceptions applied.
    pub fn findings(&mut self, judging: &Judging, id: &str) -> Result<&Outcome, String> {
        let (db, judgement) = self.judged(judging)?;
        match judgement.outcome(db, id) {
            Ok(Some(outcome)) => Ok(outcome),
            Ok(None) => Err(format!("no check is named {id:?}")),
            Err(e) => Err(e.to_string()),
        }
    }

    /// Every check's findings as `judging` asks, with its exceptions applied.
    pub fn outcomes(&mut self, judging: &Judging) -> Result<&[Outcome], String> {
        let (db, judgement) = self.judged(judging)?;
        judgement.outcomes(db).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use credreport_core::findings::{FindingsPage, StatusFilter};

    fn fixed_clock() -> f64 {
        0.0
    }

    fn session() -> Session {
        Session::new(fixed_clock).unwrap()
    }

    fn sample() -> Vec<u8> {
        credreport_core::sample::sample_csv("2026-06-01T00:00:00Z".parse().unwrap()).into_bytes()
    }

    /// A console CSV of account 1234567890123456 (undated), `users` users, as of June 2026.
    fn console_csv(users: usize, seed: u64) -> Vec<u8> {
        let now = "2026-06-01T00:00:00Z".parse().unwrap();
        credreport_core::sample::synthetic_csv(users, "1234567890123456", seed, now).into_bytes()
    }

    /// Give every loaded report that does not say when it was generated the time `time`.
    fn give_time(s: &mut Session, time: &str) -> Reply {
        let give = Request::GiveGeneratedTime {
            time: time.into(),
            to: None,
        };
        s.answer(give, vec![])
    }

    fn load(s: &mut Session, name: &str, bytes: Vec<u8>) -> Reply {
        s.answer(
            Request::Load {
                names: vec![name.into()],
                known: Vec::new(),
                given: Vec::new(),
            },
            vec![bytes.into()],
        )
    }

    fn users(reply: &Reply) -> usize {
        match reply {
            Reply::Loaded { loaded, .. } => loaded.users,
            other => panic!("not loaded: {other:?}"),
        }
    }

    #[test]
    fn a_refused_file_leaves_the_session_as_it_was() {
        let mut s = session();
        assert_eq!(users(&load(&mut s, "sample.csv", sample())), 10);
        let refused = load(&mut s, "bad.bin", vec![0, 1, 2]);
        assert!(matches!(refused, Reply::Failed { .. }), "{refused:?}");
        let big = vec![b'a'; MAX_UPLOAD_BYTES + 1];
        let Reply::Failed { message } = load(&mut s, "huge.csv", big) else {
            panic!("a huge file was loaded")
        };
        assert!(message.contains("larger than the 64 MB"), "{message}");
        // One limit for a whole load: two halves together are refused too.
        let half = vec![b'a'; MAX_UPLOAD_BYTES / 2 + 1];
        let Reply::Failed { message } = s.answer(
            Request::Load {
                names: vec!["a.csv".into(), "b.csv".into()],
                known: Vec::new(),
                given: Vec::new(),
            },
            vec![half.clone().into(), half.into()],
        ) else {
            panic!("two halves past the limit were loaded")
        };
        assert!(
            message.contains("a.csv, b.csv") && message.contains("larger than the 64 MB"),
            "{message}"
        );
        let cleared = s.answer(Request::Clear, vec![]);
        assert_eq!(users(&cleared), 0);
    }

    /// A session's database is made ready for loading only; what reading needs (the changes
    /// table, the key view) comes after the first answer, and before any request that reads.
    #[test]
    fn a_session_reads_the_changes_and_the_keys_whenever_it_is_settled() {
        let count = |s: &mut Session, table: &str| match s.answer(
            Request::Run {
                sql: format!("select count(*) from {table}"),
                written: true,
                only_latest: false,
            },
            vec![],
        ) {
            Reply::Ran(ran) => ran.result.rows.len(),
            other => panic!("{table}: {other:?}"),
        };
        // Cleared and loaded before it is settled; read without being settled.
        let mut s = session();
        assert_eq!(users(&s.answer(Request::Clear, vec![])), 0);
        assert_eq!(users(&load(&mut s, "sample.csv", sample())), 10);
        assert_eq!(count(&mut s, "alicloud_ram_access_key"), 1);
        assert_eq!(count(&mut s, "alicloud_ram_credential_report_changes"), 1);
        // Settled after its first answer, as the worker does, then cleared: still there.
        let mut s = session();
        load(&mut s, "sample.csv", sample());
        s.settle().unwrap();
        s.settle().unwrap();
        assert_eq!(users(&s.answer(Request::Clear, vec![])), 0);
        assert_eq!(count(&mut s, "alicloud_ram_access_key"), 1);
        assert_eq!(count(&mut s, "alicloud_ram_credential_report_changes"), 1);
    }

    #[test]
    fn the_changes_compared_are_given_back_and_taken_with_a_later_visits_loads() {
        let week = |s: &mut Session, seed: u64, time: &str, known| {
            let given = vec![Given {
                generated_time: Some(time.into()),
                ..Given::default()
            }];
            let load = Request::Load {
                names: vec![format!("{seed}.csv")],
                given,
                known,
            };
            let reply = s.answer(load, vec![console_csv(40, seed).into()]);
            assert!(matches!(reply, Reply::Loaded { .. }), "{reply:?}");
        };
        let read = |s: &mut Session| {
            match s.answer(
            Request::Run {
                sql: "select * from alicloud_ram_credential_report_changes order by 1, 2, 3, 4, 5, 6, 7".into(),
                written: true,
                only_latest: false,
            },
            vec![],
        ) {
            Reply::Ran(ran) => ran,
            other => panic!("{other:?}"),
        }
        };
        let (may, june) = ("2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z");
        let mut first = session();
        week(&mut first, 1, may, vec![]);
        week(&mut first, 2, june, vec![]);
        let compared = read(&mut first);
        assert_eq!(compared.compared.len(), 1, "{:?}", compared.compared);
        assert!(!compared.result.rows.is_empty());
        assert_eq!(
            compared.compared[0].rows().unwrap().len(),
            compared.result.rows.len()
        );
        // Given back once.
        assert_eq!(read(&mut first).compared, vec![]);

        // A later visit, its loads given what the first compared: nothing is compared again.
        let mut later = session();
        week(&mut later, 1, may, vec![]);
        week(&mut later, 2, june, compared.compared.clone());
        let again = read(&mut later);
        assert_eq!(again.result, compared.result);
        assert_eq!(again.compared, vec![]);
    }

    #[test]
    fn the_same_report_twice_is_said_and_not_loaded_again() {
        let mut s = session();
        load(&mut s, "sample.csv", sample());
        let again = load(&mut s, "copy.csv", sample());
        let Reply::Loaded {
            loaded,
            said,
            summary,
        } = again
        else {
            panic!("{again:?}")
        };
        assert_eq!((loaded.users, summary.added()), (10, false));
        assert!(said.contains("loaded already"), "{said}");
        // What it did not load again crosses to the page as data too, so loads answered one
        // after another can be said together.
        assert!(summary.reports.is_empty());
        assert_eq!(summary.duplicates[0].source_name, "copy.csv");
        assert_eq!(summary.describe(), said);
    }

    #[test]
    fn a_file_is_named_by_the_digest_the_browser_gave_else_by_its_own() {
        let bytes = sample();
        let mut s = session();
        load(&mut s, "a.csv", bytes.clone());
        assert_eq!(
            s.db.reports()[0].sha256,
            credreport_core::report::sha256_hex(std::iter::once(bytes.as_slice()))
        );
        // Given, it is taken as it is: not computed again.
        let mut s = session();
        s.answer(
            Request::Load {
                names: vec!["a.csv".into()],
                known: Vec::new(),
                given: Vec::new(),
            },
            vec![File {
                bytes,
                sha256: Some([7; 32]),
            }],
        );
        assert_eq!(s.db.reports()[0].sha256, "07".repeat(32));
    }

    #[test]
    fn names_and_files_that_do_not_pair_are_refused() {
        let mut s = session();
        let reply = s.answer(
            Request::Load {
                names: vec!["a.csv".into()],
                known: Vec::new(),
                given: Vec::new(),
            },
            vec![],
        );
        assert!(matches!(reply, Reply::Failed { .. }), "{reply:?}");
    }

    #[test]
    fn a_console_report_can_be_given_its_generation_time() {
        let mut s = session();
        load(&mut s, "console.csv", sample());
        let time = |time: &str| Request::GiveGeneratedTime {
            time: time.into(),
            to: None,
        };
        assert!(matches!(
            s.answer(time("yesterday"), vec![]),
            Reply::Failed { .. }
        ));
        let Reply::Loaded { loaded, .. } = s.answer(time("2024-05-01T17:10:11+08:00"), vec![])
        else {
            panic!("the time was refused")
        };
        assert_eq!(
            loaded.reports[0].generated_time.as_deref(),
            Some("2024-05-01 09:10:11")
        );
    }

    /// Two console CSVs loaded together are each given a time of their own: one time for both
    /// could not tell them apart.
    #[test]
    fn a_time_given_to_one_report_leaves_the_others_undated() {
        let mut s = session();
        let csv = |seed| console_csv(5, seed);
        load(&mut s, "may.csv", csv(1));
        load(&mut s, "june.csv", csv(2));
        let june = s.db.reports()[1].sha256.clone();
        let Reply::Loaded { loaded, said, .. } = s.answer(
            Request::GiveGeneratedTime {
                time: "2026-06-01T00:00:00Z".into(),
                to: Some(june),
            },
            vec![],
        ) else {
            panic!("not given")
        };
        assert_eq!(
            said,
            "june.csv: taken as generated 2026-06-01 00:00:00 UTC."
        );
        let times: Vec<Option<&str>> = (loaded.reports.iter())
            .map(|r| r.generated_time.as_deref())
            .collect();
        assert_eq!(times, [None, Some("2026-06-01 00:00:00")]);
        // A typo put right: given again, the time replaces the one given; a time given to
        // every undated report leaves it be.
        let june = s.db.reports()[1].sha256.clone();
        let again = Request::GiveGeneratedTime {
            time: "2026-06-02T00:00:00Z".into(),
            to: Some(june),
        };
        assert!(matches!(s.answer(again, vec![]), Reply::Loaded { .. }));
        let every = Request::GiveGeneratedTime {
            time: "2026-05-01T00:00:00Z".into(),
            to: None,
        };
        let Reply::Loaded { loaded, .. } = s.answer(every, vec![]) else {
            panic!("not given")
        };
        let times: Vec<Option<&str>> = (loaded.reports.iter())
            .map(|r| r.generated_time.as_deref())
            .collect();
        assert_eq!(
            times,
            [Some("2026-05-01 00:00:00"), Some("2026-06-02 00:00:00")]
        );
    }

    /// Regression: two console CSVs kept as one load (chosen together), each given a time of its
    /// own, came back with one time for both, the last given, so they could not be told apart
    /// again. Each report now gets back its own time and its account.
    #[test]
    fn two_csvs_kept_as_one_load_get_back_each_its_own_time_and_account() {
        let mut s = session();
        let csv = |seed| {
            let now = "2026-06-01T00:00:00Z".parse().unwrap();
            credreport_core::sample::synthetic_csv(5, "corp", seed, now).into_bytes()
        };
        let (may, june) = (csv(1), csv(2));
        let sha = |b: &[u8]| credreport_core::report::sha256_hex([b].into_iter());
        let given = |bytes: &[u8], time: &str, account: Option<&str>| Given {
            to: sha(bytes),
            generated_time: Some(time.into()),
            account_id: account.map(Into::into),
            ..Given::default()
        };
        let reply = s.answer(
            Request::Load {
                names: vec!["may.csv".into(), "june.csv".into()],
                known: Vec::new(),
                given: vec![
                    given(&may, "2026-05-01T00:00:00Z", None),
                    given(&june, "2026-06-01T00:00:00Z", Some("5555")),
                ],
            },
            vec![may.clone().into(), june.clone().into()],
        );
        let Reply::Loaded { loaded, said, .. } = reply else {
            panic!("not loaded: {reply:?}")
        };
        let each: Vec<(&str, Option<&str>, Option<&str>, bool)> = (loaded.reports.iter())
            .map(|r| {
                let t = r.generated_time.as_deref();
                (
                    r.source.as_str(),
                    t,
                    r.account_id.as_deref(),
                    r.account_given,
                )
            })
            .collect();
        // The account given to June's names May's too: their users log on at one alias.
        assert_eq!(
            each,
            [
                ("may.csv", Some("2026-05-01 00:00:00"), Some("5555"), true),
                ("june.csv", Some("2026-06-01 00:00:00"), Some("5555"), true),
            ],
            "{said}"
        );
    }

    /// A kept history of alias CSVs opened again: each load after the first takes the alias's
    /// account from the one before it and is then given its own kept account, the same. That
    /// is no news, and not said on every visit; a load that was not given one is said taken.
    #[test]
    fn a_kept_alias_csv_given_its_account_again_is_not_said_taken() {
        let mut s = session();
        let now = "2026-08-01T00:00:00Z".parse().unwrap();
        let csv = |seed| credreport_core::sample::synthetic_csv(5, "corp", seed, now).into_bytes();
        // Each load as a kept one gives it: its time, and the account its report was given,
        // by a person or (`from`) by the alias's other report.
        let mut load_kept =
            |name: &str, bytes: Vec<u8>, time: &str, account: Option<(&str, Option<&str>)>| {
                let reply = s.answer(
                    Request::Load {
                        names: vec![name.into()],
                        known: Vec::new(),
                        given: vec![Given {
                            to: credreport_core::report::sha256_hex([&bytes[..]].into_iter()),
                            generated_time: Some(time.into()),
                            account_id: account.map(|(a, _)| a.into()),
                            account_from: account.and_then(|(_, from)| from).map(Into::into),
                        }],
                    },
                    vec![bytes.into()],
                );
                let Reply::Loaded { said, loaded, .. } = reply else {
                    panic!("not loaded: {reply:?}")
                };
                let from = loaded.reports.last().and_then(|r| r.account_from.clone());
                (said, from)
            };
        let (_, from) = load_kept(
            "may.csv",
            csv(1),
            "2026-05-01T00:00:00Z",
            Some(("5555", None)),
        );
        assert_eq!(from, None, "a person's");
        let (june, from) = load_kept(
            "june.csv",
            csv(2),
            "2026-06-01T00:00:00Z",
            Some(("5555", Some("may.csv"))),
        );
        assert!(!june.contains("taken as"), "{june}");
        assert_eq!(from.as_deref(), Some("may.csv"), "kept as taken");
        let (july, from) = load_kept("july.csv", csv(3), "2026-07-01T00:00:00Z", None);
        assert!(
            july.contains("july.csv is taken as account 5555's, as may.csv is"),
            "{july}"
        );
        assert_eq!(from.as_deref(), Some("may.csv"));
        // Kept as a person's, a load's taking of the same account does not make it the alias's.
        let (_, from) = load_kept(
            "aug.csv",
            csv(4),
            "2026-08-01T00:00:00Z",
            Some(("5555", None)),
        );
        assert_eq!(from, None);
    }

    /// The account given in the page: refused with words to act on when it cannot be one, or
    /// when another loaded report ties the alias to another account.
    #[test]
    fn an_account_given_is_said_and_a_wrong_one_refused() {
        let mut s = session();
        let now = "2026-06-01T00:00:00Z".parse().unwrap();
        let alias = credreport_core::sample::synthetic_csv(5, "corp", 1, now).into_bytes();
        load(&mut s, "may.csv", alias.clone());
        let may = s.db.reports()[0].sha256.clone();
        let give = |s: &mut Session, account: &str| {
            s.answer(
                Request::GiveAccountId {
                    account_id: account.into(),
                    to: may.clone(),
                },
                vec![],
            )
        };
        let Reply::Failed { message } = give(&mut s, "corp") else {
            panic!("taken")
        };
        assert!(
            message.starts_with("invalid account ID: \"corp\"") && message.contains("alias"),
            "{message}"
        );
        let Reply::Loaded { loaded, said, .. } = give(&mut s, "5555") else {
            panic!("not given")
        };
        assert_eq!(said, "may.csv: taken as account 5555's.");
        assert_eq!(loaded.reports[0].account_said(), "account 5555");
    }

    /// A kept console CSV opened again brings the time the user gave it, to its own reports:
    /// another undated report loaded beside it keeps its own (none).
    #[test]
    fn a_load_given_its_time_gives_it_to_its_own_undated_reports_alone() {
        let mut s = session();
        let csv = |seed| console_csv(5, seed);
        load(&mut s, "june.csv", csv(1));
        let given = |s: &mut Session, name: &str, bytes: Vec<u8>, time: &str| {
            s.answer(
                Request::Load {
                    names: vec![name.into()],
                    known: Vec::new(),
                    // As a list kept before it named each report wrote it: the load's.
                    given: vec![Given {
                        generated_time: Some(time.into()),
                        ..Given::default()
                    }],
                },
                vec![bytes.into()],
            )
        };
        let Reply::Loaded {
            loaded, summary, ..
        } = given(&mut s, "may.csv", csv(2), "2026-05-01T00:00:00Z")
        else {
            panic!("not loaded")
        };
        let times: Vec<(Option<&str>, bool)> = (loaded.reports.iter())
            .map(|r| (r.generated_time.as_deref(), r.time_given))
            .collect();
        assert_eq!(times, [(None, false), (Some("2026-05-01 00:00:00"), true)]);
        assert_eq!(
            summary.reports[0].generated_time.as_deref(),
            Some("2026-05-01 00:00:00")
        );
        // A time that does not read is refused before anything is loaded.
        assert!(matches!(
            given(&mut s, "april.csv", csv(3), "last spring"),
            Reply::Failed { .. }
        ));
        assert_eq!(s.db.reports().len(), 2);
    }

    /// Asked to run over the latest reports alone (the page opening with kept reports, the
    /// older still to load), a query that reads only them runs; one that reads more is not run
    /// and says so, to be asked again once every report is loaded.
    #[test]
    fn a_query_asked_over_the_latest_reports_alone_runs_only_if_it_reads_no_more() {
        let mut s = session();
        load(&mut s, "s.csv", sample());
        let mut run = |sql: &str| {
            s.answer(
                Request::Run {
                    sql: sql.into(),
                    written: true,
                    only_latest: true,
                },
                vec![],
            )
        };
        let latest = run("select user_name from alicloud_ram_credential_report_latest");
        assert!(
            matches!(&latest, Reply::Ran(r) if r.result.rows.len() == 10),
            "{latest:?}"
        );
        let every = run("select user_name from alicloud_ram_credential_report");
        assert_eq!(every, Reply::NeedsEveryReport);
        // A query that does not compile is run, to say why as ever.
        let wrong = run("select user_nme from alicloud_ram_credential_report_latest");
        assert!(matches!(wrong, Reply::Failed { .. }), "{wrong:?}");
    }

    #[test]
    fn a_misspelt_column_is_located_in_what_the_user_wrote_not_in_a_translation() {
        let mut s = session();
        load(&mut s, "s.csv", sample());
        let sql = "select\n  user_nme\nfrom alicloud_ram_credential_report";
        let run = |s: &mut Session, written| match s.answer(
            Request::Run {
                sql: sql.into(),
                written,
                only_latest: false,
            },
            vec![],
        ) {
            Reply::Failed { message } => message,
            other => panic!("{other:?}"),
        };
        assert!(
            run(&mut s, true).contains("line 2"),
            "{}",
            run(&mut s, true)
        );
        assert!(!run(&mut s, false).contains("line 2"));
    }

    fn judging(as_of: &str, exceptions: &str) -> Judging {
        Judging {
            days: Some(30),
            as_of: as_of.into(),
            now_ms: 1_780_000_000_000,
            exceptions: exceptions.into(),
        }
    }

    fn checked(s: &mut Session, judging: Judging) -> (Vec<Outcome>, Vec<String>) {
        match s.answer(Request::Checks(judging), vec![]) {
            Reply::Checked { outcomes, stale } => (outcomes, stale),
            other => panic!("checks did not run: {other:?}"),
        }
    }

    #[test]
    fn checks_are_judged_as_the_page_asks() {
        let mut s = session();
        load(&mut s, "s.csv", sample());
        let (outcomes, stale) = checked(&mut s, judging("report", ""));
        assert_eq!((outcomes.len(), stale.len()), (CHECKS.len(), 0));
        assert!(outcomes.iter().any(|o| o.days == Some(30)));
        let Reply::Failed { message } = s.answer(Request::Checks(judging("tomorrow", "")), vec![])
        else {
            panic!("an unknown 'as of' was taken")
        };
        assert!(message.contains("now, report"), "{message}");
    }

    fn findings(s: &mut Session, judging: Judging, check: &str, status: &str) -> FindingsPage {
        match s.answer(
            Request::Findings {
                judging,
                check: check.into(),
                status: StatusFilter::parse(status),
                page: 0,
            },
            vec![],
        ) {
            Reply::Findings(page) => page,
            other => panic!("no findings: {other:?}"),
        }
    }

    #[test]
    fn the_page_gets_tallies_then_a_page_of_findings_with_its_exceptions_applied() {
        let mut s = session();
        load(&mut s, "s.csv", sample());
        let mfa = "cis-1.4-console-users-mfa";
        let (outcomes, _) = checked(&mut s, judging("now", ""));
        let tally = outcomes.iter().find(|o| o.check.id == mfa).unwrap();
        // Only the counts cross: the findings stay in the worker.
        assert!(outcomes.iter().all(|o| o.findings.is_empty()));
        assert!(tally.alarm > 0, "{tally:?}");
        let alarms = findings(&mut s, judging("now", ""), mfa, "alarm");
        assert_eq!(alarms.total, tally.alarm);
        let user = alarms.rows[0].user_name.clone();
        // Accepting one: the same checks, judged again with the exception.
        let toml = format!(
            "[[exception]]\ncheck = \"{mfa}\"\nuser = \"{user}\"\nreason = \"token in the safe\"\nexpires = 2099-01-01\n\n[[exception]]\ncheck = \"{mfa}\"\nuser = \"nobody\"\nreason = \"gone\"\nexpires = 2099-01-01\n"
        );
        let (outcomes, stale) = checked(&mut s, judging("now", &toml));
        let excepted = outcomes.iter().find(|o| o.check.id == mfa).unwrap();
        assert_eq!((excepted.alarm, excepted.excepted), (tally.alarm - 1, 1));
        assert_eq!(stale.len(), 1, "{stale:?}");
        assert!(stale[0].contains("nobody"), "{stale:?}");
        let all = findings(&mut s, judging("now", &toml), mfa, "all");
        assert!(all
            .rows
            .iter()
            .any(|f| f.user_name == user && f.reason.contains("token in the safe")));
        // The evidence holds every finding, as judged.
        let Reply::Evidence { text } = s.answer(
            Request::Evidence {
                judging: judging("now", &toml),
                format: credreport_core::evidence::CheckFormat::Csv,
            },
            vec![],
        ) else {
            panic!("no evidence")
        };
        assert!(text.contains("token in the safe"), "{text}");
        assert_eq!(
            text.lines().filter(|l| l.contains(mfa)).count(),
            excepted.ok + excepted.alarm + excepted.skip + excepted.excepted
        );
        let Reply::Failed { message } = s.answer(
            Request::Findings {
                judging: judging("now", ""),
                check: "no-such-check".into(),
                status: StatusFilter::All,
                page: 0,
            },
            vec![],
        ) else {
            panic!("an unknown check had findings")
        };
        assert!(message.contains("no-such-check"), "{message}");
    }

    /// Every check's findings made at once, with `j`'s exceptions applied to them all, and the
    /// warnings for the exceptions that matched nothing: what the Checks view showed before a
    /// check's findings were made only when asked.
    fn made_at_once(s: &Session, j: &Judging) -> (Vec<Outcome>, Vec<String>) {
        let (as_of, now) = j.moments().unwrap();
        let all: Vec<_> = CHECKS.iter().collect();
        let mut outcomes = (s.db.run_checks(&all, &Thresholds::every(j.days), as_of)).unwrap();
        let exceptions = credreport_core::exceptions::parse(&j.exceptions).unwrap();
        let stale =
            credreport_core::exceptions::apply(&mut outcomes, &exceptions, now.date_naive());
        (outcomes, stale.stale)
    }

    /// The tallies SQLite counts before any check is opened, a check's findings made when it is
    /// opened, the evidence and the stale exceptions' warnings are what every check's findings
    /// made at once find, with the exceptions applied to all: in whichever order the page asks,
    /// and as exceptions (one check's, every check's, expired, stale) come and go.
    #[test]
    fn counts_and_findings_made_when_asked_are_what_every_finding_made_at_once_says() {
        let mut s = session();
        load(&mut s, "s.csv", console_csv(300, 7));
        let plain = judging("now", "");
        let (reference, _) = made_at_once(&s, &plain);
        let alarm_of = |o: &Outcome| -> String {
            let f = o
                .findings
                .iter()
                .find(|f| f.status == credreport_core::Status::Alarm);
            f.map(|f| f.user_name.clone()).unwrap_or_default()
        };
        let in_alarm: Vec<&Outcome> = reference.iter().filter(|o| o.alarm > 1).collect();
        assert!(in_alarm.len() >= 2, "{reference:?}");
        let (one, other) = (in_alarm[0], in_alarm[1]);
        let exception = |check: &str, user: &str, expires: &str| {
            format!("[[exception]]\ncheck = \"{check}\"\nuser = \"{user}\"\nreason = \"r\"\nexpires = {expires}\n\n")
        };
        let first = exception(one.check.id, &alarm_of(one), "2099-01-01")
            + &exception("*", &alarm_of(other), "2099-01-01")
            + &exception(other.check.id, "nobody", "2099-01-01");
        let second = exception(other.check.id, &alarm_of(other), "2000-01-01")
            + &exception(one.check.id, "somebody", "2099-01-01");
        let tallies =
            |outcomes: &[Outcome]| outcomes.iter().map(Outcome::tally).collect::<Vec<_>>();
        for toml in ["", &first, &second, &first, ""] {
            let j = judging("now", toml);
            let (expected, stale) = made_at_once(&s, &j);
            assert_eq!(
                checked(&mut s, j.clone()),
                (tallies(&expected), stale),
                "{toml}"
            );
            // One check opened: its findings, made now or kept.
            for o in [one, other] {
                let shown = s.findings(&j, o.check.id).unwrap();
                assert_eq!(
                    Some(shown),
                    expected.iter().find(|e| e.check.id == o.check.id)
                );
            }
        }
        // A new session asked for a check's page first, then the evidence, then the tallies.
        let mut fresh = session();
        load(&mut fresh, "s.csv", console_csv(300, 7));
        let j = judging("now", &first);
        let (expected, stale) = made_at_once(&fresh, &j);
        let page = findings(&mut fresh, j.clone(), other.check.id, "all");
        assert_eq!(page.total, other.findings.len());
        assert_eq!(fresh.outcomes(&j).unwrap(), expected.as_slice());
        assert_eq!(checked(&mut fresh, j), (tallies(&expected), stale));
    }

    #[test]
    fn findings_asked_after_a_load_are_the_new_reports_not_the_kept_ones() {
        let mut s = session();
        let now = "2026-06-01T00:00:00Z".parse().unwrap();
        let small = credreport_core::sample::synthetic_csv(30, "1", 1, now).into_bytes();
        let other = credreport_core::sample::synthetic_csv(40, "2", 2, now).into_bytes();
        load(&mut s, "a.csv", small);
        let mfa = "cis-1.4-console-users-mfa";
        let before = findings(&mut s, judging("now", ""), mfa, "all").total;
        load(&mut s, "b.csv", other);
        // The same judging, but what is loaded changed: the checks run again.
        let after = findings(&mut s, judging("now", ""), mfa, "all").total;
        assert!(after > before, "{before} then {after}");
    }

    /// The SHA-256 of the loaded report read from `name`.
    fn sha_of(loaded: &Loaded, name: &str) -> String {
        let report = loaded.reports.iter().find(|r| r.source == name);
        report.map(|r| r.sha256.clone()).unwrap_or_default()
    }

    #[test]
    fn two_loaded_reports_of_one_account_compare_and_one_against_itself_is_refused() {
        let mut s = session();
        // Console CSVs do not say when they were generated: one loaded and given its time,
        // then the other.
        load(&mut s, "march.csv", console_csv(30, 1));
        give_time(&mut s, "2026-03-01 00:00:00");
        load(&mut s, "april.csv", console_csv(30, 2));
        let Reply::Loaded { loaded, .. } = give_time(&mut s, "2026-04-01 00:00:00") else {
            panic!("the time was refused")
        };
        let sha = |name: &str| sha_of(&loaded, name);
        let compare = |s: &mut Session, old: String, new: String| {
            s.answer(
                Request::Compare {
                    old,
                    new,
                    now_ms: 1_780_000_000_000,
                },
                vec![],
            )
        };
        let Reply::Compared {
            changes,
            counts,
            said,
        } = compare(&mut s, sha("march.csv"), sha("april.csv"))
        else {
            panic!("not compared")
        };
        assert_eq!(changes.columns[0], "change");
        assert!(!changes.rows.is_empty() && !counts.is_empty(), "{said}");
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        assert_eq!(total, changes.rows.len());
        let (trend, _) = trended(&mut s, None, vec![]);
        assert_eq!(trend.rows.len(), 2);
        assert_eq!(numbers(&trend, "users")[0], 30);
        // A user's two rows, as Compare shows them; a report no longer loaded is said so.
        let user_rows = |s: &mut Session, old: String| {
            s.answer(
                Request::UserRows {
                    user: "<root>".into(),
                    old,
                    new: sha("april.csv"),
                },
                vec![],
            )
        };
        let Reply::Ran(ran) = user_rows(&mut s, sha("march.csv")) else {
            panic!("no rows")
        };
        assert_eq!(ran.result.rows.len(), 2);
        let Reply::Failed { message } = user_rows(&mut s, "gone".into()) else {
            panic!("a report not loaded gave rows")
        };
        assert!(message.contains("no longer loaded"), "{message}");
        let Reply::Failed { message } = compare(&mut s, sha("march.csv"), sha("march.csv")) else {
            panic!("a report was compared with itself")
        };
        assert!(message.contains("two different reports"), "{message}");
        // Two reports with one generation time cannot be told apart: the answer says what to do.
        load(&mut s, "may.csv", console_csv(30, 3));
        load(&mut s, "june.csv", console_csv(30, 4));
        let Reply::Loaded { loaded, .. } = give_time(&mut s, "2026-05-01 00:00:00") else {
            panic!("the time was refused")
        };
        let sha = |name: &str| sha_of(&loaded, name);
        let Reply::Failed { message } = compare(&mut s, sha("may.csv"), sha("june.csv")) else {
            panic!("two reports of one time were compared")
        };
        assert!(
            message.contains("give each its own generation time"),
            "{message}"
        );
        // Console CSVs of two accounts with aliases, undated, name neither account but are two
        // accounts': refused as such, not as one account's that cannot be told apart.
        s.answer(Request::Clear, vec![]);
        let at = |seed, alias: &str| {
            String::from_utf8(console_csv(30, seed))
                .unwrap()
                .replace("@1234567890123456.onaliyun.com", alias)
                .into_bytes()
        };
        load(&mut s, "corp.csv", at(5, "@corp.onaliyun.com"));
        let Reply::Loaded { loaded, .. } = load(&mut s, "else.csv", at(6, "@else.onaliyun.com"))
        else {
            panic!("not loaded")
        };
        let sha = |name: &str| sha_of(&loaded, name);
        let Reply::Failed { message } = compare(&mut s, sha("corp.csv"), sha("else.csv")) else {
            panic!("two accounts' reports were compared")
        };
        assert!(
            message.contains(
                "different accounts, account …@corp.onaliyun.com and account …@else.onaliyun.com"
            ),
            "{message}"
        );
    }

    /// The trend, given the points `known`, and the dated points it answered with.
    fn trended(
        s: &mut Session,
        days: Option<i64>,
        known: Vec<KnownPoint>,
    ) -> (credreport_core::QueryResult, Vec<KnownPoint>) {
        let asked = Request::Trend {
            days,
            now_ms: 1_780_000_000_000,
            known,
        };
        match s.answer(asked, vec![]) {
            Reply::Trended { trend, points } => (trend, points),
            other => panic!("no trend: {other:?}"),
        }
    }

    /// A trend's column of numbers.
    fn numbers(t: &credreport_core::QueryResult, column: &str) -> Vec<i64> {
        let at = t.columns.iter().position(|c| c == column).unwrap();
        (t.rows.iter())
            .map(|r| match r[at] {
                credreport_core::Value::Integer(n) => n,
                ref other => panic!("{column}: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn the_trend_asked_again_is_the_same_and_follows_what_is_loaded() {
        let mut s = session();
        let trend = |s: &mut Session, days| trended(s, days, vec![]).0;
        let users = |t: &credreport_core::QueryResult| numbers(t, "users");
        load(&mut s, "march.csv", console_csv(30, 1));
        give_time(&mut s, "2026-03-01 00:00:00");
        load(&mut s, "april.csv", console_csv(40, 2));
        give_time(&mut s, "2026-04-01 00:00:00");
        let first = trend(&mut s, None);
        assert_eq!(users(&first), [30, 40]);
        // Asked again, with another threshold and back: the same figures.
        let thirty = trend(&mut s, Some(30));
        assert_ne!(
            thirty.columns, first.columns,
            "the threshold names a column"
        );
        assert_eq!(trend(&mut s, None), first);
        assert_eq!(trend(&mut s, Some(30)), thirty);
        // A report of April's account and time loaded later: April alone is now both, and the
        // trend says so (what was judged before what is loaded changed is not kept).
        load(&mut s, "april-more.csv", console_csv(20, 3));
        give_time(&mut s, "2026-04-01 00:00:00");
        let after = trend(&mut s, None);
        assert_eq!(
            users(&after),
            [30, 60],
            "one point for April, not one per file"
        );
        // Two console CSVs, undated: each is a point of its own users, after the dated ones.
        load(&mut s, "may.csv", console_csv(50, 4));
        load(&mut s, "june.csv", console_csv(70, 5));
        assert_eq!(users(&trend(&mut s, None)), [30, 60, 50, 70]);
    }

    /// The periodic review: the page keeps each dated report's point with its kept reports and
    /// gives them back when it opens again, so a year of weekly reports is not judged again.
    /// A point is taken only where everything it was judged from is the same: the build, the
    /// threshold, the reports, and the time and account the table holds for them.
    #[test]
    fn a_point_judged_before_is_taken_where_what_it_was_judged_from_is_the_same() {
        let loaded = |s: &mut Session| {
            load(s, "march.csv", console_csv(30, 1));
            give_time(s, "2026-03-01 00:00:00");
            load(s, "april.csv", console_csv(40, 2));
            give_time(s, "2026-04-01 00:00:00");
        };
        let mut before = session();
        loaded(&mut before);
        let (trend, points) = trended(&mut before, None, vec![]);
        assert_eq!(points.len(), 2, "each dated report's point, to keep");
        // Judged from scratch in a new worker, the same points, the same keys.
        let mut fresh = session();
        loaded(&mut fresh);
        assert_eq!(
            trended(&mut fresh, None, vec![]),
            (trend.clone(), points.clone())
        );
        // Marked, so a point taken shows: March's users as 999.
        let mut marked = points.clone();
        marked[0].point = marked[0].point.replacen("\"users\":30", "\"users\":999", 1);
        assert!(marked[0].point.contains("999"));
        let mut again = session();
        loaded(&mut again);
        let (taken, answered) = trended(&mut again, None, marked.clone());
        assert_eq!(
            numbers(&taken, "users"),
            [999, 40],
            "taken, not judged again"
        );
        assert_eq!(answered, marked, "given back to keep");
        // Another threshold: judged.
        let mut thirty = session();
        loaded(&mut thirty);
        assert_eq!(
            numbers(&trended(&mut thirty, Some(30), marked.clone()).0, "users"),
            [30, 40]
        );
        // March given another time: judged.
        let mut other = session();
        load(&mut other, "march.csv", console_csv(30, 1));
        give_time(&mut other, "2026-03-02 00:00:00");
        load(&mut other, "april.csv", console_csv(40, 2));
        give_time(&mut other, "2026-04-01 00:00:00");
        let (t, _) = trended(&mut other, None, marked.clone());
        assert_eq!(numbers(&t, "users"), [30, 40]);
        // The same rows under another file's name: judged (the point names its file).
        let mut renamed = session();
        load(&mut renamed, "march-copy.csv", console_csv(30, 1));
        give_time(&mut renamed, "2026-03-01 00:00:00");
        assert_eq!(
            numbers(&trended(&mut renamed, None, marked.clone()).0, "users"),
            [30]
        );
        // Another report of March's account and time beside it: March is both, judged.
        let mut more = session();
        loaded(&mut more);
        load(&mut more, "march-more.csv", console_csv(20, 3));
        give_time(&mut more, "2026-03-01 00:00:00");
        assert_eq!(
            numbers(&trended(&mut more, None, marked.clone()).0, "users"),
            [50, 40]
        );
        // Next week's report loaded after a trend: only it is judged; what was judged before
        // is kept in the worker by its key, as the page keeps it.
        load(&mut again, "may.csv", console_csv(50, 4));
        give_time(&mut again, "2026-05-01 00:00:00");
        let (grown, all) = trended(&mut again, None, vec![]);
        assert_eq!(numbers(&grown, "users"), [999, 40, 50]);
        assert_eq!(all.len(), 3);
        // Cleared: nothing judged before is kept.
        assert_eq!(users(&again.answer(Request::Clear, vec![])), 0);
        loaded(&mut again);
        assert_eq!(
            numbers(&trended(&mut again, None, vec![]).0, "users"),
            [30, 40]
        );
    }

    /// Regression: two console CSVs of accounts with aliases (naming no account), given one
    /// time, were one point of the first one's users in the page's trend (`credreport trend`
    /// gave each its row): each is a row of its own users.
    #[test]
    fn two_dated_reports_naming_no_account_at_one_time_are_two_points() {
        let at = |users, seed, alias: &str| {
            String::from_utf8(console_csv(users, seed))
                .unwrap()
                .replace("@1234567890123456.onaliyun.com", alias)
                .into_bytes()
        };
        let mut s = session();
        load(&mut s, "corp.csv", at(5, 1, "@corp.onaliyun.com"));
        load(&mut s, "else.csv", at(6, 2, "@else.onaliyun.com"));
        give_time(&mut s, "2026-03-01 00:00:00");
        let (trend, points) = trended(&mut s, None, vec![]);
        assert_eq!(numbers(&trend, "users"), [5, 6]);
        assert_eq!(points.len(), 2);
    }

    #[test]
    fn what_a_load_says_counts_users_reports_and_warnings() {
        let mut s = session();
        let summary = s.load(&[("s.csv".into(), sample().into())]).unwrap();
        assert_eq!(summary.describe(), "Loaded 10 users from 1 report.");
    }
}
