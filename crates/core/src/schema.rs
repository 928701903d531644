//! The table's schema as data: the app, the CLI and the docs all read it from here.

use serde::Serialize;

/// The SQL table every report is loaded into (Steampipe's name, so Steampipe queries run as written).
pub const TABLE: &str = "alicloud_ram_credential_report";

/// The longest text or blob one value may grow to (SQLite's `SQLITE_LIMIT_LENGTH`). A report's
/// values are short (a user name, a time): the parser refuses a longer one by line and column,
/// and in a query this stops `zeroblob`, `printf` and `group_concat` from allocating gigabytes
/// between two looks at the deadline.
pub const MAX_VALUE_BYTES: usize = 16 * 1024 * 1024;

/// The most columns the table keeps beyond the credential report's own (columns Alibaba adds
/// later, kept as TEXT), over every loaded report together. A credential report adds a few at
/// most; a header with more is another kind of CSV, and is refused by name before SQLite's own
/// limit (2,000 columns) would refuse it with its internal table's name.
pub const MAX_EXTRA_COLUMNS: usize = 100;

/// The longest name (in characters) of a column a report adds that the table keeps; a header
/// field with a longer name is not a column Alibaba would add, and is ignored with a warning.
pub const MAX_EXTRA_COLUMN_NAME: usize = 64;

/// How a column's text from the CSV becomes a SQLite value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Kept as written (only `user_name`, `account_id`).
    Text,
    /// `TRUE`/`FALSE` (any case, also yes/no/1/0) → INTEGER 0/1.
    Bool,
    /// ISO 8601 → TEXT `YYYY-MM-DD HH:MM:SS` in UTC.
    Timestamp,
}

impl Kind {
    /// The SQLite storage type of the column.
    pub fn sqlite_type(self) -> &'static str {
        match self {
            Kind::Text | Kind::Timestamp => "TEXT",
            Kind::Bool => "INTEGER",
        }
    }

    /// The type Steampipe declares for the column.
    pub fn steampipe_type(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Bool => "boolean",
            Kind::Timestamp => "timestamp with time zone",
        }
    }
}

/// Where a column's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "field")]
pub enum Source {
    /// A field of the CSV, by its header name.
    Csv(&'static str),
    /// The API's `GeneratedTime`, or what the user says.
    GeneratedTime,
    /// The account: what the user says, else the numeric UPN domain the users share.
    AccountId,
}

/// One column of the table.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub source: Source,
    pub description: &'static str,
}

impl Column {
    pub fn sqlite_type(&self) -> &'static str {
        self.kind.sqlite_type()
    }
    pub fn steampipe_type(&self) -> &'static str {
        self.kind.steampipe_type()
    }
}

const fn csv(
    name: &'static str,
    csv_field: &'static str,
    kind: Kind,
    description: &'static str,
) -> Column {
    Column {
        name,
        kind,
        source: Source::Csv(csv_field),
        description,
    }
}

use Kind::{Bool, Text, Timestamp};

/// The user name of the account's own line (its root).
pub const ROOT_USER: &str = "<root>";

