/**
 * The methods the playground races, built from one config (SPEC "The three methods"):
 * they differ only in where the fake score starts, which targets it is scored against,
 * and (for the control) how many fake-score steps run per generator step.
 */
import type { DisbackConfig, DistillConfig, MethodId } from '../config/schema';
import type { ScheduleConfig } from './schedule';

export interface MethodDef {
  id: MethodId;
  /** fake score phi starts from the teacher copy, or from the last degraded checkpoint */
  phiInit: 'teacher' | 'lastCheckpoint';
  /** the target score: always the teacher, or backtracking theta'_(N-1) .. theta'_0 */
  schedule: ScheduleConfig;
  kFake: number;
  needsPath: boolean;
}

export function methodDef(id: MethodId, d: DistillConfig, b: DisbackConfig): MethodDef {
  const teacherOnly: ScheduleConfig = { kind: 'teacher', nCheckpoints: b.nCheckpoints, kNode: b.kNode, adaptiveFrac: b.adaptiveFrac, kMax: b.kMax };
  switch (id) {
    case 'vanilla':
      return { id, phiInit: 'teacher', schedule: teacherOnly, kFake: d.kFake, needsPath: false };
    case 'vanilla_k5':
      return { id, phiInit: 'teacher', schedule: teacherOnly, kFake: 5, needsPath: false };
    case 'warmstart':
      return { id, phiInit: 'lastCheckpoint', schedule: teacherOnly, kFake: d.kFake, needsPath: true };
    case 'disback':
      return { id, phiInit: 'lastCheckpoint', schedule: { ...teacherOnly, kind: b.schedule }, kFake: d.kFake, needsPath: true };
  }
}

/** Forward-pass equivalents per generator iteration (a backward counts 2):
 *  each fake step: G fwd 1 + phi fwd 1 + phi bwd 2; generator step: G fwd 1 + phi 1 + target 1 + G bwd 2. */
export function passesPerIteration(kFake: number): number {
  return 4 * kFake + 5;
}
