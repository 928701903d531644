//! Compliance checks as data: CIS Alibaba Cloud Foundations Benchmark (RAM) checks the credential
//! report can answer, and the credential-hygiene checks administrators run on it. Each check's SQL
//! returns one row per user it judges: `resource`, `status` (`ok`/`alarm`/`skip`), `reason` (a
//! sentence with the figures), `account_id`, `user_name` — in the manner of Steampipe's
//! compliance mods.
//!
//! The SQL reads two named parameters: `:days` (the check's threshold) and `:as_of_report`
//! (1: judge each report as of its generation time; 0: as of now).

use serde::Serialize;

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

/// The table with `as_of` (the moment each row is judged at) and a `resource` name.
macro_rules! judged {
    () => {
        "with t as (
  select *,
    case when :as_of_report = 1 then coalesce(generated_time, datetime('now')) else datetime('now') end as as_of,
    'acs:ram::' || coalesce(account_id, 'unknown') || ':user/' || user_name as resource
  from alicloud_ram_credential_report
)"
    };
}

/// Every access key of every user, one row each.
macro_rules! keys {
    () => {
        ",
keys as (
  select t.*, 'access key 1' as k, access_key_1_active as k_active, access_key_1_last_rotated as k_rotated, access_key_1_last_used as k_used from t where access_key_1_exist = 1
  union all select t.*, 'access key 2', access_key_2_active, access_key_2_last_rotated, access_key_2_last_used from t where access_key_2_exist = 1
  union all select t.*, 'additional access key 1', additional_access_key_1_active, additional_access_key_1_last_rotated, additional_access_key_1_last_used from t where additional_access_key_1_exist = 1
  union all select t.*, 'additional access key 2', additional_access_key_2_active, additional_access_key_2_last_rotated, additional_access_key_2_last_used from t where additional_access_key_2_exist = 1
  union all select t.*, 'additional access key 3', additional_access_key_3_active, additional_access_key_3_last_rotated, additional_access_key_3_last_used from t where additional_access_key_3_exist = 1
)"
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
from t where user_name = '<root>'"),
    },
    Check {
        id: "cis-1.2-no-root-access-key",
        title: "No active access key for the root account",
        cis: Some("1.2"),
        severity: Severity::Critical,
        params: &[],
        sql: concat!(judged!(), keys!(), "
select t.resource,
  case when exists (select 1 from keys where keys.user_name = t.user_name and keys.account_id is t.account_id and k_active = 1) then 'alarm'
       when access_key_1_exist is null and access_key_2_exist is null then 'skip'
       else 'ok' end as status,
  coalesce((select 'the root account has an active ' || k || ', last rotated ' || cast(julianday(as_of) - julianday(k_rotated) as integer) || ' days ago'
            from keys where keys.user_name = t.user_name and keys.account_id is t.account_id and k_active = 1 limit 1),
           case when access_key_1_exist is null and access_key_2_exist is null then 'the report does not say whether the root account has access keys'
                else 'the root account has no active access key' end) as reason,
  t.account_id, t.user_name
from t where t.user_name = '<root>'"),
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
from t where user_name = '<root>'"),
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
        cis: None,
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
  case when user_last_logon is null then 'has a console password but has never logged on, created ' || cast(julianday(as_of) - julianday(user_creation_time) as integer) || ' days ago'
       else 'has logged on' end as reason,
  account_id, user_name
from t where password_exist = 1 and password_active = 1 and user_name <> '<root>'"),
    },
    Check {
        id: "access-keys-rotated",
        title: "Active access keys rotated within the threshold",
        cis: None,
        severity: Severity::Medium,
        params: DAYS_90,
        sql: concat!(judged!(), keys!(), ",
worst as (
  select resource, account_id, user_name, k, max(julianday(as_of) - julianday(k_rotated)) as age, count(*) as n
  from keys where k_active = 1 group by account_id, user_name
)
select resource,
  case when age is null then 'skip' when age > :days then 'alarm' else 'ok' end as status,
  case when age is null then 'the report does not say when its active keys were rotated'
       else k || ' last rotated ' || cast(age as integer) || ' days ago' end as reason,
  account_id, user_name
from worst"),
    },
    Check {
        id: "access-keys-used",
        title: "Active access keys used within the threshold",
        cis: None,
        severity: Severity::Low,
        params: DAYS_90,
        sql: concat!(judged!(), keys!(), ",
judged as (
  select resource, account_id, user_name, k,
    case when k_used is null then 1e9 else julianday(as_of) - julianday(k_used) end as idle
  from keys where k_active = 1
),
worst as (select resource, account_id, user_name, k, max(idle) as idle from judged group by account_id, user_name)
select resource,
  case when idle > :days then 'alarm' else 'ok' end as status,
  case when idle >= 1e9 then k || ' is active and has never been used'
       else k || ' last used ' || cast(idle as integer) || ' days ago' end as reason,
  account_id, user_name
from worst"),
    },
    Check {
        id: "users-with-two-active-keys",
        title: "Users with at most one active access key",
        cis: None,
        severity: Severity::Low,
        params: &[],
        sql: concat!(judged!(), keys!(), "
select resource,
  case when count(*) > 1 then 'alarm' else 'ok' end as status,
  count(*) || ' active access key' || case when count(*) > 1 then 's' else '' end as reason,
  account_id, user_name
from keys where k_active = 1 group by account_id, user_name"),
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
from t where password_exist = 1 and password_active = 1"),
    },
];

/// The day thresholds a check takes: 0 (anything at all) to 100 years.
pub const DAYS_RANGE: std::ops::RangeInclusive<i64> = 0..=36_500;

/// A day threshold as a user types it; the error says what is accepted. The CLI's `--param`
/// and the page's threshold box both read through this.
pub fn parse_days(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let n: i64 = t.parse().map_err(|_| {
        format!(
            "{t:?} is not a whole number of days; give one from {} to {}",
            DAYS_RANGE.start(),
            DAYS_RANGE.end()
        )
    })?;
    if DAYS_RANGE.contains(&n) {
        Ok(n)
    } else {
        Err(format!(
            "{n} days is outside the thresholds a check takes: give {} to {} days",
            DAYS_RANGE.start(),
            DAYS_RANGE.end()
        ))
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

/// A check by id.
pub fn check(id: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.id == id)
}

/// One judged resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub resource: String,
    pub status: String,
    pub reason: String,
    pub account_id: Option<String>,
    pub user_name: String,
}

/// A check's findings and its tally.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub check: &'static Check,
    /// The threshold used, when the check has one.
    pub days: Option<i64>,
    pub findings: Vec<Finding>,
    pub ok: usize,
    pub alarm: usize,
    pub skip: usize,
}
