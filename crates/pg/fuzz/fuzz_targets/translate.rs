//! The PostgreSQL translation: any text is translated or refused, never a panic, and what it
//! translates is SQL that SQLite accepts over the table (it may fail to run, never to prepare
//! for a reason the translator made).
#![no_main]

use std::sync::Mutex;

use credreport_core::{Database, QueryError, QueryOptions};
use libfuzzer_sys::fuzz_target;

static DB: Mutex<Option<Database>> = Mutex::new(None);

fuzz_target!(|data: &[u8]| {
    let Ok(sql) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(t) = credreport_pg::translate(sql) else {
        return;
    };
    let mut guard = DB.lock().unwrap();
    let db = guard.get_or_insert_with(|| Database::new().expect("SQLite opens"));
    let options = QueryOptions {
        max_rows: Some(10),
        ..QueryOptions::default()
    };
    if let Err(QueryError::Sql { message, .. }) = db.query(&t.sql, &options) {
        // The translator's own output must be SQL that SQLite takes.
        assert!(
            !credreport_pg::is_translation_fault(&message),
            "translated into SQL SQLite refuses: {sql:?} -> {} ({message})",
            t.sql
        );
    }
});
