//! Queries: WITH, SELECT and its FROM, WHERE, GROUP BY and HAVING, set operations, ORDER BY,
//! LIMIT and OFFSET — walked in place, each expression handed to `expr`.

use sqlparser::ast::{
    Distinct, Expr, GroupByExpr, Ident, JoinConstraint, JoinOperator, LimitClause, ObjectName,
    ObjectNamePart, OffsetRows, OrderByExpr, OrderByKind, OrderBySort, Query, Select, SelectItem,
    SelectItemQualifiedWildcardKind, SetExpr, Table, TableAlias, TableFactor, TableWithJoins,
    Value, Values,
};

use credreport_core::schema::{COLUMNS, LATEST_VIEW, TABLE};

use crate::build::{self, take};
use crate::expr::Ty;
use crate::names::{alias_without_columns, guard, names_alone, output_name, table_star};
use crate::{unsupported, Result, TranslateError};

/// The walk's state over one query.
#[derive(Default)]
pub struct Cx {
    /// The query used something only PostgreSQL has.
    pub rewritten: bool,
    /// 1 in the outer query, more inside subqueries and WITH queries.
    pub depth: usize,
    /// How many expressions the walk is inside now.
    pub expr_depth: usize,
    /// The call walked next is a result column of the outer query, where `array_agg()` and a
    /// JSON function may be (or a value inside a JSON function, where another may be).
    pub call_shown: bool,
    /// The WITH queries in scope, innermost last: each one's name and result columns.
    ctes: Vec<(String, Vec<Item>)>,
    /// What each SELECT being walked reads from, innermost last: the names its columns are
    /// typed by.
    scopes: Vec<Vec<Source>>,
    /// A recursive WITH query being walked: its name, its columns' names if it names them, and
    /// the depth of its query, whose first side of UNION types its columns for the second.
    recursive: Option<(String, Vec<String>, usize)>,
    /// The grouping of the copy of a SELECT with grouping sets whose result columns or HAVING
    /// are being walked (`grouping`).
    pub(crate) grouping: Option<crate::grouping::Grouping>,
    /// The grouping the SELECT walked next is a copy for.
    pub(crate) next_grouping: Option<crate::grouping::Grouping>,
    /// How many aggregate calls the walk is inside now.
    pub(crate) aggregate_depth: usize,
}

/// A table, WITH query or subquery a SELECT reads from: the name it is called by there, and
/// its result columns (`None` for one of the schema's tables and views, whose columns the
/// schema types).
struct Source {
    name: String,
    columns: Option<Vec<Item>>,
}

/// The deepest an expression's tree may go: a chain of operators (`a or b or …`) is as deep as
/// it is long, and each level takes the walk's stack, 1 MB in the page.
pub const MAX_EXPR_DEPTH: usize = 64;

/// The most result columns a query may have: SQLite's (`SQLITE_MAX_COLUMN`). More are refused
/// before they are listed: a `*` over a WITH query of `*`s, nested, would otherwise list
/// columns by the hundred million from a few hundred bytes of query.
pub const MAX_COLUMNS: usize = 2000;

/// A result column: its name, where it has one, and its type.
pub type Item = (Option<String>, Ty);

/// A query with nothing around its body: no WITH, ORDER BY, LIMIT or FETCH.
fn bare_query(q: &Query) -> bool {
    q.with.is_none() && q.order_by.is_none() && q.limit_clause.is_none() && q.fetch.is_none()
}

/// SQLite has no parenthesized query as an operand of UNION/INTERSECT/EXCEPT: the parentheses
/// go where they change nothing, and a side that needs them is refused.
fn unparenthesize(side: &mut SetExpr) -> Result<()> {
    while let SetExpr::Query(inner) = side {
        if !bare_query(inner) {
            return unsupported(
                "ORDER BY, LIMIT or WITH on one side of UNION / INTERSECT / EXCEPT",
                Some("make that side a subquery: select * from (…)"),
            );
        }
        let body = take_set(&mut inner.body);
        *side = body;
    }
    Ok(())
}

pub(crate) fn is_number(e: &Expr) -> bool {
    matches!(e, Expr::Value(v) if matches!(v.value, Value::Number(..)))
}

/// SQLite reads a whole number in ORDER BY or GROUP BY as a result column's position. One the
/// translation made (a constant interval's sort key, `extract(day from interval '3 days')`) is
/// a value, as it was in PostgreSQL: it is cast, which SQLite does not read as a position.
fn not_a_position(e: &mut Expr, written_position: bool) {
    if !written_position && crate::build::constant(e).is_some() {
        *e = crate::build::integer(take(e));
    }
}

