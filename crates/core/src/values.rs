//! The value rules of SPEC §3: how one CSV field becomes one SQLite value.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::schema::Kind;

/// A value ready for SQLite. Text borrows from the field it came from where it loads as written;
/// only values the rules rewrite (times, into SQLite's form) are owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell<'a> {
    Null,
    Int(i64),
    Text(Cow<'a, str>),
}

/// What became of a field that fits no rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mapped<'a> {
    /// Loaded as it should be.
    Ok(Cell<'a>),
    /// Loaded, but the user should know how (e.g. a timestamp without a zone read as UTC).
    Note(Cell<'a>, String),
    /// Fits no rule: loaded as NULL, and the reason says why.
    Rejected(String),
}

/// The texts Alibaba Cloud writes for "no value": not applicable, never, console logon disabled.
pub fn is_null_token(s: &str) -> bool {
    s.is_empty()
        || s == "-"
        || s.eq_ignore_ascii_case("N/A")
        || s.eq_ignore_ascii_case("LOGIN_DISABLED")
}

/// Map one field's text by its column kind. `user_name` is never passed here.
pub fn map(kind: Kind, raw: &str) -> Mapped<'_> {
    let s = raw.trim();
    if is_null_token(s) {
        return Mapped::Ok(Cell::Null);
    }
    match kind {
        Kind::Text => Mapped::Ok(Cell::Text(Cow::Borrowed(s))),
        Kind::Bool => match parse_bool(s) {
            // TRUE and FALSE in any case are the report's spellings (SPEC §2); the others are
            // taken, and said.
            Some(b) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") => {
                Mapped::Ok(Cell::Int(b as i64))
            }
            Some(b) => Mapped::Note(
                Cell::Int(b as i64),
                format!(
                    "not TRUE or FALSE, as the report writes booleans; taken as {}",
                    if b { "true" } else { "false" }
                ),
            ),
            None => {
                Mapped::Rejected("expected TRUE or FALSE (or yes/no/1/0); loaded as NULL".into())
            }
        },
        Kind::Timestamp => match parse_timestamp(s) {
            Some((t, None)) => Mapped::Ok(Cell::Text(Cow::Owned(t))),
            Some((t, Some(note))) => Mapped::Note(Cell::Text(Cow::Owned(t)), note),
            None => Mapped::Rejected(
                "expected an ISO 8601 time such as 2019-11-11T12:33:18Z; loaded as NULL".into(),
            ),
        },
    }
}

/// `true`/`false`/`yes`/`no`/`1`/`0`, any case.
pub fn parse_bool(s: &str) -> Option<bool> {
    const T: [&str; 3] = ["true", "yes", "1"];
    const F: [&str; 3] = ["false", "no", "0"];
    if T.iter().any(|t| s.eq_ignore_ascii_case(t)) {
        Some(true)
    } else if F.iter().any(|f| s.eq_ignore_ascii_case(f)) {
        Some(false)
    } else {
        None
    }
}

/// The SQLite form of a UTC time: what `date()`, `julianday()` and text comparison expect.
pub fn format_sqlite(t: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// The form Alibaba Cloud writes, `2019-11-11T12:33:18Z`, checked and rewritten without a
/// general parser: most fields of a report are in it.
fn canonical_utc(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    NaiveDate::from_ymd_opt(y as i32, mo, d)?.and_hms_opt(h, mi, sec)?;
    let mut out = s[..19].to_owned();
    out.replace_range(10..11, " ");
    Some(out)
}

/// What a generation time a person gives looks like, as a refusal says it.
pub(crate) const EXPECTED_GIVEN_TIME: &str =
    "expected a time such as 2024-05-01 09:10:11 (UTC) or 2024-05-01T09:10:11+08:00";

/// A generation time a person gives a report (the CLI's `--generated-time`, the page's box for
/// an undated report), as the table writes it; refused when it does not read, or when it is
/// after `now`: no report was generated in the future, and a typo there would make the report
/// its account's latest until corrected.
pub fn given_generation_time(text: &str, now: DateTime<Utc>) -> Result<String, String> {
    let (t, _) = parse_timestamp(text.trim())
        .ok_or_else(|| format!("{text:?} is not a time: {EXPECTED_GIVEN_TIME}"))?;
    if t > format_sqlite(now) {
        return Err(format!(
            "{t} UTC is in the future (it is now {} UTC): give the time the report was generated",
            format_sqlite(now)
        ));
    }
    Ok(t)
}

/// How long before a download the console's report may have been generated: it hands out the
/// latest report made within this many hours (SPEC §2) instead of making a new one.
pub const CONSOLE_REUSE_HOURS: i64 = 4;

/// What a console CSV's saved time says of its generation time, wherever it is offered.
pub fn saved_time_meaning() -> String {
    format!("a report downloaded from the console then was generated at most {CONSOLE_REUSE_HOURS} hours before")
}

/// When a file was last saved (milliseconds since 1970: `File.lastModified`, a file's
/// modification time), as a person gives a generation time (UTC, to the second): what is offered
/// for a report that does not say its own. `None` for no time (0, as a browser gives for none).
pub fn saved_time(ms: i64) -> Option<String> {
    saved_at(ms).map(format_sqlite)
}

/// A saved time in milliseconds since 1970 as a time; `None` for none (0 or less).
fn saved_at(ms: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms).filter(|_| ms > 0)
}

