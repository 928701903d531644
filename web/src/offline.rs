//! The page's side of its service worker (`web/sw.js`, written into dist/ by the build): register
//! it so that the page opens offline after one visit, and say when a newer build waits. The
//! page registers it once it has settled (`components/update_notice.rs`), not as it opens. The
//! worker takes over only when the user asks (`take_over`), and only the tab that asked reloads.

use std::cell::Cell;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
let registration = null;
let asked = false;
export function offline_register(onWaiting) {
  const sw = globalThis.navigator && navigator.serviceWorker;
  if (!sw) return;
  // A build waits behind the one serving this page (none waits on a first visit: no controller).
  const waits = () => { if (sw.controller) onWaiting(); };
  sw.addEventListener("controllerchange", () => { if (asked) location.reload(); });
  sw.register("sw.js").then((r) => {
    registration = r;
    const watch = (w) => w && w.addEventListener("statechange", () => { if (w.state === "installed") waits(); });
    if (r.waiting) waits();
    watch(r.installing);
    r.addEventListener("updatefound", () => watch(r.installing));
    // A page left open looks for a newer build when it is looked at again.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") r.update().catch(() => {});
    });
  }, (e) => console.info("credreport: this page will not open offline:", (e && e.message) || e));
}
export function offline_take_over() {
  const waiting = registration && registration.waiting;
  if (!waiting) { location.reload(); return; }
  asked = true;
  waiting.postMessage("take-over");
}
"#)]
extern "C" {
    fn offline_register(on_waiting: &Closure<dyn FnMut()>);
    fn offline_take_over();
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
