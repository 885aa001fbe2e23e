import src from './conv2dSg.wgsl?raw';
import { defineKernel, wgslSections } from '../kernel';
import { conv3x3Kernel, conv3x3WgradKernel } from './conv2d';

const S = wgslSections(src);

/** Lanes of the subgroup the kernels are written for: one weight (or Dy) load per lane covers 8 columns. */
const LANES = 8;
/** Pixels (forward) or input channels (weight gradient) per invocation. */
const ROWS = 4;

/**
 * Blocks of 8 output channels per workgroup (the WGSL constant NB, 1 to 4): the fewest
 * column tiles of at most 4 blocks, then the fewest blocks that cover Cout in that many
 * tiles (Cout 48: 2 tiles of 3 blocks, not 32 + 16 of 4).
 */
export function convColumnBlocks(cout: number): number {
  const q = Math.ceil(cout / LANES);
  return Math.ceil(q / Math.ceil(q / 4));
}

/** conv3x3 on subgroups of exactly 8 lanes (lavapipe): 4 pixels x 8 NB channels per invocation. Same parameters and twin. */
export const conv3x3Sg8Kernel = defineKernel(S, {
  name: 'conv3x3_sg8', params: conv3x3Kernel.params, bindings: conv3x3Kernel.bindings, cpu: conv3x3Kernel.cpu, subgroupSize: LANES,
  constants: (p) => ({ NB: convColumnBlocks(p.Cout), BIAS: p.hasBias !== 0 ? 1 : 0, CB: p.hasCb !== 0 ? 1 : 0, BETA: p.beta !== 0 ? 1 : 0 }),
});
/** conv3x3_wgrad on subgroups of exactly 8 lanes: 4 input channels of one tap x 8 NB output channels per invocation. */
export const conv3x3WgradSg8Kernel = defineKernel(S, {
  name: 'conv3x3_wgrad_sg8', params: conv3x3WgradKernel.params, bindings: conv3x3WgradKernel.bindings, cpu: conv3x3WgradKernel.cpu, subgroupSize: LANES,
  constants: (p) => ({ NB: convColumnBlocks(p.Cout) }),
});

/** The forward / input-gradient grid of conv3x3_sg8 for M pixels and Cout channels. */
export function convSg8Groups(M: number, cout: number): [number, number, number] {
  return [Math.ceil(cout / (LANES * convColumnBlocks(cout))), Math.ceil(M / (LANES * ROWS)), 1];
}
/** The weight-gradient grid of conv3x3_wgrad_sg8 for S pixel chunks. */
export function convWgradSg8Groups(cin: number, cout: number, S: number): [number, number, number] {
  return [Math.ceil(cout / (LANES * convColumnBlocks(cout))), Math.ceil((9 * Math.ceil(cin / ROWS) + 1) / LANES), S];
}
