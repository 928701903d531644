//! A periodic review's path: a dated report of an account is loaded, then another report of the
//! same account, generated at whatever time its first line says. Reading the changes table then
//! compares the two (a load compares nothing: the first query of the table does); then the
//! checks judge each report as of its own generation time (SQLite's counts of each check are
//! its findings' counts), and each report judged finds what it finds alone (both, when the two say one time); the Compare view compares the two
//! and finds users' two rows, and the trend takes a point. Never a panic; a refused load
//! changes nothing.
#![no_main]

use std::sync::Mutex;

use chrono::{DateTime, Utc};
use credreport_core::sample::{sample_csv, SAMPLE_ACCOUNT_ID as ACCOUNT};
use credreport_core::{
    checks, trend, AsOf, Database, Input, LoadOptions, QueryOptions, Thresholds, Totals, CHECKS,
};
use libfuzzer_sys::fuzz_target;

fn everything(db: &mut Database) -> Vec<Vec<credreport_core::Value>> {
    let mut rows = Vec::new();
    for sql in [
        "select * from alicloud_ram_credential_report order by rowid",
        "select * from alicloud_ram_credential_report_changes order by rowid",
    ] {
        rows.extend(db.query(sql, &QueryOptions::default()).expect(sql).rows);
    }
    rows
}

static DB: Mutex<Option<Database>> = Mutex::new(None);

fuzz_target!(|data: &[u8]| {
    // The first line is when the second report says it was generated; the rest is the report.
    let (when, report) = match data.iter().position(|&b| b == b'\n') {
        Some(i) if i <= 64 => (&data[..i], &data[i + 1..]),
        _ => return,
    };
    let Ok(when) = std::str::from_utf8(when) else {
        return;
    };
    let now: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().expect("a time");
    let mut guard = DB.lock().unwrap();
    let db = guard.get_or_insert_with(|| Database::new().expect("SQLite opens"));
    db.clear().expect("clear");
    let dated = |time: &str| LoadOptions {
        account_id: Some(ACCOUNT.into()),
        generated_time: Some(time.into()),
    };
    // The base: the sample report, made and generated two months before `now`.
    let made: DateTime<Utc> = "2026-10-01T08:00:00Z".parse().expect("a time");
    db.load(
        &[Input::new("october.csv", sample_csv(made).as_bytes())],
        &dated("2026-10-01T08:00:00Z"),
    )
    .expect("the base report loads");
    let before = everything(db);
    if db
        .load(&[Input::new("fuzz", report)], &dated(when))
        .is_err()
    {
        assert_eq!(
            before,
            everything(db),
            "a refused report changed what was loaded"
        );
        return;
    }
    let _ = everything(db);
    // Whatever a loaded report says, the checks judge it, and SQLite counts what they find.
    let all: Vec<_> = CHECKS.iter().collect();
    for as_of in [AsOf::EachReport { otherwise: now }, AsOf::Moment(now)] {
        let outcomes = match db.run_checks(&all, &Thresholds::default(), as_of) {
            Ok(outcomes) => outcomes,
            Err(e) => panic!("the checks failed on a loaded report: {e}"),
        };
        for o in &outcomes {
            let counted = db.tally(o.check, &Thresholds::default(), as_of);
            assert_eq!(
                counted.expect("the checks counted it"),
                Totals::of(&o.findings),
                "{} counted otherwise than found",
                o.check.id
            );
        }
    }
    // Each judged report is judged as it says alone: two reports of one time (the fuzzed one
    // may say the base's) are both judged, each user once per report, never by the other's
    // rows. The root checks are left out: a report without its `<root>` line is skipped by
    // account, and a report of the same account that has one stands in for it.
    let latest: Vec<String> = (credreport_core::latest(db.reports()).iter())
        .map(|r| r.sha256.clone())
        .collect();
    let alone: Vec<Database> = (latest.iter())
        .map(|sha| db.alone_by_rows(sha).expect("a loaded report copies"))
        .collect();
    let found = |db: &Database, check| {
        let outcome = db
            .run_check(check, &Thresholds::default(), AsOf::Moment(now))
            .expect("the checks judged it once");
        let mut found: Vec<_> = (outcome.findings.into_iter())
            .map(|f| (f.account_id, f.user_name, f.status, f.reason))
            .collect();
        found.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        found
    };
    for check in CHECKS.iter().filter(|c| !checks::judges_the_root(c)) {
        let mut each: Vec<_> = alone.iter().flat_map(|a| found(a, check)).collect();
        each.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        assert_eq!(
            found(db, check),
            each,
            "{} judged a report by another's rows",
            check.id
        );
    }
    // The Compare view's pair: the base and the new report, side by side.
    let stored = db.reports().last().and_then(|r| r.generated_time.clone());
    let mut base = db
        .alone(Some(ACCOUNT), Some("2026-10-01 08:00:00"))
        .expect("the base copies");
    let mut new = db
        .alone(Some(ACCOUNT), stored.as_deref())
        .expect("a loaded report copies");
    let diff = match credreport_core::compare(&mut base, &mut new, now) {
        Ok(diff) => diff,
        Err(e) => panic!("comparing failed on a loaded report: {e}"),
    };
    let copied = match trend::point(&mut new, None, now) {
        Ok(point) => point,
        Err(e) => panic!("the trend failed on a loaded report: {e}"),
    };
    // The trend reads each report where it is: as its copy.
    let new_report = credreport_core::Alone::Report {
        account_id: Some(ACCOUNT.to_owned()),
        generated_time: stored.clone(),
    };
    let in_place = db
        .with_alone(&new_report, |db| trend::point(db, None, now))
        .expect("a loaded report reads in place");
    assert_eq!(
        in_place.ok(),
        Some(copied),
        "a report read in place was judged otherwise than its copy"
    );
    // So does the Compare view.
    let base_report = credreport_core::Alone::Report {
        account_id: Some(ACCOUNT.to_owned()),
        generated_time: Some("2026-10-01 08:00:00".to_owned()),
    };
    let compared = credreport_core::compare_loaded(db, &base_report, &new_report, now);
    assert_eq!(
        compared.ok(),
        Some(diff),
        "reports read in place were compared otherwise than their copies"
    );
    // A user's two rows in the pair, as Compare shows them: found whatever the names hold.
    let shas: Vec<String> = db.reports().iter().map(|r| r.sha256.clone()).collect();
    let names = new
        .query(
            "select user_name from alicloud_ram_credential_report limit 8",
            &QueryOptions::default(),
        )
        .expect("the new report's names")
        .rows;
    for name in names.iter().filter_map(|r| r[0].as_text()) {
        let rows = db
            .user_rows(&name, [&shas[0], &shas[shas.len() - 1]])
            .unwrap_or_else(|e| panic!("{name:?}'s two rows: {e}"));
        assert!(
            !rows.rows.is_empty(),
            "{name:?} is in the new report, its rows were not found"
        );
    }
});
