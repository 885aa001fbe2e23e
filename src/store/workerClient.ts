/**
 * The trainer worker, seen from the main thread: created once, wrapped with comlink,
 * subscribed with a proxied callback. Snapshots are queued and handed over once per
 * animation frame (all of them, in order: series are built from their newPoints), with a
 * timer fallback so a hidden tab does not queue without bound.
 */
import { proxy, wrap, type Remote } from 'comlink';
import type { Snapshot, TrainerApi } from '../../workers/api';

export interface WorkerClient {
  api: Remote<TrainerApi>;
  dispose(): void;
}

export interface WorkerClientHandlers {
  onSnapshots(snaps: Snapshot[]): void;
  onError(text: string): void;
}

const FALLBACK_FLUSH_MS = 250;
const MAX_QUEUE = 2000;

export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object' && 'message' in e && typeof (e as { message: unknown }).message === 'string') {
    return (e as { message: string }).message;
  }
  try {
    return JSON.stringify(e) ?? String(e);
  } catch {
    return String(e);
  }
}

/** Batches callbacks to one per animation frame. */
export function frameBatcher<T>(flush: (items: T[]) => void): { push(item: T): void; cancel(): void } {
  let queue: T[] = [];
  let raf = 0;
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  const run = () => {
    if (raf) cancelAnimationFrame(raf);
    if (timer) clearTimeout(timer);
    raf = 0;
    timer = 0;
    const items = queue;
    queue = [];
    if (items.length) flush(items);
  };
  return {
    push(item) {
      queue.push(item);
      if (queue.length > MAX_QUEUE) run();
      if (!raf && typeof requestAnimationFrame === 'function') raf = requestAnimationFrame(run);
      if (!timer) timer = setTimeout(run, FALLBACK_FLUSH_MS);
    },
    cancel() {
      if (raf) cancelAnimationFrame(raf);
      if (timer) clearTimeout(timer);
      raf = 0;
      timer = 0;
      queue = [];
    },
  };
}

export function createWorkerClient(handlers: WorkerClientHandlers): WorkerClient {
  const worker = new Worker(new URL('../../workers/trainer.worker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('error', (ev: ErrorEvent) => {
    ev.preventDefault();
    const where = ev.filename ? ` (${ev.filename.split('/').pop()}:${ev.lineno})` : '';
    handlers.onError(`Trainer worker error: ${ev.message || 'the worker script failed to load'}${where}`);
  });
  worker.addEventListener('messageerror', () => handlers.onError('Trainer worker sent a message that could not be read.'));

  const api = wrap<TrainerApi>(worker);
  const batcher = frameBatcher<Snapshot>(handlers.onSnapshots);
  const cb = proxy((s: Snapshot) => batcher.push(s));
  api.subscribe(cb).catch((e: unknown) => handlers.onError(`Could not subscribe to the trainer: ${describeError(e)}`));

  return {
    api,
    dispose() {
      batcher.cancel();
      worker.terminate();
    },
  };
}