/// Take a query body out of its place (moved, not cloned: a clone of sqlparser's query tree
/// weighs 65 KB in the page's translator module), leaving an empty `TABLE` there.
fn take_set(body: &mut SetExpr) -> SetExpr {
    let empty = SetExpr::Table(Box::new(Table {
        table_name: None,
        schema_name: None,
    }));
    std::mem::replace(body, empty)
}

impl Cx {
    pub fn query(&mut self, q: &mut Query) -> Result<Vec<Item>> {
        self.depth += 1;
        let items = self.query_at_depth(q);
        self.depth -= 1;
        items
    }

    fn query_at_depth(&mut self, q: &mut Query) -> Result<Vec<Item>> {
        // `FETCH FIRST n ROWS ONLY` is SQLite's `LIMIT n` (after any OFFSET).
        if let Some(fetch) = q.fetch.take() {
            if fetch.with_ties || fetch.percent {
                return unsupported("FETCH FIRST … PERCENT or WITH TIES", Some("use LIMIT"));
            }
            let n = fetch
                .quantity
                .unwrap_or_else(|| Expr::value(Value::Number("1".to_owned(), false)));
            match &mut q.limit_clause {
                None => {
                    q.limit_clause = Some(LimitClause::LimitOffset {
                        limit: Some(n),
                        offset: None,
                        limit_by: Vec::new(),
                    })
                }
                Some(LimitClause::LimitOffset {
                    limit: limit @ None,
                    ..
                }) => *limit = Some(n),
                Some(_) => return unsupported("FETCH FIRST beside LIMIT", Some("use LIMIT alone")),
            }
            self.rewritten = true;
        }
        if !q.locks.is_empty() || q.for_clause.is_some() {
            return unsupported("FOR UPDATE/SHARE", None);
        }
        if q.settings.is_some() || q.format_clause.is_some() || !q.pipe_operators.is_empty() {
            return unsupported("this query clause", None);
        }
        // SQLite has no `(select …)` where a query is expected: the parentheses go.
        while let SetExpr::Query(inner) = &*q.body {
            let outer_bare = bare_query(q);
            if !outer_bare && !bare_query(inner) {
                return unsupported(
                    "a parenthesized query with its own ORDER BY, LIMIT or WITH, ordered or limited again",
                    Some("make it a subquery: select * from (…) order by …"),
                );
            }
            let SetExpr::Query(inner) = take_set(&mut q.body) else {
                unreachable!("the body is a query")
            };
            if outer_bare {
                *q = *inner;
            } else {
                q.body = inner.body;
            }
        }
        let distinct_on = crate::distinct::take_distinct_on(q)?;
        // What this query adds to the scope goes when it is walked; a grouping being walked
        // around it (a subquery inside an aggregate of a copy with grouping sets) is not its
        // own, and is the outer walk's again after it.
        let (ctes, scopes) = (self.ctes.len(), self.scopes.len());
        let outer = (
            self.grouping.take(),
            std::mem::take(&mut self.aggregate_depth),
        );
        let items = self.query_in_scope(q, distinct_on);
        (self.grouping, self.aggregate_depth) = outer;
        self.ctes.truncate(ctes);
        self.scopes.truncate(scopes);
        items
    }

