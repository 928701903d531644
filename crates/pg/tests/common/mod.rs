//! What the translator's test binaries share.

/// The corpus of PostgreSQL queries as administrators write them (`corpus.sql`) and the seed's
/// PostgreSQL examples, each with its name.
pub fn corpus() -> Vec<(String, String)> {
    let text = include_str!("../corpus.sql");
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("-- name: ") {
            out.push((name.trim().to_owned(), String::new()));
        } else if let Some((_, sql)) = out.last_mut() {
            if !line.starts_with("--") || !sql.is_empty() {
                sql.push_str(line);
                sql.push('\n');
            }
        }
    }
    for (name, sql) in credreport_core::CANNED_POSTGRES {
        out.push((format!("seed: {name}"), (*sql).to_owned()));
    }
    out
}
