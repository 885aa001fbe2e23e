/** `distill`: run one method of score distillation against a teacher and write a run file. */
import { writeFileSync } from 'node:fs';
import { METHODS, type MethodId } from '../../config/schema';
import { getBool, getNum, getStr, optStr, type FlagDef, type ParsedFlags } from '../args';
import { type Command, CPU_FLAG, JSON_FLAG } from '../command';
import { buildRunConfig, configFlagDefs } from '../configFlags';
import { type CliIo, CREATED_BY, Progress, withBackend } from '../context';
import { dataArg, racePools, resolveData } from '../data';
import { mnistRefSizes } from '../../distill/refSizes';
import { writeModelFile } from '../modelIo';
import { runJson, runRace, type RaceOutcome } from '../raceRunner';
import type { RunFile } from '../runFile';
import { writeSamples } from '../samplesIo';
import { chooseTeacher } from '../teacherChoice';
import { DEFAULT_POOL } from './teacher';

/** Flags shared by distill and compare (besides the RunConfig ones). */
export function raceFlags(): FlagDef[] {
  return [
    { name: 'data', kind: 'string', meta: 'set|mnist|file', help: 'required: a toy set name, mnist (the shipped digits and U-Net teacher; metrics are classifier FDs), or a .csv/.json file of 2-D points' },
    { name: 'dataset', kind: 'string', meta: 'set|mnist|file', help: 'the same as --data' },
    { name: 'teacher', kind: 'string', meta: 'file.dbm', help: 'teacher model file (default: the shipped one under public/models/; trained here for points and embedded sets)' },
    { name: 'data-seed', kind: 'int', min: 0, max: 2 ** 31 - 1, help: 'seed of the data draws and the embedding (default: --seed)' },
    { name: 'heldout', kind: 'int', default: 2000, min: 64, max: 200_000, help: 'held-out data samples (MNIST: the first N of the 2,000 held-out digits, the FD reference)' },
    { name: 'ref-steps', kind: 'int', default: 18, min: 2, max: 1000, help: 'Heun steps of the reference sample sets (teacher, checkpoints); MNIST default: 10 on a software adapter or the CPU, else 18' },
    { name: 'ref-samples', kind: 'int', default: 2000, min: 64, max: 100_000, help: 'samples per reference set; MNIST default: 256 on a software adapter or the CPU, else 1000' },
    { name: 'save-teacher', kind: 'string', meta: 'file.dbm', help: 'when a teacher is trained here, also write it' },
  ];
}

export async function prepareAndRun(f: ParsedFlags, io: CliIo, methods: MethodId[], seeds: number[], onRace: (seed: number, o: RaceOutcome) => void): Promise<string> {
  const src = resolveData(dataArg(f), { mnist: true });
  const base = buildRunConfig(f, src.dataset, methods);
  const dataSeed = typeof f.values['data-seed'] === 'number' ? (f.values['data-seed'] as number) : base.seed;
  const { train, heldout } = await racePools(src, base.embedDim, dataSeed, DEFAULT_POOL, getNum(f, 'heldout'));
  return withBackend(io, getBool(f, 'cpu'), async (be) => {
    const teacher = await chooseTeacher({ be, io, config: base, src, train, dataSeed, file: optStr(f, 'teacher'), saveTo: optStr(f, 'save-teacher') });
    const progress = new Progress(io);
    const ref = src.dataset === 'mnist' ? mnistRefSizes(be) : { refSteps: 18, refSamples: 2000 };
    const refSteps = f.given.has('ref-steps') || src.dataset !== 'mnist' ? getNum(f, 'ref-steps') : ref.refSteps;
    const refSamples = f.given.has('ref-samples') || src.dataset !== 'mnist' ? getNum(f, 'ref-samples') : ref.refSamples;
    for (const seed of seeds) {
      const config = { ...base, seed };
      const o = await runRace({ be, config, src, dataSeed, heldout, teacher, refSteps, refSamples, progress, tag: seeds.length > 1 ? `seed ${seed}` : undefined });
      onRace(seed, o);
    }
    return be.adapterName;
  });
}

const n4 = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : 'n/a');

const f2 = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v.toFixed(2) : 'n/a');

