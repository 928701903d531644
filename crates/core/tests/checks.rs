//! Every check on the sample report, where every status occurs; thresholds and "as of".

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
#[cfg(target_arch = "wasm32")]
use sqlite_wasm_rs as _;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use chrono::{DateTime, Duration, Utc};
use credreport_core::sample::sample_csv;
use credreport_core::*;

/// The moment the sample is made for and the checks judge at: fixed, so no test depends on the
/// wall clock (the core reads none; the checks take "now" as a parameter).
fn now() -> DateTime<Utc> {
    "2026-06-01T12:00:00Z".parse().unwrap()
}

fn db(generated: Option<DateTime<Utc>>) -> Database {
    db_made_at(now(), generated)
}

fn db_made_at(made: DateTime<Utc>, generated: Option<DateTime<Utc>>) -> Database {
    let mut db = Database::new().unwrap();
    let opts = LoadOptions {
        generated_time: generated.map(|g| g.to_rfc3339()),
        ..Default::default()
    };
    db.load(
        &[Input::new("sample.csv", sample_csv(made).as_bytes())],
        &opts,
    )
    .unwrap();
    db
}

/// `user status reason` per finding, user names shortened to their first part.
fn run(
    db: &Database,
    id: &str,
    days: Option<i64>,
    as_of_report: bool,
) -> Vec<(String, String, String)> {
    let as_of = if as_of_report {
        AsOf::EachReport { otherwise: now() }
    } else {
        AsOf::Moment(now())
    };
    let outcome = db
        .run_check(check(id).unwrap(), &Thresholds::every(days), as_of)
        .unwrap();
    assert_eq!(
        outcome.ok + outcome.alarm + outcome.skip,
        outcome.findings.len()
    );
    outcome
        .findings
        .into_iter()
        .map(|f| {
            assert_eq!(
                f.resource,
                format!("acs:ram::1234567890123456:user/{}", f.user_name)
            );
            (
                f.user_name.split('@').next().unwrap().to_owned(),
                f.status.to_string(),
                f.reason,
            )
        })
        .collect()
}

fn statuses(rows: &[(String, String, String)]) -> Vec<(&str, &str)> {
    rows.iter()
        .map(|(u, s, _)| (u.as_str(), s.as_str()))
        .collect()
}

#[test]
fn cis_root_checks() {
    let db = db(None);
    let r = run(&db, "cis-1.1-root-not-used", None, false);
    assert_eq!(
        r,
        [(
            "<root>".into(),
            "alarm".into(),
            "the root account last logged on 10 days ago".into()
        )]
    );
    let r = run(&db, "cis-1.2-no-root-access-key", None, false);
    assert_eq!(
        r,
        [(
            "<root>".into(),
            "alarm".into(),
            "the root account has an active access key 1, last rotated 500 days ago".into()
        )]
    );
    assert_eq!(
        statuses(&run(&db, "cis-1.3-root-mfa", None, false)),
        [("<root>", "alarm")]
    );
    // With a 5-day threshold, a logon 10 days ago is no longer recent use.
    assert_eq!(
        statuses(&run(&db, "cis-1.1-root-not-used", Some(5), false)),
        [("<root>", "ok")]
    );
}

