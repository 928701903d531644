//! From CSV pages to typed rows, with a warning for everything that did not load as written.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::error::LoadError;
use crate::input::{pages, Form, Input, Page};
use crate::results::quoted;
use crate::rows::{Rows, TooLarge};
use crate::schema::{column_for_csv_field, Kind, Source, COLUMNS};
use crate::values::{is_null_token, map, parse_timestamp, Cell, Mapped};

/// How many warnings one report keeps; the rest are counted.
pub const MAX_WARNINGS: usize = 1000;

/// Values the user gives for a file that does not carry them.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The account ID for every report of this load (overrides what the user names imply).
    pub account_id: Option<String>,
    /// When the report was generated, ISO 8601 (overrides what the file says).
    pub generated_time: Option<String>,
}

/// Something that loaded other than as written, with where it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Warning {
    pub source: String,
    /// 1-based line of the CSV text, as a text editor numbers it.
    pub line: Option<u64>,
    pub column: Option<String>,
    pub value: Option<String>,
    /// What was wrong and what was done about it.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        if let Some(line) = self.line {
            write!(f, " line {line}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        if let Some(v) = &self.value {
            write!(f, ", value {v:?}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Warnings that say the same thing on different lines, said once: the same source, column,
/// value and message, with every line it happened on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarningGroup {
    pub first: Warning,
    /// Every line, in order (empty when the warning is not about a line).
    pub lines: Vec<u64>,
}

/// How many lines a grouped warning names before it says "and N more".
const LINES_NAMED: usize = 5;

impl WarningGroup {
    /// How many warnings this one stands for.
    pub fn count(&self) -> usize {
        self.lines.len().max(1)
    }
}

impl fmt::Display for WarningGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.lines.len() <= 1 {
            return self.first.fmt(f);
        }
        let w = &self.first;
        let named: Vec<String> = self
            .lines
            .iter()
            .take(LINES_NAMED)
            .map(u64::to_string)
            .collect();
        let more = self.lines.len().saturating_sub(LINES_NAMED);
        write!(f, "{} lines {}", w.source, named.join(", "))?;
        if more > 0 {
            write!(f, " and {more} more")?;
        }
        if let Some(c) = &w.column {
            write!(f, ", column {c}")?;
        }
        if let Some(v) = &w.value {
            write!(f, ", value {v:?}")?;
        }
        write!(f, ": {} ({} times)", w.message, self.lines.len())
    }
}

/// `warnings` with those that differ only by line said once each, in the order first seen.
pub fn group_warnings(warnings: &[Warning]) -> Vec<WarningGroup> {
    let mut groups: Vec<WarningGroup> = Vec::new();
    for w in warnings {
        let same = |g: &&mut WarningGroup| {
            g.first.source == w.source
                && g.first.column == w.column
                && g.first.value == w.value
                && g.first.message == w.message
                && g.first.line.is_some() == w.line.is_some()
        };
        match groups.iter_mut().find(|g| w.line.is_some() && same(g)) {
            Some(g) => g.lines.extend(w.line),
            None => groups.push(WarningGroup {
                first: w.clone(),
                lines: w.line.into_iter().collect(),
            }),
        }
    }
    groups
}

/// One report, parsed and typed, ready to insert.
#[derive(Debug, Clone)]
pub struct Report {
    /// Where it came from (the first page's source).
    pub source: String,
    pub form: Form,
    pub pages: usize,
    pub account_id: Option<String>,
    pub generated_time: Option<String>,
    /// The domain every user's logon name has, when they share one of the account's
    /// (`corp.onaliyun.com`), lower-cased: a report that names no account may still be told one
    /// account's by it ([`crate::alike`]).
    pub logon_domain: Option<String>,
    /// Columns the file has that the table does not: appended to the table as TEXT.
    pub extra_columns: Vec<String>,
    /// Per user: the 28 CSV-derived columns in [`COLUMNS`] order, then one per extra column.
    pub rows: Rows,
    pub warnings: Vec<Warning>,
    /// Warnings past [`MAX_WARNINGS`], counted but not kept.
    pub warnings_dropped: usize,
    /// SHA-256 (hex) of the bytes of the inputs it was read from, in order: of the file itself
    /// when it came from one file. Names the evidence's source, and recognises a report loaded twice.
    pub sha256: String,
}

