//! `credreport serve`: the built web app and the signing proxy, on loopback.
//!
//! - `GET /` and the app's files from `dist/`.
//! - `GET /api/status`: whether the proxy can fetch (and if not, what is missing).
//! - `POST /api/credential-report`: fetch the report from Alibaba Cloud (generate, wait, every
//!   page, the account) and return the API's pages as JSON, which the page loads like a file. One
//!   fetch at a time: a second request while one runs gets 409.
//! - `GET /api/credential-report/progress`: what the running fetch is doing.
//!
//! Rules: a request whose `Host` is not this server's address is refused (DNS rebinding). Every
//! API request must carry the `X-Credreport-Client` header (`credreport_core::proxy`), which no
//! other site's page can send without a CORS preflight, and preflights are answered only for
//! `--allow-origin` origins; a request the browser marks as coming from another site
//! (`Sec-Fetch-Site`) or naming another `Origin` is refused unless that origin was allowed; the
//! fetch, which spends the user's credentials, is a POST. Secrets are never returned or logged.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::Method;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use credreport_api::Credentials;
use credreport_core::proxy::{self, Failure, Status, PROXY_HEADER, PROXY_HEADER_VALUE};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::cloud::{describe, CloudArgs};

pub struct Options {
    pub addr: SocketAddr,
    pub dir: PathBuf,
    pub open_sample: bool,
    pub allow_origin: Vec<String>,
    pub allow_host: Vec<String>,
    pub cloud: CloudArgs,
}

#[derive(Clone)]
struct App {
    /// `Host` values this server answers to.
    hosts: Arc<Vec<String>>,
    /// Origins whose pages may call the API: this server's own, and `--allow-origin`.
    origins: Arc<Vec<String>>,
    /// The `--allow-origin` ones alone: pages on another site the user allowed.
    allowed_elsewhere: Arc<Vec<String>>,
    cloud: Arc<CloudArgs>,
    credentials: Arc<Result<Credentials, String>>,
    /// The app's directory: its `index.html` is served marked as served here.
    dir: Arc<PathBuf>,
    /// Held while a fetch runs.
    running: Arc<tokio::sync::Mutex<()>>,
    progress: Arc<Mutex<Option<String>>>,
}

