//! The Compare view's decisions: which two reports to compare first, how a report is named in
//! the choice, which changes the table shows and in what order.

use credreport_core::{QueryResult, ReportSummary, Value};

use super::checks::still_now;
use super::grid::{in_sort_order, Sort};

/// What the database answered for the pair chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    pub changes: QueryResult,
    pub counts: Vec<(String, usize)>,
    pub said: String,
}

/// The comparison the Compare view last showed, kept to be shown again when the view opens
/// again ([`LastCompared::answers`]): comparing two reports of 3,500 users takes about 0.3 s.
#[derive(Debug, Clone, PartialEq)]
pub struct LastCompared {
    /// What was loaded, as it was then (with what was given to each report).
    pub reports: Vec<ReportSummary>,
    /// `(old, new)` by SHA-256.
    pub pair: (String, String),
    /// The moment a report that does not say when it was generated was judged as of.
    pub now_ms: i64,
    pub compared: Compared,
}

impl LastCompared {
    /// Whether it is `pair`'s comparison over `reports` at `now_ms`: over the same reports and
    /// pair, and as of each report's own generation time, or, where one does not say it (judged
    /// as of now), while its moment is still now ([`still_now`], as the Checks view's).
    pub fn answers(&self, reports: &[ReportSummary], pair: &(String, String), now_ms: i64) -> bool {
        let dated =
            |sha: &str| (reports.iter()).any(|r| r.sha256 == sha && r.generated_time.is_some());
        self.reports == reports
            && self.pair == *pair
            && ((dated(&pair.0) && dated(&pair.1)) || still_now(self.now_ms, now_ms))
    }
}

/// The pair to compare first: the latest two reports (by generation time) of the account with
/// the most recent pair; `(old, new)` by SHA-256. `None` when no account has two. A report that
/// does not say when it was generated counts as generated now, as the checks judge it: after
/// every dated one (it sorted first, so this month's console CSV was compared as the older).
/// Of reports that cannot be told older, the one loaded later counts as the newer.
pub fn default_pair(reports: &[ReportSummary]) -> Option<(String, String)> {
    let when = ReportSummary::generated_order;
    let mut best: Option<(&ReportSummary, &ReportSummary)> = None;
    for newest in reports {
        let older = reports
            .iter()
            .filter(|r| r.same_account(newest) && r.sha256 != newest.sha256)
            .filter(|r| when(r) <= when(newest))
            .max_by_key(|r| when(r));
        if let Some(older) = older {
            if best.is_none_or(|(_, n)| when(newest) >= when(n)) {
                best = Some((older, newest));
            }
        }
    }
    best.map(|(o, n)| (o.sha256.clone(), n.sha256.clone()))
}

/// `pair` (old, new, by SHA-256) the older first, as what the reports now say orders them (a
/// time given since; an undated report counts as now, the newer): the choices then show the
/// comparison as made.
pub fn in_order(reports: &[ReportSummary], pair: (String, String)) -> (String, String) {
    let when = |sha: &str| {
        reports
            .iter()
            .find(|r| r.sha256 == sha)
            .map(ReportSummary::generated_order)
    };
    match (when(&pair.0), when(&pair.1)) {
        (Some(old), Some(new)) if old > new => (pair.1, pair.0),
        _ => pair,
    }
}

/// What a person can give the pair's reports that changes their comparison (each one's account
/// and generation time): asked again when it changes, and not when another report loads.
pub fn pair_given(
    reports: &[ReportSummary],
    pair: &(String, String),
) -> Vec<(Option<String>, Option<String>)> {
    [&pair.0, &pair.1]
        .into_iter()
        .filter_map(|sha| reports.iter().find(|r| &r.sha256 == sha))
        .map(|r| (r.account_id.clone(), r.generated_time.clone()))
        .collect()
}

/// The pair a link names by generation times (old, new), when both are loaded: by SHA-256,
/// the new one of the old one's account.
pub fn pair_at(reports: &[ReportSummary], times: &(String, String)) -> Option<(String, String)> {
    let old = reports
        .iter()
        .find(|r| r.generated_time.as_ref() == Some(&times.0))?;
    let new = reports
        .iter()
        .find(|r| r.generated_time.as_ref() == Some(&times.1) && r.same_account(old))?;
    Some((old.sha256.clone(), new.sha256.clone()))
}

