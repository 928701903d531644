//! The engine as the worker runs it: one session per worker, one JSON request in, one reply
//! out as bytes (`credreport_core::wire`). The page's own module is instantiated again in the worker (from the compiled
//! module the page hands over); its binary exports [`handle`] as `engine_handle` (a library's
//! exports are not kept in a binary), and `web/engine-worker.js` passes each message to it and
//! posts back what it returns.

use std::cell::RefCell;

use credreport_core::protocol::{Reply, Request};
use wasm_bindgen::prelude::*;

use crate::{File, Session};

#[wasm_bindgen]
extern "C" {
    /// The worker's clock (`performance.now()`): workers have no `window`.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// Open the session's database before the page's first request, while the page is still
/// fetching what it will load. (Loading a scratch report as well, to have the load path
/// compiled ahead, was measured: it made the first answer no sooner.)
pub fn open() {
    SESSION.with(|s| {
        let mut s = s.borrow_mut();
        if s.is_none() {
            *s = Session::new(performance_now).ok();
        }
    });
}

/// Finish the database for reading ([`Session::settle`]); the worker calls it after posting
/// each answer, and it does something only the first time.
pub fn settle() {
    SESSION.with(|s| {
        if let Some(session) = s.borrow_mut().as_mut() {
            // Should it fail, the next request that reads says so.
            let _ = session.settle();
        }
    });
}

/// Answer one request (JSON of [`Request`]), with a load's file bytes beside it and, when the
/// worker has them from the browser, their SHA-256 digests (one per file, or none); the answer
/// is [`Reply::to_wire`]'s bytes.
pub fn handle(request: &str, files: js_sys::Array, digests: js_sys::Array) -> Vec<u8> {
    // Read as bytes, as the page reads its replies and its kept list: one serde_json reader,
    // and one copy of each type's reading code, in the module.
    let reply = match serde_json::from_slice::<Request>(request.as_bytes()) {
        Ok(request) => {
            let digests: Vec<Option<[u8; 32]>> =
                digests.iter().map(|d| bytes(d).try_into().ok()).collect();
            let files: Vec<File> = files
                .iter()
                .enumerate()
                .map(|(n, f)| File {
                    bytes: bytes(f),
                    sha256: digests.get(n).copied().flatten(),
                })
                .collect();
            SESSION.with(|s| {
                let mut s = s.borrow_mut();
                if s.is_none() {
                    match Session::new(performance_now) {
                        Ok(session) => *s = Some(session),
                        Err(e) => {
                            return Reply::Failed {
                                message: format!("the database could not start: {e}"),
                            }
                        }
                    }
                }
                match s.as_mut() {
                    Some(session) => session.answer(request, files),
                    None => Reply::Failed {
                        message: "the database could not start".into(),
                    },
                }
            })
        }
        Err(e) => Reply::Failed {
            message: format!("the page and its database disagree ({e}); reload the page"),
        },
    };
    reply.to_wire()
}

/// A `Uint8Array`'s bytes, copied once, into the module (`new Uint8Array(array)` would first
/// copy them in JavaScript too: a second 22 MB held while 100,000 users load, though side by
/// side the load was no sooner without it); any other buffer's through a view of it.
fn bytes(value: JsValue) -> Vec<u8> {
    value
        .dyn_into::<js_sys::Uint8Array>()
        .unwrap_or_else(|other| js_sys::Uint8Array::new(&other))
        .to_vec()
}
