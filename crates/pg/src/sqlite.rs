//! SQLite building blocks for what PostgreSQL has and SQLite spells otherwise: extract,
//! date_trunc, age, justify, to_char, format, values written out as text, LIKE, starts_with,
//! substr. Each is a pure function from nodes to a node.

use sqlparser::ast::{
    AccessExpr, BinaryOperator, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Subscript,
    UnaryOperator,
};

use crate::build::{
    add, call, case, concat, constant, integer, num, op, paren, string_literal, sub, take, text,
};
use crate::expr::Ty;
use crate::interval::Interval;
use crate::{unsupported, Result, TranslateError};
use credreport_core::functions::{self, AGE, AGE_PART, JUSTIFY, REGEXP_SUBSTR};
use credreport_core::number_format::{NumberTemplate, Rounding};
use credreport_core::regex::{FlagError, Flags, Regex, FLAGS_TAKEN};
use credreport_core::to_char::{Refused, Template};

/// `datetime(x, modifiers…)`.
pub fn datetime(x: Expr, modifiers: Vec<Expr>) -> Expr {
    call("datetime", [vec![x], modifiers].concat())
}

/// `CAST(strftime(format, x) AS INTEGER)`.
fn field(format: &str, x: &Expr) -> Expr {
    integer(call("strftime", vec![text(format), x.clone()]))
}

fn div(a: Expr, b: Expr) -> Expr {
    op(a, BinaryOperator::Divide, b)
}

fn rem(a: Expr, b: Expr) -> Expr {
    op(a, BinaryOperator::Modulo, b)
}

/// A unit as PostgreSQL reads it in `extract`, `date_part` and `date_trunc`, where its
/// abbreviations and plurals mean the unit (`days`, `hrs`, `mins`, `mon`, `y`…).
fn unit(name: &str) -> &str {
    match name {
        "y" | "yr" | "yrs" | "years" => "year",
        "mon" | "mons" | "months" => "month",
        "qtr" => "quarter",
        "w" | "weeks" => "week",
        "d" | "days" => "day",
        "h" | "hr" | "hrs" | "hours" => "hour",
        "m" | "min" | "mins" | "minutes" => "minute",
        "s" | "sec" | "secs" | "seconds" => "second",
        "dec" | "decs" | "decades" => "decade",
        "c" | "cent" | "centuries" => "century",
        "mil" | "mils" | "millennia" | "millenniums" => "millennium",
        other => other,
    }
}

/// `extract(field from x)` over a timestamp, date or interval.
pub fn extract(name: &str, x: Expr, ty: &Ty) -> Result<Expr> {
    if let Ty::Interval(iv) = ty {
        let (m, d, s) = (iv.months.clone(), iv.days.clone(), iv.secs.clone());
        return Ok(match unit(name) {
            "epoch" => add(
                add(
                    mul_n(div(m.clone(), num(12)), 31557600),
                    mul_n(rem(m, num(12)), 2592000),
                ),
                add(mul_n(d, 86400), s),
            ),
            "year" => div(m, num(12)),
            "month" => rem(m, num(12)),
            "day" => d,
            "hour" => div(s, num(3600)),
            "minute" => div(rem(s, num(3600)), num(60)),
            "second" => rem(s, num(60)),
            other => return unsupported(format!("extract({other} from an interval)"), None),
        });
    }
    Ok(match unit(name) {
        "epoch" => field("%s", &x),
        "year" => field("%Y", &x),
        "month" => field("%m", &x),
        "day" => field("%d", &x),
        "hour" => field("%H", &x),
        "minute" => field("%M", &x),
        "second" => field("%S", &x),
        "dow" => field("%w", &x),
        "isodow" => add(rem(add(field("%w", &x), num(6)), num(7)), num(1)),
        "doy" => field("%j", &x),
        "quarter" => div(add(field("%m", &x), num(2)), num(3)),
        // The ISO 8601 week and its year: SQLite's strftime has them since 3.46.
        "week" => field("%V", &x),
        "isoyear" => field("%G", &x),
        "decade" => div(field("%Y", &x), num(10)),
        "century" => div(add(field("%Y", &x), num(99)), num(100)),
        "millennium" => div(add(field("%Y", &x), num(999)), num(1000)),
        other => return unsupported(
            format!("extract({other} from …)"),
            Some("use epoch, year, quarter, month, week, day, dow, isodow, doy, hour, minute, second, isoyear, decade, century or millennium"),
        ),
    })
}

