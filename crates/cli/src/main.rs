//! `credreport`: the command line over credreport-core. Glue only: read files, call the core, print.

mod cloud;
mod serve;

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Instant;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use credreport_core::cis::Benchmark;
use credreport_core::evidence::{CheckFormat, Evidence};
use credreport_core::output::{self, Format, Options};
use credreport_core::{
    canned_sql, AsOf, Database, Dialect, DialectChoice, Input, LoadOptions, QueryOptions,
    Thresholds,
};

/// A choice spelled as the core spells it (`--output`, `--dialect`…): clap lists the names in
/// `--help` and refuses any other, so `parse` only ever sees a listed name.
fn choice<T: Clone + Send + Sync + 'static, const N: usize>(
    names: [&'static str; N],
    parse: fn(&str) -> Option<T>,
) -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(names)
        .map(move |s| parse(&s).expect("clap admits only the listed names"))
}

/// `--output` for query results.
fn formats() -> impl TypedValueParser<Value = Format> {
    choice(Format::ALL.map(Format::as_str), Format::parse)
}

/// `--output` for check results.
fn check_formats() -> impl TypedValueParser<Value = CheckFormat> {
    choice(
        CheckFormat::ALL.map(CheckFormat::as_str),
        CheckFormat::parse,
    )
}

/// `--dialect`.
fn dialects() -> impl TypedValueParser<Value = DialectChoice> {
    choice(
        DialectChoice::ALL.map(DialectChoice::as_str),
        DialectChoice::parse,
    )
}

