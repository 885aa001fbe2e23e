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
const num = (min: number, max: number) => z.number().finite().min(min).max(max);

export const distillSchema = z.object({
  batch: int(64, 8192).default(1024),
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
  batch: int(64, 8192).default(2048),
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
    evalSamples: int(128, 8192).default(1024),
  })
  .strict();

export type RunConfig = z.infer<typeof runConfigSchema>;
export type DistillConfig = z.infer<typeof distillSchema>;
export type DisbackConfig = z.infer<typeof disbackSchema>;
export type TeacherConfig = z.infer<typeof teacherSchema>;

export const DEFAULT_CONFIG: RunConfig = runConfigSchema.parse({});

/** Validate an untrusted config; returns a readable list of problems on failure. */
export function parseRunConfig(input: unknown): { ok: true; config: RunConfig } | { ok: false; errors: string[] } {
  const r = runConfigSchema.safeParse(input);
  if (r.success) {
    if (r.data.dataset === 'mnist' && r.data.embedDim !== 2) return { ok: false, errors: ['embedDim applies to the 2-D toy sets only'] };
    return { ok: true, config: r.data };
  }
  return { ok: false, errors: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
}
