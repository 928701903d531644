//! The core's behaviour as a user meets it: every input form and quirk, every refusal, the seed's
//! queries on the sample report, read-only queries and deadlines. Runs natively and, through
//! wasm-bindgen-test, in headless Chromium.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
use sqlite_wasm_rs as _;

use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use credreport_core::sample::{sample_csv, SAMPLE_ACCOUNT_ID};
use credreport_core::*;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(clock() as i64).unwrap()
}

#[cfg(not(target_arch = "wasm32"))]
fn clock() -> f64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0
}

#[cfg(target_arch = "wasm32")]
fn clock() -> f64 {
    js_sys::Date::now()
}

const HEADER: &str = "user,user_creation_time,user_last_logon,password_exist,password_active,password_last_changed,password_next_rotation,mfa_active,access_key_1_exist,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used,access_key_2_exist,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used,additional_access_key_1_exist,additional_access_key_1_active,additional_access_key_1_last_rotated,additional_access_key_1_last_used,additional_access_key_2_exist,additional_access_key_2_active,additional_access_key_2_last_rotated,additional_access_key_2_last_used,additional_access_key_3_exist,additional_access_key_3_active,additional_access_key_3_last_rotated,additional_access_key_3_last_used";
const ROOT: &str = "<root>,2019-11-11T12:33:18Z,2024-05-01T08:00:00Z,TRUE,TRUE,2023-01-01T00:00:00Z,N/A,FALSE,TRUE,TRUE,2020-01-01T00:00:00Z,2024-04-30T00:00:00Z,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A";
const ALICE: &str = "alice@1234567890123456.onaliyun.com,2020-02-02T02:02:02Z,-,TRUE,TRUE,2020-02-02T02:02:02Z,2020-05-02T02:02:02Z,TRUE,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A";

fn report(rows: &[&str]) -> String {
    let mut s = format!("{HEADER}\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

fn load(text: &str) -> (Database, LoadSummary) {
    load_with(text, &LoadOptions::default())
}

fn load_with(text: &str, opts: &LoadOptions) -> (Database, LoadSummary) {
    let mut db = Database::new().unwrap();
    let summary = db
        .load(&[Input::new("report.csv", text.as_bytes())], opts)
        .unwrap();
    (db, summary)
}

/// Rows of a query as text, NULL as `NULL`: what a user reads off a table.
fn rows(db: &mut Database, sql: &str) -> Vec<Vec<String>> {
    let r = db
        .query(sql, &QueryOptions::default())
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    r.rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|v| v.as_text().unwrap_or_else(|| "NULL".into()))
                .collect()
        })
        .collect()
}

fn col(db: &mut Database, sql: &str) -> Vec<String> {
    rows(db, sql)
        .into_iter()
        .map(|r| r.into_iter().next().unwrap())
        .collect()
}

fn refused(name: &str, bytes: &[u8]) -> String {
    let mut db = Database::new().unwrap();
    db.load(&[Input::new(name, bytes)], &LoadOptions::default())
        .unwrap_err()
        .to_string()
}

fn sample_db() -> Database {
    let mut db = Database::new().unwrap();
    let csv = sample_csv(now());
    db.load(
        &[Input::new("sample.csv", csv.as_bytes())],
        &LoadOptions::default(),
    )
    .unwrap();
    db
}

fn canned_rows(db: &mut Database, name: &str) -> Vec<Vec<String>> {
    rows(db, canned(name).unwrap().sql)
}

fn upn(name: &str) -> String {
    format!("{name}@{SAMPLE_ACCOUNT_ID}.onaliyun.com")
}

// ---------------------------------------------------------------- the seed's examples

#[test]
fn seed_logged_in_last_90_days() {
    let mut db = sample_db();
    let mut users: Vec<String> = canned_rows(&mut db, "logged-in-last-90-days")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    users.sort();
    assert_eq!(
        users,
        ["<root>".to_owned(), upn("alice.sample"), upn("frank.mfa")]
    );
}

#[test]
fn seed_not_logged_in_90_days_oldest_first() {
    let mut db = sample_db();
    let r = canned_rows(&mut db, "not-logged-in-90-days");
    let users: Vec<&str> = r.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(users, [upn("judy.former"), upn("bob.dormant")]);
    let ages: Vec<f64> = r.iter().map(|r| r[2].parse().unwrap()).collect();
    assert!((ages[0] - 400.125).abs() < 0.01, "{ages:?}");
    assert!((ages[1] - 200.125).abs() < 0.01, "{ages:?}");
}

#[test]
fn seed_console_never_logged_in() {
    let mut db = sample_db();
    let mut users = col(&mut db, canned("console-never-logged-in").unwrap().sql);
    users.sort();
    // erin's logon is LOGIN_DISABLED, which is NULL: she has never logged on with that password either.
    assert_eq!(users, [upn("carol.newhire"), upn("erin.disabled")]);
}

#[test]
fn seed_access_keys_older_than_90_days() {
    let mut db = sample_db();
    let r = canned_rows(&mut db, "access-keys-older-90-days");
    let users: Vec<&str> = r.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        users,
        [
            "<root>".to_owned(),
            upn("bob.dormant"),
            upn("dave.automation")
        ]
    );
    // bob's second key is 20 days old; dave's are 100 and 95.
    let dave = &r[2];
    assert!((dave[2].parse::<f64>().unwrap() - 100.125).abs() < 0.01);
    assert!((dave[4].parse::<f64>().unwrap() - 95.125).abs() < 0.01);
    assert!((r[1][4].parse::<f64>().unwrap() - 20.125).abs() < 0.01);
}

#[test]
fn seed_console_without_mfa() {
    let mut db = sample_db();
    let r = canned_rows(&mut db, "console-without-mfa");
    let mut got: Vec<Vec<String>> = r;
    got.sort();
    let want = |u: &str| vec![u.to_owned(), "0".into(), "1".into(), "1".into()];
    assert_eq!(
        got,
        [
            want("<root>"),
            want(&upn("bob.dormant")),
            want(&upn("carol.newhire"))
        ]
    );
}

#[test]
fn seed_root_mfa() {
    let mut db = sample_db();
    assert_eq!(canned_rows(&mut db, "root-mfa"), [["<root>", "0"]]);
}

#[test]
fn sample_rows_map_every_column() {
    let mut db = sample_db();
    assert_eq!(db.row_count(), 10);
    let r = rows(&mut db, "select account_id, count(*), count(generated_time) from alicloud_ram_credential_report group by 1");
    assert_eq!(r, [[SAMPLE_ACCOUNT_ID, "10", "0"]]);
    let erin = rows(&mut db, &format!("select password_exist, password_active, mfa_active, user_last_logon from alicloud_ram_credential_report where user_name = '{}'", upn("erin.disabled")));
    assert_eq!(erin, [["1", "NULL", "NULL", "NULL"]]);
}

// ---------------------------------------------------------------- value forms and quirks

#[test]
fn every_quirk_of_real_files_loads() {
    // BOM, CRLF, lower-case booleans, columns in another order, a trailing empty line,
    // timestamps with offsets and fractions, an extra column.
    let text = "\u{feff}user_last_logon,user,password_exist,mfa_active,user_creation_time,password_active,risk_level\r\n\
        2024-05-01T16:00:00+08:00,alice@1234567890123456.onaliyun.com,true,false,2020-02-02T02:02:02.250Z,True,high\r\n\
        -,<root>,TRUE,yes,2019-11-11T12:33:18Z,1,N/A\r\n\r\n";
    let (mut db, summary) = load(text);
    let r = rows(&mut db, "select user_name, user_last_logon, password_exist, password_active, mfa_active, user_creation_time, account_id, risk_level from alicloud_ram_credential_report order by user_name");
    assert_eq!(
        r,
        [
            [
                "<root>",
                "NULL",
                "1",
                "1",
                "1",
                "2019-11-11 12:33:18",
                "1234567890123456",
                "NULL"
            ],
            [
                "alice@1234567890123456.onaliyun.com",
                "2024-05-01 08:00:00",
                "1",
                "1",
                "0",
                "2020-02-02 02:02:02",
                "1234567890123456",
                "high"
            ],
        ]
    );
    let warnings: Vec<String> = summary.warnings().map(|w| w.to_string()).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("column risk_level")
                && w.contains("kept as text column `risk_level`")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w
            .starts_with("report.csv line 1: the header has no columns `password_last_changed`, ")
            && w.ends_with(
                " and `additional_access_key_3_last_used`; each is NULL for every user"
            )),
        "{warnings:?}"
    );
    assert_eq!(db.columns().len(), 31);
    assert_eq!(db.columns()[..30], COLUMNS.map(|c| c.name.to_owned()));
}