pub fn serve(o: Options) -> Result<(), String> {
    if !o.dir.join("index.html").is_file() {
        return Err(format!("{}: no built web app here (no index.html); build it with `cargo xtask build-web`, or give --dir", o.dir.display()));
    }
    for origin in &o.allow_origin {
        if origin == "*"
            || origin.ends_with('/')
            || !(origin.starts_with("http://") || origin.starts_with("https://"))
        {
            return Err(format!("--allow-origin {origin:?}: give one origin such as https://intranet.example:8443 (scheme, host and port; no path, no wildcard)"));
        }
    }
    for host in &o.allow_host {
        if host.is_empty() || host.contains(['/', '*', ' ', '@']) {
            return Err(format!("--allow-host {host:?}: give a host name or address other machines use to reach this one, such as reports.intranet or 192.168.1.20 (a port is optional; no wildcard)"));
        }
    }
    // Bound to every interface, the server cannot know which names reach it; a Host check that
    // knew only `0.0.0.0` would refuse every real request, and one that accepted any would give
    // up the DNS-rebinding protection. So the user names them.
    if o.addr.ip().is_unspecified() && o.allow_host.is_empty() {
        return Err(format!("--addr {}: listening on every interface needs the names other machines will use to reach this one: add --allow-host NAME for each (this machine's address or host name, e.g. --allow-host 192.168.1.20); requests naming any other host are refused, against DNS rebinding", o.addr));
    }
    if !o.addr.ip().is_loopback() {
        crate::warning(format!("listening on {}, which is not loopback: other machines can reach this server and its proxy", o.addr));
    }
    let credentials = o.cloud.credentials().map_err(|e| e.to_string());
    match &credentials {
        Ok(c) => crate::note(format!(
            "the proxy will sign with {} ({})",
            c.access_key_id, c.source
        )),
        Err(e) => crate::warning(format!("the proxy cannot fetch: {e}")),
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(o.addr).await.map_err(|e| format!("cannot listen on {}: {e}", o.addr))?;
        let bound = listener.local_addr().map_err(|e| e.to_string())?;
        let port = bound.port();
        let mut hosts = vec![bound.to_string(), format!("localhost:{port}")];
        if bound.ip().is_loopback() || bound.ip().is_unspecified() {
            hosts.extend([format!("127.0.0.1:{port}"), format!("[::1]:{port}")]);
        }
        hosts.extend(o.allow_host.iter().map(|h| with_port(h, port)));
        let mut origins: Vec<String> = hosts.iter().map(|h| format!("http://{h}")).collect();
        origins.extend(o.allow_origin.iter().cloned());
        let app = App {
            hosts: Arc::new(hosts),
            origins: Arc::new(origins),
            allowed_elsewhere: Arc::new(o.allow_origin.clone()),
            cloud: Arc::new(o.cloud),
            credentials: Arc::new(credentials),
            dir: Arc::new(o.dir.clone()),
            running: Arc::default(),
            progress: Arc::default(),
        };
        let api = Router::new()
            .route(&format!("/{}", proxy::STATUS_PATH), get(status))
            .route(&format!("/{}", proxy::FETCH_PATH), post(fetch))
            .route(&format!("/{}", proxy::PROGRESS_PATH), get(progress))
            .layer(middleware::from_fn_with_state(app.clone(), check_origin));
        let router = api
            .route("/", get(index))
            .route("/index.html", get(index))
            .fallback_service(ServeDir::new(&o.dir).precompressed_gzip())
            .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
            .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
            .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
            // What is not gzipped already (a report from `--dir`, the API's answers) is gzipped
            // as it is sent, at the fastest level: the page waits for the compressing, while
            // the bytes cross a loopback. A 100,000-user CSV (22 MB) takes 0.14 s at level 1
            // against 0.43 s at the default level 6, for 4.3 MB sent instead of 3.2.
            .layer(
                tower_http::compression::CompressionLayer::new()
                    .quality(tower_http::CompressionLevel::Fastest),
            )
            .layer(middleware::from_fn_with_state(app.clone(), check_host))
            .with_state(app);
        println!("credreport: serving {} at http://{bound}/ (Ctrl+C stops)", o.dir.display());
        if o.open_sample {
            println!("credreport: open http://{bound}/?sample in a browser to start on the built-in sample report");
        }
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| e.to_string())
    })
}

/// `host` as a `Host` header names it: with `:port` unless it has one.
fn with_port(host: &str, port: u16) -> String {
    let has_port = match host.rsplit_once(':') {
        // `[::1]:8080` has one; a bare IPv6 address (`::1`) has colons but no port.
        Some((before, digits)) => {
            digits.bytes().all(|b| b.is_ascii_digit())
                && !digits.is_empty()
                && (!before.contains(':') || before.ends_with(']'))
        }
        None => false,
    };
    match (has_port, host.contains(':') && !host.starts_with('[')) {
        (true, _) => host.to_owned(),
        (false, true) => format!("[{host}]:{port}"),
        (false, false) => format!("{host}:{port}"),
    }
}

async fn check_host(State(app): State<App>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if app.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        next.run(request).await
    } else {
        (
            StatusCode::MISDIRECTED_REQUEST,
            format!(
                "credreport serves {} only, not {host:?}\n",
                app.hosts.join(", ")
            ),
        )
            .into_response()
    }
}