fn mul_n(e: Expr, n: i64) -> Expr {
    crate::build::mul(e, num(n))
}

/// `date_trunc(unit, x)`.
pub fn date_trunc(unit: &str, x: Expr) -> Result<Expr> {
    let format = |f: &str| call("strftime", vec![text(f), x.clone()]);
    Ok(match self::unit(unit) {
        "second" => datetime(x, vec![]),
        "minute" => format("%Y-%m-%d %H:%M:00"),
        "hour" => format("%Y-%m-%d %H:00:00"),
        "day" => datetime(x, vec![text("start of day")]),
        "week" => {
            // Back to Monday: (weekday + 6) % 7 days.
            let back = rem(add(field("%w", &x), num(6)), num(7));
            let modifier = concat(concat(text("-"), back), text(" days"));
            datetime(x, vec![text("start of day"), modifier])
        }
        "month" => datetime(x, vec![text("start of month")]),
        "quarter" => {
            // Back to the quarter's first month: (month - 1) % 3 months.
            let back = rem(sub(field("%m", &x), num(1)), num(3));
            let modifier = concat(concat(text("-"), back), text(" months"));
            datetime(x, vec![text("start of month"), modifier])
        }
        "year" => datetime(x, vec![text("start of year")]),
        other => {
            return unsupported(
                format!("date_trunc('{other}', …)"),
                Some("use 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter' or 'year'"),
            )
        }
    })
}

/// `age(a, b)`: its parts, its text and its sort key, each one call of a function credreport adds
/// to SQLite (so a comparison or a shown age computes it once per row).
pub fn age(a: Expr, b: Expr) -> Interval {
    let part = |p: &str| call(AGE_PART, vec![text(p), a.clone(), b.clone()]);
    Interval {
        months: part("months"),
        days: part("days"),
        secs: part("seconds"),
        shown: Some(call(AGE, vec![a.clone(), b.clone()])),
        keyed: Some(part("key")),
    }
}

/// `justify_days`, `justify_hours` or `justify_interval` (`how`: `days`, `hours`,
/// `interval`) of an interval: each part by credreport's `pg_justify`; compared and sorted as
/// the interval it justifies, since PostgreSQL's key counts a month as 30 days and a day as
/// 24 hours.
pub fn justify(how: &str, iv: &Interval) -> Interval {
    let parts = [iv.months.clone(), iv.days.clone(), iv.secs.clone()];
    let part = |p: &str| call(JUSTIFY, [vec![text(how), text(p)], parts.to_vec()].concat());
    Interval {
        months: part("months"),
        days: part("days"),
        secs: part("seconds"),
        shown: None,
        keyed: Some(iv.key()),
    }
}

/// A SIMILAR TO pattern as the regular expression PostgreSQL reads it as (its
/// `similar_to_escape`): the whole text matched, `%` any text, `_` any one character, `(` a
/// group, `.`, `^`, `$` and a backslash themselves, a bracket expression as written, the escape
/// character (`None`: none) making the next one itself.
pub fn similar_to_regex(pattern: &str, escape: Option<char>) -> Result<String> {
    let mut out = String::from("^(?:");
    let mut chars = pattern.chars();
    // Where a bracket expression is: 1 after `[`, 2 after `[^`, where a `]` is itself.
    let mut class: Option<u8> = None;
    while let Some(c) = chars.next() {
        if Some(c) == escape {
            match chars.next() {
                Some('"') | None => {
                    return unsupported(
                        format!(
                            "SIMILAR TO '{pattern}', with its escape character last or before \""
                        ),
                        Some("escape another character, or use a regular expression (~)"),
                    )
                }
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                    class = class.map(|_| 3);
                }
            }
            continue;
        }
        if let Some(at) = class {
            if c == '\\' {
                out.push('\\');
            }
            out.push(c);
            class = match (c, at) {
                (']', 3) => None,
                ('^', 1) => Some(2),
                _ => Some(3),
            };
            continue;
        }
        match c {
            '[' => {
                out.push('[');
                class = Some(1);
            }
            '%' => out.push_str(".*"),
            '_' => out.push('.'),
            '(' => out.push_str("(?:"),
            '\\' | '.' | '^' | '$' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out.push_str(")$");
    Ok(out)
}

/// A PostgreSQL LIKE pattern as a GLOB pattern (case-sensitive, as PostgreSQL's LIKE is); `None`
/// when the pattern ends in a lone backslash, which PostgreSQL refuses.
pub fn like_to_glob(pattern: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '%' => out.push('*'),
            '_' => out.push('?'),
            '\\' => push_glob_literal(&mut out, chars.next()?),
            c => push_glob_literal(&mut out, c),
        }
    }
    Some(out)
}

