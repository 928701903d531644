//! `credreport` on the command line: this file holds the reports several tests use; the tests are
//! in `query`, `check`, `history` (`diff`, `trend`, several reports), `postgres` and
//! `conventions` (what every command does alike).

use crate::util::*;

mod check;
mod conventions;
mod history;
mod postgres;
mod query;

fn sample() -> Vec<u8> {
    credreport(&["sample"], b"").stdout
}

/// The sample as a console CSV whose users log on at the alias `corp.onaliyun.com` (`csv`),
/// and as a report of 1 November 2026 fetched from its account, 5555666677778888 (`json`).
fn alias_csv_and_fetched(csv: &str, json: &str) -> (TempFile, TempFile) {
    let sample = temp_file("o.csv", &credreport(&["sample"], b"").stdout);
    let alias = at_alias(&sample, csv);
    let bytes = std::fs::read(&alias).unwrap();
    let fetched = fetched_json(&bytes, "2026-11-01T00:00:00Z", "5555666677778888");
    (alias, temp_file(json, &fetched))
}

/// (check, user, status) for every finding `credreport check` gives on the sample.
pub fn sample_check_statuses() -> Vec<(String, String, String)> {
    let out = credreport(&["check", "--sample", "-o", "json"], b"");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut all = Vec::new();
    for c in v["checks"].as_array().unwrap() {
        for r in c["results"].as_array().unwrap() {
            let user = r["user_name"]
                .as_str()
                .unwrap()
                .split('@')
                .next()
                .unwrap()
                .to_owned();
            all.push((
                c["id"].as_str().unwrap().to_owned(),
                user,
                r["status"].as_str().unwrap().to_owned(),
            ));
        }
    }
    all
}

/// A one-user row (console password, no MFA) of account 1234567890123456, MFA as given.
fn diff_row(user: &str, mfa: bool) -> String {
    let mut fields: Vec<String> = row(&format!("{user}@1234567890123456.onaliyun.com"))
        .split(',')
        .map(str::to_owned)
        .collect();
    fields[7] = if mfa { "TRUE" } else { "FALSE" }.into();
    fields.join(",")
}

fn diff_report(name: &str, rows: &[String]) -> TempFile {
    temp_file(name, format!("{HEADER}\n{}\n", rows.join("\n")).as_bytes())
}

const OLD_TIME: &str = "2024-06-01T00:00:00Z";
const NEW_TIME: &str = "2024-07-01T00:00:00Z";
