//! `generate_series(start, stop[, step])` in FROM, which SQLite has not: a recursive WITH query
//! in a subquery, built from the call's own expressions and walked as any other query, so its
//! values are typed and stepped as the translation types and adds them elsewhere:
//!
//! ```sql
//! (with recursive "?series"("?v") as (
//!     select start where start <= stop
//!     union all
//!     select "?v" + step from "?series" where "?v" + step <= stop
//!   ) select "?v" as m from "?series") as m
//! ```
//!
//! Up to `stop` for a step above zero, down to it (`>=`) for one below; a step of zero, which
//! PostgreSQL refuses, is refused, and so is one whose sign is not written in the query. A
//! series of dates or of text stepped by an interval is one of timestamps with time zone, the
//! function PostgreSQL picks for them. Its column is named as PostgreSQL names it: after the
//! alias's column (`as s(m)`), else the alias, else `generate_series`.

use sqlparser::ast::{
    BinaryOperator, CastKind, DataType, Expr, FunctionArg, FunctionArgExpr, SelectItem, SetExpr,
    TableFactor, TimezoneInfo, UnaryOperator, Value,
};

use crate::build::{derived, num, op, query, query_of, quoted, select, union_all, with_query};
use crate::expr::Ty;
use crate::interval::parse_literal;
use crate::names::function_columns;
use crate::query::Cx;
use crate::{unsupported, Result};

const USAGE: &str =
    "generate_series(start, stop[, step]) of numbers, or of times with an interval step written in the query";

/// Whether `step` goes up: a number or an interval written in the query, not zero, whose
/// parts do not go both ways.
fn ascending(step: &Expr) -> Result<bool> {
    let sign = match step {
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => return ascending(expr).map(|up| !up),
        Expr::Nested(inner) => return ascending(inner),
        Expr::Value(v) => match &v.value {
            // A literal number has no sign of its own: zero when its digits are all 0 (read
            // from its text: parsing a float would add its tables to the page's translator).
            Value::Number(n, _) => {
                let digits = n.split(['e', 'E']).next().unwrap_or_default();
                if digits.chars().all(|c| c == '0' || c == '.') {
                    0
                } else {
                    1
                }
            }
            _ => 0,
        },
        Expr::Interval(iv) if iv.last_field.is_none() => {
            match crate::build::string_literal(&iv.value) {
                Some(text) => {
                    let unit = iv.leading_field.as_ref().map(|f| f.to_string());
                    let (m, d, s) = parse_literal(text, unit.as_deref())?;
                    let parts = [m.signum(), d.signum(), s.signum()];
                    if parts.contains(&1) && parts.contains(&-1) {
                        0
                    } else {
                        parts.iter().sum::<i64>().signum()
                    }
                }
                None => 0,
            }
        }
        _ => 0,
    };
    if sign == 0 {
        return unsupported(
            "generate_series() with a step of zero, of parts going both ways, or not written in the query",
            Some(USAGE),
        );
    }
    Ok(sign > 0)
}

impl Cx {
    /// `generate_series(…)` in FROM made the subquery of the module's shape, in `t`'s place,
    /// and walked.
    pub fn series(&mut self, t: &mut TableFactor) -> Result<()> {
        let TableFactor::Table {
            args: Some(args),
            alias,
            with_ordinality,
            ..
        } = t
        else {
            return unsupported("this table function", Some(USAGE));
        };
        if *with_ordinality {
            return unsupported(
                "generate_series() WITH ORDINALITY",
                Some("number the rows with row_number() over (order by …)"),
            );
        }
        let mut exprs = Vec::new();
        for a in &args.args {
            match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => exprs.push(e.clone()),
                _ => return unsupported("generate_series() with these arguments", Some(USAGE)),
            }
        }
        let count = exprs.len();
        let mut exprs = exprs.into_iter();
        let (Some(mut start), Some(stop), step, None) =
            (exprs.next(), exprs.next(), exprs.next(), exprs.next())
        else {
            return unsupported(
                format!("generate_series() with {count} arguments"),
                Some(USAGE),
            );
        };
        let step = step.unwrap_or_else(|| num(1));
        let up = ascending(&step)?;
        // A date or text stepped by an interval: PostgreSQL's timestamptz version.
        if matches!(step, Expr::Interval(_))
            && !matches!(self.expr(&mut start.clone())?, Ty::Timestamp { .. })
        {
            start = Expr::Cast {
                kind: CastKind::DoubleColon,
                expr: Box::new(start),
                data_type: DataType::Timestamp(None, TimezoneInfo::WithTimeZone),
                format: None,
            };
        }
        let (table, mut columns) = function_columns(alias, "generate_series", 1)?;
        let column = columns.pop().unwrap_or_default();
        let within = |x: Expr| {
            let compare = if up {
                BinaryOperator::LtEq
            } else {
                BinaryOperator::GtEq
            };
            op(x, compare, stop.clone())
        };
        let value = || Expr::Identifier(quoted("?v"));
        let next = || op(value(), BinaryOperator::Plus, step.clone());
        let first = select(
            vec![SelectItem::UnnamedExpr(start.clone())],
            Vec::new(),
            Some(within(start)),
        );
        let series = || crate::build::table("?series");
        let rest = select(
            vec![SelectItem::UnnamedExpr(next())],
            vec![series()],
            Some(within(next())),
        );
        let mut body = query(select(
            vec![SelectItem::ExprWithAlias {
                expr: value(),
                alias: quoted(&column),
            }],
            vec![series()],
            None,
        ));
        let walk = query_of(union_all(
            SetExpr::Select(Box::new(first)),
            SetExpr::Select(Box::new(rest)),
        ));
        body.with = Some(with_query("?series", vec![quoted("?v")], walk, true));
        *t = derived(body, &table).relation;
        self.rewritten = true;
        self.table_factor(t)
    }
}
