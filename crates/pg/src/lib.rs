//! PostgreSQL, as Steampipe users write it against `alicloud_ram_credential_report`, translated into
//! the SQLite credreport runs.
//!
//! The query is parsed with `sqlparser` (PostgreSQL dialect) and its tree rewritten in place: each
//! expression is given a type (boolean, number, text, date, timestamp, interval) from the table's
//! schema, and what SQLite spells differently is replaced by nodes built for it — `current_date`,
//! `now()`, intervals and date arithmetic, `age()`, `extract`, `date_trunc`, casts, `ilike`,
//! `string_agg`, `bool_and`… The tree is printed once, at the end. What is not known to mean the
//! same in both is refused with the construct's name and, where there is one, the SQLite way to
//! write it. Never by regular expressions on the text.
//!
//! Where SQLite has no function that means exactly what PostgreSQL's means (`age()`, Unicode
//! `lower()`, `ilike`, `greatest()`…), the translation calls one credreport adds to SQLite
//! (`credreport_core::functions`), natively and in the page.
//!
//! Representation: timestamps are SQLite text `YYYY-MM-DD HH:MM:SS` in UTC, booleans 0/1 (SPEC §3).
//! An interval is never a SQLite value: it is carried as three SQLite expressions (months, days,
//! seconds) and becomes PostgreSQL's text (`1 year 2 mons 3 days 04:05:06`) where it is shown, a
//! number where it is compared or sorted (PostgreSQL's order: a month is 30 days), and date
//! modifiers where it is added.
//!
//! The modules, by concern: `names` (quoting, result names), `query` (select, from, order, limit),
//! `distinct` (DISTINCT ON, as a numbering of each group's rows), `series` (`generate_series`
//! in FROM, as a recursive WITH query), `json` (the JSON builders, as PostgreSQL writes their text),
//! `expr` (expressions and their types, operators, casts), `functions` (calls; the name-for-name
//! ones as a table), `sqlite` (building blocks: extract, date_trunc, age, justify, to_char, format,
//! LIKE, substr),
//! `interval`, `moment` (text read as a date or timestamp), and `build` (making nodes).

mod build;
mod distinct;
mod expr;
mod functions;
mod grouping;
mod interval;
mod json;
mod moment;
mod names;
mod query;
mod series;
mod sqlite;
mod unnest;

use sqlparser::ast::Query;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

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

/// Why a PostgreSQL query was not translated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TranslateError {
    #[error("PostgreSQL syntax error: {message}")]
    Syntax { message: String },
    #[error("only one SELECT query can be run (got {0})")]
    NotOneQuery(String),
    #[error("{construct} is not supported in PostgreSQL queries{}", hint.as_ref().map(|h| format!("; {h}")).unwrap_or_default())]
    Unsupported {
        construct: String,
        hint: Option<String>,
    },
}

impl TranslateError {
    pub(crate) fn unsupported(construct: impl Into<String>, hint: Option<&str>) -> Self {
        TranslateError::Unsupported {
            construct: construct.into(),
            hint: hint.map(str::to_owned),
        }
    }
}

/// The SQLite functions a translation may call, beside those credreport adds
/// (`credreport_core::functions::ADDED`): what the translator's tests hold every translation to.
pub const SQLITE_FUNCTIONS: [&str; 57] = [
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "abs",
    "coalesce",
    "nullif",
    "length",
    "ltrim",
    "rtrim",
    "trim",
    "replace",
    "char",
    "concat",
    "concat_ws",
    "octet_length",
    "instr",
    "group_concat",
    "substr",
    "round",
    "date",
    "datetime",
    "strftime",
    "julianday",
    "glob",
    "random",
    // SQLite's JSON functions (built in natively and in the page): a text as a JSON string.
    "json_quote",
    // Window functions (`… OVER (…)`).
    "row_number",
    "rank",
    "dense_rank",
    "percent_rank",
    "cume_dist",
    "ntile",
    "lag",
    "lead",
    "first_value",
    "last_value",
    "nth_value",
    // SQLite's math functions (built in natively and in the page: `.cargo/config.toml`).
    "sqrt",
    "exp",
    "ln",
    "log",
    "log10",
    "power",
    "pow",
    "sign",
    "pi",
    "degrees",
    "radians",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "atan2",
];

