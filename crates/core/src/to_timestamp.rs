//! PostgreSQL's `to_timestamp(text, template)` and `to_date(text, template)`: a text read by a
//! `to_char` template, as PostgreSQL 15 reads it in its default (not FX) mode.
//!
//! The template is read by [`Template::parse`], as for `to_char`, and then checked here for
//! reading: the translator does that when the query is translated, so a pattern credreport does
//! not read as PostgreSQL does is refused by name (fractions of a second, ISO weeks, centuries,
//! Julian days, time zones). A template with no year is refused too: PostgreSQL reads it as
//! the year 1 BC, which credreport's times cannot hold.
//!
//! The text is read row by row, in `pg_to_timestamp`, step for step as PostgreSQL's
//! `DCH_from_char` reads it: a separator in the template stands for any one separator or blank
//! in the text, or for none; blanks before a field are skipped; a number is read to the next
//! separator, or for the pattern's width when a digit may follow; names are matched in any
//! case; what PostgreSQL stops with an error, this stops with its words. A field of value 0 is
//! taken as not given, as PostgreSQL takes it (`2024-01-00` is 1 January).

use crate::functions::{days_in_month, Moment};
use crate::to_char::{Dots, Field, Number, Piece, Refused, Template};

/// Why a text could not be read by a template: PostgreSQL's error, in its words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    #[error("source string too short for \"{field}\" formatting field: it needs {needs} characters, but only {left} remain; if the text is not of fixed width, put FM before the field")]
    TooShort {
        field: &'static str,
        needs: usize,
        left: usize,
    },
    #[error("invalid value \"{value}\" for \"{field}\": {why}")]
    Invalid {
        value: String,
        field: &'static str,
        why: &'static str,
    },
    #[error("value for \"{field}\" in source string is out of range")]
    OutOfRange { field: &'static str },
    #[error("conflicting values for \"{field}\" field in formatting string: it was given twice, differently")]
    Conflict { field: &'static str },
    #[error(
        "hour \"{hour}\" is invalid for the 12-hour clock: give an hour from 1 to 12, or use HH24"
    )]
    Hour12 { hour: i64 },
    #[error("date/time field value out of range: \"{text}\"")]
    Overflow { text: String },
    #[error("\"{text}\" has no year where the pattern reads one (PostgreSQL would take 1 BC, which credreport's times cannot hold)")]
    NoYear { text: String },
    #[error("\"{text}\" is a year credreport's times cannot hold (they run from 1 to 9999 AD)")]
    Year { text: String },
}

/// A text read: the moment it names, in UTC.
type Read = Result<Moment, Unreadable>;

/// The fields a text gives, as PostgreSQL's `TmFromChar` keeps them: 0 is "not given".
#[derive(Default)]
struct Given {
    hh: i64,
    pm: i64,
    mi: i64,
    ss: i64,
    ssss: i64,
    d: i64,
    dd: i64,
    ddd: i64,
    mm: i64,
    year: i64,
    bc: i64,
    clock12: bool,
}

/// How a template's piece takes part in reading, as PostgreSQL's nodes do.
#[derive(Clone, Copy, PartialEq)]
enum Node {
    /// A separator or a blank outside double quotes.
    Separator,
    /// Any other character: it stands for one character of the text, whatever it is.
    Char(char),
    Field(Piece),
}

impl Node {
    fn of(piece: Piece) -> Node {
        match piece {
            Piece::Text(c) if is_separator(c) || is_blank(c) => Node::Separator,
            Piece::Text(c) | Piece::Quoted(c) => Node::Char(c),
            field => Node::Field(field),
        }
    }
}

/// An ASCII character that is printable and neither a letter nor a digit nor a blank.
fn is_separator(c: char) -> bool {
    c.is_ascii_graphic() && !c.is_ascii_alphanumeric()
}

/// What C's `isspace` takes for a blank.
fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

