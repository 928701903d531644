//! What the page keeps beside its kept reports so that a later visit does not work out again
//! what it worked out before: each pair of consecutive reports' changes ([`KnownChanges`]), as
//! each dated report's trend point ([`crate::trend::KnownPoint`]). Each is kept under a key
//! that digests the build that made it and every report it was made from ([`reports_key`]):
//! one that another build made, or that was made from other reports, is never taken.

use serde::{Deserialize, Serialize};

use crate::results::ReportSummary;

/// The most changes a pair's [`KnownChanges`] holds: a pair with more is not given to the page
/// to keep, and is compared again on each visit. A week of a real account's changes is tens of
/// rows, and the page writes its list of kept reports again with each change to what it keeps.
pub const CHANGES_PER_PAIR: usize = 1_000;

/// The changes table's rows for one pair of consecutive reports of an account, with what they
/// were compared from: the page keeps those of its kept reports on the device and gives them
/// back with each kept load, so the changes table's first read on a later visit compares only
/// the pairs it does not know (24 weekly reports of 3,500 users took about 2 s to compare).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownChanges {
    /// [`changes_key`]: the build that compared them, and the reports of each side.
    pub key: String,
    /// The SHA-256 of each report of both sides ([`ReportSummary::sha256`]): kept while they
    /// all are.
    pub reports: Vec<String>,
    /// The pair's rows as JSON ([`KnownChanges::new`], [`KnownChanges::rows`]), each the
    /// changes table's columns in order ([`crate::schema::CHANGES_COLUMNS`]): the page keeps
    /// and hands it back as it is, without reading it.
    pub rows: String,
}

/// One row of the changes table, its columns in order.
pub type ChangeRow = Vec<Option<String>>;

impl KnownChanges {
    pub fn new(key: String, reports: Vec<String>, rows: &[ChangeRow]) -> Self {
        KnownChanges {
            key,
            reports,
            rows: serde_json::to_string(rows).unwrap_or_default(),
        }
    }

    /// The rows, unless their text is not rows of the changes table's columns (a list kept by
    /// a build whose key this one would never make, or damaged): those are never taken.
    pub fn rows(&self) -> Option<Vec<ChangeRow>> {
        let rows: Vec<ChangeRow> = serde_json::from_str(&self.rows).ok()?;
        let columns = crate::schema::CHANGES_COLUMNS.len();
        rows.iter().all(|row| row.len() == columns).then_some(rows)
    }
}

/// What one pair's changes depend on, as one digest: `build` (the page's worker names its
/// sources and dependencies), and the reports of each side in the order they were loaded, as
/// [`reports_key`] digests them.
pub fn changes_key(build: &str, old: &[&ReportSummary], new: &[&ReportSummary]) -> String {
    reports_key(&[build, "changes"], &[old, new])
}

/// A digest of `head` and each group of reports: of each report its SHA-256, its file, and the
/// account, time and logon domain the table holds for it (a time or account the user gave
/// included). The same reports loaded in another order make another key.
pub fn reports_key(head: &[&str], groups: &[&[&ReportSummary]]) -> String {
    let text = |v: &Option<String>| match v {
        Some(t) => format!("+{t}"),
        None => "-".into(),
    };
    let mut parts: Vec<String> = head.iter().map(|h| (*h).to_owned()).collect();
    for (i, reports) in groups.iter().enumerate() {
        // Between groups, a part no report field can be: [a] [b, c] is not [a, b] [c].
        if i > 0 {
            parts.push("|".into());
        }
        for r in *reports {
            parts.extend([
                r.sha256.clone(),
                r.source.clone(),
                text(&r.account_id),
                text(&r.generated_time),
                text(&r.logon_domain),
            ]);
        }
    }
    crate::report::sha256_hex(parts.iter().flat_map(|p| [p.as_bytes(), &[0u8][..]]))
}
