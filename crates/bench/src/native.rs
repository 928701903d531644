//! Native figures: ingest per size (one process each, for its peak memory), canned queries and
//! checks over the big table, and the CLI beside the plain SQLite shell.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use credreport_core::canned::CANNED;
use credreport_core::checks::CHECKS;
use credreport_core::{Database, Input, LoadOptions, QueryOptions};

use crate::{median, report};

pub struct Ingest {
    pub rows: usize,
    pub bytes: usize,
    /// Median of each process's median run.
    pub millis: f64,
    /// Median over several processes of each one's first run: cold caches and fresh memory,
    /// what a page's first load is up against.
    pub first_millis: f64,
    pub peak_rss_mib: Option<u64>,
}

pub struct Latency {
    pub name: String,
    pub rows: usize,
    pub millis: f64,
    /// The same for a canned query's PostgreSQL twin: the run of its translation.
    pub twin_millis: Option<f64>,
}

/// The median of seven runs of `sql`, and the rows it gave.
fn time_query(db: &mut Database, sql: &str) -> (f64, usize) {
    let mut n = 0;
    let times = (0..7)
        .map(|_| {
            let start = Instant::now();
            let result = db
                .query(sql, &QueryOptions::default())
                .expect("a canned query runs");
            n = result.rows.len();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    (median(times), n)
}

pub struct Versus {
    pub sql: &'static str,
    pub credreport_ms: f64,
    pub shell_ms: f64,
}

/// Measure one size in child processes (this binary, `ingest ROWS RUNS`): several runs in each,
/// and each one's first run apart.
pub fn ingest(rows: usize) -> Result<Ingest, String> {
    let runs = if rows > 10_000 { 5 } else { 15 };
    let children = (0..5)
        .map(|_| ingest_process(rows, runs))
        .collect::<Result<Vec<_>, _>>()?;
    let first = &children[0];
    Ok(Ingest {
        rows,
        bytes: first.bytes,
        millis: median(children.iter().map(|c| c.millis).collect()),
        first_millis: median(children.iter().map(|c| c.first_millis).collect()),
        peak_rss_mib: children.iter().filter_map(|c| c.peak_rss_mib).max(),
    })
}

fn ingest_process(rows: usize, runs: usize) -> Result<Ingest, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(me)
        .args(["ingest", &rows.to_string(), &runs.to_string()])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("the ingest of {rows} rows failed"));
    }
    let line = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(line.trim())
        .map_err(|e| format!("ingest child printed {line:?}: {e}"))?;
    Ok(Ingest {
        rows,
        bytes: v["bytes"].as_u64().unwrap_or(0) as usize,
        millis: v["millis"].as_f64().unwrap_or(f64::NAN),
        first_millis: v["first_millis"].as_f64().unwrap_or(f64::NAN),
        peak_rss_mib: v["peak_rss_mib"].as_u64(),
    })
}

/// The child's side: load the report `runs` times into a fresh database, print the median and
/// the first run's time.
pub fn ingest_child(rows: usize, runs: usize) {
    let csv = report(rows);
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let mut db = Database::new().expect("SQLite opens");
        let summary = db
            .load(
                &[Input::new("bench.csv", csv.as_bytes())],
                &LoadOptions::default(),
            )
            .expect("the synthetic report loads");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(summary.rows(), rows);
    }
    println!(
        "{}",
        serde_json::json!({
            "bytes": csv.len(),
            "first_millis": times.first().copied().unwrap_or(f64::NAN),
            "millis": median(times),
            "peak_rss_mib": peak_rss_mib(),
        })
    );
}

/// Each canned query and each check over a table of `rows` users.
pub fn queries(rows: usize) -> Vec<Latency> {
    let csv = report(rows);
    let mut db = Database::new().expect("SQLite opens");
    db.load(
        &[Input::new("bench.csv", csv.as_bytes())],
        &LoadOptions::default(),
    )
    .expect("the synthetic report loads");
    let mut out = Vec::new();
    for c in CANNED {
        let (millis, rows) = time_query(&mut db, c.sql);
        let twin_millis = credreport_core::CANNED_POSTGRES
            .iter()
            .find(|(name, _)| *name == c.name)
            .map(|(_, pg)| {
                let sqlite = credreport_pg::translate(pg).expect("a twin translates").sql;
                time_query(&mut db, &sqlite).0
            });
        out.push(Latency {
            name: c.name.to_owned(),
            rows,
            millis,
            twin_millis,
        });
    }
    for c in CHECKS {
        let mut n = 0;
        let times = (0..7)
            .map(|_| {
                let start = Instant::now();
                let as_of = credreport_core::AsOf::Moment(chrono::Utc::now());
                let outcome = db
                    .run_check(c, &credreport_core::Thresholds::default(), as_of)
                    .expect("a check runs");
                n = outcome.findings.len();
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        out.push(Latency {
            name: format!("check:{}", c.id),
            rows: n,
            millis: median(times),
            twin_millis: None,
        });
    }
    out
}

/// The queries both can run word for word: the shell's table has the CSV's columns, as text.
const SHARED_SQL: [&str; 2] = [
    "select count(*) from alicloud_ram_credential_report",
    "select mfa_active, count(*) from alicloud_ram_credential_report group by mfa_active order by 1",
];

/// `credreport query` on the file, beside `sqlite3 -csv :memory: '.import …'` and the same query.
pub fn cli_vs_shell(cli: &Path, work: &Path, rows: usize) -> Result<Vec<Versus>, String> {
    let file = work.join(format!("bench-{rows}.csv"));
    std::fs::write(&file, report(rows)).map_err(|e| e.to_string())?;
    let file = file.to_str().ok_or("a temporary path that is not UTF-8")?;
    let mut out = Vec::new();
    for sql in SHARED_SQL {
        let ours = wall(5, || {
            let mut c = Command::new(cli);
            c.args(["query", "-o", "csv", "-r", file, sql]);
            c
        })?;
        let shell = wall(5, || {
            let mut c = Command::new("sqlite3");
            c.args([
                "-csv",
                ":memory:",
                &format!(".import {file} alicloud_ram_credential_report"),
                sql,
            ]);
            c
        })?;
        out.push(Versus {
            sql,
            credreport_ms: ours,
            shell_ms: shell,
        });
    }
    Ok(out)
}

/// Median wall time of a command run `runs` times; each must succeed.
fn wall(runs: usize, command: impl Fn() -> Command) -> Result<f64, String> {
    let mut times = Vec::new();
    for _ in 0..runs {
        let mut c = command();
        let start = Instant::now();
        let out = c
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("{c:?}: {e}"))?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        if !out.status.success() {
            return Err(format!(
                "{c:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    Ok(median(times))
}

/// The process's peak resident memory (Linux: VmHWM).
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