impl Template {
    /// Read `template` for `to_timestamp` and `to_date`: as for `to_char`, then refusing what
    /// credreport does not read as PostgreSQL does.
    pub fn parse_for_reading(template: &str) -> Result<Template, Refused> {
        let read = Template::parse(template)?;
        let mut year = false;
        for piece in &read.0 {
            let &Piece::Field {
                field, name, at, ..
            } = piece
            else {
                continue;
            };
            let why = match field {
                Field::Number(n) => match n {
                    Number::Year(_) => {
                        year = true;
                        continue;
                    }
                    Number::Hour12
                    | Number::Hour24
                    | Number::Minute
                    | Number::Second
                    | Number::SecondOfDay
                    | Number::Month
                    | Number::DayOfYear
                    | Number::Day
                    | Number::Weekday
                    | Number::Quarter => continue,
                    Number::Millisecond | Number::Microsecond => {
                        "the report's times have no fractions of a second"
                    }
                    Number::IsoYear(_)
                    | Number::IsoDayOfYear
                    | Number::IsoWeekday
                    | Number::IsoWeek
                    | Number::WeekOfYear
                    | Number::WeekOfMonth => {
                        "weeks are not read here: give the date as YYYY-MM-DD or YYYY-DDD"
                    }
                    Number::Century | Number::Julian => {
                        "centuries and Julian days are not read here: give the year as YYYY"
                    }
                },
                Field::YearWithComma => "give the year as YYYY",
                _ => continue,
            };
            return Err(Refused {
                part: template.chars().skip(at).take(name.len()).collect(),
                at: at + 1,
                why,
            });
        }
        if !year {
            return Err(Refused {
                part: template.to_owned(),
                at: 1,
                why: "it has no year (YYYY): PostgreSQL takes the year 1 BC then, which \
                      credreport's times cannot hold",
            });
        }
        Ok(read)
    }

    /// `text` read by this template (one that [`Template::parse_for_reading`] gave), as
    /// PostgreSQL's `to_timestamp` reads it in UTC; `to_date` is its day.
    pub fn read(&self, text: &str) -> Read {
        let nodes: Vec<Node> = self.0.iter().copied().map(Node::of).collect();
        let mut given = Given::default();
        let mut s = text;
        let mut fixed = false;
        // Characters skipped beyond those the template stands for, which a later character
        // of the template may then stand for instead of one more of the text.
        let mut extra: i64 = 0;
        for (i, &node) in nodes.iter().enumerate() {
            if s.is_empty() {
                break;
            }
            let fx = matches!(
                node,
                Node::Field(Piece::Field {
                    field: Field::Nothing,
                    ..
                })
            );
            if !fixed && !fx && (matches!(node, Node::Field(_)) || i == 0) {
                extra += skip_blanks(&mut s) as i64;
            }
            let piece = match node {
                Node::Separator if fixed => {
                    s = after_one(s);
                    continue;
                }
                Node::Separator => {
                    extra -= 1;
                    if s.starts_with(|c| is_blank(c) || is_separator(c)) {
                        s = &s[1..];
                        extra += 1;
                    }
                    continue;
                }
                Node::Char(_) => {
                    if !fixed && extra > 0 {
                        extra -= 1;
                    } else {
                        s = after_one(s);
                    }
                    continue;
                }
                Node::Field(piece) => piece,
            };
            let Piece::Field {
                field,
                name,
                fill,
                th,
                ..
            } = piece
            else {
                continue;
            };
            let to_separator = fill || th.is_some() || next_is_separator(&nodes[i + 1..]);
            match field {
                Field::Nothing => fixed = true,
                Field::Number(n) => {
                    let width = match n {
                        Number::Hour12 | Number::Hour24 => 2,
                        _ => name.len(),
                    };
                    let (value, used) = integer(&mut s, width, to_separator, name)?;
                    let (slot, value) = match n {
                        Number::Hour12 => {
                            given.clock12 = true;
                            (&mut given.hh, value)
                        }
                        Number::Hour24 => (&mut given.hh, value),
                        Number::Minute => (&mut given.mi, value),
                        Number::Second => (&mut given.ss, value),
                        Number::SecondOfDay => (&mut given.ssss, value),
                        Number::Month => (&mut given.mm, value),
                        Number::DayOfYear => (&mut given.ddd, value),
                        Number::Day => (&mut given.dd, value),
                        Number::Weekday => (&mut given.d, value),
                        Number::Year(4) => (&mut given.year, value),
                        Number::Year(_) if used < 4 => (&mut given.year, toward_2020(value)),
                        Number::Year(_) => (&mut given.year, value),
                        // PostgreSQL reads a quarter and does nothing with it.
                        _ => continue,
                    };
                    set(slot, value, name)?;
                    if th.is_some() {
                        s = after_one(after_one(s));
                    }
                }
                Field::MonthName(width, _) => {
                    let names = crate::to_char::MONTHS.map(|m| width.of(m));
                    let found = one_of(&mut s, &names, name)?;
                    set(&mut given.mm, found as i64 + 1, name)?;
                }
                Field::DayName(width, _) => {
                    let names = crate::to_char::DAYS.map(|d| width.of(d));
                    // As PostgreSQL does: the name's place from Sunday = 0 is compared with a
                    // day given before (by D or a name), and then kept one higher.
                    let found = one_of(&mut s, &names, name)?;
                    set(&mut given.d, found as i64, name)?;
                    given.d += 1;
                }
                Field::Roman(_) => {
                    let found = one_of(&mut s, &ROMAN_DOWN, name)?;
                    set(&mut given.mm, 12 - found as i64, name)?;
                }
                Field::Meridiem(dots, _) => {
                    let words = match dots {
                        Dots::Plain => ["am", "pm", "AM", "PM"],
                        Dots::Dotted => ["a.m.", "p.m.", "A.M.", "P.M."],
                    };
                    let found = one_of(&mut s, &words, name)?;
                    set(&mut given.pm, found as i64 % 2, name)?;
                    given.clock12 = true;
                }
                Field::Era(dots, _) => {
                    let words = match dots {
                        Dots::Plain => ["ad", "bc", "AD", "BC"],
                        Dots::Dotted => ["a.d.", "b.c.", "A.D.", "B.C."],
                    };
                    let found = one_of(&mut s, &words, name)?;
                    set(&mut given.bc, found as i64 % 2, name)?;
                }
                // Refused by `parse_for_reading`.
                Field::YearWithComma => continue,
            }
            if !fixed {
                extra = skip_blanks(&mut s) as i64;
            }
        }
        given.moment(text)
    }
}

