//! Properties over generated input (proptest; native only — the browser runs the example tests).
//!
//! - Any report the core writes back out as CSV loads again to the same table.
//! - Arbitrary bytes never panic, and a refused input never changes a loaded table.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, Utc};
use credreport_core::sample::sample_csv;
use credreport_core::schema::CSV_FIELDS;
use credreport_core::{
    parse, trend, AsOf, Check, Database, Input, LoadOptions, QueryOptions, QueryResult, Thresholds,
    Totals, CHECKS,
};
use proptest::prelude::*;

fn table(db: &mut Database) -> QueryResult {
    db.query(
        "select * from alicloud_ram_credential_report order by rowid",
        &QueryOptions::default(),
    )
    .expect("select * runs")
}

fn loaded(csv: &[u8]) -> Option<(Database, QueryResult)> {
    let mut db = Database::new().unwrap();
    db.load(&[Input::new("r.csv", csv)], &LoadOptions::default())
        .ok()?;
    let t = table(&mut db);
    Some((db, t))
}

/// A CSV field as Alibaba Cloud writes it, or as a hand-edited file might.
fn time_field() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (2000i64..2030, 1u32..13, 1u32..29, 0u32..24, 0u32..60, 0u32..60).prop_map(
            |(y, mo, d, h, mi, s)| format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
        ),
        1 => (2000i64..2030, 1u32..13, 1u32..29, -12i32..13).prop_map(|(y, mo, d, off)| {
            format!("{y:04}-{mo:02}-{d:02} 10:20:30{off:+03}:00")
        }),
        1 => (2000i64..2030, 1u32..13, 1u32..29).prop_map(|(y, mo, d)| format!("{y:04}-{mo:02}-{d:02}")),
        1 => prop_oneof![
            Just("N/A".to_owned()),
            Just("-".to_owned()),
            Just(String::new()),
            Just("no_information".to_owned()),
            Just("not_supported".to_owned()),
            Just("LOGIN_DISABLED".to_owned()),
        ],
        1 => "\\PC{0,12}",
    ]
}

fn bool_field() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop_oneof![Just("TRUE"), Just("FALSE"), Just("true"), Just("no"), Just("1"), Just("N/A"), Just("")]
            .prop_map(str::to_owned),
        1 => "\\PC{0,8}",
    ]
}

fn user_field() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<root>".to_owned()),
        (
            "[a-z0-9._-]{1,12}",
            prop_oneof![Just("1234567890123456"), Just("corp")]
        )
            .prop_map(|(u, d)| format!("{u}@{d}.onaliyun.com")),
        // Commas, quotes, line breaks, any script: the writer must quote what needs it.
        "[^\u{0}]{1,16}",
    ]
}

fn row() -> impl Strategy<Value = Vec<String>> {
    (
        user_field(),
        proptest::collection::vec((time_field(), bool_field()), CSV_FIELDS.len()),
    )
        .prop_map(|(user, fields)| {
            let mut out = vec![user];
            for (i, name) in CSV_FIELDS.iter().enumerate().skip(1) {
                let (time, flag) = &fields[i];
                let is_time = name.ends_with("_time")
                    || name.ends_with("_logon")
                    || name.ends_with("_changed")
                    || name.ends_with("_rotation")
                    || name.ends_with("_rotated")
                    || name.ends_with("_used");
                out.push(if is_time { time.clone() } else { flag.clone() });
            }
            out
        })
}