/// Steampipe's 30 columns, in Steampipe's order.
pub const COLUMNS: [Column; 30] = [
    csv(
        "user_name",
        "user",
        Text,
        "The RAM user's logon name (UPN), or <root> for the account itself.",
    ),
    csv(
        "password_exist",
        "password_exist",
        Bool,
        "Whether the user has a console logon password.",
    ),
    csv(
        "password_active",
        "password_active",
        Bool,
        "Whether the console password is enabled (NULL when there is none or logon is disabled).",
    ),
    csv(
        "mfa_active",
        "mfa_active",
        Bool,
        "Whether an MFA device is bound and active for console logon.",
    ),
    csv(
        "user_creation_time",
        "user_creation_time",
        Timestamp,
        "When the user was created (UTC).",
    ),
    csv(
        "user_last_logon",
        "user_last_logon",
        Timestamp,
        "When the user last logged on to the console (UTC); NULL if never.",
    ),
    csv(
        "password_last_changed",
        "password_last_changed",
        Timestamp,
        "When the console password was last changed (UTC).",
    ),
    csv(
        "password_next_rotation",
        "password_next_rotation",
        Timestamp,
        "When the password policy requires the next password change (UTC).",
    ),
    csv(
        "access_key_1_exist",
        "access_key_1_exist",
        Bool,
        "Whether the user has a first access key.",
    ),
    csv(
        "access_key_1_active",
        "access_key_1_active",
        Bool,
        "Whether the first access key is enabled.",
    ),
    csv(
        "access_key_1_last_rotated",
        "access_key_1_last_rotated",
        Timestamp,
        "When the first access key was created or last rotated (UTC).",
    ),
    csv(
        "access_key_1_last_used",
        "access_key_1_last_used",
        Timestamp,
        "When the first access key was last used (UTC); NULL if never.",
    ),
    csv(
        "access_key_2_exist",
        "access_key_2_exist",
        Bool,
        "Whether the user has a second access key.",
    ),
    csv(
        "access_key_2_active",
        "access_key_2_active",
        Bool,
        "Whether the second access key is enabled.",
    ),
    csv(
        "access_key_2_last_rotated",
        "access_key_2_last_rotated",
        Timestamp,
        "When the second access key was created or last rotated (UTC).",
    ),
    csv(
        "access_key_2_last_used",
        "access_key_2_last_used",
        Timestamp,
        "When the second access key was last used (UTC); NULL if never.",
    ),
    csv(
        "additional_access_key_1_exist",
        "additional_access_key_1_exist",
        Bool,
        "Whether the user has a third access key.",
    ),
    csv(
        "additional_access_key_1_active",
        "additional_access_key_1_active",
        Bool,
        "Whether the third access key is enabled.",
    ),
    csv(
        "additional_access_key_1_last_rotated",
        "additional_access_key_1_last_rotated",
        Timestamp,
        "When the third access key was created or last rotated (UTC).",
    ),
    csv(
        "additional_access_key_1_last_used",
        "additional_access_key_1_last_used",
        Timestamp,
        "When the third access key was last used (UTC); NULL if never.",
    ),
    csv(
        "additional_access_key_2_exist",
        "additional_access_key_2_exist",
        Bool,
        "Whether the user has a fourth access key.",
    ),
    csv(
        "additional_access_key_2_active",
        "additional_access_key_2_active",
        Bool,
        "Whether the fourth access key is enabled.",
    ),
    csv(
        "additional_access_key_2_last_rotated",
        "additional_access_key_2_last_rotated",
        Timestamp,
        "When the fourth access key was created or last rotated (UTC).",
    ),
    csv(
        "additional_access_key_2_last_used",
        "additional_access_key_2_last_used",
        Timestamp,
        "When the fourth access key was last used (UTC); NULL if never.",
    ),
    csv(
        "additional_access_key_3_exist",
        "additional_access_key_3_exist",
        Bool,
        "Whether the user has a fifth access key.",
    ),
    csv(
        "additional_access_key_3_active",
        "additional_access_key_3_active",
        Bool,
        "Whether the fifth access key is enabled.",
    ),
    csv(
        "additional_access_key_3_last_rotated",
        "additional_access_key_3_last_rotated",
        Timestamp,
        "When the fifth access key was created or last rotated (UTC).",
    ),
    csv(
        "additional_access_key_3_last_used",
        "additional_access_key_3_last_used",
        Timestamp,
        "When the fifth access key was last used (UTC); NULL if never.",
    ),
    Column {
        name: "generated_time",
        kind: Timestamp,
        source: Source::GeneratedTime,
        description:
            "When Alibaba Cloud generated the report (UTC); NULL for a file that does not say.",
    },
    Column {
        name: "account_id",
        kind: Text,
        source: Source::AccountId,
        description:
            "The Alibaba Cloud account the report belongs to; NULL when it cannot be told.",
    },
];

/// The 28 CSV fields in the order Alibaba Cloud writes them.
pub const CSV_FIELDS: [&str; 28] = [
    "user",
    "user_creation_time",
    "user_last_logon",
    "password_exist",
    "password_active",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_exist",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used",
    "access_key_2_exist",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used",
    "additional_access_key_1_exist",
    "additional_access_key_1_active",
    "additional_access_key_1_last_rotated",
    "additional_access_key_1_last_used",
    "additional_access_key_2_exist",
    "additional_access_key_2_active",
    "additional_access_key_2_last_rotated",
    "additional_access_key_2_last_used",
    "additional_access_key_3_exist",
    "additional_access_key_3_active",
    "additional_access_key_3_last_rotated",
    "additional_access_key_3_last_used",
];

