/**
 * The self-test's matmul cases (selftest.ts runs them): every entry point matmulKernelFor can
 * choose, on shapes with edge tiles in both directions, every transposition form and epilogue,
 * and the split-K path GPUs take for long-K products.
 */
import * as ops from './ops';
import { matmulKernelFor, matmulSplitKKernel } from './kernels/matmul';
import type { Buf } from './backend';
import type { Case } from './selftest';

// Every matmul entry point (chosen by N, see matmulKernelFor) sees edge tiles in both
// directions and grids of several workgroups: N in 1..4 (thin), 5..8, 9..16, 17..32, > 32.
const MM_SHAPES: readonly (readonly [number, number, number])[] = [
  [1, 1, 1], [3, 17, 33], [17, 3, 129], [33, 64, 1], [64, 129, 17], [129, 33, 64], [129, 129, 129], [1, 129, 3], [129, 1, 17], [64, 64, 64],
  [70, 12, 37], [37, 7, 70], [9, 20, 5], [300, 6, 40], [260, 14, 19], [200, 30, 9], [530, 3, 20], [136, 136, 2],
];
type MmVariant = { bias?: boolean; act?: ops.Act; actGrad?: ops.Act; alpha?: number; beta?: number };
// Few distinct epilogues (each is a pipeline of its own, see KernelDef.constants), together
// covering every option: bias, SiLU/ReLU forward and backward, alpha, beta (read C).
const MM_VARIANTS: readonly MmVariant[] = [
  {}, { bias: true, act: 'silu' }, { bias: true }, { actGrad: 'silu' },
  { bias: true, act: 'relu', alpha: 0.75, beta: 0.5 }, { actGrad: 'relu', bias: true, alpha: -0.5, beta: -1.25 }, { beta: 1 },
];

/**
 * Each shape through ops.matmul (the entry point this adapter gets, e.g. a subgroup kernel)
 * and, where that is not already the case, through the entry point for adapters without
 * subgroups, so every kernel this adapter can run is checked.
 */
export function matmulCases(subgroupSize: number | null): Case[] {
  const cases: Case[] = [];
  let idx = 0;
  for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    for (const [M, N, K] of MM_SHAPES) {
      const v = MM_VARIANTS[idx % MM_VARIANTS.length];
      const off = idx % 2 === 1;
      idx++;
      const [oA, oB, oC, oBias, oPre] = off ? [5, 7, 3, 2, 11] : [0, 0, 0, 0, 0];
      const act = v.act ?? 'none';
      const usesPre = act !== 'none' || v.actGrad !== undefined;
      const args = ([a, b, bias, c, pre]: Buf[]): ops.MatmulArgs => ({
        a, b, c, M, N, K, transA, transB, offA: oA, offB: oB, offC: oC, alpha: v.alpha, beta: v.beta,
        bias: v.bias ? bias : undefined, offBias: oBias, act, actGrad: v.actGrad, pre: usesPre ? pre : undefined, offPre: oPre,
      });
      const common = {
        label: `${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} M=${M} N=${N} K=${K} ${JSON.stringify(v)}${off ? ' offsets' : ''}`,
        bufs: [[oA + M * K, 'sym'], [oB + K * N, 'sym'], [oBias + N, 'sym'], [oC + M * N + 3, 'sym'], [oPre + M * N + 3, 'sym']] as const,
        out: usesPre ? [3, 4] : [3],
      };
      const chosen = matmulKernelFor(M, N, subgroupSize).kernel;
      cases.push({ ...common, kernel: chosen, launch: (be, bufs) => ops.matmul(be, args(bufs)) });
      const plain = matmulKernelFor(M, N, null).kernel;
      if (plain !== chosen) {
        cases.push({
          ...common, kernel: plain,
          launch: (be, bufs) => {
            const l = ops.matmulLaunch(be, args(bufs), null);
            if (l) be.run(l.kernel, l.params, l.bufs, l.groups);
          },
        });
      }
    }
  }
  return cases;
}

// Split-K (GPUs' long-K weight gradients): uneven last chunks, every transposition form,
// alpha and beta, offsets; [M, N, K, chunks].
const SPLITK_SHAPES: readonly (readonly [number, number, number, number])[] = [
  [48, 16, 3000, 47], [5, 3, 700, 10], [96, 48, 1300, 7], [33, 17, 2049, 32], [1, 1, 600, 9], [130, 40, 520, 2],
];
export function splitKCases(): Case[] {
  return SPLITK_SHAPES.map(([M, N, K, chunks], i) => {
    const [transA, transB] = [[true, false], [false, false], [false, true], [true, true]][i % 4];
    const [oA, oB, oC] = i % 2 ? [5, 7, 3] : [0, 0, 0];
    const [alpha, beta] = [[1, 0], [0.75, 0.5], [-0.5, 1], [1, -1.25]][i % 4];
    return {
      kernel: matmulSplitKKernel,
      label: `${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} M=${M} N=${N} K=${K} chunks=${chunks} alpha=${alpha} beta=${beta}${i % 2 ? ' offsets' : ''}`,
      bufs: [[oA + M * K, 'sym'], [oB + K * N, 'sym'], [oC + M * N + 3, 'sym']],
      out: [2],
      launch: (be, [a, b, c]) => ops.matmulSplitK(be, { a, b, c, M, N, K, transA, transB, offA: oA, offB: oB, offC: oC, alpha, beta }, chunks),
    };
  });
}
