//! `GROUP BY ROLLUP (…)`, `CUBE (…)` and `GROUPING SETS (…)`, which SQLite has not: the SELECT
//! once per grouping set, joined by `UNION ALL`:
//!
//! ```sql
//! select a, b, count(*) from t where w group by rollup (a, b)
//!   →  select * from (
//!        with "?rows" as (select * from t where w)
//!        select a, b, count(*) from "?rows" as t group by a, b
//!        union all select a, NULL as b, count(*) from "?rows" as t group by a
//!        union all select NULL as a, NULL as b, count(*) from "?rows" as t having true
//!      ) as "?sets"
//! ```
//!
//! The FROM and WHERE are written once, in the WITH query, so the FROM is one table or
//! subquery (a join is put in a WITH query first); the copies read its rows under the FROM's
//! name, and the subquery around them keeps the UNION ALL whole beside another set operation.
//!
//! In each, a grouped expression its set leaves out is NULL where it is a result column or in
//! HAVING (outside aggregates, which see every row's value), as PostgreSQL shows it, and
//! `grouping(…)` is the constant PostgreSQL gives that set's rows. The empty set makes one
//! group of all the rows, even of none (`having true` makes SQLite's SELECT an aggregate).
//! What PostgreSQL computes over all the sets' rows together is refused: DISTINCT, window
//! functions, and an ORDER BY that is not by a result column. So is what the copies could not
//! mean exactly: a subquery in a result column or HAVING, and a column outside aggregates that
//! is not written as GROUP BY writes it (which PostgreSQL would refuse, or match where text
//! cannot).

use sqlparser::ast::{
    Expr, GroupByExpr, InTarget, OrderByKind, Query, Select, SelectItem, SetExpr, TableFactor,
    TableWithJoins, Value,
};

use crate::build::{self, null, num};
use crate::expr::Ty;
use crate::names::{at_position, by_name, named_item};
use crate::query::{Cx, Item};
use crate::{unsupported, Result, TranslateError};

/// The most grouping sets one query may have: each is the SELECT written out again.
const MAX_SETS: usize = 64;

const WHAT: &str = "ROLLUP, CUBE or GROUPING SETS";

/// The WITH query of the rows the copies group.
const ROWS: &str = "?rows";

/// One copy's grouping while its result columns and HAVING are walked.
#[derive(Clone)]
pub struct Grouping {
    /// Every expression the grouping sets name, as written.
    all: Vec<String>,
    /// Those this copy's set groups by.
    kept: Vec<String>,
}

fn is_set(e: &Expr) -> bool {
    matches!(e, Expr::Rollup(_) | Expr::Cube(_) | Expr::GroupingSets(_))
        || matches!(e, Expr::Tuple(t) if t.is_empty())
}

/// Whether `s` groups by grouping sets.
pub fn has_sets(s: &Select) -> bool {
    matches!(&s.group_by, GroupByExpr::Expressions(exprs, _) if exprs.iter().any(is_set))
}

/// `list`, each position (GROUP BY 1) read as its result column's expression, once: what it
/// reads may be a number too (`select 2 … group by 1`).
fn at_positions(list: &[Expr], projection: &[SelectItem]) -> Result<Vec<Expr>> {
    list.iter()
        .map(|e| Ok(at_position(e, projection, "GROUP BY")?.unwrap_or_else(|| e.clone())))
        .collect()
}

/// The grouping sets of a GROUP BY, in PostgreSQL's order: a plain expression in each, the
/// sets of several ROLLUPs, CUBEs and GROUPING SETS crossed. (A ROLLUP inside GROUPING SETS
/// sqlparser reads as a call, which is refused as one.)
fn sets(exprs: &[Expr], projection: &[SelectItem]) -> Result<Vec<Vec<Expr>>> {
    let mut sets: Vec<Vec<Expr>> = vec![Vec::new()];
    for e in exprs {
        let lists = |lists: &[Vec<Expr>]| -> Result<Vec<Vec<Expr>>> {
            lists.iter().map(|l| at_positions(l, projection)).collect()
        };
        let mut options: Vec<Vec<Expr>> = Vec::new();
        match e {
            // (a, b, c), (a, b), (a), ()
            Expr::Rollup(written) => {
                let lists = lists(written)?;
                for k in (0..=lists.len()).rev() {
                    options.push(lists[..k].concat());
                }
            }
            // (a, b), (a), (b), (): every subset, the first element the weightiest
            Expr::Cube(written) if written.len() <= 6 => {
                let lists = lists(written)?;
                let n = lists.len();
                for mask in (0..1usize << n).rev() {
                    let mut set = Vec::new();
                    for (i, list) in lists.iter().enumerate() {
                        if mask >> (n - 1 - i) & 1 == 1 {
                            set.extend_from_slice(list);
                        }
                    }
                    options.push(set);
                }
            }
            Expr::Cube(_) => {
                return unsupported(format!("CUBE of more than 6 expressions ({e})"), None)
            }
            Expr::GroupingSets(written) => options = lists(written)?,
            // `()`: the empty set, a total.
            Expr::Tuple(t) if t.is_empty() => options.push(Vec::new()),
            plain => options.push(at_positions(std::slice::from_ref(plain), projection)?),
        }
        let mut crossed = Vec::new();
        for before in &sets {
            for option in &options {
                if crossed.len() == MAX_SETS {
                    return unsupported(format!("more than {MAX_SETS} grouping sets"), None);
                }
                crossed.push([before.as_slice(), option].concat());
            }
        }
        sets = crossed;
    }
    Ok(sets)
}

