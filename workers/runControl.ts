/**
 * The trainer's reliability flows, kept out of trainer.ts: recovery after a device loss,
 * going back to the last good state after a divergence, resuming a saved run, and run
 * files. Each works on the trainer through the narrow `RunHost` it is given, and none
 * changes the current run before the new one has been fully built.
 */
import { METHOD_LABELS, type MethodId, type RunConfig } from '../src/config/schema';
import type { Backend } from '../src/engine/backend';
import type { Race } from '../src/distill/race';
import type { Racer } from '../src/distill/racer';
import { decodeRun, encodeRun, type SavedRun } from '../src/distill/savedRun';
import type { Alert, BackendInfo, ResumeInfo, Stage } from './api';
import type { RunSaver } from './persistence';
import { type BackendFactory, checkLrChanges, RecoveryBudget, recreateBackend } from './recovery';
import { captureRun, pathInfoOf, rebuildRun, type RebuiltRun } from './runParts';

/** What RunControl needs of the trainer. */
export interface RunHost {
  readonly saver: RunSaver;
  readonly makeBackend: BackendFactory;
  backend(): Backend | null;
  /** replace the backend (the old one is already destroyed) */
  attach(be: Backend, info: BackendInfo): void;
  racing(): boolean;
  stopLoop(): Promise<void>;
  start(): void;
  /** make a rebuilt run the current one, paused, and draw its samples; returns the stage */
  adopt(r: RebuiltRun, teacherMode: 'pretrained' | 'train'): Promise<Stage>;
  /** no run any more (its device is gone): the error stage with this message */
  fail(message: string): void;
  current(): { race: Race | null; config: RunConfig | null; points: Float32Array | undefined; teacherMode: 'pretrained' | 'train'; history: Map<MethodId, import('../src/distill/types').EvalPoint[]> };
  /** set the alert; emit a snapshot now unless `emit` is false */
  notify(a: Omit<Alert, 'id'>, emit?: boolean): void;
}

export class RunControl {
  private recovering: Promise<void> | null = null;
  private readonly budget = new RecoveryBudget();

  constructor(private readonly h: RunHost) {}

  /** Device loss or a failed step on WebGPU: a new backend, the last good state, and on. */
  recover(what: string): Promise<void> {
    return (this.recovering ??= this.recoverNow(what).finally(() => (this.recovering = null)));
  }

  private async recoverNow(what: string): Promise<void> {
    const h = this.h;
    const resume = h.racing();
    await h.stopLoop();
    try {
      h.backend()?.destroy();
    } catch {
      /* a lost device may refuse even that */
    }
    const { be, info } = await recreateBackend(h.makeBackend, what);
    h.attach(be, info);
    const saved = h.saver.lastGood;
    const where = info.kind === 'webgpu' ? 'A new GPU device was created' : 'WebGPU could not be restarted, so the run continues on the CPU';
    if (!saved || !this.budget.take()) {
      return h.fail(`${what}. ${where}; ${saved ? 'the device failed too often to go on' : 'the run had not reached a saved state yet'}: press Retry to start it again.`);
    }
    try {
      await h.adopt(await rebuildRun(be, saved), saved.teacherMode);
    } catch (e) {
      return h.fail(`${what}, and the run could not be restored: ${(e as Error).message}`);
    }
    const step = saved.race.racers[0]?.steps ?? 0;
    h.notify({ kind: 'device-lost', level: 'warn', text: `${what}. ${where} and the run was restored from its last save (step ${step})${resume ? '; it continues' : ''}.` });
    if (resume) h.start();
  }

  /** The alert (and message) for a racer that just diverged; the race is already stopped. */
  diverged(r: Racer): Omit<Alert, 'id'> {
    const d = r.diverged!;
    const method = r.def.id as MethodId;
    const good = this.h.saver.lastGood?.race.racers.find((x) => x.method === method);
    const back = good ? `lower its learning rate and resume from the last good state (step ${good.steps}), or ` : '';
    const text = `${METHOD_LABELS[method]} diverged at step ${d.step}: ${d.what}. The race is paused: ${back}press play to go on without it.`;
    return { kind: 'diverged', level: 'error', text, method, step: d.step, lastGoodStep: good?.steps, lrG: good?.lrG, lrPhi: good?.lrPhi };
  }

