//! Text PostgreSQL reads as a date or a timestamp (`'2025-1-5'`, `'2025-01-05T10:00Z'`,
//! `'2025-01-05 08:00+08'`, `'today'`), written as SQLite reads it. SQLite's date functions
//! answer NULL for what they cannot read, so a comparison with such text would quietly match
//! nothing: the text is read here, when the query is translated, and what cannot be read
//! exactly is refused by name.

use sqlparser::ast::Expr;

use crate::build::text;
use crate::sqlite::datetime;
use crate::{unsupported, Result};
use credreport_core::functions::{shifted, Moment};

/// What the text is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum As {
    Date,
    /// A timestamp, with time zone (an offset in the text moves it to UTC) or without (an
    /// offset in the text is ignored, as PostgreSQL ignores it).
    Timestamp {
        zoned: bool,
    },
}

/// `written` as SQLite's `YYYY-MM-DD[ HH:MM:SS]` text, or the expression for a relative word.
pub fn literal(written: &str, read_as: As) -> Result<Expr> {
    let t = written.trim().to_ascii_lowercase();
    let days = match t.as_str() {
        "now" if read_as != As::Date => return Ok(datetime(text("now"), vec![])),
        "now" | "today" => Some(0),
        "yesterday" => Some(-1),
        "tomorrow" => Some(1),
        _ => None,
    };
    if let Some(days) = days {
        let mut modifiers = vec![text("start of day")];
        if days != 0 {
            modifiers.push(text(&format!("{days:+} days")));
        }
        return Ok(match read_as {
            As::Date => crate::build::call("date", [vec![text("now")], modifiers].concat()),
            As::Timestamp { .. } => datetime(text("now"), modifiers),
        });
    }
    let refused = || {
        unsupported(
            format!("'{written}' as a date or timestamp"),
            Some("write it as 'YYYY-MM-DD HH:MM:SS' (a zone as +08:00 or Z after it), or 'now', 'today', 'yesterday', 'tomorrow'"),
        )
    };
    let Some((at, offset)) = read(&t) else {
        return refused();
    };
    // A date, and a timestamp without time zone, keep the time as written.
    let shift = match read_as {
        As::Timestamp { zoned: true } => -offset,
        _ => 0,
    };
    let Some(moved) = shifted(at, shift) else {
        return refused();
    };
    Ok(text(match read_as {
        As::Date => &moved[..10],
        As::Timestamp { .. } => &moved,
    }))
}

/// `Y-M-D` (month and day of one or two digits), then perhaps a time `H:M[:S[.000]]` after a
/// space or `T`, then perhaps a zone (`Z`, `UTC`, `+HH`, `+HHMM`, `+HH:MM`, or `-`): the moment
/// as written, and the zone's minutes east of UTC.
fn read(t: &str) -> Option<(Moment, i64)> {
    let number = |s: &str, most: usize| -> Option<i64> {
        (!s.is_empty() && s.len() <= most && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (date, rest) = t.split_at(t.find([' ', 't']).unwrap_or(t.len()));
    let mut ymd = date.split('-');
    let (y, m, d) = (ymd.next()?, ymd.next()?, ymd.next()?);
    if ymd.next().is_some() || y.len() != 4 {
        return None;
    }
    let (y, m, d) = (number(y, 4)?, number(m, 2)?, number(d, 2)?);
    let date = format!("{y:04}-{m:02}-{d:02}");
    let rest = rest.trim_start_matches([' ', 't']);
    // The zone starts at `z`, `utc`, `+` or `-` (a date's `-` is behind us).
    let zone_at = rest.find(['z', 'u', '+', '-']).unwrap_or(rest.len());
    let (time, zone) = rest.split_at(zone_at);
    let time = time.trim();
    let (h, m, s) = if time.is_empty() {
        (0, 0, 0)
    } else {
        let (clock, fraction) = time.split_once('.').unwrap_or((time, "0"));
        if !fraction.bytes().all(|b| b == b'0') || fraction.is_empty() {
            return None;
        }
        let mut hms = clock.split(':');
        let h = number(hms.next()?, 2)?;
        let m = number(hms.next()?, 2)?;
        let s = hms.next().map_or(Some(0), |s| number(s, 2))?;
        if hms.next().is_some() || h > 23 || m > 59 || s > 59 {
            return None;
        }
        (h, m, s)
    };
    let offset = match zone.trim() {
        "" | "z" | "utc" => 0,
        z => {
            let sign = match z.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits = z[1..].replace(':', "");
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let (hours, minutes) = match digits.len() {
                1 | 2 => (number(&digits, 2)?, 0),
                4 => (number(&digits[..2], 2)?, number(&digits[2..], 2)?),
                _ => return None,
            };
            if hours > 15 || minutes > 59 {
                return None;
            }
            sign * (hours * 60 + minutes)
        }
    };
    Some((
        Moment::parse(&format!("{date} {h:02}:{m:02}:{s:02}"))?,
        offset,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_as(t: &str, a: As) -> String {
        literal(t, a).map_or_else(|e| format!("refused: {e}"), |e| e.to_string())
    }

    const ZONED: As = As::Timestamp { zoned: true };

    #[test]
    fn text_reads_as_postgresql_reads_a_date_or_timestamp() {
        assert_eq!(read_as("2025-1-5", ZONED), "'2025-01-05 00:00:00'");
        assert_eq!(read_as("2025-01-05T10:00Z", ZONED), "'2025-01-05 10:00:00'");
        assert_eq!(
            read_as("2025-01-01 00:00:00+08", ZONED),
            "'2024-12-31 16:00:00'"
        );
        assert_eq!(
            read_as("2025-01-01 05:30 -05:30", ZONED),
            "'2025-01-01 11:00:00'"
        );
        // A timestamp without time zone ignores the zone, as PostgreSQL does.
        assert_eq!(
            read_as("2025-01-01 00:00:00+08", As::Timestamp { zoned: false }),
            "'2025-01-01 00:00:00'"
        );
        assert_eq!(read_as("2025-1-5 10:00", As::Date), "'2025-01-05'");
        assert_eq!(
            read_as(" 2025-01-05 10:00:00.000 ", ZONED),
            "'2025-01-05 10:00:00'"
        );
        assert_eq!(
            read_as("yesterday", ZONED),
            "datetime('now', 'start of day', '-1 days')"
        );
        assert_eq!(read_as("Today", As::Date), "date('now', 'start of day')");
        assert_eq!(read_as("now", ZONED), "datetime('now')");
    }

    #[test]
    fn text_that_cannot_be_read_exactly_is_refused() {
        for t in [
            "Jan 5 2025",
            "01/05/2025",
            "2025-02-30",
            "2025-01-05 24:00",
            "2025-01-05 10:00:00.5",
            "2025-01-05 10:00 Asia/Shanghai",
            "2025-01-05 10:00+1日",
            "2025-01-05 10:00+0８00",
            "25-01-05",
            "",
        ] {
            assert!(read_as(t, ZONED).starts_with("refused"), "{t}");
        }
        assert!(read_as("Jan 5 2025", ZONED).contains("'YYYY-MM-DD HH:MM:SS'"));
    }
}
