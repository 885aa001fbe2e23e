/**
 * The trainer: owns the backend, the teacher, the race and the loop. Exposed to the page
 * through comlink (trainer.worker.ts). Snapshots are pushed to the subscriber without
 * awaiting it, at most every SNAPSHOT_MS; the loop only awaits the device.
 */
import { type MethodId, parseRunConfig, type RunConfig } from '../src/config/schema';
import type { DataPool } from '../src/data';
import type { Backend } from '../src/engine/backend';
import { type DenoiserSpec, default2dSpec } from '../src/diffusion/denoiser';
import { MNIST_UNET_TEACHER, mnistDenoiserSpec } from '../src/diffusion/mnistSpec';
import { Race } from '../src/distill/race';
import type { Alert, ModelRef, OnnxCheck, BackendInfo, KernelCheck, NfeReport, PathInfo, Progress, ResumeInfo, ScoreField, Snapshot, Stage, TrainerApi } from './api';
import { createBackend } from './backendSetup';
import type { BackendStats } from '../src/engine/backend';
import { RunSaver } from './persistence';
import { captureRun, loadPools, pathInfoOf, raceExtras, type RebuiltRun } from './runParts';
import { RaceLoop } from './raceLoop';
import { RunControl } from './runControl';
import type { Racer } from '../src/distill/racer';
import { type BackendFactory, healthy, type TrainerOptions } from './recovery';
import { exportModel, importTeacher, onnxStudentCheck, refuseOnnxFor } from './onnxOps';
import { transfer } from 'comlink';
import { loadPretrainedTeacher, trainTeacherLive } from './teacherSource';
import { kernelSelfTest, scoreFieldOf, nfeReport } from './probes';

const SNAPSHOT_MS = 100;
/** How long a failed GPU step waits for a device-loss report before recovering on its own. */
const LOST_GRACE_MS = 500;

