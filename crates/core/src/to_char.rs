//! PostgreSQL's `to_char(timestamp, template)`: a template read once into pieces, each piece
//! written for a moment as PostgreSQL writes it (in its C locale, with times in UTC).
//!
//! The translator reads a query's template here, so a template that cannot be written exactly is
//! refused when the query is translated, naming the part; `pg_to_char` (in `functions`) writes
//! the pieces for each row. A letter that is not a supported pattern is refused rather than
//! copied, as PostgreSQL would copy it: it is far more often a pattern this module lacks, or a
//! word meant as text, than a letter the user wants as it is (text goes in double quotes).

use crate::functions::Moment;
use chrono::{Datelike, NaiveDate};
use std::fmt::Write;

/// A `to_char` template, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template(pub(crate) Vec<Piece>);

/// Why a template is refused: the part as written, where it starts (in characters, from 1), and
/// what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{part}' at character {at} of the pattern: {why}")]
pub struct Refused {
    pub part: String,
    pub at: usize,
    pub why: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece {
    /// A character outside double quotes.
    Text(char),
    /// A character inside them.
    Quoted(char),
    Field {
        field: Field,
        /// The pattern's name, as [`PATTERNS`] spells it (`YYYY`, `Month`).
        name: &'static str,
        /// Where its name starts in the template (in characters, from 0, after any prefix).
        at: usize,
        /// `FM`: numbers without leading zeros, names without trailing blanks. `TM` gives the
        /// names without blanks too (and in the C locale, the same names).
        fill: bool,
        /// `TH` or `th` after a number: its ordinal suffix, in that case.
        th: Option<Case>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    Upper,
    Title,
    Lower,
}

/// A name in full (blank-padded to 9 characters) or its first three letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Width {
    Full,
    Short,
}

impl Width {
    /// A month's or day's name at this width: whole, or its first three letters.
    pub(crate) fn of(self, name: &str) -> &str {
        match self {
            Full => name,
            Short => &name[..3],
        }
    }
}

/// `A.M.` or `AM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dots {
    Dotted,
    Plain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Number(Number),
    MonthName(Width, Case),
    DayName(Width, Case),
    Roman(Case),
    /// `AM` or `PM` as the hour is.
    Meridiem(Dots, Case),
    /// `AD`: the report's years are all AD.
    Era(Dots, Case),
    YearWithComma,
    /// `FX`: matters to `to_timestamp` only; writes nothing.
    Nothing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Number {
    Hour12,
    Hour24,
    Minute,
    Second,
    Millisecond,
    Microsecond,
    SecondOfDay,
    /// The year's last n digits (n = 4 is the whole year).
    Year(u8),
    IsoYear(u8),
    Month,
    DayOfYear,
    IsoDayOfYear,
    Day,
    Weekday,
    IsoWeekday,
    WeekOfYear,
    WeekOfMonth,
    IsoWeek,
    Quarter,
    Century,
    Julian,
}

use Case::{Lower, Title, Upper};
use Dots::{Dotted, Plain};
use Field::{DayName, Era, Meridiem, MonthName, Number as N, Roman};
use Number::*;
use Width::{Full, Short};

/// PostgreSQL's patterns, in its order: the first whose text starts the rest of the template is
/// the one read (so a longer pattern comes before its prefix). Each pattern in capitals is also
/// read in small letters, a name then in small letters too (`month`, `a.m.`); `Month`, `Mon`,
/// `Day` and `Dy` are read only as written.
const PATTERNS: [(&str, Field); 61] = [
    ("A.D.", Era(Dotted, Upper)),
    ("A.M.", Meridiem(Dotted, Upper)),
    ("AD", Era(Plain, Upper)),
    ("AM", Meridiem(Plain, Upper)),
    ("B.C.", Era(Dotted, Upper)),
    ("BC", Era(Plain, Upper)),
    ("CC", N(Century)),
    ("DAY", DayName(Full, Upper)),
    ("DDD", N(DayOfYear)),
    ("DD", N(Day)),
    ("DY", DayName(Short, Upper)),
    ("Day", DayName(Full, Title)),
    ("Dy", DayName(Short, Title)),
    ("D", N(Weekday)),
    ("FX", Field::Nothing),
    ("HH24", N(Hour24)),
    ("HH12", N(Hour12)),
    ("HH", N(Hour12)),
    ("IDDD", N(IsoDayOfYear)),
    ("ID", N(IsoWeekday)),
    ("IW", N(IsoWeek)),
    ("IYYY", N(IsoYear(4))),
    ("IYY", N(IsoYear(3))),
    ("IY", N(IsoYear(2))),
    ("I", N(IsoYear(1))),
    ("J", N(Julian)),
    ("MI", N(Minute)),
    ("MM", N(Month)),
    ("MONTH", MonthName(Full, Upper)),
    ("MON", MonthName(Short, Upper)),
    ("MS", N(Millisecond)),
    ("Month", MonthName(Full, Title)),
    ("Mon", MonthName(Short, Title)),
    ("P.M.", Meridiem(Dotted, Upper)),
    ("PM", Meridiem(Plain, Upper)),
    ("Q", N(Quarter)),
    ("RM", Roman(Upper)),
    ("SSSSS", N(SecondOfDay)),
    ("SSSS", N(SecondOfDay)),
    ("SS", N(Second)),
    ("US", N(Microsecond)),
    ("WW", N(WeekOfYear)),
    ("W", N(WeekOfMonth)),
    ("Y,YYY", Field::YearWithComma),
    ("YYYY", N(Year(4))),
    ("YYY", N(Year(3))),
    ("YY", N(Year(2))),
    ("Y", N(Year(1))),
    // Patterns PostgreSQL has and this module refuses, read only to be named.
    ("TZH", Field::Nothing),
    ("TZM", Field::Nothing),
    ("TZ", Field::Nothing),
    ("OF", Field::Nothing),
    ("FF1", Field::Nothing),
    ("FF2", Field::Nothing),
    ("FF3", Field::Nothing),
    ("FF4", Field::Nothing),
    ("FF5", Field::Nothing),
    ("FF6", Field::Nothing),
    ("SP", Field::Nothing),
    ("TM", Field::Nothing),
    ("TH", Field::Nothing),
];

/// The pattern `rest` starts with, as written there, its name and what it writes.
fn pattern(rest: &str) -> Option<(&str, &'static str, Field)> {
    PATTERNS.iter().find_map(|&(p, field)| {
        let written = rest.get(..p.len())?;
        if written == p {
            return Some((written, p, field));
        }
        let capitals = !p.bytes().any(|b| b.is_ascii_lowercase());
        (capitals && written == p.to_ascii_lowercase())
            .then(|| (written, p, field.in_small_letters()))
    })
}

impl Field {
    fn in_small_letters(self) -> Field {
        match self {
            MonthName(width, _) => MonthName(width, Lower),
            DayName(width, _) => DayName(width, Lower),
            Roman(_) => Roman(Lower),
            Meridiem(dots, _) => Meridiem(dots, Lower),
            Era(dots, _) => Era(dots, Lower),
            other => other,
        }
    }
}

/// The patterns read only to be refused, with why.
fn refused_pattern(p: &str) -> Option<&'static str> {
    match p.to_ascii_uppercase().as_str() {
        "TZH" | "TZM" | "TZ" | "OF" => Some("times are in UTC: write \"UTC\" (in double quotes)"),
        p if p.starts_with("FF") => Some("the report's times have no fractions of a second"),
        "SP" => Some("PostgreSQL does not spell numbers out either"),
        "TM" => Some("TM goes before a month or day name only"),
        "TH" => Some("TH goes after a number only"),
        _ => None,
    }
}

pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub(crate) const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const ROMAN: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

impl Template {
    /// Read `template` as PostgreSQL reads it; a part this module cannot write as PostgreSQL
    /// does is refused, by name.
    pub fn parse(template: &str) -> Result<Template, Refused> {
        let chars: Vec<(usize, char)> = template.char_indices().collect();
        let mut pieces = Vec::new();
        let mut i = 0;
        let refuse = |i: usize, len: usize, why| {
            let start = chars[i].0;
            let end = chars.get(i + len).map_or(template.len(), |c| c.0);
            Err(Refused {
                part: template[start..end].to_owned(),
                at: i + 1,
                why,
            })
        };
        while i < chars.len() {
            let rest = &template[chars[i].0..];
            if let Some(quoted) = rest.strip_prefix('"') {
                // Text in double quotes is written as it is; a backslash keeps the next
                // character (a quote) in the text.
                let mut escaped = false;
                i += 1;
                for c in quoted.chars() {
                    i += 1;
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => break,
                        c => {
                            escaped = false;
                            pieces.push(Piece::Quoted(c));
                        }
                    }
                }
                continue;
            }
            let prefix = ["FM", "fm", "TM", "tm"]
                .into_iter()
                .find(|p| rest.starts_with(p));
            let after = &rest[prefix.map_or(0, str::len)..];
            let skip = prefix.map_or(0, |_| 2);
            match pattern(after) {
                Some((p, name, field)) => {
                    if let Some(why) = refused_pattern(p) {
                        return refuse(i + skip, p.len(), why);
                    }
                    let names = matches!(field, MonthName(..) | DayName(..));
                    if prefix.is_some_and(|p| p.eq_ignore_ascii_case("TM")) && !names {
                        return refuse(i, 2, "TM goes before a month or day name only");
                    }
                    let mut len = skip + p.len();
                    let th = match &after[p.len()..] {
                        t if t.starts_with("TH") => Some(Upper),
                        t if t.starts_with("th") => Some(Lower),
                        _ => None,
                    };
                    if th.is_some() {
                        if !matches!(field, N(_)) {
                            return refuse(i + len, 2, "TH goes after a number only");
                        }
                        // `DDTHH24` reads as DD's ordinal (`07TH`) and then `H24`: a T meant
                        // as text, as in ISO 8601, is said here rather than at the `H`.
                        let next = &after[p.len() + 2..];
                        if next.starts_with(|c: char| c.is_ascii_alphabetic())
                            && pattern(next).is_none()
                        {
                            return refuse(
                                i + len,
                                2,
                                "it reads as the ordinal suffix of the number before it; \
                                 put a T meant as text in double quotes, as \"T\"",
                            );
                        }
                        len += 2;
                    }
                    pieces.push(Piece::Field {
                        field,
                        name,
                        at: i + skip,
                        fill: prefix.is_some(),
                        th,
                    });
                    i += len;
                }
                None if prefix.is_some() => {
                    return refuse(i, 2, "FM and TM go before a pattern only")
                }
                None => {
                    let c = chars[i].1;
                    // Only ASCII letters begin patterns: other letters are text.
                    if c.is_ascii_alphabetic() {
                        return refuse(
                            i,
                            1,
                            "it is not a pattern (YYYY, MM, DD, HH24, MI, SS, Mon, Day…); \
                             put text in double quotes, as \"T\"",
                        );
                    }
                    if c == '\\' {
                        return refuse(
                            i,
                            1,
                            "a backslash escapes a character inside double quotes only",
                        );
                    }
                    pieces.push(Piece::Text(c));
                    i += 1;
                }
            }
        }
        Ok(Template(pieces))
    }

    /// The same template as SQLite's `strftime` format, when every part has a twin there that
    /// writes the same (`YYYY`, `MM`, `DD`, `HH24`, `MI`, `SS`, `DDD`, and text): the
    /// translation is then plain SQLite.
    pub fn strftime(&self) -> Option<String> {
        let mut format = String::new();
        for piece in &self.0 {
            match *piece {
                Piece::Text('%') | Piece::Quoted('%') => format.push_str("%%"),
                Piece::Text(c) | Piece::Quoted(c) => format.push(c),
                Piece::Field {
                    field: N(n),
                    fill: false,
                    th: None,
                    ..
                } => format.push_str(match n {
                    Year(4) => "%Y",
                    Month => "%m",
                    Day => "%d",
                    Hour24 => "%H",
                    Minute => "%M",
                    Second => "%S",
                    DayOfYear => "%j",
                    _ => return None,
                }),
                Piece::Field { .. } => return None,
            }
        }
        Some(format)
    }

    /// The template written for `at`, as PostgreSQL writes it.
    pub fn write(&self, at: Moment) -> String {
        let date = NaiveDate::from_ymd_opt(at.year as i32, at.month as u32, at.day as u32)
            .unwrap_or_default();
        let hour = at.second / 3600;
        let mut out = String::new();
        for piece in &self.0 {
            let (field, fill, th) = match *piece {
                Piece::Text(c) | Piece::Quoted(c) => {
                    out.push(c);
                    continue;
                }
                Piece::Field {
                    field, fill, th, ..
                } => (field, fill, th),
            };
            let named = |out: &mut String, name: &str, case: Case, pad: usize| {
                let name = match case {
                    Upper => name.to_ascii_uppercase(),
                    Title => name.to_owned(),
                    Lower => name.to_ascii_lowercase(),
                };
                let pad = if fill { 0 } else { pad };
                let _ = write!(out, "{name:<pad$}");
            };
            match field {
                N(n) => {
                    let (value, width) = number(n, at, date);
                    // Milliseconds and microseconds keep their zeros under FM too.
                    let width = if fill && !matches!(n, Millisecond | Microsecond) {
                        0
                    } else {
                        width
                    };
                    let digits = format!("{value:0width$}");
                    out.push_str(&digits);
                    if let Some(case) = th {
                        out.push_str(ordinal(&digits, case));
                    }
                }
                MonthName(width, case) | DayName(width, case) => {
                    let name = match field {
                        MonthName(..) => MONTHS[at.month as usize - 1],
                        _ => DAYS[date.weekday().num_days_from_sunday() as usize],
                    };
                    let pad = if width == Full { 9 } else { 0 };
                    named(&mut out, width.of(name), case, pad);
                }
                Roman(case) => named(&mut out, ROMAN[at.month as usize - 1], case, 4),
                Meridiem(dots, case) => {
                    let word = match (hour >= 12, dots) {
                        (false, Plain) => "AM",
                        (false, Dotted) => "A.M.",
                        (true, Plain) => "PM",
                        (true, Dotted) => "P.M.",
                    };
                    named(&mut out, word, case, 0);
                }
                Era(dots, case) => {
                    let word = match dots {
                        Plain => "AD",
                        Dotted => "A.D.",
                    };
                    named(&mut out, word, case, 0);
                }
                Field::YearWithComma => {
                    let _ = write!(out, "{},{:03}", at.year / 1000, at.year % 1000);
                }
                Field::Nothing => {}
            }
        }
        out
    }
}