/// A header lacking columns (an older report has no additional keys): one warning names them
/// all, instead of one line each.
#[test]
fn the_columns_a_header_lacks_are_named_in_one_warning() {
    let csv = sample_csv(now());
    let without_mfa: String = csv
        .lines()
        .map(|l| {
            let mut fields: Vec<&str> = l.split(',').collect();
            fields.remove(7);
            fields.join(",") + "\n"
        })
        .collect();
    let (_, summary) = load(&without_mfa);
    let said: Vec<String> = summary.warnings().map(|w| w.to_string()).collect();
    assert_eq!(
        said,
        ["report.csv line 1: the header has no `mfa_active` column; it is NULL for every user"]
    );
}

#[test]
fn booleans_are_integers_and_timestamps_sqlite_text() {
    let (mut db, summary) = load(&report(&[ROOT, ALICE]));
    assert_eq!(summary.warnings().count(), 0);
    let r = rows(&mut db, "select typeof(password_exist), typeof(user_creation_time), typeof(user_last_logon), user_creation_time, date(user_creation_time) from alicloud_ram_credential_report where user_name = '<root>'");
    assert_eq!(
        r,
        [[
            "integer",
            "text",
            "text",
            "2019-11-11 12:33:18",
            "2019-11-11"
        ]]
    );
    assert_eq!(
        col(
            &mut db,
            "select user_name from alicloud_ram_credential_report where user_last_logon is null"
        ),
        [ALICE.split(',').next().unwrap()]
    );
}

#[test]
fn a_value_that_fits_no_rule_is_reported_with_line_column_and_value() {
    let bad = ALICE.replacen(",TRUE,FALSE,", ",maybe,FALSE,", 1).replacen(
        "2020-02-02T02:02:02Z",
        "last tuesday",
        1,
    );
    let (mut db, summary) = load(&report(&[ROOT, &bad]));
    let w: Vec<String> = summary.warnings().map(|w| w.to_string()).collect();
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(w[0].starts_with("report.csv line 3, column user_creation_time, value \"last tuesday\": expected an ISO 8601 time"), "{}", w[0]);
    assert!(w[0].ends_with("loaded as NULL"));
    assert!(
        w[1].starts_with(
            "report.csv line 3, column mfa_active, value \"maybe\": expected TRUE or FALSE"
        ),
        "{}",
        w[1]
    );
    let r = rows(&mut db, "select user_creation_time, mfa_active from alicloud_ram_credential_report where user_name like 'alice%'");
    assert_eq!(r, [["NULL", "NULL"]]);
}

/// The csv crate numbers a record's line one short for every `\r\n` and every blank line
/// before it: a report saved on Windows sent the user to the line above the one at fault.
#[test]
fn warnings_name_the_line_an_editor_shows_after_crlf_and_blank_lines() {
    let bad = ALICE.replacen(",TRUE,FALSE,", ",maybe,FALSE,", 1);
    let bob = ALICE.replacen("alice", "bob", 1);
    // Line 1 the header, 2 the root, 3 blank, 4 Bob, 5 the bad value.
    for end in ["\r\n", "\n", "\r"] {
        let text = [HEADER, ROOT, "", &bob, &bad, ""].join(end);
        let (_db, summary) = load(&text);
        let w: Vec<String> = summary.warnings().map(|w| w.to_string()).collect();
        assert_eq!(w.len(), 1, "{end:?}: {w:?}");
        assert!(
            w[0].starts_with("report.csv line 5, column mfa_active, value \"maybe\""),
            "{end:?}: {}",
            w[0]
        );
    }
    // A header after blank lines is where its warnings point.
    let text = format!("\r\n\r\n{},nickname,nickname\r\n{ROOT},a,b\r\n", HEADER);
    let (_db, summary) = load(&text);
    let w: Vec<String> = summary.warnings().map(|w| w.to_string()).collect();
    assert!(
        w.iter()
            .any(|w| w.starts_with("report.csv line 3, column nickname:")),
        "{w:?}"
    );
}

#[test]
fn short_and_long_rows_are_reported() {
    let short = "bob@1234567890123456.onaliyun.com,2020-02-02T02:02:02Z,-,TRUE";
    let long = format!("{ALICE},surprise");
    let (mut db, summary) = load(&report(&[ROOT, short, &long]));
    let w: Vec<String> = summary.warnings().map(|w| w.to_string()).collect();
    assert!(
        w.iter().any(|w| w.starts_with(
            "report.csv line 3: the row has 4 fields, the header 28; the missing ones are NULL"
        )),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|w| w.starts_with("report.csv line 4, value \"surprise\": the row has 29 fields")),
        "{w:?}"
    );
    assert_eq!(db.row_count(), 3);
    assert_eq!(rows(&mut db, "select password_exist, mfa_active from alicloud_ram_credential_report where user_name like 'bob%'"), [["1", "NULL"]]);
}

#[test]
fn a_row_without_a_user_is_skipped_and_reported() {
    let nameless = ALICE.replacen("alice@1234567890123456.onaliyun.com", "", 1);
    let (db, summary) = load(&report(&[ROOT, &nameless]));
    assert_eq!(db.row_count(), 1);
    assert!(summary
        .warnings()
        .any(|w| w.line == Some(3) && w.message.contains("no user name")));
}

/// Regression: two reports joined into one file (`cat october.csv november.csv`) loaded as one
/// report: the second header became a user named `user` with 27 warnings, and every user
/// counted twice, October's rows judged as if November's. The file is refused, saying where
/// and what to do; a header repeated at the top of a later page is still the page's header.
#[test]
fn a_file_of_reports_joined_into_one_is_refused_at_its_second_header() {
    let csv = sample_csv(now());
    let joined = format!("{csv}{}", csv.replace("user,", "\u{feff}User,"));
    assert_eq!(
        refused("both.csv", joined.as_bytes()),
        "both.csv: line 12 is a header again, so the file holds more than one report (files joined into one?); load each report as a file of its own (several can be loaded together), so that each is judged as of its own time and no user counts twice"
    );
    let mut db = Database::new().unwrap();
    let (october, november) = (csv.clone(), csv.replace("2026-", "2027-"));
    let both = [
        Input::new("october.csv", october.as_bytes()),
        Input::new("november.csv", november.as_bytes()),
    ];
    let loaded = db.load(&both, &LoadOptions::default()).unwrap();
    assert_eq!(loaded.rows(), 20, "each file on its own loads");
}

