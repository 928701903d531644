//! The whole load: parse, then insert into SQLite. A refused input must leave the table as it was.
#![no_main]

use std::sync::Mutex;

use credreport_core::{Database, Input, LoadOptions, QueryOptions};
use libfuzzer_sys::fuzz_target;

const BASE: &str = "user,user_creation_time,user_last_logon,password_exist,password_active,password_last_changed,password_next_rotation,mfa_active,access_key_1_exist,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used,access_key_2_exist,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used,additional_access_key_1_exist,additional_access_key_1_active,additional_access_key_1_last_rotated,additional_access_key_1_last_used,additional_access_key_2_exist,additional_access_key_2_active,additional_access_key_2_last_rotated,additional_access_key_2_last_used,additional_access_key_3_exist,additional_access_key_3_active,additional_access_key_3_last_rotated,additional_access_key_3_last_used
<root>,2020-01-01T00:00:00Z,2024-05-01T08:00:00Z,TRUE,TRUE,2020-02-02T02:02:02Z,N/A,TRUE,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A
a@corp.onaliyun.com,2020-01-01T00:00:00Z,2024-05-01T08:00:00Z,TRUE,TRUE,2020-02-02T02:02:02Z,N/A,TRUE,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A,FALSE,N/A,N/A,N/A
";

fn table(db: &mut Database) -> Vec<Vec<credreport_core::Value>> {
    db.query(
        "select * from alicloud_ram_credential_report order by rowid",
        &QueryOptions::default(),
    )
    .expect("select * runs")
    .rows
}

static DB: Mutex<Option<Database>> = Mutex::new(None);

fuzz_target!(|data: &[u8]| {
    let mut guard = DB.lock().unwrap();
    let db = guard.get_or_insert_with(|| Database::new().expect("SQLite opens"));
    db.clear().expect("clear");
    // A console CSV at an alias, given its account: an input at that alias takes it on load
    // (`accounts_taken`), or one that states another replaces it.
    let given = LoadOptions {
        account_id: Some("5555666677778888".into()),
        ..LoadOptions::default()
    };
    db.load(&[Input::new("base.csv", BASE.as_bytes())], &given)
        .expect("the base report loads");
    let before = table(db);
    let reports = db.reports().to_vec();
    if db
        .load(&[Input::new("fuzz", data)], &LoadOptions::default())
        .is_err()
    {
        assert_eq!(before, table(db), "a refused input changed the table");
        assert_eq!(reports, db.reports(), "a refused input changed the reports");
    }
});
