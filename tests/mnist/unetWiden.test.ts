/**
 * Widening a U-Net's lowest level (src/engine/nn/unetWiden.ts) must not change what it
 * computes: the wide network's output on the CPU backend equals the narrow one's, for random
 * weights (not the zero-initialised last convs), with and without a skip projection into the
 * lowest level; the copies of a channel must not be exact twins, or training could never
 * tell them apart.
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { UNetWorkspace } from '../../src/engine/nn/unet';
import { initUNetWeights, unetPlan, type UNetSpec } from '../../src/engine/nn/unetSpec';
import { widenLowestLevel } from '../../src/engine/nn/unetWiden';
import { Rng } from '../../src/engine/philox';
import { compareArrays } from '../../src/engine/selftest';

async function forward(spec: UNetSpec, w: Float32Array, x: Float32Array, c: Float32Array): Promise<Float32Array> {
  const be = new CpuBackend();
  const B = c.length;
  const ws = new UNetWorkspace(be, spec, B);
  const P = be.createBuffer(w.length), X = be.createBuffer(x.length), Cb = be.createBuffer(B);
  be.write(P, w); be.write(X, x); be.write(Cb, c);
  ws.forward({ buf: P }, X, Cb);
  return be.read(ws.output);
}

const base: UNetSpec = { side: 12, inCh: 1, outCh: 1, channels: [3, 4, 6], groups: 3, mid: 2, fourier: { F: 4, fmin: 0.25, fmax: 8 }, embDim: 8 };

describe('widenLowestLevel', () => {
  for (const spec of [base, { ...base, channels: [3, 6, 6], mid: 1 }]) {
    it(`keeps the function of a ${spec.channels.join('-')} U-Net (mid ${spec.mid})`, async () => {
      const w = initUNetWeights(spec, 5, { zeroOut: false });
      const { spec: wide, weights } = widenLowestLevel(spec, w, 9);
      expect(wide.channels).toEqual([...spec.channels.slice(0, 2), 2 * spec.channels[2]]);
      expect(weights.length).toBe(unetPlan(wide).size);
      const rng = new Rng(3, 1);
      const x = rng.uniform(3 * 144, -1, 2), c = new Float32Array([-1.2, 0.3, 2]);
      const y0 = await forward(spec, w, x, c), y1 = await forward(wide, weights, x, c);
      const e = compareArrays(y1, y0);
      expect(e.maxRel).toBeLessThan(1e-5);
      // same seed, same result; another seed splits differently but computes the same
      expect(widenLowestLevel(spec, w, 9).weights).toEqual(weights);
      const other = widenLowestLevel(spec, w, 10).weights;
      expect(other).not.toEqual(weights);
      expect(compareArrays(await forward(wide, other, x, c), y0).maxRel).toBeLessThan(1e-5);
    });
  }

  it('gives the two copies of a channel different weights', () => {
    const w = initUNetWeights(base, 5, { zeroOut: false });
    const { spec: wide, weights } = widenLowestLevel(base, w, 9);
    const conv2 = unetPlan(wide).mid[0].conv2, n = conv2.cout;
    // input rows 0 and its copy 1 (groups of 2 old channels: copies sit cg = 2 apart) -> rows 0 and 2
    let diff = 0, sum = 0;
    for (let k = 0; k < n; k++) {
      const a = weights[conv2.off + 0 * n + k], b = weights[conv2.off + 2 * n + k];
      diff += Math.abs(a - b); sum += Math.abs(a) + Math.abs(b);
    }
    expect(diff / sum).toBeGreaterThan(0.05);
  });

  it('refuses what it cannot widen exactly', () => {
    expect(() => widenLowestLevel({ ...base, channels: [6] }, new Float32Array(unetPlan({ ...base, channels: [6] }).size), 1)).toThrow(/two levels/);
    const odd = { ...base, channels: [3, 4, 6], groups: 4 };
    expect(() => widenLowestLevel(odd, initUNetWeights(odd, 1), 1)).toThrow(/group-norm groups/);
    expect(() => widenLowestLevel(base, new Float32Array(7), 1)).toThrow(/expected/);
    const film = { ...base, film: true };
    expect(() => widenLowestLevel(film, initUNetWeights(film, 1), 1)).toThrow(/FiLM/);
  });
});
