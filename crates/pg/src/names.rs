//! Names and quoting: what SQLite reads as a name, what sqlparser would misprint, and the names
//! PostgreSQL gives result columns.

use sqlparser::ast::{
    AccessExpr, DataType, Expr, Ident, SelectItem, SelectItemQualifiedWildcardKind, SetExpr,
    TableAlias, TableAliasColumnDef, TrimWhereField,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

use crate::expr::type_name;
use crate::{unsupported, Result, TranslateError};

/// sqlparser prints a string (or quoted name) holding `\'` or `''` (`\"`, `""`) as if those
/// were escapes already made, so SQLite would read another string than PostgreSQL does
/// (`'a''''b'`, which is a''b, as a'b) or none. Such strings are refused; a single quote inside
/// a string (`'it''s'`) is printed right and allowed.
pub fn refuse_quotes_sqlparser_misprints(sql: &str) -> Result<()> {
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
        misprinted(text, q)?;
    }
    Ok(())
}

/// Text to go between `q`s that sqlparser would print as another (holding `q` twice or after a
/// backslash), refused.
pub fn misprinted(text: &str, q: char) -> Result<()> {
    let mut pairs = text.chars().zip(text.chars().skip(1));
    if pairs.any(|(a, b)| b == q && (a == q || a == '\\')) {
        return unsupported(
            format!("the quoted text {text} (with {q}{q} or \\{q} inside)"),
            Some("split it into parts joined with ||, each part with its quotes apart"),
        );
    }
    Ok(())
}

/// SQLite's keywords that sqlparser does not list (`a % isnull` reads a column there).
const SQLITE_ONLY_KEYWORDS: [&str; 2] = ["ISNULL", "OTHERS"];

/// A name that is also an SQL keyword, or that SQLite would not read as a bare name (`$x` is a
/// parameter there), is quoted for SQLite (with backticks: SQLite never reads those as a string,
/// as it may a double-quoted name it does not know).
pub fn guard(ident: &mut Ident) {
    if ident.quote_style.is_none() {
        let upper = ident.value.to_ascii_uppercase();
        let keyword = sqlparser::keywords::ALL_KEYWORDS
            .binary_search(&upper.as_str())
            .is_ok()
            || SQLITE_ONLY_KEYWORDS.contains(&upper.as_str());
        if keyword || !bare_name(&ident.value) {
            ident.quote_style = Some('`');
        }
    }
}