/// Regression: two loaded reports that name no account (their users log on at an alias's
/// domain, not the account's number) both have a `<root>` of account NULL, and CIS 1.2 found a
/// root's active key by user and account, so it paired each root with the other's keys: a root
/// with no active key was in alarm for the other account's. Each root is judged by its own row.
#[test]
fn the_root_key_check_judges_each_unnamed_accounts_root_by_its_own_keys() {
    let sample = sample_csv(now());
    let alias = |name: &str| sample.replace("1234567890123456.onaliyun.com", name);
    // The root line's cells after its name: access key 1 exists (8th) and is active (9th).
    let keyless: String = alias("beta.onaliyun.com")
        .lines()
        .map(|l| match l.strip_prefix("<root>,") {
            Some(rest) => {
                let mut cells: Vec<&str> = rest.split(',').collect();
                assert_eq!(cells[7..9], ["TRUE", "TRUE"]);
                cells[8] = "FALSE";
                format!("<root>,{}\n", cells.join(","))
            }
            None => format!("{l}\n"),
        })
        .collect();
    let mut db = Database::new().unwrap();
    db.load(
        &[
            Input::new("alpha.csv", alias("alpha.onaliyun.com").as_bytes()),
            Input::new("beta.csv", keyless.as_bytes()),
        ],
        &LoadOptions::default(),
    )
    .unwrap();
    assert!(db.reports().iter().all(|r| r.account_id.is_none()));
    let outcome = db
        .run_check(
            check("cis-1.2-no-root-access-key").unwrap(),
            &Thresholds::default(),
            AsOf::Moment(now()),
        )
        .unwrap();
    let mut found: Vec<(&str, Status)> = (outcome.findings.iter())
        .map(|f| (f.reason.as_str(), f.status))
        .collect();
    found.sort_by_key(|f| f.0);
    assert_eq!(
        found,
        [
            (
                "the root account has an active access key 1, last rotated 500 days ago",
                Status::Alarm
            ),
            ("the root account has no active access key", Status::Ok),
        ]
    );
}

/// Regression: two console CSVs of one account that do not say when they were generated cannot
/// be told apart, so the checks judge both, each user once per report. The key checks gathered a
/// user's keys by account and user name, so each of the user's two rows was judged by both
/// reports' keys: "2 active access keys" (an alarm) where each report says 1, one finding where
/// there are two. Every check now finds of the two together what it finds of each alone.
#[test]
fn regression_two_reports_that_cannot_be_told_apart_are_each_judged_by_their_own_keys() {
    let a = sample_csv(now());
    // Next month's: every user's first two keys swapped, and additional key 1 disabled.
    let b: String = a
        .lines()
        .map(|l| {
            let mut cells: Vec<&str> = l.split(',').collect();
            if cells[0] != "user" {
                let (first, second) = cells[8..16].split_at_mut(4);
                first.swap_with_slice(second);
                if cells[16] == "TRUE" {
                    cells[17] = "FALSE";
                }
            }
            format!("{}\n", cells.join(","))
        })
        .collect();
    assert_ne!(a, b);
    let load = |files: &[(&str, &str)]| {
        let mut db = Database::new().unwrap();
        let inputs: Vec<Input> = (files.iter())
            .map(|(name, text)| Input::new(name, text.as_bytes()))
            .collect();
        db.load(&inputs, &LoadOptions::default()).unwrap();
        db
    };
    let both = load(&[("oct.csv", &a), ("nov.csv", &b)]);
    assert_eq!(alike(both.reports()).len(), 1, "judged together");
    let alone = [load(&[("oct.csv", &a)]), load(&[("nov.csv", &b)])];
    let found = |db: &Database, check: &'static Check| {
        let outcome = (db.run_check(check, &Thresholds::default(), AsOf::Moment(now()))).unwrap();
        (outcome.findings.into_iter())
            .map(|f| (f.user_name, f.status.to_string(), f.reason))
            .collect::<Vec<_>>()
    };
    let mut two_keys = 0;
    for check in CHECKS {
        let mut together = found(&both, check);
        let mut each: Vec<_> = alone.iter().flat_map(|db| found(db, check)).collect();
        together.sort();
        each.sort();
        assert_eq!(together, each, "{}", check.id);
        if check.id == "users-with-two-active-keys" {
            two_keys = each.len();
        }
    }
    assert!(
        two_keys > 2,
        "users with keys in both reports: {two_keys} findings"
    );
}

