//! The PostgreSQL translation for the page, as its own WebAssembly module: `cargo xtask build-web`
//! builds it into `dist/credreport-pg.js` + `credreport-pg_bg.wasm`, and the page imports it the
//! first time a query may be PostgreSQL, so the first load does not carry `sqlparser`.

use serde_json::json;
use wasm_bindgen::prelude::*;

/// Translate `sql` for `dialect` (`auto`, `sqlite` or `postgres`). Answers JSON:
/// `{"dialect": "sqlite"|"postgres", "sql": …}` or `{"error": …}`.
#[wasm_bindgen]
pub fn translate(sql: &str, dialect: &str) -> String {
    answer(sql, dialect).to_string()
}

pub fn answer(sql: &str, dialect: &str) -> serde_json::Value {
    use credreport_pg::Dialect;
    let dialect = match dialect {
        "sqlite" => Some(Dialect::Sqlite),
        "postgres" => Some(Dialect::Postgres),
        _ => None,
    };
    match credreport_pg::to_sqlite(sql, dialect) {
        Ok((d, sql)) => json!({
            "dialect": if d == Dialect::Postgres { "postgres" } else { "sqlite" },
            "sql": sql,
        }),
        Err(e) => json!({ "error": e.to_string() }),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn answers_are_json_the_page_reads() {
        let a = super::answer("select now()", "auto");
        assert_eq!(a["dialect"], "postgres");
        assert_eq!(a["sql"], "SELECT datetime('now') AS \"now\"");
        let a = super::answer("select to_char(now(), 'YYYY')", "postgres");
        assert!(a["error"].as_str().unwrap().contains("to_char()"));
        let a = super::answer("select 1", "sqlite");
        assert_eq!(
            (a["dialect"].as_str(), a["sql"].as_str()),
            (Some("sqlite"), Some("select 1"))
        );
    }
}
