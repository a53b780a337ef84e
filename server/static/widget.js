/* Tally embed loader.
 *
 *   <script src="https://TALLY_HOST/widget.js" data-tally-target="#story" async></script>
 *
 * data-tally-target: CSS selector of the element whose figures are checked (default "article").
 * The loader finds Tally's address from its own src, loads the embed's WebAssembly from there
 * (/pkg/tally_embed.js and /pkg/tally_embed_bg.wasm, much smaller than the editor's) and calls
 * embed(host, selector), which marks the figures with the CSS Custom Highlight API
 * (no change to the page's DOM) and shows cards in a shadow root (<div id="tally-embed">).
 * The page's origin must be allowed on the Tally server (tally serve --cors-origin ORIGIN).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) {
    var scripts = document.querySelectorAll("script[src]");
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (/\/widget\.js(\?|#|$)/.test(scripts[i].src)) { script = scripts[i]; break; }
    }
  }
  if (!script || !script.src) { return; }
  // Tally's base URL: the directory widget.js is served from, without the trailing slash.
  var host = new URL(".", script.src).href.replace(/\/$/, "");
  var selector = script.getAttribute("data-tally-target") || "article";

  // Shown when the widget itself cannot be loaded; otherwise the widget reports on its own.
  function unreachable() {
    if (document.getElementById("tally-embed")) { return; }
    var el = document.createElement("div");
    el.id = "tally-embed";
    el.setAttribute("data-state", "unreachable");
    el.setAttribute("data-marks", "0");
    el.setAttribute("style", "all:initial;position:fixed;top:0;left:0;width:0;height:0;z-index:2147483000;");
    var root = el.attachShadow({ mode: "open" });
    var box = document.createElement("section");
    box.setAttribute("role", "status");
    box.setAttribute("style", "position:fixed;right:16px;bottom:16px;max-width:340px;background:#fff;" +
      "border:1px solid #b91c1c;border-radius:8px;padding:10px 12px;color:#1f2937;" +
      "font:14px/1.45 system-ui,sans-serif;box-shadow:0 6px 24px rgba(0,0,0,.15);");
    var title = document.createElement("strong");
    title.textContent = "Tally is unreachable";
    var note = document.createElement("p");
    note.setAttribute("style", "margin:4px 0 0;");
    note.textContent = "The figures on this page were not checked.";
    box.appendChild(title);
    box.appendChild(note);
    root.appendChild(box);
    document.body.appendChild(el);
  }

  function whenReady(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn, { once: true });
    } else {
      fn();
    }
  }

  import(host + "/pkg/tally_embed.js")
    .then(function (tally) {
      return tally.default({ module_or_path: host + "/pkg/tally_embed_bg.wasm" }).then(function () {
        whenReady(function () {
          try {
            tally.embed(host, selector);
          } catch (err) {
            if (window.console) { console.error("Tally:", err); }
            unreachable();
          }
        });
      });
    })
    .catch(function (err) {
      if (window.console) { console.warn("Tally could not be loaded from " + host + ":", err); }
      whenReady(unreachable);
    });
})();
