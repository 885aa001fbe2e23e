/**
 * DisBack's backtracking schedule (SPEC "stage 2"): the target index starts at N-1 and
 * walks down to 0 (the teacher), where it stays. Fixed rule: K_node generator steps per
 * node. Adaptive rule: leave a node when the smoothed mismatch falls below
 * `frac` x its value on entering the node, or after K_max steps. Pure logic, no GPU.
 */

export interface ScheduleConfig {
  kind: 'fixed' | 'adaptive' | 'teacher';
  nCheckpoints: number;
  kNode: number;
  adaptiveFrac: number;
  kMax: number;
}

/** Everything a schedule holds, for saving and restoring a run (see raceState.ts). */
export interface ScheduleState {
  target: number;
  entryStep: number;
  entry: number | null;
  smooth: number | null;
  switches: { step: number; node: number }[];
}

export class BacktrackSchedule {
  /** Current target index i (0 = teacher). */
  target: number;
  private entryStep = 0;
  private entry: number | null = null;
  private smooth: number | null = null;
  readonly switches: { step: number; node: number }[] = [];

  constructor(readonly cfg: ScheduleConfig) {
    this.target = cfg.kind === 'teacher' ? 0 : Math.max(cfg.nCheckpoints - 1, 0);
  }

  /** Call after every generator step; applies the step-count rules (K_node, K_max). */
  advance(step: number): boolean {
    if (this.target === 0) return false;
    const inNode = step - this.entryStep;
    if (this.cfg.kind === 'fixed' && inNode >= this.cfg.kNode) return this.move(step);
    if (this.cfg.kind === 'adaptive' && inNode >= this.cfg.kMax) return this.move(step);
    return false;
  }

  /**
   * Adaptive rule, at evaluation ticks: `mismatch` is the measured mean
   * ||D_phi - D_target||^2 on generator samples; it is smoothed (EMA 0.7) and the node is
   * left when the smoothed value falls below adaptiveFrac x its value on entering.
   */
  observe(step: number, mismatch: number): boolean {
    if (this.cfg.kind !== 'adaptive' || this.target === 0 || !Number.isFinite(mismatch)) return false;
    this.smooth = this.smooth === null ? mismatch : 0.7 * this.smooth + 0.3 * mismatch;
    if (this.entry === null) {
      this.entry = this.smooth;
      return false;
    }
    return this.smooth < this.cfg.adaptiveFrac * this.entry ? this.move(step) : false;
  }

  toState(): ScheduleState {
    return { target: this.target, entryStep: this.entryStep, entry: this.entry, smooth: this.smooth, switches: this.switches.map((w) => ({ ...w })) };
  }

  /** Put the schedule back where `toState` found it. */
  restore(s: ScheduleState): void {
    if (!Number.isInteger(s.target) || s.target < 0 || s.target > Math.max(this.cfg.nCheckpoints - 1, 0)) throw new Error(`schedule target ${s.target} is out of range`);
    this.target = s.target;
    this.entryStep = s.entryStep;
    this.entry = s.entry;
    this.smooth = s.smooth;
    this.switches.length = 0;
    this.switches.push(...s.switches.map((w) => ({ ...w })));
  }

  private move(step: number): boolean {
    this.target--;
    this.entryStep = step;
    this.entry = null;
    this.smooth = null;
    this.switches.push({ step, node: this.target });
    return true;
  }
}

/**
 * Which steps of stage 1 save a checkpoint. 'even': round(k S1 / N); 'geometric':
 * round(S1^(k/N)) made strictly increasing (1, 2, 4, ... up to S1). 'distance' is chosen
 * after the fact from measured distances (see chooseByDistance).
 */
export function checkpointSteps(spacing: 'even' | 'geometric', s1: number, n: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= n; k++) {
    let s = spacing === 'even' ? Math.round((k * s1) / n) : Math.round(Math.pow(s1, k / n));
    s = Math.max(s, (out[out.length - 1] ?? 0) + 1);
    out.push(Math.min(s, s1));
  }
  // if S1 < N the tail collapses onto S1: keep it strictly increasing by trimming
  return out.filter((s, i) => i === 0 || s > out[i - 1]);
}

/**
 * Even in distance: for k = 1..N, the first measurement whose distance from the teacher
 * reaches k/N of the final distance. Returns indices into the measurement list.
 */
export function chooseByDistance(distances: number[], n: number): number[] {
  const last = distances.length - 1;
  const final = distances[last];
  const out: number[] = [];
  for (let k = 1; k <= n; k++) {
    const goal = (k / n) * final;
    let idx = distances.findIndex((d) => d >= goal);
    if (idx < 0 || k === n) idx = last;
    idx = Math.max(idx, (out[out.length - 1] ?? -1) + 1);
    out.push(Math.min(idx, last));
  }
  return out.filter((s, i) => i === 0 || s > out[i - 1]);
}
