//! The canned queries: the seed document's examples, word for word.

// Generated from ../shared/reference/alicloud_ram_credential_report.md; keep the SQL byte for byte.

use serde::Serialize;

pub use crate::dialect::Dialect;

/// A named query the app and the CLI offer.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Canned {
    /// Stable name: the CLI's `--canned NAME`, the app's `canned-<name>` and share links use it.
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub dialect: Dialect,
    pub sql: &'static str,
}

/// The seed's six examples in their SQLite versions, in the seed's order.
pub const CANNED: &[Canned] = &[
    Canned {
        name: "logged-in-last-90-days",
        title: "List users that have logged into the console in the past 90 days",
        description: "Determine the areas in which users have been active in the past 90 days, focusing on those who have logged into the console. This can help in understanding user engagement and identifying patterns in user activity.",
        dialect: Dialect::Sqlite,
        sql: r#"select
  user_name,
  user_last_logon
from
  alicloud_ram_credential_report
where
  password_exist = 1
  and password_active = 1
  and user_last_logon > date('now', '-90 day');"#,
    },
    Canned {
        name: "not-logged-in-90-days",
        title: "List users that have NOT logged into the console in the past 90 days",
        description: "Determine the areas in which users have not been active for over 90 days, focusing on those with existing and active passwords. This is useful for identifying potentially dormant or unused accounts, helping to maintain security and efficiency within your system.",
        dialect: Dialect::Sqlite,
        sql: r#"select
  user_name,
  user_last_logon,
  julianday('now') - julianday(user_last_logon) as age
from
  alicloud_ram_credential_report
where
  password_exist
  and password_active
  and date(user_last_logon) <= date(julianday('now'), '-90 day')
order by
  user_last_logon;"#,
    },
    Canned {
        name: "console-never-logged-in",
        title: "List users with console access that have never logged in to the console",
        description: "Determine the users who have console access but have never actually logged in. This can help identify unused accounts, enabling better management of user access and improving security by eliminating potential vulnerabilities.",
        dialect: Dialect::Sqlite,
        sql: r#"select
  user_name
from
  alicloud_ram_credential_report
where
  password_exist = 1
  and user_last_logon is null;"#,
    },
    Canned {
        name: "access-keys-older-90-days",
        title: "Find access keys older than 90 days",
        description: "Identify instances where user access keys are older than 90 days to ensure secure and up-to-date access management. This is useful for maintaining security standards and preventing potential unauthorized access.",
        dialect: Dialect::Sqlite,
        sql: r#"select
  user_name,
  access_key_1_last_rotated,
  julianday('now') - julianday(access_key_1_last_rotated) as access_key_1_age,
  access_key_2_last_rotated,
  julianday('now') - julianday(access_key_2_last_rotated) as access_key_2_age
from
  alicloud_ram_credential_report
where
  julianday('now') - julianday(access_key_1_last_rotated) >= 90
  or julianday('now') - julianday(access_key_2_last_rotated) >= 90
order by
  user_name;"#,
    },
    Canned {
        name: "console-without-mfa",
        title: "Find users that have a console password but do not have MFA enabled",
        description: "Determine the areas in which users have an active console password but lack multi-factor authentication (MFA). This query is useful for identifying potential security risks within your Alicloud resource access management.",
        dialect: Dialect::Sqlite,
        sql: r#"select
  user_name,
  mfa_active,
  password_exist,
  password_active
from
  alicloud_ram_credential_report
where
  password_exist = 1
  and password_active = 1
  and mfa_active = 0;"#,
    },
    Canned {
        name: "root-mfa",
        title: "Check if root login has MFA enabled",
        description: "Determine if multi-factor authentication (MFA) is activated for the root login, enhancing security by requiring an additional verification step during authentication.",
        dialect: Dialect::Sqlite,
        sql: r#"select
  user_name,
  mfa_active
from
  alicloud_ram_credential_report
where
  user_name = '<root>';"#,
    },
];

