//! Writing a query result as a terminal table, CSV, JSON, Steampipe's `line` blocks or Markdown.

// Control characters would break the alignment (or the terminal): shown escaped.
use credreport_core::evidence::printable;
use std::io::{self, Write};

use clap::ValueEnum;
use credreport_core::{QueryResult, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// A header row, then one row per result row; NULL is an empty field.
    Csv,
    /// One JSON array of row objects, keys in column order.
    Json,
    /// One `column | value` block per row.
    Line,
    /// A Markdown table (cells escaped; NULL is empty).
    Md,
}

const NULL: &str = "<null>";

pub fn write(out: &mut impl Write, result: &QueryResult, format: Format) -> io::Result<()> {
    match format {
        Format::Table => table(out, result),
        Format::Csv => csv(out, result),
        Format::Json => json(out, result),
        Format::Line => line(out, result),
        Format::Md => md(out, result),
    }
}

fn text(v: &Value) -> String {
    v.as_text().unwrap_or_else(|| NULL.to_owned())
}

fn width(s: &str) -> usize {
    s.chars().count()
}

fn table(out: &mut impl Write, r: &QueryResult) -> io::Result<()> {
    let cells: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|row| row.iter().map(|v| printable(&text(v))).collect())
        .collect();
    let mut widths: Vec<usize> = r.columns.iter().map(|c| width(c)).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(c));
        }
    }
    let numeric: Vec<bool> = (0..r.columns.len())
        .map(|i| {
            r.rows
                .iter()
                .any(|row| matches!(row[i], Value::Integer(_) | Value::Real(_)))
        })
        .collect();
    let rule = |out: &mut dyn Write| -> io::Result<()> {
        let parts: Vec<String> = widths.iter().map(|w| "-".repeat(w + 2)).collect();
        writeln!(out, "+{}+", parts.join("+"))
    };
    rule(out)?;
    let head: Vec<String> = r
        .columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| format!(" {:<w$} ", printable(c), w = w))
        .collect();
    writeln!(out, "|{}|", head.join("|"))?;
    rule(out)?;
    for row in &cells {
        let parts: Vec<String> = row
            .iter()
            .zip(&widths)
            .zip(&numeric)
            .map(|((c, w), num)| {
                let pad = w - width(c);
                if *num {
                    format!(" {}{c} ", " ".repeat(pad))
                } else {
                    format!(" {c}{} ", " ".repeat(pad))
                }
            })
            .collect();
        writeln!(out, "|{}|", parts.join("|"))?;
    }
    rule(out)?;
    let n = r.rows.len();
    let more = match r.truncated {
        Some(cut) => format!(" ({cut})"),
        None => String::new(),
    };
    writeln!(out, "{n} row{}{more}", credreport_core::words::plural(n))
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn csv(out: &mut impl Write, r: &QueryResult) -> io::Result<()> {
    let head: Vec<String> = r.columns.iter().map(|c| csv_field(c)).collect();
    writeln!(out, "{}", head.join(","))?;
    for row in &r.rows {
        let fields: Vec<String> = row
            .iter()
            .map(|v| csv_field(&v.as_text().unwrap_or_default()))
            .collect();
        writeln!(out, "{}", fields.join(","))?;
    }
    Ok(())
}

fn json(out: &mut impl Write, r: &QueryResult) -> io::Result<()> {
    let keys: Vec<String> = r
        .columns
        .iter()
        .map(|c| serde_json::to_string(c).unwrap_or_default())
        .collect();
    write!(out, "[")?;
    for (i, row) in r.rows.iter().enumerate() {
        write!(out, "{}\n  {{", if i == 0 { "" } else { "," })?;
        for (j, (k, v)) in keys.iter().zip(row).enumerate() {
            let value = match v {
                // NaN and infinities have no JSON form.
                Value::Real(f) if !f.is_finite() => "null".to_owned(),
                v => serde_json::to_string(v).unwrap_or_else(|_| "null".into()),
            };
            write!(out, "{}{k}: {value}", if j == 0 { "" } else { ", " })?;
        }
        write!(out, "}}")?;
    }
    writeln!(out, "{}]", if r.rows.is_empty() { "" } else { "\n" })
}

fn line(out: &mut impl Write, r: &QueryResult) -> io::Result<()> {
    let w = r.columns.iter().map(|c| width(c)).max().unwrap_or(0);
    for (i, row) in r.rows.iter().enumerate() {
        // The record header psql's expanded mode and Steampipe print.
        let head = format!("-[ RECORD {} ]", i + 1);
        let rule = (w + 3).saturating_sub(head.len()).max(1);
        writeln!(out, "{head}{}", "-".repeat(rule))?;
        for (c, v) in r.columns.iter().zip(row) {
            writeln!(out, "{:<w$} | {}", printable(c), printable(&text(v)), w = w)?;
        }
    }
    Ok(())
}

fn md(out: &mut impl Write, r: &QueryResult) -> io::Result<()> {
    use credreport_core::evidence::markdown_cell;
    let row = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
    writeln!(
        out,
        "{}",
        row(r.columns.iter().map(|c| markdown_cell(c)).collect())
    )?;
    writeln!(
        out,
        "{}",
        row(r.columns.iter().map(|_| "---".to_owned()).collect())
    )?;
    for values in &r.rows {
        let cells = values
            .iter()
            .map(|v| v.as_text().map(|t| markdown_cell(&t)).unwrap_or_default())
            .collect();
        writeln!(out, "{}", row(cells))?;
    }
    Ok(())
}
