//! The trend over many reports of an account: per report, the users, the console users without
//! MFA, the active access keys older than the threshold, and the alarms of each check — each
//! judged as of the report's own generation time. The CLI's `credreport trend` and the page's
//! trend table are these rows.

use serde::{Deserialize, Serialize};

use crate::checks::CHECKS;
#[cfg(feature = "sqlite")]
use crate::checks::{AsOf, Thresholds};
#[cfg(feature = "sqlite")]
use crate::db::{Database, QueryOptions};
#[cfg(feature = "sqlite")]
use crate::error::QueryError;
#[cfg(feature = "sqlite")]
use crate::overview::TOTALS_SQL;
use crate::results::{QueryResult, ReportSummary, Value};

/// The threshold the key-age column uses when none is given: the checks' default.
pub const DEFAULT_DAYS: i64 = 90;

/// One report's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    pub account_id: Option<String>,
    /// The domain the report's users log on at, which names an account the report does not
    /// ([`ReportSummary::logon_domain`]): each such account's points stay together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logon_domain: Option<String>,
    pub generated_time: Option<String>,
    /// What the report was read from (its file's name): what tells apart reports that do not
    /// say when they were generated.
    pub source: String,
    pub users: i64,
    pub console_without_mfa: i64,
    /// Active access keys (any slot) last rotated `days` or more before the report was
    /// generated.
    pub old_active_keys: i64,
    /// Each check's alarms, in [`CHECKS`] order.
    pub alarms: Vec<usize>,
}

/// A dated report's point, with what it was judged from, so a later judging of the same
/// reports can take it instead: the page keeps the points of its kept reports on the device
/// and gives them back with each trend it asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownPoint {
    /// [`key`]: the build that judged it, the threshold, and the reports judged.
    pub key: String,
    /// The threshold it was judged with.
    pub days: Option<i64>,
    /// The SHA-256 of each report it was judged from ([`ReportSummary::sha256`]): kept while
    /// they all are.
    pub reports: Vec<String>,
    /// The [`Point`] as JSON ([`KnownPoint::new`], [`KnownPoint::point`]): the page keeps
    /// and hands it back as it is, without reading it.
    pub point: String,
}

impl KnownPoint {
    pub fn new(key: String, days: Option<i64>, reports: Vec<String>, point: &Point) -> Self {
        KnownPoint {
            key,
            days,
            reports,
            point: serde_json::to_string(point).unwrap_or_default(),
        }
    }

    /// The point, unless its text is not one this build reads.
    pub fn point(&self) -> Option<Point> {
        serde_json::from_str(&self.point).ok()
    }
}

/// What a dated point depends on, as one digest: `build` (what judged it: the page's worker
/// names its sources and dependencies), the threshold, and each of `reports` (the reports of
/// the point's account and time, in the order they were loaded) as
/// [`crate::known::reports_key`] digests them. The same reports loaded in another order are
/// judged again: a kept history loads in the same order each time.
pub fn key(build: &str, days: Option<i64>, reports: &[&ReportSummary]) -> String {
    let days = days.map(|d| d.to_string()).unwrap_or_default();
    crate::known::reports_key(&[build, &days], &[reports])
}

/// Active keys (any slot) last rotated `days` or more before `as_of`.
#[cfg(feature = "sqlite")]
fn old_keys_sql(days: i64, as_of: &AsOf) -> String {
    let slots = crate::schema::KEY_SLOTS
        .iter()
        .map(|s| {
            format!(
                "select generated_time as g, {s}_last_rotated as r from alicloud_ram_credential_report where {s}_active = 1"
            )
        })
        .collect::<Vec<_>>()
        .join(" union all ");
    format!(
        "select count(*) from ({slots}) where r is not null and julianday({}) - julianday(r) >= {days}",
        as_of.sql_moment("g")
    )
}

