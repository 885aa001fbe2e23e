/**
 * The page's pipeline and transport, on top of the worker client:
 * init backend -> configure -> prepareTeacher -> recordPath -> ready (-> race).
 * A newer run cancels an older one at its next await (the worker is told to pause and
 * is reconfigured; it is expected to abandon a stage when configure is called again).
 */
import type { Remote } from 'comlink';
import type { BackendInfo, KernelCheck, NfeReport, ScoreField, TrainerApi } from '../../workers/api';
import type { MethodId } from '../config/schema';
import { encodeUrlState, type UrlState } from '../ui/urlState';
import { useRunStore } from './runStore';
import { createWorkerClient, describeError, type WorkerClient } from './workerClient';

let client: WorkerClient | null = null;
let clientCpu = false;
let initPromise: Promise<BackendInfo> | null = null;
let runToken = 0;
/** the worker holds a configured run (so it may be racing and must be paused first) */
let configured = false;

const store = () => useRunStore.getState();

function ensureClient(forceCpu: boolean): WorkerClient {
  if (client && clientCpu !== forceCpu) {
    client.dispose();
    client = null;
    initPromise = null;
  }
  if (!client) {
    client = createWorkerClient({
      onSnapshots: (snaps) => store().ingest(snaps),
      onError: (text) => {
        store().pushMessage('error', text, 'worker');
        if (store().busy) store().setStage('error');
      },
    });
    clientCpu = forceCpu;
    configured = false;
  }
  return client;
}

export function getApi(): Remote<TrainerApi> | null {
  return client?.api ?? null;
}

/** The link that reproduces the applied run. */
export function currentHash(extra?: Partial<UrlState>): string {
  const s = store();
  return encodeUrlState({ config: s.config, points: s.points, teacherMode: s.teacherMode, forceCpu: s.forceCpu, autoplay: false, ...extra });
}

export function writeHash(): void {
  const hash = currentHash();
  if (location.hash === hash || (hash === '' && location.hash === '')) return;
  history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
}

export const isStale = (token: number) => token !== runToken;

/** Start (or restart) the whole pipeline for a run. */
export async function startRun(state: UrlState, opts: { writeHash?: boolean } = {}): Promise<void> {
  const token = ++runToken;
  const s = store();
  s.setRun(state);
  s.clearMessages('pipeline');
  s.clearMessages('teacher');
  s.setBusy(true);
  s.setStage('loading');
  if (opts.writeHash) writeHash();
  const { config, points, forceCpu } = state;
  let phase = 'Checking the settings';
  try {
    if (config.dataset === 'points' && (!points || points.length < 2)) {
      throw new Error('Draw some points first: the "draw your own" data set has none yet.');
    }
    const c = ensureClient(forceCpu);
    phase = 'Starting the compute backend';
    if (!initPromise) {
      initPromise = c.api.init({ forceCpu });
      initPromise.catch(() => (initPromise = null));
    }
    const backend = await initPromise;
    if (isStale(token)) return;
    useRunStore.setState({ backend });

    phase = 'Configuring the run';
    if (configured) await c.api.pause();
    await c.api.configure(config, points ?? undefined);
    configured = true;
    if (isStale(token)) return;

    store().setStage('teacher');
    phase = 'Preparing the teacher';
    const mode = config.dataset === 'points' ? 'train' : state.teacherMode;
    try {
      await c.api.prepareTeacher(mode);
    } catch (e) {
      if (mode !== 'pretrained' || isStale(token)) throw e;
      store().pushMessage('info', `No shipped teacher could be loaded (${describeError(e)}); training one live instead.`, 'teacher');
      await c.api.prepareTeacher('train');
    }
    if (isStale(token)) return;
    store().setFracs({ teacherFrac: 1 });

    phase = 'Recording the degradation path';
    if (!(await recordAndReady(c.api, token))) return;
    if (state.autoplay) await play();
  } catch (e) {
    if (isStale(token)) return;
    store().setStage('error');
    store().pushMessage('error', `${phase} failed: ${describeError(e)}`, 'pipeline');
  } finally {
    if (!isStale(token)) store().setBusy(false);
  }
}

/**
 * For a run that does not start from settings (a saved run, a run file; see runFiles.ts):
 * the worker, initialised and paused, and a run token (newer runs make it stale).
 */
export async function acquireTrainer(forceCpu: boolean): Promise<{ api: Remote<TrainerApi>; token: number }> {
  const token = ++runToken;
  const c = ensureClient(forceCpu);
  if (!initPromise) {
    initPromise = c.api.init({ forceCpu });
    initPromise.catch(() => (initPromise = null));
  }
  useRunStore.setState({ backend: await initPromise });
  if (configured) await c.api.pause();
  configured = true;
  return { api: c.api, token };
}

