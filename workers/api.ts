/**
 * The trainer worker's API, typed in one place. The UI talks to the worker only through
 * this interface (comlink); the worker owns the device and every network.
 */
import type { MethodId, RunConfig } from '../src/config/schema';
import type { BackendStats } from '../src/engine/backend';

export type Stage = 'idle' | 'loading' | 'teacher' | 'recording' | 'ready' | 'racing' | 'paused' | 'done' | 'error';

export interface BackendInfo {
  kind: 'webgpu' | 'cpu';
  adapter: string;
  /** Why the CPU backend is in use (no WebGPU, no adapter, device lost...). */
  fallbackReason?: string;
}

export type { EvalPoint } from '../src/distill/types';
import type { EvalPoint } from '../src/distill/types';

export interface MethodSnapshot {
  method: MethodId;
  step: number;
  /** Points added since the previous snapshot (the store appends them). */
  newPoints: EvalPoint[];
  /** Latest student samples, [n, 2] in the data plane (or [n, 784] for MNIST grids). */
  samples: Float32Array;
  target: number;
  /** Steps at which the target node changed (DisBack), with the new index. */
  switches: { step: number; node: number }[];
  diverged?: { step: number; what: string };
}

export interface Progress {
  label: string;
  frac: number; // 0..1
}

/**
 * Something the user should know about that happened in the worker (the latest one; the
 * page shows each id once): a device loss and the recovery, a divergence that paused the
 * race, a failed save, a restored run.
 */
export interface Alert {
  id: number;
  kind: 'device-lost' | 'diverged' | 'save-failed' | 'restored';
  level: 'info' | 'warn' | 'error';
  text: string;
  /** diverged: the method, its step, the step of the last good state and its learning rates */
  method?: MethodId;
  step?: number;
  lastGoodStep?: number;
  lrG?: number;
  lrPhi?: number;
}

/** A run opened from storage or a file: what the page needs to show it. */
export interface ResumeInfo {
  config: RunConfig;
  points: Float32Array | null;
  teacherMode: 'pretrained' | 'train';
  path: PathInfo;
  savedAt: number;
  stage: Stage;
}

export interface Snapshot {
  alert?: Alert;
  stage: Stage;
  backend: BackendInfo;
  stepsPerSec: number;
  msPerStep: number;
  progress: Progress | null;
  methods: MethodSnapshot[];
  message?: string;
}

/** The degradation path recorded in stage 1, sent once after recording. */
export interface PathInfo {
  /** generator/fine-tune step of each checkpoint theta'_0..theta'_N (0 for the teacher) */
  steps: number[];
  /** Heun samples of each checkpoint (data plane, [n, 2] or [n, 784]) */
  samples: Float32Array[];
  /** distance of each checkpoint from the teacher (mismatch on noised G^0 samples) */
  distance: number[];
  /** data samples and the initial generator's samples, for context */
  data: Float32Array;
  g0: Float32Array;
  /** teacher density on a res x res grid over extent [xmin, xmax, ymin, ymax] (2-D only) */
  density?: { res: number; extent: [number, number, number, number]; values: Float32Array };
  stage1Seconds: number;
  stage1Passes: number;
}

/** Grid layout: index iy*res + ix at cell centres, iy = 0 at ymin (bottom). */
export interface ScoreField {
  res: number;
  extent: [number, number, number, number];
  sigma: number;
  /** [res*res, 2] vectors (D - x) / sigma^2 at the grid points */
  vectors: Float32Array;
}

export interface KernelCheck {
  kernel: string;
  maxAbs: number;
  maxRel: number;
  ok: boolean;
}

export interface NfeReport {
  /** churn: EDM's S_churn of the teacher's sampler (0: deterministic Heun) */
  teacher: { steps: number; churn: number; msPerSample: number; samples: Float32Array };
  student: { msPerSample: number; samples: Float32Array };
}

/** A network of the run, for export. */
export type ModelRef = { kind: 'student' | 'fake'; method: MethodId } | { kind: 'checkpoint'; index: number } | { kind: 'teacher' };

/** The exported student run by onnxruntime-web next to the engine, on the same z. */
export interface OnnxCheck {
  provider: 'webgpu' | 'wasm';
  ms: number;
  loadMs: number;
  n: number;
  onnxSamples: Float32Array;
  engineSamples: Float32Array;
  maxAbsDiff: number;
  bytes: number;
}

export interface TrainerApi {
  /** Create the backend (WebGPU unless forceCpu or unavailable). */
  init(opts?: { forceCpu?: boolean }): Promise<BackendInfo>;
  /** Validate and apply a config; user points for the 'points' data set. Throws a readable Error if invalid. */
  configure(config: RunConfig, points?: Float32Array): Promise<void>;
  /** Load the shipped teacher for the data set, or train one live (progress in snapshots). */
  prepareTeacher(mode: 'pretrained' | 'train'): Promise<void>;
  /** Stage 1 for the methods that need it; returns the recorded path. */
  recordPath(): Promise<PathInfo>;
  start(): void;
  /** Resolves once the step in flight has finished. */
  pause(): Promise<void>;
  step(n: number): Promise<void>;
  reset(): Promise<void>;
  setSpeed(stepsPerFrame: number): void;
  /** Register the snapshot callback (wrap with comlink.proxy); snapshots arrive at a bounded rate. */
  subscribe(cb: (s: Snapshot) => void): void;
  snapshot(): Promise<Snapshot>;
  scoreField(method: MethodId, which: 'teacher' | 'fake' | 'gap', res: number, sigma: number): Promise<ScoreField>;
  /** Teacher Heun sampling vs the one-step student of `method` (default: the first racer). */
  nfe(teacherSteps: number, n: number, method?: MethodId, churn?: number): Promise<NfeReport>;
  selfTest(): Promise<KernelCheck[]>;
  /** Export a network as a standard ONNX model (EDM preconditioning included). */
  exportOnnx(ref: ModelRef): Promise<{ bytes: Uint8Array; filename: string }>;
  /** Use an uploaded ONNX denoiser as the teacher (then call recordPath); refused files change nothing. */
  loadTeacherOnnx(bytes: Uint8Array): Promise<{ summary: string }>;
  /** Sample the exported student of `method` with onnxruntime-web beside the engine. */
  onnxStudentCheck(method: MethodId, n: number): Promise<OnnxCheck>;

  // ---- reliability (docs/reliability.md) ----
  /** Continue the run saved in this browser's storage (paused). Throws a readable Error if there is none or it is unusable. */
  resumeSaved(): Promise<ResumeInfo>;
  /** Open a run file (paused); a refused file leaves the current run as it was (paused). */
  importRun(bytes: Uint8Array): Promise<ResumeInfo>;
  /** The current run as one file (see docs/reliability.md for the format). */
  exportRun(): Promise<{ bytes: Uint8Array; filename: string }>;
  /** Forget the run saved in storage (the current run is not touched). */
  discardSaved(): Promise<void>;
  /** After a divergence: restore the last good state, with lower learning rates for `method` (default: the one that diverged). Paused. */
  resumeFromLastGood(changes: { method?: MethodId; lrG?: number; lrPhi?: number }): Promise<void>;
  /** Send every method's whole series again in the next snapshot (after the page reset its series). */
  resync(): Promise<void>;
  /** Test hook: force a WebGPU device loss (throws on the CPU backend). */
  debugLoseDevice(): Promise<void>;
  /** Test hook: live buffers and bind groups of the backend. */
  debugStats(): Promise<BackendStats | null>;
}