/// A number's value and its width with leading zeros (0: none).
fn number(n: Number, at: Moment, date: NaiveDate) -> (i64, usize) {
    let hour = at.second / 3600;
    let iso = date.iso_week();
    let last_digits = |year: i64, digits: u8| match digits {
        4 => (year, 4),
        d => (year % 10i64.pow(u32::from(d)), usize::from(d)),
    };
    match n {
        Hour12 => ((hour + 11) % 12 + 1, 2),
        Hour24 => (hour, 2),
        Minute => (at.second / 60 % 60, 2),
        Second => (at.second % 60, 2),
        Millisecond => (0, 3),
        Microsecond => (0, 6),
        SecondOfDay => (at.second, 0),
        Year(d) => last_digits(at.year, d),
        IsoYear(d) => last_digits(i64::from(iso.year()), d),
        Month => (at.month, 2),
        DayOfYear => (i64::from(date.ordinal()), 3),
        IsoDayOfYear => (
            i64::from((iso.week() - 1) * 7 + date.weekday().number_from_monday()),
            3,
        ),
        Day => (at.day, 2),
        Weekday => (i64::from(date.weekday().number_from_sunday()), 0),
        IsoWeekday => (i64::from(date.weekday().number_from_monday()), 0),
        WeekOfYear => (i64::from((date.ordinal() - 1) / 7 + 1), 2),
        WeekOfMonth => ((at.day - 1) / 7 + 1, 0),
        IsoWeek => (i64::from(iso.week()), 2),
        Quarter => ((at.month - 1) / 3 + 1, 0),
        Century => ((at.year + 99) / 100, 2),
        // The Julian day: days since 24 November 4714 BC (of the proleptic Gregorian calendar).
        Julian => (i64::from(date.num_days_from_ce()) + 1_721_425, 0),
    }
}

