//! `diff` and `trend`: what changed between two reports of one account, and the trend over
//! several.

use std::io::Write;
use std::path::{Path, PathBuf};

use credreport_core::LoadOptions;

use crate::args::{DiffArgs, TrendArgs};
use crate::load::{load_sources, note_saved_times, offer_saved_times, read_path};
use crate::query::write_result;
use crate::{io_failure, note, warning, Failure};

pub(crate) fn diff(args: DiffArgs, out: &mut impl Write) -> Result<(), Failure> {
    let side = |first: &PathBuf, pages: &[PathBuf], time: &Option<String>| {
        let sources = std::iter::once(first)
            .chain(pages)
            .map(|p| read_path(p))
            .collect::<Result<Vec<_>, _>>()?;
        let options = LoadOptions {
            account_id: args.account_id.clone(),
            generated_time: time.clone(),
        };
        load_sources(&sources, options).map(|(db, _)| db)
    };
    let mut old = side(&args.old, &args.old_page, &args.old_time)?;
    let mut new = side(&args.new, &args.new_page, &args.new_time)?;
    // Not refused: a fetch within four hours of the last gives the same report again, and a
    // pipeline comparing them is right to find no change. But a person may have given one
    // file for both, and "0 changes" would read as "nothing changed".
    let same =
        (new.reports().iter()).find_map(|n| old.reports().iter().find_map(|o| n.repeats(o, true)));
    if let Some(same) = same {
        warning(format!(
            "{} is {} as {}: one report, compared with itself",
            same.source_name, same.what, same.of
        ));
    }
    let diff = credreport_core::compare(&mut old, &mut new, chrono::Utc::now())
        .map_err(|e| Failure::Run(e.to_string()))?;
    let options = match (&diff.old.generated_time, &diff.new.generated_time) {
        (None, None) => " (--old-time and --new-time give them)",
        (Some(_), None) => " (--new-time gives it)",
        _ => "",
    };
    eprintln!("credreport: {}{options}", diff.describe());
    // Named by the file it came from: the older of the two may be the one given second.
    let sides = [&diff.old, &diff.new].into_iter();
    let undated_files = sides
        .filter(|s| s.generated_time.is_none())
        .filter_map(|s| s.sources.first().map(String::as_str));
    note_saved_times(undated_files, |source, time| {
        let flag = if Path::new(source) == args.old.as_path() {
            "--old-time"
        } else {
            "--new-time"
        };
        Some(format!("{flag} {time}"))
    });
    write_result(out, &diff.to_result(), args.output)
        .and_then(|()| out.flush())
        .map_err(io_failure)?;
    if diff.new_alarms() > 0 {
        return Err(Failure::Alarm);
    }
    Ok(())
}

pub(crate) fn trend(args: TrendArgs, out: &mut impl Write) -> Result<(), Failure> {
    let now = chrono::Utc::now();
    if let Some((path, _)) = (args.times.iter()).find(|(p, _)| !args.reports.contains(p)) {
        return Err(Failure::Usage(format!(
            "--time names {}, which is not one of the reports given",
            path.display()
        )));
    }
    let mut points = Vec::new();
    let mut judged: Vec<credreport_core::ReportSummary> = Vec::new();
    for path in &args.reports {
        let source = read_path(path)?;
        let time = (args.times.iter()).find_map(|(p, t)| (p == path).then(|| t.clone()));
        let options = LoadOptions {
            generated_time: time,
            account_id: args.account_id.clone(),
        };
        let (mut db, _) = load_sources(std::slice::from_ref(&source), options)?;
        let [report] = db.reports() else {
            return Err(Failure::Run(format!(
                "{}: holds {} reports; give one report per file",
                source.0,
                db.reports().len()
            )));
        };
        // The same report given twice would be two points of one moment, each counted alike.
        if let Some(repeated) = (judged.iter()).find_map(|earlier| report.repeats(earlier, true)) {
            warning(repeated);
            continue;
        }
        judged.push(report.clone());
        points.push(
            credreport_core::trend::point(&mut db, args.days, now)
                .map_err(|e| Failure::Run(format!("{}: {e}", source.0)))?,
        );
    }
    // Each file is its own load, so none took its alias's account as a load of them all would:
    // their points are labelled so, and it is said as a load says it.
    for taken in credreport_core::alias_accounts(&judged) {
        if let Some(i) = judged.iter().position(|r| r.sha256 == taken.sha256) {
            points[i].account_id = Some(taken.account.clone());
        }
        note(taken);
    }
    if let Some(said) = credreport_core::trend::undated_note(&judged) {
        warning(format!(
            "{said}; give each its time with --time REPORT=TIME"
        ));
        offer_saved_times(&judged);
    }
    write_result(
        out,
        &credreport_core::trend::to_result(&points, args.days),
        args.output,
    )
    .and_then(|()| out.flush())
    .map_err(io_failure)
}
