//! Two builds of the page, side by side, the way PERFORMANCE.md judges a change: each served
//! from its own directory, opened with the same `?report=` link in fresh browsers that have
//! finished starting, alternating between the builds so that the machine's drift falls on both
//! alike, and timed from navigation start until the page says it loaded the report (a first
//! visit, nothing cached, then the next visit in the same browser).
//!
//!     cargo xtask bench side-by-side DIR_A DIR_B [--rows N] [--runs N]
//!
//! DIR_A and DIR_B are copies of `dist/` from the two builds (`cargo xtask build-web`, then copy
//! `dist/` aside). Nothing is written to BENCHMARKS.md: the medians and every visit are printed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use credreport_testkit::Driver;

use crate::answer::{loaded, visits};
use crate::browser::{put_site, serve};
use crate::median;

/// What to compare, from the command line.
#[derive(Debug, PartialEq)]
pub struct Options {
    pub builds: [PathBuf; 2],
    pub rows: usize,
    pub runs: usize,
}

/// Reads `DIR_A DIR_B [--rows N] [--runs N]`.
pub fn parse(args: &[String]) -> Result<Options, String> {
    const USAGE: &str = "usage: side-by-side DIR_A DIR_B [--rows N] [--runs N]";
    let mut dirs = Vec::new();
    let (mut rows, mut runs) = (3_500, 10);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut number = |what: &str| -> Result<usize, String> {
            it.next()
                .and_then(|n| n.parse().ok())
                .filter(|&n| n > 0)
                .ok_or_else(|| format!("{what} needs a whole number above 0; {USAGE}"))
        };
        match a.as_str() {
            "--rows" => rows = number("--rows")?,
            "--runs" => runs = number("--runs")?,
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option {flag:?}; {USAGE}"))
            }
            dir => dirs.push(PathBuf::from(dir)),
        }
    }
    let builds: [PathBuf; 2] = dirs
        .try_into()
        .map_err(|d: Vec<PathBuf>| format!("two build directories, not {}; {USAGE}", d.len()))?;
    for dir in &builds {
        if !dir.join("index.html").is_file() {
            return Err(format!(
                "{}: no index.html — give a copy of dist/ from `cargo xtask build-web`",
                dir.display()
            ));
        }
    }
    Ok(Options { builds, rows, runs })
}

/// Serve both builds with the report beside each, time them alternately, and say what came out.
pub fn run(cli: &Path, work: &Path, o: &Options) -> Result<String, String> {
    let link = format!("?report=bench-{}.csv", o.rows);
    let mut served = Vec::new();
    for (i, build) in o.builds.iter().enumerate() {
        let site = work.join(format!("side-{i}"));
        put_site(build, &site, &[o.rows])?;
        served.push(serve(cli, &site)?);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let times = runtime.block_on(async {
        let driver = Driver::start()?;
        let mut times = [(Vec::new(), Vec::new()), (Vec::new(), Vec::new())];
        for run in 0..o.runs {
            for (i, (base, _server)) in served.iter().enumerate() {
                let profile = work.join(format!("profile-side-{i}-{run}"));
                let url = format!("{base}{link}");
                let (first, next) = visits(&driver, &profile, &url, &loaded(o.rows)).await?;
                eprintln!(
                    "  run {run}, {}: {:.0} ms",
                    o.builds[i].display(),
                    first.answered
                );
                times[i].0.push(first.answered);
                times[i].1.push(next.answered);
            }
        }
        Ok::<_, String>(times)
    })?;
    Ok(summary(o, &times))
}

/// The medians, then every first visit, per build.
fn summary(o: &Options, times: &[(Vec<f64>, Vec<f64>); 2]) -> String {
    let mut s = format!(
        "`?report=` {} rows, until the page says it loaded them; {} fresh browsers per build, alternating\n\n\
         | build | first visit, median | next visit, median | each first visit |\n|---|---:|---:|---|\n",
        o.rows, o.runs
    );
    for (build, (first, next)) in o.builds.iter().zip(times) {
        let each: Vec<String> = first.iter().map(|t| format!("{t:.0}")).collect();
        let _ = writeln!(
            s,
            "| {} | {:.0} ms | {:.0} ms | {} |",
            build.display(),
            median(first.clone()),
            median(next.clone()),
            each.join(", ")
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn two_builds_are_needed_and_each_must_be_a_built_page() {
        let err = parse(&args(&["only-one"])).unwrap_err();
        assert!(err.contains("two build directories, not 1"), "{err}");
        let err = parse(&args(&["/nowhere/a", "/nowhere/b"])).unwrap_err();
        assert!(err.contains("/nowhere/a: no index.html"), "{err}");
    }

    #[test]
    fn rows_and_runs_are_whole_numbers_above_zero() {
        let dir = credreport_testkit::Scratch::new("side-by-side");
        dir.file("index.html", b"<!DOCTYPE html>");
        let d = dir.path().to_str().unwrap();
        let o = parse(&args(&[d, d, "--rows", "100000", "--runs", "6"])).unwrap();
        assert_eq!((o.rows, o.runs), (100_000, 6));
        assert_eq!(parse(&args(&[d, d])).unwrap().runs, 10);
        for bad in ["0", "many"] {
            let err = parse(&args(&[d, d, "--runs", bad])).unwrap_err();
            assert!(err.contains("--runs needs a whole number above 0"), "{err}");
        }
        let err = parse(&args(&[d, d, "--fast"])).unwrap_err();
        assert!(err.contains("unknown option \"--fast\""), "{err}");
    }
}
