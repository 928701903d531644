//! Expressions and their types: each expression is visited once, children first, given a type,
//! and replaced by nodes where SQLite needs other words for the same meaning.

use credreport_core::functions::{
    self, AT_ZONE, CEIL, FLOOR, ILIKE, LIKE, REGEXP_LIKE, ROUND_EVEN,
};
use credreport_core::schema::{Kind, COLUMNS};
use sqlparser::ast::{
    BinaryOperator, CastKind, CeilFloorKind, DataType, DateTimeField, Expr, InTarget,
    TrimWhereField, UnaryOperator, Value,
};

use crate::build::{self, call, cast, concat, integer, neg, not, num, op, paren, take, text};
use crate::interval::{parse_literal, Interval};
use crate::moment;
use crate::query::Cx;
use crate::sqlite::{self, datetime, glob, like_to_glob};
use crate::{unsupported, Result};

/// What an expression holds, as far as the translation needs to know.
#[derive(Debug, Clone)]
pub enum Ty {
    Bool,
    /// An integer: `/` between two divides whole, in both.
    Int,
    /// A `numeric`, which may hold a fraction even where SQLite holds an integer (`extract()`'s
    /// answers): `/` with one divides exactly.
    Num,
    /// A `double precision` (a cast to one, `date_part()`): PostgreSQL rounds it half to even.
    Float,
    Text,
    Date,
    /// `timestamp with time zone` (`zoned`: the table's times, `now()`), written as text with
    /// `+00`; or `timestamp` (a `timestamp '…'` literal, a cast to it), written without.
    Timestamp {
        zoned: bool,
    },
    Interval(Box<Interval>),
    /// `array_agg()`'s array, shown as PostgreSQL shows it (`{a,"b c"}`): a result column of
    /// the outer query, and nothing else.
    Array,
    /// A JSON value of the `json` module's functions (`binary`: `jsonb`), written as
    /// PostgreSQL writes it: a result column of the outer query, or a value inside another.
    Json {
        binary: bool,
    },
    Null,
    Unknown,
}

/// Two types are equal when they are the same kind; two intervals are, whatever their parts
/// (comparing parts would compare sqlparser trees, whose equality weighs 48 KB in the page's
/// translator module, for no question the translation asks).
impl PartialEq for Ty {
    fn eq(&self, other: &Ty) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

impl Ty {
    pub fn interval(iv: Interval) -> Ty {
        Ty::Interval(Box::new(iv))
    }

    pub fn is_interval(&self) -> bool {
        matches!(self, Ty::Interval(_))
    }

    /// A number, or what may be one (NULL, a type the translation does not know).
    pub fn is_number(&self) -> bool {
        matches!(self, Ty::Int | Ty::Num | Ty::Float | Ty::Null | Ty::Unknown)
    }

    /// A number that may hold a fraction: a numeric or a double precision.
    pub fn is_fractional(&self) -> bool {
        matches!(self, Ty::Num | Ty::Float)
    }

    /// What PostgreSQL's math functions give for arguments of these types: a numeric when
    /// one is, else a double precision (each has a version of both).
    pub fn real_of(types: &[Ty]) -> Ty {
        if types.contains(&Ty::Num) {
            Ty::Num
        } else {
            Ty::Float
        }
    }

    fn is_time(&self) -> bool {
        matches!(self, Ty::Timestamp { .. } | Ty::Date)
    }

    /// A timestamp with time zone.
    pub const TIMESTAMPTZ: Ty = Ty::Timestamp { zoned: true };

    /// A timestamp without time zone.
    pub const TIMESTAMP: Ty = Ty::Timestamp { zoned: false };