fn push_glob_literal(out: &mut String, c: char) {
    match c {
        '*' | '?' | '[' => {
            out.push('[');
            out.push(c);
            out.push(']');
        }
        c => out.push(c),
    }
}

/// `x [NOT] GLOB pattern`, as SQLite's `glob(pattern, x)`.
pub fn glob(x: Expr, pattern: &str, negated: bool) -> Expr {
    let g = call("glob", vec![text(pattern), x]);
    if negated {
        crate::build::not(g)
    } else {
        g
    }
}

/// PostgreSQL's `substr(x, start[, count])` in SQLite: the characters at positions `start` up
/// to `start + count` that exist (PostgreSQL counts positions before the first character and
/// drops them; SQLite would count a negative start from the end). A text start is
/// `SUBSTRING(x FROM pattern)`, a regular expression: its match, or what its first part in
/// parentheses matched where it has one, as PostgreSQL's. A negative count, which
/// PostgreSQL refuses, gives '' when it comes from the data and is refused when written.
pub fn substring(args: Vec<(Ty, Expr)>) -> Result<Expr> {
    if args.iter().any(|(t, _)| matches!(t, Ty::Interval(_))) {
        return unsupported("an interval in substr()", None);
    }
    let mut args = args.into_iter();
    let (Some((_, x)), Some((start_ty, start))) = (args.next(), args.next()) else {
        return unsupported(
            "substr() without a start",
            Some("write substr(x, start) or substr(x, start, count)"),
        );
    };
    if start_ty == Ty::Text {
        // `substring(x from pattern)`: the match, which regexp_substr() finds, or what its
        // first part in parentheses matched, where the pattern has one.
        let groups = string_literal(&start).map(|p| Regex::new(p).map(|r| r.groups()));
        return match (groups, args.next()) {
            (Some(Ok(0)), None) => regexp_call(REGEXP_SUBSTR, vec![x, start], 2),
            (Some(Ok(_)), None) => Ok(first_match_part(x, start, text(""), 1)),
            (Some(Err(e)), None) => unsupported(e.part(), Some(e.fix)),
            (None, None) => unsupported(
                "SUBSTRING(… FROM pattern) of a pattern not written in the query",
                Some(
                    "write the pattern in the query, or regexp_substr(x, pattern) for the whole \
                     match",
                ),
            ),
            (_, Some(_)) => unsupported(
                "SUBSTRING(… FROM pattern FOR escape), SIMILAR TO's form",
                Some("write the pattern as a regular expression: substring(x from pattern)"),
            ),
        };
    }
    let count = args.next().map(|(_, c)| c);
    if args.next().is_some() {
        return unsupported("substr() with more than three arguments", None);
    }
    if let Some(c) = &count {
        let written_negative = matches!(
            c,
            Expr::UnaryOp {
                op: UnaryOperator::Minus,
                ..
            }
        ) || constant(c).is_some_and(|n| n < 0);
        if written_negative {
            return unsupported(format!("substr() with a negative count ({c})"), None);
        }
    }
    // A start written as 1 or more means the same in both.
    if constant(&start).is_some_and(|n| n >= 1) {
        let mut args = vec![x, start];
        args.extend(count);
        return Ok(call("substr", args));
    }
    let first = call("max", vec![start.clone(), num(1)]);
    Ok(match count {
        None => call("substr", vec![x, first]),
        Some(count) => {
            let len = call("max", vec![sub(add(start, count), first.clone()), num(0)]);
            call("substr", vec![x, first, len])
        }
    })
}

