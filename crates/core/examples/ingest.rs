//! Benchmark: parse and load synthetic reports natively, in the rows a real account can have (3,500,
//! the service's maximum) and in many accounts at once (100,000). Prints rows per second and the
//! process's peak memory.
//!
//!     cargo run --profile native -p credreport-core --example ingest -- 100000
//!
//! Run one size per process, so the peak memory is that size's.

use std::time::Instant;

use chrono::{DateTime, Utc};
use credreport_core::sample::synthetic_csv;
use credreport_core::{Database, Input, LoadOptions};

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3500);
    let runs: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5);
    let now: DateTime<Utc> = DateTime::from_timestamp(1_767_225_600, 0).unwrap(); // fixed: reproducible
                                                                                  // One report per account, 3,500 users at most each.
    let mut files = Vec::new();
    let mut left = rows;
    let mut n = 0u64;
    while left > 0 {
        let users = left.min(3500);
        files.push((
            format!("account{n}.csv"),
            synthetic_csv(users, &format!("{}", 1_000_000_000_000_000 + n), n, now),
        ));
        left -= users;
        n += 1;
    }
    let bytes: usize = files.iter().map(|(_, f)| f.len()).sum();
    let mut times = Vec::new();
    for _ in 0..runs {
        let inputs: Vec<Input<'_>> = files
            .iter()
            .map(|(name, f)| Input::new(name, f.as_bytes()))
            .collect();
        let start = Instant::now();
        let mut db = Database::new().unwrap();
        let summary = db.load(&inputs, &LoadOptions::default()).unwrap();
        times.push(start.elapsed().as_secs_f64());
        assert_eq!(summary.rows(), rows);
        assert_eq!(db.row_count(), rows);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "rows={rows} reports={} input_bytes={bytes} median_seconds={median:.4} rows_per_second={:.0} peak_rss_mib={}",
        files.len(),
        rows as f64 / median,
        peak_rss_mib().map(|m| m.to_string()).unwrap_or_else(|| "unknown".into())
    );
}

/// The process's peak resident memory (Linux: VmHWM).
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
