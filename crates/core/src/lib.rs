//! credreport's core: the Alibaba Cloud RAM credential report as the SQLite table
//! `alicloud_ram_credential_report`, with Steampipe's schema.
//!
//! Bytes in, values out: this crate does no I/O (no files, no network, no clock), so the CLI and
//! the browser app share it unchanged. See `ARCHITECTURE.md`.

pub mod canned;
pub mod checks;
pub mod cis;
#[cfg(feature = "sqlite")]
pub mod db;
pub mod dialect;
#[cfg(feature = "sqlite")]
pub mod diff;
pub mod error;
pub mod evidence;
pub mod exceptions;
pub mod findings;
pub mod functions;
pub mod input;
#[cfg(feature = "sqlite")]
pub mod judgement;
pub mod known;
pub mod md5;
pub mod number_format;
pub mod output;
pub mod overview;

pub mod protocol;
pub mod proxy;
pub mod regex;
pub mod report;
pub mod results;
pub mod rows;
pub mod sample;
pub mod schema;
pub mod to_char;
pub mod to_timestamp;
pub mod trend;
pub mod values;
pub mod wire;
pub mod words;

pub use canned::{canned, canned_sql, Canned, CANNED, CANNED_POSTGRES};
pub use checks::{
    check, root_treatment, AsOf, Check, Finding, Outcome, Status, Thresholds, Totals, CHECKS,
};
#[cfg(feature = "sqlite")]
pub use db::{Alone, Clock, Database, QueryOptions, Reads};
pub use dialect::{Dialect, DialectChoice, TranslatorAnswer};
#[cfg(feature = "sqlite")]
pub use diff::{compare, compare_loaded, Change, ChangeKind, Diff, DiffError};
pub use error::LoadError;
pub use error::QueryError;
pub use input::{Form, Input};
#[cfg(feature = "sqlite")]
pub use judgement::Judgement;
pub use report::{group_warnings, parse, LoadOptions, Report, Warning, WarningGroup};
pub use results::{
    account_given_words, account_name, account_said, alias_accounts, alike, alike_latest_note,
    alike_note, alike_told_apart_by_time, bytes_text, in_time_order, latest, left_out_note,
    loaded_amount, older, time_order, told_apart_by_time, AccountOfAlias, Cut, Duplicate,
    LoadSummary, QueryResult, ReportSummary, Value,
};
pub use schema::{Column, COLUMNS, MAX_VALUE_BYTES, TABLE};

// The unit tests also run in headless Chromium; SQLite's host functions come from the test build.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
#[cfg(all(test, target_arch = "wasm32"))]
use sqlite_wasm_rs as _;
