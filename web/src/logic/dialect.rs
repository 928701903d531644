//! Which SQL dialect a query is run as in the page. SQLite runs as written; PostgreSQL goes through
//! the translator, a second module (`credreport-pg.js`) the page loads the first time it is needed.

use serde_json::Value;

/// The editor's dialect switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Choice {
    /// SQLite, unless the query uses what only PostgreSQL has (the translator decides).
    #[default]
    Auto,
    Sqlite,
    Postgres,
}

impl Choice {
    pub fn as_str(self) -> &'static str {
        match self {
            Choice::Auto => "auto",
            Choice::Sqlite => "sqlite",
            Choice::Postgres => "postgres",
        }
    }

    pub fn parse(s: &str) -> Choice {
        match s {
            "sqlite" => Choice::Sqlite,
            "postgres" => Choice::Postgres,
            _ => Choice::Auto,
        }
    }

    /// Whether running `sql` needs the translator. In `Auto`, only when the query names something
    /// only PostgreSQL has, so a SQLite session never downloads the translator. (A query whose only
    /// PostgreSQL is timestamp − timestamp needs the switch set to PostgreSQL.)
    pub fn needs_translator(self, sql: &str) -> bool {
        match self {
            Choice::Sqlite => false,
            Choice::Postgres => true,
            Choice::Auto => {
                let s = sql.to_ascii_lowercase();
                // `~` (regular expressions): SQLite has no such binary operator and would only say
                // "syntax error"; the translator names what it refuses.
                const MARKERS: [&str; 18] = [
                    "::",
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
                    "date '",
                    "_timestamp(",
                ];
                MARKERS.iter().any(|m| s.contains(m))
            }
        }
    }
}

/// What the translator answered: the SQLite to run, and whether it was PostgreSQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    pub sql: String,
    pub postgres: bool,
}

/// Read the translator module's JSON answer (`{"dialect", "sql"}` or `{"error"}`).
pub fn read_answer(json: &str) -> Result<Translated, String> {
    let v: Value =
        serde_json::from_str(json).map_err(|e| format!("the translator answered {json:?}: {e}"))?;
    if let Some(e) = v["error"].as_str() {
        return Err(e.to_owned());
    }
    match (v["dialect"].as_str(), v["sql"].as_str()) {
        (Some(d), Some(sql)) => Ok(Translated {
            sql: sql.to_owned(),
            postgres: d == "postgres",
        }),
        _ => Err(format!("the translator answered {json:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_translator_is_loaded_only_for_what_may_be_postgresql() {
        for c in credreport_core::CANNED {
            assert!(!Choice::Auto.needs_translator(c.sql), "{}", c.name);
        }
        for (name, sql) in credreport_core::CANNED_POSTGRES {
            // Those without markers mean the same in both and run as SQLite.
            let same = ["console-never-logged-in", "console-without-mfa", "root-mfa"];
            assert_eq!(
                Choice::Auto.needs_translator(sql),
                !same.contains(name),
                "{name}"
            );
        }
        // Regression (#13): in Auto, `~` ran as SQLite and said only "syntax error".
        assert!(Choice::Auto.needs_translator("select user_name from t where user_name ~ '^a'"));
        assert!(Choice::Postgres.needs_translator("select 1"));
        assert!(!Choice::Sqlite.needs_translator("select now()"));
        assert_eq!(Choice::parse(Choice::Postgres.as_str()), Choice::Postgres);
        assert_eq!(Choice::parse("anything"), Choice::Auto);
    }

    #[test]
    fn answers_are_read_or_refused() {
        assert_eq!(
            read_answer(r#"{"dialect":"postgres","sql":"SELECT 1"}"#),
            Ok(Translated {
                sql: "SELECT 1".into(),
                postgres: true
            })
        );
        assert_eq!(
            read_answer(r#"{"error":"to_char() is not supported"}"#),
            Err("to_char() is not supported".into())
        );
        assert!(read_answer("nonsense").is_err());
    }
}