/// `to_char(x, template)` for a date or timestamp: SQLite's `strftime` where every part of the
/// template has a twin there (`YYYY`, `MM`, `DD`, `HH24`, `MI`, `SS`, `DDD`, text), so the
/// translation stays plain SQLite; credreport's `pg_to_char` for the other patterns (names,
/// `FM`, `th`, `HH12 AM`, ISO weeks…). A part neither can write as PostgreSQL does is refused
/// by name.
pub fn to_char(x: Expr, template: &str) -> Result<Expr> {
    let read = Template::parse(template).map_err(|e| refused_pattern("to_char", e))?;
    Ok(match read.strftime() {
        Some(format) => call("strftime", vec![text(&format), x]),
        None => call(functions::TO_CHAR, vec![x, text(template)]),
    })
}

/// PostgreSQL's `to_char(x, template)` of a number, rounded as its type rounds it: the template
/// is read now, so what credreport does not write as PostgreSQL does is refused by name.
pub fn to_char_number(x: Expr, template: &str, rounding: Rounding) -> Result<Expr> {
    NumberTemplate::parse(template).map_err(|e| refused_pattern("to_char", e))?;
    Ok(call(
        functions::TO_CHAR_NUMBER,
        vec![x, text(template), text(rounding.as_str())],
    ))
}

/// PostgreSQL's `to_timestamp(text, template)` (`f`, or `to_date`, which takes its day): the
/// template is read now, so a pattern credreport does not read as PostgreSQL does is refused by
/// name; the text, row by row, by `pg_to_timestamp`.
pub fn to_timestamp(x: Expr, template: &str, f: &str) -> Result<Expr> {
    Template::parse_for_reading(template).map_err(|e| refused_pattern(f, e))?;
    Ok(call(functions::TO_TIMESTAMP, vec![x, text(template)]))
}

/// A template's refused part in function `f`, said with where it is.
fn refused_pattern(f: &str, e: Refused) -> TranslateError {
    TranslateError::unsupported(
        format!(
            "{f}() with '{}' at character {} of its pattern",
            e.part, e.at
        ),
        Some(e.why),
    )
}

/// PostgreSQL's `format(template, values…)`: the template's text, each `%s` (or `%n$s`, the
/// n-th value) the next value as text (`''` for NULL), `%%` a percent sign. `%I`, `%L`, widths
/// and flags are refused by name.
pub fn format(template: &str, values: Vec<(Expr, Ty)>) -> Result<Expr> {
    let shown: Vec<Expr> = values
        .into_iter()
        .map(|(x, ty)| {
            let written = pg_text(&x, &ty, Spelled::Output).unwrap_or(x);
            call("coalesce", vec![written, text("")])
        })
        .collect();
    let mut parts: Vec<Expr> = Vec::new();
    let mut literal = String::new();
    let mut next = 0;
    let mut rest = template;
    while let Some(at) = rest.find('%') {
        literal.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('%') {
            literal.push('%');
            rest = after;
            continue;
        }
        // An argument's position: digits and `$`.
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let position = match rest[digits..].strip_prefix('$') {
            Some(after) if digits > 0 => {
                let n: usize = rest[..digits].parse().unwrap_or(0);
                rest = after;
                Some(n)
            }
            _ => None,
        };
        // The specifier runs to its type, the first letter: `s`, or `I`, `L`, `-10s`…
        let spec_len = rest
            .find(|c: char| c.is_ascii_alphabetic())
            .map_or(rest.len(), |i| i + 1);
        match &rest[..spec_len] {
            "s" => {}
            "" => {
                return unsupported(
                    "format() with a % at the end of its template",
                    Some("write %% for a percent sign"),
                )
            }
            spec => {
                return unsupported(
                    format!("format() with %{spec}"),
                    Some("credreport's format() writes %s, %n$s and %% (join quoted names or values with || instead)"),
                )
            }
        }
        rest = &rest[spec_len..];
        let index = match position {
            Some(0) => return unsupported("format() with the position %0$", None),
            Some(n) => n - 1,
            None => next,
        };
        next = index + 1;
        let Some(value) = shown.get(index) else {
            return unsupported(
                format!(
                    "format() with too few values for its template ({} given)",
                    shown.len()
                ),
                Some("give a value for each %s"),
            );
        };
        if !literal.is_empty() {
            parts.push(text(&std::mem::take(&mut literal)));
        }
        parts.push(value.clone());
    }
    literal.push_str(rest);
    if !literal.is_empty() || parts.is_empty() {
        parts.push(text(&literal));
    }
    Ok(parts
        .into_iter()
        .reduce(concat)
        .expect("there is at least one part"))
}

