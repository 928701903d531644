//! Check results as evidence: a terminal table, CSV, JSON, Markdown or standalone HTML, each naming
//! the accounts, the reports' generation times, the moment judged and the thresholds. Shared by
//! `credreport check` and the app's Checks view; writes to any `io::Write` (a `Vec<u8>` in the app).

use std::io::{self, Write};

use crate::checks::{AsOf, Outcome, Status, Totals};
use crate::output::{markdown_cell, printable, CsvFlavour, Format, Options};
use crate::results::ReportSummary;
use crate::results::{QueryResult, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckFormat {
    /// Every check with its findings, alarms first, then the summary.
    Table,
    /// As `table`, with only the findings that are not ok (Steampipe's `brief`).
    Brief,
    /// The summary alone: a line per check and the totals.
    Summary,
    Csv,
    Json,
    Md,
    Html,
}

impl CheckFormat {
    pub const ALL: [CheckFormat; 7] = [
        CheckFormat::Table,
        CheckFormat::Brief,
        CheckFormat::Summary,
        CheckFormat::Csv,
        CheckFormat::Json,
        CheckFormat::Md,
        CheckFormat::Html,
    ];

    /// As every interface spells it: `table`, `csv`, `json`, `md`, `html`.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckFormat::Table => "table",
            CheckFormat::Brief => "brief",
            CheckFormat::Summary => "summary",
            CheckFormat::Csv => "csv",
            CheckFormat::Json => "json",
            CheckFormat::Md => "md",
            CheckFormat::Html => "html",
        }
    }

    pub fn parse(s: &str) -> Option<CheckFormat> {
        CheckFormat::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The media type of a file in this format.
    pub fn media_type(self) -> &'static str {
        match self {
            CheckFormat::Html => "text/html",
            other => other.listing().map_or("text/plain", Format::media_type),
        }
    }

    /// The result format of the same name, for listings (`check --list`); HTML has none.
    pub fn listing(self) -> Option<Format> {
        Format::parse(self.as_str())
    }
}

/// What the evidence names: when the reports were generated, which accounts, as of when.
#[derive(Clone, Copy)]
pub struct Evidence<'a> {
    pub reports: &'a [ReportSummary],
    pub as_of: AsOf,
    pub outcomes: &'a [Outcome],
}

impl Evidence<'_> {
    fn accounts(&self) -> String {
        let mut a: Vec<String> = self
            .reports
            .iter()
            .map(|r| {
                let name = crate::account_name(r.account_id.as_deref(), r.logon_domain.as_deref());
                // As with the time: a reviewer weighs what a report says and what a person said.
                if r.account_given {
                    let by =
                        crate::results::account_given_words(r.account_from.as_deref(), "as given");
                    format!("{name} ({by})")
                } else {
                    name
                }
            })
            .collect();
        a.dedup();
        a.join(", ")
    }
    fn generated(&self) -> String {
        let g: Vec<String> = self
            .reports
            .iter()
            .map(|r| match &r.generated_time {
                // A reviewer weighs a time the report states and one a person gave it apart.
                Some(t) if r.time_given => format!("{t} UTC (as given, not the report's own)"),
                Some(t) => format!("{t} UTC"),
                None => "at a time the report does not state".into(),
            })
            .collect();
        g.join(", ")
    }
    /// One line per report judged: its source, SHA-256 and size, so a reviewer can tell which
    /// file the evidence came from, and how many of its values did not load as written (each a
    /// load warning), so the reviewer knows the findings rest on a report read in part.
    fn sources(&self) -> Vec<String> {
        self.reports
            .iter()
            .map(|r| {
                let warned = match r.warning_count() {
                    0 => String::new(),
                    n => format!(", {n} load warning{}", crate::words::plural(n)),
                };
                format!(
                    "{}: SHA-256 {}, {} user{}{warned}",
                    r.source,
                    r.sha256,
                    r.rows,
                    crate::words::plural(r.rows)
                )
            })
            .collect()
    }
    fn totals(&self) -> (usize, usize, usize) {
        let t = Totals::over(self.outcomes);
        (t.ok, t.alarm, t.skip)
    }

    /// The findings an exception accepted, with their check: every format lists them apart,
    /// each with its reason and expiry (in the finding's reason).
    fn excepted(&self) -> Vec<(&'static str, &crate::checks::Finding)> {
        self.outcomes
            .iter()
            .flat_map(|o| {
                o.findings
                    .iter()
                    .filter(|f| f.status == Status::Excepted)
                    .map(move |f| (o.check.id, f))
            })
            .collect()
    }
}

const EXCEPTED_HEADING: &str =
    "Excepted: in alarm, accepted by an exception until its date (not counted as alarms)";

