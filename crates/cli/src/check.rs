//! `check`: the compliance checks, their evidence in the format asked for, and exit status 3
//! when a finding is in alarm.

use std::io::{self, IsTerminal, Write};

use credreport_core::cis::Benchmark;
use credreport_core::evidence::{CheckFormat, Evidence};
use credreport_core::output::Format;
use credreport_core::{AsOf, Judgement, Thresholds};

use crate::args::CheckArgs;
use crate::load::{load_reports, offer_saved_times};
use crate::query::write_result;
use crate::{io_failure, note, warning, Failure};

/// Exit status of `check` when a finding is in alarm: distinct from errors (1) and usage (2).
pub(crate) const ALARM: u8 = 3;

pub(crate) fn checks(mut args: CheckArgs, out: &mut impl Write) -> Result<(), Failure> {
    // Named after the command or by `--report`: the same reports, `--report`'s first.
    args.source.report.append(&mut args.reports);
    if args.list {
        let listing =
            match args.output {
                CheckFormat::Table => None,
                other => Some(other.listing().ok_or_else(|| {
                    Failure::Usage("--list prints as table, csv, json or md".into())
                })?),
            };
        let benchmark = Benchmark::parse(&args.benchmark).unwrap_or_default();
        return list_checks(out, listing, benchmark)
            .and_then(|()| out.flush())
            .map_err(io_failure);
    }
    let selected: Vec<&'static credreport_core::Check> = if args.checks.is_empty() {
        credreport_core::CHECKS.iter().collect()
    } else {
        args.checks
            .iter()
            .map(|id| {
                credreport_core::check(id).ok_or_else(|| {
                    Failure::Usage(format!(
                        "no check named {id:?}{}; `credreport check --list` names them",
                        did_you_mean(id, credreport_core::CHECKS.iter().map(|c| c.id))
                    ))
                })
            })
            .collect::<Result<_, _>>()?
    };
    let mut thresholds = Thresholds::default();
    for p in &args.params {
        thresholds
            .set(p)
            .map_err(|e| Failure::Usage(format!("--param {p:?}: {e}")))?;
    }
    // Read before the reports: a malformed file is refused before any work.
    let exceptions = match &args.exceptions {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::Run(format!("--exceptions {}: {e}", path.display())))?;
            credreport_core::exceptions::parse(&text).map_err(|e| {
                Failure::Run(format!(
                    "--exceptions {}: {e}. Nothing was checked.",
                    path.display()
                ))
            })?
        }
        None => Vec::new(),
    };
    let (db, summary) = load_reports(&args.source)?;
    let now = chrono::Utc::now();
    let as_of = AsOf::choose(&args.as_of, now).ok_or_else(|| {
        Failure::Usage(format!(
            "--as-of {:?}: give {}",
            args.as_of,
            AsOf::CHOICES.join(" or ")
        ))
    })?;
    let run = |e: credreport_core::QueryError| Failure::Run(e.to_string());
    let mut judgement = Judgement::new(&selected, thresholds, as_of);
    // An exception expires by the calendar, whatever moment the findings are judged at.
    (judgement.except(&db, &exceptions, now.date_naive())).map_err(run)?;
    for stale in judgement.stale() {
        warning(stale);
    }
    // A summary needs only the counts: SQLite counts the checks no exception names.
    let outcomes = match args.output {
        CheckFormat::Summary => judgement.tallies(&db),
        _ => judgement.into_outcomes(&db),
    }
    .map_err(run)?;
    if let Some(left_out) = credreport_core::left_out_note(&summary.reports) {
        note(format!(
            "{left_out} (`credreport diff OLD NEW` compares two)"
        ));
    }
    let alike = credreport_core::alike_note(&summary.reports);
    if let Some(alike) = &alike {
        warning(format!("{alike}; check the newest alone"));
    }
    // Judged as of its time, an undated report is judged as of now.
    if alike.is_some() || matches!(as_of, AsOf::EachReport { .. }) {
        offer_saved_times(&summary.reports);
    }
    // The evidence names the reports judged.
    let judged: Vec<credreport_core::ReportSummary> = credreport_core::latest(&summary.reports)
        .into_iter()
        .cloned()
        .collect();
    let evidence = Evidence {
        reports: &judged,
        as_of,
        outcomes: &outcomes,
    };
    // Colour for a person at a terminal; never in a pipe or a file, nor with NO_COLOR set.
    let colour =
        io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    credreport_core::evidence::write_styled(out, &evidence, args.output, colour)
        .and_then(|()| out.flush())
        .map_err(io_failure)?;
    if credreport_core::Totals::over(&outcomes).alarm > 0 {
        return Err(Failure::Alarm);
    }
    Ok(())
}

/// `check --list`: the benchmark's section 1 and credreport's other checks, in lines for reading,
/// or in `format` (JSON with `automated` as a boolean).
pub(crate) fn list_checks(
    out: &mut impl Write,
    format: Option<Format>,
    benchmark: Benchmark,
) -> io::Result<()> {
    let listing = credreport_core::cis::listing(benchmark);
    match format {
        None => {
            writeln!(
                out,
                "{}, section 1 (identity and access management):",
                benchmark.title()
            )?;
            for l in listing.iter().filter(|l| l.cis.is_some()) {
                let cis = l.cis.unwrap_or_default();
                match l.id {
                    Some(id) => {
                        let defaults = l.defaults();
                        writeln!(
                            out,
                            "  {cis:<5} {}\n        checked by {id}{defaults}",
                            l.title
                        )?;
                        if let Some(note) = l.note {
                            writeln!(out, "        ({note})")?;
                        }
                        if let Some(root) = l.root {
                            writeln!(out, "        root: {root}")?;
                        }
                    }
                    None => writeln!(
                        out,
                        "  {cis:<5} {}\n        not automated: needs {}",
                        l.title,
                        l.needs
                            .unwrap_or("data the credential report does not have")
                    )?,
                }
            }
            writeln!(out, "\ncredreport's other checks:")?;
            for l in listing.iter().filter(|l| l.cis.is_none()) {
                let (id, defaults) = (l.id.unwrap_or_default(), l.defaults());
                writeln!(out, "  {id:<28} {}{defaults}", l.title)?;
                if let Some(root) = l.root {
                    writeln!(out, "  {:<28} root: {root}", "")?;
                }
            }
            Ok(())
        }
        Some(Format::Json) => {
            let json = serde_json::to_string_pretty(&listing).map_err(io::Error::other)?;
            writeln!(out, "{json}")
        }
        Some(format) => write_result(
            out,
            &credreport_core::cis::listing_result(benchmark),
            format,
        ),
    }
}

/// `; did you mean "X"?` for the nearest name, or nothing.
pub(crate) fn did_you_mean<'a>(name: &str, names: impl IntoIterator<Item = &'a str>) -> String {
    credreport_core::words::nearest(name, names)
        .map(|n| format!("; did you mean {n:?}?"))
        .unwrap_or_default()
}
