/**
 * A race: every selected method distils the same teacher from the same initial generator
 * with the same seed, in lockstep (each advances the same number of generator steps per
 * tick), and is evaluated against fixed reference sets at every tick. Used by the worker
 * and by the CLI alike.
 */
import type { RunConfig } from '../config/schema';
import type { Backend, Buf } from '../engine/backend';
import { fullReduce, randNormal, wmse } from '../engine/ops';
import { Rng } from '../engine/philox';
import { createParams, DenoiserWorkspace, type DenoiserSpec, type Params } from '../diffusion/denoiser';
import { DsmStep } from '../diffusion/dsm';
import { Sampler } from '../diffusion/sampler';
import { initialGeneratorWeights, GeneratorWorkspace } from './generator';
import { methodDef } from './methods';
import { Racer } from './racer';
import { recordDegradation, type RecordedPath } from './recorder';
import { type Evaluator, makeEvaluator } from './evaluate';
import { makeMnistEvaluator } from './mnistEvaluate';
import type { EvalPoint, PathSummary } from './types';

export interface RaceInputs {
  be: Backend;
  config: RunConfig;
  spec: DenoiserSpec;
  teacherWeights: Float32Array;
  /** held-out data samples [m, dim] (MNIST: real digits, the FD reference) */
  heldout: Float32Array;
  modes?: { centres: Float32Array; radius: number; project?: (x: Float32Array) => Float32Array };
  /** Heun steps and sample count of the reference sets (teacher and checkpoints) */
  refSteps?: number;
  refSamples?: number;
}

/** Samples per submit of the MNIST reference sets (progress and cancellation between chunks). */
const REF_CHUNK = 32;

export class Race {
  readonly racers: Racer[] = [];
  readonly teacher: Params;
  readonly g0: Params;
  path: RecordedPath | null = null;
  pathSummary: PathSummary | null = null;
  teacherSamples: Float32Array | null = null;
  g0Samples: Float32Array | null = null;
  private evaluator: Evaluator | null = null;
  private evalGen: GeneratorWorkspace;
  private evalDen: DenoiserWorkspace;
  private evalNoise: DsmStep;
  private zEval: Buf;
  private x0Eval: Buf;
  private tick: Buf;
  private dA: Buf;
  private dB: Buf;
  private rows: Buf;
  private scratch: Buf;
  /** generator step of each racer's last evaluation (its loss rings are averaged from there) */
  readonly lastTick = new Map<Racer, number>();
  readonly sigmaRange: { lo: number; hi: number };

  constructor(readonly inp: RaceInputs) {
    const { be, config, spec } = inp;
    this.sigmaRange = { lo: spec.edm.sigmaMin, hi: spec.edm.sigmaMax };
    this.teacher = createParams(be, spec, inp.teacherWeights, 'teacher');
    const d = config.distill;
    this.g0 = initialGeneratorWeights(spec, inp.teacherWeights, d.genInit, d.sigmaInit, config.seed, be);
    const n = config.evalSamples;
    this.evalGen = new GeneratorWorkspace(be, spec, n, d.sigmaInit, 'eval.gen');
    this.evalDen = new DenoiserWorkspace(be, spec, n, 'eval.den');
    this.evalNoise = new DsmStep(be, spec, n, 1, 'eval.noise');
    this.zEval = be.createBuffer(n * spec.dim, 'eval.z');
    randNormal(be, new Rng(config.seed, 0xe7a1), this.zEval, n * spec.dim, 0, d.sigmaInit);
    this.x0Eval = be.createBuffer(n * spec.dim, 'eval.x0');
    this.tick = be.createBuffer(4, 'eval.tick');
    this.dA = be.createBuffer(n * spec.dim, 'eval.dA');
    this.dB = be.createBuffer(n * spec.dim, 'eval.dB');
    this.rows = be.createBuffer(n, 'eval.rows');
    this.scratch = be.createBuffer(n * spec.dim, 'eval.scratch');
  }

  get needsPath(): boolean {
    const c = this.inp.config;
    return c.methods.some((m) => methodDef(m, c.distill, c.disback).needsPath);
  }

