//! The credreport browser app. `logic` is plain Rust (tested natively and in the browser);
//! `app` holds the Leptos components, which only render and wire events to `logic`.

pub mod logic;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod browser;

// Links SQLite's browser host functions (see Cargo.toml).
#[cfg(target_arch = "wasm32")]
use sqlite_wasm_rs as _;

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
