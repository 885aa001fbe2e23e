/**
 * Every hyperparameter of the run config, grouped for the controls panel, with a label
 * and a plain-words hint. Ranges and options come from the zod schema itself, so the
 * form can never drift from what the worker accepts (a test checks full coverage).
 */
import { distillSchema, disbackSchema, runConfigSchema, teacherSchema } from '../../config/schema';

export interface NumberFieldDef {
  kind: 'number';
  path: string;
  label: string;
  hint: string;
  min: number | null;
  max: number | null;
  int: boolean;
}

export interface EnumFieldDef {
  kind: 'enum';
  path: string;
  label: string;
  hint: string;
  options: string[];
}

export type FieldDef = NumberFieldDef | EnumFieldDef;

export interface FieldGroup {
  id: 'distill' | 'disback' | 'teacher' | 'eval';
  title: string;
  blurb: string;
  fields: FieldDef[];
}

interface Introspect {
  unwrap?: () => Introspect;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  options?: readonly string[];
}

function inner(s: unknown): Introspect {
  let cur = s as Introspect;
  while (cur && typeof cur.unwrap === 'function' && cur.options === undefined && cur.minValue === undefined) cur = cur.unwrap();
  return cur;
}

function num(path: string, schema: unknown, label: string, hint: string): NumberFieldDef {
  const s = inner(schema);
  return { kind: 'number', path, label, hint, min: s.minValue ?? null, max: s.maxValue ?? null, int: !!s.isInt };
}

function en(path: string, schema: unknown, label: string, hint: string): EnumFieldDef {
  return { kind: 'enum', path, label, hint, options: [...(inner(schema).options ?? [])] };
}

const d = distillSchema.shape;
const b = disbackSchema.shape;
const t = teacherSchema.shape;
const r = runConfigSchema.shape;

export const FIELD_GROUPS: FieldGroup[] = [
  {
    id: 'distill',
    title: 'Distillation',
    blurb: 'How the one-step generator and its fake score are trained (all methods).',
    fields: [
      num('distill.steps', d.steps, 'Generator steps', 'Length of the race, in generator updates.'),
      num('distill.batch', d.batch, 'Batch', 'Samples per generator / fake-score update.'),
      num('distill.lrG', d.lrG, 'Generator LR', 'Adam learning rate of the generator.'),
      num('distill.lrPhi', d.lrPhi, 'Fake-score LR', 'Adam learning rate of the fake score.'),
      num('distill.kFake', d.kFake, 'K fake', 'Fake-score updates per generator update.'),
      num('distill.sigmaInit', d.sigmaInit, 'σ init', 'Noise level at which the generator denoises its latent z.'),
      en('distill.genInit', d.genInit, 'Generator start', 'teacher copy, random weights, or a shifted start far from the data.'),
      en('distill.weighting', d.weighting, 'Weighting', 'dmd: per-sample normaliser; diffinstruct: w = 1.'),
    ],
  },
  {
    id: 'disback',
    title: 'DisBack',
    blurb: 'Stage 1 records a degradation path; stage 2 walks the target back along it.',
    fields: [
      num('disback.s1', b.s1, 'Stage-1 steps', 'Fine-tuning steps that degrade a teacher copy towards the initial generator.'),
      num('disback.nCheckpoints', b.nCheckpoints, 'Checkpoints N', 'Checkpoints saved along the path (θ′₁…θ′ₙ).'),
      en('disback.spacing', b.spacing, 'Spacing', 'even or geometric in steps, or even in distance from the teacher.'),
      num('disback.lrStage1', b.lrStage1, 'Stage-1 LR', 'Learning rate of the degradation fine-tune.'),
      en('disback.schedule', b.schedule, 'Switch rule', 'fixed: every K node steps; adaptive: when the mismatch has fallen.'),
      num('disback.kNode', b.kNode, 'K node', 'Generator steps per target node (fixed rule).'),
      num('disback.adaptiveFrac', b.adaptiveFrac, 'Adaptive fraction', 'Switch when the mismatch falls below this fraction of its entry value.'),
      num('disback.kMax', b.kMax, 'K max', 'Most steps on one node (adaptive rule).'),
    ],
  },
  {
    id: 'teacher',
    title: 'Teacher',
    blurb: 'The diffusion model being distilled (used when the teacher is trained live).',
    fields: [
      num('teacher.width', t.width, 'Width', 'Hidden units per layer of the MLP.'),
      num('teacher.depth', t.depth, 'Depth', 'Hidden layers.'),
      num('teacher.steps', t.steps, 'Steps', 'Denoising score-matching updates.'),
      num('teacher.batch', t.batch, 'Batch', 'About 2048 trains reliably; small batches stall.'),
      num('teacher.lr', t.lr, 'LR', 'Adam learning rate.'),
      num('teacher.emaDecay', t.emaDecay, 'EMA decay', 'The EMA of the weights is the teacher.'),
    ],
  },
  {
    id: 'eval',
    title: 'Evaluation',
    blurb: 'How often and on how many samples the metrics are computed.',
    fields: [
      num('evalEvery', r.evalEvery, 'Eval every', 'Generator steps between metric ticks (one chart point).'),
      num('evalSamples', r.evalSamples, 'Eval samples', 'Student samples per metric evaluation.'),
    ],
  },
];

/** Top-of-panel fields that are not in a group. */
export const EMBED_DIM = num('embedDim', r.embedDim, 'Embedding dim', '2 = the plain toy; 16–64 embeds it in a higher-dimensional space.');
export const SEED = num('seed', r.seed, 'Seed', 'Every random draw of the run comes from this seed.');

export const ALL_FIELDS: FieldDef[] = [EMBED_DIM, SEED, ...FIELD_GROUPS.flatMap((g) => g.fields)];
