//! Exports of a result: CSV (safe to open in a spreadsheet), JSON, Markdown.

use credreport_core::evidence::{csv_text_field, markdown_cell as md_cell};
use credreport_core::{QueryResult, Value};

/// CSV with a header row; NULL is an empty field; numbers are written as numbers.
pub fn csv(r: &QueryResult, rows: &[usize]) -> String {
    let mut out: String = r
        .columns
        .iter()
        .map(|c| csv_text_field(c))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    for &i in rows {
        let fields: Vec<String> = r.rows[i]
            .iter()
            .map(|v| match v {
                Value::Text(t) => csv_text_field(t),
                other => other.as_text().unwrap_or_default(),
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A JSON array of row objects, keys in column order.
pub fn json(r: &QueryResult, rows: &[usize]) -> String {
    let mut out = String::from("[");
    for (n, &i) in rows.iter().enumerate() {
        out.push_str(if n == 0 { "\n  {" } else { ",\n  {" });
        for (j, (c, v)) in r.columns.iter().zip(&r.rows[i]).enumerate() {
            if j > 0 {
                out.push_str(", ");
            }
            let value = match v {
                Value::Real(f) if !f.is_finite() => "null".to_owned(),
                v => serde_json::to_string(v).unwrap_or_else(|_| "null".into()),
            };
            out.push_str(&format!(
                "{}: {value}",
                serde_json::to_string(c).unwrap_or_default()
            ));
        }
        out.push('}');
    }
    out.push_str(if rows.is_empty() { "]\n" } else { "\n]\n" });
    out
}

/// A Markdown table; NULL shows as `NULL`.
pub fn markdown(r: &QueryResult, rows: &[usize]) -> String {
    let mut out = format!(
        "| {} |\n",
        r.columns
            .iter()
            .map(|c| md_cell(c))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    out.push_str(&format!("|{}\n", " --- |".repeat(r.columns.len())));
    for &i in rows {
        let cells: Vec<String> = r.rows[i]
            .iter()
            .map(|v| md_cell(&v.as_text().unwrap_or_else(|| "NULL".into())))
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
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

    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn result() -> QueryResult {
        QueryResult {
            columns: vec!["user_name".into(), "n".into(), "note".into()],
            rows: vec![
                vec![
                    Value::Text("=HYPERLINK(\"x\")".into()),
                    Value::Integer(-3),
                    Value::Null,
                ],
                vec![
                    Value::Text("a|b, \"c\"".into()),
                    Value::Real(1.5),
                    Value::Text(String::new()),
                ],
                vec![
                    Value::Text("@cmd".into()),
                    Value::Integer(1),
                    Value::Text("+1".into()),
                ],
            ],
            truncated: None,
        }
    }

    #[test]
    fn csv_neutralizes_formulas_but_not_numbers() {
        let all = [0, 1, 2];
        assert_eq!(
            csv(&result(), &all),
            "user_name,n,note\r\n\"'=HYPERLINK(\"\"x\"\")\",-3,\r\n\"a|b, \"\"c\"\"\",1.5,\r\n'@cmd,1,'+1\r\n"
        );
    }

    #[test]
    fn json_keeps_types_and_column_order() {
        assert_eq!(
            json(&result(), &[1]),
            "[\n  {\"user_name\": \"a|b, \\\"c\\\"\", \"n\": 1.5, \"note\": \"\"}\n]\n"
        );
        assert_eq!(json(&result(), &[]), "[]\n");
    }

    #[test]
    fn markdown_escapes_pipes() {
        assert_eq!(markdown(&result(), &[1, 0]), "| user_name | n | note |\n| --- | --- | --- |\n| a\\|b, \"c\" | 1.5 |  |\n| =HYPERLINK(\"x\") | -3 | NULL |\n");
    }
}
