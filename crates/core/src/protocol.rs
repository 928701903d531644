//! What the page's main thread and its database worker say to each other: one serde type each
//! way, used by both ends (`credreport-web` asks, `credreport-engine` answers). A request
//! travels as JSON, a load's file bytes beside it in the order of its `names`; a reply travels
//! as bytes ([`crate::wire`]): a query's result in a compact binary form, anything else as JSON.

/// One load (every file of it together) larger than this is refused: before it is read where
/// the size is known first (files, a URL's Content-Length), as soon as a stream passes it
/// otherwise, and by the database whatever the page did. No real report comes near it (3,500
/// users is about 1 MB), and the tab must stay alive.
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::checks::Outcome;
use crate::evidence::CheckFormat;
use crate::findings::{FindingsPage, StatusFilter};
use crate::known::KnownChanges;
use crate::results::{LoadSummary, QueryResult, ReportSummary};
use crate::trend::KnownPoint;

/// How the checks are judged: the day threshold `days` (each check's default when `None`), "as
/// of" (one of [`crate::AsOf::CHOICES`]), now (`now_ms`, Unix milliseconds; today is its UTC
/// date) and the accepted exceptions (the TOML of [`crate::exceptions`]). The checks, a page of
/// their findings and their evidence are each asked for with the same judging, so each answers
/// about the same findings; the worker keeps the last checks' judgement (`Judgement`) for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judging {
    pub days: Option<i64>,
    pub as_of: String,
    pub now_ms: i64,
    pub exceptions: String,
}

impl Judging {
    /// The moment it judges as of, and now; or why it names none.
    pub fn moments(&self) -> Result<(crate::AsOf, DateTime<Utc>), String> {
        let now = moment(self.now_ms)?;
        let as_of = crate::AsOf::choose(&self.as_of, now).ok_or_else(|| {
            format!(
                "{:?} is not a choice of \"as of\"; expected one of {}",
                self.as_of,
                crate::AsOf::CHOICES.join(", ")
            )
        })?;
        Ok((as_of, now))
    }
}

/// The moment `now_ms` (Unix milliseconds) names, or why it names none.
pub fn moment(now_ms: i64) -> Result<DateTime<Utc>, String> {
    DateTime::from_timestamp_millis(now_ms)
        .ok_or_else(|| format!("{now_ms} is not a time in milliseconds"))
}

/// A request to the database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Request {
    /// Load these files, all or nothing; their bytes travel beside the request. `given`: what
    /// the user gave this load's reports that they do not say themselves (a kept load opened
    /// again), given to each again.
    Load {
        names: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        given: Vec<Given>,
        /// Pairs' changes compared on an earlier visit, kept by the page with this load's
        /// reports: the changes table takes each whose key is what a pair of the loaded reports
        /// would be, instead of comparing it again (`Database::know_changes`).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        known: Vec<KnownChanges>,
    },
    /// Give the reports that do not say when they were generated this time.
    GiveGeneratedTime {
        time: String,
        /// The report to give it to (its SHA-256); every such report when `None`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<String>,
    },
    /// Say which account a loaded report that names none is of
    /// ([`crate::Database::give_account_id`]): it, and every loaded report that names none and
    /// whose users log on at its domain, take `account_id`.
    GiveAccountId {
        account_id: String,
        /// The report (its SHA-256).
        to: String,
    },
    /// Forget every loaded report.
    Clear,
    /// Run one read-only query. `written`: the SQL is what the user wrote, so an error's
    /// position can point into it (not so for a translation). `only_latest`: run it only if it
    /// reads nothing but each account's latest report ([`crate::Reads::beyond_latest`]), whose
    /// answer the older reports still to load will not change; otherwise answer
    /// [`Reply::NeedsEveryReport`].
    Run {
        sql: String,
        written: bool,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        only_latest: bool,
    },
    /// Run every check and apply the exceptions: each check's tally comes back, its findings
    /// stay in the worker.
    Checks(Judging),
    /// One page of a check's findings, those `status` admits.
    Findings {
        judging: Judging,
        check: String,
        status: StatusFilter,
        page: usize,
    },
    /// The checks as evidence of every finding, for a file.
    Evidence {
        judging: Judging,
        format: CheckFormat,
    },
    /// Compare two loaded reports of one account, named by their bytes' SHA-256
    /// ([`ReportSummary::sha256`]); a report that does not say when it was generated is judged
    /// as of `now_ms`.
    Compare {
        old: String,
        new: String,
        now_ms: i64,
    },
    /// The trend over every loaded report ([`crate::trend`]), with the day threshold `days`.
    /// `known`: dated reports' points judged before (kept by the page with its kept reports),
    /// each taken where its key is what the loaded reports' would be, instead of judging them
    /// again.
    Trend {
        days: Option<i64>,
        now_ms: i64,
        #[serde(default)]
        known: Vec<KnownPoint>,
    },
    /// One user's rows in two loaded reports, named by their SHA-256, the old one's first
    /// ([`crate::Database::user_rows`]): answered as [`Reply::Ran`].
    UserRows {
        user: String,
        old: String,
        new: String,
    },
}

impl Request {
    /// Whether a successful answer changes what is loaded, so a restarted worker must be told
    /// again to be in the same state.
    pub fn changes_what_is_loaded(&self) -> bool {
        matches!(
            self,
            Request::Load { .. }
                | Request::GiveGeneratedTime { .. }
                | Request::GiveAccountId { .. }
                | Request::Clear
        )
    }
}

