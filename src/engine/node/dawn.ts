/**
 * WebGPU in Node through Dawn (the npm package `webgpu`). On a machine with no GPU it
 * needs a Vulkan driver: Debian's chromium ships SwiftShader, lavapipe comes with
 * mesa-vulkan-drivers. Only Node code (CLI, tests, bench) imports this file.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { WebGpuBackend } from '../webgpu/webgpuBackend';

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

/** A WebGPU backend on Dawn, or throws with the reason. */
export async function createDawnBackend(): Promise<WebGpuBackend> {
  return WebGpuBackend.create(await nodeGpu());
}
