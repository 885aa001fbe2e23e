/**
 * The run configuration: one schema shared by the URL state, the UI controls, the worker
 * and the CLI. Out-of-range values are refused with a message, never clamped silently.
 */
import { z } from './zodSetup';

export const TOY_SETS = ['8gaussians', '25gaussians', 'swissroll', 'moons', 'checkerboard', 'rings', 'spiral'] as const;
export const DATASETS = [...TOY_SETS, 'points', 'mnist'] as const;
export const METHODS = ['vanilla', 'warmstart', 'disback', 'vanilla_k5'] as const;
export type ToyName = (typeof TOY_SETS)[number];
export type DatasetName = (typeof DATASETS)[number];
export type MethodId = (typeof METHODS)[number];

export const METHOD_LABELS: Record<MethodId, string> = {
  vanilla: 'Vanilla (DMD / Diff-Instruct)',
  warmstart: 'Warm-start only (ablation)',
  disback: 'DisBack',
  vanilla_k5: 'Vanilla, K_fake = 5 (control)',
};

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/**
 * Dataset-dependent ranges. The field schemas below accept the union of both (so a field's
 * own min is the MNIST one); the run schema then refuses values outside the data set's
 * range with zod's usual message at the field's path. 2-D runs keep their old bounds.
 * MNIST ranges are small because every network pass of the 784-D U-Net costs ~23 MFLOP
 * per sample, which a software adapter runs at ~3 GFLOP/s.
 */
export const DATASET_RANGES = {
  toy: { 'distill.batch': [64, 8192], 'teacher.batch': [64, 8192], evalSamples: [128, 8192] },
  mnist: { 'distill.batch': [8, 512], 'teacher.batch': [8, 512], evalSamples: [64, 1024] },
} as const satisfies Record<string, Record<string, readonly [number, number]>>;
export type RangedField = keyof (typeof DATASET_RANGES)['toy'];

/** The bounds of the field schemas themselves (the union of the data sets' ranges). */
const UNION_RANGES: Record<RangedField, readonly [number, number]> = { 'distill.batch': [8, 8192], 'teacher.batch': [8, 8192], evalSamples: [64, 8192] };

/** The [min, max] of a dataset-dependent field for a data set (for the UI's range hints). */
export function rangeFor(dataset: string, field: RangedField): readonly [number, number] {
  return DATASET_RANGES[dataset === 'mnist' ? 'mnist' : 'toy'][field];
}
const num = (min: number, max: number) => z.number().finite().min(min).max(max);

export const distillSchema = z.object({
  batch: int(8, 8192).default(1024),
  lrG: num(1e-6, 1e-1).default(1e-4),
  lrPhi: num(1e-6, 1e-1).default(1e-3),
  kFake: int(1, 5).default(1),
  sigmaInit: num(0.1, 80).default(2.5),
  genInit: z.enum(['teacher', 'random', 'shifted']).default('teacher'),
  weighting: z.enum(['dmd', 'diffinstruct']).default('dmd'),
  steps: int(1, 100000).default(2000),
});

export const disbackSchema = z.object({
  s1: int(1, 20000).default(800),
  nCheckpoints: int(1, 32).default(8),
  spacing: z.enum(['even', 'geometric', 'distance']).default('geometric'),
  lrStage1: num(1e-6, 1e-1).default(1e-3),
  schedule: z.enum(['fixed', 'adaptive']).default('fixed'),
  kNode: int(1, 100000).default(150),
  adaptiveFrac: num(0.01, 1).default(0.8),
  kMax: int(1, 100000).default(400),
});

export const teacherSchema = z.object({
  width: int(16, 1024).default(128),
  depth: int(1, 8).default(3),
  steps: int(1, 200000).default(4000),
  batch: int(8, 8192).default(2048),
  lr: num(1e-6, 1e-1).default(2e-3),
  emaDecay: num(0, 0.99999).default(0.999),
});

export const runConfigSchema = z
  .object({
    dataset: z.enum(DATASETS).default('8gaussians'),
    /** Ambient dimension: 2 for the plain toys; 16..64 embeds the 2-D set by a fixed random orthonormal map. */
    embedDim: int(2, 64).default(2),
    seed: int(0, 2 ** 31 - 1).default(0),
    methods: z.array(z.enum(METHODS)).min(1).max(4).default(['vanilla', 'warmstart', 'disback']),
    teacher: teacherSchema.default(teacherSchema.parse({})),
    distill: distillSchema.default(distillSchema.parse({})),
    disback: disbackSchema.default(disbackSchema.parse({})),
    evalEvery: int(1, 10000).default(25),
    evalSamples: int(64, 8192).default(1024),
  })
  .strict()
  .superRefine((c, ctx) => {
    const get: Record<RangedField, number> = { 'distill.batch': c.distill.batch, 'teacher.batch': c.teacher.batch, evalSamples: c.evalSamples };
    for (const [field, v] of Object.entries(get) as [RangedField, number][]) {
      const [lo, hi] = rangeFor(c.dataset, field);
      const path = field.split('.');
      const [allLo, allHi] = UNION_RANGES[field];
      if (!Number.isInteger(v) || v < allLo || v > allHi) continue; // the field's own check has reported it
      if (v < lo) ctx.addIssue({ code: 'too_small', origin: 'number', minimum: lo, inclusive: true, input: v, path, message: `Too small: expected number to be >=${lo}` });
      else if (v > hi) ctx.addIssue({ code: 'too_big', origin: 'number', maximum: hi, inclusive: true, input: v, path, message: `Too big: expected number to be <=${hi}${c.dataset === 'mnist' ? ' for MNIST' : ''}` });
    }
    if (c.dataset === 'mnist') {
      if (c.embedDim !== 2) ctx.addIssue({ code: 'custom', path: ['embedDim'], input: c.embedDim, message: 'embedDim applies to the 2-D toy sets only' });
      if (c.distill.genInit === 'shifted') ctx.addIssue({ code: 'custom', path: ['distill', 'genInit'], input: c.distill.genInit, message: "the 'shifted' generator start is defined for the 2-D sets only (MNIST: teacher or random)" });
    }
  });

export type RunConfig = z.infer<typeof runConfigSchema>;
export type DistillConfig = z.infer<typeof distillSchema>;
export type DisbackConfig = z.infer<typeof disbackSchema>;
export type TeacherConfig = z.infer<typeof teacherSchema>;

export const DEFAULT_CONFIG: RunConfig = runConfigSchema.parse({});

/** Validate an untrusted config; returns a readable list of problems on failure. */
export function parseRunConfig(input: unknown): { ok: true; config: RunConfig } | { ok: false; errors: string[] } {
  const r = runConfigSchema.safeParse(input);
  if (r.success) return { ok: true, config: r.data };
  return { ok: false, errors: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
}
