/**
 * WebGPU in Node through Dawn (the npm package `webgpu`). On a machine with no GPU it
 * needs a Vulkan driver: Debian's chromium ships SwiftShader, lavapipe comes with
 * mesa-vulkan-drivers. Only Node code (CLI, tests, bench) imports this file.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { WebGpuBackend, type WaitScope } from '../webgpu/webgpuBackend';

const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';

let gpuSingleton: GPU | null = null;

export async function nodeGpu(): Promise<GPU> {
  if (gpuSingleton) return gpuSingleton;
  if (!process.env.XDG_RUNTIME_DIR) {
    const dir = '/tmp/xdg-runtime-disback';
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = dir;
  }
  if (!process.env.VK_ICD_FILENAMES && process.env.DISBACK_VULKAN !== 'auto' && existsSync(SWIFTSHADER) && !existsSync('/usr/share/vulkan/icd.d/lvp_icd.json') && !existsSync('/usr/share/vulkan/icd.d/lvp_icd.x86_64.json')) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER;
  }
  const mod = (await import('webgpu')) as unknown as { create: (flags: string[]) => GPU; globals: Record<string, unknown> };
  Object.assign(globalThis, mod.globals);
  gpuSingleton = mod.create([]);
  return gpuSingleton;
}

/**
 * Dawn's Node binding polls its event queue (AsyncRunner::ScheduleProcessEvents) through
 * the global setImmediate for as long as a map or onSubmittedWorkDone promise is pending:
 * a busy loop on the main thread. On a software adapter that loop takes a core from the
 * shader threads (measured here: lavapipe on 2 cores, a 128x128x1024 matmul ran 2.3x
 * faster without it). While the backend waits, setImmediate is routed through setTimeout
 * (Node clamps it to about 1 ms) once the wait has lasted `spinMs`; the first polls stay
 * immediate so short waits on a fast GPU keep their latency. The global is restored when
 * the last concurrent wait ends; other setImmediate callers in the meantime are only
 * delayed, never dropped.
 */
export function quietWaitScope(spinMs = 0.25): WaitScope {
  let depth = 0;
  let since = 0;
  let saved: typeof setImmediate | null = null;
  const throttled = ((fn: (...a: unknown[]) => void, ...args: unknown[]) => {
    if (performance.now() - since < spinMs) return saved!(fn, ...args);
    return setTimeout(fn, 0, ...args);
  }) as unknown as typeof setImmediate;
  return async <T>(wait: () => Promise<T>): Promise<T> => {
    if (depth++ === 0) {
      saved = globalThis.setImmediate;
      since = performance.now();
      globalThis.setImmediate = throttled;
    }
    try {
      return await wait();
    } finally {
      if (--depth === 0 && saved) {
        globalThis.setImmediate = saved;
        saved = null;
      }
    }
  };
}

/**
 * A WebGPU backend on Dawn, or throws with the reason. DISBACK_BUSY_POLL=1 keeps Dawn's busy
 * polling; `profile` times every kernel on the GPU (WebGpuBackend.kernelTimes).
 */
export async function createDawnBackend(opts: { profile?: boolean } = {}): Promise<WebGpuBackend> {
  const waitScope = process.env.DISBACK_BUSY_POLL === '1' ? undefined : quietWaitScope();
  return WebGpuBackend.create(await nodeGpu(), { waitScope, profile: opts.profile });
}