  /**
   * Heun samples of a reference set. MNIST sets are drawn in chunks of REF_CHUNK (one submit
   * and read each) so that progress is reported and a superseded run can stop between chunks
   * (`onChunk` may throw); 2-D sets are one batch, as before.
   */
  private async heun(params: Params, sampler: Sampler, stream: number, onChunk?: (frac: number) => void): Promise<Float32Array> {
    const refN = this.inp.refSamples ?? 2000;
    const rng = new Rng(this.inp.config.seed, stream);
    if (sampler.n >= refN) return (await sampler.sample(params, this.inp.refSteps ?? 18, 'heun', rng)).slice(0, refN * this.inp.spec.dim);
    const d = this.inp.spec.dim;
    const out = new Float32Array(refN * d);
    for (let s = 0; s < refN; s += sampler.n) {
      onChunk?.(s / refN);
      const x = await sampler.sample(params, this.inp.refSteps ?? 18, 'heun', rng);
      out.set(x.subarray(0, Math.min(sampler.n, refN - s) * d), s * d);
    }
    onChunk?.(1);
    return out;
  }

  /** Stage 1 (when a selected method needs the path), reference sets, then the racers. */
  async prepare(onProgress?: (label: string, frac: number) => void): Promise<PathSummary> {
    const { be, config, spec } = this.inp;
    const refN = this.inp.refSamples ?? 2000;
    const sampler = new Sampler(be, spec, config.dataset === 'mnist' ? Math.min(refN, REF_CHUNK) : refN, 'ref');
    const refs: Float32Array[] = [];
    try {
      onProgress?.('teacher reference samples', 0);
      this.teacherSamples = await this.heun(this.teacher, sampler, 0x4ef0, (f) => onProgress?.('teacher reference samples', f));
      const g0Gen = new GeneratorWorkspace(be, spec, refN, config.distill.sigmaInit, 'ref.g0');
      g0Gen.sample(this.g0, new Rng(config.seed, 0x90));
      this.g0Samples = await be.read(g0Gen.den.D);
      g0Gen.destroy();
      refs.push(this.teacherSamples);
      if (this.needsPath) {
        const b = config.disback;
        this.path = await recordDegradation(
          be, spec, this.teacher, this.g0,
          { s1: b.s1, nCheckpoints: b.nCheckpoints, spacing: b.spacing, lr: b.lrStage1, batch: config.distill.batch, sigmaInit: config.distill.sigmaInit, seed: config.seed, sigmaRange: this.sigmaRange },
          (f) => onProgress?.('recording degradation path', f),
        );
        const nc = this.path.checkpoints.length;
        for (let i = 0; i < nc; i++) {
          const label = `checkpoint samples (${i + 1} / ${nc})`;
          onProgress?.(label, i / nc);
          refs.push(await this.heun(this.path.checkpoints[i], sampler, 0x4ef0, (f) => onProgress?.(label, (i + f) / nc)));
        }
      }
    } finally {
      sampler.destroy();
    }
    const summary = this.install(refs);
    if (this.evaluator?.ready) {
      onProgress?.('classifier features of the reference sets', 0);
      await this.evaluator.ready();
    }
    return summary;
  }

  /**
   * The end of `prepare`: the evaluator over the reference sets (teacher samples first,
   * then one per checkpoint of `this.path`) and fresh racers at step 0. Also used to
   * rebuild a saved race without re-recording (raceState.ts).
   */
  install(refs: Float32Array[]): PathSummary {
    const { be, config, spec } = this.inp;
    if (this.racers.length) throw new Error('install: the race already has racers');
    this.teacherSamples = refs[0];
    const targets = [this.teacher, ...(this.path?.checkpoints ?? [])];
    this.evaluator = config.dataset === 'mnist'
      ? makeMnistEvaluator({ be, heldout: this.inp.heldout, checkpoints: refs })
      : makeEvaluator({ dim: spec.dim, teacher: refs[0], heldout: this.inp.heldout, checkpoints: refs, seed: config.seed, modes: this.inp.modes });
    const d = config.distill;
    for (const m of config.methods) {
      const def = methodDef(m, d, config.disback);
      const r = new Racer(be, spec, def, def.needsPath ? targets : [this.teacher], this.g0, {
        batch: d.batch, lrG: d.lrG, lrPhi: d.lrPhi, sigmaInit: d.sigmaInit, weighting: d.weighting, seed: config.seed, sigmaRange: this.sigmaRange,
      });
      if (def.needsPath && this.path) {
        r.passes = this.path.passes;
        r.seconds = this.path.seconds;
      }
      this.racers.push(r);
      this.lastTick.set(r, 0);
    }
    this.pathSummary = {
      steps: [0, ...(this.path?.steps ?? [])],
      distance: this.path?.distances ?? [0],
      samples: refs,
      stage1Seconds: this.path?.seconds ?? 0,
      stage1Passes: this.path?.passes ?? 0,
    };
    return this.pathSummary;
  }

