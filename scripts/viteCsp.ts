/**
 * The Content-Security-Policy of the built site (docs/reliability.md): no eval, no inline
 * or remote scripts; WebAssembly compilation allowed (onnxruntime-web); workers from this
 * origin (and blob: for onnxruntime-web's helpers); every fetch to this origin. Injected as
 * a <meta http-equiv> at build time only: the dev server's hot reload needs inline scripts.
 * A host that can send headers should send the same policy as a header (it then covers
 * the trainer worker's script too; the meta tag covers only the document).
 */
import type { Plugin } from 'vite';

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

export function cspMeta(): Plugin {
  return {
    name: 'disback-csp-meta',
    apply: 'build',
    // right after <meta charset>, before every script
    transformIndexHtml: (html) => html.replace(/(<meta charset="[^"]*"\s*\/?>)/i, `$1\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
  };
}
