//! How every output (the CLI's, the page's, the evidence's) says a count, an age, a list of
//! names and writes bytes.

/// "s" for every count but one: `format!("{n} user{}", plural(n))`.
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// How long ago something was, as a person reads it: "just now" (under a minute), "5 minutes
/// ago", "30 hours ago" (under two days), "31 days ago"; a time after now says to check the
/// clock.
pub fn ago(age: chrono::Duration) -> String {
    match age.num_minutes() {
        m if m < 0 => "in the future — check the clock".to_owned(),
        0 => "just now".to_owned(),
        m if m < 60 => format!("{m} minute{} ago", plural(m as usize)),
        m if m < 48 * 60 => format!("{} hours ago", m / 60),
        m => format!("{} days ago", m / (24 * 60)),
    }
}

/// How many names a note lists before it says how many more there are.
pub const LISTED: usize = 3;

/// Names as a note lists them: every one of up to [`LISTED`] + 1, else the first [`LISTED`] and
/// how many more ("r00.csv, r01.csv, r02.csv and 49 more"), so a year of weekly reports loaded
/// together is one line, not a screen of names (the page's card of loaded reports lists them
/// all).
pub fn listed<S: AsRef<str>>(names: &[S]) -> String {
    listed_apart(names, ", ")
}

/// [`listed`], the items kept apart by `separator` (`"; "` where an item holds a comma).
pub fn listed_apart<S: AsRef<str>>(names: &[S], separator: &str) -> String {
    let shown = if names.len() > LISTED + 1 {
        LISTED
    } else {
        names.len()
    };
    let mut text = (names[..shown].iter().map(AsRef::as_ref))
        .collect::<Vec<&str>>()
        .join(separator);
    if shown < names.len() {
        text.push_str(&format!(" and {} more", names.len() - shown));
    }
    text
}

/// Bytes as lowercase hex (a digest, a blob).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The candidate a mistyped `name` most likely meant, as clap suggests flags: one that starts
/// with it (`root` → `root-mfa`), else the nearest by edit distance within a third of its length
/// (at least 1, at most 3). `None` when nothing is close.
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let name = name.to_ascii_lowercase();
    let candidates: Vec<&str> = candidates.into_iter().collect();
    if name.len() >= 3 {
        if let Some(c) = candidates.iter().find(|c| c.starts_with(name.as_str())) {
            return Some(c);
        }
    }
    let limit = (name.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn one_is_singular_and_zero_is_not() {
        assert_eq!([plural(0), plural(1), plural(2)], ["s", "", "s"]);
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }

    #[test]
    fn a_long_list_of_names_says_the_first_and_how_many_more() {
        let names: Vec<String> = (0..52).map(|i| format!("r{i:02}.json")).collect();
        assert_eq!(listed(&names[..1]), "r00.json");
        assert_eq!(
            listed(&names[..4]),
            "r00.json, r01.json, r02.json, r03.json"
        );
        assert_eq!(
            listed(&names[..5]),
            "r00.json, r01.json, r02.json and 2 more"
        );
        assert_eq!(listed(&names), "r00.json, r01.json, r02.json and 49 more");
        assert_eq!(listed::<&str>(&[]), "");
        assert_eq!(
            listed_apart(&["a, 1", "b, 2", "c, 3", "d, 4", "e, 5"], "; "),
            "a, 1; b, 2; c, 3 and 2 more"
        );
    }

    #[test]
    fn an_age_reads_as_a_person_says_it() {
        let m = chrono::Duration::minutes;
        assert_eq!(ago(chrono::Duration::seconds(20)), "just now");
        assert_eq!(ago(m(1)), "1 minute ago");
        assert_eq!(ago(m(59)), "59 minutes ago");
        assert_eq!(ago(m(60 * 30)), "30 hours ago");
        assert_eq!(ago(m(60 * 24 * 31)), "31 days ago");
        assert_eq!(ago(m(-2)), "in the future — check the clock");
    }

    #[test]
    fn a_mistyped_name_suggests_the_nearest_or_nothing() {
        let canned = ["root-mfa", "console-without-mfa", "logged-in-last-90-days"];
        assert_eq!(nearest("root", canned), Some("root-mfa"));
        assert_eq!(nearest("root-mfaa", canned), Some("root-mfa"));
        assert_eq!(
            nearest("consol-without-mfa", canned),
            Some("console-without-mfa")
        );
        assert_eq!(nearest("zzz", canned), None);
        assert_eq!(
            nearest("user_nam", ["user_name", "user_arn"]),
            Some("user_name")
        );
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
