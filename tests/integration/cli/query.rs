//! `query`, `schema` and `queries`: reports loaded with their warnings, each output format, the
//! limits on a result, a console CSV given its time.

use super::*;

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