/// Which tool wrote the evidence.
pub const TOOL: &str = concat!("credreport ", env!("CARGO_PKG_VERSION"));

fn severity(o: &Outcome) -> String {
    o.check.severity.as_str().to_owned()
}

fn threshold(o: &Outcome) -> String {
    o.days
        .map(|d| format!("{d} days"))
        .unwrap_or_else(|| "-".into())
}

pub fn write(out: &mut impl Write, e: &Evidence<'_>, format: CheckFormat) -> io::Result<()> {
    write_styled(out, e, format, false)
}

/// As [`write()`]; with `colour`, the terminal formats colour each status (the CLI asks for it on
/// a terminal, unless `NO_COLOR` is set).
pub fn write_styled(
    out: &mut impl Write,
    e: &Evidence<'_>,
    format: CheckFormat,
    colour: bool,
) -> io::Result<()> {
    match format {
        CheckFormat::Table => table(out, e, false, colour),
        CheckFormat::Brief => table(out, e, true, colour),
        CheckFormat::Summary => {
            let owned = e.printable();
            summary_lines(out, &owned.view())
        }
        CheckFormat::Csv => csv(out, e),
        CheckFormat::Json => json(out, e),
        CheckFormat::Md => markdown(out, e),
        CheckFormat::Html => html(out, e),
    }
}

/// A status as the terminal formats print it: upper case, coloured when asked.
fn status_label(status: Status, colour: bool) -> String {
    // As wide as the widest status (EXCEPTED), so resources line up whatever the status.
    let wide = Status::ALL
        .iter()
        .map(|s| s.as_str().len())
        .max()
        .unwrap_or(0);
    let label = format!("{:<wide$}", status.as_str().to_uppercase());
    if !colour {
        return label;
    }
    let code = match status {
        Status::Alarm => "1;31",
        Status::Skip => "33",
        Status::Ok => "32",
        Status::Excepted => "36",
    };
    format!("\x1b[{code}m{label}\x1b[0m")
}

/// The checks for reading, alarms first (by severity), each check's findings alarms first; with
/// `brief`, only what is not ok.
fn table(out: &mut impl Write, e: &Evidence<'_>, brief: bool, colour: bool) -> io::Result<()> {
    let owned = e.printable();
    let e = &owned.view();
    let ordered = crate::checks::in_review_order(e.outcomes.to_vec());
    for o in &ordered {
        let mut findings: Vec<&crate::checks::Finding> = o
            .findings
            .iter()
            .filter(|f| !(brief && f.status == Status::Ok))
            .collect();
        if brief && findings.is_empty() {
            continue;
        }
        findings.sort_by_key(|f| f.status.rank());
        let cis = o
            .check
            .cis
            .map(|c| format!("CIS {c}: "))
            .unwrap_or_default();
        writeln!(
            out,
            "{cis}{} [{}, {}]",
            o.check.title,
            o.check.id,
            severity(o)
        )?;
        for f in findings {
            writeln!(
                out,
                "  {}  {}  {}",
                status_label(f.status, colour),
                f.resource,
                f.reason
            )?;
        }
        let excepted = if o.excepted > 0 {
            format!(", excepted {}", o.excepted)
        } else {
            String::new()
        };
        writeln!(
            out,
            "  ok {}, alarm {}, skip {}{excepted}\n",
            o.ok, o.alarm, o.skip
        )?;
    }
    let view = Evidence {
        outcomes: &ordered,
        ..*e
    };
    let excepted = view.excepted();
    if !excepted.is_empty() {
        writeln!(out, "{EXCEPTED_HEADING}:")?;
        for (id, f) in excepted {
            writeln!(out, "  {id}  {}  {}", f.resource, f.reason)?;
        }
        writeln!(out)?;
    }
    summary_lines(out, &view)
}

impl Evidence<'_> {
    /// The same evidence with every text a report supplies made [`printable`].
    fn printable(&self) -> PrintableEvidence {
        let reports = self
            .reports
            .iter()
            .map(|r| ReportSummary {
                account_id: r.account_id.as_deref().map(printable),
                generated_time: r.generated_time.as_deref().map(printable),
                ..r.clone()
            })
            .collect();
        let outcomes = self
            .outcomes
            .iter()
            .map(|o| Outcome {
                findings: o
                    .findings
                    .iter()
                    .map(|f| crate::checks::Finding {
                        resource: printable(&f.resource),
                        reason: printable(&f.reason),
                        user_name: printable(&f.user_name),
                        account_id: f.account_id.as_deref().map(printable),
                        status: f.status,
                    })
                    .collect(),
                ..o.clone()
            })
            .collect();
        PrintableEvidence {
            reports,
            as_of: self.as_of,
            outcomes,
        }
    }
}

