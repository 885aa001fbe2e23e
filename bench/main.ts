/**
 * The bench page (bench/index.html, served by bench/vite.config.ts; not part of the product
 * build). One runner per page load, chosen by the query: `engine` (the engine's WebGPU
 * backend on navigator.gpu), `tfjs-webgpu` or `tfjs-wasm`. Results go to window.__bench for
 * scripts/bench.ts (playwright-core) to collect.
 */
import { WebGpuBackend } from '../src/engine/webgpu/webgpuBackend';
import { failedSample, type Prepared, type RunnerId, type Sample, selectWorkloads, timeWorkload } from './workloads';

interface BenchState {
  done: boolean;
  error?: string;
  runner: RunnerId;
  adapter: Record<string, unknown> | null;
  backendInfo: Record<string, unknown>;
  userAgent: string;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  results: Sample[];
}
declare global {
  interface Window {
    __bench?: BenchState;
    /** exposed by scripts/bench.ts: CPU ms so far of the browser's process tree */
    __benchCpu?: () => Promise<number>;
  }
}

const q = new URLSearchParams(location.search);
const which = q.get('runner') ?? 'engine';
const runner: RunnerId = which === 'engine' ? 'engine-chromium' : (which as RunnerId);
const quick = q.get('quick') === '1';
const only = q.get('only') ? q.get('only')!.split(',') : null;
const logEl = document.getElementById('log')!;
const log = (s: string) => {
  console.log(`[bench] ${s}`);
  logEl.textContent += s + '\n';
};

async function adapterInfo(): Promise<Record<string, unknown> | null> {
  const a = await navigator.gpu?.requestAdapter({ powerPreference: 'high-performance' });
  if (!a) return null;
  const i = a.info as GPUAdapterInfo & { subgroupMinSize?: number; subgroupMaxSize?: number; isFallbackAdapter?: boolean };
  return { vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description, subgroupMinSize: i.subgroupMinSize, subgroupMaxSize: i.subgroupMaxSize, isFallbackAdapter: i.isFallbackAdapter };
}

async function main(): Promise<void> {
  const state: BenchState = {
    done: false, runner, adapter: await adapterInfo(), backendInfo: {}, userAgent: navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency, results: [],
  };
  let prepare: (w: ReturnType<typeof selectWorkloads>[number]) => Prepared;
  let cleanup = () => {};
  if (runner === 'engine-chromium') {
    const be = await WebGpuBackend.create(navigator.gpu);
    be.onLost((r) => log(`device lost: ${r}`));
    state.backendInfo = { adapterName: be.adapterName, subgroupSize: be.subgroupSize, software: be.software };
    const { prepareEngine } = await import('./engineRunner');
    prepare = (w) => prepareEngine(be, w);
    cleanup = () => be.destroy();
  } else {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-core/dist/register_all_gradients');
    if (runner === 'tfjs-webgpu') {
      await import('@tensorflow/tfjs-backend-webgpu');
      if (!(await tf.setBackend('webgpu'))) throw new Error('tf.setBackend(webgpu) failed');
    } else {
      const wasm = await import('@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.fesm.js');
      wasm.setWasmPaths('/tfjs-wasm/');
      // as many threads as the machine has cores (XNNPACK's default here would be 1 of 2)
      const threadsRequested = Number(q.get('threads') ?? navigator.hardwareConcurrency);
      wasm.setThreadsCount(threadsRequested);
      if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend(wasm) failed');
      state.backendInfo = {
        threadsRequested,
        threads: wasm.getThreadsCount(),
        simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
        multithread: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
      };
    }
    await tf.ready();
    state.backendInfo = { ...state.backendInfo, backend: tf.getBackend(), tfjs: tf.version_core };
    const { prepareTfjs } = await import('./tfjsRunner');
    prepare = (w) => prepareTfjs(w);
    cleanup = () => tf.disposeVariables();
  }
  log(`${runner}: adapter ${JSON.stringify(state.adapter)}; ${JSON.stringify(state.backendInfo)}; crossOriginIsolated ${state.crossOriginIsolated}`);
  for (const w of selectWorkloads(only)) {
    let p: Prepared | null = null;
    try {
      p = prepare(w);
      state.results.push(await timeWorkload(w, runner, p, quick, quick ? 30_000 : 90_000, log, window.__benchCpu));
    } catch (e) {
      log(`${w.id}: FAILED ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      state.results.push(failedSample(w, runner, e));
    } finally {
      await p?.dispose();
    }
  }
  cleanup();
  state.done = true;
  window.__bench = state;
}

main().catch((e) => {
  log(`FAILED: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  window.__bench = { done: true, error: String(e), runner, adapter: null, backendInfo: {}, userAgent: navigator.userAgent, crossOriginIsolated: self.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency, results: [] };
});