/// `starts_with(x, prefix)` and `x ^@ prefix`: whether the text begins with the prefix,
/// character for character (NULL when either is).
pub fn starts_with(x: Expr, prefix: Expr) -> Expr {
    let head = call(
        "substr",
        vec![x, num(1), call("length", vec![prefix.clone()])],
    );
    op(head, BinaryOperator::Eq, prefix)
}

/// A call of one of PostgreSQL's regular-expression functions credreport adds to SQLite under
/// their own names (`regexp_like`, which `~` and `~*` are too, `regexp_replace`, `regexp_count`,
/// `regexp_substr`, `regexp_instr`), its pattern at `args[1]` and flags at `flags_at`, read now
/// ([`read_pattern_and_flags`]).
pub fn regexp_call(name: &'static str, args: Vec<Expr>, flags_at: usize) -> Result<Expr> {
    read_pattern_and_flags(name, &args, flags_at)?;
    Ok(call(name, args))
}

/// What the query writes as text for a call of `written` (the function as the query names it)
/// — its pattern at `args[1]`, its flags at `flags_at` — read now, so that what credreport does
/// not take as PostgreSQL does is refused before anything runs.
fn read_pattern_and_flags(written: &'static str, args: &[Expr], flags_at: usize) -> Result<()> {
    if let Some(p) = args.get(1).and_then(string_literal) {
        if let Err(e) = Regex::new(p) {
            return unsupported(e.part(), Some(e.fix));
        }
    }
    if let Some(f) = args.get(flags_at).and_then(string_literal) {
        if let Err(FlagError(c, _)) = Flags::parse(f, written) {
            return unsupported(format!("the {written}() flag '{c}'"), Some(FLAGS_TAKEN));
        }
    }
    Ok(())
}

/// The flags of a call `(x, pattern[, flags])`, taken out of `args`: '' where it has none.
fn take_flags(args: &mut Vec<Expr>) -> Expr {
    match args.len() {
        3 => args.pop().unwrap_or_else(|| text("")),
        _ => text(""),
    }
}

/// `regexp_substr(x, pattern, 1, 1, flags, part)`: the first match, or what its `part`-th part
/// in parentheses matched.
fn first_match_part(x: Expr, pattern: Expr, flags: Expr, part: usize) -> Expr {
    let part = i64::try_from(part).unwrap_or(i64::MAX);
    call(
        REGEXP_SUBSTR,
        vec![x, pattern, num(1), num(1), flags, num(part)],
    )
}

/// One element of an array a function gives, as [`array_element`] reads it.
pub enum Element {
    /// A PostgreSQL expression with the same meaning, for the caller to translate.
    Rewritten(Expr),
    /// `(regexp_split_to_array(x, pattern[, flags]))[n]`: its arguments and `n`, untranslated.
    Split(Vec<Expr>, Expr),
}

/// `(f(…))[n]`: one element of the array PostgreSQL's `regexp_match()`, `string_to_array()` or
/// `regexp_split_to_array()` gives. `None` for any other access.
pub fn array_element(root: &mut Expr, chain: &mut [AccessExpr]) -> Result<Option<Element>> {
    let mut root = root;
    while let Expr::Nested(inner) = root {
        root = inner;
    }
    let Expr::Function(f) = root else {
        return Ok(None);
    };
    let [AccessExpr::Subscript(Subscript::Index { index })] = chain else {
        return Ok(None);
    };
    let name = match &f.name.0[..] {
        [name] => name.to_string().to_lowercase(),
        _ => return Ok(None),
    };
    let FunctionArguments::List(list) = &mut f.args else {
        return Ok(None);
    };
    let mut args: Vec<&mut Expr> = Vec::new();
    for a in &mut list.args {
        match a {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => args.push(x),
            _ => return Ok(None),
        }
    }
    let rewritten = match (name.as_str(), args.len()) {
        ("regexp_match", 2 | 3) => regexp_match_element(args, index)?,
        ("string_to_array", 2) => string_to_array_element(args, index)?,
        ("regexp_split_to_array", 2 | 3) => {
            let args = args.into_iter().map(take).collect();
            return Ok(Some(Element::Split(args, take(index))));
        }
        _ => return Ok(None),
    };
    Ok(Some(Element::Rewritten(rewritten)))
}

