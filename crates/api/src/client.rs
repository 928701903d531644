//! The credential-report fetch: GenerateCredentialReport until COMPLETED, GetCredentialReport page
//! by page, STS GetCallerIdentity for the account. Retries throttling and 5xx answers with
//! bounded back-off; every call has a timeout; every other service error is shown with its
//! Code, Message and RequestId.

use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;
use thiserror::Error;

use crate::credentials::Credentials;
use crate::sign::{canonical_query, sha256_hex, sign_rpc, sign_v3};

/// Which signing scheme requests use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignatureVersion {
    /// ACS3-HMAC-SHA256, the current scheme.
    #[default]
    V3,
    /// The RPC scheme's HMAC-SHA1 (signature 1.0).
    V1,
}

/// Where the services are: the real ones by default, a local stand-in in tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub ims: String,
    pub sts: String,
}

impl Default for Endpoints {
    fn default() -> Self {
        Endpoints {
            ims: "https://ims.aliyuncs.com".into(),
            sts: "https://sts.aliyuncs.com".into(),
        }
    }
}

/// Time limits. The defaults suit the real service; tests shorten them.
#[derive(Debug, Clone)]
pub struct Settings {
    /// One HTTP call.
    pub timeout: Duration,
    /// First wait between two looks at the generation state; it grows 1.5× up to `poll_max`.
    pub poll_initial: Duration,
    pub poll_max: Duration,
    /// How long generation may take in all.
    pub generation_limit: Duration,
    /// First wait before retrying a throttled or failed call; it doubles up to 8 s.
    pub retry_initial: Duration,
    /// How long retries of one call may take in all.
    pub retry_limit: Duration,
    /// `MaxItems` per page (the service's default is 3501).
    pub max_items: Option<u32>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            timeout: Duration::from_secs(30),
            poll_initial: Duration::from_secs(2),
            poll_max: Duration::from_secs(15),
            generation_limit: Duration::from_secs(600),
            retry_initial: Duration::from_millis(500),
            retry_limit: Duration::from_secs(60),
            max_items: None,
        }
    }
}

/// What the fetch is doing, for a spinner or the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Progress {
    /// The service is generating the report (`STARTED`, `INPROGRESS`).
    Generating { state: String, waited_seconds: u64 },
    /// Reading page `page` of the report.
    Reading { page: usize },
    /// Asking STS which account this is.
    Identifying,
    /// Throttled or a server error: trying again.
    Retrying { what: String, reason: String },
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum FetchError {
    #[error("Alibaba Cloud refused {action}: {code}: {message} (HTTP {status}, RequestId {request_id}){}", hint(code))]
    Service {
        action: String,
        status: u16,
        code: String,
        message: String,
        request_id: String,
    },
    #[error(
        "{action}: no answer from {endpoint} within {seconds} s; check the network or try again"
    )]
    Timeout {
        action: String,
        endpoint: String,
        seconds: u64,
    },
    #[error("{action}: cannot reach {endpoint}: {message}")]
    Unreachable {
        action: String,
        endpoint: String,
        message: String,
    },
    #[error("{action}: still failing after retrying for {seconds} s: {last}")]
    GaveUp {
        action: String,
        seconds: u64,
        last: String,
    },
    #[error(
        "the report was still being generated after {seconds} s (state {state}); try again later"
    )]
    GenerationTooSlow { seconds: u64, state: String },
    #[error("{action}: unexpected answer from the service: {message}")]
    Malformed { action: String, message: String },
}

