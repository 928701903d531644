//! `credreport`: the command line over credreport-core. Glue only: read files, call the core, print.

mod args;
mod check;
mod cloud;
mod history;
mod load;
mod query;
mod serve;

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Instant;

use clap::Parser;
use credreport_core::output::Format;

use args::{Cli, Command};
use check::{checks, ALARM};
use history::{diff, trend};
use query::{queries, queries_result, schema, write_result};

/// A failure, with the exit status it maps to.
#[derive(Debug, thiserror::Error)]
enum Failure {
    /// Exit status 2: the command line itself is wrong.
    #[error("{0}")]
    Usage(String),
    /// Exit status 1: a report would not load or a query failed.
    #[error("{0}")]
    Run(String),
    /// Exit status 3: a check found something in alarm (already printed).
    #[error("a check is in alarm")]
    Alarm,
    /// Exit status 0, nothing said: whoever read the output closed the pipe.
    #[error("the output was closed")]
    Closed,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(m)) => {
            eprintln!("credreport: {m}");
            ExitCode::from(2)
        }
        Err(Failure::Run(m)) => {
            eprintln!("credreport: {m}");
            ExitCode::from(1)
        }
        Err(Failure::Alarm) => ExitCode::from(ALARM),
        Err(Failure::Closed) => ExitCode::SUCCESS,
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = match cli.command {
        Command::Query(args) => return query::query(args, &mut out),
        Command::Check(args) => return checks(args, &mut out),
        Command::Diff(args) => return diff(args, &mut out),
        Command::Trend(args) => return trend(args, &mut out),
        Command::Schema { table, output } => schema(&mut out, &table, output),
        Command::Queries {
            sql,
            output: Format::Table,
        } => queries(&mut out, sql),
        Command::Queries { output, .. } => write_result(&mut out, &queries_result(), output),
        Command::Completion { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "credreport", &mut out);
            Ok(())
        }
        Command::Man => {
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut out)
        }
        Command::Sample => write!(
            out,
            "{}",
            credreport_core::sample::sample_csv(chrono::Utc::now())
        ),
        Command::Serve {
            addr,
            dir,
            open_sample,
            allow_origin,
            allow_host,
            cloud,
        } => {
            return serve::serve(serve::Options {
                addr,
                dir,
                open_sample,
                allow_origin,
                allow_host,
                cloud,
            })
            .map_err(Failure::Run)
        }
        Command::Fetch { cloud, out: path } => {
            let fetched = cloud::fetch_with_spinner(&cloud).map_err(Failure::Run)?;
            let json = fetched.to_json();
            match path {
                Some(p) => std::fs::write(&p, json + "\n").map_err(|e| {
                    Failure::Run(format!("{}: could not write the report: {e}", p.display()))
                })?,
                None => writeln!(out, "{json}").map_err(io_failure)?,
            }
            Ok(())
        }
    };
    written.and_then(|()| out.flush()).map_err(io_failure)
}

/// Said on standard error beside a command's output when something may be wrong, labelled as
/// every such line is: `credreport: warning: …`.
fn warning(message: impl std::fmt::Display) {
    eprintln!("credreport: warning: {message}");
}

/// Said on standard error beside a command's output so its reader knows: `credreport: note: …`.
fn note(message: impl std::fmt::Display) {
    eprintln!("credreport: note: {message}");
}

fn io_failure(e: io::Error) -> Failure {
    // A reader that stopped reading (`… | head -1`) is not an error: end quietly, as Unix tools do.
    if e.kind() == io::ErrorKind::BrokenPipe {
        return Failure::Closed;
    }
    Failure::Run(format!("could not write the output: {e}"))
}

fn clock() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}