fn report_csv(rows: &[Vec<String>], extra: bool) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = CSV_FIELDS.to_vec();
    if extra {
        header.push("note");
    }
    w.write_record(&header).unwrap();
    for (i, r) in rows.iter().enumerate() {
        let mut r = r.clone();
        if extra {
            r.push(if i % 2 == 0 {
                format!("n{i}, \"q\"")
            } else {
                String::new()
            });
        }
        w.write_record(&r).unwrap();
    }
    w.into_inner().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_report_written_back_as_csv_loads_to_the_same_table(
        rows in proptest::collection::vec(row(), 1..12),
        extra in any::<bool>(),
    ) {
        let csv = report_csv(&rows, extra);
        // Whatever the core accepted, it must be able to give back.
        let Some((_, first)) = loaded(&csv) else { return Ok(()) };
        let reports = parse(&[Input::new("r.csv", &csv)], &LoadOptions::default()).unwrap();
        prop_assert_eq!(reports.len(), 1);
        let written = reports[0].to_csv();
        let (_, again) = loaded(written.as_bytes())
            .unwrap_or_else(|| panic!("the written report loads again:\n{written}"));
        prop_assert_eq!(first, again, "written back as:\n{}", written);
    }

    #[test]
    fn arbitrary_bytes_never_panic_nor_change_a_loaded_table(
        bytes in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..600),
            "\\PC{0,300}".prop_map(String::into_bytes),
            // Near misses: a real report with bytes changed, cut or inserted.
            (0usize..4000, proptest::collection::vec(any::<u8>(), 0..6), any::<bool>()).prop_map(|(at, junk, cut)| {
                let mut r = sample_csv(DateTime::from_timestamp(1_767_225_600, 0).unwrap()).into_bytes();
                let at = at.min(r.len());
                if cut { r.truncate(at) }
                r.splice(at..at, junk);
                r
            }),
            "\\{\"(Content|GeneratedTime|Items|NextToken)\": ?(\"[A-Za-z0-9+/=]{0,40}\"|\\[\\]|null|\\{\\}|1)\\}"
                .prop_map(String::into_bytes),
        ]
    ) {
        let now = DateTime::from_timestamp(1_767_225_600, 0).unwrap();
        let sample = sample_csv(now);
        let mut db = Database::new().unwrap();
        db.load(&[Input::new("sample.csv", sample.as_bytes())], &LoadOptions::default()).unwrap();
        let before = table(&mut db);
        match db.load(&[Input::new("fuzz", &bytes)], &LoadOptions::default()) {
            Err(e) => {
                prop_assert!(!e.to_string().is_empty());
                prop_assert_eq!(&before, &table(&mut db), "a refused input changed the table");
            }
            Ok(summary) => prop_assert_eq!(db.row_count(), before.rows.len() + summary.rows()),
        }
    }
}

/// A fuzz target's inputs: its seeds (`fuzz/seeds/<target>`, in the repository), then the local
/// working corpus (`fuzz/corpus/<target>`) when there is one; each with its path and whether it
/// is a seed.
fn fuzz_inputs(target: &str) -> Vec<(std::path::PathBuf, bool, Vec<u8>)> {
    let fuzz = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut inputs = Vec::new();
    for (dir, seed) in [("seeds", true), ("corpus", false)] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(dir).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            inputs.push((path, seed, bytes));
        }
    }
    inputs
}

/// The fuzz targets' seeds (`fuzz/seeds/parse`, `fuzz/seeds/load`: one of each form a report
/// comes in), and a local working corpus (`fuzz/corpus/…`) when there is one, replayed through
/// each target's property: `parse` returns whatever the bytes; a refused load leaves the table
/// as it was; and every seed but the API's error answer and those named `refused-…` loads.
#[test]
fn every_fuzz_input_parses_or_is_refused_leaving_the_table_as_it_was() {
    let mut seeds = 0;
    for target in ["parse", "load"] {
        for (path, seed, bytes) in fuzz_inputs(target) {
            let data = if target == "parse" {
                bytes.get(1..).unwrap_or_default()
            } else {
                &bytes
            };
            let _ = parse(&[Input::new("fuzz", data)], &LoadOptions::default());
            let mut db = Database::new().unwrap();
            db.load(
                &[Input::new(
                    "base.csv",
                    sample_csv(DateTime::UNIX_EPOCH).as_bytes(),
                )],
                &LoadOptions::default(),
            )
            .unwrap();
            let before = table(&mut db);
            let loaded = db.load(&[Input::new("fuzz", data)], &LoadOptions::default());
            if seed {
                seeds += 1;
                let name = path.file_name().unwrap().to_string_lossy();
                assert_eq!(
                    loaded.is_ok(),
                    name != "api-error.json" && !name.starts_with("refused-"),
                    "{name}: {loaded:?}"
                );
            }
            if loaded.is_err() {
                assert_eq!(before, table(&mut db), "{}", path.display());
            }
        }
    }
    assert!(seeds >= 16, "only {seeds} seeds of parse and load");
}