impl FetchError {
    /// The error with every credential taken out of its text: the secret and token themselves
    /// (as they are and URL-encoded), and the values of `SecurityToken`, `Signature`,
    /// `AccessKeyId` and the like wherever a service message or a transport error echoes a
    /// request (a V1 URL, a string to sign, an Authorization header).
    pub fn redacted(self, credentials: &Credentials) -> FetchError {
        let mut known = vec![credentials.access_key_secret.expose()];
        if let Some(t) = &credentials.security_token {
            known.push(t.expose());
        }
        let r = |t: String| redact(&t, &known);
        match self {
            FetchError::Service {
                action,
                status,
                code,
                message,
                request_id,
            } => FetchError::Service {
                action,
                status,
                code: r(code),
                message: r(message),
                request_id: r(request_id),
            },
            FetchError::Timeout {
                action,
                endpoint,
                seconds,
            } => FetchError::Timeout {
                action,
                endpoint: r(endpoint),
                seconds,
            },
            FetchError::Unreachable {
                action,
                endpoint,
                message,
            } => FetchError::Unreachable {
                action,
                endpoint: r(endpoint),
                message: r(message),
            },
            FetchError::GaveUp {
                action,
                seconds,
                last,
            } => FetchError::GaveUp {
                action,
                seconds,
                last: r(last),
            },
            FetchError::GenerationTooSlow { seconds, state } => FetchError::GenerationTooSlow {
                seconds,
                state: r(state),
            },
            FetchError::Malformed { action, message } => FetchError::Malformed {
                action,
                message: r(message),
            },
        }
    }
}

/// Names whose values are credentials or derived from them, as requests carry them.
const SECRET_NAMES: [&str; 6] = [
    "SecurityToken",
    "Signature",
    "AccessKeyId",
    "AccessKeySecret",
    "x-acs-security-token",
    "Credential",
];

/// `text` with each `known` secret (as it is, and URL-encoded once and twice) replaced by `***`,
/// and the value after each of the names in `SECRET_NAMES` (`SecurityToken`, `Signature`,
/// `AccessKeyId`…, followed by `=`, `:` or their URL encodings) replaced by `***` up to the
/// next separator.
pub fn redact(text: &str, known: &[&str]) -> String {
    let mut out = text.to_owned();
    for k in known.iter().filter(|k| k.len() >= 4) {
        let once = crate::sign::encode(k);
        let twice = crate::sign::encode(&once);
        for form in [k.to_string(), once, twice] {
            out = out.replace(&form, "***");
        }
    }
    const ASSIGN: [&str; 6] = ["%253D", "%3D", "=", "\":\"", ": ", ":"];
    const END: [&str; 8] = ["%2526", "%26", "&", "\"", ",", ";", " ", "\n"];
    let lower = |s: &str| s.to_ascii_lowercase();
    for name in SECRET_NAMES {
        let mut from = 0;
        loop {
            let hay = lower(&out);
            let Some(at) = hay[from..].find(&lower(name)).map(|i| i + from) else {
                break;
            };
            let after = at + name.len();
            // A longer name (SignatureMethod, SignatureNonce) is not this one.
            let Some(assign) = ASSIGN.iter().find(|a| hay[after..].starts_with(&lower(a))) else {
                from = after;
                continue;
            };
            let start = after + assign.len();
            let rest = &out[start..];
            let end = END
                .iter()
                .filter_map(|e| rest.find(e))
                .min()
                .unwrap_or(rest.len());
            if rest[..end] == *"***" || end == 0 {
                from = start;
                continue;
            }
            out.replace_range(start..start + end, "***");
            from = start + 3;
        }
    }
    out
}

fn hint(code: &str) -> &'static str {
    match code {
        "SignatureDoesNotMatch" | "IncompleteSignature" => " — the AccessKey secret does not match the AccessKey ID; check the credentials",
        "InvalidAccessKeyId.NotFound" | "InvalidAccessKeyId" => " — the AccessKey ID is unknown; check the credentials",
        c if c.starts_with("NoPermission") || c.starts_with("Forbidden") => {
            " — the RAM identity needs ims:GenerateCredentialReport and ims:GetCredentialReport (e.g. the AliyunRAMReadOnlyAccess policy)"
        }
        "Expired.CredentialReport" => " — generate a new report",
        _ => "",
    }
}

/// One page of the report, as the API gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Page {
    pub generated_time: String,
    pub content: String,
    pub is_truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    pub request_id: String,
}

/// The whole report: every page, and the account it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub pages: Vec<Page>,
    pub account_id: Option<String>,
}

