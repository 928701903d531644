//! Where the page may load a report from, and when it must ask first. A link can name a report
//! (`?report=URL`), so a link could make the page fetch: it never fetches the page's own proxy
//! API, and it asks before fetching from another origin. A URL the user types is theirs to load.

/// A URL as the browser resolved it against the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<'a> {
    /// `https:`, as `URL.protocol` gives it.
    pub protocol: &'a str,
    /// `https://example.com:8443`, as `URL.origin` gives it.
    pub origin: &'a str,
    /// `example.com:8443`, as `URL.host` gives it.
    pub host: &'a str,
    /// `/reports/a.csv`, as `URL.pathname` gives it.
    pub path: &'a str,
}

/// Who named the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum From {
    /// Typed or pasted into the page's URL box.
    User,
    /// `?report=` in the address the page was opened with.
    Link,
}

/// What to do with a report URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Load,
    /// Show the host and ask before fetching.
    Ask {
        host: String,
    },
    Refuse(String),
}

/// Decide for `target`, named by `from`, on a page at `page_origin`.
pub fn decide(target: &Target<'_>, page_origin: &str, from: From) -> Decision {
    if !matches!(target.protocol, "http:" | "https:") {
        return Decision::Refuse(format!(
            "only http and https addresses can be loaded, not {}",
            target.protocol
        ));
    }
    let same_origin = target.origin.eq_ignore_ascii_case(page_origin);
    if same_origin && is_proxy_api(target.path) {
        return Decision::Refuse(
            "that address is credreport's own proxy, not a report: use the “Fetch from Alibaba Cloud” button to fetch with your credentials".into(),
        );
    }
    match from {
        From::Link if !same_origin => Decision::Ask {
            host: target.host.to_owned(),
        },
        _ => Decision::Load,
    }
}

/// Any path under an `api/` folder of the page's origin: where `credreport serve` answers.
fn is_proxy_api(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower
        .split('/')
        .any(|segment| segment == "api" || segment == "%61pi")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const PAGE: &str = "http://127.0.0.1:8080";

    fn t<'a>(origin: &'a str, host: &'a str, path: &'a str) -> Target<'a> {
        Target {
            protocol: if origin.starts_with("https") {
                "https:"
            } else {
                "http:"
            },
            origin,
            host,
            path,
        }
    }

    #[test]
    fn a_link_never_points_the_page_at_its_own_proxy() {
        for path in [
            "/api/credential-report",
            "/api/status",
            "/app/api/credential-report",
            "/API/credential-report",
        ] {
            for from in [From::Link, From::User] {
                assert!(
                    matches!(decide(&t(PAGE, "127.0.0.1:8080", path), PAGE, from), Decision::Refuse(m) if m.contains("own proxy")),
                    "{path}"
                );
            }
        }
    }

    #[test]
    fn a_link_to_another_origin_asks_first_naming_the_host() {
        let other = t("https://evil.example", "evil.example", "/forged.csv");
        assert_eq!(
            decide(&other, PAGE, From::Link),
            Decision::Ask {
                host: "evil.example".into()
            }
        );
        // The same origin on another port is another origin.
        let port = t("http://127.0.0.1:9999", "127.0.0.1:9999", "/r.csv");
        assert!(matches!(
            decide(&port, PAGE, From::Link),
            Decision::Ask { .. }
        ));
        // What the user types is theirs to load; a report beside the page loads from a link.
        assert_eq!(decide(&other, PAGE, From::User), Decision::Load);
        assert_eq!(
            decide(
                &t(PAGE, "127.0.0.1:8080", "/reports/r.csv"),
                PAGE,
                From::Link
            ),
            Decision::Load
        );
    }

    #[test]
    fn only_http_and_https_load() {
        let data = Target {
            protocol: "data:",
            origin: "null",
            host: "",
            path: "text/csv,user",
        };
        assert!(matches!(
            decide(&data, PAGE, From::User),
            Decision::Refuse(_)
        ));
    }
}
