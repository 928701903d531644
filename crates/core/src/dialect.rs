//! Which SQL dialect a query is written in, and the user's choice of it: one type each, one
//! spelling, used by the CLI's `--dialect`, the page's switch, share links and the translator
//! module's answer.

use serde::{Deserialize, Serialize};

/// The SQL dialect a query is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// As every interface spells it: `sqlite`, `postgres`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        }
    }

    /// Its name in a sentence: `SQLite`, `PostgreSQL`.
    pub fn title(self) -> &'static str {
        match self {
            Dialect::Sqlite => "SQLite",
            Dialect::Postgres => "PostgreSQL",
        }
    }
}

/// The user's choice: a dialect, or `auto` to tell from the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DialectChoice {
    /// SQLite, unless the query uses what only PostgreSQL has (the translator decides).
    #[default]
    Auto,
    Sqlite,
    Postgres,
}

impl DialectChoice {
    pub const ALL: [DialectChoice; 3] = [
        DialectChoice::Auto,
        DialectChoice::Sqlite,
        DialectChoice::Postgres,
    ];

    /// As every interface spells it: `auto`, `sqlite`, `postgres`.
    pub fn as_str(self) -> &'static str {
        match self {
            DialectChoice::Auto => "auto",
            DialectChoice::Sqlite => "sqlite",
            DialectChoice::Postgres => "postgres",
        }
    }

    /// The choice spelled `s`; `None` for anything else (a caller decides whether that is an
    /// error, as on the command line, or `auto`, as in a share link someone edited).
    pub fn parse(s: &str) -> Option<DialectChoice> {
        DialectChoice::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The dialect chosen, `None` for `auto`.
    pub fn fixed(self) -> Option<Dialect> {
        match self {
            DialectChoice::Auto => None,
            DialectChoice::Sqlite => Some(Dialect::Sqlite),
            DialectChoice::Postgres => Some(Dialect::Postgres),
        }
    }

    /// Whether running `sql` needs the translator. In `Auto`, only when the query names something
    /// only PostgreSQL has ([`POSTGRES_MARKERS`]), so a SQLite session in the page never downloads
    /// the translator, or names a subquery's columns after `as` and its alias. (A query whose
    /// only PostgreSQL is timestamp − timestamp, or columns named after an alias without `as`,
    /// needs the choice set to PostgreSQL.)
    pub fn needs_translator(self, sql: &str) -> bool {
        match self {
            DialectChoice::Sqlite => false,
            DialectChoice::Postgres => true,
            DialectChoice::Auto => {
                let s = spaced_as_markers(sql);
                POSTGRES_MARKERS.iter().any(|m| holds_marker(&s, m))
                    || names_columns_after_alias(&s)
            }
        }
    }
}

impl From<Dialect> for DialectChoice {
    fn from(d: Dialect) -> DialectChoice {
        match d {
            Dialect::Sqlite => DialectChoice::Sqlite,
            Dialect::Postgres => DialectChoice::Postgres,
        }
    }
}

/// `sql` spelled as the markers are: lower case, every run of white space one space, and none
/// before `(`, so `DISTINCT ON(`, `distinct  on (` and `age (` are found as well as the usual
/// spelling.
fn spaced_as_markers(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut space = false;
    for c in sql.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && c != '(' && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Whether `s` (spelled as the markers are) names a subquery's columns after its alias,
/// `(…) as t(a, b)`, which SQLite cannot read: `) as name(` where the name is not a type's
/// (`cast((x) as numeric(10, 2))`).
fn names_columns_after_alias(s: &str) -> bool {
    const TYPES: [&str; 10] = [
        "numeric",
        "decimal",
        "varchar",
        "char",
        "character",
        "float",
        "double",
        "int",
        "integer",
        "bigint",
    ];
    s.match_indices(") as ").any(|(i, m)| {
        let rest = &s[i + m.len()..];
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        !name.is_empty() && rest[name_len..].starts_with('(') && !TYPES.contains(&name)
    })
}

/// Whether `s` holds `marker`, a word's marker as a word of its own: `extract` is not found in
/// SQLite's `json_extract(`, nor `now(` in `know(`. A marker that starts with `_` is the end of
/// a name (`to_timestamp(`), and one of other characters is found anywhere.
fn holds_marker(s: &str, marker: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    if !marker.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return s.contains(marker);
    }
    s.match_indices(marker)
        .any(|(i, _)| !s[..i].ends_with(word))
}

