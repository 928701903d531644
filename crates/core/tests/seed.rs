//! The canned queries are the seed document's SQLite examples, word for word.
#![cfg(not(target_arch = "wasm32"))]

#[test]
fn canned_queries_are_the_seeds_sqlite_examples_word_for_word() {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/reference/alicloud_ram_credential_report.md"
    ))
    .or_else(|_| std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/seed.md")))
    .expect("the seed document");
    let sections: Vec<&str> = seed.split("\n### ").skip(1).collect();
    assert_eq!(sections.len(), credreport_core::CANNED.len());
    for (section, canned) in sections.iter().zip(credreport_core::CANNED) {
        let (title, body) = section.split_once('\n').unwrap();
        assert_eq!(canned.title, title.trim());
        assert_eq!(
            canned.description,
            body.trim().lines().next().unwrap().trim()
        );
        let sql = body
            .split("```sql+sqlite\n")
            .nth(1)
            .unwrap()
            .split("```")
            .next()
            .unwrap();
        assert_eq!(canned.sql, sql.trim_end_matches('\n'), "{}", canned.name);
    }
}
