import { describe, expect, it } from 'vitest';
import type { Buf } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import * as ops from '../../src/engine/ops';
import { Rng } from '../../src/engine/philox';
import { RoutedCpu } from './routedCpu';

function product(be: CpuBackend, M: number, N: number, K: number, o: Partial<ops.MatmulArgs>, split: number): Float32Array {
  const rng = new Rng(7, 3);
  const a = be.createBuffer(5 + M * K), b = be.createBuffer(7 + K * N), c = be.createBuffer(3 + M * N + 2);
  be.write(a, rng.uniform(5 + M * K, -1, 2));
  be.write(b, rng.uniform(7 + K * N, -1, 2));
  be.write(c, rng.uniform(3 + M * N + 2, -1, 2));
  const args = { a, b, c, M, N, K, offA: 5, offB: 7, offC: 3, ...o };
  if (split) ops.matmulSplitK(be, args, split);
  else ops.matmul(be, args);
  return be.view(c).slice();
}

describe('split-K matmul (GPUs: long-K weight gradients)', () => {
  it('gives the plain product up to rounding, in every transposition form, with alpha and beta', () => {
    for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]]) {
      for (const [M, N, K, chunks] of [[48, 16, 3000, 47], [3, 5, 777, 12], [20, 9, 1024, 2]]) {
        const o = { transA, transB, alpha: 0.75, beta: -0.5 };
        const plain = product(new CpuBackend(), M, N, K, o, 0);
        const split = product(new CpuBackend(), M, N, K, o, chunks);
        let worst = 0;
        for (let i = 0; i < plain.length; i++) worst = Math.max(worst, Math.abs(plain[i] - split[i]));
        expect(worst, `${transA}${transB} ${M}x${N}x${K}`).toBeLessThan(2e-4);
        // the elements around C are untouched
        expect([split[0], split[1], split[2], split.at(-1), split.at(-2)]).toEqual([plain[0], plain[1], plain[2], plain.at(-1), plain.at(-2)]);
      }
    }
  });
  it('a GPU splits long-K plain products only; software adapters never do', () => {
    expect(ops.splitKChunks({ M: 48, N: 16, K: 25088 })).toBe(256);
    expect(ops.splitKChunks({ M: 96, N: 48, K: 6272 })).toBe(57);
    expect(ops.splitKChunks({ M: 48, N: 16, K: 25088, bias: {} as Buf })).toBe(0);
    expect(ops.splitKChunks({ M: 48, N: 16, K: 25088, actGrad: 'silu' })).toBe(0);
    expect(ops.splitKChunks({ M: 48, N: 16, K: 300 })).toBe(0); // short K
    expect(ops.splitKChunks({ M: 512, N: 512, K: 25088 })).toBe(0); // enough blocks already
    // never more partial products than the scratch buffer holds
    const big = ops.splitKChunks({ M: 250, N: 250, K: 1 << 16 });
    expect(big * 250 * 250).toBeLessThanOrEqual(ops.SPLITK_SCRATCH);
    const gpu = new RoutedCpu(false);
    product(gpu, 48, 16, 3000, { transA: true }, 0);
    expect(gpu.ran).toEqual(['matmul_splitk', 'col_sum_split']);
    const sw = new RoutedCpu(true);
    product(sw, 48, 16, 3000, { transA: true }, 0);
    expect(sw.ran).toEqual(['matmul_n16']);
  });
  it('a GPU sums long columns (bias gradients) as ones x X through split-K; the result is the column sum', () => {
    const sums = (be: RoutedCpu, M: number, N: number) => {
      const rng = new Rng(11, 2);
      const x = be.createBuffer(4 + M * N), out = be.createBuffer(N + 6);
      be.write(x, rng.uniform(4 + M * N, -1, 2));
      be.write(out, rng.uniform(N + 6, -1, 2));
      ops.colSum(be, x, out, M, N, { offX: 4, offOut: 2, scale: 0.5, beta: 0.25 });
      return be.view(out).slice();
    };
    for (const [M, N] of [[25088, 16], [4096, 3], [70000, 1]]) {
      const gpu = new RoutedCpu(false), sw = new RoutedCpu(true);
      const [g, s] = [sums(gpu, M, N), sums(sw, M, N)];
      expect(gpu.ran.filter((k) => k !== 'ew_affine_inplace')).toEqual(['matmul_splitk', 'col_sum_split']);
      expect(sw.ran).toEqual(['col_sum']);
      for (let j = 0; j < g.length; j++) expect(g[j], `M=${M} N=${N} [${j}]`).toBeCloseTo(s[j], 3);
    }
    // short columns and wide rows keep col_sum_split
    const gpu = new RoutedCpu(false);
    sums(gpu, 4095, 16);
    sums(gpu, 5000, 300);
    expect(gpu.ran).toEqual(['col_sum_split', 'col_sum_split']);
  });
  it('refuses an epilogue it cannot apply', () => {
    const be = new CpuBackend();
    const [a, b, c, bias] = [be.createBuffer(8), be.createBuffer(8), be.createBuffer(4), be.createBuffer(2)];
    expect(() => ops.matmulSplitK(be, { a, b, c, M: 2, N: 2, K: 4, bias }, 2)).toThrow(/plain products only/);
  });
});
