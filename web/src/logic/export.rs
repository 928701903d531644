//! Exports of a result: the rows the user sees (filtered, sorted), written by the core's one
//! writer ([`credreport_core::output`]); CSV as for a spreadsheet (formulas guarded, CRLF).

use credreport_core::output::{self, CsvFlavour, Format, Options};
use credreport_core::QueryResult;

/// The export buttons: download CSV, download JSON, copy Markdown.
pub const EXPORTS: [Format; 3] = [Format::Csv, Format::Json, Format::Md];

/// An export button's words: the file formats download, Markdown goes to the clipboard.
pub fn label(format: Format) -> &'static str {
    match format {
        Format::Csv => "CSV",
        Format::Json => "JSON",
        _ => "Copy Markdown",
    }
}

/// `rows` of `result` (indexes, in the order shown) in `format`.
pub fn export(result: &QueryResult, rows: &[usize], format: Format) -> String {
    let options = Options {
        rows: Some(rows),
        csv: CsvFlavour::Spreadsheet,
        width: None,
    };
    output::render(result, format, &options)
}

/// An export's file name that says what it holds: `credreport-<account>-<date>-<what>.<ext>`,
/// e.g. `credreport-1234567890123456-2026-12-01-root-mfa.csv`. Several accounts (or none known)
/// give `accounts`; `what` is kept to letters, digits and `-`.
pub fn file_name(
    accounts: &[Option<String>],
    date: chrono::NaiveDate,
    what: &str,
    ext: &str,
) -> String {
    let mut known: Vec<&str> = accounts.iter().flatten().map(String::as_str).collect();
    known.sort_unstable();
    known.dedup();
    let account = match known[..] {
        [one] if one.bytes().all(|b| b.is_ascii_alphanumeric()) => one.to_owned(),
        _ => "accounts".to_owned(),
    };
    let what: String = what
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let what = what
        .split('-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let what = if what.is_empty() {
        "query".to_owned()
    } else {
        what
    };
    format!(
        "credreport-{account}-{}-{what}.{ext}",
        date.format("%Y-%m-%d")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use credreport_core::Value;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn file_names_say_account_date_and_what() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let one = [Some("1234567890123456".to_owned())];
        assert_eq!(
            file_name(&one, d, "root-mfa", "csv"),
            "credreport-1234567890123456-2026-12-01-root-mfa.csv"
        );
        let two = [Some("1".to_owned()), Some("2".to_owned()), None];
        assert_eq!(
            file_name(&two, d, "", "json"),
            "credreport-accounts-2026-12-01-query.json"
        );
        assert_eq!(
            file_name(&[Some("../x".to_owned())], d, "Keys: 30 to 90 days!", "md"),
            "credreport-accounts-2026-12-01-keys-30-to-90-days.md"
        );
    }

    /// The core's tests hold each format's details; these hold the page's choices: the rows
    /// shown, in their order, and CSV for a spreadsheet.
    fn result() -> QueryResult {
        let row = |name: &str| vec![Value::Text(name.into())];
        QueryResult {
            columns: vec!["user_name".into()],
            rows: vec![row("=HYPERLINK(\"x\")"), row("alice"), row("bob")],
            truncated: None,
        }
    }

    #[test]
    fn exports_are_the_shown_rows_and_csv_is_for_spreadsheets() {
        let r = result();
        assert_eq!(
            export(&r, &[2, 0], Format::Csv),
            "user_name\r\nbob\r\n\"'=HYPERLINK(\"\"x\"\")\"\r\n"
        );
        assert_eq!(
            export(&r, &[1], Format::Json),
            "[\n  {\"user_name\": \"alice\"}\n]\n"
        );
        assert_eq!(
            export(&r, &[2, 1], Format::Md),
            "| user_name |\n| --- |\n| bob |\n| alice |\n"
        );
        assert_eq!(
            EXPORTS.map(Format::extension),
            ["csv", "json", "md"],
            "the file names' extensions"
        );
    }
}
