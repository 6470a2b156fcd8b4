/* Served by the preview server only: reload after a rebuild, show a failed build's errors. */
(function () {
  "use strict";
  var shown = null;
  var overlay = null;
  var events = new EventSource("/__sitegen/events");

  events.addEventListener("built", function (event) {
    if (shown !== null && event.data !== shown) { window.location.reload(); return; }
    shown = event.data;
    if (overlay) { overlay.remove(); overlay = null; }
  });

  events.addEventListener("failed", function (event) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "sitegen-build-error";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;" +
        "background:#2b0a0a;color:#fff;font:14px/1.5 monospace;padding:1rem 1.25rem;border-top:4px solid #ff6b6b";
      var title = document.createElement("strong");
      title.textContent = "Build failed: this is the last good version of the page.";
      overlay.appendChild(title);
      overlay.appendChild(document.createElement("pre"));
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = JSON.parse(event.data);
    overlay.querySelector("pre").style.whiteSpace = "pre-wrap";
  });
})();
