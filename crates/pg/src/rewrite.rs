//! The tree rewrite: each expression is visited once, children first, given a type, and replaced
//! where SQLite needs other words for the same meaning.

use credreport_core::schema::{Kind, COLUMNS};
use sqlparser::ast::{
    BinaryOperator, CastKind, Distinct, DuplicateTreatment, Expr, FunctionArg, FunctionArgExpr,
    FunctionArgumentClause, FunctionArguments, GroupByExpr, Ident, InTarget, JoinConstraint,
    JoinOperator, LimitClause, ObjectNamePart, OrderByKind, OrderBySort, Query, Select, SelectItem,
    SelectItemQualifiedWildcardKind, SetExpr, Statement, TableAlias, TableFactor, UnaryOperator,
    Value,
};
use sqlparser::dialect::{PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, Tokenizer};

use crate::interval::{parse_literal, Interval};
use crate::TranslateError;

type Result<T> = std::result::Result<T, TranslateError>;

/// A translated query.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// The SQLite to run.
    pub sql: String,
    /// The query used something only PostgreSQL has (so it would not run, or mean the same, as
    /// SQLite as written).
    pub rewritten: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Ty {
    Bool,
    Num,
    Text,
    Date,
    Timestamp,
    Interval(Interval),
    Null,
    Unknown,
}

#[derive(Default)]
struct Cx {
    rewritten: bool,
    /// 1 in the outer query, more inside subqueries and WITH queries.
    depth: usize,
    /// The first SQLite text the walk built but could not read back.
    unreadable: Option<String>,
}

/// How deep a query may nest (parentheses, calls, subqueries) for the parser. The translation
/// nests deeper still, and the page's WebAssembly has a 1 MB stack: sqlparser's default (50) let
/// a fuzzed query of 40 nested calls overflow it. Real queries stay far below.
const MAX_NESTING: usize = 24;

pub fn translate(sql: &str) -> Result<Translation> {
    refuse_quotes_sqlparser_misprints(sql)?;
    let mut statements = Parser::new(&PostgreSqlDialect {})
        .with_recursion_limit(MAX_NESTING)
        .try_with_sql(sql)
        .and_then(|mut p| p.parse_statements())
        .map_err(|e| match e {
            ParserError::RecursionLimitExceeded => TranslateError::unsupported(
                format!("a query nested more than {MAX_NESTING} levels deep (parentheses, calls, subqueries)"),
                Some("simplify it, or write it in SQLite"),
            ),
            // sqlparser's own prefix would say "syntax error: sql parser error: …".
            ParserError::ParserError(m) | ParserError::TokenizerError(m) => {
                TranslateError::Syntax { message: m }
            }
        })?;
    if statements.len() != 1 {
        return Err(TranslateError::NotOneQuery(format!(
            "{} statements",
            statements.len()
        )));
    }
    let Statement::Query(mut query) = statements.remove(0) else {
        return Err(TranslateError::NotOneQuery(
            "a statement that is not a query".into(),
        ));
    };
    let mut cx = Cx::default();
    cx.query(&mut query)?;
    if let Some(message) = cx.unreadable {
        return unsupported(
            format!("this query (its SQLite translation could not be read back: {message})"),
            Some("simplify its expressions, or write it in SQLite"),
        );
    }
    Ok(Translation {
        sql: query.to_string(),
        rewritten: cx.rewritten,
    })
}

/// sqlparser prints a string (or quoted name) holding `\'` or `''` (`\"`, `""`) as if those
/// were escapes already made, so SQLite would read another string than PostgreSQL does
/// (`'a''''b'`, which is a''b, as a'b) or none. Such strings are refused; a single quote inside
/// a string (`'it''s'`) is printed right and allowed.
fn refuse_quotes_sqlparser_misprints(sql: &str) -> Result<()> {
    if sql.contains('\0') {
        // PostgreSQL refuses it too; SQLite would end the statement there.
        return Err(TranslateError::Syntax {
            message: "the query holds a NUL character".into(),
        });
    }
    let Ok(tokens) = Tokenizer::new(&PostgreSqlDialect {}, sql).tokenize() else {
        return Ok(()); // the parser reports it
    };
    for token in &tokens {
        let (text, q) = match token {
            Token::SingleQuotedString(t) => (t, '\''),
            Token::DoubleQuotedString(t) => (t, '"'),
            Token::Word(w) if w.quote_style == Some('"') => (&w.value, '"'),
            _ => continue,
        };
        let mut pairs = text.chars().zip(text.chars().skip(1));
        if pairs.any(|(a, b)| b == q && (a == q || a == '\\')) {
            return unsupported(
                format!("the quoted text {text} (with {q}{q} or \\{q} inside)"),
                Some("split it into parts joined with ||, each part with its quotes apart"),
            );
        }
    }
    Ok(())
}

fn sqlite_expr(sql: &str) -> std::result::Result<Expr, sqlparser::parser::ParserError> {
    Parser::new(&SQLiteDialect {})
        .try_with_sql(sql)
        .and_then(|mut p| p.parse_expr())
}

fn unsupported<T>(construct: impl Into<String>, hint: Option<&str>) -> Result<T> {
    Err(TranslateError::unsupported(construct, hint))
}

/// A name that is also an SQL keyword, or that SQLite would not read as a bare name (`$x` is a
/// parameter there), is quoted for SQLite (with backticks: SQLite never reads those as a string,
/// as it may a double-quoted name it does not know).
fn guard(ident: &mut Ident) {
    if ident.quote_style.is_none() {
        let upper = ident.value.to_ascii_uppercase();
        let keyword = sqlparser::keywords::ALL_KEYWORDS
            .binary_search(&upper.as_str())
            .is_ok();
        if keyword || !bare_name(&ident.value) {
            ident.quote_style = Some('`');
        }
    }
}

/// SQLite's bare identifier: a letter, `_` or any non-ASCII character first; then also digits
/// and `$`.
fn bare_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic() || !c.is_ascii())
        && chars.all(|c| c == '_' || c == '$' || c.is_ascii_alphanumeric() || !c.is_ascii())
}

