//! Compliance checks as data: CIS Alibaba Cloud Foundations Benchmark (RAM) checks the credential
//! report can answer, and the credential-hygiene checks administrators run on it. Each check's SQL
//! returns one row per user it judges: `resource`, `status` (`ok`/`alarm`/`skip`), `reason` (a
//! sentence with the figures), `account_id`, `user_name` — in the manner of Steampipe's
//! compliance mods.
//!
//! The SQL reads three named parameters: `:days` (the check's threshold), `:per_report` (1: judge
//! each report as of its generation time) and `:moment` (the moment to judge at otherwise, bound
//! by the caller: the core reads no clock). See [`AsOf`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Param {
    pub name: &'static str,
    pub default: i64,
    pub description: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Check {
    pub id: &'static str,
    pub title: &'static str,
    /// The CIS Alibaba Cloud Foundations Benchmark recommendation, where there is one.
    pub cis: Option<&'static str>,
    pub severity: Severity,
    pub params: &'static [Param],
    pub sql: &'static str,
}

const DAYS_90: &[Param] = &[Param {
    name: "days",
    default: 90,
    description: "threshold in days",
}];

/// The table's rows of each account's latest report (`schema::LATEST_VIEW`), with `as_of` (the
/// moment each row is judged at) and a `resource` name.
macro_rules! judged {
    () => {
        "with t as (
  select *,
    case when :per_report = 1 then coalesce(generated_time, :moment) else :moment end as as_of,
    'acs:ram::' || coalesce(account_id, 'unknown') || ':user/' || user_name as resource
  from alicloud_ram_credential_report_latest
)"
    };
}

/// For a root check: each judged report without a `<root>` line (a report filtered or cut
/// short) is skipped, said as such, instead of leaving the check with nothing judged, which a
/// summary of "0 alarm" would pass silently.
macro_rules! root_missing {
    () => {
        "
union all
select 'acs:ram::' || coalesce(a.account_id, 'unknown') || ':user/<root>', 'skip',
  'the report has no line for the root account (<root>)',
  a.account_id, '<root>'
from (select distinct account_id from t) as a
where not exists (select 1 from t where t.user_name = '<root>' and t.account_id is a.account_id)"
    };
}

/// Each of a row's five access key slots, as `$each!("column prefix", "name")`, joined by `$sep`:
/// the one list every key check reads (a test checks it is `schema::KEY_SLOTS`), in slot order,
/// which is also the order of their names.
///
/// A user's keys are never gathered by account and user name: two loaded reports that cannot be
/// told apart (console CSVs that do not say when they were generated, or that name no account)
/// hold the same user twice, and a gathering judged each of the user's rows by both rows' keys
/// ("2 active access keys" where each report says 1). Read from its own row, each is judged as
/// its report says.
///
/// Where a check needs only which slots hold an active key, it reads them as expressions of the
/// row's own columns ([`active!`]): over 100,000 users, counting a row's active keys so took a
/// third of the time a correlated subquery of its keys ([`row_keys!`]) took. One that picks a
/// key by its dates reads the subquery ([`key_by!`]).
macro_rules! each_key {
    ($each:ident, $sep:literal) => {
        concat!(
            $each!("access_key_1", "access key 1"),
            $sep,
            $each!("access_key_2", "access key 2"),
            $sep,
            $each!("additional_access_key_1", "additional access key 1"),
            $sep,
            $each!("additional_access_key_2", "additional access key 2"),
            $sep,
            $each!("additional_access_key_3", "additional access key 3")
        )
    };
}

/// Whether slot `$s` holds an active key (NULL, not false, where the report does not say).
macro_rules! active {
    ($s:literal) => {
        concat!($s, "_exist = 1 and ", $s, "_active = 1")
    };
}

/// How many active keys the row has.
macro_rules! active_count {
    () => {
        concat!("(", each_key!(one_if_active, " + "), ")")
    };
}

/// For [`active_count!`]: 1 where slot `$s` holds an active key, else 0.
macro_rules! one_if_active {
    ($s:literal, $name:literal) => {
        concat!("(case when ", active!($s), " then 1 else 0 end)")
    };
}

/// The access keys of the row a correlated subquery is in (a row of `t`), one row each that
/// exists: its name `k`, its `k_active`, `k_rotated` and `k_used`, and the row's `as_of`.
macro_rules! row_keys {
    () => {
        each_key!(row_key, "\n  union all ")
    };
}

