// The page's database worker: SQLite and the loaded reports (credreport-engine), off the page's
// main thread. The page first sends ["start", its compiled WebAssembly module, its JS glue's
// URL]; the worker instantiates the same module (no second download or compile). Then each
// message is [id, request JSON, ...file bytes] and each answer [id, reply bytes] (its buffer
// transferred, not copied; credreport_core::wire), or
// [id, null, why] when the engine itself failed (the page then starts a new worker). Messages
// that arrive while the engine starts wait for it, in order.
let ready = Promise.reject(new Error("the page did not start the database"));
ready.catch(() => {});

self.onmessage = async ({ data }) => {
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
  try {
    const engine = await ready;
    const reply = engine.engine_handle(request, files);
    self.postMessage([id, reply], [reply.buffer]);
  } catch (e) {
    self.postMessage([id, null, String((e && e.message) || e)]);
  }
};