    /// [`Cx::query_at_depth`]'s walk once FETCH and the parentheses are read.
    fn query_in_scope(
        &mut self,
        q: &mut Query,
        distinct_on: Option<crate::distinct::DistinctOn>,
    ) -> Result<Vec<Item>> {
        if let Some(with) = &mut q.with {
            for cte in &mut with.cte_tables {
                if cte.materialized.is_some() {
                    return unsupported("MATERIALIZED in a WITH query", Some("leave it out"));
                }
                guard(&mut cte.alias.name);
                // `with n(a, b) as (…)`: names alone, quoted where SQLite needs it.
                names_alone(
                    &mut cte.alias.columns,
                    "the WITH query's column name",
                    "with n(a, b) as (…)",
                )?;
                let name = cte.alias.name.value.clone();
                let columns: Vec<String> = cte
                    .alias
                    .columns
                    .iter()
                    .map(|c| c.name.value.clone())
                    .collect();
                let known = self.ctes.len();
                if with.recursive {
                    self.recursive = Some((name.clone(), columns.clone(), self.depth + 1));
                }
                let items = self.query(&mut cte.query);
                // What the first side of its UNION gave it while the second was walked goes.
                self.recursive = None;
                self.ctes.truncate(known);
                self.ctes.push((name, named(items?, &columns)));
            }
        }
        if let (SetExpr::Select(s), Some(order)) = (&*q.body, &q.order_by) {
            if crate::grouping::has_sets(s) {
                crate::grouping::order_by_result_columns(q)?;
            } else if let OrderByKind::Expressions(exprs) = &order.kind {
                // PostgreSQL's error for a name two result columns have, which SQLite takes
                // for the first.
                for o in exprs {
                    crate::names::by_name(&o.expr, &s.projection, "ORDER BY")?;
                }
            }
        }
        let items = self.set_expr(&mut q.body)?;
        if let Some(order_by) = &mut q.order_by {
            let OrderByKind::Expressions(exprs) = &mut order_by.kind else {
                return unsupported("ORDER BY ALL", Some("name the columns"));
            };
            for o in exprs {
                if o.with_fill.is_some() {
                    return unsupported("WITH FILL", None);
                }
                let written_position = is_number(&o.expr);
                // An alias or a position of a result column that is an interval sorts by its value.
                let by_item = match &o.expr {
                    Expr::Identifier(i) => {
                        let mut named = (items.iter())
                            .filter(|(alias, _)| alias.as_deref() == Some(i.value.as_str()));
                        let first = named.next().map(|(_, ty)| ty.clone());
                        // A UNION's result columns are each its own, whatever they hold.
                        if first.is_some()
                            && named.next().is_some()
                            && matches!(&*q.body, SetExpr::SetOperation { .. })
                        {
                            return Err(crate::names::ambiguous("ORDER BY", &i.value));
                        }
                        first
                    }
                    Expr::Value(v) => match &v.value {
                        Value::Number(n, _) => n
                            .parse::<usize>()
                            .ok()
                            .and_then(|k| items.get(k.wrapping_sub(1)))
                            .map(|(_, ty)| ty.clone()),
                        _ => None,
                    },
                    _ => None,
                };
                match by_item {
                    Some(Ty::Interval(iv)) => self.replace(&mut o.expr, iv.key(), false),
                    Some(Ty::Array | Ty::Json { .. }) => {
                        return unsupported(
                            "ordering by an array_agg() or JSON result",
                            Some("order by what it is made of"),
                        )
                    }
                    Some(_) => {}
                    None => {
                        if let Ty::Interval(iv) = self.expr(&mut o.expr)? {
                            self.replace(&mut o.expr, iv.key(), false);
                        }
                    }
                }
                not_a_position(&mut o.expr, written_position);
                postgres_order(o)?;
            }
        }
        if let Some(d) = distinct_on {
            self.keep_first_of_each(q, d)?;
        }
        match &mut q.limit_clause {
            None => {}
            Some(LimitClause::LimitOffset {
                limit,
                offset,
                limit_by,
            }) => {
                if !limit_by.is_empty() {
                    return unsupported("LIMIT BY", None);
                }
                if let Some(l) = limit {
                    self.expr(l)?;
                }
                if let Some(o) = offset {
                    self.expr(&mut o.value)?;
                    // `OFFSET n ROWS` is PostgreSQL's spelling of SQLite's `OFFSET n`.
                    o.rows = OffsetRows::None;
                    // SQLite has no OFFSET without LIMIT; a negative LIMIT is its "no limit"
                    // (PostgreSQL's absent LIMIT or LIMIT ALL).
                    if limit.is_none() {
                        *limit = Some(Expr::value(Value::Number("-1".to_owned(), false)));
                    }
                }
            }
            Some(LimitClause::OffsetCommaLimit { .. }) => {
                return unsupported(
                    "LIMIT offset, count",
                    Some("write LIMIT count OFFSET offset"),
                )
            }
        }
        Ok(items)
    }

    fn set_expr(&mut self, body: &mut SetExpr) -> Result<Vec<Item>> {
        if matches!(body, SetExpr::Select(s) if crate::grouping::has_sets(s)) {
            return self.grouping_sets(body);
        }
        match body {
            SetExpr::Select(s) => self.select(s),
            SetExpr::Query(q) => self.query(q),
            SetExpr::SetOperation { left, right, .. } => {
                unparenthesize(left)?;
                unparenthesize(right)?;
                // Each side reads from its own FROM.
                let scopes = self.scopes.len();
                let items = self.set_expr(left)?;
                self.scopes.truncate(scopes);
                // A recursive WITH query reads itself on the second side, with the columns the
                // first side gave it.
                if let Some((name, columns, _)) =
                    self.recursive.take_if(|(.., depth)| *depth == self.depth)
                {
                    self.ctes.push((name, named(items.clone(), &columns)));
                }
                self.set_expr(right)?;
                self.scopes.truncate(scopes);
                Ok(items)
            }
            SetExpr::Values(v) => {
                let items = self.values(v)?;
                // SQLite takes no ORDER BY or LIMIT after VALUES (nor after a compound whose
                // last side is one): it is read from, `select * from (values …)`.
                let values = build::query_of(take_set(body));
                *body = build::all_of(values, "?values");
                Ok(items)
            }
            SetExpr::Table(_) => unsupported(
                "TABLE name, PostgreSQL's short form of SELECT * FROM name,",
                Some("write SELECT * FROM name"),
            ),
            _ => Err(TranslateError::NotOneQuery(
                "a statement that changes data".into(),
            )),
        }
    }