/// For [`row_keys!`]: slot `$s`'s key, where it exists.
macro_rules! row_key {
    ($s:literal, $name:literal) => {
        concat!(
            "select t.as_of, '",
            $name,
            "' as k, ",
            $s,
            "_active as k_active, ",
            $s,
            "_last_rotated as k_rotated, ",
            $s,
            "_last_used as k_used where ",
            $s,
            "_exist = 1"
        )
    };
}

/// The active keys of [`row_keys!`].
macro_rules! active_keys {
    () => {
        concat!("select * from (", row_keys!(), ") where k_active = 1")
    };
}

/// Of what `rows` selects of one row (its keys, or what else it holds, `k` naming each), the
/// one whose `value` comes first in `order` (`"desc"` with `"max"`: the greatest; `"asc"` with
/// `"min"`: the least; the first by name of equals, and the slots' names sort in slot order), as
/// the column `k`; and that value, as `v`. `k` is NULL when `rows` selects none.
///
/// A check reads them from a CTE that ends with [`unflattened!`]. (Worked out as expressions of
/// the row's slots instead, `v` and then `k` from it took longer still: `k` worked `v` out
/// again, or the row was copied whole to keep `v`. Picked by a function credreport would add to
/// SQLite, given each slot's name and value, the checks together took as long.)
macro_rules! key_by {
    ($agg:literal, $order:literal, $rows:expr, $value:expr) => {
        concat!(
            "(select k from (select k, ",
            $value,
            " as v from (",
            $rows,
            ")) order by v ",
            $order,
            ", k limit 1) as k, (select ",
            $agg,
            "(",
            $value,
            ") from (",
            $rows,
            ")) as v"
        )
    };
}

/// The end of a CTE whose columns are [`key_by!`]'s: each row's are worked out once. SQLite
/// flattens a subquery into the query that reads it, which evaluates a correlated subquery
/// again wherever its column is named (a key check took half as long again); a subquery with
/// an OFFSET it never flattens, and runs it as a co-routine, handing each row on as it is made.
/// (A `materialized` CTE, which served before, copied every row into a table first: over
/// 100,000 users, a third of the time a key check took to count its alarms.)
macro_rules! unflattened {
    () => {
        " limit -1 offset 0"
    };
}

/// [`unflattened!`] for SQL made at run time: [`Database::tally`](crate::Database::tally)'s.
#[cfg(feature = "sqlite")]
pub(crate) const UNFLATTENED: &str = unflattened!();

/// Days since slot `$s`'s key was created or last rotated.
macro_rules! rotated_days {
    ($s:literal) => {
        concat!("julianday(as_of) - julianday(", $s, "_last_rotated)")
    };
}

/// For CIS 1.2: slot `$s`'s name and age where it holds an active key (the root's first
/// such is said).
macro_rules! root_active_key {
    ($s:literal, $name:literal) => {
        concat!(
            " when ",
            active!($s),
            " then '",
            $name,
            ", ' || coalesce('last rotated ' || cast(",
            rotated_days!($s),
            " as integer) || ' days ago', 'the report does not say when it was rotated')"
        )
    };
}

