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

/// A file to load: its name and its bytes. The bytes stay in the browser's memory, outside the
/// page's module: the page hands a report to the database's worker (and to the device's
/// storage) as it is, instead of copying it into the module and out again; a load it keeps is
/// named by Web Crypto's SHA-256 ([`sha256`]), and read into the module for that only where the
/// page has no Web Crypto (`state::keeping`).
pub type File = (String, Uint8Array);

/// Text the page holds (the sample, pasted text) as a file to load.
pub fn text_file(name: &str, text: &str) -> File {
    (name.to_owned(), Uint8Array::from(text.as_bytes()))
}

/// Every file of a file list (picker or drop), with its name and bytes. A load larger than the
/// limit in all is refused from the files' sizes, before a byte is read.
pub async fn read_files(files: FileList) -> Result<Vec<File>, String> {
    let limit = credreport_core::protocol::MAX_UPLOAD_BYTES;
    let all: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    let total: f64 = all.iter().map(|f| f.size()).sum();
    if total > limit as f64 {
        let names: Vec<String> = all.iter().map(|f| f.name()).collect();
        return Err(format!(
            "{}: {} in all, and one load takes {} at most — a credential report is far smaller; choose the report CSV itself. Nothing was read.",
            names.join(", "),
            credreport_core::bytes_text(total as usize),
            credreport_core::bytes_text(limit)
        ));
    }
    let mut out = Vec::new();
    for file in all {
        let name = file.name();
        let buffer = JsFuture::from(file.array_buffer())
            .await
            .map_err(|e| format!("{name}: could not be read: {}", js_text(&e)))?;
        out.push((name, Uint8Array::new(&buffer)));
    }
    Ok(out)
}

/// When each file of a file list was last saved (its name, and `File.lastModified`: milliseconds
/// since 1970): a console CSV downloaded then was generated shortly before.
pub fn saved_times(files: &FileList) -> Vec<(String, i64)> {
    (0..files.length())
        .filter_map(|i| files.get(i))
        // Whole milliseconds; a time the browser cannot give (NaN) is 0, "none".
        .map(|f| (f.name(), f.last_modified() as i64))
        .collect()
}

/// The page's own origin, `http://127.0.0.1:8080`.
pub fn page_origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// A URL resolved against the page (so `?report=./report.csv` works), with the parts the
/// decision in `logic::links` reads.
pub struct Resolved {
    pub href: String,
    pub protocol: String,
    pub origin: String,
    pub host: String,
    pub path: String,
}

impl Resolved {
    pub fn target(&self) -> crate::logic::links::Target<'_> {
        crate::logic::links::Target {
            protocol: &self.protocol,
            origin: &self.origin,
            host: &self.host,
            path: &self.path,
        }
    }
}

pub fn resolve(url: &str) -> Result<Resolved, String> {
    let page = window().location().href().unwrap_or_default();
    let parsed = Url::new_with_base(url, &page).map_err(|_| {
        format!("{url:?} is not a URL; give a full address such as https://example.com/report.csv")
    })?;
    Ok(Resolved {
        href: parsed.href(),
        protocol: parsed.protocol(),
        origin: parsed.origin(),
        host: parsed.host(),
        path: parsed.pathname(),
    })
}

/// Fetch a report from a URL (resolved, and allowed by `logic::links`). Errors say which
/// failure it was and what to do. The body is read as a stream and dropped at the load limit.
pub async fn fetch_url(resolved: &Resolved) -> Result<File, String> {
    let url = &resolved.href;
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
    let bytes = read_limited(response, url).await?;
    let name = resolved
        .path
        .rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or("report")
        .to_owned();
    Ok((name, bytes))
}