    /// `values (…), (…)`: SQLite's too, with the columns PostgreSQL names (`column1`, …). Each
    /// column's type is its rows' (whole numbers widened to numeric or double precision, as
    /// PostgreSQL widens them); rows of other types in one column are refused.
    fn values(&mut self, v: &mut Values) -> Result<Vec<Item>> {
        if v.explicit_row || v.value_keyword {
            return unsupported(
                "VALUE or ROW(…) in a VALUES list",
                Some("write values (…), (…)"),
            );
        }
        let width = v.rows.first().map_or(0, |r| r.content.len());
        let mut types = vec![Ty::Null; width];
        for row in &mut v.rows {
            if row.content.len() != width {
                return Err(TranslateError::Syntax {
                    message: "VALUES lists must all be the same length".into(),
                });
            }
            for (i, (e, ty)) in row.content.iter_mut().zip(&mut types).enumerate() {
                let next = self.expr(e)?;
                *ty = match (std::mem::replace(ty, Ty::Null), next) {
                    (Ty::Interval(_) | Ty::Array, _) | (_, Ty::Interval(_) | Ty::Array) => {
                        return unsupported(
                            "an interval in a VALUES list",
                            Some("list its text, and cast the column where it is used"),
                        )
                    }
                    (Ty::Null, t) | (t, Ty::Null) => t,
                    (Ty::Unknown, _) | (_, Ty::Unknown) => Ty::Unknown,
                    (Ty::Timestamp { zoned: a }, Ty::Timestamp { zoned: b }) => {
                        Ty::Timestamp { zoned: a || b }
                    }
                    (Ty::Float, Ty::Int | Ty::Num) | (Ty::Int | Ty::Num, Ty::Float) => Ty::Float,
                    (Ty::Num, Ty::Int) | (Ty::Int, Ty::Num) => Ty::Num,
                    (a, b) if a == b => a,
                    _ => {
                        return unsupported(
                            format!(
                                "column{} of a VALUES list, of other types in other rows",
                                i + 1
                            ),
                            Some("cast each row's value to one type"),
                        )
                    }
                };
            }
        }
        Ok(types
            .into_iter()
            .enumerate()
            .map(|(i, ty)| (Some(format!("column{}", i + 1)), ty))
            .collect())
    }

