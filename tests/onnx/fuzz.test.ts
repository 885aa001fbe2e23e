/**
 * Bounded fuzzing of the importer: random byte flips, truncations, insertions, deletions and
 * garbage splices of valid exports. Every result is either an OnnxImportError or an accepted
 * model whose spec, weights and metadata are consistent (valid spec, weights of the layout's
 * length, all finite, and a re-export that imports back to the same thing). Nothing else may
 * be thrown, and no single import may take long.
 */
import { describe, expect, it } from 'vitest';
import { mlpSpecOf } from '../../src/diffusion/denoiser';
import { mlpLayout } from '../../src/engine/nn/mlp';
import { Rng } from '../../src/engine/philox';
import { OnnxImportError } from '../../src/onnx/errors';
import { exportDenoiser, exportGenerator } from '../../src/onnx/export';
import { importDenoiser, type ImportedModel } from '../../src/onnx/import';
import { specProblem } from '../../src/onnx/specJson';
import { SPEC_SMALL, weightsFor } from './helpers';

const ITERATIONS = 600;

function mutate(base: Uint8Array, u: () => number): Uint8Array {
  const pos = () => Math.floor(u() * base.length);
  const byte = () => Math.floor(u() * 256);
  const r = u();
  if (r < 0.35) {
    const b = base.slice();
    const flips = 1 + Math.floor(u() * 4);
    for (let k = 0; k < flips; k++) b[pos()] ^= 1 + Math.floor(u() * 255);
    return b;
  }
  if (r < 0.5) return base.slice(0, pos());
  if (r < 0.65) {
    const p = pos();
    const ins = Uint8Array.from({ length: 1 + Math.floor(u() * 8) }, byte);
    return new Uint8Array([...base.subarray(0, p), ...ins, ...base.subarray(p)]);
  }
  if (r < 0.8) {
    const p = pos();
    return new Uint8Array([...base.subarray(0, p), ...base.subarray(Math.min(base.length, p + 1 + Math.floor(u() * 16)))]);
  }
  // overwrite a run with a varint-looking value (large lengths, negative numbers)
  const b = base.slice();
  const p = pos();
  const run = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01].slice(Math.floor(u() * 9));
  b.set(run.slice(0, b.length - p), p);
  return b;
}

function checkConsistent(m: ImportedModel): void {
  expect(specProblem(m.spec)).toBeNull();
  expect(m.weights.length).toBe(mlpLayout(mlpSpecOf(m.spec)).size);
  expect(m.weights.every(Number.isFinite)).toBe(true);
  expect(['denoiser', 'generator']).toContain(m.kind);
  if (m.kind === 'generator') expect(m.sigmaInit).toBeGreaterThan(0);
  const again = m.kind === 'generator'
    ? exportGenerator(m.spec, m.weights, m.sigmaInit!, m.metadata)
    : exportDenoiser(m.spec, m.weights, m.metadata);
  const back = importDenoiser(again);
  expect(back.spec).toEqual(m.spec);
  expect(Array.from(back.weights)).toEqual(Array.from(m.weights));
}

describe('importer fuzzing', () => {
  const bases: [string, Uint8Array][] = [
    ['denoiser', exportDenoiser(SPEC_SMALL, weightsFor(SPEC_SMALL, 6), { dataset: 'moons', seed: 3, trainingSteps: 99, role: 'teacher' })],
    ['generator', exportGenerator(SPEC_SMALL, weightsFor(SPEC_SMALL, 7), 2.5, { dataset: 'moons', seed: 3 })],
  ];
  for (const [name, base] of bases) {
    it(`${ITERATIONS} mutations of a ${name} export: OnnxImportError or a consistent model`, () => {
      const rng = new Rng(name === 'denoiser' ? 1234 : 5678, 3);
      const pool = rng.uniform(ITERATIONS * 64);
      let k = 0;
      const u = () => pool[k++ % pool.length];
      const counts = { refused: 0, accepted: 0 };
      const reasons = new Map<string, number>();
      let slowest = 0;
      for (let i = 0; i < ITERATIONS; i++) {
        const bytes = mutate(base, u);
        const t0 = performance.now();
        let result: ImportedModel | null = null;
        try {
          result = importDenoiser(bytes);
        } catch (e) {
          if (!(e instanceof OnnxImportError)) throw new Error(`iteration ${i}: ${String(e)} is not an OnnxImportError`);
          counts.refused++;
          const reason = e.message.replace(/[0-9'"[(].*$/, '').trim();
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        }
        slowest = Math.max(slowest, performance.now() - t0);
        if (result) {
          counts.accepted++;
          checkConsistent(result);
        }
      }
      const top = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([r, n]) => `${n}x ${r}`);
      console.log(`[onnx fuzz] ${name}: ${counts.refused} refused, ${counts.accepted} accepted, slowest import ${slowest.toFixed(1)} ms; top reasons: ${top.join(' | ')}`);
      expect(counts.refused + counts.accepted).toBe(ITERATIONS);
      expect(counts.refused).toBeGreaterThan(ITERATIONS / 2);
      expect(slowest).toBeLessThan(1000);
    });
  }
});
