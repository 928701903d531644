//! PostgreSQL, as Steampipe users write it against `alicloud_ram_credential_report`, translated into
//! the SQLite credreport runs.
//!
//! The query is parsed with `sqlparser` (PostgreSQL dialect) and its tree rewritten: each expression
//! is given a type (boolean, number, text, date, timestamp, interval) from the table's schema, and
//! what SQLite spells differently is replaced — `current_date`, `now()`, intervals and date
//! arithmetic, `age()`, `extract`, `date_trunc`, casts, `ilike`, `string_agg`, `bool_and`…
//! What is not known to mean the same in both is refused with the construct's name and, where there
//! is one, the SQLite way to write it. Never by regular expressions on the text.
//!
//! Representation: timestamps are SQLite text `YYYY-MM-DD HH:MM:SS` in UTC, booleans 0/1 (SPEC §3).
//! An interval is never a SQLite value: it is carried as three SQL expressions (months, days,
//! seconds) and becomes PostgreSQL's text (`1 year 2 mons 3 days 04:05:06`) where it is shown, a
//! number where it is compared or sorted (PostgreSQL's order: a month is 30 days), and date
//! modifiers where it is added.

mod interval;
mod rewrite;

pub use rewrite::Translation;

/// Why a PostgreSQL query was not translated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TranslateError {
    #[error("PostgreSQL syntax error: {message}")]
    Syntax { message: String },
    #[error("only one SELECT query can be run (got {0})")]
    NotOneQuery(String),
    #[error("{construct} is not supported in PostgreSQL queries{}", hint.as_ref().map(|h| format!("; {h}")).unwrap_or_default())]
    Unsupported {
        construct: String,
        hint: Option<String>,
    },
}

impl TranslateError {
    pub(crate) fn unsupported(construct: impl Into<String>, hint: Option<&str>) -> Self {
        TranslateError::Unsupported {
            construct: construct.into(),
            hint: hint.map(str::to_owned),
        }
    }
}

/// Translate one PostgreSQL query into SQLite.
pub fn translate(sql: &str) -> Result<Translation, TranslateError> {
    rewrite::translate(sql)
}

pub use credreport_core::Dialect;

/// The SQLite to run for `sql` in `dialect`; `None` as the dialect detects it: a query is taken as
/// PostgreSQL when it translates and the translation differs in meaning from running it as
/// written (it uses `interval`, `::`, `age()`, `now()`…); anything else runs as SQLite, as written
/// — unless it names what only PostgreSQL has and the translator refused it: then the refusal.
pub fn to_sqlite(sql: &str, dialect: Option<Dialect>) -> Result<(Dialect, String), TranslateError> {
    match dialect {
        Some(Dialect::Sqlite) => Ok((Dialect::Sqlite, sql.to_owned())),
        Some(Dialect::Postgres) => translate(sql).map(|t| (Dialect::Postgres, t.sql)),
        None => match translate(sql) {
            Ok(t) if t.rewritten => Ok((Dialect::Postgres, t.sql)),
            // A query that names what only PostgreSQL has is PostgreSQL: say why it was refused,
            // rather than let SQLite say "no such function: age".
            Err(e) if credreport_core::DialectChoice::Auto.needs_translator(sql) => Err(e),
            _ => Ok((Dialect::Sqlite, sql.to_owned())),
        },
    }
}