/// `t.*`: a star qualified by one name, the only kind SQLite has.
fn table_star(kind: &SelectItemQualifiedWildcardKind) -> bool {
    matches!(kind, SelectItemQualifiedWildcardKind::ObjectName(n) if n.0.len() == 1)
}

/// A table's alias, quoted where SQLite needs it; PostgreSQL's column names after it
/// (`as t(a, b)`) are not SQLite.
fn alias_without_columns(a: &mut TableAlias) -> Result<()> {
    if !a.columns.is_empty() {
        return unsupported(
            format!("column names after the table alias {}", a.name),
            Some("name the columns inside the subquery instead"),
        );
    }
    guard(&mut a.name);
    Ok(())
}

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
        let body = (*inner.body).clone();
        *side = body;
    }
    Ok(())
}

fn column_type(name: &str) -> Ty {
    match COLUMNS.iter().find(|c| c.name.eq_ignore_ascii_case(name)) {
        Some(c) => match c.kind {
            Kind::Bool => Ty::Bool,
            Kind::Timestamp => Ty::Timestamp,
            Kind::Text => Ty::Text,
        },
        None => Ty::Unknown,
    }
}

fn is_string_literal(e: &Expr) -> bool {
    matches!(e, Expr::Value(v) if matches!(v.value, Value::SingleQuotedString(_)))
}

fn string_literal(e: &Expr) -> Option<&str> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => Some(s),
            _ => None,
        },
        Expr::Nested(inner) => string_literal(inner),
        _ => None,
    }
}

/// A SQL string literal.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// PostgreSQL's name for a result column written without `as`.
fn output_name(e: &Expr) -> Option<String> {
    match e {
        Expr::Identifier(i) => Some(i.value.clone()),
        Expr::CompoundIdentifier(parts) => parts.last().map(|i| i.value.clone()),
        Expr::Function(f) => f.name.0.last().map(|p| p.to_string().to_lowercase()),
        Expr::Cast { expr, .. } => output_name(expr),
        Expr::Nested(inner) => output_name(inner),
        Expr::Extract { .. } => Some("extract".into()),
        Expr::Case { .. } => Some("case".into()),
        Expr::Exists { .. } => Some("exists".into()),
        Expr::Interval(_) => Some("interval".into()),
        _ => None,
    }
}

impl Cx {
    /// Replace `e` with SQLite; `pg_only` says the original was PostgreSQL's own spelling.
    fn set(&mut self, e: &mut Expr, sql: String, pg_only: bool) {
        match sqlite_expr(&sql) {
            Ok(x) => *e = x,
            // Built from printed trees, this parses unless it nests past sqlparser's recursion
            // limit (or the translator has a bug): the query is refused once the walk ends.
            Err(err) => {
                self.unreadable.get_or_insert(err.to_string());
                *e = Expr::Value(Value::Null.into());
            }
        }
        self.rewritten |= pg_only;
    }

    fn query(&mut self, q: &mut Query) -> Result<Vec<(Option<String>, Ty)>> {
        self.depth += 1;
        let items = self.query_at_depth(q);
        self.depth -= 1;
        items
    }

