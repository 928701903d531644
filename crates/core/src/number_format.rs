//! PostgreSQL's `to_char(number, template)` for the templates of plain numbers: digits (`9`, a
//! `0` that is always written), one decimal point (`.` or `D`), group separators (`,` or `G`)
//! and `FM`, as PostgreSQL writes them in its C locale.
//!
//! The translator reads a query's template here, so any other part (`S`, `MI`, `PR`, `L`, `V`,
//! `EEEE`, `RN`, `TH`, text) is refused when the query is translated, naming it; `pg_to_char_number`
//! (in `functions`) writes each row's number. How the number is rounded first depends on its
//! type, as in PostgreSQL: a `numeric` half away from zero in the digits it was written with,
//! a `double precision` as C's `printf` rounds its binary value, an integer not at all.

use crate::to_char::Refused;

/// A number template, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberTemplate {
    /// Before the decimal point, in order.
    before: Vec<Slot>,
    /// After it: whether each digit is a `0` (always written, even in fill mode).
    after: Vec<bool>,
    point: bool,
    /// `FM`: no padding, and no trailing zeros a `9` would write.
    fill: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// A digit: `0` (written even as a leading zero) or `9`.
    Digit {
        zero: bool,
    },
    Comma,
}

/// How a number's type rounds it to the template's decimals, as PostgreSQL's `to_char` does
/// for that type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// An integer: nothing to round.
    Integer,
    /// A `numeric`: half away from zero, in the digits it was written with.
    Numeric,
    /// A `double precision`: the binary value, half to even (C's `printf`), its sign kept (so
    /// −0.001 is `-.00`).
    Double,
}

impl Rounding {
    /// Its name in SQL (`pg_to_char_number`'s third argument).
    pub fn as_str(self) -> &'static str {
        match self {
            Rounding::Integer => "integer",
            Rounding::Numeric => "numeric",
            Rounding::Double => "double",
        }
    }

    pub fn parse(s: &str) -> Option<Rounding> {
        [Rounding::Integer, Rounding::Numeric, Rounding::Double]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// A double precision has about 15 significant decimal digits: PostgreSQL cuts its decimals
/// to fit them, which this module does not write.
const DOUBLE_DIGITS: usize = 15;

impl NumberTemplate {
    /// Read `template`; a part this module does not write as PostgreSQL does is refused by name.
    pub fn parse(template: &str) -> Result<NumberTemplate, Refused> {
        let chars: Vec<char> = template.chars().collect();
        let mut t = NumberTemplate {
            before: Vec::new(),
            after: Vec::new(),
            point: false,
            fill: false,
        };
        let refuse = |at: usize, why| {
            Err(Refused {
                part: chars[at].to_string(),
                at: at + 1,
                why,
            })
        };
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            match c.to_ascii_uppercase() {
                'F' if chars.get(i + 1).is_some_and(|n| n.eq_ignore_ascii_case(&'M')) => {
                    t.fill = true;
                    i += 1;
                }
                '9' | '0' if t.point => t.after.push(c == '0'),
                '9' | '0' => t.before.push(Slot::Digit { zero: c == '0' }),
                '.' | 'D' if t.point => {
                    return refuse(i, "a template has one decimal point");
                }
                '.' | 'D' => t.point = true,
                ',' | 'G' if t.point => {
                    return refuse(i, "a group separator after the decimal point is not supported");
                }
                ',' | 'G' => t.before.push(Slot::Comma),
                _ => {
                    return refuse(
                        i,
                        "to_char() of a number takes 9, 0, a decimal point (. or D), group separators (, or G) and FM; join other text with ||",
                    )
                }
            }
            i += 1;
        }
        if t.digits_before() == 0 && t.after.is_empty() {
            return Err(Refused {
                part: template.to_owned(),
                at: 1,
                why: "a number's template needs a digit (9 or 0)",
            });
        }
        Ok(t)
    }

    fn digits_before(&self) -> usize {
        self.before
            .iter()
            .filter(|s| matches!(s, Slot::Digit { .. }))
            .count()
    }

    /// `x` written to this template, rounded as its type rounds it; an error for a double
    /// precision with more digits than it holds.
    pub fn write(&self, x: Number, rounding: Rounding) -> Result<String, String> {
        let post = self.after.len();
        let (negative, whole, fraction) = match (x, rounding) {
            (Number::Integer(n), _) => (n < 0, n.unsigned_abs().to_string(), "0".repeat(post)),
            (Number::Real(r), _) if !r.is_finite() => {
                return Err(format!("to_char() of {r} is not supported"))
            }
            (Number::Real(r), Rounding::Double) => {
                let written = format!("{:.*}", post, r.abs());
                let (whole, fraction) = written.split_once('.').unwrap_or((&written, ""));
                if post > 0 && whole.len() + post > DOUBLE_DIGITS {
                    return Err(format!(
                        "to_char() of the double precision {r} with {post} decimals: more than its {DOUBLE_DIGITS} digits (cast it to numeric first)"
                    ));
                }
                (r.is_sign_negative(), whole.to_owned(), fraction.to_owned())
            }
            (Number::Real(r), _) => {
                let (whole, fraction) = decimal_digits(r.abs(), post as i64, true);
                let zero = whole == "0" && fraction.bytes().all(|b| b == b'0');
                (r < 0.0 && !zero, whole, fraction)
            }
        };
        Ok(self.lay_out(negative, &whole, &fraction))
    }

    /// The digits laid into the template: `whole` (no leading zeros, `0` for none) and
    /// `fraction` (one digit per decimal of the template).
    fn lay_out(&self, negative: bool, whole: &str, fraction: &str) -> String {
        let pre = self.digits_before();
        let mut out = String::new();
        let sign: &'static str = match (negative, self.fill) {
            (true, _) => "-",
            (false, false) => " ",
            (false, true) => "",
        };
        if whole.len() > pre {
            // Too many digits for the template: each digit a #.
            out.push_str(sign);
            for s in &self.before {
                out.push(if *s == Slot::Comma { ',' } else { '#' });
            }
            if self.point {
                out.push('.');
            }
            out.extend(self.after.iter().map(|_| '#'));
            return out;
        }
        // Decimals kept: in fill mode, trailing zeros a 9 would write go, up to the last 0
        // of the template, which is always written.
        let kept = if self.fill {
            let last_zero = self.after.iter().rposition(|z| *z).map_or(0, |i| i + 1);
            let last_digit = fraction
                .bytes()
                .rposition(|b| b != b'0')
                .map_or(0, |i| i + 1);
            last_zero.max(last_digit)
        } else {
            fraction.len()
        };
        // Where the template's first 0 before the point is, among its digits: from there on
        // a leading zero is written.
        let zero_start = self
            .before
            .iter()
            .filter(|s| matches!(s, Slot::Digit { .. }))
            .position(|s| *s == Slot::Digit { zero: true });
        // A whole part of 0 before decimals, with no 0 in the template before the point, is
        // written as a blank (nothing in fill mode; a 0 there when no decimal is kept).
        let blank_zero = whole == "0" && zero_start.is_none() && !self.after.is_empty();
        let pad = pre - whole.len();
        let mut w = Line {
            out,
            started: false,
            sign,
            fill: self.fill,
        };
        let mut digit = 0;
        for s in &self.before {
            match s {
                Slot::Comma if w.started => w.out.push(','),
                Slot::Comma => w.blank(),
                Slot::Digit { .. } => {
                    if digit < pad {
                        if zero_start.is_some_and(|z| z <= digit) {
                            w.write('0');
                        } else {
                            w.blank();
                        }
                    } else if !blank_zero {
                        w.write(whole.as_bytes()[digit - pad] as char);
                    } else if self.fill && kept == 0 {
                        w.write('0');
                    } else {
                        w.blank();
                    }
                    digit += 1;
                }
            }
        }
        if !self.after.is_empty() {
            w.write('.');
            w.out.push_str(&fraction[..kept]);
        }
        w.out
    }
}