/// A response's body, read chunk by chunk and stopped as soon as it passes the load limit (a
/// `Content-Length` over it is refused before anything is read).
async fn read_limited(
    response: gloo_net::http::Response,
    what: &str,
) -> Result<Uint8Array, String> {
    let limit = credreport_core::protocol::MAX_UPLOAD_BYTES;
    let too_big = |n: usize| {
        format!(
            "{what}: the answer is larger than {} ({} or more) — a credential report is far smaller; check the address. Reading stopped there; nothing was loaded.",
            credreport_core::bytes_text(limit),
            credreport_core::bytes_text(n)
        )
    };
    if let Some(n) = response
        .headers()
        .get("content-length")
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > limit)
    {
        return Err(too_big(n));
    }
    let Some(body) = response.body() else {
        return Ok(Uint8Array::new_with_length(0));
    };
    let read = JsFuture::from(read_capped(&body, limit as f64))
        .await
        .map_err(|e| format!("{what}: the answer could not be read: {}", js_text(&e)))?;
    match read.as_f64() {
        Some(n) => Err(too_big(n as usize)),
        None => Ok(read.unchecked_into()),
    }
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

/// Whether the page is out of sight (another tab shown, the window minimized).
pub fn hidden() -> bool {
    window().document().is_some_and(|d| d.hidden())
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

/// The page's element with this id, if it is there.
fn by_id(id: &str) -> Option<web_sys::Element> {
    window().document()?.get_element_by_id(id)
}

/// Move focus to the element with this id (scrolling it into view), as after an answer arrives.
pub fn focus_id(id: &str) {
    if let Some(el) = by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
        el.scroll_into_view();
    }
}

thread_local! {
    /// The button pressed last that its press may disable (a pager's Next reaching the last
    /// page), with the one beside it to take the focus then.
    static PRESSED: std::cell::RefCell<Option<(web_sys::HtmlButtonElement, web_sys::HtmlButtonElement)>> =
        const { std::cell::RefCell::new(None) };
}

/// A button was pressed (`event`) that its press may disable: if it is, `instead` (the
/// `instead`th button beside it, in their parent) takes the focus ([`keep_focus_on_pressed`]).
pub fn pressed(event: &web_sys::MouseEvent, instead: u32) {
    let button = event
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlButtonElement>().ok());
    let beside = button.as_ref().and_then(|b| {
        b.parent_element()?
            .query_selector_all("button")
            .ok()?
            .item(instead)?
            .dyn_into::<web_sys::HtmlButtonElement>()
            .ok()
    });
    PRESSED.with(|p| *p.borrow_mut() = button.zip(beside));
}

/// Once what a press changed is drawn: a pressed button now disabled would leave the keyboard's
/// focus nowhere (a browser takes it from a disabled button), so the button beside it takes it.
/// A press not yet drawn (its answer still to come) waits for a later call.
pub fn keep_focus_on_pressed() {
    let Some(document) = window().document() else {
        return;
    };
    PRESSED.with(|p| {
        let mut p = p.borrow_mut();
        let Some((button, instead)) = p.as_ref() else {
            return;
        };
        if !button.is_connected() {
            *p = None;
            return;
        }
        if !button.disabled() {
            return;
        }
        let nowhere = match document.active_element() {
            None => true,
            Some(e) => {
                AsRef::<web_sys::Element>::as_ref(button) == &e
                    || document.body().is_some_and(|b| *b == e)
            }
        };
        if nowhere && !instead.disabled() {
            let _ = instead.focus();
        }
        *p = None;
    });
}

/// Take the element with this id out of the page, if it is there.
pub fn remove_id(id: &str) {
    if let Some(el) = by_id(id) {
        el.remove();
    }
}

/// Whether the keyboard's focus is nowhere (on the page's body): the element that had it was
/// taken out of the page, as a button is once pressed replaces it with an answer.
pub fn focus_lost() -> bool {
    let Some(document) = window().document() else {
        return false;
    };
    match document.active_element() {
        None => true,
        Some(el) => document.body().is_some_and(|body| *body == el),
    }
}

/// Whether `element` has the keyboard's focus.
pub fn focused(element: &web_sys::Element) -> bool {
    window()
        .document()
        .and_then(|d| d.active_element())
        .is_some_and(|e| e == *element)
}

/// Whether the keyboard's focus is in a field the user types into (a text box, the editor): an
/// answer arriving meanwhile must not take it.
pub fn typing() -> bool {
    let Some(el) = window().document().and_then(|d| d.active_element()) else {
        return false;
    };
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        return matches!(
            input.type_().as_str(),
            "text" | "url" | "search" | "number" | "email" | "password" | "tel"
        );
    }
    el.has_type::<web_sys::HtmlTextAreaElement>()
        || el
            .dyn_ref::<web_sys::HtmlElement>()
            .is_some_and(|e| e.is_content_editable())
}

