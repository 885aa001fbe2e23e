/**
 * Shared pieces of the matmul variants (scripts/benchMatmulVariants.ts): the variant type,
 * the epilogue every variant uses (the library matmul's semantics, options read from the
 * parameters) and the KernelDef builders (the library's params, bindings and CPU twin).
 */
import type { Backend, Buf } from '../src/engine/backend';
import type { KernelDef } from '../src/engine/kernel';
import { matmulKernel } from '../src/engine/kernels/matmul';
import type { MmShape } from './benchShapes';

export type { MmShape };

export interface MatmulVariant {
  name: string;
  kernel: KernelDef;
  grid: (s: MmShape) => [number, number, number];
  /** false: this variant cannot run this shape (e.g. alignment of vec4 loads) */
  supports?: (s: MmShape) => boolean;
  /** A variant of several dispatches (split-K): records them itself. */
  run?: (be: Backend, params: Record<string, number>, bufs: Buf[], s: MmShape) => void;
  /** Runs only on an adapter with exactly this subgroup size. */
  subgroupSize?: number;
  /** A variant that picks its entry point by shape and adapter (the library's). */
  pick?: (s: MmShape, subgroupSize: number | null) => { kernel: KernelDef; groups: [number, number, number] };
}

export const EPILOGUE = `
fn act_apply(v: f32, code: u32) -> f32 {
  if (code == 1u) { return v / (1.0 + exp(-v)); }
  if (code == 2u) { return max(v, 0.0); }
  return v;
}
fn store_out(r: u32, c: u32, acc: f32) {
  let o = r * p.N + c;
  var v = p.alpha * acc;
  if (p.beta != 0.0) { v = v + p.beta * C[p.offC + o]; }
  if (p.hasBias != 0u) { v = v + bias[p.offBias + c]; }
  if (p.act != 0u) {
    pre[p.offPre + o] = v;
    v = act_apply(v, p.act);
  }
  C[p.offC + o] = v;
}
`;

export function def(name: string, wgsl: string): KernelDef {
  // the variants read the epilogue options from the parameters, not pipeline constants
  return { ...matmulKernel, name, wgsl, constants: undefined } as KernelDef;
}

export const V4 = 'vec4<f32>' as const;
export function defV4(name: string, wgsl: string, aVec: boolean, bVec: boolean): KernelDef {
  return {
    ...matmulKernel, name, wgsl, constants: undefined,
    bindings: [{ name: 'A', write: false, type: aVec ? V4 : 'f32' }, { name: 'B', write: false, type: bVec ? V4 : 'f32' }, { name: 'bias', write: false }, { name: 'C', write: true }, { name: 'pre', write: true }],
  } as KernelDef;
}
export const al4 = (...v: number[]) => v.every((x) => x % 4 === 0);
