//! Functions credreport adds to SQLite, natively and in the page, so that a PostgreSQL query's
//! translation can mean exactly what PostgreSQL means where SQLite has no such function. They
//! are there in SQLite queries too.

use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::ValueRef;
use rusqlite::Connection;

/// Each added function, with what it does: `credreport query --print-sqlite` names those its
/// SQL uses, since the plain `sqlite3` shell does not have them.
pub const ADDED: [(&str, &str); 1] = [(
    "split_part",
    "split_part(text, delimiter, n): the n-th field of text split at delimiter, counted from 1 \
     (from the end when n is negative), '' past the last field — as PostgreSQL's",
)];

/// The added functions `sql` calls (by name, as a call: `name(`).
pub fn used_in(sql: &str) -> Vec<&'static str> {
    let lower = sql.to_ascii_lowercase();
    ADDED
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| {
            lower.match_indices(name).any(|(at, _)| {
                let before = lower[..at].chars().next_back();
                let after = lower[at + name.len()..].trim_start().chars().next();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && after == Some('(')
            })
        })
        .collect()
}

/// PostgreSQL's `split_part` (version 14 and later): `text` split at each `delimiter` (the whole
/// text is one field when the delimiter is empty); field `n` counted from 1, or from the end when
/// negative; `''` past either end. Zero is refused, as PostgreSQL refuses it.
pub fn split_part(text: &str, delimiter: &str, n: i64) -> Result<String, String> {
    if n == 0 {
        return Err(
            "split_part(): the field position must not be zero (count from 1, or from the end \
             with -1)"
                .into(),
        );
    }
    let fields: Vec<&str> = if delimiter.is_empty() {
        vec![text]
    } else {
        text.split(delimiter).collect()
    };
    let index = if n > 0 {
        usize::try_from(n - 1).ok()
    } else {
        usize::try_from(fields.len() as i64 + n).ok()
    };
    Ok(index
        .and_then(|i| fields.get(i))
        .map(|f| (*f).to_owned())
        .unwrap_or_default())
}

/// Add every function in [`ADDED`] to `conn`.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "split_part",
        3,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx: &mut Context<'_>| -> rusqlite::Result<Option<String>> {
            // NULL in, NULL out, as PostgreSQL's strict functions.
            let text = |i: usize| -> rusqlite::Result<Option<String>> {
                Ok(match ctx.get_raw(i) {
                    ValueRef::Null => None,
                    ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Integer(n) => Some(n.to_string()),
                    ValueRef::Real(r) => Some(r.to_string()),
                    ValueRef::Blob(_) => {
                        return Err(rusqlite::Error::UserFunctionError(
                            "split_part(): text and delimiter must be text, not a blob".into(),
                        ))
                    }
                })
            };
            let (Some(s), Some(d)) = (text(0)?, text(1)?) else {
                return Ok(None);
            };
            let n = match ctx.get_raw(2) {
                ValueRef::Null => return Ok(None),
                ValueRef::Integer(n) => n,
                _ => {
                    return Err(rusqlite::Error::UserFunctionError(
                        "split_part(): the field position must be a whole number".into(),
                    ))
                }
            };
            split_part(&s, &d, n)
                .map(Some)
                .map_err(|why| rusqlite::Error::UserFunctionError(why.into()))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn split_part_counts_fields_as_postgresql_does() {
        let f = |s: &str, d: &str, n: i64| split_part(s, d, n).unwrap();
        assert_eq!(f("alice@123.onaliyun.com", "@", 1), "alice");
        assert_eq!(f("alice@123.onaliyun.com", "@", 2), "123.onaliyun.com");
        assert_eq!(f("alice@123.onaliyun.com", "@", 3), "");
        assert_eq!(f("a.b.c", ".", -1), "c");
        assert_eq!(f("a.b.c", ".", -3), "a");
        assert_eq!(f("a.b.c", ".", -4), "");
        assert_eq!(f("abc", "", 1), "abc");
        assert_eq!(f("abc", "", 2), "");
        assert_eq!(f("", ",", 1), "");
        assert_eq!(f("東京::大阪", "::", 2), "大阪");
        assert!(split_part("a", ",", 0).unwrap_err().contains("zero"));
    }

    #[test]
    fn only_calls_of_added_functions_are_named() {
        assert_eq!(
            used_in("select SPLIT_PART (user_name, '@', 1)"),
            ["split_part"]
        );
        assert!(used_in("select my_split_part(x) , 'split_part' from t").is_empty());
    }
}
