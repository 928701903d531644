//! Function calls. Those SQLite has under the same or another name, with the same arguments and
//! meaning, are a table (`MAPPED`): the call is renamed in place and keeps its DISTINCT, ORDER BY
//! and FILTER. The window functions (`WINDOW_ONLY`, and the aggregates SQLite has as windows)
//! keep their names, their OVER clause translated. The rest are built from `sqlite` building
//! blocks, or refused by name.

use credreport_core::functions::{
    ARRAY_AGG, CEIL, GREATEST, LEAST, LEFT, LOWER, MODE, PERCENTILE_CONT, PERCENTILE_DISC, RIGHT,
    ROUND, ROUND_EVEN, SPLIT_PART, TRUNC, UPPER, WIDTH_BUCKET,
};
use credreport_core::functions::{INITCAP, LPAD, MD5, REPEAT, REVERSE, RPAD, TRANSLATE};
use credreport_core::functions::{
    REGEXP_COUNT, REGEXP_INSTR, REGEXP_LIKE, REGEXP_REPLACE, REGEXP_SUBSTR,
};
use credreport_core::number_format::Rounding;
use sqlparser::ast::{
    BinaryOperator, DuplicateTreatment, Expr, Function, FunctionArg, FunctionArgExpr,
    FunctionArgumentClause, FunctionArgumentList, FunctionArguments, Ident, ObjectName,
    OrderByExpr, OrderByOptions, OrderBySort, Value, WindowFrameBound, WindowType,
};

use crate::build::{add, call, constant, mul, num, op, paren, string_literal, take, text};
use crate::expr::{cast_to, matched_as_text, Ty};
use crate::interval::Interval;
use crate::query::{postgres_order, Cx};
use crate::sqlite::{self, datetime, Spelled};
use crate::{unsupported, Result};

/// What a mapped function gives.
#[derive(Clone, Copy)]
enum Gives {
    Int,
    /// A `double precision` (`percent_rank()`, `cume_dist()`).
    Float,
    Text,
    Bool,
    /// A `numeric` of a numeric argument, else a `double precision`, as PostgreSQL's math
    /// functions have one of each (`log(b, x)` has a numeric one only).
    Real,
    /// `avg`'s: a `double precision` of one, else a `numeric`.
    Mean,
    /// The type of its arguments (the first one known).
    Same,
    /// The type of its first argument (`lag(x, 1, default)` is of x's type).
    First,
}

/// A PostgreSQL function SQLite has, under its name or another, meaning the same.
struct Mapped {
    pg: &'static str,
    sqlite: &'static str,
    /// How many arguments it takes (`usize::MAX`: any number from the first).
    args: (usize, usize),
    gives: Gives,
    /// SQLite as written has no such function, or one that means something else.
    pg_only: bool,
    /// How to call it, for a call with the wrong number of arguments.
    usage: &'static str,
}

const fn mapped(
    pg: &'static str,
    sqlite: &'static str,
    args: (usize, usize),
    gives: Gives,
    pg_only: bool,
    usage: &'static str,
) -> Mapped {
    Mapped {
        pg,
        sqlite,
        args,
        gives,
        pg_only,
        usage,
    }
}

const ANY: usize = usize::MAX;

/// PostgreSQL's window functions, which are SQLite's under the same names (both from SQL:2003).
const WINDOW_ONLY: &[Mapped] = &[
    own_name("row_number", (0, 0), Gives::Int, "row_number() OVER (…)"),
    own_name("rank", (0, 0), Gives::Int, "rank() OVER (…)"),
    own_name("dense_rank", (0, 0), Gives::Int, "dense_rank() OVER (…)"),
    own_name(
        "percent_rank",
        (0, 0),
        Gives::Float,
        "percent_rank() OVER (…)",
    ),
    own_name("cume_dist", (0, 0), Gives::Float, "cume_dist() OVER (…)"),
    own_name("ntile", (1, 1), Gives::Int, "ntile(n) OVER (…)"),
    own_name(
        "lag",
        (1, 3),
        Gives::First,
        "lag(x[, offset[, default]]) OVER (…)",
    ),
    own_name(
        "lead",
        (1, 3),
        Gives::First,
        "lead(x[, offset[, default]]) OVER (…)",
    ),
    own_name(
        "first_value",
        (1, 1),
        Gives::First,
        "first_value(x) OVER (…)",
    ),
    own_name("last_value", (1, 1), Gives::First, "last_value(x) OVER (…)"),
    own_name(
        "nth_value",
        (2, 2),
        Gives::First,
        "nth_value(x, n) OVER (…)",
    ),
];

/// A function SQLite has under PostgreSQL's name (a window function of `WINDOW_ONLY`, a
/// math function), or that credreport adds to it under that name.
const fn own_name(
    name: &'static str,
    args: (usize, usize),
    gives: Gives,
    usage: &'static str,
) -> Mapped {
    mapped(name, name, args, gives, false, usage)
}

/// PostgreSQL's aggregates credreport translates (beside the ordered-set ones, `WITHIN GROUP`).
const AGGREGATES: &[&str] = &[
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "string_agg",
    "array_agg",
    "json_agg",
    "jsonb_agg",
    "bool_and",
    "bool_or",
    "every",
];

/// SQLite's aggregates that are window functions too, as `MAPPED` names them in SQLite.
const WINDOW_AGGREGATES: &[&str] = &["count", "sum", "avg", "min", "max", "group_concat"];

