/**
 * MNIST compare folders: per method and seed, the best FD to the teacher reached and when, the
 * first evaluation at which the student's samples fall into <= 2 classes (mode collapse), and
 * the final FD and classes, and the iterations (passes, stage 1 included) to first reach an FD to
 * the teacher <= --below (default 300; G^0 starts near 420). Prints a markdown table.
 * Usage: npx tsx scripts/mnist-collapse.mts [--below 300] runs/compare-mnist [runs/compare-mnist-lrphi ...]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Run { method: string; seed: number; series: { step: number[]; passes: number[]; fdTeacher: number[]; fd: number[]; classes: number[]; confident: number[] } }
const args = process.argv.slice(2);
const below = args[0] === '--below' ? Number(args[1]) : 300;
const dirs = args[0] === '--below' ? args.slice(2) : args;
const rows = [`| run | method | seed | best FD (teacher) at step | iterations (passes) to FD <= ${below} | first step with <= 2 classes | final FD (teacher) | final classes / confident |`, '|---|---|---|---|---|---|---|---|'];
for (const dir of dirs) {
  const runs: Run[] = readdirSync(join(dir, 'runs')).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, 'runs', f), 'utf8')));
  runs.sort((a, b) => (a.method === b.method ? a.seed - b.seed : a.method < b.method ? 1 : -1));
  for (const r of runs) {
    const s = r.series;
    let bi = 0;
    s.fdTeacher.forEach((v, i) => { if (v < s.fdTeacher[bi]) bi = i; });
    const ci = s.classes.findIndex((c) => c <= 2);
    const ti = s.fdTeacher.findIndex((v) => v <= below);
    const last = s.step.length - 1;
    rows.push(`| ${dir.split('/').pop()} | ${r.method} | ${r.seed} | ${s.fdTeacher[bi].toFixed(0)} at ${s.step[bi]} | ${ti < 0 ? 'never' : `${s.step[ti]} (${s.passes[ti]})`} | ${ci < 0 ? 'never' : s.step[ci]} | ${s.fdTeacher[last].toFixed(0)} | ${s.classes[last]} / ${(100 * s.confident[last]).toFixed(0)} % |`);
  }
}
console.log(rows.join('\n'));
