/**
 * The trainer's race loop and its per-method bookkeeping, kept out of trainer.ts: advance
 * the race in chunks, evaluate every method at each tick, keep the EvalPoint history and
 * the points not yet sent, and turn them into the methods of a snapshot. The trainer owns
 * the stage, the saves and the recovery; the loop reaches them through `LoopHost`.
 */
import type { MethodId } from '../src/config/schema';
import type { Backend } from '../src/engine/backend';
import type { Race } from '../src/distill/race';
import type { Racer } from '../src/distill/racer';
import type { EvalPoint } from '../src/distill/types';
import type { MethodSnapshot, Stage } from './api';
import type { RunSaver } from './persistence';
import { record } from './runParts';

interface MethodState {
  pending: EvalPoint[];
  samples: Float32Array;
  sentSwitches: number;
  lastEval: number;
}

/** What the loop needs of the trainer. */
export interface LoopHost {
  readonly saver: RunSaver;
  backend(): Backend | null;
  evalEvery(): number;
  /** [n, dim] -> data plane (embedded toys); absent otherwise */
  project(): ((x: Float32Array) => Float32Array) | undefined;
  /** the networks are the costly MNIST U-Net: keep each chunk short so pause stays responsive */
  costly(): boolean;
  stage(): Stage;
  setStage(s: Stage): void;
  save(): Promise<void>;
  emit(force: boolean): void;
  diverged(r: Racer): void;
  /** a step threw: recover (WebGPU) or stop with an error */
  failed(e: Error, be: Backend | null): void;
}

/** Longest chunk of lockstep steps between two looks at the message queue, for costly nets. */
const COSTLY_CHUNK_MS = 500;

export class RaceLoop {
  private methodState = new Map<string, MethodState>();
  /** every evaluation point of the run, per method (saved with it) */
  history = new Map<MethodId, EvalPoint[]>();
  rate = { steps: 0, seconds: 0 };
  speed = 25;
  running = false;
  private loopPromise: Promise<void> | null = null;

  constructor(private readonly h: LoopHost) {}

  private view(samples: Float32Array): Float32Array {
    const p = this.h.project();
    return p ? p(samples) : samples;
  }

  /** A freshly prepared race: evaluate every racer at step 0; the history starts there. */
  async begin(race: Race): Promise<void> {
    this.methodState.clear();
    this.history.clear();
    for (const r of race.racers) {
      const { point, samples } = await race.evaluate(r);
      record(this.history, r.def.id, point);
      this.methodState.set(r.def.id, { pending: [point], samples: this.view(samples), sentSwitches: 0, lastEval: r.steps });
    }
    this.rate = { steps: 0, seconds: 0 };
  }

  /** A restored race with its history: samples drawn again from the fixed eval noise (not saved). */
  async adopt(race: Race, history: Map<MethodId, EvalPoint[]>): Promise<void> {
    this.methodState.clear();
    this.history = history;
    for (const x of race.racers) {
      const s = await race.samplesOf(x);
      const pending = (history.get(x.def.id as MethodId) ?? []).slice();
      this.methodState.set(x.def.id, { pending, samples: this.view(s), sentSwitches: 0, lastEval: x.steps });
    }
  }

  clear(): void {
    this.methodState.clear();
  }

  start(race: Race, budget = Infinity): Promise<void> {
    this.running = true;
    this.h.setStage('racing');
    this.loopPromise = this.loop(race, budget);
    return this.loopPromise;
  }

  /** Stop the loop; resolves once the step in flight has finished (the counters are final). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.loopPromise) await this.loopPromise.catch(() => undefined);
    this.loopPromise = null;
  }

  private chunkCap(): number {
    if (!this.h.costly()) return Infinity;
    if (this.rate.steps === 0) return 1;
    return Math.max(1, Math.floor((COSTLY_CHUNK_MS * this.rate.steps) / (1000 * this.rate.seconds)));
  }

  private async loop(race: Race, budget: number): Promise<void> {
    const be = this.h.backend();
    const every = this.h.evalEvery();
    let done = 0;
    let diverged = race.racers.filter((r) => r.diverged).length;
    try {
      while (this.running && !race.done && done < budget) {
        const at = race.racers[0]?.steps ?? 0;
        const toEval = every - (at % every);
        const chunk = Math.max(1, Math.min(this.speed, toEval, budget - done, this.chunkCap()));
        const t0 = performance.now();
        await race.advance(chunk);
        this.rate.seconds += (performance.now() - t0) / 1000;
        this.rate.steps += chunk;
        const saveDue = this.h.saver.tick(performance.now() - t0);
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
            st.samples = this.view(samples);
          }
          const d = race.racers.filter((r) => r.diverged);
          if (d.length > diverged) {
            diverged = d.length;
            this.running = false;
            this.h.diverged(d[d.length - 1]);
            break;
          }
        }
        if (saveDue) await this.h.save();
        this.h.emit(false);
        await new Promise((r) => setTimeout(r, 0)); // let pause/configure messages in
      }
    } catch (e) {
      this.h.failed(e as Error, be);
    } finally {
      this.running = false;
      if (this.h.stage() === 'racing') this.h.setStage(race.done ? 'done' : 'paused');
      this.h.emit(true);
    }
  }

  /** The methods of a snapshot: the points not sent yet, the latest samples, new switches. */
  snapshotMethods(race: Race | null): MethodSnapshot[] {
    const methods: MethodSnapshot[] = [];
    for (const r of race?.racers ?? []) {
      const st = this.methodState.get(r.def.id);
      if (!st) continue;
      const newPoints = st.pending;
      st.pending = [];
      const sw = r.schedule.switches;
      methods.push({ method: r.def.id, step: r.steps, newPoints, samples: st.samples, target: r.target, switches: sw.slice(st.sentSwitches), diverged: r.diverged ?? undefined });
      st.sentSwitches = sw.length;
    }
    return methods;
  }

  /** Queue every method's whole series again (after the page reset its series). */
  resync(race: Race | null): void {
    for (const r of race?.racers ?? []) {
      const st = this.methodState.get(r.def.id);
      if (st) Object.assign(st, { pending: (this.history.get(r.def.id as MethodId) ?? []).slice(), sentSwitches: 0 });
    }
  }
}
