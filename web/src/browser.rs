//! The few browser APIs the app uses, behind plain functions: files, fetch, downloads, the
//! clipboard, the URL. Components call these; the logic never does.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, FileList, HtmlAnchorElement, Url};

fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

/// Milliseconds, for query deadlines and timings.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The current time as chrono's UTC.
pub fn now_utc() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(now_ms() as i64).unwrap_or_default()
}

/// Every file of a file list (picker or drop), with its name and bytes.
pub async fn read_files(files: FileList) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    for i in 0..files.length() {
        let Some(file) = files.get(i) else { continue };
        let name = file.name();
        if file.size() > crate::logic::session::MAX_UPLOAD_BYTES as f64 {
            return Err(format!(
                "{name}: the file is {:.0} MB; a credential report is far smaller (64 MB at most here) — choose the report CSV itself",
                file.size() / 1_048_576.0
            ));
        }
        let buffer = JsFuture::from(file.array_buffer())
            .await
            .map_err(|e| format!("{name}: could not be read: {}", js_text(&e)))?;
        out.push((name, Uint8Array::new(&buffer).to_vec()));
    }
    Ok(out)
}

/// Fetch a report from a URL the user gave. Errors say which failure it was and what to do.
pub async fn fetch_url(url: &str) -> Result<(String, Vec<u8>), String> {
    // Relative addresses (`?report=./report.csv`) are resolved against the page's own.
    let page = window().location().href().unwrap_or_default();
    let parsed = Url::new_with_base(url, &page).map_err(|_| {
        format!("{url:?} is not a URL; give a full address such as https://example.com/report.csv")
    })?;
    let url = &parsed.href();
    if !matches!(parsed.protocol().as_str(), "http:" | "https:") {
        return Err(format!(
            "{url}: only http and https addresses can be loaded"
        ));
    }
    let response = gloo_net::http::Request::get(url).send().await.map_err(|_| {
        format!(
            "{url}: the request failed before any answer — the server is unreachable, or it does not allow this page to read it (CORS). \
             Download the file and load it from disk instead, or serve it with an Access-Control-Allow-Origin header."
        )
    })?;
    if !response.ok() {
        let status = response.status();
        let hint = match status {
            404 => "the file is not there — check the address",
            401 | 403 => "the server refused — the link may need signing in or may have expired",
            _ => "the server answered with an error",
        };
        return Err(format!(
            "{url}: HTTP {status} {}; {hint}",
            response.status_text()
        ));
    }
    let bytes = response
        .binary()
        .await
        .map_err(|e| format!("{url}: the answer could not be read: {e}"))?;
    let name = parsed
        .pathname()
        .rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or("report")
        .to_owned();
    Ok((name, bytes))
}

fn js_text(v: &JsValue) -> String {
    v.as_string()
        .or_else(|| {
            v.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{v:?}"))
}

/// Offer `text` as a file download.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| js_text(&e))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|e| js_text(&e))?;
    let document = window().document().ok_or("no document")?;
    let a: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| js_text(&e))?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    let _ = Url::revoke_object_url(&url);
    Ok(())
}

/// Put text on the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = window().navigator().clipboard();
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|e| format!("the clipboard refused: {}", js_text(&e)))
}

/// The fragment of the page's URL, without `#`.
pub fn hash() -> String {
    window()
        .location()
        .hash()
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_owned()
}

/// A query parameter of the page's URL.
pub fn search_param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// The page's address with this fragment.
pub fn url_with_hash(fragment: &str) -> String {
    let href = window().location().href().unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    format!("{base}#{fragment}")
}

/// Make the fragment the current history entry's (a new entry, so Back returns to the last query).
pub fn push_hash(fragment: &str) {
    if hash() == fragment {
        return;
    }
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
    }
}

/// What `credreport serve` says about its proxy, when the page is served by it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct ProxyStatus {
    pub ready: bool,
    #[serde(default)]
    pub credentials: Option<String>,
    #[serde(default)]
    pub problem: Option<String>,
}

