//! `credreport serve`: the built web app over HTTP on loopback, so the README's run command (and
//! the end-to-end tests) need nothing but this binary. Rejects requests whose `Host` is not this
//! server's own (DNS rebinding) and sends the page's security headers.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The hosts a browser may name when it talks to this server.
#[derive(Clone)]
struct Hosts(Vec<String>);

pub fn serve(addr: SocketAddr, dir: PathBuf, open_sample: bool) -> Result<(), String> {
    if !dir.join("index.html").is_file() {
        return Err(format!(
            "{}: no built web app here (no index.html); build it with `cargo xtask build-web`, or give --dir",
            dir.display()
        ));
    }
    if !addr.ip().is_loopback() {
        eprintln!("credreport: warning: listening on {addr}, which is not loopback: other machines can reach this server");
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let bound = listener.local_addr().map_err(|e| e.to_string())?;
        let port = bound.port();
        let mut hosts = vec![bound.to_string(), format!("localhost:{port}")];
        if bound.ip().is_loopback() {
            hosts.extend([format!("127.0.0.1:{port}"), format!("[::1]:{port}")]);
        }
        let app = Router::new()
            .fallback_service(ServeDir::new(&dir))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_FRAME_OPTIONS,
                HeaderValue::from_static("DENY"),
            ))
            .layer(middleware::from_fn_with_state(Hosts(hosts), check_host));
        println!("credreport: serving {} at http://{bound}/ (Ctrl+C stops)", dir.display());
        if open_sample {
            println!("credreport: open http://{bound}/?sample in a browser to start on the built-in sample report");
        }
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| e.to_string())
    })
}

async fn check_host(State(hosts): State<Hosts>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if hosts.0.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        next.run(request).await
    } else {
        (
            StatusCode::MISDIRECTED_REQUEST,
            format!(
                "credreport serves {} only, not {host:?}\n",
                hosts.0.join(", ")
            ),
        )
            .into_response()
    }
}