/// Index of the `generated_time` column in [`COLUMNS`].
pub const GENERATED_TIME: usize = 28;
/// Index of the `account_id` column in [`COLUMNS`].
pub const ACCOUNT_ID: usize = 29;

/// The column a CSV header field fills, if it is one we know.
pub fn column_for_csv_field(field: &str) -> Option<usize> {
    COLUMNS.iter().position(|c| match c.source {
        Source::Csv(f) => f == field,
        _ => false,
    })
}

/// `CREATE TABLE` for the table, columns in Steampipe order.
pub fn create_table_sql() -> String {
    let cols: Vec<String> = COLUMNS
        .iter()
        .map(|c| {
            format!(
                "  {} {}{}",
                c.name,
                c.sqlite_type(),
                if c.name == "user_name" {
                    " NOT NULL"
                } else {
                    ""
                }
            )
        })
        .collect();
    format!("CREATE TABLE {TABLE} (\n{}\n)", cols.join(",\n"))
}

/// The table of changes between consecutive reports of each account, present (empty) always
/// and, whenever a query reads it, holding every change of each account with two or more
/// reports with known generation times (`Database::query` works out what loads made new first).
pub const CHANGES_TABLE: &str = "alicloud_ram_credential_report_changes";

/// The changes table's columns: name, SQLite type, description.
pub const CHANGES_COLUMNS: [(&str, &str, &str); 9] = [
    ("account_id", "TEXT", "The account both reports are of."),
    ("old_generated_time", "TEXT", "When the older report was generated (UTC)."),
    ("new_generated_time", "TEXT", "When the newer report was generated (UTC)."),
    ("change", "TEXT", "What changed: user-added, user-removed, console-enabled, console-disabled, mfa-enabled, mfa-disabled, key-created, key-deleted, key-activated, key-deactivated, key-rotated, password-changed, first-logon, check-alarm or check-resolved."),
    ("user_name", "TEXT", "The user the change is about."),
    ("concerns", "TEXT", "The access key slot or column it concerns, when one."),
    ("check_id", "TEXT", "The check, for check-alarm and check-resolved."),
    ("before", "TEXT", "The value in the older report (a check's status and reason)."),
    ("after", "TEXT", "The value in the newer report."),
];

/// `CREATE TABLE` for [`CHANGES_TABLE`].
pub fn changes_table_sql() -> String {
    let cols: Vec<String> = CHANGES_COLUMNS
        .iter()
        .map(|(name, ty, _)| format!("{name} {ty}"))
        .collect();
    format!("CREATE TABLE {CHANGES_TABLE} ({});", cols.join(", "))
}

/// One row per access key that exists, every slot (the two access keys and the three
/// additional ones), beside the table: a key question is a `where` on this view, not a five-way
/// union. The table itself stays exactly Steampipe's.
pub const KEYS_VIEW: &str = "alicloud_ram_access_key";

/// The key view's columns: name, SQLite type, Steampipe-style type, description.
pub const KEYS_COLUMNS: [(&str, &str, &str, &str); 7] = [
    ("account_id", "TEXT", "text", "The account the user belongs to."),
    ("user_name", "TEXT", "text", "The user the key belongs to (`<root>` for the account itself)."),
    ("key_slot", "TEXT", "text", "Which of the report's key slots: access_key_1, access_key_2, additional_access_key_1, additional_access_key_2 or additional_access_key_3."),
    ("active", "INTEGER", "bool", "Whether the key is active (1) or disabled (0)."),
    ("last_rotated", "TEXT", "timestamp", "When the key was created or last rotated (UTC)."),
    ("last_used", "TEXT", "timestamp", "When the key was last used (UTC); NULL if never."),
    ("generated_time", "TEXT", "timestamp", "When the report the row comes from was generated (UTC)."),
];

/// The report's five key slots, as the table's columns name them.
pub(crate) const KEY_SLOTS: [&str; 5] = [
    "access_key_1",
    "access_key_2",
    "additional_access_key_1",
    "additional_access_key_2",
    "additional_access_key_3",
];

/// `CREATE VIEW` for [`KEYS_VIEW`].
pub fn keys_view_sql() -> String {
    let parts: Vec<String> = KEY_SLOTS
        .iter()
        .map(|s| {
            format!(
                "SELECT account_id, user_name, '{s}' AS key_slot, {s}_active AS active, \
                 {s}_last_rotated AS last_rotated, {s}_last_used AS last_used, generated_time \
                 FROM {TABLE} WHERE {s}_exist = 1"
            )
        })
        .collect();
    format!("CREATE VIEW {KEYS_VIEW} AS {};", parts.join(" UNION ALL "))
}