const MAPPED: &[Mapped] = &[
    mapped(
        "count",
        "count",
        (0, 1),
        Gives::Int,
        false,
        "count(*) or count(x)",
    ),
    mapped("sum", "sum", (1, 1), Gives::Same, false, "sum(x)"),
    mapped("avg", "avg", (1, 1), Gives::Mean, false, "avg(x)"),
    mapped("min", "min", (1, 1), Gives::Same, false, "min(x)"),
    mapped("max", "max", (1, 1), Gives::Same, false, "max(x)"),
    mapped("abs", "abs", (1, 1), Gives::Same, false, "abs(x)"),
    mapped(
        "coalesce",
        "coalesce",
        (1, ANY),
        Gives::Same,
        false,
        "coalesce(a, b, …)",
    ),
    mapped(
        "nullif",
        "nullif",
        (2, 2),
        Gives::Same,
        false,
        "nullif(a, b)",
    ),
    mapped(
        "length",
        "length",
        (1, 1),
        Gives::Int,
        false,
        "length(text)",
    ),
    mapped(
        "char_length",
        "length",
        (1, 1),
        Gives::Int,
        false,
        "char_length(text)",
    ),
    mapped(
        "character_length",
        "length",
        (1, 1),
        Gives::Int,
        true,
        "character_length(text)",
    ),
    mapped(
        "ltrim",
        "ltrim",
        (1, 2),
        Gives::Text,
        false,
        "ltrim(text[, characters])",
    ),
    mapped(
        "rtrim",
        "rtrim",
        (1, 2),
        Gives::Text,
        false,
        "rtrim(text[, characters])",
    ),
    mapped(
        "btrim",
        "trim",
        (1, 2),
        Gives::Text,
        true,
        "btrim(text[, characters])",
    ),
    mapped(
        "replace",
        "replace",
        (3, 3),
        Gives::Text,
        false,
        "replace(text, from, to)",
    ),
    mapped(
        "concat",
        "concat",
        (1, ANY),
        Gives::Text,
        false,
        "concat(a, b, …)",
    ),
    mapped(
        "concat_ws",
        "concat_ws",
        (2, ANY),
        Gives::Text,
        false,
        "concat_ws(separator, a, b, …)",
    ),
    mapped(
        "octet_length",
        "octet_length",
        (1, 1),
        Gives::Int,
        false,
        "octet_length(text)",
    ),
    mapped(
        "split_part",
        SPLIT_PART,
        (3, 3),
        Gives::Text,
        false,
        "give the text, the delimiter and the field's number",
    ),
    mapped(
        "strpos",
        "instr",
        (2, 2),
        Gives::Int,
        true,
        "strpos(text, part)",
    ),
    mapped(
        "string_agg",
        "group_concat",
        (2, 2),
        Gives::Text,
        true,
        "string_agg(x, separator)",
    ),
    mapped("bool_and", "min", (1, 1), Gives::Bool, true, "bool_and(x)"),
    mapped("every", "min", (1, 1), Gives::Bool, true, "every(x)"),
    mapped("bool_or", "max", (1, 1), Gives::Bool, true, "bool_or(x)"),
    mapped("lower", LOWER, (1, 1), Gives::Text, false, "lower(text)"),
    mapped("upper", UPPER, (1, 1), Gives::Text, false, "upper(text)"),
    mapped("left", LEFT, (2, 2), Gives::Text, true, "left(text, n)"),
    mapped("right", RIGHT, (2, 2), Gives::Text, true, "right(text, n)"),
    mapped(
        "greatest",
        GREATEST,
        (1, ANY),
        Gives::Same,
        true,
        "greatest(a, b, …)",
    ),
    mapped(
        "least",
        LEAST,
        (1, ANY),
        Gives::Same,
        true,
        "least(a, b, …)",
    ),
    mapped("ceiling", CEIL, (1, 1), Gives::Same, true, "ceiling(x)"),
    // credreport adds these to SQLite under their own names (`credreport_core::functions`).
    own_name(LPAD, (2, 3), Gives::Text, "lpad(text, length[, fill])"),
    own_name(RPAD, (2, 3), Gives::Text, "rpad(text, length[, fill])"),
    own_name(REPEAT, (2, 2), Gives::Text, "repeat(text, n)"),
    own_name(INITCAP, (1, 1), Gives::Text, "initcap(text)"),
    own_name(REVERSE, (1, 1), Gives::Text, "reverse(text)"),
    own_name(MD5, (1, 1), Gives::Text, "md5(text)"),
    own_name(TRANSLATE, (3, 3), Gives::Text, "translate(text, from, to)"),
    // SQLite's math functions, which mean what PostgreSQL's mean.
    own_name("sqrt", (1, 1), Gives::Real, "sqrt(x)"),
    own_name("exp", (1, 1), Gives::Real, "exp(x)"),
    own_name("ln", (1, 1), Gives::Real, "ln(x)"),
    own_name("log", (1, 2), Gives::Real, "log(x) or log(base, x)"),
    own_name("log10", (1, 1), Gives::Real, "log10(x)"),
    own_name("power", (2, 2), Gives::Real, "power(x, y)"),
    own_name("pow", (2, 2), Gives::Real, "pow(x, y)"),
    own_name("sign", (1, 1), Gives::Real, "sign(x)"),
    own_name("pi", (0, 0), Gives::Float, "pi()"),
    own_name("degrees", (1, 1), Gives::Float, "degrees(radians)"),
    own_name("radians", (1, 1), Gives::Float, "radians(degrees)"),
    own_name("sin", (1, 1), Gives::Float, "sin(x)"),
    own_name("cos", (1, 1), Gives::Float, "cos(x)"),
    own_name("tan", (1, 1), Gives::Float, "tan(x)"),
    own_name("asin", (1, 1), Gives::Float, "asin(x)"),
    own_name("acos", (1, 1), Gives::Float, "acos(x)"),
    own_name("atan", (1, 1), Gives::Float, "atan(x)"),
    own_name("atan2", (2, 2), Gives::Float, "atan2(y, x)"),
];

