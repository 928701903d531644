//! A query result written out: a terminal table, CSV, JSON, `line` blocks or Markdown. The CLI's
//! `--output` and the page's exports both write through [`write()`], so a format means the same
//! bytes wherever it is asked for; the check evidence uses the same field writers
//! ([`csv_field`], [`markdown_cell`]).
//!
//! Where the shells truly differ there is an option, not a second writer: CSV meant for a
//! spreadsheet ([`CsvFlavour::Spreadsheet`]: the page's download) guards formulas and ends lines
//! with CRLF (RFC 4180); CSV for a pipe ([`CsvFlavour::Plain`]: the CLI) keeps values as they are.

use std::io::{self, Write};

use crate::results::{QueryResult, Value};

/// A way to write a query result. Spelled in every interface as [`Format::as_str`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for a terminal; NULL shows as `<null>`; control characters escaped.
    Table,
    /// A header row, then one row per result row; NULL is an empty field.
    Csv,
    /// One JSON array of row objects, keys in column order; NULL is `null`.
    Json,
    /// One `column | value` block per row, under a `-[ RECORD n ]-` header (as psql and Steampipe).
    Line,
    /// A Markdown table: cells escaped, one line each; NULL is an empty cell.
    Md,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Table,
        Format::Csv,
        Format::Json,
        Format::Line,
        Format::Md,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Line => "line",
            Format::Md => "md",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The file name extension of a file in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Table | Format::Line => "txt",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Md => "md",
        }
    }

    /// The media type of a file in this format.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Table | Format::Line => "text/plain",
            Format::Csv => "text/csv",
            Format::Json => "application/json",
            Format::Md => "text/markdown",
        }
    }
}

/// Who the CSV is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvFlavour {
    /// A program reading a pipe: values as they are, lines end with `\n`.
    #[default]
    Plain,
    /// A spreadsheet: text a spreadsheet would take for a formula gets a leading `'` (numbers are
    /// written as numbers), lines end with `\r\n`.
    Spreadsheet,
}

/// Which rows, and how CSV is written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// The rows to write, by index, in this order (the page's filtered and sorted view); every
    /// row when `None`.
    pub rows: Option<&'a [usize]>,
    pub csv: CsvFlavour,
    /// The terminal's width in columns, when the table is for one: cells are cut with `…` to
    /// fit, and a result too wide even then is written as `line` blocks. `None`: as wide as the
    /// values (a pipe, a file).
    pub width: Option<usize>,
}

/// Write `result` in `format`.
pub fn write(
    out: &mut impl Write,
    result: &QueryResult,
    format: Format,
    options: &Options<'_>,
) -> io::Result<()> {
    let picked: Vec<&[Value]> = match options.rows {
        Some(rows) => rows
            .iter()
            .filter_map(|&i| result.rows.get(i).map(Vec::as_slice))
            .collect(),
        None => result.rows.iter().map(Vec::as_slice).collect(),
    };
    let t = Table {
        columns: &result.columns,
        rows: &picked,
    };
    match format {
        Format::Table => table(out, &t, result.truncated, options.width),
        Format::Csv => csv(out, &t, options.csv),
        Format::Json => json(out, &t),
        Format::Line => line(out, &t),
        Format::Md => md(out, &t),
    }
}

/// `write` into a string: for the page, which hands the text to a download or the clipboard.
pub fn render(result: &QueryResult, format: Format, options: &Options<'_>) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write(&mut out, result, format, options);
    String::from_utf8_lossy(&out).into_owned()
}

struct Table<'a> {
    columns: &'a [String],
    rows: &'a [&'a [Value]],
}

