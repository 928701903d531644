//! Accepted exceptions: findings a review accepted for a reason (a break-glass account, a key
//! being migrated), until a date. Read from a TOML file, one `[[exception]]` table each:
//!
//! ```toml
//! [[exception]]
//! check = "cis-1.4-console-users-mfa"   # a check's id, or "*" for every check
//! user = "breakglass"                   # the user name, or the part before its `@`
//! account = "1234567890123456"          # optional
//! reason = "break-glass account, hardware token in the safe"
//! expires = 2027-06-30                  # or "2027-06-30"
//! ```
//!
//! An exception turns a matching finding in alarm into `excepted` (its reason and expiry in the
//! finding's reason) until the end of its expiry date; then it no longer applies and the
//! finding says it expired. One that matches no finding in alarm is stale and named, so
//! exceptions do not rot unseen. The core reads no clock: the caller says what day it is.

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::checks::{Outcome, Status, CHECKS};

/// One accepted exception.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    /// A check's id, or `*`.
    pub check: String,
    pub user: String,
    pub account: Option<String>,
    pub reason: String,
    /// The last day it applies.
    pub expires: NaiveDate,
    /// Where its table starts in the file (1-based), to name it.
    pub line: usize,
}

/// Why an exceptions file was refused: where, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct ExceptionsError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    exception: Vec<Spanned<Raw>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    check: Spanned<String>,
    user: Spanned<String>,
    account: Option<Spanned<String>>,
    reason: Spanned<String>,
    expires: Spanned<toml::Value>,
}

/// Line and column (1-based, in characters) of byte `offset` in `text`.
fn place(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn at(text: &str, offset: usize, message: String) -> ExceptionsError {
    let (line, column) = place(text, offset);
    ExceptionsError {
        line,
        column,
        message,
    }
}

/// Read an exceptions file.
pub fn parse(text: &str) -> Result<Vec<Exception>, ExceptionsError> {
    let file: File = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        at(text, offset, e.message().trim().to_owned())
    })?;
    file.exception
        .into_iter()
        .map(|table| {
            let line = place(text, table.span().start).0;
            let raw = table.into_inner();
            let check = raw.check.get_ref().trim().to_owned();
            if check != "*" && crate::check(&check).is_none() {
                let hint = crate::words::nearest(&check, CHECKS.iter().map(|c| c.id))
                    .map(|n| format!("; did you mean {n:?}?"))
                    .unwrap_or_else(|| "; `credreport check --list` names them".into());
                return Err(at(
                    text,
                    raw.check.span().start,
                    format!("no check is named {check:?} (give a check's id, or \"*\" for every check){hint}"),
                ));
            }
            for (name, value) in [("user", &raw.user), ("reason", &raw.reason)] {
                if value.get_ref().trim().is_empty() {
                    return Err(at(
                        text,
                        value.span().start,
                        format!("`{name}` is empty: say {}", if name == "user" { "whose finding it accepts" } else { "why the finding is accepted" }),
                    ));
                }
            }
            let date = match raw.expires.get_ref() {
                toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
                toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => d
                    .date
                    .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())),
                _ => None,
            };
            let expires = date.ok_or_else(|| {
                at(
                    text,
                    raw.expires.span().start,
                    "`expires` must be a date, YYYY-MM-DD (the last day the exception applies)".into(),
                )
            })?;
            Ok(Exception {
                check,
                user: raw.user.get_ref().trim().to_owned(),
                account: raw.account.map(|a| a.get_ref().trim().to_owned()),
                reason: raw.reason.get_ref().trim().to_owned(),
                expires,
                line,
            })
        })
        .collect()
}