impl Report {
    /// The report written back out in the console's CSV form: its 28 fields (then any extra
    /// columns it had), booleans as `TRUE`/`FALSE`, times as `2019-11-11T12:33:18Z`, no value as
    /// `N/A`. Loading the result gives the same table again (a property test holds it to that).
    pub fn to_csv(&self) -> String {
        let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
        // Rows hold the table's columns in `COLUMNS` order; each CSV-derived one names its field.
        let csv_columns = &COLUMNS[..crate::schema::CSV_FIELDS.len()];
        let header = csv_columns
            .iter()
            .map(|c| match c.source {
                Source::Csv(field) => field,
                Source::GeneratedTime | Source::AccountId => c.name,
            })
            .chain(self.extra_columns.iter().map(String::as_str));
        // Writing to a Vec cannot fail; a failure here would be a bug, not bad input.
        w.write_record(header).expect("writes to memory");
        let kinds = csv_columns
            .iter()
            .map(|c| Some(c.kind))
            .chain(std::iter::repeat(None));
        for row in self.rows.iter() {
            let fields = row
                .cells()
                .zip(kinds.clone())
                .map(|(cell, kind)| match (cell, kind) {
                    (Cell::Null, Some(Kind::Text) | None) => String::new(),
                    (Cell::Null, _) => "N/A".to_owned(),
                    (Cell::Int(1), Some(Kind::Bool)) => "TRUE".to_owned(),
                    (Cell::Int(0), Some(Kind::Bool)) => "FALSE".to_owned(),
                    (Cell::Int(n), _) => n.to_string(),
                    (Cell::Text(t), Some(Kind::Timestamp)) => match t.split_once(' ') {
                        Some((date, time)) => format!("{date}T{time}Z"),
                        None => t.into_owned(),
                    },
                    (Cell::Text(t), _) => t.into_owned(),
                });
            w.write_record(fields).expect("writes to memory");
        }
        String::from_utf8(w.into_inner().expect("writes to memory")).expect("UTF-8 in, UTF-8 out")
    }

    fn warn(&mut self, w: Warning) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(w);
        } else {
            self.warnings_dropped += 1;
        }
    }
}

/// Parse every input. Consecutive pages of one report (an API answer split by `NextToken`, given as
/// a JSON array or as several inputs) are merged into one report.
pub fn parse(inputs: &[Input<'_>], options: &LoadOptions) -> Result<Vec<Report>, LoadError> {
    if inputs.is_empty() {
        return Err(LoadError::NoInput);
    }
    let account_override = given_account_id(options.account_id.as_deref().unwrap_or(""))?;
    let time_override = match options.generated_time.as_deref().map(str::trim) {
        Some("") | None => None,
        Some(t) => {
            Some(
                parse_timestamp(t)
                    .map(|(t, _)| t)
                    .ok_or_else(|| LoadError::BadOption {
                        option: "generated time",
                        value: t.to_owned(),
                        expected: "expected an ISO 8601 time such as 2024-05-01T08:00:00Z",
                    })?,
            )
        }
    };

    let mut all_pages = Vec::new();
    // The input each page came from, to digest what each report was read from.
    let mut page_input = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let p = pages(input)?;
        page_input.extend(std::iter::repeat_n(i, p.len()));
        all_pages.extend(p);
    }
    let mut reports: Vec<Report> = Vec::new();
    let mut read_from: Vec<Vec<usize>> = Vec::new();
    let mut current: Option<Parser> = None;
    // The page before this one: a page continues its report when that one said more follow.
    let mut last_page: Option<&Page<'_>> = None;
    for (page, &input) in all_pages.iter().zip(&page_input) {
        let header = first_record(page)?;
        let has_user = header
            .as_ref()
            .is_some_and(|h| h.fields.iter().any(|f| is_user_field(f)));
        let continues = match (last_page, &current) {
            (_, None) => false,
            (_, Some(_)) if !has_user => true,
            (Some(last), Some(_)) if last.truncated => last.generated_time == page.generated_time,
            _ => false,
        };
        if continues {
            if let Some(p) = current.as_mut() {
                p.continue_with(page)?;
            }
            if let Some(from) = read_from.last_mut() {
                if from.last() != Some(&input) {
                    from.push(input);
                }
            }
        } else {
            if let Some(p) = current.take() {
                all_pages_given(last_page)?;
                reports.push(p.finish(&account_override, &time_override)?);
            }
            current = Some(Parser::start(page, header)?);
            read_from.push(vec![input]);
        }
        last_page = Some(page);
    }
    if let Some(p) = current.take() {
        all_pages_given(last_page)?;
        reports.push(p.finish(&account_override, &time_override)?);
    }
    for (report, from) in reports.iter_mut().zip(read_from) {
        // A report read from one input whose digest was given is named by it.
        let given = match from.as_slice() {
            [i] => inputs[*i].sha256,
            _ => None,
        };
        report.sha256 = match given {
            Some(digest) => crate::words::hex(&digest),
            None => sha256_hex(from.iter().map(|&i| inputs[i].bytes)),
        };
    }
    Ok(reports)
}

