//! Building SQLite expressions as `sqlparser` nodes. The translation makes every new expression
//! here and prints the query once at the end; nothing is printed and read back on the way.
//!
//! sqlparser prints a binary operation as `left op right` with no parentheses of its own, so
//! [`op`] puts each operand that is not a single term in parentheses: the printed SQL then means
//! the tree, whatever SQLite's precedence.

use sqlparser::ast::{
    helpers::attached_token::AttachedToken, BinaryOperator, CaseWhen, CastKind, DataType, Expr,
    Function, FunctionArg, FunctionArgExpr, FunctionArgumentList, FunctionArguments, GroupByExpr,
    Ident, ObjectName, Query, Select, SelectFlavor, SelectItem, SetExpr, SetOperator,
    SetQuantifier, TableAlias, TableAliasColumnDef, TableFactor, TableWithJoins, UnaryOperator,
    Value, With,
};

/// An integer literal (negative ones in parentheses, so `- -1` never prints as a comment).
pub fn num(n: i64) -> Expr {
    let lit = Expr::value(Value::Number(n.unsigned_abs().to_string(), false));
    if n < 0 {
        neg(lit)
    } else {
        lit
    }
}

/// A string literal; sqlparser doubles the quotes inside.
pub fn text(s: &str) -> Expr {
    Expr::value(Value::SingleQuotedString(s.to_owned()))
}

pub fn null() -> Expr {
    Expr::value(Value::Null)
}

/// `name(args…)`.
pub fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::Function(Function {
        name: ObjectName::from(vec![Ident::new(name)]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: args
                .into_iter()
                .map(|a| FunctionArg::Unnamed(FunctionArgExpr::Expr(a)))
                .collect(),
            clauses: Vec::new(),
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: Vec::new(),
    })
}

/// Whether `e` prints as one term, which needs no parentheses as an operand.
fn single_term(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Identifier(_)
            | Expr::CompoundIdentifier(_)
            | Expr::Function(_)
            | Expr::Nested(_)
            | Expr::Cast { .. }
            | Expr::Case { .. }
            | Expr::Subquery(_)
    ) || matches!(e, Expr::Value(v) if !matches!(&v.value, Value::Number(n, _) if n.starts_with('-')))
}

/// `(e)`, unless `e` is a single term.
pub fn paren(e: Expr) -> Expr {
    if single_term(&e) {
        e
    } else {
        Expr::Nested(Box::new(e))
    }
}

/// `left op right`, each operand a single term or in parentheses.
pub fn op(left: Expr, op: BinaryOperator, right: Expr) -> Expr {
    Expr::BinaryOp {
        left: Box::new(paren(left)),
        op,
        right: Box::new(paren(right)),
    }
}

pub fn add(a: Expr, b: Expr) -> Expr {
    op(a, BinaryOperator::Plus, b)
}

pub fn sub(a: Expr, b: Expr) -> Expr {
    op(a, BinaryOperator::Minus, b)
}

pub fn mul(a: Expr, b: Expr) -> Expr {
    op(a, BinaryOperator::Multiply, b)
}

pub fn concat(a: Expr, b: Expr) -> Expr {
    op(a, BinaryOperator::StringConcat, b)
}

/// `-(e)`.
pub fn neg(e: Expr) -> Expr {
    Expr::UnaryOp {
        op: UnaryOperator::Minus,
        expr: Box::new(Expr::Nested(Box::new(e))),
    }
}

pub fn not(e: Expr) -> Expr {
    Expr::UnaryOp {
        op: UnaryOperator::Not,
        expr: Box::new(paren(e)),
    }
}

/// `CASE WHEN c THEN r … [ELSE e] END`.
pub fn case(whens: Vec<(Expr, Expr)>, otherwise: Option<Expr>) -> Expr {
    Expr::Case {
        case_token: AttachedToken::empty(),
        end_token: AttachedToken::empty(),
        operand: None,
        conditions: whens
            .into_iter()
            .map(|(condition, result)| CaseWhen { condition, result })
            .collect(),
        else_result: otherwise.map(Box::new),
    }
}

/// `CAST(e AS type)`.
pub fn cast(e: Expr, data_type: DataType) -> Expr {
    Expr::Cast {
        kind: CastKind::Cast,
        expr: Box::new(e),
        data_type,
        format: None,
    }
}

/// `CAST(e AS INTEGER)`.
pub fn integer(e: Expr) -> Expr {
    cast(e, DataType::Integer(None))
}

/// The value of an integer literal built by [`num`] (or written so), for folding constants.
pub fn constant(e: &Expr) -> Option<i64> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n.parse().ok(),
            _ => None,
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => constant(expr).map(|n| -n),
        Expr::Nested(inner) => constant(inner),
        _ => None,
    }
}

/// A string literal's text, through parentheses.
pub fn string_literal(e: &Expr) -> Option<&str> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => Some(s),
            _ => None,
        },
        Expr::Nested(inner) => string_literal(inner),
        _ => None,
    }
}

/// Whether `e` prints as more than `limit` bytes, found by printing no more than that.
pub fn prints_longer(e: &Expr, limit: usize) -> bool {
    struct Room(usize);
    impl std::fmt::Write for Room {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0 = self.0.checked_sub(s.len()).ok_or(std::fmt::Error)?;
            Ok(())
        }
    }
    std::fmt::write(&mut Room(limit), format_args!("{e}")).is_err()
}

