/**
 * The WebGPU backend for tests (Dawn in Node). When no adapter can be created, a test
 * fails loudly under CI (process.env.CI set) and is skipped locally with the reason.
 */
import type { WebGpuBackend } from '../../src/engine/webgpu/webgpuBackend';
import { createDawnBackend } from '../../src/engine/node/dawn';

export interface GpuHandle {
  be: WebGpuBackend | null;
  reason: string;
}

export async function openGpu(tag: string): Promise<GpuHandle> {
  try {
    const be = await createDawnBackend();
    console.log(`[${tag}] WebGPU adapter: ${be.adapterName} (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? 'unset: Vulkan loader default'})`);
    return { be, reason: '' };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    if (process.env.CI) throw new Error(`[${tag}] CI requires a WebGPU adapter (Dawn + a Vulkan driver) but none could be created: ${reason}`);
    console.warn(`[${tag}] SKIPPED: no WebGPU adapter (${reason})`);
    return { be: null, reason };
  }
}
