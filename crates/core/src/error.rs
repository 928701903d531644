//! Errors a user can act on: what was expected, where, and what to do.

use thiserror::Error;

/// Why an input was refused. A refused load changes nothing already loaded.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum LoadError {
    #[error("{source_name}: the file is empty; expected a credential report (CSV from the RAM console, or the JSON of GetCredentialReport)")]
    Empty { source_name: String },

    #[error("{source_name}: this is {what}, not a credential report; {hint}")]
    Binary {
        source_name: String,
        what: &'static str,
        hint: &'static str,
    },

    #[error("{source_name}: not UTF-8 text (invalid byte at offset {offset}); a credential report is UTF-8 CSV — save it again as UTF-8")]
    NotUtf8 { source_name: String, offset: usize },

    #[error("{source_name}: this is an error answer from Alibaba Cloud, not a report: {code}: {message}{}{}", request_id.as_deref().map(|r| format!(" (RequestId {r})")).unwrap_or_default(), hint_for(code))]
    ApiError {
        source_name: String,
        code: String,
        message: String,
        request_id: Option<String>,
    },

    #[error("{source_name}: invalid JSON at line {line}, column {column}: {message}; expected the JSON that GetCredentialReport returns")]
    Json {
        source_name: String,
        line: usize,
        column: usize,
        message: String,
    },

    #[error("{source_name}: {message}; expected the JSON of GetCredentialReport (an object with \"Content\", or an array of such pages)")]
    JsonShape {
        source_name: String,
        message: String,
    },

    #[error("{source_name}: the report content is not valid base64 ({message})")]
    Base64 {
        source_name: String,
        message: String,
    },

    #[error("{source_name}: line 1 has no `user` column (found: {found}); expected the credential report header `user,user_creation_time,user_last_logon,…`")]
    NoUserColumn { source_name: String, found: String },

    #[error(
        "{source_name}: the report has a header but no users; expected at least the <root> row"
    )]
    HeaderOnly { source_name: String },

    #[error("{source_name}: line {line} is a header again, so the file holds more than one report (files joined into one?); load each report as a file of its own (several can be loaded together), so that each is judged as of its own time and no user counts twice")]
    HeaderAgain { source_name: String, line: u64 },

    #[error("{source_name}: not one of its times reads as the credential report writes them (line {line}, column {column}: {value:?}; expected such as 2019-11-11T12:33:18Z); a spreadsheet may have rewritten them, and a logon it cannot read would be judged as none: load the report as the RAM console downloads it (Credential report → Download), or as `credreport fetch` writes it")]
    TimesUnreadable {
        source_name: String,
        line: u64,
        column: String,
        value: String,
    },

    #[error("{source_name}: this page says more pages of the report follow (IsTruncated is true), and none was given after it; their users would be missing from every query and check: give every page, in order, in one load (`credreport fetch` reads them all)")]
    PagesMissing { source_name: String },

    #[error("{source_name}: unreadable CSV at line {line}: {message}")]
    Csv {
        source_name: String,
        line: u64,
        message: String,
    },

    #[error("{source_name}: its columns are separated by {separator}, not commas: a spreadsheet saved it so, and may have rewritten its times and values too; load the report as the RAM console downloads it (Credential report → Download), or as `credreport fetch` writes it")]
    NotCommaSeparated {
        source_name: String,
        separator: &'static str,
    },

    #[error("{source_name}: not a credential report (it starts with {found:?}); expected CSV with a `user` column, the JSON of GetCredentialReport, or its base64 Content")]
    NotAReport { source_name: String, found: String },

    #[error("invalid {option}: {value:?}; {expected}")]
    BadOption {
        option: &'static str,
        value: String,
        expected: &'static str,
    },

    #[error("{source_name}: the report holds more than 4 GiB of text, more than one load can take; split it into several files, each with the header line, and load those")]
    TooLarge { source_name: String },

    #[error("{source_name}: the header has {new} columns a credential report does not have{}, more than the {limit} the table keeps beside the report's own; this looks like another kind of CSV: load the credential report itself (RAM console → Credential report → Download), or remove the added columns", if *before > 0 { format!(" (besides the {before} the reports loaded before added)") } else { String::new() })]
    TooManyColumns {
        source_name: String,
        new: usize,
        before: usize,
        limit: usize,
    },

    #[error("{source_name}: line {line}, column {column}: a value of {}, longer than the {} one value may hold; a credential report's values are short (a name, a time), so this is not one: load the credential report itself", crate::bytes_text(*bytes), crate::bytes_text(crate::MAX_VALUE_BYTES))]
    ValueTooLong {
        source_name: String,
        line: u64,
        column: String,
        bytes: usize,
    },

    #[error("no report given; expected at least one input")]
    NoInput,

    #[error("that report is not loaded any more; load it again")]
    NotLoaded,

    #[error("{source_name}: its users log on at {domain}, which {other} says is account {account}'s; an alias is one account's, so give {account} (or check which account {source_name} was downloaded from)")]
    AliasOfAnother {
        source_name: String,
        domain: String,
        other: String,
        account: String,
    },

    #[error("loading into SQLite failed: {0}")]
    Sqlite(String),
}

