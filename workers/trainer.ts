/**
 * The trainer: owns the backend, the teacher, the race and the loop. Exposed to the page
 * through comlink (trainer.worker.ts). Snapshots are pushed to the subscriber without
 * awaiting it, at most every SNAPSHOT_MS; the loop only awaits the device.
 */
import { type MethodId, parseRunConfig, type RunConfig } from '../src/config/schema';
import { makeDataPool, type DataPool } from '../src/data';
import type { Backend } from '../src/engine/backend';
import { CpuBackend } from '../src/engine/cpu/cpuBackend';
import { ParamSet } from '../src/engine/nn/mlp';
import { runKernelChecks } from '../src/engine/selftest';
import { runEdmKernelChecks } from '../src/diffusion/selftestCases';
import { runDistillKernelChecks } from '../src/distill/selftestCases';
import { type DenoiserSpec, default2dSpec, mlpSpecOf } from '../src/diffusion/denoiser';
import { TeacherTrainer } from '../src/diffusion/teacher';
import { Race } from '../src/distill/race';
import type { EvalPoint } from '../src/distill/types';
import type { ModelRef, OnnxCheck, BackendInfo, KernelCheck, MethodSnapshot, NfeReport, PathInfo, Progress, ScoreField, Snapshot, Stage, TrainerApi } from './api';
import { createBackend } from './backendSetup';
import { exportModel, importTeacher, onnxStudentCheck } from './onnxOps';
import { transfer } from 'comlink';
import { loadPretrainedTeacher } from './teacherSource';
import { scoreFieldOf, nfeReport } from './probes';
import { densityGrid, extentOf } from './views';

const SNAPSHOT_MS = 100;

interface MethodState {
  pending: EvalPoint[];
  samples: Float32Array;
  sentSwitches: number;
  lastEval: number;
}

export class Trainer implements TrainerApi {
  private be: Backend | null = null;
  private info: BackendInfo = { kind: 'cpu', adapter: 'not started' };
  private config: RunConfig | null = null;
  private points: Float32Array | undefined;
  private data: DataPool | null = null;
  private heldout: DataPool | null = null;
  private spec: DenoiserSpec | null = null;
  private teacherWeights: Float32Array | null = null;
  private race: Race | null = null;
  private stage: Stage = 'idle';
  private progress: Progress | null = null;
  private message: string | undefined;
  private running = false;
  private loopPromise: Promise<void> | null = null;
  private speed = 25;
  private subscriber: ((s: Snapshot) => void) | null = null;
  private lastEmit = 0;
  private methodState = new Map<string, MethodState>();
  private rate = { steps: 0, seconds: 0 };
  private generation = 0;

  async init(opts: { forceCpu?: boolean } = {}): Promise<BackendInfo> {
    if (this.be) return this.info;
    const { be, info } = await createBackend(!!opts.forceCpu);
    this.be = be;
    this.info = info;
    be.onLost((reason) => this.onDeviceLost(reason));
    return info;
  }

  private onDeviceLost(reason: string): void {
    this.running = false;
    this.stage = 'error';
    this.message = `The GPU device was lost (${reason}). Reload the page or switch to the CPU backend.`;
    this.emit(true);
  }

  private need(): Backend {
    if (!this.be) throw new Error('The trainer has no backend yet: call init first');
    return this.be;
  }

  async configure(config: RunConfig, points?: Float32Array): Promise<void> {
    const parsed = parseRunConfig(config);
    if (!parsed.ok) throw new Error(`Invalid settings: ${parsed.errors.join('; ')}`);
    if (parsed.config.dataset === 'mnist') throw new Error('MNIST is not available in this build yet');
    await this.stopLoop();
    this.generation++;
    this.disposeRace();
    this.config = parsed.config;
    this.points = points;
    const c = parsed.config;
    this.data = makeDataPool({ dataset: c.dataset, embedDim: c.embedDim, seed: c.seed, n: 20000, split: 'train', ...(points ? { points } : {}) });
    this.heldout = makeDataPool({ dataset: c.dataset, embedDim: c.embedDim, seed: c.seed, n: 2000, split: 'heldout', ...(points ? { points } : {}) });
    this.spec = default2dSpec(this.data.sigmaData, this.data.dim, c.teacher.width, c.teacher.depth);
    this.teacherWeights = null;
    this.stage = 'idle';
    this.progress = null;
    this.message = undefined;
  }

