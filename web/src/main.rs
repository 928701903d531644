#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    // The same module runs in the database's worker (`credreport-engine`), which has no page.
    if web_sys::window().is_none() {
        return;
    }
    // The database's worker starts first, so it compiles and opens SQLite while the page
    // renders; should it fail, the App says why at the first load.
    let _ = credreport_web::engine::start();
    leptos::mount::mount_to_body(credreport_web::components::App);
    // `index.html` draws the header and says the page is starting until the app is here (and,
    // through `boot.js`, why it failed should the mount panic).
    credreport_web::browser::remove_id("starting");
}

/// The database worker's entry (`engine-worker.js` calls it): exported from the binary, where
/// the linker keeps it.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn engine_handle(request: &str, files: js_sys::Array, digests: js_sys::Array) -> Vec<u8> {
    credreport_engine::worker::handle(request, files, digests)
}

/// The database worker calls this after posting each answer: it finishes the database for
/// reading, the first time (`engine-worker.js`).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn engine_settle() {
    credreport_engine::worker::settle()
}

/// The database worker opens its database with this as soon as it has the module
/// (`engine-worker.js`).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn engine_open() {
    credreport_engine::worker::open()
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("credreport-web is a browser app: build it with `trunk build` (see README.md).");
}
