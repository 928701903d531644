// The page's JavaScript, for what Rust cannot say without it: `import()` of the PostgreSQL
// translator, reading a response's body with a cap, Web Crypto's digest, the origin's private
// file system for kept reports, and the service worker's registration. The app calls these as
// `credreportPage.*` (`web/src/browser.rs`, `storage.rs`, `offline.rs`).
//
// A module script that runs before Trunk's loader, not wasm-bindgen's inline snippets: the
// snippets were modules the app's JS glue imports, so the database's worker, which imports
// that glue too and calls none of them, fetched them as well before it could start, one round
// trip after the glue's own.

// Fetching, digests and the translator (browser.rs).
function import_module(url) { return import(url); }
async function sha256(parts) {
  if (!(globalThis.crypto && globalThis.crypto.subtle)) return null;
  try {
    const all = await new Blob(parts).arrayBuffer();
    return new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", all));
  } catch {
    return null;
  }
}
async function read_capped(body, limit) {
  const reader = body.getReader();
  const parts = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      reader.cancel().catch(() => {});
      return total;
    }
    parts.push(value);
  }
  if (parts.length === 1) return parts[0];
  const all = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

// Kept reports: files in the private file system, under one folder, `credreport/` (storage.rs).
const root = async () => {
  if (!globalThis.navigator || !navigator.storage || !navigator.storage.getDirectory) {
    throw new Error("this browser gives the page no storage of its own (a private window, or a page not served over HTTPS)");
  }
  return navigator.storage.getDirectory();
};
const folder = async (create) => (await root()).getDirectoryHandle("credreport", { create });
// Asks, and stores nothing.
async function storage_available() {
  await root();
  return true;
}
async function storage_put(name, bytes) {
  const file = await (await folder(true)).getFileHandle(name, { create: true });
  const out = await file.createWritable();
  try {
    await out.write(bytes);
    await out.close();
  } catch (e) {
    await out.abort().catch(() => {});
    throw e;
  }
}
async function storage_get(name) {
  let dir;
  try { dir = await folder(false); } catch (e) { return null; }
  try {
    const file = await dir.getFileHandle(name);
    return new Uint8Array(await (await file.getFile()).arrayBuffer());
  } catch (e) {
    if (e && e.name === "NotFoundError") return null;
    throw e;
  }
}
async function storage_remove(name) {
  try { await (await folder(false)).removeEntry(name); } catch (e) {
    if (!e || e.name !== "NotFoundError") throw e;
  }
}
async function storage_forget_all() {
  if (!globalThis.navigator || !navigator.storage || !navigator.storage.getDirectory) return;
  const root = await navigator.storage.getDirectory();
  for await (const name of root.keys()) {
    await root.removeEntry(name, { recursive: true });
  }
}
// Every tab's changes to what this device keeps, one at a time (the Web Locks API): resolves,
// once this tab's turn has come, with the function that ends it; at once where the browser has
// no Web Locks.
function storage_turn() {
  const locks = globalThis.navigator && navigator.locks;
  if (!locks) return Promise.resolve(() => {});
  return new Promise((granted) => {
    locks.request("credreport library", () => new Promise((end) => granted(end)));
  });
}
async function storage_persist() {
  return !!(navigator.storage && navigator.storage.persist && await navigator.storage.persist());
}

// The service worker (offline.rs).
let registration = null;
let asked = false;
// Whether this page has loaded the PostgreSQL translator (offline_keep_later).
let later = false;
// Ask the active worker to keep the translator's files, once there is one: the translator may
// have been loaded before any worker controlled the page (a share link's PostgreSQL query on a
// first visit), so no request of it passed through a worker that would keep it.
function keep_later() {
  if (later && registration) {
    navigator.serviceWorker.ready.then((r) => r.active && r.active.postMessage("keep-later"), () => {});
  }
}
function offline_keep_later() {
  later = true;
  keep_later();
}
function offline_register(onWaiting) {
  const sw = globalThis.navigator && navigator.serviceWorker;
  if (!sw) return;
  // A build waits behind the one serving this page (none waits on a first visit: no controller).
  const waits = () => { if (sw.controller) onWaiting(); };
  sw.addEventListener("controllerchange", () => { if (asked) location.reload(); });
  sw.register("sw.js").then((r) => {
    registration = r;
    keep_later();
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
// Looks for a newer build now (a file of this page's build is gone from its server).
function offline_look_for_update() {
  if (registration) registration.update().catch(() => {});
}
function offline_take_over() {
  const waiting = registration && registration.waiting;
  if (!waiting) { location.reload(); return; }
  asked = true;
  waiting.postMessage("take-over");
}

const page = Object.freeze({
  import_module,
  sha256,
  read_capped,
  storage_available,
  storage_put,
  storage_get,
  storage_remove,
  storage_forget_all,
  storage_persist,
  storage_turn,
  offline_register,
  offline_take_over,
  offline_keep_later,
  offline_look_for_update,
});
globalThis.credreportPage = page;
// The unit tests' page has no index.html: they import this module to run it.
export default page;