/// The table's rows of each account's latest report ([`crate::latest`]): what the checks and the
/// overview judge, so a review with last month's report loaded beside this month's counts each
/// user once. The table's own columns; every row when no older report is loaded.
pub const LATEST_VIEW: &str = "alicloud_ram_credential_report_latest";

/// `CREATE VIEW` for [`LATEST_VIEW`]: the rows of the reports `kept`, or every row when `kept`
/// is `None` (no report is another's older one). A report is named by its rows' `rowid`s (first
/// and last: a report's rows are inserted together, [`crate::Database`]), so SQLite reads only
/// those rows, not every loaded report's, and nothing a report says is ever written into SQL.
pub fn latest_view_sql(kept: Option<&[(i64, i64)]>) -> String {
    let filter = match kept {
        None => String::new(),
        Some(kept) => format!(" WHERE {}", rowid_filter(kept)),
    };
    format!("DROP VIEW IF EXISTS {LATEST_VIEW}; CREATE VIEW {LATEST_VIEW} AS SELECT * FROM {TABLE}{filter};")
}

/// A condition that holds for the rows whose `rowid` is in one of `ranges` (first and last,
/// inclusive; ranges next to each other are one), for none when there are none.
pub(crate) fn rowid_filter(ranges: &[(i64, i64)]) -> String {
    let mut sorted = ranges.to_vec();
    sorted.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::new();
    for (first, last) in sorted.into_iter().filter(|(f, l)| f <= l) {
        match merged.last_mut() {
            Some(m) if first <= m.1.saturating_add(1) => m.1 = m.1.max(last),
            _ => merged.push((first, last)),
        }
    }
    if merged.is_empty() {
        return "0".to_owned();
    }
    let each: Vec<String> = merged
        .iter()
        .map(|(first, last)| format!("rowid BETWEEN {first} AND {last}"))
        .collect();
    each.join(" OR ")
}

/// The tables a query can read: the report's, its rows of each account's latest report, the
/// changes between its reports, and the view of its access keys.
pub const TABLES: [&str; 4] = [TABLE, LATEST_VIEW, CHANGES_TABLE, KEYS_VIEW];

/// A table's columns as a result (`column`, `sqlite_type`, `steampipe_type`, `description`):
/// what `credreport schema` prints. `None` for a table that does not exist.
pub fn describe(table: &str) -> Option<crate::results::QueryResult> {
    use crate::results::{QueryResult, Value};
    let text = |s: &str| Value::Text(s.to_owned());
    let rows: Vec<Vec<Value>> = if table == TABLE || table == LATEST_VIEW {
        COLUMNS
            .iter()
            .map(|c| {
                vec![
                    text(c.name),
                    text(c.sqlite_type()),
                    text(c.steampipe_type()),
                    text(c.description),
                ]
            })
            .collect()
    } else if table == CHANGES_TABLE {
        CHANGES_COLUMNS
            .iter()
            .map(|(name, ty, description)| {
                vec![text(name), text(ty), text("text"), text(description)]
            })
            .collect()
    } else if table == KEYS_VIEW {
        KEYS_COLUMNS
            .iter()
            .map(|(name, ty, steampipe, description)| {
                vec![text(name), text(ty), text(steampipe), text(description)]
            })
            .collect()
    } else {
        return None;
    };
    Some(QueryResult {
        columns: ["column", "sqlite_type", "steampipe_type", "description"]
            .map(String::from)
            .to_vec(),
        rows,
        truncated: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_latest_view_names_its_reports_by_their_rows_each_range_once() {
        assert_eq!(
            latest_view_sql(None),
            format!("DROP VIEW IF EXISTS {LATEST_VIEW}; CREATE VIEW {LATEST_VIEW} AS SELECT * FROM {TABLE};")
        );
        // Two reports inserted one after the other are one range; an empty one is none.
        let sql = latest_view_sql(Some(&[(12, 12), (5, 9), (1, 4), (20, 19)]));
        assert!(
            sql.ends_with(" WHERE rowid BETWEEN 1 AND 9 OR rowid BETWEEN 12 AND 12;"),
            "{sql}"
        );
        assert!(latest_view_sql(Some(&[])).ends_with(" WHERE 0;"));
    }
}
