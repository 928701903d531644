//! The in-memory SQLite database: loading reports atomically and running read-only queries.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{params_from_iter, Connection, ErrorCode};

use crate::error::{LoadError, QueryError};
use crate::input::Input;
use crate::known::{ChangeRow, KnownChanges, CHANGES_PER_PAIR};
use crate::report::{parse, LoadOptions, Report};
pub use crate::results::{
    alias_accounts, bytes_text, AccountOfAlias, Cut, Duplicate, LoadSummary, QueryResult,
    ReportSummary, Value,
};
use crate::schema::{create_table_sql, COLUMNS, MAX_VALUE_BYTES, TABLE};
use crate::values::Cell;

/// A clock, in milliseconds: the core reads no clock itself, so each shell passes its own
/// (`Instant` natively, `performance.now()` in the browser).
pub type Clock = fn() -> f64;

/// Limits on one query.
#[derive(Debug, Clone, Copy, Default)]
pub struct QueryOptions {
    /// Stop after this many rows, and say so.
    pub max_rows: Option<usize>,
    /// Interrupt the query when it runs longer than this.
    pub timeout_ms: Option<u64>,
    /// The clock the timeout is measured with; required for `timeout_ms` to take effect.
    pub clock: Option<Clock>,
    /// Stop once the result holds this many bytes of values, and say so.
    pub max_bytes: Option<usize>,
}

/// The most memory SQLite may hold in all (its hard heap limit): far above what the largest
/// accepted report needs, far below what would take the tab or the machine down.
pub const SQLITE_HEAP_LIMIT_BYTES: i64 = 1024 * 1024 * 1024;

/// How many SQLite VM steps pass between two looks at the clock.
const PROGRESS_STEPS: i32 = 10_000;

/// When the running query must stop, if it has a deadline. SQLite's progress handler looks
/// between SQLite's steps, and the functions credreport adds whose one call can run long
/// (LIKE's and a regular expression's matching) look as they work, so the deadline ends those
/// too.
#[derive(Clone, Default)]
pub(crate) struct Deadline(Arc<Mutex<Option<(Clock, f64)>>>);

impl Deadline {
    fn set(&self, at: Option<(Clock, f64)>) {
        if let Ok(mut d) = self.0.lock() {
            *d = at;
        }
    }

    /// Whether the deadline has passed (never, without one).
    pub(crate) fn passed(&self) -> bool {
        match self.0.lock().ok().and_then(|d| *d) {
            Some((clock, at)) => clock() > at,
            None => false,
        }
    }
}

/// Which loaded reports [`Database::with_alone`] takes alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Alone {
    /// Every loaded report of this account and generation time, as loaded (`None`: not known):
    /// a report with all its files.
    Report {
        account_id: Option<String>,
        generated_time: Option<String>,
    },
    /// The loaded report whose bytes hash to this SHA-256, by its own rows: two undated reports
    /// of one account share the table's account and time, not their users.
    Rows(String),
}

/// What a statement reads ([`Database::reads`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reads {
    /// The changes table ([`crate::schema::CHANGES_TABLE`]).
    pub changes: bool,
    /// Anything but the rows of each account's latest report, read through their view
    /// ([`crate::schema::LATEST_VIEW`]): the table itself, the changes table, the keys' view,
    /// SQLite's own tables. A statement that reads nothing beyond them answers the same
    /// whatever older reports of the loaded accounts are loaded later. SQLite names the table
    /// itself where a statement counts the view's rows and reads none of its columns
    /// (`count(*)`), so such a count reads beyond too.
    pub beyond_latest: bool,
}

impl Reads {
    /// The statement reads `table`, through the view `accessor` if any.
    fn saw(&mut self, table: &str, accessor: Option<&str>) {
        let is = |name: &str, of: &str| name.eq_ignore_ascii_case(of);
        if is(table, crate::schema::CHANGES_TABLE) {
            self.changes = true;
        }
        // SQLite names the view's columns read, then the table's it reads them from.
        let latest = crate::schema::LATEST_VIEW;
        let through_latest =
            is(table, latest) || (is(table, TABLE) && accessor.is_some_and(|a| is(a, latest)));
        if !through_latest {
            self.beyond_latest = true;
        }
    }
}

/// The database of loaded reports.
pub struct Database {
    conn: Connection,
    reports: Vec<ReportSummary>,
    /// Each loaded report's rows, by `rowid` (first and last), in `reports` order. A report's
    /// rows are inserted together, numbered on from the last row, and rows are deleted only all
    /// at once (`clear`), so a report's rows are one range: what the latest view and `alone`
    /// read them by, without a scan of every loaded report.
    rows: Vec<(i64, i64)>,
    /// The pairs of consecutive reports whose changes the changes table holds, in order.
    compared: Vec<Pair>,
    /// What the last comparison read of its newest report (account, generation time), kept for
    /// the next load of a growing history, which compares that report with the one it adds:
    /// each load then reads one report, not two. Only a real account's size is kept.
    newest: Option<(String, String, crate::diff::Snapshot)>,
    /// What the changes table has not compared yet: the reports loaded (or given a time) since
    /// it was last brought up to date, `None` when it is. A load does not compare: the first
    /// query that reads the changes table does ([`Database::query`]), so a history of loads
    /// that nobody asks the changes of costs no comparison.
    stale: Option<Touched>,
    /// Pairs' changes compared before (by another database, on an earlier visit), by their
    /// key ([`crate::known::changes_key`]), with the build that keys them: a pair whose key is
    /// here is taken, not compared ([`Database::know_changes`]).
    known: Option<Known>,
    /// Whether the changes table and the key view are there ([`Database::complete`]).
    complete: bool,
    /// The running query's deadline, shared with the functions registered on `conn`.
    deadline: Deadline,
}

/// The most users a comparison's reading of a report is kept for ([`Database`]'s `newest`): a
/// real account's reports hold at most 3,500, and a kept reading holds every user's row.
const MAX_KEPT_SNAPSHOT_USERS: usize = 10_000;

/// Pairs' changes known, and those compared since last taken ([`Database::take_compared`]).
struct Known {
    build: String,
    rows: HashMap<String, Vec<ChangeRow>>,
    compared: Vec<KnownChanges>,
}

/// Two consecutive reports of one account, by their generation times.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Pair {
    account: String,
    old: String,
    new: String,
}

/// Which reports' pairs the changes table must compare again, besides the new pairs.
#[derive(Clone)]
enum Touched {
    /// Every pair (the reports' times changed).
    All,
    /// The pairs holding one of these reports (account, generation time): loaded just now, or
    /// what a report was and is after a person gave it a time or an account.
    Reports(Vec<(Option<String>, Option<String>)>),
}

impl Touched {
    /// What two refreshes would have compared, as one.
    fn and(self, other: Touched) -> Touched {
        match (self, other) {
            (Touched::Reports(mut a), Touched::Reports(b)) => {
                a.extend(b);
                Touched::Reports(a)
            }
            _ => Touched::All,
        }
    }
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database").finish_non_exhaustive()
    }
}

/// `source`, or, when a loaded report already has that name, the name with the first number
/// from 2 that none has ("report.csv (2)"), as a browser names a second download of one file:
/// last month's and this month's `report.csv`, from folders of their own, are then told apart
/// on their cards, in the boxes for their times, Compare's choices and the trend's bars.
fn told_apart<'a>(source: &str, loaded: impl Iterator<Item = &'a ReportSummary> + Clone) -> String {
    let taken = |name: &str| loaded.clone().any(|r| r.source == name);
    let (mut name, mut n) = (source.to_owned(), 1);
    while taken(&name) {
        n += 1;
        name = format!("{source} ({n})");
    }
    name
}

impl Database {
    /// An empty in-memory database holding the (empty) table.
    pub fn new() -> Result<Self, LoadError> {
        let mut db = Database::for_loading()?;
        db.complete()?;
        Ok(db)
    }

