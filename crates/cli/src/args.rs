//! The command line as clap reads it: the commands, their options, and the parsers of what
//! an option takes (a format, a dialect, a size, `--time REPORT=TIME`).

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use credreport_core::cis::Benchmark;
use credreport_core::evidence::CheckFormat;
use credreport_core::output::Format;
use credreport_core::{AsOf, DialectChoice};

use crate::cloud;

/// A choice spelled as the core spells it (`--output`, `--dialect`…): clap lists the names in
/// `--help` and refuses any other, so `parse` only ever sees a listed name.
pub(crate) fn choice<T: Clone + Send + Sync + 'static, const N: usize>(
    names: [&'static str; N],
    parse: fn(&str) -> Option<T>,
) -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(names)
        .map(move |s| parse(&s).expect("clap admits only the listed names"))
}

/// `--output` for query results.
pub(crate) fn formats() -> impl TypedValueParser<Value = Format> {
    choice(Format::ALL.map(Format::as_str), Format::parse)
}

/// `--output` for check results.
pub(crate) fn check_formats() -> impl TypedValueParser<Value = CheckFormat> {
    choice(
        CheckFormat::ALL.map(CheckFormat::as_str),
        CheckFormat::parse,
    )
}

/// `--dialect`.
pub(crate) fn dialects() -> impl TypedValueParser<Value = DialectChoice> {
    choice(
        DialectChoice::ALL.map(DialectChoice::as_str),
        DialectChoice::parse,
    )
}

/// Query the Alibaba Cloud RAM credential report with SQL, as Steampipe's
/// `alicloud_ram_credential_report` table, locally.
#[derive(Debug, Parser)]
#[command(name = "credreport", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
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
    /// Print the built-in sample report (a fictitious account; times relative to now) as CSV, as
    /// the console writes it: without its generation time, which `--sample` gives it.
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
pub(crate) struct CheckArgs {
    /// Run only this check (repeatable; `credreport check --list` names them).
    #[arg(long = "check", value_name = "ID")]
    pub(crate) checks: Vec<String>,
    /// A threshold: `days=45` for every check that has one, or `ID.days=45` for one check.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub(crate) params: Vec<String>,
    /// Judge as of now, or as of each report's generation time (now where a report does not say).
    #[arg(long, default_value = "now", value_parser = PossibleValuesParser::new(AsOf::CHOICES))]
    pub(crate) as_of: String,
    /// How to print the findings: a table for reading (alarms first), `brief` (only what is
    /// not ok), `summary`, or evidence as csv, json, md or html.
    #[arg(long, short, default_value = "table", value_parser = check_formats())]
    pub(crate) output: CheckFormat,
    /// List the checks and exit: every recommendation of the CIS benchmark's section 1 (those
    /// the credential report cannot answer with the data they need), then credreport's others.
    #[arg(long)]
    pub(crate) list: bool,
    /// Accepted exceptions (TOML, `[[exception]]` tables of check, user, account, reason,
    /// expires): a matching finding in alarm is `excepted` until its date and does not make
    /// the exit status 3; an exception that matches nothing is warned about.
    #[arg(long, value_name = "FILE")]
    pub(crate) exceptions: Option<PathBuf>,
    /// The CIS benchmark's version the list follows: cis-v1 (v1.0.0) or cis-v2 (v2.0.0).
    #[arg(long, default_value = "cis-v2", value_parser = PossibleValuesParser::new(Benchmark::ALL.map(Benchmark::as_str)))]
    pub(crate) benchmark: String,
    /// The reports, as `--report` gives them: `credreport check report.csv` is
    /// `credreport check --report report.csv`.
    #[arg(value_name = "REPORT", conflicts_with_all = ["sample", "fetch"])]
    pub(crate) reports: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) source: ReportArgs,
}

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The older report (CSV, GetCredentialReport JSON, or its base64 content); `-` for
    /// standard input.
    pub(crate) old: PathBuf,
    /// The newer report. Given the other way round, the older is still taken as the old one.
    pub(crate) new: PathBuf,
    /// Another page of the older report (repeatable).
    #[arg(long, value_name = "PATH")]
    pub(crate) old_page: Vec<PathBuf>,
    /// Another page of the newer report (repeatable).
    #[arg(long, value_name = "PATH")]
    pub(crate) new_page: Vec<PathBuf>,
    /// When the older report was generated (ISO 8601), when its file does not say.
    #[arg(long, value_name = "TIME", value_parser = given_time)]
    pub(crate) old_time: Option<String>,
    /// When the newer report was generated (ISO 8601), when its file does not say.
    #[arg(long, value_name = "TIME", value_parser = given_time)]
    pub(crate) new_time: Option<String>,
    /// The account ID of both reports (a number, as the console's Account ID), when their user
    /// names do not tell it.
    #[arg(long, value_name = "ID")]
    pub(crate) account_id: Option<String>,
    /// How to print the result: an aligned `table`, `csv`, `json`, `line` (a block per row)
    /// or `md` (Markdown).
    #[arg(long, short, default_value = "table", value_parser = formats())]
    pub(crate) output: Format,
}

