import type { MetricKey } from './chartData';

export interface ChartDef {
  name: string;
  title: string;
  tip: string;
  lines: { key: MetricKey; label: string; dashed?: boolean }[];
  /** a log axis is offered (all values positive in principle) */
  logOk: boolean;
  mnistOnly?: boolean;
  /** y-axis label (with its unit or range) */
  yLabel?: string;
  /** fixed y range (linear axis) */
  domain?: [number, number];
  /** tooltip value format */
  format?: 'fraction' | 'count';
}

export const CHARTS: ChartDef[] = [
  {
    name: 'sw2',
    title: 'SW2 to the teacher',
    tip: "Sliced Wasserstein-2 distance between the student's samples and the teacher's many-step samples. Lower is better: the race's main score.",
    lines: [{ key: 'sw2Teacher', label: 'SW2' }],
    logOk: true,
    yLabel: 'SW2',
  },
  {
    name: 'mmd',
    title: 'MMD² to the teacher',
    tip: 'Maximum mean discrepancy (sum of RBF kernels) to the teacher samples. Lower is better; values at the noise floor can dip below zero and are hidden on a log axis.',
    lines: [{ key: 'mmdTeacher', label: 'MMD²' }],
    logOk: true,
    yLabel: 'MMD²',
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
    yLabel: 'mean squared gap',
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
    yLabel: 'SW2',
  },
  {
    name: 'lossG',
    title: 'Generator loss',
    tip: 'The generator loss ½‖g‖², where g is the weighted gap between the fake and target scores.',
    lines: [{ key: 'lossG', label: 'loss G' }],
    logOk: true,
    yLabel: 'loss',
  },
  {
    name: 'lossFake',
    title: 'Fake-score loss',
    tip: "Denoising score-matching loss of the fake score on the student's current samples.",
    lines: [{ key: 'lossFake', label: 'loss φ' }],
    logOk: true,
    yLabel: 'loss',
  },
  {
    name: 'fd',
    title: 'Fréchet distance (classifier features)',
    tip: "Fréchet distance between the features of a small digit classifier on the student's digits and on held-out real digits (solid); dashed, where the run measures it: the same to the teacher's digits. Lower is better; it spans decades, so read it on a log axis.",
    lines: [
      { key: 'fd', label: 'to real digits' },
      { key: 'fdTeacher', label: 'to teacher', dashed: true },
    ],
    logOk: true,
    mnistOnly: true,
    yLabel: 'FD',
  },
  {
    name: 'classes',
    title: 'Class coverage',
    tip: 'How many of the ten digits the classifier finds among the student\'s samples (a class counts when it holds at least 1 % of them). A student that collapses onto a few digits loses classes here even while its FD looks fine.',
    lines: [{ key: 'classes', label: 'classes present' }],
    logOk: false,
    mnistOnly: true,
    yLabel: 'classes of 10',
    domain: [0, 10],
    format: 'count',
  },
  {
    name: 'confident',
    title: 'Confident samples',
    tip: "Fraction of the student's digits the classifier labels with confidence ≥ 0.9: blurry or ambiguous digits lower it.",
    lines: [{ key: 'confident', label: 'confidence ≥ 0.9' }],
    logOk: false,
    mnistOnly: true,
    yLabel: 'fraction',
    domain: [0, 1],
    format: 'fraction',
  },
];

/** MNIST's view of the path progress: the worker puts the FD to the target checkpoint in sw2Target. */
export const MNIST_PROGRESS: ChartDef = {
  name: 'progress',
  title: 'Progress along the path (FD)',
  tip: "Fréchet distance (classifier features) to the current target checkpoint's digits (solid) beside the FD to the teacher's digits (dashed). While backtracking the second stays high by design; the first says whether the student keeps up.",
  lines: [
    { key: 'sw2Target', label: 'to target' },
    { key: 'fdTeacher', label: 'to teacher', dashed: true },
  ],
  logOk: true,
  mnistOnly: true,
  yLabel: 'FD',
};

/** 2-D sample distances the worker does not compute for 784-D digits (NaN there). */
const TOY_ONLY_CHARTS = new Set(['sw2', 'mmd', 'progress']);

/** The charts of a run: for MNIST its digit metrics first, then the charts that still apply. */
export function chartsFor(mnist: boolean): ChartDef[] {
  if (!mnist) return CHARTS.filter((c) => !c.mnistOnly);
  return [...CHARTS.filter((c) => c.mnistOnly), MNIST_PROGRESS, ...CHARTS.filter((c) => !c.mnistOnly && !TOY_ONLY_CHARTS.has(c.name))];
}