/// A name written in single quotes, `t.'x'`, which sqlparser reads as a name and PostgreSQL does
/// not read at all (SQLite would take it for a string, or no such column), is refused.
pub fn single_quoted(parts: &[Ident]) -> Result<()> {
    match parts.iter().find(|p| p.quote_style == Some('\'')) {
        Some(p) => unsupported(
            format!("the name '{}' in single quotes", p.value),
            Some("quote a name in double quotes, as t.\"name\"; single quotes make a text"),
        ),
        None => Ok(()),
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
pub fn table_star(kind: &SelectItemQualifiedWildcardKind) -> bool {
    matches!(kind, SelectItemQualifiedWildcardKind::ObjectName(n) if n.0.len() == 1)
}

/// A table's alias, quoted where SQLite needs it; PostgreSQL's column names after it
/// (`as t(a, b)`) are not SQLite.
pub fn alias_without_columns(a: &mut TableAlias) -> Result<()> {
    if !a.columns.is_empty() {
        return unsupported(
            format!("column names after the table alias {}", a.name),
            Some("name the columns inside the subquery instead"),
        );
    }
    guard(&mut a.name);
    Ok(())
}

/// Column names after a WITH query's or a subquery's alias (`n(a, b)`), each `what`: names
/// alone, quoted where SQLite needs it; a type after one (which sqlparser reads in `n(a b)`) is
/// refused, with `example`.
pub fn names_alone(columns: &mut [TableAliasColumnDef], what: &str, example: &str) -> Result<()> {
    for column in columns {
        if column.data_type.is_some() {
            return unsupported(
                format!("a type after {what} {}", column.name),
                Some(&format!("name the columns alone: {example}")),
            );
        }
        guard(&mut column.name);
    }
    Ok(())
}

/// A function in FROM that gives `count` columns: its table's name (the alias, else the
/// function's) and its columns', as PostgreSQL names them: after the alias's column names
/// (`as s(a, b)`); the rest, a single column after the alias, else after the function. More
/// names than columns are refused. The alias's column names are taken out of it.
pub fn function_columns(
    alias: &mut Option<TableAlias>,
    function: &str,
    count: usize,
) -> Result<(String, Vec<String>)> {
    let given: Vec<String> = alias
        .as_mut()
        .map(|a| a.columns.drain(..).map(|c| c.name.value).collect())
        .unwrap_or_default();
    if given.len() > count {
        return Err(TranslateError::Syntax {
            message: format!("too many column aliases specified for function {function}"),
        });
    }
    let table = alias
        .as_ref()
        .map_or_else(|| function.to_owned(), |a| a.name.value.clone());
    let rest = if count == 1 { &table } else { function };
    let mut columns = given;
    columns.resize(count, rest.to_owned());
    Ok((table, columns))
}

/// Whether `name` is one of the tables and views credreport makes (`schema::TABLES`), which a
/// PostgreSQL query may name in a schema (`alicloud.`: Steampipe's schema is its connection's
/// name; or `public.`). SQLite has them in no schema of that name: the schema is left out.
pub fn ours(name: &str) -> bool {
    (credreport_core::schema::TABLES.iter()).any(|t| t.eq_ignore_ascii_case(name))
}

/// A result column's name (a name not in double quotes was folded as it was read:
/// `parse_one_query`), and its expression (none for a `*`).
pub fn named_item(item: &SelectItem) -> Option<(Option<String>, &Expr)> {
    match item {
        SelectItem::UnnamedExpr(e) => Some((output_name(e), e)),
        SelectItem::ExprWithAlias { expr, alias } => Some((Some(alias.value.clone()), expr)),
        _ => None,
    }
}

/// The expression of the result column at `e`'s position, where `e` is a whole number
/// (`ORDER BY 1`, `GROUP BY 2`, `DISTINCT ON (1)`), with PostgreSQL's error for a position
/// out of range; `None` where `e` is no position.
pub fn at_position(e: &Expr, items: &[SelectItem], clause: &str) -> Result<Option<Expr>> {
    let Expr::Value(v) = e else {
        return Ok(None);
    };
    let sqlparser::ast::Value::Number(n, _) = &v.value else {
        return Ok(None);
    };
    let Ok(k) = n.parse::<usize>() else {
        return Ok(None);
    };
    match k.checked_sub(1).and_then(|i| items.get(i)) {
        Some(item) => match named_item(item) {
            Some((_, expr)) => Ok(Some(expr.clone())),
            None => unsupported(
                format!("{clause} {k}, the position of a *,"),
                Some("name the column"),
            ),
        },
        None => Err(TranslateError::Syntax {
            message: format!("{clause} position {k} is not in select list"),
        }),
    }
}

/// The result column a bare name in ORDER BY or DISTINCT ON names (PostgreSQL reads it there
/// as a result column's before a table's column): its position and expression, with
/// PostgreSQL's error where result columns of that name are not one expression as written;
/// `None` where `e` is no bare name or no result column has it.
pub fn by_name<'a>(
    e: &Expr,
    items: &'a [SelectItem],
    clause: &str,
) -> Result<Option<(usize, &'a Expr)>> {
    let Expr::Identifier(i) = e else {
        return Ok(None);
    };
    let mut named = (items.iter().enumerate()).filter_map(|(k, item)| match named_item(item) {
        Some((Some(n), x)) if n == i.value => Some((k, x)),
        _ => None,
    });
    let first = named.next();
    if let Some((_, a)) = first {
        let a = a.to_string();
        if named.any(|(_, b)| b.to_string() != a) {
            return Err(ambiguous(clause, &i.value));
        }
    }
    Ok(first)
}

/// PostgreSQL's error for a name that more than one result column has.
pub fn ambiguous(clause: &str, name: &str) -> TranslateError {
    TranslateError::Syntax {
        message: format!("{clause} \"{name}\" is ambiguous"),
    }
}

/// PostgreSQL's name for a result column written without `as`.
pub fn output_name(e: &Expr) -> Option<String> {
    named(e).map(|(name, _)| name)
}

/// A name as PostgreSQL figures it, with its strength: a weak one (`case`) gives way to the
/// type of a cast around it, so `(case … end)::text` is `text`, as `1::int` is `int4`.
fn named(e: &Expr) -> Option<(String, Strength)> {
    let name = match e {
        Expr::Cast {
            expr, data_type, ..
        } => {
            return match named(expr) {
                Some(n @ (_, Strength::Strong)) => Some(n),
                _ => typed(data_type),
            };
        }
        Expr::TypedString(t) => return typed(&t.data_type),
        Expr::Nested(inner) => return named(inner),
        // An element of an array is named after the array: `(regexp_match(…))[1]`.
        Expr::CompoundFieldAccess { root, access_chain }
            if access_chain
                .iter()
                .all(|a| matches!(a, AccessExpr::Subscript(_))) =>
        {
            return named(root)
        }
        // A scalar subquery is named after its one column.
        Expr::Subquery(q) => {
            let SetExpr::Select(s) = &*q.body else {
                return None;
            };
            return match s.projection.first()? {
                SelectItem::ExprWithAlias { alias, .. } => {
                    Some((alias.value.clone(), Strength::Strong))
                }
                SelectItem::UnnamedExpr(e) => named(e),
                _ => None,
            };
        }
        Expr::Case { .. } => return Some(("case".into(), Strength::Weak)),
        // `interval '1 day'` is a cast of a text, as `date '…'` is.
        Expr::Interval(_) => return Some(("interval".into(), Strength::Weak)),
        other => other,
    };
    let name = match name {
        Expr::Identifier(i) => Some(i.value.clone()),
        Expr::CompoundIdentifier(parts) => parts.last().map(|i| i.value.clone()),
        Expr::Function(f) => f.name.0.last().map(|p| p.to_string().to_lowercase()),
        Expr::Extract { .. } => Some("extract".into()),
        // PostgreSQL reads these forms as calls of the functions they name its columns after.
        Expr::Position { .. } => Some("position".into()),
        Expr::Substring { shorthand, .. } => {
            Some(if *shorthand { "substr" } else { "substring" }.into())
        }
        Expr::Ceil { .. } => Some("ceil".into()),
        Expr::Floor { .. } => Some("floor".into()),
        Expr::Trim { trim_where, .. } => Some(
            match trim_where {
                Some(TrimWhereField::Leading) => "ltrim",
                Some(TrimWhereField::Trailing) => "rtrim",
                _ => "btrim",
            }
            .into(),
        ),
        Expr::Exists { .. } => Some("exists".into()),
        Expr::AtTimeZone { .. } => Some("timezone".into()),
        _ => None,
    };
    name.map(|n| (n, Strength::Strong))
}

/// The weak name a cast to `data_type` gives: PostgreSQL's name for the type (`int4`).
fn typed(data_type: &DataType) -> Option<(String, Strength)> {
    type_name(&data_type.to_string().to_lowercase()).map(|t| (t.to_owned(), Strength::Weak))
}

/// How firmly an expression names its column (PostgreSQL's `FigureColname`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// `case`, and a cast's type: a cast around it names the column after its type.
    Weak,
    Strong,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_and_names_sqlite_cannot_read_are_quoted() {
        let quoted = |name: &str| {
            let mut i = Ident::new(name);
            guard(&mut i);
            i.to_string()
        };
        assert_eq!(quoted("user_name"), "user_name");
        assert_eq!(quoted("order"), "`order`");
        assert_eq!(quoted("$x"), "`$x`");
        assert_eq!(quoted("名前"), "名前");
        assert_eq!(quoted("1a"), "`1a`");
    }

    #[test]
    fn result_columns_are_named_as_postgresql_names_them() {
        let call = crate::build::call("AGE", vec![]);
        assert_eq!(output_name(&call).as_deref(), Some("age"));
        assert_eq!(
            output_name(&Expr::Nested(Box::new(Expr::Identifier(Ident::new("x"))))).as_deref(),
            Some("x")
        );
        assert_eq!(output_name(&crate::build::num(1)), None);
    }

    #[test]
    fn doubled_or_escaped_quotes_inside_text_are_refused() {
        assert!(refuse_quotes_sqlparser_misprints("select 'it''s'").is_ok());
        assert!(refuse_quotes_sqlparser_misprints("select 'a''''b'").is_err());
        assert!(refuse_quotes_sqlparser_misprints("select 'a\0'").is_err());
    }
}
