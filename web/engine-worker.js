// The page's database worker: SQLite and the loaded reports (credreport-engine), off the page's
// main thread. The page first sends ["start", its compiled WebAssembly module, its JS glue's
// URL]; the worker instantiates the same module (no second download or compile). Then each
// message is [id, request JSON, ...file bytes] and each answer [id, reply bytes] (its buffer
// transferred, not copied; credreport_core::wire), or
// [id, null, why] when the engine itself failed (the page then starts a new worker). Messages
// that arrive while the engine starts wait for it, in order.
let ready = Promise.reject(new Error("the page did not start the database"));
ready.catch(() => {});

// Requests are answered one at a time, in the order they came.
let queue = Promise.resolve();

self.onmessage = ({ data }) => {
  if (data[0] === "start") {
    const [, module, glue] = data;
    ready = import(glue).then(async (engine) => {
      await engine.default({ module_or_path: module });
      // The database opens before the first request comes.
      engine.engine_open();
      return engine;
    });
    ready.catch(() => {});
    return;
  }
  const [id, request, ...files] = data;
  const digests = sha256(files);
  queue = queue.then(async () => {
    try {
      const engine = await ready;
      const reply = engine.engine_handle(request, files, await digests);
      self.postMessage([id, reply], [reply.buffer]);
      // What only reading needs, once (its first time while the page draws a first answer):
      // the next request waits for it, in turn.
      engine.engine_settle();
    } catch (e) {
      self.postMessage([id, null, String((e && e.message) || e)]);
    }
  });
};

// Each file's SHA-256 (what names a report), by the browser's own implementation: begun as
// the files arrive, and many times faster than the module's own, which a first visit runs
// before V8 has optimized it (nearly a third of a first visit's load of 100,000 users). None
// where the browser has no Web Crypto (a page served over plain HTTP from another machine):
// the module computes them then.
function sha256(files) {
  if (files.length === 0 || !(self.crypto && self.crypto.subtle)) {
    return Promise.resolve([]);
  }
  return Promise.all(
    files.map((f) => self.crypto.subtle.digest("SHA-256", f).then((d) => new Uint8Array(d))),
  ).catch(() => []);
}
