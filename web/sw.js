// credreport's service worker: the app's own files, kept so that the page opens and runs with no
// network after one visit. `cargo xtask build-web` writes it into dist/ from this template, with
// the build's version and its file lists filled in.
//
// - It keeps the app's files and nothing else: FIRST when it installs, LATER (the PostgreSQL
//   translator) the first time the page uses them (when the page says it loaded them before this
//   worker controlled it, from the server). It does not answer any other request: a report
//   (a file, a link, the proxy's API) never passes through it, and nothing a user loads is cached.
// - Its scope is its own directory, so dist/ works offline from any path of any static host; its
//   cache is named after its scope, so two copies on one origin keep apart.
// - A new build installs beside the running one and waits. The page says so and offers to reload;
//   only the page's "take-over" message (the user's click) lets the new one take over. It never
//   reloads a page under its user.
const VERSION = "{{VERSION}}";
const FIRST = {{FIRST}};
const LATER = {{LATER}};

const SCOPE = self.registration.scope;
const CACHE = `credreport ${VERSION} ${SCOPE}`;
const at = (path) => new URL(path, SCOPE).href;
const INDEX = at("./");
const NAMES_OF_INDEX = new Set([INDEX, at("index.html")]);
const APP = new Set(FIRST.map(at));
const ON_USE = new Set(LATER.map(at));

self.addEventListener("install", (event) => {
  // `no-cache`: revalidated against the server, never an older copy from the HTTP cache.
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FIRST.map((p) => new Request(at(p), { cache: "no-cache" })))),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== CACHE && name.startsWith("credreport ") && name.endsWith(` ${SCOPE}`)) {
          await caches.delete(name);
        }
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "take-over") self.skipWaiting();
  // The page has loaded the translator, perhaps before this worker controlled it.
  if (event.data === "keep-later") event.waitUntil(keepLater());
});

// LATER's files, those not kept yet, as the server has them now (a failed fetch keeps nothing).
async function keepLater() {
  const cache = await caches.open(CACHE);
  for (const path of LATER) {
    const key = at(path);
    if (await cache.match(key)) continue;
    const response = await fetch(new Request(key, { cache: "no-cache" })).catch(() => null);
    if (response && response.ok) await cache.put(key, response);
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  const bare = url.origin + url.pathname;
  if (request.mode === "navigate") {
    // The page itself, whatever its query (`?sample`, `?report=`) or fragment (a share link).
    if (NAMES_OF_INDEX.has(bare)) event.respondWith(kept(INDEX, request));
    return;
  }
  if (url.search) return;
  if (APP.has(bare) || ON_USE.has(bare)) event.respondWith(kept(bare, request));
});

async function kept(key, request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && ON_USE.has(key)) await cache.put(key, response.clone());
  return response;
}