/// The seed's six examples in their PostgreSQL versions, word for word, by the name of their SQLite
/// twin in [`CANNED`]. Run through the PostgreSQL translation (`credreport-pg`).
pub const CANNED_POSTGRES: &[(&str, &str)] = &[
    (
        "logged-in-last-90-days",
        "select\n  user_name,\n  user_last_logon\nfrom\n  alicloud_ram_credential_report\nwhere\n  password_exist\n  and password_active\n  and user_last_logon > (current_date - interval '90' day);",
    ),
    (
        "not-logged-in-90-days",
        "select\n  user_name,\n  user_last_logon,\n  age(user_last_logon)\nfrom\n  alicloud_ram_credential_report\nwhere\n  password_exist\n  and password_active\n  and user_last_logon <= (current_date - interval '90' day)\norder by\n  user_last_logon;",
    ),
    (
        "console-never-logged-in",
        "select\n  user_name\nfrom\n  alicloud_ram_credential_report\nwhere\n  password_exist\n  and user_last_logon is null;",
    ),
    (
        "access-keys-older-90-days",
        "select\n  user_name,\n  access_key_1_last_rotated,\n  age(access_key_1_last_rotated) as access_key_1_age,\n  access_key_2_last_rotated,\n  age(access_key_2_last_rotated) as access_key_2_age\nfrom\n  alicloud_ram_credential_report\nwhere\n  access_key_1_last_rotated <= (current_date - interval '90' day)\n  or access_key_2_last_rotated <= (current_date - interval '90' day)\norder by\n  user_name;",
    ),
    (
        "console-without-mfa",
        "select\n  user_name,\n  mfa_active,\n  password_exist,\n  password_active\nfrom\n  alicloud_ram_credential_report\nwhere\n  password_exist\n  and password_active\n  and not mfa_active;",
    ),
    (
        "root-mfa",
        "select\n  user_name,\n  mfa_active\nfrom\n  alicloud_ram_credential_report\nwhere\n  user_name = '<root>';",
    ),
];

/// A canned query's SQL in a dialect: the SQLite version, or its PostgreSQL twin.
pub fn canned_sql(name: &str, dialect: Dialect) -> Option<&'static str> {
    match dialect {
        Dialect::Sqlite => canned(name).map(|c| c.sql),
        Dialect::Postgres => CANNED_POSTGRES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, sql)| *sql),
    }
}

/// credreport's own canned queries, beside the seed's: key questions over the key view
/// (`alicloud_ram_access_key`, one row per key, every slot), in SQLite (the view is
/// credreport's, so they have no PostgreSQL twin).
pub const KEY_QUERIES: &[Canned] = &[
    Canned {
        name: "active-keys-oldest-first",
        title: "Active access keys, oldest rotation first",
        description: "Every active access key of every user, the additional key slots included, the one rotated longest ago first: the order a key rotation works through.",
        dialect: Dialect::Sqlite,
        sql: r#"select
  account_id,
  user_name,
  key_slot,
  last_rotated,
  last_used
from
  alicloud_ram_access_key
where
  active = 1
order by
  last_rotated,
  user_name,
  key_slot;"#,
    },
    Canned {
        name: "keys-never-used",
        title: "Access keys that have never been used",
        description: "Keys that exist, active or not, in any slot, with no recorded use: candidates for deletion.",
        dialect: Dialect::Sqlite,
        sql: r#"select
  account_id,
  user_name,
  key_slot,
  active,
  last_rotated
from
  alicloud_ram_access_key
where
  last_used is null
order by
  account_id,
  user_name,
  key_slot;"#,
    },
];

/// Every canned query: the seed's six, then credreport's own.
pub fn all_canned() -> impl Iterator<Item = &'static Canned> {
    CANNED.iter().chain(KEY_QUERIES)
}

/// A canned query by name.
pub fn canned(name: &str) -> Option<&'static Canned> {
    all_canned().find(|c| c.name == name)
}
