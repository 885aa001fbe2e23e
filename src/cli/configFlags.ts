/**
 * Every RunConfig field as a CLI flag (distill, compare). Values are only converted to
 * numbers here; ranges and enums are validated by parseRunConfig (the zod schema shared
 * with the UI and the worker), and its messages are reported with the flag's name.
 */
import { DEFAULT_CONFIG, parseRunConfig, type MethodId, type RunConfig } from '../config/schema';
import { mnistDefaults } from '../config/mnistDefaults';
import { type FlagDef, type ParsedFlags, UsageError } from './args';

interface ConfigFlag {
  flag: string;
  path: string[];
  kind: 'int' | 'number' | 'enum';
  choices?: readonly string[];
  help: string;
}

export const CONFIG_FLAGS: readonly ConfigFlag[] = [
  { flag: 'embed-dim', path: ['embedDim'], kind: 'int', help: 'ambient dimension: 2, or 16..64 to embed the 2-D set by a fixed random orthonormal map' },
  { flag: 'seed', path: ['seed'], kind: 'int', help: 'run seed (generator init, noise, path, projections)' },
  { flag: 'teacher-width', path: ['teacher', 'width'], kind: 'int', help: 'teacher MLP width (only when a teacher is trained here)' },
  { flag: 'teacher-depth', path: ['teacher', 'depth'], kind: 'int', help: 'teacher MLP depth (hidden layers)' },
  { flag: 'teacher-steps', path: ['teacher', 'steps'], kind: 'int', help: 'teacher training steps' },
  { flag: 'teacher-batch', path: ['teacher', 'batch'], kind: 'int', help: 'teacher training batch' },
  { flag: 'teacher-lr', path: ['teacher', 'lr'], kind: 'number', help: 'teacher Adam learning rate' },
  { flag: 'teacher-ema', path: ['teacher', 'emaDecay'], kind: 'number', help: 'teacher EMA decay' },
  { flag: 'batch', path: ['distill', 'batch'], kind: 'int', help: 'distillation batch' },
  { flag: 'lr-g', path: ['distill', 'lrG'], kind: 'number', help: 'generator learning rate' },
  { flag: 'lr-phi', path: ['distill', 'lrPhi'], kind: 'number', help: 'fake-score learning rate' },
  { flag: 'k-fake', path: ['distill', 'kFake'], kind: 'int', help: 'fake-score steps per generator step' },
  { flag: 'sigma-init', path: ['distill', 'sigmaInit'], kind: 'number', help: 'generator noise level: G(z) = D(sigma_init z, sigma_init)' },
  { flag: 'gen-init', path: ['distill', 'genInit'], kind: 'enum', choices: ['teacher', 'random', 'shifted'], help: 'initial generator' },
  { flag: 'weighting', path: ['distill', 'weighting'], kind: 'enum', choices: ['dmd', 'diffinstruct'], help: 'per-sample gradient weight' },
  { flag: 'steps', path: ['distill', 'steps'], kind: 'int', help: 'generator iterations' },
  { flag: 's1', path: ['disback', 's1'], kind: 'int', help: 'stage-1 (degradation) steps' },
  { flag: 'n-checkpoints', path: ['disback', 'nCheckpoints'], kind: 'int', help: 'checkpoints on the degradation path' },
  { flag: 'spacing', path: ['disback', 'spacing'], kind: 'enum', choices: ['even', 'geometric', 'distance'], help: 'checkpoint spacing' },
  { flag: 'lr-stage1', path: ['disback', 'lrStage1'], kind: 'number', help: 'stage-1 learning rate' },
  { flag: 'schedule', path: ['disback', 'schedule'], kind: 'enum', choices: ['fixed', 'adaptive'], help: 'backtracking switch rule' },
  { flag: 'k-node', path: ['disback', 'kNode'], kind: 'int', help: 'generator steps per node (fixed rule)' },
  { flag: 'adaptive-frac', path: ['disback', 'adaptiveFrac'], kind: 'number', help: 'adaptive rule: leave a node below this fraction of its entry mismatch' },
  { flag: 'k-max', path: ['disback', 'kMax'], kind: 'int', help: 'adaptive rule: most steps per node' },
  { flag: 'eval-every', path: ['evalEvery'], kind: 'int', help: 'generator steps between evaluations' },
  { flag: 'eval-samples', path: ['evalSamples'], kind: 'int', help: 'generator samples per evaluation' },
];

function defaultAt(path: string[]): string | number | undefined {
  let v: unknown = DEFAULT_CONFIG;
  for (const k of path) v = (v as Record<string, unknown>)[k];
  return typeof v === 'number' || typeof v === 'string' ? v : undefined;
}

export function configFlagDefs(): FlagDef[] {
  return CONFIG_FLAGS.map((c) => ({ name: c.flag, kind: c.kind, choices: c.choices, help: c.help, default: defaultAt(c.path) }));
}

/**
 * Build and validate a RunConfig from the given config flags. Unset ones take the schema
 * defaults (the defaults shown in --help), except for MNIST, whose unset flags take
 * mnistDefaults() (src/config/mnistDefaults.ts): the 2-D defaults are out of its ranges.
 */
export function buildRunConfig(f: ParsedFlags, dataset: string, methods: MethodId[]): RunConfig {
  const mnist = dataset === 'mnist';
  const raw: Record<string, unknown> = mnist ? structuredClone({ ...mnistDefaults(), methods }) : { dataset, methods };
  for (const c of CONFIG_FLAGS) {
    const v = f.values[c.flag];
    if (v === undefined || (mnist && !f.given.has(c.flag) && c.flag !== 'seed')) continue;
    let o = raw;
    for (const k of c.path.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[c.path[c.path.length - 1]] = v;
  }
  const r = parseRunConfig(raw);
  if (!r.ok) {
    const msgs = r.errors.map((e) => {
      const [path, ...rest] = e.split(': ');
      const c = CONFIG_FLAGS.find((x) => x.path.join('.') === path);
      return c ? `--${c.flag}: ${rest.join(': ')}` : e;
    });
    throw new UsageError(`invalid settings: ${msgs.join('; ')}`);
  }
  return r.config;
}