/// What to say of a report that does not say when it was generated, read from a file saved at
/// `saved_ms` ([`saved_time`]): judged as of `now`, it would be judged as if generated then.
/// `None` when that is within the console's own [`CONSOLE_REUSE_HOURS`] (or the time is none, or
/// later than now): nothing would be gained by giving it. Else the words, and the time in the
/// form a command line takes without quoting (`2026-11-03T08:15:02Z`).
pub fn saved_time_note(
    source: &str,
    saved_ms: i64,
    now: DateTime<Utc>,
) -> Option<(String, String)> {
    let saved = saved_at(saved_ms)?;
    let age = now - saved;
    if age <= chrono::Duration::hours(CONSOLE_REUSE_HOURS) {
        return None;
    }
    let ago = crate::words::ago(age);
    let note = format!(
        "{source} does not say when it was generated, so it is judged as if generated now; the file was saved {} UTC, {ago}, and {}",
        format_sqlite(saved),
        saved_time_meaning()
    );
    Some((note, saved.format("%Y-%m-%dT%H:%M:%SZ").to_string()))
}

/// Parse ISO 8601 (`Z`, an offset, fractions; `T` or a space) into the SQLite UTC form.
/// A time without a zone is taken as UTC, which the returned note says; a bare date is midnight UTC.
pub fn parse_timestamp(s: &str) -> Option<(String, Option<String>)> {
    if let Some(t) = canonical_utc(s) {
        return Some((t, None));
    }
    // Only the years SQLite's date functions read, 0000 to 9999: a time they cannot read made
    // every age of it NULL, and a check's reason with it.
    let (t, note) = parse_any_year(s)?;
    (0..=9999)
        .contains(&chrono::Datelike::year(&t))
        .then(|| (format_sqlite(t), note))
}

/// [`parse_timestamp`]'s general parsers, whatever year they read: the time in UTC, and the
/// note when no zone was given.
fn parse_any_year(s: &str) -> Option<(DateTime<Utc>, Option<String>)> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some((t.with_timezone(&Utc), None));
    }
    // RFC 3339 with a space instead of `T`, or offsets without a colon.
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return Some((t.with_timezone(&Utc), None));
        }
    }
    let zoneless = s.strip_suffix(" UTC").unwrap_or(s);
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(zoneless, fmt) {
            let note =
                (zoneless.len() == s.len()).then(|| "no time zone given; read as UTC".to_owned());
            return Some((t.and_utc(), note));
        }
    }
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some((d.and_hms_opt(0, 0, 0)?.and_utc(), None))
}

