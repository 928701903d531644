//! The page's side of its database: SQLite runs in a Web Worker (`web/engine-worker.js`, named
//! in `dist/` by its content, running `credreport-engine`), never on the page's main thread, so
//! the page paints and answers while a query or a load runs, and [`cancel`] stops one at once.
//! The worker runs this same module, handed over compiled (`wasm_bindgen::module()`): nothing
//! more to download or compile.
//!
//! Cancel ends the worker: nothing short of that stops SQLite mid-step. A new worker starts at
//! once and is given again, in order, every request that changed what is loaded (the loads'
//! bytes are kept here for that), so after Cancel the same reports are loaded and nothing else
//! changed.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use credreport_core::known::KnownChanges;
use credreport_core::protocol::{Reply, Request};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::browser::js_error;
use web_sys::{MessageEvent, Url, Worker, WorkerOptions, WorkerType};

/// Why a request has no answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Stopped {
    /// The user pressed Cancel.
    Cancelled,
    /// The worker could not start, or failed; the message says so.
    Broken(String),
}

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stopped::Cancelled => f.write_str("cancelled"),
            Stopped::Broken(why) => f.write_str(why),
        }
    }
}

/// How a request ended.
enum Settled {
    /// The worker's reply, as bytes (`credreport_core::wire`).
    Reply(Vec<u8>),
    Stopped(Stopped),
}

struct Running {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static RUNNING: RefCell<Option<Running>> = const { RefCell::new(None) };
    /// Each request's resolver, by id, until its answer comes.
    static PENDING: RefCell<BTreeMap<u32, js_sys::Function>> = const { RefCell::new(BTreeMap::new()) };
    /// Each answer that came, by id, until its request takes it.
    static SETTLED: RefCell<BTreeMap<u32, Settled>> = const { RefCell::new(BTreeMap::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    /// Every request that changed what is loaded since the last clear, with its files: what a
    /// new worker is given to be where the old one was.
    static LOADED: RefCell<Vec<(Request, Vec<js_sys::Uint8Array>)>> = const { RefCell::new(Vec::new()) };
    /// What is given the pairs' changes a query compared ([`keep_compared_with`]).
    static KEEP_COMPARED: RefCell<Option<KeepCompared>> = const { RefCell::new(None) };
}

type KeepCompared = Rc<dyn Fn(Vec<KnownChanges>)>;

/// Give `keep` the pairs' changes each query that read the changes table compared
/// (`Ran::compared`), whichever view asked it and whether or not its answer is still shown:
/// the worker gives each pair back once.
pub fn keep_compared_with(keep: impl Fn(Vec<KnownChanges>) + 'static) {
    KEEP_COMPARED.with(|k| *k.borrow_mut() = Some(Rc::new(keep)));
}

/// Start the worker now (`main` calls this before the App mounts), so SQLite is ready by the
/// first request.
/// Says why when it cannot start.
pub fn start() -> Result<(), String> {
    if RUNNING.with(|r| r.borrow().is_some()) {
        return Ok(());
    }
    let running = spawn().map_err(|why| could_not_run(&why))?;
    RUNNING.with(|r| *r.borrow_mut() = Some(running));
    // A new worker is told again what the last one had loaded; its answers are not awaited
    // (no resolver has their ids), and requests after them wait their turn.
    LOADED.with(|l| {
        for (request, files) in l.borrow().iter() {
            if let Ok(json) = serde_json::to_string(request) {
                let _ = post(next_id(), &json, files);
            }
        }
    });
    Ok(())
}

/// Why the database is not there, for the user.
fn could_not_run(why: &str) -> String {
    format!("the database worker could not run ({why}); reload the page")
}

/// The URL of the page's JS glue (`credreport-web-<hash>.js`), which Trunk names in a
/// `modulepreload` link: the worker imports it to instantiate the module.
fn glue_url(document: &web_sys::Document, base: &str) -> Option<String> {
    let links = document
        .query_selector_all("link[rel=modulepreload]")
        .ok()?;
    (0..links.length())
        .filter_map(|i| links.item(i)?.dyn_into::<web_sys::Element>().ok())
        .filter_map(|l| l.get_attribute("href"))
        .find(|href| href.contains("credreport-web") && !href.contains("snippets/"))
        .and_then(|href| Url::new_with_base(&href, base).ok())
        .map(|u| u.href())
}

fn spawn() -> Result<Running, String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("the page has no document")?;
    let base = document
        .base_uri()
        .ok()
        .flatten()
        .ok_or("the page has no base URL")?;
    let glue = glue_url(&document, &base).ok_or("the page's module is not named in the page")?;
    // The unit tests' page names none (and serves none: the page says it could not start).
    let script = crate::browser::named_in_page(&document, "engine-worker")
        .unwrap_or_else(|| "engine-worker.js".into());
    let url = Url::new_with_base(&script, &base).map_err(js_error)?;
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(&url.href(), &options).map_err(js_error)?;
    let start = js_sys::Array::of3(&"start".into(), &wasm_bindgen::module(), &glue.into());
    worker.post_message(&start).map_err(js_error)?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // A script that fails to load fires a plain `Event`; an error inside it an `ErrorEvent`.
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| {
        let message = js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "the database's worker or the module it runs did not load".into());
        settle_all(|| Stopped::Broken(could_not_run(&message)));
        // Not from inside this handler: ending the worker drops the handler.
        wasm_bindgen_futures::spawn_local(async { stop_worker() });
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Running {
        worker,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// An answer: `[id, reply bytes]`, or `[id, null, why]` when the engine itself failed.
fn on_message(event: MessageEvent) {
    let data = js_sys::Array::from(&event.data());
    let id = data.get(0).as_f64().unwrap_or(0.0) as u32;
    let settled = match data.get(1).dyn_into::<js_sys::Uint8Array>() {
        Ok(reply) => Settled::Reply(reply.to_vec()),
        Err(_) => {
            let why = data.get(2).as_string().unwrap_or_default();
            // After a trap the engine's memory is not to be trusted: start afresh (not from
            // inside this handler: ending the worker drops the handler).
            wasm_bindgen_futures::spawn_local(async { restart() });
            Settled::Stopped(Stopped::Broken(format!(
                "the database failed ({why}); what was loaded is loaded again"
            )))
        }
    };
    settle(id, settled);
}

fn next_id() -> u32 {
    NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1).max(1));
        id
    })
}

