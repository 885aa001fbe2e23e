import src from './matmul.wgsl?raw';
import { defineKernel, type KernelDef, wgslSections } from '../kernel';

const S = wgslSections(src);

export function actRef(v: number, code: number): number {
  if (code === 1) return v / (1 + Math.exp(-v));
  if (code === 2) return Math.max(v, 0);
  return v;
}

/** d act(v) / dv for the activation codes of actRef (1: SiLU, 2: ReLU, else identity). */
export function actGradRef(v: number, code: number): number {
  if (code === 1) {
    const s = 1 / (1 + Math.exp(-v));
    return s * (1 + v * (1 - s));
  }
  if (code === 2) return v > 0 ? 1 : 0;
  return 1;
}

type MatmulParam =
  | 'M' | 'N' | 'K' | 'offA' | 'sAm' | 'sAk' | 'offB' | 'sBk' | 'sBn' | 'offC' | 'offBias' | 'offPre'
  | 'alpha' | 'beta' | 'hasBias' | 'act' | 'dact';

const def = {
  params: [
    ['M', 'u32'], ['N', 'u32'], ['K', 'u32'],
    ['offA', 'u32'], ['sAm', 'u32'], ['sAk', 'u32'],
    ['offB', 'u32'], ['sBk', 'u32'], ['sBn', 'u32'],
    ['offC', 'u32'], ['offBias', 'u32'], ['offPre', 'u32'],
    ['alpha', 'f32'], ['beta', 'f32'], ['hasBias', 'u32'], ['act', 'u32'], ['dact', 'u32'],
  ],
  bindings: [{ name: 'A', write: false }, { name: 'B', write: false }, { name: 'bias', write: false }, { name: 'C', write: true }, { name: 'pre', write: true }],
  /**
   * C = alpha A B + beta C (+ bias); act != 0: pre = that, C = act(pre); dact != 0:
   * C = that * act'(pre) with pre read (the two are exclusive).
   */
  cpu: (p, [A, B, bias, C, pre]) => {
    for (let r = 0; r < p.M; r++) {
      for (let c = 0; c < p.N; c++) {
        let s = 0;
        const a0 = p.offA + r * p.sAm;
        const b0 = p.offB + c * p.sBn;
        for (let k = 0; k < p.K; k++) s += A[a0 + k * p.sAk] * B[b0 + k * p.sBk];
        const o = r * p.N + c;
        let v = p.alpha * s;
        if (p.beta !== 0) v += p.beta * C[p.offC + o];
        if (p.hasBias !== 0) v += bias[p.offBias + c];
        if (p.act !== 0) {
          pre[p.offPre + o] = v;
          v = actRef(v, p.act);
        }
        if (p.dact !== 0) v *= actGradRef(pre[p.offPre + o], p.dact);
        C[p.offC + o] = v;
      }
    }
  },
  /** the epilogue options as pipeline constants (matmul.wgsl), so unused options cost nothing */
  constants: (p) => ({ ACT: p.act, DACT: p.dact, BIAS: p.hasBias !== 0 ? 1 : 0, BETA: p.beta !== 0 ? 1 : 0 }),
} satisfies Omit<KernelDef<MatmulParam>, 'name' | 'wgsl'>;

/** N > 32: 8x8 blocks per invocation, 8x8 invocations per workgroup. */
export const matmulKernel = defineKernel(S, { name: 'matmul', ...def });
/** 16 < N <= 32 (workgroup 4x4). */
export const matmulN32Kernel = defineKernel(S, { name: 'matmul_n32', ...def });
/** 8 < N <= 16 (workgroup 2x8). */
export const matmulN16Kernel = defineKernel(S, { name: 'matmul_n16', ...def });
/** 4 < N <= 8 (workgroup 1x16). */
export const matmulN8Kernel = defineKernel(S, { name: 'matmul_n8', ...def });
/** N <= 4: 8x2 blocks per invocation (workgroup 1x16). */
export const matmulThinKernel = defineKernel(S, { name: 'matmul_thin', ...def });
/** Subgroups of exactly 8 lanes: 4 rows x 32 columns per invocation, B shared by subgroupBroadcast (workgroup 8). */
export const matmulSg8Kernel = defineKernel(S, { name: 'matmul_sg8', ...def, subgroupSize: 8 });
/** Subgroups of exactly 4 lanes: 8 rows x 16 columns per invocation (workgroup 8). */
export const matmulSg4Kernel = defineKernel(S, { name: 'matmul_sg4', ...def, subgroupSize: 4 });