    pub(crate) fn select(&mut self, s: &mut Select) -> Result<Vec<Item>> {
        // A query's own DISTINCT ON was taken out before its walk (`distinct`): this one is a
        // side of UNION, INTERSECT or EXCEPT.
        if let Some(Distinct::On(_)) = s.distinct {
            return unsupported(
                "DISTINCT ON in one side of UNION, INTERSECT or EXCEPT",
                Some("make that side a subquery: select * from (select distinct on …) as s"),
            );
        }
        if s.top.is_some() || s.into.is_some() || s.prewhere.is_some() || s.qualify.is_some() {
            return unsupported("this SELECT clause", None);
        }
        // `select /*+ … */`: sqlparser keeps it as another database's optimizer hint, and would
        // print it for SQLite, which ends a comment at its first `*/` where PostgreSQL nests
        // them. To PostgreSQL it is a comment: it goes.
        s.optimizer_hints.clear();
        if s.projection.is_empty() {
            return unsupported(
                "a SELECT without columns",
                Some("name at least one, e.g. select 1 … or select count(*) …"),
            );
        }
        // PostgreSQL's rule; a `*` over no sources would also leave a SELECT of no columns.
        if s.from.is_empty()
            && s.projection
                .iter()
                .any(|i| matches!(i, SelectItem::Wildcard(_)))
        {
            return Err(TranslateError::Syntax {
                message: "SELECT * with no tables specified is not valid".into(),
            });
        }
        if !s.named_window.is_empty() {
            return unsupported("a WINDOW clause", Some("write the window in each OVER (…)"));
        }
        if !s.lateral_views.is_empty() || !s.connect_by.is_empty() {
            return unsupported("this SELECT clause", None);
        }
        // This SELECT's sources, filled as its FROM is read (a join's ON sees those before
        // it), stay in scope for its ORDER BY: the query that holds it ends the scope.
        self.scopes.push(Vec::new());
        for t in &mut s.from {
            self.joined(t)?;
        }
        // A copy of a SELECT with grouping sets: its result columns and HAVING are walked with
        // its grouping (`grouping`), its FROM, WHERE and GROUP BY as any SELECT's.
        let grouping = self.next_grouping.take();
        self.grouping.clone_from(&grouping);
        // SQLite reads a join in parentheses as a subquery of `*`, and numbers the columns of
        // one name there (`user_name:1`): each result column is named as PostgreSQL names it.
        let nested = (s.from.iter())
            .flat_map(|t| std::iter::once(&t.relation).chain(t.joins.iter().map(|j| &j.relation)))
            .any(|t| matches!(t, TableFactor::NestedJoin { .. }));
        let mut items = Vec::new();
        for item in &mut s.projection {
            // A star's table, quoted where SQLite needs it (`in.*` is `` `in`.* ``).
            if let SelectItem::QualifiedWildcard(
                SelectItemQualifiedWildcardKind::ObjectName(n),
                _,
            ) = item
            {
                // More than a table's name is refused below, as written.
                let parts = if n.0.len() == 1 {
                    &mut n.0[..]
                } else {
                    &mut []
                };
                for part in parts {
                    if let ObjectNamePart::Identifier(i) = part {
                        crate::names::single_quoted(std::slice::from_ref(i))?;
                        guard(i);
                    }
                }
            }
            match item {
                SelectItem::UnnamedExpr(e) => {
                    let name = output_name(e);
                    let column =
                        |e: &Expr| matches!(e, Expr::Identifier(_) | Expr::CompoundIdentifier(_));
                    let was_column = column(e);
                    let ty = self.output_item(e)?;
                    // A column is one still after the walk (a grouped column left out of a
                    // grouping set is NULL).
                    let is_column = was_column && column(e);
                    if !is_column || nested {
                        // Columns keep PostgreSQL's names (`age`, `count`, `?column?`).
                        let alias =
                            Ident::with_quote('"', name.clone().unwrap_or("?column?".into()));
                        let expr = take(e);
                        *item = SelectItem::ExprWithAlias { expr, alias };
                    }
                    items.push((name, ty));
                }
                SelectItem::ExprWithAlias { expr, alias } => {
                    // `x isnull` is PostgreSQL's `x is null`, which sqlparser reads as `x` named
                    // isnull: a wrong answer, where it is not refused.
                    if alias.quote_style.is_none() && alias.value.eq_ignore_ascii_case("isnull") {
                        return unsupported(
                            format!("{} after a result column", alias.value),
                            Some("for a test, write x IS NULL or x IS NOT NULL; for a column's name, quote it: as \"isnull\""),
                        );
                    }
                    guard(alias);
                    let ty = self.output_item(expr)?;
                    items.push((Some(alias.value.clone()), ty));
                }
                SelectItem::QualifiedWildcard(kind, _) if !table_star(kind) => {
                    // SQLite has `table.*` only (not `schema.table.*`, nor `(expr).*`).
                    return unsupported(
                        format!("{kind}.*"),
                        Some("write table.* with the table's name or alias alone"),
                    );
                }
                SelectItem::Wildcard(o) | SelectItem::QualifiedWildcard(_, o) => {
                    // `* name` parses (sqlparser reads an alias) but is neither PostgreSQL nor
                    // SQLite; nor are the other dialects' `* EXCLUDE (…)` and the like.
                    if o.opt_alias.is_some()
                        || o.opt_ilike.is_some()
                        || o.opt_exclude.is_some()
                        || o.opt_except.is_some()
                        || o.opt_replace.is_some()
                        || o.opt_rename.is_some()
                    {
                        return unsupported(
                            "`*` followed by a name or options",
                            Some("name the columns you want, each with its own alias"),
                        );
                    }
                    if nested {
                        return unsupported(
                            "`*` over a join in parentheses",
                            Some("name the columns"),
                        );
                    }
                    let columns = self.star_items(star_table(item).as_deref())?;
                    too_many(items.len() + columns.len())?;
                    items.extend(columns);
                }
                SelectItem::ExprWithAliases { .. } => {
                    return unsupported("several aliases for one expression", None)
                }
            }
        }
        self.grouping = None;
        if let Some(w) = &mut s.selection {
            if let Ty::Interval(_) = self.expr(w)? {
                return unsupported("an interval as a condition", None);
            }
        }
        match &mut s.group_by {
            GroupByExpr::Expressions(exprs, modifiers) => {
                if !modifiers.is_empty() {
                    return unsupported("a GROUP BY modifier (ROLLUP, CUBE…)", None);
                }
                for e in exprs {
                    let written_position = is_number(e);
                    if let Ty::Interval(iv) = self.expr(e)? {
                        self.replace(e, iv.key(), false);
                    }
                    not_a_position(e, written_position);
                }
            }
            GroupByExpr::All(_) => return unsupported("GROUP BY ALL", Some("name the columns")),
        }
        if let Some(h) = &mut s.having {
            self.grouping = grouping;
            let walked = self.expr(h);
            self.grouping = None;
            walked?;
        }
        Ok(items)
    }