/// Text that only PostgreSQL queries hold (lower case, one space between words and none before
/// `(`, as [`DialectChoice::needs_translator`] reads the query). The translator's tests check
/// that every query it rewrites holds one of these, so `auto` in the page never runs PostgreSQL
/// as SQLite.
/// `~` (a regular expression, which the translator turns into `regexp_like()`) is here because
/// SQLite has no such operator and would only say "syntax error", and `regexp_…` because the
/// translator reads `regexp_like()`'s pattern before anything runs and names the other
/// `regexp_` functions it refuses. So are the forms it translates that SQLite cannot read or
/// has not, where SQLite would say only "no such function" or "syntax error" (`similar to`,
/// `array_agg`, `distinct on`, `fetch first`, `= any(…)`, `trim(both …)`).
pub const POSTGRES_MARKERS: [&str; 84] = [
    "::",
    "array_agg(",
    "regexp_",
    "similar to",
    "distinct on(",
    // SQLite has neither FETCH, nor ANY or ALL, nor TRIM's keywords: it would say "syntax error".
    "fetch first",
    "fetch next",
    "= any(",
    "=any(",
    "<> all(",
    "<>all(",
    "!= all(",
    "trim(both",
    "trim(leading",
    "trim(trailing",
    "at time zone",
    "like any(",
    // PostgreSQL's ordered-set aggregates and ORDER BY … USING: SQLite says "syntax error".
    "within group(",
    "using <",
    "using >",
    // `current_date - 365` is a date in PostgreSQL, a number in SQLite.
    "current_date",
    "~",
    "interval",
    "age(",
    "now(",
    "ilike",
    "string_agg",
    "bool_and",
    "bool_or",
    "every(",
    "date_trunc",
    "date_part",
    "extract",
    "distinct from",
    "unknown",
    "timestamp '",
    "timestamptz '",
    "date '",
    "_timestamp(",
    // PostgreSQL's time without a zone, which SQLite would take for a column's name.
    "localtimestamp",
    // SQLite has no such function; `instr` is its spelling.
    "strpos(",
    "position(",
    // `substring(x from 2 for 3)`; SQLite's substring(x, 2, 3) differs for a start below 1.
    "substring(",
    // Functions SQLite lacks, or has with another meaning (its max(a, b) is NULL when either
    // is; its floor() is missing natively).
    "left(",
    "right(",
    "greatest(",
    "least(",
    "floor(",
    "ceil(",
    "to_char(",
    "to_date(",
    "width_bucket(",
    "btrim(",
    "justify_",
    "make_interval(",
    "starts_with(",
    "^@",
    "num_nulls(",
    "num_nonnulls(",
    // An array, of which the translator takes one element: `(string_to_array(x, '.'))[2]`.
    "string_to_array(",
    // A boolean compared with text (`mfa_active = 't'`): SQLite compares 1 with 't' and finds
    // nothing, where PostgreSQL reads the text as a boolean.
    "'t'",
    "'f'",
    "'true'",
    "'false'",
    // A string with escapes, `E'\n'`, where a value may start: SQLite would say "syntax
    // error". (Not `e'` alone, which ends many a string: `like '%e'`.)
    " e'",
    "(e'",
    ",e'",
    "|e'",
    // PostgreSQL's power and square root operators, which SQLite has not (`2 ^ 10`, `|/ x`);
    // `^` with a space either side, so a GLOB class (`'[^0-9]'`) is not taken for one.
    " ^ ",
    "|/",
    // A series in FROM, which SQLite here has not (its generate_series() is an extension), and
    // an array's elements as rows.
    "generate_series(",
    "unnest(",
    // PostgreSQL's JSON builders, which SQLite has under other names and writes otherwise
    // (`json_group_array`, `json_object`: `["a","b"]` where PostgreSQL writes `["a", "b"]`).
    "to_json(",
    "to_jsonb(",
    "json_agg(",
    "jsonb_agg(",
    "json_build_",
    "jsonb_build_",
    // The tables named in Steampipe's schema (the connection's name) or PostgreSQL's, which
    // SQLite would take for a database it has not.
    "alicloud.alicloud_",
    "public.alicloud_",
    // Grouping sets and their grouping(), which SQLite has not.
    "rollup(",
    "cube(",
    "grouping sets(",
    "grouping(",
];

