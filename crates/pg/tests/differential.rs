//! The proof: every query of the corpus (tests/corpus.sql, and the seed's six PostgreSQL examples)
//! runs in a real PostgreSQL and, translated, in credreport, over the same report; the rows must be
//! the same (in order where the query orders).
//!
//! PostgreSQL is Debian's `postgresql` (`cargo xtask setup` installs it). The test starts a private
//! cluster in a temporary directory, listening on loopback and a socket there only, and stops it
//! when done. The table has Steampipe's types: `boolean`, `timestamp with time zone`, `text`.

mod common;

use common::corpus;
use credreport_testkit::free_port;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::Utc;
use credreport_core::sample::{sample_csv, synthetic_csv};
use credreport_core::schema::{Kind, COLUMNS, TABLE};
use credreport_core::{Database, Input, LoadOptions, QueryOptions, Value};

struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    user: Option<&'static str>,
}

impl Cluster {
    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        match self.user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(path);
                c
            }
            None => Command::new(path),
        }
    }

    fn start() -> Cluster {
        let root = Path::new("/usr/lib/postgresql");
        let mut versions: Vec<PathBuf> = std::fs::read_dir(root)
            .expect("PostgreSQL is installed (`cargo xtask setup` installs Debian's postgresql)")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        versions.sort();
        let bin = versions.pop().expect("a PostgreSQL version").join("bin");
        // One directory per cluster: the tests of this file each start one, side by side.
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("credreport-pg-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // PostgreSQL refuses to run as root: then the cluster belongs to the `postgres` user.
        let root_user = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false);
        let user = root_user.then_some("postgres");
        if let Some(user) = user {
            assert!(Command::new("chown")
                .args([user])
                .arg(&dir)
                .status()
                .unwrap()
                .success());
        }
        let port = free_port();
        let cluster = Cluster {
            bin,
            dir,
            port,
            user,
        };
        let data = cluster.dir.join("data");
        let ok = cluster
            .command("initdb")
            .args([
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                // Case over all of Unicode, as a UTF-8 database has it (`lower('É')` is `é`),
                // and text still ordered byte by byte.
                "--lc-ctype=C.utf8",
                "-D",
            ])
            .arg(&data)
            .stdout(Stdio::null())
            .status()
            .unwrap()
            .success();
        assert!(ok, "initdb failed");
        let ok = cluster
            .command("pg_ctl")
            .arg("-D")
            .arg(&data)
            .arg("-o")
            .arg(format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c TimeZone=UTC",
                cluster.dir.display()
            ))
            .args(["-w", "-l"])
            .arg(cluster.dir.join("log"))
            .arg("start")
            .stdout(Stdio::null())
            .status()
            .unwrap()
            .success();
        assert!(
            ok,
            "pg_ctl start failed: {}",
            std::fs::read_to_string(cluster.dir.join("log")).unwrap_or_default()
        );
        cluster
    }

    /// Run SQL with psql; the result as CSV records (header first).
    fn psql(&self, sql: &str) -> Result<Vec<Vec<String>>, String> {
        let out = Command::new(self.bin.join("psql"))
            .args([
                "-X",
                "-q",
                "--csv",
                "-v",
                "ON_ERROR_STOP=1",
                "-U",
                "postgres",
                "-h",
                "127.0.0.1",
            ])
            .args(["-p", &self.port.to_string(), "-d", "postgres"])
            .env("PGTZ", "UTC")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(sql.as_bytes())?;
                child.wait_with_output()
            })
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&out.stdout[..]);
        Ok(reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The report both sides get: the sample account and a synthetic one of 300 users, times
/// relative to now (so `current_date` means the same to both).
fn reports() -> Vec<(String, String)> {
    let now = Utc::now();
    vec![
        ("sample.csv".into(), sample_csv(now)),
        (
            "synthetic.csv".into(),
            synthetic_csv(300, "5555666677778888", 7, now),
        ),
    ]
}

/// The same table in PostgreSQL, from credreport's own rows, typed as Steampipe types them.
fn create_table(db: &mut Database) -> String {
    let cols: Vec<String> = COLUMNS
        .iter()
        .map(|c| format!("{} {}", c.name, c.steampipe_type()))
        .collect();
    let mut sql = format!("create table {TABLE} ({});\n", cols.join(", "));
    let all = db
        .query(&format!("select * from {TABLE}"), &QueryOptions::default())
        .unwrap();
    for row in &all.rows {
        let values: Vec<String> = row
            .iter()
            .zip(COLUMNS.iter())
            .map(|(v, c)| match (v, c.kind) {
                (Value::Null, _) => "null".into(),
                (Value::Integer(n), Kind::Bool) => (*n != 0).to_string(),
                (Value::Text(t), Kind::Timestamp) => format!("'{t}+00'"),
                (Value::Text(t), _) => format!("'{}'", t.replace('\'', "''")),
                (other, _) => panic!("unexpected value {other:?}"),
            })
            .collect();
        sql.push_str(&format!(
            "insert into {TABLE} values ({});\n",
            values.join(", ")
        ));
    }
    sql
}

/// `-- name` then the query, for each query of the corpus.
/// A cell as both sides can agree on it: booleans as 1/0, timestamps without PostgreSQL's `+00`,
/// numbers as numbers.
fn normalize(cell: &str) -> String {
    let cell = match cell {
        "t" => "1",
        "f" => "0",
        other => other,
    };
    if let Some(ts) = cell.strip_suffix("+00") {
        if ts.len() == 19 && ts.as_bytes()[10] == b' ' {
            return ts.to_owned();
        }
    }
    if let Ok(n) = cell.parse::<f64>() {
        if cell.trim() == cell && !cell.is_empty() {
            return format!("{:.6}", n);
        }
    }
    cell.to_owned()
}

fn ours(db: &mut Database, sql: &str) -> Result<Vec<Vec<String>>, String> {
    let translated = credreport_pg::translate(sql).map_err(|e| e.to_string())?;
    let result = db
        .query(&translated.sql, &QueryOptions::default())
        .map_err(|e| format!("{e}\nSQLite: {}", translated.sql))?;
    let mut rows = vec![result.columns.clone()];
    for r in &result.rows {
        rows.push(
            r.iter()
                .map(|v| match v {
                    Value::Null => String::new(),
                    Value::Integer(n) => n.to_string(),
                    Value::Real(x) => x.to_string(),
                    Value::Text(t) => t.clone(),
                    Value::Blob(_) => "<blob>".into(),
                })
                .collect(),
        );
    }
    Ok(rows)
}

/// Whether PostgreSQL's server programs are here. Without them the test says so and passes, as the
/// browser tests do without Chromium; `cargo xtask test` sets `CREDREPORT_REQUIRE_POSTGRES`, so
/// there a missing PostgreSQL fails instead of passing unseen.
fn postgres_is_installed() -> bool {
    let here = Path::new("/usr/lib/postgresql").is_dir();
    if !here {
        assert!(
            std::env::var_os("CREDREPORT_REQUIRE_POSTGRES").is_none(),
            "PostgreSQL is not installed and CREDREPORT_REQUIRE_POSTGRES is set: `cargo xtask setup` installs Debian's postgresql"
        );
        eprintln!("skipped: PostgreSQL is not installed (`cargo xtask setup` installs Debian's postgresql); the translation was not compared with it");
    }
    here
}

#[test]
fn the_corpus_gives_the_rows_postgresql_gives() {
    if !postgres_is_installed() {
        return;
    }
    let reports = reports();
    let mut db = Database::new().unwrap();
    let inputs: Vec<Input<'_>> = reports
        .iter()
        .map(|(n, t)| Input::new(n, t.as_bytes()))
        .collect();
    db.load(&inputs, &LoadOptions::default()).unwrap();

    let pg = Cluster::start();
    pg.psql(&create_table(&mut db))
        .expect("the table loads into PostgreSQL");

    let corpus = corpus();
    assert!(
        corpus.len() >= 46,
        "the corpus has {} queries",
        corpus.len()
    );
    let mut failures = Vec::new();
    for (name, sql) in &corpus {
        let expected = match pg.psql(sql) {
            Ok(rows) => rows,
            Err(e) => {
                failures.push(format!("{name}: PostgreSQL refused it: {e}"));
                continue;
            }
        };
        let got = match ours(&mut db, sql) {
            Ok(rows) => rows,
            Err(e) => {
                failures.push(format!("{name}: credreport: {e}"));
                continue;
            }
        };
        let norm = |rows: &[Vec<String>]| -> Vec<Vec<String>> {
            rows.iter()
                .map(|r| r.iter().map(|c| normalize(c)).collect())
                .collect()
        };
        let (mut e, mut g) = (norm(&expected), norm(&got));
        if e.first() != g.first() {
            failures.push(format!(
                "{name}: columns differ: PostgreSQL {:?}, credreport {:?}",
                e.first(),
                g.first()
            ));
            continue;
        }
        if !sql.to_lowercase().contains("order by") {
            e[1..].sort();
            g[1..].sort();
        }
        if e != g {
            let first = e
                .iter()
                .zip(&g)
                .position(|(a, b)| a != b)
                .unwrap_or(e.len().min(g.len()));
            failures.push(format!(
                "{name}: {} rows from PostgreSQL, {} from credreport; first difference at row {first}: {:?} vs {:?}\nSQLite: {}",
                e.len() - 1,
                g.len() - 1,
                e.get(first),
                g.get(first),
                credreport_pg::translate(sql).map(|t| t.sql).unwrap_or_default()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} queries differ:\n\n{}",
        failures.len(),
        corpus.len(),
        failures.join("\n\n")
    );
}

/// `to_char` of a number: a grid of templates and values, each written by PostgreSQL as a
/// `numeric`, a `double precision` and (for whole values) a `bigint`, and by the core's
/// `NumberTemplate` for the same type. PostgreSQL's templates have quirks enough (a `0.` for
/// zero in fill mode but `.5` for a half, a `-` placed before the first digit written, a
/// double rounded half to even in binary) that each is checked here, not assumed.
#[test]
fn to_char_of_a_number_writes_what_postgresql_writes() {
    use credreport_core::number_format::{Number, NumberTemplate, Rounding};
    if !postgres_is_installed() {
        return;
    }
    let templates = [
        "999",
        "990.0",
        "FM990.0",
        "FM999.99",
        "9,999",
        "FM9,999.00",
        "000",
        "9.9",
        "FM9",
        ".99",
        "FM.99",
        "0.99",
        "9G999D9",
        "FM0.0",
        "99,999",
        "FM99,999",
        "9,9,9",
        "099.9",
        "FM099.90",
        "9.90",
        "FM9.90",
        "999.",
        "FM999.",
        "FM9.09",
        "9.09",
        "FM9.990",
        "0,000.00",
        "FM0,000.00",
        "9,999,999",
        "FM999,999,999",
        "00.0",
        "FM00.0",
        "9990.9999",
        "FM9990.9999",
        "99D99",
        "fm999.99",
        "9FM99",
        "90.90",
        "FM90.90",
        "0",
        "FM0",
        ".0",
        "9,990",
        "FM9,990.9",
    ];
    let values = [
        "0",
        "0.5",
        "-0.5",
        "-0.001",
        "0.05",
        "7",
        "-7",
        "12.345",
        "2.675",
        "99.95",
        "99.999",
        "1000",
        "-1000",
        "1234.5",
        "1234567",
        "0.125",
        "1.5",
        "2.5",
        "-2.5",
        "0.0001",
        "123456789",
        "9.95",
        "-9.95",
        "100",
        "10",
        "0.995",
        "999.5",
        "0.001",
        "-0.05",
        "5.55",
        "1e-7",
        "-3500",
    ];
    let quote = |t: &str| format!("'{t}'");
    let sql = format!(
        "select t, v, to_char(v::numeric, t), to_char(v::float8, t), case when v::numeric = trunc(v::numeric) then to_char(v::numeric::bigint, t) end from (values {}) a(v), (values {}) b(t);",
        values.map(|v| format!("({})", quote(v))).join(", "),
        templates.map(|t| format!("({})", quote(t))).join(", "),
    );
    let pg = Cluster::start();
    let rows = pg.psql(&sql).expect("PostgreSQL writes the grid");
    let mut differences = Vec::new();
    for row in &rows[1..] {
        let [t, v, numeric, double, integer] = &row[..] else {
            panic!("a row of five: {row:?}")
        };
        let template = NumberTemplate::parse(t).unwrap_or_else(|e| panic!("{t}: {e}"));
        let x: f64 = v.parse().unwrap();
        let mut ours = vec![
            (numeric, template.write(Number::Real(x), Rounding::Numeric)),
            (double, template.write(Number::Real(x), Rounding::Double)),
        ];
        if !integer.is_empty() {
            ours.push((
                integer,
                template.write(Number::Integer(x as i64), Rounding::Integer),
            ));
        }
        for (theirs, ours) in ours {
            match ours {
                Ok(ours) if &ours == theirs => {}
                ours => differences.push(format!("to_char({v}, '{t}'): {theirs:?} vs {ours:?}")),
            }
        }
    }
    assert!(rows.len() > 1000, "{} rows", rows.len());
    assert!(
        differences.is_empty(),
        "{} of {} differ:\n{}",
        differences.len(),
        rows.len() * 3,
        differences.join("\n")
    );
}

/// `s` as PostgreSQL text sent as its UTF-8 bytes in hexadecimal, so that line breaks and quotes
/// arrive as they are, with the database's collation: `convert_from()` takes its own from its
/// `name` argument's, "C", which would match as the C locale does.
fn utf8_text(s: &str) -> String {
    let h: String = s.bytes().map(|b| format!("{b:02x}")).collect();
    format!("(convert_from(decode('{h}', 'hex'), 'UTF8') collate \"default\")")
}

/// Regular expressions: a grid of patterns and texts, each matched by PostgreSQL with `~` and
/// `~*` and by the core's `Regex` with and without `Flags::ignore_case`. Each pattern must be one
/// both read (PostgreSQL stops the grid at one it refuses); each text and pattern goes to
/// PostgreSQL as UTF-8 bytes in hexadecimal, so line breaks and quotes arrive as they are.
#[test]
fn regular_expressions_match_what_postgresql_matches() {
    use credreport_core::regex::{char_start, Flags, Regex, Replacement, Which};
    if !postgres_is_installed() {
        return;
    }
    let patterns = [
        "adm",
        "^adm",
        "^a.*n$",
        "a|b",
        "^(ab|cd)+$",
        "^a{2,3}$",
        "^a{2,}$",
        "a{0}",
        "^[a-c]+\\d\\d$",
        "^[^@]+@corp\\.example$",
        "^\\w+$",
        "\\W",
        "\\d",
        "\\D",
        "\\s",
        "\\S",
        "^[[:upper:]][[:lower:]]+$",
        "[[:alpha:]]",
        "[[:alnum:]]+$",
        "[[:space:]]",
        "[[:xdigit:]]{2}",
        "[[:upper:]]",
        "[[:lower:]]",
        "a.b",
        "a[^x]b",
        "a$",
        "^b",
        "",
        "()*x",
        "^[]a]+$",
        "[a-]",
        "[-a]",
        "x*?y",
        "a]",
        "a}",
        "\\.",
        "a\\{b",
        "é",
        "^É",
        "ß",
        "[à-ÿ]",
        "(?:ab)+",
        "\\Aab",
        "ab\\Z",
        "[\\d.]+$",
        "[\\w-]+@",
        "\\n",
        "\\t",
        "a+?b",
        "(a|ab)(c|bcd)(d*)",
        "^(a?){3}a{3}$",
        "[A-Z]",
        "[^A-Z]",
        "^.{3}$",
        "\\.com$",
        "^<root>$",
        "x{1,1}",
        "(^a|b$)",
        "^[a-z]+\\.[a-z]+@\\d{16}\\.onaliyun\\.com$",
        "[^[:alnum:]]",
        "ǅ",
        "\\|",
        "(a|)+$",
        "a.*?b",
        "a+?",
        "(ab|a)(c|bcd)?",
        "x*",
        "[ab]{2}?",
        "a{2}?",
        "(a|b)*?c",
        ".*?",
        "b+",
        "a?b?",
        "(a{1,2}){1}?",
        "(?:x|y)*?a",
        "\\d+?\\.",
        "[^a]*",
    ];
    let texts = [
        "admin",
        "sys-admin",
        "ADMIN",
        "ab",
        "abcdab",
        "abcda",
        "aaa",
        "aaaa",
        "cab42",
        "ann@corp.example",
        "zoë_1",
        "zoë-1",
        "Ünal",
        "a\nb",
        "a b",
        "a\u{a0}b",
        "a\u{2003}b",
        "École",
        "STRASSE",
        "straße",
        "",
        "xxy",
        "]a]",
        "-a",
        "a}",
        "a{b",
        "alice.sample@1234567890123456.onaliyun.com",
        "<root>",
        "Tab\there",
        "ÿ",
        "ǆ",
        "Ǆ",
        "a|b",
        "12.5",
        "x",
    ];
    let sql = format!(
        "select p, t, t ~ p, t ~* p, regexp_replace(t, p, '<\\&>', 'g'), regexp_replace(t, p, '<\\&>', 'gi'), regexp_replace(t, p, '[\\&]'), regexp_count(t, p), regexp_count(t, p, 3), regexp_substr(t, p), regexp_substr(t, p, 1, 2, 'i'), regexp_instr(t, p), regexp_instr(t, p, 2, 1, 1, 'i'), coalesce((regexp_split_to_array(t, p))[1], 'none'), coalesce((regexp_split_to_array(t, p, 'i'))[2], 'none'), array_length(regexp_split_to_array(t, p), 1) from (values {}) a(p), (values {}) b(t) order by 1, 2;",
        patterns.map(|p| format!("({})", utf8_text(p))).join(", "),
        texts.map(|t| format!("({})", utf8_text(t))).join(", "),
    );
    let pg = Cluster::start();
    let rows = pg.psql(&sql).expect("PostgreSQL matches the grid");
    let mut differences = Vec::new();
    let never = &mut || false;
    let case = Flags::default();
    let nocase = Flags {
        ignore_case: true,
        ..Flags::default()
    };
    let every = |flags: Flags| Flags {
        global: true,
        ..flags
    };
    let marked = Replacement::parse("<\\&>");
    let bracketed = Replacement::parse("[\\&]");
    for row in &rows[1..] {
        let [p, t, theirs @ ..] = &row[..] else {
            panic!("a row of sixteen: {row:?}")
        };
        let regex = Regex::new(p).unwrap_or_else(|e| panic!("{p}: {e}"));
        let limit = usize::MAX;
        let all = |from: i64, flags: Flags, stop: &mut dyn FnMut() -> bool| {
            char_start(t, from)
                .map(|at| regex.find_all(t, at, flags, stop).unwrap())
                .unwrap_or_default()
        };
        let substr = |found: Vec<(usize, usize)>, n: usize| {
            found
                .get(n)
                .map_or(String::new(), |&(a, b)| t[a..b].to_owned())
        };
        let instr = |m: Option<&(usize, usize)>, end: bool| {
            m.map_or(0, |&(a, b)| {
                t[..if end { b } else { a }].chars().count() + 1
            })
            .to_string()
        };
        let bool_text = |b: bool| if b { "t" } else { "f" }.to_owned();
        let split = |flags: Flags, n: usize| {
            let parts = regex.split(t, flags, &mut || false).unwrap();
            parts
                .get(n)
                .map_or("none".to_owned(), |&(a, b)| t[a..b].to_owned())
        };
        let ours = [
            bool_text(regex.is_match(t, case, never).unwrap()),
            bool_text(regex.is_match(t, nocase, never).unwrap()),
            regex
                .replace(t, &marked, Which::default(), every(case), limit, never)
                .unwrap(),
            regex
                .replace(t, &marked, Which::default(), every(nocase), limit, never)
                .unwrap(),
            regex
                .replace(t, &bracketed, Which::default(), case, limit, never)
                .unwrap(),
            all(1, case, never).len().to_string(),
            all(3, case, never).len().to_string(),
            substr(all(1, case, never), 0),
            substr(all(1, nocase, never), 1),
            instr(all(1, case, never).first(), false),
            instr(all(2, nocase, never).first(), true),
            split(case, 0),
            split(nocase, 1),
            regex.split(t, case, never).unwrap().len().to_string(),
        ];
        let what = [
            "~",
            "~*",
            "regexp_replace(…, 'g')",
            "regexp_replace(…, 'gi')",
            "regexp_replace(first)",
            "regexp_count",
            "regexp_count(…, 3)",
            "regexp_substr",
            "regexp_substr(…, 1, 2, 'i')",
            "regexp_instr",
            "regexp_instr(…, 2, 1, 1, 'i')",
            "(regexp_split_to_array)[1]",
            "(regexp_split_to_array(…, 'i'))[2]",
            "array_length(regexp_split_to_array)",
        ];
        for ((theirs, ours), what) in theirs.iter().zip(&ours).zip(what) {
            if theirs != ours {
                differences.push(format!(
                    "{what} of {t:?} and {p:?}: PostgreSQL {theirs:?}, credreport {ours:?}"
                ));
            }
        }
    }
    assert!(rows.len() > 2000, "{} rows", rows.len());
    assert!(
        differences.is_empty(),
        "{} of {} differ:\n{}",
        differences.len(),
        (rows.len() - 1) * 14,
        differences.join("\n")
    );
}

/// Parts in parentheses: a grid of patterns with groups and texts. For each pair PostgreSQL's
/// `regexp_match()` (which part matched what, NULL for a part that took none), with and without
/// case, its `regexp_replace()` of every match by `\1`, `\2` and `\3`, and `substring(… from
/// …)`, against the core's `Regex::groups_of` and `Regex::replace`.
#[test]
fn groups_divide_a_match_as_postgresql_divides_it() {
    if !postgres_is_installed() {
        return;
    }
    let patterns = [
        "(.*)(\\d+)(.*)",
        "(.*?)(\\d+)(.*)",
        "(?:(.*?)(\\d+)(.*)){1,1}",
        "(a|ab)(c|bcd)(d*)",
        "((a)|b)*d",
        "(a|ab)*",
        "(a*)*",
        "(a*)+",
        "(a+|b)*",
        "(a+|b)+",
        "(a+|b)*?c",
        "(a+?|b)*",
        "^(\\w+)@(.*)$",
        "^([^.@]+)\\.([^@]+)@",
        "(\\d+)",
        "(a)|(b)",
        "(a)|b",
        "((a)(b))",
        "((ab))",
        "(a?)(a?)(a?)",
        "(a*?)(a*)",
        "(a*)(a*?)",
        "x(a*)?y",
        "(a){2}",
        "(a|b){2,3}",
        "(a|b){0,2}c",
        "(.)\\w*?(.)$",
        "^(?:(a)|b)+$",
        "(a{1,2}?)(a*)",
        "(ab|a)(bc|c)",
        "([[:upper:]])([[:lower:]]*)",
        "(é)(.)",
        "()",
        "(^a)",
        "(a$)",
        "(a)?(b)?c",
        "(\\.com)$",
        "(a|ab)(bc)?",
        "(.*)-(.*)",
        "(.*?)-(.*?)$",
        "(?:(a)|(b))+",
        "a*?(b*)(c)",
        "(a*?)b*(c)",
        "(a+)(b+)?",
        "(a|b)*?(b)",
        "([ab]*?)(b)?",
        "(?:a(b)?)+",
        "(a(b)?)+",
        "(.)(.)?(.)?",
        "(x)*",
        "(a|)+",
        "(\\w+)\\.(\\w+)",
        "([a-z]+)([0-9]*)",
        "(a*)(b|abc)(c*)",
        "(a.*z|b.*y)",
        "(a.*?z|b.*y)",
        "(ab)c|abd",
        "x(a*?)*?y",
        "(a*?)*?",
        "(a|b)*?$",
        "((a)|b)*?d",
        "(a+?|b)+?",
    ];
    let texts = [
        "abcd",
        "abc01234xyz",
        "xabcabd",
        "abab",
        "aaa",
        "aab",
        "admin@corp.example",
        "ann.lee@1234567890123456.onaliyun.com",
        "bac",
        "xaay",
        "xy",
        "",
        "a-b-c",
        "École",
        "AbCd",
        "b",
        "c",
        "bbbc",
        "abz ay",
        "x.com",
    ];
    let patterns: Vec<String> = patterns.map(str::to_owned).to_vec();
    let texts: Vec<String> = texts.map(str::to_owned).to_vec();
    let (answers, differences) = divided_as_postgresql_divides(&patterns, &texts);
    assert!(answers > 4000, "{answers} answers");
    assert!(
        differences.is_empty(),
        "{} of {answers} differ:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

/// Patterns made at random (seeded, so every run makes the same): up to three parts in
/// parentheses, nested up to three deep, among `a`, `b`, `c`, `.` and `[ab]`, with every kind
/// of count, greedy and lazy, branches and anchors, against texts of `a`s and `b`s. What no one
/// would write by hand is where a division's rules meet.
#[test]
fn random_patterns_divide_as_postgresql_divides_them() {
    if !postgres_is_installed() {
        return;
    }
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| {
        // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    };
    const COUNTS: [&str; 16] = [
        "", "", "", "*", "+", "?", "*?", "+?", "??", "{1,2}", "{2}", "{0,2}?", "{1,}", "{2,}?",
        "{0,3}", "{1}?",
    ];
    const ATOMS: [&str; 7] = ["a", "b", "a", "b", ".", "[ab]", "c"];
    fn pattern(next: &mut dyn FnMut(usize) -> usize, depth: usize, groups: &mut usize) -> String {
        let branch = |next: &mut dyn FnMut(usize) -> usize, groups: &mut usize| {
            let mut out = String::new();
            for _ in 0..=next(3) {
                if depth < 3 && next(10) < 4 {
                    let inner = pattern(next, depth + 1, groups);
                    if *groups < 3 && next(10) < 7 {
                        *groups += 1;
                        out += &format!("({inner})");
                    } else {
                        out += &format!("(?:{inner})");
                    }
                } else {
                    out += ATOMS[next(ATOMS.len())];
                }
                out += COUNTS[next(COUNTS.len())];
            }
            out
        };
        let first = branch(next, groups);
        if next(4) == 0 {
            format!("{first}|{}", branch(next, groups))
        } else {
            first
        }
    }
    let mut patterns = std::collections::BTreeSet::new();
    while patterns.len() < 400 {
        let mut groups = 0;
        let mut p = pattern(&mut next, 0, &mut groups);
        if groups == 0 {
            continue;
        }
        if next(5) == 0 {
            p = format!("^{p}");
        }
        if next(5) == 0 {
            p += "$";
        }
        patterns.insert(p);
    }
    let mut texts = std::collections::BTreeSet::from([String::new()]);
    while texts.len() < 16 {
        let mut t: String = (0..=next(11))
            .map(|_| if next(2) == 0 { 'a' } else { 'b' })
            .collect();
        if next(3) == 0 {
            t.push('c');
        }
        texts.insert(t);
    }
    let patterns: Vec<String> = patterns.into_iter().collect();
    let texts: Vec<String> = texts.into_iter().collect();
    let (answers, differences) = divided_as_postgresql_divides(&patterns, &texts);
    assert!(answers > 20_000, "{answers} answers");
    assert!(
        differences.is_empty(),
        "{} of {answers} differ:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

/// For each pattern and text, PostgreSQL's `regexp_match()` with and without case, its
/// `regexp_replace()` of every match by `<\1|\2|\3>` and `substring(… from …)`, against the
/// core's: how many answers were compared, and each that differs.
fn divided_as_postgresql_divides(patterns: &[String], texts: &[String]) -> (usize, Vec<String>) {
    use credreport_core::regex::{Flags, Regex, Replacement, Which};
    let sql = format!(
        "select p, t, coalesce(regexp_match(t, p)::text, 'none'), coalesce(regexp_match(t, p, 'i')::text, 'none'), regexp_replace(t, p, '<\\1|\\2|\\3>', 'g'), coalesce(substring(t from p), 'none') from (values {}) a(p), (values {}) b(t) order by 1, 2;",
        patterns.iter().map(|p| format!("({})", utf8_text(p))).collect::<Vec<_>>().join(", "),
        texts.iter().map(|t| format!("({})", utf8_text(t))).collect::<Vec<_>>().join(", "),
    );
    let pg = Cluster::start();
    let rows = pg.psql(&sql).expect("PostgreSQL divides the grid");
    let nocase = Flags {
        ignore_case: true,
        ..Flags::default()
    };
    let every = Flags {
        global: true,
        ..Flags::default()
    };
    let three = Replacement::parse("<\\1|\\2|\\3>");
    // An array as PostgreSQL writes one: NULL bare, a value quoted when it is empty, holds a
    // brace, comma, quote, backslash or space, or reads NULL.
    let element = |v: Option<&str>| match v {
        None => "NULL".to_owned(),
        Some(v)
            if v.is_empty()
                || v.eq_ignore_ascii_case("null")
                || v.contains(|c: char| "{},\"\\ \t\n\r\u{b}\u{c}".contains(c)) =>
        {
            format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
        }
        Some(v) => v.to_owned(),
    };
    let mut differences = Vec::new();
    for row in &rows[1..] {
        let [p, t, theirs @ ..] = &row[..] else {
            panic!("a row of six: {row:?}")
        };
        let regex = Regex::new(p).unwrap_or_else(|e| panic!("{p}: {e}"));
        let matched = |flags: Flags| {
            let Some(span) = regex.find(t, 0, flags, &mut || false).unwrap() else {
                return "none".to_owned();
            };
            let groups = regex.groups_of(t, span, flags, &mut || false).unwrap();
            let values: Vec<String> = if groups.is_empty() {
                vec![element(Some(&t[span.0..span.1]))]
            } else {
                groups
                    .iter()
                    .map(|g| element(g.map(|(a, b)| &t[a..b])))
                    .collect()
            };
            format!("{{{}}}", values.join(","))
        };
        let substring = match regex.find(t, 0, Flags::default(), &mut || false).unwrap() {
            None => "none".to_owned(),
            Some(span) if regex.groups() == 0 => t[span.0..span.1].to_owned(),
            Some(span) => match regex
                .groups_of(t, span, Flags::default(), &mut || false)
                .unwrap()[0]
            {
                Some((a, b)) => t[a..b].to_owned(),
                None => "none".to_owned(),
            },
        };
        let ours = [
            matched(Flags::default()),
            matched(nocase),
            regex
                .replace(t, &three, Which::default(), every, usize::MAX, &mut || {
                    false
                })
                .unwrap(),
            substring,
        ];
        let what = [
            "regexp_match",
            "regexp_match(…, 'i')",
            "regexp_replace(…, '<\\1|\\2|\\3>', 'g')",
            "substring",
        ];
        for ((theirs, ours), what) in theirs.iter().zip(&ours).zip(what) {
            if theirs != ours {
                differences.push(format!(
                    "{what} of {t:?} and {p:?}: PostgreSQL {theirs:?}, credreport {ours:?}"
                ));
            }
        }
    }
    ((rows.len() - 1) * 4, differences)
}

/// Each zone named in `names` shifted at each time `times` (an SQL query of one column `t` of
/// timestamps with time zone) both ways — a UTC time as the zone's, and the zone's time as
/// UTC's — by PostgreSQL's time zone database and by the core's `at_zone`: how many shifts
/// PostgreSQL gave, how many the core gave (it refuses a time before a zone's rule), and each
/// that differs.
fn shifted_as_postgresql_shifts(names: &[&str], times: &str) -> (usize, usize, Vec<String>) {
    use credreport_core::functions::{at_zone, zone, Moment};
    let names: Vec<String> = names.iter().map(|z| format!("'{z}'")).collect();
    let sql = format!(
        "select z, to_char(t, 'YYYY-MM-DD HH24:MI:SS'), to_char(t at time zone z, 'YYYY-MM-DD HH24:MI:SS'), to_char((t::timestamp) at time zone z, 'YYYY-MM-DD HH24:MI:SS') \
         from unnest(array[{}]) z, ({times}) times;",
        names.join(", ")
    );
    let pg = Cluster::start();
    let rows = pg.psql(&sql).expect("PostgreSQL shifts the times");
    let mut differences = Vec::new();
    let mut compared = 0;
    for row in &rows[1..] {
        let [z, t, local, utc] = &row[..] else {
            panic!("a row of four: {row:?}")
        };
        let known = zone(z).expect("a zone credreport lists");
        let at = Moment::parse(t).expect("a time");
        for (to_utc, theirs) in [(false, local), (true, utc)] {
            // Before the zone's rule it is refused, by design: nothing to compare.
            if let Ok(ours) = at_zone(at, known, to_utc) {
                compared += 1;
                if &ours != theirs {
                    differences.push(format!(
                        "{t} {z} {}: PostgreSQL {theirs}, credreport {ours}",
                        if to_utc { "to UTC" } else { "to local" }
                    ));
                }
            }
        }
    }
    ((rows.len() - 1) * 2, compared, differences)
}

/// Zones without summer time: every zone credreport knows with one offset, at a time in each
/// month (and the first and last half hour of the year) from 2000 to 2031, both ways, against
/// PostgreSQL's time zone database: a zone that had summer time, or moved, in those years would
/// differ in some month.
#[test]
fn zones_without_summer_time_shift_as_postgresql_shifts_them() {
    use credreport_core::functions::ZONES;
    if !postgres_is_installed() {
        return;
    }
    let names: Vec<&str> = ZONES.iter().map(|(z, _)| *z).collect();
    let (shifts, compared, differences) = shifted_as_postgresql_shifts(
        &names,
        "select generate_series('2000-01-15 12:00+00'::timestamptz, '2031-12-15 12:00+00', interval '1 month') t \
         union all select generate_series('2000-01-01 00:00+00'::timestamptz, '2031-01-01 00:00+00', interval '1 year') \
         union all select generate_series('2000-12-31 23:30+00'::timestamptz, '2031-12-31 23:30+00', interval '1 year')",
    );
    // Every time is from 2000 on: none refused.
    assert_eq!(compared, shifts);
    assert!(shifts > ZONES.len() * 800, "{shifts} shifts");
    assert!(
        differences.is_empty(),
        "{} of {shifts} differ:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

/// Zones with one offset since a year after 2000, at the same times as those above: each time
/// from the zone's first year on is shifted as PostgreSQL shifts it, and each before is
/// refused (then the zone had summer time or another offset).
#[test]
fn zones_that_changed_after_2000_shift_as_postgresql_shifts_them_since() {
    use credreport_core::functions::{at_zone, zone, Moment, LATER_ZONES};
    if !postgres_is_installed() {
        return;
    }
    let names: Vec<&str> = LATER_ZONES.iter().map(|(z, ..)| *z).collect();
    let times = "select generate_series('2000-01-15 12:00+00'::timestamptz, '2031-12-15 12:00+00', interval '1 month') t \
         union all select generate_series('2000-01-01 00:00+00'::timestamptz, '2031-01-01 00:00+00', interval '1 year') \
         union all select generate_series('2000-12-31 23:30+00'::timestamptz, '2031-12-31 23:30+00', interval '1 year')";
    let (shifts, compared, differences) = shifted_as_postgresql_shifts(&names, times);
    // Each zone from its first year to 2031: 14 times a year, both ways.
    let expected: i64 = LATER_ZONES
        .iter()
        .map(|(.., since)| (2032 - since) * 14 * 2)
        .sum();
    assert!(
        (compared as i64 - expected).abs() <= 2 * LATER_ZONES.len() as i64,
        "{compared} compared, {expected} expected of {shifts}"
    );
    assert!(
        differences.is_empty(),
        "{} of {compared} differ:\n{}",
        differences.len(),
        differences.join("\n")
    );
    // A time before the zone's first year is refused, by its name and year.
    let mexico = zone("america/mexico_city").unwrap();
    let before = Moment::parse("2022-06-01 12:00:00").unwrap();
    let e = at_zone(before, mexico, false).unwrap_err();
    assert!(
        e.contains("America/Mexico_City's offset from UTC from 2023 on, not in 2022"),
        "{e}"
    );
}

/// Zones with summer time: every zone credreport knows one for, at each half hour of the
/// weekends of the months summer time starts or ends in, over years from each rule's first to
/// 2031, both ways (a UTC time as the zone's, and the zone's time as UTC's, the hour summer time
/// skips or repeats included), against PostgreSQL's time zone database.
#[test]
fn zones_with_summer_time_shift_as_postgresql_shifts_them() {
    use credreport_core::functions::SUMMER_ZONES;
    if !postgres_is_installed() {
        return;
    }
    let names: Vec<&str> = SUMMER_ZONES.iter().map(|(z, ..)| *z).collect();
    let (_, compared, differences) = shifted_as_postgresql_shifts(
        &names,
        "select t from generate_series('2000-01-01 00:00+00'::timestamptz, '2031-12-31 23:30+00', interval '30 minutes') t \
         where extract(month from t) in (3, 4, 10, 11) and extract(dow from t) in (0, 6) \
         and extract(year from t) in (2000, 2001, 2006, 2007, 2008, 2009, 2012, 2016, 2020, 2023, 2024, 2025, 2026, 2030, 2031)",
    );
    assert!(compared > 100_000, "{compared} compared");
    assert!(
        differences.is_empty(),
        "{} of {compared} differ:\n{}",
        differences.len(),
        differences
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
