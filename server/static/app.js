// The page's entry point (a file, not an inline script: the page's Content-Security-Policy
// runs scripts from Tally's own origin only).
// `init` fetches and instantiates the wasm (by default it looks next to the JS; named here
// to match the preload in index.html); `run` mounts the editor at `/` or a source document at
// `/documents/{id}` (this same page is served for both).
import init, { run } from "/pkg/tally_widget.js";
await init({ module_or_path: "/pkg/tally_widget_bg.wasm" });
run();
