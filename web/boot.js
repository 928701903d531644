// Should the app fail to start (its module not fetched, WebAssembly not available, a panic while
// it mounts), say so where index.html says it is starting, instead of leaving that line as it
// is. A module script placed before Trunk's loader, so it runs first; the app removes the line
// once it has mounted, and from then on this says nothing.
const failed = (event) => {
  const line = document.getElementById("starting");
  // An element's error is a script's that failed to load; an image's or an icon's is no reason.
  if (!line || (event.target instanceof Element && event.target.tagName !== "SCRIPT")) return;
  const why = event.error ?? event.reason ?? event.message ?? "one of its files did not load";
  line.textContent =
    `credreport could not start: ${why}. It needs a current browser with JavaScript and ` +
    "WebAssembly enabled; check the connection and reload the page.";
  line.className = "error";
  line.setAttribute("role", "alert");
};
// Capture: a script that fails to load fires its error at its element, not at the window.
addEventListener("error", failed, true);
addEventListener("unhandledrejection", failed);
