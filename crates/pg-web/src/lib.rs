//! The PostgreSQL translation for the page, as its own WebAssembly module: `cargo xtask build-web`
//! builds it into `dist/credreport-pg-HASH.js` + `credreport-pg-HASH_bg.wasm` (named in the page
//! by its content's hash), and the page imports it the first time a query may be PostgreSQL, so
//! the first load does not carry `sqlparser`.

use credreport_core::{DialectChoice, TranslatorAnswer};
use wasm_bindgen::prelude::*;

/// Translate `sql` for `dialect` (`auto`, `sqlite` or `postgres`). Answers a
/// [`TranslatorAnswer`] as JSON, which the page reads back as the same type.
#[wasm_bindgen]
pub fn translate(sql: &str, dialect: &str) -> String {
    serde_json::to_string(&answer(sql, dialect)).unwrap_or_default()
}

pub fn answer(sql: &str, dialect: &str) -> TranslatorAnswer {
    let choice = DialectChoice::parse(dialect).unwrap_or_default();
    match credreport_pg::to_sqlite(sql, choice.fixed()) {
        Ok((dialect, sql)) => TranslatorAnswer::Translated { dialect, sql },
        Err(e) => TranslatorAnswer::Refused {
            error: e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use credreport_core::Dialect;

    #[test]
    fn answers_are_the_type_the_page_reads() {
        let read = |sql: &str, dialect: &str| -> TranslatorAnswer {
            serde_json::from_str(&translate(sql, dialect)).unwrap()
        };
        assert_eq!(
            read("select now()", "auto"),
            TranslatorAnswer::Translated {
                dialect: Dialect::Postgres,
                sql: "SELECT datetime('now') AS \"now\"".into()
            }
        );
        assert!(matches!(
            read("select to_char(now(), 'YYYY TZ')", "postgres"),
            TranslatorAnswer::Refused { error } if error.contains("to_char()")
        ));
        assert_eq!(
            read("select 1", "sqlite"),
            TranslatorAnswer::Translated {
                dialect: Dialect::Sqlite,
                sql: "select 1".into()
            }
        );
    }
}