/// Found by the `history` fuzz target: chrono reads a time of year -12 or 10000, which SQLite's
/// date functions cannot, so the root's age and the reason saying it were NULL and every check
/// run failed ("Invalid column type Null ... reason"). Such a time is now unreadable, loaded as
/// NULL with a warning, as any other.
#[test]
fn regression_a_time_in_a_year_sqlite_cannot_read_is_loaded_as_unknown_and_every_check_runs() {
    for odd in [
        "-12-03-04T05:06:07",
        "10000-03-04 05:06:07",
        "-0001-01-01T00:00:00+00:00",
    ] {
        // The root's last logon (the third field of its line) is the odd time.
        let csv: String = (sample_csv(now()).lines())
            .map(|line| match line.strip_prefix("<root>,") {
                Some(rest) => {
                    let mut fields: Vec<&str> = rest.split(',').collect();
                    fields[1] = odd;
                    format!("<root>,{}\n", fields.join(","))
                }
                None => format!("{line}\n"),
            })
            .collect();
        let mut db = Database::new().unwrap();
        db.load(
            &[Input::new("odd.csv", csv.as_bytes())],
            &LoadOptions::default(),
        )
        .unwrap();
        let last_logon = db
            .query(
                "select user_last_logon from alicloud_ram_credential_report where user_name = '<root>'",
                &QueryOptions::default(),
            )
            .unwrap();
        assert_eq!(last_logon.rows, vec![vec![Value::Null]], "{odd}");
        let all: Vec<&Check> = CHECKS.iter().collect();
        let outcomes = db
            .run_checks(&all, &Thresholds::default(), AsOf::Moment(now()))
            .unwrap_or_else(|e| panic!("{odd}: {e}"));
        let root = &outcomes[0].findings[0];
        assert_eq!(
            (root.status, root.reason.as_str()),
            (
                Status::Ok,
                "the root account has not logged on to the console"
            ),
            "{odd}"
        );
    }
}

/// Regression: a report without its `<root>` line (filtered by hand, or cut short) left the root
/// checks with nothing judged: "ok 0, alarm 0, skip 0", which a summary, the evidence and
/// `check`'s exit status pass as clean. Each root check now skips that account's root account,
/// saying why, and judges the root line of an account whose report has one as before.
#[test]
fn a_report_without_its_root_line_is_skipped_by_the_root_checks_not_passed() {
    let sample = sample_csv(now());
    let rootless: String = sample
        .lines()
        .filter(|l| !l.starts_with("<root>,"))
        .map(|l| format!("{l}\n"))
        .collect();
    let other = sample.replace("1234567890123456", "6543210987654321");
    let mut db = Database::new().unwrap();
    db.load(
        &[
            Input::new("rootless.csv", rootless.as_bytes()),
            Input::new("other.csv", other.as_bytes()),
        ],
        &LoadOptions::default(),
    )
    .unwrap();
    for id in [
        "cis-1.1-root-not-used",
        "cis-1.2-no-root-access-key",
        "cis-1.3-root-mfa",
    ] {
        let outcome = db
            .run_check(
                check(id).unwrap(),
                &Thresholds::default(),
                AsOf::Moment(now()),
            )
            .unwrap();
        let mut found: Vec<(&str, &str, &str, Status)> = outcome
            .findings
            .iter()
            .map(|f| {
                (
                    f.account_id.as_deref().unwrap(),
                    f.user_name.as_str(),
                    f.resource.as_str(),
                    f.status,
                )
            })
            .collect();
        found.sort_by_key(|f| f.0);
        assert_eq!(
            found,
            [
                (
                    "1234567890123456",
                    "<root>",
                    "acs:ram::1234567890123456:user/<root>",
                    Status::Skip
                ),
                (
                    "6543210987654321",
                    "<root>",
                    "acs:ram::6543210987654321:user/<root>",
                    Status::Alarm
                ),
            ],
            "{id}"
        );
        let skipped = outcome.findings.iter().find(|f| f.status == Status::Skip);
        assert_eq!(
            skipped.unwrap().reason,
            "the report has no line for the root account (<root>)",
            "{id}"
        );
        assert_eq!((outcome.alarm, outcome.skip), (1, 1), "{id}");
    }
}

#[test]
fn cis_mfa_for_console_users_has_every_status() {
    let r = run(&db(None), "cis-1.4-console-users-mfa", None, false);
    assert_eq!(
        statuses(&r),
        [
            ("alice.sample", "ok"),
            ("bob.dormant", "alarm"),
            ("carol.newhire", "alarm"),
            ("dave.automation", "ok"),
            ("erin.disabled", "skip"),
            ("frank.mfa", "ok"),
            ("grace.keys", "ok"),
            ("ivan.inactive", "ok"),
            ("judy.former", "ok"),
        ]
    );
    assert_eq!(r[1].2, "console password without MFA");
}

