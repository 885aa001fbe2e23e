/**
 * A TEST DOUBLE of the trainer worker for UI screenshots and end-to-end checks of the
 * page alone: same TrainerApi, synthetic but plausible data (8 Gaussians, students that
 * drift from a blurry start towards the modes), no GPU. Bundled by tests/ui/shot.mjs
 * and swapped in for the real worker script by request interception; never shipped.
 */
import { expose } from 'comlink';
import type { MethodId, RunConfig } from '../../../src/config/schema';
import type { EvalPoint, MethodSnapshot, ModelRef, PathInfo, Snapshot, Stage, TrainerApi } from '../../../workers/api';
import { classHist, digits } from './fakeDigits';

let config: RunConfig;
let stage: Stage = 'idle';
let forceCpu = false;
let cb: ((s: Snapshot) => void) | null = null;
let speed = 4;
let timer: ReturnType<typeof setInterval> | null = null;
let progress: Snapshot['progress'] = null;
let seed = 1;
const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
const MODES = Array.from({ length: 8 }, (_, k) => [1.6 * Math.cos((k * Math.PI) / 4), 1.6 * Math.sin((k * Math.PI) / 4)]);
const RATE: Record<MethodId, number> = { vanilla: 0.0012, warmstart: 0.0018, disback: 0.003, vanilla_k5: 0.0016 };

interface M {
  step: number;
  pending: EvalPoint[];
  switches: { step: number; node: number }[];
  target: number;
  passes: number;
}
let ms: Partial<Record<MethodId, M>> = {};

function mix(t: number, n = 600): Float32Array {
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const m = MODES[i % 8];
    const dx = m[0] + 0.08 * gauss();
    const dy = m[1] + 0.08 * gauss();
    const gx = 0.9 * gauss();
    const gy = 0.9 * gauss();
    out[2 * i] = gx + (dx - gx) * t;
    out[2 * i + 1] = gy + (dy - gy) * t;
  }
  return out;
}

const isMnist = () => config?.dataset === 'mnist';
/** samples of a method at quality t: 2-D points, or 64 digits for MNIST */
const samplesAt = (t: number, n = 600) => (isMnist() ? digits(t, Math.min(n, 64), rand) : mix(t, n));

function nCk(): number {
  return config.disback.nCheckpoints;
}

function quality(m: MethodId, step: number): number {
  return 1 - Math.exp(-RATE[m] * step);
}

function send(): void {
  if (!cb || !config) return;
  const methods: MethodSnapshot[] = config.methods.map((m) => {
    const s = ms[m]!;
    const pts = s.pending;
    s.pending = [];
    return { method: m, step: s.step, newPoints: pts, samples: samplesAt(quality(m, s.step)), target: s.target, switches: s.switches };
  });
  cb({ stage, backend: backendInfo(), stepsPerSec: stage === 'racing' ? speed * 60 : 0, msPerStep: stage === 'racing' ? 1000 / (speed * 60) : 0, progress, methods });
}

function backendInfo() {
  return forceCpu
    ? { kind: 'cpu' as const, adapter: 'TypeScript reference', fallbackReason: 'forced by the link (backend=cpu)' }
    : { kind: 'webgpu' as const, adapter: 'Fake adapter (UI test double)' };
}

function advance(n: number): void {
  for (const m of config.methods) {
    const s = ms[m]!;
    for (let k = 0; k < n && s.step < config.distill.steps; k++) {
      s.step++;
      s.passes += m === 'vanilla_k5' ? 12 : 4;
      if (m === 'disback' && s.target > 0 && s.step % config.disback.kNode === 0) {
        s.target--;
        s.switches.push({ step: s.step, node: s.target });
      }
      if (s.step % config.evalEvery === 0) {
        const q = quality(m, s.step);
        const sw = 0.02 + 1.2 * (1 - q) + 0.01 * rand();
        const traj = Array.from({ length: nCk() + 1 }, (_, r) => 0.02 + Math.abs(1 - q - r / nCk()) * 1.2 + 0.01 * rand());
        const fd = 4 + 180 * (1 - q) ** 2 + 2 * rand();
        const mnist = isMnist()
          ? { fd, fdTeacher: fd * 0.8, classHist: classHist(q, m === 'vanilla'), confident: 0.9 * q, sw2Teacher: NaN, mmdTeacher: NaN, energyTeacher: NaN, sw2Data: NaN }
          : {};
        s.pending.push({
          step: s.step,
          passes: s.passes,
          wall: s.step * 0.004,
          lossG: 0.5 * sw * sw + 1e-4,
          lossFake: 0.3 + 0.1 * rand(),
          sw2Teacher: sw,
          mmdTeacher: 0.5 * sw * sw,
          energyTeacher: sw * 0.8,
          sw2Data: sw * 1.05,
          mismatchTarget: m === 'vanilla' ? sw * 0.9 : sw * 0.2,
          mismatchTeacher: sw * 0.9,
          sw2Target: m === 'disback' ? traj[s.target] : sw,
          target: s.target,
          trajectory: isMnist() ? traj.map((v) => 5 + 150 * v) : traj,
          ...mnist,
        });
      }
    }
    if (s.step >= config.distill.steps) stage = 'done';
  }
}

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