/// An interval as PostgreSQL writes it (`1 year 2 mons 3 days 04:05:06`, `-5 days`,
/// `00:00:00`), as seconds counting a month as 30 days, the way PostgreSQL orders intervals:
/// what sorts an `age` column by length, not by its text. `None` when the text is not one.
pub fn interval_seconds(text: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut words = text.split_whitespace().peekable();
    words.peek()?;
    while let Some(word) = words.next() {
        if word.contains(':') {
            let (sign, hms) = match word.strip_prefix('-') {
                Some(rest) => (-1.0, rest),
                None => (1.0, word),
            };
            let parts: Vec<f64> = hms
                .split(':')
                .map(|p| p.parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0))
                .collect::<Option<_>>()?;
            let [h, m, s] = parts[..] else { return None };
            total += sign * (h * 3600.0 + m * 60.0 + s);
            if words.peek().is_some() {
                return None;
            }
            break;
        }
        let n: f64 = word.parse().ok()?;
        let unit = match words.next()? {
            "year" | "years" => 360.0 * 86400.0,
            "mon" | "mons" => 30.0 * 86400.0,
            "day" | "days" => 86400.0,
            _ => return None,
        };
        total += n * unit;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};

    #[test]
    fn a_files_saved_time_is_offered_as_a_given_time_is_written() {
        // 2026-11-01 09:12:44.500 UTC, as `File.lastModified` gives it.
        let ms = 1_793_524_364_500;
        assert_eq!(
            super::saved_time(ms).as_deref(),
            Some("2026-11-01 09:12:44")
        );
        for none in [0, -1] {
            assert_eq!(super::saved_time(none), None);
        }
        // What it offers reads back as what it says.
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        let offered = super::saved_time(ms).unwrap();
        assert_eq!(
            super::given_generation_time(&offered, now).unwrap(),
            offered
        );
    }

    /// A console CSV saved a month ago, judged as of now, is judged a month late: said, with its
    /// saved time in the form a command line takes. Saved within the console's 4 hours, or at
    /// no time, nothing is said.
    #[test]
    fn an_undated_file_saved_long_ago_is_said_with_its_saved_time() {
        let now = Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0).unwrap();
        let at = |t: DateTime<Utc>| t.timestamp_millis();
        let oct = Utc.with_ymd_and_hms(2026, 11, 3, 8, 15, 2).unwrap();
        let (note, time) = super::saved_time_note("oct.csv", at(oct), now).unwrap();
        assert_eq!(note, "oct.csv does not say when it was generated, so it is judged as if generated now; the file was saved 2026-11-03 08:15:02 UTC, 31 days ago, and a report downloaded from the console then was generated at most 4 hours before");
        assert_eq!(time, "2026-11-03T08:15:02Z");
        assert_eq!(
            super::given_generation_time(&time, now).unwrap(),
            "2026-11-03 08:15:02"
        );
        let (note, _) =
            super::saved_time_note("a.csv", at(now - chrono::Duration::hours(5)), now).unwrap();
        assert!(note.contains(", 5 hours ago,"), "{note}");
        for quiet in [
            at(now - chrono::Duration::hours(4)),
            at(now),
            at(now + chrono::Duration::hours(1)),
            0,
        ] {
            assert_eq!(super::saved_time_note("a.csv", quiet, now), None);
        }
    }

    #[test]
    fn intervals_order_by_length_not_text() {
        use super::interval_seconds as secs;
        let d = 86400.0;
        assert_eq!(secs("1 mon 14 days"), Some(44.0 * d));
        assert_eq!(secs("6 mons"), Some(180.0 * d));
        assert_eq!(
            secs("1 year 2 mons 3 days 04:05:06"),
            Some((360.0 + 60.0 + 3.0) * d + 14706.0)
        );
        assert_eq!(secs("-5 days"), Some(-5.0 * d));
        assert_eq!(secs("00:00:00"), Some(0.0));
        assert!(secs("1 mon 14 days") < secs("6 mons") && secs("6 mons") < secs("1 year"));
        for not in ["", "alice", "5", "5 apples", "1 day 3:00", "01:02:03 extra"] {
            assert_eq!(secs(not), None, "{not}");
        }
    }

    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn timestamps_in_every_accepted_form_become_utc_text() {
        let cases = [
            ("2019-11-11T12:33:18Z", "2019-11-11 12:33:18"),
            ("2019-11-11T12:33:18.123Z", "2019-11-11 12:33:18"),
            ("2019-11-11T20:33:18+08:00", "2019-11-11 12:33:18"),
            ("2019-11-11T20:33:18+0800", "2019-11-11 12:33:18"),
            ("2019-11-11 12:33:18Z", "2019-11-11 12:33:18"),
            ("2019-11-12T01:03:18.5+12:30", "2019-11-11 12:33:18"),
            ("2019-11-11", "2019-11-11 00:00:00"),
            ("2019-11-11 12:33:18 UTC", "2019-11-11 12:33:18"),
        ];
        for (input, want) in cases {
            assert_eq!(
                parse_timestamp(input).map(|t| t.0),
                Some(want.to_owned()),
                "{input}"
            );
        }
        assert!(parse_timestamp("2019-11-11T12:33:18").unwrap().1.is_some());
        for bad in [
            "yesterday",
            "2019-02-30T00:00:00Z",
            "2019-11-11T24:00:00Z",
            "2019-13-01T00:00:00Z",
            "12:33:18",
            "2019/11/11",
        ] {
            assert!(parse_timestamp(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn booleans_any_case() {
        for t in ["TRUE", "true", "True", "yes", "YES", "1"] {
            assert_eq!(parse_bool(t), Some(true));
        }
        for f in ["FALSE", "false", "no", "No", "0"] {
            assert_eq!(parse_bool(f), Some(false));
        }
        assert_eq!(parse_bool("maybe"), None);
    }

    /// Regression (#20): `YES` was taken as true without a word.
    #[test]
    fn a_boolean_the_report_does_not_write_is_taken_and_said() {
        assert_eq!(map(Kind::Bool, "True"), Mapped::Ok(Cell::Int(1)));
        for (text, value, taken) in [("YES", 1, "true"), ("0", 0, "false"), ("no", 0, "false")] {
            match map(Kind::Bool, text) {
                Mapped::Note(Cell::Int(v), note) => {
                    assert_eq!(v, value, "{text}");
                    assert!(note.ends_with(&format!("taken as {taken}")), "{note}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn null_tokens_become_null_for_every_kind() {
        for tok in ["N/A", "n/a", "-", "LOGIN_DISABLED", "", "  "] {
            for kind in [Kind::Bool, Kind::Timestamp, Kind::Text] {
                assert_eq!(map(kind, tok), Mapped::Ok(Cell::Null), "{tok:?} {kind:?}");
            }
        }
    }

    /// A typo's year ahead would make a report its account's latest until corrected.
    #[test]
    fn a_given_generation_time_in_the_future_is_refused() {
        let now = "2026-12-04T12:00:00Z".parse().unwrap();
        assert_eq!(
            given_generation_time("2026-12-01T08:00:00+08:00", now).as_deref(),
            Ok("2026-12-01 00:00:00")
        );
        let why = given_generation_time("2062-12-01", now).unwrap_err();
        assert!(
            why.contains("2062-12-01 00:00:00 UTC is in the future"),
            "{why}"
        );
        assert!(given_generation_time("last week", now).is_err());
    }
}