/// Text for a terminal: control characters (escape sequences, newlines, carriage returns,
/// backspaces) shown escaped (`\u{1b}`, `\n`), so a value in a report can neither recolour,
/// move nor clear the terminal nor split a row; and so are the characters that show nothing
/// themselves but reorder or hide the text around them ([`hides_text`]). Every human format
/// writes through it.
pub fn printable(s: &str) -> String {
    let escaped = |c: char| c.is_control() || hides_text(c);
    if !s.chars().any(escaped) {
        return s.to_owned();
    }
    s.chars()
        .flat_map(|c| {
            if escaped(c) {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// Unicode's bidirectional controls, which make a terminal that honours them show the rest of
/// a row in another order ("Trojan Source": a name that reads as another, a status moved), and
/// its zero-width characters, which make two different names look the same.
pub fn hides_text(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// One CSV field: quoted when it holds a comma, a quote or a line break. For
/// [`CsvFlavour::Spreadsheet`], text a spreadsheet would read as a formula (leading `=`, `+`, `-`,
/// `@`, tab, carriage return) first gets a leading `'`.
pub fn csv_field(s: &str, flavour: CsvFlavour) -> String {
    let guarded;
    let s = if flavour == CsvFlavour::Spreadsheet && s.starts_with(['=', '+', '-', '@', '\t', '\r'])
    {
        guarded = format!("'{s}");
        guarded.as_str()
    } else {
        s
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Text as one Markdown table cell: no line breaks; `|`, `\`, `[` and `]` escaped; `<`, `>` and
/// `&` as entities. So a value shows as itself: `<root>` is not taken for a tag, and a value a
/// hostile report wrote as `![x](https://…)` or `[click](https://…)` is neither an image that a
/// viewer of the evidence fetches nor a link that hides where it goes.
pub fn markdown_cell(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace(['\n', '\r'], " ")
}

const NULL: &str = "<null>";

fn text(v: &Value) -> String {
    v.as_text().unwrap_or_else(|| NULL.to_owned())
}

/// Columns a text takes on a terminal: CJK and emoji take two, combining marks none.
fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// The narrowest a column is cut to: its name, up to this many columns.
const MIN_COLUMN: usize = 8;

/// Each column's width on a terminal of `total` columns: as wide as its widest cell, the widest
/// columns cut first until the table fits; `None` when even the narrowest cut cannot fit.
fn column_widths(natural: &[usize], total: usize) -> Option<Vec<usize>> {
    // `| a | b |`: three columns of border and padding per column, and one more.
    let frame = 3 * natural.len() + 1;
    let mut widths = natural.to_vec();
    let floor: Vec<usize> = natural.iter().map(|n| (*n).min(MIN_COLUMN)).collect();
    if floor.iter().sum::<usize>() + frame > total {
        return None;
    }
    while widths.iter().sum::<usize>() + frame > total {
        let (i, _) = widths
            .iter()
            .enumerate()
            .filter(|(i, w)| **w > floor[*i])
            .max_by_key(|(_, w)| **w)?;
        widths[i] -= 1;
    }
    Some(widths)
}

/// `s`, wider than `max` terminal columns, cut to them and ending with `…`.
fn cut(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

fn table(
    out: &mut impl Write,
    t: &Table<'_>,
    truncated: Option<crate::results::Cut>,
    total: Option<usize>,
) -> io::Result<()> {
    // Each cell's text once; every width below is measured from it.
    let mut head: Vec<String> = t.columns.iter().map(|c| printable(c)).collect();
    let mut cells: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|row| row.iter().map(|v| printable(&text(v))).collect())
        .collect();
    let mut widths: Vec<usize> = head.iter().map(|c| width(c)).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(c));
        }
    }
    if let Some(total) = total {
        // Too wide for the terminal even with every cell cut: a block per row instead.
        let Some(fitted) = column_widths(&widths, total) else {
            return line(out, t);
        };
        widths = fitted;
        for row in std::iter::once(&mut head).chain(cells.iter_mut()) {
            for (c, w) in row.iter_mut().zip(&widths) {
                if width(c) > *w {
                    *c = cut(c, *w);
                }
            }
        }
    }
    let numeric: Vec<bool> = (0..t.columns.len())
        .map(|i| {
            t.rows
                .iter()
                .any(|row| matches!(row.get(i), Some(Value::Integer(_) | Value::Real(_))))
        })
        .collect();
    let rule: String = widths
        .iter()
        .map(|w| "-".repeat(w + 2))
        .collect::<Vec<_>>()
        .join("+");
    let line = |out: &mut dyn Write, row: &[String], right: &[bool]| -> io::Result<()> {
        let parts: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let pad = " ".repeat(w.saturating_sub(width(c)));
                if right.get(i).copied().unwrap_or(false) {
                    format!(" {pad}{c} ")
                } else {
                    format!(" {c}{pad} ")
                }
            })
            .collect();
        writeln!(out, "|{}|", parts.join("|"))
    };
    writeln!(out, "+{rule}+")?;
    line(out, &head, &[])?;
    writeln!(out, "+{rule}+")?;
    for row in &cells {
        line(out, row, &numeric)?;
    }
    writeln!(out, "+{rule}+")?;
    let n = t.rows.len();
    let more = truncated.map(|c| format!(" ({c})")).unwrap_or_default();
    writeln!(out, "{n} row{}{more}", crate::words::plural(n))
}

fn csv(out: &mut impl Write, t: &Table<'_>, flavour: CsvFlavour) -> io::Result<()> {
    let end = match flavour {
        CsvFlavour::Plain => "\n",
        CsvFlavour::Spreadsheet => "\r\n",
    };
    let head: Vec<String> = t.columns.iter().map(|c| csv_field(c, flavour)).collect();
    write!(out, "{}{end}", head.join(","))?;
    for row in t.rows {
        let fields: Vec<String> = row
            .iter()
            .map(|v| match v {
                Value::Text(s) => csv_field(s, flavour),
                // Numbers and hex are never formulas; NULL is an empty field.
                other => other.as_text().unwrap_or_default(),
            })
            .collect();
        write!(out, "{}{end}", fields.join(","))?;
    }
    Ok(())
}

fn json_value(v: &Value) -> String {
    match v {
        // NaN and infinities have no JSON form.
        Value::Real(f) if !f.is_finite() => "null".to_owned(),
        v => serde_json::to_string(v).unwrap_or_else(|_| "null".into()),
    }
}

fn json(out: &mut impl Write, t: &Table<'_>) -> io::Result<()> {
    let keys: Vec<String> = t
        .columns
        .iter()
        .map(|c| serde_json::to_string(c).unwrap_or_default())
        .collect();
    write!(out, "[")?;
    for (i, row) in t.rows.iter().enumerate() {
        write!(out, "{}\n  {{", if i == 0 { "" } else { "," })?;
        for (j, (k, v)) in keys.iter().zip(row.iter()).enumerate() {
            write!(
                out,
                "{}{k}: {}",
                if j == 0 { "" } else { ", " },
                json_value(v)
            )?;
        }
        write!(out, "}}")?;
    }
    writeln!(out, "{}]", if t.rows.is_empty() { "" } else { "\n" })
}

fn line(out: &mut impl Write, t: &Table<'_>) -> io::Result<()> {
    let names: Vec<String> = t.columns.iter().map(|c| printable(c)).collect();
    let w = names.iter().map(|c| width(c)).max().unwrap_or(0);
    // Names are padded by display width: `format!("{:<w$}")` counts characters.
    for (i, row) in t.rows.iter().enumerate() {
        let head = format!("-[ RECORD {} ]", i + 1);
        let rule = (w + 3).saturating_sub(head.len()).max(1);
        writeln!(out, "{head}{}", "-".repeat(rule))?;
        for (c, v) in names.iter().zip(row.iter()) {
            let pad = " ".repeat(w.saturating_sub(width(c)));
            writeln!(out, "{c}{pad} | {}", printable(&text(v)))?;
        }
    }
    Ok(())
}

fn md(out: &mut impl Write, t: &Table<'_>) -> io::Result<()> {
    let row = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
    writeln!(
        out,
        "{}",
        row(t.columns.iter().map(|c| markdown_cell(c)).collect())
    )?;
    writeln!(out, "|{}", " --- |".repeat(t.columns.len()))?;
    for values in t.rows {
        let cells = values
            .iter()
            .map(|v| v.as_text().map(|s| markdown_cell(&s)).unwrap_or_default())
            .collect();
        writeln!(out, "{}", row(cells))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
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
                    Value::Text("+1\\".into()),
                ],
            ],
            truncated: None,
        }
    }

    fn all(format: Format) -> String {
        render(&result(), format, &Options::default())
    }

    #[test]
    fn every_format_has_one_spelling() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.as_str()), Some(f));
        }
        assert_eq!(Format::parse("markdown"), None);
    }

    #[test]
    fn spreadsheet_csv_neutralizes_formulas_but_not_numbers() {
        let options = Options {
            csv: CsvFlavour::Spreadsheet,
            ..Options::default()
        };
        assert_eq!(
            render(&result(), Format::Csv, &options),
            "user_name,n,note\r\n\"'=HYPERLINK(\"\"x\"\")\",-3,\r\n\"a|b, \"\"c\"\"\",1.5,\r\n'@cmd,1,'+1\\\r\n"
        );
    }

    #[test]
    fn plain_csv_keeps_values_as_they_are() {
        assert_eq!(
            all(Format::Csv),
            "user_name,n,note\n\"=HYPERLINK(\"\"x\"\")\",-3,\n\"a|b, \"\"c\"\"\",1.5,\n@cmd,1,+1\\\n"
        );
    }

    #[test]
    fn json_keeps_types_and_column_order_of_the_chosen_rows() {
        let options = Options {
            rows: Some(&[1]),
            ..Options::default()
        };
        assert_eq!(
            render(&result(), Format::Json, &options),
            "[\n  {\"user_name\": \"a|b, \\\"c\\\"\", \"n\": 1.5, \"note\": \"\"}\n]\n"
        );
        let none = Options {
            rows: Some(&[]),
            ..Options::default()
        };
        assert_eq!(render(&result(), Format::Json, &none), "[]\n");
    }

    #[test]
    fn markdown_escapes_pipes_and_backslashes_and_leaves_null_empty() {
        let options = Options {
            rows: Some(&[1, 0, 2]),
            ..Options::default()
        };
        assert_eq!(
            render(&result(), Format::Md, &options),
            "| user_name | n | note |\n| --- | --- | --- |\n| a\\|b, \"c\" | 1.5 |  |\n| =HYPERLINK(\"x\") | -3 |  |\n| @cmd | 1 | +1\\\\ |\n"
        );
    }

    /// A hostile report's values in Markdown evidence: an image would be fetched by whoever
    /// views the file (a tracking pixel), a link would hide where it goes; escaped, each shows
    /// as the text it is.
    #[test]
    fn markdown_cells_are_never_images_links_or_tags() {
        assert_eq!(
            markdown_cell("![x](https://t.example/p.png) [ok](https://evil.example) <b>"),
            "!\\[x\\](https://t.example/p.png) \\[ok\\](https://evil.example) &lt;b&gt;"
        );
    }

    #[test]
    fn table_aligns_numbers_right_and_says_null() {
        assert_eq!(
            all(Format::Table),
            "+-----------------+-----+--------+\n\
             | user_name       | n   | note   |\n\
             +-----------------+-----+--------+\n\
             | =HYPERLINK(\"x\") |  -3 | <null> |\n\
             | a|b, \"c\"        | 1.5 |        |\n\
             | @cmd            |   1 | +1\\    |\n\
             +-----------------+-----+--------+\n\
             3 rows\n"
        );
    }

    #[test]
    fn line_blocks_have_record_headers_and_escape_control_characters() {
        let r = QueryResult {
            columns: vec!["user_name".into()],
            rows: vec![vec![Value::Text("a\u{1b}[31mb\nc".into())]],
            truncated: None,
        };
        assert_eq!(
            render(&r, Format::Line, &Options::default()),
            "-[ RECORD 1 ]-\nuser_name | a\\u{1b}[31mb\\nc\n"
        );
    }

    #[test]
    fn a_table_pads_by_display_width_and_fits_the_terminal() {
        let r = QueryResult {
            columns: vec!["user_name".into(), "n".into()],
            rows: vec![
                vec![Value::Text("日本太郎".into()), Value::Integer(1)],
                vec![Value::Text("alice".into()), Value::Integer(22)],
            ],
            truncated: None,
        };
        // CJK takes two columns each: every line of the table is as wide as the others.
        let t = render(&r, Format::Table, &Options::default());
        let widths: Vec<usize> = t.lines().take(5).map(width).collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{t}");
        // At 20 columns the long names are cut with an ellipsis, and the table fits.
        let narrow = Options {
            width: Some(20),
            ..Options::default()
        };
        let long = QueryResult {
            rows: vec![vec![
                Value::Text("a-very-long-user-name@1234567890123456.onaliyun.com".into()),
                Value::Integer(1),
            ]],
            ..r.clone()
        };
        let t = render(&long, Format::Table, &narrow);
        assert!(t.lines().all(|l| width(l) <= 20), "{t}");
        assert!(t.contains("a-very-long-user-n…") || t.contains('…'), "{t}");
        // Too many columns to fit even cut: `line` blocks instead.
        let wide = QueryResult {
            columns: (0..10).map(|i| format!("column_{i}")).collect(),
            rows: vec![(0..10).map(Value::Integer).collect()],
            truncated: None,
        };
        let t = render(&wide, Format::Table, &narrow);
        assert!(t.starts_with("-[ RECORD 1 ]"), "{t}");
    }
}