/// Query the Alibaba Cloud RAM credential report with SQL, as Steampipe's
/// `alicloud_ram_credential_report` table, locally.
#[derive(Debug, Parser)]
#[command(name = "credreport", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run one SQL query (or a canned one) over one or more reports.
    Query(QueryArgs),
    /// Run the compliance checks (CIS Alibaba Cloud Foundations RAM checks and credential hygiene).
    /// Exit status 3 when any finding is in alarm.
    Check(CheckArgs),
    /// What changed between two reports of one account: users added and removed, console
    /// access, MFA, keys created, deleted, switched or rotated, passwords changed, first logons,
    /// and check findings newly in alarm or resolved. Exit status 3 when a finding newly went
    /// into alarm.
    Diff(DiffArgs),
    /// The trend over several reports of an account, one row per report, oldest first: users,
    /// console users without MFA, active keys older than the threshold, and each check's
    /// alarms, each report judged as of its own generation time.
    Trend(TrendArgs),
    /// Print a table's columns, types and descriptions.
    Schema {
        /// Which table: the report's, its rows of each account's latest report, the changes
        /// between consecutive reports of each account, or one row per access key.
        #[arg(default_value = credreport_core::TABLE, value_parser = PossibleValuesParser::new(credreport_core::schema::TABLES))]
        table: String,
        /// How to print the result: an aligned `table`, `csv`, `json`, `line` (a block per row)
        /// or `md` (Markdown).
        #[arg(long, short, default_value = "table", value_parser = formats())]
        output: Format,
    },
    /// List the canned queries.
    Queries {
        /// Also print each query's SQL.
        #[arg(long)]
        sql: bool,
        /// `table` is for reading; the others give name, title and both dialects' SQL.
        #[arg(long, short, default_value = "table", value_parser = formats())]
        output: Format,
    },
    /// Print the built-in sample report (a fictitious account; times relative to now) as CSV.
    Sample,
    /// Print a shell completion script: `credreport completion bash > ~/.local/share/bash-completion/completions/credreport`.
    Completion {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `credreport man > ~/.local/share/man/man1/credreport.1`.
    Man,
    /// Fetch the credential report from Alibaba Cloud: generate it, wait, read every page. Writes
    /// the API's pages as JSON (with the account ID), which `query --report` loads back.
    Fetch {
        /// Where to write the report (standard output without it). `-O`, as wget's: `-o` is
        /// the output format everywhere else.
        #[arg(long, short = 'O', value_name = "PATH")]
        out: Option<PathBuf>,
        #[command(flatten)]
        cloud: cloud::CloudArgs,
    },
    /// Serve the built web app (`dist/`) on loopback.
    Serve {
        /// Where to listen. Loopback by default; anything else is reachable from other machines.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// The built web app (`cargo xtask build-web` makes it).
        #[arg(long, default_value = "dist")]
        dir: PathBuf,
        /// Print the address that opens the app on its built-in sample report.
        #[arg(long)]
        open_sample: bool,
        /// Another origin whose pages may call this server's API (repeatable; no wildcard).
        #[arg(long, value_name = "ORIGIN")]
        allow_origin: Vec<String>,
        /// A host name or address other machines use to reach this server, with `--addr
        /// 0.0.0.0:PORT` (repeatable; required there). Requests naming any other host are
        /// refused, against DNS rebinding.
        #[arg(long, value_name = "NAME")]
        allow_host: Vec<String>,
        #[command(flatten)]
        cloud: cloud::CloudArgs,
    },
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Run only this check (repeatable; `credreport check --list` names them).
    #[arg(long = "check", value_name = "ID")]
    checks: Vec<String>,
    /// A threshold: `days=45` for every check that has one, or `ID.days=45` for one check.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// Judge as of now, or as of each report's generation time (now where a report does not say).
    #[arg(long, default_value = "now", value_parser = PossibleValuesParser::new(AsOf::CHOICES))]
    as_of: String,
    /// How to print the findings: a table for reading (alarms first), `brief` (only what is
    /// not ok), `summary`, or evidence as csv, json, md or html.
    #[arg(long, short, default_value = "table", value_parser = check_formats())]
    output: CheckFormat,
    /// List the checks and exit: every recommendation of the CIS benchmark's section 1 (those
    /// the credential report cannot answer with the data they need), then credreport's others.
    #[arg(long)]
    list: bool,
    /// Accepted exceptions (TOML, `[[exception]]` tables of check, user, account, reason,
    /// expires): a matching finding in alarm is `excepted` until its date and does not make
    /// the exit status 3; an exception that matches nothing is warned about.
    #[arg(long, value_name = "FILE")]
    exceptions: Option<PathBuf>,
    /// The CIS benchmark's version the list follows: cis-v1 (v1.0.0) or cis-v2 (v2.0.0).
    #[arg(long, default_value = "cis-v2", value_parser = PossibleValuesParser::new(Benchmark::ALL.map(Benchmark::as_str)))]
    benchmark: String,
    #[command(flatten)]
    source: ReportArgs,
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// The older report (CSV, GetCredentialReport JSON, or its base64 content); `-` for
    /// standard input.
    old: PathBuf,
    /// The newer report. Given the other way round, the older is still taken as the old one.
    new: PathBuf,
    /// Another page of the older report (repeatable).
    #[arg(long, value_name = "PATH")]
    old_page: Vec<PathBuf>,
    /// Another page of the newer report (repeatable).
    #[arg(long, value_name = "PATH")]
    new_page: Vec<PathBuf>,
    /// When the older report was generated (ISO 8601), when its file does not say.
    #[arg(long, value_name = "TIME", value_parser = given_time)]
    old_time: Option<String>,
    /// When the newer report was generated (ISO 8601), when its file does not say.
    #[arg(long, value_name = "TIME", value_parser = given_time)]
    new_time: Option<String>,
    /// The account ID of both reports (a number, as the console's Account ID), when their user
    /// names do not tell it.
    #[arg(long, value_name = "ID")]
    account_id: Option<String>,
    /// How to print the result: an aligned `table`, `csv`, `json`, `line` (a block per row)
    /// or `md` (Markdown).
    #[arg(long, short, default_value = "table", value_parser = formats())]
    output: Format,
}

#[derive(Debug, Args)]
struct TrendArgs {
    /// The reports, one file each (CSV, GetCredentialReport JSON, or its base64 content), in
    /// any order; `-` for standard input.
    #[arg(required = true, value_name = "REPORT")]
    reports: Vec<PathBuf>,
    /// When a report was generated (ISO 8601), when its file does not say (a CSV from the
    /// console never does): `--time jan.csv=2026-01-01T00:00:00Z`; repeat for each file. For a
    /// file saved more than 4 hours ago, standard error offers the time it was saved.
    #[arg(long = "time", value_name = "REPORT=TIME", value_parser = report_time)]
    times: Vec<(PathBuf, String)>,
    /// The account ID of the reports (a number, as the console's Account ID), when their user
    /// names do not tell it (a console CSV of an account with an alias).
    #[arg(long, value_name = "ID")]
    account_id: Option<String>,
    /// The age in days from which an active access key counts as old, and every check's
    /// threshold (default: each check's own, 90 for the key column).
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = |s: &str| credreport_core::checks::parse_days(s).map_err(|e| e.to_string()))]
    days: Option<i64>,
    /// How to print the result: an aligned `table`, `csv`, `json`, `line` (a block per row)
    /// or `md` (Markdown).
    #[arg(long, short, default_value = "table", value_parser = formats())]
    output: Format,
}

