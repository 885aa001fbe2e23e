/**
 * onnxruntime-web's WebAssembly binary as a local asset (browser builds only). Vite's `?url`
 * copies the file into the build output (and serves it from node_modules in dev), so nothing
 * is fetched from a CDN. `onnxruntime-web`'s default browser entry (ort.bundle.min.mjs) is the
 * JSEP build: one .wasm serves both the wasm and the webgpu execution providers, and its
 * JavaScript glue is bundled, so only this file has to be located.
 */
import jsepWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';

/** Absolute URL of the runtime's .wasm, for `ort.env.wasm.wasmPaths`. */
export function ortWasmPaths(): { wasm: string } {
  const base = typeof location !== 'undefined' ? location.href : undefined;
  return { wasm: base ? new URL(jsepWasmUrl, base).href : jsepWasmUrl };
}