/// Whether SQLite's error `message` says something only the translator could have got wrong,
/// whatever the query asked: SQL it cannot parse, a function it lacks, a call it refuses. The
/// property the fuzz target and the test replaying its inputs hold every translation to. Told
/// by SQLite's own wording of each, whole: an error a function credreport adds may quote the
/// query's text, which may hold those words.
pub fn is_translation_fault(message: &str) -> bool {
    (message.starts_with("near \"") && message.ends_with(": syntax error"))
        || message == "incomplete input"
        || message.starts_with("incomplete input: ")
        || message.starts_with("unrecognized token: ")
        || message.starts_with("no such function: ")
        || message.starts_with("wrong number of arguments to function ")
        || message == "DISTINCT aggregates must have exactly one argument"
}

/// What to write for a series, where `generate_series()` is called in the select list or
/// another table function in FROM: `generate_series()` in FROM, which translates.
const SERIES_HINT: &str = "for a series, generate_series() in FROM: select m from generate_series(date_trunc('month', now()) - interval '11 months', date_trunc('month', now()), interval '1 month') as m";

fn unsupported<T>(construct: impl Into<String>, hint: Option<&str>) -> Result<T> {
    Err(TranslateError::unsupported(construct, hint))
}

/// How deep a query may nest (parentheses, calls, subqueries) for the parser. The translation
/// nests deeper still, and the page's WebAssembly has a 1 MB stack: sqlparser's default (50) let
/// a fuzzed query of 40 nested calls overflow it. Real queries stay far below.
const MAX_NESTING: usize = 24;

/// Translate one PostgreSQL query into SQLite: parse it, rewrite its tree in place (new
/// expressions built as nodes, `build`), print it once.
pub fn translate(sql: &str) -> Result<Translation> {
    names::refuse_quotes_sqlparser_misprints(sql)?;
    let mut query = parse_one_query(sql)?;
    let mut cx = query::Cx::default();
    cx.query(&mut query)?;
    Ok(Translation {
        sql: query.to_string(),
        rewritten: cx.rewritten,
    })
}

/// What sqlparser's error says, as the translator says it.
fn parser_error(e: ParserError) -> TranslateError {
    match e {
        ParserError::RecursionLimitExceeded => TranslateError::unsupported(
            format!("a query nested more than {MAX_NESTING} levels deep (parentheses, calls, subqueries)"),
            Some("simplify it, or write it in SQLite"),
        ),
        // sqlparser's own prefix would say "syntax error: sql parser error: …".
        ParserError::ParserError(m) | ParserError::TokenizerError(m) => {
            TranslateError::Syntax { message: m }
        }
    }
}

