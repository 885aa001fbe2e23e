/**
 * Backend creation inside the worker: WebGPU when the browser offers an adapter, else the
 * CPU backend with the reason (shown in the page's banner).
 */
import type { Backend } from '../src/engine/backend';
import { CpuBackend } from '../src/engine/cpu/cpuBackend';
import { WebGpuBackend } from '../src/engine/webgpu/webgpuBackend';
import type { BackendInfo } from './api';

export async function createBackend(forceCpu: boolean): Promise<{ be: Backend; info: BackendInfo }> {
  if (forceCpu) {
    const be = new CpuBackend();
    return { be, info: { kind: 'cpu', adapter: be.adapterName, fallbackReason: 'CPU backend chosen in the settings' } };
  }
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) {
    const be = new CpuBackend();
    return { be, info: { kind: 'cpu', adapter: be.adapterName, fallbackReason: 'This browser does not offer WebGPU' } };
  }
  try {
    const be = await WebGpuBackend.create(gpu);
    return { be, info: { kind: 'webgpu', adapter: be.adapterName } };
  } catch (e) {
    const be = new CpuBackend();
    return { be, info: { kind: 'cpu', adapter: be.adapterName, fallbackReason: `WebGPU unavailable: ${(e as Error).message}` } };
  }
}