/// What a function built anew from SQLite building blocks becomes (`Cx::rebuilt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rebuilt {
    CurrentDate,
    CurrentTimestamp,
    /// `localtimestamp`: the same moment, a timestamp without time zone.
    LocalTimestamp,
    /// `now()` and its synonyms: PostgreSQL's alone, with parentheses.
    Now,
    Age,
    DatePart,
    DateTrunc,
    Substring,
    Round,
    ToChar,
    /// `format('%s …', …)`: text and the arguments' text, joined.
    Format,
    /// `justify_days`, `justify_hours`, `justify_interval`: the interval's parts moved.
    Justify(&'static str),
    /// `starts_with(text, prefix)`.
    StartsWith,
    /// `num_nulls(…)`, `num_nonnulls(…)`: how many arguments are (not) NULL.
    CountNulls(bool),
    /// `random()`: PostgreSQL's is a fraction in [0, 1), SQLite's a 64-bit integer.
    Random,
    /// `to_timestamp(seconds)`: the moment that many seconds after 1970-01-01 00:00 UTC; or
    /// `to_timestamp(text, template)`, the text read by a `to_char` template.
    ToTimestamp,
    /// `to_date(text, template)`: the day of the text read so.
    ToDate,
    /// `width_bucket(x, low, high, count)`: in a numeric's digits or a double's binary value.
    WidthBucket,
    /// `trunc(x)`, `trunc(x, n)`: SQLite's keeps a negative zero and has no `n`.
    Trunc,
    /// `mod(a, b)` of whole numbers: SQLite's `mod()` answers a real (1.0), its `%` an integer.
    Mod,
    /// `regexp_like`, `regexp_replace`, `regexp_count`, `regexp_substr`, `regexp_instr`: their
    /// pattern, flags and replacement read when the query is translated.
    Regexp(&'static str),
}

/// The functions built anew, by PostgreSQL name: the one list of their names.
const REBUILT: &[(&str, Rebuilt)] = &[
    ("current_date", Rebuilt::CurrentDate),
    ("current_timestamp", Rebuilt::CurrentTimestamp),
    ("localtimestamp", Rebuilt::LocalTimestamp),
    ("now", Rebuilt::Now),
    ("to_timestamp", Rebuilt::ToTimestamp),
    ("to_date", Rebuilt::ToDate),
    ("width_bucket", Rebuilt::WidthBucket),
    ("transaction_timestamp", Rebuilt::Now),
    ("statement_timestamp", Rebuilt::Now),
    ("clock_timestamp", Rebuilt::Now),
    ("age", Rebuilt::Age),
    ("date_part", Rebuilt::DatePart),
    ("date_trunc", Rebuilt::DateTrunc),
    ("substr", Rebuilt::Substring),
    ("substring", Rebuilt::Substring),
    ("round", Rebuilt::Round),
    ("to_char", Rebuilt::ToChar),
    ("format", Rebuilt::Format),
    ("justify_days", Rebuilt::Justify("days")),
    ("justify_hours", Rebuilt::Justify("hours")),
    ("justify_interval", Rebuilt::Justify("interval")),
    ("starts_with", Rebuilt::StartsWith),
    ("regexp_like", Rebuilt::Regexp(REGEXP_LIKE)),
    ("regexp_replace", Rebuilt::Regexp(REGEXP_REPLACE)),
    ("regexp_count", Rebuilt::Regexp(REGEXP_COUNT)),
    ("regexp_substr", Rebuilt::Regexp(REGEXP_SUBSTR)),
    ("regexp_instr", Rebuilt::Regexp(REGEXP_INSTR)),
    ("num_nulls", Rebuilt::CountNulls(true)),
    ("num_nonnulls", Rebuilt::CountNulls(false)),
    ("random", Rebuilt::Random),
    ("trunc", Rebuilt::Trunc),
    ("mod", Rebuilt::Mod),
];

/// SQLite's own functions, which PostgreSQL lacks: a query calling one is SQLite.
const SQLITE_ONLY: &[&str] = &[
    "julianday",
    "datetime",
    "date",
    "strftime",
    "group_concat",
    "ifnull",
    "iif",
    "printf",
    "instr",
    "glob",
];

/// The types PostgreSQL also calls as functions (`date(t)`, `text(b)`, `int8(x)`): casts.
const FUNCTION_CASTS: [&str; 8] = [
    "date", "text", "int2", "int4", "int8", "float4", "float8", "bool",
];

/// A call with nothing but its arguments: no DISTINCT, ORDER BY, FILTER, WITHIN GROUP or OVER.
fn plain_call(f: &Function) -> bool {
    arguments_alone(f) && f.over.is_none() && f.filter.is_none() && f.within_group.is_empty()
}

/// How to call `make_interval`.
const MAKE_INTERVAL: &str =
    "make_interval(years, months, weeks, days, hours, mins, secs), e.g. make_interval(days => 90)";

/// The sum of each expression times its weight, a number when each is one (an error when
/// that number would not fit, as PostgreSQL's "interval out of range").
fn weighted(parts: &[(Expr, i64)]) -> Result<Expr> {
    let constants: Option<Vec<i64>> = parts.iter().map(|(x, _)| constant(x)).collect();
    if let Some(c) = constants {
        return c
            .iter()
            .zip(parts)
            .try_fold(0i64, |sum, (n, (_, w))| sum.checked_add(n.checked_mul(*w)?))
            .map(num)
            .map_or_else(
                || unsupported("make_interval() with parts this large", None),
                Ok,
            );
    }
    Ok(parts
        .iter()
        .filter(|(x, _)| constant(x) != Some(0))
        .map(|(x, w)| match w {
            1 => x.clone(),
            w => mul(x.clone(), num(*w)),
        })
        .reduce(add)
        .unwrap_or_else(|| num(0)))
}

/// Arguments without DISTINCT or ORDER BY among them.
fn arguments_alone(f: &Function) -> bool {
    match &f.args {
        FunctionArguments::List(list) => {
            list.duplicate_treatment.is_none() && list.clauses.is_empty()
        }
        _ => true,
    }
}

/// A call's function as PostgreSQL names it: its last name, in small letters.
pub(crate) fn name_of(f: &Function) -> String {
    f.name
        .0
        .last()
        .map(|p| p.to_string().to_lowercase())
        .unwrap_or_default()
}

/// A call refused for how many arguments it has: "left() with 1 argument".
pub(crate) fn with_arguments(name: &str, count: usize) -> String {
    let s = if count == 1 { "" } else { "s" };
    format!("{name}() with {count} argument{s}")
}

/// What to write instead of a PostgreSQL function credreport does not translate, where a
/// translated one does the same work.
fn instead_of(name: &str) -> Option<&'static str> {
    match name {
        "generate_series" => Some(crate::SERIES_HINT),
        n if n.starts_with("regexp_") => Some(
            "credreport has regexp_like(), regexp_replace(), regexp_count(), regexp_substr() and \
             regexp_instr(), ~ and ~*, and (regexp_match(x, pattern))[n] for one part of a \
             match; for a list of matches, regexp_substr(…, n)",
        ),
        _ => None,
    }
}

/// The first type of `types` that says more than NULL, unknown or text; else the first.
fn same(types: &[Ty]) -> Ty {
    types
        .iter()
        .find(|t| !matches!(t, Ty::Null | Ty::Unknown | Ty::Text))
        .or_else(|| types.first())
        .cloned()
        .unwrap_or(Ty::Unknown)
}

/// `string_agg(DISTINCT x, separator)`: SQLite's DISTINCT aggregate takes one argument and
/// joins with `,`. So each value is joined with its commas written otherwise (`,` as
/// `char(1)||char(3)`, and `char(1)` as `char(1)||char(2)`, one value for one), and
/// [`distinct_unjoined`] puts the separator and the commas back; the values in their order, as
/// PostgreSQL finds distinct values by sorting them. The separator, written in the query.
fn distinct_joined(f: &mut Function) -> Result<Option<String>> {
    let FunctionArguments::List(list) = &mut f.args else {
        return Ok(None);
    };
    if list.duplicate_treatment != Some(DuplicateTreatment::Distinct) || list.args.len() != 2 {
        return Ok(None);
    }
    let separator = match &list.args[1] {
        FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => string_literal(x).map(str::to_owned),
        _ => None,
    };
    let Some(separator) = separator.filter(|s| !s.contains('\u{1}')) else {
        return unsupported(
            "string_agg(DISTINCT x, separator) with a separator not written in the query",
            Some("select the distinct values in a subquery and string_agg() them"),
        );
    };
    list.args.truncate(1);
    let Some(FunctionArg::Unnamed(FunctionArgExpr::Expr(x))) = list.args.first_mut() else {
        return Ok(None);
    };
    if list.clauses.is_empty() {
        list.clauses.push(in_order_of(x.clone())?);
    }
    let escaped = swap(take(x), code(&[1]), code(&[1, 2]));
    *x = swap(escaped, text(","), code(&[1, 3]));
    Ok(Some(separator))
}

/// An aggregate's `ORDER BY x`, as PostgreSQL orders it: what a DISTINCT aggregate's values
/// come in, since PostgreSQL finds them by sorting.
fn in_order_of(x: Expr) -> Result<FunctionArgumentClause> {
    let mut o = OrderByExpr {
        expr: x,
        options: OrderByOptions {
            sort: None,
            nulls_first: None,
        },
        with_fill: None,
    };
    postgres_order(&mut o)?;
    Ok(FunctionArgumentClause::OrderBy(vec![o]))
}