thread_local! {
    /// Keys pressed on the page since [`keys_pressed`] was first asked (`None`: not counting yet).
    static KEYS: std::cell::Cell<Option<u32>> = const { std::cell::Cell::new(None) };
}

/// How many keys were pressed on the page: compared between asking and answering, it says
/// whether the user typed meanwhile. Counting starts at the first call.
pub fn keys_pressed() -> u32 {
    if let Some(n) = KEYS.with(std::cell::Cell::get) {
        return n;
    }
    KEYS.with(|k| k.set(Some(0)));
    let count = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
        KEYS.with(|k| k.set(Some(k.get().unwrap_or(0).wrapping_add(1))));
    });
    if let Some(d) = window().document() {
        let _ = d.add_event_listener_with_callback_and_bool(
            "keydown",
            count.as_ref().unchecked_ref(),
            true,
        );
    }
    // The page's whole life.
    count.forget();
    0
}

/// Scroll the element with this id into view, leaving focus where it is.
pub fn reveal_id(id: &str) {
    if let Some(el) = by_id(id) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    }
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

pub use credreport_core::proxy::Status as ProxyStatus;
use credreport_core::proxy::{self as contract, PROXY_HEADER, PROXY_HEADER_VALUE};

/// A request to the page's own proxy: relative to the page, with the header the proxy requires.
fn proxy_request(path: &str, post: bool) -> gloo_net::http::RequestBuilder {
    let url = format!("./{path}");
    let builder = if post {
        gloo_net::http::Request::post(&url)
    } else {
        gloo_net::http::Request::get(&url)
    };
    builder.header(PROXY_HEADER, PROXY_HEADER_VALUE)
}

/// Ask this page's own server whether it is credreport's proxy. `None` on any other host.
/// The proxy's status, when `credreport serve` served this page (it marks the page so): a static
/// host has no proxy, and is not asked.
pub async fn proxy_status() -> Option<ProxyStatus> {
    let marked = window()
        .document()
        .and_then(|d| {
            d.query_selector(&format!("meta[name=\"{}\"]", contract::SERVED_META))
                .ok()
                .flatten()
        })
        .is_some();
    if !marked {
        return None;
    }
    let response = proxy_request(contract::STATUS_PATH, false)
        .send()
        .await
        .ok()?;
    if !response.ok() {
        return None;
    }
    response
        .json::<ProxyStatus>()
        .await
        .ok()
        .filter(|s| s.proxy)
}

/// Have the proxy fetch the report from Alibaba Cloud: the API's pages as JSON bytes.
pub async fn proxy_fetch() -> Result<Uint8Array, String> {
    let response = proxy_request(contract::FETCH_PATH, true)
        .send()
        .await
        .map_err(|e| {
            format!("The local proxy did not answer: {e}. Is `credreport serve` still running?")
        })?;
    let status = response.status();
    let bytes = read_limited(response, "the proxy's answer").await?;
    if (200..300).contains(&status) {
        return Ok(bytes);
    }
    let message = serde_json::from_slice::<contract::Failure>(&bytes.to_vec())
        .map(|f| f.error)
        .unwrap_or_else(|_| format!("HTTP {status}"));
    Err(format!("Fetching from Alibaba Cloud failed: {message}"))
}

/// What the proxy's running fetch is doing.
pub async fn proxy_progress() -> Option<String> {
    let response = proxy_request(contract::PROGRESS_PATH, false)
        .send()
        .await
        .ok()?;
    response
        .json::<contract::Progress>()
        .await
        .ok()
        .and_then(|p| p.message)
}