/// What the user gave one report that it does not say itself: when it was generated, which
/// account it is of. Kept with the report on the device and given again when it loads later;
/// a report that says it keeps its own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Given {
    /// The report's SHA-256 ([`ReportSummary::sha256`]); empty for every report of the load
    /// (a list kept before it named each report so).
    #[serde(default)]
    pub to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The report at its alias whose account it was given, where no person gave it
    /// ([`ReportSummary::account_from`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_from: Option<String>,
}

/// What is loaded after a request that may change it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Loaded {
    pub reports: Vec<ReportSummary>,
    /// Rows in the table (users, over every report).
    pub users: usize,
}

/// What one query returned, and how long it ran in the database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ran {
    pub result: QueryResult,
    pub millis: f64,
    /// The pairs' changes the query's read of the changes table compared: the page keeps those
    /// of its kept reports, to give back with their loads ([`Request::Load`]'s `known`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compared: Vec<KnownChanges>,
}

/// The database's answer to one [`Request`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reply {
    /// A load, a given time or a clear went through. `said`: what the load added and what it
    /// did not load again, in words; `summary`: the same as data (empty for the others), so
    /// loads answered one after another can be said together ([`LoadSummary::and`]).
    Loaded {
        loaded: Loaded,
        said: String,
        summary: LoadSummary,
    },
    /// A query's result, and how long it ran in the database.
    Ran(Ran),
    /// Every check's tally ([`Outcome::tally`]: no findings), and a warning for each exception
    /// that matched no finding in alarm.
    Checked {
        outcomes: Vec<Outcome>,
        stale: Vec<String>,
    },
    /// A page of one check's findings.
    Findings(FindingsPage),
    /// The evidence file's text.
    Evidence { text: String },
    /// What changed between two reports: one row per change (the columns of
    /// `credreport diff`), each kind that occurs with its count (new alarms first), and a
    /// sentence saying what was compared.
    Compared {
        changes: QueryResult,
        counts: Vec<(String, usize)>,
        said: String,
    },
    /// One row per loaded report, oldest first within each account ([`crate::trend`]), and
    /// each dated report's point with its key (taken from what was known, or judged now), for
    /// the page to keep and give back.
    Trended {
        trend: QueryResult,
        points: Vec<KnownPoint>,
    },
    /// A query asked to run over the latest reports alone reads more: it is not run.
    NeedsEveryReport,
    /// The request was refused or failed; nothing changed. The message is for the user.
    Failed { message: String },
}

/// Why a reply is not the answer that was asked for: the database refused or failed (its
/// message is for the user), or it answered something else, which the page cannot trust to
/// match what the database holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unanswered {
    #[error("{0}")]
    Failed(String),
    #[error("the database gave another answer than {0}; reload the page to be sure what it holds")]
    Other(&'static str),
}

impl Reply {
    /// This reply, which is not the one wanted (`wanted`, in words: "the findings"), as why
    /// there is no answer.
    pub fn unwanted(self, wanted: &'static str) -> Unanswered {
        match self {
            Reply::Failed { message } => Unanswered::Failed(message),
            _ => Unanswered::Other(wanted),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use crate::results::Value;

    #[test]
    fn a_result_reads_back_as_it_was_sent() {
        let sent = Reply::Ran(Ran {
            result: QueryResult {
                columns: vec!["a".into(), "b".into(), "c".into(), "d".into()],
                rows: vec![vec![
                    Value::Null,
                    Value::Integer(-7),
                    Value::Real(1.0),
                    Value::Text("1".into()),
                ]],
                truncated: Some(crate::Cut::Rows(1)),
            },
            millis: 2.5,
            compared: vec![],
        });
        let back: Reply = serde_json::from_str(&serde_json::to_string(&sent).unwrap()).unwrap();
        assert_eq!(back, sent);
    }

    #[test]
    fn a_check_reads_back_as_this_build_defines_it() {
        let check = &crate::CHECKS[0];
        let sent = Reply::Checked {
            outcomes: vec![Outcome {
                check,
                days: Some(90),
                findings: vec![],
                ok: 1,
                alarm: 0,
                skip: 0,
                excepted: 0,
            }],
            stale: vec!["an exception matched nothing".into()],
        };
        let back: Reply = serde_json::from_str(&serde_json::to_string(&sent).unwrap()).unwrap();
        assert_eq!(back, sent);
    }

    #[test]
    fn a_request_for_findings_reads_back_as_it_was_sent() {
        let sent = Request::Findings {
            judging: Judging {
                days: Some(30),
                as_of: "report".into(),
                now_ms: 1_700_000_000_000,
                exceptions: "[[exception]]\n".into(),
            },
            check: "cis-1.3-root-mfa".into(),
            status: StatusFilter::Alarm,
            page: 2,
        };
        let json = serde_json::to_string(&sent).unwrap();
        assert!(json.contains(r#""status":"alarm""#), "{json}");
        assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), sent);
    }

    #[test]
    fn a_refusal_in_place_of_an_answer_is_the_databases_own_message() {
        let why = Reply::Failed {
            message: "line 2: no such column: nme".into(),
        }
        .unwanted("a result");
        assert_eq!(why.to_string(), "line 2: no such column: nme");
    }

    #[test]
    fn another_answer_in_place_of_the_one_asked_says_which_was_asked_and_what_to_do() {
        let why = Reply::Evidence { text: "{}".into() }.unwanted("a clear");
        assert_eq!(
            why.to_string(),
            "the database gave another answer than a clear; reload the page to be sure what it holds"
        );
    }
}