/// Take `e` out of its place, leaving NULL there.
pub fn take(e: &mut Expr) -> Expr {
    std::mem::replace(e, null())
}

/// A name in double quotes.
pub fn quoted(name: &str) -> Ident {
    Ident::with_quote('"', name)
}

/// A query of `body` alone: no WITH, ORDER BY or LIMIT.
pub fn query(body: Select) -> Query {
    query_of(SetExpr::Select(Box::new(body)))
}

/// A query of `body` alone: no WITH, ORDER BY or LIMIT.
pub fn query_of(body: SetExpr) -> Query {
    Query {
        with: None,
        body: Box::new(body),
        order_by: None,
        limit_clause: None,
        fetch: None,
        locks: Vec::new(),
        for_clause: None,
        settings: None,
        format_clause: None,
        pipe_operators: Vec::new(),
    }
}

/// `left UNION ALL right`.
pub fn union_all(left: SetExpr, right: SetExpr) -> SetExpr {
    SetExpr::SetOperation {
        left: Box::new(left),
        op: SetOperator::Union,
        set_quantifier: SetQuantifier::All,
        right: Box::new(right),
    }
}

/// `SELECT * FROM (q) AS "name"`: `q` read from as one subquery.
pub fn all_of(q: Query, name: &str) -> SetExpr {
    SetExpr::Select(Box::new(select(
        vec![SelectItem::Wildcard(Default::default())],
        vec![derived(q, name)],
        None,
    )))
}

/// `WITH [RECURSIVE] "name"(columns…) AS (q)`, for a query built around it.
pub fn with_query(name: &str, columns: Vec<Ident>, q: Query, recursive: bool) -> With {
    With {
        with_token: AttachedToken::empty(),
        recursive,
        cte_tables: vec![sqlparser::ast::Cte {
            alias: TableAlias {
                explicit: false,
                name: quoted(name),
                columns: columns
                    .into_iter()
                    .map(|name| TableAliasColumnDef {
                        name,
                        data_type: None,
                    })
                    .collect(),
                at: None,
            },
            query: Box::new(q),
            from: None,
            materialized: None,
            closing_paren_token: AttachedToken::empty(),
        }],
    }
}

/// `(q) AS "name"` in FROM.
pub fn derived(q: Query, name: &str) -> TableWithJoins {
    TableWithJoins {
        relation: TableFactor::Derived {
            lateral: false,
            subquery: Box::new(q),
            alias: Some(TableAlias {
                explicit: true,
                name: quoted(name),
                columns: Vec::new(),
                at: None,
            }),
            sample: None,
        },
        joins: Vec::new(),
    }
}

/// The table (or WITH query) called `name` in FROM, as `alias`.
pub fn table_as(name: &str, alias: Ident) -> TableWithJoins {
    let mut t = table(name);
    if let TableFactor::Table { alias: a, .. } = &mut t.relation {
        *a = Some(TableAlias {
            explicit: true,
            name: alias,
            columns: Vec::new(),
            at: None,
        });
    }
    t
}

/// The table (or WITH query) called `name` in FROM.
pub fn table(name: &str) -> TableWithJoins {
    TableWithJoins {
        relation: TableFactor::Table {
            name: ObjectName::from(vec![quoted(name)]),
            alias: None,
            args: None,
            with_hints: Vec::new(),
            version: None,
            with_ordinality: false,
            partitions: Vec::new(),
            json_path: None,
            sample: None,
            index_directives: Vec::new(),
            inheritance: None,
        },
        joins: Vec::new(),
    }
}

/// `SELECT projection FROM from WHERE selection`.
pub fn select(
    projection: Vec<SelectItem>,
    from: Vec<TableWithJoins>,
    selection: Option<Expr>,
) -> Select {
    Select {
        select_token: AttachedToken::empty(),
        optimizer_hints: Vec::new(),
        distinct: None,
        select_modifiers: None,
        top: None,
        top_before_distinct: false,
        projection,
        exclude: None,
        into: None,
        from,
        lateral_views: Vec::new(),
        prewhere: None,
        selection,
        connect_by: Vec::new(),
        group_by: GroupByExpr::Expressions(Vec::new(), Vec::new()),
        cluster_by: Vec::new(),
        distribute_by: Vec::new(),
        sort_by: Vec::new(),
        having: None,
        named_window: Vec::new(),
        qualify: None,
        window_before_qualify: false,
        value_table_mode: None,
        flavor: SelectFlavor::Standard,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operands_are_parenthesized_as_the_tree_says() {
        let e = mul(add(num(1), num(2)), num(3));
        assert_eq!(e.to_string(), "(1 + 2) * 3");
        assert_eq!(sub(num(1), num(-1)).to_string(), "1 - (-(1))");
        assert_eq!(neg(num(-2)).to_string(), "-(-(2))");
        assert_eq!(constant(&neg(num(-2))), Some(2));
        assert_eq!(text("it's").to_string(), "'it''s'");
        assert_eq!(
            case(vec![(call("f", vec![num(1)]), text("a"))], Some(null())).to_string(),
            "CASE WHEN f(1) THEN 'a' ELSE NULL END"
        );
        assert_eq!(integer(text("1")).to_string(), "CAST('1' AS INTEGER)");
    }
}
