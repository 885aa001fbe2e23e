/**
 * The trainer's saves. The last good state of the run is kept in memory (device-loss and
 * divergence recovery restore from it) and written to storage in the background, one
 * write at a time (a newer state replaces one still waiting). Cadence: every `everyMs`
 * of racing (the loop reports its compute time), and whenever the trainer asks (ready,
 * pause). A failed write (quota, storage blocked, a run too large) gives a message once
 * and never stops the race.
 */
import type { MethodId } from '../src/config/schema';
import { encodeRun, type SavedRun } from '../src/distill/savedRun';
import { defaultKeyValue, type KeyValue, META_KEY, RUN_KEY, type SavedMeta } from './savedStore';

export const SAVE_EVERY_MS = 10_000;

export function describeStorageError(e: unknown, bytes: number): string {
  const name = (e as { name?: string })?.name ?? '';
  const size = bytes > 0 ? ` (${(bytes / (1024 * 1024)).toFixed(1)} MB)` : '';
  if (name === 'QuotaExceededError' || /quota/i.test(String((e as Error)?.message)))
    return `This browser's storage is full, so the run could not be saved for a reload${size}. It keeps running; use "Save run file" to keep it.`;
  if (name === 'RunFileError') return `The run could not be saved: ${(e as Error).message}. It keeps running.`;
  return `The run could not be saved in this browser's storage${size}: ${(e as Error)?.message ?? String(e)}. It keeps running.`;
}

export class RunSaver {
  /** the last state captured from a healthy run (in memory, whatever storage did with it) */
  lastGood: SavedRun | null = null;
  /** the latest storage failure, until a write succeeds */
  error: string | null = null;
  writes = 0;
  private sinceMs = 0;
  private pending: SavedRun | null = null;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly kv: KeyValue = defaultKeyValue(),
    readonly everyMs = SAVE_EVERY_MS,
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  /** Racing time since the last save. */
  get sinceSaveMs(): number {
    return this.sinceMs;
  }

  /** Count racing time; true once a save is due. */
  tick(ms: number): boolean {
    this.sinceMs += ms;
    return this.sinceMs >= this.everyMs;
  }

  /** Keep `run` as the last good state and write it to storage in the background. */
  keep(run: SavedRun): void {
    this.lastGood = run;
    this.sinceMs = 0;
    this.pending = run;
    this.writing ??= this.drain();
  }

  /** Forget the in-memory state (a new run was configured). Storage keeps the old run until the next save. */
  forget(): void {
    this.lastGood = null;
    this.pending = null;
    this.sinceMs = 0;
  }

  /** Resolves when every write asked for so far has finished (or failed). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const run = this.pending;
        this.pending = null;
        await this.write(run);
      }
    } finally {
      this.writing = null;
    }
  }

  private async write(run: SavedRun): Promise<void> {
    let bytes: Uint8Array | null = null;
    try {
      bytes = encodeRun(run);
      const steps: Partial<Record<MethodId, number>> = {};
      for (const r of run.race.racers) steps[r.method] = r.steps;
      const meta: SavedMeta = { savedAt: run.savedAt, config: run.race.config, points: run.points, teacherMode: run.teacherMode, steps, bytes: bytes.length };
      await this.kv.setMany([[RUN_KEY, bytes], [META_KEY, meta]]);
      this.writes++;
      this.error = null;
    } catch (e) {
      const msg = describeStorageError(e, bytes?.length ?? 0);
      if (msg !== this.error) this.onError(msg);
      this.error = msg;
    }
  }

  /** The stored run's bytes (decode them with decodeRun), or null. */
  async readBytes(): Promise<Uint8Array | null> {
    const v = await this.kv.get(RUN_KEY);
    return v instanceof Uint8Array ? v : null;
  }

  async clear(): Promise<void> {
    this.pending = null;
    await this.flush();
    await this.kv.delMany([META_KEY, RUN_KEY]);
  }
}