/// The `history` fuzz target's seeds and local corpus (`fuzz/seeds/history`: a report of the
/// sample's account after the sample, its first line the time it says it was generated),
/// replayed through its property: a refused report leaves the table and the changes as they
/// were; a loaded one is judged by every check, as of each report and as of one moment (each
/// judged report, both when the two say one time, finding what it finds alone), is
/// compared with the one before it as the Compare view does (and each of its first users' two
/// rows found), and makes a point of the trend.
/// Every seed but the one generated at no time loads.
#[test]
fn every_history_fuzz_input_is_refused_unchanged_or_judged() {
    use credreport_core::sample::SAMPLE_ACCOUNT_ID;
    let now: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
    let dated = |time: &str| LoadOptions {
        account_id: Some(SAMPLE_ACCOUNT_ID.into()),
        generated_time: Some(time.into()),
    };
    let everything = |db: &mut Database| {
        [
            "select * from alicloud_ram_credential_report order by rowid",
            "select * from alicloud_ram_credential_report_changes order by rowid",
        ]
        .map(|sql| db.query(sql, &QueryOptions::default()).unwrap().rows)
    };
    let mut seeds = 0;
    for (path, seed, bytes) in fuzz_inputs("history") {
        let Some((when, report)) = bytes
            .iter()
            .position(|&b| b == b'\n')
            .filter(|&i| i <= 64)
            .and_then(|i| Some((std::str::from_utf8(&bytes[..i]).ok()?, &bytes[i + 1..])))
        else {
            continue;
        };
        let mut db = Database::new().unwrap();
        let made: DateTime<Utc> = "2026-10-01T08:00:00Z".parse().unwrap();
        db.load(
            &[Input::new("october.csv", sample_csv(made).as_bytes())],
            &dated("2026-10-01T08:00:00Z"),
        )
        .unwrap();
        let before = everything(&mut db);
        let loaded = db.load(&[Input::new("fuzz", report)], &dated(when));
        if seed {
            seeds += 1;
            let name = path.file_name().unwrap().to_string_lossy();
            assert_eq!(
                loaded.is_ok(),
                name != "generated-at-no-time.csv",
                "{name}: {loaded:?}"
            );
        }
        if loaded.is_err() {
            assert_eq!(before, everything(&mut db), "{}", path.display());
            continue;
        }
        let all: Vec<&Check> = CHECKS.iter().collect();
        for as_of in [AsOf::EachReport { otherwise: now }, AsOf::Moment(now)] {
            let outcomes = (db.run_checks(&all, &Thresholds::default(), as_of))
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            // What SQLite counts is what the checks find.
            for o in &outcomes {
                let counted = db.tally(o.check, &Thresholds::default(), as_of).unwrap();
                assert_eq!(counted, Totals::of(&o.findings), "{}", path.display());
            }
        }
        // Each judged report finds what it finds alone, the root checks aside (a report without
        // its `<root>` line is skipped by account).
        let alone: Vec<Database> = (credreport_core::latest(db.reports()).iter())
            .map(|r| db.alone_by_rows(&r.sha256).unwrap())
            .collect();
        let found = |db: &Database, check| {
            let outcome = db
                .run_check(check, &Thresholds::default(), AsOf::Moment(now))
                .unwrap();
            let mut found: Vec<String> = (outcome.findings.iter())
                .map(|f| format!("{f:?}"))
                .collect();
            found.sort();
            found
        };
        for check in CHECKS
            .iter()
            .filter(|c| !credreport_core::checks::judges_the_root(c))
        {
            let mut each: Vec<String> = alone.iter().flat_map(|a| found(a, check)).collect();
            each.sort();
            assert_eq!(found(&db, check), each, "{}: {}", path.display(), check.id);
        }
        // The Compare view's pair, then the trend's point of the new report.
        let stored = db.reports().last().and_then(|r| r.generated_time.clone());
        let mut base = db
            .alone(Some(SAMPLE_ACCOUNT_ID), Some("2026-10-01 08:00:00"))
            .unwrap();
        let mut new = db
            .alone(Some(SAMPLE_ACCOUNT_ID), stored.as_deref())
            .unwrap();
        let diff = credreport_core::compare(&mut base, &mut new, now)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let copied =
            trend::point(&mut new, None, now).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // The trend reads each report where it is: as its copy.
        let new_report = credreport_core::Alone::Report {
            account_id: Some(SAMPLE_ACCOUNT_ID.to_owned()),
            generated_time: stored.clone(),
        };
        let in_place = db
            .with_alone(&new_report, |db| trend::point(db, None, now))
            .unwrap();
        assert_eq!(in_place.ok(), Some(copied), "{}", path.display());
        // So does the Compare view.
        let base_report = credreport_core::Alone::Report {
            account_id: Some(SAMPLE_ACCOUNT_ID.to_owned()),
            generated_time: Some("2026-10-01 08:00:00".to_owned()),
        };
        let compared = credreport_core::compare_loaded(&mut db, &base_report, &new_report, now);
        assert_eq!(compared.ok(), Some(diff), "{}", path.display());
        // A user's two rows in the pair, as Compare shows them.
        let shas: Vec<String> = db.reports().iter().map(|r| r.sha256.clone()).collect();
        let names = new
            .query(
                "select user_name from alicloud_ram_credential_report limit 8",
                &QueryOptions::default(),
            )
            .unwrap()
            .rows;
        for name in names.iter().filter_map(|r| r[0].as_text()) {
            let rows = db.user_rows(&name, [&shas[0], &shas[shas.len() - 1]]);
            let found = rows.map(|r| r.rows.len());
            assert!(
                found.as_ref().is_ok_and(|&n| n > 0),
                "{}: {name:?}: {found:?}",
                path.display()
            );
        }
    }
    assert!(seeds >= 5, "only {seeds} seeds of history");
}

