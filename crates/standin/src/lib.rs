//! A stand-in for Alibaba Cloud's IMS (2019-08-15) and STS (2015-04-01) on loopback, for tests.
//! Each request's signature is checked the way the service checks it — rebuilt from the request
//! as received (method, path, query, the signed headers, the body's hash) with the secret of the
//! AccessKey ID it names — and the credential-report actions play a scripted scenario.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::Engine as _;
use credreport_api::sign::{canonical_query, encode, sha256_hex, sign_rpc, sign_v3};
use serde_json::{json, Value};

/// What the stand-in plays.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub key_id: String,
    pub secret: String,
    /// A security token requests must carry, if any.
    pub security_token: Option<String>,
    /// The answers of successive GenerateCredentialReport calls; the last repeats.
    pub states: Vec<&'static str>,
    /// The report, split over `pages` pages (later pages carry rows only).
    pub csv: String,
    pub pages: usize,
    pub generated_time: String,
    pub account_id: String,
    /// The first GetCredentialReport answers 410 Expired.CredentialReport.
    pub expire_first_read: bool,
    /// So many calls (of any action) are throttled first.
    pub throttle_first: usize,
    /// So many calls answer HTTP 500 first (after throttling).
    pub fail_first: usize,
    /// GetCredentialReport answers only after this long.
    pub slow_read: Option<Duration>,
}

impl Scenario {
    pub fn new(csv: &str) -> Self {
        Scenario {
            key_id: "LTAI-standin".into(),
            secret: "standin-secret".into(),
            security_token: None,
            states: vec!["COMPLETED"],
            csv: csv.to_owned(),
            pages: 1,
            generated_time: "2024-05-01T09:10:11Z".into(),
            account_id: "1234567890123456".into(),
            expire_first_read: false,
            throttle_first: 0,
            fail_first: 0,
            slow_read: None,
        }
    }
}

#[derive(Default)]
struct Played {
    calls: Vec<String>,
    generated: usize,
    read: usize,
    expired: bool,
}

#[derive(Clone)]
struct Shared {
    scenario: Arc<Scenario>,
    played: Arc<Mutex<Played>>,
}

/// A running stand-in. Dropping it stops it.
pub struct StandIn {
    pub url: String,
    played: Arc<Mutex<Played>>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl StandIn {
    /// Every action called, in order (`GenerateCredentialReport`, `GetCredentialReport page 2`, …);
    /// a call whose signature failed is listed as `rejected: …`.
    pub fn calls(&self) -> Vec<String> {
        self.played.lock().unwrap().calls.clone()
    }
}

/// Start a stand-in on an ephemeral loopback port.
pub async fn start(scenario: Scenario) -> StandIn {
    let played: Arc<Mutex<Played>> = Arc::default();
    let shared = Shared {
        scenario: Arc::new(scenario),
        played: played.clone(),
    };
    let app = Router::new().fallback(handle).with_state(shared);
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
    });
    StandIn {
        url,
        played,
        _stop: stop,
    }
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, axum::Json(json!({"RequestId": "STANDIN-ERR", "HostId": "standin", "Code": code, "Message": message}))).into_response()
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

async fn handle(State(shared): State<Shared>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body: Bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let query: Vec<(String, String)> = parts
        .uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    let s = &shared.scenario;
    let action = match verify(
        s,
        parts.method.as_str(),
        parts.uri.path(),
        &query,
        &parts.headers,
        &body,
    ) {
        Ok(action) => action,
        Err(response) => {
            shared
                .played
                .lock()
                .unwrap()
                .calls
                .push("rejected: signature".into());
            return response;
        }
    };
    let param = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    {
        let mut played = shared.played.lock().unwrap();
        let n = played.calls.len();
        played.calls.push(action.clone());
        if n < s.throttle_first {
            return error(
                StatusCode::BAD_REQUEST,
                "Throttling.User",
                "Request was denied due to user flow control.",
            );
        }
        if n < s.throttle_first + s.fail_first {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalError",
                "The request processing has failed due to some unknown error.",
            );
        }
    }
    match action.as_str() {
        "GenerateCredentialReport" => {
            let mut played = shared.played.lock().unwrap();
            let state = s.states[played.generated.min(s.states.len() - 1)];
            played.generated += 1;
            played.expired = false;
            axum::Json(json!({"RequestId": format!("GEN-{}", played.generated), "State": state}))
                .into_response()
        }
        "GetCredentialReport" => {
            if let Some(d) = s.slow_read {
                tokio::time::sleep(d).await;
            }
            let mut played = shared.played.lock().unwrap();
            if played.generated == 0 {
                return error(
                    StatusCode::NOT_FOUND,
                    "EntityNotExist.CredentialReport",
                    "The credential report does not exist.",
                );
            }
            if s.expire_first_read && played.read == 0 && !played.expired {
                played.read += 1;
                played.expired = true;
                return error(
                    StatusCode::GONE,
                    "Expired.CredentialReport",
                    "The credential report has been expired.",
                );
            }
            played.read += 1;
            let page: usize = match param("NextToken") {
                None => 1,
                Some(t) => match t.strip_prefix("page-").and_then(|n| n.parse().ok()) {
                    Some(n) if n >= 2 && n <= s.pages => n,
                    _ => {
                        return error(
                            StatusCode::BAD_REQUEST,
                            "InvalidParameter.NextToken",
                            "The NextToken is invalid.",
                        )
                    }
                },
            };
            if let Some(last) = played.calls.last_mut() {
                *last = format!("GetCredentialReport page {page}");
            }
            let content = page_content(&s.csv, s.pages, page);
            let mut answer = json!({
                "RequestId": format!("GET-{page}"),
                "GeneratedTime": s.generated_time,
                "Content": base64::engine::general_purpose::STANDARD.encode(content),
                "IsTruncated": page < s.pages,
            });
            if page < s.pages {
                answer["NextToken"] = Value::String(format!("page-{}", page + 1));
            }
            axum::Json(answer).into_response()
        }
        "GetCallerIdentity" => axum::Json(json!({
            "RequestId": "STS-1", "AccountId": s.account_id, "UserId": "2000000000000001",
            "Arn": format!("acs:ram::{}:user/auditor", s.account_id), "IdentityType": "RAMUser"
        }))
        .into_response(),
        other => error(
            StatusCode::NOT_FOUND,
            "InvalidAction.NotFound",
            &format!("Specified api {other} is not found"),
        ),
    }
}

