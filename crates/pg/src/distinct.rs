//! `SELECT DISTINCT ON (…)`, which SQLite lacks: the first row of each group of rows equal in the
//! DISTINCT ON expressions, in the query's order. The query is walked as any other, then made a
//! subquery whose keys (each DISTINCT ON and ORDER BY expression) are columns, numbered in
//! each group in that order (`row_number() over (partition by … order by …)`) by a query
//! around it, and the outer query keeps each group's first, ordered as the query says:
//!
//! ```sql
//! select "?c1" as user_name, … from (
//!   select *, row_number() over (partition by "?d1" order by "?o1", "?o2" desc) as "?n" from (
//!     select user_name as "?c1", …, user_name as "?d1", user_name as "?o1",
//!       generated_time as "?o2" from … where … group by … having …
//!   ) as "?keys"
//! ) as "?distinct on" where "?n" = 1 order by "?o1", "?o2" desc …
//! ```
//!
//! Each result column is renamed inside and given its name outside, so two with one name stay
//! two; a `*` is the columns it stands for, each by its name (SQLite cannot leave the
//! numbering out of a `*` outside), so it is taken only over what has columns of known names:
//! the credential report (its 30 columns), its latest view, and WITH queries and subqueries
//! whose columns are named.

use sqlparser::ast::{
    BinaryOperator, Distinct, Expr, Function, FunctionArgumentList, FunctionArguments, Ident,
    ObjectName, OrderBy, OrderByExpr, OrderByKind, Query, SelectItem, SetExpr,
    WildcardAdditionalOptions, WindowSpec, WindowType,
};

use crate::build::{derived, num, op, query, quoted, select, take};
use crate::expr::Ty;
use crate::names::{at_position, by_name, output_name};
use crate::query::{star_table, Cx};
use crate::{unsupported, Result, TranslateError};

/// What a DISTINCT ON query keeps aside while it is walked.
pub struct DistinctOn {
    /// The DISTINCT ON expressions, a result column's name or position read as its expression.
    on: Vec<Expr>,
}

/// `e` as PostgreSQL reads it in DISTINCT ON or ORDER BY: a whole number is a result column's
/// position, a bare name a result column's name before a table's column; either is read as that
/// column's expression.
fn resolve(e: Expr, items: &[SelectItem], clause: &str) -> Result<Expr> {
    if let Some(at) = at_position(&e, items, clause)? {
        return Ok(at);
    }
    Ok(match by_name(&e, items, clause)? {
        Some((_, named)) => named.clone(),
        None => e,
    })
}

/// PostgreSQL's rule: the ORDER BY expressions that are DISTINCT ON's come first, and when one
/// of DISTINCT ON's is not in ORDER BY, ORDER BY has only DISTINCT ON's. Expressions are the
/// same when written the same.
fn must_match(on: &[Expr], order: &[OrderByExpr]) -> Result<()> {
    let on: Vec<String> = on.iter().map(ToString::to_string).collect();
    let mut skipped = false;
    let mut seen = vec![false; on.len()];
    for o in order {
        let written = o.expr.to_string();
        let mut matched = false;
        for (s, e) in seen.iter_mut().zip(&on) {
            if *e == written {
                *s = true;
                matched = true;
            }
        }
        if matched && skipped {
            return Err(mismatch());
        }
        skipped |= !matched;
    }
    if skipped && seen.contains(&false) {
        return Err(mismatch());
    }
    Ok(())
}

fn mismatch() -> TranslateError {
    TranslateError::Syntax {
        message: "SELECT DISTINCT ON expressions must match initial ORDER BY expressions".into(),
    }
}

/// The DISTINCT ON of `q`'s SELECT taken out before the walk, with its expressions and ORDER BY's
/// read as PostgreSQL reads them (a result column's name or position as its expression).
pub fn take_distinct_on(q: &mut Query) -> Result<Option<DistinctOn>> {
    let SetExpr::Select(s) = &mut *q.body else {
        return Ok(None);
    };
    if !matches!(s.distinct, Some(Distinct::On(_))) {
        return Ok(None);
    }
    let Some(Distinct::On(on)) = s.distinct.take() else {
        return Ok(None);
    };
    if on.is_empty() {
        return Err(TranslateError::Syntax {
            message: "syntax error at or near \")\": DISTINCT ON needs an expression".into(),
        });
    }
    let on = (on.into_iter())
        .map(|e| resolve(e, &s.projection, "DISTINCT ON"))
        .collect::<Result<Vec<_>>>()?;
    let mut order: &[OrderByExpr] = &[];
    if let Some(OrderBy {
        kind: OrderByKind::Expressions(exprs),
        ..
    }) = &mut q.order_by
    {
        for o in exprs.iter_mut() {
            o.expr = resolve(take(&mut o.expr), &s.projection, "ORDER BY")?;
        }
        order = exprs;
    }
    must_match(&on, order)?;
    Ok(Some(DistinctOn { on }))
}