/**
 * Split-K for GPUs (matmul.wgsl): chunk z of ceil(K / kc) writes alpha times the product over
 * k in [z kc, (z + 1) kc) to C[offC + z M N ..]; no bias, activation or beta (the caller
 * sums the chunks, see ops.matmul). Grid: matmulSplitKGroups.
 */
export const matmulSplitKKernel = defineKernel<MatmulParam | 'kc'>(S, {
  name: 'matmul_splitk',
  params: [...def.params, ['kc', 'u32']],
  bindings: def.bindings,
  cpu: (p, [A, B, , C]) => {
    const chunks = Math.ceil(p.K / p.kc);
    for (let z = 0; z < chunks; z++) {
      const k1 = Math.min(p.K, (z + 1) * p.kc);
      for (let r = 0; r < p.M; r++) {
        for (let c = 0; c < p.N; c++) {
          let s = 0;
          const a0 = p.offA + r * p.sAm, b0 = p.offB + c * p.sBn;
          for (let k = z * p.kc; k < k1; k++) s += A[a0 + k * p.sAk] * B[b0 + k * p.sBk];
          C[p.offC + z * p.M * p.N + r * p.N + c] = p.alpha * s;
        }
      }
    }
  },
  constants: () => ({ ACT: 0, DACT: 0, BIAS: 0, BETA: 0 }),
});
/** matmul_splitk's grid: 32 x 128 outputs per workgroup, one z per chunk. */
export function matmulSplitKGroups(M: number, N: number, chunks: number): [number, number, number] {
  return [Math.ceil(N / 32), Math.ceil(M / 128), chunks];
}

/**
 * The entry point for an M x N output and its dispatch grid (see matmul.wgsl).
 * subgroupSize: the backend's fixed subgroup size (WebGpuBackend.subgroupSize), if any.
 */
export function matmulKernelFor(M: number, N: number, subgroupSize?: number | null): { kernel: KernelDef<MatmulParam>; groups: [number, number, number] } {
  const rows = Math.ceil(M / 8);
  if (N <= 4) return { kernel: matmulThinKernel, groups: [Math.ceil(N / 2), Math.ceil(rows / 16), 1] };
  if (subgroupSize === 8) return { kernel: matmulSg8Kernel, groups: [Math.ceil(N / 32), Math.ceil(M / 32), 1] };
  // a matmul_sg4 workgroup spans 64 rows and cannot skip missing ones: few rows (a dW of
  // the 18-wide input layer) run faster on the generic kernels (SwiftShader: 5.3 vs 8.1 ms)
  if (subgroupSize === 4 && M > 32) return { kernel: matmulSg4Kernel, groups: [Math.ceil(N / 16), Math.ceil(M / 64), 1] };
  const cols = Math.ceil(N / 8);
  if (N <= 8) return { kernel: matmulN8Kernel, groups: [cols, Math.ceil(rows / 16), 1] };
  if (N <= 16) return { kernel: matmulN16Kernel, groups: [Math.ceil(cols / 2), Math.ceil(rows / 8), 1] };
  if (N <= 32) return { kernel: matmulN32Kernel, groups: [Math.ceil(cols / 4), Math.ceil(rows / 4), 1] };
  return { kernel: matmulKernel, groups: [Math.ceil(cols / 8), Math.ceil(rows / 8), 1] };
}

export const MATMUL_KERNELS: readonly KernelDef<MatmulParam>[] = [
  matmulKernel, matmulN32Kernel, matmulN16Kernel, matmulN8Kernel, matmulThinKernel, matmulSg8Kernel, matmulSg4Kernel,
];
