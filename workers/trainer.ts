/**
 * The trainer: owns the backend, the teacher, the race and the loop. Exposed to the page
 * through comlink (trainer.worker.ts). Snapshots are pushed to the subscriber without
 * awaiting it, at most every SNAPSHOT_MS; the loop only awaits the device.
 */
import { METHOD_LABELS, type MethodId, parseRunConfig, type RunConfig } from '../src/config/schema';
import type { DataPool } from '../src/data';
import type { Backend } from '../src/engine/backend';
import { CpuBackend } from '../src/engine/cpu/cpuBackend';
import { ParamSet } from '../src/engine/nn/mlp';
import { runKernelChecks } from '../src/engine/selftest';
import { runConvKernelChecks } from '../src/engine/selftestConv';
import { runEdmKernelChecks } from '../src/diffusion/selftestCases';
import { runDistillKernelChecks } from '../src/distill/selftestCases';
import { type DenoiserSpec, default2dSpec, mlpSpecOf } from '../src/diffusion/denoiser';
import { TeacherTrainer } from '../src/diffusion/teacher';
import { Race } from '../src/distill/race';
import type { EvalPoint } from '../src/distill/types';
import type { Alert, ModelRef, OnnxCheck, BackendInfo, KernelCheck, MethodSnapshot, NfeReport, PathInfo, Progress, ResumeInfo, ScoreField, Snapshot, Stage, TrainerApi } from './api';
import { createBackend } from './backendSetup';
import type { BackendStats } from '../src/engine/backend';
import { RunSaver } from './persistence';
import { captureRun, dataPools, pathInfoOf, raceExtras, record, type RebuiltRun } from './runParts';
import { RunControl } from './runControl';
import type { Racer } from '../src/distill/racer';
import { type BackendFactory, healthy, type TrainerOptions } from './recovery';
import { exportModel, importTeacher, onnxStudentCheck } from './onnxOps';
import { transfer } from 'comlink';
import { loadPretrainedTeacher } from './teacherSource';
import { scoreFieldOf, nfeReport } from './probes';

const SNAPSHOT_MS = 100;