/// The Roman months, as PostgreSQL searches them: a longer one before its prefix.
const ROMAN_DOWN: [&str; 12] = [
    "xii", "xi", "x", "ix", "viii", "vii", "vi", "v", "iv", "iii", "ii", "i",
];

/// The blanks `s` starts with skipped; how many.
fn skip_blanks(s: &mut &str) -> usize {
    let rest = s.trim_start_matches(is_blank);
    let skipped = s.len() - rest.len();
    *s = rest;
    skipped
}

/// The text after its first character.
fn after_one(s: &str) -> &str {
    let mut chars = s.chars();
    chars.next();
    chars.as_str()
}

/// PostgreSQL's `is_next_separator`: whether what follows a number in the template cannot be
/// a digit, so the number may be read to the first character that is not one.
fn next_is_separator(rest: &[Node]) -> bool {
    match rest.first() {
        None => true,
        Some(Node::Field(Piece::Field { field, .. })) => !matches!(field, Field::Number(_)),
        Some(Node::Char(c)) => !c.is_ascii_digit(),
        Some(_) => true,
    }
}

/// PostgreSQL's `from_char_set_int`: a field given twice must be given the same.
fn set(slot: &mut i64, value: i64, field: &'static str) -> Result<(), Unreadable> {
    if *slot != 0 && *slot != value {
        return Err(Unreadable::Conflict { field });
    }
    *slot = value;
    Ok(())
}

/// PostgreSQL's `adjust_partial_year_to_2020`: a year of fewer than four digits, nearest 2020.
fn toward_2020(year: i64) -> i64 {
    match year {
        ..=69 => year + 2000,
        70..=99 => year + 1900,
        100..=519 => year + 2000,
        520..=999 => year + 1000,
        _ => year,
    }
}