#[derive(Debug, Args)]
pub(crate) struct TrendArgs {
    /// The reports, one file each (CSV, GetCredentialReport JSON, or its base64 content), in
    /// any order; `-` for standard input.
    #[arg(required = true, value_name = "REPORT")]
    pub(crate) reports: Vec<PathBuf>,
    /// When a report was generated (ISO 8601), when its file does not say (a CSV from the
    /// console never does): `--time jan.csv=2026-01-01T00:00:00Z`; repeat for each file. For a
    /// file saved more than 4 hours ago, standard error offers the time it was saved.
    #[arg(long = "time", value_name = "REPORT=TIME", value_parser = report_time)]
    pub(crate) times: Vec<(PathBuf, String)>,
    /// The account ID of the reports (a number, as the console's Account ID), when their user
    /// names do not tell it (a console CSV of an account with an alias).
    #[arg(long, value_name = "ID")]
    pub(crate) account_id: Option<String>,
    /// The age in days from which an active access key counts as old, and every check's
    /// threshold (default: each check's own, 90 for the key column).
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = |s: &str| credreport_core::checks::parse_days(s).map_err(|e| e.to_string()))]
    pub(crate) days: Option<i64>,
    /// How to print the result: an aligned `table`, `csv`, `json`, `line` (a block per row)
    /// or `md` (Markdown).
    #[arg(long, short, default_value = "table", value_parser = formats())]
    pub(crate) output: Format,
}

/// Where the reports come from: shared by `query` and `check`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Reports")]
pub(crate) struct ReportArgs {
    /// A report: CSV from the RAM console, GetCredentialReport JSON, or its base64 content; `-` for
    /// standard input. Repeat for several reports or pages. Without it, standard input is read.
    #[arg(long, short, value_name = "PATH")]
    pub(crate) report: Vec<PathBuf>,
    /// Use the built-in sample report (a fictitious account), generated now.
    #[arg(long, conflicts_with = "report")]
    pub(crate) sample: bool,
    /// Fetch the report from Alibaba Cloud first (see `credreport fetch`).
    #[arg(long, conflicts_with_all = ["report", "sample"])]
    pub(crate) fetch: bool,
    /// The account ID of the reports (a number, as the console's Account ID), when their user
    /// names do not tell it.
    #[arg(long, value_name = "ID")]
    pub(crate) account_id: Option<String>,
    /// When the reports were generated (ISO 8601), when the files do not say.
    #[arg(long, value_name = "TIME", value_parser = given_time)]
    pub(crate) generated_time: Option<String>,
    /// When one report was generated (ISO 8601), when its file does not say (a CSV from the
    /// console never does): `--time oct.csv=2026-10-01T00:00:00Z`; repeat for each file, so a
    /// history of console CSVs is in order (the changes table, each account's latest). For its
    /// file, in place of --generated-time.
    #[arg(long = "time", value_name = "REPORT=TIME", value_parser = report_time)]
    pub(crate) times: Vec<(PathBuf, String)>,
    #[command(flatten)]
    pub(crate) cloud: cloud::CloudArgs,
}

#[derive(Debug, Args)]
pub(crate) struct QueryArgs {
    /// How to print the result: an aligned `table`, `csv`, `json`, `line` (a block per row)
    /// or `md` (Markdown).
    #[arg(long, short, default_value = "table", value_parser = formats())]
    pub(crate) output: Format,
    /// Run a canned query by name (see `credreport queries`).
    #[arg(long, value_name = "NAME", conflicts_with = "sql")]
    pub(crate) canned: Option<String>,
    /// Stop after this many rows, and say so.
    #[arg(long, value_name = "N")]
    pub(crate) max_rows: Option<usize>,
    /// Stop once the result holds this much (bytes, or with K, M or G), and say so: a query
    /// such as `select printf('%.9000000c', …) from …` cannot fill the machine's memory.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    pub(crate) max_bytes: usize,
    /// Stop a query that runs longer than this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    pub(crate) timeout: f64,
    /// The SQL dialect: `postgres` translates PostgreSQL (as Steampipe users write it) into
    /// SQLite; `auto` takes a query for PostgreSQL when it uses what only PostgreSQL has
    /// (`interval`, `::`, `age()`, `now()`…). With --canned, `postgres` picks the PostgreSQL twin.
    #[arg(long, default_value = "auto", value_parser = dialects())]
    pub(crate) dialect: DialectChoice,
    /// Print the SQLite that runs (a PostgreSQL query's translation) and stop. A note on standard
    /// error names each function credreport adds to SQLite that it calls (`pg_age`,
    /// `split_part`…), which the plain `sqlite3` shell lacks.
    #[arg(long)]
    pub(crate) print_sqlite: bool,
    /// The SQL to run against `alicloud_ram_credential_report` (SQLite or PostgreSQL).
    pub(crate) sql: Option<String>,
    #[command(flatten)]
    pub(crate) source: ReportArgs,
}

/// A generation time given on the command line, as the user wrote it once it reads and is not
/// in the future (`values::given_generation_time`; the load reads it again).
pub(crate) fn given_time(s: &str) -> Result<String, String> {
    credreport_core::values::given_generation_time(s, chrono::Utc::now()).map(|_| s.to_owned())
}

/// `--time REPORT=TIME`: the file, and the time as the user wrote it ([`given_time`]).
pub(crate) fn report_time(s: &str) -> Result<(PathBuf, String), String> {
    match s.rsplit_once('=') {
        Some((path, time)) if !path.is_empty() && !time.trim().is_empty() => {
            Ok((PathBuf::from(path), given_time(time.trim())?))
        }
        _ => Err(format!(
            "{s:?}: give a report and its time, as jan.csv=2026-01-01T00:00:00Z"
        )),
    }
}

/// `--max-bytes`: a byte count, or a number with K, M or G (powers of 1,024).
pub(crate) fn parse_size(s: &str) -> Result<usize, String> {
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