/// A report whose last page says more follow lacks the users of those pages: refused, since its
/// checks would pass users it does not hold.
fn all_pages_given(last: Option<&Page<'_>>) -> Result<(), LoadError> {
    match last {
        Some(page) if page.truncated => Err(LoadError::PagesMissing {
            source_name: page.source.clone(),
        }),
        _ => Ok(()),
    }
}

/// SHA-256 of the parts, one after the other, as lowercase hex.
pub fn sha256_hex<'a>(parts: impl Iterator<Item = &'a [u8]>) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in parts {
        // A piece at a time: in a browser, V8 optimizes a WebAssembly function for its next
        // call, so a megabytes-long one would be hashed all through unoptimized code.
        for piece in p.chunks(64 * 1024) {
            h.update(piece);
        }
    }
    crate::words::hex(&h.finalize())
}

fn normalize(field: &str) -> String {
    field
        .trim()
        .trim_start_matches('\u{feff}')
        .to_ascii_lowercase()
}

/// Whether a field is the header's name of the user column (no user is named so: a RAM user
/// is `name@domain`, the account `<root>`). Allocates nothing: every row's user is asked.
pub(crate) fn is_user_field(f: &str) -> bool {
    let n = f.trim().trim_start_matches('\u{feff}');
    n.eq_ignore_ascii_case("user") || n.eq_ignore_ascii_case("user_name")
}

fn reader(csv: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes())
}

fn csv_error(page: &Page<'_>, e: csv::Error) -> LoadError {
    let line = e
        .position()
        .map_or(0, |p| Lines::new(&page.csv).at(p.byte()));
    LoadError::Csv {
        source_name: page.source.clone(),
        line,
        message: e.to_string(),
    }
}

/// Line numbers as a text editor shows them, from a record's byte offset: `\n`, `\r\n` and a
/// lone `\r` each end a line. The csv crate's own count is one short for every `\r\n` and every
/// blank line before the record (a record's offset can be that of the line end before it).
/// Asked in increasing order, as the rows are read, it counts each byte once; nothing is counted
/// until a warning needs a line.
struct Lines<'a> {
    text: &'a [u8],
    /// Counted up to this byte, which starts line `line`.
    at: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line of the record whose position is at `byte`.
    fn at(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start < self.at {
            (self.at, self.line) = (0, 1);
        }
        let counted = &self.text[self.at..start];
        let ends = counted
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && counted.get(i + 1) != Some(&b'\n')))
            .count();
        self.line += ends as u64;
        self.at = start;
        self.line
    }
}

/// A page's first non-empty record, and its line (1 unless blank lines come first).
struct FirstRecord {
    line: u64,
    fields: Vec<String>,
}

fn first_record(page: &Page<'_>) -> Result<Option<FirstRecord>, LoadError> {
    for rec in reader(&page.csv).records() {
        let rec = rec.map_err(|e| csv_error(page, e))?;
        if rec.iter().any(|f| !f.trim().is_empty()) {
            let start = rec.position().map_or(0, |p| p.byte());
            return Ok(Some(FirstRecord {
                line: Lines::new(&page.csv).at(start),
                fields: rec.iter().map(str::to_owned).collect(),
            }));
        }
    }
    Ok(None)
}

/// Where each field of the file's header goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Column(usize),
    Extra(usize),
    Ignored,
}

struct Parser {
    report: Report,
    header: Vec<String>,
    targets: Vec<Target>,
    user_field: usize,
    /// Once a second page continues the report: every user it has, so that a page given twice
    /// (or pages that overlap) does not count a user twice. A report of one page, as the
    /// console gives it, pays nothing for it.
    users: Option<std::collections::BTreeSet<String>>,
    /// The first page's user names by their hash, to tell a user on two of its rows.
    names: NameTable,
    /// How many times (values of time columns, beside those that say "none") read as times.
    times_read: usize,
    /// The first time that did not, as the refusal it becomes should no time read.
    time_unread: Option<LoadError>,
}

