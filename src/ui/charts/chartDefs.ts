import type { MetricKey } from './chartData';

export interface ChartDef {
  name: string;
  title: string;
  tip: string;
  lines: { key: MetricKey; label: string; dashed?: boolean }[];
  /** a log axis is offered (all values positive in principle) */
  logOk: boolean;
  mnistOnly?: boolean;
}

export const CHARTS: ChartDef[] = [
  {
    name: 'sw2',
    title: 'SW2 to the teacher',
    tip: "Sliced Wasserstein-2 distance between the student's samples and the teacher's many-step samples. Lower is better: the race's main score.",
    lines: [{ key: 'sw2Teacher', label: 'SW2' }],
    logOk: true,
  },
  {
    name: 'mmd',
    title: 'MMD² to the teacher',
    tip: 'Maximum mean discrepancy (sum of RBF kernels) to the teacher samples. Lower is better; values at the noise floor can dip below zero and are hidden on a log axis.',
    lines: [{ key: 'mmdTeacher', label: 'MMD²' }],
    logOk: true,
  },
  {
    name: 'mismatch',
    title: 'Score mismatch',
    tip: "Mean ‖D_fake − D_target‖² (solid) and ‖D_fake − D_teacher‖² (dashed) on the student's samples. DisBack keeps the first small from step 0: the paper's argument, made visible.",
    lines: [
      { key: 'mismatchTarget', label: 'vs target' },
      { key: 'mismatchTeacher', label: 'vs teacher', dashed: true },
    ],
    logOk: true,
  },
  {
    name: 'progress',
    title: 'Progress along the path',
    tip: "SW2 to the current target checkpoint's samples (solid) beside SW2 to the teacher (dashed). While backtracking the second stays high by design; the first says whether the student keeps up.",
    lines: [
      { key: 'sw2Target', label: 'to target' },
      { key: 'sw2Teacher', label: 'to teacher', dashed: true },
    ],
    logOk: true,
  },
  {
    name: 'lossG',
    title: 'Generator loss',
    tip: 'The generator loss ½‖g‖², where g is the weighted gap between the fake and target scores.',
    lines: [{ key: 'lossG', label: 'loss G' }],
    logOk: true,
  },
  {
    name: 'lossFake',
    title: 'Fake-score loss',
    tip: "Denoising score-matching loss of the fake score on the student's current samples.",
    lines: [{ key: 'lossFake', label: 'loss φ' }],
    logOk: true,
  },
  {
    name: 'fd',
    title: 'Fréchet distance (classifier features)',
    tip: "Fréchet distance between the classifier features of the student's digits and the teacher's.",
    lines: [{ key: 'fd', label: 'FD' }],
    logOk: true,
    mnistOnly: true,
  },
];