pub const CHECKS: &[Check] = &[
    Check {
        id: "cis-1.1-root-not-used",
        title: "Avoid using the root account",
        cis: Some("1.1"),
        severity: Severity::High,
        params: DAYS_90,
        sql: concat!(judged!(), "
select resource,
  case when user_last_logon is null then 'ok'
       when julianday(as_of) - julianday(user_last_logon) <= :days then 'alarm'
       else 'ok' end as status,
  case when user_last_logon is null then 'the root account has not logged on to the console'
       else 'the root account last logged on ' || cast(julianday(as_of) - julianday(user_last_logon) as integer) || ' days ago' end as reason,
  account_id, user_name
from t where user_name = '<root>'", root_missing!()),
    },
    Check {
        id: "cis-1.2-no-root-access-key",
        title: "No active access key for the root account",
        cis: Some("1.2"),
        severity: Severity::Critical,
        params: &[],
        // Each root line judged by its own key slots: two loaded reports that name no account
        // both have a `<root>` of account NULL, and a join on user and account paired each
        // root with the other's keys.
        sql: concat!(judged!(), "
select resource,
  case when active is not null then 'alarm'
       when access_key_1_exist is null and access_key_2_exist is null then 'skip'
       else 'ok' end as status,
  coalesce('the root account has an active ' || active,
           case when access_key_1_exist is null and access_key_2_exist is null then 'the report does not say whether the root account has access keys'
                else 'the root account has no active access key' end) as reason,
  account_id, user_name
from (
  select *, case", each_key!(root_active_key, ""), " end as active
  from t where t.user_name = '<root>'
)", root_missing!()),
    },
    Check {
        id: "cis-1.3-root-mfa",
        title: "MFA enabled for the root account",
        cis: Some("1.3"),
        severity: Severity::Critical,
        params: &[],
        sql: concat!(judged!(), "
select resource,
  case mfa_active when 1 then 'ok' when 0 then 'alarm' else 'skip' end as status,
  case mfa_active when 1 then 'the root account has MFA enabled' when 0 then 'the root account has no MFA'
       else 'the report does not say whether the root account has MFA' end as reason,
  account_id, user_name
from t where user_name = '<root>'", root_missing!()),
    },
    Check {
        id: "cis-1.4-console-users-mfa",
        title: "MFA enabled for every RAM user with a console password",
        cis: Some("1.4"),
        severity: Severity::High,
        params: &[],
        sql: concat!(judged!(), "
select resource,
  case when password_exist = 0 or password_active = 0 then 'ok'
       when password_exist is null or password_active is null or mfa_active is null then 'skip'
       when mfa_active = 1 then 'ok' else 'alarm' end as status,
  case when password_exist = 0 then 'no console password'
       when password_active = 0 then 'console password disabled'
       when password_exist is null or password_active is null or mfa_active is null then 'console logon disabled, or the report does not say'
       when mfa_active = 1 then 'console password with MFA'
       else 'console password without MFA' end as reason,
  account_id, user_name
from t where user_name <> '<root>'"),
    },
    Check {
        id: "console-users-inactive",
        title: "Console users logged on within the threshold",
        cis: Some("1.5"),
        severity: Severity::Medium,
        params: DAYS_90,
        sql: concat!(judged!(), "
select resource,
  case when user_last_logon is null then 'skip'
       when julianday(as_of) - julianday(user_last_logon) > :days then 'alarm' else 'ok' end as status,
  case when user_last_logon is null then 'never logged on (see users-never-logged-on)'
       else 'last logged on ' || cast(julianday(as_of) - julianday(user_last_logon) as integer) || ' days ago' end as reason,
  account_id, user_name
from t where password_exist = 1 and password_active = 1 and user_name <> '<root>'"),
    },
    Check {
        id: "users-never-logged-on",
        title: "Console users who never logged on",
        cis: None,
        severity: Severity::Medium,
        params: &[],
        sql: concat!(judged!(), "
select resource,
  case when user_last_logon is null then 'alarm' else 'ok' end as status,
  case when user_last_logon is null then 'has a console password but has never logged on, ' ||
         coalesce('created ' || cast(julianday(as_of) - julianday(user_creation_time) as integer) || ' days ago',
                  'the report does not say when the user was created')
       else 'has logged on' end as reason,
  account_id, user_name
from t where password_exist = 1 and password_active = 1 and user_name <> '<root>'"),
    },
    Check {
        id: "access-keys-rotated",
        title: "Active access keys rotated within the threshold",
        cis: Some("1.6"),
        severity: Severity::Medium,
        params: DAYS_90,
        // Each user with an active key, by the oldest (the first slot of equals).
        sql: concat!(judged!(), ",
w as (
  select resource, account_id, user_name,
    ", key_by!("max", "desc", active_keys!(), "julianday(as_of) - julianday(k_rotated)"), "
  from t where user_name <> '<root>'", unflattened!(), "
)
select resource,
  case when v is null then 'skip' when v > :days then 'alarm' else 'ok' end as status,
  case when v is null then 'the report does not say when its active keys were rotated'
       else k || ' last rotated ' || cast(v as integer) || ' days ago' end as reason,
  account_id, user_name
from w where k is not null"),
    },
    Check {
        id: "access-keys-used",
        title: "Active access keys used within the threshold",
        cis: None,
        severity: Severity::Low,
        params: DAYS_90,
        // Each user with an active key, by the longest idle (never used is longest; the first
        // slot of equals).
        sql: concat!(judged!(), ",
w as (
  select resource, account_id, user_name,
    ", key_by!("max", "desc", active_keys!(), "case when k_used is null then 1e9 else julianday(as_of) - julianday(k_used) end"), "
  from t where user_name <> '<root>'", unflattened!(), "
)
select resource,
  case when v > :days then 'alarm' else 'ok' end as status,
  case when v >= 1e9 then k || ' is active and has never been used'
       else k || ' last used ' || cast(v as integer) || ' days ago' end as reason,
  account_id, user_name
from w where k is not null"),
    },
    Check {
        id: "users-with-two-active-keys",
        title: "Users with at most one active access key",
        cis: None,
        severity: Severity::Low,
        params: &[],
        sql: concat!(judged!(), ",
w as (
  select resource, account_id, user_name, ", active_count!(), " as n
  from t where user_name <> '<root>'
)
select resource,
  case when n > 1 then 'alarm' else 'ok' end as status,
  n || ' active access key' || case when n > 1 then 's' else '' end as reason,
  account_id, user_name
from w where n > 0"),
    },
    Check {
        id: "passwords-past-rotation",
        title: "Console passwords changed by their rotation date",
        cis: None,
        severity: Severity::Medium,
        params: &[],
        sql: concat!(judged!(), "
select resource,
  case when password_next_rotation is null then 'skip' when password_next_rotation < as_of then 'alarm' else 'ok' end as status,
  case when password_next_rotation is null then 'no rotation date (no password policy requiring one)'
       when password_next_rotation < as_of then 'password rotation was due ' || cast(julianday(as_of) - julianday(password_next_rotation) as integer) || ' days ago'
       else 'password rotation due in ' || cast(julianday(password_next_rotation) - julianday(as_of) as integer) || ' days' end as reason,
  account_id, user_name
from t where password_exist = 1 and password_active = 1 and user_name <> '<root>'"),
    },
    Check {
        id: "keys-created-with-user",
        title: "No access key created with its user when the user also has a console password",
        cis: None,
        severity: Severity::Medium,
        params: &[Param {
            name: "minutes",
            default: 10,
            description: "a key last rotated within this many minutes of its user's creation counts as created with it",
        }],
        // Each user's first such key (of any slot, active or not).
        sql: concat!(judged!(), ",
w as (
  select resource, account_id, user_name, password_exist, password_active,
    ", key_by!("min", "asc", concat!("select * from (
       select k, (julianday(k_rotated) - julianday(t.user_creation_time)) * 1440 as after from (", row_keys!(), ")
       where t.password_exist = 1 and t.password_active = 1
     ) where after between 0 and :minutes"), "after"), "
  from t where user_name <> '<root>'", unflattened!(), "
)
select resource,
  case when password_exist is null or (password_exist = 1 and password_active is null) then 'skip'
       when k is not null then 'alarm' else 'ok' end as status,
  case when password_exist is null or (password_exist = 1 and password_active is null) then 'console logon disabled, or the report does not say whether the user has a console password'
       when k is not null then k || ' last rotated ' || cast(round(v) as integer) || ' minutes after the user was created, who also has a console password: a key handed out at set-up'
       else 'no access key created with the user' end as reason,
  account_id, user_name
from w"),
    },
    Check {
        id: "console-and-active-key",
        title: "Users with a console password or active access keys, not both",
        cis: None,
        severity: Severity::Low,
        params: &[],
        sql: concat!(judged!(), ",
w as (
  select resource, account_id, user_name, password_exist, password_active, ", active_count!(), " as n
  from t where user_name <> '<root>'
)
select resource,
  case when password_exist is null or (password_exist = 1 and password_active is null) then 'skip'
       when n > 0 and password_exist = 1 and password_active = 1 then 'alarm' else 'ok' end as status,
  case when password_exist is null or (password_exist = 1 and password_active is null) then 'console logon disabled, or the report does not say whether the user has a console password'
       when n > 0 and password_exist = 1 and password_active = 1 then 'a console password and ' || n || ' active access key' || case when n > 1 then 's' else '' end || ': a person and a program share this user'
       when n > 0 then 'active access keys only: a program''s user'
       when password_exist = 1 and password_active = 1 then 'a console password only: a person''s user'
       else 'no console password and no active access key' end as reason,
  account_id, user_name
from w"),
    },
    Check {
        id: "credentials-never-used",
        title: "Console passwords and active access keys used within a grace period of their creation",
        cis: None,
        severity: Severity::Medium,
        params: &[Param {
            name: "days",
            default: 14,
            description: "grace period in days after a credential's creation",
        }],
        // Each user's oldest unused credential.
        sql: concat!(judged!(), ",
w as (
  select resource, account_id, user_name,
    ", key_by!("max", "desc", concat!("select 'console password' as k, julianday(t.as_of) - julianday(t.user_creation_time) as age
       where t.password_exist = 1 and t.password_active = 1 and t.user_last_logon is null
       union all select k, julianday(as_of) - julianday(k_rotated) from (", active_keys!(), ") where k_used is null"), "age"), "
  from t where user_name <> '<root>'", unflattened!(), "
)
select resource,
  case when k is null then 'ok' when v is null then 'skip' when v > :days then 'alarm' else 'ok' end as status,
  case when k is null then 'no console password or active access key is unused'
       when v is null then 'a credential never used; the report does not say when it was created'
       when v > :days then k || ' never used, created ' || cast(v as integer) || ' days ago'
       else k || ' not used yet, created ' || cast(v as integer) || ' days ago (within the grace period)' end as reason,
  account_id, user_name
from w"),
    },
];

/// The day thresholds a check takes: 0 (anything at all) to 100 years.
pub const DAYS_RANGE: std::ops::RangeInclusive<i64> = 0..=36_500;

/// A threshold that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    #[error("{0:?} is not a whole number of days; give one from {lo} to {hi}", lo = DAYS_RANGE.start(), hi = DAYS_RANGE.end())]
    NotDays(String),
    #[error("{0} days is outside the thresholds a check takes: give {lo} to {hi} days", lo = DAYS_RANGE.start(), hi = DAYS_RANGE.end())]
    OutOfRange(i64),
    #[error("{0:?} is not a number of minutes from {lo} to {hi}", lo = MINUTES_RANGE.start(), hi = MINUTES_RANGE.end())]
    NotMinutes(String),
    #[error("{0:?}: expected NAME=VALUE, such as days=45")]
    NotNameValue(String),
    #[error("{0:?}: no such parameter; use days=N, or ID.days=N for a check with a threshold (ID.minutes=N for one with minutes)")]
    NoSuchParam(String),
}

/// The minutes a check takes: 0 to a week.
pub const MINUTES_RANGE: std::ops::RangeInclusive<i64> = 0..=10_080;

/// A number of minutes as a user types it (`ID.minutes=N`).
pub fn parse_minutes(text: &str) -> Result<i64, ParamError> {
    let t = text.trim();
    match t.parse::<i64>() {
        Ok(n) if MINUTES_RANGE.contains(&n) => Ok(n),
        _ => Err(ParamError::NotMinutes(t.to_owned())),
    }
}

/// A day threshold as a user types it; the error says what is accepted. The CLI's `--param`
/// and the page's threshold box both read through this.
pub fn parse_days(text: &str) -> Result<i64, ParamError> {
    let t = text.trim();
    let n: i64 = t.parse().map_err(|_| ParamError::NotDays(t.to_owned()))?;
    if DAYS_RANGE.contains(&n) {
        Ok(n)
    } else {
        Err(ParamError::OutOfRange(n))
    }
}

/// The thresholds a run of the checks uses: one for every check that has one, and per check
/// overrides; otherwise each check's default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Thresholds {
    every: Option<i64>,
    /// Check id, parameter name (`days`, `minutes`), value.
    per_check: Vec<(&'static str, &'static str, i64)>,
}

impl Thresholds {
    /// `days` for every check that has a threshold (`None`: each check's default).
    pub fn every(days: Option<i64>) -> Thresholds {
        Thresholds {
            every: days,
            per_check: Vec::new(),
        }
    }

    /// Take one `NAME=VALUE` setting: `days=45` for every check, `ID.days=45` (or another of
    /// the check's parameters, such as `ID.minutes=5`) for one. A later setting wins over an
    /// earlier one.
    pub fn set(&mut self, param: &str) -> Result<(), ParamError> {
        let (name, value) = param
            .split_once('=')
            .ok_or_else(|| ParamError::NotNameValue(param.to_owned()))?;
        match name.trim().rsplit_once('.') {
            None if name.trim() == "days" => {
                self.every = Some(parse_days(value)?);
                self.per_check.retain(|(_, p, _)| *p != "days");
            }
            Some((id, name)) => {
                let found = check(id)
                    .and_then(|c| c.params.iter().find(|p| p.name == name).map(|p| (c, p)));
                let Some((c, p)) = found else {
                    return Err(ParamError::NoSuchParam(param.to_owned()));
                };
                let v = if p.name == "days" {
                    parse_days(value)?
                } else {
                    parse_minutes(value)?
                };
                self.per_check.push((c.id, p.name, v));
            }
            _ => return Err(ParamError::NoSuchParam(param.to_owned())),
        }
        Ok(())
    }

    /// The threshold `check` is judged with: `None` when it takes none.
    pub fn days(&self, check: &Check) -> Option<i64> {
        let default = check.params.iter().find(|p| p.name == "days")?.default;
        Some(
            self.set_for(check, "days")
                .or(self.every)
                .unwrap_or(default),
        )
    }

    /// The value of another of `check`'s parameters (`minutes`): set, or its default.
    pub fn value(&self, check: &Check, name: &str) -> Option<i64> {
        let default = check.params.iter().find(|p| p.name == name)?.default;
        Some(self.set_for(check, name).unwrap_or(default))
    }

    fn set_for(&self, check: &Check, name: &str) -> Option<i64> {
        self.per_check
            .iter()
            .rev()
            .find(|(id, p, _)| *id == check.id && *p == name)
            .map(|(_, _, v)| *v)
    }
}

/// The moment findings are judged at. The shell reads the clock and says what "now" is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    /// Every report as of one moment (usually now).
    Moment(DateTime<Utc>),
    /// Each report as of its own generation time; a report that does not state it, as of
    /// `otherwise`.
    EachReport { otherwise: DateTime<Utc> },
}

impl AsOf {
    /// Each choice as the CLI's `--as-of` and the page's switch spell it, and in words, as the
    /// page's switch offers it.
    pub const OFFERED: [(&'static str, &'static str); 2] =
        [("now", "now"), ("report", "the report's generation time")];

    /// The choices as the CLI's `--as-of` and the page's switch spell them: every one
    /// [`AsOf::OFFERED`] has, in its order.
    pub const CHOICES: [&'static str; AsOf::OFFERED.len()] = {
        let mut spelled = [""; AsOf::OFFERED.len()];
        let mut i = 0;
        while i < spelled.len() {
            spelled[i] = AsOf::OFFERED[i].0;
            i += 1;
        }
        spelled
    };

    /// `now` (every report as of `now`) or `report` (each report as of its generation time,
    /// `now` where it does not state one).
    pub fn choose(name: &str, now: DateTime<Utc>) -> Option<AsOf> {
        match name {
            "now" => Some(AsOf::Moment(now)),
            "report" => Some(AsOf::EachReport { otherwise: now }),
            _ => None,
        }
    }

    /// This moment's choice, as [`AsOf::choose`] reads it.
    pub fn choice(&self) -> &'static str {
        match self {
            AsOf::Moment(_) => "now",
            AsOf::EachReport { .. } => "report",
        }
    }

    /// The moment as evidence names it.
    pub fn describe(&self) -> String {
        match self {
            AsOf::Moment(t) => format!("{} UTC", crate::values::format_sqlite(*t)),
            AsOf::EachReport { otherwise } => format!(
                "each report's generation time ({} UTC for a report that does not state it)",
                crate::values::format_sqlite(*otherwise)
            ),
        }
    }

    /// The moment as SQL written out, for a row whose generation time is in `column`: the same
    /// moment the checks' `:per_report` and `:moment` make, for SQL that binds no parameters (a
    /// query shown to the user, the trend's count).
    pub fn sql_moment(&self, column: &str) -> String {
        match self {
            AsOf::Moment(t) => format!("'{}'", crate::values::format_sqlite(*t)),
            AsOf::EachReport { otherwise } => format!(
                "coalesce({column}, '{}')",
                crate::values::format_sqlite(*otherwise)
            ),
        }
    }

    /// `:per_report` and `:moment` for the checks' SQL.
    pub fn params(&self) -> (i64, String) {
        match self {
            AsOf::Moment(t) => (0, crate::values::format_sqlite(*t)),
            AsOf::EachReport { otherwise } => (1, crate::values::format_sqlite(*otherwise)),
        }
    }
}

impl Severity {
    /// Most severe first, for ordering.
    /// The severity as every output spells it: `critical`, `high`, `medium`, `low`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }

    pub fn rank(self) -> u8 {
        match self {
            Severity::Critical => 0,
            Severity::High => 1,
            Severity::Medium => 2,
            Severity::Low => 3,
        }
    }
}

/// Checks as a reviewer reads them: those with alarms first, most severe first; then the rest,
/// most severe first; the catalogue's order among equals. The CLI's tables and the page's
/// Checks view both show them so.
pub fn in_review_order(mut outcomes: Vec<Outcome>) -> Vec<Outcome> {
    outcomes.sort_by_key(|o| (o.alarm == 0, o.check.severity.rank()));
    outcomes
}

/// How a check treats the report's `<root>` row (the account itself): the root account is
/// judged by the root checks alone (1.1–1.3; its access keys, every slot, by 1.2), never by the
/// checks for RAM users; a report without that row is skipped by them, not passed.
pub fn root_treatment(check: &Check) -> &'static str {
    match check.id {
        "cis-1.2-no-root-access-key" => {
            "judges the root account alone: any active key, in any of the five slots, is an alarm (skipped where a report has no <root> line)"
        }
        _ if judges_the_root(check) => {
            "judges the root account alone (skipped where a report has no <root> line)"
        }
        _ => "leaves the root account out: the root checks (1.1–1.3) judge it",
    }
}

/// Whether `check` is a root check (1.1–1.3), which judges the root account alone and skips,
/// by account, each judged report that has no `<root>` line.
pub fn judges_the_root(check: &Check) -> bool {
    matches!(
        check.id,
        "cis-1.1-root-not-used" | "cis-1.2-no-root-access-key" | "cis-1.3-root-mfa"
    )
}

/// A check by id.
pub fn check(id: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.id == id)
}

/// What a check found about one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Alarm,
    /// The report does not say enough to judge.
    Skip,
    /// In alarm, but accepted by an exception that has not expired ([`crate::exceptions`]).
    Excepted,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Alarm, Status::Excepted, Status::Skip, Status::Ok];

    /// As every output spells it: `ok`, `alarm`, `skip`, `excepted`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Alarm => "alarm",
            Status::Skip => "skip",
            Status::Excepted => "excepted",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Where a status comes in a reviewer's list: alarms, then the excepted, then skips, then
    /// the rest.
    pub fn rank(self) -> u8 {
        match self {
            Status::Alarm => 0,
            Status::Excepted => 1,
            Status::Skip => 2,
            Status::Ok => 3,
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// ok, alarm, skip and excepted counted: of one check's findings, or over many checks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub ok: usize,
    pub alarm: usize,
    pub skip: usize,
    pub excepted: usize,
}

impl Totals {
    /// The statuses of `findings`, counted.
    pub fn of(findings: &[Finding]) -> Totals {
        findings.iter().fold(Totals::default(), |mut t, f| {
            match f.status {
                Status::Ok => t.ok += 1,
                Status::Alarm => t.alarm += 1,
                Status::Skip => t.skip += 1,
                Status::Excepted => t.excepted += 1,
            }
            t
        })
    }

    /// Every check's counts added up.
    pub fn over<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> Totals {
        outcomes.into_iter().fold(Totals::default(), |t, o| Totals {
            ok: t.ok + o.ok,
            alarm: t.alarm + o.alarm,
            skip: t.skip + o.skip,
            excepted: t.excepted + o.excepted,
        })
    }
}

/// One judged resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub resource: String,
    pub status: Status,
    pub reason: String,
    pub account_id: Option<String>,
    pub user_name: String,
}

/// A check's findings and its tally.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Read back by its `id`: the check itself is this build's.
    #[serde(deserialize_with = "check_by_id")]
    pub check: &'static Check,
    /// The threshold used, when the check has one.
    pub days: Option<i64>,
    pub findings: Vec<Finding>,
    pub ok: usize,
    pub alarm: usize,
    pub skip: usize,
    /// Findings an exception accepted; 0 without exceptions.
    #[serde(default)]
    pub excepted: usize,
}

impl Outcome {
    /// `check`'s findings with their tally.
    pub fn new(check: &'static Check, days: Option<i64>, findings: Vec<Finding>) -> Outcome {
        let mut outcome = Outcome {
            check,
            days,
            findings,
            ok: 0,
            alarm: 0,
            skip: 0,
            excepted: 0,
        };
        outcome.recount();
        outcome
    }

    /// Count the findings' statuses again, after they changed (an exception applied).
    pub fn recount(&mut self) {
        let t = Totals::of(&self.findings);
        (self.ok, self.alarm, self.skip, self.excepted) = (t.ok, t.alarm, t.skip, t.excepted);
    }
}

fn check_by_id<'de, D: Deserializer<'de>>(d: D) -> Result<&'static Check, D::Error> {
    #[derive(Deserialize)]
    struct Named {
        id: String,
    }
    let named = Named::deserialize(d)?;
    check(&named.id)
        .ok_or_else(|| serde::de::Error::custom(format!("no check is named {:?}", named.id)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_checks_key_slots_are_the_key_views() {
        macro_rules! prefix {
            ($s:literal, $name:literal) => {
                $s
            };
        }
        assert_eq!(each_key!(prefix, " "), crate::schema::KEY_SLOTS.join(" "));
    }

    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn thresholds_are_every_check_then_one_check_and_the_later_wins() {
        let inactive = check("console-users-inactive").unwrap();
        let rotated = check("access-keys-rotated").unwrap();
        let mfa = check("cis-1.3-root-mfa").unwrap();
        let mut t = Thresholds::default();
        assert_eq!((t.days(inactive), t.days(mfa)), (Some(90), None));
        t.set("console-users-inactive.days=30").unwrap();
        t.set("days=45").unwrap();
        assert_eq!((t.days(inactive), t.days(rotated)), (Some(45), Some(45)));
        t.set("access-keys-rotated.days=7").unwrap();
        assert_eq!((t.days(inactive), t.days(rotated)), (Some(45), Some(7)));
        assert_eq!(Thresholds::every(Some(5)).days(rotated), Some(5));
    }

    #[test]
    fn a_threshold_that_cannot_be_used_says_why() {
        let mut t = Thresholds::default();
        let said = |e: ParamError| e.to_string();
        assert_eq!(
            said(t.set("days").unwrap_err()),
            "\"days\": expected NAME=VALUE, such as days=45"
        );
        assert!(said(t.set("cis-1.3-root-mfa.days=5").unwrap_err()).contains("no such parameter"));
        assert!(said(t.set("weeks=5").unwrap_err()).contains("no such parameter"));
        assert_eq!(
            said(t.set("days=-5").unwrap_err()),
            "-5 days is outside the thresholds a check takes: give 0 to 36500 days"
        );
        assert!(said(t.set("days=ninety").unwrap_err()).contains("not a whole number"));
        assert_eq!(
            t,
            Thresholds::default(),
            "a refused setting changes nothing"
        );
    }

    #[test]
    fn as_of_is_named_once_for_every_interface() {
        let now: DateTime<Utc> = "2026-12-01T08:09:10Z".parse().unwrap();
        for name in AsOf::CHOICES {
            assert_eq!(AsOf::choose(name, now).unwrap().choice(), name);
        }
        assert_eq!(AsOf::choose("yesterday", now), None);
        assert_eq!(AsOf::Moment(now).describe(), "2026-12-01 08:09:10 UTC");
        assert_eq!(
            AsOf::Moment(now).params(),
            (0, "2026-12-01 08:09:10".into())
        );
        let each = AsOf::EachReport { otherwise: now };
        assert_eq!(each.params().0, 1);
        assert_eq!(
            each.describe(),
            "each report's generation time (2026-12-01 08:09:10 UTC for a report that does not state it)"
        );
    }

    #[test]
    fn statuses_count_and_rank_alarms_first() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert!(Status::Alarm.rank() < Status::Skip.rank());
        assert!(Status::Skip.rank() < Status::Ok.rank());
        let f = |status| Finding {
            resource: String::new(),
            status,
            reason: String::new(),
            account_id: None,
            user_name: String::new(),
        };
        let t = Totals::of(&[f(Status::Alarm), f(Status::Ok), f(Status::Ok)]);
        assert_eq!((t.ok, t.alarm, t.skip), (2, 1, 0));
    }
}