#[test]
fn console_activity_checks() {
    let db = db(None);
    let r = run(&db, "console-users-inactive", None, false);
    assert_eq!(
        statuses(&r),
        [
            ("alice.sample", "ok"),
            ("bob.dormant", "alarm"),
            ("carol.newhire", "skip"),
            ("frank.mfa", "ok"),
            ("judy.former", "alarm")
        ]
    );
    assert_eq!(r[1].2, "last logged on 200 days ago");
    let r = run(&db, "console-users-inactive", Some(45), false);
    assert_eq!(
        r[3].1, "alarm",
        "frank logged on 45 days and 3 hours ago: {r:?}"
    );
    let r = run(&db, "users-never-logged-on", None, false);
    assert_eq!(
        statuses(&r),
        [
            ("alice.sample", "ok"),
            ("bob.dormant", "ok"),
            ("carol.newhire", "alarm"),
            ("frank.mfa", "ok"),
            ("judy.former", "ok")
        ]
    );
    assert_eq!(
        r[2].2,
        "has a console password but has never logged on, created 15 days ago"
    );
}

#[test]
fn access_key_checks() {
    let db = db(None);
    let r = run(&db, "access-keys-rotated", None, false);
    assert_eq!(
        statuses(&r),
        [
            ("alice.sample", "ok"),
            ("bob.dormant", "alarm"),
            ("dave.automation", "alarm"),
            ("grace.keys", "alarm")
        ]
    );
    assert_eq!(r[3].2, "additional access key 1 last rotated 300 days ago");
    let r = run(&db, "access-keys-used", None, false);
    assert_eq!(
        statuses(&r),
        [
            ("alice.sample", "ok"),
            ("bob.dormant", "alarm"),
            ("dave.automation", "ok"),
            ("grace.keys", "alarm")
        ]
    );
    assert_eq!(r[1].2, "access key 2 is active and has never been used");
    assert_eq!(r[2].2, "access key 2 last used 60 days ago");
    let r = run(&db, "users-with-two-active-keys", None, false);
    assert_eq!(
        statuses(&r),
        [
            ("alice.sample", "ok"),
            ("bob.dormant", "alarm"),
            ("dave.automation", "alarm"),
            ("grace.keys", "alarm")
        ]
    );
    assert_eq!(r[1].2, "2 active access keys");
    // The root account's keys are 1.2's to judge, not these checks' (#19).
    for id in [
        "access-keys-rotated",
        "access-keys-used",
        "users-with-two-active-keys",
        "passwords-past-rotation",
        "console-and-active-key",
        "credentials-never-used",
        "keys-created-with-user",
    ] {
        assert!(
            run(&db, id, None, false).iter().all(|f| f.0 != "<root>"),
            "{id}"
        );
        assert!(root_treatment(check(id).unwrap()).contains("leaves the root account out"));
    }
}

#[test]
fn password_rotation() {
    let r = run(&db(None), "passwords-past-rotation", None, false);
    assert_eq!(
        statuses(&r),
        [
            ("alice.sample", "ok"),
            ("bob.dormant", "alarm"),
            ("carol.newhire", "ok"),
            ("frank.mfa", "ok"),
            ("judy.former", "alarm")
        ]
    );
    assert_eq!(r[1].2, "password rotation was due 110 days ago");
}

#[test]
fn as_of_the_report_a_report_on_disk_does_not_drift() {
    // Generated 150 days ago: bob had logged on 50 days before it.
    let db = db(Some(now() - Duration::days(150)));
    let then = run(&db, "console-users-inactive", None, true);
    assert_eq!(
        then[1],
        (
            "bob.dormant".into(),
            "ok".into(),
            "last logged on 50 days ago".into()
        )
    );
    let today = run(&db, "console-users-inactive", None, false);
    assert_eq!(today[1].1, "alarm");
}

