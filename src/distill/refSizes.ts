/** Reference-set sizes of an MNIST race by backend (shared by the worker and the CLI). */
import type { Backend } from '../engine/backend';

/** lavapipe, SwiftShader and the CPU backend: every FLOP is a CPU FLOP. */
export function isSoftwareAdapter(be: Pick<Backend, 'kind' | 'adapterName'>): boolean {
  return be.kind === 'cpu' || /lavapipe|llvmpipe|swiftshader|software/i.test(be.adapterName);
}

/**
 * Heun samples and steps of each MNIST reference set (teacher and every checkpoint): on a
 * software adapter 256 samples of 10 steps (19 U-Net passes: ~55 GFLOP per set for the
 * 8-16-32 U-Net, i.e. tens of seconds), on a real GPU 1,000 of 18.
 */
export function mnistRefSizes(be: Pick<Backend, 'kind' | 'adapterName'>): { refSamples: number; refSteps: number } {
  return isSoftwareAdapter(be) ? { refSamples: 256, refSteps: 10 } : { refSamples: 1000, refSteps: 18 };
}