  async prepareTeacher(mode: 'pretrained' | 'train'): Promise<void> {
    const be = this.need();
    const c = this.config;
    if (!c || !this.data || !this.spec) throw new Error('configure first');
    const gen = this.generation;
    this.stage = 'teacher';
    if (mode === 'pretrained') {
      this.setProgress('loading the pretrained teacher', 0);
      const t = await loadPretrainedTeacher(c, this.spec);
      this.spec = t.spec;
      this.teacherWeights = t.weights;
      this.setProgress('loading the pretrained teacher', 1);
      return;
    }
    const tr = new TeacherTrainer(be, this.spec, this.data.pool, { batch: c.teacher.batch, lr: c.teacher.lr, emaDecay: c.teacher.emaDecay, seed: c.seed });
    try {
      const chunk = 20;
      for (let s = 0; s < c.teacher.steps; s += chunk) {
        tr.step(Math.min(chunk, c.teacher.steps - s));
        await be.sync();
        if (gen !== this.generation) throw new Error('cancelled: the run was reconfigured');
        await new Promise((r) => setTimeout(r, 0)); // let messages in (CPU backend: sync() never yields)
        this.setProgress(`training the teacher (${Math.min(s + chunk, c.teacher.steps)} / ${c.teacher.steps} steps)`, Math.min(1, (s + chunk) / c.teacher.steps));
      }
      this.teacherWeights = await tr.ema.read();
    } finally {
      tr.destroy();
    }
  }

  async recordPath(): Promise<PathInfo> {
    const be = this.need();
    const c = this.config;
    if (!c || !this.spec || !this.teacherWeights || !this.data || !this.heldout) throw new Error('prepare the teacher first');
    this.disposeRace();
    this.stage = 'recording';
    const data = this.data;
    const race = new Race({
      be, config: c, spec: this.spec, teacherWeights: this.teacherWeights, heldout: this.heldout.pool,
      modes: data.modes && data.modeRadius ? { centres: data.modes, radius: data.modeRadius, project: data.project } : undefined,
      refSamples: Math.min(2000, Math.max(512, 2 * c.evalSamples)),
      refSteps: be.kind === 'cpu' ? 12 : 18,
    });
    this.race = race;
    const summary = await race.prepare((label, frac) => this.setProgress(label, frac));
    const proj = (x: Float32Array) => (data.project ? data.project(x) : x);
    const dataXY = proj(this.heldout.pool);
    const teacherXY = proj(race.teacherSamples!);
    const ext = extentOf(dataXY);
    this.methodState.clear();
    for (const r of race.racers) {
      const { point, samples } = await race.evaluate(r);
      this.methodState.set(r.def.id, { pending: [point], samples: proj(samples), sentSwitches: 0, lastEval: r.steps });
    }
    this.stage = 'ready';
    this.progress = null;
    this.rate = { steps: 0, seconds: 0 };
    this.emit(true);
    return {
      steps: summary.steps,
      samples: summary.samples.map(proj),
      distance: summary.distance,
      data: dataXY,
      g0: proj(race.g0Samples!),
      density: { res: 96, extent: ext, values: densityGrid(teacherXY, 96, ext) },
      stage1Seconds: summary.stage1Seconds,
      stage1Passes: summary.stage1Passes,
    };
  }

  start(): void {
    if (!this.race || this.running || this.race.done) return;
    this.running = true;
    this.stage = 'racing';
    this.loopPromise = this.loop(Infinity);
  }

  /** Stop the loop; resolves once the step in flight has finished (the counters are final). */
  async pause(): Promise<void> {
    await this.stopLoop();
    if (this.stage === 'racing') this.stage = 'paused';
    this.emit(true);
  }

  async step(n: number): Promise<void> {
    if (!Number.isInteger(n) || n < 1 || n > 100000) throw new Error('step(n): n must be an integer in 1..100000');
    await this.stopLoop();
    if (!this.race) throw new Error('nothing to step: record the path first');
    this.running = true;
    this.stage = 'racing';
    await this.loop(n);
  }

  private async stopLoop(): Promise<void> {
    this.running = false;
    if (this.loopPromise) await this.loopPromise.catch(() => undefined);
    this.loopPromise = null;
  }

  private async loop(budget: number): Promise<void> {
    const race = this.race!;
    const every = this.config!.evalEvery;
    let done = 0;
    try {
      while (this.running && !race.done && done < budget) {
        const at = race.racers[0]?.steps ?? 0;
        const toEval = every - (at % every);
        const chunk = Math.max(1, Math.min(this.speed, toEval, budget - done));
        const t0 = performance.now();
        await race.advance(chunk);
        this.rate.seconds += (performance.now() - t0) / 1000;
        this.rate.steps += chunk;
        done += chunk;
        const now = race.racers[0]?.steps ?? 0;
        if (now % every === 0 || race.done || done >= budget) {
          for (const r of race.racers) {
            const st = this.methodState.get(r.def.id)!;
            if (r.steps === st.lastEval) continue; // diverged or finished: nothing new
            st.lastEval = r.steps;
            const { point, samples } = await race.evaluate(r);
            st.pending.push(point);
            st.samples = this.data?.project ? this.data.project(samples) : samples;
          }
          if (race.racers.some((r) => r.diverged)) {
            const d = race.racers.find((r) => r.diverged)!;
            this.message = `${d.def.id} diverged at step ${d.diverged!.step}: ${d.diverged!.what}. Lower its learning rate and reset.`;
          }
        }
        this.emit(false);
        await new Promise((r) => setTimeout(r, 0)); // let pause/configure messages in
      }
    } catch (e) {
      this.stage = 'error';
      this.message = `Training stopped: ${(e as Error).message}`;
    } finally {
      this.running = false;
      if (this.stage === 'racing') this.stage = race.done ? 'done' : 'paused';
      this.emit(true);
    }
  }