impl Cx {
    /// The result columns a `*` (or `t.*`) stands for, each by its name, for the outer query to
    /// take from the numbered rows: refused where a column's name is not known (SQLite cannot
    /// leave the numbering out of a `*` outside) or two have one name.
    fn star_names(&self, star: &SelectItem) -> Result<Vec<SelectItem>> {
        let columns = self.star_items(star_table(star).as_deref())?;
        let mut names: Vec<String> = Vec::new();
        for (name, _) in columns {
            let known = name.filter(|n| !names.iter().any(|m| m.eq_ignore_ascii_case(n)));
            let Some(name) = known else {
                return unsupported(
                    "* in a DISTINCT ON query over what has columns of unknown or repeated names",
                    Some("name the columns"),
                );
            };
            names.push(name);
        }
        Ok(names
            .into_iter()
            .map(|n| SelectItem::UnnamedExpr(Expr::Identifier(quoted(&n))))
            .collect())
    }

    /// `q`, walked, made the query that keeps each group's first row (the module's shape).
    pub fn keep_first_of_each(&mut self, q: &mut Query, d: DistinctOn) -> Result<()> {
        let mut on = d.on;
        for e in &mut on {
            if let Ty::Interval(iv) = self.expr(e)? {
                self.replace(e, iv.key(), false);
            }
        }
        let SetExpr::Select(inner) = &mut *q.body else {
            // Never so: the walk leaves a SELECT a SELECT.
            return unsupported("DISTINCT ON here", None);
        };
        let mut outer = Vec::new();
        for (i, item) in inner.projection.iter_mut().enumerate() {
            let inside = format!("?c{}", i + 1);
            match item {
                SelectItem::UnnamedExpr(e) => {
                    // Left unnamed by the walk: a column, named after itself.
                    let name = output_name(e);
                    let expr = take(e);
                    *item = SelectItem::ExprWithAlias {
                        expr,
                        alias: quoted(&inside),
                    };
                    outer.push(shown(&inside, name.as_deref().unwrap_or("?column?")));
                }
                SelectItem::ExprWithAlias { alias, .. } => {
                    let name = std::mem::replace(alias, quoted(&inside));
                    outer.push(SelectItem::ExprWithAlias {
                        expr: Expr::Identifier(quoted(&inside)),
                        alias: name,
                    });
                }
                other => outer.extend(self.star_names(other)?),
            }
        }
        // Each key a column inside, to number the rows by and to order by outside: a key may
        // hold an aggregate or a window function, which a window's own clauses may not.
        let mut partition = Vec::new();
        for (k, e) in on.into_iter().enumerate() {
            let key = format!("?d{}", k + 1);
            inner.projection.push(SelectItem::ExprWithAlias {
                expr: e,
                alias: quoted(&key),
            });
            partition.push(Expr::Identifier(quoted(&key)));
        }
        let mut order = Vec::new();
        if let Some(OrderBy {
            kind: OrderByKind::Expressions(exprs),
            ..
        }) = &mut q.order_by
        {
            for (j, o) in exprs.iter_mut().enumerate() {
                let key = format!("?o{}", j + 1);
                inner.projection.push(SelectItem::ExprWithAlias {
                    expr: std::mem::replace(&mut o.expr, Expr::Identifier(quoted(&key))),
                    alias: quoted(&key),
                });
                order.push(o.clone());
            }
        }
        let keyed = std::mem::replace(inner, Box::new(select(Vec::new(), Vec::new(), None)));
        let numbered = select(
            vec![
                SelectItem::Wildcard(WildcardAdditionalOptions::default()),
                SelectItem::ExprWithAlias {
                    expr: row_number(partition, order),
                    alias: quoted("?n"),
                },
            ],
            vec![derived(query(*keyed), "?keys")],
            None,
        );
        let first = op(Expr::Identifier(quoted("?n")), BinaryOperator::Eq, num(1));
        **inner = select(
            outer,
            vec![derived(query(numbered), "?distinct on")],
            Some(first),
        );
        self.rewritten = true;
        Ok(())
    }
}

/// `"inside" AS "name"`.
fn shown(inside: &str, name: &str) -> SelectItem {
    SelectItem::ExprWithAlias {
        expr: Expr::Identifier(quoted(inside)),
        alias: quoted(name),
    }
}

/// `row_number() OVER (PARTITION BY on ORDER BY order)`.
fn row_number(on: Vec<Expr>, order: Vec<OrderByExpr>) -> Expr {
    Expr::Function(Function {
        name: ObjectName::from(vec![Ident::new("row_number")]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: Vec::new(),
            clauses: Vec::new(),
        }),
        filter: None,
        null_treatment: None,
        over: Some(WindowType::WindowSpec(WindowSpec {
            window_name: None,
            partition_by: on,
            order_by: order,
            window_frame: None,
        })),
        within_group: Vec::new(),
    })
}