/// C's `strtol` in base 10 on the start of `s`: its value and how many bytes it read (0 when
/// there is no number; blanks and a sign before the digits are read with them).
fn strtol(s: &str) -> (Option<i64>, usize) {
    let b = s.as_bytes();
    let mut i = b.iter().take_while(|&&c| is_blank(char::from(c))).count();
    let negative = b.get(i) == Some(&b'-');
    if matches!(b.get(i), Some(b'-' | b'+')) {
        i += 1;
    }
    let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return (Some(0), 0);
    }
    let mut value: Option<i64> = Some(0);
    for &d in &b[i..i + digits] {
        value = value
            .and_then(|v| v.checked_mul(10))
            .and_then(|v| v.checked_add(i64::from(d - b'0')));
    }
    (value.map(|v| if negative { -v } else { v }), i + digits)
}

/// PostgreSQL's `from_char_parse_int_len`: a number, to the next separator or of `width`
/// characters; its value and the characters read (blanks before it included).
fn integer(
    s: &mut &str,
    width: usize,
    to_separator: bool,
    field: &'static str,
) -> Result<(i64, usize), Unreadable> {
    let start = *s;
    skip_blanks(s);
    let after_blanks = *s;
    let copy: String = after_blanks.chars().take(width).collect();
    let value = if to_separator {
        let (value, used) = strtol(start);
        *s = &start[used..];
        value
    } else {
        let left = copy.chars().count();
        if left < width {
            return Err(Unreadable::TooShort {
                field,
                needs: width,
                left,
            });
        }
        let (value, used) = strtol(&copy);
        if used > 0 && used < copy.len() {
            return Err(Unreadable::Invalid {
                value: copy,
                field,
                why: "the field needs more digits than it has; put FM before it if the text \
                      is not of fixed width",
            });
        }
        *s = &after_blanks[used..];
        value
    };
    if s.len() == start.len() {
        return Err(Unreadable::Invalid {
            value: copy,
            field,
            why: "it must be a whole number",
        });
    }
    match value {
        Some(v) if i32::try_from(v).is_ok() => Ok((v, start.len() - s.len())),
        _ => Err(Unreadable::OutOfRange { field }),
    }
}

/// PostgreSQL's `from_char_seq_search`: which of `words` the text starts with, in any case
/// (the first that does); the text is then after it.
fn one_of(s: &mut &str, words: &[&str], field: &'static str) -> Result<usize, Unreadable> {
    for (i, w) in words.iter().enumerate() {
        if let Some(start) = s.get(..w.len()) {
            if start.eq_ignore_ascii_case(w) {
                *s = &s[w.len()..];
                return Ok(i);
            }
        }
    }
    Err(Unreadable::Invalid {
        value: s.chars().take(32).collect(),
        field,
        why: "it is none of the values the field takes",
    })
}

