//! `diff`, `trend` and several reports of one account: the changes table, alias CSVs, undated
//! console CSVs and their saved times.

use super::*;

/// Two console CSVs of one account say no generation time, so neither is the older: `check` and
/// `query` warn that each user is judged once per report instead of counting twice silently.
#[test]
fn two_undated_reports_of_one_account_are_warned_about() {
    let (oct, dec) = two_console_csvs(["oct.csv", "dec.csv"]);
    let reports = ["-r", oct.to_str().unwrap(), "-r", dec.to_str().unwrap()];
    let said = text(&credreport(&[&["check"], &reports[..]].concat(), b"").stderr);
    assert!(
        said.contains("oct.csv, ")
            && said.contains("dec.csv are reports of account 1234567890123456 that do not say when they were generated")
            && said.contains("count each of their users once per report; check the newest alone"),
        "{said}"
    );
    let query = [&["query"], &reports[..], &["select 1"]].concat();
    let said = text(&credreport(&query, b"").stderr);
    assert!(
        said.contains("alicloud_ram_credential_report_latest holds them all"),
        "{said}"
    );
    // One of them alone: nothing to warn about.
    let alone = credreport(&["check", "-r", dec.to_str().unwrap()], b"");
    assert!(!text(&alone.stderr).contains("do not say when"));
    // `--generated-time` gives both one time, which tells them apart no better (regression:
    // they were judged together silently, the root's checks in alarm twice for one account).
    let timed = [
        &["check"],
        &reports[..],
        &["--generated-time", "2026-12-01T00:00:00Z"],
    ]
    .concat();
    let said = text(&credreport(&timed, b"").stderr);
    assert!(
        said.contains("dec.csv are reports of account 1234567890123456 given one generation time (2026-12-01 00:00:00): none can be told older"),
        "{said}"
    );
    // Users who log on with the account's alias name no account but the alias: said too
    // (regression: judged twice, silently).
    let alias = |file: &TempFile| {
        let csv = std::fs::read_to_string(file).unwrap();
        csv.replace("@1234567890123456.onaliyun.com", "@corp.onaliyun.com")
    };
    let oct = temp_file("oct.csv", alias(&oct).as_bytes());
    let dec = temp_file("dec.csv", alias(&dec).as_bytes());
    let out = credreport(&["check", "-r", oct.as_str(), "-r", dec.as_str()], b"");
    let said = text(&out.stderr);
    assert!(
        said.contains("dec.csv are reports of account …@corp.onaliyun.com that do not say when they were generated: none can be told older")
            && said.contains("; check the newest alone"),
        "{said}"
    );
    // Beside last month's report of that account fetched through the API, which names it, a
    // console CSV whose users log on at its alias is its latest report (regression: both were
    // judged, each user twice, silently).
    let fetched = fetched_json(
        alias(&oct).as_bytes(),
        "2026-11-01T00:00:00Z",
        "1234567890123456",
    );
    let nov = temp_file("nov.json", &fetched);
    let judged = |files: [&TempFile; 2]| {
        let args = [
            "check",
            "-r",
            files[0].as_str(),
            "-r",
            files[1].as_str(),
            "-o",
            "json",
        ];
        let out = credreport(&args, b"");
        let evidence: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let sources = evidence["sources"].as_array().unwrap().iter();
        let sources: Vec<String> = sources
            .map(|s| s["source"].as_str().unwrap().into())
            .collect();
        (sources, text(&out.stderr))
    };
    let (sources, said) = judged([&nov, &dec]);
    assert!(
        sources.len() == 1 && sources[0].ends_with("dec.csv"),
        "{sources:?}"
    );
    assert!(
        said.contains("1 report is older: ") && said.contains("nov.json (2026-11-01 00:00:00)"),
        "{said}"
    );
    assert!(!said.contains("none can be told older"), "{said}");
    // Two accounts' aliases are two accounts: both judged, nothing to say (regression: they
    // were warned of as perhaps one account's).
    let other = temp_file(
        "other.csv",
        alias(&oct).replace("@corp.", "@else.").as_bytes(),
    );
    let (sources, said) = judged([&other, &dec]);
    assert_eq!(sources.len(), 2);
    assert!(!said.contains("none can be told older"), "{said}");
    // Nor are they compared as one account's.
    let out = credreport(&["diff", other.as_str(), dec.as_str()], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(
            "different accounts, account …@else.onaliyun.com and account …@corp.onaliyun.com"
        ),
        "{}",
        text(&out.stderr)
    );
}