/// The generation times of a pair (by SHA-256), for a link: both must be known.
pub fn times_of(reports: &[ReportSummary], pair: &(String, String)) -> Option<(String, String)> {
    let time = |sha: &str| {
        reports
            .iter()
            .find(|r| r.sha256 == sha)
            .and_then(|r| r.generated_time.clone())
    };
    Some((time(&pair.0)?, time(&pair.1)?))
}

/// How a report reads in the choice: what tells it from the others first, so a choice cut short
/// on a phone still shows it ("2024-05-01 09:10:11 UTC · march.csv · account 1234567890123456";
/// "april.csv (time unknown) · account …", as the trend's bars name an undated report).
pub fn label(r: &ReportSummary) -> String {
    let when = match r.generated_time.as_deref() {
        Some(time) => format!("{time} UTC · {}", r.source),
        None => super::trend::undated(&r.source),
    };
    format!("{when} · {}", r.account_said())
}

/// One user's two rows side by side: a row per column, its value in the old and the new
/// report (empty when the user is not in that report), and whether it changed.
pub fn side_by_side(rows: &QueryResult, old_time: Option<&str>) -> QueryResult {
    let at = |name: &str| rows.columns.iter().position(|c| c == name);
    let time = at("generated_time");
    let side = |old: bool| {
        rows.rows.iter().find(|r| {
            let t = time.and_then(|i| r[i].as_text());
            (t.as_deref() == old_time) == old
        })
    };
    let (before, after) = (side(true), side(false));
    let value = |r: Option<&Vec<Value>>, i: usize| r.map_or(Value::Null, |r| r[i].clone());
    QueryResult {
        columns: ["column", "old", "new", "changed"]
            .map(str::to_owned)
            .to_vec(),
        rows: rows
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let (b, a) = (value(before, i), value(after, i));
                let changed = if b != a { "yes" } else { "" };
                vec![Value::Text(c.clone()), b, a, Value::Text(changed.into())]
            })
            .collect(),
        truncated: None,
    }
}

/// The rows of `changes` the table shows: those of `kind` (every row when `None`), in `sort`
/// order.
pub fn shown_changes(changes: &QueryResult, kind: Option<&str>, sort: Option<Sort>) -> Vec<usize> {
    let of_kind = (0..changes.rows.len())
        .filter(|&i| match (kind, changes.rows[i].first()) {
            (None, _) => true,
            (Some(k), Some(Value::Text(c))) => c == k,
            _ => false,
        })
        .collect();
    in_sort_order(changes, of_kind, sort)
}

/// How many of the changed users the box offers at once.
pub const OFFERED: usize = 50;

/// The changed users the box offers for what is typed: those whose name holds it (any case),
/// in order, at most [`OFFERED`].
pub fn offered<'a>(users: &'a [String], typed: &str) -> Vec<&'a str> {
    let typed = typed.trim().to_lowercase();
    users
        .iter()
        .filter(|u| typed.is_empty() || u.to_lowercase().contains(&typed))
        .take(OFFERED)
        .map(String::as_str)
        .collect()
}