impl Parser {
    fn start(page: &Page<'_>, header: Option<FirstRecord>) -> Result<Self, LoadError> {
        let Some(FirstRecord {
            line: header_line,
            fields: header,
        }) = header
        else {
            return Err(LoadError::Empty {
                source_name: page.source.clone(),
            });
        };
        let Some(user_field) = header.iter().position(|f| is_user_field(f)) else {
            let mut found: String = header.join(",").chars().take(80).collect();
            if found.is_empty() {
                found = "nothing".into();
            }
            return Err(LoadError::NoUserColumn {
                source_name: page.source.clone(),
                found,
            });
        };
        let mut report = Report {
            source: page.input.clone(),
            form: page.form,
            pages: 0,
            account_id: page.account_id.clone(),
            generated_time: page.generated_time.clone(),
            logon_domain: None,
            extra_columns: Vec::new(),
            rows: Rows::new(0),
            warnings: Vec::new(),
            warnings_dropped: 0,
            sha256: String::new(),
        };
        let mut targets = Vec::with_capacity(header.len());
        let mut seen = [false; 28];
        for field in &header {
            let n = normalize(field);
            let n = if n == "user_name" {
                "user".to_owned()
            } else {
                n
            };
            let target = match column_for_csv_field(&n) {
                Some(c) if seen[c] => {
                    report.warn(header_warning(
                        page,
                        header_line,
                        field,
                        "the column appears twice; the second is ignored",
                    ));
                    Target::Ignored
                }
                Some(c) => {
                    seen[c] = true;
                    Target::Column(c)
                }
                None if n.is_empty() => {
                    report.warn(header_warning(
                        page,
                        header_line,
                        field,
                        "a column without a name; ignored",
                    ));
                    Target::Ignored
                }
                None if n.chars().count() > crate::schema::MAX_EXTRA_COLUMN_NAME => {
                    report.warn(header_warning(
                        page,
                        header_line,
                        field,
                        &format!(
                            "a column name longer than {} characters, not one the credential report would add; ignored",
                            crate::schema::MAX_EXTRA_COLUMN_NAME
                        ),
                    ));
                    Target::Ignored
                }
                None => {
                    let name = sanitize(&n);
                    if COLUMNS.iter().any(|c| c.name == name)
                        || report.extra_columns.contains(&name)
                    {
                        report.warn(header_warning(
                            page,
                            header_line,
                            field,
                            "a column whose name the table already has; ignored",
                        ));
                        Target::Ignored
                    } else {
                        report.warn(header_warning(
                            page,
                            header_line,
                            field,
                            &format!("a column the credential report did not have before; kept as text column `{name}`"),
                        ));
                        report.extra_columns.push(name);
                        Target::Extra(report.extra_columns.len() - 1)
                    }
                }
            };
            targets.push(target);
        }
        // Columns the header lacks (an older report has no additional keys' twelve): one
        // warning for them all.
        let missing: Vec<String> = COLUMNS
            .iter()
            .enumerate()
            .take(28)
            .filter(|(c, col)| !seen[*c] && matches!(col.source, Source::Csv(_)))
            .map(|(_, col)| format!("`{}`", col.name))
            .collect();
        let message = match &missing[..] {
            [] => None,
            [one] => Some(format!(
                "the header has no {one} column; it is NULL for every user"
            )),
            [all @ .., last] => Some(format!(
                "the header has no columns {} and {last}; each is NULL for every user",
                all.join(", ")
            )),
        };
        if let Some(message) = message {
            report.warn(Warning {
                source: page.source.clone(),
                line: Some(header_line),
                column: None,
                value: None,
                message,
            });
        }
        report.rows = Rows::new(28 + report.extra_columns.len());
        // Room for the page up front, so the store is not copied as it grows (in the page,
        // growing by doubling copies it): its text is at most the page's, its rows as many as
        // the first 64 KiB's lines suggest.
        let csv = page.csv.as_bytes();
        let sample = &csv[..csv.len().min(64 * 1024)];
        let lines = sample.iter().filter(|&&b| b == b'\n').count().max(1);
        let rows = lines
            .saturating_mul(csv.len())
            .div_ceil(sample.len().max(1));
        report.rows.reserve(rows, csv.len());
        let mut parser = Parser {
            report,
            header,
            targets,
            user_field,
            users: None,
            names: NameTable::default(),
            times_read: 0,
            time_unread: None,
        };
        parser.rows(page, true)?;
        Ok(parser)
    }

    fn continue_with(&mut self, page: &Page<'_>) -> Result<(), LoadError> {
        if page.generated_time.is_some() && page.generated_time != self.report.generated_time {
            let w = Warning {
                source: page.source.clone(),
                line: None,
                column: None,
                value: page.generated_time.clone(),
                message: "this page's GeneratedTime differs from the first page's; its rows are loaded with the first page's".into(),
            };
            self.report.warn(w);
        }
        if self.users.is_none() {
            let users = self.report.rows.iter().filter_map(|row| match row.get(0) {
                Some(Cell::Text(user)) => Some(user.into_owned()),
                _ => None,
            });
            self.users = Some(users.collect());
        }
        self.rows(page, false)
    }