/// Owned evidence whose texts are [`printable`]; lends itself as an [`Evidence`].
struct PrintableEvidence {
    reports: Vec<ReportSummary>,
    as_of: AsOf,
    outcomes: Vec<Outcome>,
}

impl PrintableEvidence {
    fn view(&self) -> Evidence<'_> {
        Evidence {
            reports: &self.reports,
            as_of: self.as_of,
            outcomes: &self.outcomes,
        }
    }
}

fn summary_lines(out: &mut impl Write, e: &Evidence<'_>) -> io::Result<()> {
    let (ok, alarm, skip) = e.totals();
    writeln!(
        out,
        "Summary (account {}; report generated {}; as of {}):",
        e.accounts(),
        e.generated(),
        e.as_of.describe()
    )?;
    for line in e.sources() {
        writeln!(out, "  source {line}")?;
    }
    writeln!(out, "  written by {TOOL}")?;
    let w = e
        .outcomes
        .iter()
        .map(|o| o.check.id.len())
        .max()
        .unwrap_or(0);
    // Each count's column as wide as its total, the widest number in it.
    let digits = |n: usize| n.to_string().len().max(4);
    let (o_w, a_w, s_w) = (digits(ok), digits(alarm), digits(skip));
    for o in e.outcomes {
        writeln!(
            out,
            "  {:<w$}  ok {:>o_w$}  alarm {:>a_w$}  skip {:>s_w$}  threshold {}",
            o.check.id,
            o.ok,
            o.alarm,
            o.skip,
            threshold(o)
        )?;
    }
    writeln!(
        out,
        "  {:<w$}  ok {ok:>o_w$}  alarm {alarm:>a_w$}  skip {skip:>s_w$}",
        "total"
    )
}

/// Every finding as one row, for the CSV evidence.
fn findings(e: &Evidence<'_>) -> QueryResult {
    let text = |s: &str| Value::Text(s.to_owned());
    let columns = [
        "check",
        "cis",
        "severity",
        "threshold_days",
        "resource",
        "status",
        "reason",
        "account_id",
        "user_name",
    ];
    let rows = e
        .outcomes
        .iter()
        .flat_map(|o| {
            o.findings.iter().map(move |f| {
                vec![
                    text(o.check.id),
                    o.check.cis.map_or(Value::Null, text),
                    text(o.check.severity.as_str()),
                    o.days.map_or(Value::Null, Value::Integer),
                    text(&f.resource),
                    text(f.status.as_str()),
                    text(&f.reason),
                    f.account_id.as_deref().map_or(Value::Null, text),
                    text(&f.user_name),
                ]
            })
        })
        .collect();
    QueryResult {
        columns: columns.map(String::from).to_vec(),
        rows,
        truncated: None,
    }
}

/// CSV evidence is for spreadsheets: formulas guarded, as the page's downloads are.
fn csv(out: &mut impl Write, e: &Evidence<'_>) -> io::Result<()> {
    let options = Options {
        rows: None,
        csv: CsvFlavour::Spreadsheet,
        width: None,
    };
    crate::output::write(out, &findings(e), Format::Csv, &options)
}

