//! `check`: every check on the sample, thresholds, "as of", accepted exceptions, the evidence in
//! each format (escaped), the summary on a terminal.

use super::*;

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

/// `credreport check report.csv` was refused ("unexpected argument"): the reports were only
/// taken from `--report`, where `diff` and `trend` take them after the command.
#[test]
fn check_takes_its_reports_after_the_command_as_with_report() {
    let report = temp_file("console.csv", &credreport(&["sample"], b"").stdout);
    let path = report.to_str().unwrap();
    // Judged as of the report: two runs judge one moment.
    let time = [
        "--generated-time",
        "2026-11-01T00:00:00Z",
        "--as-of",
        "report",
        "-o",
        "csv",
    ];
    let named = credreport(&[&["check", path][..], &time].concat(), b"");
    let flagged = credreport(&[&["check", "--report", path][..], &time].concat(), b"");
    assert_eq!(named.status.code(), Some(3), "{}", text(&named.stderr));
    assert_eq!(text(&named.stdout), text(&flagged.stdout));
    assert!(text(&named.stdout).contains("bob.dormant"));
    let both = credreport(&["check", path, "--sample"], b"");
    assert_eq!(both.status.code(), Some(2), "a report and the sample");
    assert!(text(&both.stderr).contains("cannot be used with '--sample'"));
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

/// `check -o summary` has SQLite count the checks no exception names, without making their
/// findings: its counts, warnings and exit status are the full evidence's, with accepted,
/// expired, every-check and stale exceptions.
#[test]
fn check_summary_counts_what_the_evidence_finds_with_exceptions_applied() {
    let csv =
        credreport_core::sample::synthetic_csv(600, "1234567890123456", 11, chrono::Utc::now());
    let report = temp_file("600.csv", csv.as_bytes());
    let full = credreport(&["check", "-r", report.as_str(), "-o", "json"], b"");
    let v: serde_json::Value = serde_json::from_slice(&full.stdout).unwrap();
    let in_alarm = |check: &str| -> String {
        let c = (v["checks"].as_array().unwrap().iter())
            .find(|c| c["id"] == check)
            .unwrap();
        let f = (c["results"].as_array().unwrap().iter())
            .find(|r| r["status"] == "alarm")
            .unwrap();
        f["user_name"].as_str().unwrap().to_owned()
    };
    let exceptions = format!(
        "[[exception]]\ncheck = \"cis-1.4-console-users-mfa\"\nuser = \"{}\"\nreason = \"r\"\nexpires = 2099-01-01\n\n\
         [[exception]]\ncheck = \"*\"\nuser = \"{}\"\nreason = \"r\"\nexpires = 2099-01-01\n\n\
         [[exception]]\ncheck = \"access-keys-used\"\nuser = \"{}\"\nreason = \"r\"\nexpires = 2001-01-01\n\n\
         [[exception]]\ncheck = \"console-users-inactive\"\nuser = \"nobody\"\nreason = \"r\"\nexpires = 2099-01-01\n",
        in_alarm("cis-1.4-console-users-mfa"),
        in_alarm("access-keys-rotated"),
        in_alarm("access-keys-used"),
    );
    let file = temp_file("exceptions.toml", exceptions.as_bytes());
    let run = |output: &str| {
        let args = [
            "check",
            "-r",
            report.as_str(),
            "--exceptions",
            file.as_str(),
        ];
        credreport(&[&args[..], &["-o", output]].concat(), b"")
    };
    let (json, summary) = (run("json"), run("summary"));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let mut expected = Vec::new();
    for c in v["checks"].as_array().unwrap() {
        let count = |status: &str| {
            (c["results"].as_array().unwrap().iter())
                .filter(|r| r["status"] == status)
                .count()
        };
        expected.push((
            c["id"].as_str().unwrap().to_owned(),
            [count("ok"), count("alarm"), count("skip")],
        ));
    }
    assert!(v["summary"]["excepted"].as_u64().unwrap() >= 3, "{v}");
    let said = text(&summary.stdout);
    let mut counted: Vec<(String, [usize; 3])> = (said.lines())
        .filter(|l| l.contains("  alarm ") && !l.trim_start().starts_with("total"))
        .map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let n = |w: &str| {
                words[words.iter().position(|x| *x == w).unwrap() + 1]
                    .parse()
                    .unwrap()
            };
            (words[0].to_owned(), [n("ok"), n("alarm"), n("skip")])
        })
        .collect();
    expected.sort();
    counted.sort();
    assert_eq!(counted, expected, "{said}");
    assert_eq!(summary.status.code(), json.status.code());
    assert_eq!(text(&summary.stderr), text(&json.stderr));
    assert!(text(&summary.stderr).contains("user nobody) matches no finding in alarm"));
}
