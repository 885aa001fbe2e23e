/**
 * The headline of a `compare` folder: generator iterations (and total compute) each method
 * needs to reach vanilla's final distance to the teacher (mean over the last 10% of its run),
 * per seed. The distance is the folder's metric (summary.json "metric"): SW2 to the teacher's
 * samples for the 2-D sets, FD to them (classifier features) for MNIST.
 * Usage: npx tsx scripts/headline.mts runs/compare-8gaussians
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Run { method: string; seed: number; series: { step: number[]; passes: number[] } & Record<string, number[]> }
const dir = process.argv[2];
if (!dir) throw new Error('usage: headline.mts <compare out-dir>');
let metric = 'sw2Teacher';
try {
  metric = (JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { metric?: string }).metric ?? metric;
} catch {
  /* an older folder: SW2 */
}
const metricName = metric === 'fdTeacher' ? 'FD to the teacher' : 'SW2';
const runs: Run[] = readdirSync(join(dir, 'runs')).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, 'runs', f), 'utf8')));
const finalOf = (r: Run) => {
  const s = r.series[metric];
  const k = Math.max(1, Math.round(s.length * 0.1));
  return s.slice(-k).reduce((a, b) => a + b, 0) / k;
};
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
const methods = [...new Set(runs.map((r) => r.method))];
const rows: string[] = [`| method | iterations to vanilla's final ${metricName} | total passes to it | per seed (iterations) |`, '|---|---|---|---|'];
for (const m of methods) {
  const its: number[] = [];
  const ps: number[] = [];
  for (const seed of seeds) {
    const v = runs.find((r) => r.method === 'vanilla' && r.seed === seed);
    const r = runs.find((x) => x.method === m && x.seed === seed);
    if (!v || !r) continue;
    const target = finalOf(v);
    const i = r.series[metric].findIndex((x) => x <= target);
    its.push(i < 0 ? Infinity : r.series.step[i]);
    ps.push(i < 0 ? Infinity : r.series.passes[i]);
  }
  rows.push(`| ${m} | ${median(its)} | ${median(ps)} | ${its.map((x) => (Number.isFinite(x) ? x : 'not reached')).join(', ')} |`);
}
console.log(rows.join('\n'));