/// Whether `regex` matches `text`, with or without case.
fn regex_matches(regex: &credreport_core::regex::Regex, text: &str, ignore_case: bool) -> bool {
    use credreport_core::regex::Flags;
    regex.is_match(
        text,
        Flags {
            ignore_case,
            ..Flags::default()
        },
        &mut || false,
    ) == Some(true)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any pattern made of the syntax's characters is read or refused, never a panic, and what
    /// is read matches any text, with or without case, and answers.
    #[test]
    fn any_pattern_is_read_or_refused_and_matches_any_text(
        pattern in "[ab.()|*+?{}\\[\\]^$\\\\dswDSWAZmy:,0-9\\-]{0,24}",
        text in "[abAB \n\\-]{0,24}",
    ) {
        use credreport_core::regex::Regex;
        match Regex::new(&pattern) {
            Ok(regex) => {
                regex_matches(&regex, &text, false);
                regex_matches(&regex, &text, true);
            }
            Err(e) => prop_assert!(e.at >= 1 && e.at <= pattern.chars().count().max(1), "{e}"),
        }
    }

    /// A pattern of plain characters (each escaped where the syntax gives it a meaning) is
    /// found exactly where the text holds it; anchored at both ends, where it is the text.
    #[test]
    fn plain_characters_match_where_the_text_holds_them(
        plain in "[ab.()|*+?{}^$\\\\ \\-]{0,6}",
        text in "[ab.()|*+?{}^$\\\\ \\-]{0,12}",
    ) {
        use credreport_core::regex::Regex;
        let escaped: String = plain
            .chars()
            .flat_map(|c| if c.is_alphanumeric() || c == ' ' { vec![c] } else { vec!['\\', c] })
            .collect();
        let found = Regex::new(&escaped).unwrap();
        prop_assert_eq!(regex_matches(&found, &text, false), text.contains(&plain));
        let whole = Regex::new(&format!("^{escaped}$")).unwrap();
        prop_assert_eq!(regex_matches(&whole, &text, false), text == plain);
    }
}

/// The `regex` fuzz target's seeds (`fuzz/seeds/regex`: a pattern, a NUL, a text) and local
/// corpus, replayed: each pattern is read or refused and matches its text, each part in
/// parentheses inside the match; every seed is read and matches.
#[test]
fn every_regex_fuzz_input_is_read_or_refused_and_matches() {
    use credreport_core::regex::Regex;
    let mut seeds = 0;
    for (path, seed, bytes) in fuzz_inputs("regex") {
        let (pattern, text) = match bytes.iter().position(|&b| b == 0) {
            Some(i) => (&bytes[..i], &bytes[i + 1..]),
            None => (&bytes[..], &b""[..]),
        };
        let pattern = String::from_utf8_lossy(pattern);
        let text = String::from_utf8_lossy(text);
        match Regex::new(&pattern) {
            Ok(regex) => {
                let matched = regex_matches(&regex, &text, false);
                regex_matches(&regex, &text, true);
                // Each part in parentheses matched inside the match, or took no part.
                let (flags, never) = (Default::default(), &mut || false);
                if let Some((a, b)) = regex.find(&text, 0, flags, never).unwrap() {
                    let groups = regex.groups_of(&text, (a, b), flags, never).unwrap();
                    assert_eq!(groups.len(), regex.groups(), "{}", path.display());
                    for (c, d) in groups.into_iter().flatten() {
                        assert!(a <= c && c <= d && d <= b, "{}", path.display());
                    }
                }
                if seed {
                    seeds += 1;
                    assert!(matched, "{} does not match", path.display());
                }
            }
            Err(e) => assert!(!seed, "{}: {e}", path.display()),
        }
    }
    assert!(seeds >= 4, "only {seeds} regex seeds");
}
