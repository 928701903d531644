//! What every command does alike: exit statuses, a closed pipe, `--output` spellings, a
//! mistyped name, help, completions and the man page, a terminal's width.

use super::*;

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

/// A mistyped table got SQLite's "no such table" alone, and a mistyped column of the changes
/// table was matched against the report's columns only.
#[test]
fn a_mistyped_table_or_changes_column_suggests_the_nearest() {
    for (sql, said) in [
        (
            "select count(*) from alicloud_ram_credential_reprt",
            "no such table: alicloud_ram_credential_reprt; did you mean alicloud_ram_credential_report?",
        ),
        // Steampipe's schema, in a SQLite query: the table without it.
        (
            "select count(*) from alicloud.alicloud_ram_credential_report_latest",
            "no such table: alicloud.alicloud_ram_credential_report_latest; did you mean alicloud_ram_credential_report_latest?",
        ),
        (
            "select count(*) from alicloud_ram_acces_key",
            "no such table: alicloud_ram_acces_key; did you mean alicloud_ram_access_key?",
        ),
        (
            "select chnge from alicloud_ram_credential_report_changes",
            "no such column: chnge; did you mean change?",
        ),
        (
            "select key_slt from alicloud_ram_access_key",
            "no such column: key_slt; did you mean key_slot?",
        ),
    ] {
        let out = credreport(&["query", "--sample", "--dialect", "sqlite", sql], b"");
        assert_eq!(out.status.code(), Some(1), "{sql}");
        let shown = text(&out.stderr);
        assert!(shown.contains(said), "{sql}: {shown}");
    }
}

/// A table named far from any of them got SQLite's "no such table" alone, a query cut short its
/// "incomplete input" alone, and a text left open its "unrecognized token": none said what to do.
#[test]
fn an_unknown_table_lists_the_tables_and_a_query_cut_short_says_what_may_be_missing() {
    for (sql, said) in [
        (
            "select * from credential_report",
            "credreport: no such table: credential_report; the tables are alicloud_ram_credential_report, alicloud_ram_credential_report_latest, alicloud_ram_credential_report_changes and alicloud_ram_access_key\n",
        ),
        (
            "select user_name from alicloud_ram_credential_report where",
            "credreport: incomplete input: the query ends before it is whole (a clause, a closing parenthesis or a closing quote is missing)\n",
        ),
        (
            "select count(*) from alicloud_ram_credential_report where user_name = 'x",
            "credreport: unrecognized token: \"'x\": a text in single quotes is not closed (write '' for a quote inside one) (at line 1, column 71)\n",
        ),
    ] {
        let out = credreport(&["query", "--sample", "--dialect", "sqlite", sql], b"");
        assert_eq!(out.status.code(), Some(1), "{sql}");
        assert_eq!(text(&out.stderr), said, "{sql}");
    }
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