impl Fetched {
    /// The pages as a JSON array, each page carrying `AccountId`: what `credreport query` and the
    /// app load back with the generation time and the account.
    pub fn to_json(&self) -> String {
        let pages: Vec<Value> = self
            .pages
            .iter()
            .map(|p| {
                let mut v = serde_json::to_value(p).unwrap_or(Value::Null);
                if let (Value::Object(m), Some(a)) = (&mut v, &self.account_id) {
                    m.insert("AccountId".into(), Value::String(a.clone()));
                }
                v
            })
            .collect();
        serde_json::to_string_pretty(&pages).unwrap_or_else(|_| "[]".into())
    }
}

#[derive(Clone, Copy)]
enum Service {
    Ims,
    Sts,
}

impl Service {
    fn version(self) -> &'static str {
        match self {
            Service::Ims => "2019-08-15",
            Service::Sts => "2015-04-01",
        }
    }
}

/// A signed client for IMS and STS.
pub struct Client {
    http: reqwest::Client,
    credentials: Credentials,
    endpoints: Endpoints,
    signature: SignatureVersion,
    settings: Settings,
}

impl Client {
    pub fn new(
        credentials: Credentials,
        endpoints: Endpoints,
        signature: SignatureVersion,
        settings: Settings,
    ) -> Result<Self, FetchError> {
        let http = reqwest::Client::builder()
            .timeout(settings.timeout)
            .build()
            .map_err(|e| FetchError::Unreachable {
                action: "setting up HTTPS".into(),
                endpoint: String::new(),
                message: e.to_string(),
            })?;
        Ok(Client {
            http,
            credentials,
            endpoints,
            signature,
            settings,
        })
    }

