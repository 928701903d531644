//! PostgreSQL as Steampipe users write it: recognised, translated or refused with the SQLite way.

use super::*;

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
fn a_regular_expression_is_matched_and_a_pattern_credreport_cannot_read_is_refused_by_place() {
    let out = credreport(
        &[
            "query",
            "-o",
            "csv",
            "select user_name from alicloud_ram_credential_report where user_name ~* '^(ALICE|bob)\\.' or user_name !~ '@' order by user_name",
        ],
        &sample(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "user_name\n<root>\nalice.sample@1234567890123456.onaliyun.com\nbob.dormant@1234567890123456.onaliyun.com\n"
    );
    let refused = credreport(
        &[
            "query",
            "select user_name from alicloud_ram_credential_report where user_name ~ '(a)\\1'",
        ],
        &sample(),
    );
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused.stderr));
    assert!(
        text(&refused.stderr)
            .contains("back-reference \\1 in the regular expression '(a)\\1' (character 5)"),
        "{}",
        text(&refused.stderr)
    );
}

#[test]
fn the_parts_of_a_match_in_parentheses_are_taken_out_as_postgresql_takes_them() {
    let out = credreport(
        &[
            "query",
            "-o",
            "csv",
            "select (regexp_match(user_name, '^([a-z]+)\\.([a-z]+)@'))[1], regexp_replace(user_name, '^(\\w+)\\.(\\w+)@.*$', '\\2, \\1') as swapped, substring(user_name from '@(\\d{4})') as digits from alicloud_ram_credential_report where user_name like 'a%' or user_name = '<root>' order by user_name",
        ],
        &sample(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "regexp_match,swapped,digits\n,<root>,\nalice,\"sample, alice\",1234\n"
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
            "select to_char(user_last_logon, 'YYYY-MM-DD TZ') from alicloud_ram_credential_report",
        ],
        &sample(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "credreport: to_char() with 'TZ' at character 12 of its pattern is not supported in PostgreSQL queries; times are in UTC: write \"UTC\" (in double quotes). Nothing was run.\n"
    );
    // Forced to SQLite, a PostgreSQL-only query fails as SQLite would fail it.
    let out = credreport(&["query", "--dialect", "sqlite", "select now()"], &sample());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("now"), "{}", text(&out.stderr));
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