/// Page `page` (1-based) of `pages`: the header and the first rows on page 1, rows only after.
fn page_content(csv: &str, pages: usize, page: usize) -> String {
    let mut lines = csv.lines();
    let header = lines.next().unwrap_or("");
    let rows: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
    let per = rows.len().div_ceil(pages.max(1));
    let chunk = rows.chunks(per.max(1)).nth(page - 1).unwrap_or(&[]);
    let mut out = if page == 1 {
        format!("{header}\n")
    } else {
        String::new()
    };
    for r in chunk {
        out.push_str(r);
        out.push('\n');
    }
    out
}

/// Check the request's signature as the service does; the action it asks for, or the error answer.
// A test stand-in answers one request at a time: the large error value costs nothing here.
#[allow(clippy::result_large_err)]
fn verify(
    s: &Scenario,
    method: &str,
    path: &str,
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
) -> Result<String, Response> {
    let header = |k: &str| {
        headers
            .get(k)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let mismatch = || {
        error(
            StatusCode::BAD_REQUEST,
            "SignatureDoesNotMatch",
            "Specified signature is not matched with our calculation.",
        )
    };
    if let Some(auth) = header("authorization") {
        let rest = auth.strip_prefix("ACS3-HMAC-SHA256 ").ok_or_else(|| {
            error(
                StatusCode::BAD_REQUEST,
                "IncompleteSignature",
                "Unsupported signature algorithm.",
            )
        })?;
        let field = |name: &str| {
            rest.split(',')
                .find_map(|p| p.trim().strip_prefix(name))
                .map(str::to_owned)
        };
        let (Some(key), Some(signed), Some(signature)) = (
            field("Credential="),
            field("SignedHeaders="),
            field("Signature="),
        ) else {
            return Err(error(
                StatusCode::BAD_REQUEST,
                "IncompleteSignature",
                "The Authorization header is incomplete.",
            ));
        };
        if key != s.key_id {
            return Err(error(
                StatusCode::NOT_FOUND,
                "InvalidAccessKeyId.NotFound",
                "Specified access key is not found.",
            ));
        }
        let names: Vec<&str> = signed.split(';').collect();
        let acs_unsigned = headers
            .keys()
            .any(|k| k.as_str().starts_with("x-acs-") && !names.contains(&k.as_str()));
        if !names.contains(&"host") || acs_unsigned {
            return Err(error(
                StatusCode::BAD_REQUEST,
                "IncompleteSignature",
                "Every x-acs-* header and host must be signed.",
            ));
        }
        if header("x-acs-content-sha256").as_deref() != Some(sha256_hex(body).as_str()) {
            return Err(error(
                StatusCode::BAD_REQUEST,
                "IncompleteSignature",
                "x-acs-content-sha256 does not match the body.",
            ));
        }
        if s.security_token.is_some() && header("x-acs-security-token") != s.security_token {
            return Err(error(
                StatusCode::BAD_REQUEST,
                "InvalidSecurityToken.Mismatch",
                "The security token is missing or wrong.",
            ));
        }
        let signed_headers: Vec<(String, String)> = names
            .iter()
            .map(|n| (n.to_string(), header(n).unwrap_or_default()))
            .collect();
        let expected = sign_v3(method, path, query, &signed_headers, body, &key, &s.secret);
        if expected.signature != signature {
            return Err(mismatch());
        }
        return header("x-acs-action").ok_or_else(|| {
            error(
                StatusCode::BAD_REQUEST,
                "MissingAction",
                "x-acs-action is required.",
            )
        });
    }
    let param = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let Some(signature) = param("Signature") else {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "MissingSignature",
            "The request is not signed.",
        ));
    };
    if param("AccessKeyId").as_deref() != Some(s.key_id.as_str()) {
        return Err(error(
            StatusCode::NOT_FOUND,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        ));
    }
    if param("SignatureMethod").as_deref() != Some("HMAC-SHA1")
        || param("SignatureVersion").as_deref() != Some("1.0")
    {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "IncompleteSignature",
            "SignatureMethod must be HMAC-SHA1, SignatureVersion 1.0.",
        ));
    }
    if s.security_token.is_some() && param("SecurityToken") != s.security_token {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "InvalidSecurityToken.Mismatch",
            "The security token is missing or wrong.",
        ));
    }
    let unsigned: Vec<(String, String)> = query
        .iter()
        .filter(|(k, _)| k != "Signature")
        .cloned()
        .collect();
    if sign_rpc(method, &unsigned, &s.secret) != signature {
        // As the service does: the message echoes the string it signed, every parameter in it
        // (the AccessKeyId and any SecurityToken among them).
        let string_to_sign = format!(
            "{method}&{}&{}",
            encode("/"),
            encode(&canonical_query(&unsigned))
        );
        return Err(error(
            StatusCode::BAD_REQUEST,
            "SignatureDoesNotMatch",
            &format!("Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"),
        ));
    }
    param("Action").ok_or_else(|| {
        error(
            StatusCode::BAD_REQUEST,
            "MissingAction",
            "Action is required.",
        )
    })
}
