/** The markdown summary and the SVG plots of `compare` (definitions in compareStats.ts). */
import type { MethodId } from '../config/schema';
import { METHOD_COLORS, METHOD_SHORT } from '../ui/methodStyle';
import { bandOf, metricOf, type MethodStats, summarise, type Threshold } from './compareStats';
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
  const m = metricOf(any);
  const mnist = m.name === 'FD';
  const what = mnist
    ? "Distances are Frechet distances (FD) between the project classifier's penultimate features (64-D) of the student's samples and of the teacher's Heun samples (\"teacher\") or the held-out digits (\"data\"); FD over a few hundred samples is biased upwards, equally for every method."
    : "Distances are SW2 to the teacher's Heun samples.";
  const L: string[] = [
    `# ${inp.title}`,
    '',
    `Command: \`${inp.command}\``,
    '',
    `Seeds ${inp.seeds.join(', ')} (data seed ${any.dataSeed}); ${any.config.distill.steps} generator iterations, evaluated every ${any.config.evalEvery} on ${any.config.evalSamples} samples; teacher ${any.teacher.source}; backend ${any.backend.adapter}.`,
    `${what} Cells: median [min-max] over seeds. "final" = mean over the last 10% of iterations; AUC = mean ${m.name} over the run (area under ${m.name} vs iterations / iterations). Passes are forward-pass equivalents (a backward counts 2), stage 1 included.`,
    '',
    '## Final values and cost',
    '',
    `| method | final ${m.name} (teacher) | AUC | final ${m.name} (data) |${inp.modes ? ' modes covered |' : ''}${mnist ? ' classes | confident |' : ''} stage-1 passes | total passes | wall s |`,
    `|---|---|---|---|${inp.modes ? '---|' : ''}${mnist ? '---|---|' : ''}---|---|---|`,
  ];
  for (const ms of stats) {
    const s = ms.seeds;
    const modes = inp.modes ? ` ${cell(s.map((x) => x.finalModes ?? NaN), (v) => (Number.isFinite(v) ? String(v) : 'n/a'))} / ${inp.modes} |` : '';
    const digits = mnist ? ` ${cell(s.map((x) => x.finalClasses ?? NaN), (v) => (Number.isFinite(v) ? String(v) : 'n/a'))} / 10 | ${cell(s.map((x) => 100 * (x.finalConfident ?? NaN)), (v) => (Number.isFinite(v) ? `${v.toFixed(0)} %` : 'n/a'))} |` : '';
    const div = s.filter((x) => x.diverged).length;
    L.push(`| ${METHOD_SHORT[ms.method]}${div ? ` (${div} diverged)` : ''} | ${cell(s.map((x) => x.final), f4)} | ${cell(s.map((x) => x.auc), f4)} | ${cell(s.map((x) => x.finalData), f4)} |${modes}${digits} ${fi(summarise(s.map((x) => x.stage1Passes)).median)} | ${fi(summarise(s.map((x) => x.passes)).median)} | ${cell(s.map((x) => x.seconds), (v) => v.toFixed(1))} |`);
  }
  L.push('', '## Iterations and compute to reach a threshold', '');
  ts.forEach((t, i) => L.push(`- T${i + 1}: ${t.label} = ${t.value.toFixed(4)}`));
  L.push('', `| method | ${ts.map((_, i) => `T${i + 1} iterations | T${i + 1} passes`).join(' | ')} |`, `|---|${ts.map(() => '---|---').join('|')}|`);
  for (const ms of stats) {
    const cells = ts.map((_, i) => `${crossCell(ms.seeds.map((s) => s.crossings[i].step))} | ${crossCell(ms.seeds.map((s) => s.crossings[i].passes))}`);
    L.push(`| ${METHOD_SHORT[ms.method]} | ${cells.join(' | ')} |`);
  }
  L.push('', 'Cells: median [min-max] (seeds that reached it / seeds); an unreached seed counts as infinite in the median.', '', `![${m.name} vs iterations](${m.stem}-vs-iterations.svg)`, '', `![${m.name} vs compute](${m.stem}-vs-compute.svg)`, '');
  return L.join('\n');
}

/** The two plots of the compare metric (SW2, or FD for MNIST) to the teacher; `stem` names their files. */
export function comparePlots(runs: Map<MethodId, RunFile[]>, title: string): { iterations: string; compute: string; stem: string } {
  const metric = metricOf([...runs.values()][0][0]);
  const mk = (x: 'step' | 'passes') => [...runs.entries()].map(([m, rs]) => ({ name: METHOD_SHORT[m], color: METHOD_COLORS[m], ...bandOf(rs, x, metric.teacher) }));
  const y = `${metric.name} to teacher`;
  return {
    iterations: bandChart(mk('step'), { title: `${title}: ${y} vs generator iterations`, xLabel: 'generator iterations', yLabel: y }),
    compute: bandChart(mk('passes'), { title: `${title}: ${y} vs total compute`, xLabel: 'network passes (forward equivalents, stage 1 included)', yLabel: y }),
    stem: metric.stem,
  };
}
