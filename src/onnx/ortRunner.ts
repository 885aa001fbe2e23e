/**
 * Run an exported one-step generator with onnxruntime-web, outside the playground's own
 * engine: the webgpu execution provider when asked for, `navigator.gpu` exists and a session
 * initialises on it; otherwise the wasm provider (single-threaded by default, which needs no
 * cross-origin isolation). In the browser the runtime's .wasm is served from the app's own
 * assets (ortAssets.ts); in Node onnxruntime-web finds its files next to its own entry.
 */
import type { InferenceSession } from 'onnxruntime-web';

type Ort = typeof import('onnxruntime-web');
export type OrtProvider = 'webgpu' | 'wasm';

export interface OrtRunResult {
  samples: Float32Array;
  provider: OrtProvider;
  /** Milliseconds of the inference call (session.run), excluding session creation. */
  ms: number;
  /** Milliseconds spent creating the session (0 when a cached one was reused). */
  loadMs: number;
}

export interface OrtRunOptions {
  /** Override where the runtime's .wasm lives (default: the bundled asset in browsers). */
  wasmPaths?: string | { wasm?: string; mjs?: string };
  /** WebAssembly threads (default 1: threads need SharedArrayBuffer, i.e. COOP/COEP headers). */
  numThreads?: number;
}

const isNode = () => typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

let ortPromise: Promise<Ort> | null = null;
function loadOrt(opts: OrtRunOptions): Promise<Ort> {
  ortPromise ??= (async () => {
    const ort = await import('onnxruntime-web');
    ort.env.wasm.numThreads = opts.numThreads ?? 1;
    if (opts.wasmPaths) ort.env.wasm.wasmPaths = opts.wasmPaths;
    else if (!isNode()) ort.env.wasm.wasmPaths = (await import('./ortAssets')).ortWasmPaths();
    return ort;
  })().catch((e: unknown) => {
    ortPromise = null;
    throw e;
  });
  return ortPromise;
}

function hasWebGpu(): boolean {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  return !!nav && !!nav.gpu;
}

interface Cached { bytes: Uint8Array; preferWebGpu: boolean; session: InferenceSession; provider: OrtProvider }
let cached: Cached | null = null;

async function sessionFor(ort: Ort, bytes: Uint8Array, preferWebGpu: boolean): Promise<{ session: InferenceSession; provider: OrtProvider; loadMs: number }> {
  if (cached && cached.bytes === bytes && cached.preferWebGpu === preferWebGpu) return { ...cached, loadMs: 0 };
  await releaseOnnxSession();
  const t0 = performance.now();
  let session: InferenceSession | null = null;
  let provider: OrtProvider = 'wasm';
  if (preferWebGpu && hasWebGpu()) {
    try {
      session = await ort.InferenceSession.create(bytes, { executionProviders: ['webgpu'] });
      provider = 'webgpu';
    } catch {
      session = null; // no adapter, blocked feature, or an init failure: fall back to wasm
    }
  }
  session ??= await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  cached = { bytes, preferWebGpu, session, provider };
  return { session, provider, loadMs: performance.now() - t0 };
}

/** Frees the cached session (the next run creates a new one). */
export async function releaseOnnxSession(): Promise<void> {
  const c = cached;
  cached = null;
  if (c) await c.session.release();
}

/**
 * samples = G(z) for z [n, dim] (standard normal draws) with an exported generator
 * (input 'z', output 'sample'). The session is cached for the same `bytes` object.
 */
export async function runGeneratorOnnx(bytes: Uint8Array, z: Float32Array, n: number, dim: number, preferWebGpu: boolean, opts: OrtRunOptions = {}): Promise<OrtRunResult> {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(dim) || dim < 1) throw new Error(`runGeneratorOnnx: bad shape [${n}, ${dim}]`);
  if (z.length !== n * dim) throw new Error(`runGeneratorOnnx: z has ${z.length} values, [${n}, ${dim}] needs ${n * dim}`);
  const ort = await loadOrt(opts);
  const { session, provider, loadMs } = await sessionFor(ort, bytes, preferWebGpu);
  const input = new ort.Tensor('float32', z, [n, dim]);
  const t0 = performance.now();
  const out = await session.run({ z: input });
  const ms = performance.now() - t0;
  const t = out.sample;
  if (!t) throw new Error("runGeneratorOnnx: the model has no output 'sample' (is it a generator export?)");
  const data = (t.location === 'cpu' || t.location === 'cpu-pinned' ? t.data : await t.getData()) as Float32Array;
  const samples = Float32Array.from(data);
  t.dispose();
  return { samples, provider, ms, loadMs };
}