/// The distinct users a table of changes names (its `user_name` column), in order.
pub fn changed_users(changes: &QueryResult) -> Vec<String> {
    let Some(at) = changes.columns.iter().position(|c| c == "user_name") else {
        return Vec::new();
    };
    let mut users: Vec<String> = changes
        .rows
        .iter()
        .filter_map(|r| match &r[at] {
            Value::Text(u) => Some(u.clone()),
            _ => None,
        })
        .collect();
    users.sort();
    users.dedup();
    users
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_comparison_shown_is_shown_again_over_the_same_reports_while_as_of_then() {
        let reports = vec![
            report("march", "1", Some("2026-03-01 00:00:00")),
            report("april", "1", Some("2026-04-01 00:00:00")),
            report("may", "1", None),
        ];
        let compared = Compared {
            changes: QueryResult {
                columns: vec![],
                rows: vec![],
                truncated: None,
            },
            counts: vec![],
            said: String::new(),
        };
        let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        let at = 1_780_000_000_000;
        let shown = |p: (String, String)| LastCompared {
            reports: reports.clone(),
            pair: p,
            now_ms: at,
            compared: compared.clone(),
        };
        let dated = shown(pair("march", "april"));
        let day = 24 * 60 * 60 * 1000;
        assert!(dated.answers(&reports, &pair("march", "april"), at + 30 * day));
        assert!(!dated.answers(&reports, &pair("april", "march"), at));
        // Another report loaded, or a time given since: compared again.
        assert!(!dated.answers(&reports[..2], &pair("march", "april"), at));
        let mut given = reports.clone();
        given[0].generated_time = Some("2026-02-01 00:00:00".into());
        assert!(!dated.answers(&given, &pair("march", "april"), at));
        // An undated report is judged as of now: shown again only while that is still now.
        let undated = shown(pair("april", "may"));
        assert!(undated.answers(&reports, &pair("april", "may"), at + 60_000));
        assert!(!undated.answers(&reports, &pair("april", "may"), at + 10 * 60_000));
    }

    fn report(sha: &str, account: &str, time: Option<&str>) -> ReportSummary {
        ReportSummary {
            source: format!("{sha}.csv"),
            generated_time: time.map(str::to_owned),
            ..crate::logic::keep::tests::summary(sha, account, "", 1)
        }
    }

    #[test]
    fn a_pair_is_put_older_first_once_its_times_say_which() {
        let report = |sha: &str, time: Option<&str>| report(sha, "a", time);
        let pair = ("nov".to_owned(), "oct".to_owned());
        let undated = [report("nov", None), report("oct", None)];
        assert_eq!(in_order(&undated, pair.clone()), pair);
        let given = [
            report("nov", Some("2026-12-01 09:40:27")),
            report("oct", Some("2026-11-03 08:15:02")),
        ];
        assert_eq!(
            in_order(&given, pair.clone()),
            ("oct".to_owned(), "nov".to_owned())
        );
        // An undated report counts as now: the newer.
        let one = [
            report("nov", None),
            report("oct", Some("2026-11-03 08:15:02")),
        ];
        assert_eq!(in_order(&one, pair), ("oct".to_owned(), "nov".to_owned()));
        // A report no longer loaded leaves the pair as it is.
        let gone = ("x".to_owned(), "oct".to_owned());
        assert_eq!(in_order(&given, gone.clone()), gone);
    }

    #[test]
    fn the_first_pair_is_the_latest_two_of_one_account() {
        let reports = [
            report("a-may", "a", Some("2024-05-01 00:00:00")),
            report("b-jan", "b", Some("2024-01-01 00:00:00")),
            report("a-jul", "a", Some("2024-07-01 00:00:00")),
            report("a-jun", "a", Some("2024-06-01 00:00:00")),
            report("b-feb", "b", Some("2024-02-01 00:00:00")),
        ];
        assert_eq!(
            default_pair(&reports),
            Some(("a-jun".into(), "a-jul".into()))
        );
        assert_eq!(default_pair(&reports[..2]), None);
        // This month's console CSV, undated, is the newest (regression: it was taken as the
        // older, so every user it added read as removed).
        let with_console = [reports[0].clone(), report("a-now", "a", None)];
        assert_eq!(
            default_pair(&with_console),
            Some(("a-may".into(), "a-now".into()))
        );
        // Two undated, of which neither can be told older until their times are given: the
        // one loaded later is the new one (the first was, so September's CSV loaded before
        // October's was shown as the new one).
        let undated = [report("a-sep", "a", None), report("a-oct", "a", None)];
        assert_eq!(
            default_pair(&undated),
            Some(("a-sep".into(), "a-oct".into()))
        );
        // A link's pair, by generation time: found within one account, or not at all.
        let times = (
            "2024-05-01 00:00:00".to_owned(),
            "2024-07-01 00:00:00".to_owned(),
        );
        assert_eq!(
            pair_at(&reports, &times),
            Some(("a-may".into(), "a-jul".into()))
        );
        assert_eq!(
            times_of(&reports, &("a-may".into(), "a-jul".into())),
            Some(times)
        );
        let across = (
            "2024-05-01 00:00:00".to_owned(),
            "2024-02-01 00:00:00".to_owned(),
        );
        assert_eq!(pair_at(&reports, &across), None);
        assert_eq!(
            label(&reports[0]),
            "2024-05-01 00:00:00 UTC · a-may.csv · account a"
        );
        let undated = ReportSummary {
            generated_time: None,
            ..reports[0].clone()
        };
        assert_eq!(label(&undated), "a-may.csv (time unknown) · account a");
    }

    /// A console CSV of an account with an alias names no account; its users' logon domain
    /// pairs it with the account's fetched report.
    #[test]
    fn a_csv_named_by_its_alias_pairs_with_its_accounts_fetched_report() {
        let alias = |r: ReportSummary, account: Option<&str>| ReportSummary {
            account_id: account.map(str::to_owned),
            logon_domain: Some("corp.onaliyun.com".into()),
            ..r
        };
        let reports = [
            alias(report("nov", "1", Some("2024-11-01 00:00:00")), Some("1")),
            report("other", "2", Some("2024-11-15 00:00:00")),
            alias(report("dec", "", Some("2024-12-01 00:00:00")), None),
        ];
        assert_eq!(default_pair(&reports), Some(("nov".into(), "dec".into())));
    }

    #[test]
    fn a_users_two_rows_read_side_by_side() {
        let t = |s: &str| Value::Text(s.into());
        let rows = QueryResult {
            columns: vec!["mfa_active".into(), "generated_time".into()],
            rows: vec![
                vec![Value::Integer(0), t("2024-05-01 00:00:00")],
                vec![Value::Integer(1), t("2024-06-01 00:00:00")],
            ],
            truncated: None,
        };
        let side = side_by_side(&rows, Some("2024-05-01 00:00:00"));
        assert_eq!(side.columns, ["column", "old", "new", "changed"]);
        assert_eq!(
            side.rows[0],
            [
                t("mfa_active"),
                Value::Integer(0),
                Value::Integer(1),
                t("yes")
            ]
        );
        // A user only in the new report: the old side is empty.
        let added = QueryResult {
            rows: vec![rows.rows[1].clone()],
            ..rows
        };
        assert_eq!(
            side_by_side(&added, Some("2024-05-01 00:00:00")).rows[0][1],
            Value::Null
        );
    }

    #[test]
    fn a_kind_shows_its_changes_only() {
        let row = |k: &str| vec![Value::Text(k.into())];
        let changes = QueryResult {
            columns: vec!["change".into()],
            rows: vec![row("user-added"), row("check-alarm"), row("user-added")],
            truncated: None,
        };
        assert_eq!(shown_changes(&changes, Some("user-added"), None), [0, 2]);
        assert_eq!(shown_changes(&changes, None, None), [0, 1, 2]);
        // Sorted by a header's click, within the kind.
        let by_change = Sort::click(None, 0);
        assert_eq!(shown_changes(&changes, None, by_change), [1, 0, 2]);
        let descending = Sort::click(by_change, 0);
        assert_eq!(shown_changes(&changes, None, descending), [0, 2, 1]);
        assert_eq!(
            shown_changes(&changes, Some("user-added"), descending),
            [0, 2]
        );
        let named = QueryResult {
            columns: vec!["user_name".into()],
            rows: vec![row("b"), row("a"), row("b")],
            truncated: None,
        };
        assert_eq!(changed_users(&named), ["a", "b"]);
    }

    #[test]
    fn the_box_offers_the_users_that_hold_what_is_typed_a_few_at_a_time() {
        let users: Vec<String> = (0..200)
            .map(|i| format!("User{i:03}@x.onaliyun.com"))
            .collect();
        assert_eq!(offered(&users, "").len(), OFFERED);
        assert_eq!(
            offered(&users, " user19 "),
            [
                "User190@x.onaliyun.com",
                "User191@x.onaliyun.com",
                "User192@x.onaliyun.com",
                "User193@x.onaliyun.com",
                "User194@x.onaliyun.com",
                "User195@x.onaliyun.com",
                "User196@x.onaliyun.com",
                "User197@x.onaliyun.com",
                "User198@x.onaliyun.com",
                "User199@x.onaliyun.com"
            ]
        );
        assert_eq!(offered(&users, "USER007"), ["User007@x.onaliyun.com"]);
        assert!(offered(&users, "nobody").is_empty());
    }
}
