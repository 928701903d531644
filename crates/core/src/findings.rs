//! A check's findings a page at a time, as the page's Checks view shows them. Over 100,000 users
//! the checks find more than a million things; the page's database worker answers the page with
//! each check's tally ([`Outcome::tally`], or [`Outcome::counted`] while SQLite has only counted
//! them) and, for a check the user opens, one page of its findings ([`Outcome::page`]).

use serde::{Deserialize, Serialize};

use crate::checks::{Check, Finding, Outcome, Status, Totals};

/// Findings shown at once under one check.
pub const FINDINGS_PAGE: usize = 50;

/// Which findings the view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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

    /// The filter named `s`; anything else shows all.
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

/// One page of a check's findings: those a filter admits, alarms first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingsPage {
    pub rows: Vec<Finding>,
    /// The page shown, counted from 0 (the last when a later one was asked for).
    pub page: usize,
    /// How many pages the admitted findings fill, at least 1.
    pub pages: usize,
    /// How many findings the filter admits.
    pub total: usize,
}

impl FindingsPage {
    /// The 1-based positions of the first and last finding shown (`first > last` when none).
    pub fn span(&self) -> (usize, usize) {
        let first = self.page * FINDINGS_PAGE + 1;
        (first, (first + self.rows.len()).saturating_sub(1))
    }
}

impl Outcome {
    /// The check's tally without its findings: what the page needs until a check is opened.
    pub fn tally(&self) -> Outcome {
        let t = Totals {
            ok: self.ok,
            alarm: self.alarm,
            skip: self.skip,
            excepted: self.excepted,
        };
        Outcome::counted(self.check, self.days, t)
    }

    /// `check`'s counts without its findings, as [`Database::tally`](crate::Database::tally)
    /// counted them.
    pub fn counted(check: &'static Check, days: Option<i64>, t: Totals) -> Outcome {
        Outcome {
            check,
            days,
            findings: Vec::new(),
            ok: t.ok,
            alarm: t.alarm,
            skip: t.skip,
            excepted: t.excepted,
        }
    }

    /// Page `page` (the last when past it) of the findings `filter` admits, alarms first.
    pub fn page(&self, filter: StatusFilter, page: usize) -> FindingsPage {
        let mut shown: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| filter.admits(f.status))
            .collect();
        // Stable: within a status, the order the check gave.
        shown.sort_by_key(|f| f.status.rank());
        let pages = shown.len().div_ceil(FINDINGS_PAGE).max(1);
        let page = page.min(pages - 1);
        FindingsPage {
            rows: shown
                .iter()
                .skip(page * FINDINGS_PAGE)
                .take(FINDINGS_PAGE)
                .map(|f| (*f).clone())
                .collect(),
            page,
            pages,
            total: shown.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

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
        let o = Outcome::new(
            crate::check("cis-1.4-console-users-mfa").unwrap(),
            None,
            all,
        );
        let first = o.page(StatusFilter::All, 0);
        assert_eq!(
            (
                first.rows[0].user_name.as_str(),
                first.rows[1].user_name.as_str()
            ),
            ("late-alarm", "late-skip")
        );
        assert_eq!((first.rows.len(), first.span()), (50, (1, 50)));
        let last = o.page(StatusFilter::All, 99);
        assert_eq!(
            (last.rows.len(), last.page, last.pages, last.total),
            (22, 2, 3, 122)
        );
        assert_eq!(last.span(), (101, 122));
        let alarms = o.page(StatusFilter::parse("alarm"), 0);
        assert_eq!((alarms.total, alarms.pages), (1, 1));
        let none = o.page(StatusFilter::parse("skip"), 0);
        assert_eq!(none.total, 1);
        let empty = Outcome::new(o.check, None, vec![]).page(StatusFilter::All, 3);
        assert_eq!((empty.rows.len(), empty.page, empty.pages), (0, 0, 1));
    }

    #[test]
    fn a_tally_keeps_the_counts_and_drops_the_findings() {
        let o = Outcome::new(
            crate::check("cis-1.4-console-users-mfa").unwrap(),
            Some(9),
            vec![finding("a", "alarm"), finding("b", "ok")],
        );
        let t = o.tally();
        assert!(t.findings.is_empty());
        assert_eq!(
            (t.check.id, t.days, t.ok, t.alarm, t.skip),
            (o.check.id, Some(9), 1, 1, 0)
        );
    }
}