    pub(crate) fn table_factor(&mut self, t: &mut TableFactor) -> Result<()> {
        // `unnest(array[…])`: a VALUES list in its place (`unnest`).
        if let TableFactor::UNNEST { .. } = t {
            return self.unnest(t);
        }
        // `generate_series(…)`: a recursive WITH query in its place (`series`).
        if let TableFactor::Table {
            name,
            args: Some(_),
            ..
        } = t
        {
            if let [ObjectNamePart::Identifier(f)] = &name.0[..] {
                if f.value.eq_ignore_ascii_case("generate_series") && f.quote_style.is_none() {
                    return self.series(t);
                }
            }
        }
        match t {
            TableFactor::Table { name, alias, .. } => {
                if let [_, ObjectNamePart::Identifier(table)] = &name.0[..] {
                    if crate::names::ours(&table.value) {
                        name.0.remove(0);
                        self.rewritten = true;
                    }
                }
                if name.0.len() > 2 {
                    return unsupported(
                        format!("the table name {name}"),
                        Some("the table is alicloud_ram_credential_report"),
                    );
                }
                for part in &mut name.0 {
                    if let ObjectNamePart::Identifier(i) = part {
                        guard(i);
                    }
                }
                if let Some(a) = alias {
                    alias_without_columns(a)?;
                }
            }
            TableFactor::Derived { alias: Some(a), .. } => {
                // `(…) as t(a, b)`: the names alone, quoted where SQLite needs it.
                names_alone(&mut a.columns, "the column name", "as t(a, b)")?;
                guard(&mut a.name);
            }
            _ => {}
        }
        match t {
            TableFactor::Table {
                args: None,
                inheritance: None,
                sample: None,
                json_path: None,
                version: None,
                with_hints,
                partitions,
                ..
            } if with_hints.is_empty() && partitions.is_empty() => {
                let TableFactor::Table { name, alias, .. } = &*t else {
                    unreachable!("matched as a table")
                };
                let table = last_name(name).unwrap_or_default();
                // A WITH query's name is its columns; any other is the schema's table or view,
                // whose columns are the report's (but for those a report adds) or unknown.
                let cte = (name.0.len() == 1)
                    .then(|| {
                        self.ctes
                            .iter()
                            .rev()
                            .find(|(n, _)| n.eq_ignore_ascii_case(&table))
                    })
                    .flatten();
                let columns = match cte {
                    Some((_, items)) => Some(items.clone()),
                    None if [TABLE, LATEST_VIEW]
                        .iter()
                        .any(|t| t.eq_ignore_ascii_case(&table)) =>
                    {
                        Some(report_columns())
                    }
                    None => None,
                };
                let called = alias.as_ref().map_or(table, |a| a.name.value.clone());
                self.read_from(called, columns);
                Ok(())
            }
            TableFactor::Table {
                inheritance: Some(_),
                ..
            } => unsupported("ONLY / table * (inheritance)", Some("name the table alone")),
            TableFactor::Table {
                sample: Some(_), ..
            } => unsupported(
                "TABLESAMPLE",
                Some("for a sample, order by random() and take a LIMIT"),
            ),
            TableFactor::Table { args: Some(_), .. } => unsupported(
                "a table function other than generate_series() and unnest()",
                Some(crate::SERIES_HINT),
            ),
            TableFactor::Table { .. } => unsupported("this table clause", None),
            TableFactor::Derived { lateral: true, .. } => unsupported(
                "LATERAL",
                Some("put the subquery in the select list (SQLite has no LATERAL)"),
            ),
            TableFactor::Derived {
                subquery, alias, ..
            } => {
                let mut items = self.query(subquery)?;
                if let Some(a) = alias.as_mut().filter(|a| !a.columns.is_empty()) {
                    items = renamed(subquery, a, items)?;
                    self.rewritten = true;
                }
                let name = alias.as_ref().map(|a| a.name.value.clone());
                self.read_from(name.unwrap_or_default(), Some(items));
                Ok(())
            }
            // SQLite takes no name after a join in parentheses.
            TableFactor::NestedJoin { alias: Some(_), .. } => unsupported(
                "a name after a join in parentheses",
                Some("name the tables inside it"),
            ),
            TableFactor::NestedJoin {
                table_with_joins, ..
            } => self.joined(table_with_joins),
            _ => unsupported("this FROM item", None),
        }
    }