/** A stand-in for an ONNX file: an ONNX-looking header (ir_version 8) and the kind as text. Not a real model. */
function fakeOnnx(ref: ModelRef): { bytes: Uint8Array; filename: string } {
  const kind = ref.kind === 'student' ? 'generator' : 'denoiser';
  const what = ref.kind === 'checkpoint' ? `checkpoint-${ref.index}` : ref.kind === 'teacher' ? 'teacher' : `${ref.method}-${ref.kind === 'fake' ? 'fake-score' : 'student'}`;
  const text = new TextEncoder().encode(`disback-playground fake kind=${kind} ${what}`);
  const bytes = new Uint8Array(2 + text.length);
  bytes.set([0x08, 0x08]);
  bytes.set(text, 2);
  return { bytes, filename: `${config.dataset}-${what}.onnx` };
}

async function progressStage(st: Stage, label: string, ms_: number): Promise<void> {
  stage = st;
  for (let i = 0; i <= 10; i++) {
    progress = { label, frac: i / 10 };
    send();
    await sleep(ms_ / 10);
  }
  progress = null;
}

function resetMethods(): void {
  ms = {};
  for (const m of config.methods) {
    const usesPath = m !== 'vanilla' && m !== 'vanilla_k5';
    ms[m] = { step: 0, pending: [], switches: [], target: m === 'disback' ? nCk() : 0, passes: usesPath ? 800 * 4 : 0 };
  }
}