#[test]
fn every_check_runs_and_has_a_title() {
    let db = db(None);
    for c in CHECKS {
        assert!(!c.title.is_empty());
        let o = db
            .run_check(c, &Thresholds::default(), AsOf::Moment(now()))
            .unwrap();
        assert!(!o.findings.is_empty(), "{}", c.id);
        assert_eq!(Totals::of(&o.findings).alarm, o.alarm, "{}", c.id);
    }
}

#[test]
fn the_overview_counts_keys_and_logons_by_age_and_lists_each_bucket() {
    use credreport_core::overview::{bucket_sql, counts_sql, Measure, TOTALS_SQL};
    let mut db = db(None);
    let as_of = &AsOf::Moment(now());
    let row = |db: &mut Database, sql: &str| -> Vec<String> {
        db.query(sql, &QueryOptions::default()).unwrap().rows[0]
            .iter()
            .map(|v| v.as_text().unwrap())
            .collect()
    };
    assert_eq!(row(&mut db, TOTALS_SQL), ["10", "6", "3"]);
    assert_eq!(
        row(&mut db, &counts_sql(Measure::KeyAge, as_of)),
        ["0", "2", "1", "3", "2"]
    );
    // Console users: root 10 d, alice 5, frank 45, bob 200, judy 400; carol never.
    assert_eq!(
        row(&mut db, &counts_sql(Measure::LastLogon, as_of)),
        ["0", "2", "1", "1", "1", "1"]
    );
    let users = |db: &mut Database, sql: &str| -> Vec<String> {
        db.query(sql, &QueryOptions::default())
            .unwrap()
            .rows
            .iter()
            .map(|r| {
                r[0].as_text()
                    .unwrap()
                    .split('@')
                    .next()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(
        users(&mut db, &bucket_sql(Measure::KeyAge, 4, as_of)),
        ["<root>", "bob.dormant"]
    );
    assert_eq!(
        users(&mut db, &bucket_sql(Measure::KeyAge, 3, as_of)),
        ["grace.keys", "dave.automation", "dave.automation"]
    );
    assert_eq!(
        users(&mut db, &bucket_sql(Measure::LastLogon, 5, as_of)),
        ["carol.newhire"]
    );
    // Regression: the buckets counted to the clock whatever the checks judged as of, so a
    // report a year old, judged as of its own time, had every key "> 1 year" here and ok there.
    let year_on = now() + Duration::days(365);
    let mut dated = db_made_at(now(), Some(now()));
    for measure in [Measure::KeyAge, Measure::LastLogon] {
        let mut at = |as_of: AsOf| row(&mut dated, &counts_sql(measure, &as_of));
        let own = at(AsOf::EachReport { otherwise: year_on });
        assert_eq!(own, at(AsOf::Moment(now())), "{measure:?}");
        assert_ne!(own, at(AsOf::Moment(year_on)), "{measure:?}");
    }
}

/// The checks auditors add (#19), on crafted rows: a key handed out at set-up, a person and a
/// program sharing a user, credentials never used judged with a grace period.
#[test]
fn the_auditors_checks_on_crafted_rows() {
    let header = credreport_core::schema::CSV_FIELDS.join(",");
    // user, created, console password?, key 1 rotated, key 1 last used
    let row = |user: &str,
               created: &str,
               console: bool,
               rotated: Option<&str>,
               used: Option<&str>| {
        let b = |v: bool| if v { "TRUE" } else { "FALSE" };
        let (key, r, u) = match rotated {
            Some(r) => ("TRUE", r.to_owned(), used.unwrap_or("N/A").to_owned()),
            None => ("FALSE", "N/A".to_owned(), "N/A".to_owned()),
        };
        format!(
            "{user}@1234567890123456.onaliyun.com,{created},N/A,{},{},{created},N/A,FALSE,{key},{key},{r},{u},FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A",
            b(console),
            b(console)
        )
    };
    let csv = [
        header,
        // Key 5 minutes after the user, with a console password, never used; created a year ago.
        row(
            "setup",
            "2025-06-01T00:00:00Z",
            true,
            Some("2025-06-01T00:05:00Z"),
            None,
        ),
        // A program's user: key only, used.
        row(
            "robot",
            "2025-06-01T00:00:00Z",
            false,
            Some("2025-06-01T00:05:00Z"),
            Some("2026-05-30T00:00:00Z"),
        ),
        // Created 3 days ago, password never used yet: within the 14-day grace.
        row("newbie", "2026-05-29T12:00:00Z", true, None, None),
    ]
    .join("\n");
    let mut db = Database::new().unwrap();
    db.load(
        &[Input::new("crafted.csv", csv.as_bytes())],
        &LoadOptions::default(),
    )
    .unwrap();
    let r = run(&db, "keys-created-with-user", None, false);
    assert_eq!(
        statuses(&r),
        [("newbie", "ok"), ("robot", "ok"), ("setup", "alarm")]
    );
    assert!(
        r[2].2.contains("5 minutes after the user was created"),
        "{}",
        r[2].2
    );
    let r = run(&db, "console-and-active-key", None, false);
    assert_eq!(
        statuses(&r),
        [("newbie", "ok"), ("robot", "ok"), ("setup", "alarm")]
    );
    let r = run(&db, "credentials-never-used", None, false);
    assert_eq!(
        statuses(&r),
        [("newbie", "ok"), ("robot", "ok"), ("setup", "alarm")]
    );
    assert!(r[0].2.contains("within the grace period"), "{}", r[0].2);
    assert!(r[2].2.contains("never used"), "{}", r[2].2);
    // A grace of 2 days: the newcomer's password is an alarm too.
    let r = run(&db, "credentials-never-used", Some(2), false);
    assert_eq!(r[0].1, "alarm");
}

/// Regression (periodic review): with last month's report loaded beside this month's, the checks
/// and the overview counted every user twice, and still judged a user this month's report no
/// longer has.
#[test]
fn the_checks_and_the_overview_judge_each_accounts_latest_report_only() {
    use credreport_core::overview::TOTALS_SQL;
    let mut db = Database::new().unwrap();
    let month_ago = now() - Duration::days(30);
    let at = |t: DateTime<Utc>| LoadOptions {
        generated_time: Some(t.to_rfc3339()),
        ..Default::default()
    };
    let this_month: String = sample_csv(now())
        .lines()
        .filter(|l| !l.starts_with("carol"))
        .map(|l| format!("{l}\n"))
        .collect();
    db.load(
        &[Input::new("this-month.csv", this_month.as_bytes())],
        &at(now()),
    )
    .unwrap();
    // Loaded after, but generated before: still the older one.
    db.load(
        &[Input::new(
            "last-month.csv",
            sample_csv(month_ago).as_bytes(),
        )],
        &at(month_ago),
    )
    .unwrap();
    assert_eq!(db.row_count(), 19, "the table keeps both reports");
    let judged: Vec<&str> = latest(db.reports())
        .iter()
        .map(|r| r.source.as_str())
        .collect();
    assert_eq!(judged, ["this-month.csv"]);
    let first = |db: &mut Database, sql: &str| {
        db.query(sql, &QueryOptions::default()).unwrap().rows[0][0]
            .as_text()
            .unwrap()
    };
    assert_eq!(
        first(
            &mut db,
            "select count(*) from alicloud_ram_credential_report_latest"
        ),
        "9"
    );
    assert_eq!(first(&mut db, TOTALS_SQL), "9");
    let outcomes = db
        .run_checks(
            &CHECKS.iter().collect::<Vec<_>>(),
            &Thresholds::default(),
            AsOf::Moment(now()),
        )
        .unwrap();
    for o in &outcomes {
        let mut users: Vec<&str> = o.findings.iter().map(|f| f.user_name.as_str()).collect();
        assert!(
            !users.iter().any(|u| u.starts_with("carol")),
            "{}",
            o.check.id
        );
        let n = users.len();
        users.dedup();
        assert_eq!(users.len(), n, "{}: a user judged twice", o.check.id);
    }
    // A report that does not say when it was generated counts as generated now.
    db.load(
        &[Input::new("console.csv", sample_csv(now()).as_bytes())],
        &LoadOptions::default(),
    )
    .unwrap();
    let judged: Vec<&str> = latest(db.reports())
        .iter()
        .map(|r| r.source.as_str())
        .collect();
    assert_eq!(judged, ["console.csv"]);
    assert_eq!(first(&mut db, TOTALS_SQL), "10");
    // Cleared, the view is empty, and it follows the next load.
    db.clear().unwrap();
    assert_eq!(first(&mut db, TOTALS_SQL), "0");
}

/// Regression (fuzzing the periodic review's path): a console user who never logged on, in a
/// report that does not say when the user was created, gave that check a finding with no reason,
/// and every check failed with "Invalid column type Null … reason" — the Checks view, `check`
/// and the changes between two reports alike. A report that leaves every optional value unknown
/// is judged by every check, each finding with a reason a user can read.
#[test]
fn every_check_judges_a_report_that_leaves_every_optional_value_unknown() {
    let header: Vec<&str> = COLUMNS.iter().take(28).map(|c| c.name).collect();
    let row = |user: &str, set: &[(&str, &str)]| -> String {
        header
            .iter()
            .enumerate()
            .map(|(i, name)| match set.iter().find(|(n, _)| n == name) {
                Some((_, v)) => (*v).to_owned(),
                None if i == 0 => user.to_owned(),
                None => "N/A".to_owned(),
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    let yes = "TRUE";
    let csv = [
        header.join(","),
        // The root account with an active key the report gives no dates for.
        row(
            "<root>",
            &[("access_key_1_exist", yes), ("access_key_1_active", yes)],
        ),
        // A console user who never logged on, created no one knows when.
        row(
            "never@1234567890123456.onaliyun.com",
            &[("password_exist", yes), ("password_active", yes)],
        ),
        // A program's user: an active key, no dates at all.
        row(
            "program@1234567890123456.onaliyun.com",
            &[("access_key_1_exist", yes), ("access_key_1_active", yes)],
        ),
        // Nothing known at all.
        row("blank@1234567890123456.onaliyun.com", &[]),
    ]
    .join("\n");
    let mut db = Database::new().unwrap();
    db.load(
        &[Input::new("unknowns.csv", csv.as_bytes())],
        &LoadOptions::default(),
    )
    .unwrap();
    let all: Vec<&Check> = CHECKS.iter().collect();
    let outcomes = db
        .run_checks(&all, &Thresholds::default(), AsOf::Moment(now()))
        .unwrap();
    assert_eq!(outcomes.len(), CHECKS.len());
    for o in &outcomes {
        for f in &o.findings {
            assert!(
                !f.reason.is_empty(),
                "{}: {} has no reason",
                o.check.id,
                f.user_name
            );
        }
    }
    let reason = |id: &str, user: &str| {
        outcomes
            .iter()
            .find(|o| o.check.id == id)
            .and_then(|o| o.findings.iter().find(|f| f.user_name.starts_with(user)))
            .map(|f| (f.status, f.reason.clone()))
            .unwrap()
    };
    assert_eq!(
        reason("users-never-logged-on", "never"),
        (
            Status::Alarm,
            "has a console password but has never logged on, the report does not say when the user was created".into()
        )
    );
    assert_eq!(
        reason("cis-1.2-no-root-access-key", "<root>"),
        (
            Status::Alarm,
            "the root account has an active access key 1, the report does not say when it was rotated".into()
        )
    );
}

/// A judgement of some checks (as `check --check` asks) counts, makes and excepts what running
/// those checks and applying the exceptions to all their findings does: an exception naming a
/// check left out matches nothing, and exceptions applied in turn each start from the findings
/// as the checks found them.
#[test]
fn a_judgement_of_some_checks_is_those_checks_run_with_the_exceptions_applied() {
    let mut db = Database::new().unwrap();
    let csv = sample::synthetic_csv(300, "1000000000000001", 5, now());
    let opts = LoadOptions::default();
    db.load(&[Input::new("s.csv", csv.as_bytes())], &opts)
        .unwrap();
    let some = [
        check("access-keys-rotated").unwrap(),
        check("cis-1.4-console-users-mfa").unwrap(),
        check("console-users-inactive").unwrap(),
    ];
    let (thresholds, as_of) = (Thresholds::every(Some(30)), AsOf::Moment(now()));
    let run = db.run_checks(&some, &thresholds, as_of).unwrap();
    let alarm = |i: usize| -> String {
        let f = run[i].findings.iter().find(|f| f.status == Status::Alarm);
        f.unwrap().user_name.clone()
    };
    let exception = |check: &str, user: &str| {
        format!("[[exception]]\ncheck = \"{check}\"\nuser = \"{user}\"\nreason = \"r\"\nexpires = 2099-01-01\n\n")
    };
    let files = [
        exception(some[1].id, &alarm(1)) + &exception("*", &alarm(0)),
        exception("users-never-logged-on", &alarm(2)) + &exception(some[0].id, &alarm(0)),
        String::new(),
    ];
    let mut judgement = Judgement::new(&some, thresholds.clone(), as_of);
    for file in &files {
        let exceptions = exceptions::parse(file).unwrap();
        let mut expected = run.clone();
        let stale = exceptions::apply(&mut expected, &exceptions, now().date_naive()).stale;
        judgement
            .except(&db, &exceptions, now().date_naive())
            .unwrap();
        let tallies: Vec<Outcome> = expected.iter().map(Outcome::tally).collect();
        assert_eq!(judgement.tallies(&db).unwrap(), tallies, "{file}");
        assert_eq!(judgement.stale(), stale.as_slice(), "{file}");
        let opened = judgement.outcome(&db, some[2].id).unwrap();
        assert_eq!(opened, Some(&expected[2]), "{file}");
        assert_eq!(judgement.outcome(&db, "cis-1.3-root-mfa").unwrap(), None);
        assert_eq!(
            judgement.outcomes(&db).unwrap(),
            expected.as_slice(),
            "{file}"
        );
    }
}

/// A check whose SQL says a status none of the three is refused, named, whether its findings
/// are made or only counted: never counted as nothing.
#[test]
fn a_status_none_of_the_three_is_refused_when_counted_too() {
    static ODD: Check = Check {
        id: "odd",
        title: "says maybe",
        cis: None,
        severity: credreport_core::checks::Severity::Low,
        params: &[],
        sql: "select 'acs:ram::1:user/' || user_name as resource, \
              case when user_name like 'a%' then 'ok' else 'maybe' end as status, \
              '' as reason, account_id, user_name \
              from alicloud_ram_credential_report_latest",
    };
    let db = db(None);
    let (thresholds, as_of) = (Thresholds::default(), AsOf::Moment(now()));
    let made = db
        .run_check(&ODD, &thresholds, as_of)
        .unwrap_err()
        .to_string();
    let counted = db.tally(&ODD, &thresholds, as_of).unwrap_err().to_string();
    assert!(
        made.contains("odd: status \"maybe\" is not ok, alarm or skip"),
        "{made}"
    );
    assert_eq!(counted, made);
}

/// What the trend and the Checks view count without making the findings is what a check's
/// outcome counts: every check, on the sample (every status occurs) and a synthetic report, at
/// the default threshold and another, judged now and as of the report's generation time.
#[test]
fn statuses_counted_by_sqlite_are_the_outcomes_counts() {
    let synthetic = {
        let mut db = Database::new().unwrap();
        let csv = sample::synthetic_csv(400, "1000000000000001", 3, now());
        db.load(
            &[Input::new("s.csv", csv.as_bytes())],
            &LoadOptions::default(),
        )
        .unwrap();
        db
    };
    let dated = db(Some(now() - Duration::days(40)));
    for db in [&db(None), &dated, &synthetic] {
        for thresholds in [Thresholds::default(), Thresholds::every(Some(30))] {
            for as_of in [AsOf::Moment(now()), AsOf::EachReport { otherwise: now() }] {
                for check in CHECKS {
                    let outcome = db.run_check(check, &thresholds, as_of).unwrap();
                    assert_eq!(
                        db.tally(check, &thresholds, as_of).unwrap(),
                        Totals::of(&outcome.findings),
                        "{}",
                        check.id
                    );
                }
            }
        }
    }
}
