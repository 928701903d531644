//! A session: the reports loaded in this tab, and the queries run against them.

use chrono::{DateTime, NaiveDateTime, Utc};
pub use credreport_core::words::plural;
use credreport_core::{
    Clock, Database, Input, LoadError, LoadOptions, LoadSummary, QueryError, QueryOptions,
    QueryResult, ReportSummary,
};

/// A runaway query is stopped after this long, so the tab comes back.
pub const QUERY_TIMEOUT_MS: u64 = 5_000;
/// Results past this many rows are cut, with a notice.
pub const MAX_RESULT_ROWS: usize = 200_000;
/// Results past this many bytes of values are cut, with a notice: `select *` over 100,000 users
/// is about 25 MB, and the tab must stay alive whatever a query makes.
pub const MAX_RESULT_BYTES: usize = 128 * 1024 * 1024;
/// One load (every file of it together) larger than this is refused, before it is read where the
/// size is known first (files, a URL's Content-Length) and as soon as the stream passes it
/// otherwise: no real report comes near it (3,500 users is about 1 MB), and the tab must stay alive.
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;
/// Queries kept in the "recent" list.
pub const MAX_RECENT: usize = 20;

pub struct Session {
    db: Database,
    clock: Clock,
}

/// What one run returned, and how long it took.
#[derive(Debug, Clone, PartialEq)]
pub struct Ran {
    pub result: QueryResult,
    pub millis: f64,
}

impl Session {
    pub fn new(clock: Clock) -> Self {
        Session {
            db: Database::new().expect("an in-memory SQLite database opens"),
            clock,
        }
    }

    /// Load files (name, bytes). All or nothing: a refused file leaves what was loaded as it was.
    /// A report loaded already is not loaded again: the summary names it.
    pub fn load(&mut self, files: &[(String, Vec<u8>)]) -> Result<LoadSummary, LoadError> {
        let total: usize = files.iter().map(|(_, b)| b.len()).sum();
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
        let inputs: Vec<Input<'_>> = files.iter().map(|(n, b)| Input::new(n, b)).collect();
        self.db.load(&inputs, &LoadOptions::default())
    }

    /// Give the reports that do not say when they were generated that time (ISO 8601, UTC when
    /// no zone is given): their rows and their summaries.
    pub fn give_generated_time(&mut self, time: &str) -> Result<(), LoadError> {
        self.db.give_generated_time(time).map(drop)
    }

    pub fn clear(&mut self) {
        let _ = self.db.clear();
    }

    pub fn reports(&self) -> &[ReportSummary] {
        self.db.reports()
    }

    pub fn users(&self) -> usize {
        self.db.row_count()
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
        })
    }
}

/// How old a report is, in words: "generated 2024-05-01 09:10:11 UTC, 3 days ago".
pub fn describe_age(generated_time: Option<&str>, now: DateTime<Utc>) -> String {
    let Some(t) = generated_time else {
        return "generation time unknown (the file does not say)".into();
    };
    let Ok(then) = NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S") else {
        return format!("generated {t}");
    };
    let age = now - then.and_utc();
    let ago = match age.num_minutes() {
        m if m < 0 => "in the future — check the clock".to_owned(),
        m if m < 60 => format!("{m} minute{} ago", plural(m as usize)),
        m if m < 48 * 60 => format!("{} hours ago", m / 60),
        m => format!("{} days ago", m / (24 * 60)),
    };
    format!("generated {t} UTC, {ago}")
}

/// What a load says: what arrived, with its warnings counted, and what was not loaded again.
pub fn describe_load(summary: &LoadSummary) -> String {
    let added = &summary.reports;
    let users: usize = added.iter().map(|r| r.rows).sum();
    let warnings: usize = added
        .iter()
        .map(|r| r.warnings.len() + r.warnings_dropped)
        .sum();
    let mut said = if added.is_empty() {
        "Nothing new was loaded.".to_owned()
    } else {
        let w = if warnings == 0 {
            String::new()
        } else {
            format!(", {warnings} warning{} below", plural(warnings))
        };
        format!(
            "Loaded {users} user{} from {} report{}{w}.",
            plural(users),
            added.len(),
            plural(added.len())
        )
    };
    for d in &summary.duplicates {
        said.push(' ');
        said.push_str(&d.to_string());
        said.push('.');
    }
    said
}

/// A long message as its first clause, to show at once, and the rest (where it looked, what to
/// do), to show on request: "no credentials found; looked in: …" → ("no credentials found", "looked in: …").
pub fn headline(message: &str) -> (&str, Option<&str>) {
    match message.split_once("; ") {
        Some((head, rest)) if !rest.trim().is_empty() => (head.trim_end_matches('.'), Some(rest)),
        _ => (message.trim_end_matches('.'), None),
    }
}