    /// Read the rows of a page. On the first page of a report the first non-empty record is the
    /// header; on a later page, a repeated header is skipped.
    fn rows(&mut self, page: &Page<'_>, first_page: bool) -> Result<(), LoadError> {
        self.report.pages += 1;
        let width = self.header.len();
        let mut header_pending = true;
        let too_large = |TooLarge| LoadError::TooLarge {
            source_name: page.source.clone(),
        };
        let mut csv = reader(&page.csv);
        let mut lines = Lines::new(&page.csv);
        // Warnings of a user on two rows (their index) and where its first row starts: that
        // row's line is counted once the page is read, so lines are counted only when a user
        // repeats, and in one pass however many do.
        let mut first_rows: Vec<(usize, u64)> = Vec::new();
        // One record, reused: no allocation per row.
        let mut rec = csv::StringRecord::new();
        while csv.read_record(&mut rec).map_err(|e| csv_error(page, e))? {
            if rec.iter().all(|f| f.trim().is_empty()) {
                continue; // blank or trailing empty line
            }
            let start = rec.position().map_or(0, |p| p.byte());
            if header_pending {
                header_pending = false;
                let same_header = rec.len() == width
                    && rec
                        .iter()
                        .zip(&self.header)
                        .all(|(a, b)| normalize(a) == normalize(b));
                if first_page || same_header {
                    continue;
                }
            }
            let src = &page.source;
            if rec.len() != width {
                let message = if rec.len() < width {
                    format!(
                        "the row has {} fields, the header {width}; the missing ones are NULL",
                        rec.len()
                    )
                } else {
                    format!(
                        "the row has {} fields, the header {width}; the extra ones are ignored",
                        rec.len()
                    )
                };
                let value = (rec.len() > width)
                    .then(|| quoted(&rec.iter().skip(width).collect::<Vec<_>>().join(",")));
                self.report.warn(Warning {
                    source: src.clone(),
                    line: Some(lines.at(start)),
                    column: None,
                    value,
                    message,
                });
            }
            let user = rec.get(self.user_field).unwrap_or("").trim();
            if user.is_empty() {
                let message = "the row has no user name; the row is skipped".to_owned();
                self.report.warn(Warning {
                    source: src.clone(),
                    line: Some(lines.at(start)),
                    column: Some("user".into()),
                    value: None,
                    message,
                });
                continue;
            }
            // A header inside the rows: files joined into one. Read on, its rows would be
            // another report's (another time, maybe another column order) taken for this one's.
            if is_user_field(user) {
                return Err(LoadError::HeaderAgain {
                    source_name: src.clone(),
                    line: lines.at(start),
                });
            }
            if let Some(users) = self.users.as_mut() {
                if users.contains(user) {
                    self.report.warn(Warning {
                        source: src.clone(),
                        line: Some(lines.at(start)),
                        column: Some("user".into()),
                        value: None,
                        message: "a user an earlier page of this report has already given (a page given twice?); not loaded twice".into(),
                    });
                    continue;
                }
                users.insert(user.to_owned());
            } else {
                // A user on two rows of one page: a credential report names each user once,
                // so the file was edited or joined. Both rows load (which is right cannot be
                // told), so queries and checks count the user once for each: said.
                let rows = &self.report.rows;
                let same = |row: usize| matches!(rows.get(row).and_then(|r| r.get(0)), Some(Cell::Text(u)) if u == user);
                if let Some(earlier) = self.names.repeats(user, rows.len(), start, same) {
                    if self.report.warnings.len() < MAX_WARNINGS {
                        first_rows.push((self.report.warnings.len(), earlier));
                    }
                    self.report.warn(Warning {
                        source: src.clone(),
                        line: Some(lines.at(start)),
                        column: Some("user".into()),
                        value: Some(quoted(user)),
                        message: String::new(),
                    });
                }
            }
            self.report.rows.push_null_row();
            for (i, field) in rec.iter().enumerate().take(width) {
                // SQLite would refuse it on insert, without saying where.
                if field.len() > crate::MAX_VALUE_BYTES
                    && !matches!(self.targets[i], Target::Ignored)
                {
                    return Err(LoadError::ValueTooLong {
                        source_name: src.clone(),
                        line: lines.at(start),
                        column: self.header[i].clone(),
                        bytes: field.len(),
                    });
                }
                match self.targets[i] {
                    Target::Ignored => {}
                    Target::Column(0) => self
                        .report
                        .rows
                        .set(0, Cell::Text(Cow::Borrowed(field.trim())))
                        .map_err(too_large)?,
                    Target::Column(c) => {
                        let col = &COLUMNS[c];
                        let time = col.kind == Kind::Timestamp;
                        match map(col.kind, field) {
                            Mapped::Ok(cell) => {
                                self.times_read += usize::from(time && cell != Cell::Null);
                                self.report.rows.set(c, cell).map_err(too_large)?
                            }
                            Mapped::Note(cell, note) => {
                                self.times_read += usize::from(time && cell != Cell::Null);
                                self.report.rows.set(c, cell).map_err(too_large)?;
                                self.report.warn(value_warning(
                                    src,
                                    lines.at(start),
                                    col.name,
                                    field,
                                    note,
                                ));
                            }
                            Mapped::Rejected(why) => {
                                if time && self.time_unread.is_none() {
                                    self.time_unread = Some(LoadError::TimesUnreadable {
                                        source_name: src.clone(),
                                        line: lines.at(start),
                                        column: col.name.to_owned(),
                                        value: quoted(field.trim()),
                                    });
                                }
                                self.report.warn(value_warning(
                                    src,
                                    lines.at(start),
                                    col.name,
                                    field,
                                    why,
                                ))
                            }
                        }
                    }
                    Target::Extra(e) => {
                        let v = field.trim();
                        if !is_null_token(v) {
                            self.report
                                .rows
                                .set(28 + e, Cell::Text(Cow::Borrowed(v)))
                                .map_err(too_large)?;
                        }
                    }
                }
            }
        }
        first_rows.sort_unstable_by_key(|&(_, at)| at);
        for (warning, at) in first_rows {
            let first = lines.at(at);
            if let Some(w) = self.report.warnings.get_mut(warning) {
                w.message = format!("this user is on line {first} too (a credential report names each user once, so the file was edited or joined); both rows are loaded, and queries and checks count the user once for each: load the report as the console gives it");
            }
        }
        Ok(())
    }