/// The one query `sql` holds, parsed with sqlparser's query parser alone. A statement of another
/// kind is refused by its first word, never parsed: sqlparser's parsers for every statement
/// (`CREATE`, `ALTER`, `COPY`…) are most of its code, and the page's translator module would
/// carry them only to refuse what they parse.
///
/// Every name not in double quotes is folded to lower case as it is read, as PostgreSQL's
/// scanner folds it (ASCII letters only): `MFA_Active` and `mfa_active` are one name wherever
/// the translation compares names or expressions, and a result column is named as PostgreSQL
/// names it.
fn parse_one_query(sql: &str) -> Result<Box<Query>> {
    let dialect = PostgreSqlDialect {};
    let mut tokens = sqlparser::tokenizer::Tokenizer::new(&dialect, sql)
        .tokenize_with_location()
        .map_err(|e| parser_error(e.into()))?;
    for t in &mut tokens {
        if let Token::Word(w) = &mut t.token {
            if w.quote_style.is_none() {
                w.value.make_ascii_lowercase();
            }
        }
    }
    // A number with a letter or `_` in it or right after it (`2L`, `0x1F`, `1_000`, `2e`) is
    // PostgreSQL 15's error; sqlparser would read a suffix, a hexadecimal number or a name
    // after it, which SQLite would take.
    for (i, t) in tokens.iter().enumerate() {
        let Token::Number(n, long) = &t.token else {
            continue;
        };
        let after = (tokens.get(i + 1))
            .filter(|w| matches!(w.token, Token::Word(_)) && w.span.start == t.span.end);
        let digits = n
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
        if *long || !digits || after.is_some() {
            let after = after.map(|w| w.token.to_string()).unwrap_or_default();
            return Err(TranslateError::Syntax {
                message: format!(
                    "trailing junk after numeric literal at or near \"{}{after}\"",
                    t.token
                ),
            });
        }
    }
    let mut parser = Parser::new(&dialect)
        .with_recursion_limit(MAX_NESTING)
        .with_tokens_with_locations(tokens);
    // Empty statements (`;;`) are skipped, as PostgreSQL does.
    while parser.consume_token(&Token::SemiColon) {}
    let first = parser.peek_token();
    match &first.token {
        Token::LParen => {}
        Token::Word(w) if QUERY_STARTS.contains(&w.keyword) => {}
        Token::Word(w) if w.keyword != Keyword::NoKeyword => {
            return Err(TranslateError::NotOneQuery(
                "a statement that is not a query".into(),
            ))
        }
        _ => {
            return parser
                .expected("an SQL statement", first)
                .map_err(parser_error)
        }
    }
    let query = parser.parse_query().map_err(parser_error)?;
    let next = parser.next_token();
    if !matches!(next.token, Token::SemiColon | Token::EOF) {
        return parser
            .expected("end of statement", next)
            .map_err(parser_error);
    }
    // Any further statement: a run of tokens up to its delimiter.
    let (mut statements, mut within) = (1, false);
    loop {
        match parser.next_token().token {
            Token::EOF => break,
            Token::SemiColon => within = false,
            _ if !within => (statements, within) = (statements + 1, true),
            _ => {}
        }
    }
    if statements != 1 {
        return Err(TranslateError::NotOneQuery(format!(
            "{statements} statements"
        )));
    }
    Ok(query)
}

/// The first words of a query, as sqlparser's statement parser hands them to its query parser,
/// and PostgreSQL's `TABLE name` (a query, refused by name as it is anywhere in one).
const QUERY_STARTS: [Keyword; 5] = [
    Keyword::SELECT,
    Keyword::WITH,
    Keyword::VALUES,
    Keyword::FROM,
    Keyword::TABLE,
];

pub use credreport_core::Dialect;

/// The SQLite to run for `sql` in `dialect`; `None` as the dialect detects it: a query is taken as
/// PostgreSQL when it translates and the translation differs in meaning from running it as
/// written (it uses `interval`, `::`, `age()`, `now()`…); anything else runs as SQLite, as written
/// — unless it names what only PostgreSQL has and the translator refused it: then the refusal.
pub fn to_sqlite(sql: &str, dialect: Option<Dialect>) -> Result<(Dialect, String)> {
    match dialect {
        Some(Dialect::Sqlite) => Ok((Dialect::Sqlite, sql.to_owned())),
        Some(Dialect::Postgres) => translate(sql).map(|t| (Dialect::Postgres, t.sql)),
        None => match translate(sql) {
            Ok(t) if t.rewritten => Ok((Dialect::Postgres, t.sql)),
            // A query that names what only PostgreSQL has is PostgreSQL: say why it was refused,
            // rather than let SQLite say "no such function: age".
            Err(e) if credreport_core::DialectChoice::Auto.needs_translator(sql) => Err(e),
            _ => Ok((Dialect::Sqlite, sql.to_owned())),
        },
    }
}