/// Where the reports come from: shared by `query` and `check`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Reports")]
struct ReportArgs {
    /// A report: CSV from the RAM console, GetCredentialReport JSON, or its base64 content; `-` for
    /// standard input. Repeat for several reports or pages. Without it, standard input is read.
    #[arg(long, short, value_name = "PATH")]
    report: Vec<PathBuf>,
    /// Use the built-in sample report (a fictitious account).
    #[arg(long, conflicts_with = "report")]
    sample: bool,
    /// Fetch the report from Alibaba Cloud first (see `credreport fetch`).
    #[arg(long, conflicts_with_all = ["report", "sample"])]
    fetch: bool,
    /// The account ID of the reports (a number, as the console's Account ID), when their user
    /// names do not tell it.
    #[arg(long, value_name = "ID")]
    account_id: Option<String>,
    /// When the reports were generated (ISO 8601), when the files do not say.
    #[arg(long, value_name = "TIME", value_parser = given_time)]
    generated_time: Option<String>,
    /// When one report was generated (ISO 8601), when its file does not say (a CSV from the
    /// console never does): `--time oct.csv=2026-10-01T00:00:00Z`; repeat for each file, so a
    /// history of console CSVs is in order (the changes table, each account's latest). For its
    /// file, in place of --generated-time.
    #[arg(long = "time", value_name = "REPORT=TIME", value_parser = report_time)]
    times: Vec<(PathBuf, String)>,
    #[command(flatten)]
    cloud: cloud::CloudArgs,
}

#[derive(Debug, Args)]
struct QueryArgs {
    /// How to print the result: an aligned `table`, `csv`, `json`, `line` (a block per row)
    /// or `md` (Markdown).
    #[arg(long, short, default_value = "table", value_parser = formats())]
    output: Format,
    /// Run a canned query by name (see `credreport queries`).
    #[arg(long, value_name = "NAME", conflicts_with = "sql")]
    canned: Option<String>,
    /// Stop after this many rows, and say so.
    #[arg(long, value_name = "N")]
    max_rows: Option<usize>,
    /// Stop once the result holds this much (bytes, or with K, M or G), and say so: a query
    /// such as `select printf('%.9000000c', …) from …` cannot fill the machine's memory.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    max_bytes: usize,
    /// Stop a query that runs longer than this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    timeout: f64,
    /// The SQL dialect: `postgres` translates PostgreSQL (as Steampipe users write it) into
    /// SQLite; `auto` takes a query for PostgreSQL when it uses what only PostgreSQL has
    /// (`interval`, `::`, `age()`, `now()`…). With --canned, `postgres` picks the PostgreSQL twin.
    #[arg(long, default_value = "auto", value_parser = dialects())]
    dialect: DialectChoice,
    /// Print the SQLite that runs (a PostgreSQL query's translation) and stop. A note on standard
    /// error names each function credreport adds to SQLite that it calls (`pg_age`,
    /// `split_part`…), which the plain `sqlite3` shell lacks.
    #[arg(long)]
    print_sqlite: bool,
    /// The SQL to run against `alicloud_ram_credential_report` (SQLite or PostgreSQL).
    sql: Option<String>,
    #[command(flatten)]
    source: ReportArgs,
}

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
        Command::Query(args) => return query(args, &mut out),
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

fn query(args: QueryArgs, out: &mut impl Write) -> Result<(), Failure> {
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
            older.join(", "),
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

fn diff(args: DiffArgs, out: &mut impl Write) -> Result<(), Failure> {
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

/// A generation time given on the command line, as the user wrote it once it reads and is not
/// in the future (`values::given_generation_time`; the load reads it again).
fn given_time(s: &str) -> Result<String, String> {
    credreport_core::values::given_generation_time(s, chrono::Utc::now()).map(|_| s.to_owned())
}

/// `--time REPORT=TIME`: the file, and the time as the user wrote it ([`given_time`]).
fn report_time(s: &str) -> Result<(PathBuf, String), String> {
    match s.rsplit_once('=') {
        Some((path, time)) if !path.is_empty() && !time.trim().is_empty() => {
            Ok((PathBuf::from(path), given_time(time.trim())?))
        }
        _ => Err(format!(
            "{s:?}: give a report and its time, as jan.csv=2026-01-01T00:00:00Z"
        )),
    }
}

fn trend(args: TrendArgs, out: &mut impl Write) -> Result<(), Failure> {
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

/// `--max-bytes`: a byte count, or a number with K, M or G (powers of 1,024).
fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t, ""),
    };
    let shift = match unit.trim().to_ascii_uppercase().trim_end_matches('B') {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => {
            return Err(format!(
                "{s:?} is not a size; give bytes, or a number with K, M or G, such as 64M"
            ))
        }
    };
    digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_shl(shift).filter(|v| v >> shift == n))
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{s:?} is not a size; give a positive number of bytes, or with K, M or G, such as 64M"))
}

