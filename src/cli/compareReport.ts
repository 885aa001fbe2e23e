/** The markdown summary and the SVG plots of `compare` (definitions in compareStats.ts). */
import type { MethodId } from '../config/schema';
import { METHOD_COLORS, METHOD_SHORT } from '../ui/methodStyle';
import { bandOf, type MethodStats, summarise, type Threshold } from './compareStats';
import type { RunFile } from './runFile';
import { bandChart } from './svgPlot';

const f4 = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : 'n/a');
const fi = (v: number) => (v === Infinity ? 'not reached' : Number.isFinite(v) ? String(Math.round(v)) : 'n/a');

function cell(xs: number[], fmt: (v: number) => string): string {
  const s = summarise(xs);
  return `${fmt(s.median)} [${fmt(s.min)}-${fmt(s.max)}]`;
}

function crossCell(xs: (number | null)[]): string {
  const s = summarise(xs);
  if (s.reached === 0) return `not reached (0/${s.of})`;
  return `${fi(s.median)} [${fi(s.min)}-${fi(s.max)}] (${s.reached}/${s.of})`;
}

export interface ReportInputs {
  title: string;
  command: string;
  stats: MethodStats[];
  thresholds: Threshold[];
  runs: Map<MethodId, RunFile[]>;
  seeds: number[];
  modes?: number;
}

export function compareMarkdown(inp: ReportInputs): string {
  const { stats, thresholds: ts } = inp;
  const any = [...inp.runs.values()][0][0];
  const L: string[] = [
    `# ${inp.title}`,
    '',
    `Command: \`${inp.command}\``,
    '',
    `Seeds ${inp.seeds.join(', ')} (data seed ${any.dataSeed}); ${any.config.distill.steps} generator iterations, evaluated every ${any.config.evalEvery} on ${any.config.evalSamples} samples; teacher ${any.teacher.source}; backend ${any.backend.adapter}.`,
    'Distances are SW2 to the teacher\'s Heun samples. Cells: median [min-max] over seeds. "final" = mean over the last 10% of iterations; AUC = mean SW2 over the run (area under SW2 vs iterations / iterations). Passes are forward-pass equivalents (a backward counts 2), stage 1 included.',
    '',
    '## Final values and cost',
    '',
    `| method | final SW2 (teacher) | AUC | final SW2 (data) |${inp.modes ? ' modes covered |' : ''} stage-1 passes | total passes | wall s |`,
    `|---|---|---|---|${inp.modes ? '---|' : ''}---|---|---|`,
  ];
  for (const m of stats) {
    const s = m.seeds;
    const modes = inp.modes ? ` ${cell(s.map((x) => x.finalModes ?? NaN), (v) => (Number.isFinite(v) ? String(v) : 'n/a'))} / ${inp.modes} |` : '';
    const div = s.filter((x) => x.diverged).length;
    L.push(`| ${METHOD_SHORT[m.method]}${div ? ` (${div} diverged)` : ''} | ${cell(s.map((x) => x.final), f4)} | ${cell(s.map((x) => x.auc), f4)} | ${cell(s.map((x) => x.finalData), f4)} |${modes} ${fi(summarise(s.map((x) => x.stage1Passes)).median)} | ${fi(summarise(s.map((x) => x.passes)).median)} | ${cell(s.map((x) => x.seconds), (v) => v.toFixed(1))} |`);
  }
  L.push('', '## Iterations and compute to reach a threshold', '');
  ts.forEach((t, i) => L.push(`- T${i + 1}: ${t.label} = ${t.value.toFixed(4)}`));
  L.push('', `| method | ${ts.map((_, i) => `T${i + 1} iterations | T${i + 1} passes`).join(' | ')} |`, `|---|${ts.map(() => '---|---').join('|')}|`);
  for (const m of stats) {
    const cells = ts.map((_, i) => `${crossCell(m.seeds.map((s) => s.crossings[i].step))} | ${crossCell(m.seeds.map((s) => s.crossings[i].passes))}`);
    L.push(`| ${METHOD_SHORT[m.method]} | ${cells.join(' | ')} |`);
  }
  L.push('', 'Cells: median [min-max] (seeds that reached it / seeds); an unreached seed counts as infinite in the median.', '', '![SW2 vs iterations](sw2-vs-iterations.svg)', '', '![SW2 vs compute](sw2-vs-compute.svg)', '');
  return L.join('\n');
}

export function comparePlots(runs: Map<MethodId, RunFile[]>, title: string): { iterations: string; compute: string } {
  const mk = (x: 'step' | 'passes') => [...runs.entries()].map(([m, rs]) => ({ name: METHOD_SHORT[m], color: METHOD_COLORS[m], ...bandOf(rs, x, 'sw2Teacher') }));
  return {
    iterations: bandChart(mk('step'), { title: `${title}: SW2 to the teacher vs generator iterations`, xLabel: 'generator iterations', yLabel: 'SW2 to teacher' }),
    compute: bandChart(mk('passes'), { title: `${title}: SW2 to the teacher vs total compute`, xLabel: 'network passes (forward equivalents, stage 1 included)', yLabel: 'SW2 to teacher' }),
  };
}