    /// What time ± interval gives: a timestamp with time zone from one, else without (a date
    /// gives one without).
    fn shifted(&self) -> Ty {
        Ty::Timestamp {
            zoned: matches!(self, Ty::Timestamp { zoned: true }),
        }
    }
}

/// The most one expression's SQLite may print as: twenty times the longest translation of the
/// corpus (about 3 KB), little memory where a translation doubles it.
pub const MAX_EXPR_SQL: usize = 64 << 10;

/// The type of the schema's column `name`; unknown for a name the schema has not.
pub(crate) fn column_type(name: &str) -> Ty {
    match COLUMNS.iter().find(|c| c.name.eq_ignore_ascii_case(name)) {
        Some(c) => match c.kind {
            Kind::Bool => Ty::Bool,
            Kind::Timestamp => Ty::TIMESTAMPTZ,
            Kind::Text => Ty::Text,
        },
        None => Ty::Unknown,
    }
}

/// How many `^` lead `e` (`a ^ b ^ c` is two, read as `(a ^ b) ^ c`); none past the deepest
/// expression the walk takes, which refuses it.
fn chain_of_powers(e: &Expr) -> usize {
    let mut n = 0;
    let mut at = e;
    while let Expr::BinaryOp {
        op: BinaryOperator::PGExp,
        left,
        ..
    } = at
    {
        n += 1;
        if n > crate::query::MAX_EXPR_DEPTH {
            return 0;
        }
        at = left;
    }
    n
}

/// `sign` put before the first operand of a chain of `^` ([`chain_of_powers`] long).
fn sign_first_operand(e: &mut Expr, sign: UnaryOperator) {
    match e {
        Expr::BinaryOp {
            op: BinaryOperator::PGExp,
            left,
            ..
        } => sign_first_operand(left, sign),
        first => {
            *first = Expr::UnaryOp {
                op: sign,
                expr: Box::new(take(first)),
            }
        }
    }
}

/// A string literal read as PostgreSQL reads an interval (`'90 days'`).
fn literal_interval(e: &Expr) -> Result<Interval> {
    let (m, d, s) = parse_literal(build::string_literal(e).unwrap_or_default(), None)?;
    Ok(Interval::constant(m, d, s))
}

/// A string literal, in parentheses or not (`ts > ('2024-01-01')` is read as a timestamp too).
fn is_string_literal(e: &Expr) -> bool {
    build::string_literal(e).is_some()
}

/// The type of CASE's results; an interval cannot be one (it is not a SQLite value).
fn merge(out: Ty, ty: Ty) -> Result<Ty> {
    if ty.is_interval() {
        return unsupported(
            "an interval as a result of CASE",
            Some("put the CASE inside: age(CASE … END)"),
        );
    }
    Ok(if out == Ty::Unknown || out == Ty::Null {
        ty
    } else {
        out
    })
}

/// `x = ANY (ARRAY[…] | subquery)` as `x IN (…)`, `x <> ALL (…)` as `x NOT IN (…)`: the same
/// answers, NULLs included. Other comparisons with ANY or ALL, and ANY of anything but an array
/// written out or a subquery, are refused.
fn in_list_of_any(e: &mut Expr) -> Result<Expr> {
    let (left, op, right, any) = match e {
        Expr::AnyOp {
            left,
            compare_op,
            right,
            ..
        } => (left, compare_op, right, true),
        Expr::AllOp {
            left,
            compare_op,
            right,
        } => (left, compare_op, right, false),
        _ => unreachable!("in_list_of_any() is given ANY or ALL"),
    };
    let word = if any { "ANY" } else { "ALL" };
    let negated = match (any, &*op) {
        (true, BinaryOperator::Eq) => false,
        (false, BinaryOperator::NotEq) => true,
        _ => {
            return unsupported(
                format!("{op} {word} (…)"),
                Some("= ANY (…) is IN (…) and <> ALL (…) is NOT IN (…); compare with min() or max() of a subquery for the others"),
            )
        }
    };
    let target = match take(right) {
        Expr::Array(a) => InTarget::List(a.elem),
        Expr::Subquery(q) => InTarget::Subquery(q),
        _ => {
            return unsupported(
                format!("{word} of something other than ARRAY[…] or a subquery"),
                Some("use IN (…)"),
            )
        }
    };
    Ok(Expr::In {
        expr: Box::new(take(left)),
        target,
        negated,
        global: false,
    })
}

/// An operator PostgreSQL binds tighter than `||`, where SQLite binds `||` tighter.
fn arithmetic(op: &BinaryOperator) -> bool {
    use BinaryOperator as B;
    matches!(
        op,
        B::Plus
            | B::Minus
            | B::PGExp
            | B::Multiply
            | B::Divide
            | B::Modulo
            | B::BitwiseAnd
            | B::BitwiseOr
            | B::PGBitwiseShiftLeft
            | B::PGBitwiseShiftRight
    )
}

/// What the parser put beside `~~` or `~` that PostgreSQL would not: sqlparser binds them as
/// tight as comparisons and looser than IN, BETWEEN and LIKE (`a = b ~ 'x'` is `(a = b) ~ 'x'`,
/// `a ~ 'x' || 'y'` is `a ~ ('x' || 'y')`), where PostgreSQL binds them as tight as `||` and
/// tighter than the rest. An operand of those kinds
/// not in parentheses means the tree is not the query PostgreSQL reads.
fn misread_beside_like(left: &Expr, right: &Expr) -> Option<String> {
    use BinaryOperator as B;
    let looser = match left {
        Expr::BinaryOp { op, .. }
            if matches!(
                op,
                B::Eq | B::NotEq | B::Lt | B::LtEq | B::Gt | B::GtEq | B::And | B::Or
            ) =>
        {
            Some(op.to_string())
        }
        Expr::IsNull(_)
        | Expr::IsNotNull(_)
        | Expr::IsTrue(_)
        | Expr::IsNotTrue(_)
        | Expr::IsFalse(_)
        | Expr::IsNotFalse(_)
        | Expr::IsUnknown(_)
        | Expr::IsNotUnknown(_)
        | Expr::IsDistinctFrom(..)
        | Expr::IsNotDistinctFrom(..) => Some("IS".into()),
        Expr::In { .. } => Some("IN".into()),
        Expr::Between { .. } => Some("BETWEEN".into()),
        Expr::Like { .. } | Expr::ILike { .. } => Some("LIKE".into()),
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            ..
        } => Some("NOT".into()),
        _ => None,
    };
    let tighter = match right {
        Expr::BinaryOp { op, .. }
            if matches!(
                op,
                B::StringConcat
                    | B::PGLikeMatch
                    | B::PGNotLikeMatch
                    | B::PGILikeMatch
                    | B::PGNotILikeMatch
                    | B::PGRegexMatch
                    | B::PGRegexIMatch
                    | B::PGRegexNotMatch
                    | B::PGRegexNotIMatch
                    | B::PGStartsWith
            ) =>
        {
            Some(op.to_string())
        }
        Expr::Like { .. } | Expr::ILike { .. } => Some("LIKE".into()),
        Expr::In { .. } => Some("IN".into()),
        Expr::Between { .. } => Some("BETWEEN".into()),
        _ => None,
    };
    looser.or(tighter)
}

/// `x [NOT] LIKE pattern`, or ILIKE, with no ESCAPE: as a query writes it, to be translated as
/// one.
fn like_node(ilike: bool, negated: bool, x: Expr, pattern: Expr) -> Expr {
    let (expr, pattern) = (Box::new(x), Box::new(pattern));
    if ilike {
        Expr::ILike {
            negated,
            any: false,
            expr,
            pattern,
            escape_char: None,
        }
    } else {
        Expr::Like {
            negated,
            any: false,
            expr,
            pattern,
            escape_char: None,
        }
    }
}

/// A text literal read as PostgreSQL reads a boolean: `t`, `true`, `yes`, `on`, `1` or their
/// opposites, in any case, any unique start of the word (`tr`, `of`), spaces around it ignored.
fn boolean_literal(e: &Expr) -> Result<Expr> {
    let written = build::string_literal(e).unwrap_or_default();
    let word = written.trim().to_ascii_lowercase();
    let starts = |full: &str, least: usize| word.len() >= least && full.starts_with(&word);
    let value = if starts("true", 1) || starts("yes", 1) || starts("on", 2) || word == "1" {
        true
    } else if starts("false", 1) || starts("no", 1) || starts("off", 2) || word == "0" {
        false
    } else {
        return unsupported(
            format!("'{written}' as a boolean"),
            Some("PostgreSQL reads true, t, yes, on and 1, or false, f, no, off and 0"),
        );
    };
    Ok(Expr::value(Value::Boolean(value)))
}

/// Whether PostgreSQL reads `zone` as UTC, whose times are the table's.
fn is_utc(zone: &str) -> bool {
    [
        "utc",
        "etc/utc",
        "gmt",
        "etc/gmt",
        "z",
        "zulu",
        "uct",
        "universal",
    ]
    .contains(&zone.to_ascii_lowercase().as_str())
}

/// What to write for a SIMILAR TO credreport does not translate.
const PATTERNS: &str = "use a regular expression (~) or LIKE";

/// PostgreSQL matches a regular expression against text only: `~` and `regexp_like()` of a
/// number, a boolean or a time do not exist there.
pub(crate) fn matched_as_text(ty: &Ty, what: &str) -> Result<()> {
    let kind = match ty {
        Ty::Text | Ty::Unknown | Ty::Null => return Ok(()),
        Ty::Bool => "boolean",
        Ty::Int | Ty::Num | Ty::Float => "number",
        Ty::Date | Ty::Timestamp { .. } => "date or timestamp",
        Ty::Interval(_) => "interval",
        Ty::Array => "array",
        Ty::Json { binary: false } => "json",
        Ty::Json { binary: true } => "jsonb",
    };
    unsupported(
        format!("{what} on a {kind}"),
        Some("make it text first, as x::text ~ 'pattern'"),
    )
}

impl Cx {
    /// Put `with` in `e`'s place; `pg_only` says the original was PostgreSQL's own spelling.
    /// What is not one term goes in parentheses: the parent was written around one term, and
    /// SQLite binds `||` tighter than `/`, so `'a' || x / 86400 || 'b'` would divide text.
    pub fn replace(&mut self, e: &mut Expr, with: Expr, pg_only: bool) {
        *e = build::paren(with);
        self.rewritten |= pg_only;
    }

