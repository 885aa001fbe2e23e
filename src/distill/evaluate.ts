/**
 * Per-tick distances of a student's samples to the fixed reference sets: the teacher's
 * Heun samples, held-out data, and every checkpoint theta'_0..theta'_N (the trajectory
 * row). The reference projections are sorted once; each tick sorts the student's K
 * projections once and reuses them for every reference.
 */
import type { EvalPoint } from './types';
import { energyDistance, makeProjections, mmd2, modeCoverage, w2sq1dSorted } from '../metrics';

export interface EvaluatorInputs {
  dim: number;
  teacher: Float32Array;
  heldout: Float32Array;
  /** samples of theta'_0 (= teacher), theta'_1..theta'_N */
  checkpoints: Float32Array[];
  seed: number;
  modes?: { centres: Float32Array; radius: number; project?: (x: Float32Array) => Float32Array };
  projections?: number;
}

export type Measures = Pick<EvalPoint, 'sw2Teacher' | 'mmdTeacher' | 'energyTeacher' | 'sw2Data' | 'sw2Target' | 'trajectory' | 'modes' | 'fd' | 'fdTeacher' | 'classHist' | 'classes' | 'confident'>;

/** Distances of a student's samples to the race's reference sets (2-D: evaluate.ts; MNIST: mnistEvaluate.ts). */
export interface Evaluator {
  measure(samples: Float32Array, target: number): Promise<Measures>;
  /** Do the one-off work (reference statistics) now rather than at the first measure. */
  ready?(): Promise<void>;
}

function sortedProjections(x: Float32Array, dim: number, dirs: Float32Array, K: number): Float32Array[] {
  const n = x.length / dim;
  const out: Float32Array[] = [];
  for (let k = 0; k < K; k++) {
    const p = new Float32Array(n);
    const o = k * dim;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += x[i * dim + j] * dirs[o + j];
      p[i] = s;
    }
    out.push(p.sort());
  }
  return out;
}

function sw2Sorted(a: Float32Array[], b: Float32Array[]): number {
  let acc = 0;
  for (let k = 0; k < a.length; k++) acc += w2sq1dSorted(a[k], b[k]);
  return Math.sqrt(acc / a.length);
}

export function makeEvaluator(inp: EvaluatorInputs): Evaluator {
  const K = inp.projections ?? 128;
  const dirs = makeProjections(inp.dim, K, inp.seed);
  const refTeacher = sortedProjections(inp.teacher, inp.dim, dirs, K);
  const refData = sortedProjections(inp.heldout, inp.dim, dirs, K);
  const refCk = inp.checkpoints.map((c, i) => (i === 0 ? refTeacher : sortedProjections(c, inp.dim, dirs, K)));
  // MMD/energy are O(n m): compare against at most 1024 teacher samples
  const teacherSub = inp.teacher.subarray(0, Math.min(inp.teacher.length, 1024 * inp.dim));
  return {
    async measure(samples: Float32Array, target: number): Promise<Measures> {
      if (!samples.every(Number.isFinite)) {
        return { sw2Teacher: NaN, mmdTeacher: NaN, energyTeacher: NaN, sw2Data: NaN, sw2Target: NaN, trajectory: refCk.map(() => NaN) };
      }
      const s = sortedProjections(samples, inp.dim, dirs, K);
      const trajectory = refCk.map((r) => sw2Sorted(s, r));
      const sub = samples.subarray(0, Math.min(samples.length, 1024 * inp.dim));
      const out: Measures = {
        sw2Teacher: trajectory[0],
        mmdTeacher: mmd2(sub, teacherSub, inp.dim),
        energyTeacher: energyDistance(sub, teacherSub, inp.dim),
        sw2Data: sw2Sorted(s, refData),
        sw2Target: trajectory[Math.min(target, trajectory.length - 1)],
        trajectory,
      };
      if (inp.modes) {
        const pts = inp.modes.project ? inp.modes.project(samples) : samples;
        out.modes = modeCoverage(pts, 2, inp.modes.centres, inp.modes.radius).covered;
      }
      return out;
    },
  };
}
