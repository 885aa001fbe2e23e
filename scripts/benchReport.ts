/**
 * Markdown tables from benchmark JSON (for docs/performance.md):
 *
 *   npx tsx scripts/benchReport.ts bench-results/kernels-<date>.json ...   # variant shoot-outs
 *   npx tsx scripts/benchReport.ts --bench before.json after.json           # bench.ts before/after
 */
import { readFileSync } from 'node:fs';

interface KernelRow { variant: string; shape: string; ms: number; cpuMs: number; gflops: number }
interface BenchRow { backend: string; bench: string; shape: string; medianMs: number; cpuMs?: number; gflops: number; itPerS?: number }

const argv = process.argv.slice(2);

function kernels(file: string): void {
  const d = JSON.parse(readFileSync(file, 'utf8')) as { adapter: string; rows: KernelRow[] };
  const shapes = [...new Set(d.rows.map((r) => r.shape))];
  const variants = [...new Set(d.rows.map((r) => r.variant))];
  console.log(`\n${d.adapter} (${file}): process CPU ms per launch (wall ms, GFLOP/s from wall); best CPU in bold\n`);
  console.log(`| variant | ${shapes.join(' | ')} |`);
  console.log(`|---|${shapes.map(() => '---:').join('|')}|`);
  const best = new Map(shapes.map((s) => [s, Math.min(...d.rows.filter((r) => r.shape === s).map((r) => r.cpuMs))]));
  for (const v of variants) {
    const cells = shapes.map((s) => {
      const r = d.rows.find((x) => x.variant === v && x.shape === s);
      if (!r) return '-';
      const c = r.cpuMs.toFixed(2);
      return `${r.cpuMs === best.get(s) ? `**${c}**` : c} (${r.ms.toFixed(2)}, ${r.gflops.toFixed(1)})`;
    });
    console.log(`| ${v} | ${cells.join(' | ')} |`);
  }
}

function bench(before: string, after: string): void {
  const b = JSON.parse(readFileSync(before, 'utf8')) as { adapter: string; results: BenchRow[] };
  const a = JSON.parse(readFileSync(after, 'utf8')) as { adapter: string; results: BenchRow[] };
  console.log(`\n${a.adapter}: before (${before}) vs after (${after})\n`);
  console.log('| bench | shape | before ms | after ms | speed-up | before CPU ms | after CPU ms | before GFLOP/s | after GFLOP/s | before it/s | after it/s |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of a.results.filter((x) => x.backend === 'webgpu')) {
    const o = b.results.find((x) => x.backend === r.backend && x.bench === r.bench && x.shape === r.shape);
    const f = (v: number | undefined, d = 2) => (v === undefined ? '-' : v.toFixed(d));
    console.log(`| ${r.bench} | ${r.shape} | ${f(o?.medianMs)} | ${f(r.medianMs)} | ${o ? (o.medianMs / r.medianMs).toFixed(2) + 'x' : '-'} | ${f(o?.cpuMs)} | ${f(r.cpuMs)} | ${f(o?.gflops)} | ${f(r.gflops)} | ${f(o?.itPerS, 1)} | ${f(r.itPerS, 1)} |`);
  }
}

if (argv[0] === '--bench') bench(argv[1], argv[2]);
else for (const f of argv) kernels(f);