/// How long a query took, as a person reads it: "0.4 ms", "12 ms", "1.3 s"; under 0.1 ms is
/// "under 0.1 ms" (the browser's clock is coarse), never "0.0 ms".
pub fn describe_millis(ms: f64) -> String {
    match ms {
        m if m < 0.1 => "under 0.1 ms".to_owned(),
        m if m < 10.0 => format!("{m:.1} ms"),
        m if m < 1000.0 => format!("{m:.0} ms"),
        m => format!("{:.1} s", m / 1000.0),
    }
}

/// A query remembered at the front of the recent list, once.
pub fn remember(recent: &mut Vec<String>, sql: &str) {
    let sql = sql.trim();
    if sql.is_empty() {
        return;
    }
    recent.retain(|q| q != sql);
    recent.insert(0, sql.to_owned());
    recent.truncate(MAX_RECENT);
}

impl Session {
    /// Every check on what is loaded, with `thresholds`, judged as of `as_of`.
    pub fn run_checks(
        &self,
        thresholds: &credreport_core::Thresholds,
        as_of: credreport_core::AsOf,
    ) -> Result<Vec<credreport_core::Outcome>, String> {
        let all: Vec<_> = credreport_core::CHECKS.iter().collect();
        self.db
            .run_checks(&all, thresholds, as_of)
            .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn fixed_clock() -> f64 {
        0.0
    }

    #[test]
    fn a_long_problem_shows_its_first_clause_and_keeps_the_rest() {
        assert_eq!(
            headline("no credentials found; looked in: A; B. Set A"),
            ("no credentials found", Some("looked in: A; B. Set A"))
        );
        assert_eq!(
            headline("the proxy is not ready."),
            ("the proxy is not ready", None)
        );
        assert_eq!(headline("odd; "), ("odd; ", None));
    }

    #[test]
    fn a_refused_file_leaves_the_session_as_it_was() {
        let mut s = Session::new(fixed_clock);
        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        s.load(&[(
            "sample.csv".into(),
            credreport_core::sample::sample_csv(now).into_bytes(),
        )])
        .unwrap();
        assert_eq!((s.users(), s.reports().len()), (10, 1));
        assert!(s.load(&[("bad.bin".into(), vec![0, 1, 2])]).is_err());
        assert_eq!((s.users(), s.reports().len()), (10, 1));
        let big = vec![b'a'; MAX_UPLOAD_BYTES + 1];
        let e = s.load(&[("huge.csv".into(), big)]).unwrap_err().to_string();
        assert!(e.contains("larger than the 64 MB"), "{e}");
        // One limit for a whole load: two halves together are refused too.
        let half = vec![b'a'; MAX_UPLOAD_BYTES / 2 + 1];
        let e = s
            .load(&[("a.csv".into(), half.clone()), ("b.csv".into(), half)])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("a.csv, b.csv") && e.contains("larger than the 64 MB"),
            "{e}"
        );
        s.clear();
        assert_eq!((s.users(), s.reports().len()), (0, 0));
    }

    #[test]
    fn a_console_report_can_be_given_its_generation_time() {
        let mut s = Session::new(fixed_clock);
        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        s.load(&[(
            "console.csv".into(),
            credreport_core::sample::sample_csv(now).into_bytes(),
        )])
        .unwrap();
        assert_eq!(s.reports()[0].generated_time, None);
        assert!(s.give_generated_time("yesterday").is_err());
        s.give_generated_time("2024-05-01T17:10:11+08:00").unwrap();
        assert_eq!(
            s.reports()[0].generated_time.as_deref(),
            Some("2024-05-01 09:10:11")
        );
        let r = s
            .run("select count(*) from alicloud_ram_credential_report where generated_time = '2024-05-01 09:10:11'")
            .unwrap();
        assert_eq!(r.result.rows[0][0].as_text().as_deref(), Some("10"));
    }

    #[test]
    fn ages_read_as_people_say_them() {
        let now = DateTime::parse_from_rfc3339("2024-05-04T09:10:11Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            describe_age(Some("2024-05-01 09:10:11"), now),
            "generated 2024-05-01 09:10:11 UTC, 3 days ago"
        );
        assert_eq!(
            describe_age(Some("2024-05-04 06:10:11"), now),
            "generated 2024-05-04 06:10:11 UTC, 3 hours ago"
        );
        assert!(describe_age(None, now).contains("unknown"));
    }

    #[test]
    fn recent_queries_are_unique_newest_first() {
        let mut r = vec![];
        for q in ["a", "b", "a", " ", "c"] {
            remember(&mut r, q);
        }
        assert_eq!(r, ["c", "a", "b"]);
    }

    #[test]
    fn a_misspelt_column_is_located_in_what_the_user_wrote() {
        let mut s = Session::new(fixed_clock);
        let sample = credreport_core::sample::sample_csv("2026-06-01T00:00:00Z".parse().unwrap());
        s.load(&[("s.csv".into(), sample.into_bytes())]).unwrap();
        let sql = "select\n  user_nme\nfrom alicloud_ram_credential_report";
        let e = s.run(sql).unwrap_err();
        assert_eq!(e.position(sql), Some((2, 3)), "{e}");
    }
}