/// The same expressions, each once.
fn once(set: Vec<Expr>) -> Vec<Expr> {
    let mut seen: Vec<String> = Vec::new();
    set.into_iter()
        .filter(|e| {
            let w = e.to_string();
            let new = !seen.contains(&w);
            seen.push(w);
            new
        })
        .collect()
}

/// The ORDER BY of a query with grouping sets, read before the query reads a UNION ALL, whose
/// result columns are all it can order by: a result column's name or expression becomes its
/// position; a position stays; anything else is refused.
pub fn order_by_result_columns(q: &mut Query) -> Result<()> {
    let (Some(order), SetExpr::Select(s)) = (&mut q.order_by, &*q.body) else {
        return Ok(());
    };
    let OrderByKind::Expressions(exprs) = &mut order.kind else {
        return Ok(());
    };
    let columns: Vec<(Option<String>, String)> = (s.projection.iter())
        .map(|item| match named_item(item) {
            Some((name, e)) => (name, e.to_string()),
            None => (None, item.to_string()),
        })
        .collect();
    for o in exprs {
        let written = o.expr.to_string();
        if crate::query::is_number(&o.expr) {
            continue;
        }
        // A name is a result column's before a table's column.
        if let Some((k, _)) = by_name(&o.expr, &s.projection, "ORDER BY")? {
            o.expr = num(k as i64 + 1);
            continue;
        }
        match columns.iter().position(|(_, e)| *e == written) {
            Some(i) => o.expr = num(i as i64 + 1),
            None => {
                return unsupported(
                    format!("ORDER BY {written}, which is not a result column, with {WHAT}"),
                    Some("order by a result column's name or position"),
                )
            }
        }
    }
    Ok(())
}

impl Cx {
    /// A SELECT with grouping sets, `body`, made the UNION ALL of one SELECT per set, each
    /// walked, over its FROM and WHERE's rows as one WITH query (so they are written once,
    /// and the translator's module carries no copying of FROM clauses); the result columns'
    /// types are the first set's that knows each.
    pub(crate) fn grouping_sets(&mut self, body: &mut SetExpr) -> Result<Vec<Item>> {
        let SetExpr::Select(s) = body else {
            return Ok(Vec::new());
        };
        if s.distinct.is_some() {
            return unsupported(
                format!("DISTINCT with {WHAT}"),
                Some("take the distinct rows outside: select distinct * from (…) as s"),
            );
        }
        // What the rows are called in the copies: the FROM item's alias, or its table's name.
        let called = match &s.from[..] {
            [TableWithJoins { relation, joins }] if joins.is_empty() => match relation {
                TableFactor::Table { alias: Some(a), .. }
                | TableFactor::Derived { alias: Some(a), .. }
                    if a.columns.is_empty() =>
                {
                    Some(a.name.clone())
                }
                TableFactor::Table {
                    name, alias: None, ..
                } => name.0.last().and_then(|p| p.as_ident()).cloned(),
                _ => None,
            },
            _ => None,
        };
        let Some(called) = called else {
            return unsupported(
                format!("{WHAT} over other than one table or subquery"),
                Some("put a join in a WITH query and group its rows: with j as (select … from a join b on …) select … from j group by rollup (…)"),
            );
        };
        let GroupByExpr::Expressions(exprs, modifiers) = &s.group_by else {
            return Ok(Vec::new());
        };
        if !modifiers.is_empty() {
            return unsupported(
                "a GROUP BY modifier (WITH ROLLUP…)",
                Some("GROUP BY ROLLUP (…)"),
            );
        }
        let sets = sets(exprs, &s.projection)?;
        let mut all: Vec<String> = Vec::new();
        for w in sets.iter().flatten().map(ToString::to_string) {
            if !all.contains(&w) {
                all.push(w);
            }
        }
        // The rows, once: `with "?rows" as (select * from … where …)`, walked as WITH queries are.
        let mut rows = build::query(build::select(
            vec![SelectItem::Wildcard(Default::default())],
            std::mem::take(&mut s.from),
            s.selection.take(),
        ));
        let columns = self.query(&mut rows)?;
        self.push_cte(ROWS, columns);
        let scopes = self.scopes_len();
        let mut items: Vec<Item> = Vec::new();
        let mut union: Option<SetExpr> = None;
        let (projection, having) = (s.projection.clone(), s.having.clone());
        for (i, set) in sets.into_iter().enumerate() {
            let kept: Vec<String> = set.iter().map(ToString::to_string).collect();
            // A number in a set is a value (positions were read as their columns), which
            // SQLite would read as a position again: in parentheses, the walk casts it.
            let keys: Vec<Expr> = (once(set).into_iter())
                .map(|k| match crate::query::is_number(&k) {
                    true => Expr::Nested(Box::new(k)),
                    false => k,
                })
                .collect();
            // The first copy is the SELECT itself, whose other clauses its walk reads (and
            // refuses, as anywhere); the others are made of its result columns and HAVING.
            let mut copy = if i == 0 {
                std::mem::replace(&mut **s, build::select(Vec::new(), Vec::new(), None))
            } else {
                build::select(projection.clone(), Vec::new(), None)
            };
            copy.from = vec![build::table_as(ROWS, called.clone())];
            copy.having = match &having {
                None if keys.is_empty() => Some(Expr::value(Value::Boolean(true))),
                having => having.clone(),
            };
            copy.group_by = GroupByExpr::Expressions(keys, Vec::new());
            self.next_grouping = Some(Grouping {
                all: all.clone(),
                kept,
            });
            let walked = self.select(&mut copy);
            self.next_grouping = None;
            self.truncate_scopes(scopes);
            let walked = walked?;
            if items.is_empty() {
                items = walked;
            } else {
                for (item, other) in items.iter_mut().zip(walked) {
                    if item.1 == Ty::Null {
                        item.1 = other.1;
                    }
                }
            }
            let copy = SetExpr::Select(Box::new(copy));
            union = Some(match union {
                None => copy,
                Some(left) => build::union_all(left, copy),
            });
        }
        // Read from as one subquery: the UNION ALL stays whole on either side of another set
        // operation, and ORDER BY and LIMIT stay the query's.
        if let Some(union) = union {
            let sets = Query {
                with: Some(build::with_query(ROWS, Vec::new(), rows, false)),
                ..build::query_of(union)
            };
            *body = build::all_of(sets, "?sets");
        }
        self.rewritten = true;
        Ok(items)
    }

