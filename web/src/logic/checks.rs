//! The Checks view's decisions: which checks come first, which findings a status filter shows,
//! findings a page at a time, and what the threshold box accepts. No DOM here.

use credreport_core::{Finding, Status};

/// Which findings the view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    All,
    Alarm,
    Skip,
    Ok,
}

impl StatusFilter {
    pub const EVERY: [StatusFilter; 4] = [
        StatusFilter::All,
        StatusFilter::Alarm,
        StatusFilter::Skip,
        StatusFilter::Ok,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StatusFilter::All => "all",
            StatusFilter::Alarm => "alarm",
            StatusFilter::Skip => "skip",
            StatusFilter::Ok => "ok",
        }
    }

    pub fn parse(s: &str) -> StatusFilter {
        StatusFilter::EVERY
            .into_iter()
            .find(|f| f.as_str() == s)
            .unwrap_or_default()
    }

    pub fn admits(self, status: Status) -> bool {
        self == StatusFilter::All || self.as_str() == status.as_str()
    }
}

/// Findings shown at once under one check.
pub const FINDINGS_PAGE: usize = 50;

pub use credreport_core::checks::in_review_order;

/// The findings `filter` admits, alarms first, and how many pages of [`FINDINGS_PAGE`] they fill.
pub fn shown_findings(findings: &[Finding], filter: StatusFilter) -> Vec<&Finding> {
    let mut shown: Vec<&Finding> = findings
        .iter()
        .filter(|f| filter.admits(f.status))
        .collect();
    shown.sort_by_key(|f| f.status.rank());
    shown
}

/// Page `page` (clamped to the last) of `shown`, and the number of pages (at least 1).
pub fn findings_page<'a>(shown: &[&'a Finding], page: usize) -> (Vec<&'a Finding>, usize, usize) {
    let pages = shown.len().div_ceil(FINDINGS_PAGE).max(1);
    let page = page.min(pages - 1);
    let rows = shown
        .iter()
        .skip(page * FINDINGS_PAGE)
        .take(FINDINGS_PAGE)
        .copied()
        .collect();
    (rows, page, pages)
}

/// The threshold box: empty means each check's default; anything else must be a threshold the
/// checks take (the core's one rule), or the error says why it was not used.
pub fn parse_threshold(text: &str) -> Result<Option<i64>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    credreport_core::checks::parse_days(text)
        .map(Some)
        .map_err(|e| format!("{e}. The checks keep their thresholds until then."))
}

/// An exception accepting `check`'s finding about `user_name`, from the form's reason and
/// expiry (`YYYY-MM-DD`, as a date input gives it) on `today`: a reason is required, and a date
/// that has passed would apply to nothing.
pub fn accept(
    check: &str,
    user_name: &str,
    account_id: Option<&str>,
    reason: &str,
    expires: &str,
    today: chrono::NaiveDate,
) -> Result<credreport_core::exceptions::Exception, String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err("Say why the finding is accepted.".into());
    }
    let expires = chrono::NaiveDate::parse_from_str(expires.trim(), "%Y-%m-%d")
        .map_err(|_| "Give the last day the exception applies (YYYY-MM-DD).".to_owned())?;
    if expires < today {
        return Err(format!(
            "{} has passed: give a day from today on.",
            expires.format("%Y-%m-%d")
        ));
    }
    Ok(credreport_core::exceptions::Exception {
        check: check.to_owned(),
        user: user_name.to_owned(),
        account: account_id.map(str::to_owned),
        reason: reason.to_owned(),
        expires,
        line: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use credreport_core::Outcome;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn outcome(id: &str, alarm: usize) -> Outcome {
        let check = credreport_core::check(id).unwrap();
        Outcome {
            check,
            days: None,
            findings: Vec::new(),
            ok: 1,
            alarm,
            skip: 0,
            excepted: 0,
        }
    }

    #[test]
    fn checks_with_alarms_come_first_most_severe_first() {
        let ordered = in_review_order(vec![
            outcome("console-users-inactive", 0),
            outcome("passwords-past-rotation", 2),
            outcome("cis-1.3-root-mfa", 0),
            outcome("cis-1.4-console-users-mfa", 5),
            outcome("cis-1.2-no-root-access-key", 1),
        ]);
        let ids: Vec<&str> = ordered.iter().map(|o| o.check.id).collect();
        let severity = |id: &str| credreport_core::check(id).unwrap().severity.rank();
        let (alarmed, quiet) = ids.split_at(3);
        assert!(alarmed
            .iter()
            .all(|id| ordered.iter().find(|o| o.check.id == *id).unwrap().alarm > 0));
        assert!(
            alarmed.windows(2).all(|w| severity(w[0]) <= severity(w[1])),
            "{ids:?}"
        );
        assert!(
            quiet.windows(2).all(|w| severity(w[0]) <= severity(w[1])),
            "{ids:?}"
        );
    }

    fn finding(user: &str, status: &str) -> Finding {
        Finding {
            resource: format!("acs:ram::1:user/{user}"),
            status: Status::parse(status).unwrap(),
            reason: String::new(),
            account_id: None,
            user_name: user.into(),
        }
    }

    #[test]
    fn findings_filter_put_alarms_first_and_page() {
        let mut all: Vec<Finding> = (0..120)
            .map(|i| finding(&format!("u{i:03}"), "ok"))
            .collect();
        all.push(finding("late-alarm", "alarm"));
        all.push(finding("late-skip", "skip"));
        let shown = shown_findings(&all, StatusFilter::All);
        assert_eq!(
            (shown[0].user_name.as_str(), shown[1].user_name.as_str()),
            ("late-alarm", "late-skip")
        );
        let (rows, page, pages) = findings_page(&shown, 99);
        assert_eq!((rows.len(), page, pages), (22, 2, 3));
        let alarms = shown_findings(&all, StatusFilter::parse("alarm"));
        assert_eq!(alarms.len(), 1);
        assert_eq!(findings_page(&alarms, 0).2, 1);
        assert_eq!(findings_page(&[], 0), (vec![], 0, 1));
    }

    #[test]
    fn a_threshold_out_of_range_is_refused_with_the_reason() {
        assert_eq!(parse_threshold(" "), Ok(None));
        assert_eq!(parse_threshold("45"), Ok(Some(45)));
        let e = parse_threshold("-5").unwrap_err();
        assert!(
            e.contains("-5 days is outside") && e.contains("0 to 36500"),
            "{e}"
        );
        assert!(parse_threshold("ninety")
            .unwrap_err()
            .contains("not a whole number"));
    }

    #[test]
    fn accepting_a_finding_needs_a_reason_and_a_day_to_come() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let e = accept(
            "cis-1.3-root-mfa",
            "<root>",
            Some("1"),
            " token in the safe ",
            "2027-01-31",
            today,
        )
        .unwrap();
        assert_eq!(
            (e.reason.as_str(), e.account.as_deref()),
            ("token in the safe", Some("1"))
        );
        assert!(accept("x", "u", None, " ", "2027-01-31", today)
            .unwrap_err()
            .contains("why"));
        assert!(accept("x", "u", None, "r", "31/01/2027", today)
            .unwrap_err()
            .contains("YYYY-MM-DD"));
        assert!(accept("x", "u", None, "r", "2026-12-01", today)
            .unwrap_err()
            .contains("has passed"));
        assert!(accept("x", "u", None, "r", "2026-12-02", today).is_ok());
    }
}
