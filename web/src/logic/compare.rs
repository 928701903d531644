//! The Compare view's decisions: which two reports to compare first, how a report is named in
//! the choice, which changes a kind shows.

use credreport_core::{QueryResult, ReportSummary, Value};

/// The pair to compare first: the latest two reports (by generation time) of the account with
/// the most recent pair; `(old, new)` by SHA-256. `None` when no account has two.
pub fn default_pair(reports: &[ReportSummary]) -> Option<(String, String)> {
    let mut best: Option<(&ReportSummary, &ReportSummary)> = None;
    for newest in reports {
        let older = reports
            .iter()
            .filter(|r| r.account_id == newest.account_id && r.sha256 != newest.sha256)
            .filter(|r| r.generated_time <= newest.generated_time)
            .max_by(|a, b| a.generated_time.cmp(&b.generated_time));
        if let Some(older) = older {
            if best.is_none_or(|(_, n)| newest.generated_time > n.generated_time) {
                best = Some((older, newest));
            }
        }
    }
    best.map(|(o, n)| (o.sha256.clone(), n.sha256.clone()))
}

/// The pair a link names by generation times (old, new), when both are loaded: by SHA-256,
/// the new one of the old one's account.
pub fn pair_at(reports: &[ReportSummary], times: &(String, String)) -> Option<(String, String)> {
    let old = reports
        .iter()
        .find(|r| r.generated_time.as_ref() == Some(&times.0))?;
    let new = reports
        .iter()
        .find(|r| r.generated_time.as_ref() == Some(&times.1) && r.account_id == old.account_id)?;
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

/// How a report reads in the choice: "1234567890123456 · 2024-05-01 09:10:11 UTC · march.csv".
pub fn label(r: &ReportSummary) -> String {
    format!(
        "{} · {} · {}",
        r.account_id.as_deref().unwrap_or("account unknown"),
        r.generated_time
            .as_deref()
            .map(|t| format!("{t} UTC"))
            .unwrap_or_else(|| "time unknown".into()),
        r.source
    )
}

/// The rows of `changes` of `kind` (every row when `None`).
pub fn rows_of_kind(changes: &QueryResult, kind: Option<&str>) -> Vec<usize> {
    (0..changes.rows.len())
        .filter(|&i| match (kind, changes.rows[i].first()) {
            (None, _) => true,
            (Some(k), Some(Value::Text(c))) => c == k,
            _ => false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn report(sha: &str, account: &str, time: Option<&str>) -> ReportSummary {
        ReportSummary {
            source: format!("{sha}.csv"),
            form: credreport_core::Form::Csv,
            pages: 1,
            rows: 1,
            account_id: Some(account.into()),
            generated_time: time.map(str::to_owned),
            extra_columns: vec![],
            warnings: vec![],
            warnings_dropped: 0,
            sha256: sha.into(),
        }
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
            "a · 2024-05-01 00:00:00 UTC · a-may.csv"
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
        assert_eq!(rows_of_kind(&changes, Some("user-added")), [0, 2]);
        assert_eq!(rows_of_kind(&changes, None), [0, 1, 2]);
    }
}