export type { TrainerOptions };

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
  private subscriber: ((s: Snapshot) => void) | null = null;
  private lastEmit = 0;
  private generation = 0;
  /** a step failed on WebGPU while racing: the recovery under way should resume the race */
  private stepFailed = false;
  /** the race whose prepare() is running (recordPath) */
  private recording: Race | null = null;
  private readonly makeBackend: BackendFactory;
  readonly saver: RunSaver;
  private teacherMode: 'pretrained' | 'train' = 'train';
  private readonly rl: RaceLoop;
  /** every evaluation point of the run, per method (kept by the loop; read by tests) */
  private get history() {
    return this.rl.history;
  }
  private alert: Alert | undefined;
  private alerts = 0;
  private readonly control: RunControl;

  constructor(opts: TrainerOptions = {}) {
    this.makeBackend = opts.createBackend ?? createBackend;
    this.saver = new RunSaver(opts.storage, opts.saveEveryMs, (text) => this.notify({ kind: 'save-failed', level: 'warn', text }));
    this.rl = new RaceLoop({
      saver: this.saver,
      backend: () => this.be,
      evalEvery: () => this.config!.evalEvery,
      project: () => this.data?.project,
      costly: () => !!this.spec?.unet,
      stage: () => this.stage,
      setStage: (s) => (this.stage = s),
      save: () => this.save(),
      emit: (force) => this.emit(force),
      diverged: (r) => this.onDiverged(r),
      failed: (e, be) => this.onStepFailed(e, be),
    });
    this.control = new RunControl({
      saver: this.saver,
      makeBackend: this.makeBackend,
      backend: () => this.be,
      attach: (be, info) => this.attach(be, info),
      racing: () => this.rl.running || this.stage === 'racing' || this.stepFailed,
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
    this.stepFailed = false;
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
    const pools = await loadPools(parsed.config, points); // bad points (or a missing MNIST asset) are refused before anything changes
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
    // MNIST: the shipped teacher's 8-24-48 U-Net (teacher.width / depth describe the 2-D MLPs only)
    this.spec = c.dataset === 'mnist' ? mnistDenoiserSpec(MNIST_UNET_TEACHER) : default2dSpec(this.data.sigmaData, this.data.dim, c.teacher.width, c.teacher.depth);
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
    this.teacherWeights = await trainTeacherLive(be, this.spec, this.data.pool, c, (label, frac) => this.setProgress(label, frac), () => gen !== this.generation);
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
    // A newer configure (the user applied other settings) supersedes this recording: stop at
    // the next progress report; the race is destroyed here, not under the running prepare().
    const gen = this.generation;
    const superseded = () => gen !== this.generation;
    this.recording = race;
    try {
      await race.prepare((label, frac) => {
        if (superseded()) throw new Error('cancelled: the run was reconfigured');
        this.setProgress(label, frac);
      });
      if (superseded()) throw new Error('cancelled: the run was reconfigured');
    } catch (e) {
      if (this.race === race) this.race = null;
      race.destroy();
      throw e;
    } finally {
      this.recording = null;
    }
    await this.rl.begin(race);
    this.stage = 'ready';
    this.progress = null;
    await this.save();
    this.emit(true);
    return pathInfoOf(race, pools);
  }

  start(): void {
    if (!this.race || this.rl.running || this.race.done) return;
    void this.rl.start(this.race);
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
    await this.rl.start(this.race, n);
  }

  private stopLoop(): Promise<void> {
    return this.rl.stop();
  }

  /** A step threw. On WebGPU that is treated as a lost device: recreate it, restore, go on (no 'error' stage in between). */
  private onStepFailed(e: Error, be: Backend | null): void {
    if (be?.kind === 'webgpu') {
      // resume after recovery; a pending device-loss report (the usual cause) gets to start it
      this.stepFailed = true;
      this.message = `A training step failed on the GPU (${e.message}); recovering`;
      setTimeout(() => this.be === be && void this.control.recover(`A training step failed on the GPU (${e.message})`), LOST_GRACE_MS);
    } else {
      this.stage = 'error';
      this.message = `Training stopped: ${e.message}`;
    }
  }

  async reset(): Promise<void> {
    await this.stopLoop();
    if (!this.race) return;
    await this.recordPath();
  }

  setSpeed(stepsPerFrame: number): void {
    if (!Number.isFinite(stepsPerFrame) || stepsPerFrame < 1 || stepsPerFrame > 10000) return;
    this.rl.speed = Math.round(stepsPerFrame);
  }

  subscribe(cb: (s: Snapshot) => void): void {
    this.subscriber = cb;
  }

  async snapshot(): Promise<Snapshot> {
    return this.build();
  }

  private setProgress(label: string, frac: number): void {
    const phase = this.progress?.label !== label || frac >= 1; // a new phase or its end is always sent
    this.progress = { label, frac };
    this.emit(phase);
  }

  private build(): Snapshot {
    const methods = this.rl.snapshotMethods(this.race);
    const { rate } = this.rl;
    const sps = rate.seconds > 0 ? rate.steps / rate.seconds : 0;
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
    if (this.spec.unet) throw new Error('The score field is drawn for the 2-D data sets only: MNIST scores live in 784 dimensions.');
    return scoreFieldOf(this.need(), this.race, this.spec, this.data, this.heldout, method, which, res, sigma);
  }

  async nfe(teacherSteps: number, n: number, method?: MethodId, churn?: number): Promise<NfeReport> {
    if (!this.race || !this.spec || !this.config || !this.data) throw new Error('no race yet');
    return nfeReport(this.need(), this.race, this.spec, this.config, this.data, teacherSteps, n, method, churn);
  }

  async selfTest(): Promise<KernelCheck[]> {
    const be = this.need();
    if (be.kind === 'cpu') throw new Error('The self-test compares WebGPU kernels with their CPU twins; this session runs on the CPU backend.');
    await this.stopLoop();
    if (this.stage === 'racing') this.stage = 'paused';
    return kernelSelfTest(be);
  }

  async exportOnnx(ref: ModelRef): Promise<{ bytes: Uint8Array; filename: string }> {
    if (!this.race || !this.config || !this.spec) throw new Error('nothing to export yet: wait until the path is recorded');
    refuseOnnxFor(this.spec);
    const out = await exportModel(this.race, this.config, this.spec, ref);
    return transfer(out, [out.bytes.buffer]);
  }

  async loadTeacherOnnx(bytes: Uint8Array): Promise<{ summary: string }> {
    if (!this.data || !this.config) throw new Error('configure first');
    if (this.config.dataset === 'mnist') throw new Error('An ONNX teacher can be used for the 2-D data sets only; MNIST uses the shipped U-Net or one trained here.');
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
    refuseOnnxFor(this.spec);
    await this.pause();
    return onnxStudentCheck(this.need(), this.race, this.config, this.spec, method, n, this.data?.project);
  }

  // ---- reliability: saves, divergence, resume, run files (docs/reliability.md) ----

  private onDiverged(r: Racer): void {
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
    this.teacherMode = teacherMode;
    await this.rl.adopt(r.race, r.history);
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
    this.rl.resync(this.race);
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
    if (this.race !== this.recording) this.race?.destroy(); // a recording race is destroyed by recordPath
    else if (this.recording) this.generation++; // ...which stops at its next progress report
    this.race = null;
    this.rl.clear();
  }
}