  private async open(saved: SavedRun, how: string): Promise<ResumeInfo> {
    await this.h.stopLoop();
    const rebuilt = await rebuildRun(this.need(), saved); // throws before the current run is touched
    const stage = await this.h.adopt(rebuilt, saved.teacherMode);
    this.h.saver.keep(saved);
    const step = saved.race.racers[0]?.steps ?? 0;
    // not emitted now: the page resets its series with the run's settings, then asks for resync()
    this.h.notify({ kind: 'restored', level: 'info', text: `${how} (saved ${new Date(saved.savedAt).toLocaleString()}, step ${step}); press play to continue.` }, false);
    return { config: rebuilt.config, points: saved.points, teacherMode: saved.teacherMode, path: pathInfoOf(rebuilt.race, rebuilt), savedAt: saved.savedAt, stage };
  }

  async resumeSaved(): Promise<ResumeInfo> {
    const bytes = await this.h.saver.readBytes().catch(() => null);
    if (!bytes) throw new Error('No saved run was found in this browser.');
    try {
      return await this.open(decodeRun(bytes), 'Resumed the saved run');
    } catch (e) {
      throw new Error(`The saved run could not be resumed: ${(e as Error).message}`);
    }
  }

  async importRun(bytes: unknown): Promise<ResumeInfo> {
    try {
      if (!(bytes instanceof Uint8Array)) throw new Error('expected the bytes of a file');
      return await this.open(decodeRun(bytes), 'Opened the run file');
    } catch (e) {
      throw new Error(`The run file was refused: ${(e as Error).message}`);
    }
  }

  async exportRun(): Promise<{ bytes: Uint8Array; filename: string }> {
    const { race, config, points, teacherMode, history } = this.h.current();
    if (!race?.pathSummary || !config) throw new Error('Nothing to save yet: wait until the path is recorded.');
    const wasRacing = this.h.racing();
    await this.h.stopLoop();
    try {
      const bytes = encodeRun(await captureRun(race, points, teacherMode, history));
      const step = race.racers[0]?.steps ?? 0;
      return { bytes, filename: `disback-${config.dataset}-seed${config.seed}-step${step}.dsbk` };
    } finally {
      if (wasRacing) this.h.start();
    }
  }

  async resumeFromLastGood(changes: unknown): Promise<void> {
    const good = this.h.saver.lastGood;
    const { race, config } = this.h.current();
    if (!good || !config) throw new Error('There is no saved state to go back to.');
    const c = checkLrChanges(changes, config.methods);
    if (!c.ok) throw new Error(`Invalid learning rates: ${c.errors.join('; ')}`);
    const method = c.changes.method ?? (race?.racers.find((r) => r.diverged)?.def.id as MethodId | undefined) ?? config.methods[0];
    const state = structuredClone(good);
    const r = state.race.racers.find((x) => x.method === method)!;
    if (c.changes.lrG !== undefined) r.lrG = c.changes.lrG;
    if (c.changes.lrPhi !== undefined) r.lrPhi = c.changes.lrPhi;
    await this.h.stopLoop();
    await this.h.adopt(await rebuildRun(this.need(), state), state.teacherMode);
    this.h.saver.keep(state);
    this.h.notify({ kind: 'restored', level: 'info', text: `Back at step ${r.steps}; ${METHOD_LABELS[method]} now uses lrG ${r.lrG} and lrPhi ${r.lrPhi}. Press play to continue.` });
  }

  private need(): Backend {
    const be = this.h.backend();
    if (!be) throw new Error('The trainer has no backend yet: call init first');
    return be;
  }
}
