//! What the documents say of the code, checked against it.

use std::path::Path;

use crate::util::workspace;

/// Every `.rs` file's text below `dir`, leaving out build output and fuzzing's working files.
fn rust_sources(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if !matches!(
                name.to_str(),
                Some("target" | "corpus" | "artifacts" | "node_modules" | "dist")
            ) {
                rust_sources(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// SECURITY.md proves each promise by naming the tests that fail when its protection is
/// removed; a test renamed or removed would leave a promise proven by nothing, silently. Each
/// name in its "tested by" column is a test function, or a fuzz target, that exists.
#[test]
fn every_test_security_md_names_exists() {
    let root = workspace();
    let security = std::fs::read_to_string(root.join("SECURITY.md")).unwrap();
    let mut sources = String::new();
    for dir in ["crates", "tests", "web"] {
        rust_sources(&root.join(dir), &mut sources);
    }
    let mut named = 0;
    let rows = security
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| promise"));
    for row in rows {
        let tested_by = row
            .trim_end()
            .trim_end_matches('|')
            .rsplit(" | ")
            .next()
            .unwrap();
        let names = tested_by.split('`').skip(1).step_by(2).filter(|n| {
            n.starts_with(|c: char| c.is_ascii_lowercase())
                && n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        });
        for name in names {
            let fuzz_target = ["core", "pg"].iter().any(|c| {
                root.join(format!("crates/{c}/fuzz/fuzz_targets/{name}.rs"))
                    .is_file()
            });
            let function = sources.contains(&format!("fn {name}("));
            assert!(
                fuzz_target || function,
                "SECURITY.md names `{name}` as a test, and there is no such test or fuzz target"
            );
            named += 1;
        }
    }
    assert!(
        named >= 40,
        "only {named} tests named: is the table still there?"
    );
}

/// Every option of every subcommand is in README, where users look for it (`--open-sample` had
/// been only in `serve --help`).
#[test]
fn every_command_line_option_is_in_the_readme() {
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    let help =
        |args: &[&str]| String::from_utf8(crate::util::credreport(args, b"").stdout).unwrap();
    let top = help(&["--help"]);
    let commands: Vec<&str> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.strip_prefix("  ")?.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 10, "{commands:?}");
    let mut missing = Vec::new();
    for command in commands {
        let text = help(&[command, "--help"]);
        for option in text.split_whitespace().filter_map(|w| {
            let name: String = w
                .strip_prefix("--")?
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            (!name.is_empty() && name != "help").then(|| format!("--{name}"))
        }) {
            let documented = readme.match_indices(&option).any(|(at, _)| {
                !readme[at + option.len()..]
                    .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
            });
            if !documented {
                missing.push(format!("{command} {option}"));
            }
        }
    }
    missing.dedup();
    assert!(missing.is_empty(), "not in README: {missing:?}");
}
