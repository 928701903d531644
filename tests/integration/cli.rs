//! `credreport` on the command line.

use crate::util::*;

fn sample() -> Vec<u8> {
    credreport(&["sample"], b"").stdout
}

#[test]
fn canned_query_on_a_report_file_prints_an_aligned_table() {
    let path = temp_file("report.csv", &sample());
    let out = credreport(
        &[
            "query",
            "--report",
            path.to_str().unwrap(),
            "--canned",
            "root-mfa",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "+-----------+------------+\n| user_name | mfa_active |\n+-----------+------------+\n| <root>    |          0 |\n+-----------+------------+\n1 row\n"
    );
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn json_output_is_one_array_of_objects_in_column_order() {
    let out = credreport(&["query", "-o", "json", "select user_name, mfa_active, user_last_logon, 1.5 as r from alicloud_ram_credential_report where user_name like 'carol%' or user_name = '<root>' order by user_name"], &sample());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["user_last_logon"], serde_json::Value::Null);
    assert_eq!(rows[1]["mfa_active"], 0);
    assert_eq!(rows[1]["r"], 1.5);
    // Keys in column order, as written.
    let printed = text(&out.stdout);
    let second = printed.lines().nth(2).unwrap();
    assert!(
        second.starts_with("  {\"user_name\": \"carol.newhire@"),
        "{second}"
    );
    let pos = |k: &str| second.find(k).unwrap();
    assert!(
        pos("user_name") < pos("mfa_active")
            && pos("mfa_active") < pos("user_last_logon")
            && pos("user_last_logon") < pos("\"r\"")
    );
}

#[test]
fn csv_and_line_outputs() {
    let sql = "select user_name, user_last_logon from alicloud_ram_credential_report where user_name like 'carol%'";
    let out = credreport(&["query", "--report", "-", "-o", "csv", sql], &sample());
    assert_eq!(
        text(&out.stdout),
        "user_name,user_last_logon\ncarol.newhire@1234567890123456.onaliyun.com,\n"
    );
    let out = credreport(&["query", "-o", "line", sql], &sample());
    assert_eq!(
        text(&out.stdout),
        "-[ RECORD 1 ]-----\nuser_name       | carol.newhire@1234567890123456.onaliyun.com\nuser_last_logon | <null>\n"
    );
}

#[test]
fn load_warnings_go_to_stderr_and_the_result_to_stdout() {
    let report = format!(
        "{HEADER}\n{}\n",
        row("bob@1234567890123456.onaliyun.com").replacen(",FALSE,FALSE,", ",maybe,FALSE,", 1)
    );
    let out = credreport(
        &[
            "query",
            "-o",
            "csv",
            "select count(*) as n from alicloud_ram_credential_report",
        ],
        report.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "n\n1\n");
    assert_eq!(text(&out.stderr), "credreport: warning: stdin line 2, column mfa_active, value \"maybe\": expected TRUE or FALSE (or yes/no/1/0); loaded as NULL\n");
}

#[test]
fn several_reports_and_explicit_account_and_time() {
    let a = temp_file(
        "a.csv",
        format!("{HEADER}\n{}\n", row("ann@corp.onaliyun.com")).as_bytes(),
    );
    let b = temp_file("b.csv", &sample());
    let out = credreport(
        &["query", "-r", a.to_str().unwrap(), "-r", b.to_str().unwrap(), "--account-id", "42", "--generated-time", "2024-05-01T08:00:00Z", "-o", "csv",
          "select account_id, generated_time, count(*) as n from alicloud_ram_credential_report group by 1, 2"],
        b"",
    );
    assert_eq!(
        text(&out.stdout),
        "account_id,generated_time,n\n42,2024-05-01 08:00:00,11\n",
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn exit_status_1_for_a_refused_report_or_a_failed_query() {
    let out = credreport(&["query", "select 1"], b"\x00\x01binary");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .starts_with("credreport: stdin: this is a binary file, not a credential report"),
        "{}",
        text(&out.stderr)
    );
    let out = credreport(
        &["query", "delete from alicloud_ram_credential_report"],
        &sample(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("queries are read-only"));
    let out = credreport(
        &["query", "--report", "/nonexistent/r.csv", "select 1"],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("/nonexistent/r.csv: could not read the report"));
}

#[test]
fn exit_status_2_for_usage_errors() {
    for args in [
        vec!["query"],
        vec!["query", "--canned", "nope"],
        vec!["query", "--output", "xml", "select 1"],
        vec!["frobnicate"],
    ] {
        let out = credreport(&args, b"");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn a_runaway_query_stops_at_the_timeout() {
    let out = credreport(&["query", "--timeout", "0.5", "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n"], &sample());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("ran longer than its 500 ms limit"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn max_rows_says_when_it_cut() {
    let out = credreport(
        &[
            "query",
            "--max-rows",
            "2",
            "select user_name from alicloud_ram_credential_report",
        ],
        &sample(),
    );
    assert!(
        text(&out.stdout).ends_with("2 rows (cut at the limit of 2 rows)\n"),
        "{}",
        text(&out.stdout)
    );
    // Every format says so, on standard error.
    for format in ["csv", "json", "line", "table"] {
        let out = credreport(
            &[
                "query",
                "-o",
                format,
                "--max-rows",
                "2",
                "select user_name from alicloud_ram_credential_report",
            ],
            &sample(),
        );
        assert!(
            text(&out.stderr).contains("the result was cut at the limit of 2 rows (2 rows shown); raise --max-rows to see more"),
            "{format}: {}",
            text(&out.stderr)
        );
    }
}

/// Regression (attack review): results were bounded by rows only, so a few wide rows could take
/// gigabytes. By default the CLI stops at 256 MB; --max-bytes sets it.
#[test]
fn a_result_is_cut_at_its_byte_limit_and_says_so() {
    let wide = "with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000) select printf('%.1000c', 'x') as w from n";
    let out = credreport(
        &["query", "-o", "csv", "--max-bytes", "1M", wide],
        &sample(),
    );
    assert_eq!(out.status.code(), Some(0));
    let lines = text(&out.stdout).lines().count();
    assert!((1000..1100).contains(&lines), "{lines} lines");
    assert!(
        text(&out.stderr).contains("cut at the limit of 1 MB of values"),
        "{}",
        text(&out.stderr)
    );
    // Under the default limit the whole result comes out.
    let out = credreport(&["query", "-o", "csv", wide], &sample());
    assert_eq!(text(&out.stdout).lines().count(), 5001);
    let out = credreport(&["query", "--max-bytes", "lots", wide], &sample());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is not a size"),
        "{}",
        text(&out.stderr)
    );
}

/// Regression (attack review): `select hex(zeroblob(…))` could allocate gigabytes.
#[test]
fn a_value_past_the_length_limit_fails_with_a_clear_error() {
    let out = credreport(&["query", "select hex(zeroblob(100000000))"], &sample());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("a value in this query grew past 16 MB"),
        "{}",
        text(&out.stderr)
    );
}

/// Regression (attack review): `attach database '/dir/x sqlite_y'` passed the read-only guard
/// (its text held ` sqlite_`) and created the file.
#[test]
fn attach_is_refused_and_creates_no_file() {
    let scratch = Scratch::new("attach");
    let dir = scratch.path();
    for (sql, file) in [
        ("attach database '{}/x sqlite_y' as a", "x sqlite_y"),
        (
            "attach database 'file:{}/u sqlite_v?sqlite_z=1' as a",
            "u sqlite_v",
        ),
    ] {
        let sql = sql.replace("{}", dir.to_str().unwrap());
        let out = credreport(&["query", &sql], &sample());
        assert_eq!(out.status.code(), Some(1), "{sql}");
        assert!(
            text(&out.stderr)
                .contains("queries are read-only: this statement would attach database"),
            "{}",
            text(&out.stderr)
        );
        assert!(!dir.join(file).exists(), "{sql} created {file}");
    }
}

#[test]
fn schema_lists_the_thirty_columns_with_descriptions() {
    let out = credreport(&["schema", "-o", "csv"], b"");
    let t = text(&out.stdout);
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(lines.len(), 31);
    assert_eq!(lines[0], "column,sqlite_type,steampipe_type,description");
    assert!(lines[1].starts_with("user_name,TEXT,text,"));
    assert!(lines[2].starts_with("password_exist,INTEGER,boolean,"));
    assert!(lines[30].starts_with("account_id,TEXT,text,"));
}

#[test]
fn queries_lists_every_canned_query_and_each_runs() {
    let out = credreport(&["queries"], b"");
    let listing = text(&out.stdout);
    let names: Vec<String> = listing
        .lines()
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().next().unwrap().to_owned())
        .collect();
    // The seed's six, then credreport's own over the key view (#19).
    assert_eq!(names.len(), 8);
    assert_eq!(names[6..], ["active-keys-oldest-first", "keys-never-used"]);
    assert!(
        listing.contains("--canned NAME --dialect postgres"),
        "{listing}"
    );
    for name in names {
        for dialect in ["sqlite", "postgres"] {
            let out = credreport(
                &["query", "--sample", "--canned", &name, "--dialect", dialect],
                b"",
            );
            let twin = credreport_core::CANNED_POSTGRES
                .iter()
                .any(|(n, _)| *n == name);
            if dialect == "postgres" && !twin {
                assert_eq!(out.status.code(), Some(2));
                assert!(
                    text(&out.stderr).contains("has no PostgreSQL version"),
                    "{name}"
                );
            } else {
                assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
            }
        }
    }
    // The key view's oldest active key first: the root's, rotated 500 days ago.
    let out = credreport(
        &[
            "query",
            "--sample",
            "-o",
            "csv",
            "--canned",
            "active-keys-oldest-first",
        ],
        b"",
    );
    let first = text(&out.stdout).lines().nth(1).unwrap().to_owned();
    assert!(first.contains("<root>,access_key_1"), "{first}");
}

#[test]
fn check_exits_0_when_nothing_is_in_alarm_and_3_when_something_is() {
    let out = credreport(
        &[
            "check",
            "--sample",
            "--check",
            "cis-1.1-root-not-used",
            "--param",
            "days=5",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains(
        "OK        acs:ram::1234567890123456:user/<root>  the root account last logged on 10 days ago"
    ));
    let out = credreport(&["check", "--sample"], b"");
    assert_eq!(out.status.code(), Some(3));
    let t = text(&out.stdout);
    assert!(
        t.contains("CIS 1.3: MFA enabled for the root account [cis-1.3-root-mfa, "),
        "{t}"
    );
    assert!(t.contains("Summary (account 1234567890123456;"), "{t}");
}

#[test]
fn check_json_names_the_thresholds_and_every_result() {
    let out = credreport(
        &[
            "check",
            "--sample",
            "-o",
            "json",
            "--check",
            "console-users-inactive",
            "--param",
            "console-users-inactive.days=45",
        ],
        b"",
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &v["checks"][0];
    assert_eq!(
        (
            c["id"].as_str(),
            c["threshold_days"].as_i64(),
            c["alarm"].as_i64()
        ),
        (Some("console-users-inactive"), Some(45), Some(3))
    );
    assert_eq!(v["summary"]["alarm"], 3);
    assert_eq!(v["accounts"][0], "1234567890123456");
    let frank = c["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["user_name"].as_str().unwrap().starts_with("frank"))
        .unwrap();
    assert_eq!(
        (frank["status"].as_str(), frank["reason"].as_str()),
        (Some("alarm"), Some("last logged on 45 days ago"))
    );
}

/// Regression (periodic review): `check` with last month's report beside this month's counted
/// every user twice and named both reports in the evidence.
#[test]
fn check_judges_each_accounts_latest_report_and_query_says_the_table_holds_both() {
    let sample = credreport(&["sample"], b"").stdout;
    let without_carol = without_user(&sample, "carol.newhire");
    let old = temp_file(
        "last-month.json",
        &api_json(&sample, "2026-10-01T08:00:00Z"),
    );
    let new = temp_file(
        "this-month.json",
        &api_json(&without_carol, "2026-11-01T08:00:00Z"),
    );
    // `command` over both reports, then `rest`.
    let over_both = |command: &str, rest: &[&str]| {
        let reports = ["-r", old.to_str().unwrap(), "-r", new.to_str().unwrap()];
        credreport(&[&[command], &reports[..], rest].concat(), b"")
    };
    let out = over_both("check", &["-o", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let texts = |list: &serde_json::Value, key: &str| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|e| e[key].as_str().unwrap().to_owned())
            .collect()
    };
    let sources = texts(&v["sources"], "source");
    assert_eq!(sources.len(), 1, "{sources:?}");
    assert!(sources[0].ends_with("this-month.json"), "{sources:?}");
    let mfa = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "cis-1.4-console-users-mfa")
        .unwrap();
    let users = texts(&mfa["results"], "user_name");
    assert_eq!(users.len(), 8, "nine users, root aside: {users:?}");
    assert!(!users.iter().any(|u| u.starts_with("carol")));
    let said = text(&out.stderr);
    assert!(
        said.contains("the checks judge each account's latest report; 1 report is older: ")
            && said.contains("last-month.json (2026-10-01 08:00:00)"),
        "{said}"
    );
    // `query` reads the whole table, and says that it holds both reports.
    let out = over_both(
        "query",
        &[
            "-o",
            "csv",
            "select (select count(*) from alicloud_ram_credential_report), (select count(*) from alicloud_ram_credential_report_latest)",
        ],
    );
    assert_eq!(text(&out.stdout).lines().nth(1), Some("19,9"));
    let said = text(&out.stderr);
    assert!(
        said.contains("a report is older than another of its account's (")
            && said.contains("last-month.json): alicloud_ram_credential_report holds every report, a user once per report; alicloud_ram_credential_report_latest holds each account's latest"),
        "{said}"
    );
}

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

#[test]
fn check_as_of_the_report_does_not_drift() {
    let report = temp_file("old.csv", &credreport(&["sample"], b"").stdout);
    let generated = (chrono::Utc::now() - chrono::Duration::days(150)).to_rfc3339();
    let args = [
        "check",
        "-r",
        report.to_str().unwrap(),
        "--generated-time",
        &generated,
        "--check",
        "console-users-inactive",
        "-o",
        "csv",
    ];
    let now = text(&credreport(&args, b"").stdout);
    let mut then_args = args.to_vec();
    then_args.extend(["--as-of", "report"]);
    let then = text(&credreport(&then_args, b"").stdout);
    let bob = |t: &str| {
        t.lines()
            .find(|l| l.contains("bob.dormant"))
            .unwrap()
            .to_owned()
    };
    assert!(
        bob(&now).contains(",alarm,last logged on 200 days ago,"),
        "{now}"
    );
    assert!(
        bob(&then).contains(",ok,last logged on 50 days ago,"),
        "{then}"
    );
}

/// Regression (attack review): `check`'s table printed user names raw, so a report could send
/// escape sequences to the terminal (recolour it, move the cursor, split a row).
#[test]
fn check_tables_and_markdown_escape_control_characters() {
    let report = format!(
        "{HEADER}\n{}\n",
        row("\"evil\u{1b}[31mred\u{1b}[0m\nline2\u{8}@1111111111111111.onaliyun.com\"")
    );
    for format in ["table", "md"] {
        let out = credreport(
            &[
                "check",
                "-o",
                format,
                "--check",
                "cis-1.4-console-users-mfa",
            ],
            report.as_bytes(),
        );
        let shown = text(&out.stdout);
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{8}') && !shown.contains("\nline2"),
            "{format}: {shown:?}"
        );
        // Markdown escapes the backslashes and brackets too, so that they show as written.
        let escaped = if format == "md" {
            "evil\\\\u{1b}\\[31mred\\\\u{1b}\\[0m\\\\nline2\\\\u{8}@"
        } else {
            "evil\\u{1b}[31mred\\u{1b}[0m\\nline2\\u{8}@"
        };
        assert!(shown.contains(escaped), "{format}: {shown}");
    }
}

/// Regression (attack review): a name holding a right-to-left override reversed the rest of its
/// row in a terminal that honours it, and a zero-width space made `bo\u{200b}b` read as `bob`.
#[test]
fn terminal_output_shows_bidirectional_and_zero_width_characters_escaped() {
    let report = format!(
        "{HEADER}\n{}\n{}\n",
        row("admin\u{202e}gnp.@1111111111111111.onaliyun.com"),
        row("bo\u{200b}b@1111111111111111.onaliyun.com")
    );
    for args in [
        &["check", "--check", "cis-1.4-console-users-mfa"][..],
        &["check", "-o", "md", "--check", "cis-1.4-console-users-mfa"],
        &[
            "query",
            "select user_name from alicloud_ram_credential_report",
        ],
        &[
            "query",
            "-o",
            "line",
            "select user_name from alicloud_ram_credential_report",
        ],
    ] {
        let out = credreport(args, report.as_bytes());
        let shown = text(&out.stdout);
        assert!(
            !shown.contains(['\u{202e}', '\u{200b}']),
            "{args:?}: {shown:?}"
        );
        assert!(
            shown.contains("u{202e}gnp.@") && shown.contains("bo\\u{200b}b@")
                || shown.contains("bo\\\\u{200b}b@"),
            "{args:?}: {shown}"
        );
    }
}

/// Evidence says whether a report's generation time is the report's own or one a person gave
/// it (`--generated-time`, or the page's box for a console CSV), since the checks are judged as
/// of it: the two read alike before.
#[test]
fn evidence_tells_a_given_generation_time_from_a_stated_one() {
    let report = temp_file("console.csv", &credreport(&["sample"], b"").stdout);
    // Now: after every event in the sample, and not in the future (which is refused).
    let time = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    let given = [
        "check",
        "-r",
        report.as_str(),
        "--generated-time",
        &time.to_string(),
    ];
    let summary = text(&credreport(&[&given[..], &["-o", "summary"]].concat(), b"").stdout);
    assert!(
        summary.contains(" UTC (as given, not the report's own);"),
        "{summary}"
    );
    let json = credreport(&[&given[..], &["-o", "json"]].concat(), b"").stdout;
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["sources"][0]["generated_time_given"], true, "{v}");
    let (october, _) = two_months("nobody");
    let json = credreport(&["check", "-r", october.as_str(), "-o", "json"], b"").stdout;
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["sources"][0]["generated_time_given"], false, "{v}");
    // A time given for a report that states its own replaces it, and says so.
    let over = [
        "check",
        "-r",
        october.as_str(),
        "--generated-time",
        "2026-10-02T00:00:00Z",
    ];
    let said = text(&credreport(&over, b"").stderr);
    assert!(
        said.contains("the report says it was generated at 2026-10-01 00:00:00; the time given, 2026-10-02 00:00:00, replaces it"),
        "{said}"
    );
}

/// Evidence says, too, whether the account is the report's (its users' logon names) or one a
/// person gave it (`--account-id`, or the page's box on a report's card).
#[test]
fn evidence_tells_a_given_account_from_a_stated_one() {
    let (october, _) = two_months("nobody");
    let check = |more: &[&str], output: &str| {
        let args = [&["check", "-r", october.as_str(), "-o", output][..], more].concat();
        text(&credreport(&args, b"").stdout)
    };
    let summary = check(&["--account-id", "5555666677778888"], "summary");
    assert!(summary.contains("5555666677778888 (as given)"), "{summary}");
    let v: serde_json::Value =
        serde_json::from_str(&check(&["--account-id", "5555"], "json")).unwrap();
    assert_eq!(v["sources"][0]["account_id"], "5555", "{v}");
    assert_eq!(v["sources"][0]["account_id_given"], true, "{v}");
    let v: serde_json::Value = serde_json::from_str(&check(&[], "json")).unwrap();
    assert_eq!(v["sources"][0]["account_id_given"], false, "{v}");
    // An account ID is a number: the alias, which is all a CSV of such an account shows, is not.
    let args = ["check", "-r", october.as_str(), "--account-id", "corp"];
    let out = credreport(&args, b"");
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stderr);
    assert!(said.contains("invalid account ID: \"corp\"; expected the account's ID, a number such as 1234567890123456"), "{said}");
    assert!(!check(&[], "summary").contains("(as given)"));
    // A console CSV of an account with an alias, none given: named by its users' logon domain.
    let alias = at_alias(
        &temp_file("o.csv", &credreport(&["sample"], b"").stdout),
        "alias.csv",
    );
    let args = ["check", "-r", alias.as_str(), "-o", "summary"];
    let summary = text(&credreport(&args, b"").stdout);
    assert!(
        summary.contains("(account …@corp.onaliyun.com;"),
        "{summary}"
    );
    let args = ["check", "-r", alias.as_str(), "-o", "json"];
    let v: serde_json::Value = serde_json::from_slice(&credreport(&args, b"").stdout).unwrap();
    assert_eq!(v["sources"][0]["logon_domain"], "corp.onaliyun.com", "{v}");
    assert_eq!(
        v["sources"][0]["account_id"],
        serde_json::Value::Null,
        "{v}"
    );
}

/// The sample as a console CSV whose users log on at the alias `corp.onaliyun.com` (`csv`),
/// and as a report of 1 November 2026 fetched from its account, 5555666677778888 (`json`).
fn alias_csv_and_fetched(csv: &str, json: &str) -> (TempFile, TempFile) {
    let sample = temp_file("o.csv", &credreport(&["sample"], b"").stdout);
    let alias = at_alias(&sample, csv);
    let bytes = std::fs::read(&alias).unwrap();
    let fetched = fetched_json(&bytes, "2026-11-01T00:00:00Z", "5555666677778888");
    (alias, temp_file(json, &fetched))
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

/// Regression: `query` and `check` gave every undated report one time (`--generated-time`),
/// so a history of console CSVs could not be put in order from the command line: the changes
/// table stayed empty and the latest view held them all, where the page gives each its own.
/// `--time FILE=TIME` gives each file its own, as `trend` takes it.
#[test]
fn query_gives_each_console_csv_its_own_time_with_time() {
    let (oct, nov) = two_console_csvs(["oct.csv", "nov.csv"]);
    let (o, n) = (oct.as_str(), nov.as_str());
    let query = |extra: &[&str], sql: &str| {
        let mut args = vec!["query", "-r", o, "-r", n, "-o", "csv"];
        args.extend_from_slice(extra);
        args.push(sql);
        credreport(&args, b"")
    };
    let changes = "select count(*) > 0 from alicloud_ram_credential_report_changes";
    let latest = "select distinct generated_time from alicloud_ram_credential_report_latest";
    assert_eq!(text(&query(&[], changes).stdout), "count(*) > 0\n0\n");

    let (ot, nt) = ("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z");
    let (o_time, n_time) = (format!("{o}={ot}"), format!("{n}={nt}"));
    let timed = ["--time", o_time.as_str(), "--time", n_time.as_str()];
    let out = query(&timed, changes);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "count(*) > 0\n1\n");
    let out = query(&timed, latest);
    assert_eq!(
        text(&out.stdout),
        "generated_time\n2026-11-01 00:00:00\n",
        "the newer alone"
    );
    assert!(!text(&out.stderr).contains("none can be told older"));

    // A file given its own time besides --generated-time for the rest.
    let out = query(&["--time", o_time.as_str(), "--generated-time", nt], latest);
    assert_eq!(text(&out.stdout), "generated_time\n2026-11-01 00:00:00\n");

    let out = query(&["--time", "other.csv=2026-10-01"], latest);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--time names other.csv, which is not one of the reports given"),
        "{}",
        text(&out.stderr)
    );
}

/// A generation time in the future is a typo (a year ahead): refused before anything loads,
/// in every option that gives one, rather than making the report its account's latest.
#[test]
fn a_generation_time_in_the_future_is_refused() {
    let report = temp_file("console.csv", &credreport(&["sample"], b"").stdout);
    let path = report.as_str();
    let at = format!("{path}=2062-12-01T00:00:00Z");
    for args in [
        &[
            "check",
            "-r",
            path,
            "--generated-time",
            "2062-12-01T00:00:00Z",
        ][..],
        &["diff", path, path, "--new-time", "2062-12-01T00:00:00Z"],
        &["trend", path, "--time", &at],
    ] {
        let out = credreport(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("2062-12-01 00:00:00 UTC is in the future"),
            "{}",
            text(&out.stderr)
        );
    }
}

/// Evidence from a report whose values did not all load as written says how many did not, so
/// that a reviewer knows the findings rest on a report read in part (each is NULL where it
/// stood, which a check may judge as "none").
#[test]
fn evidence_counts_the_load_warnings_of_each_report() {
    let odd =
        row("odd@1111111111111111.onaliyun.com").replacen("2024-05-01T08:00:00Z", "yesterday", 1);
    let report = format!(
        "{HEADER}\n{}\n{odd}\n",
        row("ok@1111111111111111.onaliyun.com")
    );
    let json = credreport(&["check", "-o", "json"], report.as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["sources"][0]["load_warnings"], 1, "{v}");
    let md = text(&credreport(&["check", "-o", "md"], report.as_bytes()).stdout);
    assert!(md.contains(", 2 users, 1 load warning\n"), "{md}");
    let clean = format!("{HEADER}\n{}\n", row("ok@1111111111111111.onaliyun.com"));
    let md = text(&credreport(&["check", "-o", "md"], clean.as_bytes()).stdout);
    assert!(md.contains(", 1 user\n"), "{md}");
}

/// Attack review: Markdown evidence is read in a viewer (a ticket, a wiki, a code host), which
/// fetches an image as it shows the file and shows a link by its words. A report's user name
/// written as either is shown as the text it is.
#[test]
fn check_markdown_evidence_shows_images_and_links_as_text() {
    let user =
        "![x](https://t.example/p.png)[it](https://evil.example)@1111111111111111.onaliyun.com";
    let report = format!("{HEADER}\n{}\n", row(user));
    let args = ["check", "-o", "md", "--check", "cis-1.4-console-users-mfa"];
    let shown = text(&credreport(&args, report.as_bytes()).stdout);
    assert!(
        shown.contains("!\\[x\\](https://t.example/p.png)\\[it\\](https://evil.example)@"),
        "{shown}"
    );
    assert!(
        !shown.contains("![x]") && !shown.contains(")[it]"),
        "{shown}"
    );
}

#[test]
fn check_html_evidence_escapes_what_the_report_says() {
    let report = format!(
        "{HEADER}\n{}\n",
        row("\"<script>alert(1)</script>@1111111111111111.onaliyun.com\"")
    );
    let out = credreport(
        &[
            "check",
            "-o",
            "html",
            "--check",
            "cis-1.4-console-users-mfa",
        ],
        report.as_bytes(),
    );
    let html = text(&out.stdout);
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>"));
    assert!(html.contains("Account 1111111111111111"));
}

#[test]
fn check_usage_errors_exit_2() {
    for args in [
        vec!["check", "--sample", "--check", "nope"],
        vec!["check", "--sample", "--param", "days"],
        vec!["check", "--sample", "--param", "cis-1.3-root-mfa.days=3"],
    ] {
        let out = credreport(&args, b"");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

/// (check, user, status) for every finding `credreport check` gives on the sample.
pub fn sample_check_statuses() -> Vec<(String, String, String)> {
    let out = credreport(&["check", "--sample", "-o", "json"], b"");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut all = Vec::new();
    for c in v["checks"].as_array().unwrap() {
        for r in c["results"].as_array().unwrap() {
            let user = r["user_name"]
                .as_str()
                .unwrap()
                .split('@')
                .next()
                .unwrap()
                .to_owned();
            all.push((
                c["id"].as_str().unwrap().to_owned(),
                user,
                r["status"].as_str().unwrap().to_owned(),
            ));
        }
    }
    all
}

#[test]
fn every_check_on_the_sample_in_the_cli() {
    let want: &[(&str, &[(&str, &str)])] = &[
        ("cis-1.1-root-not-used", &[("<root>", "alarm")]),
        ("cis-1.2-no-root-access-key", &[("<root>", "alarm")]),
        ("cis-1.3-root-mfa", &[("<root>", "alarm")]),
        (
            "cis-1.4-console-users-mfa",
            &[
                ("alice.sample", "ok"),
                ("bob.dormant", "alarm"),
                ("carol.newhire", "alarm"),
                ("dave.automation", "ok"),
                ("erin.disabled", "skip"),
                ("frank.mfa", "ok"),
                ("grace.keys", "ok"),
                ("ivan.inactive", "ok"),
                ("judy.former", "ok"),
            ],
        ),
        (
            "console-users-inactive",
            &[
                ("alice.sample", "ok"),
                ("bob.dormant", "alarm"),
                ("carol.newhire", "skip"),
                ("frank.mfa", "ok"),
                ("judy.former", "alarm"),
            ],
        ),
        (
            "users-never-logged-on",
            &[
                ("alice.sample", "ok"),
                ("bob.dormant", "ok"),
                ("carol.newhire", "alarm"),
                ("frank.mfa", "ok"),
                ("judy.former", "ok"),
            ],
        ),
        (
            "access-keys-rotated",
            &[
                ("alice.sample", "ok"),
                ("bob.dormant", "alarm"),
                ("dave.automation", "alarm"),
                ("grace.keys", "alarm"),
            ],
        ),
        (
            "access-keys-used",
            &[
                ("alice.sample", "ok"),
                ("bob.dormant", "alarm"),
                ("dave.automation", "ok"),
                ("grace.keys", "alarm"),
            ],
        ),
        (
            "users-with-two-active-keys",
            &[
                ("alice.sample", "ok"),
                ("bob.dormant", "alarm"),
                ("dave.automation", "alarm"),
                ("grace.keys", "alarm"),
            ],
        ),
        (
            "passwords-past-rotation",
            &[
                ("alice.sample", "ok"),
                ("bob.dormant", "alarm"),
                ("carol.newhire", "ok"),
                ("frank.mfa", "ok"),
                ("judy.former", "alarm"),
            ],
        ),
        (
            // No key in the sample was handed out at its user's set-up (crafted rows below).
            "keys-created-with-user",
            &[
                ("alice.sample", "ok"),
                ("bob.dormant", "ok"),
                ("carol.newhire", "ok"),
                ("dave.automation", "ok"),
                ("erin.disabled", "skip"),
                ("frank.mfa", "ok"),
                ("grace.keys", "ok"),
                ("ivan.inactive", "ok"),
                ("judy.former", "ok"),
            ],
        ),
        (
            // Console and keys together (alice, bob); a program's user (dave, grace) is fine;
            // erin's console logon is disabled; the root account is judged by the root checks.
            "console-and-active-key",
            &[
                ("alice.sample", "alarm"),
                ("bob.dormant", "alarm"),
                ("carol.newhire", "ok"),
                ("dave.automation", "ok"),
                ("erin.disabled", "skip"),
                ("frank.mfa", "ok"),
                ("grace.keys", "ok"),
                ("ivan.inactive", "ok"),
                ("judy.former", "ok"),
            ],
        ),
        (
            // bob's second key, 20 days old, never used; carol's password, 15 days old: past
            // the 14-day grace.
            "credentials-never-used",
            &[
                ("alice.sample", "ok"),
                ("bob.dormant", "alarm"),
                ("carol.newhire", "alarm"),
                ("dave.automation", "ok"),
                ("erin.disabled", "ok"),
                ("frank.mfa", "ok"),
                ("grace.keys", "ok"),
                ("ivan.inactive", "ok"),
                ("judy.former", "ok"),
            ],
        ),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .flat_map(|(id, rows)| {
            rows.iter()
                .map(move |(u, s)| (id.to_string(), u.to_string(), s.to_string()))
        })
        .collect();
    assert_eq!(sample_check_statuses(), want);
}

/// A user created within the grace period is not an alarm (#19).
#[test]
fn a_credential_not_used_yet_is_judged_with_its_grace_period() {
    let statuses = |param: &str| {
        let out = credreport(
            &[
                "check",
                "--sample",
                "--check",
                "credentials-never-used",
                "--param",
                param,
                "-o",
                "json",
            ],
            b"",
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let findings = v["checks"][0]["results"].as_array().unwrap().clone();
        findings
            .iter()
            .find(|f| {
                f["user_name"]
                    .as_str()
                    .unwrap()
                    .starts_with("carol.newhire")
            })
            .map(|f| {
                (
                    f["status"].as_str().unwrap().to_owned(),
                    f["reason"].as_str().unwrap().to_owned(),
                )
            })
            .unwrap()
    };
    let (status, reason) = statuses("days=30");
    assert_eq!(status, "ok", "{reason}");
    assert!(reason.contains("within the grace period"), "{reason}");
    assert_eq!(statuses("days=7").0, "alarm");
}

/// #19: the whole CIS section 1, by number and title, those the report cannot answer with the
/// data they need; the version chosen where the benchmark differs.
#[test]
fn check_list_names_every_cis_recommendation_of_section_1() {
    let list = |benchmark: &str| -> Vec<serde_json::Value> {
        let out = credreport(
            &["check", "--list", "--benchmark", benchmark, "-o", "json"],
            b"",
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    for benchmark in ["cis-v1", "cis-v2"] {
        let all = list(benchmark);
        let cis: Vec<&serde_json::Value> = all.iter().filter(|l| !l["cis"].is_null()).collect();
        let numbers: Vec<&str> = cis.iter().map(|l| l["cis"].as_str().unwrap()).collect();
        let expected: Vec<String> = (1..=16).map(|n| format!("1.{n}")).collect();
        assert_eq!(numbers, expected, "{benchmark}");
        for l in &cis {
            let automated = l["automated"].as_bool().unwrap();
            assert_eq!(automated, l["id"].is_string(), "{l}");
            assert_eq!(!automated, l["needs"].is_string(), "{l}");
            assert!(l["title"].is_string());
        }
        let by = |n: &str| cis.iter().find(|l| l["cis"] == n).copied().unwrap();
        assert_eq!(by("1.5")["id"], "console-users-inactive");
        assert_eq!(by("1.6")["id"], "access-keys-rotated");
        assert!(by("1.7")["needs"]
            .as_str()
            .unwrap()
            .contains("password policy"));
        // credreport's own checks follow, with no CIS number.
        assert!(all
            .iter()
            .any(|l| l["id"] == "console-and-active-key" && l["cis"].is_null()));
    }
    let title = |b: &str| list(b).iter().find(|l| l["cis"] == "1.13").unwrap()["title"].clone();
    assert!(title("cis-v1")
        .as_str()
        .unwrap()
        .contains("90 days or less"));
    assert!(title("cis-v2")
        .as_str()
        .unwrap()
        .contains("365 days or greater"));
    let table = text(&credreport(&["check", "--list"], b"").stdout);
    assert!(
        table.contains("1.16") && table.contains("not automated: needs"),
        "{table}"
    );
    assert!(table.contains("additional ones too"), "1.2's note: {table}");
    // Each check's defaults follow its id, whatever the parameter is called.
    assert!(
        table.contains("checked by console-users-inactive [days=90]"),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.trim_start().starts_with("keys-created-with-user")
                && l.ends_with("[minutes=10]")),
        "{table}"
    );
}

/// #19: one row per existing access key, beside the table, which stays Steampipe's.
#[test]
fn the_key_view_has_a_row_for_every_key_the_table_says_exists() {
    let count = |sql: &str| {
        let out = credreport(&["query", "--sample", "-o", "csv", sql], b"");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout).lines().nth(1).unwrap().to_owned()
    };
    let slots = [
        "access_key_1",
        "access_key_2",
        "additional_access_key_1",
        "additional_access_key_2",
        "additional_access_key_3",
    ];
    let from_table = slots
        .iter()
        .map(|s| {
            count(&format!(
                "select count(*) from alicloud_ram_credential_report where {s}_exist = 1"
            ))
            .parse::<usize>()
            .unwrap()
        })
        .sum::<usize>();
    let from_view: usize = count("select count(*) from alicloud_ram_access_key")
        .parse()
        .unwrap();
    assert_eq!(from_view, from_table);
    assert!(from_view > 0);
    assert_eq!(
        count("select count(*) from alicloud_ram_access_key v join alicloud_ram_credential_report t using (account_id, user_name) where v.key_slot = 'access_key_1' and v.active is not t.access_key_1_active"),
        "0"
    );
    let schema = text(&credreport(&["schema", "alicloud_ram_access_key"], b"").stdout);
    assert!(
        schema.contains("key_slot") && schema.contains("last_rotated"),
        "{schema}"
    );
}

/// #19: accepted exceptions, with an expiry: applied, expired, stale, malformed.
#[test]
fn accepted_exceptions_apply_until_they_expire_and_stale_ones_are_named() {
    let file = temp_file(
        "exceptions.toml",
        br#"# The 2026 review
[[exception]]
check = "cis-1.3-root-mfa"
user = "<root>"
account = "1234567890123456"
reason = "MFA device being replaced"
expires = 2099-12-31

[[exception]]
check = "*"
user = "judy.former"
reason = "left; account to be deleted"
expires = "2020-01-01"

[[exception]]
check = "access-keys-rotated"
user = "nobody"
reason = "a user long gone"
expires = 2099-01-01
"#,
    );
    let path = file.to_str().unwrap();
    // The root's MFA alarm excepted: nothing else in alarm, so exit 0.
    let out = credreport(
        &[
            "check",
            "--sample",
            "--check",
            "cis-1.3-root-mfa",
            "--exceptions",
            path,
            "-o",
            "json",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let root = &v["checks"][0]["results"][0];
    assert_eq!(root["status"], "excepted");
    assert!(root["reason"]
        .as_str()
        .unwrap()
        .ends_with("excepted until 2099-12-31: MFA device being replaced"));
    assert_eq!(v["summary"]["excepted"], 1);
    assert_eq!(v["excepted"][0]["check"], "cis-1.3-root-mfa");
    // In the terminal table, an excepted finding's resource lines up with the others'.
    let table = credreport(&["check", "--sample", "--exceptions", path], b"");
    let table = text(&table.stdout);
    let columns: Vec<usize> = table
        .lines()
        .filter(|l| {
            let first = l.split_whitespace().next().unwrap_or_default();
            ["OK", "ALARM", "SKIP", "EXCEPTED"].contains(&first) && l.contains("acs:ram::")
        })
        .map(|l| l.find("acs:ram::").unwrap())
        .collect();
    assert!(table.contains("EXCEPTED  acs:ram::"), "{table}");
    assert!(
        columns.len() > 2 && columns.iter().all(|c| *c == columns[0]),
        "{table}"
    );
    // Stale exceptions are named on standard error.
    let said = text(&out.stderr);
    assert!(
        said.contains(
            "line 15 (check access-keys-rotated, user nobody) matches no finding in alarm"
        ),
        "{said}"
    );
    // Expired: in alarm again, and the finding says so.
    let out = credreport(
        &[
            "check",
            "--sample",
            "--check",
            "console-users-inactive",
            "--exceptions",
            path,
            "-o",
            "csv",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(3));
    let csv = text(&out.stdout);
    let judy = csv.lines().find(|l| l.contains("judy.former")).unwrap();
    assert!(
        judy.contains(",alarm,") && judy.contains("its exception expired on 2020-01-01"),
        "{judy}"
    );
    // Every evidence format lists the excepted apart.
    for format in ["table", "md", "html"] {
        let out = credreport(
            &[
                "check",
                "--sample",
                "--check",
                "cis-1.3-root-mfa",
                "--exceptions",
                path,
                "-o",
                format,
            ],
            b"",
        );
        assert!(
            text(&out.stdout).contains("Excepted: in alarm, accepted by an exception"),
            "{format}"
        );
        if format == "table" {
            // The check's own tally counts it too: nothing is missing from ok + alarm + skip.
            assert!(
                text(&out.stdout).contains("ok 0, alarm 0, skip 0, excepted 1"),
                "{}",
                text(&out.stdout)
            );
        }
    }
    // A malformed file is refused with line and column, before anything is checked.
    let bad = temp_file(
        "bad.toml",
        b"[[exception]]\ncheck = \"*\"\nuser = \"a\"\nreason = \"r\"\nexpires = \"soon\"\n",
    );
    let out = credreport(
        &["check", "--sample", "--exceptions", bad.to_str().unwrap()],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stderr);
    assert!(
        said.contains("line 5, column 11: `expires` must be a date, YYYY-MM-DD"),
        "{said}"
    );
}

/// #19: a key handed out "just in case" at set-up, to a user who also has a console password;
/// the minutes are a parameter.
#[test]
fn a_key_created_with_its_console_user_is_an_alarm_within_the_minutes_given() {
    let key_at = |user: &str, rotated: &str| {
        format!("{user}@1234567890123456.onaliyun.com,2024-01-01T00:00:00Z,2024-02-01T00:00:00Z,TRUE,TRUE,2024-01-01T00:00:00Z,N/A,TRUE,TRUE,TRUE,{rotated},2024-02-01T00:00:00Z,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A")
    };
    let csv = format!(
        "{HEADER}\n{}\n{}\n",
        key_at("setup", "2024-01-01T00:03:00Z"),
        key_at("later", "2024-01-03T00:00:00Z")
    );
    let report = temp_file("keys.csv", csv.as_bytes());
    let run = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "-r",
            report.to_str().unwrap(),
            "--check",
            "keys-created-with-user",
            "-o",
            "csv",
        ];
        args.extend_from_slice(extra);
        text(&credreport(&args, b"").stdout)
    };
    let out = run(&[]);
    let setup = out.lines().find(|l| l.contains("user/setup@")).unwrap();
    assert!(
        setup.contains(",alarm,") && setup.contains("3 minutes after the user was created"),
        "{setup}"
    );
    assert!(out
        .lines()
        .find(|l| l.contains("user/later@"))
        .unwrap()
        .contains(",ok,"));
    let out = run(&["--param", "keys-created-with-user.minutes=2"]);
    assert!(
        out.lines()
            .find(|l| l.contains("user/setup@"))
            .unwrap()
            .contains(",ok,"),
        "{out}"
    );
}

#[test]
fn the_seed_postgresql_examples_run_word_for_word() {
    let report = temp_file("report.csv", &sample());
    for (name, _) in credreport_core::CANNED_POSTGRES {
        let args = [
            "query",
            "-r",
            report.to_str().unwrap(),
            "-o",
            "csv",
            "--canned",
            name,
        ];
        let pg = credreport(&[&args[..], &["--dialect", "postgres"]].concat(), b"");
        assert_eq!(pg.status.code(), Some(0), "{name}: {}", text(&pg.stderr));
        // Where the twins select the same columns, they give the same rows.
        if [
            "console-never-logged-in",
            "console-without-mfa",
            "root-mfa",
            "logged-in-last-90-days",
        ]
        .contains(name)
        {
            let sqlite = credreport(&args, b"");
            assert_eq!(text(&pg.stdout), text(&sqlite.stdout), "{name}");
        }
    }
}

#[test]
fn a_postgresql_query_is_recognised_and_translated() {
    let out = credreport(
        &[
            "query",
            "-o",
            "csv",
            "select user_name, age(user_last_logon) > interval '30 days' as stale from alicloud_ram_credential_report where user_name like 'bob%' or user_name = '<root>' order by user_name",
        ],
        &sample(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "user_name,stale\n<root>,0\nbob.dormant@1234567890123456.onaliyun.com,1\n"
    );
}

#[test]
fn print_sqlite_shows_the_translation_without_a_report() {
    let out = credreport(
        &[
            "query",
            "--print-sqlite",
            "select count(*) from alicloud_ram_credential_report where not mfa_active and user_last_logon > current_date - interval '90' day",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "SELECT count(*) AS \"count\" FROM alicloud_ram_credential_report WHERE NOT mfa_active AND user_last_logon > datetime(date('now'), '-90 days')\n"
    );
    assert_eq!(text(&out.stderr), "");
}

/// `age()` runs as one function credreport adds to SQLite (computed once per row, not spelled
/// out in SQL that repeats its arguments); `--print-sqlite` says so, since the plain `sqlite3`
/// shell lacks it.
#[test]
fn print_sqlite_names_the_functions_credreport_adds_to_sqlite() {
    let out = credreport(
        &[
            "query",
            "--print-sqlite",
            "select user_name, age(user_last_logon) from alicloud_ram_credential_report where lower(user_name) ilike 'É%'",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "SELECT user_name, pg_age(datetime('now', 'start of day'), user_last_logon) AS \"age\" FROM alicloud_ram_credential_report WHERE pg_ilike(pg_lower(user_name), '\u{c9}%')\n"
    );
    let notes = text(&out.stderr);
    for name in ["pg_age()", "pg_lower()", "pg_ilike()"] {
        assert!(
            notes.contains(&format!(
                "this SQL calls {name}, which credreport adds to SQLite"
            )),
            "{notes}"
        );
    }
}

#[test]
fn unsupported_postgresql_is_refused_with_the_sqlite_way() {
    let out = credreport(
        &[
            "query",
            "--dialect",
            "postgres",
            "select to_char(user_last_logon, 'Mon YYYY') from alicloud_ram_credential_report",
        ],
        &sample(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "credreport: to_char() with the pattern 'Mon YYYY' is not supported in PostgreSQL queries; build it from YYYY, MM, DD, HH24, MI, SS and DDD with punctuation between, or use strftime(). Nothing was run.\n"
    );
    // Forced to SQLite, a PostgreSQL-only query fails as SQLite would fail it.
    let out = credreport(&["query", "--dialect", "sqlite", "select now()"], &sample());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("now"), "{}", text(&out.stderr));
}

/// A one-user row (console password, no MFA) of account 1234567890123456, MFA as given.
fn diff_row(user: &str, mfa: bool) -> String {
    let mut fields: Vec<String> = row(&format!("{user}@1234567890123456.onaliyun.com"))
        .split(',')
        .map(str::to_owned)
        .collect();
    fields[7] = if mfa { "TRUE" } else { "FALSE" }.into();
    fields.join(",")
}

fn diff_report(name: &str, rows: &[String]) -> TempFile {
    temp_file(name, format!("{HEADER}\n{}\n", rows.join("\n")).as_bytes())
}

const OLD_TIME: &str = "2024-06-01T00:00:00Z";
const NEW_TIME: &str = "2024-07-01T00:00:00Z";

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

/// Regression (#20): `credreport query … | head -1` ended with "could not write the output:
/// Broken pipe" and exit status 1.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    let report = temp_file(
        "big.csv",
        credreport_core::sample::synthetic_csv(3500, "1234567890123456", 7, chrono::Utc::now())
            .as_bytes(),
    );
    let mut child = std::process::Command::new(BIN)
        .args(["query", "--report"])
        .arg(&report)
        .args(["-o", "csv", "select * from alicloud_ram_credential_report"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(!err.contains("Broken pipe"), "{err}");
}

/// Regression (#20): `check --list -o json` ignored `-o`, and `queries` had no `-o`.
#[test]
fn listings_take_output() {
    let out = credreport(&["check", "--list", "-o", "json"], b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mfa = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "cis-1.4-console-users-mfa")
        .unwrap();
    assert_eq!(
        (mfa["cis"].as_str(), mfa["days"].is_null()),
        (Some("1.4"), true)
    );
    let out = credreport(&["queries", "-o", "json"], b"");
    let queries: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let root = queries
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "root-mfa")
        .unwrap();
    assert!(root["sqlite"].as_str().unwrap().contains("'<root>'"));
    assert!(root["postgresql"].is_string());
    assert_eq!(
        credreport(&["check", "--list", "-o", "html"], b"")
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_query_error_says_where_in_what_the_user_wrote() {
    let out = credreport(
        &[
            "query",
            "select\n  user_nme\nfrom alicloud_ram_credential_report",
        ],
        &sample(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "credreport: no such column: user_nme; did you mean user_name? (at line 2, column 3)\n"
    );
    // A translated PostgreSQL query's position would be one in the translation: none is given.
    let out = credreport(
        &[
            "query",
            "select age(nope) from alicloud_ram_credential_report",
        ],
        &sample(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !text(&out.stderr).contains("at line"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn every_choice_is_spelled_as_the_core_spells_it() {
    // --help lists the core's names; anything else is a usage error naming them.
    let help = text(&credreport(&["query", "--help"], b"").stdout);
    for name in [
        "table", "csv", "json", "line", "md", "auto", "sqlite", "postgres",
    ] {
        assert!(help.contains(name), "{name} missing from:\n{help}");
    }
    let out = credreport(&["check", "--sample", "--as-of", "yesterday"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("[possible values: now, report]"));
    let out = credreport(&["check", "--list", "-o", "html"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--list prints as table, csv, json or md"));
}

#[test]
fn check_csv_is_for_a_spreadsheet_and_query_csv_for_a_pipe() {
    let evil = row("=cmd|' /C calc'!A0@1234567890123456.onaliyun.com");
    let report = format!(
        "{}\n{evil}\n",
        credreport_core::schema::CSV_FIELDS.join(",")
    );
    let checks = credreport(
        &["check", "-o", "csv", "--check", "cis-1.4-console-users-mfa"],
        report.as_bytes(),
    );
    let said = text(&checks.stdout);
    assert!(
        said.starts_with(
            "check,cis,severity,threshold_days,resource,status,reason,account_id,user_name\r\n"
        ),
        "{said}"
    );
    assert!(said.contains(",'=cmd|' /C calc'!A0@"), "{said}");
    let query = credreport(
        &[
            "query",
            "-o",
            "csv",
            "select user_name from alicloud_ram_credential_report",
        ],
        report.as_bytes(),
    );
    assert_eq!(
        text(&query.stdout),
        "user_name\n=cmd|' /C calc'!A0@1234567890123456.onaliyun.com\n"
    );
}

/// Regression (#20): `check` printed 17,253 lines for 3,500 users, ok rows mixed with alarms.
#[test]
fn check_puts_alarms_first_and_brief_and_summary_show_what_matters() {
    let table = text(&credreport(&["check", "--sample"], b"").stdout);
    let titles: Vec<&str> = table
        .lines()
        .filter(|l| !l.starts_with(' ') && l.contains(" ["))
        .collect();
    // A check with alarms never follows one without.
    let alarmed = |title: &&str| {
        let id = title.split('[').nth(1).unwrap().split(',').next().unwrap();
        table.contains(&format!("  {id} ")) && {
            let line = table
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("{id} ")))
                .unwrap();
            !line.contains("alarm    0")
        }
    };
    let first_quiet = titles
        .iter()
        .position(|t| !alarmed(t))
        .unwrap_or(titles.len());
    assert!(
        titles[first_quiet..].iter().all(|t| !alarmed(t)),
        "{titles:#?}"
    );
    // Within a check, alarms come before skips, skips before oks.
    let block = table
        .split("\n\n")
        .find(|b| b.contains("[cis-1.4-console-users-mfa"))
        .unwrap();
    let rank = |l: &str| {
        ["  ALARM", "  SKIP", "  OK"]
            .iter()
            .position(|p| l.starts_with(p))
    };
    let ranks: Vec<usize> = block.lines().filter_map(rank).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{block}");

    let out = credreport(&["check", "--sample", "-o", "brief"], b"");
    assert_eq!(out.status.code(), Some(3));
    let brief = text(&out.stdout);
    assert!(!brief.lines().any(|l| l.starts_with("  OK")), "{brief}");
    assert!(
        brief.contains("  ALARM") && brief.contains("Summary ("),
        "{brief}"
    );
    assert!(brief.lines().count() < table.lines().count());

    let summary = text(&credreport(&["check", "--sample", "-o", "summary"], b"").stdout);
    assert!(summary.starts_with("Summary ("), "{summary}");
    assert!(!summary.contains("ALARM"), "{summary}");
}

/// Regression: at a real account's size the summary's total (15503 ok) was wider than the
/// column the checks' counts were set in, so its "alarm" and "skip" stood one place right of
/// every line above. Each count's column is now as wide as its total.
#[test]
fn check_summary_keeps_its_columns_aligned_down_to_the_total() {
    let csv =
        credreport_core::sample::synthetic_csv(3500, "1234567890123456", 7, chrono::Utc::now());
    let report = temp_file("big.csv", csv.as_bytes());
    let out = credreport(&["check", "-r", report.as_str(), "-o", "summary"], b"");
    let summary = text(&out.stdout);
    let counts: Vec<&str> = summary
        .lines()
        .filter(|l| l.contains("  ok ") && l.contains("  alarm "))
        .collect();
    assert_eq!(counts.len(), 14, "{summary}");
    assert!(counts.last().unwrap().trim_start().starts_with("total"));
    let total: usize = counts
        .last()
        .unwrap()
        .split_whitespace()
        .nth(2)
        .unwrap()
        .parse()
        .unwrap();
    assert!(total >= 10_000, "wider than four digits: {summary}");
    for word in ["  alarm ", "  skip "] {
        let at: Vec<usize> = counts.iter().map(|l| l.find(word).unwrap()).collect();
        assert!(
            at.iter().all(|&c| c == at[0]),
            "{word:?} at {at:?}:\n{summary}"
        );
    }
}

#[test]
fn check_colours_statuses_on_a_terminal_only_and_never_with_no_color() {
    // Not a terminal: no escape sequences.
    assert!(!text(&credreport(&["check", "--sample"], b"").stdout).contains('\u{1b}'));
    // A terminal (util-linux's `script` gives it one): coloured, unless NO_COLOR is set.
    let on_terminal = |no_color: bool| {
        let mut c = std::process::Command::new("script");
        c.args([
            "-qec",
            &format!(
                "{BIN} check --sample --check cis-1.3-root-mfa --check console-users-inactive"
            ),
            "/dev/null",
        ]);
        if no_color {
            c.env("NO_COLOR", "1");
        } else {
            c.env_remove("NO_COLOR");
        }
        text(&c.output().unwrap().stdout)
    };
    let coloured = on_terminal(false);
    assert!(coloured.contains("\u{1b}[1;31mALARM"), "{coloured:?}");
    assert!(coloured.contains("\u{1b}[32mOK"), "{coloured:?}");
    assert!(!on_terminal(true).contains('\u{1b}'));
}

/// Regression (#20): a terminal that reports no size (0 columns) must fall back to `COLUMNS`.
#[test]
fn a_terminal_that_reports_no_width_is_fitted_to_columns() {
    let sql = "select user_name, password_active, mfa_active, user_last_logon, access_key_1_last_used, password_last_changed from alicloud_ram_credential_report limit 2";
    let out = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("stty cols 0; {BIN} query --sample '{sql}'"),
            "/dev/null",
        ])
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    let shown = text(&out.stdout);
    // Too wide for 60 columns: one record at a time, as psql's expanded display.
    assert!(shown.contains("-[ RECORD 1 ]"), "{shown}");
    assert!(!shown.contains("+---"), "{shown}");
}

/// Regression (#20): a mistyped name got no hint; a mistyped column neither.
#[test]
fn a_mistyped_name_suggests_the_nearest() {
    let out = credreport(&["query", "--sample", "--canned", "root"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no canned query named \"root\"; did you mean \"root-mfa\"?"),
        "{}",
        text(&out.stderr)
    );
    let out = credreport(&["check", "--sample", "--check", "cis-1.3-root-mfaa"], b"");
    assert!(
        text(&out.stderr).contains("did you mean \"cis-1.3-root-mfa\"?"),
        "{}",
        text(&out.stderr)
    );
    let out = credreport(
        &[
            "query",
            "--sample",
            "select user_nam from alicloud_ram_credential_report",
        ],
        b"",
    );
    assert_eq!(
        text(&out.stderr),
        "credreport: no such column: user_nam; did you mean user_name? (at line 1, column 8)\n"
    );
}

/// Regression (#20): in auto, a query the translator refused fell through to SQLite, which said
/// "no such function: age"; --print-sqlite echoed it untranslated with status 0.
#[test]
fn a_postgresql_query_the_translator_refuses_is_refused_by_name() {
    let sql = "select to_char(age(user_last_logon), 'DD') from alicloud_ram_credential_report";
    let out = credreport(&["query", "--sample", sql], b"");
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stderr);
    assert!(
        said.contains("to_char() is not supported") && !said.contains("no such function"),
        "{said}"
    );
    let out = credreport(&["query", "--print-sqlite", sql], b"");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    // One prefix, not "PostgreSQL syntax error: sql parser error: …".
    let out = credreport(
        &[
            "query",
            "--dialect",
            "postgres",
            "--print-sqlite",
            "select from where",
        ],
        b"",
    );
    let said = text(&out.stderr);
    assert!(
        said.contains("PostgreSQL syntax error: ") && !said.contains("sql parser error"),
        "{said}"
    );
}

/// Regression (#20): the advice went in a circle (`split_part` → "use substr() with instr()",
/// `substr` → SUBSTRING refused, `instr` → a SQLite function) and there was no way to take the
/// part of a name before `@`. (Their answers are checked against PostgreSQL in the corpus.)
#[test]
fn the_part_of_a_name_before_the_at_sign_in_postgresql_as_users_write_it() {
    for sql in [
        "select split_part(user_name, '@', 1) as name from alicloud_ram_credential_report where user_name like 'alice%'",
        "select substr(user_name, 1, strpos(user_name, '@') - 1) as name from alicloud_ram_credential_report where user_name like 'alice%'",
        "select substring(user_name from 1 for position('@' in user_name) - 1) as name from alicloud_ram_credential_report where user_name like 'alice%'",
    ] {
        for dialect in ["auto", "postgres"] {
            let out = credreport(&["query", "--sample", "--dialect", dialect, "-o", "csv", sql], b"");
            assert_eq!(out.status.code(), Some(0), "{sql}: {}", text(&out.stderr));
            assert_eq!(text(&out.stdout), "name\nalice.sample\n", "{sql}");
        }
    }
    // The printed SQLite says what the plain sqlite3 shell lacks.
    let out = credreport(
        &[
            "query",
            "--print-sqlite",
            "select split_part(user_name, '@', 2) from alicloud_ram_credential_report",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("split_part(), which credreport adds to SQLite"),
        "{}",
        text(&out.stderr)
    );
}

/// Regression (#20): no completions, no man page; fetch's options came first in `query --help`;
/// `fetch -o` was a path where every other `-o` is a format.
#[test]
fn completions_a_man_page_and_help_a_user_can_find_their_way_in() {
    for (shell, mark) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef credreport"),
        ("fish", "complete -c credreport"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = credreport(&["completion", shell], b"");
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = text(&out.stdout);
        assert!(script.contains(mark), "{shell}: {script}");
        assert!(
            script.contains("canned") && script.contains("allow-host"),
            "{shell}"
        );
    }
    let man = text(&credreport(&["man"], b"").stdout);
    assert!(
        man.starts_with(".ie") || man.contains(".TH credreport"),
        "{man}"
    );
    assert!(man.contains("query") && man.contains("check"));

    let help = text(&credreport(&["query", "--help"], b"").stdout);
    let at = |s: &str| help.find(s).unwrap_or_else(|| panic!("{s} not in {help}"));
    assert!(at("--output") < at("Reports:") && at("Reports:") < at("Fetching from Alibaba Cloud:"));
    assert!(help.contains("How to print the result"), "-o is described");

    let fetch = text(&credreport(&["fetch", "--help"], b"").stdout);
    assert!(fetch.contains("-O, --out <PATH>"), "{fetch}");
    assert_eq!(
        credreport(&["fetch", "-o", "x.json"], b"").status.code(),
        Some(2)
    );
}

/// Regression (#20): a --generated-time earlier than the report's own events gave "last logged on
/// -178 days ago" without a word.
#[test]
fn a_generation_time_before_the_reports_events_is_warned_about() {
    let report = temp_file("old.csv", &sample());
    let out = credreport(
        &[
            "check",
            "-r",
            report.to_str().unwrap(),
            "--generated-time",
            "2020-01-01T00:00:00Z",
            "--as-of",
            "report",
            "-o",
            "summary",
        ],
        b"",
    );
    let said = text(&out.stderr);
    assert!(
        said.contains("the generation time given (2020-01-01 00:00:00) is before this, the report's latest event"),
        "{said}"
    );
    assert!(
        text(&out.stdout).contains("as of each report's generation time ("),
        "{}",
        text(&out.stdout)
    );
}

/// Regression (#20): `select *` printed 838 columns wide and long names widened every row. On an
/// 80-column terminal a table fits (cells cut with …), and one that cannot fit becomes `line`
/// blocks; in a pipe the table stays as wide as its values.
#[test]
fn a_table_fits_an_80_column_terminal_and_a_pipe_gets_it_whole() {
    let on_terminal = |args: &str| {
        let out = std::process::Command::new("script")
            .args([
                "-qec",
                &format!("stty rows 24 cols 80; {BIN} query --sample {args}"),
                "/dev/null",
            ])
            .output()
            .unwrap();
        text(&out.stdout).replace('\r', "")
    };
    let canned = on_terminal("--canned console-without-mfa");
    assert!(canned.lines().all(|l| l.chars().count() <= 80), "{canned}");
    assert!(
        canned.contains('…') && canned.contains("| <root>"),
        "{canned}"
    );
    let everything = on_terminal("'select * from alicloud_ram_credential_report limit 1'");
    assert!(everything.starts_with("-[ RECORD 1 ]"), "{everything}");
    let piped = text(
        &credreport(
            &["query", "--sample", "--canned", "console-without-mfa"],
            b"",
        )
        .stdout,
    );
    assert!(
        piped.contains("| carol.newhire@1234567890123456.onaliyun.com |"),
        "{piped}"
    );
}
