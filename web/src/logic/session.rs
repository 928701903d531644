//! The page's words for a session: how old a report is, how long a query took, a long message's
//! headline, the recent queries. The session itself (the database) is `credreport-engine`, in
//! its worker.

use chrono::{DateTime, NaiveDateTime, Utc};
pub use credreport_core::words::plural;

/// Queries kept in the "recent" list.
pub const MAX_RECENT: usize = 20;

/// A generation time as the page says it: "2024-05-01 09:10:11 UTC", and "(as you gave it)"
/// when the user gave it (the file does not say it).
pub fn generated_at(time: &str, given: bool) -> String {
    if given {
        format!("{time} UTC (as you gave it)")
    } else {
        format!("{time} UTC")
    }
}

/// A report's account as a person reads it ([`credreport_core::account_said`]), and who gave
/// it when `given` (the report does not name it): "as you gave it", or the report at its alias
/// a load took it from, `from` ([`credreport_core::account_given_words`]).
pub fn account_named(
    account_id: Option<&str>,
    logon_domain: Option<&str>,
    given: bool,
    from: Option<&str>,
) -> String {
    let said = credreport_core::account_said(account_id, logon_domain);
    if given {
        let by = credreport_core::account_given_words(from, "as you gave it");
        format!("{said} ({by})")
    } else {
        said
    }
}

/// How old a report is, in words: "generated 2024-05-01 09:10:11 UTC, 3 days ago", and "as you
/// gave it" when `given` (the file does not say it, the user did).
pub fn describe_age(generated_time: Option<&str>, given: bool, now: DateTime<Utc>) -> String {
    let Some(raw) = generated_time else {
        return "generation time unknown (the file does not say; give it below)".into();
    };
    let Ok(then) = NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M:%S") else {
        return format!("generated {raw}");
    };
    let t = generated_at(raw, given);
    let ago = credreport_core::words::ago(now - then.and_utc());
    format!("generated {t}, {ago}")
}

/// A long message as its first clause, to show at once, and the rest (where it looked, what to
/// do), to show on request: "no credentials found; looked in: …" → ("no credentials found", "looked in: …").
pub fn headline(message: &str) -> (&str, Option<&str>) {
    match message.split_once("; ") {
        Some((head, rest)) if !rest.trim().is_empty() => (head.trim_end_matches('.'), Some(rest)),
        _ => (message.trim_end_matches('.'), None),
    }
}

/// How long a query took, as a person reads it: "0.4 ms", "12 ms", "1.3 s"; under 0.1 ms is
/// "under 0.1 ms" (the browser's clock is coarse), never "0.0 ms".
pub fn describe_millis(ms: f64) -> String {
    match ms {
        m if m < 0.1 => "under 0.1 ms".to_owned(),
        m if m < 10.0 => format!("{m:.1} ms"),
        m if m < 1000.0 => format!("{m:.0} ms"),
        m => format!("{:.1} s", m / 1000.0),
    }
}

/// A query remembered at the front of the recent list, once.
pub fn remember(recent: &mut Vec<String>, sql: &str) {
    let sql = sql.trim();
    if sql.is_empty() {
        return;
    }
    recent.retain(|q| q != sql);
    recent.insert(0, sql.to_owned());
    recent.truncate(MAX_RECENT);
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_long_problem_shows_its_first_clause_and_keeps_the_rest() {
        assert_eq!(
            headline("no credentials found; looked in: A; B. Set A"),
            ("no credentials found", Some("looked in: A; B. Set A"))
        );
        assert_eq!(
            headline("the proxy is not ready."),
            ("the proxy is not ready", None)
        );
        assert_eq!(headline("odd; "), ("odd; ", None));
    }

    #[test]
    fn ages_read_as_people_say_them() {
        let now = DateTime::parse_from_rfc3339("2024-05-04T09:10:11Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            describe_age(Some("2024-05-01 09:10:11"), false, now),
            "generated 2024-05-01 09:10:11 UTC, 3 days ago"
        );
        assert_eq!(
            describe_age(Some("2024-05-04 06:10:11"), false, now),
            "generated 2024-05-04 06:10:11 UTC, 3 hours ago"
        );
        assert_eq!(
            describe_age(Some("2024-05-01 09:10:11"), true, now),
            "generated 2024-05-01 09:10:11 UTC (as you gave it), 3 days ago"
        );
        assert!(describe_age(None, false, now).contains("unknown"));
    }

    #[test]
    fn recent_queries_are_unique_newest_first() {
        let mut r = vec![];
        for q in ["a", "b", "a", " ", "c"] {
            remember(&mut r, q);
        }
        assert_eq!(r, ["c", "a", "b"]);
    }
}