fn post(id: u32, request: &str, files: &[js_sys::Uint8Array]) -> Result<(), String> {
    let message = js_sys::Array::new();
    message.push(&id.into());
    message.push(&request.into());
    for f in files {
        message.push(f);
    }
    RUNNING.with(|r| match r.borrow().as_ref() {
        Some(running) => running.worker.post_message(&message).map_err(js_error),
        None => Err("the database worker is not running".into()),
    })
}

/// Hand request `id` its outcome and wake it; an answer nobody waits for (a replayed load's)
/// is dropped.
fn settle(id: u32, outcome: Settled) {
    if let Some(resolve) = PENDING.with(|p| p.borrow_mut().remove(&id)) {
        SETTLED.with(|s| s.borrow_mut().insert(id, outcome));
        let _ = resolve.call0(&JsValue::NULL);
    }
}

/// End every waiting request with `why`.
fn settle_all(why: impl Fn() -> Stopped) {
    let ids: Vec<u32> = PENDING.with(|p| p.borrow().keys().copied().collect());
    for id in ids {
        settle(id, Settled::Stopped(why()));
    }
}

fn stop_worker() {
    if let Some(running) = RUNNING.with(|r| r.borrow_mut().take()) {
        running.worker.terminate();
    }
}

/// A new worker in place of one whose engine failed. The requests still waiting were given to
/// the old worker, which ends here with them: each ends now, saying so (or why the new worker
/// could not start), not left unanswered (a Clear waiting behind the failed request never
/// cleared, nor said why).
fn restart() {
    stop_worker();
    let why = match start() {
        Ok(()) => {
            "the database failed on an earlier request; what was loaded is loaded again: try again"
                .to_owned()
        }
        Err(why) => why,
    };
    settle_all(|| Stopped::Broken(why.clone()));
}

/// Every load the database holds now, oldest first: its files' names and bytes.
pub fn loads() -> Vec<Vec<crate::browser::File>> {
    LOADED.with(|l| {
        l.borrow()
            .iter()
            .filter_map(|(request, files)| match request {
                Request::Load { names, .. } => {
                    Some(names.iter().cloned().zip(files.iter().cloned()).collect())
                }
                _ => None,
            })
            .collect()
    })
}

