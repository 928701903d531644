//! PostgreSQL's JSON builders — `to_json`, `json_agg`, `json_build_object`, `json_build_array`
//! and their `jsonb_` twins — as SQLite text written as PostgreSQL writes it: each value by its
//! type (`true`, `"2024-01-02T03:04:05+00:00"`, `null`…), a `json` object's members as
//! `"k" : v`, a `jsonb` object's as `"k": v` in jsonb's order of keys (shorter first, then by
//! their bytes; a key given twice keeps its last value). A JSON value is a result column of the
//! outer query or a value inside another of these (or `coalesce`d with `'[]'` or `'{}'` there),
//! nothing else: compared, sorted or taken apart, its text would mean another thing than
//! PostgreSQL's `json`.

use sqlparser::ast::{
    DuplicateTreatment, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments,
};

use crate::build::{call, cast, concat, string_literal, take, text};
use crate::expr::Ty;
use crate::functions::name_of;
use crate::query::Cx;
use crate::sqlite::bool_as;
use crate::{unsupported, Result, TranslateError};

/// The functions this module writes.
const FUNCTIONS: [&str; 8] = [
    "to_json",
    "to_jsonb",
    "json_agg",
    "jsonb_agg",
    "json_build_object",
    "jsonb_build_object",
    "json_build_array",
    "jsonb_build_array",
];

/// Whether `name` is one of this module's functions.
pub fn is_json_function(name: &str) -> bool {
    FUNCTIONS.contains(&name)
}

/// Whether `e` may be a JSON value where one may be shown: a call of this module's functions,
/// or `coalesce` (of one, with a default).
pub fn may_hold_json(e: &Expr) -> bool {
    matches!(e, Expr::Function(f) if { let n = name_of(f); is_json_function(&n) || n == "coalesce" })
}

/// `x` (of type `ty`) as the JSON `to_json` makes of it: never NULL (a NULL is `null`).
/// `binary`: inside a `jsonb_` function, which takes only `jsonb` of JSON values.
fn value(x: Expr, ty: &Ty, binary: bool, name: &str) -> Result<Expr> {
    let or_null = |e: Expr| call("coalesce", vec![e, text("null")]);
    // A time in quotes, `T` between its date and time: `"2024-01-02T03:04:05+00:00"`.
    let moment = |x: Expr, zone: &str| {
        let iso = call("replace", vec![x, text(" "), text("T")]);
        or_null(joined("\"", vec![iso], "", &format!("{zone}\"")))
    };
    Ok(match ty {
        // The words a boolean's text is (`::text`), here unquoted.
        Ty::Bool => or_null(bool_as(x, "true", "false")),
        // As the result grid shows them (a numeric's digits are SQLite's).
        Ty::Int | Ty::Num => or_null(cast(x, sqlparser::ast::DataType::Text)),
        Ty::Text | Ty::Unknown => call("json_quote", vec![cast(x, sqlparser::ast::DataType::Text)]),
        Ty::Null => text("null"),
        Ty::Date => moment(x, ""),
        Ty::Timestamp { zoned } => moment(x, if *zoned { "+00:00" } else { "" }),
        Ty::Interval(iv) => call("json_quote", vec![iv.text()]),
        Ty::Json { binary: inner } if *inner || !binary => or_null(x),
        refused => {
            let (what, hint) = match refused {
                Ty::Json { .. } => ("a json value", "build it with the jsonb_ functions too"),
                Ty::Float => ("a double precision value", "cast it to numeric: x::numeric"),
                _ => ("an array", "json_agg() the elements"),
            };
            return unsupported(format!("{what} in {name}()"), Some(hint));
        }
    })
}

/// A key of `json_build_object`: a string written in the query (which `jsonb_build_object`
/// puts in its order before anything runs).
fn key(e: &Expr, name: &str) -> Result<String> {
    if let Some(key) = string_literal(e) {
        return Ok(key.to_owned());
    }
    unsupported(
        format!("a key other than a string in {name}(): {e}"),
        Some("write each key as a string: 'name'"),
    )
}

/// `coalesce(…)` shown as a result column, `types` its arguments': where one is a JSON value,
/// the others must be JSON too, or the empty list or object written as text (`'[]'`, `'{}'`),
/// which PostgreSQL reads as JSON and writes back as written.
pub fn defaults(f: &mut Function, types: &[Ty]) -> Result<()> {
    if !types.iter().any(|t| matches!(t, Ty::Json { .. })) {
        return Ok(());
    }
    let FunctionArguments::List(list) = &f.args else {
        return Ok(());
    };
    for (a, ty) in list.args.iter().zip(types) {
        let empty = matches!(a, FunctionArg::Unnamed(FunctionArgExpr::Expr(x))
            if matches!(string_literal(x), Some("[]" | "{}")));
        if !empty && !matches!(ty, Ty::Json { .. }) {
            return unsupported(
                format!("coalesce() of a JSON value and {a}"),
                Some("give the empty list or object as its default: coalesce(json_agg(x), '[]')"),
            );
        }
    }
    Ok(())
}