  /** Advance every live racer by `steps` generator steps, one racer at a time (timed). */
  async advance(steps: number): Promise<void> {
    for (const r of this.racers) {
      if (r.diverged) continue;
      const left = Math.min(steps, this.inp.config.distill.steps - r.steps);
      const t0 = performance.now();
      for (let k = 0; k < left; k++) {
        r.step();
        this.inp.be.flush();
        r.schedule.advance(r.steps);
      }
      await this.inp.be.sync();
      r.seconds += (performance.now() - t0) / 1000;
    }
  }

  get done(): boolean {
    return this.racers.every((r) => r.diverged || r.steps >= this.inp.config.distill.steps);
  }

  /** The racer's samples from the fixed eval noise, as `evaluate` draws them, changing nothing. */
  async samplesOf(r: Racer): Promise<Float32Array> {
    this.evalGen.forwardFixed(r.eta, this.zEval, this.x0Eval);
    return this.inp.be.read(this.x0Eval);
  }

  /** Evaluate one racer now: samples from the fixed eval noise, mismatches, distances. */
  async evaluate(r: Racer): Promise<{ point: EvalPoint; samples: Float32Array }> {
    const { be, spec } = this.inp;
    const n = this.inp.config.evalSamples;
    const x0 = this.evalGen.forwardFixed(r.eta, this.zEval, this.x0Eval);
    this.evalNoise.noise(new Rng(this.inp.config.seed, 0xe7a2), x0, 0, this.sigmaRange);
    const x = this.evalNoise.x;
    const sg = this.evalNoise.sigma;
    const Dphi = this.evalDen.forward(r.phi, x, sg, 0, 0, this.dA);
    this.evalDen.forward(r.targets[r.target], x, sg, 0, 0, this.dB);
    wmse(be, { y: Dphi, t: this.dB, B: n, d: spec.dim }, this.rows, this.scratch);
    fullReduce(be, 'mean', this.rows, this.tick, n, { offOut: 0 });
    this.evalDen.forward(this.teacher, x, sg, 0, 0, this.dB);
    wmse(be, { y: Dphi, t: this.dB, B: n, d: spec.dim }, this.rows, this.scratch);
    fullReduce(be, 'mean', this.rows, this.tick, n, { offOut: 1 });
    const [samples, tick, ring] = await Promise.all([be.read(this.x0Eval), be.read(this.tick), r.ringMeans(this.lastTick.get(r) ?? 0, r.steps)]);
    this.lastTick.set(r, r.steps);
    const m = await this.evaluator!.measure(samples, r.target);
    const point: EvalPoint = {
      step: r.steps, passes: r.passes, wall: r.seconds,
      lossG: ring.lossG, lossFake: ring.lossFake,
      mismatchTarget: tick[0], mismatchTeacher: tick[1],
      target: r.target, ...m,
    };
    if (r.def.schedule.kind === 'adaptive') r.schedule.observe(r.steps, tick[0]);
    if (r.steps > 0 && !Number.isFinite(point.lossG)) r.diverged = { step: r.steps, what: 'generator loss is not finite' };
    else if (r.steps > 0 && !Number.isFinite(point.lossFake)) r.diverged = { step: r.steps, what: 'fake-score loss is not finite' };
    else if (!samples.every(Number.isFinite)) r.diverged = { step: r.steps, what: 'generator samples are not finite' };
    return { point, samples };
  }

  destroy(): void {
    for (const r of this.racers) r.destroy();
    this.path?.checkpoints.forEach((p) => p.destroy());
    this.teacher.destroy();
    this.g0.destroy();
    this.evalGen.destroy();
    this.evalDen.destroy();
    this.evalNoise.destroy();
    for (const b of [this.zEval, this.x0Eval, this.tick, this.dA, this.dB, this.rows, this.scratch]) this.inp.be.destroyBuffer(b);
  }
}