/// The figures of `db`, which holds one report (all its pages). A report that does not say
/// when it was generated is judged as of `now`.
#[cfg(feature = "sqlite")]
pub fn point(
    db: &mut Database,
    days: Option<i64>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Point, QueryError> {
    // Each report judged as of its own generation time (now where it does not say).
    let (thresholds, as_of) = (Thresholds::every(days), AsOf::EachReport { otherwise: now });
    // Users and console users without MFA counted as the overview counts them.
    let totals = db.query(TOTALS_SQL, &QueryOptions::default())?;
    let keys = db.query(
        &old_keys_sql(days.unwrap_or(DEFAULT_DAYS), &as_of),
        &QueryOptions::default(),
    )?;
    let number = |result: &QueryResult, i: usize| match result.rows.first().and_then(|r| r.get(i)) {
        Some(Value::Integer(n)) => *n,
        _ => 0,
    };
    let alarms = CHECKS
        .iter()
        .map(|check| db.count_alarms(check, &thresholds, as_of))
        .collect::<Result<_, QueryError>>()?;
    let report = db.reports().first();
    Ok(Point {
        account_id: report.and_then(|r| r.account_id.clone()),
        logon_domain: report.and_then(|r| r.logon_domain.clone()),
        generated_time: report.and_then(|r| r.generated_time.clone()),
        source: report.map(|r| r.source.clone()).unwrap_or_default(),
        users: number(&totals, 0),
        console_without_mfa: number(&totals, 2),
        old_active_keys: number(&keys, 0),
        alarms,
    })
}

/// What a trend says of the reports it judges as of now, since they do not say when they were
/// generated (a console CSV never does): `None` when every report says.
pub fn undated_note(reports: &[ReportSummary]) -> Option<String> {
    let undated: Vec<&str> = (reports.iter())
        .filter(|r| r.generated_time.is_none())
        .map(|r| r.source.as_str())
        .collect();
    let (names, verb, each) = match undated[..] {
        [] => return None,
        [one] => (one.to_owned(), "does", "it is"),
        _ => (crate::words::listed(&undated), "do", "each is"),
    };
    Some(format!(
        "{names} {verb} not say when {} generated: {each} judged as of now and listed after its account's dated reports, in the order given",
        if undated.len() == 1 { "it was" } else { "they were" }
    ))
}

/// The points as one table, oldest first within each account, so every shell prints it with
/// its writers for query results. A report that does not say when it was generated is judged
/// as of now, so it comes after its account's dated ones (in the order given).
pub fn to_result(points: &[Point], days: Option<i64>) -> QueryResult {
    let days = days.unwrap_or(DEFAULT_DAYS);
    let mut sorted: Vec<&Point> = points.iter().collect();
    sorted.sort_by(|a, b| {
        let key = |p: &Point| {
            (
                p.account_id.clone(),
                p.account_id.is_none().then(|| p.logon_domain.clone()),
                p.generated_time.is_none(),
                p.generated_time.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    let mut columns: Vec<String> = [
        "account_id",
        "generated_time",
        "report",
        "users",
        "console_without_mfa",
    ]
    .map(str::to_owned)
    .to_vec();
    columns.push(format!("active_keys_over_{days}_days"));
    columns.push("alarms".into());
    columns.extend(CHECKS.iter().map(|c| c.id.to_owned()));
    let text = |v: &Option<String>| v.clone().map_or(Value::Null, Value::Text);
    let rows = sorted
        .iter()
        .map(|p| {
            let mut row = vec![
                text(&p.account_id),
                text(&p.generated_time),
                Value::Text(p.source.clone()),
                Value::Integer(p.users),
                Value::Integer(p.console_without_mfa),
                Value::Integer(p.old_active_keys),
                Value::Integer(p.alarms.iter().map(|n| *n as i64).sum()),
            ];
            row.extend(p.alarms.iter().map(|n| Value::Integer(*n as i64)));
            row
        })
        .collect();
    QueryResult {
        columns,
        rows,
        truncated: None,
    }
}

#[cfg(all(test, feature = "sqlite"))]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use crate::{Input, LoadOptions};

    fn report(csv: &str, generated: &str) -> Database {
        let mut db = Database::new().unwrap();
        db.load(
            &[Input::new("r.csv", csv.as_bytes())],
            &LoadOptions {
                account_id: None,
                generated_time: Some(generated.into()),
            },
        )
        .unwrap();
        db
    }

    #[test]
    fn each_report_is_judged_as_of_its_own_generation_time() {
        let now: chrono::DateTime<chrono::Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
        let csv = crate::sample::sample_csv(now);
        let at_sample = point(&mut report(&csv, "2026-06-01 00:00:00"), None, now).unwrap();
        // The same users a year earlier: keys rotated since then are not old yet (nor negative).
        let a_year_on = point(&mut report(&csv, "2027-06-01 00:00:00"), None, now).unwrap();
        assert_eq!(at_sample.users, 10);
        assert_eq!(
            at_sample.generated_time.as_deref(),
            Some("2026-06-01 00:00:00")
        );
        assert!(a_year_on.old_active_keys > at_sample.old_active_keys);
        assert_eq!(at_sample.alarms.len(), CHECKS.len());
        let table = to_result(&[a_year_on.clone(), at_sample.clone()], None);
        assert_eq!(table.columns[2], "report");
        assert_eq!(table.rows[0][2], Value::Text("r.csv".into()));
        assert_eq!(table.columns[5], "active_keys_over_90_days");
        assert_eq!(table.columns.len(), 7 + CHECKS.len());
        // Oldest first, whichever order the points came in.
        assert_eq!(table.rows[0][1], Value::Text("2026-06-01 00:00:00".into()));
        let total: i64 = at_sample.alarms.iter().map(|n| *n as i64).sum();
        assert_eq!(table.rows[0][6], Value::Integer(total));
    }

    /// A point kept on the device reads back as written, and its key is the same for the same
    /// reports and changes with whatever it was judged from.
    #[test]
    fn a_point_reads_back_as_written_and_its_key_names_what_it_was_judged_from() {
        let now: chrono::DateTime<chrono::Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
        let mut db = report(&crate::sample::sample_csv(now), "2026-06-01 00:00:00");
        let judged = point(&mut db, Some(30), now).unwrap();
        let text = serde_json::to_string(&judged).unwrap();
        assert_eq!(serde_json::from_str::<Point>(&text).unwrap(), judged);

        let r = db.reports()[0].clone();
        let page_two = ReportSummary {
            sha256: "b".repeat(64),
            source: "r-2.csv".into(),
            ..r.clone()
        };
        let base = key("build", Some(30), &[&r, &page_two]);
        assert_eq!(
            key("build", Some(30), &[&r.clone(), &page_two.clone()]),
            base
        );
        let changed = [
            // Loaded in another order: judged again (a kept history loads in one order).
            key("build", Some(30), &[&page_two, &r]),
            key("another build", Some(30), &[&r, &page_two]),
            key("build", None, &[&r, &page_two]),
            key("build", Some(30), &[&r]),
            key(
                "build",
                Some(30),
                &[
                    &ReportSummary {
                        generated_time: Some("2026-06-02 00:00:00".into()),
                        ..r.clone()
                    },
                    &page_two,
                ],
            ),
            key(
                "build",
                Some(30),
                &[
                    &ReportSummary {
                        source: "renamed.csv".into(),
                        ..r.clone()
                    },
                    &page_two,
                ],
            ),
        ];
        for k in &changed {
            assert_ne!(*k, base);
        }
    }

    /// Regression: an undated report, judged as of now, was listed first, as the oldest.
    #[test]
    fn an_undated_report_comes_after_its_accounts_dated_ones() {
        let now: chrono::DateTime<chrono::Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
        let dated = |t: &str| Point {
            generated_time: Some(t.into()),
            ..point(&mut report(&crate::sample::sample_csv(now), t), None, now).unwrap()
        };
        let undated = Point {
            generated_time: None,
            users: 7,
            ..dated("2026-01-01 00:00:00")
        };
        let table = to_result(
            &[
                dated("2026-05-01 00:00:00"),
                undated,
                dated("2026-04-01 00:00:00"),
            ],
            None,
        );
        let times: Vec<&Value> = table.rows.iter().map(|r| &r[1]).collect();
        assert_eq!(
            times,
            [
                &Value::Text("2026-04-01 00:00:00".into()),
                &Value::Text("2026-05-01 00:00:00".into()),
                &Value::Null
            ]
        );
        assert_eq!(table.rows[2][3], Value::Integer(7));
    }

    /// Console CSVs of two accounts with aliases name neither account: each account's points
    /// stay together, in time order, not interleaved as one unknown account's.
    #[test]
    fn two_accounts_named_by_their_alias_alone_are_two_series() {
        let now: chrono::DateTime<chrono::Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
        let at = |domain: &str, t: &str, users: i64| Point {
            account_id: None,
            logon_domain: Some(domain.into()),
            generated_time: Some(t.into()),
            users,
            ..point(&mut report(&crate::sample::sample_csv(now), t), None, now).unwrap()
        };
        let table = to_result(
            &[
                at("b.onaliyun.com", "2026-04-01 00:00:00", 1),
                at("a.onaliyun.com", "2026-05-01 00:00:00", 2),
                at("b.onaliyun.com", "2026-05-01 00:00:00", 3),
                at("a.onaliyun.com", "2026-04-01 00:00:00", 4),
            ],
            None,
        );
        let users: Vec<&Value> = table.rows.iter().map(|r| &r[3]).collect();
        assert_eq!(
            users,
            [4, 2, 1, 3].map(Value::Integer).iter().collect::<Vec<_>>()
        );
    }
}
