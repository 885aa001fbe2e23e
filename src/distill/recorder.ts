/**
 * DisBack stage 1, degradation recording (SPEC): psi <- teacher copy; DSM updates of psi
 * on samples of the frozen initial generator G^0; N checkpoints saved along the way.
 * The path runs from the teacher (theta'_0) towards the score of G^0 (theta'_N).
 * Distance of a checkpoint from the teacher: mean ||D_psi - D_teacher||^2 on a fixed
 * batch of noised G^0 samples (fixed z, sigma and eps, so the curve is smooth).
 */
import type { Backend, Buf } from '../engine/backend';
import { Adam } from '../engine/nn/adam';
import { fullReduce, wmse } from '../engine/ops';
import { Rng } from '../engine/philox';
import { DenoiserWorkspace, type DenoiserSpec, type Params } from '../diffusion/denoiser';
import { DsmStep } from '../diffusion/dsm';
import { GeneratorWorkspace } from './generator';
import { checkpointSteps, chooseByDistance } from './schedule';

export type Spacing = 'even' | 'geometric' | 'distance';

export interface RecordOptions {
  s1: number;
  nCheckpoints: number;
  spacing: Spacing;
  lr: number;
  batch: number;
  sigmaInit: number;
  seed: number;
  /** sigma range used for the noise levels of the DSM updates */
  sigmaRange: { lo: number; hi: number };
}

export interface RecordedPath {
  /** theta'_1 .. theta'_N (theta'_0 is the teacher, not included) */
  checkpoints: Params[];
  /** stage-1 step of each checkpoint theta'_1..theta'_N */
  steps: number[];
  /** distance from the teacher of theta'_0..theta'_N (first entry 0) */
  distances: number[];
  /** forward-pass equivalents spent (a backward pass counts 2) */
  passes: number;
  seconds: number;
}

/** Passes of one stage-1 step: G^0 forward (1), psi forward (1) and backward (2). */
export const STAGE1_PASSES_PER_STEP = 4;

export async function recordDegradation(
  be: Backend,
  spec: DenoiserSpec,
  teacher: Params,
  g0: Params,
  o: RecordOptions,
  onProgress?: (frac: number) => void,
): Promise<RecordedPath> {
  const t0 = performance.now();
  const rng = new Rng(o.seed, 0x5747e1);
  const psi = teacher.clone('stage1.psi');
  const adam = new Adam(be, psi.size, { lr: o.lr, beta1: 0, beta2: 0.999, eps: 1e-8 }, 'stage1.adam');
  const gen = new GeneratorWorkspace(be, spec, o.batch, o.sigmaInit, 'stage1.gen');
  const dsm = new DsmStep(be, spec, o.batch, psi.size, 'stage1.dsm');
  // fixed measurement batch
  const mrng = new Rng(o.seed, 0x3ea5);
  const mGen = new GeneratorWorkspace(be, spec, o.batch, o.sigmaInit, 'stage1.mgen');
  const mX0 = be.createBuffer(o.batch * spec.dim, 'stage1.mx0');
  mGen.sample(g0, mrng, mX0);
  const mNoise = new DsmStep(be, spec, o.batch, 1, 'stage1.mnoise');
  mNoise.noise(mrng, mX0, 0, o.sigmaRange);
  const mDen = new DenoiserWorkspace(be, spec, o.batch, 'stage1.mden');
  const dPsi = be.createBuffer(o.batch * spec.dim, 'stage1.dpsi');
  const dTeach = be.createBuffer(o.batch * spec.dim, 'stage1.dteach');
  mDen.forward(teacher, mNoise.x, mNoise.sigma, 0, 0, dTeach);
  const rows = be.createBuffer(o.batch, 'stage1.rows');
  const scratch = be.createBuffer(o.batch * spec.dim, 'stage1.scratch');

  // report progress (and let messages in) every 50 steps; every 5 for the costly U-Net
  const syncEvery = spec.unet ? 5 : 50;
  let measureAt: number[];
  if (o.spacing === 'distance') {
    const every = Math.max(1, Math.floor(o.s1 / (8 * o.nCheckpoints)));
    measureAt = [];
    for (let s = every; s < o.s1; s += every) measureAt.push(s);
    measureAt.push(o.s1);
  } else {
    measureAt = checkpointSteps(o.spacing, o.s1, o.nCheckpoints);
  }
  const distBuf = be.createBuffer(measureAt.length + 1, 'stage1.dist');
  const snaps: Params[] = [];
  let passes = 0;
  let mi = 0;
  const freeWork = () => {
    psi.destroy();
    adam.destroy();
    gen.destroy();
    dsm.destroy();
    mGen.destroy();
    mNoise.destroy();
    mDen.destroy();
    for (const buf of [mX0, dPsi, dTeach, rows, scratch, distBuf] as Buf[]) be.destroyBuffer(buf);
  };
  try {
    for (let s = 1; s <= o.s1; s++) {
      const x0 = gen.sample(g0, rng);
      dsm.run(psi, adam, rng, x0, { range: o.sigmaRange });
      passes += STAGE1_PASSES_PER_STEP;
      if (measureAt[mi] === s) {
        const D = mDen.forward(psi, mNoise.x, mNoise.sigma, 0, 0, dPsi);
        wmse(be, { y: D, t: dTeach, B: o.batch, d: spec.dim }, rows, scratch);
        fullReduce(be, 'mean', rows, distBuf, o.batch, { offOut: mi });
        passes += 1;
        snaps.push(psi.clone(`theta'@${s}`));
        mi++;
      }
      be.flush();
      if (s % syncEvery === 0 || s === o.s1) {
        await be.sync();
        onProgress?.(s / o.s1);
      }
    }
  } catch (e) {
    // a cancelled recording (onProgress threw) or a failed step: free everything, keep nothing
    snaps.forEach((p) => p.destroy());
    freeWork();
    throw e;
  }
  const dist = Array.from(await be.read(distBuf, 0, measureAt.length));
  let chosen: number[];
  if (o.spacing === 'distance') chosen = chooseByDistance(dist, o.nCheckpoints);
  else chosen = measureAt.map((_, i) => i);
  const checkpoints = chosen.map((i) => snaps[i]);
  snaps.forEach((p, i) => {
    if (!chosen.includes(i)) p.destroy();
  });
  freeWork();
  return {
    checkpoints,
    steps: chosen.map((i) => measureAt[i]),
    distances: [0, ...chosen.map((i) => dist[i])],
    passes,
    seconds: (performance.now() - t0) / 1000,
  };
}