    fn finish(
        mut self,
        account: &Option<String>,
        time: &Option<String>,
    ) -> Result<Report, LoadError> {
        if self.report.rows.is_empty() {
            return Err(LoadError::HeaderOnly {
                source_name: self.report.source.clone(),
            });
        }
        // Not one time read, and some were there: the file's times were rewritten (a
        // spreadsheet's save), and every one of them would load as "none". One odd value among
        // times that read is a warning; this is not.
        if self.times_read == 0 {
            if let Some(refused) = self.time_unread.take() {
                return Err(refused);
            }
        }
        if let Some(t) = time {
            // The report's own time, replaced: said, since every check is judged as of it.
            if let Some(stated) = self.report.generated_time.replace(t.clone()) {
                if stated != *t {
                    self.report.warn(Warning {
                        source: self.report.source.clone(),
                        line: None,
                        column: Some("generated_time".into()),
                        value: Some(stated.clone()),
                        message: format!("the report says it was generated at {stated}; the time given, {t}, replaces it"),
                    });
                }
            }
            self.warn_if_generated_before_its_events(t);
        }
        // What the user says, else what the fetch recorded, else what the user names imply.
        self.report.account_id = match (account, self.report.account_id.take()) {
            (Some(a), _) => Some(a.clone()),
            (None, Some(a)) => Some(a),
            (None, None) => self.account_from_user_names(),
        };
        self.report.logon_domain = self.shared_logon_domain();
        Ok(self.report)
    }