impl Given {
    /// PostgreSQL's `do_to_timestamp`, for the fields read here.
    fn moment(self, text: &str) -> Read {
        let overflow = || Unreadable::Overflow {
            text: text.to_owned(),
        };
        let (mut hour, mut minute, mut second) = (0, 0, 0);
        if self.ssss != 0 {
            (hour, minute, second) = (self.ssss / 3600, self.ssss % 3600 / 60, self.ssss % 60);
        }
        if self.ss != 0 {
            second = self.ss;
        }
        if self.mi != 0 {
            minute = self.mi;
        }
        if self.hh != 0 {
            hour = self.hh;
        }
        if self.clock12 {
            if !(1..=12).contains(&hour) {
                return Err(Unreadable::Hour12 { hour });
            }
            if self.pm != 0 && hour < 12 {
                hour += 12;
            } else if self.pm == 0 && hour == 12 {
                hour = 0;
            }
        }
        if self.year == 0 {
            return Err(Unreadable::NoYear {
                text: text.to_owned(),
            });
        }
        if self.bc != 0 || !(1..=9999).contains(&self.year) {
            return Err(Unreadable::Year {
                text: text.to_owned(),
            });
        }
        let year = self.year;
        let (mut month, mut day) = (1, 1);
        if self.dd != 0 {
            day = self.dd;
        }
        if self.mm != 0 {
            month = self.mm;
        }
        if self.ddd != 0 && (month <= 1 || day <= 1) {
            // The month and day not given are taken from the day of the year: the first month
            // it is not after the end of (13 past December), and its day in that month.
            let mut before = 0;
            let mut m = 1;
            while m <= 12 && self.ddd > before + days_in_month(year, m) {
                before += days_in_month(year, m);
                m += 1;
            }
            if month <= 1 {
                month = m;
            }
            if day <= 1 {
                day = self.ddd - before;
            }
        }
        let month_given = self.mm != 0 || self.ddd != 0;
        let day_given = self.dd != 0 || self.ddd != 0;
        if month_given && !(1..=12).contains(&month) {
            return Err(overflow());
        }
        if day_given && !(1..=31).contains(&day) {
            return Err(overflow());
        }
        if month_given && day_given && day > days_in_month(year, month) {
            return Err(overflow());
        }
        if !(0..24).contains(&hour) || !(0..60).contains(&minute) || !(0..60).contains(&second) {
            return Err(overflow());
        }
        Ok(Moment {
            year,
            month,
            day,
            second: hour * 3600 + minute * 60 + second,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn read(text: &str, template: &str) -> Result<String, String> {
        let t = Template::parse_for_reading(template).map_err(|e| e.to_string())?;
        t.read(text)
            .map(Moment::timestamp_text)
            .map_err(|e| e.to_string())
    }

    /// Each text read as PostgreSQL 15 read it (`to_timestamp(text, template)::timestamp`
    /// in UTC); `None` where it stopped with an error, or gave a year before 1 or after 9999.
    #[test]
    fn texts_are_read_as_postgresql_reads_them() {
        const CASES: &[(&str, &str, Option<&str>)] = &[
            (
                "2024-05-01 10:11:12",
                "YYYY-MM-DD HH24:MI:SS",
                Some("2024-05-01 10:11:12"),
            ),
            ("2024-05-01", "YYYY-MM-DD", Some("2024-05-01 00:00:00")),
            ("20240501", "YYYYMMDD", Some("2024-05-01 00:00:00")),
            ("2024/5/1", "YYYY/MM/DD", Some("2024-05-01 00:00:00")),
            ("2024 5 1", "YYYY-MM-DD", Some("2024-05-01 00:00:00")),
            ("  2024-05-01", "YYYY-MM-DD", Some("2024-05-01 00:00:00")),
            (
                "2024-05-01T10:11",
                "YYYY-MM-DD\"T\"HH24:MI",
                Some("2024-05-01 10:11:00"),
            ),
            (
                "2024-05-01 10:11",
                "YYYY-MM-DD\"T\"HH24:MI",
                Some("2024-05-01 10:11:00"),
            ),
            ("05 Mar 2024", "DD Mon YYYY", Some("2024-03-05 00:00:00")),
            (
                "05 march 2024",
                "DD Month YYYY",
                Some("2024-03-05 00:00:00"),
            ),
            ("05 MARCH2024", "DD MONTHYYYY", Some("2024-03-05 00:00:00")),
            (
                "Tuesday 5 March 2024",
                "Day DD Month YYYY",
                Some("2024-03-05 00:00:00"),
            ),
            ("1/2/24", "MM/DD/YY", Some("2024-01-02 00:00:00")),
            ("1/2/99", "MM/DD/YY", Some("1999-01-02 00:00:00")),
            ("1/2/524", "MM/DD/YYY", Some("1524-01-02 00:00:00")),
            (
                "12:30 AM 2024-01-01",
                "HH12:MI AM YYYY-MM-DD",
                Some("2024-01-01 00:30:00"),
            ),
            (
                "12:30 pm 2024-01-01",
                "HH:MI AM YYYY-MM-DD",
                Some("2024-01-01 12:30:00"),
            ),
            (
                "01:30 p.m. 2024-01-01",
                "HH:MI A.M. YYYY-MM-DD",
                Some("2024-01-01 13:30:00"),
            ),
            ("13:30 pm 2024-01-01", "HH:MI AM YYYY-MM-DD", None),
            ("2024-02-30", "YYYY-MM-DD", None),
            ("2024-13-01", "YYYY-MM-DD", None),
            ("2024-01-00", "YYYY-MM-DD", Some("2024-01-01 00:00:00")),
            ("2024-01-32", "YYYY-MM-DD", None),
            ("2024 060", "YYYY DDD", Some("2024-02-29 00:00:00")),
            ("2023 060", "YYYY DDD", Some("2023-03-01 00:00:00")),
            ("2024 370", "YYYY DDD", None),
            ("2024-03 370", "YYYY-MM DDD", Some("2024-03-04 00:00:00")),
            (
                "2024-03-05 370",
                "YYYY-MM-DD DDD",
                Some("2024-03-05 00:00:00"),
            ),
            ("2024-xx-01", "YYYY-MM-DD", None),
            ("2024-5-1", "YYYY-MMDD", None),
            ("2024051", "YYYYMMDD", Some("2024-05-01 00:00:00")),
            ("202405", "YYYYMMDD", Some("2024-05-01 00:00:00")),
            ("2024-05-01 25:00", "YYYY-MM-DD HH24:MI", None),
            ("2024-05-01 10:61", "YYYY-MM-DD HH24:MI", None),
            (
                "2024-05-01 36000",
                "YYYY-MM-DD SSSS",
                Some("2024-05-01 10:00:00"),
            ),
            ("2024-05-01xyz", "YYYY-MM-DD", Some("2024-05-01 00:00:00")),
            (
                "2024-05-01",
                "YYYY-MM-DD HH24:MI",
                Some("2024-05-01 00:00:00"),
            ),
            ("2024", "YYYY", Some("2024-01-01 00:00:00")),
            ("24", "YY", Some("2024-01-01 00:00:00")),
            ("2024-IV-01", "YYYY-RM-DD", Some("2024-04-01 00:00:00")),
            ("2024-iv-01", "YYYY-rm-DD", Some("2024-04-01 00:00:00")),
            ("2024-xii-01", "YYYY-RM-DD", Some("2024-12-01 00:00:00")),
            ("2024 AD", "YYYY AD", Some("2024-01-01 00:00:00")),
            ("2024 bc", "YYYY AD", None),
            ("1st Jan 2024", "DDth Mon YYYY", Some("2024-01-01 00:00:00")),
            (
                "2024-05-01 Q2",
                "YYYY-MM-DD \"Q\"Q",
                Some("2024-05-01 00:00:00"),
            ),
            ("2024,05,01", "YYYY-MM-DD", Some("2024-05-01 00:00:00")),
            ("2024--05--01", "YYYY-MM-DD", None),
            ("2024-05-01", "YYYY--MM--DD", Some("2024-05-01 00:00:00")),
            ("2024-05-01", "FXYYYY-MM-DD", Some("2024-05-01 00:00:00")),
            ("2024 -05-01", "FXYYYY-MM-DD", None),
            ("2024-5-1", "FMYYYY-FMMM-FMDD", Some("2024-05-01 00:00:00")),
            ("99999-01-01", "YYYY-MM-DD", None),
            ("-2024-01-01", "YYYY-MM-DD", None),
            ("+2024-01-01", "YYYY-MM-DD", Some("2024-01-01 00:00:00")),
            (
                "2024-05-01 3 Wed",
                "YYYY-MM-DD D Dy",
                Some("2024-05-01 00:00:00"),
            ),
            ("2024-05-01 3 Thu", "YYYY-MM-DD D Dy", None),
            (
                "2024-05-05",
                "YYYY-MM-DD\"日\"",
                Some("2024-05-05 00:00:00"),
            ),
            (
                "2024年05月01日",
                "YYYY\"年\"MM\"月\"DD\"日\"",
                Some("2024-05-01 00:00:00"),
            ),
            (
                "2024年05月01日",
                "YYYY年MM月DD日",
                Some("2024-05-01 00:00:00"),
            ),
            ("2024-05-01 5", "YYYY-MM-DD MM", Some("2024-05-01 00:00:00")),
            ("2024-05-01 6", "YYYY-MM-DD MM", None),
            ("2024 12345678901", "YYYY MM", None),
            (" ", "YYYY", None),
            (
                "2024-05-01 10",
                "YYYY-MM-DD HH",
                Some("2024-05-01 10:00:00"),
            ),
            ("x2024", "YYYY", None),
            ("2024-05-1", "YYYY-MM-DD", Some("2024-05-01 00:00:00")),
            (
                "2024-05-1 10:00",
                "YYYY-MM-DD HH24:MI",
                Some("2024-05-01 10:00:00"),
            ),
            (
                "20240501 1011",
                "YYYYMMDD HH24MI",
                Some("2024-05-01 10:11:00"),
            ),
            ("2024-05", "YYYYMMDD", Some("2024-01-05 00:00:00")),
            ("2024 May 01", "YYYY Mon DD", Some("2024-05-01 00:00:00")),
            ("2024 Mayo 01", "YYYY Mon DD", None),
            ("2024 Sept 01", "YYYY Mon DD", None),
            ("2024 September 01", "YYYY Mon DD", None),
        ];
        for &(text, template, expected) in CASES {
            let got = read(text, template);
            assert_eq!(
                got.as_deref().ok(),
                expected,
                "{text:?} by {template:?}: {got:?}"
            );
        }
    }

    #[test]
    fn errors_say_what_postgresql_says() {
        let error = |text, template| read(text, template).unwrap_err();
        assert_eq!(
            error("2024-xx-01", "YYYY-MM-DD"),
            "invalid value \"xx\" for \"MM\": it must be a whole number"
        );
        assert!(error("2024-5-1", "YYYY-MMDD").contains("put FM before it"));
        assert!(
            error("2024-05-01 3 Thu", "YYYY-MM-DD D Dy").contains("conflicting values for \"Dy\"")
        );
        assert_eq!(
            error("2024-02-30", "YYYY-MM-DD"),
            "date/time field value out of range: \"2024-02-30\""
        );
        assert!(error("13:30 pm 2024", "HH:MI AM YYYY").starts_with("hour \"13\" is invalid"));
        assert!(error("2024 bc", "YYYY AD").contains("from 1 to 9999 AD"));
        assert!(error("2024051", "YYYYMMDDHH24").contains("too short for \"DD\""));
        assert!(error("2024 1", "YYYYMMDD").contains("too short for \"MM\""));
    }

    #[test]
    fn what_is_not_read_as_postgresql_reads_it_is_refused_by_name() {
        let refused = |t: &str| Template::parse_for_reading(t).unwrap_err();
        let e = refused("YYYY-MM-DD HH24:MI:SS.MS");
        assert_eq!((e.part.as_str(), e.at), ("MS", 23));
        assert_eq!(refused("YYYY-MM-DD FMUS").part, "US");
        assert_eq!(refused("IYYY-IW").part, "IYYY");
        assert_eq!(refused("CC YY").part, "CC");
        assert_eq!(refused("Y,YYY").part, "Y,YYY");
        assert_eq!(refused("J").part, "J");
        assert!(refused("MM-DD").why.contains("no year"));
        assert_eq!(refused("YYYY TZ").part, "TZ");
    }

    /// Texts of up to three pieces, read by templates of up to two: each is read or stopped
    /// with an error, with no panic.
    #[test]
    fn any_text_is_read_or_stopped() {
        const TEXT: [&str; 14] = [
            "2024",
            "12",
            "-",
            " ",
            "+",
            "x",
            "am",
            "Mar",
            "日",
            "99999999999",
            "0",
            ":",
            "iv",
            "",
        ];
        const TEMPLATES: [&str; 12] = [
            "YYYY", "MM", "DD", "-", " ", "HH12", "AM", "Mon", "RM", "FMDDD", "\"日\"", "YYth",
        ];
        for a in TEMPLATES {
            for b in TEMPLATES {
                let Ok(t) = Template::parse_for_reading(&format!("{a}{b}")) else {
                    continue;
                };
                for x in TEXT {
                    for y in TEXT {
                        for z in TEXT {
                            let _ = t.read(&format!("{x}{y}{z}"));
                        }
                    }
                }
            }
        }
    }
}