    /// A FROM item and the joins after it, each join's ON walked as any expression, in a join
    /// in parentheses too (the sources before an ON are in scope for it).
    fn joined(&mut self, t: &mut TableWithJoins) -> Result<()> {
        self.table_factor(&mut t.relation)?;
        for j in &mut t.joins {
            self.table_factor(&mut j.relation)?;
            let constraint = match &mut j.join_operator {
                JoinOperator::Join(c)
                | JoinOperator::Inner(c)
                | JoinOperator::Left(c)
                | JoinOperator::LeftOuter(c)
                | JoinOperator::Right(c)
                | JoinOperator::RightOuter(c)
                | JoinOperator::FullOuter(c)
                | JoinOperator::CrossJoin(c) => c,
                _ => return unsupported("this kind of JOIN", None),
            };
            match constraint {
                JoinConstraint::On(e) => {
                    self.expr(e)?;
                }
                JoinConstraint::Using(_) | JoinConstraint::Natural | JoinConstraint::None => {}
                JoinConstraint::UsingAlias(..) => return unsupported("USING … AS", None),
            }
        }
        Ok(())
    }

    /// The columns `*` (`table.*` when `table` is named) stands for in the SELECT being walked:
    /// each source's, in order; one of unknown name and type for a source whose columns are not
    /// known.
    pub fn star_items(&self, table: Option<&str>) -> Result<Vec<Item>> {
        let sources = self.scopes.last().into_iter().flatten();
        let picked = sources.filter(|s| table.is_none_or(|t| t.eq_ignore_ascii_case(&s.name)));
        let mut items = Vec::new();
        for source in picked {
            match &source.columns {
                Some(columns) => {
                    too_many(items.len() + columns.len())?;
                    items.extend(columns.iter().cloned());
                }
                None => items.push((None, Ty::Unknown)),
            }
        }
        Ok(items)
    }

    /// A WITH query called `name`, with its result columns, in scope from now on.
    pub(crate) fn push_cte(&mut self, name: &str, columns: Vec<Item>) {
        self.ctes.push((name.to_owned(), columns));
    }

    /// How many SELECTs' sources are in scope.
    pub(crate) fn scopes_len(&self) -> usize {
        self.scopes.len()
    }

    /// The sources of SELECTs walked since there were `len` in scope go.
    pub(crate) fn truncate_scopes(&mut self, len: usize) {
        self.scopes.truncate(len);
    }

    /// `name`, whose columns are `columns`, read from by the SELECT being walked.
    fn read_from(&mut self, name: String, columns: Option<Vec<Item>>) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.push(Source { name, columns });
        }
    }

    /// The type of the column `name` (of the source called `qualifier`, when one is named):
    /// a WITH query's or subquery's column has the type its query gave it, found in the
    /// innermost SELECT reading a source that has it; any other is typed by the schema.
    pub fn column_ty(&self, qualifier: Option<&str>, name: &str) -> Ty {
        let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        for scope in self.scopes.iter().rev() {
            for source in scope {
                if qualifier.is_some_and(|q| !same(q, &source.name)) {
                    continue;
                }
                let columns = source.columns.iter().flatten();
                let found = columns
                    .filter(|(n, _)| n.as_deref().is_some_and(|n| same(n, name)))
                    .map(|(_, ty)| ty.clone())
                    .next();
                if let Some(ty) = found {
                    return ty;
                }
            }
        }
        crate::expr::column_type(name)
    }
}

/// `count` result columns refused when they are more than SQLite takes.
fn too_many(count: usize) -> Result<()> {
    if count > MAX_COLUMNS {
        return unsupported(
            format!("a result of more than {MAX_COLUMNS} columns, SQLite's most"),
            Some("name the columns you want"),
        );
    }
    Ok(())
}

/// `(…) as t(a, b)`, with the subquery walked: SQLite names columns after a WITH query's name
/// but not after a table's alias, so the subquery becomes
/// `with "?named"(a, b, …) as (…) select * from "?named"`. Columns not named there keep their
/// names, as in PostgreSQL.
fn renamed(subquery: &mut Query, alias: &mut TableAlias, items: Vec<Item>) -> Result<Vec<Item>> {
    let table = &alias.name.value;
    let given = alias.columns.len();
    if given > items.len() {
        return Err(TranslateError::Syntax {
            message: format!(
                "table \"{table}\" has {} columns available but {given} columns specified",
                items.len()
            ),
        });
    }
    let mut columns: Vec<Ident> = alias.columns.drain(..).map(|c| c.name).collect();
    for (name, _) in &items[given..] {
        let Some(name) = name else {
            return unsupported(
                format!("naming some of {table}'s columns when one of the others has no name"),
                Some("name every column after the alias, or in the subquery"),
            );
        };
        columns.push(build::quoted(name));
    }
    let names: Vec<String> = columns.iter().map(|c| c.value.clone()).collect();
    if let Some(twice) = names.iter().enumerate().find_map(|(i, n)| {
        names[..i]
            .iter()
            .any(|m| m.eq_ignore_ascii_case(n))
            .then_some(n)
    }) {
        return unsupported(
            format!("two columns of {table} named {twice}"),
            Some("give each column its own name"),
        );
    }
    let star = vec![SelectItem::Wildcard(Default::default())];
    let read = build::select(star, vec![build::table("?named")], None);
    let inner = std::mem::replace(subquery, build::query(read));
    subquery.with = Some(build::with_query("?named", columns, inner, false));
    Ok(named(items, &names))
}

