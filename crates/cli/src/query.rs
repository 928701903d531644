//! `query`, `schema` and `queries`: a result written in the format asked for.

use std::io::{self, IsTerminal, Write};

use credreport_core::output::{self, Format, Options};
use credreport_core::{canned_sql, Dialect, QueryOptions};

use crate::args::QueryArgs;
use crate::check::did_you_mean;
use crate::load::{load_reports, offer_saved_times};
use crate::{clock, io_failure, note, Failure};

pub(crate) fn query(args: QueryArgs, out: &mut impl Write) -> Result<(), Failure> {
    let dialect = args.dialect.fixed();
    let sql = match (&args.canned, &args.sql) {
        (Some(name), None) => canned_sql(name, dialect.unwrap_or(Dialect::Sqlite))
            .map(str::to_owned)
            .ok_or_else(|| {
                if credreport_core::canned(name).is_some() {
                    return Failure::Usage(format!(
                        "{name:?} reads credreport's key view (alicloud_ram_access_key), which Steampipe does not have: it has no PostgreSQL version; run it without --dialect postgres"
                    ));
                }
                Failure::Usage(format!(
                    "no canned query named {name:?}{}; `credreport queries` lists them",
                    did_you_mean(name, credreport_core::canned::all_canned().map(|c| c.name))
                ))
            })?,
        (None, Some(sql)) => sql.clone(),
        _ => {
            return Err(Failure::Usage(
                "give the SQL to run, or --canned NAME (`credreport queries` lists them)".into(),
            ))
        }
    };
    let (ran_as, sqlite) = credreport_pg::to_sqlite(&sql, dialect)
        .map_err(|e| Failure::Run(format!("{e}. Nothing was run.")))?;
    if args.print_sqlite {
        // The plain sqlite3 shell lacks what credreport adds to SQLite: say so beside the SQL.
        for (name, what) in credreport_core::functions::described_in(&sqlite) {
            note(format!(
                "this SQL calls {name}(), which credreport adds to SQLite: {what}"
            ));
        }
        return writeln!(out, "{sqlite}")
            .and_then(|()| out.flush())
            .map_err(io_failure);
    }
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        return Err(Failure::Usage(format!(
            "--timeout must be a positive number of seconds, not {}",
            args.timeout
        )));
    }
    let (mut db, summary) = load_reports(&args.source)?;
    let older: Vec<&str> = credreport_core::older(&summary.reports)
        .into_iter()
        .map(|r| r.source.as_str())
        .collect();
    if !older.is_empty() {
        // As the page's Loaded panel says it: the table holds every report given.
        note(format!(
            "{} older than another of its account's ({}): {} holds every report, a user once per report; {} holds each account's latest",
            if older.len() == 1 { "a report is" } else { "reports are" },
            credreport_core::words::listed(&older),
            credreport_core::TABLE,
            credreport_core::schema::LATEST_VIEW
        ));
    }
    if let Some(alike) = credreport_core::alike_latest_note(&summary.reports) {
        note(alike);
        offer_saved_times(&summary.reports);
    }
    let options = QueryOptions {
        max_rows: args.max_rows,
        timeout_ms: Some((args.timeout * 1000.0).round() as u64),
        clock: Some(clock),
        max_bytes: Some(args.max_bytes),
    };
    // A position in a translation is not one in what the user wrote.
    let written = (ran_as == Dialect::Sqlite).then_some(sql.as_str());
    let result = db
        .query(&sqlite, &options)
        .map_err(|e| Failure::Run(e.describe(written)))?;
    write_result(out, &result, args.output)
        .and_then(|()| out.flush())
        .map_err(io_failure)?;
    // Every format says when a limit cut the result; the table says it in its footer too.
    if let Some(cut) = result.truncated {
        let raise = match cut {
            credreport_core::Cut::Rows(_) => "--max-rows",
            credreport_core::Cut::Bytes(_) => "--max-bytes",
        };
        eprintln!(
            "credreport: the result was {cut} ({} rows shown); raise {raise} to see more",
            result.rows.len()
        );
    }
    Ok(())
}

/// A result on standard output: CSV as it is (a pipe's reader, not a spreadsheet, takes it).
pub(crate) fn write_result(
    out: &mut impl Write,
    result: &credreport_core::QueryResult,
    format: Format,
) -> io::Result<()> {
    // A table for a person fits their terminal; for a pipe or a file it is as wide as its values.
    // The terminal's own size; else `COLUMNS`, as shells export it (some terminals report none).
    let width = io::stdout()
        .is_terminal()
        .then(|| {
            terminal_size::terminal_size()
                .map(|(w, _)| usize::from(w.0))
                .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        })
        .flatten();
    let options = Options {
        width,
        ..Options::default()
    };
    output::write(out, result, format, &options)
}

pub(crate) fn schema(out: &mut impl Write, table: &str, format: Format) -> io::Result<()> {
    match credreport_core::schema::describe(table) {
        Some(result) => write_result(out, &result, format),
        // clap accepts only the tables there are.
        None => Err(io::Error::other(format!("no table is named {table}"))),
    }
}

/// The canned queries as a result: for `queries -o csv|json|line|md`.
pub(crate) fn queries_result() -> credreport_core::QueryResult {
    use credreport_core::Value;
    let text = |s: Option<&str>| s.map_or(Value::Null, |s| Value::Text(s.to_owned()));
    credreport_core::QueryResult {
        columns: ["name", "title", "sqlite", "postgresql"]
            .map(String::from)
            .to_vec(),
        rows: credreport_core::canned::all_canned()
            .map(|c| {
                vec![
                    text(Some(c.name)),
                    text(Some(c.title)),
                    text(Some(c.sql)),
                    text(canned_sql(c.name, Dialect::Postgres)),
                ]
            })
            .collect(),
        truncated: None,
    }
}

pub(crate) fn queries(out: &mut impl Write, with_sql: bool) -> io::Result<()> {
    let w = credreport_core::canned::all_canned()
        .map(|c| c.name.len())
        .max()
        .unwrap_or(0);
    for c in credreport_core::canned::all_canned() {
        writeln!(out, "{:<w$}  {}", c.name, c.title)?;
        if with_sql {
            for (dialect, sql) in [(Dialect::Sqlite, c.sql)]
                .into_iter()
                .chain(canned_sql(c.name, Dialect::Postgres).map(|s| (Dialect::Postgres, s)))
            {
                writeln!(out, "  {}:", dialect.title())?;
                for line in sql.lines() {
                    writeln!(out, "    {line}")?;
                }
            }
            writeln!(out)?;
        }
    }
    writeln!(
        out,
        "\nEach also in PostgreSQL, as Steampipe's documentation gives it: --canned NAME --dialect postgres."
    )?;
    Ok(())
}