/// The ordinal suffix of a number as written: `st`, `nd`, `rd` or `th` (`th` for 11 to 13).
fn ordinal(digits: &str, case: Case) -> &'static str {
    let mut last = digits.bytes().rev();
    let suffix = match (last.next(), last.next()) {
        (_, Some(b'1')) => "th",
        (Some(b'1'), _) => "st",
        (Some(b'2'), _) => "nd",
        (Some(b'3'), _) => "rd",
        _ => "th",
    };
    match case {
        Upper => match suffix {
            "st" => "ST",
            "nd" => "ND",
            "rd" => "RD",
            _ => "TH",
        },
        _ => suffix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn write(at: &str, template: &str) -> String {
        Template::parse(template)
            .unwrap()
            .write(Moment::parse(at).unwrap())
    }

    // Each expected text is what PostgreSQL 15 wrote for the same call (also checked by the
    // translator's differential test against a real PostgreSQL).
    #[test]
    fn names_numbers_and_modifiers_are_written_as_postgresql_writes_them() {
        assert_eq!(
            write(
                "2024-03-07 14:05:09",
                "yyyy-mm-dd Month|Mon|Day|Dy|DDth|FMDDth|HH12 AM a.m.|RM|rm|FMRM|IYYY-IW-ID|IDDD"
            ),
            "2024-03-07 March    |Mar|Thursday |Thu|07th|7th|02 PM p.m.|III |iii |III|2024-10-4|067"
        );
        assert_eq!(
            write(
                "2024-03-07 14:05:09",
                "J|Q|W|WW|CC|Y,YYY|YYY|YY|Y|SSSS|SSSSS|MS|US|D|FMMonth|MONTH|month|FXYYYY"
            ),
            "2460377|1|1|10|21|2,024|024|24|4|50709|50709|000|000000|5|March|MARCH    |march    |2024"
        );
        assert_eq!(
            write(
                "2024-03-11 00:05:09",
                r#"DDth|DDTH|HH|HH12|am|"quoted \" Q"Q|FMHH12|FMMS|AD|bc|a.d.|dy|Dy|DY|TMMonth|SSth"#
            ),
            "11th|11TH|12|12|am|quoted \" Q1|12|000|AD|ad|a.d.|mon|Mon|MON|March|09th"
        );
        assert_eq!(
            write("2024-12-22 23:05:09", "DDth|FMDDth|D|ID|IW|WW|W|IYYY"),
            "22nd|22nd|1|7|51|51|4|2024"
        );
        assert_eq!(
            write(
                "2021-01-02 12:00:00",
                "DDth|IYYY-IW|IY|I|CC|FMCC|FMWW|FMIW|FMYYYY|FMDDD|FMJ|WWth"
            ),
            "02nd|2020-53|20|0|21|21|1|53|2021|2|2459217|01st"
        );
        assert_eq!(write("2024-03-13", r#"FMDDth YYYY"T"HH24"#), "13th 2024T00");
    }

    #[test]
    fn what_cannot_be_written_exactly_is_refused_by_name_and_place() {
        let refused = |t: &str| Template::parse(t).unwrap_err();
        let e = refused("YYYY-MM-DD HH24:MI:SS TZ");
        assert_eq!((e.part.as_str(), e.at), ("TZ", 23));
        assert!(e.to_string().contains("UTC"), "{e}");
        assert_eq!(refused("YYYY-MM-DDTHH24").part, "TH");
        assert_eq!(refused("Week W").part, "e");
        assert_eq!(refused("FMTZ").part, "TZ");
        assert_eq!(refused("MonthTH").part, "TH");
        assert_eq!(refused("TMDD").part, "TM");
        assert_eq!(refused("FM-").part, "FM");
        assert_eq!(refused(r"YYYY\MM").part, "\\");
        assert_eq!(refused("HH24:MI:SS.FF3").part, "FF3");
        assert_eq!(refused("YYYY-MM-DDTHH24:MI").at, 11);
        assert!(refused("YYYY-MM-DDTHH24").to_string().contains("\"T\""));
    }

    /// Every template of up to three pieces from those that start, end, prefix, suffix or
    /// escape patterns is read or refused, and what is read is written, with no panic.
    #[test]
    fn any_template_is_read_or_refused() {
        const PIECES: [&str; 17] = [
            "FM", "TM", "TH", "th", "TZ", "DD", "Y", "M", "I", "h", "P", "\"", "\\", " ", "9",
            "日", ".",
        ];
        let at = Moment::parse("2024-02-29 23:59:59").unwrap();
        for a in PIECES {
            for b in PIECES {
                for c in PIECES {
                    for template in [a.to_owned(), format!("{a}{b}"), format!("{a}{b}{c}")] {
                        if let Ok(read) = Template::parse(&template) {
                            read.write(at);
                            read.strftime();
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_numeric_templates_are_sqlites_strftime() {
        let strftime = |t: &str| Template::parse(t).unwrap().strftime();
        assert_eq!(
            strftime("YYYY-MM-DD HH24:MI:SS").as_deref(),
            Some("%Y-%m-%d %H:%M:%S")
        );
        assert_eq!(strftime("yyyy/ddd 100%").as_deref(), Some("%Y/%j 100%%"));
        assert_eq!(strftime(r#"YYYY"T"MM"#).as_deref(), Some("%YT%m"));
        assert_eq!(strftime("YYYY年MM月").as_deref(), Some("%Y年%m月"));
        assert_eq!(strftime("Mon YYYY"), None);
        assert_eq!(strftime("FMDD"), None);
        assert_eq!(strftime("DDth"), None);
    }
}
