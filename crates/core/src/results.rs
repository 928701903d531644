//! What crosses from the database to whoever shows it: a query's result and its values, and
//! what a load added. Plain data with no SQLite inside, so the page's main module can hold,
//! show and export them while SQLite runs in its worker (`credreport-engine`).

use serde::{Deserialize, Serialize};

use crate::report::{Report, Warning};

/// A value of a query's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    /// Shown as lower-case hex.
    Blob(#[serde(serialize_with = "hex")] Vec<u8>),
}

fn hex<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::words::hex(b))
}

impl Value {
    /// The value as text, as a table cell shows it; `None` for NULL.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::Integer(i) => Some(i.to_string()),
            Value::Real(r) => Some(format_real(*r)),
            Value::Text(t) => Some(t.clone()),
            Value::Blob(b) => Some(format!("x'{}'", crate::words::hex(b))),
        }
    }
}

fn format_real(r: f64) -> String {
    if r.is_finite() && r == r.trunc() && r.abs() < 1e15 {
        format!("{r:.1}")
    } else {
        r.to_string()
    }
}

/// What a query returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    /// Set when a limit stopped the result before the query's last row.
    pub truncated: Option<Cut>,
}

/// Why a result stops before the query's last row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cut {
    /// At `QueryOptions::max_rows`.
    Rows(usize),
    /// At `QueryOptions::max_bytes`.
    Bytes(usize),
}

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cut::Rows(n) => write!(f, "cut at the limit of {n} rows"),
            Cut::Bytes(n) => write!(f, "cut at the limit of {} of values", bytes_text(*n)),
        }
    }
}

/// A byte count as people read it: `512 KB`, `64 MB`, `1 GB` (powers of 1,024).
pub fn bytes_text(n: usize) -> String {
    const K: usize = 1024;
    match n {
        n if n >= K * K * K && n % (K * K * K) == 0 => format!("{} GB", n / (K * K * K)),
        n if n >= K * K => format!("{} MB", n.div_ceil(K * K)),
        n if n >= K => format!("{} KB", n.div_ceil(K)),
        n => format!("{n} bytes"),
    }
}

/// What one load added, and what it did not add because it was loaded already.
#[derive(Debug, Clone, Serialize)]
pub struct LoadSummary {
    pub reports: Vec<ReportSummary>,
    pub duplicates: Vec<Duplicate>,
}

/// A report not loaded because the same report is loaded already: its rows would count every
/// user twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{source_name} is {what} as {of}, loaded already: not loaded again (it would count every user twice)")]
pub struct Duplicate {
    /// The input the second copy came from.
    pub source_name: String,
    /// The loaded report it repeats.
    pub of: String,
    /// How it was recognised.
    pub what: &'static str,
}

impl LoadSummary {
    pub fn warnings(&self) -> impl Iterator<Item = &Warning> {
        self.reports.iter().flat_map(|r| r.warnings.iter())
    }
    pub fn rows(&self) -> usize {
        self.reports.iter().map(|r| r.rows).sum()
    }
}

/// One loaded report, as the app and the CLI describe it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSummary {
    pub source: String,
    pub form: crate::input::Form,
    pub pages: usize,
    pub rows: usize,
    pub account_id: Option<String>,
    pub generated_time: Option<String>,
    pub extra_columns: Vec<String>,
    pub warnings: Vec<Warning>,
    pub warnings_dropped: usize,
    /// SHA-256 (hex) of what it was read from: the file itself when it came from one.
    pub sha256: String,
}

impl ReportSummary {
    /// How `self` repeats `loaded`, if it does: the same bytes, the same account's report
    /// generated at the same time, or the built-in sample again (its times follow the clock, so
    /// its bytes differ from one load to the next).
    ///
    /// `stated_times`: the generation times are the reports' own, not one the user gave them
    /// all (then every report has it, and it tells none apart).
    pub fn repeats(&self, loaded: &ReportSummary, stated_times: bool) -> Option<&'static str> {
        let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
        if self.sha256 == loaded.sha256
            && self.rows == loaded.rows
            && self.generated_time == loaded.generated_time
        {
            Some("the same bytes")
        } else if stated_times
            && same(&self.account_id, &loaded.account_id)
            && same(&self.generated_time, &loaded.generated_time)
        {
            Some("the same account's report, generated at the same time,")
        } else if self.source == crate::sample::SAMPLE_SOURCE
            && loaded.source == crate::sample::SAMPLE_SOURCE
            && same(&self.account_id, &loaded.account_id)
        {
            Some("the sample report")
        } else {
            None
        }
    }
}

impl From<&Report> for ReportSummary {
    fn from(r: &Report) -> Self {
        ReportSummary {
            source: r.source.clone(),
            form: r.form,
            pages: r.pages,
            rows: r.rows.len(),
            account_id: r.account_id.clone(),
            generated_time: r.generated_time.clone(),
            extra_columns: r.extra_columns.clone(),
            warnings: r.warnings.clone(),
            warnings_dropped: r.warnings_dropped,
            sha256: r.sha256.clone(),
        }
    }
}