    /// A generation time the user gave that is earlier than the report's own events (a logon, a
    /// rotation) would make every age negative ("last logged on -178 days ago"): say so.
    fn warn_if_generated_before_its_events(&mut self, given: &str) {
        let mut latest: Option<(String, &'static str)> = None;
        for row in self.report.rows.iter() {
            for (c, col) in COLUMNS
                .iter()
                .enumerate()
                .take(crate::schema::CSV_FIELDS.len())
            {
                // `password_next_rotation` is a date to come: it may well follow the report.
                if col.kind != Kind::Timestamp || col.name == "password_next_rotation" {
                    continue;
                }
                if let Some(Cell::Text(t)) = row.get(c) {
                    if t.as_ref() > given
                        && latest.as_ref().is_none_or(|(l, _)| t.as_ref() > l.as_str())
                    {
                        latest = Some((t.into_owned(), col.name));
                    }
                }
            }
        }
        if let Some((time, column)) = latest {
            self.report.warnings.push(Warning {
                source: self.report.source.clone(),
                line: None,
                column: Some(column.to_owned()),
                value: Some(time),
                message: format!("the generation time given ({given}) is before this, the report's latest event: ages judged as of the report would be negative; give the time the report was generated"),
            });
        }
    }

    /// The domain of the account's every user's logon name (`alice@corp.onaliyun.com`), when
    /// they share one: an account's users all log on at its default domain. Only the letters,
    /// digits, dots, hyphens and underscores such a domain may have (`SetDefaultDomain`), so
    /// that it can be printed as it is.
    fn shared_logon_domain(&self) -> Option<String> {
        let mut shared: Option<&str> = None;
        for row in self.report.rows.iter() {
            let Some(Cell::Text(Cow::Borrowed(user))) = row.get(0) else {
                return None;
            };
            if user == crate::schema::ROOT_USER {
                continue;
            }
            match shared {
                // Every later user: `@` and the first one's domain end the name (in any case;
                // the domain holds no `@`, so it is the name's last). A byte comparison, since
                // a report's 100,000 names are read here.
                Some(d) => {
                    let name = user.as_bytes();
                    let at = name.len().checked_sub(d.len() + 1)?;
                    if name[at] != b'@' || !name[at + 1..].eq_ignore_ascii_case(d.as_bytes()) {
                        return None;
                    }
                }
                None => {
                    let (_, domain) = user.rsplit_once('@')?;
                    let label = domain.get(..domain.len().checked_sub(".onaliyun.com".len())?)?;
                    let fits = domain[label.len()..].eq_ignore_ascii_case(".onaliyun.com")
                        && !label.is_empty()
                        && domain.len() <= 64
                        && (label.bytes())
                            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
                    if !fits {
                        return None;
                    }
                    shared = Some(domain);
                }
            }
        }
        shared.map(str::to_ascii_lowercase)
    }

    /// One report is one account: the numeric domain of `name@<account id>.onaliyun.com` its users share.
    fn account_from_user_names(&mut self) -> Option<String> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for row in self.report.rows.iter() {
            if let Some(Cell::Text(Cow::Borrowed(user))) = row.get(0) {
                if let Some(id) = numeric_account_domain(user) {
                    *counts.entry(id).or_default() += 1;
                }
            }
        }
        match counts.len() {
            0 => None,
            1 => counts.into_keys().next().map(str::to_owned),
            _ => {
                let ids: Vec<String> = counts
                    .iter()
                    .map(|(id, n)| format!("{id} ({n} users)"))
                    .collect();
                let message = format!(
                    "user names name several accounts: {}; account_id is NULL — give the account ID explicitly, or load one file per account",
                    ids.join(", ")
                );
                self.report.warn(Warning {
                    source: self.report.source.clone(),
                    line: None,
                    column: Some("account_id".into()),
                    value: None,
                    message,
                });
                None
            }
        }
    }
}

/// An account ID a person gives reports that do not name theirs (the CLI's `--account-id`, the
/// page's box on a report's card), trimmed; `None` when blank. An account ID is a number (the
/// one in `alice@1234567890123456.onaliyun.com`); anything else is refused, the account's alias
/// above all, which is what a report that names no account shows of it.
pub fn given_account_id(text: &str) -> Result<Option<String>, LoadError> {
    match text.trim() {
        "" => Ok(None),
        a if a.len() <= 32 && a.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(a.to_owned())),
        a => Err(LoadError::BadOption {
            option: "account ID",
            value: a.chars().take(80).collect(),
            expected: EXPECTED_ACCOUNT_ID,
        }),
    }
}

/// What an account ID is, for a refusal of one.
pub(crate) const EXPECTED_ACCOUNT_ID: &str = "expected the account's ID, a number such as 1234567890123456 (the console shows it as Account ID; the account's alias, as in alice@corp.onaliyun.com, is not it)";

/// A page's user names by their hash (open addressing; each slot a row + 1, 0 empty): every
/// user of every load passes through it, so it holds no names, only numbers: four bytes a
/// slot, and each row's hash and where it starts. About 10 ms per 100,000 users natively (a map of the names themselves took 12), 4% of
/// their load; 0.3 ms for a real account's 3,500.
#[derive(Default)]
struct NameTable {
    slots: Vec<u32>,
    /// Each row's hash.
    rows: Vec<u64>,
    /// Where each row starts in its file (a byte offset), to name the first of a repeated
    /// user's rows.
    starts: Vec<u64>,
    /// Given up: names made to hash alike (a hostile report) would make each look-up walk
    /// the whole table, the load's time growing as the square of its users.
    off: bool,
}

/// How far a look-up walks before the table gives up. Names that are not made to collide
/// walk a few slots, the table being at most half full.
const NAME_PROBES: usize = 256;

