// Load the WebAssembly app (built by scripts/build-frontend).
import init from "/pkg/degree.js";
init({ module_or_path: "/pkg/degree_bg.wasm" });