fn json(out: &mut impl Write, e: &Evidence<'_>) -> io::Result<()> {
    let (ok, alarm, skip) = e.totals();
    let excepted = e.excepted();
    let checks: Vec<serde_json::Value> = e
        .outcomes
        .iter()
        .map(|o| {
            serde_json::json!({
                "id": o.check.id, "title": o.check.title, "cis": o.check.cis, "severity": o.check.severity,
                "threshold_days": o.days, "ok": o.ok, "alarm": o.alarm, "skip": o.skip, "results": o.findings,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "accounts": e.reports.iter().map(|r| r.account_id.clone()).collect::<Vec<_>>(),
        "generated_times": e.reports.iter().map(|r| r.generated_time.clone()).collect::<Vec<_>>(),
        "as_of": e.as_of.describe(),
        "tool": TOOL,
        "sources": e.reports.iter().map(|r| serde_json::json!({"source": r.source, "sha256": r.sha256, "users": r.rows, "account_id": r.account_id, "account_id_given": r.account_given, "account_id_from": r.account_from, "logon_domain": r.logon_domain, "generated_time": r.generated_time, "generated_time_given": r.time_given, "load_warnings": r.warning_count()})).collect::<Vec<_>>(),
        "summary": {"ok": ok, "alarm": alarm, "skip": skip, "excepted": excepted.len()},
        "excepted": excepted.iter().map(|(id, f)| serde_json::json!({"check": id, "resource": f.resource, "user_name": f.user_name, "account_id": f.account_id, "reason": f.reason})).collect::<Vec<_>>(),
        "checks": checks,
    });
    writeln!(
        out,
        "{}",
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    )
}

fn markdown(out: &mut impl Write, e: &Evidence<'_>) -> io::Result<()> {
    let owned = e.printable();
    let e = &owned.view();
    let (ok, alarm, skip) = e.totals();
    writeln!(out, "# Credential report checks\n")?;
    writeln!(
        out,
        "Account {}; report generated {}; judged as of {}.\n",
        e.accounts(),
        markdown_cell(&e.generated()),
        markdown_cell(&e.as_of.describe())
    )?;
    for line in e.sources() {
        writeln!(out, "- Source {}", markdown_cell(&line))?;
    }
    writeln!(out, "- Written by {TOOL}\n")?;
    writeln!(
        out,
        "| check | CIS | severity | threshold | ok | alarm | skip |\n| --- | --- | --- | --- | --- | --- | --- |"
    )?;
    for o in e.outcomes {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            markdown_cell(o.check.title),
            o.check.cis.unwrap_or(""),
            severity(o),
            threshold(o),
            o.ok,
            o.alarm,
            o.skip
        )?;
    }
    writeln!(out, "| **total** | | | | {ok} | {alarm} | {skip} |\n")?;
    let excepted = e.excepted();
    if !excepted.is_empty() {
        writeln!(out, "## {EXCEPTED_HEADING}\n\n| check | resource | reason and expiry |\n| --- | --- | --- |")?;
        for (id, f) in excepted {
            writeln!(
                out,
                "| {id} | {} | {} |",
                markdown_cell(&f.resource),
                markdown_cell(&f.reason)
            )?;
        }
        writeln!(out)?;
    }
    for o in e.outcomes {
        writeln!(
            out,
            "## {} (`{}`, {})\n\n| status | resource | reason |\n| --- | --- | --- |",
            markdown_cell(o.check.title),
            o.check.id,
            severity(o)
        )?;
        for f in &o.findings {
            writeln!(
                out,
                "| {} | {} | {} |",
                f.status,
                markdown_cell(&f.resource),
                markdown_cell(&f.reason)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn html(out: &mut impl Write, e: &Evidence<'_>) -> io::Result<()> {
    let (ok, alarm, skip) = e.totals();
    writeln!(out, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Credential report checks</title>")?;
    writeln!(out, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")?;
    writeln!(out, "<style>body{{font-family:system-ui,sans-serif;margin:2rem}}table{{border-collapse:collapse;margin:1rem 0}}td,th{{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}}.alarm{{color:#a00;font-weight:600}}.skip{{color:#777}}</style></head><body>")?;
    writeln!(out, "<h1>Credential report checks</h1><p>Account {}; report generated {}; judged as of {}. Total: ok {ok}, alarm {alarm}, skip {skip}.</p>", esc(&e.accounts()), esc(&e.generated()), esc(&e.as_of.describe()))?;
    writeln!(out, "<ul>")?;
    for line in e.sources() {
        writeln!(out, "<li>Source {}</li>", esc(&line))?;
    }
    writeln!(out, "<li>Written by {}</li></ul>", esc(TOOL))?;
    writeln!(out, "<table><tr><th>check</th><th>CIS</th><th>severity</th><th>threshold</th><th>ok</th><th>alarm</th><th>skip</th></tr>")?;
    for o in e.outcomes {
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(o.check.title),
            o.check.cis.unwrap_or(""),
            severity(o),
            threshold(o),
            o.ok,
            o.alarm,
            o.skip
        )?;
    }
    writeln!(out, "</table>")?;
    let excepted = e.excepted();
    if !excepted.is_empty() {
        writeln!(
            out,
            "<h2>{}</h2><table><tr><th>check</th><th>resource</th><th>reason and expiry</th></tr>",
            esc(EXCEPTED_HEADING)
        )?;
        for (id, f) in excepted {
            writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(id),
                esc(&f.resource),
                esc(&f.reason)
            )?;
        }
        writeln!(out, "</table>")?;
    }
    for o in e.outcomes {
        writeln!(out, "<h2>{} <code>{}</code> ({})</h2><table><tr><th>status</th><th>resource</th><th>reason</th></tr>", esc(o.check.title), o.check.id, severity(o))?;
        for f in &o.findings {
            writeln!(
                out,
                "<tr><td class=\"{0}\">{0}</td><td>{1}</td><td>{2}</td></tr>",
                esc(f.status.as_str()),
                esc(&f.resource),
                esc(&f.reason)
            )?;
        }
        writeln!(out, "</table>")?;
    }
    writeln!(out, "</body></html>")
}

/// The evidence as a string.
pub fn render(e: &Evidence<'_>, format: CheckFormat) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out, e, format);
    String::from_utf8_lossy(&out).into_owned()
}
