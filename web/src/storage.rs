//! The browser's storage for kept reports: files in this origin's private file system (OPFS),
//! under one folder, `credreport/`. Only `state/keeping.rs` calls this, and only when the user
//! turned keeping on; what the files hold is decided in `logic::keep`.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// In `web/page.js`, which `index.html` runs before the app.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = credreportPage, catch)]
    fn storage_available() -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = credreportPage, catch)]
    fn storage_put(name: &str, bytes: &js_sys::Uint8Array) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = credreportPage, catch)]
    fn storage_get(name: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = credreportPage, catch)]
    fn storage_remove(name: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = credreportPage, catch)]
    fn storage_forget_all() -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = credreportPage, catch)]
    fn storage_persist() -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = credreportPage, catch)]
    fn storage_turn() -> Result<js_sys::Promise, JsValue>;
}

/// This tab's turn among every tab of the page to change what the device keeps, until it is
/// dropped: a change that reads the list of kept loads and writes it back must not run beside
/// another tab's, which would write its own reading over it. Where the browser has no Web
/// Locks, every tab's changes run as they come.
pub struct Turn(Option<js_sys::Function>);

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some(end) = self.0.take() {
            let _ = end.call0(&JsValue::NULL);
        }
    }
}

/// Waits for this tab's [`Turn`].
pub async fn turn() -> Turn {
    let end = settle(storage_turn()).await.ok();
    Turn(end.and_then(|f| f.dyn_into::<js_sys::Function>().ok()))
}

/// What the browser said, for the user: a full quota is named as such.
fn said(e: JsValue) -> String {
    let name = js_sys::Reflect::get(&e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    let message = js_sys::Reflect::get(&e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"));
    if name == "QuotaExceededError" {
        format!("the browser's storage for this page is full ({message}); remove kept reports or forget everything to make room")
    } else {
        message
    }
}

async fn settle(p: Result<js_sys::Promise, JsValue>) -> Result<JsValue, String> {
    JsFuture::from(p.map_err(said)?).await.map_err(said)
}

/// Whether this page can keep files here; why not, when it cannot.
pub async fn available() -> Result<(), String> {
    settle(storage_available()).await.map(drop)
}

/// Write `bytes` as the file `name`, whole or not at all.
pub async fn put(name: &str, bytes: &js_sys::Uint8Array) -> Result<(), String> {
    settle(storage_put(name, bytes)).await.map(drop)
}

/// The file `name`, if there is one: the array `storage_get` read it into, not a copy of it
/// (`new Uint8Array(array)` copies).
pub async fn get(name: &str) -> Result<Option<js_sys::Uint8Array>, String> {
    begin_get(name).await
}

/// [`get`], the browser reading from now on, while the caller awaits something else.
pub fn begin_get(
    name: &str,
) -> impl std::future::Future<Output = Result<Option<js_sys::Uint8Array>, String>> {
    let reading = storage_get(name);
    async move {
        let v = settle(reading).await?;
        Ok((!v.is_null()).then(|| v.unchecked_into()))
    }
}

pub async fn remove(name: &str) -> Result<(), String> {
    settle(storage_remove(name)).await.map(drop)
}

/// Remove everything this page stored in the browser's file system.
pub async fn forget_all() -> Result<(), String> {
    settle(storage_forget_all()).await.map(drop)
}

/// Ask the browser not to evict what is kept; whether it agreed.
pub async fn persist() -> bool {
    settle(storage_persist())
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}