fn hint_for(code: &str) -> &'static str {
    match code {
        "Expired.CredentialReport" => {
            " — the report has expired: generate a new one (RAM console → Credential report → Generate, or `credreport fetch`)"
        }
        c if c.starts_with("NoPermission") || c.starts_with("Forbidden") => {
            " — the caller lacks permission: grant it ims:GenerateCredentialReport and ims:GetCredentialReport"
        }
        _ => "",
    }
}

/// Why a query did not run to the end.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum QueryError {
    #[error("queries are read-only: this statement would {action}; the loaded report cannot be changed (use SELECT, WITH or a read-only PRAGMA)")]
    WriteRefused { action: String },

    #[error("the query ran longer than its {limit_ms} ms limit and was stopped; narrow it (WHERE, LIMIT) or check a recursive CTE for a missing end condition")]
    Timeout { limit_ms: u64 },

    #[error("only one statement can run at a time; remove everything after the first `;` (found: {rest:?})")]
    MultipleStatements { rest: String },

    #[error("the query is empty; type a SELECT statement")]
    Empty,

    #[error("a value in this query grew past {limit}, the most one value may hold here; a credential report's values are short, so check for zeroblob(), printf() widths or group_concat() over many rows")]
    TooBig { limit: String },

    #[error("the query needed more than the {limit} of memory SQLite may use here and was stopped; narrow it (WHERE, LIMIT) or avoid joining the table with itself")]
    OutOfMemory { limit: String },

    #[error("the query reads {table}, and the changes between the loaded reports could not be worked out ({cause}); it was not run. Load fewer reports of each account, or query {report_table} instead")]
    ChangesUnavailable {
        table: &'static str,
        report_table: &'static str,
        cause: String,
    },

    #[error("{message}")]
    Sql {
        message: String,
        /// Byte offset in the SQL where SQLite located the error, when it says.
        offset: Option<usize>,
    },
}

impl QueryError {
    /// Where in `sql` SQLite located the error, as line and column (1-based, columns counted in
    /// characters), when it says.
    pub fn position(&self, sql: &str) -> Option<(usize, usize)> {
        match self {
            QueryError::Sql {
                offset: Some(o), ..
            } => Some(line_column(sql, *o)),
            _ => None,
        }
    }

    /// The message, and where in `sql` the error is when SQLite says: what the CLI prints and
    /// the page shows. Pass the SQL the user wrote; a position in a translation is not one in it,
    /// so for a translated query pass `None`.
    pub fn describe(&self, sql: Option<&str>) -> String {
        match sql.and_then(|s| self.position(s)) {
            Some((line, column)) => format!("{self} (at line {line}, column {column})"),
            None => self.to_string(),
        }
    }
}

/// Line and column (1-based) of a byte offset in `sql`; an offset inside a character or past the
/// end counts from the character it falls in, or the end.
pub fn line_column(sql: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(sql.len());
    while !sql.is_char_boundary(end) {
        end -= 1;
    }
    let before = &sql[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod query_error_tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn an_error_says_its_line_and_column_in_characters() {
        let sql = "select\n  é, nope\nfrom t";
        let e = QueryError::Sql {
            message: "no such column: nope".into(),
            offset: Some(sql.find("nope").unwrap()),
        };
        assert_eq!(e.position(sql), Some((2, 6)));
        assert_eq!(
            e.describe(Some(sql)),
            "no such column: nope (at line 2, column 6)"
        );
        assert_eq!(e.describe(None), "no such column: nope");
        // Inside a character, or past the end: never a panic.
        assert_eq!(line_column("é", 1), (1, 1));
        assert_eq!(line_column("ab", 99), (1, 3));
        assert_eq!(QueryError::Empty.position(sql), None);
    }
}
