/**
 * One racing method: a generator eta, a fake score phi and a target schedule, all on the
 * device. `step()` records K_fake fake-score DSM updates on stop-gradient generator
 * samples, then one generator update with dloss/dx0 = w (D_phi - D_target) through G only.
 */
import type { Backend, Buf } from '../engine/backend';
import { groups1d } from '../engine/kernel';
import { Adam } from '../engine/nn/adam';
import { fullReduce } from '../engine/ops';
import { Rng } from '../engine/philox';
import type { DenoiserSpec, Params } from '../diffusion/denoiser';
import { DsmStep } from '../diffusion/dsm';
import { GeneratorWorkspace } from './generator';
import { distillGradKernel } from './kernels/distill';
import { type MethodDef, passesPerIteration } from './methods';
import { BacktrackSchedule } from './schedule';

export const RING = 4096;

export interface RacerOptions {
  batch: number;
  lrG: number;
  lrPhi: number;
  sigmaInit: number;
  weighting: 'dmd' | 'diffinstruct';
  seed: number;
  sigmaRange: { lo: number; hi: number };
}

export class Racer {
  readonly eta: Params;
  readonly phi: Params;
  readonly adamG: Adam;
  readonly adamPhi: Adam;
  readonly gen: GeneratorWorkspace;
  readonly fake: DsmStep;
  readonly schedule: BacktrackSchedule;
  readonly rng: Rng;
  readonly Dphi: Buf;
  readonly Dt: Buf;
  readonly g: Buf;
  readonly gradsG: Buf;
  readonly rowsMismatch: Buf;
  readonly rowsLoss: Buf;
  /** per-step device rings: generator surrogate loss, fake-score DSM loss, mismatch to the target */
  readonly ringLossG: Buf;
  readonly ringLossFake: Buf;
  readonly ringMismatch: Buf;
  steps = 0;
  passes = 0;
  seconds = 0;
  diverged: { step: number; what: string } | null = null;

  constructor(
    readonly be: Backend,
    readonly spec: DenoiserSpec,
    readonly def: MethodDef,
    /** theta'_0 = teacher, theta'_1..theta'_N: frozen, shared, never copied per step */
    readonly targets: Params[],
    g0: Params,
    readonly o: RacerOptions,
  ) {
    const d = spec.dim;
    const B = o.batch;
    this.rng = new Rng(o.seed, 0xd157);
    this.eta = g0.clone(`${def.id}.eta`);
    const phiFrom = def.phiInit === 'teacher' ? targets[0] : targets[targets.length - 1];
    this.phi = phiFrom.clone(`${def.id}.phi`);
    this.adamG = new Adam(be, this.eta.size, { lr: o.lrG, beta1: 0, beta2: 0.999, eps: 1e-8 }, `${def.id}.adamG`);
    this.adamPhi = new Adam(be, this.phi.size, { lr: o.lrPhi, beta1: 0, beta2: 0.999, eps: 1e-8 }, `${def.id}.adamPhi`);
    this.gen = new GeneratorWorkspace(be, spec, B, o.sigmaInit, `${def.id}.gen`);
    this.fake = new DsmStep(be, spec, B, this.phi.size, `${def.id}.fake`);
    this.schedule = new BacktrackSchedule({ ...def.schedule, nCheckpoints: targets.length - 1 });
    this.Dphi = be.createBuffer(B * d, `${def.id}.Dphi`);
    this.Dt = be.createBuffer(B * d, `${def.id}.Dt`);
    this.g = be.createBuffer(B * d, `${def.id}.g`);
    this.gradsG = be.createBuffer(this.eta.size, `${def.id}.gradsG`);
    this.rowsMismatch = be.createBuffer(B, `${def.id}.rowsMis`);
    this.rowsLoss = be.createBuffer(B, `${def.id}.rowsLoss`);
    this.ringLossG = be.createBuffer(RING, `${def.id}.ringLossG`);
    this.ringLossFake = be.createBuffer(RING, `${def.id}.ringLossFake`);
    this.ringMismatch = be.createBuffer(RING, `${def.id}.ringMis`);
  }

  get target(): number {
    return this.schedule.target;
  }

  /** Record one generator iteration (K_fake fake-score steps, then one generator step). */
  step(): void {
    const { be, o } = this;
    const B = o.batch;
    const d = this.spec.dim;
    const slot = this.steps % RING;
    for (let k = 0; k < this.def.kFake; k++) {
      const x0 = this.gen.sample(this.eta, this.rng);
      this.fake.run(this.phi, this.adamPhi, this.rng, x0, { range: o.sigmaRange, lossOut: k === this.def.kFake - 1 ? this.ringLossFake : undefined, lossOff: slot });
    }
    const x0 = this.gen.sample(this.eta, this.rng);
    this.fake.noise(this.rng, x0, 0, o.sigmaRange);
    const den = this.fake.den;
    den.forward(this.phi, this.fake.x, this.fake.sigma, 0, 0, this.Dphi);
    den.forward(this.targets[this.schedule.target], this.fake.x, this.fake.sigma, 0, 0, this.Dt);
    be.run(
      distillGradKernel,
      { B, d, dmd: o.weighting === 'dmd' ? 1 : 0, floor: 1e-6 },
      [x0, this.Dphi, this.Dt, this.g, this.rowsMismatch, this.rowsLoss],
      groups1d(B, 64),
    );
    this.gen.backward(this.eta, this.g, this.gradsG);
    this.adamG.step(this.eta.buf, this.gradsG);
    fullReduce(be, 'mean', this.rowsLoss, this.ringLossG, B, { offOut: slot });
    fullReduce(be, 'mean', this.rowsMismatch, this.ringMismatch, B, { offOut: slot });
    this.steps++;
    this.passes += passesPerIteration(this.def.kFake);
  }

  /** Mean of each ring over the generator steps [from, to). */
  async ringMeans(from: number, to: number): Promise<{ lossG: number; lossFake: number; mismatch: number; last: number }> {
    const n = Math.min(to - from, RING);
    if (n <= 0) return { lossG: NaN, lossFake: NaN, mismatch: NaN, last: NaN };
    const [a, b, c] = await Promise.all([this.be.read(this.ringLossG), this.be.read(this.ringLossFake), this.be.read(this.ringMismatch)]);
    let sa = 0, sb = 0, sc = 0;
    for (let s = to - n; s < to; s++) {
      sa += a[s % RING]; sb += b[s % RING]; sc += c[s % RING];
    }
    return { lossG: sa / n, lossFake: sb / n, mismatch: sc / n, last: c[(to - 1) % RING] };
  }

  destroy(): void {
    this.eta.destroy();
    this.phi.destroy();
    this.adamG.destroy();
    this.adamPhi.destroy();
    this.gen.destroy();
    this.fake.destroy();
    for (const b of [this.Dphi, this.Dt, this.g, this.gradsG, this.rowsMismatch, this.rowsLoss, this.ringLossG, this.ringLossFake, this.ringMismatch]) this.be.destroyBuffer(b);
  }
}