/// What [`distinct_joined`]'s `joined` (its values joined with `,`) stands for: joined with
/// `separator`, each value's commas as they were.
fn distinct_unjoined(joined: Expr, separator: &str) -> Expr {
    let separated = swap(joined, text(","), text(separator));
    let commas = swap(separated, code(&[1, 3]), text(","));
    swap(commas, code(&[1, 2]), code(&[1]))
}

/// `replace(x, from, to)`.
fn swap(x: Expr, from: Expr, to: Expr) -> Expr {
    call("replace", vec![x, from, to])
}

/// The text of these control characters, `char(1, 3)`.
fn code(codes: &[i64]) -> Expr {
    call("char", codes.iter().map(|&n| num(n)).collect())
}

/// The function's arguments as a list, if they are one.
fn arg_exprs(f: &mut Function) -> Vec<&mut Expr> {
    match &mut f.args {
        FunctionArguments::List(list) => list
            .args
            .iter_mut()
            .filter_map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => Some(x),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

impl Cx {
    pub fn function(&mut self, e: &mut Expr) -> Result<Ty> {
        // Inside an aggregate, a column is each row's, whatever the grouping (`grouping`).
        let aggregate = matches!(e, Expr::Function(f) if f.over.is_none()
            && (!f.within_group.is_empty() || AGGREGATES.contains(&name_of(f).as_str())));
        self.aggregate_depth += usize::from(aggregate);
        let ty = self.call(e);
        self.aggregate_depth -= usize::from(aggregate);
        ty
    }

    fn call(&mut self, e: &mut Expr) -> Result<Ty> {
        let Expr::Function(f) = e else {
            unreachable!("function() is given a Function")
        };
        let name = name_of(f);
        // Whether this call is a result column of the outer query (`Cx::output_item`), taken
        // before its arguments are walked, so no call inside them is taken for it.
        let shown = std::mem::take(&mut self.call_shown);
        let json = crate::json::is_json_function(&name);
        // `coalesce(json_agg(x), '[]')` shown: a JSON value with a default.
        let json_default = shown && name == "coalesce";
        if f.name.0.len() > 1 {
            return unsupported(
                format!("the qualified function name {}", f.name),
                Some("call the function by its name alone"),
            );
        }
        // `timezone(zone, x)` is `x AT TIME ZONE zone`.
        if name == "timezone" && f.over.is_none() {
            if let [zone, x] = arg_exprs(f).as_mut_slice() {
                let with = Expr::AtTimeZone {
                    timestamp: Box::new(take(x)),
                    time_zone: Box::new(take(zone)),
                };
                self.replace(e, with, true);
                return self.expr(e);
            }
        }
        // coalesce() of one value is that value (SQLite's takes two at least), shown as the
        // call would have been (a JSON value too). Not PostgreSQL's alone: Auto leaves it to
        // SQLite, which says it takes two.
        if name == "coalesce" && plain_call(f) {
            if let [x] = arg_exprs(f).as_mut_slice() {
                let x = take(x);
                self.replace(e, x, false);
                self.call_shown = shown;
                return self.expr(e);
            }
        }
        if name == "grouping" && plain_call(f) {
            let args: Vec<String> = arg_exprs(f).iter().map(|a| a.to_string()).collect();
            return self.grouping_function(e, &args);
        }
        if name == "make_interval" && plain_call(f) {
            return self.make_interval(e);
        }
        // A type's name called with one value is a cast: `date(t)` is `t::date`.
        if FUNCTION_CASTS.contains(&name.as_str()) && plain_call(f) {
            if let [x] = arg_exprs(f).as_mut_slice() {
                let ty = self.expr(x)?;
                let (with, out) = cast_to(take(x), ty, &name)?;
                self.replace(e, with, name != "date");
                return Ok(out);
            }
        }
        if let Some(over) = &mut f.over {
            self.window(over)?;
        }
        if f.null_treatment.is_some() {
            return unsupported(format!("{name}() IGNORE NULLS / RESPECT NULLS"), None);
        }
        if !f.within_group.is_empty() {
            return self.ordered_set(e, &name);
        }
        // DISTINCT, ORDER BY or FILTER: kept where the call is renamed, refused where it is
        // rebuilt.
        let mut extras = f.filter.is_some();
        if let Some(filter) = &mut f.filter {
            self.expr(filter)?;
        }
        let mut types: Vec<Ty> = Vec::new();
        match &mut f.args {
            FunctionArguments::None => {}
            FunctionArguments::Subquery(_) => {
                return unsupported(format!("{name}(subquery)"), None)
            }
            FunctionArguments::List(list) => {
                match list.duplicate_treatment {
                    Some(DuplicateTreatment::Distinct) => extras = true,
                    // `ALL` is the default, and not SQLite syntax.
                    Some(DuplicateTreatment::All) => list.duplicate_treatment = None,
                    None => {}
                }
                let alone = list.args.len() == 1;
                for a in &mut list.args {
                    match a {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => {
                            // A JSON function's value may be another's.
                            self.call_shown =
                                (json || json_default) && crate::json::may_hold_json(x);
                            types.push(self.expr(x)?)
                        }
                        FunctionArg::Unnamed(FunctionArgExpr::Wildcard)
                            if alone && name == "count" => {}
                        _ => return unsupported(format!("{name}() with these arguments"), None),
                    }
                }
                for c in &mut list.clauses {
                    match c {
                        FunctionArgumentClause::OrderBy(exprs) => {
                            extras = true;
                            for o in exprs {
                                if self.expr(&mut o.expr)?.is_interval() {
                                    return unsupported(
                                        format!("ordering by an interval in {name}()"),
                                        None,
                                    );
                                }
                                postgres_order(o)?;
                            }
                        }
                        _ => return unsupported(format!("this clause in {name}()"), None),
                    }
                }
            }
        }
        if json {
            return self.json(e, &name, &types, shown);
        }
        if json_default {
            crate::json::defaults(f, &types)?;
        }
        if name == "array_agg" {
            return self.array_agg(f, &types, shown);
        }
        if f.over.is_some() || WINDOW_ONLY.iter().any(|w| w.pg == name) {
            return self.windowed(f, &name, &types, extras);
        }
        if let Some(m) = MAPPED.iter().find(|m| m.pg == name) {
            let separator = match m.sqlite {
                "group_concat" => distinct_joined(f)?,
                _ => None,
            };
            let ty = self.mapped(f, m, &types)?;
            if let Some(separator) = separator {
                let joined = take(e);
                self.replace(e, distinct_unjoined(joined, &separator), true);
            }
            return Ok(ty);
        }
        if extras {
            return unsupported(
                format!("DISTINCT, ORDER BY or FILTER in {name}()"),
                Some("they belong to aggregates such as count() and string_agg()"),
            );
        }
        let args: Vec<Expr> = arg_exprs(f).into_iter().map(take).collect();
        let (with, ty, pg_only) = self.rebuilt(&name, args, types)?;
        self.replace(e, with, pg_only);
        Ok(ty)
    }

    /// `array_agg(x)` (its DISTINCT, ORDER BY and FILTER walked), where it is a result column
    /// of the outer query: the array as PostgreSQL shows it, made by `pg_array_agg` of each
    /// element's text. Anywhere else it would be compared, sorted or taken apart as text, which
    /// means another thing than an array: refused.
    fn array_agg(&mut self, f: &mut Function, types: &[Ty], shown: bool) -> Result<Ty> {
        const LIST: &str = "string_agg(x::text, ', ') makes the list one text";
        if f.over.is_some() {
            return unsupported("array_agg() … OVER", Some(LIST));
        }
        if !shown {
            return unsupported(
                "array_agg() other than as a result column of the outer query",
                Some(LIST),
            );
        }
        let ([ty], FunctionArguments::List(list)) = (types, &mut f.args) else {
            return unsupported(
                with_arguments("array_agg", types.len()),
                Some("array_agg(x)"),
            );
        };
        let Some(FunctionArg::Unnamed(FunctionArgExpr::Expr(x))) = list.args.first_mut() else {
            return unsupported("array_agg() with these arguments", Some("array_agg(x)"));
        };
        let value = take(x);
        *x = sqlite::pg_text(&value, ty, Spelled::Output).unwrap_or_else(|| value.clone());
        // PostgreSQL finds the distinct values by sorting them: they come in their order.
        if list.duplicate_treatment == Some(DuplicateTreatment::Distinct) && list.clauses.is_empty()
        {
            list.clauses.push(in_order_of(match ty {
                Ty::Interval(iv) => iv.key(),
                _ => value,
            })?);
        }
        f.name = ObjectName::from(vec![Ident::new(ARRAY_AGG)]);
        self.rewritten = true;
        Ok(Ty::Array)
    }

    /// `percentile_cont(fraction)`, `percentile_disc(fraction)` or `mode()` `WITHIN GROUP
    /// (ORDER BY x [DESC])`: PostgreSQL's ordered-set aggregates, as the aggregates credreport
    /// adds to SQLite, given the fraction, the value and whether the order is descending.
    fn ordered_set(&mut self, e: &mut Expr, name: &str) -> Result<Ty> {
        let Expr::Function(f) = e else {
            unreachable!("ordered_set() is given a Function")
        };
        let (added, with_fraction) = match name {
            "percentile_cont" => (PERCENTILE_CONT, true),
            "percentile_disc" => (PERCENTILE_DISC, true),
            "mode" => (MODE, false),
            _ => {
                return unsupported(
                    format!("{name}() WITHIN GROUP"),
                    Some("credreport has percentile_cont, percentile_disc and mode WITHIN GROUP"),
                )
            }
        };
        let usage = if with_fraction {
            "… WITHIN GROUP (ORDER BY x) with one fraction from 0 to 1"
        } else {
            "mode() WITHIN GROUP (ORDER BY x)"
        };
        if f.over.is_some() || f.within_group.len() != 1 || !arguments_alone(f) {
            return unsupported(format!("{name}() written this way"), Some(usage));
        }
        let mut args = Vec::new();
        for x in arg_exprs(f) {
            if !self.expr(x)?.is_number() {
                return unsupported(
                    format!("{name}() of a fraction that is not a number"),
                    Some(usage),
                );
            }
            args.push(take(x));
        }
        if args.len() != usize::from(with_fraction) {
            return unsupported(with_arguments(name, args.len()), Some(usage));
        }
        if let Some(filter) = &mut f.filter {
            self.expr(filter)?;
        }
        let mut o = f.within_group.remove(0);
        let ty = self.expr(&mut o.expr)?;
        if ty.is_interval() {
            return unsupported(format!("{name}() of intervals"), None);
        }
        if added == PERCENTILE_CONT && !ty.is_number() {
            return unsupported(
                "percentile_cont() of something that is not a number",
                Some("percentile_disc() takes any value"),
            );
        }
        postgres_order(&mut o)?;
        let descending = matches!(o.options.sort, Some(OrderBySort::Desc));
        args.extend([o.expr, num(i64::from(descending))]);
        f.name = ObjectName::from(vec![Ident::new(added)]);
        f.args = FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: args
                .into_iter()
                .map(|x| FunctionArg::Unnamed(FunctionArgExpr::Expr(x)))
                .collect(),
            clauses: Vec::new(),
        });
        self.rewritten = true;
        Ok(if added == PERCENTILE_CONT {
            Ty::Float
        } else {
            ty
        })
    }

    /// `… OVER (PARTITION BY … ORDER BY … frame)`: SQLite has the clause as PostgreSQL writes
    /// it. Its expressions are translated (an interval by its sort key), its order puts NULLs
    /// where PostgreSQL does, and a frame's offsets must be whole numbers: PostgreSQL's
    /// `RANGE '1 day' PRECEDING` has no SQLite spelling.
    fn window(&mut self, over: &mut WindowType) -> Result<()> {
        let spec = match over {
            WindowType::WindowSpec(spec) if spec.window_name.is_none() => spec,
            _ => {
                return unsupported(
                    "a named window (OVER name)",
                    Some("write the window in OVER (…)"),
                )
            }
        };
        for x in &mut spec.partition_by {
            if let Ty::Interval(iv) = self.expr(x)? {
                self.replace(x, iv.key(), false);
            }
        }
        for o in &mut spec.order_by {
            if o.with_fill.is_some() {
                return unsupported("WITH FILL", None);
            }
            if let Ty::Interval(iv) = self.expr(&mut o.expr)? {
                self.replace(&mut o.expr, iv.key(), false);
            }
            postgres_order(o)?;
        }
        if let Some(frame) = &spec.window_frame {
            let whole = |b: &WindowFrameBound| {
                let (WindowFrameBound::Preceding(Some(x)) | WindowFrameBound::Following(Some(x))) =
                    b
                else {
                    return true;
                };
                let Expr::Value(v) = &**x else { return false };
                matches!(&v.value, Value::Number(n, _) if n.parse::<u64>().is_ok())
            };
            if !whole(&frame.start_bound) || !frame.end_bound.as_ref().is_none_or(whole) {
                return unsupported(
                    "a window frame's offset other than a whole number",
                    Some("write ROWS, RANGE or GROUPS with a whole number before PRECEDING or FOLLOWING"),
                );
            }
        }
        Ok(())
    }

    /// A window function's call (`over`: with its OVER clause translated): SQLite's ranking and
    /// value functions, and the aggregates it has as window functions, under their own names.
    fn windowed(&mut self, f: &mut Function, name: &str, types: &[Ty], extras: bool) -> Result<Ty> {
        if f.over.is_none() {
            return unsupported(
                format!("{name}() without OVER"),
                Some("a window function needs OVER (…), e.g. OVER (ORDER BY user_name)"),
            );
        }
        if extras {
            return unsupported(
                format!("DISTINCT, ORDER BY or FILTER in {name}() … OVER"),
                None,
            );
        }
        if let Some(w) = WINDOW_ONLY.iter().find(|w| w.pg == name) {
            return self.mapped(f, w, types);
        }
        match MAPPED.iter().find(|m| m.pg == name) {
            Some(m) if WINDOW_AGGREGATES.contains(&m.sqlite) => self.mapped(f, m, types),
            _ => unsupported(
                format!("{name}() … OVER"),
                Some(
                    "the window functions are row_number(), rank(), dense_rank(), percent_rank(), cume_dist(), ntile(), lag(), lead(), first_value(), last_value() and nth_value(), and the aggregates count(), sum(), avg(), min(), max(), string_agg(), bool_and() and bool_or()",
                ),
            ),
        }
    }

    /// `make_interval(years, months, weeks, days, hours, mins, secs)`, by place or by name
    /// (`days => 90`), each whole and 0 when left out: the interval of those parts.
    fn make_interval(&mut self, e: &mut Expr) -> Result<Ty> {
        const PARTS: [&str; 7] = ["years", "months", "weeks", "days", "hours", "mins", "secs"];
        let Expr::Function(f) = e else {
            unreachable!("make_interval() is a Function")
        };
        let mut given: [Option<Expr>; 7] = Default::default();
        if let FunctionArguments::List(list) = &mut f.args {
            if list.args.len() > PARTS.len() {
                return unsupported(
                    with_arguments("make_interval", list.args.len()),
                    Some(MAKE_INTERVAL),
                );
            }
            for (place, a) in list.args.iter_mut().enumerate() {
                let (named, x) = match a {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => (None, x),
                    FunctionArg::Named {
                        name,
                        arg: FunctionArgExpr::Expr(x),
                        ..
                    } => (Some(name.value.clone()), x),
                    FunctionArg::ExprNamed {
                        name: Expr::Identifier(name),
                        arg: FunctionArgExpr::Expr(x),
                        ..
                    } => (Some(name.value.clone()), x),
                    _ => {
                        return unsupported(
                            "make_interval() with these arguments",
                            Some(MAKE_INTERVAL),
                        )
                    }
                };
                let at = match named {
                    None => place,
                    Some(name) => match PARTS.iter().position(|p| name.eq_ignore_ascii_case(p)) {
                        Some(at) => at,
                        None => {
                            return unsupported(
                                format!("make_interval() with an argument named {name}"),
                                Some(MAKE_INTERVAL),
                            )
                        }
                    },
                };
                let ty = self.expr(x)?;
                if !ty.is_number() || ty.is_fractional() {
                    return unsupported(
                        format!("make_interval({} => …) of a value that is not a whole number", PARTS[at]),
                        Some("give whole numbers: cast one that may have a fraction with ::int (fractions of a second are not supported)"),
                    );
                }
                if given[at].replace(take(x)).is_some() {
                    return unsupported(format!("make_interval() given {} twice", PARTS[at]), None);
                }
            }
        }
        let [years, months, weeks, days, hours, mins, secs] =
            given.map(|g| g.unwrap_or_else(|| num(0)));
        let iv = Interval::parts(
            weighted(&[(years, 12), (months, 1)])?,
            weighted(&[(weeks, 7), (days, 1)])?,
            weighted(&[(hours, 3600), (mins, 60), (secs, 1)])?,
        );
        self.replace(e, Expr::Nested(Box::new(iv.text())), true);
        Ok(Ty::interval(iv))
    }

    /// A call of a function in the table: checked, renamed, typed.
    fn mapped(&mut self, f: &mut Function, m: &Mapped, types: &[Ty]) -> Result<Ty> {
        let name = m.pg;
        let (least, most) = m.args;
        if types.len() < least || types.len() > most {
            return unsupported(with_arguments(name, types.len()), Some(m.usage));
        }
        let joins = matches!(name, "concat" | "concat_ws");
        if types.iter().any(Ty::is_interval) && !joins {
            return unsupported(format!("an interval as an argument of {name}()"), None);
        }
        // concat() joins each value as PostgreSQL writes it out: a boolean as t or f.
        if joins {
            for (x, t) in arg_exprs(f).into_iter().zip(types) {
                if let Some(written) = sqlite::pg_text(x, t, sqlite::Spelled::Output) {
                    *x = written;
                    self.rewritten = true;
                }
            }
        }
        let ty = match m.gives {
            Gives::Int => Ty::Int,
            Gives::Float => Ty::Float,
            Gives::Text => Ty::Text,
            Gives::Bool => Ty::Bool,
            // `log(b, x)` has a numeric version only.
            Gives::Real if name == "log" && types.len() == 2 => Ty::Num,
            Gives::Real => Ty::real_of(types),
            Gives::Mean if types.first() == Some(&Ty::Float) => Ty::Float,
            Gives::Mean => Ty::Num,
            Gives::Same => same(types),
            Gives::First => types.first().cloned().unwrap_or(Ty::Unknown),
        };
        // PostgreSQL reads a text literal beside a timestamp as one: `greatest(t, '2024-01-01')`.
        if matches!(ty, Ty::Timestamp { .. }) {
            for (x, t) in arg_exprs(f).into_iter().zip(types) {
                self.as_timestamp(x, t, &ty)?;
            }
        }
        if m.sqlite != name {
            f.name = ObjectName::from(vec![Ident::new(m.sqlite)]);
        }
        self.rewritten |= m.pg_only;
        Ok(ty)
    }

    /// A call SQLite spells otherwise, built anew: the SQLite, its type, and whether the call
    /// was PostgreSQL's alone.
    fn rebuilt(&mut self, name: &str, args: Vec<Expr>, types: Vec<Ty>) -> Result<(Expr, Ty, bool)> {
        let count = args.len();
        let takes = |n: usize| -> Result<()> {
            if count != n {
                return unsupported(with_arguments(name, count), None);
            }
            Ok(())
        };
        let Some(kind) = REBUILT.iter().find(|(n, _)| *n == name).map(|(_, k)| *k) else {
            return if SQLITE_ONLY.contains(&name) {
                unsupported(
                    format!("{name}(), a SQLite function,"),
                    Some("run the query as SQLite (--dialect sqlite)"),
                )
            } else {
                unsupported(format!("the function {name}()"), instead_of(name))
            };
        };
        // An interval is shown by format() as its text.
        let shown = matches!(
            kind,
            Rebuilt::DatePart | Rebuilt::Format | Rebuilt::Justify(_)
        );
        if types.iter().any(Ty::is_interval) && !shown {
            return unsupported(format!("an interval as an argument of {name}()"), None);
        }
        let now = || datetime(text("now"), vec![]);
        let mut args = args.into_iter();
        let mut next = || args.next().expect("the count was checked");
        Ok(match kind {
            Rebuilt::CurrentDate => {
                takes(0)?;
                (call("date", vec![text("now")]), Ty::Date, false)
            }
            Rebuilt::CurrentTimestamp => {
                takes(0)?;
                (now(), Ty::TIMESTAMPTZ, false)
            }
            Rebuilt::LocalTimestamp => {
                takes(0)?;
                // SQLite has no localtimestamp: written as it is, it names a column.
                (now(), Ty::TIMESTAMP, true)
            }
            Rebuilt::Now => {
                takes(0)?;
                (now(), Ty::TIMESTAMPTZ, true)
            }
            Rebuilt::ToTimestamp | Rebuilt::ToDate if count == 2 => {
                let date = matches!(kind, Rebuilt::ToDate);
                let f = if date { "to_date" } else { "to_timestamp" };
                if !matches!(types[0], Ty::Text | Ty::Null | Ty::Unknown) {
                    return unsupported(
                        format!("{f}() of something that is not text"),
                        Some("to_timestamp(text, template) reads text; a time needs no reading"),
                    );
                }
                let x = next();
                let Some(template) = string_literal(&next()).map(str::to_owned) else {
                    return unsupported(
                        format!("{f}() with a pattern that is not a literal"),
                        None,
                    );
                };
                let read = sqlite::to_timestamp(x, &template, f)?;
                if date {
                    (call("date", vec![read]), Ty::Date, true)
                } else {
                    (read, Ty::TIMESTAMPTZ, true)
                }
            }
            Rebuilt::ToDate => return unsupported(with_arguments("to_date", count), None),
            Rebuilt::WidthBucket => {
                takes(4)?;
                // PostgreSQL's double precision version when one of the three is one, its
                // numeric version for the rest (whole numbers bucket alike in both).
                let arithmetic = if types[..3].contains(&Ty::Float) {
                    Rounding::Double
                } else if types[..3].iter().all(|t| t.is_number() || *t == Ty::Null) {
                    Rounding::Numeric
                } else {
                    return unsupported(
                        "width_bucket() of something that is not a number",
                        Some("width_bucket(x, low, high, count) of numbers"),
                    );
                };
                if !matches!(types[3], Ty::Int | Ty::Null) {
                    return unsupported(
                        "width_bucket() with a count that is not a whole number",
                        Some("cast it: count::int"),
                    );
                }
                let mut args: Vec<Expr> = (0..4).map(|_| next()).collect();
                args.push(text(arithmetic.as_str()));
                (call(WIDTH_BUCKET, args), Ty::Int, true)
            }
            Rebuilt::ToTimestamp => {
                // A fraction of a second would be lost in the table's times, which have none.
                if count != 1 || !matches!(types[0], Ty::Int | Ty::Null) {
                    return unsupported(
                        "to_timestamp() other than of a whole number of seconds",
                        Some("to_timestamp(seconds) of a whole number, as to_timestamp(x::bigint); or of text by a pattern, as to_timestamp(x, 'YYYY-MM-DD HH24:MI')"),
                    );
                }
                (
                    datetime(next(), vec![text("unixepoch")]),
                    Ty::TIMESTAMPTZ,
                    true,
                )
            }
            Rebuilt::StartsWith => {
                takes(2)?;
                (sqlite::starts_with(next(), next()), Ty::Bool, true)
            }
            Rebuilt::Regexp(f) => {
                // The arguments each function takes, in order: `t` text, `n` a whole number.
                // PostgreSQL's regexp_replace(text, pattern, replacement, start[, n[, flags]]).
                let from_start = f == REGEXP_REPLACE && matches!(types.get(3), Some(Ty::Int));
                let (takes, least, flags_at, gives, usage) = match f {
                    REGEXP_LIKE => ("ttt", 2, 2, Ty::Bool, "regexp_like(text, pattern[, flags])"),
                    REGEXP_REPLACE if from_start => (
                        "tttnnt",
                        4,
                        5,
                        Ty::Text,
                        "regexp_replace(text, pattern, replacement, start[, n[, flags]])",
                    ),
                    REGEXP_REPLACE => (
                        "tttt",
                        3,
                        3,
                        Ty::Text,
                        "regexp_replace(text, pattern, replacement[, flags])",
                    ),
                    REGEXP_COUNT => (
                        "ttnt",
                        2,
                        3,
                        Ty::Int,
                        "regexp_count(text, pattern[, start[, flags]])",
                    ),
                    REGEXP_INSTR => (
                        "ttnnntn",
                        2,
                        5,
                        Ty::Int,
                        "regexp_instr(text, pattern[, start[, n[, endoption[, flags[, subexpr]]]]])",
                    ),
                    _ => (
                        "ttnntn",
                        2,
                        4,
                        Ty::Text,
                        "regexp_substr(text, pattern[, start[, n[, flags[, subexpr]]]])",
                    ),
                };
                if count < least || count > takes.len() {
                    return unsupported(with_arguments(name, count), Some(usage));
                }
                for (ty, kind) in types.iter().zip(takes.chars()) {
                    if kind == 't' {
                        matched_as_text(ty, &format!("{name}()"))?;
                    } else if !matches!(ty, Ty::Int | Ty::Null | Ty::Unknown) {
                        return unsupported(
                            format!("{name}() with a count that is not a whole number"),
                            Some(usage),
                        );
                    }
                }
                let mut args: Vec<Expr> = (0..count).map(|_| next()).collect();
                if from_start {
                    // SQLite's regexp_replace() has the start form with all six: the first
                    // match from start, as PostgreSQL's without n.
                    if args.len() < 5 {
                        args.push(num(1));
                    }
                    if args.len() < 6 {
                        args.push(text(""));
                    }
                }
                (sqlite::regexp_call(f, args, flags_at)?, gives, false)
            }
            Rebuilt::CountNulls(nulls) => {
                if count == 0 {
                    return unsupported(with_arguments(name, count), None);
                }
                let tests = (0..count).map(|_| {
                    let x = Box::new(paren(next()));
                    if nulls {
                        Expr::IsNull(x)
                    } else {
                        Expr::IsNotNull(x)
                    }
                });
                let sum = tests.map(paren).reduce(add).expect("one argument at least");
                (sum, Ty::Int, true)
            }
            Rebuilt::Trunc => match count {
                1 => (call(TRUNC, vec![next()]), Ty::real_of(&types), false),
                2 if types[0] == Ty::Float => {
                    return unsupported(
                        "trunc(x, n) of a double precision value",
                        Some("PostgreSQL has none: trunc(x::numeric, n)"),
                    )
                }
                2 => (call(TRUNC, vec![next(), next()]), Ty::Num, false),
                _ => {
                    return unsupported(
                        with_arguments(name, count),
                        Some("trunc(x) or trunc(x, n)"),
                    )
                }
            },
            Rebuilt::Mod => {
                takes(2)?;
                if types.iter().any(Ty::is_fractional) {
                    return unsupported(
                        "mod() of a number that may have a fraction",
                        Some("make both whole first: mod(x::integer, n)"),
                    );
                }
                let remainder = op(next(), BinaryOperator::Modulo, next());
                (remainder, Ty::Int, false)
            }
            Rebuilt::Random => {
                takes(0)?;
                // random() / 2^64 + 0.5: from −2^63 … 2^63 − 1 to [0, 1).
                let fraction = add(
                    op(
                        call("random", vec![]),
                        BinaryOperator::Divide,
                        Expr::value(Value::Number("18446744073709551616.0".into(), false)),
                    ),
                    Expr::value(Value::Number("0.5".into(), false)),
                );
                (Expr::Nested(Box::new(fraction)), Ty::Float, true)
            }
            Rebuilt::Age => {
                if !types.iter().all(|t| {
                    matches!(
                        t,
                        Ty::Timestamp { .. } | Ty::Date | Ty::Text | Ty::Null | Ty::Unknown
                    )
                }) {
                    return unsupported(
                        "age() of something that is not a timestamp",
                        Some("give it one or two timestamps"),
                    );
                }
                // Text is read as PostgreSQL reads a timestamp: `age('2025-1-5')`.
                let mut moment = || -> Result<Expr> {
                    let x = next();
                    match string_literal(&x) {
                        Some(written) => crate::moment::literal(
                            written,
                            crate::moment::As::Timestamp { zoned: true },
                        ),
                        None => Ok(x),
                    }
                };
                let (a, b) = match count {
                    1 => (datetime(text("now"), vec![text("start of day")]), moment()?),
                    2 => (moment()?, moment()?),
                    _ => return unsupported("age() with more than two arguments", None),
                };
                let iv = sqlite::age(a, b);
                // The interval is not a SQLite value: the parent builds from its parts.
                self.rewritten = true;
                (Expr::Nested(Box::new(iv.text())), Ty::interval(iv), true)
            }
            Rebuilt::Justify(how) => {
                takes(1)?;
                let Some(Ty::Interval(iv)) = types.first() else {
                    return unsupported(
                        format!("{name}() of something that is not an interval"),
                        Some("give it an interval, e.g. now() - user_last_logon"),
                    );
                };
                let iv = sqlite::justify(how, iv);
                self.rewritten = true;
                (Expr::Nested(Box::new(iv.text())), Ty::interval(iv), true)
            }
            Rebuilt::DatePart => {
                takes(2)?;
                let Some(field) = string_literal(&next()).map(str::to_lowercase) else {
                    return unsupported("date_part() with a field that is not a literal", None);
                };
                let ty = &types[1];
                (sqlite::extract(&field, next(), ty)?, Ty::Float, true)
            }
            Rebuilt::DateTrunc => {
                takes(2)?;
                let Some(unit) = string_literal(&next()).map(str::to_lowercase) else {
                    return unsupported("date_trunc() with a unit that is not a literal", None);
                };
                // A date is truncated as a timestamp with time zone, as PostgreSQL casts it.
                let ty = Ty::Timestamp {
                    zoned: !matches!(types[1], Ty::Timestamp { zoned: false }),
                };
                (sqlite::date_trunc(&unit, next())?, ty, true)
            }
            Rebuilt::Substring => {
                let with = sqlite::substring(types.into_iter().zip(args).collect())?;
                (with, Ty::Text, false)
            }
            Rebuilt::Round => {
                if types.first() == Some(&Ty::Float) {
                    // PostgreSQL rounds a double precision half to even, to a whole number
                    // only.
                    if count != 1 {
                        return unsupported(
                            "round(x, n) of a double precision value",
                            Some("round a numeric instead: round(x::numeric, n)"),
                        );
                    }
                    return Ok((call(ROUND_EVEN, vec![next()]), Ty::Float, true));
                }
                // A numeric is rounded in the digits it is written with, half away from zero
                // (SQLite's round() rounds the binary fraction: 0.045 to 0.04).
                if !(1..=2).contains(&count) {
                    return unsupported(with_arguments("round", count), None);
                }
                let x = next();
                let n = if count == 2 { next() } else { num(0) };
                (call(ROUND, vec![x, n]), Ty::Num, false)
            }
            Rebuilt::ToChar => {
                takes(2)?;
                let rounding =
                    match types[0] {
                        Ty::Int => Some(Rounding::Integer),
                        Ty::Num => Some(Rounding::Numeric),
                        Ty::Float => Some(Rounding::Double),
                        Ty::Timestamp { .. } | Ty::Date | Ty::Null => None,
                        _ => return unsupported(
                            "to_char() of something that is not a date, a timestamp or a number",
                            None,
                        ),
                    };
                let x = next();
                let Some(pattern) = string_literal(&next()).map(str::to_owned) else {
                    return unsupported("to_char() with a pattern that is not a literal", None);
                };
                let written = match rounding {
                    Some(rounding) => sqlite::to_char_number(x, &pattern, rounding)?,
                    None => sqlite::to_char(x, &pattern)?,
                };
                (written, Ty::Text, true)
            }
            Rebuilt::Format => {
                let first = (count > 0).then(&mut next);
                let Some(template) = first.as_ref().and_then(string_literal).map(str::to_owned)
                else {
                    return unsupported(
                        "format() without a literal text first",
                        Some("write the text, e.g. format('%s: %s', a, b)"),
                    );
                };
                let values = types.into_iter().skip(1).map(|t| (next(), t)).collect();
                (sqlite::format(&template, values)?, Ty::Text, true)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window functions are SQLite's, under their own names, and no other table has them;
    /// the aggregates that may be windows are SQLite's own.
    #[test]
    fn window_functions_are_sqlites_own() {
        for w in WINDOW_ONLY {
            assert!(crate::SQLITE_FUNCTIONS.contains(&w.sqlite), "{}", w.pg);
            assert!(!MAPPED.iter().any(|m| m.pg == w.pg), "{}", w.pg);
            assert!(!REBUILT.iter().any(|(n, _)| *n == w.pg), "{}", w.pg);
            assert!(w.args.0 <= w.args.1);
        }
        for a in WINDOW_AGGREGATES {
            assert!(crate::SQLITE_FUNCTIONS.contains(a), "{a}");
        }
    }

    /// Each PostgreSQL name is in the table once, and what it becomes is a SQLite function or
    /// one credreport adds.
    #[test]
    fn the_table_maps_each_name_once_onto_a_function_sqlite_has() {
        let added: Vec<&str> = credreport_core::functions::ADDED
            .iter()
            .map(|(n, _)| *n)
            .collect();
        for (i, m) in MAPPED.iter().enumerate() {
            assert!(
                MAPPED[i + 1..].iter().all(|n| n.pg != m.pg),
                "{} twice",
                m.pg
            );
            assert!(
                crate::SQLITE_FUNCTIONS.contains(&m.sqlite) || added.contains(&m.sqlite),
                "{} becomes {}, which SQLite lacks",
                m.pg,
                m.sqlite
            );
            assert!(
                !REBUILT.iter().any(|(n, _)| *n == m.pg),
                "{} is mapped and rebuilt",
                m.pg
            );
            assert!(m.args.0 <= m.args.1);
        }
    }
}
