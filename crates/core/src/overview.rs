//! The overview of a report, in the manner of Steampipe's Alibaba Cloud insights dashboard: users,
//! console users without MFA, active access keys by age, console logons by age. Every figure is a
//! SQL query, and every bucket has the query that lists its users, so the app can show them.
//! Like the checks, it counts each account's latest report (`alicloud_ram_credential_report_latest`).

use crate::checks::AsOf;

/// Age buckets, in days: label and the condition on `d` (the age in days).
pub const BUCKETS: [(&str, &str); 5] = [
    ("< 1 day", "d < 1"),
    ("1–30 days", "d >= 1 and d < 30"),
    ("30–90 days", "d >= 30 and d < 90"),
    ("90–365 days", "d >= 90 and d < 365"),
    ("> 1 year", "d >= 365"),
];

/// What each bucket means, as the checks judge it: `ok` under 90 days, `alarm` from 90 days on
/// (the CIS checks' default threshold for key rotation and inactivity), `skip` for the sixth,
/// logon bucket, "never". Colours the overview and names its legend.
pub const BUCKET_STATUS: [&str; 6] = ["ok", "ok", "ok", "alarm", "alarm", "skip"];

/// What a bucket counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Active access keys, by the time since they were last rotated.
    KeyAge,
    /// Console users, by the time since they last logged on (plus "never").
    LastLogon,
}

/// The active keys of each account's latest report, with the report's generation time.
fn keys() -> String {
    let slots: Vec<String> = crate::schema::KEY_SLOTS
        .iter()
        .map(|s| {
            format!(
                "select user_name, account_id, generated_time, '{}' as access_key, {s}_last_rotated as last_rotated from {} where {s}_active = 1",
                s.replace('_', " "),
                crate::schema::LATEST_VIEW
            )
        })
        .collect();
    format!("with keys as (\n  {}\n)", slots.join("\n  union all "))
}

/// Keys with `d`, their age in days as of `as_of` (the moment the checks judge as of, so the
/// overview's buckets and the checks agree: a year-old report judged as of its own time is not
/// "> 1 year" here while ok there; written out, never `'now'`, so the core reads no clock and a
/// bucket's query shown to the user says the moment it counts to).
fn aged_keys(as_of: &AsOf) -> String {
    format!(
        "{},\naged as (select *, julianday({}) - julianday(last_rotated) as d from keys)",
        keys(),
        as_of.sql_moment("generated_time")
    )
}

/// Console users with `d`, the days since their last logon as of `as_of`.
fn aged_logons(as_of: &AsOf) -> String {
    format!(
        "with aged as (
  select user_name, account_id, user_last_logon, julianday({}) - julianday(user_last_logon) as d
  from alicloud_ram_credential_report_latest where password_exist = 1 and password_active = 1
)",
        as_of.sql_moment("generated_time")
    )
}

/// One row: users, console users, console users without MFA.
pub const TOTALS_SQL: &str = "select count(*),
  count(*) filter (where password_exist = 1 and password_active = 1),
  count(*) filter (where password_exist = 1 and password_active = 1 and mfa_active = 0)
from alicloud_ram_credential_report_latest";

/// One row: how many in each bucket of `BUCKETS` (and, for logons, a sixth: never logged on),
/// ages counted as of `as_of`.
pub fn counts_sql(measure: Measure, as_of: &AsOf) -> String {
    let sums: Vec<String> = BUCKETS
        .iter()
        .map(|(_, c)| format!("count(*) filter (where {c})"))
        .collect();
    match measure {
        Measure::KeyAge => format!("{}\nselect {} from aged", aged_keys(as_of), sums.join(", ")),
        Measure::LastLogon => format!(
            "{}\nselect {}, count(*) filter (where user_last_logon is null) from aged",
            aged_logons(as_of),
            sums.join(", ")
        ),
    }
}

/// The query that lists a bucket's users (`bucket` 5 of `LastLogon`: never logged on), ages as
/// of `as_of`.
pub fn bucket_sql(measure: Measure, bucket: usize, as_of: &AsOf) -> String {
    match measure {
        Measure::KeyAge => {
            let c = BUCKETS.get(bucket).map(|b| b.1).unwrap_or("0");
            format!("{}\nselect user_name, access_key, last_rotated, cast(d as integer) as days\nfrom aged\nwhere {c}\norder by d desc;", aged_keys(as_of))
        }
        Measure::LastLogon => {
            let c = BUCKETS
                .get(bucket)
                .map(|b| b.1)
                .unwrap_or("user_last_logon is null");
            format!("{}\nselect user_name, user_last_logon, cast(d as integer) as days\nfrom aged\nwhere {c}\norder by d desc;", aged_logons(as_of))
        }
    }
}