/// Regression: the console's CSV opened in a spreadsheet and saved again comes back with every
/// time rewritten (`11/24/2026 06:16`). Each loaded as NULL with a warning, and the checks
/// judged the NULLs: the root account, which had logged on ten days before, "has not logged on
/// to the console" (CIS 1.1 ok), and users who had were "never logged on". Not one time read is
/// refused, saying where and what to do; one odd time among times that read is a warning.
#[test]
fn a_report_whose_times_a_spreadsheet_rewrote_is_refused() {
    let csv = sample_csv(now());
    let rewritten: String = csv
        .split(',')
        .map(|field| match parse_iso(field) {
            Some(t) => t.format("%m/%d/%Y %H:%M").to_string(),
            None => field.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(",");
    let said = refused("report.csv", rewritten.as_bytes());
    assert!(
        said.starts_with("report.csv: not one of its times reads as the credential report writes them (line 2, column user_creation_time: \""),
        "{said}"
    );
    assert!(
        said.ends_with("a spreadsheet may have rewritten them, and a logon it cannot read would be judged as none: load the report as the RAM console downloads it (Credential report → Download), or as `credreport fetch` writes it"),
        "{said}"
    );
    // One user's logon rewritten: that one is a warning, and the rest loads.
    let lines: Vec<&str> = csv.lines().collect();
    let odd = lines[2].replacen('T', " at ", 2);
    let (db, summary) = load(&[lines[0], lines[1], &odd].join("\n"));
    assert_eq!(db.row_count(), 2);
    assert!(summary.warnings().any(|w| w.line == Some(3)));
}

fn parse_iso(field: &str) -> Option<DateTime<Utc>> {
    field.trim().parse().ok()
}

#[test]
fn naive_times_are_read_as_utc_and_said_so() {
    let r = ROOT.replacen("2019-11-11T12:33:18Z", "2019-11-11 12:33:18", 1);
    let (mut db, summary) = load(&report(&[&r]));
    assert!(summary
        .warnings()
        .any(|w| w.message.contains("read as UTC")));
    assert_eq!(
        col(
            &mut db,
            "select user_creation_time from alicloud_ram_credential_report"
        ),
        ["2019-11-11 12:33:18"]
    );
}

// ---------------------------------------------------------------- account and generation time

#[test]
fn account_id_from_the_users_numeric_domain_reaches_root_too() {
    let (mut db, _) = load(&report(&[ROOT, ALICE]));
    assert_eq!(
        col(
            &mut db,
            "select distinct account_id from alicloud_ram_credential_report"
        ),
        ["1234567890123456"]
    );
}

#[test]
fn alias_domains_give_no_account_unless_told() {
    let alias = ALICE.replace("1234567890123456.onaliyun.com", "corp-alias.onaliyun.com");
    let (mut db, _) = load(&report(&[ROOT, &alias]));
    assert_eq!(
        col(
            &mut db,
            "select distinct account_id from alicloud_ram_credential_report"
        ),
        ["NULL"]
    );
    let opts = LoadOptions {
        account_id: Some("5555".into()),
        generated_time: Some("2024-05-02T10:00:00+02:00".into()),
    };
    let (mut db, _) = load_with(&report(&[ROOT, &alias]), &opts);
    assert_eq!(
        rows(
            &mut db,
            "select distinct account_id, generated_time from alicloud_ram_credential_report"
        ),
        [["5555", "2024-05-02 08:00:00"]]
    );
}

/// The domain a report's users log on at is kept, so that a report that names no account can
/// be told (perhaps) one account's with another (`alike`); only when every user shares it.
#[test]
fn the_logon_domain_its_users_share_is_kept() {
    let domain = |users: &[&str]| load(&report(users)).1.reports[0].logon_domain.clone();
    let alias = ALICE.replace("1234567890123456.onaliyun.com", "Corp-Alias.onaliyun.com");
    let bob = alias.replace("alice@", "bob@");
    assert_eq!(
        domain(&[ROOT, &alias, &bob]).as_deref(),
        Some("corp-alias.onaliyun.com")
    );
    assert_eq!(
        domain(&[ROOT, ALICE]).as_deref(),
        Some("1234567890123456.onaliyun.com")
    );
    // A default domain may hold dots and underscores (`SetDefaultDomain`).
    let dotted = ALICE.replace("1234567890123456.onaliyun.com", "eu.my_corp.onaliyun.com");
    assert_eq!(
        domain(&[ROOT, &dotted]).as_deref(),
        Some("eu.my_corp.onaliyun.com")
    );
    // Two domains, no domain, or one no alias can be: none.
    assert_eq!(domain(&[ROOT, ALICE, &alias]), None);
    assert_eq!(
        domain(&[
            ROOT,
            &ALICE.replace("alice@1234567890123456.onaliyun.com", "alice")
        ]),
        None
    );
    assert_eq!(
        domain(&[
            ROOT,
            &ALICE.replace("1234567890123456.onaliyun.com", "a/b.onaliyun.com")
        ]),
        None
    );
    assert_eq!(
        domain(&[
            ROOT,
            &ALICE.replace("1234567890123456.onaliyun.com", "example.com")
        ]),
        None
    );
    assert_eq!(domain(&[ROOT]), None);
}

#[test]
fn users_of_several_accounts_in_one_file_leave_account_null_with_a_warning() {
    let other = ALICE.replace("alice@1234567890123456", "zed@9999999999999999");
    let (mut db, summary) = load(&report(&[ROOT, ALICE, &other]));
    assert_eq!(
        col(
            &mut db,
            "select distinct account_id from alicloud_ram_credential_report"
        ),
        ["NULL"]
    );
    assert!(summary
        .warnings()
        .any(|w| w.message.contains("several accounts")));
}

#[test]
fn a_bad_option_is_refused() {
    let mut db = Database::new().unwrap();
    let opts = LoadOptions {
        generated_time: Some("soon".into()),
        ..Default::default()
    };
    let e = db
        .load(&[Input::new("r.csv", report(&[ROOT]).as_bytes())], &opts)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid generated time: \"soon\"; expected an ISO 8601 time such as 2024-05-01T08:00:00Z"
    );
}

// ---------------------------------------------------------------- JSON, pages, base64

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

fn api_page(csv: &str, truncated: bool, token: Option<&str>) -> String {
    let token = token
        .map(|t| format!(r#","NextToken":"{t}""#))
        .unwrap_or_default();
    format!(
        r#"{{"GeneratedTime":"2024-05-01T09:10:11Z","RequestId":"R-1","Content":"{}","IsTruncated":{truncated}{token}}}"#,
        b64(csv)
    )
}

#[test]
fn the_api_json_loads_with_its_generated_time() {
    let (mut db, summary) = load(&api_page(&report(&[ROOT, ALICE]), false, None));
    assert_eq!(summary.reports[0].form, Form::Json);
    assert_eq!(
        rows(
            &mut db,
            "select count(*), min(generated_time) from alicloud_ram_credential_report"
        ),
        [["2", "2024-05-01 09:10:11"]]
    );
}

#[test]
fn the_account_recorded_by_a_fetch_is_kept() {
    let alias = ALICE.replace("1234567890123456.onaliyun.com", "corp-alias.onaliyun.com");
    let page =
        api_page(&report(&[ROOT, &alias]), false, None).replacen('{', r#"{"AccountId":"5678","#, 1);
    let (mut db, _) = load(&page);
    assert_eq!(
        col(
            &mut db,
            "select distinct account_id from alicloud_ram_credential_report"
        ),
        ["5678"]
    );
}

#[test]
fn a_report_split_over_pages_loads_every_row_once() {
    let csv = sample_csv(now());
    let lines: Vec<&str> = csv.lines().collect();
    // Page 1 has the header; later pages have only rows (and one repeats the header).
    let p1 = lines[..4].join("\n");
    let p2 = lines[4..7].join("\n");
    let p3 = format!("{}\n{}", lines[0], lines[7..].join("\n"));
    let array = format!(
        "[{},{},{}]",
        api_page(&p1, true, Some("a")),
        api_page(&p2, true, Some("b")),
        api_page(&p3, false, None)
    );
    let (mut db, summary) = load(&array);
    assert_eq!(summary.reports.len(), 1);
    assert_eq!(summary.reports[0].pages, 3);
    assert_eq!(
        rows(
            &mut db,
            "select count(*), count(distinct user_name) from alicloud_ram_credential_report"
        ),
        [["10", "10"]]
    );

    // The same pages as three inputs.
    let mut db = Database::new().unwrap();
    let (a, b, c) = (
        api_page(&p1, true, Some("a")),
        api_page(&p2, true, Some("b")),
        api_page(&p3, false, None),
    );
    let inputs = [
        Input::new("p1.json", a.as_bytes()),
        Input::new("p2.json", b.as_bytes()),
        Input::new("p3.json", c.as_bytes()),
    ];
    let s = db.load(&inputs, &LoadOptions::default()).unwrap();
    assert_eq!((s.reports.len(), s.rows()), (1, 10));
}

/// Regression: the first page alone (what `aliyun ims GetCredentialReport` prints when the
/// report has more) loaded as the whole report, so the users of the pages not given were in no
/// query, and no check found anything wrong with them. The SPEC's warning about Steampipe's
/// plugin, which reads only the first page. A report whose last page given says more follow
/// is refused, saying what to give; so are pages given out of order.
#[test]
fn a_report_whose_last_page_given_says_more_follow_is_refused() {
    let csv = sample_csv(now());
    let lines: Vec<&str> = csv.lines().collect();
    let first = api_page(&lines[..6].join("\n"), true, Some("a"));
    // The last page repeating the header, so that it reads as a report of its own.
    let last = api_page(
        &format!("{}\n{}", lines[0], lines[6..].join("\n")),
        false,
        None,
    );
    let said = "p1.json: this page says more pages of the report follow (IsTruncated is true), and none was given after it; their users would be missing from every query and check: give every page, in order, in one load (`credreport fetch` reads them all)";
    assert_eq!(refused("p1.json", first.as_bytes()), said);
    let mut db = Database::new().unwrap();
    let backwards = [
        Input::new("p2.json", last.as_bytes()),
        Input::new("p1.json", first.as_bytes()),
    ];
    let e = db.load(&backwards, &LoadOptions::default()).unwrap_err();
    assert_eq!(e.to_string(), said);
    assert_eq!(db.row_count(), 0, "a refused load loads nothing");
}

/// Regression: a page given twice (the first page downloaded again, or pages that overlap)
/// was merged like any next page, so its users were counted twice, silently, in every query
/// and check. A user an earlier page gave is loaded once, and each line skipped is said.
#[test]
fn a_page_given_twice_does_not_count_its_users_twice() {
    let csv = sample_csv(now());
    let lines: Vec<&str> = csv.lines().collect();
    let (p1, p2) = (lines[..6].join("\n"), lines[6..].join("\n"));
    let first = api_page(&p1, true, Some("a"));
    let again = first.replace("R-1", "R-2");
    let last = api_page(&p2, false, None);
    let mut db = Database::new().unwrap();
    let inputs = [
        Input::new("p1.json", first.as_bytes()),
        Input::new("p1-again.json", again.as_bytes()),
        Input::new("p2.json", last.as_bytes()),
    ];
    let s = db.load(&inputs, &LoadOptions::default()).unwrap();
    assert_eq!((s.reports.len(), s.rows()), (1, 10));
    assert_eq!(
        rows(
            &mut db,
            "select count(*), count(distinct user_name) from alicloud_ram_credential_report"
        ),
        [["10", "10"]]
    );
    let said: Vec<String> = s.warnings().map(|w| w.to_string()).collect();
    assert_eq!(said.len(), 5, "{said:?}");
    assert_eq!(
        said[0],
        "p1-again.json line 2, column user: a user an earlier page of this report has already given (a page given twice?); not loaded twice"
    );
}

/// Regression: a user on two rows of one page (a file edited or two joined) loaded twice, and
/// every query and check counted that user twice, with no word of it. Both rows still load
/// (which is right cannot be told), and each row naming a user again is said, with its line
/// and the line that named the user first.
/// A report of several pages says it of its first page too.
#[test]
fn a_user_on_two_rows_of_one_page_is_said() {
    let alice_again = ALICE.replace(",true,", ",false,");
    let (mut db, summary) = load(&report(&[ROOT, ALICE, &alice_again, ALICE]));
    assert_eq!(
        rows(
            &mut db,
            "select count(*), count(distinct user_name) from alicloud_ram_credential_report"
        ),
        [["4", "2"]]
    );
    let said: Vec<String> = summary.warnings().map(|w| w.to_string()).collect();
    let alice = ALICE.split(',').next().unwrap();
    assert_eq!(
        said,
        [4, 5].map(|n| format!("report.csv line {n}, column user, value {alice:?}: this user is on line 3 too (a credential report names each user once, so the file was edited or joined); both rows are loaded, and queries and checks count the user once for each: load the report as the console gives it"))
    );
    // A report as the console gives it says nothing.
    let (_, summary) = load(&report(&[ROOT, ALICE]));
    assert!(summary.reports[0].warnings.is_empty());
    // Pages of the API: a user twice on the first page is said too.
    let csv = sample_csv(now());
    let lines: Vec<&str> = csv.lines().collect();
    let p1 = [&lines[..6], &lines[2..3]].concat().join("\n");
    let p2 = lines[6..].join("\n");
    let (p1, p2) = (api_page(&p1, true, Some("a")), api_page(&p2, false, None));
    let mut db = Database::new().unwrap();
    let inputs = [
        Input::new("p1.json", p1.as_bytes()),
        Input::new("p2.json", p2.as_bytes()),
    ];
    let s = db.load(&inputs, &LoadOptions::default()).unwrap();
    let said: Vec<String> = s.warnings().map(|w| w.to_string()).collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("p1.json line 7, column user, value ")
            && said[0].contains("this user is on line 3 too"),
        "{said:?}"
    );
}

#[test]
fn bare_base64_content_loads() {
    let (db, summary) = load(&b64(&report(&[ROOT, ALICE])));
    assert_eq!(summary.reports[0].form, Form::Base64);
    assert_eq!(db.row_count(), 2);
}

#[test]
fn sdk_answers_wrapped_in_body_load() {
    let wrapped = format!(
        r#"{{"headers":{{}},"statusCode":200,"body":{}}}"#,
        api_page(&report(&[ROOT]), false, None)
    );
    assert_eq!(load(&wrapped).0.row_count(), 1);
}

// ---------------------------------------------------------------- refusals

#[test]
fn inputs_that_are_not_reports_are_refused_with_what_was_expected() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("empty.csv", b"", "empty.csv: the file is empty; expected a credential report"),
        ("blank.csv", b"\xef\xbb\xbf \r\n", "blank.csv: the file is empty"),
        ("x.zip", b"PK\x03\x04rest", "x.zip: this is a ZIP archive, not a credential report; extract the CSV"),
        // Was "a ZIP archive; extract the CSV", which gives XML.
        ("x.xlsx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xmlPK\x03\x04xl/workbook.xml", "x.xlsx: this is an Excel workbook (.xlsx), not a credential report; load the report as the RAM console downloads it (CSV)"),
        ("x.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "x.xls: this is an Excel workbook (.xls), not a credential report"),
        ("x.bin", b"\x00\x01\x02abc", "x.bin: this is a binary file, not a credential report"),
        ("latin1.csv", b"user,caf\xe9\n", "latin1.csv: not UTF-8 text (invalid byte at offset 8)"),
        ("header.csv", HEADER.as_bytes(), "header.csv: the report has a header but no users"),
        ("nouser.csv", b"name,age\nbob,3\n", "nouser.csv: line 1 has no `user` column (found: name,age)"),
        ("prose.txt", b"hello there, friend", "prose.txt: line 1 has no `user` column"),
        ("notes.txt", b"just some notes", "notes.txt: not a credential report (it starts with \"just some notes\")"),
        // A spreadsheet's save, where the comma is the decimal mark, or as tab-separated text.
        ("saved.csv", b"user;user_creation_time\n<root>;2020-01-01\n", "saved.csv: its columns are separated by semicolons, not commas: a spreadsheet saved it so, and may have rewritten its times and values too; load the report as the RAM console downloads it"),
        ("saved.txt", b"\"user\"\tmfa_active\n", "saved.txt: its columns are separated by tabs, not commas"),
        (
            "expired.json",
            br#"{"RequestId":"R-9","HostId":"ims.aliyuncs.com","Code":"Expired.CredentialReport","Message":"The credential report has been expired."}"#,
            "expired.json: this is an error answer from Alibaba Cloud, not a report: Expired.CredentialReport: The credential report has been expired. (RequestId R-9) — the report has expired: generate a new one",
        ),
        ("gen.json", br#"{"RequestId":"R","State":"STARTED"}"#, "gen.json: this is the answer of GenerateCredentialReport"),
        ("other.json", br#"{"Users":[]}"#, "other.json: no \"Content\" field (found: Users)"),
        ("broken.json", b"{\"Content\": ", "broken.json: invalid JSON at line 1, column 12"),
        ("list.json", b"[]", "list.json: an empty JSON array"),
        ("badb64.json", br#"{"Content":"%%%"}"#, "badb64.json: the report content is not valid base64"),
        // Was "not a credential report (it starts with \"\")".
        ("nocontent.json", br#"{"GeneratedTime":"2026-12-01T00:00:00Z","Content":"","IsTruncated":false}"#, "nocontent.json: its \"Content\" is empty: the page holds no report"),
    ];
    for (name, bytes, want) in cases {
        let got = refused(name, bytes);
        assert!(got.starts_with(want), "{name}:\n got: {got}\nwant: {want}");
    }
}

#[test]
fn what_a_refused_json_says_is_quoted_in_part_never_printed_back_whole() {
    // A 200 KB GeneratedTime, error Message or key came back whole in the error.
    let long = "x".repeat(200 * 1024);
    let shown = format!("{}… (200 KB in all)", "x".repeat(100));
    let content = base64::engine::general_purpose::STANDARD.encode(report(&[ROOT]));
    let cases = [
        format!(r#"{{"GeneratedTime":"{long}","Content":"{content}"}}"#),
        format!(r#"{{"Code":"Throttling","Message":"{long}"}}"#),
        format!(r#"{{"{long}":1}}"#),
    ];
    for json in cases {
        let got = refused("odd.json", json.as_bytes());
        assert!(got.contains(&shown) && got.len() < 500, "{got}");
    }
}

#[test]
fn a_refused_load_leaves_the_loaded_data_untouched() {
    let (mut db, _) = load(&report(&[ROOT, ALICE]));
    let before = rows(
        &mut db,
        "select * from alicloud_ram_credential_report order by 1",
    );
    let good = report(&[ROOT]);
    // A good file followed by a bad one: all or nothing.
    let e = db.load(
        &[
            Input::new("good.csv", good.as_bytes()),
            Input::new("bad.csv", b"\x00"),
        ],
        &LoadOptions::default(),
    );
    assert!(e.is_err());
    assert_eq!(
        rows(
            &mut db,
            "select * from alicloud_ram_credential_report order by 1"
        ),
        before
    );
}

/// A report whose header adds `names` columns (`<prefix>0`, `<prefix>1`, …), each row a value in
/// each: what a CSV of another kind, or a report with columns added by hand, looks like.
fn with_added_columns(rows: &[&str], prefix: &str, names: usize) -> String {
    let added: Vec<String> = (0..names).map(|i| format!("{prefix}{i}")).collect();
    let mut s = format!("{HEADER},{}\n", added.join(","));
    for r in rows {
        s.push_str(&format!("{r},{}\n", vec!["v"; names].join(",")));
    }
    s
}

#[test]
fn a_header_adding_more_columns_than_the_table_keeps_is_refused_by_name() {
    // SQLite refused 2,100 added columns itself, naming its internal table
    // ("too many columns on sqlite_altertab_…"), after a warning for each column.
    let limit = credreport_core::schema::MAX_EXTRA_COLUMNS;
    for added in [limit + 1, 2_100] {
        let got = refused(
            "wide.csv",
            with_added_columns(&[ROOT], "x", added).as_bytes(),
        );
        assert!(
            got.starts_with(&format!(
                "wide.csv: the header has {added} columns a credential report does not have, more than the {limit} the table keeps"
            )) && got.contains("load the credential report itself"),
            "{got}"
        );
    }
    let (db, _) = load(&with_added_columns(&[ROOT, ALICE], "x", limit));
    assert_eq!(db.columns().len(), COLUMNS.len() + limit);
}

#[test]
fn a_value_longer_than_sqlite_takes_is_refused_with_its_line_and_column() {
    // SQLite refused it on insert with "string or blob too big", saying neither where nor why.
    let long = "u".repeat(MAX_VALUE_BYTES + 1);
    let in_user = report(&[ROOT, &ALICE.replacen("alice", &long, 1)]);
    let got = refused("long.csv", in_user.as_bytes());
    assert!(
        got.starts_with("long.csv: line 3, column user: a value of 17 MB, longer than the 16 MB one value may hold")
            && got.ends_with("load the credential report itself"),
        "{got}"
    );
    let in_added = format!("{HEADER},note\n{ROOT},{long}\n");
    let got = refused("long.csv", in_added.as_bytes());
    assert!(
        got.starts_with("long.csv: line 2, column note: a value of"),
        "{got}"
    );
}

#[test]
fn a_long_value_or_column_name_is_quoted_in_part_never_printed_back_whole() {
    // A megabyte in a time field was copied whole into its warning (in the page, a text node of
    // that size), and a megabyte header field became a column of that name.
    let long = "x".repeat(1024 * 1024);
    let bad_time = ALICE.replacen("2020-02-02T02:02:02Z", &long, 1);
    let text = format!("{HEADER},{long}\n{ROOT},a\n{bad_time},b\n");
    let (db, summary) = load(&text);
    assert_eq!(db.columns().len(), COLUMNS.len());
    let warnings: Vec<String> = summary.warnings().map(|w| w.to_string()).collect();
    let shown = format!("{}… (1 MB in all)", "x".repeat(100));
    assert!(
        warnings
            .iter()
            .any(|w| w.contains(&format!("column {shown}"))
                && w.contains("a column name longer than 64 characters")
                && w.contains("ignored")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("column user_creation_time")
            && w.contains(&format!("\"{shown}\""))),
        "{warnings:?}"
    );
    assert!(warnings.iter().all(|w| w.len() < 1000), "{warnings:?}");
}

#[test]
fn columns_added_by_several_reports_together_are_kept_up_to_the_limit() {
    let limit = credreport_core::schema::MAX_EXTRA_COLUMNS;
    let first = limit / 2 + 10;
    let (mut db, _) = load(&with_added_columns(&[ROOT], "a", first));
    let before = rows(&mut db, "select * from alicloud_ram_credential_report");
    let later = LoadOptions {
        generated_time: Some("2024-06-01T00:00:00Z".into()),
        ..Default::default()
    };
    // The same added columns again are no new ones; others, with these, pass the limit.
    db.load(
        &[Input::new(
            "again.csv",
            with_added_columns(&[ROOT], "a", first).as_bytes(),
        )],
        &later,
    )
    .unwrap();
    let e = db
        .load(
            &[Input::new(
                "other.csv",
                with_added_columns(&[ROOT], "b", first).as_bytes(),
            )],
            &LoadOptions {
                generated_time: Some("2024-07-01T00:00:00Z".into()),
                ..Default::default()
            },
        )
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with(&format!(
            "other.csv: the header has {first} columns a credential report does not have (besides the {first} the reports loaded before added), more than the {limit} the table keeps"
        )),
        "{e}"
    );
    assert_eq!(db.columns().len(), COLUMNS.len() + first);
    assert_eq!(db.reports().len(), 2);
    assert_eq!(
        rows(
            &mut db,
            "select * from alicloud_ram_credential_report where generated_time is null"
        ),
        before
    );
}

// ---------------------------------------------------------------- several reports

/// The changes table as a user reads it, every column, in one order.
fn changes(db: &mut Database) -> Vec<Vec<String>> {
    rows(
        db,
        "select * from alicloud_ram_credential_report_changes order by 1, 2, 3, 4, 5, 6, 7, 8, 9",
    )
}

/// The changes table, the trend and the Compare view judge each loaded report where it is
/// (views stand for the table while they do), not in a copy of it: each finds what a copy of
/// the report finds, and every query after reads every loaded report again.
#[test]
fn a_report_judged_where_it_is_finds_what_its_copy_finds_and_the_table_is_whole_after() {
    let now: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
    let weeks = [0, 1, 2].map(|week| {
        let time = now - Duration::days(7 * (2 - week));
        let csv = credreport_core::sample::synthetic_csv(300, SAMPLE_ACCOUNT_ID, week as u64, time);
        let json = format!(
            r#"{{"GeneratedTime":"{}","Content":"{}"}}"#,
            time.format("%Y-%m-%dT%H:%M:%SZ"),
            b64(&csv)
        );
        (format!("week-{week}.json"), json)
    });
    let mut db = Database::new().unwrap();
    for (name, json) in &weeks {
        db.load(
            &[Input::new(name, json.as_bytes())],
            &LoadOptions::default(),
        )
        .unwrap();
    }
    // An undated console CSV of the account too, judged by its own rows.
    let undated = credreport_core::sample::synthetic_csv(200, SAMPLE_ACCOUNT_ID, 9, now);
    db.load(
        &[Input::new("undated.csv", undated.as_bytes())],
        &LoadOptions::default(),
    )
    .unwrap();
    let whole = |db: &mut Database| {
        [
            "select * from alicloud_ram_credential_report order by rowid",
            "select * from alicloud_ram_credential_report_latest order by user_name, generated_time",
            "select type, name from sqlite_temp_master",
        ]
        .map(|sql| rows(db, sql))
    };
    // What the changes table waits for is compared with every loaded report in view, never
    // while one is read alone.
    let first = db.reports()[0].sha256.clone();
    let inside = db.with_alone(&Alone::Rows(first), changes).unwrap();
    assert_eq!(inside, Vec::<Vec<String>>::new());
    let before = whole(&mut db);
    assert!(before[2].is_empty(), "{:?}", before[2]);
    let reports = db.reports().to_vec();
    for r in &reports {
        let (account, time) = (r.account_id.as_deref(), r.generated_time.as_deref());
        let point = |db: &mut Database| trend::point(db, None, now).unwrap();
        let copied = point(&mut db.alone(account, time).unwrap());
        let report = Alone::Report {
            account_id: r.account_id.clone(),
            generated_time: r.generated_time.clone(),
        };
        let in_place = db.with_alone(&report, point).unwrap();
        assert_eq!(in_place, copied, "{}", r.source);
        assert!(in_place.users > 0, "{}", r.source);
        let copied = point(&mut db.alone_by_rows(&r.sha256).unwrap());
        let in_place = db
            .with_alone(&Alone::Rows(r.sha256.clone()), point)
            .unwrap();
        assert_eq!(in_place, copied, "{}", r.source);
        assert_eq!(whole(&mut db), before, "{}", r.source);
    }
    // Each pair of weeks in the changes table is what comparing the two copies finds.
    let table = changes(&mut db);
    for pair in reports[..3].windows(2) {
        let copy = |r: &ReportSummary| {
            db.alone(r.account_id.as_deref(), r.generated_time.as_deref())
                .unwrap()
        };
        let diff = compare(&mut copy(&pair[0]), &mut copy(&pair[1]), now).unwrap();
        // As the Compare view reads them, in place.
        let [old, new] = [&pair[0], &pair[1]].map(|r| Alone::Rows(r.sha256.clone()));
        assert_eq!(compare_loaded(&mut db, &old, &new, now).unwrap(), diff);
        let mut found: Vec<Vec<String>> = (diff.changes.iter())
            .map(|c| {
                [
                    c.account_id.clone(),
                    pair[0].generated_time.clone(),
                    pair[1].generated_time.clone(),
                    Some(c.change.as_str().to_owned()),
                    Some(c.user_name.clone()),
                    c.concerns.clone(),
                    c.check.map(str::to_owned),
                    c.before.clone(),
                    c.after.clone(),
                ]
                .map(|v| v.unwrap_or_else(|| "NULL".into()))
                .to_vec()
            })
            .collect();
        found.sort();
        let mut kept: Vec<Vec<String>> = (table.iter())
            .filter(|row| Some(&row[2]) == pair[1].generated_time.as_ref())
            .cloned()
            .collect();
        kept.sort();
        assert!(found.len() > 20, "{}", found.len());
        assert_eq!(kept, found);
    }
    assert_eq!(whole(&mut db), before);
}

#[test]
fn the_changes_are_the_same_whatever_order_and_grouping_the_reports_come_in() {
    // A load compares only the pairs of consecutive reports it makes new (or holds a report of);
    // loading the 24th of 24 weekly reports one at a time compared all 23 pairs again (natively,
    // 1.9 s for that load, 23 s for the 24 loads; 2.9 s in all since).
    let start = DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z")
        .unwrap()
        .to_utc();
    let json = |account: &str, week: i64| {
        let time = start + Duration::days(7 * week);
        let csv = credreport_core::sample::synthetic_csv(40, account, week as u64, time);
        format!(
            r#"{{"GeneratedTime":"{}","Content":"{}"}}"#,
            time.format("%Y-%m-%dT%H:%M:%SZ"),
            b64(&csv)
        )
    };
    let (a, b) = ("1000000000000001", "2000000000000002");
    let files: Vec<(String, String)> = [(a, 0), (a, 1), (a, 2), (a, 3), (b, 1), (b, 3)]
        .iter()
        .map(|&(account, week)| (format!("{account}-{week}.json"), json(account, week)))
        .collect();
    let load_groups = |groups: &[&[usize]]| {
        let mut db = Database::new().unwrap();
        for group in groups {
            let inputs: Vec<Input> = group
                .iter()
                .map(|&i| Input::new(&files[i].0, files[i].1.as_bytes()))
                .collect();
            db.load(&inputs, &LoadOptions::default()).unwrap();
        }
        db
    };
    let all = changes(&mut load_groups(&[&[0, 1, 2, 3, 4, 5]]));
    assert!(all.len() > 50, "{}", all.len());
    for groups in [
        &[&[0][..], &[1], &[2], &[3], &[4], &[5]][..],
        &[&[3], &[2], &[1], &[0], &[5], &[4]],
        &[&[0, 3], &[1, 2], &[4, 5]],
        &[&[2], &[0, 5], &[3], &[4, 1]],
    ] {
        assert_eq!(changes(&mut load_groups(groups)), all, "{groups:?}");
    }
    // A report given its time after loading sits between two others: every pair again.
    let mut db = load_groups(&[&[0], &[2], &[3], &[4], &[5]]);
    let week_1 = credreport_core::sample::synthetic_csv(40, a, 1, start + Duration::days(7));
    db.load(
        &[Input::new("undated.csv", week_1.as_bytes())],
        &LoadOptions::default(),
    )
    .unwrap();
    db.give_generated_time("2024-01-08T00:00:00Z").unwrap();
    assert_eq!(changes(&mut db), all);
    // A file given the time of a report loaded before joins that report (a time the user gives
    // tells no report apart): both pairs that hold it are compared again, as a comparison of
    // every pair (which giving a time to no undated report makes) finds. Joining the newest
    // report, the reading of it the last load kept is not used, and the next load compares
    // with the report as it is now.
    for (week, time) in [(1, "2024-01-08T00:00:00Z"), (2, "2024-01-15T00:00:00Z")] {
        let mut db = load_groups(&[&[0], &[1], &[2]]);
        let more =
            credreport_core::sample::synthetic_csv(40, a, 99, start + Duration::days(7 * week))
                .replace("user0", "contractor0");
        let joins = LoadOptions {
            generated_time: Some(time.into()),
            ..Default::default()
        };
        db.load(&[Input::new("more.csv", more.as_bytes())], &joins)
            .unwrap();
        db.load(
            &[Input::new(&files[3].0, files[3].1.as_bytes())],
            &LoadOptions::default(),
        )
        .unwrap();
        let incremental = changes(&mut db);
        db.give_generated_time("2030-01-01T00:00:00Z").unwrap();
        assert_eq!(incremental, changes(&mut db), "joining week {week}");
    }
}

#[test]
fn several_reports_share_the_table_told_apart_by_account_and_time() {
    let mut db = Database::new().unwrap();
    let a = api_page(&report(&[ROOT, ALICE]), false, None);
    let other = report(&[ROOT, &ALICE.replace("1234567890123456", "9999999999999999")]);
    let s = db
        .load(
            &[
                Input::new("a.json", a.as_bytes()),
                Input::new("b.csv", other.as_bytes()),
            ],
            &LoadOptions::default(),
        )
        .unwrap();
    assert_eq!(s.reports.len(), 2);
    let later = LoadOptions {
        generated_time: Some("2024-06-01T00:00:00Z".into()),
        ..Default::default()
    };
    db.load(&[Input::new("a2.csv", report(&[ROOT]).as_bytes())], &later)
        .unwrap();
    let r = rows(&mut db, "select account_id, generated_time, count(*) from alicloud_ram_credential_report group by 1, 2 order by 1, 2");
    assert_eq!(
        r,
        [
            ["NULL", "2024-06-01 00:00:00", "1"],
            ["1234567890123456", "2024-05-01 09:10:11", "2"],
            ["9999999999999999", "NULL", "2"],
        ]
    );
    db.clear().unwrap();
    assert_eq!(db.row_count(), 0);
}

// ---------------------------------------------------------------- queries

#[test]
fn statements_that_write_are_refused() {
    let (mut db, _) = load(&report(&[ROOT, ALICE]));
    let cases = [
        (
            "insert into alicloud_ram_credential_report (user_name) values ('x')",
            "insert into alicloud_ram_credential_report",
        ),
        (
            "update alicloud_ram_credential_report set mfa_active = 1",
            "update alicloud_ram_credential_report",
        ),
        (
            "delete from alicloud_ram_credential_report",
            "delete from alicloud_ram_credential_report",
        ),
        (
            "drop table alicloud_ram_credential_report",
            "change the schema",
        ),
        ("create table t (a)", "change the schema"),
        ("create temp table t as select 1", "change the schema"),
        ("attach database ':memory:' as other", "attach database"),
        ("pragma query_only = 0", "run PRAGMA query_only"),
        ("pragma writable_schema = 1", "run PRAGMA writable_schema"),
        ("begin", "control a transaction"),
        (
            "alter table alicloud_ram_credential_report add column x",
            "alter table",
        ),
        (
            "with x as (select 1) delete from alicloud_ram_credential_report",
            "delete from",
        ),
    ];
    for (sql, action) in cases {
        let e = db.query(sql, &QueryOptions::default()).unwrap_err();
        assert!(
            matches!(&e, QueryError::WriteRefused { action: a } if a.starts_with(action)),
            "{sql}: {e:?}"
        );
        assert!(
            e.to_string()
                .starts_with("queries are read-only: this statement would"),
            "{e}"
        );
    }
    assert_eq!(db.row_count(), 2);
    // Reading the schema is fine, and loading still works afterwards.
    assert_eq!(
        rows(&mut db, "pragma table_info(alicloud_ram_credential_report)").len(),
        30
    );
    db.load(
        &[Input::new("again.csv", report(&[ROOT]).as_bytes())],
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(db.row_count(), 3);
}

#[test]
fn a_runaway_query_is_stopped_at_its_deadline() {
    let (mut db, _) = load(&report(&[ROOT]));
    let opts = QueryOptions {
        timeout_ms: Some(300),
        clock: Some(clock),
        ..Default::default()
    };
    let start = clock();
    let e = db.query("with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n", &opts).unwrap_err();
    let took = clock() - start;
    assert_eq!(e, QueryError::Timeout { limit_ms: 300 });
    assert!(e.to_string().contains("300 ms limit"));
    assert!(took < 10_000.0, "took {took} ms");
    // The connection is usable afterwards, without the deadline.
    assert_eq!(
        col(
            &mut db,
            "select count(*) from alicloud_ram_credential_report"
        ),
        ["1"]
    );
}

/// A call of one of credreport's functions can run long on values a query builds: each looks at
/// the deadline as it works, so the query still ends at its deadline (regression: the deadline
/// was looked at between SQLite's steps only, and these calls ran for minutes).
#[test]
fn a_runaway_like_or_regular_expression_is_stopped_at_its_deadline() {
    let (mut db, _) = load(&report(&[ROOT]));
    let opts = QueryOptions {
        timeout_ms: Some(300),
        clock: Some(clock),
        ..Default::default()
    };
    for sql in [
        "select pg_like(repeat('a', 8000000), '%' || repeat('a', 100000) || 'b')",
        "select pg_ilike(repeat('a', 8000000), '%' || repeat('A', 100000) || 'b')",
        "select regexp_like(repeat('a', 8000000), '(a{0,200}){20}b')",
        "select regexp_replace(repeat('a', 8000000), '(a{0,200}){20}b', 'x')",
    ] {
        let start = clock();
        let e = db.query(sql, &opts).unwrap_err();
        let took = clock() - start;
        assert_eq!(e, QueryError::Timeout { limit_ms: 300 }, "{sql}");
        assert!(took < 10_000.0, "{sql} took {took} ms");
    }
    // Without a deadline the same functions answer.
    assert_eq!(
        col(
            &mut db,
            "select pg_like('abc', '%b%') || regexp_like('abc', 'b.$')"
        ),
        ["11"]
    );
}

#[test]
fn a_row_cap_says_when_it_cut() {
    let (mut db, _) = load(&report(&[ROOT, ALICE]));
    let capped = QueryOptions {
        max_rows: Some(1),
        ..Default::default()
    };
    let r = db
        .query(
            "select user_name from alicloud_ram_credential_report",
            &capped,
        )
        .unwrap();
    assert_eq!((r.rows.len(), r.truncated), (1, Some(Cut::Rows(1))));
    let r = db
        .query(
            "select user_name from alicloud_ram_credential_report limit 1",
            &capped,
        )
        .unwrap();
    assert_eq!((r.rows.len(), r.truncated), (1, None));
}

/// Regression (attack review): the authorizer let through any refused action whose text held
/// ` sqlite_`, so ATTACH of such a file name (or a `file:` URI) created the file.
#[test]
fn attach_is_refused_whatever_the_file_is_called() {
    let (mut db, _) = load(&report(&[ROOT]));
    // In the browser there is no file system to look at; the refusal is checked all the same.
    #[cfg(not(target_arch = "wasm32"))]
    let dir = std::env::temp_dir().join(format!("credreport-attach-{}", std::process::id()));
    #[cfg(target_arch = "wasm32")]
    let dir = std::path::PathBuf::from("/tmp/credreport-attach");
    #[cfg(not(target_arch = "wasm32"))]
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("x sqlite_y");
    let uri = format!("file:{}?sqlite_z=1", dir.join("uri sqlite_w").display());
    for sql in [
        format!("attach database '{}' as a", target.display()),
        format!("attach '{}' as sqlite_a", target.display()),
        format!("attach database '{uri}' as b"),
        "attach database ':memory:' as sqlite_temp".to_owned(),
        "detach database main".to_owned(),
        "detach sqlite_x".to_owned(),
    ] {
        let e = db.query(&sql, &QueryOptions::default()).unwrap_err();
        assert!(
            matches!(&e, QueryError::WriteRefused { .. }),
            "{sql}: {e:?}"
        );
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        assert!(!target.exists(), "ATTACH created {}", target.display());
        assert!(!dir.join("uri sqlite_w").exists());
        std::fs::remove_dir(&dir).unwrap();
    }
    assert_eq!(db.row_count(), 1);
}

/// Regression (attack review): one value could grow to gigabytes between two deadline checks.
#[test]
fn a_value_past_the_length_limit_is_refused_with_a_clear_error() {
    let (mut db, _) = load(&report(&[ROOT]));
    for sql in [
        "select hex(zeroblob(100000000))",
        "select length(printf('%.*c', 50000000, 'x'))",
        "select zeroblob(2000000000)",
    ] {
        let e = db.query(sql, &QueryOptions::default()).unwrap_err();
        assert!(matches!(e, QueryError::TooBig { .. }), "{sql}: {e:?}");
        assert!(e.to_string().contains("grew past 16 MB"), "{e}");
    }
    // Values up to the limit are fine.
    assert_eq!(
        col(&mut db, "select length(zeroblob(1000000))"),
        ["1000000"]
    );
}

#[test]
fn a_byte_cap_says_when_it_cut() {
    let (mut db, _) = load(&report(&[ROOT]));
    let capped = QueryOptions {
        max_bytes: Some(1024 * 1024),
        ..Default::default()
    };
    let r = db
        .query(
            "with recursive n(i) as (select 1 union all select i + 1 from n where i < 10000) select printf('%.1000c', 'x') from n",
            &capped,
        )
        .unwrap();
    assert_eq!(r.truncated, Some(Cut::Bytes(1024 * 1024)));
    assert!(
        r.rows.len() < 1100 && r.rows.len() > 1000,
        "{}",
        r.rows.len()
    );
    assert_eq!(
        r.truncated.unwrap().to_string(),
        "cut at the limit of 1 MB of values"
    );
}

#[test]
fn results_are_typed() {
    let mut db = Database::new().unwrap();
    let r = db
        .query(
            "select null, 1, 1.5, 'x', x'00ff'",
            &QueryOptions::default(),
        )
        .unwrap();
    assert_eq!(
        r.rows[0],
        [
            Value::Null,
            Value::Integer(1),
            Value::Real(1.5),
            Value::Text("x".into()),
            Value::Blob(vec![0, 255])
        ]
    );
    assert_eq!(
        serde_json::to_string(&r.rows[0]).unwrap(),
        r#"[null,1,1.5,"x","00ff"]"#
    );
}

#[test]
fn sql_errors_say_where() {
    let mut db = Database::new().unwrap();
    let e = db
        .query(
            "select user_nme from alicloud_ram_credential_report",
            &QueryOptions::default(),
        )
        .unwrap_err();
    assert!(e.to_string().contains("no such column: user_nme"), "{e}");
    assert!(
        matches!(
            e,
            QueryError::Sql {
                offset: Some(7),
                ..
            }
        ),
        "{e:?}"
    );
    let e = db
        .query("select 1; select 2", &QueryOptions::default())
        .unwrap_err();
    assert_eq!(
        e,
        QueryError::MultipleStatements {
            rest: "select 2".into()
        }
    );
    assert_eq!(
        db.query("  ;", &QueryOptions::default()).unwrap_err(),
        QueryError::Empty
    );
    assert!(db.query("select 1;", &QueryOptions::default()).is_ok());
}

// ---------------------------------------------------------------- schema

#[test]
fn the_schema_is_steampipes() {
    let names: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
    assert_eq!(names.len(), 30);
    assert_eq!(
        names[..4],
        [
            "user_name",
            "password_exist",
            "password_active",
            "mfa_active"
        ]
    );
    assert_eq!(names[28..], ["generated_time", "account_id"]);
    assert!(COLUMNS.iter().all(|c| !c.description.is_empty()));
    let mut db = Database::new().unwrap();
    assert_eq!(db.columns(), names);
    let types = rows(&mut db, "select type from pragma_table_info('alicloud_ram_credential_report') where name in ('mfa_active', 'user_last_logon')");
    assert_eq!(types, [["INTEGER"], ["TEXT"]]);
}

#[test]
fn sample_times_are_relative_to_now() {
    let t = now();
    let csv = sample_csv(t);
    let (mut db, _) = load(&csv);
    let alice = col(
        &mut db,
        &format!(
            "select user_last_logon from alicloud_ram_credential_report where user_name = '{}'",
            upn("alice.sample")
        ),
    );
    let want = (t - Duration::days(5) - Duration::hours(3))
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    assert_eq!(alice, [want]);
}

/// Regression (#20): the same warning on 31 lines was printed 31 times.
#[test]
fn identical_warnings_on_many_lines_are_said_once_with_their_count() {
    let w = |line: u64, value: &str| Warning {
        source: "r.csv".into(),
        line: Some(line),
        column: Some("mfa_active".into()),
        value: Some(value.into()),
        message: "not a boolean; loaded as NULL".into(),
    };
    let mut all: Vec<Warning> = (2..33).map(|l| w(l, "maybe")).collect();
    all.push(w(40, "perhaps"));
    let groups = group_warnings(&all);
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].count(), 31);
    assert_eq!(
        groups[0].to_string(),
        "r.csv lines 2, 3, 4, 5, 6 and 26 more, column mfa_active, value \"maybe\": not a boolean; loaded as NULL (31 times)"
    );
    assert_eq!(groups[1].to_string(), all[31].to_string());
}

/// Regression (attack review): a report's JSON names its account as it likes, and the latest
/// view named the latest reports in its SQL as text: a NUL in the name cut that SQL short, so the
/// load failed after its rows were in, and the view was gone.
#[test]
fn a_hostile_account_name_in_the_json_cannot_break_the_latest_view() {
    let mut db = Database::new().unwrap();
    for (name, time) in [
        ("old.json", "2024-05-01T09:10:11Z"),
        ("new.json", "2024-06-01T09:10:11Z"),
    ] {
        let page = format!(
            r#"{{"GeneratedTime":"{time}","AccountId":"a\u0000b') OR ('1","RequestId":"R","Content":"{}","IsTruncated":false}}"#,
            b64(&report(&[ROOT, ALICE]))
        );
        db.load(
            &[Input::new(name, page.as_bytes())],
            &LoadOptions::default(),
        )
        .unwrap();
    }
    assert_eq!(
        rows(
            &mut db,
            "select count(*), min(generated_time) from alicloud_ram_credential_report_latest"
        ),
        [["2", "2024-06-01 09:10:11"]]
    );
    assert_eq!(db.row_count(), 4);
    // Each report judged alone (the changes table, the trend, Compare) is read by its rows'
    // numbers too: the account picks it in Rust, never in SQL.
    let now: DateTime<Utc> = "2024-07-01T00:00:00Z".parse().unwrap();
    let [old, new] = [0, 1].map(|i| {
        let r = &db.reports()[i];
        Alone::Report {
            account_id: r.account_id.clone(),
            generated_time: r.generated_time.clone(),
        }
    });
    let point = db.with_alone(&new, |db| trend::point(db, None, now));
    assert_eq!(point.unwrap().unwrap().users, 2);
    assert_eq!(
        compare_loaded(&mut db, &old, &new, now).unwrap().changes,
        []
    );
    assert_eq!(
        rows(
            &mut db,
            "select count(*) from alicloud_ram_credential_report_changes"
        ),
        [["0"]]
    );
}

/// Compare's two rows of a user were once found by a query with each report's account written
/// into it, which an account holding a NUL (a hostile report's) broke: "unrecognized token".
/// They are read by the reports' rows now, the name bound.
#[test]
fn a_users_rows_in_two_reports_are_found_whatever_the_reports_say() {
    let mut db = Database::new().unwrap();
    let o_neil = ALICE.replacen("alice@", "o'neil@", 1);
    for (name, time) in [
        ("old.json", "2024-05-01T09:10:11Z"),
        ("between.json", "2024-05-15T09:10:11Z"),
        ("new.json", "2024-06-01T09:10:11Z"),
    ] {
        let page = format!(
            r#"{{"GeneratedTime":"{time}","AccountId":"a\u0000b') OR ('1","RequestId":"R","Content":"{}","IsTruncated":false}}"#,
            b64(&report(&[ROOT, ALICE, &o_neil]))
        );
        db.load(
            &[Input::new(name, page.as_bytes())],
            &LoadOptions::default(),
        )
        .unwrap();
    }
    let sha = |source: &str| {
        let r = db.reports().iter().find(|r| r.source == source);
        r.unwrap().sha256.clone()
    };
    let (old, new) = (sha("old.json"), sha("new.json"));
    let user = "o'neil@1234567890123456.onaliyun.com";
    let got = db.user_rows(user, [&old, &new]).unwrap();
    let at = |name: &str| got.columns.iter().position(|c| c == name).unwrap();
    let read: Vec<_> = (got.rows.iter())
        .map(|r| {
            (
                r[at("user_name")].as_text(),
                r[at("generated_time")].as_text(),
            )
        })
        .collect();
    let row = |time: &str| (Some(user.to_owned()), Some(time.to_owned()));
    assert_eq!(
        read,
        [row("2024-05-01 09:10:11"), row("2024-06-01 09:10:11")]
    );
    assert_eq!(got.columns.len(), COLUMNS.len());
    // A user in neither report, or a report not loaded: no row from it.
    assert!(db.user_rows("bob", [&old, &new]).unwrap().rows.is_empty());
    assert_eq!(db.user_rows(user, ["gone", &new]).unwrap().rows.len(), 1);
}

#[test]
fn a_report_is_named_by_the_sha256_of_its_bytes() {
    use credreport_core::report::sha256_hex;
    // FIPS 180-2's examples: "abc" in two parts, and a million "a", hashed a piece at a time.
    assert_eq!(
        sha256_hex([b"ab".as_slice(), b"c"].into_iter()),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let million = vec![b'a'; 1_000_000];
    assert_eq!(
        sha256_hex(std::iter::once(million.as_slice())),
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    );
    // A load names its report so, unless the caller gave the digest (the page's worker does).
    let text = report(&["ann"]);
    let (db, _) = load(&text);
    assert_eq!(
        db.reports()[0].sha256,
        sha256_hex(std::iter::once(text.as_bytes()))
    );
    let mut given = Database::new().unwrap();
    given
        .load(
            &[Input::new("report.csv", text.as_bytes()).with_sha256([0xab; 32])],
            &LoadOptions::default(),
        )
        .unwrap();
    assert_eq!(given.reports()[0].sha256, "ab".repeat(32));
}

#[test]
fn regular_expressions_match_replace_count_and_take_out_as_postgresql_does() {
    let (mut db, _) = load(&report(&[ROOT, ALICE]));
    assert_eq!(
        col(
            &mut db,
            "select user_name from alicloud_ram_credential_report \
             where regexp_like(user_name, '^[a-z]+@\\d+\\.onaliyun\\.com$') order by 1"
        ),
        ["alice@1234567890123456.onaliyun.com"]
    );
    assert_eq!(
        col(
            &mut db,
            "select regexp_like('Admin', '^admin$') || regexp_like('Admin', '^admin$', 'i') \
             || regexp_like('Admin', '^admin$', 'ic') \
             || coalesce(regexp_like(null, 'a'), 'N') || coalesce(regexp_like('a', null), 'N') \
             || coalesce(regexp_like('a', 'a', null), 'N')"
        ),
        ["010NNN"]
    );
    // SQLite's REGEXP operator matches as regexp_like().
    assert_eq!(
        col(
            &mut db,
            "select count(*) from alicloud_ram_credential_report where user_name regexp '^<' \
             or user_name regexp '^al.ce@'"
        ),
        ["2"]
    );
    // A pattern from the rows is read row by row.
    assert_eq!(
        col(
            &mut db,
            "select count(*) from alicloud_ram_credential_report \
             where regexp_like('<root>', '^' || substr(user_name, 1, 2))"
        ),
        ["1"]
    );
    // Replacing, counting and taking out, as PostgreSQL 15's functions do.
    assert_eq!(
        rows(
            &mut db,
            "select regexp_replace('alice@corp', '@.*', ''), regexp_replace('a1b22', '\\d', '#', 'g'), \
             regexp_replace('Abc', '[a-c]', '<\\&>', 'gi'), regexp_count('banana', 'an'), \
             regexp_count('banana', 'a', 3), regexp_substr('one two three', '[a-z]+', 1, 2), \
             regexp_substr('abc', 'x'), regexp_replace(null, 'a', 'b'), \
             regexp_instr('añb añb', 'b', 1, 2), regexp_instr('añb', 'ñ', 1, 1, 1)"
        ),
        [["alice", "a#b##", "<A><b><c>", "2", "2", "two", "NULL", "NULL", "7", "3"]]
    );
    // Parts in parentheses: in a replacement, taken out and found (`subexpr`); and replacing
    // from a start, the n-th match or each (n 0).
    assert_eq!(
        rows(
            &mut db,
            "select regexp_replace('ann.lee@corp', '^(\\w+)\\.(\\w+)@', '\\2, \\1 at '), \
             regexp_substr('ann.lee@corp', '(\\w+)\\.(\\w+)', 1, 1, '', 2), \
             regexp_substr('ab', '(x)?b', 1, 1, '', 1), regexp_substr('ab', '(a)', 1, 1, '', 2), \
             regexp_instr('ann.lee', '(\\w+)\\.(\\w+)', 1, 1, 0, '', 2), \
             regexp_replace('abcabc', 'b', 'X', 3, 1, ''), regexp_replace('abab', 'a', '-', 1, 2, ''), \
             regexp_replace('abab', 'A', '-', 2, 0, 'i')"
        ),
        [["lee, ann at corp", "lee", "NULL", "NULL", "5", "abcaXc", "ab-b", "ab-b"]]
    );
    for (sql, said) in [
        ("select regexp_like('aa', '(a)\\1')", "back-reference"),
        ("select regexp_like('a', 'a', 'g')", "'g'"),
        (
            "select regexp_count('a', 'a', 0)",
            "start must be 1 or more, not 0",
        ),
        (
            "select regexp_substr('a', 'a', 1, -1)",
            "n must be 1 or more",
        ),
        (
            "select regexp_instr('a', 'a', 1, 1, 2)",
            "endoption must be 0 or 1, not 2",
        ),
        (
            "select regexp_substr('ab', '(a)', 1, 1, '', -1)",
            "subexpr must be 0 (the whole match) or more, not -1",
        ),
        (
            "select regexp_replace('ab', 'a', 'b', 1, -1, '')",
            "n must be 0 (each match) or more, not -1",
        ),
        (
            "select regexp_replace(repeat('a', 4000000), '', repeat('b', 10), 'g')",
            "longer than one value may hold",
        ),
    ] {
        let e = db
            .query(sql, &QueryOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains(said), "{sql}: {e}");
    }
}
