/**
 * Vite config of the bench page only (bench/index.html): `vite --config bench/vite.config.ts`.
 * Not part of the product build. Serves TF.js's wasm binaries from node_modules under
 * /tfjs-wasm/ (nothing from the internet) and sends COOP/COEP so the page is cross-origin
 * isolated (TF.js's wasm backend then runs its multi-threaded SIMD build).
 */
import { createReadStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));
const wasmDir = resolve(root, '../node_modules/@tensorflow/tfjs-backend-wasm/dist');

function tfjsWasm(): Plugin {
  return {
    name: 'tfjs-wasm-files',
    configureServer(server) {
      server.middlewares.use('/tfjs-wasm/', (req, res, next) => {
        const name = (req.url ?? '').split('?')[0].replace(/^\//, '');
        const file = join(wasmDir, name);
        if (!/^[\w.-]+\.wasm$/.test(name) || !existsSync(file)) return next();
        res.setHeader('Content-Type', 'application/wasm');
        res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
        createReadStream(file).pipe(res);
      });
    },
  };
}

export default defineConfig({
  root,
  plugins: [tfjsWasm()],
  server: {
    port: 5175,
    strictPort: false,
    // a bench page must not reload mid-run when someone edits src/ (or when a late-found
    // dependency is optimised): no HMR, no file watching, every dependency listed below
    hmr: false,
    watch: { ignored: ['**/*'] },
    fs: { allow: [resolve(root, '..')] },
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  },
  // tf-backend-wasm's bundle imports Node's fs/path behind runtime checks
  resolve: { alias: { fs: resolve(root, 'emptyModule.ts'), path: resolve(root, 'emptyModule.ts'), worker_threads: resolve(root, 'emptyModule.ts'), perf_hooks: resolve(root, 'emptyModule.ts'), os: resolve(root, 'emptyModule.ts') } },
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-core/dist/register_all_gradients',
      '@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.fesm.js', 'zod',
    ],
  },
  logLevel: 'warn',
});