/// The text being written: the sign goes just before the first character that is not a blank.
struct Line {
    out: String,
    started: bool,
    sign: &'static str,
    fill: bool,
}

impl Line {
    fn write(&mut self, c: char) {
        if !self.started {
            self.out.push_str(self.sign);
            self.started = true;
        }
        self.out.push(c);
    }

    /// A blank where a digit or separator is not written (nothing in fill mode).
    fn blank(&mut self) {
        if !self.fill {
            self.out.push(' ');
        }
    }
}

/// A number as SQLite holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Integer(i64),
    Real(f64),
}

/// `x` (not negative) cut `n` digits after the point (before it, in tens, hundreds…, for `n`
/// below 0) in its shortest decimal text, the digits a numeric was written with; the last digit
/// kept raised when `round` and the first dropped is 5 or more (half away from zero). Its whole
/// part (`0` for none) and exactly `n` decimals (none for `n` below 0). `to_char`'s numbers and
/// the numeric `round` and `trunc` each cut a number here.
pub(crate) fn decimal_digits(x: f64, n: i64, round: bool) -> (String, String) {
    let text = format!("{x}");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
    // Where the kept digits end: before the first, none is kept and a 0 is the first dropped.
    let up = match usize::try_from(whole.len() as i64 + n) {
        Ok(end) => {
            // A digit past the text is a 0: it rounds nothing up.
            digits.resize(digits.len().max(end + 1), b'0');
            let up = round && digits[end] >= b'5';
            digits.truncate(end);
            up
        }
        Err(_) => {
            digits.clear();
            false
        }
    };
    if up {
        match digits.iter().rposition(|d| *d != b'9') {
            Some(i) => {
                digits[i] += 1;
                digits[i + 1..].fill(b'0');
            }
            None => {
                digits.fill(b'0');
                digits.insert(0, b'1');
            }
        }
    }
    let post = usize::try_from(n).unwrap_or(0);
    let mut digits = String::from_utf8_lossy(&digits).into_owned();
    let fraction = digits.split_off(digits.len().saturating_sub(post));
    // Tens, hundreds…: the digits kept stand before as many zeros.
    digits.extend(std::iter::repeat_n('0', usize::try_from(-n).unwrap_or(0)));
    let whole = digits.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    (whole.to_owned(), format!("{fraction:0>post$}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn write(x: f64, template: &str, r: Rounding) -> String {
        NumberTemplate::parse(template)
            .unwrap()
            .write(Number::Real(x), r)
            .unwrap()
    }

    /// Each answer is PostgreSQL 15's (`tests/differential.rs` checks a grid of them too).
    #[test]
    fn numbers_are_written_as_postgresql_writes_them() {
        use Rounding::{Double, Numeric};
        assert_eq!(write(12.345, "999.99", Numeric), "  12.35");
        assert_eq!(write(2.675, "FM999.99", Numeric), "2.68");
        assert_eq!(write(2.675, "FM999.99", Double), "2.67");
        assert_eq!(write(0.5, "999", Numeric), "   1");
        assert_eq!(write(0.5, "999", Double), "   0");
        assert_eq!(write(-0.5, "999", Double), "  -0");
        assert_eq!(write(0.0, "FM999.99", Numeric), "0.");
        assert_eq!(write(0.5, "FM999.99", Numeric), ".5");
        assert_eq!(write(5.0, "FM999.99", Numeric), "5.");
        assert_eq!(write(0.0, "FM9,999.00", Numeric), ".00");
        assert_eq!(write(1234.5, "FM9,999.00", Numeric), "1,234.50");
        assert_eq!(write(1234567.0, "9,999", Numeric), " #,###");
        assert_eq!(write(-0.5, "9.90", Numeric), " -.50");
        assert_eq!(write(-0.001, "9.90", Numeric), "  .00");
        assert_eq!(write(-0.001, "9.90", Double), " -.00");
        assert_eq!(write(-0.5, "099.9", Numeric), "-000.5");
        assert_eq!(write(0.5, "9G999D9", Numeric), "      .5");
        assert_eq!(write(-7.0, "999.", Numeric), "  -7");
        assert_eq!(write(-1000.0, "999.", Numeric), "-###.");
        assert_eq!(write(0.05, ".99", Numeric), " .##");
        assert_eq!(write(12.5, "99,999", Double), "     12");
        assert_eq!(write(99.95, "FM990.0", Numeric), "100.0");
        assert_eq!(
            NumberTemplate::parse("9999")
                .unwrap()
                .write(Number::Integer(3500), Rounding::Integer)
                .unwrap(),
            " 3500"
        );
    }

    /// Every template of up to four parts, written for numbers at the edges of each type:
    /// an answer or an error, never a panic, and as wide as PostgreSQL's when not filled.
    #[test]
    fn every_short_template_writes_every_number_without_a_panic() {
        let parts = ["9", "0", ".", "D", ",", "G", "FM"];
        let numbers = [
            Number::Integer(0),
            Number::Integer(i64::MIN),
            Number::Integer(i64::MAX),
            Number::Real(-0.0),
            Number::Real(0.5),
            Number::Real(-999.95),
            Number::Real(1e300),
            Number::Real(-1e-300),
            Number::Real(f64::MAX),
            Number::Real(f64::MIN_POSITIVE),
        ];
        let mut templates = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = templates
                .iter()
                .flat_map(|t| parts.map(|p| format!("{t}{p}")))
                .collect();
            templates.extend(longer);
        }
        templates.sort_unstable();
        templates.dedup();
        for t in &templates {
            let Ok(template) = NumberTemplate::parse(t) else {
                continue;
            };
            for x in numbers {
                for r in [Rounding::Integer, Rounding::Numeric, Rounding::Double] {
                    if let Ok(out) = template.write(x, r) {
                        if !t.to_ascii_uppercase().contains("FM") {
                            let slots = t.chars().count();
                            let width = out.chars().count();
                            // The sign's place, and a point PostgreSQL leaves out when no
                            // decimal follows it.
                            assert!(width == slots + 1 || width == slots, "{t} {x:?}: {out:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn what_is_not_written_as_postgresql_writes_it_is_refused_by_name() {
        for (template, part) in [
            ("S999", "S"),
            ("999MI", "M"),
            ("9.9.9", "."),
            ("9.9,9", ","),
            ("999%", "%"),
            ("L999", "L"),
        ] {
            let e = NumberTemplate::parse(template).unwrap_err();
            assert_eq!(e.part, part, "{template}");
        }
        assert!(NumberTemplate::parse("FM").is_err());
        assert!(NumberTemplate::parse("").is_err());
        let big = NumberTemplate::parse("9999999999999999.99").unwrap();
        assert!(big.write(Number::Real(1e14), Rounding::Double).is_err());
        assert!(big
            .write(Number::Real(f64::NAN), Rounding::Numeric)
            .is_err());
    }
}
