//! Intervals: PostgreSQL's three parts (months, days, seconds), from literals, and back to text,
//! to a sort key and to SQLite date modifiers — each as SQL over the parts' SQL.

use crate::TranslateError;

/// An interval as three SQL integer expressions.
#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
    pub months: String,
    pub days: String,
    pub secs: String,
}

impl Interval {
    pub fn constant(months: i64, days: i64, secs: i64) -> Self {
        Interval {
            months: months.to_string(),
            days: days.to_string(),
            secs: secs.to_string(),
        }
    }

    /// PostgreSQL orders intervals as if a month were 30 days and a day 24 hours.
    pub fn key(&self) -> String {
        format!(
            "((({}) * 30 + ({})) * 86400 + ({}))",
            self.months, self.days, self.secs
        )
    }

    /// PostgreSQL's output (`IntervalStyle = postgres`): `1 year 2 mons 3 days 04:05:06`, zero
    /// parts left out, `00:00:00` for nothing, a sign on each negative part.
    pub fn text(&self) -> String {
        let (m, d, s) = (&self.months, &self.days, &self.secs);
        let part = |v: String, one: &str, many: &str| {
            format!("(CASE WHEN {v} = 0 THEN '' WHEN {v} = 1 THEN '1 {one} ' ELSE ({v}) || ' {many} ' END)")
        };
        let years = format!("(({m}) / 12)");
        let mons = format!("(({m}) % 12)");
        let time = format!(
            "(CASE WHEN ({s}) = 0 THEN (CASE WHEN ({m}) = 0 AND ({d}) = 0 THEN '00:00:00' ELSE '' END) \
             ELSE (CASE WHEN ({s}) < 0 THEN '-' ELSE '' END) || printf('%02d:%02d:%02d', abs({s}) / 3600, abs({s}) % 3600 / 60, abs({s}) % 60) END)"
        );
        format!(
            "rtrim({} || {} || {} || {time})",
            part(years, "year", "years"),
            part(mons, "mon", "mons"),
            part(format!("({d})"), "day", "days"),
        )
    }

    /// SQLite `datetime()` modifiers adding this interval (or subtracting it), in PostgreSQL's
    /// order: months (clamped to the month's last day, as PostgreSQL does), then days, then time.
    pub fn modifiers(&self, sign: i64) -> String {
        let signed = |v: &str| {
            if sign < 0 {
                format!("(-({v}))")
            } else {
                format!("({v})")
            }
        };
        format!(
            "{} || ' months', 'floor', {} || ' days', {} || ' seconds'",
            signed(&self.months),
            signed(&self.days),
            signed(&self.secs)
        )
    }

    pub fn negate(&self) -> Self {
        Interval {
            months: format!("(-({}))", self.months),
            days: format!("(-({}))", self.days),
            secs: format!("(-({}))", self.secs),
        }
    }
}

/// `interval '1 year 2 mons 3 days 04:05:06'`, `interval '90' day`, `interval '90 days'`.
pub fn parse_literal(text: &str, unit: Option<&str>) -> Result<(i64, i64, i64), TranslateError> {
    let bad = || {
        TranslateError::unsupported(
            format!("the interval '{text}'"),
            Some("write it as a number and units, e.g. interval '90 days' or interval '1 year 2 mons'"),
        )
    };
    let (mut months, mut days, mut secs) = (0i64, 0i64, 0i64);
    if let Some(unit) = unit {
        let n: i64 = text.trim().parse().map_err(|_| bad())?;
        add(unit, n, &mut months, &mut days, &mut secs).ok_or_else(bad)?;
        return Ok((months, days, secs));
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if w.contains(':') {
            let (neg, hms) = match w.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, w.strip_prefix('+').unwrap_or(w)),
            };
            let parts: Vec<i64> = hms
                .split(':')
                .map(|p| p.parse::<i64>())
                .collect::<Result<_, _>>()
                .map_err(|_| bad())?;
            let t = match parts.as_slice() {
                [h, m] => h * 3600 + m * 60,
                [h, m, s] => h * 3600 + m * 60 + s,
                _ => return Err(bad()),
            };
            secs += if neg { -t } else { t };
            i += 1;
            continue;
        }
        let n: i64 = w.parse().map_err(|_| bad())?;
        let unit = words.get(i + 1).ok_or_else(bad)?;
        add(unit, n, &mut months, &mut days, &mut secs).ok_or_else(bad)?;
        i += 2;
    }
    if words.is_empty() {
        return Err(bad());
    }
    Ok((months, days, secs))
}

fn add(unit: &str, n: i64, months: &mut i64, days: &mut i64, secs: &mut i64) -> Option<()> {
    match unit.to_ascii_lowercase().trim_end_matches('s') {
        "year" | "yr" | "y" => *months += 12 * n,
        "mon" | "month" => *months += n,
        "week" | "w" => *days += 7 * n,
        "day" | "d" => *days += n,
        "hour" | "hr" | "h" => *secs += 3600 * n,
        "minute" | "min" | "m" => *secs += 60 * n,
        "second" | "sec" | "" => *secs += n,
        _ => return None,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_read_as_postgresql_reads_them() {
        assert_eq!(parse_literal("90", Some("DAY")), Ok((0, 90, 0)));
        assert_eq!(parse_literal("90 days", None), Ok((0, 90, 0)));
        assert_eq!(parse_literal("1 year 2 mons", None), Ok((14, 0, 0)));
        assert_eq!(
            parse_literal("1 year 2 mons 3 days 04:05:06", None),
            Ok((14, 3, 4 * 3600 + 5 * 60 + 6))
        );
        assert_eq!(parse_literal("2 weeks 1 hour", None), Ok((0, 14, 3600)));
        assert!(parse_literal("soon", None).is_err());
        assert!(parse_literal("3 fortnights", None).is_err());
    }
}
