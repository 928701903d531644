//! `credreport serve`: the built web app and the signing proxy, on loopback.
//!
//! - `GET /` and the app's files from `dist/`.
//! - `GET /api/status`: whether the proxy can fetch (and if not, what is missing).
//! - `GET /api/credential-report`: fetch the report from Alibaba Cloud (generate, wait, every page,
//!   the account) and return the API's pages as JSON, which the page loads like a file. One fetch at
//!   a time: a second request while one runs gets 409.
//! - `GET /api/credential-report/progress`: what the running fetch is doing.
//!
//! Rules: a request whose `Host` is not this server's address is refused (DNS rebinding); the API
//! answers only this server's own origin and the `--allow-origin` ones (no wildcard); secrets are
//! never returned or logged.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use credreport_api::Credentials;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::cloud::{describe, CloudArgs};

pub struct Options {
    pub addr: SocketAddr,
    pub dir: PathBuf,
    pub open_sample: bool,
    pub allow_origin: Vec<String>,
    pub cloud: CloudArgs,
}

#[derive(Clone)]
struct App {
    /// `Host` values this server answers to.
    hosts: Arc<Vec<String>>,
    /// Origins whose pages may call the API: this server's own, and `--allow-origin`.
    origins: Arc<Vec<String>>,
    cloud: Arc<CloudArgs>,
    credentials: Arc<Result<Credentials, String>>,
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
    if !o.addr.ip().is_loopback() {
        eprintln!("credreport: warning: listening on {}, which is not loopback: other machines can reach this server and its proxy", o.addr);
    }
    let credentials = o.cloud.credentials().map_err(|e| e.to_string());
    match &credentials {
        Ok(c) => eprintln!(
            "credreport: the proxy will sign with {} ({})",
            c.access_key_id, c.source
        ),
        Err(e) => eprintln!("credreport: the proxy cannot fetch: {e}"),
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
        if bound.ip().is_loopback() {
            hosts.extend([format!("127.0.0.1:{port}"), format!("[::1]:{port}")]);
        }
        let mut origins: Vec<String> = hosts.iter().map(|h| format!("http://{h}")).collect();
        origins.extend(o.allow_origin.iter().cloned());
        let app = App {
            hosts: Arc::new(hosts),
            origins: Arc::new(origins),
            cloud: Arc::new(o.cloud),
            credentials: Arc::new(credentials),
            running: Arc::default(),
            progress: Arc::default(),
        };
        let api = Router::new()
            .route("/api/status", get(status))
            .route("/api/credential-report", get(fetch))
            .route("/api/credential-report/progress", get(progress))
            .layer(middleware::from_fn_with_state(app.clone(), check_origin));
        let router = api
            .fallback_service(ServeDir::new(&o.dir))
            .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
            .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
            .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
                        .layer(tower_http::compression::CompressionLayer::new())
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

/// The API answers its own origin and the allowed ones; a request without `Origin` (a same-origin
/// GET, curl) is answered; any other origin is refused, and no wildcard is ever sent.
async fn check_origin(State(app): State<App>, request: Request, next: Next) -> Response {
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned);
    match origin {
        None => next.run(request).await,
        Some(o) if app.origins.iter().any(|a| a.eq_ignore_ascii_case(&o)) => {
            let mut response = next.run(request).await;
            if let Ok(v) = HeaderValue::from_str(&o) {
                response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
                response.headers_mut().insert(header::VARY, HeaderValue::from_static("Origin"));
            }
            response
        }
        Some(o) => (StatusCode::FORBIDDEN, format!("credreport's proxy does not answer pages from {o}; start it with --allow-origin {o} to allow that origin\n")).into_response(),
    }
}

fn json(status: StatusCode, value: serde_json::Value) -> Response {
    let mut r = (status, value.to_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn status(State(app): State<App>) -> Response {
    match app.credentials.as_ref() {
        Ok(c) => json(
            StatusCode::OK,
            serde_json::json!({"proxy": true, "ready": true, "credentials": c.source, "access_key_id": c.access_key_id}),
        ),
        Err(e) => json(
            StatusCode::OK,
            serde_json::json!({"proxy": true, "ready": false, "problem": e}),
        ),
    }
}

async fn progress(State(app): State<App>) -> Response {
    let now = app.progress.lock().map(|p| p.clone()).unwrap_or(None);
    json(
        StatusCode::OK,
        serde_json::json!({"running": now.is_some(), "message": now}),
    )
}

async fn fetch(State(app): State<App>) -> Response {
    let credentials = match app.credentials.as_ref() {
        Ok(c) => c.clone(),
        Err(e) => {
            return json(
                StatusCode::SERVICE_UNAVAILABLE,
                serde_json::json!({"error": format!("The proxy has no Alibaba Cloud credentials: {e}")}),
            )
        }
    };
    let Ok(_guard) = app.running.try_lock() else {
        return json(
            StatusCode::CONFLICT,
            serde_json::json!({"error": "A fetch is already running; wait for it to finish."}),
        );
    };
    let client = match app.cloud.client(credentials) {
        Ok(c) => c,
        Err(e) => {
            return json(
                StatusCode::BAD_GATEWAY,
                serde_json::json!({"error": e.to_string()}),
            )
        }
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
            eprintln!("credreport: fetch failed: {e}");
            json(
                StatusCode::BAD_GATEWAY,
                serde_json::json!({"error": e.to_string()}),
            )
        }
    }
}

fn set_progress(app: &App, message: Option<String>) {
    if let Ok(mut p) = app.progress.lock() {
        *p = message;
    }
}
