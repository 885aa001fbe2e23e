import { describe, expect, it } from 'vitest';
import type { EvalPoint, MethodSnapshot, Snapshot } from '../../workers/api';
import { applySnapshots, emptySeriesFor, shownTarget, type LiveState } from '../../src/store/snapshotReducer';

const pt = (step: number): EvalPoint => ({
  step,
  passes: step * 4,
  wall: step / 100,
  lossG: 1,
  lossFake: 1,
  sw2Teacher: 1,
  mmdTeacher: 1,
  energyTeacher: 1,
  sw2Data: 1,
  mismatchTarget: 1,
  mismatchTeacher: 1,
  sw2Target: 1,
  target: 0,
  trajectory: [1, 2],
});

const ms = (step: number, steps: number[], extra: Partial<MethodSnapshot> = {}): MethodSnapshot => ({
  method: 'disback',
  step,
  newPoints: steps.map(pt),
  samples: new Float32Array([step, step]),
  target: 3,
  switches: [],
  ...extra,
});

const snap = (methods: MethodSnapshot[], extra: Partial<Snapshot> = {}): Snapshot => ({
  stage: 'racing',
  backend: { kind: 'webgpu', adapter: 'x' },
  stepsPerSec: 10,
  msPerStep: 1,
  progress: null,
  methods,
  ...extra,
});

const base = (): LiveState => ({
  stage: 'ready',
  backend: null,
  stepsPerSec: 0,
  msPerStep: 0,
  progress: null,
  teacherFrac: 0,
  recordFrac: 0,
  series: emptySeriesFor(['disback']),
  workerMessage: null,
  alert: null,
});

describe('snapshot folding', () => {
  it('appends newPoints of every snapshot in order, none dropped', () => {
    const s = applySnapshots(base(), [snap([ms(25, [25])]), snap([ms(50, [50])]), snap([ms(100, [75, 100])])]);
    expect(s.series.disback!.points.map((p) => p.step)).toEqual([25, 50, 75, 100]);
    expect(s.series.disback!.step).toBe(100);
    expect(s.series.disback!.samples![0]).toBe(100);
    expect(s.stage).toBe('racing');
  });

  it('ignores repeated points and keeps switches unique', () => {
    const sw = [{ step: 150, node: 2 }];
    let s = applySnapshots(base(), [snap([ms(50, [25, 50], { switches: sw })])]);
    s = applySnapshots(s, [snap([ms(50, [50], { switches: sw })])]);
    expect(s.series.disback!.points).toHaveLength(2);
    expect(s.series.disback!.switches).toEqual(sw);
  });

  it('starts a series over when the step goes backwards (reset)', () => {
    let s = applySnapshots(base(), [snap([ms(100, [50, 100], { switches: [{ step: 75, node: 2 }] })])]);
    s = applySnapshots(s, [snap([ms(0, [])])]);
    expect(s.series.disback!.points).toHaveLength(0);
    expect(s.series.disback!.switches).toHaveLength(0);
  });

  it('tracks stage progress and the shown target', () => {
    expect(shownTarget(base().series.disback, 8)).toBe(8);
    const s = applySnapshots(base(), [snap([], { stage: 'teacher', progress: { label: 't', frac: 0.4 } }), snap([], { stage: 'recording', progress: { label: 'r', frac: 0.2 } })]);
    expect(s.teacherFrac).toBe(0.4);
    expect(s.recordFrac).toBe(0.2);
    const t = applySnapshots(s, [snap([ms(0, [])])]);
    expect(shownTarget(t.series.disback, 8)).toBe(3);
  });

  it('returns the same state for an empty batch', () => {
    const b = base();
    expect(applySnapshots(b, [])).toBe(b);
  });
});
