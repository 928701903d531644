//! `unnest(array[…], …)` in FROM, which SQLite has not: a VALUES list of the arrays' elements,
//! one row each, in its place, walked as any subquery whose columns are named after its alias:
//!
//! ```sql
//! unnest(array['a', 'b']) as exempt(name)   →   (values ('a'), ('b')) as exempt(name)
//! ```
//!
//! Several arrays are side by side, the shorter padded with NULL, as PostgreSQL pads them. An
//! array is one written in the query: `array[…]`, or `string_to_array()` of a text and a
//! delimiter written there, split now as PostgreSQL splits it.

use sqlparser::ast::{
    helpers::attached_token::AttachedToken, Expr, FunctionArg, FunctionArgExpr, FunctionArguments,
    Ident, Parens, SetExpr, TableAlias, TableAliasColumnDef, TableFactor, Values,
};

use crate::build::{null, query_of, quoted, string_literal, text};
use crate::names::function_columns;
use crate::query::Cx;
use crate::{unsupported, Result};

const USAGE: &str =
    "unnest(array['a', 'b']) as t(name), or a VALUES list: (values ('a'), ('b')) as t(name)";

/// The elements of an array written in the query.
fn elements(e: Expr) -> Result<Vec<Expr>> {
    match e {
        Expr::Array(a) if a.elem.iter().any(|e| matches!(e, Expr::Array(_))) => {
            unsupported("unnest() of an array of arrays", Some(USAGE))
        }
        Expr::Array(a) => Ok(a.elem),
        Expr::Nested(inner) => elements(*inner),
        Expr::Function(f) if f.name.to_string().eq_ignore_ascii_case("string_to_array") => {
            let FunctionArguments::List(list) = &f.args else {
                return unsupported("string_to_array() without arguments", Some(USAGE));
            };
            let written: Vec<Option<&str>> = list
                .args
                .iter()
                .map(|a| match a {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => string_literal(x),
                    _ => None,
                })
                .collect();
            match written[..] {
                // PostgreSQL's: an empty delimiter leaves the text whole.
                [Some(t), Some(d)] if !t.is_empty() => Ok(if d.is_empty() {
                    vec![text(t)]
                } else {
                    t.split(d).map(text).collect()
                }),
                _ => unsupported(
                    "unnest(string_to_array(…)) of other than a text and a delimiter written in the query, not empty",
                    Some(USAGE),
                ),
            }
        }
        _ => unsupported(
            "unnest() of other than an array written in the query",
            Some(USAGE),
        ),
    }
}

impl Cx {
    /// `unnest(…)` in FROM made a VALUES list in `t`'s place, and walked.
    pub fn unnest(&mut self, t: &mut TableFactor) -> Result<()> {
        let TableFactor::UNNEST {
            alias,
            array_exprs,
            with_offset,
            with_ordinality,
            ..
        } = t
        else {
            return unsupported("this table function", Some(USAGE));
        };
        if *with_offset || *with_ordinality {
            return unsupported(
                "unnest() WITH ORDINALITY",
                Some("number the rows with row_number() over (order by …)"),
            );
        }
        let arrays = std::mem::take(array_exprs)
            .into_iter()
            .map(elements)
            .collect::<Result<Vec<_>>>()?;
        let length = arrays.iter().map(Vec::len).max().unwrap_or(0);
        if length == 0 {
            return unsupported("unnest() of no elements", Some(USAGE));
        }
        let (table, columns) = function_columns(alias, "unnest", arrays.len())?;
        let mut arrays: Vec<_> = arrays.into_iter().map(Vec::into_iter).collect();
        let rows = (0..length)
            .map(|_| Parens {
                opening_token: AttachedToken::empty(),
                content: arrays
                    .iter_mut()
                    .map(|a| a.next().unwrap_or_else(null))
                    .collect(),
                closing_token: AttachedToken::empty(),
            })
            .collect();
        let values = SetExpr::Values(Values {
            explicit_row: false,
            value_keyword: false,
            rows,
        });
        let subquery = query_of(values);
        *t = TableFactor::Derived {
            lateral: false,
            subquery: Box::new(subquery),
            alias: Some(TableAlias {
                explicit: true,
                name: alias
                    .as_ref()
                    .map_or_else(|| Ident::new(table), |a| a.name.clone()),
                columns: columns
                    .into_iter()
                    .map(|c| TableAliasColumnDef {
                        name: quoted(&c),
                        data_type: None,
                    })
                    .collect(),
                at: None,
            }),
            sample: None,
        };
        self.rewritten = true;
        self.table_factor(t)
    }
}
