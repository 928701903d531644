//! Reading the reports a command is given (files, `-` for standard input) and loading them into
//! the core's database; an undated file's saved time offered as `--time`.

use std::io::{self, IsTerminal, Read};

use credreport_core::{Database, Input, LoadOptions};

use crate::args::ReportArgs;
use crate::{cloud, note, warning, Failure};

/// Read and load the reports; warnings go to standard error.
pub(crate) fn load_reports(
    args: &ReportArgs,
) -> Result<(Database, credreport_core::LoadSummary), Failure> {
    let options = |time: Option<&String>| LoadOptions {
        account_id: args.account_id.clone(),
        generated_time: time.or(args.generated_time.as_ref()).cloned(),
    };
    if let Some((path, _)) = (args.times.iter()).find(|(p, _)| !args.report.contains(p)) {
        return Err(Failure::Usage(format!(
            "--time names {}, which is not one of the reports given (--report)",
            path.display()
        )));
    }
    let sources = read_reports(args)?;
    if args.times.is_empty() {
        return load_sources(&sources, options(None));
    }
    // A file given its own time loads alone, with it; the files between, together (a
    // report's pages among them), in the order given.
    let time_of = |i: usize| {
        let path = args.report.get(i)?;
        (args.times.iter()).find_map(|(p, t)| (p == path).then_some(t))
    };
    let mut db = Database::new().map_err(|e| Failure::Run(e.to_string()))?;
    let mut all = credreport_core::LoadSummary::default();
    let mut start = 0;
    while start < sources.len() {
        let time = time_of(start);
        let end = match time {
            Some(_) => start + 1,
            None => (start..sources.len())
                .find(|&i| time_of(i).is_some())
                .unwrap_or(sources.len()),
        };
        let summary = load_into(&mut db, &sources[start..end], &options(time))?;
        all.duplicates.extend(summary.duplicates);
        all.accounts_taken.extend(summary.accounts_taken);
        start = end;
    }
    all.reports = db.reports().to_vec();
    Ok((db, all))
}

/// Load what was read into a new database; warnings go to standard error.
pub(crate) fn load_sources(
    sources: &[(String, Vec<u8>)],
    options: LoadOptions,
) -> Result<(Database, credreport_core::LoadSummary), Failure> {
    let mut db = Database::new().map_err(|e| Failure::Run(e.to_string()))?;
    let summary = load_into(&mut db, sources, &options)?;
    Ok((db, summary))
}

/// Load what was read into `db`, as one load; warnings go to standard error.
pub(crate) fn load_into(
    db: &mut Database,
    sources: &[(String, Vec<u8>)],
    options: &LoadOptions,
) -> Result<credreport_core::LoadSummary, Failure> {
    let inputs: Vec<Input<'_>> = sources
        .iter()
        .map(|(name, bytes)| Input::new(name, bytes))
        .collect();
    let summary = db
        .load(&inputs, options)
        .map_err(|e| Failure::Run(e.to_string()))?;
    for d in &summary.duplicates {
        warning(d);
    }
    for taken in &summary.accounts_taken {
        note(taken);
    }
    for r in &summary.reports {
        for w in credreport_core::group_warnings(&r.warnings) {
            warning(w);
        }
        if r.warnings_dropped > 0 {
            warning(format!(
                "{}: {} more warnings not shown",
                r.source, r.warnings_dropped
            ));
        }
    }
    Ok(summary)
}

/// The bytes of every report named, standard input for `-` or when none is named.
pub(crate) fn read_reports(args: &ReportArgs) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    if args.sample {
        let report = credreport_core::sample::sample_report(chrono::Utc::now());
        return Ok(vec![(
            credreport_core::sample::SAMPLE_SOURCE.into(),
            report.into_bytes(),
        )]);
    }
    if args.fetch {
        let fetched = cloud::fetch_with_spinner(&args.cloud).map_err(Failure::Run)?;
        return Ok(vec![(
            "Alibaba Cloud".into(),
            fetched.to_json().into_bytes(),
        )]);
    }
    if args.report.is_empty() {
        return Ok(vec![read_stdin()?]);
    }
    args.report.iter().map(|path| read_path(path)).collect()
}

/// The bytes of one report file, named by its path; `-` is standard input, as everywhere.
pub(crate) fn read_path(path: &std::path::Path) -> Result<(String, Vec<u8>), Failure> {
    if path.as_os_str() == "-" {
        return read_stdin();
    }
    let name = path.display().to_string();
    std::fs::read(path)
        .map(|bytes| (name.clone(), bytes))
        .map_err(|e| Failure::Run(format!("{name}: could not read the report: {e}")))
}

/// The report piped into standard input, named `stdin`: once, since a second read would find it
/// empty.
pub(crate) fn read_stdin() -> Result<(String, Vec<u8>), Failure> {
    static READ: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    let mut input = io::stdin();
    if input.is_terminal() {
        return Err(Failure::Usage(
            "no report given: use --report PATH, --sample, or pipe a report into standard input"
                .into(),
        ));
    }
    if READ.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return Err(Failure::Usage(
            "`-` is given twice: standard input holds one report; give the others by path".into(),
        ));
    }
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Run(format!("could not read standard input: {e}")))?;
    Ok(("stdin".into(), bytes))
}

/// When a file was last saved, in milliseconds since 1970, if the system says.
pub(crate) fn saved_ms(path: &std::path::Path) -> Option<i64> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let since = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
    i64::try_from(since.as_millis()).ok()
}

/// For each report that does not say when it was generated (named by its file), read from a
/// file saved long enough ago for that to matter (`values::saved_time_note`): a note on standard
/// error, with the option `give` words for the file's saved time (none when it gives none); for
/// several, the options together after the notes, to copy at once.
pub(crate) fn note_saved_times<'a>(
    undated: impl IntoIterator<Item = &'a str>,
    give: impl Fn(&str, &str) -> Option<String>,
) {
    let now = chrono::Utc::now();
    let offered: Vec<(String, Option<String>)> = (undated.into_iter())
        .filter_map(|source| {
            let ms = saved_ms(std::path::Path::new(source))?;
            let (said, time) = credreport_core::values::saved_time_note(source, ms, now)?;
            Some((said, give(source, &time)))
        })
        .collect();
    match &offered[..] {
        [(said, Some(option))] => note(format!("{said}: if it was, give {option}")),
        _ => {
            for (said, _) in &offered {
                note(said);
            }
            let options: Vec<&str> = offered.iter().filter_map(|(_, o)| o.as_deref()).collect();
            if !options.is_empty() {
                note(format!("if each was, give {}", options.join(" ")));
            }
        }
    }
}

/// Each undated report's saved time, offered as `--time FILE=TIME` (`query`, `check`, `trend`).
pub(crate) fn offer_saved_times(reports: &[credreport_core::ReportSummary]) {
    note_saved_times(undated(reports), |source, time| {
        Some(format!("--time {source}={time}"))
    });
}

/// The reports among `reports` that do not say when they were generated, by their files (as
/// given, which `--time` names).
pub(crate) fn undated(reports: &[credreport_core::ReportSummary]) -> impl Iterator<Item = &str> {
    (reports.iter())
        .filter(|r| r.generated_time.is_none())
        .map(|r| r.file())
}