  async reset(): Promise<void> {
    await this.stopLoop();
    if (!this.race) return;
    await this.recordPath();
  }

  setSpeed(stepsPerFrame: number): void {
    if (!Number.isFinite(stepsPerFrame) || stepsPerFrame < 1 || stepsPerFrame > 10000) return;
    this.speed = Math.round(stepsPerFrame);
  }

  subscribe(cb: (s: Snapshot) => void): void {
    this.subscriber = cb;
  }

  async snapshot(): Promise<Snapshot> {
    return this.build();
  }

  private setProgress(label: string, frac: number): void {
    this.progress = { label, frac };
    this.emit(false);
  }

  private build(): Snapshot {
    const methods: MethodSnapshot[] = [];
    for (const r of this.race?.racers ?? []) {
      const st = this.methodState.get(r.def.id);
      if (!st) continue;
      const newPoints = st.pending;
      st.pending = [];
      const sw = r.schedule.switches;
      methods.push({ method: r.def.id, step: r.steps, newPoints, samples: st.samples, target: r.target, switches: sw.slice(st.sentSwitches), diverged: r.diverged ?? undefined });
      st.sentSwitches = sw.length;
    }
    const sps = this.rate.seconds > 0 ? this.rate.steps / this.rate.seconds : 0;
    return { stage: this.stage, backend: this.info, stepsPerSec: sps, msPerStep: sps > 0 ? 1000 / sps : 0, progress: this.progress, methods, message: this.message };
  }

  private emit(force: boolean): void {
    const now = performance.now();
    if (!this.subscriber || (!force && now - this.lastEmit < SNAPSHOT_MS)) return;
    this.lastEmit = now;
    const snap = this.build();
    try {
      void Promise.resolve(this.subscriber(snap)).catch(() => undefined);
    } catch {
      /* a closed page: nothing to do */
    }
  }

  async scoreField(method: string, which: 'teacher' | 'fake' | 'gap', res: number, sigma: number): Promise<ScoreField> {
    if (!this.race || !this.spec || !this.heldout || !this.data) throw new Error('no race yet');
    return scoreFieldOf(this.need(), this.race, this.spec, this.data, this.heldout, method, which, res, sigma);
  }

  async nfe(teacherSteps: number, n: number, method?: MethodId): Promise<NfeReport> {
    if (!this.race || !this.spec || !this.config || !this.data) throw new Error('no race yet');
    return nfeReport(this.need(), this.race, this.spec, this.config, this.data, teacherSteps, n, method);
  }

  async selfTest(): Promise<KernelCheck[]> {
    const be = this.need();
    if (be.kind === 'cpu') throw new Error('The self-test compares WebGPU kernels with their CPU twins; this session runs on the CPU backend.');
    await this.stopLoop();
    if (this.stage === 'racing') this.stage = 'paused';
    const cpu = new CpuBackend();
    return [...(await runKernelChecks(be, cpu)), ...(await runEdmKernelChecks(be, cpu)), ...(await runDistillKernelChecks(be, cpu))];
  }

  async exportOnnx(ref: ModelRef): Promise<{ bytes: Uint8Array; filename: string }> {
    if (!this.race || !this.config || !this.spec) throw new Error('nothing to export yet: wait until the path is recorded');
    const out = await exportModel(this.race, this.config, this.spec, ref);
    return transfer(out, [out.bytes.buffer]);
  }

  async loadTeacherOnnx(bytes: Uint8Array): Promise<{ summary: string }> {
    if (!this.data || !this.config) throw new Error('configure first');
    const t = importTeacher(bytes, this.data.dim);
    await this.stopLoop();
    this.generation++;
    this.disposeRace();
    this.spec = t.spec;
    this.teacherWeights = t.weights;
    this.stage = 'idle';
    return { summary: t.summary };
  }

  async onnxStudentCheck(method: MethodId, n: number): Promise<OnnxCheck> {
    if (!this.race || !this.config || !this.spec) throw new Error('no race yet');
    await this.pause();
    return onnxStudentCheck(this.need(), this.race, this.config, this.spec, method, n, this.data?.project);
  }

  private disposeRace(): void {
    this.race?.destroy();
    this.race = null;
    this.methodState.clear();
  }
}

/** Validate a parameter set against a spec (used by loaders). */
export function checkWeights(spec: DenoiserSpec, w: Float32Array): void {
  const be = new CpuBackend();
  ParamSet.create(be, mlpSpecOf(spec), w).destroy();
}