/// `event`'s element is going, the keyboard's focus with it: a button that removes its own item
/// (a saved query, a kept load, an exception) or disables itself (*Clear*), a form or a
/// question that goes once answered.
/// Once it is gone, a focus it left nowhere goes to what was beside it: the same button of the
/// next item in its list, else of the one before; else the item itself, where it stays (a
/// report's card once given its time); else the summary of its `<details>`, else its section's
/// heading. A focus the user moved meanwhile stays where it is.
pub fn keep_focus_near(event: &web_sys::Event) {
    if let Some(going) = event
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    {
        keep_focus_near_element(going);
    }
}

/// [`keep_focus_near`] for an element that is going without being pressed: *Cancel* once the
/// work it would stop is done, where it has the focus (or had, and left it nowhere).
pub fn keep_focus_near_element(going: web_sys::Element) {
    let beside = beside(&going);
    // Gone from the page, or a button there no longer (a browser takes the focus from a
    // disabled one: *Clear* once nothing is loaded).
    let gone = move || {
        !going.is_connected()
            || going
                .dyn_ref::<web_sys::HtmlButtonElement>()
                .is_some_and(|b| b.disabled())
    };
    wasm_bindgen_futures::spawn_local(async move {
        // Up to ten seconds: a kept load is taken off the device before its item goes.
        for _ in 0..200 {
            if gone() {
                break;
            }
            sleep_ms(50).await;
        }
        if !gone() || !focus_lost() {
            return;
        }
        let Some(to) = beside.into_iter().find(|e| e.is_connected()) else {
            return;
        };
        if matches!(to.tag_name().as_str(), "LI" | "H2") && !to.has_attribute("tabindex") {
            let _ = to.set_attribute("tabindex", "-1");
        }
        if let Some(to) = to.dyn_ref::<web_sys::HtmlElement>() {
            let _ = to.focus();
        }
    });
}

/// What may take the focus once `going` is gone, the nearest first ([`keep_focus_near`]).
fn beside(going: &web_sys::Element) -> Vec<web_sys::Element> {
    let buttons = |e: &web_sys::Element| -> Vec<web_sys::Element> {
        let Ok(all) = e.query_selector_all("button") else {
            return Vec::new();
        };
        (0..all.length())
            .filter_map(|i| all.item(i)?.dyn_into().ok())
            .collect()
    };
    let mut found = Vec::new();
    if let Some(item) = going.closest("li").ok().flatten() {
        let at = buttons(&item).iter().position(|b| b == going);
        let siblings = [item.next_element_sibling(), item.previous_element_sibling()];
        for sibling in siblings.into_iter().flatten() {
            if let Some(b) = at.and_then(|at| buttons(&sibling).into_iter().nth(at)) {
                found.push(b);
            }
        }
        found.push(item);
    }
    let within = |outer: &str, inner: &str| {
        going
            .closest(outer)
            .ok()
            .flatten()
            .and_then(|o| o.query_selector(inner).ok().flatten())
    };
    found.extend(within("details", ":scope > summary"));
    found.extend(within("section", "h2"));
    found
}

/// Wait without blocking the page.
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

/// Mark the start of `name` (`{name}:start`), each time: [`measure`] ends it.
pub fn start(name: &str) {
    if let Some(p) = window().performance() {
        let _ = p.mark(&format!("{name}:start"));
    }
}

/// Measure `name` on the page's performance timeline, from the latest mark `{name}:start` to
/// now (for work that awaits: the database answers from its worker).
pub fn measure(name: &str) {
    if let Some(p) = window().performance() {
        let _ = p.measure_with_start_mark(name, &format!("{name}:start"));
    }
}

/// Mark a moment on the page's performance timeline (read by `cargo xtask bench`).
pub fn mark(name: &str) {
    if let Some(p) = window().performance() {
        if p.get_entries_by_name(name).length() == 0 {
            let _ = p.mark(name);
        }
    }
}

/// In `web/page.js`, which `index.html` runs before the app.
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `import(url)`: an ES module, loaded when first asked for.
    #[wasm_bindgen(js_namespace = credreportPage)]
    fn import_module(url: &str) -> js_sys::Promise;
    /// The SHA-256 of the parts (byte arrays) one after the other, by Web Crypto; `null` where
    /// the page has none (served over plain HTTP from another machine).
    #[wasm_bindgen(js_namespace = credreportPage, js_name = sha256)]
    fn sha256_js(parts: &js_sys::Array) -> js_sys::Promise;
    /// A stream's bytes in one array; the number of bytes read instead, once they pass `limit`
    /// (the rest is not read).
    #[wasm_bindgen(js_namespace = credreportPage)]
    fn read_capped(body: &web_sys::ReadableStream, limit: f64) -> js_sys::Promise;
}

