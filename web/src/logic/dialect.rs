//! Translate or run: SQLite runs as written; what may be PostgreSQL goes through the translator,
//! a second module (`credreport-pg-HASH.js`) the page loads the first time it is needed. The choice
//! and the markers that decide "may be PostgreSQL" are the core's ([`DialectChoice`]).

use credreport_core::{Dialect, TranslatorAnswer};

pub use credreport_core::DialectChoice;

/// What to run once the translator has answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Run the query as written: it was SQLite after all.
    AsWritten,
    /// Run this translation of the PostgreSQL query (and show it).
    Translated(String),
    /// Run nothing: why.
    Refused(String),
}

/// Read the translator's answer (its JSON, or why it could not be asked).
pub fn after_translation(answer: Result<String, String>) -> Next {
    let read = answer.and_then(|json| {
        serde_json::from_slice::<TranslatorAnswer>(json.as_bytes())
            .map_err(|e| format!("the translator answered {json:?}: {e}"))
    });
    match read {
        Ok(TranslatorAnswer::Translated {
            dialect: Dialect::Postgres,
            sql,
        }) => Next::Translated(sql),
        Ok(TranslatorAnswer::Translated { .. }) => Next::AsWritten,
        Ok(TranslatorAnswer::Refused { error }) | Err(error) => {
            Next::Refused(format!("{error}. Nothing was run."))
        }
    }
}

/// Why a PostgreSQL query cannot be translated when the translator's module did not arrive
/// (`error`, the browser's words), and what to do: it comes over the network the first time,
/// so a page offline before any PostgreSQL query ran has none.
pub fn translator_not_loaded(error: &str) -> String {
    format!(
        "the PostgreSQL translator could not be downloaded ({error}): it is downloaded the first \
         time a PostgreSQL query runs, and kept for use offline after that. Connect to the \
         network and run the query again, or write it in SQLite"
    )
}

/// Why a PostgreSQL query cannot be translated when the server no longer has the translator of
/// the page's version (`error`, the browser's words): the site was given a new version since the
/// page opened, and the page runs its own version's translator or none.
pub fn translator_gone(error: &str) -> String {
    format!(
        "the PostgreSQL translator of this page's version is no longer on the server ({error}): \
         the site has a new version of credreport since this page opened. Reload the page to \
         use it (with the page's offer of the new version, where it makes one), or write the \
         query in SQLite"
    )
}

/// Why a PostgreSQL query cannot be translated by a page built without naming its translator
/// (a build other than `cargo xtask build-web`'s).
pub fn translator_unnamed() -> String {
    "this page was built without its PostgreSQL translator (`cargo xtask build-web` builds both): \
     write the query in SQLite"
        .to_owned()
}

/// The choice a canned query sets: its PostgreSQL twin is PostgreSQL; its SQLite version runs
/// as SQLite in Auto too.
pub fn canned_choice(dialect: Dialect) -> DialectChoice {
    match dialect {
        Dialect::Postgres => DialectChoice::Postgres,
        Dialect::Sqlite => DialectChoice::Auto,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn answers_are_run_translated_as_written_or_refused() {
        assert_eq!(
            after_translation(Ok(r#"{"dialect":"postgres","sql":"SELECT 1"}"#.into())),
            Next::Translated("SELECT 1".into())
        );
        assert_eq!(
            after_translation(Ok(r#"{"dialect":"sqlite","sql":"select 1"}"#.into())),
            Next::AsWritten
        );
        assert_eq!(
            after_translation(Ok(r#"{"error":"to_char() is not supported"}"#.into())),
            Next::Refused("to_char() is not supported. Nothing was run.".into())
        );
        assert!(matches!(
            after_translation(Ok("nonsense".into())),
            Next::Refused(e) if e.starts_with("the translator answered \"nonsense\"")
        ));
        assert_eq!(
            after_translation(Err("the translator could not be loaded".into())),
            Next::Refused("the translator could not be loaded. Nothing was run.".into())
        );
    }

    #[test]
    fn a_translator_that_did_not_arrive_says_why_and_what_to_do() {
        let why = translator_not_loaded("Failed to fetch dynamically imported module");
        let Next::Refused(said) = after_translation(Err(why)) else {
            panic!("a query ran without its translator");
        };
        assert!(
            said.starts_with("the PostgreSQL translator could not be downloaded (Failed to fetch")
                && said.contains(
                    "Connect to the network and run the query again, or write it in SQLite"
                )
                && said.ends_with(". Nothing was run."),
            "{said}"
        );
    }

    #[test]
    fn a_translator_gone_from_the_server_says_to_reload() {
        let why = translator_gone("Failed to fetch dynamically imported module");
        let Next::Refused(said) = after_translation(Err(why)) else {
            panic!("a query ran without its translator");
        };
        assert!(
            said.starts_with("the PostgreSQL translator of this page's version is no longer on the server (Failed")
                && said.contains("Reload the page to use it")
                && said.ends_with("or write the query in SQLite. Nothing was run."),
            "{said}"
        );
    }

    #[test]
    fn a_canned_twin_is_postgresql_and_its_original_auto() {
        assert_eq!(canned_choice(Dialect::Postgres), DialectChoice::Postgres);
        assert_eq!(canned_choice(Dialect::Sqlite), DialectChoice::Auto);
    }
}