const api: TrainerApi = {
  async init(opts) {
    forceCpu = !!opts?.forceCpu;
    return backendInfo();
  },
  async configure(c) {
    config = c;
    seed = c.seed + 1;
    resetMethods();
  },
  async prepareTeacher() {
    await progressStage('teacher', 'loading the teacher', 400);
  },
  async recordPath(): Promise<PathInfo> {
    await progressStage('recording', 'stage 1: fine-tuning towards G⁰', 600);
    const n = nCk();
    const res = 64;
    const values = new Float32Array(res * res);
    for (let iy = 0; iy < res; iy++)
      for (let ix = 0; ix < res; ix++) {
        const x = -2.5 + ((ix + 0.5) * 5) / res;
        const y = -2.5 + ((iy + 0.5) * 5) / res;
        values[iy * res + ix] = MODES.reduce((a, m) => a + Math.exp(-((x - m[0]) ** 2 + (y - m[1]) ** 2) / (2 * 0.15 ** 2)), 0);
      }
    stage = 'ready';
    send();
    if (isMnist()) {
      return {
        steps: Array.from({ length: n + 1 }, (_, i) => (i === 0 ? 0 : Math.min(150, 2 ** (i + 2)))),
        samples: Array.from({ length: n + 1 }, (_, i) => digits(1 - i / n, 64, rand)),
        distance: Array.from({ length: n + 1 }, (_, i) => (i / n) ** 0.6),
        data: digits(1, 64, rand),
        g0: digits(0, 64, rand),
        stage1Seconds: 12.5,
        stage1Passes: 1800,
      };
    }
    return {
      steps: Array.from({ length: n + 1 }, (_, i) => (i === 0 ? 0 : Math.min(800, 2 ** (i + 2)))),
      samples: Array.from({ length: n + 1 }, (_, i) => mix(1 - i / n, 400)),
      distance: Array.from({ length: n + 1 }, (_, i) => (i / n) ** 0.6),
      data: mix(1, 800),
      g0: mix(0, 600),
      density: { res, extent: [-2.5, 2.5, -2.5, 2.5], values },
      stage1Seconds: 3.2,
      stage1Passes: 3200,
    };
  },
  start() {
    stage = 'racing';
    if (timer) clearInterval(timer);
    timer = setInterval(() => {
      advance(speed);
      send();
      if (stage === 'done' && timer) clearInterval(timer);
    }, 50);
  },
  async pause() {
    if (timer) clearInterval(timer);
    timer = null;
    stage = 'paused';
    send();
  },
  async step(n) {
    advance(n);
    if (stage !== 'done') stage = 'paused';
    send();
  },
  async reset() {
    if (timer) clearInterval(timer);
    timer = null;
    resetMethods();
    stage = 'ready';
    send();
  },
  setSpeed(n) {
    speed = n;
  },
  subscribe(f) {
    cb = f;
  },
  async snapshot() {
    return { stage, backend: backendInfo(), stepsPerSec: 0, msPerStep: 0, progress, methods: [] };
  },
  async scoreField(_m, which, res, sigma) {
    const v = new Float32Array(res * res * 2);
    for (let k = 0; k < res * res; k++) {
      const x = -2.5 + (((k % res) + 0.5) * 5) / res;
      const y = -2.5 + ((Math.floor(k / res) + 0.5) * 5) / res;
      let best = MODES[0];
      for (const m of MODES) if ((x - m[0]) ** 2 + (y - m[1]) ** 2 < (x - best[0]) ** 2 + (y - best[1]) ** 2) best = m;
      const s = which === 'gap' ? 0.3 : 1;
      v[2 * k] = (s * (best[0] - x)) / (sigma * sigma + 0.1);
      v[2 * k + 1] = (s * (best[1] - y)) / (sigma * sigma + 0.1);
    }
    return { res, extent: [-2.5, 2.5, -2.5, 2.5], sigma, vectors: v };
  },
  async exportOnnx(ref) {
    if (!['ready', 'racing', 'paused', 'done'].includes(stage)) throw new Error('nothing to export yet: wait until the path is recorded');
    return fakeOnnx(ref);
  },
  async loadTeacherOnnx(bytes) {
    if (!config) throw new Error('configure first');
    const text = new TextDecoder().decode(bytes);
    if (bytes[0] !== 0x08 || !text.includes('disback-playground')) throw new Error('This .onnx file was refused: not a model of this playground (test double)');
    if (text.includes('kind=generator')) throw new Error('This .onnx file holds a one-step generator, not a denoiser: load a teacher (x, sigma) -> D');
    if (timer) clearInterval(timer);
    timer = null;
    resetMethods();
    stage = 'idle';
    return { summary: `denoiser for ${config.dataset}: 3x128 silu MLP, sigma_data 0.500 (test double)` };
  },
  async onnxStudentCheck(method, n) {
    if (!config.methods.includes(method)) throw new Error(`method ${method} is not in this race`);
    if (timer) clearInterval(timer);
    timer = null;
    if (stage === 'racing') stage = 'paused';
    send();
    await sleep(200);
    const samples = samplesAt(quality(method, ms[method]?.step ?? 0), n);
    return { provider: 'wasm', ms: 1.5, loadMs: 40, n, onnxSamples: samples, engineSamples: samples.slice(), maxAbsDiff: 2.4e-7, bytes: 35_000 };
  },
  // reliability: the test double keeps nothing, so there is never a saved run to open
  async resumeSaved() {
    throw new Error('No saved run in this browser (test double).');
  },
  async importRun() {
    throw new Error('This run file was refused: the test double opens no run files.');
  },
  async exportRun() {
    return { bytes: new TextEncoder().encode('disback-playground fake run'), filename: `${config?.dataset ?? 'run'}-run.disback` };
  },
  async discardSaved() {},
  async resync() {
    send();
  },
  async resumeFromLastGood() {
    stage = 'paused';
    send();
  },
  async debugLoseDevice() {
    throw new Error('The test double has no device to lose.');
  },
  async debugStats() {
    return null;
  },
  async nfe(steps, n, _method, churn = 0) {
    await sleep(200);
    return { teacher: { steps, churn, msPerSample: 0.02 * steps, samples: samplesAt(1, n) }, student: { msPerSample: 0.02, samples: samplesAt(0.9, n) } };
  },
  async selfTest() {
    await sleep(200);
    return ['matmul', 'matmul_backward', 'silu', 'fourier', 'adam', 'dsm_loss', 'philox'].map((kernel, i) => ({
      kernel,
      maxAbs: 1e-7 * (i + 1),
      maxRel: 1e-6 * (i + 1),
      ok: kernel !== 'philox' || !forceCpu,
    }));
  },
};

expose(api);