    /// `e`, a result column or in HAVING of a copy with grouping sets, outside aggregates,
    /// before it is walked: NULL where its set leaves it out (typed as it is), walked as any
    /// where its set groups by it; `None` when it is neither, to be walked on. A column outside
    /// both, a subquery and a window function are refused.
    pub(crate) fn grouped(&mut self, e: &mut Expr) -> Result<Option<Ty>> {
        let Some(g) = &self.grouping else {
            return Ok(None);
        };
        if self.aggregate_depth > 0 {
            return Ok(None);
        }
        let written = e.to_string();
        let (kept, all) = (g.kept.contains(&written), g.all.contains(&written));
        if kept || all {
            let g = self.grouping.take();
            let mut walked = e.clone();
            let ty = self.expr(if kept { &mut *e } else { &mut walked });
            self.grouping = g;
            let ty = ty?;
            if !kept {
                if matches!(ty, Ty::Interval(_) | Ty::Array) {
                    return unsupported(
                        format!("an interval or array grouped by {WHAT}"),
                        Some("group by its text, or by extract(epoch from …)"),
                    );
                }
                *e = null();
            }
            return Ok(Some(ty));
        }
        match e {
            Expr::Identifier(_) | Expr::CompoundIdentifier(_) => unsupported(
                format!("the column {written} outside GROUP BY and aggregates, with {WHAT}"),
                Some("write it as GROUP BY writes it, or inside an aggregate"),
            ),
            Expr::Subquery(_)
            | Expr::Exists { .. }
            | Expr::In {
                target: InTarget::Subquery(_),
                ..
            } => unsupported(
                format!("a subquery in a result column or HAVING, with {WHAT}"),
                Some("join what it reads instead"),
            ),
            Expr::Function(f) if f.over.is_some() => unsupported(
                format!("a window function with {WHAT}"),
                Some("compute it in an outer query: select …, sum(n) over () from (…) as s"),
            ),
            _ => Ok(None),
        }
    }

    /// `grouping(a, …)`: in a copy with grouping sets, the constant whose bits say which of its
    /// arguments the copy's set leaves out, the first the highest.
    pub(crate) fn grouping_function(&mut self, e: &mut Expr, args: &[String]) -> Result<Ty> {
        let Some(g) = &self.grouping else {
            return unsupported(
                format!("grouping() outside a query with {WHAT}"),
                Some("it says which rows are ROLLUP's or CUBE's totals"),
            );
        };
        let mut bits = 0i64;
        for a in args {
            if !g.all.contains(a) {
                return Err(TranslateError::Syntax {
                    message: "arguments to GROUPING must be grouping expressions of the associated query level".into(),
                });
            }
            bits = bits * 2 + i64::from(!g.kept.contains(a));
        }
        *e = num(bits);
        Ok(Ty::Int)
    }
}