    /// Make a date or a text literal comparable with a timestamp (`'2024-01-01'` is midnight),
    /// of time zone or not as `with` is.
    pub fn as_timestamp(&mut self, e: &mut Expr, ty: &Ty, with: &Ty) -> Result<()> {
        if let Some(written) = build::string_literal(e) {
            let zoned = !matches!(with, Ty::Timestamp { zoned: false });
            let x = moment::literal(written, moment::As::Timestamp { zoned })?;
            self.replace(e, x, false);
        } else if *ty == Ty::Date {
            let x = datetime(take(e), vec![]);
            self.replace(e, x, false);
        }
        Ok(())
    }

    /// Make a text literal a date.
    fn as_date(&mut self, e: &mut Expr) -> Result<()> {
        let written = build::string_literal(e).unwrap_or_default();
        let x = moment::literal(written, moment::As::Date)?;
        self.replace(e, x, false);
        Ok(())
    }

    /// Translate both sides of a comparison and make them comparable; for intervals, the sort
    /// keys to compare instead.
    fn compare(&mut self, left: &mut Expr, right: &mut Expr) -> Result<Option<(Expr, Expr)>> {
        let lt = self.expr(left)?;
        let rt = self.expr(right)?;
        match (&lt, &rt) {
            (Ty::Interval(a), Ty::Interval(b)) => return Ok(Some((a.key(), b.key()))),
            // PostgreSQL reads a text literal beside an interval as one: `age(x) > '90 days'`.
            (Ty::Interval(a), _) if is_string_literal(right) => {
                return Ok(Some((a.key(), literal_interval(right)?.key())))
            }
            (_, Ty::Interval(b)) if is_string_literal(left) => {
                return Ok(Some((literal_interval(left)?.key(), b.key())))
            }
            (Ty::Interval(_), _) | (_, Ty::Interval(_)) => {
                return unsupported(
                    "comparing an interval with something that is not one",
                    Some("compare it with an interval, e.g. age(x) > interval '90 days'"),
                )
            }
            (Ty::Timestamp { .. }, _) => self.as_timestamp(right, &rt, &lt)?,
            (_, Ty::Timestamp { .. }) => self.as_timestamp(left, &lt, &rt)?,
            (Ty::Date, _) if is_string_literal(right) => self.as_date(right)?,
            // PostgreSQL reads a text literal beside a boolean as one: `mfa_active = 't'`.
            (Ty::Bool, _) if is_string_literal(right) => {
                let x = boolean_literal(right)?;
                self.replace(right, x, true);
            }
            (_, Ty::Bool) if is_string_literal(left) => {
                let x = boolean_literal(left)?;
                self.replace(left, x, true);
            }
            (_, Ty::Date) if is_string_literal(left) => self.as_date(left)?,
            _ => {}
        }
        Ok(None)
    }

    pub fn expr(&mut self, e: &mut Expr) -> Result<Ty> {
        if self.expr_depth >= crate::query::MAX_EXPR_DEPTH {
            return unsupported(
                format!(
                    "an expression nested more than {} levels deep (a chain of as many operators, \
                     or calls within calls)",
                    crate::query::MAX_EXPR_DEPTH
                ),
                Some("write a long chain of x = 'a' or x = 'b' … as x in ('a', 'b', …), or split the expression with a CTE"),
            );
        }
        if self.grouping.is_some() {
            if let Some(ty) = self.grouped(e)? {
                return Ok(ty);
            }
        }
        self.expr_depth += 1;
        let ty = self.expr_within(e);
        self.expr_depth -= 1;
        let ty = ty?;
        // Some translations write a value more than once (a boolean shown as text, a prefix
        // both measured and compared, an interval's parts): nested, each level doubles the SQL.
        // Each expression is checked as it is made, so none grows past twice the limit.
        let parts = match &ty {
            Ty::Interval(iv) => vec![&iv.months, &iv.days, &iv.secs],
            _ => Vec::new(),
        };
        if std::iter::once(&*e)
            .chain(parts)
            .any(|x| build::prints_longer(x, MAX_EXPR_SQL))
        {
            return unsupported(
                format!(
                    "an expression whose SQLite would be more than {} KB",
                    MAX_EXPR_SQL >> 10
                ),
                Some("write it with fewer levels of casts and calls within each other"),
            );
        }
        Ok(ty)
    }