/// The exceptions as a file [`parse`] reads back (the page's export).
pub fn to_toml(exceptions: &[Exception]) -> String {
    let quote = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let mut out = String::new();
    for e in exceptions {
        out.push_str("[[exception]]\n");
        out.push_str(&format!("check = {}\n", quote(&e.check)));
        out.push_str(&format!("user = {}\n", quote(&e.user)));
        if let Some(a) = &e.account {
            out.push_str(&format!("account = {}\n", quote(a)));
        }
        out.push_str(&format!("reason = {}\n", quote(&e.reason)));
        out.push_str(&format!("expires = {}\n\n", e.expires.format("%Y-%m-%d")));
    }
    out
}

impl Exception {
    /// Whether it may accept findings of the check `check` (its id): by that id, or by `*`.
    pub fn names(&self, check: &str) -> bool {
        self.check == "*" || self.check == check
    }

    /// Whether it names this check's finding about `user_name` in `account_id`: the user by
    /// name, or by the part before the `@` when the exception gives no `@`.
    pub fn matches(&self, check: &str, user_name: &str, account_id: Option<&str>) -> bool {
        let user = user_name == self.user
            || (!self.user.contains('@')
                && user_name
                    .split_once('@')
                    .is_some_and(|(name, _)| name == self.user));
        self.names(check)
            && user
            && self
                .account
                .as_deref()
                .is_none_or(|a| Some(a) == account_id)
    }

    fn describe(&self) -> String {
        format!(
            "the exception on line {} (check {}, user {})",
            self.line, self.check, self.user
        )
    }
}

/// What applying exceptions did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Applied {
    /// Findings now excepted.
    pub excepted: usize,
    /// Findings whose exception has expired: in alarm again.
    pub expired: usize,
    /// Warnings: each exception that matched no finding in alarm.
    pub stale: Vec<String>,
}

/// Apply `exceptions` to `outcomes` on `today`: a finding in alarm that one matches and that has
/// not expired becomes `excepted`; each outcome's tally is counted again.
pub fn apply(outcomes: &mut [Outcome], exceptions: &[Exception], today: NaiveDate) -> Applied {
    let mut used = vec![false; exceptions.len()];
    let mut applied = Applied::default();
    for outcome in outcomes.iter_mut() {
        let id = outcome.check.id;
        for f in outcome
            .findings
            .iter_mut()
            .filter(|f| f.status == Status::Alarm)
        {
            let matching: Vec<usize> = (0..exceptions.len())
                .filter(|&i| exceptions[i].matches(id, &f.user_name, f.account_id.as_deref()))
                .collect();
            for &i in &matching {
                used[i] = true;
            }
            if let Some(&i) = matching.iter().find(|&&i| exceptions[i].expires >= today) {
                let e = &exceptions[i];
                f.status = Status::Excepted;
                f.reason = format!(
                    "{}; excepted until {}: {}",
                    f.reason,
                    e.expires.format("%Y-%m-%d"),
                    e.reason
                );
                applied.excepted += 1;
            } else if let Some(&i) = matching.first() {
                let e = &exceptions[i];
                f.reason = format!(
                    "{}; its exception expired on {} ({})",
                    f.reason,
                    e.expires.format("%Y-%m-%d"),
                    e.reason
                );
                applied.expired += 1;
            }
        }
        outcome.recount();
    }
    applied.stale = exceptions
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(e, _)| {
            format!(
                "{} matches no finding in alarm: remove it, or correct its check or user",
                e.describe()
            )
        })
        .collect();
    applied
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Finding;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const FILE: &str = r#"
# Accepted for the 2026 review.
[[exception]]
check = "cis-1.4-console-users-mfa"
user = "breakglass"
reason = "break-glass account, token in the safe"
expires = 2027-06-30

[[exception]]
check = "*"
user = "migrating@1234567890123456.onaliyun.com"
account = "1234567890123456"
reason = "key being migrated"
expires = "2026-01-31"

