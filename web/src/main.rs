#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    // The same module runs in the database's worker (`credreport-engine`), which has no page.
    if web_sys::window().is_none() {
        return;
    }
    leptos::mount::mount_to_body(credreport_web::components::App);
}

/// The database worker's entry (`engine-worker.js` calls it): exported from the binary, where
/// the linker keeps it.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn engine_handle(request: &str, files: js_sys::Array) -> String {
    credreport_engine::worker::handle(request, files)
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("credreport-web is a browser app: build it with `trunk build` (see README.md).");
}
