/** Reference-set sizes of an MNIST race by backend (shared by the worker and the CLI). */
import type { Backend } from '../engine/backend';

/** lavapipe, SwiftShader and the CPU backend: every FLOP is a CPU FLOP. */
export function isSoftwareAdapter(be: Pick<Backend, 'kind' | 'adapterName'>): boolean {
  return be.kind === 'cpu' || /lavapipe|llvmpipe|swiftshader|software/i.test(be.adapterName);
}

/**
 * Heun samples and steps of each MNIST reference set (teacher and every checkpoint): on a
 * software adapter as many samples as the run evaluates (evalSamples, clamped to 64..256) with
 * 10 steps (19 U-Net passes: ~56 GFLOP per set of 128 for the shipped 8-24-48 U-Net, tens of seconds
 * on lavapipe, several times that on SwiftShader), on a real GPU 1,000 of 18. FD between
 * sets of a few hundred samples is biased upwards, equally for every method.
 */
export function mnistRefSizes(be: Pick<Backend, 'kind' | 'adapterName'>, evalSamples = 256): { refSamples: number; refSteps: number } {
  return isSoftwareAdapter(be) ? { refSamples: Math.min(256, Math.max(64, evalSamples)), refSteps: 10 } : { refSamples: 1000, refSteps: 18 };
}