/// A WITH query's columns, named after its own list of names where it has one
/// (`with m(a, b) as (…)`).
fn named(mut items: Vec<Item>, names: &[String]) -> Vec<Item> {
    for (item, name) in items.iter_mut().zip(names) {
        item.0 = Some(name.clone());
    }
    items
}

/// The table a star names (`t` of `t.*`); none for `*`.
pub fn star_table(star: &SelectItem) -> Option<String> {
    match star {
        SelectItem::QualifiedWildcard(SelectItemQualifiedWildcardKind::ObjectName(n), _) => {
            last_name(n)
        }
        _ => None,
    }
}

/// The last part of a name (`t` of `schema.t`), as written, without its quotes.
fn last_name(n: &ObjectName) -> Option<String> {
    n.0.last().map(|p| match p {
        ObjectNamePart::Identifier(i) => i.value.clone(),
        other => other.to_string(),
    })
}

/// The credential report's columns, typed by the schema.
fn report_columns() -> Vec<Item> {
    COLUMNS
        .iter()
        .map(|c| (Some(c.name.to_owned()), crate::expr::column_type(c.name)))
        .collect()
}

impl Cx {
    /// A value shown as a result column: an interval becomes PostgreSQL's text for it. The type
    /// returned is the value's own (an interval stays one), so ORDER BY can sort by its value.
    fn output_item(&mut self, e: &mut Expr) -> Result<Ty> {
        self.call_shown = self.depth == 1
            && (crate::json::may_hold_json(e)
                || matches!(e, Expr::Function(f) if f.name.to_string().eq_ignore_ascii_case("array_agg")));
        let ty = self.expr(e);
        self.call_shown = false;
        let ty = ty?;
        if let Ty::Interval(iv) = &ty {
            // Shown as text, an interval would compare and sort as text outside: refused there.
            if self.depth > 1 {
                return unsupported(
                    "an interval as a column of a subquery or WITH query",
                    Some("compute it in the outer query, or take extract(epoch from …) inside"),
                );
            }
            self.replace(e, iv.text(), false);
        }
        Ok(ty)
    }
}

/// An order as PostgreSQL means it, in SQLite's words: `USING <` is ascending and `USING >`
/// descending (SQLite has no USING; another operator is refused). PostgreSQL sorts NULL last
/// going up and first going down, SQLite the reverse: an order that does not say where NULLs
/// go says PostgreSQL's place.
pub(crate) fn postgres_order(o: &mut OrderByExpr) -> Result<()> {
    if let Some(OrderBySort::Using(operator)) = &o.options.sort {
        o.options.sort = Some(match operator.to_string().as_str() {
            "<" => OrderBySort::Asc,
            ">" => OrderBySort::Desc,
            other => {
                return unsupported(
                    format!("ORDER BY … USING {other}"),
                    Some("order with ASC or DESC (USING < or USING >)"),
                )
            }
        });
    }
    if o.options.nulls_first.is_none() {
        o.options.nulls_first = Some(matches!(o.options.sort, Some(OrderBySort::Desc)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::parser::Parser;

    /// `sql` walked as the translation walks it, printed.
    fn walked(sql: &str) -> Result<String> {
        let mut q = match Parser::parse_sql(&PostgreSqlDialect {}, sql)
            .unwrap()
            .remove(0)
        {
            sqlparser::ast::Statement::Query(q) => q,
            _ => unreachable!(),
        };
        Cx::default().query(&mut q)?;
        Ok(q.to_string())
    }

    #[test]
    fn parentheses_around_a_query_go_and_its_order_keeps_postgresql_nulls() {
        assert_eq!(
            walked("((select user_name from t)) order by user_name desc").unwrap(),
            "SELECT user_name FROM t ORDER BY user_name DESC NULLS FIRST"
        );
        assert_eq!(
            walked("select 1 from t offset 5").unwrap(),
            "SELECT 1 AS \"?column?\" FROM t LIMIT -1 OFFSET 5"
        );
        assert!(walked("(select 1 from t limit 1) limit 2").is_err());
    }

    #[test]
    fn an_interval_result_is_shown_and_sorted_by_its_value() {
        assert_eq!(
            walked("select interval '1 day' as d from t order by d").unwrap(),
            "SELECT '1 day' AS d FROM t ORDER BY CAST(86400 AS INTEGER) NULLS LAST"
        );
        assert!(walked("select * from (select interval '1 day' as d from t) s").is_err());
    }
}
