//! `cargo xtask bench`: how fast and how big credreport is, measured natively and in headless
//! Chromium in one run, written to BENCHMARKS.md with the machine the figures came from.
//!
//! Reports are synthetic (`credreport_core::sample::synthetic_csv`): seeded, so every run measures
//! the same bytes, with a realistic mix of console users, keys, MFA and never-used values.
//!
//!     credreport-bench [--out FILE] [--no-browser]      (xtask passes the paths it built)
//!     credreport-bench ingest ROWS RUNS                 (internal: one size per process)
//!     credreport-bench report ROWS > FILE               (the synthetic report measured, to profile by hand)
//!     credreport-bench side-by-side DIR_A DIR_B [--rows N] [--runs N]
//!                                                       (two builds of the page timed alternately)

mod answer;
mod browser;
mod history;
mod native;
mod side_by_side;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Utc};
use credreport_testkit::Scratch;

/// The sizes measured: the service's maximum for one account, and many accounts at once.
pub const SIZES: [usize; 2] = [3_500, 100_000];

/// The fixed "now" the synthetic reports are generated against: every run the same bytes.
pub fn fixed_now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600, 0).expect("a valid timestamp")
}

/// The synthetic report of `rows` users, one account, as CSV.
pub fn report(rows: usize) -> String {
    credreport_core::sample::synthetic_csv(rows, "1000000000000001", rows as u64, fixed_now())
}

