//! The contract between `credreport serve`'s proxy and the page it serves: the request header
//! every API call carries and the JSON of each answer, one serde type each, used by both ends.

use serde::{Deserialize, Serialize};

/// Every `/api/` request carries this header, with [`PROXY_HEADER_VALUE`]. A page on another
/// site cannot send it without a CORS preflight, which the proxy refuses; an `<img>`, a
/// `<script>`, a form or a link cannot send it at all.
pub const PROXY_HEADER: &str = "x-credreport-client";
/// The value of [`PROXY_HEADER`].
pub const PROXY_HEADER_VALUE: &str = "page";

/// Where the API lives, relative to the page: `GET` status, `POST` fetch, `GET` its progress.
pub const STATUS_PATH: &str = "api/status";
pub const FETCH_PATH: &str = "api/credential-report";
pub const PROGRESS_PATH: &str = "api/credential-report/progress";

/// The `<meta>` `credreport serve` adds to the page it serves: the page asks [`STATUS_PATH`]
/// only when it finds it, so on a static host it requests nothing that is not there.
pub const SERVED_META: &str = "credreport-proxy";

/// The app's `index.html` as `credreport serve` serves it: marked with [`SERVED_META`].
pub fn mark_served(index_html: &str) -> String {
    let meta = format!("<meta name=\"{SERVED_META}\" content=\"{PROXY_HEADER_VALUE}\" />");
    match index_html.find("<head>") {
        Some(at) => {
            let at = at + "<head>".len();
            format!("{}{meta}{}", &index_html[..at], &index_html[at..])
        }
        None => format!("{meta}{index_html}"),
    }
}

/// `GET /api/status`: whether the proxy can fetch, and if not, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// Always true: tells the page it is served by credreport's proxy.
    pub proxy: bool,
    pub ready: bool,
    /// Where the credentials came from, e.g. `environment (ALIBABA_CLOUD_ACCESS_KEY_ID)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<String>,
    /// The AccessKey ID the proxy signs with (never the secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    /// Why it cannot fetch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// `GET /api/credential-report/progress`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub running: bool,
    #[serde(default)]
    pub message: Option<String>,
}

/// Any refused or failed API call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub error: String,
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_served_page_carries_the_mark_in_its_head() {
        let page = mark_served("<!DOCTYPE html><html><head><title>t</title></head></html>");
        assert!(page.starts_with(
            "<!DOCTYPE html><html><head><meta name=\"credreport-proxy\" content=\"page\" /><title>"
        ));
    }

    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_status_without_credentials_reads_back_as_written() {
        let s = Status {
            proxy: true,
            ready: false,
            credentials: None,
            access_key_id: None,
            problem: Some("no credentials".into()),
        };
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"{"proxy":true,"ready":false,"problem":"no credentials"}"#
        );
        assert_eq!(serde_json::from_str::<Status>(&json).unwrap(), s);
    }
}