/// Pieces of text and values joined: `'[' || a || ', ' || b || ']'`.
fn joined(open: &str, parts: Vec<Expr>, between: &str, close: &str) -> Expr {
    let mut out = text(open);
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out = concat(out, text(between));
        }
        out = concat(out, part);
    }
    concat(out, text(close))
}

impl Cx {
    /// A call of one of this module's functions, its arguments walked (`types`); `shown`:
    /// the call is a result column of the outer query, or a value inside another of them.
    pub(crate) fn json(
        &mut self,
        e: &mut Expr,
        name: &str,
        types: &[Ty],
        shown: bool,
    ) -> Result<Ty> {
        let Expr::Function(f) = e else {
            unreachable!("json() is given a Function")
        };
        let binary = name.contains("jsonb");
        if !shown {
            return unsupported(
                format!("{name}() other than as a result column of the outer query or a value inside another JSON function"),
                Some("show it as a result column; string_agg() makes a list that compares as text"),
            );
        }
        if f.over.is_some() {
            return unsupported(format!("{name}() … OVER"), None);
        }
        let aggregate = name.ends_with("_agg");
        let extras = f.filter.is_some()
            || matches!(&f.args, FunctionArguments::List(l) if l.duplicate_treatment.is_some() || !l.clauses.is_empty());
        if extras && !aggregate {
            return unsupported(format!("DISTINCT, ORDER BY or FILTER in {name}()"), None);
        }
        let FunctionArguments::List(list) = &mut f.args else {
            return unsupported(
                format!("{name}() without arguments"),
                Some(&format!("{name}(x)")),
            );
        };
        if list.duplicate_treatment == Some(DuplicateTreatment::Distinct) {
            return unsupported(
                format!("{name}(DISTINCT …)"),
                Some("take the distinct values in a subquery first"),
            );
        }
        let mut args = Vec::new();
        for a in &mut list.args {
            match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => args.push(x),
                _ => return unsupported(format!("{name}() with these arguments"), None),
            }
        }
        if aggregate || name.starts_with("to_") {
            let ([x], [ty]) = (args.as_mut_slice(), types) else {
                return unsupported(
                    crate::functions::with_arguments(name, types.len()),
                    Some(&format!("{name}(x)")),
                );
            };
            let one = value(take(x), ty, binary, name)?;
            if !aggregate {
                self.replace(e, one, true);
                return Ok(Ty::Json { binary });
            }
            // `[a, b]` of each row's value (its ORDER BY and FILTER kept), NULL over no rows.
            **x = one;
            list.args
                .push(FunctionArg::Unnamed(FunctionArgExpr::Expr(text(", "))));
            f.name =
                sqlparser::ast::ObjectName::from(vec![sqlparser::ast::Ident::new("group_concat")]);
            let listed = take(e);
            self.replace(e, joined("[", vec![listed], ", ", "]"), true);
            return Ok(Ty::Json { binary });
        }
        let values = args.into_iter().zip(types).map(|(x, ty)| (take(x), ty));
        let with = if name.ends_with("_array") {
            let parts = values
                .map(|(x, ty)| value(x, ty, binary, name))
                .collect::<Result<Vec<_>>>()?;
            joined("[", parts, ", ", "]")
        } else {
            if types.len() % 2 == 1 {
                return Err(TranslateError::Syntax {
                    message: format!("{name}(): argument list must have even number of elements"),
                });
            }
            let mut members: Vec<(String, Expr)> = Vec::new();
            let mut values = values;
            while let (Some((k, _)), Some((v, ty))) = (values.next(), values.next()) {
                let k = key(&k, name)?;
                let v = value(v, ty, binary, name)?;
                // jsonb keeps a key once, with its last value, its keys shorter first, then by
                // their bytes; json keeps them as given.
                let at = match binary {
                    true => members.iter().position(|(seen, _)| {
                        (seen.len(), seen.as_bytes()) >= (k.len(), k.as_bytes())
                    }),
                    false => None,
                };
                match at {
                    Some(i) if members[i].0 == k => members[i].1 = v,
                    Some(i) => members.insert(i, (k, v)),
                    None => members.push((k, v)),
                }
            }
            let colon = if binary { ": " } else { " : " };
            let parts = members
                .into_iter()
                // SQLite's `json_quote` escapes a key as PostgreSQL's `escape_json` does.
                .map(|(k, v)| concat(concat(call("json_quote", vec![text(&k)]), text(colon)), v))
                .collect();
            joined("{", parts, ", ", "}")
        };
        self.replace(e, with, true);
        Ok(Ty::Json { binary })
    }
}
