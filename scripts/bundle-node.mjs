/**
 * Bundle the Node tools that train and evaluate teachers into single files, for a machine with
 * a GPU but no npm registry (docs/mnist.md, "An eighth phase: an H200"):
 *
 *   node scripts/bundle-node.mjs [--out .bundle]
 *
 * writes <out>/train-mnist-teacher.mjs and <out>/eval-samples.mjs. Each imports only Node's
 * own modules and `webgpu` (Dawn), which stays outside the bundle: copy node_modules/webgpu's
 * index.js, package.json and dist/linux-x64/dawn.node to <out>/node_modules/webgpu/ on the
 * GPU machine. Run them from the repository root (they read public/data and public/models).
 * `?raw` imports (the WGSL sources) become strings, as Vite and src/engine/node/rawLoader.mjs make them.
 */
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

const argv = process.argv.slice(2);
const out = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : '.bundle';
const raw = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (a) => ({ path: resolve(a.resolveDir, a.path.slice(0, -'?raw'.length)), namespace: 'raw' }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, async (a) => ({ contents: await readFile(a.path, 'utf8'), loader: 'text' }));
  },
};
const entries = [
  ['scripts/train-mnist-teacher.mts', 'train-mnist-teacher.mjs'],
  ['tests/mnist/evalSamples.mts', 'eval-samples.mjs'],
];
for (const [entry, file] of entries) {
  await build({
    entryPoints: [entry], outfile: `${out}/${file}`, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    external: ['webgpu'], plugins: [raw], logLevel: 'warning',
    // bundled CommonJS dependencies call require(); an ES module has none of its own
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  console.log(`wrote ${out}/${file}`);
}