/// Ask this page's own server whether it is credreport's proxy. `None` on any other host.
pub async fn proxy_status() -> Option<ProxyStatus> {
    let response = gloo_net::http::Request::get("./api/status")
        .send()
        .await
        .ok()?;
    if !response.ok() {
        return None;
    }
    let value: serde_json::Value = response.json().await.ok()?;
    if value.get("proxy") != Some(&serde_json::Value::Bool(true)) {
        return None;
    }
    serde_json::from_value(value).ok()
}

/// Have the proxy fetch the report from Alibaba Cloud: the API's pages as JSON bytes.
pub async fn proxy_fetch() -> Result<Vec<u8>, String> {
    let response = gloo_net::http::Request::get("./api/credential-report")
        .send()
        .await
        .map_err(|e| {
            format!("The local proxy did not answer: {e}. Is `credreport serve` still running?")
        })?;
    let status = response.status();
    let bytes = response
        .binary()
        .await
        .map_err(|e| format!("The proxy's answer could not be read: {e}"))?;
    if (200..300).contains(&status) {
        return Ok(bytes);
    }
    let message = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned))
        .unwrap_or_else(|| format!("HTTP {status}"));
    Err(format!("Fetching from Alibaba Cloud failed: {message}"))
}

/// What the proxy's running fetch is doing.
pub async fn proxy_progress() -> Option<String> {
    let response = gloo_net::http::Request::get("./api/credential-report/progress")
        .send()
        .await
        .ok()?;
    let value: serde_json::Value = response.json().await.ok()?;
    value
        .get("message")
        .and_then(|m| m.as_str())
        .map(str::to_owned)
}

/// Wait without blocking the page.
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

/// Time `work` as a measure named `name` on the page's performance timeline, so a benchmark
/// driving the real page (`cargo xtask bench`) reads how long ingest and queries took.
pub fn timed<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let performance = window().performance();
    let start = format!("{name}:start");
    if let Some(p) = &performance {
        let _ = p.mark(&start);
    }
    let out = work();
    if let Some(p) = &performance {
        let _ = p.measure_with_start_mark(name, &start);
    }
    out
}

/// Mark a moment on the page's performance timeline (read by `cargo xtask bench`).
pub fn mark(name: &str) {
    if let Some(p) = window().performance() {
        if p.get_entries_by_name(name).length() == 0 {
            let _ = p.mark(name);
        }
    }
}

#[wasm_bindgen::prelude::wasm_bindgen(
    inline_js = "export function import_module(url) { return import(url); }"
)]
extern "C" {
    /// `import(url)`: an ES module, loaded when first asked for.
    fn import_module(url: &str) -> js_sys::Promise;
}

thread_local! {
    /// The translator module, once loaded and initialized.
    static TRANSLATOR: std::cell::RefCell<Option<JsValue>> = const { std::cell::RefCell::new(None) };
}

fn js_error(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| format!("{e:?}"))
}

/// Load the PostgreSQL translator (`credreport-pg.js` beside the page) the first time, then ask
/// it: its JSON answer for `sql` in `dialect`.
pub async fn translate(sql: &str, dialect: &str) -> Result<String, String> {
    let module = match TRANSLATOR.with(|t| t.borrow().clone()) {
        Some(m) => m,
        None => {
            let base = window()
                .document()
                .and_then(|d| d.base_uri().ok().flatten())
                .ok_or("the page has no base URL")?;
            let url = Url::new_with_base("credreport-pg.js", &base).map_err(js_error)?;
            mark("credreport:translator-requested");
            let module = JsFuture::from(import_module(&url.href()))
                .await
                .map_err(js_error)?;
            let init: js_sys::Function = js_sys::Reflect::get(&module, &"default".into())
                .map_err(js_error)?
                .dyn_into()
                .map_err(|_| "the translator module has no initializer".to_owned())?;
            let started = init.call0(&JsValue::NULL).map_err(js_error)?;
            JsFuture::from(js_sys::Promise::resolve(&started))
                .await
                .map_err(js_error)?;
            TRANSLATOR.with(|t| *t.borrow_mut() = Some(module.clone()));
            module
        }
    };
    let f: js_sys::Function = js_sys::Reflect::get(&module, &"translate".into())
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| "the translator module has no translate()".to_owned())?;
    f.call2(&JsValue::NULL, &sql.into(), &dialect.into())
        .map_err(js_error)?
        .as_string()
        .ok_or_else(|| "the translator gave no answer".to_owned())
}