/// What the translator answers, in the page (its own WebAssembly module, through JSON) and
/// natively: the SQLite to run and the dialect the query was taken as, or why it was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TranslatorAnswer {
    Translated { dialect: Dialect, sql: String },
    Refused { error: String },
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_choice_has_one_spelling() {
        for c in DialectChoice::ALL {
            assert_eq!(DialectChoice::parse(c.as_str()), Some(c));
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
        }
        for d in [Dialect::Sqlite, Dialect::Postgres] {
            assert_eq!(DialectChoice::from(d).fixed(), Some(d));
            assert_eq!(DialectChoice::from(d).as_str(), d.as_str());
        }
        assert_eq!(DialectChoice::parse("postgresql"), None);
    }

    #[test]
    fn the_translator_is_needed_only_for_what_may_be_postgresql() {
        for c in crate::CANNED {
            assert!(!DialectChoice::Auto.needs_translator(c.sql), "{}", c.name);
        }
        for (name, sql) in crate::CANNED_POSTGRES {
            // Those without markers mean the same in both and run as SQLite.
            let same = ["console-never-logged-in", "console-without-mfa", "root-mfa"];
            assert_eq!(
                DialectChoice::Auto.needs_translator(sql),
                !same.contains(name),
                "{name}"
            );
        }
        // Regression (#13): in Auto, `~` ran as SQLite and said only "syntax error".
        assert!(DialectChoice::Auto.needs_translator("select 1 where user_name ~ '^a'"));
        // PostgreSQL the translator refuses with the SQLite way, which SQLite would answer
        // with "no such function" or "syntax error" alone.
        for sql in [
            "select array_agg(user_name) from t",
            "select regexp_replace(user_name, '@.*', '') from t",
            "select 1 where user_name similar to 'a%'",
            "select distinct on (account_id) user_name from t",
            // Regression: written with no space before `(`, or with more than one, or across
            // lines, these ran as SQLite and got its "syntax error".
            "select distinct on(account_id) user_name from t",
            "select DISTINCT  ON\n  (account_id) user_name from t",
            "select age (user_last_logon) from t",
            "select 1 where user_name SIMILAR\tTO 'a%'",
            "select date  '2026-01-01'",
            // Forms SQLite cannot read, which the translator writes as SQLite's.
            "select user_name from t fetch first 3 rows only",
            "select 1 from t where user_name = ANY (array['a'])",
            "select trim(both 'x' from user_name) from t",
            "select user_last_logon AT TIME ZONE 'UTC' from t",
            "select 1 from t where user_name LIKE ANY (array['a%'])",
            "select percentile_cont(0.5) WITHIN GROUP (order by 1) from t",
            "select user_name from t order by user_name USING >",
            "select justify_days(x) from t",
            // Regression: in auto this ran as SQLite, which compares 1 with 'true': no rows.
            "select user_name from t where mfa_active = 'TRUE'",
            "select user_name from t where password_exist='f'",
            "select string_agg(user_name, E'\n') from t",
            // A subquery's columns named after its alias, which SQLite cannot read.
            "select * from (values (1, 'a')) AS v(n, name)",
            "select x from (select user_name from t)  as\n s (x)",
            "select timestamptz '2026-01-01 00:00:00+00'",
            "select string_agg(user_name,e'\t') from t",
            "select 'a' ||E'\n'",
            "select 2 ^ 10, |/ 16",
            "select n from generate_series(1, 3) as n",
            "select n from unnest(array[1, 2]) as n",
            "select LocalTimestamp - interval '1 day'",
            "select a, count(*) from t group by ROLLUP (a)",
            "select a, count(*) from t group by grouping  sets ((a), ())",
        ] {
            assert!(DialectChoice::Auto.needs_translator(sql), "{sql}");
        }
        // A cast's type after `) as` is no alias.
        assert!(!DialectChoice::Auto.needs_translator("select cast((1 + 2) as numeric(10, 2))"));
        // Regression: SQLite's json_extract() held `extract`, so in auto it went to the
        // translator, which refused it. A marker that is a word is found as a word.
        for sql in [
            "select json_extract(x, '$.a') from t",
            "select 1 from t where user_name = 'knownow(1)'",
            "select max(last_interval_seen) from t",
            "select 1 from t where user_name like'%e'",
            "select 1 from t where user_name glob '*[^0-9]'",
        ] {
            assert!(!DialectChoice::Auto.needs_translator(sql), "{sql}");
        }
        for sql in [
            "select extract(day from now())",
            "select (interval '1 day')",
            "select 1 where x=current_date",
            "select to_timestamp(0)",
        ] {
            assert!(DialectChoice::Auto.needs_translator(sql), "{sql}");
        }
        assert!(DialectChoice::Postgres.needs_translator("select 1"));
        assert!(!DialectChoice::Sqlite.needs_translator("select now()"));
    }

    #[test]
    fn the_translators_answer_reads_back_as_written() {
        for a in [
            TranslatorAnswer::Translated {
                dialect: Dialect::Postgres,
                sql: "SELECT 1".into(),
            },
            TranslatorAnswer::Refused {
                error: "to_char() is not supported".into(),
            },
        ] {
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(serde_json::from_str::<TranslatorAnswer>(&json).unwrap(), a);
        }
        assert_eq!(
            serde_json::to_string(&TranslatorAnswer::Translated {
                dialect: Dialect::Sqlite,
                sql: "select 1".into()
            })
            .unwrap(),
            r#"{"dialect":"sqlite","sql":"select 1"}"#
        );
    }
}
