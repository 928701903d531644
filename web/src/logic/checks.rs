//! The Checks view's decisions: which checks come first and what the threshold box accepts. No
//! DOM here. Which findings a status filter shows, a page at a time, the database worker
//! decides (`credreport_core::findings`), where the findings are.

pub use credreport_core::checks::in_review_order;
pub use credreport_core::findings::{FindingsPage, StatusFilter, FINDINGS_PAGE};
use credreport_core::protocol::Judging;
use credreport_core::{Outcome, ReportSummary};

/// The checks' tallies, as the database's worker judged them.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// Every check's counts with the accepted exceptions applied, in review order; the findings
    /// stay in the worker (over 100,000 users they are more than a million).
    pub outcomes: Vec<Outcome>,
    /// A warning for each exception that matched no finding in alarm.
    pub stale: Vec<String>,
    /// What they were asked with: a check's findings and the evidence are asked for with it.
    pub judging: Judging,
}

/// What the checks run over: each account's latest loaded report (`State::latest`), which they
/// judge alone, so an older report loaded beside it (the page opening with kept reports loads
/// those after the latest) changes nothing they find; the threshold and "as of".
pub type ChecksOver = (Vec<ReportSummary>, Option<i64>, &'static str);

/// The checks the Checks view last showed, and what over, kept to be shown again when the view
/// opens again.
#[derive(Debug, Clone, PartialEq)]
pub struct LastChecks {
    pub over: ChecksOver,
    pub checked: Checked,
}

impl LastChecks {
    /// The moment to judge `over` as of in the view opened again at `now_ms`: theirs, when they
    /// were over the same and it is still now ([`still_now`]).
    pub fn moment_for(&self, over: &ChecksOver, now_ms: i64) -> Option<i64> {
        let at = self.checked.judging.now_ms;
        (self.over == *over && still_now(at, now_ms)).then_some(at)
    }

    /// They, when they are what `judging` asks over `over`.
    pub fn answer(&self, over: &ChecksOver, judging: &Judging) -> Option<&Checked> {
        (self.over == *over && self.checked.judging == *judging).then_some(&self.checked)
    }
}

/// How long a moment judged at stays "now" for the Checks view opened again ([`still_now`]).
pub const STILL_NOW_MS: i64 = 5 * 60 * 1000;

/// Whether the checks judged at `judged_ms` may show again, as of then, in the Checks view
/// opened again at `now_ms` (Unix milliseconds): less than [`STILL_NOW_MS`] later, on the same
/// UTC day (an exception's last day is a day). Judging again over 100,000 users takes about a
/// second; a review goes from the checks to a query and back within minutes, and a finding
/// that crosses its threshold in those minutes shows once the view judges again (the evidence
/// names the moment judged). A clock set back judges again.
pub fn still_now(judged_ms: i64, now_ms: i64) -> bool {
    let day = |ms: i64| ms.div_euclid(24 * 60 * 60 * 1000);
    (0..STILL_NOW_MS).contains(&(now_ms - judged_ms)) && day(judged_ms) == day(now_ms)
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

/// How long an acceptance lasts unless its reviewer picks another day: a quarter, when the
/// findings are reviewed again.
pub const ACCEPTED_FOR_DAYS: u64 = 90;

/// The accept form's expiry until its reviewer picks another: [`ACCEPTED_FOR_DAYS`] from `today`.
pub fn default_expiry(today: chrono::NaiveDate) -> chrono::NaiveDate {
    today + chrono::Days::new(ACCEPTED_FOR_DAYS)
}

/// A user name in two at its `@` (its name, then `@` and the domain it logs on at), where a
/// narrow column breaks it first: `alice@1234….onaliyun.com`, not `alice@1234….onal` /
/// `iyun.com`. A name without one is its first part alone.
pub fn at_its_domain(user_name: &str) -> (&str, &str) {
    match user_name.find('@') {
        Some(at) if at > 0 => user_name.split_at(at + 1),
        _ => (user_name, ""),
    }
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
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_checks_judged_stay_now_for_minutes_of_the_same_day() {
        let at = |h: i64, m: i64| (20_000 * 24 + h) * 3_600_000 + m * 60_000;
        assert!(still_now(at(10, 0), at(10, 0)));
        assert!(still_now(at(10, 0), at(10, 4)));
        assert!(!still_now(at(10, 0), at(10, 5)), "five minutes on");
        assert!(!still_now(at(10, 0), at(9, 59)), "a clock set back");
        assert!(!still_now(at(23, 58), at(24, 1)), "another day");
    }

    #[test]
    fn the_checks_last_shown_answer_only_what_they_were_judged_over() {
        let judging = |now_ms: i64, exceptions: &str| Judging {
            days: None,
            as_of: "now".into(),
            now_ms,
            exceptions: exceptions.into(),
        };
        let over: ChecksOver = (vec![], None, "now");
        let at = 1_780_000_000_000;
        let last = LastChecks {
            over: over.clone(),
            checked: Checked {
                outcomes: vec![],
                stale: vec![],
                judging: judging(at, ""),
            },
        };
        assert_eq!(last.moment_for(&over, at + 60_000), Some(at));
        assert_eq!(last.moment_for(&over, at + 6 * 60_000), None);
        let threshold: ChecksOver = (vec![], Some(30), "now");
        assert_eq!(last.moment_for(&threshold, at), None);
        assert_eq!(last.answer(&over, &judging(at, "")), Some(&last.checked));
        // An exception accepted since: judged at that moment, with it.
        assert_eq!(last.answer(&over, &judging(at, "[[exception]]")), None);
        assert_eq!(last.answer(&threshold, &judging(at, "")), None);
    }

    #[test]
    fn a_user_name_breaks_first_after_its_at_sign() {
        assert_eq!(
            at_its_domain("alice@1234567890123456.onaliyun.com"),
            ("alice@", "1234567890123456.onaliyun.com")
        );
        assert_eq!(at_its_domain("<root>"), ("<root>", ""));
        assert_eq!(at_its_domain("@odd"), ("@odd", ""));
    }

    #[test]
    fn an_acceptance_lasts_a_quarter_unless_another_day_is_given() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let expiry = default_expiry(today);
        assert_eq!(expiry.to_string(), "2027-03-07");
        let accepted = accept(
            "cis-1.3-root-mfa",
            "<root>",
            None,
            "new device",
            &expiry.to_string(),
            today,
        );
        assert_eq!(accepted.map(|e| e.expires), Ok(expiry));
    }

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
