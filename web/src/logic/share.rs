//! Share links: the query (and which canned query) in the URL fragment, compressed. Never data.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use credreport_core::checks::DAYS_RANGE;
use credreport_core::DialectChoice;

/// Which view the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Query,
    Checks,
    Compare,
}

impl View {
    pub fn as_str(self) -> &'static str {
        match self {
            View::Query => "query",
            View::Checks => "checks",
            View::Compare => "compare",
        }
    }

    pub fn parse(s: &str) -> Option<View> {
        [View::Query, View::Checks, View::Compare]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// What a link carries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shared {
    pub sql: String,
    pub canned: Option<String>,
    pub view: View,
    /// The checks' day threshold, when changed from the defaults.
    pub days: Option<i64>,
    pub dialect: DialectChoice,
    /// The Compare view's pair, by generation time (`YYYY-MM-DD HH:MM:SS`): old, new.
    pub compared: Option<(String, String)>,
}

/// A generation time as a link carries it (`2024-05-01T09:10:11`), and back.
fn time_in_link(t: &str) -> String {
    t.replace(' ', "T")
}

fn time_from_link(t: &str) -> Option<String> {
    let t = t.replace('T', " ");
    chrono::NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|_| t)
}

/// The largest query a link may expand to: a link cannot make the page inflate without bound.
pub const MAX_SQL_BYTES: usize = 256 * 1024;

/// `q=<deflated SQL, base64url>` and, when a canned query is chosen, `canned=<name>`.
pub fn encode(shared: &Shared) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(shared.sql.as_bytes(), 9);
    let mut s = format!("q={}", URL_SAFE_NO_PAD.encode(packed));
    if let Some(name) = &shared.canned {
        if name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            s.push_str("&canned=");
            s.push_str(name);
        }
    }
    if shared.view != View::default() {
        s.push_str("&view=");
        s.push_str(shared.view.as_str());
    }
    if let Some(d) = shared.days {
        s.push_str(&format!("&days={d}"));
    }
    if shared.dialect != DialectChoice::default() {
        s.push_str("&d=");
        s.push_str(shared.dialect.as_str());
    }
    if let Some((old, new)) = &shared.compared {
        if time_from_link(old).is_some() && time_from_link(new).is_some() {
            s.push_str(&format!(
                "&old={}&new={}",
                time_in_link(old),
                time_in_link(new)
            ));
        }
    }
    s
}

/// Read a fragment (with or without its `#`). `None` when it carries no query.
pub fn decode(fragment: &str) -> Option<Shared> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let mut shared = Shared::default();
    let mut found = false;
    let (mut old, mut new) = (None, None);
    for pair in fragment.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "q" => {
                let packed = URL_SAFE_NO_PAD.decode(v.trim_end_matches('=')).ok()?;
                let sql =
                    miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_SQL_BYTES)
                        .ok()?;
                shared.sql = String::from_utf8(sql).ok()?;
                found = true;
            }
            "canned"
                if !v.is_empty()
                    && v.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
            {
                shared.canned = Some(v.to_owned());
            }
            // Anything a link does not spell as the page does is left at its default.
            "view" => shared.view = View::parse(v).unwrap_or_default(),
            "d" => shared.dialect = DialectChoice::parse(v).unwrap_or_default(),
            "days" => shared.days = v.parse().ok().filter(|d: &i64| DAYS_RANGE.contains(d)),
            "old" => old = time_from_link(v),
            "new" => new = time_from_link(v),
            _ => {}
        }
    }
    shared.compared = old.zip(new);
    found.then_some(shared)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn long_multiline_queries_survive_a_round_trip() {
        let sql = "select\n  user_name, -- who\n  'a&b=c#d' as odd,\n  '日本' as unicode\nfrom alicloud_ram_credential_report\n".repeat(40);
        let shared = Shared {
            sql,
            canned: Some("root-mfa".into()),
            view: View::Checks,
            days: Some(45),
            dialect: DialectChoice::Postgres,
            compared: Some(("2026-10-01 00:00:00".into(), "2026-11-01 09:10:11".into())),
        };
        let link = encode(&shared);
        assert!(
            link.len() < shared.sql.len() / 4,
            "compressed: {} of {}",
            link.len(),
            shared.sql.len()
        );
        assert!(link
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_=&:".contains(&b)));
        assert_eq!(decode(&format!("#{link}")), Some(shared));
    }

    #[test]
    fn garbage_fragments_are_ignored() {
        assert_eq!(decode(""), None);
        assert_eq!(decode("#section-2"), None);
        assert_eq!(decode("#q=!!!"), None);
        assert_eq!(decode("#q=AAAA"), None);
        let odd = decode(&format!(
            "{}&view=admin&d=mysql&days=99999&old=yesterday&new=2026-13-01T00:00:00",
            encode(&Shared::default())
        ));
        assert_eq!(odd, Some(Shared::default()));
    }

    #[test]
    fn a_bomb_is_refused() {
        let big = vec![b'a'; MAX_SQL_BYTES + 1];
        let packed = miniz_oxide::deflate::compress_to_vec(&big, 9);
        assert_eq!(
            decode(&format!("q={}", URL_SAFE_NO_PAD.encode(packed))),
            None
        );
    }
}