    fn query_at_depth(&mut self, q: &mut Query) -> Result<Vec<(Option<String>, Ty)>> {
        if q.fetch.is_some() {
            return unsupported("FETCH FIRST", Some("use LIMIT"));
        }
        if !q.locks.is_empty() || q.for_clause.is_some() {
            return unsupported("FOR UPDATE/SHARE", None);
        }
        if q.settings.is_some() || q.format_clause.is_some() || !q.pipe_operators.is_empty() {
            return unsupported("this query clause", None);
        }
        // SQLite has no `(select …)` where a query is expected: the parentheses go.
        while let SetExpr::Query(inner) = &*q.body {
            let inner = (**inner).clone();
            if bare_query(q) {
                *q = inner;
            } else if bare_query(&inner) {
                q.body = inner.body;
            } else {
                return unsupported(
                    "a parenthesized query with its own ORDER BY, LIMIT or WITH, ordered or limited again",
                    Some("make it a subquery: select * from (…) order by …"),
                );
            }
        }
        if let Some(with) = &mut q.with {
            for cte in &mut with.cte_tables {
                if cte.materialized.is_some() {
                    return unsupported("MATERIALIZED in a WITH query", Some("leave it out"));
                }
                guard(&mut cte.alias.name);
                self.query(&mut cte.query)?;
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
                // An alias or a position of a result column that is an interval sorts by its value.
                let by_item = match &o.expr {
                    Expr::Identifier(i) => items
                        .iter()
                        .find(|(alias, _)| alias.as_deref() == Some(i.value.as_str()))
                        .map(|(_, ty)| ty.clone()),
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
                    Some(Ty::Interval(iv)) => self.set(&mut o.expr, iv.key(), false),
                    Some(_) => {}
                    None => {
                        if let Ty::Interval(iv) = self.expr(&mut o.expr)? {
                            self.set(&mut o.expr, iv.key(), false);
                        }
                    }
                }
                // PostgreSQL sorts NULL last going up and first going down; SQLite the reverse.
                if o.options.nulls_first.is_none() {
                    o.options.nulls_first = Some(matches!(o.options.sort, Some(OrderBySort::Desc)));
                }
            }
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

    fn set_expr(&mut self, body: &mut SetExpr) -> Result<Vec<(Option<String>, Ty)>> {
        match body {
            SetExpr::Select(s) => self.select(s),
            SetExpr::Query(q) => self.query(q),
            SetExpr::SetOperation { left, right, .. } => {
                unparenthesize(left)?;
                unparenthesize(right)?;
                let items = self.set_expr(left)?;
                self.set_expr(right)?;
                Ok(items)
            }
            SetExpr::Values(_) => unsupported("VALUES lists", None),
            _ => Err(TranslateError::NotOneQuery(
                "a statement that changes data".into(),
            )),
        }
    }

    fn select(&mut self, s: &mut Select) -> Result<Vec<(Option<String>, Ty)>> {
        if let Some(Distinct::On(_)) = s.distinct {
            return unsupported(
                "DISTINCT ON",
                Some("use GROUP BY, or a subquery with row_number()"),
            );
        }
        if s.top.is_some() || s.into.is_some() || s.prewhere.is_some() || s.qualify.is_some() {
            return unsupported("this SELECT clause", None);
        }
        if s.projection.is_empty() {
            return unsupported(
                "a SELECT without columns",
                Some("name at least one, e.g. select 1 … or select count(*) …"),
            );
        }
        if !s.named_window.is_empty() {
            return unsupported("WINDOW clauses", None);
        }
        if !s.lateral_views.is_empty() || !s.connect_by.is_empty() {
            return unsupported("this SELECT clause", None);
        }
        for t in &mut s.from {
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
        }
        let mut items = Vec::new();
        for item in &mut s.projection {
            match item {
                SelectItem::UnnamedExpr(e) => {
                    let name = output_name(e);
                    let is_column = matches!(e, Expr::Identifier(_) | Expr::CompoundIdentifier(_));
                    let ty = self.output_item(e)?;
                    if !is_column {
                        // Columns keep PostgreSQL's names (`age`, `count`, `?column?`).
                        let alias =
                            Ident::with_quote('"', name.clone().unwrap_or("?column?".into()));
                        let expr = std::mem::replace(e, Expr::Value(Value::Null.into()));
                        *item = SelectItem::ExprWithAlias { expr, alias };
                    }
                    items.push((name, ty));
                }
                SelectItem::ExprWithAlias { expr, alias } => {
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
                    items.push((None, Ty::Unknown))
                }
                SelectItem::ExprWithAliases { .. } => {
                    return unsupported("several aliases for one expression", None)
                }
            }
        }
        if let Some(w) = &mut s.selection {
            if let Ty::Interval(_) = self.expr(w)? {
                return unsupported("an interval as a condition", None);
            }
        }
        match &mut s.group_by {
            GroupByExpr::Expressions(exprs, modifiers) => {
                if !modifiers.is_empty() {
                    return unsupported("GROUP BY modifiers (ROLLUP, CUBE…)", None);
                }
                for e in exprs {
                    if let Ty::Interval(iv) = self.expr(e)? {
                        self.set(e, iv.key(), false);
                    }
                }
            }
            GroupByExpr::All(_) => return unsupported("GROUP BY ALL", Some("name the columns")),
        }
        if let Some(h) = &mut s.having {
            self.expr(h)?;
        }
        Ok(items)
    }

    fn table_factor(&mut self, t: &mut TableFactor) -> Result<()> {
        match t {
            TableFactor::Table { name, alias, .. } => {
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
            TableFactor::Derived { alias: Some(a), .. } => alias_without_columns(a)?,
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
            } if with_hints.is_empty() && partitions.is_empty() => Ok(()),
            TableFactor::Table {
                inheritance: Some(_),
                ..
            } => unsupported("ONLY / table * (inheritance)", Some("name the table alone")),
            TableFactor::Table { .. } => unsupported("table functions", None),
            TableFactor::Derived { subquery, .. } => self.query(subquery).map(|_| ()),
            TableFactor::NestedJoin {
                table_with_joins, ..
            } => {
                self.table_factor(&mut table_with_joins.relation)?;
                for j in &mut table_with_joins.joins {
                    self.table_factor(&mut j.relation)?;
                }
                Ok(())
            }
            _ => unsupported("this FROM item", None),
        }
    }

    /// A value shown as a result column: an interval becomes PostgreSQL's text for it. The type
    /// returned is the value's own (an interval stays one), so ORDER BY can sort by its value.
    fn output_item(&mut self, e: &mut Expr) -> Result<Ty> {
        let ty = self.expr(e)?;
        if let Ty::Interval(iv) = &ty {
            // Shown as text, an interval would compare and sort as text outside: refused there.
            if self.depth > 1 {
                return unsupported(
                    "an interval as a column of a subquery or WITH query",
                    Some("compute it in the outer query, or take extract(epoch from …) inside"),
                );
            }
            self.set(e, iv.text(), false);
        }
        Ok(ty)
    }

    /// An expression's SQLite text as it stands.
    fn sql(e: &Expr) -> String {
        e.to_string()
    }

    /// Make a date or a text literal comparable with a timestamp (`'2024-01-01'` is midnight).
    fn as_timestamp(&mut self, e: &mut Expr, ty: &Ty) {
        if *ty == Ty::Date || is_string_literal(e) {
            let sql = format!("datetime({})", Self::sql(e));
            self.set(e, sql, false);
        }
    }

    fn compare(&mut self, left: &mut Expr, right: &mut Expr) -> Result<Option<(String, String)>> {
        let lt = self.expr(left)?;
        let rt = self.expr(right)?;
        match (&lt, &rt) {
            (Ty::Interval(a), Ty::Interval(b)) => return Ok(Some((a.key(), b.key()))),
            (Ty::Interval(_), _) | (_, Ty::Interval(_)) => {
                return unsupported(
                    "comparing an interval with something that is not one",
                    Some("compare it with an interval, e.g. age(x) > interval '90 days'"),
                )
            }
            (Ty::Timestamp, _) => self.as_timestamp(right, &rt),
            (_, Ty::Timestamp) => self.as_timestamp(left, &lt),
            (Ty::Date, _) if is_string_literal(right) => {
                let sql = format!("date({})", Self::sql(right));
                self.set(right, sql, false);
            }
            (_, Ty::Date) if is_string_literal(left) => {
                let sql = format!("date({})", Self::sql(left));
                self.set(left, sql, false);
            }
            _ => {}
        }
        Ok(None)
    }

    fn expr(&mut self, e: &mut Expr) -> Result<Ty> {
        match e {
            Expr::Identifier(i) => {
                guard(i);
                Ok(column_type(&i.value))
            }
            Expr::CompoundIdentifier(parts) => {
                if parts.len() > 3 {
                    let name: Vec<String> = parts.iter().map(ToString::to_string).collect();
                    return unsupported(
                        format!("the name {}", name.join(".")),
                        Some("name a column as column or table.column"),
                    );
                }
                parts.iter_mut().for_each(guard);
                Ok(parts
                    .last()
                    .map(|i| column_type(&i.value))
                    .unwrap_or(Ty::Unknown))
            }
            Expr::Value(v) => match &v.value {
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
                    self.set(inner, iv.key(), false);
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
                let not = matches!(e, Expr::IsNotUnknown(_));
                let (Expr::IsUnknown(inner) | Expr::IsNotUnknown(inner)) = e else {
                    unreachable!()
                };
                let sql = format!(
                    "({}) IS {}NULL",
                    Self::sql(inner),
                    if not { "NOT " } else { "" }
                );
                self.set(e, sql, true);
                Ok(Ty::Bool)
            }
            Expr::IsDistinctFrom(..) | Expr::IsNotDistinctFrom(..) => {
                let distinct = matches!(e, Expr::IsDistinctFrom(..));
                let (Expr::IsDistinctFrom(l, r) | Expr::IsNotDistinctFrom(l, r)) = e else {
                    unreachable!()
                };
                let (ls, rs) = match self.compare(l, r)? {
                    Some(keys) => keys,
                    None => (Self::sql(l), Self::sql(r)),
                };
                let op = if distinct { "IS NOT" } else { "IS" };
                self.set(e, format!("({ls}) {op} ({rs})"), true);
                Ok(Ty::Bool)
            }
            Expr::BinaryOp { op, .. } => {
                let op = op.clone();
                self.binary(e, op)
            }
            Expr::UnaryOp { op, expr } => {
                let ty = self.expr(expr)?;
                match (op, ty) {
                    (UnaryOperator::Not, _) => Ok(Ty::Bool),
                    (UnaryOperator::Minus, Ty::Interval(iv)) => Ok(Ty::Interval(iv.negate())),
                    (UnaryOperator::Minus | UnaryOperator::Plus, ty) => Ok(ty),
                    (op, _) => unsupported(format!("the operator {op}"), None),
                }
            }
            Expr::In { expr, target, .. } => {
                let ty = self.expr(expr)?;
                if let Ty::Interval(_) = ty {
                    return unsupported("an interval in IN", None);
                }
                match target {
                    InTarget::List(list) => {
                        for item in list {
                            let it = self.expr(item)?;
                            if ty == Ty::Timestamp {
                                self.as_timestamp(item, &it);
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
                if matches!(ty, Ty::Interval(_))
                    || matches!(lt, Ty::Interval(_))
                    || matches!(ht, Ty::Interval(_))
                {
                    return unsupported("BETWEEN on intervals", Some("write two comparisons"));
                }
                if ty == Ty::Timestamp {
                    self.as_timestamp(low, &lt);
                    self.as_timestamp(high, &ht);
                }
                Ok(Ty::Bool)
            }
            Expr::Like {
                negated,
                any,
                expr,
                pattern,
                escape_char,
            } => {
                if *any || escape_char.is_some() {
                    return unsupported("LIKE ANY / LIKE … ESCAPE", None);
                }
                let negated = *negated;
                self.expr(expr)?;
                self.expr(pattern)?;
                // PostgreSQL's LIKE tells case apart; SQLite's does not. GLOB does.
                let Some(glob) = string_literal(pattern).map(like_to_glob) else {
                    return unsupported(
                        "LIKE with a pattern that is not a literal",
                        Some("use a literal pattern, or ILIKE"),
                    );
                };
                let sql = format!(
                    "({}) {}GLOB {}",
                    Self::sql(expr),
                    if negated { "NOT " } else { "" },
                    quote(&glob)
                );
                self.set(e, sql, false);
                Ok(Ty::Bool)
            }
            Expr::ILike {
                negated,
                any,
                expr,
                pattern,
                escape_char,
            } => {
                if *any || escape_char.is_some() {
                    return unsupported("ILIKE ANY / ILIKE … ESCAPE", None);
                }
                let negated = *negated;
                self.expr(expr)?;
                self.expr(pattern)?;
                // PostgreSQL's LIKE escapes with a backslash by default; SQLite's with nothing.
                let sql = format!(
                    "({}) {}LIKE ({}) ESCAPE '\\'",
                    Self::sql(expr),
                    if negated { "NOT " } else { "" },
                    Self::sql(pattern)
                );
                self.set(e, sql, true);
                Ok(Ty::Bool)
            }
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
                let (sql, out) = self.cast(expr, ty, &target)?;
                match sql {
                    Some(sql) => self.set(e, sql, pg_only),
                    None => self.rewritten |= pg_only,
                }
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
                let Some(text) = string_literal(&iv.value) else {
                    return unsupported(
                        "an interval from an expression",
                        Some("write a literal, e.g. interval '90 days', or multiply one: n * interval '1 day'"),
                    );
                };
                let unit = iv.leading_field.as_ref().map(|f| f.to_string());
                let (m, d, s) = parse_literal(text, unit.as_deref())?;
                self.rewritten = true;
                Ok(Ty::Interval(Interval::constant(m, d, s)))
            }
            Expr::TypedString(t) => {
                let Value::SingleQuotedString(text) = &t.value.value else {
                    return unsupported("this typed literal", None);
                };
                let target = t.data_type.to_string().to_lowercase();
                let lit = quote(text);
                let out = match target.as_str() {
                    "date" => (format!("date({lit})"), Ty::Date),
                    t if t.starts_with("timestamp") => (format!("datetime({lit})"), Ty::Timestamp),
                    "interval" => {
                        let (m, d, s) = parse_literal(text, None)?;
                        self.rewritten = true;
                        return Ok(Ty::Interval(Interval::constant(m, d, s)));
                    }
                    other => return unsupported(format!("{other} literals"), None),
                };
                self.set(e, out.0, true);
                Ok(out.1)
            }
            Expr::Extract { field, expr, .. } => {
                let field = field.to_string().to_lowercase();
                let ty = self.expr(expr)?;
                let sql = extract(&field, &Self::sql(expr), &ty)?;
                self.set(e, sql, true);
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
            Expr::AtTimeZone { .. } => unsupported(
                "AT TIME ZONE",
                Some("times in the table are UTC; shift them with datetime(x, '+8 hours')"),
            ),
            Expr::SimilarTo { .. } => unsupported("SIMILAR TO", Some("use LIKE or GLOB")),
            Expr::RLike { .. } => unsupported("regular expressions", Some("use LIKE or GLOB")),
            Expr::AnyOp { .. } | Expr::AllOp { .. } => unsupported("ANY/ALL", Some("use IN (…)")),
            Expr::Array(_) => unsupported("arrays", None),
            Expr::Substring {
                expr: x,
                substring_from,
                substring_for,
                special,
                shorthand,
            } => {
                let mut args = vec![(self.expr(x)?, Self::sql(x))];
                for part in [substring_from, substring_for] {
                    match part {
                        Some(p) => args.push((self.expr(p)?, Self::sql(p))),
                        // `substring(x for n)` starts at 1.
                        None if args.len() == 1 => args.push((Ty::Num, "1".into())),
                        None => {}
                    }
                }
                let sql = substring(&args)?;
                // `substr(x, 2, 3)` runs the same as written in SQLite unless it starts before
                // the first character; `FROM … FOR` is PostgreSQL's alone.
                let pg_only = !*special && !*shorthand;
                self.set(e, sql, pg_only);
                Ok(Ty::Text)
            }
            Expr::Position { expr: needle, r#in } => {
                let (needle_ty, haystack_ty) = (self.expr(needle)?, self.expr(r#in)?);
                if matches!(needle_ty, Ty::Interval(_)) || matches!(haystack_ty, Ty::Interval(_)) {
                    return unsupported("an interval in POSITION(… IN …)", None);
                }
                let sql = format!("instr({}, {})", Self::sql(r#in), Self::sql(needle));
                self.set(e, sql, true);
                Ok(Ty::Num)
            }
            Expr::Trim { .. } => unsupported("TRIM(… FROM …)", Some("write trim(x)")),
            Expr::Ceil { .. } | Expr::Floor { .. } => unsupported("CEIL/FLOOR", None),
            Expr::JsonAccess { .. } | Expr::CompoundFieldAccess { .. } => {
                unsupported("JSON and field access", None)
            }
            Expr::Tuple(_) => unsupported("row values", None),
            other => unsupported(format!("the expression {other}"), None),
        }
    }

    fn binary(&mut self, e: &mut Expr, op: BinaryOperator) -> Result<Ty> {
        let Expr::BinaryOp { left, right, .. } = e else {
            unreachable!("binary() is given a BinaryOp")
        };
        use BinaryOperator as B;
        match op {
            B::And | B::Or => {
                for side in [&mut **left, &mut **right] {
                    if let Ty::Interval(_) = self.expr(side)? {
                        return unsupported("an interval as a condition", None);
                    }
                }
                Ok(Ty::Bool)
            }
            B::Eq | B::NotEq | B::Lt | B::LtEq | B::Gt | B::GtEq => {
                if let Some((l, r)) = self.compare(left, right)? {
                    self.set(e, format!("{l} {op} {r}"), true);
                }
                Ok(Ty::Bool)
            }
            B::Plus | B::Minus => {
                let lt = self.expr(left)?;
                let rt = self.expr(right)?;
                let (ls, rs) = (Self::sql(left), Self::sql(right));
                let sign = if op == B::Minus { -1 } else { 1 };
                let timeish = |t: &Ty| matches!(t, Ty::Timestamp | Ty::Date);
                match (lt, rt) {
                    (l, Ty::Interval(iv)) if timeish(&l) => {
                        self.set(e, format!("datetime({ls}, {})", iv.modifiers(sign)), true);
                        Ok(Ty::Timestamp)
                    }
                    (Ty::Interval(iv), r) if timeish(&r) && sign > 0 => {
                        self.set(e, format!("datetime({rs}, {})", iv.modifiers(1)), true);
                        Ok(Ty::Timestamp)
                    }
                    (Ty::Interval(a), Ty::Interval(b)) => {
                        let b = if sign < 0 { b.negate() } else { b };
                        Ok(Ty::Interval(Interval {
                            months: format!("({} + {})", a.months, b.months),
                            days: format!("({} + {})", a.days, b.days),
                            secs: format!("({} + {})", a.secs, b.secs),
                        }))
                    }
                    (Ty::Date, Ty::Num) => {
                        self.set(
                            e,
                            format!(
                                "date({ls}, ({}({rs})) || ' days')",
                                if sign < 0 { "-" } else { "" }
                            ),
                            true,
                        );
                        Ok(Ty::Date)
                    }
                    (Ty::Date, Ty::Date) if sign < 0 => {
                        self.set(
                            e,
                            format!("CAST(round(julianday({ls}) - julianday({rs})) AS INTEGER)"),
                            true,
                        );
                        Ok(Ty::Num)
                    }
                    (l, r) if timeish(&l) && timeish(&r) && sign < 0 => {
                        self.rewritten = true;
                        let total = format!(
                            "CAST(round((julianday({ls}) - julianday({rs})) * 86400) AS INTEGER)"
                        );
                        Ok(Ty::Interval(Interval {
                            months: "0".into(),
                            days: format!("({total} / 86400)"),
                            secs: format!("({total} % 86400)"),
                        }))
                    }
                    (Ty::Interval(_), _) | (_, Ty::Interval(_)) => unsupported(
                        "this arithmetic on an interval",
                        Some("add or subtract an interval to a date or timestamp"),
                    ),
                    (l, r) if timeish(&l) || timeish(&r) => unsupported(
                        "this arithmetic on a date or timestamp",
                        Some("add an interval: ts + interval '1 day'"),
                    ),
                    _ => Ok(Ty::Num),
                }
            }
            B::Multiply => {
                let lt = self.expr(left)?;
                let rt = self.expr(right)?;
                let interval_left = matches!(lt, Ty::Interval(_));
                match (lt, rt) {
                    (Ty::Interval(iv), Ty::Num) | (Ty::Num, Ty::Interval(iv)) => {
                        let n = if interval_left {
                            Self::sql(right)
                        } else {
                            Self::sql(left)
                        };
                        let n = format!("CAST({n} AS INTEGER)");
                        Ok(Ty::Interval(Interval {
                            months: format!("({} * {n})", iv.months),
                            days: format!("({} * {n})", iv.days),
                            secs: format!("({} * {n})", iv.secs),
                        }))
                    }
                    (Ty::Interval(_), _) | (_, Ty::Interval(_)) => {
                        unsupported("multiplying an interval by this", None)
                    }
                    (Ty::Timestamp | Ty::Date, _) | (_, Ty::Timestamp | Ty::Date) => {
                        unsupported("the operator * on a date or timestamp", None)
                    }
                    _ => Ok(Ty::Num),
                }
            }
            B::Divide | B::Modulo => {
                for side in [&mut **left, &mut **right] {
                    match self.expr(side)? {
                        Ty::Interval(_) => return unsupported("dividing an interval", None),
                        Ty::Timestamp | Ty::Date => {
                            return unsupported(
                                format!("the operator {op} on a date or timestamp"),
                                None,
                            )
                        }
                        _ => {}
                    }
                }
                Ok(Ty::Num)
            }
            B::StringConcat => {
                for side in [&mut **left, &mut **right] {
                    let ty = self.expr(side)?;
                    let text = match ty {
                        Ty::Bool => Some(format!(
                            "(CASE WHEN {s} IS NULL THEN NULL WHEN {s} THEN 'true' ELSE 'false' END)",
                            s = Self::sql(side)
                        )),
                        Ty::Timestamp => Some(format!("({} || '+00')", Self::sql(side))),
                        Ty::Interval(iv) => Some(iv.text()),
                        _ => None,
                    };
                    if let Some(t) = text {
                        self.set(side, t, false);
                    }
                }
                Ok(Ty::Text)
            }
            other => unsupported(format!("the operator {other}"), None),
        }
    }

    /// A cast: the SQLite for it (None: as written) and the type it gives.
    fn cast(&mut self, e: &Expr, ty: Ty, target: &str) -> Result<(Option<String>, Ty)> {
        let s = Self::sql(e);
        Ok(match target {
            "date" => (Some(format!("date({s})")), Ty::Date),
            t if t.starts_with("timestamp") => (Some(format!("datetime({s})")), Ty::Timestamp),
            "text" | "varchar" | "character varying" | "string" => {
                let sql = match ty {
                    Ty::Bool => format!(
                        "(CASE WHEN {s} IS NULL THEN NULL WHEN {s} THEN 'true' ELSE 'false' END)"
                    ),
                    Ty::Timestamp => format!("({s} || '+00')"),
                    Ty::Interval(iv) => iv.text(),
                    _ => format!("CAST({s} AS TEXT)"),
                };
                (Some(sql), Ty::Text)
            }
            "int" | "integer" | "bigint" | "smallint" | "int4" | "int8" | "int2" => match ty {
                Ty::Bool => (Some(s), Ty::Num),
                Ty::Interval(_) => {
                    return unsupported(
                        "an interval cast to a number",
                        Some("use extract(epoch from …)"),
                    )
                }
                // PostgreSQL rounds to the nearest integer; SQLite's CAST truncates.
                _ => (Some(format!("CAST(round({s}) AS INTEGER)")), Ty::Num),
            },
            "numeric" | "decimal" | "real" | "double precision" | "float" | "float8" | "float4" => {
                (Some(format!("CAST({s} AS REAL)")), Ty::Num)
            }
            "boolean" | "bool" => match ty {
                Ty::Bool | Ty::Null => (Some(s), Ty::Bool),
                _ => {
                    return unsupported(
                        "a cast to boolean",
                        Some("compare instead, e.g. x = 'true'"),
                    )
                }
            },
            "interval" => match string_literal(e) {
                Some(text) => {
                    let (m, d, secs) = parse_literal(text, None)?;
                    return Ok((None, Ty::Interval(Interval::constant(m, d, secs))));
                }
                None => return unsupported("a cast to interval from an expression", None),
            },
            other => return unsupported(format!("a cast to {other}"), None),
        })
    }

    fn function(&mut self, e: &mut Expr) -> Result<Ty> {
        let Expr::Function(f) = e else {
            unreachable!("function() is given a Function")
        };
        let name = f
            .name
            .0
            .last()
            .map(|p| p.to_string().to_lowercase())
            .unwrap_or_default();
        if f.name.0.len() > 1 {
            return unsupported(
                format!("the qualified function name {}", f.name),
                Some("call the function by its name alone"),
            );
        }
        if f.over.is_some() {
            return unsupported(
                format!("the window function {name}() … OVER"),
                Some("use GROUP BY or a subquery"),
            );
        }
        if !f.within_group.is_empty() || f.null_treatment.is_some() {
            return unsupported(format!("{name}() WITHIN GROUP / IGNORE NULLS"), None);
        }
        if let Some(filter) = &mut f.filter {
            self.expr(filter)?;
        }
        // The arguments, translated; `ORDER BY` inside the call kept (string_agg(x, ',' order by x)).
        let mut args: Vec<(String, Ty)> = Vec::new();
        let mut order_by = String::new();
        let mut distinct = false;
        match &mut f.args {
            FunctionArguments::None => {}
            FunctionArguments::Subquery(_) => {
                return unsupported(format!("{name}(subquery)"), None)
            }
            FunctionArguments::List(list) => {
                distinct = matches!(list.duplicate_treatment, Some(DuplicateTreatment::Distinct));
                // `ALL` is the default, and not SQLite syntax.
                if matches!(list.duplicate_treatment, Some(DuplicateTreatment::All)) {
                    list.duplicate_treatment = None;
                }
                let alone = list.args.len() == 1;
                for a in &mut list.args {
                    match a {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => {
                            let ty = self.expr(x)?;
                            args.push((Self::sql(x), ty));
                        }
                        FunctionArg::Unnamed(FunctionArgExpr::Wildcard) if alone => {}
                        _ => return unsupported(format!("these arguments to {name}()"), None),
                    }
                }
                for c in &mut list.clauses {
                    match c {
                        FunctionArgumentClause::OrderBy(exprs) => {
                            let mut parts = Vec::new();
                            for o in exprs {
                                self.expr(&mut o.expr)?;
                                parts.push(o.to_string());
                            }
                            order_by = format!(" ORDER BY {}", parts.join(", "));
                        }
                        _ => return unsupported(format!("this clause in {name}()"), None),
                    }
                }
            }
        }
        let filter = f
            .filter
            .as_ref()
            .map(|x| format!(" FILTER (WHERE {x})"))
            .unwrap_or_default();
        let d = if distinct { "DISTINCT " } else { "" };
        let arg = |i: usize| -> Result<&(String, Ty)> {
            args.get(i).ok_or_else(|| {
                TranslateError::unsupported(
                    format!("{name}() without its argument {}", i + 1),
                    None,
                )
            })
        };
        let no_intervals = |args: &[(String, Ty)]| -> Result<()> {
            if args.iter().any(|(_, t)| matches!(t, Ty::Interval(_))) {
                return unsupported(format!("an interval as an argument of {name}()"), None);
            }
            Ok(())
        };
        let (sql, ty, pg_only): (Option<String>, Ty, bool) = match name.as_str() {
            "current_date" if args.is_empty() => (Some("date('now')".into()), Ty::Date, false),
            "current_timestamp" | "localtimestamp" if args.is_empty() => {
                (Some("datetime('now')".into()), Ty::Timestamp, false)
            }
            "now" | "transaction_timestamp" | "statement_timestamp" | "clock_timestamp" => {
                (Some("datetime('now')".into()), Ty::Timestamp, true)
            }
            "age" => {
                let (a, b) = match args.len() {
                    1 => (
                        "datetime('now', 'start of day')".to_owned(),
                        format!("datetime({})", arg(0)?.0),
                    ),
                    2 => (
                        format!("datetime({})", arg(0)?.0),
                        format!("datetime({})", arg(1)?.0),
                    ),
                    _ => return unsupported("age() with more than two arguments", None),
                };
                self.rewritten = true;
                return Ok(Ty::Interval(age(&a, &b)));
            }
            "date_part" => {
                let Some(field) = f_arg_literal(&args, 0) else {
                    return unsupported("date_part() with a field that is not a literal", None);
                };
                let (x, ty) = arg(1)?.clone();
                (
                    Some(extract(&field.to_lowercase(), &x, &ty)?),
                    Ty::Num,
                    true,
                )
            }
            "date_trunc" => {
                let Some(unit) = f_arg_literal(&args, 0) else {
                    return unsupported("date_trunc() with a unit that is not a literal", None);
                };
                let x = &arg(1)?.0;
                let sql = match unit.to_lowercase().as_str() {
                    "second" => format!("datetime({x})"),
                    "minute" => format!("strftime('%Y-%m-%d %H:%M:00', {x})"),
                    "hour" => format!("strftime('%Y-%m-%d %H:00:00', {x})"),
                    "day" => format!("datetime({x}, 'start of day')"),
                    "week" => format!(
                        "datetime({x}, 'start of day', '-' || ((CAST(strftime('%w', {x}) AS INTEGER) + 6) % 7) || ' days')"
                    ),
                    "month" => format!("datetime({x}, 'start of month')"),
                    "year" => format!("datetime({x}, 'start of year')"),
                    other => return unsupported(format!("date_trunc('{other}', …)"), Some("use 'day', 'week', 'month' or 'year'")),
                };
                (Some(sql), Ty::Timestamp, true)
            }
            "string_agg" => {
                no_intervals(&args)?;
                let (x, sep) = (&arg(0)?.0, &arg(1)?.0);
                (
                    Some(format!("group_concat({d}{x}, {sep}{order_by}){filter}")),
                    Ty::Text,
                    true,
                )
            }
            "bool_and" | "every" => (
                Some(format!("min({d}{}){filter}", arg(0)?.0)),
                Ty::Bool,
                true,
            ),
            "bool_or" => (
                Some(format!("max({d}{}){filter}", arg(0)?.0)),
                Ty::Bool,
                true,
            ),
            "count" => {
                no_intervals(&args)?;
                (None, Ty::Num, false)
            }
            "sum" | "avg" => {
                no_intervals(&args)?;
                (None, Ty::Num, false)
            }
            "min" | "max" => {
                no_intervals(&args)?;
                (None, arg(0)?.1.clone(), false)
            }
            "coalesce" | "nullif" => {
                no_intervals(&args)?;
                let ty = args
                    .iter()
                    .map(|(_, t)| t.clone())
                    .find(|t| *t != Ty::Null && *t != Ty::Unknown && *t != Ty::Text)
                    .or_else(|| args.first().map(|(_, t)| t.clone()))
                    .unwrap_or(Ty::Unknown);
                (None, ty, false)
            }
            "substr" | "substring" => {
                let args: Vec<(Ty, String)> = args.into_iter().map(|(s, t)| (t, s)).collect();
                (Some(substring(&args)?), Ty::Text, false)
            }
            "strpos" => {
                no_intervals(&args)?;
                let (text, part) = (&arg(0)?.0, &arg(1)?.0);
                (Some(format!("instr({text}, {part})")), Ty::Num, true)
            }
            // credreport adds PostgreSQL's split_part to SQLite (`credreport_core::functions`).
            "split_part" => {
                no_intervals(&args)?;
                if args.len() != 3 {
                    return unsupported(
                        format!("split_part() with {} arguments", args.len()),
                        Some("give the text, the delimiter and the field's number"),
                    );
                }
                (None, Ty::Text, false)
            }
            "lower" | "upper" | "length" | "char_length" | "trim" | "ltrim" | "rtrim"
            | "replace" | "concat" => {
                no_intervals(&args)?;
                let sql = (name == "char_length").then(|| {
                    format!(
                        "length({})",
                        args.iter()
                            .map(|a| a.0.clone())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                });
                (sql, Ty::Text, false)
            }
            "abs" | "round" => {
                no_intervals(&args)?;
                (None, Ty::Num, false)
            }
            "to_char" => return unsupported("to_char()", Some("use strftime('%Y-%m-%d', x)")),
            "greatest" | "least" => return unsupported(
                format!("{name}()"),
                Some(
                    "SQLite's max(a, b)/min(a, b) give NULL when an argument is NULL: write a CASE",
                ),
            ),
            "julianday" | "datetime" | "date" | "strftime" | "group_concat" | "ifnull" | "iif"
            | "printf" | "instr" => {
                // SQLite's own functions, not PostgreSQL's: the query is SQLite.
                return unsupported(
                    format!("{name}(), a SQLite function"),
                    Some("run the query as SQLite (--dialect sqlite)"),
                );
            }
            other => return unsupported(format!("the function {other}()"), None),
        };
        if let Some(sql) = sql {
            self.set(e, sql, pg_only);
        } else {
            self.rewritten |= pg_only;
        }
        Ok(ty)
    }
}

/// PostgreSQL's `substr(x, start[, count])` in SQLite: the characters at positions `start` up
/// to `start + count` that exist (PostgreSQL counts positions before the first character and
/// drops them; SQLite would count a negative start from the end). A text start is
/// `SUBSTRING(x FROM pattern)`, a regular expression: refused. A negative count, which
/// PostgreSQL refuses, gives '' when it comes from the data and is refused when written.
fn substring(args: &[(Ty, String)]) -> Result<String> {
    if args.iter().any(|(t, _)| matches!(t, Ty::Interval(_))) {
        return unsupported("an interval in substr()", None);
    }
    let [(_, x), (start_ty, start), rest @ ..] = args else {
        return unsupported(
            "substr() without a start",
            Some("write substr(x, start) or substr(x, start, count)"),
        );
    };
    if *start_ty == Ty::Text {
        return unsupported(
            "SUBSTRING(… FROM pattern), a regular expression",
            Some("use substr(x, start, count) with strpos()"),
        );
    }
    let first = format!("max({start}, 1)");
    match rest {
        [] => Ok(format!("substr({x}, {first})")),
        [(_, count)] => {
            if count.trim_start().starts_with('-') {
                return unsupported(format!("substr() with a negative count ({count})"), None);
            }
            Ok(format!(
                "substr({x}, {first}, max(({start}) + ({count}) - {first}, 0))"
            ))
        }
        _ => unsupported("substr() with more than three arguments", None),
    }
}

/// The type of CASE's results; an interval cannot be one (it is not a SQLite value).
fn merge(out: Ty, ty: Ty) -> Result<Ty> {
    if let Ty::Interval(_) = ty {
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

fn f_arg_literal(args: &[(String, Ty)], i: usize) -> Option<String> {
    let (sql, _) = args.get(i)?;
    let s = sql.strip_prefix('\'')?.strip_suffix('\'')?;
    (!s.contains('\'')).then(|| s.to_owned())
}

/// A PostgreSQL LIKE pattern as a GLOB pattern (case-sensitive, as PostgreSQL's LIKE is).
fn like_to_glob(pattern: &str) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '%' => out.push('*'),
            '_' => out.push('?'),
            '\\' => match chars.next() {
                Some(n) => push_glob_literal(&mut out, n),
                None => push_glob_literal(&mut out, '\\'),
            },
            c => push_glob_literal(&mut out, c),
        }
    }
    out
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

/// `extract(field from x)` over a timestamp, date or interval.
fn extract(field: &str, x: &str, ty: &Ty) -> Result<String> {
    let int = |f: &str| format!("CAST(strftime('{f}', {x}) AS INTEGER)");
    if let Ty::Interval(iv) = ty {
        let (m, d, s) = (&iv.months, &iv.days, &iv.secs);
        return Ok(match field {
            "epoch" => format!(
                "((({m}) / 12) * 31557600 + (({m}) % 12) * 2592000 + ({d}) * 86400 + ({s}))"
            ),
            "year" => format!("(({m}) / 12)"),
            "month" => format!("(({m}) % 12)"),
            "day" => format!("({d})"),
            "hour" => format!("(({s}) / 3600)"),
            "minute" => format!("(({s}) % 3600 / 60)"),
            "second" => format!("(({s}) % 60)"),
            other => return unsupported(format!("extract({other} from an interval)"), None),
        });
    }
    Ok(match field {
        "epoch" => int("%s"),
        "year" => int("%Y"),
        "month" => int("%m"),
        "day" => int("%d"),
        "hour" => int("%H"),
        "minute" => int("%M"),
        "second" => int("%S"),
        "dow" => int("%w"),
        "isodow" => format!("((({}) + 6) % 7 + 1)", int("%w")),
        "doy" => int("%j"),
        "quarter" => format!("(({}) + 2) / 3", int("%m")),
        other => return unsupported(
            format!("extract({other} from …)"),
            Some("use epoch, year, quarter, month, day, dow, isodow, doy, hour, minute or second"),
        ),
    })
}

/// `age(a, b)` as PostgreSQL computes it: field by field, borrowing a month's days from `b`'s
/// month; negative (and computed the other way round) when `a` is before `b`.
fn age(a: &str, b: &str) -> Interval {
    fn forward(x: &str, y: &str) -> (String, String, String) {
        let f = |fmt: &str, t: &str| format!("CAST(strftime('{fmt}', {t}) AS INTEGER)");
        let tod = |t: &str| format!("(CAST(strftime('%s', {t}) AS INTEGER) % 86400)");
        let (tx, ty) = (tod(x), tod(y));
        let c_day = format!("({tx} < {ty})");
        let c_month = format!(
            "({} * 86400 + {tx} < {} * 86400 + {ty})",
            f("%d", x),
            f("%d", y)
        );
        let dim =
            format!("CAST(strftime('%d', {y}, 'start of month', '+1 month', '-1 day') AS INTEGER)");
        let months = format!(
            "(({} - {}) * 12 + {} - {} - {c_month})",
            f("%Y", x),
            f("%Y", y),
            f("%m", x),
            f("%m", y)
        );
        let days = format!(
            "({} - {} - {c_day} + {dim} * {c_month})",
            f("%d", x),
            f("%d", y)
        );
        let secs = format!("({tx} - {ty} + 86400 * {c_day})");
        (months, days, secs)
    }
    let (fm, fd, fs) = forward(a, b);
    let (bm, bd, bs) = forward(b, a);
    let pick = |f: &str, r: &str| format!("(CASE WHEN {a} >= {b} THEN {f} ELSE -{r} END)");
    Interval {
        months: pick(&fm, &bm),
        days: pick(&fd, &bd),
        secs: pick(&fs, &bs),
    }
}
