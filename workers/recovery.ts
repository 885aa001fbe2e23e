/**
 * Helpers of the trainer's recovery paths: recreating the backend after a device loss
 * (WebGPU again, else the CPU backend with the reason for the banner), a budget so that a
 * device that keeps failing ends in an error instead of a loop, the health check a state
 * must pass to become the "last good" one, and the checks of resumeFromLastGood's input.
 */
import { distillSchema, type MethodId } from '../src/config/schema';
import type { Backend } from '../src/engine/backend';
import type { SavedRun } from '../src/distill/savedRun';
import type { BackendInfo } from './api';
import type { KeyValue } from './savedStore';

export type BackendFactory = (forceCpu: boolean) => Promise<{ be: Backend; info: BackendInfo }>;

export interface TrainerOptions {
  /** backend factory (default: WebGPU in the browser, else the CPU); tests pass Dawn */
  createBackend?: BackendFactory;
  /** where runs are saved (default: IndexedDB, or memory where there is none) */
  storage?: KeyValue;
  /** racing time between saves (default 10 s) */
  saveEveryMs?: number;
}

/** A new backend after a loss: never throws (the CPU backend is the last resort). */
export async function recreateBackend(make: BackendFactory, what: string): Promise<{ be: Backend; info: BackendInfo }> {
  try {
    const r = await make(false);
    if (r.info.kind === 'cpu') r.info = { ...r.info, fallbackReason: `${what}, and WebGPU could not be restarted (${r.info.fallbackReason ?? 'no reason given'})` };
    return r;
  } catch (e) {
    const { be, info } = await make(true);
    return { be, info: { ...info, fallbackReason: `${what}, and WebGPU could not be restarted (${(e as Error).message})` } };
  }
}

/** At most `max` recoveries within `windowMs`. */
export class RecoveryBudget {
  private times: number[] = [];
  constructor(readonly max = 3, readonly windowMs = 60_000) {}
  take(now = Date.now()): boolean {
    this.times = this.times.filter((t) => now - t < this.windowMs);
    if (this.times.length >= this.max) return false;
    this.times.push(now);
    return true;
  }
}

/** A state fit to restore: every racer not marked diverged has finite weights. */
export function healthy(run: SavedRun): boolean {
  for (const r of run.race.racers) {
    if (r.diverged) continue;
    for (const a of [r.eta, r.phi]) for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  }
  return true;
}

export interface LrChanges {
  method?: MethodId;
  lrG?: number;
  lrPhi?: number;
}

/** Validate resumeFromLastGood's changes against the run schema's bounds; returns readable errors. */
export function checkLrChanges(c: unknown, methods: readonly MethodId[]): { ok: true; changes: LrChanges } | { ok: false; errors: string[] } {
  if (!c || typeof c !== 'object' || Array.isArray(c)) return { ok: false, errors: ['expected an object { method?, lrG?, lrPhi? }'] };
  const o = c as Record<string, unknown>;
  const errors: string[] = [];
  for (const k of Object.keys(o)) if (!['method', 'lrG', 'lrPhi'].includes(k)) errors.push(`unknown setting "${k.slice(0, 40)}"`);
  if (o.method !== undefined && !methods.includes(o.method as MethodId)) errors.push(`method: not one of the racing methods (${methods.join(', ')})`);
  for (const k of ['lrG', 'lrPhi'] as const) {
    if (o[k] === undefined) continue;
    const schema = distillSchema.shape[k].unwrap();
    if (!schema.safeParse(o[k]).success) errors.push(`${k}: must be a number from ${schema.minValue} to ${schema.maxValue}`);
  }
  return errors.length ? { ok: false, errors } : { ok: true, changes: o as LrChanges };
}