impl NameTable {
    /// Add row `row`'s `name`, starting at byte `start` of its file: where an earlier row with
    /// that name starts, if one has it (`same` compares a row's with it).
    fn repeats(
        &mut self,
        name: &str,
        row: usize,
        start: u64,
        same: impl Fn(usize) -> bool,
    ) -> Option<u64> {
        if self.off || self.rows.len() != row {
            // Not every row of the page passed here: say nothing rather than something wrong.
            return None;
        }
        if (self.rows.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let h = name_hash(name.as_bytes());
        self.rows.push(h);
        self.starts.push(start);
        let mask = self.slots.len() - 1;
        let mut at = (h as usize) & mask;
        for _ in 0..NAME_PROBES {
            match self.slots[at] {
                0 => {
                    self.slots[at] = u32::try_from(row + 1).unwrap_or(0);
                    return None;
                }
                first => {
                    let first = first as usize - 1;
                    if self.rows.get(first) == Some(&h) && same(first) {
                        return self.starts.get(first).copied();
                    }
                    at = (at + 1) & mask;
                }
            }
        }
        self.off = true;
        None
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        self.slots = vec![0; size];
        for (row, &h) in self.rows.iter().enumerate() {
            let mut at = (h as usize) & (size - 1);
            let mut walked = 0;
            while self.slots[at] != 0 {
                at = (at + 1) & (size - 1);
                walked += 1;
                if walked == NAME_PROBES {
                    self.off = true;
                    return;
                }
            }
            self.slots[at] = u32::try_from(row + 1).unwrap_or(0);
        }
    }
}

/// A user name's hash for [`NameTable`]: fixed (the core reads no
/// randomness) and quick, eight bytes a step. Equal names hash alike; names that hash alike are
/// compared.
fn name_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let step = |h: u64, word: u64| (h.rotate_left(5) ^ word).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    let mut h = (chunks.by_ref()).fold(bytes.len() as u64, |h, c| {
        step(h, u64::from_le_bytes(c.try_into().unwrap_or_default()))
    });
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = step(h, u64::from_le_bytes(last));
    // The steps carry a name's bytes into the high bits; the table is indexed by the low ones
    // (without this, names of one length differing in their middle fell on a few dozen slots).
    h ^= h >> 32;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 29)
}

/// `alice@1234567890123456.onaliyun.com` → `1234567890123456`.
pub fn numeric_account_domain(user: &str) -> Option<&str> {
    let (_, domain) = user.rsplit_once('@')?;
    let label = domain.strip_suffix(".onaliyun.com")?;
    (!label.is_empty() && label.bytes().all(|b| b.is_ascii_digit())).then_some(label)
}

fn sanitize(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "x_");
    }
    s
}

fn header_warning(page: &Page<'_>, line: u64, field: &str, message: &str) -> Warning {
    Warning {
        source: page.source.clone(),
        line: Some(line),
        column: Some(quoted(field)),
        value: None,
        message: message.to_owned(),
    }
}

fn value_warning(source: &str, line: u64, column: &str, value: &str, message: String) -> Warning {
    Warning {
        source: source.to_owned(),
        line: Some(line),
        column: Some(column.to_owned()),
        value: Some(quoted(value)),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// A hostile report's user names, made to hash alike, would make each look-up for a user
    /// named twice walk every earlier one: the table gives up instead, and the load goes on
    /// in time that grows with its users, not their square. Names that are not made so are
    /// told apart, a repeat found.
    #[test]
    fn names_made_to_collide_turn_the_repeat_check_off() {
        let mut table = NameTable::default();
        let names = ["alice@x", "bob@x", "alice@x"];
        let found: Vec<Option<u64>> = (names.iter().enumerate())
            .map(|(i, n)| table.repeats(n, i, i as u64 + 2, |first| names[first] == *n))
            .collect();
        assert_eq!(found, [None, None, Some(2)]);
        // A real account's names, and past the largest report: never given up on.
        let names: Vec<String> = (0..100_000)
            .map(|i| format!("user{i:06}.{}@1234567890123456.onaliyun.com", i % 997))
            .chain(["user000042.42@1234567890123456.onaliyun.com".to_owned()])
            .collect();
        let mut table = NameTable::default();
        let found: Vec<u64> = (names.iter().enumerate())
            .filter_map(|(i, n)| table.repeats(n, i, i as u64 + 2, |first| names[first] == *n))
            .collect();
        assert_eq!(found, [42 + 2]);
        assert!(!table.off);
        // Names whose hashes fall on one slot of the first table (1,024 slots).
        let colliding: Vec<String> = (0u64..)
            .map(|i| format!("user{i}@x"))
            .filter(|n| name_hash(n.as_bytes()) & 1023 == 7)
            .take(NAME_PROBES + 10)
            .collect();
        let mut table = NameTable::default();
        for (i, n) in colliding.iter().enumerate() {
            assert_eq!(table.repeats(n, i, 0, |first| colliding[first] == *n), None);
        }
        assert!(table.off, "gave up after {NAME_PROBES} slots");
    }
}