/** The tail of the pipeline: stage 1 on the worker's teacher, then ready. False when a newer run took over. */
async function recordAndReady(api: Remote<TrainerApi>, token: number): Promise<boolean> {
  store().setStage('recording');
  const path = await api.recordPath();
  if (isStale(token)) return false;
  store().setPath(path);
  store().setFracs({ recordFrac: 1 });
  await api.setSpeed(store().speed);
  if (isStale(token)) return false;
  store().setBusy(false);
  store().setStage('ready');
  return true;
}

const LOADABLE = new Set(['ready', 'racing', 'paused', 'done']);

/** The page may hand the worker a new teacher now (a configured run, no stage in flight). */
export function canLoadTeacher(stage: string, busy: boolean): boolean {
  return configured && !busy && LOADABLE.has(stage);
}

/**
 * Use an uploaded ONNX denoiser as the teacher, then record the path again. A refused file
 * throws the worker's message and leaves the run as it was (the worker changes nothing).
 * Resolves with the worker's summary of the accepted teacher.
 */
export async function loadTeacherOnnx(bytes: Uint8Array): Promise<string> {
  const api = getApi();
  if (!api || !configured) throw new Error('The trainer is not running yet.');
  if (!canLoadTeacher(store().stage, store().busy)) throw new Error('Wait until the current stage has finished before loading a teacher.');
  const before = runToken;
  const { summary } = await api.loadTeacherOnnx(bytes);
  if (isStale(before)) throw new Error('A new run was started meanwhile; load the teacher again.');
  const token = ++runToken;
  const s = store();
  s.clearMessages('pipeline');
  s.setBusy(true);
  useRunStore.setState({ path: null, recordFrac: 0, progress: null, teacherSource: summary });
  s.resetSeries();
  try {
    await recordAndReady(api, token);
  } catch (e) {
    if (!isStale(token)) {
      store().setStage('error');
      store().pushMessage('error', `Recording the degradation path failed: ${describeError(e)}`, 'pipeline');
    }
  } finally {
    if (!isStale(token)) store().setBusy(false);
  }
  return summary;
}

/** Re-run the pipeline with the applied run (after an error). */
export function retry(): Promise<void> {
  const s = store();
  return startRun({ config: s.config, points: s.points, teacherMode: s.teacherMode, forceCpu: s.forceCpu, autoplay: false });
}

const PLAYABLE = new Set(['ready', 'paused']);

export function canPlay(stage: string): boolean {
  return PLAYABLE.has(stage);
}

async function guarded(what: string, f: (api: Remote<TrainerApi>) => Promise<unknown>): Promise<void> {
  const api = getApi();
  if (!api) return;
  try {
    await f(api);
  } catch (e) {
    store().pushMessage('error', `${what} failed: ${describeError(e)}`, what);
  }
}

export function play(): Promise<void> {
  if (!canPlay(store().stage) || store().busy) return Promise.resolve();
  store().setStage('racing');
  return guarded('start', (api) => api.start());
}

/** Pause; the stage turns 'paused' once the worker has finished the step in flight. */
export async function pause(): Promise<void> {
  if (store().stage !== 'racing') return;
  await guarded('pause', (api) => api.pause());
  if (store().stage === 'racing') store().setStage('paused');
}

export function togglePlay(): Promise<void> {
  return store().stage === 'racing' ? pause() : play();
}

/** Advance by one evaluation tick (evalEvery generator steps), paused. */
export function stepOnce(): Promise<void> {
  const s = store();
  if (!canPlay(s.stage) || s.busy) return Promise.resolve();
  return guarded('step', (api) => api.step(s.config.evalEvery));
}

export function resetRace(): Promise<void> {
  const s = store();
  if (!['ready', 'racing', 'paused', 'done'].includes(s.stage) || s.busy) return Promise.resolve();
  return guarded('reset', async (api) => {
    await api.reset();
    store().resetSeries();
    store().setStage('ready');
  });
}

export function setSpeed(stepsPerFrame: number): void {
  store().setSpeed(stepsPerFrame);
  void guarded('speed', (api) => api.setSpeed(stepsPerFrame));
}

export async function scoreField(method: MethodId, which: 'teacher' | 'fake' | 'gap', res: number, sigma: number): Promise<ScoreField | null> {
  const api = getApi();
  return api ? api.scoreField(method, which, res, sigma) : null;
}

export async function nfe(teacherSteps: number, n: number, method?: MethodId, churn?: number): Promise<NfeReport> {
  const api = getApi();
  if (!api) throw new Error('The trainer is not running yet.');
  return api.nfe(teacherSteps, n, method, churn);
}

export async function selfTest(): Promise<KernelCheck[]> {
  const api = getApi();
  if (!api) throw new Error('The trainer is not running yet.');
  return api.selfTest();
}