    /// Generate (or reuse) the report, wait until it is complete, read every page, identify the
    /// account. `progress` hears each step.
    pub async fn fetch(
        &self,
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<Fetched, FetchError> {
        let mut regenerated = false;
        let pages = loop {
            self.generate(progress).await?;
            match self.read_pages(progress).await {
                Err(FetchError::Service { code, .. })
                    if code == "Expired.CredentialReport" && !regenerated =>
                {
                    regenerated = true;
                }
                other => break other?,
            }
        };
        progress(Progress::Identifying);
        let identity = self
            .call(Service::Sts, "GetCallerIdentity", &[], progress)
            .await?;
        let account_id = identity.get("AccountId").and_then(|a| {
            a.as_str()
                .map(str::to_owned)
                .or_else(|| a.as_u64().map(|n| n.to_string()))
        });
        Ok(Fetched { pages, account_id })
    }

    async fn generate(
        &self,
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<(), FetchError> {
        let start = Instant::now();
        let mut wait = self.settings.poll_initial;
        loop {
            let answer = self
                .call(Service::Ims, "GenerateCredentialReport", &[], progress)
                .await?;
            let state = answer
                .get("State")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            match state.as_str() {
                "COMPLETED" => return Ok(()),
                "STARTED" | "INPROGRESS" => {}
                other => {
                    return Err(FetchError::Malformed {
                        action: "GenerateCredentialReport".into(),
                        message: format!("unknown State {other:?}"),
                    })
                }
            }
            if start.elapsed() + wait > self.settings.generation_limit {
                return Err(FetchError::GenerationTooSlow {
                    seconds: start.elapsed().as_secs(),
                    state,
                });
            }
            progress(Progress::Generating {
                state,
                waited_seconds: start.elapsed().as_secs(),
            });
            tokio::time::sleep(wait).await;
            wait = (wait.mul_f64(1.5)).min(self.settings.poll_max);
        }
    }

    async fn read_pages(
        &self,
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<Vec<Page>, FetchError> {
        let mut pages = Vec::new();
        let mut token: Option<String> = None;
        loop {
            progress(Progress::Reading {
                page: pages.len() + 1,
            });
            let mut params = Vec::new();
            if let Some(n) = self.settings.max_items {
                params.push(("MaxItems".to_owned(), n.to_string()));
            }
            if let Some(t) = &token {
                params.push(("NextToken".to_owned(), t.clone()));
            }
            let v = self
                .call(Service::Ims, "GetCredentialReport", &params, progress)
                .await?;
            let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
            let malformed = |what: &str| FetchError::Malformed {
                action: "GetCredentialReport".into(),
                message: format!("no {what} in the answer"),
            };
            let page = Page {
                generated_time: text("GeneratedTime").ok_or_else(|| malformed("GeneratedTime"))?,
                content: text("Content").ok_or_else(|| malformed("Content"))?,
                is_truncated: v
                    .get("IsTruncated")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                next_token: text("NextToken").filter(|t| !t.is_empty()),
                request_id: text("RequestId").unwrap_or_default(),
            };
            let more = page.is_truncated;
            token = page.next_token.clone();
            pages.push(page);
            if !more {
                return Ok(pages);
            }
            if token.is_none() {
                return Err(malformed("NextToken (IsTruncated is true)"));
            }
            if pages.len() > 1000 {
                return Err(FetchError::Malformed {
                    action: "GetCredentialReport".into(),
                    message: "more than 1000 pages; the service keeps saying IsTruncated".into(),
                });
            }
        }
    }

    /// One API call, retried on throttling and 5xx answers with doubling waits, within `retry_limit`.
    async fn call(
        &self,
        service: Service,
        action: &str,
        params: &[(String, String)],
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<Value, FetchError> {
        let start = Instant::now();
        let mut wait = self.settings.retry_initial;
        loop {
            let err = match self.call_once(service, action, params).await {
                Ok(v) => return Ok(v),
                Err(e) => e.redacted(&self.credentials),
            };
            let retryable = match &err {
                FetchError::Service { status, code, .. } => {
                    *status >= 500 || code.starts_with("Throttling") || code == "ServiceUnavailable"
                }
                _ => false,
            };
            if !retryable {
                return Err(err);
            }
            if start.elapsed() + wait > self.settings.retry_limit {
                return Err(FetchError::GaveUp {
                    action: action.into(),
                    seconds: start.elapsed().as_secs(),
                    last: err.to_string(),
                });
            }
            progress(Progress::Retrying {
                what: action.into(),
                reason: err.to_string(),
            });
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(Duration::from_secs(8));
        }
    }

    async fn call_once(
        &self,
        service: Service,
        action: &str,
        params: &[(String, String)],
    ) -> Result<Value, FetchError> {
        let endpoint = match service {
            Service::Ims => &self.endpoints.ims,
            Service::Sts => &self.endpoints.sts,
        };
        let url = reqwest::Url::parse(endpoint).map_err(|e| FetchError::Unreachable {
            action: action.into(),
            endpoint: endpoint.clone(),
            message: format!("not a URL: {e}"),
        })?;
        let host = match url.port() {
            Some(p) => format!("{}:{p}", url.host_str().unwrap_or_default()),
            None => url.host_str().unwrap_or_default().to_owned(),
        };
        let base = format!("{}://{host}/", url.scheme());
        let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let nonce = nonce();
        let creds = &self.credentials;
        let request = match self.signature {
            SignatureVersion::V3 => {
                let mut headers = vec![
                    ("host".to_owned(), host.clone()),
                    ("x-acs-action".to_owned(), action.to_owned()),
                    ("x-acs-version".to_owned(), service.version().to_owned()),
                    ("x-acs-date".to_owned(), now),
                    ("x-acs-signature-nonce".to_owned(), nonce),
                    ("x-acs-content-sha256".to_owned(), sha256_hex(b"")),
                ];
                if let Some(t) = &creds.security_token {
                    headers.push(("x-acs-security-token".to_owned(), t.expose().to_owned()));
                }
                let signed = sign_v3(
                    "POST",
                    "/",
                    params,
                    &headers,
                    b"",
                    &creds.access_key_id,
                    creds.access_key_secret.expose(),
                );
                let query = canonical_query(params);
                let mut req = self.http.post(if query.is_empty() {
                    base
                } else {
                    format!("{base}?{query}")
                });
                for (k, v) in headers.iter().filter(|(k, _)| k != "host") {
                    req = req.header(k, v);
                }
                req.header("Authorization", signed.authorization)
            }
            SignatureVersion::V1 => {
                let mut all: Vec<(String, String)> = params.to_vec();
                for (k, v) in [
                    ("Action", action),
                    ("Version", service.version()),
                    ("Format", "JSON"),
                    ("AccessKeyId", &creds.access_key_id),
                    ("SignatureMethod", "HMAC-SHA1"),
                    ("SignatureVersion", "1.0"),
                    ("SignatureNonce", &nonce),
                    ("Timestamp", &now),
                ] {
                    all.push((k.to_owned(), v.to_owned()));
                }
                if let Some(t) = &creds.security_token {
                    all.push(("SecurityToken".to_owned(), t.expose().to_owned()));
                }
                let signature = sign_rpc("GET", &all, creds.access_key_secret.expose());
                all.push(("Signature".to_owned(), signature));
                self.http.get(format!("{base}?{}", canonical_query(&all)))
            }
        };
        let response = request
            .send()
            .await
            .map_err(|e| transport(action, endpoint, &self.settings, e))?;
        let status = response.status().as_u16();
        let body = response
            .text()
            .await
            .map_err(|e| transport(action, endpoint, &self.settings, e))?;
        let value: Value = serde_json::from_str(&body).map_err(|_| FetchError::Malformed {
            action: action.into(),
            message: format!(
                "HTTP {status}, not JSON: {:?}",
                body.chars().take(120).collect::<String>()
            ),
        })?;
        if (200..300).contains(&status) {
            return Ok(value);
        }
        let text = |k: &str| {
            value
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        Err(FetchError::Service {
            action: action.into(),
            status,
            code: text("Code"),
            message: text("Message"),
            request_id: text("RequestId"),
        })
    }
}

fn transport(action: &str, endpoint: &str, settings: &Settings, e: reqwest::Error) -> FetchError {
    if e.is_timeout() {
        FetchError::Timeout {
            action: action.into(),
            endpoint: endpoint.into(),
            seconds: settings.timeout.as_secs().max(1),
        }
    } else {
        // reqwest names the URL, and a V1 request's URL carries the signature and any token.
        let e = e.without_url();
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            message = format!("{message}: {s}");
            source = s.source();
        }
        FetchError::Unreachable {
            action: action.into(),
            endpoint: endpoint.into(),
            message,
        }
    }
}

/// A fresh random nonce: 16 bytes as hex.
fn nonce() -> String {
    let mut bytes = [0u8; 16];
    // Without an OS random source, fall back to the clock: a nonce must be unique, not secret.
    if getrandom::getrandom(&mut bytes).is_err() {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        bytes = t.to_le_bytes();
    }
    crate::sign::hex(&bytes)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redaction_takes_out_every_credential_a_request_carries() {
        let url = "http://127.0.0.1:1/?AccessKeyId=LTAI-x&Action=GetCredentialReport&SecurityToken=tok%2Fen&Signature=abc%3D&SignatureMethod=HMAC-SHA1";
        let r = redact(url, &["tok/en"]);
        assert_eq!(r, "http://127.0.0.1:1/?AccessKeyId=***&Action=GetCredentialReport&SecurityToken=***&Signature=***&SignatureMethod=HMAC-SHA1");
        let sts = "server string to sign is:GET&%2F&AccessKeyId%3DLTAI-x%26SecurityToken%3Dtok%252Fen%26Timestamp%3D1";
        assert_eq!(
            redact(sts, &["tok/en"]),
            "server string to sign is:GET&%2F&AccessKeyId%3D***%26SecurityToken%3D***%26Timestamp%3D1"
        );
        let header = "ACS3-HMAC-SHA256 Credential=LTAI-x,SignedHeaders=host,Signature=0123abcd";
        assert_eq!(
            redact(header, &[]),
            "ACS3-HMAC-SHA256 Credential=***,SignedHeaders=host,Signature=***"
        );
        assert_eq!(
            redact(r#"{"SecurityToken":"abc","Code":"X"}"#, &[]),
            r#"{"SecurityToken":"***","Code":"X"}"#
        );
        // A known secret goes wherever it stands.
        assert_eq!(
            redact("the secret s3cr3t-value leaked", &["s3cr3t-value"]),
            "the secret *** leaked"
        );
        // Names that only start the same are left alone.
        assert_eq!(
            redact("SignatureDoesNotMatch", &[]),
            "SignatureDoesNotMatch"
        );
    }
}
