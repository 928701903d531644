//! The page's side of its service worker (`web/sw.js`, written into dist/ by the build): register
//! it so that the page opens offline after one visit, and say when a newer build waits. The
//! page registers it once it has settled (`components/update_notice.rs`), not as it opens. The
//! worker takes over only when the user asks (`take_over`), and only the tab that asked reloads.

use std::cell::Cell;

use wasm_bindgen::prelude::*;

/// In `web/page.js`, which `index.html` runs before the app.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = credreportPage)]
    fn offline_register(on_waiting: &Closure<dyn FnMut()>);
    #[wasm_bindgen(js_namespace = credreportPage)]
    fn offline_take_over();
    #[wasm_bindgen(js_namespace = credreportPage)]
    fn offline_keep_later();
    #[wasm_bindgen(js_namespace = credreportPage)]
    fn offline_look_for_update();
}

thread_local! {
    static STARTED: Cell<bool> = const { Cell::new(false) };
}

/// Registers the service worker, once; `on_waiting` runs when a newer build is installed and
/// waits. Where the browser has no service workers (or the page is not served over HTTPS or
/// from localhost), the page works as before, online only.
pub fn start(on_waiting: impl FnMut() + 'static) {
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    let callback = Closure::<dyn FnMut()>::new(on_waiting);
    offline_register(&callback);
    // Called for as long as the page lives.
    callback.forget();
}

/// Whether [`start`] has run.
pub fn started() -> bool {
    STARTED.with(Cell::get)
}

/// Lets the waiting build take over; the page reloads when it has.
pub fn take_over() {
    offline_take_over();
}

/// The page has loaded the PostgreSQL translator: its service worker keeps the translator's
/// files for offline use, now or once it is active, even when the page loaded them before the
/// worker controlled it (a share link's PostgreSQL query on a first visit), when no request of
/// them passed through the worker.
pub fn translator_loaded() {
    offline_keep_later();
}

/// A file of the page's build is no longer on its server (the site has a new version): the
/// page looks for the new build now, so that its offer to reload shows at once rather than when
/// the page is next looked at.
pub fn look_for_update() {
    offline_look_for_update();
}
