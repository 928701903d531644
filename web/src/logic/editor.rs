//! The editor's decisions: inserting a column name at the cursor, whether the text is still the
//! canned query it came from, and what the answer's heading says.

use credreport_core::{canned, canned_sql, Dialect};

/// `text` with `name` put in place of the selection `start..end`, given as the browser gives
/// them (UTF-16 code units); and the cursor after it, in UTF-16 again. Positions past the end, or
/// inside a character, fall at the end of that character.
pub fn insert_at(text: &str, start: u32, end: u32, name: &str) -> (String, u32) {
    let to_byte = |utf16: u32| -> usize {
        let mut n = 0u32;
        for (i, ch) in text.char_indices() {
            if n >= utf16 {
                return i;
            }
            n += ch.len_utf16() as u32;
        }
        text.len()
    };
    let from = to_byte(start);
    let to = to_byte(end).max(from);
    let updated = format!("{}{name}{}", &text[..from], &text[to..]);
    let cursor = (text[..from].encode_utf16().count() + name.encode_utf16().count()) as u32;
    (updated, cursor)
}

/// Whether `text` is still the canned query `name` (in either dialect): then the heading and
/// a share link go on naming it.
pub fn still_canned(name: Option<&str>, text: &str) -> bool {
    name.is_some_and(|n| {
        [Dialect::Sqlite, Dialect::Postgres]
            .into_iter()
            .any(|d| canned_sql(n, d) == Some(text))
    })
}

/// What the results answer: the canned query's title, the overview bucket, the page's first
/// query (`first`: the editor still holds it) by what it lists, or "Your query".
pub fn answer_heading(canned_name: Option<&str>, label: Option<&str>, first: bool) -> String {
    canned_name
        .and_then(canned)
        .map(|c| c.title)
        .or(label)
        .unwrap_or(if first { FIRST_ANSWER } else { "Your query" })
        .to_owned()
}

/// The heading of the page's first answer, which reads the latest view: with several reports
/// of an account loaded, it says why each user is there once.
pub const FIRST_ANSWER: &str = "The users of each account's latest report";

/// What an export of the results is named for (`credreport-<account>-<date>-<what>`), as
/// [`answer_heading`] heads them: the canned query's name, the overview bucket, `users` for the
/// first query, or `query`.
pub fn export_what(canned_name: Option<String>, label: Option<String>, first: bool) -> String {
    canned_name
        .or(label)
        .unwrap_or_else(|| (if first { "users" } else { "query" }).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_name_goes_in_at_the_cursor_counted_as_the_browser_counts() {
        // "😀" is two UTF-16 units, "é" one: the cursor after them is 3.
        assert_eq!(
            insert_at("😀é x", 3, 3, "mfa_active"),
            ("😀émfa_active x".into(), 13)
        );
        // A selection is replaced.
        assert_eq!(
            insert_at("select x", 7, 8, "user_name"),
            ("select user_name".into(), 16)
        );
        // Past the end, or end before start: at the end, nothing lost.
        assert_eq!(insert_at("ab", 9, 1, "c"), ("abc".into(), 3));
        // Inside the surrogate pair: after the character.
        assert_eq!(insert_at("😀", 1, 1, "c").0, "😀c");
    }

    #[test]
    fn the_editor_keeps_a_canned_name_only_while_it_holds_that_query() {
        let sql = canned_sql("root-mfa", Dialect::Sqlite).unwrap();
        let twin = canned_sql("root-mfa", Dialect::Postgres).unwrap();
        assert!(still_canned(Some("root-mfa"), sql));
        assert!(still_canned(Some("root-mfa"), twin));
        assert!(!still_canned(Some("root-mfa"), &format!("{sql} ")));
        assert!(!still_canned(None, sql));
    }

    #[test]
    fn the_heading_names_the_canned_query_or_the_bucket() {
        let root = canned("root-mfa").unwrap().title;
        assert_eq!(answer_heading(Some("root-mfa"), Some("x"), true), root);
        assert_eq!(
            answer_heading(None, Some("Keys: > 1 year"), true),
            "Keys: > 1 year"
        );
        assert_eq!(answer_heading(Some("gone"), None, false), "Your query");
        assert_eq!(answer_heading(None, None, true), FIRST_ANSWER);
        assert_eq!(export_what(None, None, true), "users");
        assert_eq!(export_what(None, Some("keys-old".into()), true), "keys-old");
        assert_eq!(export_what(None, None, false), "query");
    }
}