/// `(regexp_match(x, pattern[, flags]))[n]`: what the match's n-th part in parentheses matched
/// (the whole match, where the pattern has none), as `regexp_substr(x, pattern, 1, 1, flags,
/// part)`; refused where the pattern or `n` is not written in the query.
fn regexp_match_element(args: Vec<&mut Expr>, index: &Expr) -> Result<Expr> {
    let usage = "write (regexp_match(x, 'pattern'))[n] with the pattern and n in the query";
    let Some(n) = constant(index) else {
        return unsupported(
            "(regexp_match(…))[n] with an n not written in the query",
            Some(usage),
        );
    };
    let Some(pattern) = string_literal(args[1]) else {
        return unsupported(
            "(regexp_match(…))[n] of a pattern not written in the query",
            Some(usage),
        );
    };
    let groups = match Regex::new(pattern) {
        Ok(r) => r.groups(),
        Err(e) => return unsupported(e.part(), Some(e.fix)),
    };
    // The array holds the whole match where the pattern has no part in parentheses; an index
    // past its ends gives NULL, as a part the pattern does not have does.
    let part = match usize::try_from(n) {
        Ok(1) if groups == 0 => 0,
        Ok(n) if n >= 1 => n,
        _ => groups + 1,
    };
    let mut args: Vec<Expr> = args.into_iter().map(take).collect();
    let flags = take_flags(&mut args);
    let mut args = args.into_iter();
    let (Some(x), Some(pattern)) = (args.next(), args.next()) else {
        unreachable!("regexp_match() is given two arguments and its flags")
    };
    Ok(first_match_part(x, pattern, flags, part))
}

/// `(string_to_array(x, delimiter))[n]`: the n-th part of `x` between the delimiters, as
/// `split_part()` finds it where the array has an n-th element; NULL where it has none (an
/// empty `x` gives an empty array, as in PostgreSQL). Refused where the delimiter is not a
/// text written in the query, which PostgreSQL reads otherwise when it is NULL or empty.
fn string_to_array_element(args: Vec<&mut Expr>, index: &mut Expr) -> Result<Expr> {
    if string_literal(args[1]).is_none_or(str::is_empty) {
        return unsupported(
            "(string_to_array(x, delimiter))[n] with a delimiter that is not a text written in \
             the query",
            Some("write the delimiter in the query, or split_part(x, delimiter, n)"),
        );
    }
    let mut args = args.into_iter().map(take);
    let (Some(x), Some(d)) = (args.next(), args.next()) else {
        unreachable!("string_to_array() is given two arguments")
    };
    let n = paren(take(index));
    // How many parts: one more than the delimiters in it.
    let removed = call("replace", vec![x.clone(), d.clone(), text("")]);
    let delimiters = op(
        sub(
            call("length", vec![x.clone()]),
            call("length", vec![removed]),
        ),
        BinaryOperator::Divide,
        call("length", vec![d.clone()]),
    );
    let and = |a, b| op(a, BinaryOperator::And, b);
    let within = and(
        and(
            op(x.clone(), BinaryOperator::NotEq, text("")),
            op(n.clone(), BinaryOperator::GtEq, num(1)),
        ),
        op(n.clone(), BinaryOperator::LtEq, add(delimiters, num(1))),
    );
    let part = call("split_part", vec![x, d, n]);
    Ok(case(vec![(within, part)], None))
}