pub fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    match xs.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => xs[n / 2],
        n => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("ingest") {
        let rows = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(3_500);
        let runs = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(5);
        native::ingest_child(rows, runs);
        return;
    }
    if args.first().map(String::as_str) == Some("report") {
        let rows = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(3_500);
        print!("{}", report(rows));
        return;
    }
    if args.first().map(String::as_str) == Some("weekly") {
        // The weekly reports the history's figures load, written to a folder to try by hand.
        let dir = std::path::PathBuf::from(args.get(1).map_or("weekly", String::as_str));
        let written = std::fs::create_dir_all(&dir).and_then(|()| {
            (history::weekly_reports().iter())
                .try_for_each(|(name, json)| std::fs::write(dir.join(name), json))
        });
        if let Err(e) = written {
            eprintln!("credreport-bench: {}: {e}", dir.display());
            std::process::exit(1);
        }
        return;
    }
    if args.first().map(String::as_str) == Some("history") {
        match history::native() {
            Ok(n) => {
                println!("week  load   load, then the changes read");
                for (week, (load, weekly)) in n.loads_ms.iter().zip(&n.weekly_ms).enumerate() {
                    println!("{week:4}  {load:5.1}  {weekly:5.1} ms");
                }
                println!(
                    "all   {:5.0}  {:5.0} ms",
                    n.loads_ms.iter().sum::<f64>(),
                    n.weekly_ms.iter().sum::<f64>()
                );
                println!(
                    "the changes read once after every load: {:.0} ms, {} changes",
                    n.changes_ms, n.changes
                );
            }
            Err(e) => {
                eprintln!("credreport-bench: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    if args.first().map(String::as_str) == Some("side-by-side") {
        let compared = side_by_side::parse(&args[1..]).and_then(|o| {
            let cli = sibling("credreport")?;
            let work = Scratch::new("bench");
            side_by_side::run(&cli, work.path(), &o)
        });
        match compared {
            Ok(summary) => print!("{summary}"),
            Err(e) => {
                eprintln!("credreport-bench: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    let mut out = workspace().join("BENCHMARKS.md");
    let mut with_browser = true;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => out = PathBuf::from(it.next().expect("--out FILE")),
            "--no-browser" => with_browser = false,
            other => {
                eprintln!("credreport-bench: unknown argument {other:?}");
                std::process::exit(2);
            }
        }
    }
    if let Err(e) = run(&out, with_browser) {
        eprintln!("credreport-bench: {e}");
        std::process::exit(1);
    }
}

fn run(out: &Path, with_browser: bool) -> Result<(), String> {
    let cli = sibling("credreport")?;
    // Served pages and browser profiles: removed when this returns, whether the run finished
    // or failed.
    let work = Scratch::new("bench");
    let work = work.path();

    // Read before any work of ours: how busy the machine already was.
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into());
    if load.parse::<f64>().is_ok_and(|l| l > 0.5) {
        eprintln!("note: load average {load}: other work is running, the figures will be noisy");
    }
    eprintln!("native ingest…");
    let ingest: Vec<native::Ingest> = SIZES
        .iter()
        .map(|&rows| native::ingest(rows))
        .collect::<Result<_, _>>()?;
    eprintln!("native queries and checks over {} rows…", SIZES[1]);
    let queries = native::queries(SIZES[1]);
    eprintln!(
        "native: {} weekly reports loaded one at a time…",
        history::WEEKS
    );
    let history = history::native()?;
    eprintln!("CLI against the sqlite3 shell…");
    let cli_vs_shell = native::cli_vs_shell(&cli, work, SIZES[1])?;
    let browser = if with_browser {
        eprintln!("headless Chromium…");
        Some(browser::measure(&cli, work)?)
    } else {
        None
    };

    let text = render(
        &load,
        &ingest,
        &queries,
        &history,
        &cli_vs_shell,
        browser.as_ref(),
    );
    std::fs::write(out, &text).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("{text}");
    eprintln!("written to {}", out.display());
    Ok(())
}

fn render(
    load: &str,
    ingest: &[native::Ingest],
    queries: &[native::Latency],
    history: &history::Native,
    cli: &[native::Versus],
    browser: Option<&browser::Figures>,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Benchmarks\n");
    let _ = writeln!(
        s,
        "Written by `cargo xtask bench` on {} (do not edit by hand: run it again).\n",
        Utc::now().format("%Y-%m-%d %H:%M UTC")
    );
    let _ = writeln!(s, "## Machine\n\n{}", machine());
    let _ = writeln!(
        s,
        "- load average when the run started: {load} (1 minute; other work on the machine slows \
         the native figures and the page alike, but not always equally)\n"
    );
    let _ = writeln!(
        s,
        "Reports are synthetic, seeded and reproducible (`sample::synthetic_csv`): one account, \
         a realistic mix of console users, MFA, keys and never-used values. Native figures use \
         the `native` profile (opt-level 3); the page is the `release` build (opt-level z, the \
         ingest code at 3, LTO) that `cargo xtask build-web` makes. Each figure is a median.\n"
    );

    let _ = writeln!(s, "## Ingest: parse and load\n");
    let _ = writeln!(
        s,
        "| rows | bytes | native | native rows/s | native peak memory | browser | ÷ native |"
    );
    let _ = writeln!(s, "|---:|---:|---:|---:|---:|---:|---:|");
    let ms = |b: Option<f64>| {
        b.map(|b| format!("{b:.1} ms"))
            .unwrap_or_else(|| "—".into())
    };
    let ratio = |b: Option<f64>, base: f64| {
        b.map(|b| format!("{:.2}×", b / base))
            .unwrap_or_else(|| "—".into())
    };
    let at = |v: Option<&Vec<f64>>, i: usize| v.and_then(|v| v.get(i).copied());
    for (i, n) in ingest.iter().enumerate() {
        let warm = at(browser.map(|b| &b.warm_ingest_ms), i);
        let _ = writeln!(
            s,
            "| {} | {} | {:.1} ms | {:.0} | {} | {} | {} |",
            n.rows,
            n.bytes,
            n.millis,
            n.rows as f64 / (n.millis / 1000.0),
            n.peak_rss_mib
                .map(|m| format!("{m} MiB"))
                .unwrap_or_else(|| "unknown".into()),
            ms(warm),
            ratio(warm, n.millis),
        );
    }
    let _ = writeln!(
        s,
        "\nNative: `Database::load` on the bytes into a new database, in processes of their own \
         (five per size; peak memory is the largest VmHWM among them, the generated report \
         included). Browser: the page's own load (`credreport:ingest` on the performance \
         timeline) after its URL form fetched the file, in a page that has loaded it before, so \
         V8 has compiled and optimized the code that runs.\n"
    );

    let _ = writeln!(s, "## Ingest on a first visit\n");
    let _ = writeln!(
        s,
        "| rows | native, first run | browser, first visit | ÷ native first run | ÷ native | browser, first visit, code compiled ahead | ÷ native first run |"
    );
    let _ = writeln!(s, "|---:|---:|---:|---:|---:|---:|---:|");
    for (i, n) in ingest.iter().enumerate() {
        let cold = at(browser.map(|b| &b.ingest_ms), i);
        let ahead = at(browser.map(|b| &b.compiled_ingest_ms), i);
        let _ = writeln!(
            s,
            "| {} | {:.1} ms | {} | {} | {} | {} | {} |",
            n.rows,
            n.first_millis,
            ms(cold),
            ratio(cold, n.first_millis),
            ratio(cold, n.millis),
            ms(ahead),
            ratio(ahead, n.first_millis),
        );
    }
    let _ = writeln!(
        s,
        "\nNative, first run: the first load of each of the five processes (cold caches, memory \
         the process has not touched yet). Browser, first visit: `?report=` in a fresh browser \
         and profile per run, nothing cached, so V8 compiles the page's code as it first runs: \
         lazily, function by function, to baseline code first, then the hot functions again, \
         optimized, in the background. \"Code compiled ahead\" is the same first visit with V8 \
         told (`{}`) to compile every function optimized before anything runs: the gap between \
         the two is what V8's compiling costs the first load; what remains is running for the \
         first time. A page cannot choose how V8 compiles it; the benchmark sets the flags only \
         to tell the two apart.\n",
        browser::AHEAD
    );

    let _ = writeln!(s, "## Queries over {} rows\n", SIZES[1]);
    let _ = writeln!(
        s,
        "| query | rows out | native | native, PostgreSQL twin | browser | browser, PostgreSQL twin | twin ÷ SQLite (browser) |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|");
    let mut worst_twin: Option<(f64, &str)> = None;
    for q in queries {
        let find = |v: Option<&Vec<(String, f64)>>| {
            v.and_then(|v| v.iter().find(|(n, _)| n == &q.name))
                .map(|(_, ms)| *ms)
        };
        let ms = |v: Option<f64>| {
            v.map(|ms| format!("{ms:.2} ms"))
                .unwrap_or_else(|| "—".into())
        };
        let (plain, twin) = (
            find(browser.map(|b| &b.canned_ms)),
            find(browser.map(|b| &b.canned_pg_ms)),
        );
        let ratio = plain.zip(twin).map(|(p, t)| t / p);
        if let Some(r) = ratio {
            if worst_twin.is_none_or(|(w, _)| r > w) {
                worst_twin = Some((r, &q.name));
            }
        }
        let _ = writeln!(
            s,
            "| {} | {} | {:.2} ms | {} | {} | {} | {} |",
            q.name,
            q.rows,
            q.millis,
            ms(q.twin_millis),
            ms(plain),
            ms(twin),
            ratio
                .map(|r| format!("{r:.2}×"))
                .unwrap_or_else(|| "—".into()),
        );
    }
    if let Some((worst, name)) = worst_twin {
        let _ = writeln!(
            s,
            "\nTarget: every PostgreSQL twin over {} rows within 2× of its SQLite version in the \
             page — {} (the slowest, `{name}`, {worst:.2}×).",
            SIZES[1],
            if worst <= 2.0 { "met" } else { "missed" }
        );
    }
    let _ = writeln!(
        s,
        "\nCanned queries by name, checks as `check:ID` with their default thresholds. Browser: a \
         click on the canned query in the page (`credreport:query`), rendering excluded; a \
         PostgreSQL twin's figure, native or in the page, is the run of its translation (the \
         translation itself, in the page's second module, is not timed).\n"
    );

    if let Some(b) = browser {
        let _ = writeln!(s, "## The Checks view\n");
        let _ = writeln!(
            s,
            "| rows | from the click until its summary shows, first open | opened again | a \
             check opened, until its first findings show | that check opened again |"
        );
        let _ = writeln!(s, "|---:|---:|---:|---:|---:|");
        for (rows, ((first, again), (check, check_again))) in SIZES
            .iter()
            .zip(b.checks_view_ms.iter().zip(&b.check_opened_ms))
        {
            let _ = writeln!(
                s,
                "| {rows} | {first:.0} ms | {again:.0} ms | {check:.0} ms | {check_again:.0} ms |"
            );
        }
        let _ = writeln!(
            s,
            "\nIn the page that loaded the report, timed in the page: the first open (what a user \
             waits for: the checks' code runs for the first time), then the median of two more, \
             each after the query view: opened again within minutes, the view shows the checks \
             it judged, as of the moment it judged them, and does not judge again. \
             Every check runs in the database's worker, which counts each check's findings in \
             SQLite and sends the tallies; the view draws its summary, chart and list. Then, after the \
             view's first open, the check `{}` opened (its `<summary>` clicked): the worker makes \
             that check's findings (over 100,000 users, one for each user) and sends the first \
             page; then closed and opened again: the worker sends the page from the findings it \
             kept.\n",
            crate::browser::OPENED_CHECK
        );
    }

    let _ = writeln!(s, "## A growing history\n");
    let weeks = history::WEEKS;
    let at = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(f64::NAN);
    let (loads, weekly) = (&history.loads_ms, &history.weekly_ms);
    let _ = writeln!(s, "| {weeks} weekly reports of one account ({} users each), loaded one at a time | native | in the page |", SIZES[0]);
    let _ = writeln!(s, "|---|---:|---:|");
    // Each row: what is timed, then its native figure and its figure in the page (blank when
    // not measured there).
    let ms = |v: f64| Some(format!("{v:.0} ms"));
    let page = |f: fn(&history::Page) -> f64| browser.and_then(|b| ms(f(&b.history)));
    let mut rows = vec![
        ("the first load".to_owned(), ms(at(loads, 0)), None),
        (
            "the last load".to_owned(),
            ms(at(loads, weeks - 1)),
            page(|h| h.last_load_ms),
        ),
        (format!("all {weeks} loads"), ms(loads.iter().sum()), None),
        (
            format!(
                "then the changes table's first read ({} pairs compared)",
                weeks - 1
            ),
            ms(history.changes_ms),
            None,
        ),
        (
            "each load followed by a read of the changes: the second (one pair compared)"
                .to_owned(),
            ms(at(weekly, 1)),
            None,
        ),
        (
            "each load followed by a read of the changes: the last".to_owned(),
            ms(at(weekly, weeks - 1)),
            None,
        ),
        (
            format!("each load followed by a read of the changes: all {weeks}"),
            ms(weekly.iter().sum()),
            None,
        ),
    ];
    if browser.is_some() {
        rows.extend([
            (
                format!("the page opened again with the {weeks} kept, until all are loaded"),
                None,
                page(|h| h.reopen_ms),
            ),
            (
                format!(
                    "the page opened again with the {weeks} kept, until its query's answer \
                     (the latest report's users) shows"
                ),
                None,
                page(|h| h.reopen_answer_ms),
            ),
            (
                "then the Checks view, from the click until its summary shows".to_owned(),
                None,
                page(|h| h.checks_ms),
            ),
            (
                format!("… until *Over time* shows the {weeks} reports"),
                None,
                page(|h| h.trend_ms),
            ),
            (
                format!(
                    "the page opened once more, each report's point kept with it: from the click \
                     on the Checks view until *Over time* shows the {weeks} reports"
                ),
                None,
                page(|h| h.trend_kept_ms),
            ),
            (
                format!(
                    "the changes table's first read: the page opened again with the {weeks} \
                     kept ({} pairs compared)",
                    weeks - 1
                ),
                None,
                page(|h| h.changes_ms),
            ),
            (
                "… the page opened once more, each pair's changes kept with its reports (none \
                 compared)"
                    .to_owned(),
                None,
                page(|h| h.changes_kept_ms),
            ),
        ]);
    }
    let cell = |v: Option<String>| v.map_or(" ".to_owned(), |v| format!(" {v} "));
    for (what, native, in_page) in rows {
        let _ = writeln!(s, "| {what} |{}|{}|", cell(native), cell(in_page));
    }
    let _ = writeln!(
        s,
        "\nThe periodic review: each report is loaded when it arrives, and the page keeps them on \
         the device and loads them one at a time each time it opens. The reports are one \
         account's users: each week 20 leave and 20 join, and keys and logons age, about 190 \
         changes a week (until the run of 2026-12-07 each week's report was of all new users, \
         about 7,000 changes a week, and the changes table's first read took 2.0 s natively). A load compares nothing: \
         the first query that reads the changes table compares the pairs of consecutive reports \
         made since the last such read, and only those, so a review that asks what changed each \
         week pays one comparison a week (while every load compared every pair again, natively \
         the 24th took 1.9 s and the 24 loads 23 s; the page took 28 s to open with them kept), \
         and a page opening with its kept reports, which reads no changes, pays none (until the \
         run of 2026-12-03 17:08 each load compared its pair: natively the last load took 110 \
         ms, in the page 139 ms, and the page opened with the 24 kept loaded at 3.6 s). In the \
         page: the last load as the page times it (`credreport:ingest`, the worker's load), and \
         from navigation start until the summary counts every kept report's users, and until \
         the page's default query (the users of each account's latest report, {} rows) shows \
         its answer: the page loads the latest report first and runs it then, over that \
         report alone, before the older reports load (until the run of 2026-12-08 it ran once, \
         after the last kept load: 1.04 s in the run of 2026-12-07 21:33; before the run of \
         2026-12-03 after each load, each run queued behind the loads still pending, the answer \
         at 12.3 s, 2.4 s after the last load). Then, in that \
         page, the Checks view: from the click until its summary shows (the checks judge each \
         account's latest report) and until *Over time* has a row for each kept report (each \
         judged by every check). Then, once the page has kept each report's point with it on \
         the device, the page opened once more, as next week's review opens it: from the click \
         on the Checks view until *Over time* shows every kept report (their points taken, \
         none judged again). The changes table's first read in each of those two pages, before \
         the Checks view: from the click on Run until a count of its rows answers (the first compares every pair; \
         by the second, each pair's changes are kept with its reports and taken).\n",
        SIZES[0]
    );

    let _ = writeln!(s, "## The CLI beside the plain SQLite shell\n");
    let _ = writeln!(
        s,
        "`credreport query -o csv -r FILE SQL` against `sqlite3 -csv :memory: '.import FILE \
         alicloud_ram_credential_report' SQL`, one {}-row file, wall time per process. The shell \
         does no type mapping: its columns are the CSV's text.\n",
        SIZES[1]
    );
    let _ = writeln!(s, "| query | credreport | sqlite3 shell | ratio |");
    let _ = writeln!(s, "|---|---:|---:|---:|");
    for v in cli {
        let _ = writeln!(
            s,
            "| `{}` | {:.0} ms | {:.0} ms | {:.2}× |",
            v.sql,
            v.credreport_ms,
            v.shell_ms,
            v.credreport_ms / v.shell_ms
        );
    }

    if let Some(b) = browser {
        let _ = writeln!(s, "\n## The page in headless Chromium\n");
        let _ = writeln!(s, "### Time to answer, from the moment a link opens\n");
        let _ = writeln!(
            s,
            "From navigation start until the answer is in the page, timed from outside it (a \
             script the DevTools protocol runs before the page's own notes when the answer first \
             shows): median of fresh browsers, each given the link once it has finished starting \
             (1.5 s after it starts, as a user's browser runs already) and opening it twice — a \
             first visit with nothing cached, then the next visit (HTTP cache; for credreport \
             also its service worker and V8's cache of the compiled module). The bare page is \
             sql.js and PapaParse from npm doing the same load with the same table, mapping and \
             count (`crates/bench/src/bare.html`). Beside credreport's median first visit, the \
             fastest and slowest of them, to show how far one visit strays from another on this \
             machine.\n"
        );
        let _ = writeln!(
            s,
            "| link | credreport, first visit | its fastest–slowest | browsers | next visit | bare page, first visit | next visit | bare ÷ credreport, first visit |"
        );
        let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|");
        for a in &b.answers {
            let (bare_first, bare_next, ratio) = match a.bare {
                Some((f, n)) => (
                    format!("{f:.0} ms"),
                    format!("{n:.0} ms"),
                    format!("{:.2}×", f / a.first_ms),
                ),
                None => ("—".into(), "—".into(), "—".into()),
            };
            let _ = writeln!(
                s,
                "| {} | {:.0} ms | {} | {} | {:.0} ms | {bare_first} | {bare_next} | {ratio} |",
                a.what,
                a.first_ms,
                range(a),
                a.runs,
                a.next_ms
            );
        }
        let _ = writeln!(s, "\n### Weight\n");
        let _ = writeln!(s, "| figure | value |");
        let _ = writeln!(s, "|---|---:|");
        let _ = writeln!(
            s,
            "| transferred, gzip (everything the page loads) | {:.0} KB |",
            b.transfer_bytes as f64 / 1000.0
        );
        let _ = writeln!(
            s,
            "| navigation to interactive (DOMContentLoaded, app mounted) | {:.0} ms |",
            b.interactive_ms
        );
        let _ = writeln!(
            s,
            "| PostgreSQL translator, loaded on the first PostgreSQL query (its gzip files as `serve` sends them) | {:.0} KB |",
            b.translator_bytes as f64 / 1000.0
        );
        let _ = writeln!(s, "\n| file | transferred |\n|---|---:|");
        for (name, size) in &b.resources {
            let _ = writeln!(s, "| {name} | {size} B |");
        }
    }

    let _ = writeln!(s, "\n## Targets\n");
    if let Some(b) = browser {
        let worst = |xs: &[f64], first: bool| {
            ingest
                .iter()
                .zip(xs)
                .map(|(n, b)| b / if first { n.first_millis } else { n.millis })
                .fold(0.0, f64::max)
        };
        let warm = worst(&b.warm_ingest_ms, false);
        let (cold, ahead) = (
            worst(&b.ingest_ms, true),
            worst(&b.compiled_ingest_ms, true),
        );
        let big = b.ingest_ms.get(1).copied().unwrap_or(f64::NAN);
        let kb = b.transfer_bytes as f64 / 1000.0;
        let _ = writeln!(
            s,
            "- Browser ingest within 2× of native: {warm:.2}× at worst once the page's code is \
             compiled — {}; on a first visit {cold:.2}× native's first run at worst — {} \
             ({ahead:.2}× with the code compiled ahead, which a page cannot ask for).",
            met(warm <= 2.0),
            met(cold <= 2.0)
        );
        let _ = writeln!(
            s,
            "- {} rows loaded in the browser in under 1 s: {:.0} ms — {}.",
            SIZES[1],
            big,
            met(big < 1000.0)
        );
        let _ = writeln!(
            s,
            "- First load at most 500 KB gzip: {kb:.0} KB — {}; the PostgreSQL translator at \
             most 450 KB: {:.0} KB — {}.",
            met(kb <= 500.0),
            b.translator_bytes as f64 / 1000.0,
            met(b.translator_bytes as f64 / 1000.0 <= 450.0)
        );
        for a in &b.answers {
            let (Some(rows), Some((bare, _))) = (a.rows, a.bare) else {
                continue;
            };
            let ratio = bare / a.first_ms;
            if rows <= 10_000 {
                let _ = writeln!(
                    s,
                    "- The {}-row link answered within 250 ms of navigation: {:.0} ms, the median \
                     of {} first visits (fastest–slowest {}) — {}; at least 3× faster than the bare page: \
                     {ratio:.2}× — {}.",
                    rows,
                    a.first_ms,
                    a.runs,
                    range(a),
                    met(a.first_ms <= 250.0),
                    met(ratio >= 3.0)
                );
            } else {
                let _ = writeln!(
                    s,
                    "- The {}-row link at least 3× faster than the bare page: {ratio:.2}× — {}.",
                    rows,
                    met(ratio >= 3.0)
                );
            }
        }
    } else {
        let _ = writeln!(
            s,
            "- Browser figures not measured in this run (`--no-browser`)."
        );
    }
    s
}

/// A link's fastest and slowest first visit.
fn range(a: &answer::Answer) -> String {
    match a.first_range {
        Some((fast, slow)) => format!("{fast:.0}–{slow:.0} ms"),
        None => "—".into(),
    }
}

fn met(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "missed"
    }
}

/// CPU, cores, memory, OS and tool versions: what the figures depend on.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            let kib: u64 = m
                .lines()
                .find(|l| l.starts_with("MemTotal:"))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            Some(format!("{:.0} GiB", kib as f64 / 1024.0 / 1024.0))
        })
        .unwrap_or_else(|| "unknown memory".into());
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|o| {
            o.lines()
                .find(|l| l.starts_with("PRETTY_NAME="))
                .map(|l| l["PRETTY_NAME=".len()..].trim_matches('"').to_owned())
        })
        .unwrap_or_else(|| std::env::consts::OS.into());
    let version = |cmd: &str, arg: &str| {
        Command::new(cmd)
            .arg(arg)
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| format!("{cmd}: not found"))
    };
    format!(
        "- {cpu}, {cores} cores, {mem}\n- {os}\n- {}\n- {}\n- SQLite shell {}",
        version("rustc", "--version"),
        version("/usr/bin/chromium", "--version"),
        version("sqlite3", "--version")
            .split_whitespace()
            .next()
            .unwrap_or("")
    )
}

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("workspace root")
        .to_path_buf()
}

/// A binary built beside this one (`cargo build --profile native` puts them together).
fn sibling(name: &str) -> Result<PathBuf, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let path = me.with_file_name(name);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} not found: build it first (`cargo xtask bench` does)",
            path.display()
        ))
    }
}