/// A console CSV of an account with an alias, loaded beside a report that names the account
/// (fetched, at the same alias), is taken as that account's, and the CLI says so: before, it
/// was "account unknown" unless `--account-id` was given.
#[test]
fn a_csv_at_an_alias_is_taken_as_the_account_a_report_at_it_names() {
    let (alias, fetched) = alias_csv_and_fetched("alias.csv", "fetched.json");
    let check = |output: &str| {
        let args = [
            "check",
            "-r",
            fetched.as_str(),
            "-r",
            alias.as_str(),
            "-o",
            output,
        ];
        credreport(&args, b"")
    };
    let out = check("json");
    let said = text(&out.stderr);
    assert!(
        said.contains("alias.csv is taken as account 5555666677778888's, as ")
            && said.contains(
                "fetched.json is, whose users log on at the same alias (corp.onaliyun.com)"
            ),
        "{said}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let alias_source = (v["sources"].as_array().unwrap().iter())
        .find(|s| {
            s["source"]
                .as_str()
                .is_some_and(|s| s.ends_with("alias.csv"))
        })
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(alias_source["account_id"], "5555666677778888", "{v}");
    assert_eq!(alias_source["account_id_given"], true, "{v}");
    // Given by the fetched report, not a person: the evidence says which.
    assert_eq!(alias_source["account_id_from"], fetched.as_str(), "{v}");
    let md = text(&check("md").stdout);
    assert!(
        md.contains(&format!(
            "5555666677778888 (as {} is, at the same alias)",
            fetched.as_str()
        )) && !md.contains("(as given)"),
        "{md}"
    );
}

/// Regression: `trend` loads each file alone, so a console CSV of an account with an alias,
/// beside a fetched report of the account, stayed a row of no account, listed before the
/// account's rows, where the page's *Over time* (one load of them all) made it the account's.
/// Its row is the account's now, after the account's dated one, and said as a load says it.
#[test]
fn trend_takes_an_alias_csv_as_the_account_a_report_beside_it_names() {
    let (alias, fetched) = alias_csv_and_fetched("nov.csv", "oct.json");
    let out = credreport(
        &["trend", alias.as_str(), fetched.as_str(), "-o", "csv"],
        b"",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: Vec<String> = (text(&out.stdout).lines().skip(1))
        .map(|l| l.split(',').take(2).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(
        rows,
        ["5555666677778888,2026-11-01 00:00:00", "5555666677778888,"]
    );
    let said = text(&out.stderr);
    assert!(
        said.contains(&format!(
            "credreport: note: {} is taken as account 5555666677778888's, as {} is, whose users log on at the same alias (corp.onaliyun.com)\n",
            alias.as_str(),
            fetched.as_str()
        )),
        "{said}"
    );
}

#[test]
fn the_changes_table_answers_sql_when_two_reports_of_an_account_are_loaded() {
    let (october, november) = two_months("bob.dormant");
    let sql = "select change, old_generated_time, new_generated_time from alicloud_ram_credential_report_changes where user_name like 'bob.dormant@%' and check_id is null";
    let out = credreport(
        &[
            "query",
            "-r",
            november.as_str(),
            "-r",
            october.as_str(),
            "-o",
            "csv",
            sql,
        ],
        b"",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "change,old_generated_time,new_generated_time\nuser-removed,2026-10-01 00:00:00,2026-11-01 00:00:00\n"
    );
    // One report: the table is there, empty.
    let out = credreport(
        &[
            "query",
            "-r",
            october.as_str(),
            "-o",
            "csv",
            "select count(*) as n from alicloud_ram_credential_report_changes",
        ],
        b"",
    );
    assert_eq!(text(&out.stdout), "n\n0\n");
    let out = credreport(
        &[
            "schema",
            "alicloud_ram_credential_report_changes",
            "-o",
            "csv",
        ],
        b"",
    );
    assert!(
        text(&out.stdout).contains("check_id,TEXT,text,"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn trend_has_a_row_per_report_oldest_first_judged_as_of_each() {
    let (october, november) = two_months("bob.dormant");
    let out = credreport(
        &["trend", november.as_str(), october.as_str(), "-o", "json"],
        b"",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["generated_time"], "2026-10-01 00:00:00");
    assert_eq!(
        (rows[0]["users"].as_i64(), rows[1]["users"].as_i64()),
        (Some(10), Some(9))
    );
    // Bob's alarms went with him.
    assert!(
        rows[1]["alarms"].as_i64() < rows[0]["alarms"].as_i64(),
        "{rows:?}"
    );
    assert!(rows[0].get("active_keys_over_90_days").is_some());
    assert_eq!(rows[0]["report"], october.as_str());
    let out = credreport(
        &["trend", october.as_str(), "--days", "45", "-o", "csv"],
        b"",
    );
    assert!(text(&out.stdout).contains("active_keys_over_45_days"));
    let out = credreport(&["trend", october.as_str(), "--days", "-5"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("0 to 36500"),
        "{}",
        text(&out.stderr)
    );
}

/// Regression: `diff` and `trend` took `-` for a file of that name ("-: could not read the
/// report"), where `query --report -` reads standard input. Each now reads it, once: `-` given
/// twice is refused by name, not read as an empty second report.
#[test]
fn diff_and_trend_read_a_report_from_standard_input_once() {
    let (october, november) = two_months("bob.dormant");
    let piped = std::fs::read(november.as_str()).unwrap();
    let out = credreport(&["diff", october.as_str(), "-", "-o", "csv"], &piped);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("user-removed"),
        "{}",
        text(&out.stdout)
    );
    let out = credreport(&["trend", "-", october.as_str(), "-o", "json"], &piped);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[1]["report"], "stdin");
    assert_eq!(rows[1]["users"].as_i64(), Some(9));
    for args in [
        &["diff", "-", "-"][..],
        &["trend", "-", "-"],
        &["query", "select 1", "-r", "-", "-r", "-"],
    ] {
        let out = credreport(args, &piped);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("`-` is given twice"),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

/// `trend` takes `--account-id` as `query`, `check` and `diff` do: console CSVs of an account
/// with an alias name no account, and their rows said none.
#[test]
fn trend_takes_the_account_of_alias_csvs_as_the_other_commands_do() {
    let (oct, nov) = two_console_csvs(["oct.csv", "nov.csv"]);
    let (oct, nov) = (at_alias(&oct, "oct.csv"), at_alias(&nov, "nov.csv"));
    let time_oct = format!("{}=2026-10-01T00:00:00Z", oct.as_str());
    let time_nov = format!("{}=2026-11-01T00:00:00Z", nov.as_str());
    let args = [
        "trend",
        oct.as_str(),
        nov.as_str(),
        "--time",
        &time_oct,
        "--time",
        &time_nov,
        "-o",
        "json",
    ];
    let rows = |out: std::process::Output| -> serde_json::Value {
        assert!(out.status.success(), "{}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let without = rows(credreport(&args, b""));
    assert_eq!(without[0]["account_id"], serde_json::Value::Null);
    let with: Vec<&str> = args
        .iter()
        .copied()
        .chain(["--account-id", "5555666677778888"])
        .collect();
    let with = rows(credreport(&with, b""));
    assert_eq!(with[0]["account_id"], "5555666677778888");
    assert_eq!(with[1]["account_id"], "5555666677778888");
}

/// Regression: a trend over console CSVs, which never say when they were generated, judged each
/// as of now yet listed it first, as the oldest, and said nothing; there was no way to give each
/// its time; and the same report given twice was two points of one moment.
#[test]
fn trend_of_console_reports_takes_their_times_and_counts_a_report_once() {
    let sample = credreport(&["sample"], b"").stdout;
    let october = temp_file("october.csv", &sample);
    let november = temp_file("november.csv", &without_user(&sample, "bob.dormant"));
    let (oct, nov) = (october.as_str(), november.as_str());
    // Each row's generation time and users.
    let times = |rows: &str| -> Vec<String> {
        (rows.lines().skip(1))
            .map(|l| {
                let cells: Vec<&str> = l.split(',').collect();
                format!("{},{}", cells[1], cells[3])
            })
            .collect()
    };

    let out = credreport(&["trend", nov, oct, "-o", "csv"], b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(times(&text(&out.stdout)), [",9", ",10"], "the order given");
    // Undated, the rows are told apart by their files.
    let files: Vec<String> = (text(&out.stdout).lines().skip(1))
        .map(|l| l.split(',').nth(2).unwrap().to_owned())
        .collect();
    assert_eq!(files, [nov, oct]);
    assert_eq!(
        text(&out.stderr),
        format!("credreport: warning: {nov}, {oct} do not say when they were generated: each is judged as of now and listed after its account's dated reports, in the order given; give each its time with --time REPORT=TIME\n")
    );

    let oct_time = format!("{oct}=2026-10-01T00:00:00Z");
    let nov_time = format!("{nov}=2026-11-01T00:00:00Z");
    let out = credreport(
        &[
            "trend", nov, oct, "--time", &oct_time, "--time", &nov_time, "-o", "csv",
        ],
        b"",
    );
    // (The sample's times follow the clock, so it warns that these times are before them.)
    assert!(
        !text(&out.stderr).contains("say when"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        times(&text(&out.stdout)),
        ["2026-10-01 00:00:00,10", "2026-11-01 00:00:00,9"]
    );

    let out = credreport(
        &["trend", oct, nov, oct, "--time", &oct_time, "-o", "csv"],
        b"",
    );
    assert_eq!(
        times(&text(&out.stdout)),
        ["2026-10-01 00:00:00,10", ",9"],
        "October once; November, undated, after it"
    );
    let said = text(&out.stderr);
    assert!(
        said.contains(&format!(
            "warning: {oct} is the same bytes as {oct}, loaded already: not loaded again"
        )),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "warning: {nov} does not say when it was generated: it is judged as of now"
        )),
        "{said}"
    );

    for (time, want) in [
        (
            "nope.csv=2026-10-01".to_owned(),
            "--time names nope.csv, which is not one of the reports given",
        ),
        (
            oct.to_owned(),
            "give a report and its time, as jan.csv=2026-01-01T00:00:00Z",
        ),
    ] {
        let out = credreport(&["trend", oct, "--time", &time], b"");
        assert_eq!(out.status.code(), Some(2), "{time}");
        assert!(text(&out.stderr).contains(want), "{}", text(&out.stderr));
    }
}

/// A console CSV says no generation time, so `trend`, `diff` and `check --as-of report` judge it
/// as if generated now: a month late for last month's download, with nothing to say when it
/// was. The file's modification time says when it was downloaded, at most 4 hours after the
/// report was generated: each command says it, with the option that gives it, ready to copy.
/// A file saved within those 4 hours is judged as of now without a word (as before).
#[test]
fn a_console_csv_saved_long_ago_is_offered_the_time_it_was_saved() {
    let (oct, nov) = two_console_csvs(["oct.csv", "nov.csv"]);
    let iso = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let oct_saved = iso(saved_hours_ago(&oct, 31 * 24));
    let nov_saved = iso(saved_hours_ago(&nov, 3));
    let (o, n) = (oct.as_str(), nov.as_str());
    let said = |args: &[&str]| text(&credreport(args, b"").stderr);
    let offer = |option: &str| {
        format!(", 31 days ago, and a report downloaded from the console then was generated at most 4 hours before: if it was, give {option}\n")
    };

    let trend = said(&["trend", o, n]);
    assert!(
        trend.contains(&format!("credreport: note: {o} does not say when it was generated, so it is judged as if generated now; the file was saved "))
            && trend.contains(&offer(&format!("--time {o}={oct_saved}"))),
        "{trend}"
    );
    assert!(!trend.contains(&nov_saved), "saved 3 hours ago: {trend}");
    // Given the offered time, it is judged as of it, and nothing more is said of it.
    let given = format!("{o}={oct_saved}");
    let out = credreport(&["trend", o, n, "--time", &given, "-o", "csv"], b"");
    let rows = text(&out.stdout);
    assert_eq!(
        rows.lines().nth(1).and_then(|l| l.split(',').nth(1)),
        Some(oct_saved.replace('T', " ").trim_end_matches('Z')),
        "{rows}"
    );
    assert!(
        !text(&out.stderr).contains("was saved"),
        "{}",
        text(&out.stderr)
    );

    // `diff` names each side's option, the older given second too; for both, together.
    let diff = said(&["diff", n, o]);
    assert!(
        diff.contains(&offer(&format!("--new-time {oct_saved}"))),
        "{diff}"
    );
    let nov_saved = iso(saved_hours_ago(&nov, 10 * 24));
    let diff = said(&["diff", n, o]);
    assert!(
        diff.contains(&format!(
            "\ncredreport: note: if each was, give --old-time {nov_saved} --new-time {oct_saved}\n"
        )),
        "{diff}"
    );
    // `check` judges as of its report's time only when asked to, or when reports of one
    // account cannot be told apart (`query` too): each file's own time, as `--time` gives it.
    let check = said(&["check", "--as-of", "report", "--report", o]);
    assert!(
        check.contains(&offer(&format!("--time {o}={oct_saved}"))),
        "{check}"
    );
    assert!(!said(&["check", "--report", o]).contains("was saved"));
    let offered = format!(
        "\ncredreport: note: if each was, give --time {o}={oct_saved} --time {n}={nov_saved}\n"
    );
    let check = said(&["check", "-r", o, "-r", n]);
    let query = said(&["query", "-r", o, "-r", n, "select 1"]);
    for said in [check, query] {
        assert!(said.contains(&offered), "{said}");
    }
}

/// Regression: the same report given as both sides (a file twice, or this month's download
/// given for last month's too) answered "0 changes" and nothing more, which reads as "nothing
/// changed". It is still no change, with status 0 (a fetch within four hours of the last gives
/// the same report, and a pipeline comparing them must not fail), and standard error says why.
#[test]
fn diff_of_a_report_with_itself_says_so() {
    let sample = credreport(&["sample"], b"").stdout;
    let (a, b) = (
        temp_file("this.csv", &sample),
        temp_file("copy.csv", &sample),
    );
    let fetched_twice = (
        temp_file("p.json", &api_json(&sample, "2026-11-01T00:00:00Z")),
        // Fetched again: another RequestId, so other bytes.
        temp_file(
            "q.json",
            &String::from_utf8(api_json(&sample, "2026-11-01T00:00:00Z"))
                .unwrap()
                .replace(r#""RequestId":"R""#, r#""RequestId":"S""#)
                .into_bytes(),
        ),
    );
    for (old, new, what) in [
        (a.as_str(), b.as_str(), "the same bytes"),
        (a.as_str(), a.as_str(), "the same bytes"),
        (
            fetched_twice.0.as_str(),
            fetched_twice.1.as_str(),
            "the same account's report, generated at the same time,",
        ),
    ] {
        let out = credreport(&["diff", old, new, "-o", "json"], b"");
        assert_eq!(out.status.code(), Some(0), "{old} {new}");
        assert_eq!(text(&out.stdout).trim(), "[]");
        assert!(
            text(&out.stderr).contains(&format!(
                "warning: {new} is {what} as {old}: one report, compared with itself\n"
            )),
            "{}",
            text(&out.stderr)
        );
    }
}

/// Regression: this month's console CSV (undated) given beside last month's fetched report was
/// compared in the order given, so as the older one when given first: a user removed since
/// read as added. An undated report counts as now, as the checks judge it: the newer.
#[test]
fn diff_takes_an_undated_report_as_the_newer() {
    let sample = credreport(&["sample"], b"").stdout;
    let october = temp_file("october.json", &api_json(&sample, "2026-10-01T00:00:00Z"));
    let november = temp_file("november.csv", &without_user(&sample, "bob.dormant"));
    for (old, new) in [(&october, &november), (&november, &october)] {
        let out = credreport(&["diff", old.as_str(), new.as_str(), "-o", "json"], b"");
        let changes: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let bob = (changes.as_array().unwrap().iter())
            .find(|c| c["check"].is_null() && c["user_name"].as_str().unwrap().starts_with("bob."))
            .unwrap();
        assert_eq!(bob["change"], "user-removed", "{}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains(
                "the new one does not say when it was generated, so it counts as now, the newer (--new-time gives it)"
            ),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn diff_lists_every_change_in_every_output_and_exits_3_on_a_new_alarm() {
    let old = diff_report("old.csv", &[diff_row("ann", false), diff_row("bob", true)]);
    let new = diff_report(
        "new.csv",
        &[
            diff_row("ann", true),
            diff_row("bob", true),
            diff_row("carl", false),
        ],
    );
    let run = |output: &str| {
        let out = credreport(
            &[
                "diff",
                old.as_str(),
                new.as_str(),
                "--old-time",
                OLD_TIME,
                "--new-time",
                NEW_TIME,
                "-o",
                output,
            ],
            b"",
        );
        assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let seen: Vec<(String, String, String)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["change"].as_str().unwrap().to_owned(),
                c["user_name"]
                    .as_str()
                    .unwrap()
                    .split('@')
                    .next()
                    .unwrap()
                    .to_owned(),
                c["check"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let t = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
    assert!(
        seen.contains(&t("check-alarm", "carl", "cis-1.4-console-users-mfa")),
        "{seen:?}"
    );
    assert!(seen.contains(&t("user-added", "carl", "")), "{seen:?}");
    assert!(seen.contains(&t("mfa-enabled", "ann", "")), "{seen:?}");
    assert!(
        seen.contains(&t("check-resolved", "ann", "cis-1.4-console-users-mfa")),
        "{seen:?}"
    );
    assert_eq!(seen[0].0, "check-alarm", "new alarms first");
    assert!(json
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["account_id"] == "1234567890123456"));

    let csv = run("csv");
    assert!(
        csv.starts_with("change,account_id,user_name,concerns,check,before,after\n"),
        "{csv}"
    );
    assert!(csv.contains("user-added,1234567890123456,carl@"), "{csv}");
    let table = run("table");
    assert!(
        table.contains("mfa-enabled") && table.contains("check-alarm"),
        "{table}"
    );
    let md = run("md");
    assert!(
        md.starts_with("| change | account_id | user_name |"),
        "{md}"
    );
    assert!(md.contains("| user-added |"), "{md}");
}

#[test]
fn diff_exits_0_when_nothing_newly_alarms_and_takes_the_older_report_as_old() {
    let old = diff_report("old.csv", &[diff_row("ann", false)]);
    let new = diff_report("new.csv", &[diff_row("ann", true)]);
    let out = credreport(
        &[
            "diff",
            new.as_str(),
            old.as_str(),
            "--old-time",
            NEW_TIME,
            "--new-time",
            OLD_TIME,
            "-o",
            "json",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("given newest first"),
        "{}",
        text(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["change"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["mfa-enabled", "check-resolved"]);

    let same = credreport(&["diff", old.as_str(), old.as_str(), "-o", "json"], b"");
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stderr));
    assert_eq!(text(&same.stdout).trim(), "[]");
}

#[test]
fn diff_refuses_two_accounts_and_a_missing_report() {
    let old = diff_report("old.csv", &[diff_row("ann", false)]);
    let other = diff_report("other.csv", &[row("ann@9999999999999999.onaliyun.com")]);
    let out = credreport(&["diff", old.as_str(), other.as_str()], b"");
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stderr);
    assert!(
        said.contains("different accounts, account 1234567890123456 and account 9999999999999999"),
        "{said}"
    );
    assert_eq!(
        credreport(&["diff", old.as_str()], b"").status.code(),
        Some(2)
    );
    let missing = credreport(&["diff", old.as_str(), "/nonexistent/new.csv"], b"");
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("/nonexistent/new.csv: could not read the report"));
}