export type { TrainerOptions };

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
  private readonly makeBackend: BackendFactory;
  readonly saver: RunSaver;
  private teacherMode: 'pretrained' | 'train' = 'train';
  /** every evaluation point of the run, per method (saved with it) */
  private history = new Map<MethodId, EvalPoint[]>();
  private alert: Alert | undefined;
  private alerts = 0;
  private readonly control: RunControl;

  constructor(opts: TrainerOptions = {}) {
    this.makeBackend = opts.createBackend ?? createBackend;
    this.saver = new RunSaver(opts.storage, opts.saveEveryMs, (text) => this.notify({ kind: 'save-failed', level: 'warn', text }));
    this.control = new RunControl({
      saver: this.saver,
      makeBackend: this.makeBackend,
      backend: () => this.be,
      attach: (be, info) => this.attach(be, info),
      racing: () => this.running || this.stage === 'racing',
      stopLoop: () => this.stopLoop(),
      start: () => this.start(),
      adopt: (r, mode) => this.adopt(r, mode),
      fail: (message) => {
        this.disposeRace();
        this.stage = 'error';
        this.message = message;
        this.notify({ kind: 'device-lost', level: 'error', text: message });
      },
      current: () => ({ race: this.race, config: this.config, points: this.points, teacherMode: this.teacherMode, history: this.history }),
      notify: (a, emit) => this.notify(a, emit),
    });
  }

  async init(opts: { forceCpu?: boolean } = {}): Promise<BackendInfo> {
    if (this.be) return this.info;
    const { be, info } = await this.makeBackend(!!opts.forceCpu);
    this.attach(be, info);
    return info;
  }

  private attach(be: Backend, info: BackendInfo): void {
    this.be = be;
    this.info = info;
    be.onLost((reason) => {
      if (this.be === be) void this.control.recover(`The GPU device was lost (${reason})`);
    });
  }

  private notify(a: Omit<Alert, 'id'>, emit = true): void {
    this.alert = { ...a, id: ++this.alerts };
    if (emit) this.emit(true);
  }

  private need(): Backend {
    if (!this.be) throw new Error('The trainer has no backend yet: call init first');
    return this.be;
  }

  async configure(config: RunConfig, points?: Float32Array): Promise<void> {
    const parsed = parseRunConfig(config);
    if (!parsed.ok) throw new Error(`Invalid settings: ${parsed.errors.join('; ')}`);
    if (parsed.config.dataset === 'mnist') throw new Error('MNIST is not available in this build yet');
    const pools = dataPools(parsed.config, points); // bad points are refused before anything changes
    await this.stopLoop();
    this.generation++;
    this.disposeRace();
    this.config = parsed.config;
    this.points = points;
    const c = parsed.config;
    this.data = pools.data;
    this.heldout = pools.heldout;
    this.saver.forget();
    this.alert = undefined;
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
    this.teacherMode = mode;
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
    this.saver.forget();
    this.stage = 'recording';
    const pools = { data: this.data, heldout: this.heldout };
    const race = new Race({ be, config: c, spec: this.spec, teacherWeights: this.teacherWeights, ...raceExtras(be, c, pools) });
    this.race = race;
    await race.prepare((label, frac) => this.setProgress(label, frac));
    const proj = (x: Float32Array) => (pools.data.project ? pools.data.project(x) : x);
    this.methodState.clear();
    this.history.clear();
    for (const r of race.racers) {
      const { point, samples } = await race.evaluate(r);
      record(this.history, r.def.id, point);
      this.methodState.set(r.def.id, { pending: [point], samples: proj(samples), sentSwitches: 0, lastEval: r.steps });
    }
    this.stage = 'ready';
    this.progress = null;
    this.rate = { steps: 0, seconds: 0 };
    await this.save();
    this.emit(true);
    return pathInfoOf(race, pools);
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
    await this.save();
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
    const be = this.be;
    const every = this.config!.evalEvery;
    let done = 0;
    let diverged = race.racers.filter((r) => r.diverged).length;
    try {
      while (this.running && !race.done && done < budget) {
        const at = race.racers[0]?.steps ?? 0;
        const toEval = every - (at % every);
        const chunk = Math.max(1, Math.min(this.speed, toEval, budget - done));
        const t0 = performance.now();
        await race.advance(chunk);
        this.rate.seconds += (performance.now() - t0) / 1000;
        this.rate.steps += chunk;
        const saveDue = this.saver.tick(performance.now() - t0);
        done += chunk;
        const now = race.racers[0]?.steps ?? 0;
        if (now % every === 0 || race.done || done >= budget) {
          for (const r of race.racers) {
            const st = this.methodState.get(r.def.id)!;
            if (r.steps === st.lastEval) continue; // diverged or finished: nothing new
            st.lastEval = r.steps;
            const { point, samples } = await race.evaluate(r);
            st.pending.push(point);
            record(this.history, r.def.id, point);
            st.samples = this.data?.project ? this.data.project(samples) : samples;
          }
          const d = race.racers.filter((r) => r.diverged);
          if (d.length > diverged) {
            diverged = d.length;
            this.onDiverged(d[d.length - 1]);
            break;
          }
        }
        if (saveDue) await this.save();
        this.emit(false);
        await new Promise((r) => setTimeout(r, 0)); // let pause/configure messages in
      }
    } catch (e) {
      // on WebGPU a failed step is treated as a lost device: recreate it, restore, go on
      // (no 'error' stage in between: the recovery reports what happened)
      if (be?.kind === 'webgpu') {
        this.message = `A training step failed on the GPU (${(e as Error).message}); recovering`;
        setTimeout(() => this.be === be && void this.control.recover(`A training step failed on the GPU (${(e as Error).message})`), 0);
      } else {
        this.stage = 'error';
        this.message = `Training stopped: ${(e as Error).message}`;
      }
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
    return { alert: this.alert, stage: this.stage, backend: this.info, stepsPerSec: sps, msPerStep: sps > 0 ? 1000 / sps : 0, progress: this.progress, methods, message: this.message };
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
    return [...(await runKernelChecks(be, cpu)), ...(await runEdmKernelChecks(be, cpu)), ...(await runDistillKernelChecks(be, cpu)), ...(await runConvKernelChecks(be, cpu))];
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
    this.saver.forget();
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

  // ---- reliability: saves, divergence, resume, run files (docs/reliability.md) ----

  private onDiverged(r: Racer): void {
    this.running = false;
    const a = this.control.diverged(r);
    this.message = a.text;
    this.notify(a);
  }

  /** Capture the run and keep it as the last good state (memory, then storage), unless it is not healthy. */
  private async save(): Promise<void> {
    const race = this.race;
    const last = this.saver.lastGood?.race.racers;
    if (!race?.pathSummary || last?.every((x, i) => x.steps === race.racers[i]?.steps && !x.diverged === !race.racers[i].diverged)) return;
    const run = await captureRun(race, this.points, this.teacherMode, this.history);
    if (healthy(run)) this.saver.keep(run);
  }

  /** Make a rebuilt run the current one (paused), with fresh samples of its racers. */
  private async adopt(r: RebuiltRun, teacherMode: 'pretrained' | 'train'): Promise<Stage> {
    this.generation++;
    this.disposeRace();
    this.config = r.config;
    this.points = r.points;
    this.data = r.data;
    this.heldout = r.heldout;
    this.spec = r.spec;
    this.teacherWeights = r.teacherWeights;
    this.race = r.race;
    this.history = r.history;
    this.teacherMode = teacherMode;
    for (const x of r.race.racers) {
      const s = await r.race.samplesOf(x); // not part of a saved run: drawn again from the fixed eval noise
      const pending = (r.history.get(x.def.id as MethodId) ?? []).slice();
      this.methodState.set(x.def.id, { pending, samples: r.data.project ? r.data.project(s) : s, sentSwitches: 0, lastEval: x.steps });
    }
    this.stage = r.race.done ? 'done' : 'paused';
    this.progress = null;
    this.message = undefined;
    return this.stage;
  }

  resumeSaved(): Promise<ResumeInfo> {
    return this.control.resumeSaved();
  }
  importRun(bytes: Uint8Array): Promise<ResumeInfo> {
    return this.control.importRun(bytes);
  }
  resumeFromLastGood(changes: { method?: MethodId; lrG?: number; lrPhi?: number }): Promise<void> {
    return this.control.resumeFromLastGood(changes);
  }
  discardSaved(): Promise<void> {
    return this.saver.clear();
  }

  async exportRun(): Promise<{ bytes: Uint8Array; filename: string }> {
    const out = await this.control.exportRun();
    return transfer(out, [out.bytes.buffer]);
  }

  async resync(): Promise<void> {
    for (const r of this.race?.racers ?? []) {
      const st = this.methodState.get(r.def.id);
      if (st) Object.assign(st, { pending: (this.history.get(r.def.id as MethodId) ?? []).slice(), sentSwitches: 0 });
    }
    this.emit(true);
  }

  async debugLoseDevice(): Promise<void> {
    const be = this.need() as Backend & { loseDevice?: () => void };
    if (!be.loseDevice) throw new Error('debugLoseDevice: the trainer is not on WebGPU');
    be.loseDevice();
  }

  async debugStats(): Promise<BackendStats | null> {
    return this.be?.stats() ?? null;
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