export function runText(r: RunFile): string {
  const p = r.final;
  if (r.data.dataset === 'mnist') {
    const lines = [
      `${r.method} on ${r.data.label}: ${r.cost.generatorSteps} generator steps, ${r.cost.passes} passes (stage 1: ${r.cost.stage1Passes}), ${r.cost.seconds.toFixed(1)} s`,
      `  final FD to the held-out digits ${f2(p.fd)}, to the teacher's samples ${f2(p.fdTeacher)}; classes ${p.classes ?? 'n/a'}/10, confident ${f2(100 * (p.confident ?? NaN))} %`,
      `  start FD to the teacher ${f2(r.series.fdTeacher?.[0])}; target index ${p.target}; switches at ${r.switches.map((s) => s.step).join(', ') || 'none'}`,
    ];
    if (r.diverged) lines.push(`  DIVERGED at step ${r.diverged.step}: ${r.diverged.what}`);
    return `${lines.join('\n')}\n`;
  }
  const lines = [
    `${r.method} on ${r.data.label}: ${r.cost.generatorSteps} generator steps, ${r.cost.passes} passes (stage 1: ${r.cost.stage1Passes}), ${r.cost.seconds.toFixed(1)} s`,
    `  final SW2 to teacher ${n4(p.sw2Teacher)}, to data ${n4(p.sw2Data)}, MMD^2 ${p.mmdTeacher.toExponential(2)}, energy ${p.energyTeacher.toExponential(2)}${p.modes !== undefined ? `, modes ${p.modes}/${r.data.modes}` : ''}`,
    `  start SW2 to teacher ${n4(r.series.sw2Teacher[0])}; target index ${p.target}; switches at ${r.switches.map((s) => s.step).join(', ') || 'none'}`,
  ];
  if (r.diverged) lines.push(`  DIVERGED at step ${r.diverged.step}: ${r.diverged.what}`);
  return `${lines.join('\n')}\n`;
}

export const distillCommand: Command = {
  name: 'distill',
  summary: 'Distil the teacher into a one-step generator with one method and write a run file (config, metric series, path, switches, costs).',
  usage: 'cli distill --data <set|mnist|file> --method vanilla|warmstart|disback|vanilla_k5 --seed N --out run.json [options]',
  flags: [
    ...raceFlags(),
    { name: 'method', kind: 'enum', choices: METHODS, required: true, help: 'distillation method' },
    ...configFlagDefs().map((d) => (d.name === 'seed' ? { ...d, required: true, default: undefined } : d)),
    { name: 'out', kind: 'string', required: true, meta: 'run.json', help: 'output run file' },
    { name: 'save-generator', kind: 'string', meta: 'file.dbm', help: 'also write the final generator as a model file' },
    { name: 'save-samples', kind: 'string', meta: 'file.csv|.json', help: 'also write the final evaluation samples' },
    JSON_FLAG,
    CPU_FLAG,
  ],
  async run(f, io) {
    const method = getStr(f, 'method') as MethodId;
    const out = getStr(f, 'out');
    let run: RunFile | null = null;
    let outcome: RaceOutcome | null = null;
    const seed = getNum(f, 'seed');
    await prepareAndRun(f, io, [method], [seed], (_, o) => {
      run = o.runs[0];
      outcome = o;
    });
    const r = run as unknown as RunFile;
    const o = outcome as unknown as RaceOutcome;
    writeFileSync(out, runJson(r));
    const fin = o.finals.get(method)!;
    const gen = optStr(f, 'save-generator');
    if (gen) {
      const t = r.teacher.metadata;
      writeModelFile(gen, {
        kind: 'generator', spec: o.spec, weights: fin.eta,
        metadata: { dataset: t.dataset, sigmaData: t.sigmaData, sigmaInit: r.config.distill.sigmaInit, seed, dataSeed: r.dataSeed, trainingSteps: r.cost.generatorSteps, embedDim: r.data.dim, createdBy: `${CREATED_BY} distill`, method },
      }, 'f32');
    }
    const ss = optStr(f, 'save-samples');
    if (ss) writeSamples(ss, { data: fin.samples, dim: r.data.dim, n: fin.samples.length / r.data.dim });
    return { json: { out, run: r }, text: `${runText(r)}wrote ${out}\n` };
  },
};
