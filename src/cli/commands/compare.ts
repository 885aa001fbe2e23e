/**
 * `compare`: race the methods over several seeds against one teacher and one data draw,
 * write every run file, a markdown summary (thresholds, AUC, finals, costs) and two SVG
 * plots (SW2 vs iterations, SW2 vs total compute). For `--data mnist` the metric is the
 * classifier FD to the teacher's samples (fd-vs-*.svg), with the FD to the held-out digits,
 * classes present and the confident fraction beside it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { METHODS, type MethodId } from '../../config/schema';
import { commandLine, getNum, getStr, optStr, UsageError, type ParsedFlags } from '../args';
import { type Command, CPU_FLAG, JSON_FLAG } from '../command';
import { makeThresholds, methodStats } from '../compareStats';
import { compareMarkdown, comparePlots } from '../compareReport';
import { configFlagDefs } from '../configFlags';
import { dataArg, resolveData } from '../data';
import { runJson } from '../raceRunner';
import type { RunFile } from '../runFile';
import { prepareAndRun, raceFlags } from './distill';

function listOf(f: ParsedFlags, name: string): string[] | undefined {
  const v = optStr(f, name);
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);
}

function methodsOf(f: ParsedFlags, embedDim: number): MethodId[] {
  const given = listOf(f, 'methods');
  if (!given) return embedDim > 2 ? ['vanilla', 'warmstart', 'disback', 'vanilla_k5'] : ['vanilla', 'warmstart', 'disback'];
  for (const m of given) if (!(METHODS as readonly string[]).includes(m)) throw new UsageError(`--methods: '${m}' is not one of ${METHODS.join(', ')}`);
  if (new Set(given).size !== given.length) throw new UsageError('--methods: a method is listed twice');
  return given as MethodId[];
}

function numbersOf(f: ParsedFlags, name: string): number[] {
  return (listOf(f, name) ?? []).map((s) => {
    const v = Number(s);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) || !(v > 0)) throw new UsageError(`--${name}: '${s}' is not a positive number`);
    return v;
  });
}

export const compareCommand: Command = {
  name: 'compare',
  summary:
    'Race the methods over several seeds; write the runs, a markdown table (iterations and compute to thresholds, AUC, finals) and SVG plots.\n' +
    'Metric: SW2 to the teacher\'s samples for the 2-D sets. With --data mnist (or --dataset mnist): the Frechet distance (FD) of the\n' +
    'project classifier\'s features to the teacher\'s samples (thresholds, AUC, plots fd-vs-*.svg), plus FD to the held-out digits,\n' +
    'classes present and the confident fraction; the shipped U-Net teacher; unset settings take the MNIST defaults\n' +
    '(batch 16, 300 steps, eval every 10 on 128 samples, s1 150, 4 checkpoints; src/config/mnistDefaults.ts), not the defaults below.\n' +
    'Example: npm run cli -- compare --data mnist --seeds 2 --steps 100 --out-dir runs/mnist --json',
  usage: 'cli compare --data <set|mnist|file> --out-dir dir [--seeds 5] [--steps N] [options]',
  flags: [
    ...raceFlags(),
    { name: 'seeds', kind: 'int', default: 5, min: 1, max: 100, help: 'number of seeds: --seed, --seed + 1, ...' },
    { name: 'methods', kind: 'string', meta: 'a,b,...', help: 'methods to race (default vanilla,warmstart,disback; plus vanilla_k5 when --embed-dim > 2)' },
    { name: 'factors', kind: 'string', meta: 'f1,f2,...', default: '2,1.5,1.1', help: 'thresholds as multiples of the final vanilla SW2 (MNIST: FD to the teacher)' },
    { name: 'thresholds', kind: 'string', meta: 'v1,v2,...', help: 'extra absolute SW2 (MNIST: FD) thresholds' },
    ...configFlagDefs(),
    { name: 'out-dir', kind: 'string', required: true, meta: 'dir', help: 'output folder (created if missing)' },
    JSON_FLAG,
    CPU_FLAG,
  ],
  async run(f, io) {
    const src = resolveData(dataArg(f), { mnist: true });
    const embedDim = typeof f.values['embed-dim'] === 'number' ? (f.values['embed-dim'] as number) : 2;
    const methods = methodsOf(f, embedDim);
    const factors = numbersOf(f, 'factors');
    const absolute = numbersOf(f, 'thresholds');
    const base = getNum(f, 'seed');
    const seeds = Array.from({ length: getNum(f, 'seeds') }, (_, i) => base + i);
    const dir = getStr(f, 'out-dir');
    mkdirSync(`${dir}/runs`, { recursive: true });
    const byMethod = new Map<MethodId, RunFile[]>(methods.map((m) => [m, []]));
    const files: string[] = [];
    await prepareAndRun(f, io, methods, seeds, (seed, o) => {
      for (const r of o.runs) {
        byMethod.get(r.method)!.push(r);
        const path = `${dir}/runs/${r.method}-seed${seed}.json`;
        writeFileSync(path, runJson(r));
        files.push(path);
      }
    });
    const ts = makeThresholds(byMethod, factors, absolute);
    const stats = methods.map((m) => methodStats(m, byMethod.get(m)!, ts));
    const any = byMethod.get(methods[0])![0];
    const title = any.data.label;
    const command = commandLine('compare', f);
    const md = compareMarkdown({ title: `Compare: ${title}`, command, stats, thresholds: ts, runs: byMethod, seeds, modes: any.data.modes });
    const plots = comparePlots(byMethod, title);
    writeFileSync(`${dir}/summary.md`, md);
    writeFileSync(`${dir}/${plots.stem}-vs-iterations.svg`, plots.iterations);
    writeFileSync(`${dir}/${plots.stem}-vs-compute.svg`, plots.compute);
    const summary = { data: any.data, metric: plots.stem === 'fd' ? 'fdTeacher' : 'sw2Teacher', methods, seeds, thresholds: ts, stats };
    writeFileSync(`${dir}/summary.json`, `${JSON.stringify(summary, null, 1)}\n`);
    return {
      json: { outDir: dir, runs: files, summary },
      text: `${md}\nwrote ${files.length} run files, summary.md, summary.json and two SVG plots to ${dir}\n`,
    };
  },
};
