//! Intervals: PostgreSQL's three parts (months, days, seconds), from literals, and back to text,
//! to a sort key and to SQLite date modifiers — each an expression built over the parts.

use sqlparser::ast::Expr;

use crate::build::{add, call, concat, constant, mul, neg, num, text};
use crate::TranslateError;
use credreport_core::functions::INTERVAL_TEXT;

/// An interval as three SQLite integer expressions, and, where one function gives it whole (an
/// `age()`), the expressions that show it and give its sort key, each one call per row.
#[derive(Debug, Clone)]
pub struct Interval {
    pub months: Expr,
    pub days: Expr,
    pub secs: Expr,
    pub shown: Option<Expr>,
    pub keyed: Option<Expr>,
}

impl Interval {
    pub fn parts(months: Expr, days: Expr, secs: Expr) -> Self {
        Interval {
            months,
            days,
            secs,
            shown: None,
            keyed: None,
        }
    }

    pub fn constant(months: i64, days: i64, secs: i64) -> Self {
        Self::parts(num(months), num(days), num(secs))
    }

    fn consts(&self) -> Option<(i64, i64, i64)> {
        Some((
            constant(&self.months)?,
            constant(&self.days)?,
            constant(&self.secs)?,
        ))
    }

    /// PostgreSQL orders intervals as if a month were 30 days and a day 24 hours.
    pub fn key(&self) -> Expr {
        if let Some(keyed) = &self.keyed {
            return keyed.clone();
        }
        if let Some((m, d, s)) = self.consts() {
            return num(credreport_core::functions::interval_key(m, d, s));
        }
        let days = add(mul(self.months.clone(), num(30)), self.days.clone());
        add(mul(days, num(86400)), self.secs.clone())
    }

    /// PostgreSQL's text for it (`1 year 2 mons 3 days 04:05:06`), by the function credreport
    /// adds to SQLite; a constant's text is written out.
    pub fn text(&self) -> Expr {
        if let Some(shown) = &self.shown {
            return shown.clone();
        }
        if let Some((m, d, s)) = self.consts() {
            return text(&credreport_core::functions::interval_text(m, d, s));
        }
        call(
            INTERVAL_TEXT,
            vec![self.months.clone(), self.days.clone(), self.secs.clone()],
        )
    }

    /// SQLite `datetime()` modifiers adding this interval (or subtracting it), in PostgreSQL's
    /// order: months (clamped to the month's last day, as PostgreSQL does), then days, then time.
    /// A part that is a constant zero is left out; a constant is written as one modifier.
    pub fn modifiers(&self, sign: i64) -> Vec<Expr> {
        let mut out = Vec::new();
        for (part, unit) in [
            (&self.months, "months"),
            (&self.days, "days"),
            (&self.secs, "seconds"),
        ] {
            let modifier = match constant(part) {
                Some(0) => continue,
                Some(n) => text(&format!("{:+} {unit}", n * sign)),
                None => {
                    let n = if sign < 0 {
                        neg(part.clone())
                    } else {
                        part.clone()
                    };
                    concat(n, text(&format!(" {unit}")))
                }
            };
            out.push(modifier);
            if unit == "months" {
                out.push(text("floor"));
            }
        }
        out
    }

    pub fn negate(&self) -> Self {
        self.map(|p| match constant(&p) {
            Some(n) => num(-n),
            None => neg(p),
        })
    }

    /// This interval plus `other`, part by part.
    pub fn plus(&self, other: &Interval) -> Self {
        let sum = |a: &Expr, b: &Expr| match (constant(a), constant(b)) {
            (Some(x), Some(y)) => num(x + y),
            _ => add(a.clone(), b.clone()),
        };
        Interval::parts(
            sum(&self.months, &other.months),
            sum(&self.days, &other.days),
            sum(&self.secs, &other.secs),
        )
    }

    /// This interval times a whole number.
    pub fn times(&self, n: &Expr) -> Self {
        self.map(|p| mul(p, n.clone()))
    }

    fn map(&self, f: impl Fn(Expr) -> Expr) -> Self {
        Interval::parts(
            f(self.months.clone()),
            f(self.days.clone()),
            f(self.secs.clone()),
        )
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
        add_unit(unit, n, &mut months, &mut days, &mut secs).ok_or_else(bad)?;
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
        add_unit(unit, n, &mut months, &mut days, &mut secs).ok_or_else(bad)?;
        i += 2;
    }
    if words.is_empty() {
        return Err(bad());
    }
    Ok((months, days, secs))
}

fn add_unit(unit: &str, n: i64, months: &mut i64, days: &mut i64, secs: &mut i64) -> Option<()> {
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