/// `(regexp_split_to_array(x, pattern[, flags]))[n]`, its arguments translated: the n-th part
/// between the matches, NULL past the last. What the query writes as its pattern and flags is
/// read now, as [`regexp_call`] reads them.
pub fn regexp_split_element(mut args: Vec<Expr>, n: Expr) -> Result<Expr> {
    let flags = take_flags(&mut args);
    args.extend([n, flags]);
    read_pattern_and_flags("regexp_split_to_array", &args, 3)?;
    Ok(call(functions::REGEXP_SPLIT_PART, args))
}

/// How PostgreSQL writes a boolean as text: `true` by `::text` and `||`, `t` by its output
/// function, which `format()` and `concat()` use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelled {
    Cast,
    Output,
}

/// `x` (of type `ty`) as PostgreSQL writes it as text, where SQLite would write it otherwise:
/// a boolean as `true`/`false` or `t`/`f`, a timestamp with time zone with its `+00`, an
/// interval as its text. `None` for any other value, whose SQLite text is PostgreSQL's.
pub fn pg_text(x: &Expr, ty: &Ty, spelled: Spelled) -> Option<Expr> {
    Some(match ty {
        Ty::Bool => match spelled {
            Spelled::Cast => bool_as(x.clone(), "true", "false"),
            Spelled::Output => bool_as(x.clone(), "t", "f"),
        },
        Ty::Timestamp { zoned: true } => timestamp_text(x.clone()),
        Ty::Interval(iv) => iv.text(),
        _ => return None,
    })
}

/// A boolean as one of two words, or NULL.
pub fn bool_as(x: Expr, yes: &str, no: &str) -> Expr {
    case(
        vec![
            (
                Expr::IsNull(Box::new(paren(x.clone()))),
                crate::build::null(),
            ),
            (x, text(yes)),
        ],
        Some(text(no)),
    )
}

/// A timestamp as PostgreSQL writes it as text (in UTC): `2024-01-02 03:04:05+00`.
fn timestamp_text(x: Expr) -> Expr {
    concat(x, text("+00"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::ast::Ident;

    fn col(name: &str) -> Expr {
        Expr::Identifier(Ident::new(name))
    }

    #[test]
    fn like_patterns_become_glob_patterns() {
        assert_eq!(like_to_glob("a%b_c").as_deref(), Some("a*b?c"));
        assert_eq!(like_to_glob("a\\%*[").as_deref(), Some("a%[*][[]"));
        assert_eq!(like_to_glob("a\\"), None);
    }

    #[test]
    fn to_char_is_strftime_where_it_can_be_and_credreports_function_elsewhere() {
        let sql = |p: &str| to_char(col("t"), p).map(|e| e.to_string());
        assert_eq!(
            sql("YYYY-MM-DD HH24:MI:SS").unwrap(),
            "strftime('%Y-%m-%d %H:%M:%S', t)"
        );
        assert_eq!(sql("YYYY/DDD").unwrap(), "strftime('%Y/%j', t)");
        assert_eq!(sql("Mon YYYY").unwrap(), "pg_to_char(t, 'Mon YYYY')");
        let refused = sql("YYYY-MM-DD TZ").unwrap_err().to_string();
        assert!(refused.contains("'TZ' at character 12"), "{refused}");
        assert!(refused.contains("\"UTC\""), "{refused}");
    }

    #[test]
    fn age_is_three_calls_of_one_function_and_shown_by_another() {
        let iv = age(col("a"), col("b"));
        assert_eq!(iv.months.to_string(), "pg_age_part('months', a, b)");
        assert_eq!(iv.text().to_string(), "pg_age(a, b)");
        assert_eq!(iv.key().to_string(), "pg_age_part('key', a, b)");
    }

    #[test]
    fn substr_keeps_a_start_from_one_and_clamps_any_other() {
        let s = |start: Expr, count: Option<Expr>| {
            let mut args = vec![(Ty::Text, col("x")), (Ty::Num, start)];
            args.extend(count.map(|c| (Ty::Num, c)));
            substring(args).map(|e| e.to_string())
        };
        assert_eq!(s(num(2), Some(num(3))).unwrap(), "substr(x, 2, 3)");
        assert_eq!(
            s(num(0), Some(num(3))).unwrap(),
            "substr(x, max(0, 1), max((0 + 3) - max(0, 1), 0))"
        );
        assert!(s(num(1), Some(num(-1))).is_err());
    }
}
