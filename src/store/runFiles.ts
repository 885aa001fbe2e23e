/**
 * The page's side of saved runs, run files and recovery (docs/reliability.md): the
 * "resume where you stopped" offer, opening and saving run files, going back to the last
 * good state after a divergence, and turning the worker's alerts into messages.
 */
import type { Remote } from 'comlink';
import { create } from 'zustand';
import type { ResumeInfo, TrainerApi } from '../../workers/api';
import { clearSaved, readSavedMeta, type SavedMeta } from '../../workers/savedStore';
import { MAX_RUN_FILE_BYTES } from '../config/runFile';
import type { MethodId } from '../config/schema';
import { useRunStore } from './runStore';
import { acquireTrainer, getApi, isStale, writeHash } from './session';
import { describeError } from './workerClient';

interface SavedRunState {
  /** a run saved by an earlier visit, offered for resuming (null once answered) */
  offer: SavedMeta | null;
  /** an open / resume / go-back is in flight */
  opening: boolean;
}

export const useSavedRunStore = create<SavedRunState>()(() => ({ offer: null, opening: false }));

const store = () => useRunStore.getState();

/** At page start: is there a saved run to offer? (Storage errors count as no.) */
export async function findSavedRun(): Promise<SavedMeta | null> {
  const meta = await readSavedMeta().catch(() => null);
  useSavedRunStore.setState({ offer: meta });
  return meta;
}

async function openRun(what: string, forceCpu: boolean, load: (api: Remote<TrainerApi>) => Promise<ResumeInfo>): Promise<boolean> {
  useSavedRunStore.setState({ opening: true });
  store().clearMessages('runfile');
  try {
    const { api, token } = await acquireTrainer(forceCpu);
    const info = await load(api);
    if (isStale(token)) return false;
    const s = store();
    s.setRun({ config: info.config, points: info.points, teacherMode: info.teacherMode, forceCpu });
    s.setPath(info.path);
    s.setFracs({ teacherFrac: 1, recordFrac: 1 });
    s.setStage(info.stage);
    s.setUrlErrors([]);
    writeHash();
    await api.setSpeed(store().speed);
    await api.resync(); // the series come back in the next snapshot
    return true;
  } catch (e) {
    store().pushMessage('error', `${what}: ${describeError(e)}`, 'runfile');
    return false;
  } finally {
    useSavedRunStore.setState({ opening: false });
  }
}

/** Resume the run saved in this browser; if it cannot be, say why and go on with `fallback` (the link's run). */
export async function resumeSavedRun(forceCpu: boolean, fallback: () => void): Promise<boolean> {
  useSavedRunStore.setState({ offer: null });
  const ok = await openRun('Resuming the saved run failed', forceCpu, (api) => api.resumeSaved());
  if (!ok) fallback();
  return ok;
}

/** Forget the saved run, then go on with `next` (the run of the link). */
export async function discardSavedRun(next: () => void): Promise<void> {
  useSavedRunStore.setState({ offer: null });
  await clearSaved();
  next();
}

/** Open a run file chosen by the user. Refused files change nothing but a message. */
export async function openRunFile(file: File): Promise<boolean> {
  if (file.size > MAX_RUN_FILE_BYTES) {
    store().pushMessage('error', `The run file was refused: it is ${(file.size / 2 ** 20).toFixed(1)} MB, the limit is ${MAX_RUN_FILE_BYTES / 2 ** 20} MB.`, 'runfile');
    return false;
  }
  if (file.size === 0) {
    store().pushMessage('error', 'The run file was refused: it is empty.', 'runfile');
    return false;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    store().pushMessage('error', `The run file could not be read: ${describeError(e)}`, 'runfile');
    return false;
  }
  useSavedRunStore.setState({ offer: null });
  return openRun('Opening the run file failed', store().forceCpu, (api) => api.importRun(bytes));
}

/** The current run as a file (bytes and a suggested name), or null with a message. */
export async function exportRunFile(): Promise<{ bytes: Uint8Array; filename: string } | null> {
  const api = getApi();
  if (!api) return null;
  try {
    return await api.exportRun();
  } catch (e) {
    store().pushMessage('error', `Saving the run file failed: ${describeError(e)}`, 'runfile');
    return null;
  }
}

/** After a divergence: back to the last good state with lower learning rates for `method`. */
export async function resumeFromLastGood(method: MethodId, lrG: number, lrPhi: number): Promise<boolean> {
  const api = getApi();
  if (!api) return false;
  useSavedRunStore.setState({ opening: true });
  try {
    await api.resumeFromLastGood({ method, lrG, lrPhi });
    return true;
  } catch (e) {
    store().pushMessage('error', `Going back failed: ${describeError(e)}`, 'runfile');
    return false;
  } finally {
    useSavedRunStore.setState({ opening: false });
  }
}

/** Show each of the worker's alerts once as a message (divergences also get their own panel). */
export function watchAlerts(): () => void {
  return useRunStore.subscribe((s, prev) => {
    const a = s.alert;
    if (!a || a.id === prev.alert?.id) return;
    s.pushMessage(a.level, a.text, `alert-${a.kind}`);
  });
}
