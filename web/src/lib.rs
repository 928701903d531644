//! The credreport browser app. `logic` is plain Rust (tested natively and in the browser);
//! `state` is the page's shared state and the actions that change it; `components` render it
//! and wire events to those actions and `logic`. The browser's APIs sit behind four modules:
//! `browser` (files, fetches, downloads, clipboard, history, the proxy), `storage` (the kept
//! reports' files), `engine` (the page's side of its database, which runs in a Web Worker,
//! `credreport-engine`) and `offline` (the service worker that keeps the app's files for use
//! with no network).

pub mod logic;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod engine;
#[cfg(target_arch = "wasm32")]
pub mod offline;
#[cfg(target_arch = "wasm32")]
pub mod state;
#[cfg(target_arch = "wasm32")]
pub mod storage;

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