    /// The table, ready for a load, without what only reading needs (the changes table, the
    /// key view and, until a load makes it, the latest view: [`Database::complete`] adds them).
    /// For the page's database worker: SQLite compiling those statements, in code V8 compiles
    /// as it first runs, kept a first visit's report waiting (answered about 9 ms sooner
    /// without, side by side); the worker completes the database once the report's answer is
    /// on its way. Anything but loading, clearing and giving a generation time needs
    /// [`Database::complete`] first.
    pub fn for_loading() -> Result<Self, LoadError> {
        let conn = Connection::open_in_memory().map_err(sqlite_load)?;
        use rusqlite::limits::Limit;
        // Nothing can ever be attached, whatever the authorizer says; no value grows past
        // MAX_VALUE_BYTES; SQLite's memory in all is bounded.
        conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)
            .map_err(sqlite_load)?;
        conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES as i32)
            .map_err(sqlite_load)?;
        let deadline = Deadline::default();
        crate::functions::register(&conn, &deadline).map_err(sqlite_load)?;
        conn.execute_batch(&format!(
            "PRAGMA hard_heap_limit = {SQLITE_HEAP_LIMIT_BYTES}; {};",
            create_table_sql()
        ))
        .map_err(sqlite_load)?;
        Ok(Database {
            conn,
            reports: Vec::new(),
            rows: Vec::new(),
            compared: Vec::new(),
            newest: None,
            stale: None,
            known: None,
            complete: false,
            deadline,
        })
    }

    /// Add what reading needs to a database made [`Database::for_loading`]: the changes table,
    /// the key view, and the latest view if no load or clear has made it yet. Once; after
    /// that, nothing.
    pub fn complete(&mut self) -> Result<(), LoadError> {
        if !self.complete {
            self.conn
                .execute_batch(&format!(
                    "{} {}",
                    crate::schema::changes_table_sql(),
                    crate::schema::keys_view_sql()
                ))
                .map_err(sqlite_load)?;
            if self.reports.is_empty() {
                self.refresh_latest()?;
            }
            self.complete = true;
        }
        Ok(())
    }

    /// Parse and load inputs. All or nothing: on error, the table is as it was. A report that
    /// repeats one loaded already (or one earlier in `inputs`) is not loaded again: it is named
    /// in the summary's `duplicates`.
    pub fn load(
        &mut self,
        inputs: &[Input<'_>],
        options: &LoadOptions,
    ) -> Result<LoadSummary, LoadError> {
        let parsed = parse(inputs, options)?;
        let mut fresh = Vec::new();
        let mut duplicates = Vec::new();
        let mut seen: Vec<ReportSummary> = Vec::new();
        for report in parsed {
            let summary = ReportSummary {
                time_given: options.generated_time.is_some(),
                account_given: options
                    .account_id
                    .as_deref()
                    .is_some_and(|a| !a.trim().is_empty()),
                ..ReportSummary::from(&report)
            };
            let repeated = (self.reports.iter().chain(&seen))
                .find_map(|loaded| summary.repeats(loaded, options.generated_time.is_none()));
            match repeated {
                Some(duplicate) => duplicates.push(duplicate),
                None => {
                    let source = told_apart(&summary.source, self.reports.iter().chain(&seen));
                    let numbered_from = (source != summary.source).then(|| summary.source.clone());
                    seen.push(ReportSummary {
                        source,
                        numbered_from,
                        ..summary
                    });
                    fresh.push(report);
                }
            }
        }
        let mut accounts_taken = Vec::new();
        if !fresh.is_empty() {
            self.all_or_nothing(|db| {
                db.insert(&fresh, &seen)?;
                db.refresh_latest()?;
                accounts_taken = db.take_alias_accounts()?;
                Ok(())
            })?;
            self.changes_stale(Touched::Reports(
                (fresh.iter())
                    .map(|r| (r.account_id.clone(), r.generated_time.clone()))
                    .collect(),
            ));
            // As loaded and then taken as their alias's account.
            for r in seen.iter_mut() {
                if let Some(now) = self.reports.iter().find(|l| l.sha256 == r.sha256) {
                    r.clone_from(now);
                }
            }
        }
        Ok(LoadSummary {
            reports: seen,
            duplicates,
            accounts_taken,
        })
    }

    /// An alias is one account's: each loaded report at an alias that names no account is
    /// given the account its alias's other loaded reports are of ([`alias_accounts`] decides
    /// which). Next month's console CSV of an account with an alias then needs no account ID
    /// once this month's has one. What was given, to be said.
    fn take_alias_accounts(&mut self) -> Result<Vec<AccountOfAlias>, LoadError> {
        let taken = alias_accounts(&self.reports);
        let mut done: Vec<&str> = Vec::new();
        // One change per alias: its reports take one account, from one report.
        for t in &taken {
            if done.contains(&t.domain.as_str()) {
                continue;
            }
            done.push(&t.domain);
            let taking = |r: &ReportSummary| {
                (taken.iter()).any(|o| o.domain == t.domain && o.sha256 == r.sha256)
            };
            let named = self.fill_in(Said::AccountId, &t.account, &taking)?;
            for r in (self.reports.iter_mut()).filter(|r| named.contains(&r.sha256)) {
                r.account_from = Some(t.from.clone());
            }
        }
        Ok(taken)
    }

    /// The reports loaded, in the order they were.
    pub fn reports(&self) -> &[ReportSummary] {
        &self.reports
    }

    /// Run `change` as one: should it fail, the table, the changes table, the latest view and
    /// the list of loaded reports are as they were before it (its own transactions are
    /// savepoints inside this one).
    fn all_or_nothing(
        &mut self,
        change: impl FnOnce(&mut Self) -> Result<(), LoadError>,
    ) -> Result<(), LoadError> {
        let (reports, rows, compared) = (
            self.reports.clone(),
            self.rows.clone(),
            self.compared.clone(),
        );
        self.conn
            .execute_batch("SAVEPOINT all_or_nothing")
            .map_err(sqlite_load)?;
        let done = change(self).and_then(|()| {
            self.conn
                .execute_batch("RELEASE all_or_nothing")
                .map_err(sqlite_load)
        });
        if done.is_err() {
            let _ = self
                .conn
                .execute_batch("ROLLBACK TO all_or_nothing; RELEASE all_or_nothing");
            self.reports = reports;
            self.rows = rows;
            self.compared = compared;
            // It may be a reading of a report just undone.
            self.newest = None;
        }
        done
    }

    /// Insert parsed reports (one savepoint, one prepared insert per column set); only
    /// [`Database::load`] calls it, which then refreshes the changes and the latest view.
    fn insert(&mut self, reports: &[Report], summaries: &[ReportSummary]) -> Result<(), LoadError> {
        let tx = self.conn.savepoint().map_err(sqlite_load)?;
        let mut existing = table_columns(&tx).map_err(sqlite_load)?;
        let mut last: i64 = tx
            .query_row(
                &format!("SELECT coalesce(max(rowid), 0) FROM {TABLE}"),
                [],
                |r| r.get(0),
            )
            .map_err(sqlite_load)?;
        let mut ranges = Vec::with_capacity(reports.len());
        for report in reports {
            let before = existing.len().saturating_sub(COLUMNS.len());
            let new = (report.extra_columns.iter())
                .filter(|e| !existing.contains(e))
                .count();
            if before + new > crate::schema::MAX_EXTRA_COLUMNS {
                return Err(LoadError::TooManyColumns {
                    source_name: report.source.clone(),
                    new,
                    before,
                    limit: crate::schema::MAX_EXTRA_COLUMNS,
                });
            }
            for extra in &report.extra_columns {
                if !existing.contains(extra) {
                    tx.execute_batch(&format!("ALTER TABLE {TABLE} ADD COLUMN \"{extra}\" TEXT"))
                        .map_err(sqlite_load)?;
                    existing.push(extra.clone());
                }
            }
            let mut names: Vec<String> = COLUMNS.iter().map(|c| c.name.to_owned()).collect();
            names.extend(report.extra_columns.iter().map(|e| format!("\"{e}\"")));
            let mut stmt = tx.prepare(&insert_sql(&names)).map_err(sqlite_load)?;
            fn as_cell(v: &Option<String>) -> Cell<'_> {
                v.as_deref().map_or(Cell::Null, |t| Cell::Text(t.into()))
            }
            let (generated, account) =
                (as_cell(&report.generated_time), as_cell(&report.account_id));
            for row in report.rows.iter() {
                let values = row
                    .cells()
                    .take(28)
                    .chain([generated.clone(), account.clone()])
                    .chain(row.cells().skip(28))
                    .map(cell_ref);
                stmt.execute(params_from_iter(values))
                    .map_err(sqlite_load)?;
            }
            let first = last + 1;
            if !report.rows.is_empty() {
                last = tx.last_insert_rowid();
            }
            if last - first + 1 != report.rows.len() as i64 {
                return Err(LoadError::Sqlite(format!(
                    "{}: its rows were not numbered one after another",
                    report.source
                )));
            }
            ranges.push((first, last));
        }
        tx.commit().map_err(sqlite_load)?;
        self.reports.extend_from_slice(summaries);
        self.rows.extend(ranges);
        Ok(())
    }

    /// Forget everything loaded: the table is empty again, with its 30 columns only.
    pub fn clear(&mut self) -> Result<(), LoadError> {
        // The changes table is there once the database is complete.
        let changes = if self.complete {
            format!("DELETE FROM {};", crate::schema::CHANGES_TABLE)
        } else {
            String::new()
        };
        self.conn
            .execute_batch(&format!(
                "DROP TABLE {TABLE}; {}; {changes}",
                create_table_sql()
            ))
            .map_err(sqlite_load)?;
        self.reports.clear();
        self.rows.clear();
        self.compared.clear();
        self.newest = None;
        self.stale = None;
        if let Some(known) = self.known.as_mut() {
            known.rows.clear();
            known.compared.clear();
        }
        self.refresh_latest()
    }

    /// One report (`account_id` and `generated_time` as loaded) alone in a database of its
    /// own, its 30 columns copied, as [`crate::compare`] and [`crate::trend`] take it. The page
    /// and the changes table read it in place instead ([`Database::with_alone`]), which the
    /// tests hold to what a copy finds.
    pub fn alone(
        &self,
        account_id: Option<&str>,
        generated_time: Option<&str>,
    ) -> Result<Database, LoadError> {
        let which = Alone::Report {
            account_id: account_id.map(str::to_owned),
            generated_time: generated_time.map(str::to_owned),
        };
        self.copy(&which, account_id, generated_time)
    }

    /// The loaded report named by its SHA-256 alone in a database of its own, by its own rows
    /// only: two reports of one account that do not say when they were generated (console
    /// CSVs) share the table's account and time, so [`Database::alone`] would take both. No
    /// report loaded by that name: an empty database.
    pub fn alone_by_rows(&self, sha256: &str) -> Result<Database, LoadError> {
        let Some(report) = self.reports.iter().find(|r| r.sha256 == sha256) else {
            return Database::new();
        };
        self.copy(
            &Alone::Rows(sha256.to_owned()),
            report.account_id.as_deref(),
            report.generated_time.as_deref(),
        )
    }

    /// `f` given the loaded reports `which` takes, read where they are: while it runs, the
    /// table and its latest view hold their rows alone and [`Database::reports`] says them, as
    /// in the database [`Database::alone`] (or [`Database::alone_by_rows`]) would copy them
    /// into. Over a history this saves a copy of each report (what the trend, the changes table
    /// and a comparison judge each report in).
    pub fn with_alone<R>(
        &mut self,
        which: &Alone,
        f: impl FnOnce(&mut Database) -> R,
    ) -> Result<R, LoadError> {
        // Views in SQLite's `temp` schema, which names without a schema find first, stand for
        // the table (the reports' rows, by their numbers, and its 30 columns, as a copy has)
        // and for the latest view (every one of those rows, as in a copy). They are dropped
        // once `f` returns, whatever it returns. Nothing a report says is written into their
        // SQL. No comparison runs meanwhile: what the changes table still waits for waits
        // until `f` has returned.
        let (reports, ranges) = self.picked(which);
        let names: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        let latest = crate::schema::LATEST_VIEW;
        let drop = format!("DROP VIEW IF EXISTS temp.{latest}; DROP VIEW IF EXISTS temp.{TABLE};");
        let made = self.conn.execute_batch(&format!(
            "CREATE TEMP VIEW {TABLE} AS SELECT {} FROM main.{TABLE} WHERE {};
             CREATE TEMP VIEW {latest} AS SELECT * FROM temp.{TABLE};",
            names.join(", "),
            crate::schema::rowid_filter(&ranges)
        ));
        if let Err(e) = made {
            let _ = self.conn.execute_batch(&drop);
            return Err(sqlite_load(e));
        }
        let all_reports = std::mem::replace(&mut self.reports, reports);
        let all_rows = std::mem::replace(&mut self.rows, ranges);
        let stale = self.stale.take();
        let result = f(self);
        self.reports = all_reports;
        self.rows = all_rows;
        self.stale = stale;
        self.conn.execute_batch(&drop).map_err(sqlite_load)?;
        Ok(result)
    }

    /// One user's rows in the two loaded reports named by their SHA-256, the first's first:
    /// what Compare shows side by side. Each report's rows are read by their numbers and the
    /// name is bound, so nothing a report says (a quote, a NUL in its account) is written into
    /// the SQL. A report not loaded gives no row.
    pub fn user_rows(&self, user: &str, reports: [&str; 2]) -> Result<QueryResult, QueryError> {
        let mut columns = Vec::new();
        let mut rows = Vec::new();
        for sha256 in reports {
            let ranges: Vec<(i64, i64)> = (self.reports.iter().zip(&self.rows))
                .filter(|(r, _)| r.sha256 == sha256)
                .map(|(_, rows)| *rows)
                .collect();
            let sql = format!(
                "SELECT * FROM {TABLE} WHERE ({}) AND user_name = ?1",
                crate::schema::rowid_filter(&ranges)
            );
            let mut stmt = self.conn.prepare(&sql).map_err(internal)?;
            columns = stmt.column_names().map(str::to_owned).collect();
            let mut found = stmt.query([user]).map_err(internal)?;
            while let Some(row) = found.next().map_err(internal)? {
                let values = (0..columns.len())
                    .map(|i| row.get_ref(i).map(owned))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(internal)?;
                rows.push(values);
            }
        }
        Ok(QueryResult {
            columns,
            rows,
            truncated: None,
        })
    }

    /// The loaded reports `which` takes, each with its rows' numbers (first and last).
    fn picked(&self, which: &Alone) -> (Vec<ReportSummary>, Vec<(i64, i64)>) {
        (self.taken(which).into_iter())
            .map(|(r, rows)| (r.clone(), *rows))
            .unzip()
    }

    /// The loaded reports [`Database::with_alone`] takes for `which`, in load order: what a
    /// figure judged of them alone was judged from.
    pub fn reports_alone(&self, which: &Alone) -> Vec<&ReportSummary> {
        self.taken(which).into_iter().map(|(r, _)| r).collect()
    }

    /// [`Database::picked`]'s reports, each beside its rows' numbers.
    fn taken(&self, which: &Alone) -> Vec<(&ReportSummary, &(i64, i64))> {
        let loaded = self.reports.iter().zip(&self.rows);
        match which {
            Alone::Report {
                account_id,
                generated_time,
            } => loaded
                .filter(|(r, _)| r.account_id == *account_id && r.generated_time == *generated_time)
                .collect(),
            Alone::Rows(sha256) => loaded
                .filter(|(r, _)| r.sha256 == *sha256)
                .take(1)
                .collect(),
        }
    }

    /// The rows of the reports `which` takes (those holding `account_id` and `generated_time`)
    /// in a database of their own.
    fn copy(
        &self,
        which: &Alone,
        account_id: Option<&str>,
        generated_time: Option<&str>,
    ) -> Result<Database, LoadError> {
        let mut db = Database::new()?;
        let names: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        let (reports, ranges) = self.picked(which);
        // Read by its rows' numbers, not by a scan of every loaded report (the account and the
        // time checked as well: they are what makes a row this report's).
        let select = format!(
            "SELECT {} FROM {TABLE} WHERE ({}) AND account_id IS ?1 AND generated_time IS ?2",
            names.join(", "),
            crate::schema::rowid_filter(&ranges)
        );
        let mut read = self.conn.prepare(&select).map_err(sqlite_load)?;
        let tx = db.conn.transaction().map_err(sqlite_load)?;
        {
            let mut write = tx.prepare(&insert_sql(&names)).map_err(sqlite_load)?;
            let mut rows = read
                .query(rusqlite::params![account_id, generated_time])
                .map_err(sqlite_load)?;
            // Each value bound as SQLite holds it, none copied into a Rust value first: a
            // report of 3,500 users copied in 6.5 ms against 8.6.
            while let Some(row) = rows.next().map_err(sqlite_load)? {
                for i in 0..names.len() {
                    let value = row.get_ref(i).map_err(sqlite_load)?;
                    (write.raw_bind_parameter(i + 1, ToSqlOutput::Borrowed(value)))
                        .map_err(sqlite_load)?;
                }
                write.raw_execute().map_err(sqlite_load)?;
            }
        }
        tx.commit().map_err(sqlite_load)?;
        // One report (however many loads gave it rows): every row is each summary's.
        let all = (1, db.row_count() as i64);
        db.rows = vec![all; reports.len()];
        db.reports = reports;
        Ok(db)
    }

    /// Point the latest view at each account's latest report ([`crate::latest`]): every row
    /// while no loaded report is another's older one.
    fn refresh_latest(&mut self) -> Result<(), LoadError> {
        let latest = crate::latest(&self.reports);
        let kept: Vec<(i64, i64)> = (self.reports.iter().zip(&self.rows))
            .filter(|(r, _)| latest.iter().any(|l| std::ptr::eq(*l, *r)))
            .map(|(_, rows)| *rows)
            .collect();
        let all = latest.len() == self.reports.len();
        self.conn
            .execute_batch(&crate::schema::latest_view_sql((!all).then_some(&kept[..])))
            .map_err(sqlite_load)
    }

    /// Keep the changes table to every change between consecutive reports (by generation time)
    /// of each account; reports whose account or time is unknown are left out. Only the pairs
    /// that are new, or that hold a report of `touched`, are compared (a pair's changes depend
    /// on its two reports alone); pairs that are no longer consecutive are deleted. So a load
    /// adding the newest of many reports compares one pair, not all of them again.
    fn refresh_changes(&mut self, touched: Touched) -> Result<(), LoadError> {
        let mut times: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for r in &self.reports {
            if let (Some(a), Some(t)) = (&r.account_id, &r.generated_time) {
                times.entry(a.clone()).or_default().insert(t.clone());
            }
        }
        // In order, as the maps are: a sorted list, searched by halves.
        let wanted: Vec<Pair> = times
            .iter()
            .flat_map(|(account, times)| {
                times
                    .iter()
                    .zip(times.iter().skip(1))
                    .map(|(old, new)| Pair {
                        account: account.clone(),
                        old: old.clone(),
                        new: new.clone(),
                    })
            })
            .collect();
        let holds_touched = |p: &Pair| match &touched {
            Touched::All => true,
            Touched::Reports(keys) => keys.iter().any(|(a, t)| {
                a.as_deref() == Some(p.account.as_str())
                    && t.as_deref().is_some_and(|t| t == p.old || t == p.new)
            }),
        };
        let compare: Vec<&Pair> = wanted
            .iter()
            .filter(|p| self.compared.binary_search(p).is_err() || holds_touched(p))
            .collect();
        let mut rows: Vec<ChangeRow> = Vec::new();
        // Each report is copied and read once: pairs come in order, so a report that is the new
        // side of one pair and the old side of the next is reused; only that one is kept, and
        // after the last pair for the next load. A report this load added rows to is read
        // again (a pair holding it as its new side would come first and read it anyway: this
        // does not rely on that).
        let mut before = self
            .newest
            .take()
            .filter(|(account, time, _)| match &touched {
                Touched::All => false,
                Touched::Reports(keys) => !keys
                    .iter()
                    .any(|(a, t)| a.as_ref() == Some(account) && t.as_ref() == Some(time)),
            });
        for pair in &compare {
            let keyed = self.known.as_ref().map(|k| self.pair_key(&k.build, pair));
            let known = (self.known.as_ref()).zip(keyed.as_ref());
            if let Some(taken) = known.and_then(|(k, (key, _))| k.rows.get(key)) {
                rows.extend(taken.iter().cloned());
                // Nothing was read: the next pair reads its old report itself.
                before = None;
                continue;
            }
            let old = match before.take() {
                Some((account, time, snapshot)) if account == pair.account && time == pair.old => {
                    snapshot
                }
                _ => self.snapshot(&pair.account, &pair.old)?,
            };
            let new = self.snapshot(&pair.account, &pair.new)?;
            let compared: Vec<ChangeRow> = (old.changes_to(&new).into_iter())
                .map(|c| {
                    vec![
                        Some(pair.account.clone()),
                        Some(pair.old.clone()),
                        Some(pair.new.clone()),
                        Some(c.change.as_str().to_owned()),
                        Some(c.user_name),
                        c.concerns,
                        c.check.map(str::to_owned),
                        c.before,
                        c.after,
                    ]
                })
                .collect();
            if let Some((key, reports)) = keyed.filter(|_| compared.len() <= CHANGES_PER_PAIR) {
                if let Some(known) = self.known.as_mut() {
                    known.rows.insert(key.clone(), compared.clone());
                    known
                        .compared
                        .push(KnownChanges::new(key, reports, &compared));
                }
            }
            rows.extend(compared);
            before = Some((pair.account.clone(), pair.new.clone(), new));
        }
        let table = crate::schema::CHANGES_TABLE;
        let tx = self.conn.savepoint().map_err(sqlite_load)?;
        {
            if matches!(touched, Touched::All) {
                // Every pair goes: one statement, not a scan of the table for each.
                tx.execute_batch(&format!("DELETE FROM {table}"))
                    .map_err(sqlite_load)?;
            } else {
                // The pairs no longer consecutive, and those compared again.
                let mut forget = tx
                    .prepare(&format!(
                        "DELETE FROM {table} WHERE account_id = ?1 AND old_generated_time = ?2 AND new_generated_time = ?3"
                    ))
                    .map_err(sqlite_load)?;
                let gone = (self.compared.iter())
                    .filter(|p| wanted.binary_search(p).is_err() || holds_touched(p));
                for p in gone {
                    forget
                        .execute([&p.account, &p.old, &p.new])
                        .map_err(sqlite_load)?;
                }
            }
            let mut write = tx
                .prepare(&format!(
                    "INSERT INTO {table} VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                ))
                .map_err(sqlite_load)?;
            for row in &rows {
                write.execute(params_from_iter(row)).map_err(sqlite_load)?;
            }
        }
        tx.commit().map_err(sqlite_load)?;
        self.compared = wanted;
        self.newest = before.filter(|(_, _, s)| s.users() <= MAX_KEPT_SNAPSHOT_USERS);
        Ok(())
    }

    /// What `pair`'s changes depend on, as [`crate::known::changes_key`] digests it, and the
    /// SHA-256 of each report of its two sides (in the order they were loaded).
    fn pair_key(&self, build: &str, pair: &Pair) -> (String, Vec<String>) {
        let [old, new] = [&pair.old, &pair.new].map(|time| {
            self.reports_alone(&Alone::Report {
                account_id: Some(pair.account.clone()),
                generated_time: Some(time.clone()),
            })
        });
        let reports = (old.iter().chain(&new)).map(|r| r.sha256.clone()).collect();
        (crate::known::changes_key(build, &old, &new), reports)
    }

    /// Take pairs' changes compared before instead of comparing them again: each whose key
    /// ([`crate::known::changes_key`], with `build`, what compares here) is what a pair of the
    /// loaded reports would be. From now on, what the changes table compares is kept for
    /// [`Database::take_compared`]. Rows not of the changes table's shape are not taken.
    pub fn know_changes(&mut self, build: &str, known: impl IntoIterator<Item = KnownChanges>) {
        let known_now = self.known.get_or_insert_with(|| Known {
            build: build.to_owned(),
            rows: HashMap::new(),
            compared: Vec::new(),
        });
        if known_now.build != build {
            known_now.build = build.to_owned();
            known_now.rows.clear();
        }
        for k in known {
            if let Some(rows) = k.rows() {
                known_now.rows.insert(k.key, rows);
            }
        }
    }

    /// Each pair's changes the changes table compared since last asked (none unless
    /// [`Database::know_changes`] was called; none of more than [`CHANGES_PER_PAIR`] rows), for
    /// the page to keep with its kept reports.
    pub fn take_compared(&mut self) -> Vec<KnownChanges> {
        (self.known.as_mut())
            .map(|known| std::mem::take(&mut known.compared))
            .unwrap_or_default()
    }

    /// The changes table no longer holds every change of `touched`'s reports: the next query
    /// that reads it compares them first.
    fn changes_stale(&mut self, touched: Touched) {
        self.stale = Some(match self.stale.take() {
            Some(t) => t.and(touched),
            None => touched,
        });
    }

    /// Compare what the loads since the last comparison made new, all or nothing: should it
    /// fail, the changes table stays as it was and still waits for them.
    fn changes_up_to_date(&mut self) -> Result<(), LoadError> {
        let Some(touched) = self.stale.take() else {
            return Ok(());
        };
        let done = self.all_or_nothing(|db| db.refresh_changes(touched.clone()));
        if done.is_err() {
            self.stale = Some(touched);
        }
        done
    }

    /// What `sql` reads. Told by SQLite itself (an authorizer watching it compile the
    /// statement, which is never run here), not by the statement's text, so no spelling of a
    /// name, quoting or view can hide a read.
    pub fn reads(&mut self, sql: &str) -> Reads {
        let reads: Arc<Mutex<Reads>> = Arc::default();
        let seen = reads.clone();
        let watched = self.conn.authorizer(Some(move |ctx: AuthContext<'_>| {
            // What `query` refuses is refused even to compile (it says why as ever).
            if refusal(&ctx.action).is_some() {
                return Authorization::Deny;
            }
            if let AuthAction::Read { table_name, .. } = ctx.action {
                if let Ok(mut r) = seen.lock() {
                    r.saw(table_name, ctx.accessor);
                }
            }
            Authorization::Allow
        }));
        // Compiling may fail (a syntax error): `query` says so as ever.
        if watched.is_ok() {
            drop(self.conn.prepare(sql));
        }
        let _ = self
            .conn
            .authorizer(None::<fn(AuthContext<'_>) -> Authorization>);
        reads.lock().map(|r| *r).unwrap_or(Reads {
            changes: true,
            beyond_latest: true,
        })
    }

    /// What the changes table compares of one loaded report.
    fn snapshot(&mut self, account: &str, time: &str) -> Result<crate::diff::Snapshot, LoadError> {
        // The time is known: `now` judges nothing here.
        let now = chrono::DateTime::UNIX_EPOCH;
        let which = Alone::Report {
            account_id: Some(account.to_owned()),
            generated_time: Some(time.to_owned()),
        };
        self.with_alone(&which, |db| crate::diff::Snapshot::take(db, "new", now))?
            .map_err(|e| LoadError::Sqlite(format!("comparing the reports of {account}: {e}")))
    }

    /// Say when the loaded reports that do not know it were generated (a console CSV never says):
    /// every row without `generated_time` gets `time` (ISO 8601). Returns the time as stored.
    pub fn give_generated_time(&mut self, time: &str) -> Result<String, LoadError> {
        self.give_time_where(time, &|r| !r.time_given)
    }

    /// [`Database::give_generated_time`] for the reports named by their SHA-256 only (those of
    /// one load, given the time it was given before: a kept load opened again), so another
    /// undated report keeps its own. A time a person gave one of them before is replaced (a
    /// typo put right); a time a report states never is.
    pub fn give_generated_time_to(
        &mut self,
        time: &str,
        sha256s: &[String],
    ) -> Result<String, LoadError> {
        self.give_time_where(time, &|r| sha256s.contains(&r.sha256))
    }

    fn give_time_where(
        &mut self,
        time: &str,
        pick: &dyn Fn(&ReportSummary) -> bool,
    ) -> Result<String, LoadError> {
        let (t, _) =
            crate::values::parse_timestamp(time.trim()).ok_or_else(|| LoadError::BadOption {
                option: "generated time",
                value: time.to_owned(),
                expected: crate::values::EXPECTED_GIVEN_TIME,
            })?;
        self.fill_in(Said::GeneratedTime, &t, pick)?;
        Ok(t)
    }

    /// Say which account a loaded report that names none is of (a console CSV of an account
    /// with an alias never names it): the report whose bytes hash to `to`, and every other
    /// loaded report that names none and whose users log on at its domain (an alias is one
    /// account's), take `account_id` ([`crate::report::given_account_id`]). An account a
    /// person gave before is taken back the same way (a typo), never one a report names
    /// itself. Refused when a loaded report that names another account itself shares that
    /// domain. Returns the reports given it (their SHA-256); none when `to` names its account.
    pub fn give_account_id(
        &mut self,
        account_id: &str,
        to: &str,
    ) -> Result<Vec<String>, LoadError> {
        // Blank is "not given" to the CLI's option; here it gives nothing, and is refused so.
        let Some(id) = crate::report::given_account_id(account_id)? else {
            return Err(LoadError::BadOption {
                option: "account ID",
                value: String::new(),
                expected: crate::report::EXPECTED_ACCOUNT_ID,
            });
        };
        let report = (self.reports.iter().find(|r| r.sha256 == to))
            .ok_or(LoadError::NotLoaded)?
            .clone();
        if report.account_id.is_some() && !report.account_given {
            return Ok(Vec::new());
        }
        let domain = report.logon_domain.clone();
        let shares = |r: &ReportSummary| domain.is_some() && r.logon_domain == domain;
        if let Some(other) = (self.reports.iter()).find(|r| {
            shares(r) && !r.account_given && r.account_id.as_ref().is_some_and(|a| *a != id)
        }) {
            return Err(LoadError::AliasOfAnother {
                source_name: report.source,
                domain: domain.unwrap_or_default(),
                other: other.source.clone(),
                account: other.account_id.clone().unwrap_or_default(),
            });
        }
        self.fill_in(Said::AccountId, &id, &|r| r.sha256 == to || shares(r))
    }

    /// Say again where the account given to the report `to` (its SHA-256) came from, as a kept
    /// load was given it before ([`ReportSummary::account_from`]): the report at its alias a
    /// load took it from, or `None`, a person. Nothing changes where the report was not given
    /// `account_id`.
    pub fn account_given_from(&mut self, to: &str, account_id: &str, from: Option<&str>) {
        for r in (self.reports.iter_mut()).filter(|r| r.sha256 == to && r.account_given) {
            if r.account_id.as_deref() == Some(account_id) {
                r.account_from = from.map(str::to_owned);
            }
        }
    }

    /// Write what a person said of loaded reports that they do not say themselves: `value`
    /// into `said`'s column of every row of each report `pick` takes that is open to it
    /// ([`Said::open`]), each then marked as given it; as one change, the latest view made
    /// again. The changes are compared again when next read: the pairs each such report was in
    /// and the pairs it is in now, not every pair (a month's alias CSV given its account as it
    /// loads compares its own pair). Returns the reports given it (their SHA-256).
    fn fill_in(
        &mut self,
        said: Said,
        value: &str,
        pick: &dyn Fn(&ReportSummary) -> bool,
    ) -> Result<Vec<String>, LoadError> {
        let given = |r: &ReportSummary| said.open(r, value) && pick(r);
        let ranges: Vec<(i64, i64)> = (self.reports.iter().zip(&self.rows))
            .filter(|(r, _)| given(r))
            .map(|(_, rows)| *rows)
            .collect();
        if ranges.is_empty() {
            return Ok(Vec::new());
        }
        let mut named = Vec::new();
        // Each such report's account and time, before and after.
        let mut keys = Vec::new();
        self.all_or_nothing(|db| {
            let column = said.column();
            db.conn
                .execute(
                    &format!(
                        "UPDATE {TABLE} SET {column} = ?1 WHERE {}",
                        crate::schema::rowid_filter(&ranges)
                    ),
                    [value],
                )
                .map_err(sqlite_load)?;
            for r in db.reports.iter_mut().filter(|r| given(r)) {
                keys.push((r.account_id.clone(), r.generated_time.clone()));
                said.take(r, value);
                keys.push((r.account_id.clone(), r.generated_time.clone()));
                named.push(r.sha256.clone());
            }
            db.refresh_latest()
        })?;
        self.changes_stale(Touched::Reports(keys));
        Ok(named)
    }

    /// The table's columns now, extra columns of loaded reports included.
    pub fn columns(&self) -> Vec<String> {
        table_columns(&self.conn).unwrap_or_default()
    }

    /// How many users are loaded.
    pub fn row_count(&self) -> usize {
        self.conn
            .query_row(&format!("SELECT count(*) FROM {TABLE}"), [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n as usize)
            .unwrap_or(0)
    }

    /// Run one read-only statement.
    pub fn query(&mut self, sql: &str, options: &QueryOptions) -> Result<QueryResult, QueryError> {
        if sql.trim().trim_end_matches(';').trim().is_empty() {
            return Err(QueryError::Empty);
        }
        if self.stale.is_some() && self.reads(sql).changes {
            self.changes_up_to_date()
                .map_err(|e| QueryError::ChangesUnavailable {
                    table: crate::schema::CHANGES_TABLE,
                    report_table: TABLE,
                    cause: e.to_string(),
                })?;
        }
        let denied: Arc<Mutex<Vec<String>>> = Arc::default();
        let seen = denied.clone();
        self.conn
            .authorizer(Some(move |ctx: AuthContext<'_>| {
                // Decided on the action code alone, never on its text: whatever a statement is
                // called or names, anything but reading is denied (and remembered, to name it).
                match refusal(&ctx.action) {
                    None => Authorization::Allow,
                    Some(what) => {
                        if let Ok(mut d) = seen.lock() {
                            d.push(what);
                        }
                        Authorization::Deny
                    }
                }
            }))
            .map_err(internal)?;
        if let (Some(limit), Some(clock)) = (options.timeout_ms, options.clock) {
            self.deadline.set(Some((clock, clock() + limit as f64)));
            let deadline = self.deadline.clone();
            if let Err(e) = self
                .conn
                .progress_handler(PROGRESS_STEPS, Some(move || deadline.passed()))
            {
                self.deadline.set(None);
                let _ = self
                    .conn
                    .authorizer(None::<fn(AuthContext<'_>) -> Authorization>);
                return Err(internal(e));
            }
        }
        let result = self.run(sql, options, &denied);
        self.deadline.set(None);
        // Loading needs writes again; if either hook cannot be removed, later loads say so.
        let _ = self
            .conn
            .progress_handler(PROGRESS_STEPS, None::<fn() -> bool>);
        let _ = self
            .conn
            .authorizer(None::<fn(AuthContext<'_>) -> Authorization>);
        result
    }

    fn run(
        &self,
        sql: &str,
        options: &QueryOptions,
        denied: &Mutex<Vec<String>>,
    ) -> Result<QueryResult, QueryError> {
        let map_err = |e: rusqlite::Error| -> QueryError {
            if let Some(action) = denied.lock().ok().and_then(|d| statement_action(&d)) {
                return QueryError::WriteRefused { action };
            }
            match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == ErrorCode::OperationInterrupted =>
                {
                    QueryError::Timeout {
                        limit_ms: options.timeout_ms.unwrap_or(0),
                    }
                }
                rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::TooBig => {
                    QueryError::TooBig {
                        limit: bytes_text(MAX_VALUE_BYTES),
                    }
                }
                rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::OutOfMemory => {
                    QueryError::OutOfMemory {
                        limit: bytes_text(SQLITE_HEAP_LIMIT_BYTES as usize),
                    }
                }
                rusqlite::Error::MultipleStatement => QueryError::MultipleStatements {
                    rest: String::new(),
                },
                rusqlite::Error::SqlInputError { msg, offset, .. } => QueryError::Sql {
                    message: with_suggestion(msg),
                    offset: usize::try_from(offset).ok(),
                },
                // "no such table" comes without a place.
                other => QueryError::Sql {
                    message: with_suggestion(other.to_string()),
                    offset: None,
                },
            }
        };
        let mut stmt = self.conn.prepare(sql).map_err(|e| match map_err(e) {
            QueryError::MultipleStatements { .. } => QueryError::MultipleStatements {
                rest: after_first_statement(sql),
            },
            other => other,
        })?;
        if !stmt.readonly() {
            let action = denied
                .lock()
                .ok()
                .and_then(|d| statement_action(&d))
                .unwrap_or_else(|| "change the database".into());
            return Err(QueryError::WriteRefused { action });
        }
        let columns: Vec<String> = stmt.column_names().map(str::to_owned).collect();
        let n = columns.len();
        let mut rows = Vec::new();
        let mut truncated = None;
        let mut bytes = 0usize;
        let mut cursor = stmt.query([]).map_err(map_err)?;
        while let Some(row) = cursor.next().map_err(map_err)? {
            if let Some(m) = options.max_rows.filter(|m| rows.len() >= *m) {
                truncated = Some(Cut::Rows(m));
                break;
            }
            let mut values = Vec::with_capacity(n);
            for i in 0..n {
                let value = row.get_ref(i).map_err(map_err)?;
                // What the value costs to hold: its text or blob, or the slot of a number.
                bytes += match value {
                    ValueRef::Text(t) | ValueRef::Blob(t) => t.len(),
                    _ => 8,
                };
                values.push(value);
            }
            if let Some(m) = options.max_bytes.filter(|m| bytes > *m) {
                truncated = Some(Cut::Bytes(m));
                break;
            }
            rows.push(values.into_iter().map(owned).collect());
        }
        Ok(QueryResult {
            columns,
            rows,
            truncated,
        })
    }
}

fn owned(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(r) => Value::Real(r),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// The first refusal: the one that stopped the statement.
fn statement_action(denied: &[String]) -> Option<String> {
    denied.first().cloned()
}

/// The statement text after the first one, for the error message.
fn after_first_statement(sql: &str) -> String {
    let rest = sql.split_once(';').map(|(_, r)| r.trim()).unwrap_or("");
    rest.chars().take(60).collect()
}

/// What a user query may not do, in words; `None` when it may.
fn refusal(action: &AuthAction<'_>) -> Option<String> {
    use AuthAction as A;
    match action {
        A::Select | A::Read { .. } | A::Function { .. } | A::Recursive => None,
        A::Pragma { pragma_name, .. }
            if READ_PRAGMAS.contains(&pragma_name.to_ascii_lowercase().as_str()) =>
        {
            None
        }
        A::Pragma { pragma_name, .. } => Some(format!("run PRAGMA {pragma_name}")),
        // CREATE and DROP ask to write their schema row first, and are refused there.
        A::Insert { table_name } | A::Update { table_name, .. } | A::Delete { table_name }
            if matches!(
                *table_name,
                "sqlite_master" | "sqlite_temp_master" | "sqlite_schema"
            ) =>
        {
            Some("change the schema (create or drop a table, an index, a view or a trigger)".into())
        }
        A::Insert { table_name } => Some(format!("insert into {table_name}")),
        A::Update { table_name, .. } => Some(format!("update {table_name}")),
        A::Delete { table_name } => Some(format!("delete from {table_name}")),
        A::DropTable { table_name } | A::DropTempTable { table_name } => {
            Some(format!("drop table {table_name}"))
        }
        A::CreateTable { table_name } | A::CreateTempTable { table_name } => {
            Some(format!("create table {table_name}"))
        }
        A::AlterTable { table_name, .. } => Some(format!("alter table {table_name}")),
        A::Attach { filename } => Some(format!("attach database {filename:?}")),
        A::Detach { database_name } => Some(format!("detach database {database_name}")),
        A::Transaction { .. } | A::Savepoint { .. } => Some("control a transaction".into()),
        other => {
            let name = format!("{other:?}");
            Some(
                name.split([' ', '{', '('])
                    .next()
                    .unwrap_or("write")
                    .to_lowercase(),
            )
        }
    }
}

/// PRAGMAs that only read are allowed: they help users explore the schema.
const READ_PRAGMAS: [&str; 6] = [
    "table_info",
    "table_xinfo",
    "table_list",
    "function_list",
    "compile_options",
    "collation_list",
];

fn table_columns(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("SELECT name FROM pragma_table_info('{TABLE}')"))?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?.collect();
    names
}

fn cell_ref(c: Cell<'_>) -> rusqlite::types::ToSqlOutput<'_> {
    use rusqlite::types::{ToSqlOutput, Value as Owned, ValueRef as V};
    use std::borrow::Cow;
    match c {
        Cell::Null => ToSqlOutput::Borrowed(V::Null),
        Cell::Int(i) => ToSqlOutput::Borrowed(V::Integer(i)),
        Cell::Text(Cow::Borrowed(t)) => ToSqlOutput::Borrowed(V::Text(t.as_bytes())),
        Cell::Text(Cow::Owned(t)) => ToSqlOutput::Owned(Owned::Text(t)),
    }
}

/// SQLite's "no such column: user_nam" with the column it most likely meant (of the table,
/// else of the changes table or the key view), "no such table:
/// alicloud_ram_credential_reprt" with the table or view (every table's name when none is
/// near), "incomplete input" with what may be missing, and a text in quotes left open as such.
fn with_suggestion(message: String) -> String {
    use crate::schema::{CHANGES_COLUMNS, COLUMNS, KEYS_COLUMNS, TABLES};
    if message == "incomplete input" {
        return format!(
            "{message}: the query ends before it is whole (a clause, a closing parenthesis or \
             a closing quote is missing)"
        );
    }
    if message.starts_with("unrecognized token: \"'") {
        return format!(
            "{message}: a text in single quotes is not closed (write '' for a quote inside one)"
        );
    }
    let (name, candidates, table): (&str, Vec<&str>, bool) =
        if let Some(name) = message.strip_prefix("no such column: ") {
            let columns = (COLUMNS.iter().map(|c| c.name))
                .chain(CHANGES_COLUMNS.iter().map(|c| c.0))
                .chain(KEYS_COLUMNS.iter().map(|c| c.0));
            (name, columns.collect(), false)
        } else if let Some(name) = message.strip_prefix("no such table: ") {
            (name, TABLES.to_vec(), true)
        } else {
            return message;
        };
    let bare = name.rsplit('.').next().unwrap_or(name);
    match crate::words::nearest(bare, candidates) {
        Some(c) => format!("{message}; did you mean {c}?"),
        None if table => {
            let [first @ .., last] = TABLES;
            format!("{message}; the tables are {} and {last}", first.join(", "))
        }
        None => message,
    }
}

fn internal(e: rusqlite::Error) -> QueryError {
    QueryError::Sql {
        message: format!("SQLite could not set up the query: {e}"),
        offset: None,
    }
}

/// `INSERT INTO` the table's `names` columns, one numbered parameter each.
fn insert_sql(names: &[impl AsRef<str>]) -> String {
    let names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO {TABLE} ({}) VALUES ({})",
        names.join(", "),
        marks.join(", ")
    )
}

fn sqlite_load(e: rusqlite::Error) -> LoadError {
    LoadError::Sqlite(e.to_string())
}

impl Database {
    /// Run `checks` with `thresholds`, judged as of `as_of`, in the order given. The CLI's
    /// `check` and the page's Checks view are this one call.
    pub fn run_checks(
        &self,
        checks: &[&'static crate::checks::Check],
        thresholds: &crate::checks::Thresholds,
        as_of: crate::checks::AsOf,
    ) -> Result<Vec<crate::checks::Outcome>, QueryError> {
        checks
            .iter()
            .map(|c| self.run_check(c, thresholds, as_of))
            .collect()
    }

    /// Run one compliance check with `thresholds`; `as_of` is the moment judged.
    pub fn run_check(
        &self,
        check: &'static crate::checks::Check,
        thresholds: &crate::checks::Thresholds,
        as_of: crate::checks::AsOf,
    ) -> Result<crate::checks::Outcome, QueryError> {
        use crate::checks::{Finding, Outcome};
        let sql_err = check_error(check);
        let days = thresholds.days(check);
        let mut stmt = self.check_statement(check, check.sql, thresholds, as_of)?;
        let mut rows = stmt.raw_query();
        let mut findings = Vec::new();
        while let Some(row) = rows.next().map_err(sql_err)? {
            findings.push(Finding {
                resource: row.get(0).map_err(sql_err)?,
                status: status(check, row.get_ref(1).map_err(sql_err)?)?,
                reason: said_ages(row.get(2).map_err(sql_err)?),
                account_id: row.get(3).map_err(sql_err)?,
                user_name: row.get(4).map_err(sql_err)?,
            });
        }
        findings.sort_by(|a, b| (&a.account_id, &a.user_name).cmp(&(&b.account_id, &b.user_name)));
        Ok(Outcome::new(check, days, findings))
    }

    /// Each user's status and reason under one check, by user name, as [`Database::run_check`]'s
    /// findings say them: what a comparison keeps of a report (which holds one account). SQLite
    /// makes no resource name and nothing is sorted, so a report is judged in about a third less
    /// time.
    pub(crate) fn judge_users(
        &self,
        check: &'static crate::checks::Check,
        thresholds: &crate::checks::Thresholds,
        as_of: crate::checks::AsOf,
    ) -> Result<BTreeMap<String, (crate::checks::Status, String)>, QueryError> {
        let sql_err = check_error(check);
        let sql = over_check(check, "user_name, status, reason", "");
        let mut stmt = self.check_statement(check, &sql, thresholds, as_of)?;
        let mut rows = stmt.raw_query();
        let mut judged = Vec::new();
        while let Some(row) = rows.next().map_err(sql_err)? {
            let status = status(check, row.get_ref(1).map_err(sql_err)?)?;
            let reason = said_ages(row.get(2).map_err(sql_err)?);
            judged.push((row.get(0).map_err(sql_err)?, (status, reason)));
        }
        // A user found twice keeps the last finding, as a map of `run_check`'s findings would.
        Ok(judged.into_iter().collect())
    }

    /// One check's findings counted by status, as [`Database::run_check`]'s outcome counts
    /// them, counted by SQLite: no finding is made or sent. What the page's Checks view shows of
    /// every check until one is opened: over 100,000 users every check is counted in about 60%
    /// of the time their findings take to make.
    pub fn tally(
        &self,
        check: &'static crate::checks::Check,
        thresholds: &crate::checks::Thresholds,
        as_of: crate::checks::AsOf,
    ) -> Result<crate::checks::Totals, QueryError> {
        let sql_err = check_error(check);
        // Each finding's status worked out once (the subquery is never flattened into this
        // one), then counted: SQLite need not sort them to group them.
        let sql = format!(
            "SELECT count(*) FILTER (WHERE status = 'ok'), count(*) FILTER (WHERE status = \
             'alarm'), count(*) FILTER (WHERE status = 'skip'), count(*) FROM ({})",
            over_check(check, "status", crate::checks::UNFLATTENED)
        );
        let mut stmt = self.check_statement(check, &sql, thresholds, as_of)?;
        let mut rows = stmt.raw_query();
        let Some(row) = rows.next().map_err(sql_err)? else {
            return Ok(crate::checks::Totals::default());
        };
        let count = |i| -> Result<usize, QueryError> {
            let n: i64 = row.get(i).map_err(sql_err)?;
            Ok(usize::try_from(n).unwrap_or(0))
        };
        let totals = crate::checks::Totals {
            ok: count(0)?,
            alarm: count(1)?,
            skip: count(2)?,
            excepted: 0,
        };
        if totals.ok + totals.alarm + totals.skip != count(3)? {
            // A status none of the three: the findings say which.
            let outcome = self.run_check(check, thresholds, as_of)?;
            return Ok(crate::checks::Totals::of(&outcome.findings));
        }
        Ok(totals)
    }

    /// How many findings of one check are in alarm, as [`Database::run_check`]'s outcome counts
    /// them, counted by SQLite: no finding is made or sent (what the trend needs of each report,
    /// in about 40% less time over a real account's report). Quicker still than
    /// [`Database::tally`]'s count of every status: every check over 100,000 users in 0.40–0.46 s
    /// against 0.49–0.53.
    pub fn count_alarms(
        &self,
        check: &'static crate::checks::Check,
        thresholds: &crate::checks::Thresholds,
        as_of: crate::checks::AsOf,
    ) -> Result<usize, QueryError> {
        let sql = over_check(check, "count(*)", " WHERE status = 'alarm'");
        let mut stmt = self.check_statement(check, &sql, thresholds, as_of)?;
        let mut rows = stmt.raw_query();
        let count: i64 = match rows.next().map_err(check_error(check))? {
            Some(row) => row.get(0).map_err(check_error(check))?,
            None => 0,
        };
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// `sql` (a check's, or a query over it) prepared, with the check's parameters bound.
    fn check_statement(
        &self,
        check: &'static crate::checks::Check,
        sql: &str,
        thresholds: &crate::checks::Thresholds,
        as_of: crate::checks::AsOf,
    ) -> Result<rusqlite::Statement<'_>, QueryError> {
        let sql_err = check_error(check);
        let days = thresholds.days(check);
        let minutes = thresholds.value(check, "minutes");
        let (per_report, moment) = as_of.params();
        let mut stmt = self.conn.prepare(sql).map_err(sql_err)?;
        for (name, value) in [
            (":days", rusqlite::types::Value::Integer(days.unwrap_or(0))),
            (
                ":minutes",
                rusqlite::types::Value::Integer(minutes.unwrap_or(0)),
            ),
            (":per_report", rusqlite::types::Value::Integer(per_report)),
            (":moment", rusqlite::types::Value::Text(moment)),
        ] {
            if let Some(i) = stmt.parameter_index(name).map_err(sql_err)? {
                stmt.raw_bind_parameter(i, value).map_err(sql_err)?;
            }
        }
        Ok(stmt)
    }
}

/// A SQLite error while a check ran, named by the check.
fn check_error(
    check: &'static crate::checks::Check,
) -> impl Fn(rusqlite::Error) -> QueryError + Copy {
    move |e| QueryError::Sql {
        message: format!("check {}: {e}", check.id),
        offset: None,
    }
}

/// A query over a check's findings: `SELECT {columns} FROM (its SQL){rest}`.
fn over_check(check: &crate::checks::Check, columns: &str, rest: &str) -> String {
    format!(
        "SELECT {columns} FROM ({}){rest}",
        check.sql.trim().trim_end_matches(';')
    )
}

/// A finding's status as a check's SQL gave it, or why it is none of the three.
fn status(
    check: &'static crate::checks::Check,
    value: ValueRef,
) -> Result<crate::checks::Status, QueryError> {
    (value.as_str().ok())
        .and_then(crate::checks::Status::parse)
        .ok_or_else(|| QueryError::Sql {
            message: format!(
                "check {}: status {} is not ok, alarm or skip",
                check.id,
                match value.as_str() {
                    Ok(text) => format!("{text:?}"),
                    Err(_) => format!("of type {}", value.data_type()),
                }
            ),
            offset: None,
        })
}

/// The checks' SQL says "N days ago" for every N: "1 day ago" for one. An age below zero (what
/// happened after the moment judged, which only a report whose stated time is wrong can hold)
/// is said as how long after, and the reason ends by saying what to check.
fn said_ages(reason: String) -> String {
    const AGO: &str = " days ago";
    if !reason.contains(AGO) {
        return reason;
    }
    let mut said = String::with_capacity(reason.len() + 64);
    let mut rest = reason.as_str();
    let mut after = false;
    while let Some(at) = rest.find(AGO) {
        let before = &rest[..at];
        let digits = before.len() - before.bytes().rev().take_while(u8::is_ascii_digit).count();
        let (lead, n) = before.split_at(digits);
        let (lead, later) = match lead.strip_suffix('-') {
            Some(lead) if !n.is_empty() => (lead, true),
            _ => (lead, false),
        };
        said.push_str(lead);
        said.push_str(n);
        said.push_str(match (n == "1", later) {
            (true, true) => " day after the moment judged",
            (false, true) => " days after the moment judged",
            (true, false) => " day ago",
            (false, false) => AGO,
        });
        after |= later;
        rest = &rest[at + AGO.len()..];
    }
    said.push_str(rest);
    if after {
        said.push_str(" — check the report's generation time");
    }
    said
}

/// What a person can say of a loaded report that it does not say itself
/// ([`Database::fill_in`]).
#[derive(Debug, Clone, Copy)]
enum Said {
    GeneratedTime,
    AccountId,
}

impl Said {
    fn column(self) -> &'static str {
        match self {
            Said::GeneratedTime => "generated_time",
            Said::AccountId => "account_id",
        }
    }

    /// Whether a person saying `value` of the report changes it: the report does not say it
    /// (every row's value is NULL), or a person said something else before (every row's value
    /// is that: a typo put right). Saying again what was said rewrites nothing, so a kept
    /// history opened again, each load given its account, does not rewrite the reports loaded
    /// before it at that alias.
    fn open(self, r: &ReportSummary, value: &str) -> bool {
        let (now, given) = match self {
            Said::GeneratedTime => (&r.generated_time, r.time_given),
            Said::AccountId => (&r.account_id, r.account_given),
        };
        crate::results::open_to(now.as_deref(), given, value)
    }

    fn take(self, r: &mut ReportSummary, value: &str) {
        match self {
            Said::GeneratedTime => {
                r.generated_time = Some(value.to_owned());
                r.time_given = true;
            }
            Said::AccountId => {
                r.account_id = Some(value.to_owned());
                r.account_given = true;
                // A person's; a load taking it from the alias says so after.
                r.account_from = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn dated(time: &str) -> LoadOptions {
        LoadOptions {
            account_id: Some(crate::sample::SAMPLE_ACCOUNT_ID.into()),
            generated_time: Some(time.into()),
        }
    }

    /// A query that reads nothing but each account's latest report answers the same once an
    /// older report of the account is loaded (the page answers such a query as soon as the
    /// latest reports are in, before the older ones it keeps). Whatever reads anything else
    /// is told apart, however it names the table: the table itself, the changes table, the
    /// keys' view, SQLite's own tables.
    #[test]
    fn a_query_of_the_latest_reports_alone_is_told_from_one_that_reads_more() {
        let now = "2026-12-01T00:00:00Z".parse().unwrap();
        let csv = |seed| crate::sample::synthetic_csv(40, "1234567890123456", seed, now);
        let (october, november) = (csv(1), csv(2));
        let mut db = Database::new().unwrap();
        db.load(
            &[Input::new("november.csv", november.as_bytes())],
            &dated("2026-11-01 00:00:00"),
        )
        .unwrap();
        let latest_alone = [
            "select * from alicloud_ram_credential_report_latest order by user_name",
            "SELECT User_Name FROM \"Alicloud_Ram_Credential_Report_Latest\" AS r WHERE mfa_active = 0 ORDER BY 1",
            "with l as (select * from alicloud_ram_credential_report_latest) select count(*), max(user_name) from l",
            "select a.user_name from alicloud_ram_credential_report_latest a join alicloud_ram_credential_report_latest b using (user_name) order by 1",
            "select 1 + 1",
        ];
        let more = [
            "select count(*) from alicloud_ram_credential_report",
            "select count(*) from alicloud_ram_credential_report_latest where user_name in (select user_name from alicloud_ram_credential_report)",
            "select count(*) from alicloud_ram_credential_report_changes",
            "select count(*) from alicloud_ram_access_key",
            "select count(*) from sqlite_schema",
            "select count(*) from main.\"ALICLOUD_RAM_CREDENTIAL_REPORT\"",
        ];
        for sql in latest_alone {
            assert!(!db.reads(sql).beyond_latest, "{sql}");
        }
        for sql in more {
            assert!(db.reads(sql).beyond_latest, "{sql}");
        }
        assert!(db.reads(more[2]).changes && !db.reads(more[0]).changes);
        // A count of the view's rows that reads none of its columns is, to SQLite, a read of
        // the table itself: it counts as reading more, and is answered once all are loaded.
        let count = "select count(*) from alicloud_ram_credential_report_latest";
        assert!(db.reads(count).beyond_latest);
        let answers = |db: &mut Database, queries: &[&str]| -> Vec<QueryResult> {
            let options = QueryOptions::default();
            (queries.iter())
                .map(|q| db.query(q, &options).unwrap())
                .collect()
        };
        let (alone, beyond) = (answers(&mut db, &latest_alone), answers(&mut db, &more));
        db.load(
            &[Input::new("october.csv", october.as_bytes())],
            &dated("2026-10-01 00:00:00"),
        )
        .unwrap();
        assert_eq!(answers(&mut db, &latest_alone), alone);
        assert_ne!(answers(&mut db, &more)[..3], beyond[..3]);
    }

    /// Regression: the sample's card asked "When was it generated?" of a report the page had
    /// just made. The sample loads as the service would give it: its generation time and
    /// account said, nothing to warn of, every check judged as of it.
    #[test]
    fn the_sample_says_when_it_was_generated() {
        let now = "2026-12-01T10:20:30Z".parse().unwrap();
        let mut db = Database::new().unwrap();
        let text = crate::sample::sample_report(now);
        let loaded = db
            .load(
                &[Input::new(crate::sample::SAMPLE_SOURCE, text.as_bytes())],
                &LoadOptions::default(),
            )
            .unwrap();
        let r = &db.reports()[0];
        assert_eq!(r.generated_time.as_deref(), Some("2026-12-01 10:20:30"));
        assert!(!r.time_given);
        assert_eq!(
            r.account_id.as_deref(),
            Some(crate::sample::SAMPLE_ACCOUNT_ID)
        );
        assert_eq!(r.rows, 10);
        assert!(loaded.reports[0].warnings.is_empty(), "{loaded:?}");
    }

    /// Regression: last month's and this month's console CSV, both `report.csv` (downloaded
    /// into folders of their own), looked alike on their cards, in the boxes asking their
    /// times, Compare's choices and the trend's bars. A report named as a loaded one is named
    /// with a number, in a later load or the same one; the same report again is still named as
    /// the one it repeats, not loaded; after a clear, the name is free again.
    #[test]
    fn reports_of_one_file_name_are_told_apart_by_a_number() {
        let now = "2026-12-01T00:00:00Z".parse().unwrap();
        let csv = |seed| crate::sample::synthetic_csv(3, "1234567890123456", seed, now);
        let (aug, sep, oct) = (csv(1), csv(2), csv(3));
        let undated = LoadOptions::default();
        let mut db = Database::new().unwrap();
        db.load(&[Input::new("report.csv", aug.as_bytes())], &undated)
            .unwrap();
        let both = db
            .load(
                &[
                    Input::new("report.csv", sep.as_bytes()),
                    Input::new("report.csv", oct.as_bytes()),
                ],
                &undated,
            )
            .unwrap();
        let names = |db: &Database| -> Vec<String> {
            db.reports().iter().map(|r| r.source.clone()).collect()
        };
        assert_eq!(
            names(&db),
            ["report.csv", "report.csv (2)", "report.csv (3)"]
        );
        assert_eq!(both.reports[1].source, "report.csv (3)");
        assert_eq!(both.reports[1].file(), "report.csv");
        let again = db
            .load(&[Input::new("report.csv", sep.as_bytes())], &undated)
            .unwrap();
        assert_eq!(again.duplicates[0].of, "report.csv (2)");
        assert_eq!(names(&db).len(), 3);
        db.clear().unwrap();
        db.load(&[Input::new("report.csv", oct.as_bytes())], &undated)
            .unwrap();
        assert_eq!(names(&db), ["report.csv"]);
    }

    /// An account given to one console CSV of an account with an alias names every loaded CSV
    /// whose users log on at that alias, and no other: their rows carry it, so the changes
    /// table compares them. Refused when another loaded report ties the alias to another
    /// account, or when it cannot be an account ID.
    #[test]
    fn an_account_given_to_one_alias_report_names_every_report_at_its_alias() {
        // November's report lacks October's last user.
        let (october, november) = at_alias("corp.onaliyun.com");
        let (other, _) = at_alias("else.onaliyun.com");
        let mut db = Database::new().unwrap();
        let load = |db: &mut Database, name: &str, text: &str, time: &str, account| {
            load_at(db, name, text, time, account).reports[0]
                .sha256
                .clone()
        };
        let oct = load(&mut db, "oct.csv", &october, "2026-10-01T00:00:00Z", None);
        let nov = load(&mut db, "nov.csv", &november, "2026-11-01T00:00:00Z", None);
        let elsewhere = load(&mut db, "else.csv", &other, "2026-11-01T00:00:00Z", None);
        assert_eq!(
            count(&mut db, crate::schema::CHANGES_TABLE)[0][0],
            crate::Value::Integer(0)
        );

        let mut given = db.give_account_id(" 5555666677778888 ", &nov).unwrap();
        given.sort();
        let mut expected = vec![oct.clone(), nov.clone()];
        expected.sort();
        assert_eq!(given, expected, "both reports at corp.onaliyun.com");
        let accounts: Vec<(Option<&str>, bool)> = (db.reports().iter())
            .map(|r| (r.account_id.as_deref(), r.account_given))
            .collect();
        assert_eq!(
            accounts,
            [
                (Some("5555666677778888"), true),
                (Some("5555666677778888"), true),
                (None, false)
            ]
        );
        let counted = rows(
            &mut db,
            "select count(*) from alicloud_ram_credential_report where account_id = '5555666677778888'",
        );
        let both = (db.reports()[0].rows + db.reports()[1].rows) as i64;
        assert_eq!(counted[0][0], crate::Value::Integer(both));
        let removed = rows(
            &mut db,
            "select account_id, user_name from alicloud_ram_credential_report_changes where change = 'user-removed'",
        );
        assert_eq!(removed.len(), 1, "October's last user left: {removed:?}");
        assert_eq!(removed[0][0], crate::Value::Text("5555666677778888".into()));

        // A typo put right: given again to either, both take it.
        assert_eq!(
            db.give_account_id("5555666677778889", &oct).unwrap().len(),
            2
        );
        let accounts: Vec<Option<&str>> = (db.reports().iter().take(2))
            .map(|r| r.account_id.as_deref())
            .collect();
        assert_eq!(accounts, [Some("5555666677778889"); 2]);
        // Said again, as a kept history opened again says it to each load: nothing rewritten.
        assert_eq!(
            db.give_account_id("5555666677778889", &nov).unwrap(),
            Vec::<String>::new()
        );
        let compared = rows(
            &mut db,
            "select distinct account_id from alicloud_ram_credential_report_changes",
        );
        assert_eq!(compared, [[crate::Value::Text("5555666677778889".into())]]);
        // Another account's report at else.onaliyun.com, fetched (it names its account), says
        // whose alias it is.
        load(
            &mut db,
            "fetched.json",
            &fetched(&other, "9999", "2026-11-02T00:00:00Z"),
            "2026-11-02T00:00:00Z",
            None,
        );
        // The CSV at its alias is taken as that account's, as given (it may be given another).
        assert_eq!(db.reports()[2].account_id.as_deref(), Some("9999"));
        assert!(db.reports()[2].account_given);
        // Named by the report itself: nothing changes.
        let named = db.reports()[3].sha256.clone();
        assert_eq!(
            db.give_account_id("1", &named).unwrap(),
            Vec::<String>::new()
        );
        let refused = db
            .give_account_id("1111", &elsewhere)
            .unwrap_err()
            .to_string();
        assert!(
            refused.contains("else.csv: its users log on at else.onaliyun.com, which fetched.json says is account 9999's"),
            "{refused}"
        );
        assert!(refused.contains("give 9999"), "{refused}");
        assert_eq!(
            db.reports()[2].account_id.as_deref(),
            Some("9999"),
            "refused: unchanged"
        );
        let bad = db
            .give_account_id("1; drop table x", &elsewhere)
            .unwrap_err();
        assert!(
            bad.to_string()
                .starts_with("invalid account ID: \"1; drop table x\"; expected the account's ID"),
            "{bad}"
        );
        assert!(matches!(
            db.give_account_id("1", "no such report"),
            Err(LoadError::NotLoaded)
        ));
    }

    /// Next month's console CSV of an account with an alias names no account, as this month's
    /// did not: once a loaded report at the alias is of an account (given, or stated by a
    /// fetched report), a load of another takes it, says so, and the changes table compares
    /// it. Before, every month's CSV asked for the account ID again. A typo given before a
    /// report that states the account loads is replaced by it. Where the reports at the alias
    /// are of two accounts, a new one is given neither.
    #[test]
    fn next_months_csv_at_an_alias_is_taken_as_the_account_its_alias_is_of() {
        let (sample, fewer) = at_alias("corp.onaliyun.com");
        let mut db = Database::new().unwrap();
        let oct = load_at(&mut db, "oct.csv", &sample, "2026-10-01T00:00:00Z", None);
        assert!(oct.accounts_taken.is_empty(), "nothing tells its account");
        let oct = oct.reports[0].sha256.clone();
        db.give_account_id("5555", &oct).unwrap();

        let nov = load_at(&mut db, "nov.csv", &fewer, "2026-11-01T00:00:00Z", None);
        assert_eq!(
            nov.accounts_taken,
            [AccountOfAlias {
                source_name: "nov.csv".into(),
                sha256: nov.reports[0].sha256.clone(),
                account: "5555".into(),
                instead: None,
                from: "oct.csv".into(),
                domain: "corp.onaliyun.com".into(),
            }]
        );
        assert!(
            nov.describe().ends_with(" nov.csv is taken as account 5555's, as oct.csv is, whose users log on at the same alias (corp.onaliyun.com)."),
            "{}",
            nov.describe()
        );
        // What the load answers is the report as it now is, given it by oct.csv, not a person;
        // until a person gives it.
        assert_eq!(nov.reports[0].account_id.as_deref(), Some("5555"));
        assert!(nov.reports[0].account_given);
        assert_eq!(nov.reports[0].account_from.as_deref(), Some("oct.csv"));
        assert_eq!(
            db.reports()[0].account_from,
            None,
            "a person gave oct.csv its own"
        );
        let removed = rows(
            &mut db,
            "select account_id from alicloud_ram_credential_report_changes where change = 'user-removed'",
        );
        assert_eq!(removed, [[crate::Value::Text("5555".into())]]);
        // A person giving it another makes it theirs, at the alias.
        db.give_account_id("5556", &nov.reports[0].sha256).unwrap();
        let by: Vec<_> = (db.reports().iter())
            .map(|r| (r.account_id.as_deref(), r.account_from.as_deref()))
            .collect();
        assert_eq!(by, [(Some("5556"), None), (Some("5556"), None)]);

        // A typo given before a report that states the account loads: the stated one wins,
        // said with the typo.
        let mut db = Database::new().unwrap();
        load_at(
            &mut db,
            "a.csv",
            &sample,
            "2026-10-01T00:00:00Z",
            Some("1111"),
        );
        let b = load_at(
            &mut db,
            "b.json",
            &fetched(&fewer, "9999", "2026-11-02T00:00:00Z"),
            "2026-11-02T00:00:00Z",
            None,
        );
        assert_eq!(
            b.accounts_taken[0].to_string(),
            "a.csv is taken as account 9999's, not 1111's as given, as b.json is, whose users log on at the same alias (corp.onaliyun.com)"
        );
        assert_eq!(db.reports()[0].account_id.as_deref(), Some("9999"));
        assert!(db.reports()[0].account_given);
        assert_eq!(db.reports()[0].account_from.as_deref(), Some("b.json"));

        // Two accounts stated at one alias: a third report is given neither.
        load_at(
            &mut db,
            "c.json",
            &fetched(&fewer, "8888", "2026-11-03T00:00:00Z"),
            "2026-11-03T00:00:00Z",
            None,
        );
        let fourth = load_at(&mut db, "d.csv", &fewer, "2026-12-01T00:00:00Z", None);
        assert!(fourth.accounts_taken.is_empty());
        assert_eq!(db.reports()[3].account_id, None);
    }

    /// The sample as a console CSV of an account whose users log on at `domain`, and the same
    /// without its last user (next month's, one user gone).
    fn at_alias(domain: &str) -> (String, String) {
        let now = "2026-12-01T00:00:00Z".parse().unwrap();
        let csv = crate::sample::sample_csv(now).replace(
            &format!("@{}.onaliyun.com", crate::sample::SAMPLE_ACCOUNT_ID),
            &format!("@{domain}"),
        );
        let mut lines: Vec<&str> = csv.lines().collect();
        lines.pop();
        let fewer = lines.join("\n") + "\n";
        (csv, fewer)
    }

    /// Load `text` as `name`, given its generation time and perhaps its account.
    fn load_at(
        db: &mut Database,
        name: &str,
        text: &str,
        time: &str,
        account: Option<&str>,
    ) -> LoadSummary {
        let options = LoadOptions {
            account_id: account.map(str::to_owned),
            generated_time: Some(time.into()),
        };
        db.load(&[Input::new(name, text.as_bytes())], &options)
            .unwrap()
    }

    /// What a person says of loaded reports (an account, a typo put right, a time) and an
    /// account a load takes from its alias make the changes table compare again only the
    /// pairs those reports were and are in; what it then holds is what comparing every pair
    /// anew gives. (Every pair was compared again before, so a month's alias CSV, given its
    /// account as it loads, made the next read compare a whole history.)
    #[test]
    fn what_a_person_gives_compares_again_only_the_pairs_it_touches() {
        let (sample, fewer) = at_alias("corp.onaliyun.com");
        let mut lines: Vec<&str> = fewer.lines().collect();
        lines.pop();
        let fewest = lines.join("\n") + "\n";
        let mut db = Database::new().unwrap();
        let oct = load_at(&mut db, "oct.csv", &sample, "2026-10-01T00:00:00Z", None);
        let nov = load_at(&mut db, "nov.csv", &fewer, "2026-11-01T00:00:00Z", None);
        load_at(&mut db, "dec.csv", &fewest, "2026-12-01T00:00:00Z", None);
        let (oct, nov) = (&oct.reports[0].sha256, &nov.reports[0].sha256);
        let changes = |db: &mut Database| {
            rows(
                db,
                "select * from alicloud_ram_credential_report_changes order by 1, 2, 3, 4, 5, 6, 7, 8, 9",
            )
        };
        let compares_as_anew = |db: &mut Database, step: &str| {
            assert!(
                matches!(db.stale, Some(Touched::Reports(_))),
                "{step}: every pair to be compared again"
            );
            let compared = changes(db);
            db.changes_stale(Touched::All);
            assert_eq!(compared, changes(db), "{step}");
            compared.len()
        };
        db.give_account_id("1111", oct).unwrap();
        assert_ne!(compares_as_anew(&mut db, "an account given"), 0);
        db.give_account_id("2222", nov).unwrap();
        compares_as_anew(&mut db, "a typo put right");
        // November's report given a time after December's: the pairs change.
        db.give_generated_time_to("2026-12-15T00:00:00Z", std::slice::from_ref(nov))
            .unwrap();
        compares_as_anew(&mut db, "a time given");
        let jan = load_at(&mut db, "jan.csv", &fewest, "2027-01-01T00:00:00Z", None);
        assert_eq!(jan.accounts_taken.len(), 1);
        compares_as_anew(&mut db, "an account taken on load");
    }

    fn count(db: &mut Database, table: &str) -> Vec<Vec<crate::Value>> {
        rows(db, &format!("select count(*) from {table}"))
    }

    fn rows(db: &mut Database, sql: &str) -> Vec<Vec<crate::Value>> {
        db.query(sql, &QueryOptions::default()).unwrap().rows
    }

    /// `csv` as `GetCredentialReport` returns it, with the account ID `credreport fetch` adds.
    fn fetched(csv: &str, account: &str, time: &str) -> String {
        use base64::Engine as _;
        format!(
            r#"{{"GeneratedTime":"{time}","AccountId":"{account}","Content":"{}","IsTruncated":false}}"#,
            base64::engine::general_purpose::STANDARD.encode(csv)
        )
    }

    /// The latest view holds exactly the rows whose account and generation time are a latest
    /// report's (what it said in SQL before it named reports by their rows), through loads of
    /// one report and of several, pages of one report loaded apart, an older report loaded
    /// last, an undated report, a time given to it, and a report of no known account.
    #[test]
    fn the_latest_view_holds_the_latest_reports_rows_through_a_history() {
        let now = "2026-12-01T00:00:00Z".parse().unwrap();
        let sample = crate::sample::sample_csv(now);
        let half = |first: bool| -> String {
            let mut lines = sample.lines();
            let header = lines.next().unwrap();
            let rows: Vec<&str> = lines.collect();
            let (a, b) = rows.split_at(rows.len() / 2);
            let part = if first { a } else { b };
            std::iter::once(header)
                .chain(part.iter().copied())
                .map(|l| format!("{l}\n"))
                .collect()
        };
        let options = |account: Option<&str>, time: Option<&str>| LoadOptions {
            account_id: account.map(str::to_owned),
            generated_time: time.map(str::to_owned),
        };
        // Every row as text, sorted: the latest view's, and the table's that a latest report's
        // account and time select.
        let sorted = |rows: Vec<Vec<crate::Value>>| {
            let mut rows: Vec<String> = rows.iter().map(|r| format!("{r:?}")).collect();
            rows.sort_unstable();
            rows
        };
        let expected = |db: &mut Database| {
            let latest: Vec<(Option<String>, Option<String>)> = crate::latest(db.reports())
                .iter()
                .map(|r| (r.account_id.clone(), r.generated_time.clone()))
                .collect();
            let mut stmt = db
                .conn
                .prepare(&format!(
                    "SELECT DISTINCT rowid, * FROM {TABLE} WHERE account_id IS ?1 AND generated_time IS ?2"
                ))
                .unwrap();
            let n = stmt.column_count();
            let mut rows: Vec<(i64, Vec<crate::Value>)> = latest
                .iter()
                .flat_map(|(a, t)| {
                    stmt.query_map(rusqlite::params![a, t], |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            (1..n).map(|i| owned(r.get_ref(i).unwrap())).collect(),
                        ))
                    })
                    .unwrap()
                    .map(Result::unwrap)
                    .collect::<Vec<_>>()
                })
                .collect();
            rows.sort_by_key(|(id, _)| *id);
            rows.dedup_by_key(|(id, _)| *id);
            sorted(rows.into_iter().map(|(_, r)| r).collect())
        };
        let shown = |db: &mut Database| {
            sorted(
                db.query(
                    &format!("select * from {}", crate::schema::LATEST_VIEW),
                    &QueryOptions::default(),
                )
                .unwrap()
                .rows,
            )
        };
        let mut db = Database::new().unwrap();
        let check = |db: &mut Database, step: &str| {
            let (want, got) = (expected(db), shown(db));
            assert!(!got.is_empty() || step == "clear", "after {step}");
            assert_eq!(got, want, "after {step}");
        };
        let a = Some("1111111111111111");
        let (first, second) = (half(true), half(false));
        let nobody = sample.replace("1234567890123456", "example");
        // What each step is, its files (name, text), and the account and time they are given.
        type Step<'a> = (
            &'a str,
            &'a [(&'a str, &'a str)],
            Option<&'a str>,
            Option<&'a str>,
        );
        let steps: [Step<'_>; 6] = [
            (
                "one report",
                &[("oct.csv", &sample)],
                a,
                Some("2026-10-01T00:00:00Z"),
            ),
            (
                "a newer report's first page",
                &[("nov-1.csv", &first)],
                a,
                Some("2026-11-01T00:00:00Z"),
            ),
            (
                "its second page, with another account's report",
                &[("b-oct.csv", &sample), ("nov-2.csv", &second)],
                None,
                Some("2026-11-01T00:00:00Z"),
            ),
            (
                "an older report loaded last",
                &[("sep.csv", &sample)],
                a,
                Some("2026-09-01T00:00:00Z"),
            ),
            ("an undated report", &[("console.csv", &sample)], a, None),
            (
                "a report of no known account",
                &[("nobody.csv", &nobody)],
                None,
                Some("2026-08-01T00:00:00Z"),
            ),
        ];
        for (step, files, account, time) in steps {
            let inputs: Vec<Input<'_>> = (files.iter())
                .map(|(name, text)| Input::new(name, text.as_bytes()))
                .collect();
            db.load(&inputs, &options(account, time)).unwrap();
            check(&mut db, step);
            if time.is_none() {
                db.give_generated_time("2026-11-15 00:00:00").unwrap();
                check(&mut db, "a time given to it");
            }
        }
        db.clear().unwrap();
        check(&mut db, "clear");
        db.load(
            &[Input::new("again.csv", sample.as_bytes())],
            &options(a, Some("2026-10-01T00:00:00Z")),
        )
        .unwrap();
        check(&mut db, "a load after clear");
    }

    /// Two reports of one account, a week apart, loaded one at a time.
    fn two_weeks() -> Database {
        weeks(&[1, 2])
    }

    /// Reports of one account a week apart, one per seed (what its users are), loaded one at
    /// a time.
    fn weeks(seeds: &[u64]) -> Database {
        weeks_of(60, seeds)
    }

    /// [`weeks`] of `users` users each.
    fn weeks_of(users: usize, seeds: &[u64]) -> Database {
        let mut db = Database::new().unwrap();
        let first: chrono::DateTime<chrono::Utc> = "2026-11-24T00:00:00Z".parse().unwrap();
        for (week, seed) in seeds.iter().enumerate() {
            let time = (first + chrono::Duration::weeks(week as i64))
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string();
            let time = time.as_str();
            let seed = *seed;
            let csv = crate::sample::synthetic_csv(
                users,
                "1000000000000001",
                seed,
                time.parse().unwrap(),
            );
            let options = LoadOptions {
                generated_time: Some(time.into()),
                ..LoadOptions::default()
            };
            db.load(&[Input::new("week.csv", csv.as_bytes())], &options)
                .unwrap();
        }
        db
    }

    const EVERY_CHANGE: &str = "select * from alicloud_ram_credential_report_changes \
        order by old_generated_time, change, user_name, concerns, check_id";

    /// `weeks(seeds)`, told what was compared before (`known`, under `build`): what the changes
    /// table then holds, and what it compared.
    fn read_knowing(
        seeds: &[u64],
        build: &str,
        known: Vec<KnownChanges>,
    ) -> (QueryResult, Vec<KnownChanges>) {
        let mut db = weeks(seeds);
        db.know_changes(build, known);
        let read = db.query(EVERY_CHANGE, &QueryOptions::default()).unwrap();
        (read, db.take_compared())
    }

    #[test]
    fn a_pair_compared_on_an_earlier_visit_is_taken_not_compared_again() {
        let (first, compared) = read_knowing(&[1, 2, 3], "build", vec![]);
        assert_eq!(compared.len(), 2, "{compared:?}");
        assert!(first.rows.len() > 2, "{first:?}");
        // Each pair's rows are what the table holds of it, with both sides' reports named.
        for pair in &compared {
            assert_eq!(pair.reports.len(), 2);
            assert!(!pair.rows().unwrap().is_empty());
        }
        let rows: usize = compared.iter().map(|c| c.rows().unwrap().len()).sum();
        assert_eq!(rows, first.rows.len());

        // Opened again: nothing is compared, and the table holds the same.
        let (again, none) = read_knowing(&[1, 2, 3], "build", compared.clone());
        assert_eq!(again, first);
        assert!(none.is_empty(), "{none:?}");

        // What is known is what the table holds: a row in its place shows.
        let mut told = compared.clone();
        let mut row = told[0].rows().unwrap()[0].clone();
        row[4] = Some("told".into());
        told[0] = KnownChanges::new(told[0].key.clone(), told[0].reports.clone(), &[row]);
        let (read, none) = read_knowing(&[1, 2, 3], "build", told);
        assert!(none.is_empty());
        assert!(read.rows.iter().any(|r| r[4] == Value::Text("told".into())));

        // Another build compares each pair again; so does a pair with another report.
        assert_eq!(
            read_knowing(&[1, 2, 3], "other", compared.clone()).1.len(),
            2
        );
        let (read, again) = read_knowing(&[1, 2, 4], "build", compared.clone());
        assert_eq!(again.len(), 1, "only the pair of the other report");
        assert_eq!(again[0].reports[0], compared[1].reports[0]);
        assert_ne!(again[0].reports[1], compared[1].reports[1]);
        let (fresh, _) = read_knowing(&[1, 2, 4], "build", vec![]);
        assert_eq!(read, fresh);

        // A pair of more changes than a page keeps is not given back to it.
        let mut many = weeks_of(1_200, &[1, 2]);
        many.know_changes("build", []);
        let read = many.query(EVERY_CHANGE, &QueryOptions::default()).unwrap();
        assert!(read.rows.len() > CHANGES_PER_PAIR, "{}", read.rows.len());
        assert_eq!(many.take_compared(), vec![]);

        // Rows of another shape are not taken.
        let mut damaged = compared.clone();
        let mut rows = damaged[0].rows().unwrap();
        rows[0].pop();
        damaged[0] = KnownChanges::new(damaged[0].key.clone(), vec![], &rows);
        assert_eq!(read_knowing(&[1, 2, 3], "build", damaged).1.len(), 1);
    }

    #[test]
    fn a_load_compares_nothing_until_a_query_reads_the_changes() {
        let mut db = two_weeks();
        assert!(db.stale.is_some(), "a load compared its reports");
        for other in [
            "select count(*) from alicloud_ram_credential_report",
            "select * from alicloud_ram_credential_report_latest",
            "select * from alicloud_ram_access_key",
            "select 'alicloud_ram_credential_report_changes'",
            "select * from pragma_table_info('alicloud_ram_credential_report_changes')",
        ] {
            db.query(other, &QueryOptions::default()).unwrap();
            assert!(db.stale.is_some(), "{other} compared the reports");
        }
        // However a statement reaches the changes table, it sees every change.
        let mut compared = two_weeks();
        compared.changes_up_to_date().unwrap();
        for reads in [
            "select count(*) from alicloud_ram_credential_report_changes",
            "SELECT COUNT(*) FROM Alicloud_Ram_Credential_Report_Changes",
            "select count(rowid) from \"alicloud_ram_credential_report_changes\"",
            "select count(*) from main.[alicloud_ram_credential_report_changes]",
            "select exists (select 1 from alicloud_ram_credential_report_changes)",
            "with c as (select * from alicloud_ram_credential_report_changes) select count(*) from c",
            "select (select count(*) from alicloud_ram_credential_report_changes) + 0",
        ] {
            let mut db = two_weeks();
            let answer = db.query(reads, &QueryOptions::default()).unwrap();
            assert_eq!(
                answer,
                compared.query(reads, &QueryOptions::default()).unwrap(),
                "{reads}"
            );
            assert!(db.stale.is_none(), "{reads}");
            assert_ne!(answer.rows[0][0], crate::Value::Integer(0), "{reads}");
        }
    }

    #[test]
    fn a_statement_refused_while_the_changes_wait_is_refused_as_ever() {
        let mut db = two_weeks();
        let refused = db
            .query(
                "delete from alicloud_ram_credential_report_changes",
                &QueryOptions::default(),
            )
            .unwrap_err();
        assert!(
            matches!(refused, QueryError::WriteRefused { .. }),
            "{refused}"
        );
        let changes = count(&mut db, crate::schema::CHANGES_TABLE);
        assert_ne!(changes, [[crate::Value::Integer(0)]]);
    }

    /// Regression (fuzzing the periodic review's path): a report loaded after another of its
    /// account went into the table, then comparing the two failed, and the load returned that
    /// error with the report still loaded. A load is all or nothing: whatever fails after the
    /// insert, nothing of it stays.
    #[test]
    fn a_load_that_fails_after_inserting_leaves_nothing_behind() {
        let now = "2026-12-01T00:00:00Z".parse().unwrap();
        let sample = crate::sample::sample_csv(now);
        let mut db = Database::new().unwrap();
        db.load(
            &[Input::new("october.csv", sample.as_bytes())],
            &dated("2026-10-01T00:00:00Z"),
        )
        .unwrap();
        // December's report has a column more: the failed load must not leave it either.
        let with_extra: String = sample.lines().map(|l| format!("{l},extra\n")).collect();
        let later = parse(
            &[Input::new("december.csv", with_extra.as_bytes())],
            &dated("2026-12-01T00:00:00Z"),
        )
        .unwrap();
        assert!(!later[0].extra_columns.is_empty());
        let tables = [
            TABLE,
            crate::schema::CHANGES_TABLE,
            crate::schema::LATEST_VIEW,
        ];
        let before: Vec<_> = tables.iter().map(|t| count(&mut db, t)).collect();
        let (columns, reports) = (db.columns(), db.reports().to_vec());

        let failed = db.all_or_nothing(|db| {
            let summaries: Vec<ReportSummary> = later.iter().map(ReportSummary::from).collect();
            db.insert(&later, &summaries)?;
            db.refresh_changes(Touched::All)?;
            db.refresh_latest()?;
            Err(LoadError::Sqlite("failed after inserting".into()))
        });

        assert!(failed.is_err());
        let after: Vec<_> = tables.iter().map(|t| count(&mut db, t)).collect();
        assert_eq!(after, before);
        assert_eq!(db.columns(), columns, "no column of the failed load stays");
        assert_eq!(db.reports(), reports);
        // What then loads, loads.
        db.load(
            &[Input::new("december.csv", with_extra.as_bytes())],
            &dated("2026-12-01T00:00:00Z"),
        )
        .unwrap();
        assert_eq!(db.reports().len(), 2);
    }

    #[test]
    fn a_comparison_judges_each_user_as_the_checks_findings_do() {
        use crate::checks::{AsOf, Thresholds, CHECKS};
        let now = "2026-12-01T00:00:00Z".parse().unwrap();
        let mut undated = Database::new().unwrap();
        let csv = crate::sample::synthetic_csv(400, "1000000000000001", 5, now);
        (undated.load(
            &[Input::new("s.csv", csv.as_bytes())],
            &LoadOptions::default(),
        ))
        .unwrap();
        let both = two_weeks();
        let older = &both.reports()[0];
        let one =
            (both.alone(older.account_id.as_deref(), older.generated_time.as_deref())).unwrap();
        for db in [&undated, &one] {
            let mut judged_in_all = 0;
            for thresholds in [Thresholds::default(), Thresholds::every(Some(1))] {
                for as_of in [AsOf::Moment(now), AsOf::EachReport { otherwise: now }] {
                    for check in CHECKS {
                        let findings: BTreeMap<_, _> = (db.run_check(check, &thresholds, as_of))
                            .unwrap()
                            .findings
                            .into_iter()
                            .map(|f| (f.user_name, (f.status, f.reason)))
                            .collect();
                        let judged = db.judge_users(check, &thresholds, as_of).unwrap();
                        assert_eq!(judged, findings, "{}", check.id);
                        judged_in_all += judged.len();
                    }
                }
            }
            assert!(
                judged_in_all > 1000,
                "{judged_in_all} users judged of {}",
                db.row_count()
            );
        }
    }

    #[test]
    fn ages_are_said_in_words_after_the_moment_judged_too() {
        let said = |s: &str| said_ages(s.to_owned());
        assert_eq!(
            said("last logged on 1 days ago"),
            "last logged on 1 day ago"
        );
        assert_eq!(
            said("last logged on 12 days ago"),
            "last logged on 12 days ago"
        );
        assert_eq!(
            said("access key 1 last rotated 0 days ago"),
            "access key 1 last rotated 0 days ago"
        );
        assert_eq!(said("no console password"), "no console password");
        assert_eq!(
            said("console password not used yet, created -16 days ago (within the grace period)"),
            "console password not used yet, created 16 days after the moment judged \
             (within the grace period) — check the report's generation time"
        );
        assert_eq!(
            said("key 1 last rotated -1 days ago, key 2 last rotated 11 days ago"),
            "key 1 last rotated 1 day after the moment judged, key 2 last rotated 11 days ago \
             — check the report's generation time"
        );
    }

    /// A report whose stated generation time comes before what it holds (only an edited file
    /// can) had its findings say "created -16 days ago".
    #[test]
    fn regression_an_event_after_the_reports_time_is_not_said_as_a_negative_age() {
        use crate::checks::{AsOf, Thresholds, CHECKS};
        let now: chrono::DateTime<chrono::Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
        let csv = crate::sample::synthetic_csv(400, "1000000000000001", 5, now);
        let mut db = Database::new().unwrap();
        db.load(
            &[Input::new("s.csv", csv.as_bytes())],
            &dated("2026-10-01T00:00:00Z"),
        )
        .unwrap();
        let mut later = 0;
        for check in CHECKS {
            let as_of = AsOf::EachReport { otherwise: now };
            for f in db
                .run_check(check, &Thresholds::default(), as_of)
                .unwrap()
                .findings
            {
                assert!(!f.reason.contains(" -"), "{}: {}", check.id, f.reason);
                if f.reason.contains("after the moment judged") {
                    assert!(f.reason.ends_with("— check the report's generation time"));
                    later += 1;
                }
            }
        }
        assert!(later > 0, "no event after the report's time was found");
    }
}