/// Exit status of `check` when a finding is in alarm: distinct from errors (1) and usage (2).
const ALARM: u8 = 3;

fn checks(args: CheckArgs, out: &mut impl Write) -> Result<(), Failure> {
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
    let mut outcomes = db
        .run_checks(&selected, &thresholds, as_of)
        .map_err(|e| Failure::Run(e.to_string()))?;
    if args.exceptions.is_some() {
        // An exception expires by the calendar, whatever moment the findings are judged at.
        let applied =
            credreport_core::exceptions::apply(&mut outcomes, &exceptions, now.date_naive());
        for stale in &applied.stale {
            warning(stale);
        }
    }
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
fn list_checks(
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
fn did_you_mean<'a>(name: &str, names: impl IntoIterator<Item = &'a str>) -> String {
    credreport_core::words::nearest(name, names)
        .map(|n| format!("; did you mean {n:?}?"))
        .unwrap_or_default()
}

/// A result on standard output: CSV as it is (a pipe's reader, not a spreadsheet, takes it).
fn write_result(
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

/// Read and load the reports; warnings go to standard error.
fn load_reports(args: &ReportArgs) -> Result<(Database, credreport_core::LoadSummary), Failure> {
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
fn load_sources(
    sources: &[(String, Vec<u8>)],
    options: LoadOptions,
) -> Result<(Database, credreport_core::LoadSummary), Failure> {
    let mut db = Database::new().map_err(|e| Failure::Run(e.to_string()))?;
    let summary = load_into(&mut db, sources, &options)?;
    Ok((db, summary))
}

/// Load what was read into `db`, as one load; warnings go to standard error.
fn load_into(
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
fn read_reports(args: &ReportArgs) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    if args.sample {
        let csv = credreport_core::sample::sample_csv(chrono::Utc::now());
        return Ok(vec![(
            credreport_core::sample::SAMPLE_SOURCE.into(),
            csv.into_bytes(),
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
fn read_path(path: &std::path::Path) -> Result<(String, Vec<u8>), Failure> {
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
fn read_stdin() -> Result<(String, Vec<u8>), Failure> {
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

/// Said on standard error beside a command's output when something may be wrong, labelled as
/// every such line is: `credreport: warning: …`.
pub(crate) fn warning(message: impl std::fmt::Display) {
    eprintln!("credreport: warning: {message}");
}

/// Said on standard error beside a command's output so its reader knows: `credreport: note: …`.
pub(crate) fn note(message: impl std::fmt::Display) {
    eprintln!("credreport: note: {message}");
}

/// When a file was last saved, in milliseconds since 1970, if the system says.
fn saved_ms(path: &std::path::Path) -> Option<i64> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let since = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
    i64::try_from(since.as_millis()).ok()
}

/// For each report that does not say when it was generated (named by its file), read from a
/// file saved long enough ago for that to matter (`values::saved_time_note`): a note on standard
/// error, with the option `give` words for the file's saved time (none when it gives none); for
/// several, the options together after the notes, to copy at once.
fn note_saved_times<'a>(
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
fn offer_saved_times(reports: &[credreport_core::ReportSummary]) {
    note_saved_times(undated(reports), |source, time| {
        Some(format!("--time {source}={time}"))
    });
}

/// The reports among `reports` that do not say when they were generated, by their files (as
/// given, which `--time` names).
fn undated(reports: &[credreport_core::ReportSummary]) -> impl Iterator<Item = &str> {
    (reports.iter())
        .filter(|r| r.generated_time.is_none())
        .map(|r| r.file())
}

fn schema(out: &mut impl Write, table: &str, format: Format) -> io::Result<()> {
    match credreport_core::schema::describe(table) {
        Some(result) => write_result(out, &result, format),
        // clap accepts only the tables there are.
        None => Err(io::Error::other(format!("no table is named {table}"))),
    }
}

/// The canned queries as a result: for `queries -o csv|json|line|md`.
fn queries_result() -> credreport_core::QueryResult {
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

fn queries(out: &mut impl Write, with_sql: bool) -> io::Result<()> {
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