    fn expr_within(&mut self, e: &mut Expr) -> Result<Ty> {
        match e {
            Expr::Identifier(i) => {
                crate::names::single_quoted(std::slice::from_ref(i))?;
                crate::names::guard(i);
                Ok(self.column_ty(None, &i.value))
            }
            Expr::CompoundIdentifier(parts) => {
                crate::names::single_quoted(parts)?;
                if parts.len() > 3 {
                    let name: Vec<String> = parts.iter().map(ToString::to_string).collect();
                    return unsupported(
                        format!("the name {}", name.join(".")),
                        Some("name a column as column or table.column"),
                    );
                }
                if parts.len() == 3 && crate::names::ours(&parts[1].value) {
                    parts.remove(0);
                    self.rewritten = true;
                }
                parts.iter_mut().for_each(crate::names::guard);
                // `t.x` (or `schema.t.x`): the column of the source called `t`.
                let (name, qualifier) = match &parts[..] {
                    [.., q, name] => (name, Some(q.value.as_str())),
                    [name] => (name, None),
                    [] => return Ok(Ty::Unknown),
                };
                Ok(self.column_ty(qualifier, &name.value))
            }
            Expr::Value(v) => match &mut v.value {
                // `E'…'`: sqlparser has read its escapes (`\n`, `\t`, `\x41`…), so the text is a
                // plain string's, which SQLite reads as it is.
                Value::EscapedStringLiteral(t) => {
                    crate::names::misprinted(t, '\'')?;
                    v.value = Value::SingleQuotedString(std::mem::take(t));
                    self.rewritten = true;
                    Ok(Ty::Text)
                }
                Value::Number(n, _) if n.bytes().all(|b| b.is_ascii_digit()) => Ok(Ty::Int),
                Value::Number(..) => Ok(Ty::Num),
                Value::SingleQuotedString(_) => Ok(Ty::Text),
                Value::Boolean(_) => Ok(Ty::Bool),
                Value::Null => Ok(Ty::Null),
                Value::Placeholder(p) => unsupported(format!("the parameter {p}"), None),
                other => unsupported(
                    format!("the literal {other}"),
                    Some("write strings in single quotes"),
                ),
            },
            // An interval inside is not a SQLite value: the parent replaces this node from its parts.
            Expr::Nested(inner) => self.expr(inner),
            Expr::IsNull(inner) | Expr::IsNotNull(inner) => {
                if let Ty::Interval(iv) = self.expr(inner)? {
                    self.replace(inner, iv.key(), false);
                }
                Ok(Ty::Bool)
            }
            Expr::IsTrue(inner)
            | Expr::IsNotTrue(inner)
            | Expr::IsFalse(inner)
            | Expr::IsNotFalse(inner) => {
                self.expr(inner)?;
                Ok(Ty::Bool)
            }
            Expr::IsUnknown(inner) | Expr::IsNotUnknown(inner) => {
                self.expr(inner)?;
                let x = Box::new(paren(take(inner)));
                let with = match e {
                    Expr::IsNotUnknown(_) => Expr::IsNotNull(x),
                    _ => Expr::IsNull(x),
                };
                self.replace(e, with, true);
                Ok(Ty::Bool)
            }
            Expr::IsDistinctFrom(l, r) | Expr::IsNotDistinctFrom(l, r) => {
                let (l, r) = match self.compare(l, r)? {
                    Some(keys) => keys,
                    None => (take(l), take(r)),
                };
                let is = match e {
                    Expr::IsDistinctFrom(..) => "IS NOT",
                    _ => "IS",
                };
                self.replace(e, op(l, BinaryOperator::Custom(is.into()), r), true);
                Ok(Ty::Bool)
            }
            Expr::BinaryOp { .. } => self.binary(e),
            // PostgreSQL binds a sign tighter than `^` (`-2 ^ 2` is 4), sqlparser looser: the
            // sign goes back on the first operand.
            Expr::UnaryOp {
                op: op @ (UnaryOperator::Minus | UnaryOperator::Plus),
                expr,
            } if chain_of_powers(expr) > 0 => {
                let sign = *op;
                let mut powers = take(expr);
                sign_first_operand(&mut powers, sign);
                *e = powers;
                self.expr(e)
            }
            Expr::UnaryOp { op, expr } => {
                let ty = self.expr(expr)?;
                match (op, ty) {
                    (UnaryOperator::Not, _) => Ok(Ty::Bool),
                    (UnaryOperator::Minus, Ty::Interval(iv)) => Ok(Ty::interval(iv.negate())),
                    (UnaryOperator::Minus | UnaryOperator::Plus, ty) => Ok(ty),
                    // `|/ x` and `@ x`: PostgreSQL's square root and absolute value.
                    (UnaryOperator::PGSquareRoot, ty) if ty.is_number() => {
                        let with = call("sqrt", vec![take(expr)]);
                        self.replace(e, with, true);
                        Ok(Ty::real_of(&[ty]))
                    }
                    (UnaryOperator::PGAbs, ty) if ty.is_number() => {
                        let with = call("abs", vec![take(expr)]);
                        self.replace(e, with, true);
                        Ok(ty)
                    }
                    (op, _) => unsupported(format!("the operator {op}"), None),
                }
            }
            Expr::In { expr, target, .. } => {
                let ty = self.expr(expr)?;
                if ty.is_interval() {
                    return unsupported("an interval in IN", None);
                }
                match target {
                    InTarget::List(list) => {
                        for item in list {
                            let it = self.expr(item)?;
                            if matches!(ty, Ty::Timestamp { .. }) {
                                self.as_timestamp(item, &it, &ty)?;
                            }
                        }
                    }
                    InTarget::Subquery(q) => {
                        self.query(q)?;
                    }
                    _ => {
                        return unsupported("this kind of IN", Some("use IN (…) or IN (SELECT …)"))
                    }
                }
                Ok(Ty::Bool)
            }
            Expr::Between {
                expr, low, high, ..
            } => {
                let ty = self.expr(expr)?;
                let lt = self.expr(low)?;
                let ht = self.expr(high)?;
                if ty.is_interval() || lt.is_interval() || ht.is_interval() {
                    return unsupported("BETWEEN on intervals", Some("write two comparisons"));
                }
                if matches!(ty, Ty::Timestamp { .. }) {
                    self.as_timestamp(low, &lt, &ty)?;
                    self.as_timestamp(high, &ht, &ty)?;
                }
                Ok(Ty::Bool)
            }
            Expr::Like { .. } => self.like(e, false),
            Expr::ILike { .. } => self.like(e, true),
            Expr::Cast {
                kind,
                expr,
                data_type,
                format,
            } => {
                if format.is_some() || matches!(kind, CastKind::TryCast | CastKind::SafeCast) {
                    return unsupported("this kind of cast", None);
                }
                let pg_only = matches!(kind, CastKind::DoubleColon);
                let target = data_type.to_string().to_lowercase();
                let ty = self.expr(expr)?;
                let (with, out) = cast_to(take(expr), ty, &target)?;
                self.replace(e, with, pg_only);
                Ok(out)
            }
            Expr::Interval(iv) => {
                if iv.last_field.is_some()
                    || iv.leading_precision.is_some()
                    || iv.fractional_seconds_precision.is_some()
                {
                    return unsupported(
                        "an interval with a field range",
                        Some("write it as interval '1 year 2 mons'"),
                    );
                }
                let Some(text) = build::string_literal(&iv.value) else {
                    return unsupported(
                        "an interval from an expression",
                        Some("write a literal, e.g. interval '90 days', or multiply one: n * interval '1 day'"),
                    );
                };
                let unit = iv.leading_field.as_ref().map(|f| f.to_string());
                let (m, d, s) = parse_literal(text, unit.as_deref())?;
                self.rewritten = true;
                Ok(Ty::interval(Interval::constant(m, d, s)))
            }
            Expr::TypedString(t) => {
                let Value::SingleQuotedString(lit) = &t.value.value else {
                    return unsupported("this typed literal", None);
                };
                let (with, ty) = match t.data_type.to_string().to_lowercase().as_str() {
                    // `date '…'` is the text cast to a date.
                    t if t == "date" || t.starts_with("timestamp") => {
                        cast_to(text(lit), Ty::Text, t)?
                    }
                    "interval" => {
                        let (m, d, s) = parse_literal(lit, None)?;
                        self.rewritten = true;
                        return Ok(Ty::interval(Interval::constant(m, d, s)));
                    }
                    other => return unsupported(format!("a {other} literal"), None),
                };
                self.replace(e, with, true);
                Ok(ty)
            }
            Expr::Extract { field, expr, .. } => {
                let field = field.to_string().to_lowercase();
                let ty = self.expr(expr)?;
                let with = sqlite::extract(&field, take(expr), &ty)?;
                self.replace(e, with, true);
                Ok(Ty::Num)
            }
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                if let Some(o) = operand {
                    self.expr(o)?;
                }
                let mut out = Ty::Unknown;
                for w in conditions.iter_mut() {
                    self.expr(&mut w.condition)?;
                    let ty = self.expr(&mut w.result)?;
                    out = merge(out, ty)?;
                }
                if let Some(r) = else_result {
                    let ty = self.expr(r)?;
                    out = merge(out, ty)?;
                }
                Ok(out)
            }
            Expr::Exists { subquery, .. } => {
                self.query(subquery)?;
                Ok(Ty::Bool)
            }
            Expr::Subquery(q) => {
                let items = self.query(q)?;
                Ok(match items.first() {
                    Some((_, Ty::Interval(_))) => Ty::Text,
                    Some((_, ty)) if items.len() == 1 => ty.clone(),
                    _ => Ty::Unknown,
                })
            }
            Expr::Function(_) => self.function(e),
            Expr::AtTimeZone {
                timestamp,
                time_zone,
            } => {
                // In UTC, the moment stays where it is: a timestamp with time zone becomes the
                // same time without one, and one without is taken as UTC's.
                let written = build::string_literal(time_zone);
                let name = written.unwrap_or_default();
                let utc = is_utc(name);
                let known = functions::zone(name);
                match self.expr(timestamp)? {
                    Ty::Timestamp { zoned } if utc => {
                        let with = take(timestamp);
                        self.replace(e, with, true);
                        Ok(Ty::Timestamp { zoned: !zoned })
                    }
                    // A zone credreport knows: UTC's time as the zone's, or the zone's as UTC's.
                    Ty::Timestamp { zoned } if known.is_some() => {
                        let zone = known.expect("the zone is known").name;
                        let way = if zoned { "local" } else { "utc" };
                        let with = call(AT_ZONE, vec![take(timestamp), text(zone), text(way)]);
                        self.replace(e, with, true);
                        Ok(Ty::Timestamp { zoned: !zoned })
                    }
                    Ty::Timestamp { .. } => unsupported(
                        match written {
                            Some(name) => format!("AT TIME ZONE '{name}'"),
                            None => "AT TIME ZONE with a zone that is not a literal".into(),
                        },
                        Some("credreport knows UTC, the zones of Alibaba Cloud's regions and their neighbours with no summer time (Asia/Shanghai, Asia/Singapore, Asia/Tokyo, Asia/Dubai…), those with one offset since a later year (America/Mexico_City from 2023, America/Sao_Paulo, Europe/Istanbul…) and those of Europe, North America and Australia with the European, American or Australian summer time (Europe/Berlin, America/New_York, Australia/Sydney…); the table's times are UTC: shift them by hand, as t + interval '2 hours'"),
                    ),
                    _ => unsupported("AT TIME ZONE of something that is not a timestamp", None),
                }
            }
            // A regular expression, as PostgreSQL reads SIMILAR TO, matched as `~` is.
            Expr::SimilarTo {
                negated,
                expr,
                pattern,
                escape_char,
            } => {
                let escape = match escape_char.as_deref().map(build::string_literal) {
                    None => Some('\\'),
                    Some(Some(e)) if e.chars().count() <= 1 => e.chars().next(),
                    Some(Some(_)) => {
                        return Err(crate::TranslateError::Syntax {
                            message: "invalid escape string: it must be empty or one character"
                                .into(),
                        })
                    }
                    Some(None) => {
                        return unsupported(
                            "SIMILAR TO … ESCAPE of something other than a string",
                            None,
                        )
                    }
                };
                let Some(written) = build::string_literal(pattern) else {
                    return unsupported(
                        "SIMILAR TO a pattern not written in the query",
                        Some(PATTERNS),
                    );
                };
                let regex = sqlite::similar_to_regex(written, escape)?;
                let op = match negated {
                    true => BinaryOperator::PGRegexNotMatch,
                    false => BinaryOperator::PGRegexMatch,
                };
                *e = Expr::Nested(Box::new(Expr::BinaryOp {
                    left: Box::new(take(expr)),
                    op,
                    right: Box::new(text(&regex)),
                }));
                self.rewritten = true;
                self.expr(e)
            }
            Expr::RLike { .. } => {
                unsupported("REGEXP and RLIKE", Some("write PostgreSQL's x ~ 'pattern'"))
            }
            Expr::AnyOp { .. } | Expr::AllOp { .. } => {
                let with = in_list_of_any(e)?;
                self.replace(e, with, true);
                self.expr(e)
            }
            Expr::Array(_) => unsupported("an array", None),
            Expr::Substring {
                expr: x,
                substring_from,
                substring_for,
                special,
                shorthand,
            } => {
                let ty = self.expr(x)?;
                let mut args = vec![(ty, take(x))];
                for part in [substring_from, substring_for] {
                    match part {
                        Some(p) => {
                            let ty = self.expr(p)?;
                            args.push((ty, take(p)));
                        }
                        // `substring(x for n)` starts at 1.
                        None if args.len() == 1 => args.push((Ty::Int, num(1))),
                        None => {}
                    }
                }
                // `substr(x, 2, 3)` runs the same as written in SQLite unless it starts before
                // the first character; `FROM … FOR` is PostgreSQL's alone.
                let pg_only = !*special && !*shorthand;
                let with = sqlite::substring(args)?;
                self.replace(e, with, pg_only);
                Ok(Ty::Text)
            }
            Expr::Position { expr: needle, r#in } => {
                let (needle_ty, haystack_ty) = (self.expr(needle)?, self.expr(r#in)?);
                if needle_ty.is_interval() || haystack_ty.is_interval() {
                    return unsupported("an interval in POSITION(… IN …)", None);
                }
                let with = call("instr", vec![take(r#in), take(needle)]);
                self.replace(e, with, true);
                Ok(Ty::Int)
            }
            Expr::Ceil { .. } | Expr::Floor { .. } => {
                let up = matches!(e, Expr::Ceil { .. });
                let (Expr::Ceil { expr, field } | Expr::Floor { expr, field }) = e else {
                    unreachable!()
                };
                if !matches!(
                    field,
                    CeilFloorKind::DateTimeField(DateTimeField::NoDateTime)
                ) {
                    return unsupported(
                        format!(
                            "{}(x, …) with more than a number",
                            if up { "ceil" } else { "floor" }
                        ),
                        Some("PostgreSQL's ceil and floor take one number"),
                    );
                }
                let ty = self.expr(expr)?;
                if !ty.is_number() {
                    return unsupported(
                        "ceil() or floor() of something that is not a number",
                        None,
                    );
                }
                let with = call(if up { CEIL } else { FLOOR }, vec![take(expr)]);
                self.replace(e, with, true);
                Ok(ty)
            }
            Expr::Trim {
                expr,
                trim_where,
                trim_what,
                trim_characters: None,
            } => {
                // `trim(x)`, spaces off both ends in both; `trim([both | leading | trailing]
                // [characters] from x)`, PostgreSQL's alone: SQLite's trim, ltrim or rtrim of x
                // (and the characters; spaces when none are given).
                let pg_only = trim_where.is_some() || trim_what.is_some();
                if self.expr(expr)?.is_interval() {
                    return unsupported("an interval in trim()", None);
                }
                let mut args = vec![take(expr)];
                if let Some(what) = trim_what {
                    if self.expr(what)?.is_interval() {
                        return unsupported("an interval in trim()", None);
                    }
                    args.push(take(what));
                }
                let name = match trim_where {
                    Some(TrimWhereField::Leading) => "ltrim",
                    Some(TrimWhereField::Trailing) => "rtrim",
                    Some(TrimWhereField::Both) | None => "trim",
                };
                self.replace(e, call(name, args), pg_only);
                Ok(Ty::Text)
            }
            Expr::Trim { .. } => unsupported(
                "trim(x, characters)",
                Some("write btrim(x, characters), or trim(characters from x)"),
            ),
            Expr::CompoundFieldAccess { root, access_chain } => {
                match sqlite::array_element(root, access_chain)? {
                    Some(sqlite::Element::Rewritten(with)) => {
                        self.replace(e, with, true);
                        self.expr(e)
                    }
                    Some(sqlite::Element::Split(mut args, mut n)) => {
                        for x in &mut args {
                            let ty = self.expr(x)?;
                            matched_as_text(&ty, "regexp_split_to_array()")?;
                        }
                        if !matches!(self.expr(&mut n)?, Ty::Int | Ty::Null | Ty::Unknown) {
                            return unsupported(
                                "(regexp_split_to_array(…))[n] with an n that is not a whole number",
                                None,
                            );
                        }
                        let with = sqlite::regexp_split_element(args, n)?;
                        self.replace(e, with, true);
                        Ok(Ty::Text)
                    }
                    None => unsupported(
                        "this access to a field or an array's element",
                        Some(
                            "credreport takes one element of regexp_match(…), string_to_array(…) \
                             or regexp_split_to_array(…) by a subscript: (regexp_match(x, \
                             'a(b)'))[1]",
                        ),
                    ),
                }
            }
            Expr::JsonAccess { .. } => unsupported("JSON and field access", None),
            Expr::Tuple(_) => unsupported("a row value", None),
            other => unsupported(format!("the expression {other}"), None),
        }
    }

    /// `x [NOT] LIKE pattern` and `x [NOT] ILIKE pattern`. PostgreSQL's LIKE tells case apart
    /// (SQLite's does not: GLOB does); its ILIKE folds case over all of Unicode (SQLite's LIKE,
    /// A–Z only). Both escape with `\` by default.
    fn like(&mut self, e: &mut Expr, ilike: bool) -> Result<Ty> {
        let (Expr::Like {
            negated,
            any,
            expr,
            pattern,
            escape_char,
        }
        | Expr::ILike {
            negated,
            any,
            expr,
            pattern,
            escape_char,
        }) = e
        else {
            unreachable!("like() is given a LIKE or an ILIKE")
        };
        let name = if ilike { "ILIKE" } else { "LIKE" };
        if escape_char.is_some() {
            return unsupported(
                format!("{name} … ESCAPE"),
                Some("PostgreSQL's escape is the backslash, as credreport reads it"),
            );
        }
        if *any {
            // `x LIKE ANY (ARRAY[p, q])` is `(x LIKE p OR x LIKE q)`, NULLs alike; each LIKE is
            // then translated as one written alone.
            let patterns = match take(pattern) {
                Expr::Nested(inner) => *inner,
                other => other,
            };
            let Expr::Array(array) = patterns else {
                return unsupported(
                    format!("{name} ANY of something other than ARRAY[…]"),
                    Some("write the patterns in ARRAY['a%', 'b%']"),
                );
            };
            let (negated, x) = (*negated, take(expr));
            let each = array
                .elem
                .into_iter()
                .map(|p| like_node(ilike, negated, x.clone(), p));
            let Some(with) = each.reduce(|a, b| op(a, BinaryOperator::Or, b)) else {
                return unsupported(format!("{name} ANY of an empty array"), None);
            };
            self.replace(e, paren(with), true);
            return self.expr(e);
        }
        let negated = *negated;
        for side in [&mut **expr, &mut **pattern] {
            if self.expr(side)?.is_interval() {
                return unsupported(format!("an interval in {name}"), None);
            }
        }
        let literal = build::string_literal(pattern).map(str::to_owned);
        let with = match (ilike, literal) {
            (false, Some(p)) => match like_to_glob(&p) {
                Some(g) => glob(take(expr), &g, negated),
                None => {
                    return unsupported(
                        format!("the LIKE pattern '{p}', which ends in a lone \\"),
                        Some("write \\\\ for a backslash"),
                    )
                }
            },
            _ => {
                let f = call(
                    if ilike { ILIKE } else { LIKE },
                    vec![take(expr), take(pattern)],
                );
                if negated {
                    not(f)
                } else {
                    f
                }
            }
        };
        self.replace(e, with, ilike);
        Ok(Ty::Bool)
    }

    fn binary(&mut self, e: &mut Expr) -> Result<Ty> {
        let Expr::BinaryOp {
            left,
            op: operator,
            right,
        } = e
        else {
            unreachable!("binary() is given a BinaryOp")
        };
        use BinaryOperator as B;
        let operator = operator.clone();
        match operator {
            B::PGStartsWith => {
                for side in [&mut **left, &mut **right] {
                    if self.expr(side)?.is_interval() {
                        return unsupported("an interval in ^@", None);
                    }
                }
                let with = sqlite::starts_with(take(left), take(right));
                self.replace(e, with, true);
                Ok(Ty::Bool)
            }
            B::PGRegexMatch | B::PGRegexIMatch | B::PGRegexNotMatch | B::PGRegexNotIMatch => {
                if let Some(beside) = misread_beside_like(left, right) {
                    return unsupported(
                        format!("{operator} beside {beside} without parentheses"),
                        Some("put the match in parentheses, as a = (b ~ 'x'): PostgreSQL binds ~ tighter than the parser credreport uses"),
                    );
                }
                for side in [&mut **left, &mut **right] {
                    let ty = self.expr(side)?;
                    matched_as_text(&ty, &operator.to_string())?;
                }
                let icase = matches!(operator, B::PGRegexIMatch | B::PGRegexNotIMatch);
                let args = [take(left), take(right)].into_iter();
                let args = args.chain(icase.then(|| text("i"))).collect();
                let f = sqlite::regexp_call(REGEXP_LIKE, args, 2)?;
                let negated = matches!(operator, B::PGRegexNotMatch | B::PGRegexNotIMatch);
                self.replace(e, if negated { not(f) } else { f }, true);
                Ok(Ty::Bool)
            }
            // `~~` is how PostgreSQL spells LIKE (and shows it in EXPLAIN): read as LIKE.
            B::PGLikeMatch | B::PGNotLikeMatch | B::PGILikeMatch | B::PGNotILikeMatch => {
                if let Some(beside) = misread_beside_like(left, right) {
                    return unsupported(
                        format!("{operator} beside {beside} without parentheses"),
                        Some("put the ~~ in parentheses, as a = (b ~~ 'x%'): PostgreSQL binds ~~ tighter than the parser credreport uses"),
                    );
                }
                let ilike = matches!(operator, B::PGILikeMatch | B::PGNotILikeMatch);
                let negated = matches!(operator, B::PGNotLikeMatch | B::PGNotILikeMatch);
                let like = like_node(ilike, negated, take(left), take(right));
                // In parentheses: PostgreSQL binds `~~` tighter than `=`, SQLite LIKE as tight.
                *e = Expr::Nested(Box::new(like));
                self.rewritten = true;
                self.expr(e)
            }
            B::And | B::Or => {
                for side in [&mut **left, &mut **right] {
                    if self.expr(side)?.is_interval() {
                        return unsupported("an interval as a condition", None);
                    }
                }
                Ok(Ty::Bool)
            }
            B::Eq | B::NotEq | B::Lt | B::LtEq | B::Gt | B::GtEq => {
                if let Some((l, r)) = self.compare(left, right)? {
                    self.replace(e, op(l, operator, r), true);
                } else {
                    // PostgreSQL binds IN, BETWEEN and LIKE tighter than `=`, SQLite as tight:
                    // `a = b IN (…)` is `a = (b IN (…))` in one, `(a = b) IN (…)` in the other.
                    for side in [&mut **left, &mut **right] {
                        if matches!(
                            side,
                            Expr::In { .. }
                                | Expr::Between { .. }
                                | Expr::Like { .. }
                                | Expr::ILike { .. }
                        ) {
                            *side = paren(take(side));
                        }
                    }
                }
                Ok(Ty::Bool)
            }
            B::Plus | B::Minus => {
                let lt = self.expr(left)?;
                let rt = self.expr(right)?;
                let sign = if operator == B::Minus { -1 } else { 1 };
                let (with, ty) = match (lt, rt) {
                    (l, Ty::Interval(iv)) if l.is_time() => {
                        (datetime(take(left), iv.modifiers(sign)), l.shifted())
                    }
                    (Ty::Interval(iv), r) if r.is_time() && sign > 0 => {
                        (datetime(take(right), iv.modifiers(1)), r.shifted())
                    }
                    (Ty::Interval(a), Ty::Interval(b)) => {
                        let b = if sign < 0 { b.negate() } else { *b };
                        return Ok(Ty::interval(a.plus(&b)));
                    }
                    (Ty::Date, Ty::Int) => {
                        let days = match build::constant(right) {
                            Some(n) => text(&format!("{:+} days", n * sign)),
                            None => {
                                let n = take(right);
                                concat(if sign < 0 { neg(n) } else { n }, text(" days"))
                            }
                        };
                        (call("date", vec![take(left), days]), Ty::Date)
                    }
                    (Ty::Date, Ty::Date) if sign < 0 => {
                        let days = op(
                            call("julianday", vec![take(left)]),
                            B::Minus,
                            call("julianday", vec![take(right)]),
                        );
                        (integer(call("round", vec![days])), Ty::Int)
                    }
                    (l, r) if l.is_time() && r.is_time() && sign < 0 => {
                        self.rewritten = true;
                        let days = op(
                            call("julianday", vec![take(left)]),
                            B::Minus,
                            call("julianday", vec![take(right)]),
                        );
                        let total = integer(call("round", vec![build::mul(days, num(86400))]));
                        return Ok(Ty::interval(Interval::parts(
                            num(0),
                            op(total.clone(), B::Divide, num(86400)),
                            op(total, B::Modulo, num(86400)),
                        )));
                    }
                    (Ty::Interval(_), _) | (_, Ty::Interval(_)) => {
                        return unsupported(
                            "this arithmetic on an interval",
                            Some("add or subtract an interval to a date or timestamp"),
                        )
                    }
                    (l, r) if l.is_time() || r.is_time() => {
                        return unsupported(
                            "this arithmetic on a date or timestamp",
                            Some("add an interval: ts + interval '1 day'"),
                        )
                    }
                    (l, r) => return Ok(number(&l, &r)),
                };
                self.replace(e, with, true);
                Ok(ty)
            }
            // PostgreSQL's `^` raises to a power: a double precision, or a numeric of numerics.
            B::PGExp => {
                let lt = self.expr(left)?;
                let rt = self.expr(right)?;
                if !lt.is_number() || !rt.is_number() {
                    return unsupported("the operator ^ on something that is not a number", None);
                }
                let ty = match number(&lt, &rt) {
                    Ty::Num => Ty::Num,
                    _ => Ty::Float,
                };
                let with = call("power", vec![take(left), take(right)]);
                self.replace(e, with, true);
                Ok(ty)
            }
            B::Multiply => {
                let lt = self.expr(left)?;
                let rt = self.expr(right)?;
                match (lt, rt) {
                    (Ty::Interval(iv), Ty::Int) => Ok(Ty::interval(iv.times(&take(right)))),
                    (Ty::Int, Ty::Interval(iv)) => Ok(Ty::interval(iv.times(&take(left)))),
                    (Ty::Interval(_), _) | (_, Ty::Interval(_)) => {
                        unsupported("multiplying an interval by this", None)
                    }
                    (l, r) if l.is_time() || r.is_time() => {
                        unsupported("the operator * on a date or timestamp", None)
                    }
                    (l, r) => Ok(number(&l, &r)),
                }
            }
            B::Divide | B::Modulo => {
                let mut types: Vec<Ty> = Vec::new();
                for side in [&mut **left, &mut **right] {
                    let ty = self.expr(side)?;
                    if ty.is_interval() {
                        return unsupported("dividing an interval", None);
                    }
                    if ty.is_time() {
                        return unsupported(
                            format!("the operator {operator} on a date or timestamp"),
                            None,
                        );
                    }
                    types.push(ty);
                }
                let ty = number(&types[0], &types[1]);
                if ty.is_fractional() {
                    if operator == B::Modulo {
                        // SQLite's % takes whole numbers only.
                        return unsupported(
                            "% on a number that may have a fraction",
                            Some("make both whole first: x::integer % n"),
                        );
                    }
                    // PostgreSQL divides a numeric exactly; SQLite divides two integers whole,
                    // and extract() gives SQLite an integer where PostgreSQL has a numeric.
                    let with = op(cast(take(left), DataType::Real), B::Divide, take(right));
                    self.replace(e, with, false);
                }
                Ok(ty)
            }
            B::StringConcat => {
                for side in [&mut **left, &mut **right] {
                    let ty = self.expr(side)?;
                    if let Some(t) = sqlite::pg_text(side, &ty, sqlite::Spelled::Cast) {
                        self.replace(side, t, false);
                    }
                    // PostgreSQL binds `||` looser than arithmetic, SQLite tighter than any
                    // other operator: `'n=' || 1 + 2` is 'n=3' in one and 2 in the other.
                    if matches!(side, Expr::BinaryOp { op, .. } if arithmetic(op)) {
                        *side = paren(take(side));
                    }
                }
                Ok(Ty::Text)
            }
            other => unsupported(format!("the operator {other}"), None),
        }
    }
}

/// The type of arithmetic on two numbers: a double precision when either is one, a numeric
/// when either is one, an integer when both are.
fn number(l: &Ty, r: &Ty) -> Ty {
    if *l == Ty::Float || *r == Ty::Float {
        Ty::Float
    } else if *l == Ty::Num || *r == Ty::Num {
        Ty::Num
    } else if *l == Ty::Int && *r == Ty::Int {
        Ty::Int
    } else {
        Ty::Unknown
    }
}

/// The timestamp type PostgreSQL spells `t` (`timestamp`, `timestamptz`, `timestamp with time
/// zone`, `timestamp(0) without time zone`…).
fn timestamp_type(t: &str) -> Ty {
    Ty::Timestamp {
        zoned: t.starts_with("timestamptz") || t.contains("with time zone"),
    }
}

/// PostgreSQL's own name for the type a cast spells `t` (`integer` is `int4`, `double
/// precision` is `float8`): the one list of the types credreport casts to, and what names a
/// cast's column when its value gives no name. `None`: a type it does not cast to.
pub(crate) fn type_name(t: &str) -> Option<&'static str> {
    Some(match modified(t).0 {
        "date" => "date",
        t if t.starts_with("timestamp") => match timestamp_type(t) {
            Ty::Timestamp { zoned: true } => "timestamptz",
            _ => "timestamp",
        },
        "text" | "string" => "text",
        "varchar" | "character varying" => "varchar",
        "int" | "integer" | "int4" => "int4",
        "bigint" | "int8" => "int8",
        "smallint" | "int2" => "int2",
        "numeric" | "decimal" => "numeric",
        "double precision" | "float" | "float8" => "float8",
        "real" | "float4" => "float4",
        "boolean" | "bool" => "bool",
        "interval" => "interval",
        _ => return None,
    })
}

/// A type's name and the numbers in parentheses after it, where they end it (`varchar(20)`,
/// `numeric(5,2)`); a timestamp's precision stays in its name (`timestamp(0) with time zone`).
fn modified(t: &str) -> (&str, Option<&str>) {
    match t.strip_suffix(')').and_then(|t| t.split_once('(')) {
        Some((name, numbers)) if !name.starts_with("timestamp") => (name.trim_end(), Some(numbers)),
        _ => (t, None),
    }
}

/// The numbers of a type's modifier (`5,2`), each a whole number.
fn modifier_numbers(numbers: &str, target: &str) -> Result<Vec<i64>> {
    numbers
        .split(',')
        .map(|n| n.trim().parse::<i64>())
        .collect::<std::result::Result<Vec<_>, _>>()
        .or_else(|_| unsupported(format!("a cast to {target}"), None))
}

/// `x` as `numeric(precision, scale)`: rounded to `scale` decimals (`pg_round`, as PostgreSQL
/// rounds a numeric), NULL where PostgreSQL stops with "numeric field overflow" (a
/// value of more than `precision - scale` digits before the point).
fn numeric_to(x: Expr, numbers: &[i64], target: &str) -> Result<Expr> {
    let (precision, scale) = match *numbers {
        [p] => (p, 0),
        [p, s] => (p, s),
        _ => return unsupported(format!("a cast to {target}"), None),
    };
    if !(1..=1000).contains(&precision) || !(0..=precision).contains(&scale) {
        return unsupported(
            format!("a cast to {target}"),
            Some("numeric(precision, scale) takes a precision from 1 to 1000 and a scale from 0 to the precision"),
        );
    }
    let rounded = call(functions::ROUND, vec![x, num(scale)]);
    let limit = Expr::value(Value::Number(format!("1e{}", precision - scale), false));
    let fits = op(
        call("abs", vec![rounded.clone()]),
        BinaryOperator::Lt,
        limit,
    );
    Ok(build::case(vec![(fits, rounded)], None))
}

/// A cast of `x` (of type `ty`) to `target`: the SQLite for it and the type it gives.
pub(crate) fn cast_to(x: Expr, ty: Ty, target: &str) -> Result<(Expr, Ty)> {
    let literal = build::string_literal(&x);
    let Some(name) = type_name(target) else {
        return unsupported(format!("a cast to {target}"), None);
    };
    // The numbers after a type: a length or a precision and scale.
    let numbers = match modified(target).1 {
        Some(numbers) => Some(modifier_numbers(numbers, target)?),
        None => None,
    };
    match (name, numbers.as_deref()) {
        (_, None) => {}
        ("varchar", Some(&[n])) if n >= 1 => {
            let (text, _) = cast_to(x, ty, "text")?;
            return Ok((call("substr", vec![text, num(1), num(n)]), Ty::Text));
        }
        ("numeric", Some(numbers)) => {
            // PostgreSQL casts none of these to a number.
            if ty.is_interval() || ty.is_time() || ty == Ty::Bool {
                return unsupported(
                    format!("a cast of a boolean, date, time or interval to {target}"),
                    None,
                );
            }
            return Ok((numeric_to(x, numbers, target)?, Ty::Num));
        }
        _ => {
            return unsupported(
                format!("a cast to {target}"),
                Some("cast to the type without the numbers in parentheses"),
            )
        }
    }
    Ok(match name {
        "date" => match literal {
            Some(written) => (moment::literal(written, moment::As::Date)?, Ty::Date),
            None => (call("date", vec![x]), Ty::Date),
        },
        t @ ("timestamp" | "timestamptz") => {
            let to = timestamp_type(t);
            let zoned = matches!(to, Ty::Timestamp { zoned: true });
            match literal {
                Some(written) => (
                    moment::literal(written, moment::As::Timestamp { zoned })?,
                    to,
                ),
                None => (datetime(x, vec![]), to),
            }
        }
        "text" | "varchar" => {
            let with = sqlite::pg_text(&x, &ty, sqlite::Spelled::Cast)
                .unwrap_or_else(|| cast(x, DataType::Text));
            (with, Ty::Text)
        }
        "int4" | "int8" | "int2" => match ty {
            Ty::Bool => (x, Ty::Int),
            Ty::Interval(_) => {
                return unsupported(
                    "an interval cast to a number",
                    Some("use extract(epoch from …)"),
                )
            }
            // PostgreSQL rounds a double precision half to even.
            Ty::Float => (integer(call(ROUND_EVEN, vec![x])), Ty::Int),
            // PostgreSQL rounds to the nearest integer; SQLite's CAST truncates.
            _ => (integer(call("round", vec![x])), Ty::Int),
        },
        "numeric" => (cast(x, DataType::Real), Ty::Num),
        "float8" | "float4" => (cast(x, DataType::Real), Ty::Float),
        "bool" => match ty {
            Ty::Bool | Ty::Null => (x, Ty::Bool),
            _ if literal.is_some() => (boolean_literal(&x)?, Ty::Bool),
            _ => {
                return unsupported(
                    "a cast to boolean",
                    Some("compare instead, e.g. x = 'true'"),
                )
            }
        },
        "interval" => match build::string_literal(&x) {
            Some(lit) => {
                let (m, d, s) = parse_literal(lit, None)?;
                // The cast's node is not a SQLite value: the parent builds from the parts.
                return Ok((x, Ty::interval(Interval::constant(m, d, s))));
            }
            None => return unsupported("a cast to interval from an expression", None),
        },
        _ => return unsupported(format!("a cast to {target}"), None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::ast::Ident;

    fn col() -> Expr {
        Expr::Identifier(Ident::new("x"))
    }

    #[test]
    fn casts_say_what_postgresql_means() {
        let sql = |ty: Ty, target: &str| cast_to(col(), ty, target).map(|(e, _)| e.to_string());
        assert_eq!(
            sql(Ty::Num, "integer").unwrap(),
            "CAST(round(x) AS INTEGER)"
        );
        assert_eq!(
            sql(Ty::Bool, "text").unwrap(),
            "CASE WHEN x IS NULL THEN NULL WHEN x THEN 'true' ELSE 'false' END"
        );
        assert_eq!(sql(Ty::TIMESTAMPTZ, "text").unwrap(), "x || '+00'");
        assert_eq!(sql(Ty::TIMESTAMP, "text").unwrap(), "CAST(x AS TEXT)");
        assert!(sql(Ty::Text, "boolean").is_err());
        assert_eq!(cast_to(col(), Ty::Text, "float8").unwrap().1, Ty::Float);
    }

    #[test]
    fn arithmetic_keeps_the_widest_number() {
        assert_eq!(number(&Ty::Int, &Ty::Int), Ty::Int);
        assert_eq!(number(&Ty::Int, &Ty::Num), Ty::Num);
        assert_eq!(number(&Ty::Num, &Ty::Float), Ty::Float);
        assert_eq!(number(&Ty::Int, &Ty::Unknown), Ty::Unknown);
    }
}