#[cfg(test)]
#[wasm_bindgen::prelude::wasm_bindgen(module = "/page.js")]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_name = default)]
    static PAGE_JS: wasm_bindgen::JsValue;
}

/// Run `web/page.js`, as `index.html` does before the app: a unit test's page has none, and
/// without it, what this module, `storage` and `offline` call is not defined.
#[cfg(test)]
pub(crate) fn run_page_js() {
    PAGE_JS.with(|_| ());
}

thread_local! {
    /// The translator module, once loaded and initialized.
    static TRANSLATOR: std::cell::RefCell<Option<JsValue>> = const { std::cell::RefCell::new(None) };
}

/// The SHA-256 of `parts` (byte arrays, one after the other) by the browser's Web Crypto, off the
/// module; `None` where the page has no Web Crypto or it failed.
pub async fn sha256(parts: &Array) -> Option<[u8; 32]> {
    let digest = JsFuture::from(sha256_js(parts)).await.ok()?;
    digest
        .dyn_into::<Uint8Array>()
        .ok()?
        .to_vec()
        .try_into()
        .ok()
}

/// The file of this build that the page names by `<meta name="credreport-WHAT">`: the build
/// names its files by their content (`crates/xtask/src/names.rs`), so that a browser never runs
/// one build's page with another's file.
pub(crate) fn named_in_page(document: &web_sys::Document, what: &str) -> Option<String> {
    document
        .query_selector(&format!("meta[name=credreport-{what}]"))
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
}

/// Whether the server says a file of the page's is not there (404 or 410), as after a new
/// version of the site replaced this one's files; not when it cannot be asked (offline).
async fn gone(href: &str) -> bool {
    gloo_net::http::RequestBuilder::new(href)
        .method(gloo_net::http::Method::HEAD)
        .cache(web_sys::RequestCache::NoStore)
        .send()
        .await
        .is_ok_and(|r| matches!(r.status(), 404 | 410))
}

/// What a JavaScript error says: its message, else its text.
pub(crate) fn js_error(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| format!("{e:?}"))
}

/// Load the PostgreSQL translator the first time, then ask it: its JSON answer for `sql` in
/// `dialect`. The translator is the module beside the page that the page's
/// `<meta name="credreport-translator">` names: this build's, by its content's hash.
pub async fn translate(sql: &str, dialect: &str) -> Result<String, String> {
    let module = match TRANSLATOR.with(|t| t.borrow().clone()) {
        Some(m) => m,
        None => {
            let document = window().document().ok_or("the page has no document")?;
            let base = document
                .base_uri()
                .ok()
                .flatten()
                .ok_or("the page has no base URL")?;
            let file = named_in_page(&document, "translator")
                .ok_or_else(crate::logic::dialect::translator_unnamed)?;
            let url = Url::new_with_base(&file, &base).map_err(js_error)?;
            mark("credreport:translator-requested");
            let module = match JsFuture::from(import_module(&url.href())).await {
                Ok(module) => module,
                Err(e) if gone(&url.href()).await => {
                    crate::offline::look_for_update();
                    return Err(crate::logic::dialect::translator_gone(&js_error(e)));
                }
                Err(e) => return Err(crate::logic::dialect::translator_not_loaded(&js_error(e))),
            };
            let init: js_sys::Function = js_sys::Reflect::get(&module, &"default".into())
                .map_err(js_error)?
                .dyn_into()
                .map_err(|_| "the translator module has no initializer".to_owned())?;
            let started = init.call0(&JsValue::NULL).map_err(js_error)?;
            JsFuture::from(js_sys::Promise::resolve(&started))
                .await
                .map_err(js_error)?;
            TRANSLATOR.with(|t| *t.borrow_mut() = Some(module.clone()));
            crate::offline::translator_loaded();
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