/// Stop whatever the database is doing, at once: every waiting request ends as
/// [`Stopped::Cancelled`], and a new worker holds what was loaded.
pub fn cancel() {
    stop_worker();
    settle_all(|| Stopped::Cancelled);
    // Should the new worker not start, the next request says why.
    let _ = start();
}

/// A view's questions to the database, of which only the latest is answered on screen: an answer
/// that comes back after a newer question was asked (or after the view closed) is dropped, so a
/// slow answer never replaces a newer one.
#[derive(Clone, Copy)]
pub struct Latest(leptos::prelude::StoredValue<u32>);

impl Default for Latest {
    fn default() -> Self {
        Self::new()
    }
}

impl Latest {
    pub fn new() -> Self {
        Latest(leptos::prelude::StoredValue::new(0))
    }

    /// A new question: every one asked before it is no longer the latest.
    pub fn next(self) -> u32 {
        use leptos::prelude::*;
        let turn = self.0.get_value().wrapping_add(1);
        self.0.set_value(turn);
        turn
    }

    /// Whether no question was asked since the one given `turn`.
    pub fn is_latest(self, turn: u32) -> bool {
        use leptos::prelude::*;
        self.0.try_get_value() == Some(turn)
    }

    /// Ask `request` (no files); `then` is given the outcome unless another question was asked
    /// through this `Latest` since.
    pub fn ask_then(self, request: Request, then: impl FnOnce(Result<Reply, Stopped>) + 'static) {
        let turn = self.next();
        leptos::task::spawn_local(async move {
            let outcome = ask(request, vec![]).await;
            if self.is_latest(turn) {
                then(outcome);
            }
        });
    }

    /// Ask `request` (no files); `read` makes the outcome what `shown` holds, set unless another
    /// question was asked through this `Latest` since.
    pub fn ask<T: Send + Sync + 'static>(
        self,
        request: Request,
        shown: leptos::prelude::RwSignal<Option<T>>,
        read: impl FnOnce(Result<Reply, Stopped>) -> T + 'static,
    ) {
        use leptos::prelude::*;
        self.ask_then(request, move |outcome| {
            let _ = shown.try_set(Some(read(outcome)));
        });
    }
}

/// Ask the database; `files` are a load's bytes, in the order of its names.
pub async fn ask(request: Request, files: Vec<js_sys::Uint8Array>) -> Result<Reply, Stopped> {
    start().map_err(Stopped::Broken)?;
    let json = serde_json::to_string(&request)
        .map_err(|e| Stopped::Broken(format!("the request could not be written: {e}")))?;
    let id = next_id();
    let mut resolver = None;
    let answer = js_sys::Promise::new(&mut |resolve, _reject| resolver = Some(resolve));
    if let Some(resolve) = resolver {
        PENDING.with(|p| p.borrow_mut().insert(id, resolve));
    }
    if let Err(why) = post(id, &json, &files) {
        settle(id, Settled::Stopped(Stopped::Broken(why)));
    }
    let _ = JsFuture::from(answer).await;
    let mut reply = match SETTLED.with(|s| s.borrow_mut().remove(&id)) {
        Some(Settled::Reply(bytes)) => Reply::from_wire(&bytes).map_err(|e| {
            Stopped::Broken(format!(
                "the database's answer could not be read ({e}); reload the page"
            ))
        })?,
        Some(Settled::Stopped(stopped)) => return Err(stopped),
        None => return Err(Stopped::Broken("the database did not answer".into())),
    };
    if let Reply::Ran(ran) = &mut reply {
        if !ran.compared.is_empty() {
            let compared = std::mem::take(&mut ran.compared);
            if let Some(keep) = KEEP_COMPARED.with(|k| k.borrow().clone()) {
                keep(compared);
            }
        }
    }
    if request.changes_what_is_loaded() && matches!(reply, Reply::Loaded { .. }) {
        LOADED.with(|l| {
            let mut l = l.borrow_mut();
            if request == Request::Clear {
                l.clear();
            } else {
                l.push((request, files));
            }
        });
    }
    Ok(reply)
}