[[exception]]
check = "access-keys-rotated"
user = "nobody"
reason = "gone"
expires = 2030-01-01
"#;

    fn finding(user: &str) -> Finding {
        Finding {
            resource: format!("acs:ram::1234567890123456:user/{user}"),
            status: Status::Alarm,
            reason: "console password without MFA".into(),
            account_id: Some("1234567890123456".into()),
            user_name: user.into(),
        }
    }

    fn outcome() -> Outcome {
        let findings = vec![
            finding("breakglass@1234567890123456.onaliyun.com"),
            finding("migrating@1234567890123456.onaliyun.com"),
            finding("alice@1234567890123456.onaliyun.com"),
        ];
        Outcome {
            check: crate::check("cis-1.4-console-users-mfa").unwrap(),
            days: None,
            findings,
            ok: 0,
            alarm: 3,
            skip: 0,
            excepted: 0,
        }
    }

    #[test]
    fn a_file_reads_with_dates_quoted_or_not() {
        let e = parse(FILE).unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!((e[0].line, e[0].user.as_str()), (3, "breakglass"));
        assert_eq!(e[1].expires, NaiveDate::from_ymd_opt(2026, 1, 31).unwrap());
        assert_eq!(e[1].account.as_deref(), Some("1234567890123456"));
        assert_eq!(
            parse(&to_toml(&e))
                .unwrap()
                .iter()
                .map(|x| &x.reason)
                .collect::<Vec<_>>(),
            e.iter().map(|x| &x.reason).collect::<Vec<_>>()
        );
    }

    #[test]
    fn exceptions_apply_expire_and_go_stale() {
        let mut outcomes = vec![outcome()];
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let applied = apply(&mut outcomes, &parse(FILE).unwrap(), today);
        let o = &outcomes[0];
        assert_eq!(o.findings[0].status, Status::Excepted);
        assert!(o.findings[0]
            .reason
            .ends_with("excepted until 2027-06-30: break-glass account, token in the safe"));
        // Expired on 31 January: in alarm again, and said.
        assert_eq!(o.findings[1].status, Status::Alarm);
        assert!(o.findings[1]
            .reason
            .contains("its exception expired on 2026-01-31"));
        assert_eq!(o.findings[2].status, Status::Alarm);
        assert_eq!((o.alarm, o.excepted), (2, 1));
        assert_eq!((applied.excepted, applied.expired), (1, 1));
        assert_eq!(applied.stale.len(), 1);
        assert!(
            applied.stale[0].contains("line 16") && applied.stale[0].contains("nobody"),
            "{:?}",
            applied.stale
        );
        // The expiry day itself still applies.
        let mut outcomes = vec![outcome()];
        let last_day = NaiveDate::from_ymd_opt(2027, 6, 30).unwrap();
        apply(&mut outcomes, &parse(FILE).unwrap(), last_day);
        assert_eq!(outcomes[0].findings[0].status, Status::Excepted);
    }

    #[test]
    fn a_malformed_file_is_refused_with_line_and_column() {
        let err = |text: &str| parse(text).unwrap_err();
        let e = err("[[exception]]\ncheck = \"cis-1.4-console-users-mfaa\"\nuser = \"a\"\nreason = \"r\"\nexpires = 2027-01-01\n");
        assert_eq!((e.line, e.column), (2, 9));
        assert!(
            e.message
                .contains("did you mean \"cis-1.4-console-users-mfa\""),
            "{e}"
        );
        let e = err(
            "[[exception]]\ncheck = \"*\"\nuser = \"a\"\nreason = \"r\"\nexpires = \"next year\"\n",
        );
        assert_eq!(e.line, 5);
        assert!(e.message.contains("YYYY-MM-DD"), "{e}");
        let e = err("[[exception]]\ncheck = \"*\"\nuser = \"a\"\nexpires = 2027-01-01\n");
        assert!(e.message.contains("reason"), "{e}");
        let e = err("[[exception]]\ncheck = \"*\"\nuser = \"a\"\nreason = \"r\"\nexpires = 2027-01-01\ncolour = \"red\"\n");
        assert_eq!(e.line, 6);
        assert!(e.message.contains("colour"), "{e}");
        let e = err("[[exception]\n");
        assert_eq!(e.line, 1);
    }
}