/// The API answers only requests no other site's page can forge (see the module's rules), and
/// adds `Access-Control-Allow-Origin` for the allowed origin that asked; never a wildcard.
async fn check_origin(State(app): State<App>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let value = |name: &str| {
        headers
            .get(name)
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned)
    };
    let origin = value(header::ORIGIN.as_str());
    let listed = |list: &[String], o: &str| list.iter().any(|a| a.eq_ignore_ascii_case(o));
    let refuse = |why: String| {
        json(
            StatusCode::FORBIDDEN,
            &Failure {
                error: format!("credreport's proxy refused this request: {why}"),
            },
        )
    };
    if let Some(o) = origin.as_deref().filter(|o| !listed(&app.origins, o)) {
        return refuse(format!("it comes from a page at {o}; start `credreport serve` with --allow-origin {o} to allow that origin"));
    }
    // Another site's page, as the browser says: only the origins the user allowed.
    let site = value("sec-fetch-site");
    if let Some(s) = site
        .as_deref()
        .filter(|s| !matches!(*s, "same-origin" | "none"))
    {
        if !origin
            .as_deref()
            .is_some_and(|o| listed(&app.allowed_elsewhere, o))
        {
            return refuse(format!(
                "the browser says it comes from another site (Sec-Fetch-Site: {s})"
            ));
        }
    }
    let allow = |mut response: Response| {
        if let Some(v) = origin
            .as_deref()
            .and_then(|o| HeaderValue::from_str(o).ok())
        {
            let h = response.headers_mut();
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
            h.insert(header::VARY, HeaderValue::from_static("Origin"));
        }
        response
    };
    if request.method() == Method::OPTIONS {
        // A CORS preflight, from an allowed origin (any other was refused above).
        if origin.is_none() {
            return refuse("a preflight without Origin".into());
        }
        let mut r = allow(StatusCode::NO_CONTENT.into_response());
        let h = r.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(PROXY_HEADER),
        );
        return r;
    }
    if value(PROXY_HEADER).as_deref() != Some(PROXY_HEADER_VALUE) {
        return refuse(format!("it lacks the {PROXY_HEADER} header that credreport's own page sends (an image, a script, a form or a link on another page cannot send it)"));
    }
    allow(next.run(request).await)
}

fn json(status: StatusCode, value: &impl serde::Serialize) -> Response {
    let body = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The app's page, marked so that it knows a proxy is here to ask (a static host has none).
async fn index(State(app): State<App>) -> Response {
    match tokio::fs::read_to_string(app.dir.join("index.html")).await {
        Ok(html) => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            proxy::mark_served(&html),
        )
            .into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot read index.html: {e}"),
        )
            .into_response(),
    }
}

async fn status(State(app): State<App>) -> Response {
    let status = match app.credentials.as_ref() {
        Ok(c) => Status {
            proxy: true,
            ready: true,
            credentials: Some(c.source.clone()),
            access_key_id: Some(c.access_key_id.clone()),
            problem: None,
        },
        Err(e) => Status {
            proxy: true,
            ready: false,
            credentials: None,
            access_key_id: None,
            problem: Some(e.clone()),
        },
    };
    json(StatusCode::OK, &status)
}

async fn progress(State(app): State<App>) -> Response {
    let now = app.progress.lock().map(|p| p.clone()).unwrap_or(None);
    json(
        StatusCode::OK,
        &proxy::Progress {
            running: now.is_some(),
            message: now,
        },
    )
}

fn failure(status: StatusCode, error: String) -> Response {
    json(status, &Failure { error })
}

async fn fetch(State(app): State<App>) -> Response {
    let credentials = match app.credentials.as_ref() {
        Ok(c) => c.clone(),
        Err(e) => {
            return failure(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("The proxy has no Alibaba Cloud credentials: {e}"),
            )
        }
    };
    let Ok(_guard) = app.running.try_lock() else {
        return failure(
            StatusCode::CONFLICT,
            "A fetch is already running; wait for it to finish.".into(),
        );
    };
    let client = match app.cloud.client(credentials) {
        Ok(c) => c,
        Err(e) => return failure(StatusCode::BAD_GATEWAY, e.to_string()),
    };
    set_progress(
        &app,
        Some("Asking Alibaba Cloud for the credential report…".into()),
    );
    let sink = app.progress.clone();
    let result = client
        .fetch(&move |p| {
            if let Ok(mut s) = sink.lock() {
                *s = Some(describe(&p));
            }
        })
        .await;
    set_progress(&app, None);
    match result {
        Ok(fetched) => {
            let mut r = (StatusCode::OK, fetched.to_json()).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Err(e) => {
            crate::warning(format!("fetch failed: {e}"));
            failure(StatusCode::BAD_GATEWAY, e.to_string())
        }
    }
}

fn set_progress(app: &App, message: Option<String>) {
    if let Ok(mut p) = app.progress.lock() {
        *p = message;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_allowed_host_gets_the_port_when_it_has_none() {
        assert_eq!(
            super::with_port("reports.intranet", 8080),
            "reports.intranet:8080"
        );
        assert_eq!(
            super::with_port("192.168.1.20:9000", 8080),
            "192.168.1.20:9000"
        );
        assert_eq!(super::with_port("fe80::1", 8080), "[fe80::1]:8080");
        assert_eq!(super::with_port("[fe80::1]:9000", 8080), "[fe80::1]:9000");
    }
}
