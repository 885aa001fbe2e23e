/**
 * `npm run bench`: the engine against TF.js 4.22 (webgpu and wasm backends) on the same
 * workloads (bench/workloads.ts): matmul 256^3 / 512^3 / 1024^3, a DSM training step of the 2-D
 * denoiser (3x128 and 4x256, batch 1024, Adam), one vanilla distillation iteration, and a DSM
 * step of the MNIST U-Net (8-16-32, batch 32).
 *
 * Runners:
 *   engine-node      the engine on Dawn in this process (the Vulkan loader's adapter: lavapipe here)
 *   engine-chromium  the engine in headless Debian chromium (WebGPU on SwiftShader)
 *   tfjs-webgpu      TF.js's webgpu backend in the same chromium (same adapter)
 *   tfjs-wasm        TF.js's wasm backend (SIMD, threads when cross-origin isolated) in the same chromium
 * The chromium runners load bench/index.html from a vite server (bench/vite.config.ts), one
 * page per runner, and post their results to window.__bench.
 *
 *   npm run bench                                  # everything
 *   npm run bench -- --quick                       # fewer reps
 *   npm run bench -- --only matmul,denoiser-3x128  # workloads whose id contains one of these
 *   npm run bench -- --runners engine-chromium,tfjs-webgpu
 *   npm run bench -- --wasm-threads 1              # TF.js wasm threads (default: navigator.hardwareConcurrency)
 *   npm run bench:engine                           # the engine-only kernel bench (scripts/benchEngine.ts)
 *
 * Timing: warm-up steps (the first timed apart: it compiles), then N timed steps, each ending
 * in an awaited readback (engine: a one-value read; TF.js: await data() of a small tensor).
 * Median, min and max per workload. Prints one table with the ratios engine-chromium / tfjs-*
 * (same adapter) and writes bench-results/bench-tfjs-<date>.json.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { prepareEngine } from '../bench/engineRunner';
import { failedSample, RUNNERS, type RunnerId, type Sample, selectWorkloads, timeWorkload, WORKLOADS } from '../bench/workloads';
import { createDawnBackend } from '../src/engine/node/dawn';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : null;
};
const QUICK = args.includes('--quick');
const ONLY = opt('--only')?.split(',') ?? null;
const RUN = (opt('--runners')?.split(',') ?? [...RUNNERS]) as RunnerId[];
for (const r of RUN) if (!(RUNNERS as readonly string[]).includes(r)) throw new Error(`unknown runner '${r}' (one of ${RUNNERS.join(', ')})`);
const PAGE_TIMEOUT_MS = Number(opt('--timeout') ?? (QUICK ? 20 : 60) * 60_000);

interface RunnerInfo {
  runner: RunnerId;
  adapter: unknown;
  backendInfo: unknown;
  userAgent?: string;
  crossOriginIsolated?: boolean;
  hardwareConcurrency?: number;
  seconds: number;
  error?: string;
}

function vulkanDriver(adapter: string): string {
  const icd = process.env.VK_ICD_FILENAMES ? `VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES}` : 'Vulkan loader default ICD search';
  const kind = /llvmpipe|lavapipe/i.test(adapter) ? 'lavapipe (Mesa llvmpipe, software)' : /swiftshader/i.test(adapter) ? 'SwiftShader (software)' : 'hardware or unknown';
  return `${kind}; ${icd}`;
}

/** utime + stime (ms) of every process below `root` in the process tree (Linux /proc; 10 ms ticks). */
function treeCpuMs(root: number): number {
  const procs = new Map<number, { ppid: number; ms: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      // fields after the name: state ppid ... utime (14th field overall = index 11 here), stime (12)
      procs.set(Number(d), { ppid: Number(f[1]), ms: (Number(f[11]) + Number(f[12])) * 10 });
    } catch {
      // the process ended meanwhile
    }
  }
  const below = (pid: number): boolean => {
    for (let p = procs.get(pid)?.ppid, hops = 0; p && hops < 64; p = procs.get(p)?.ppid, hops++) if (p === root) return true;
    return false;
  };
  let ms = 0;
  for (const [pid, p] of procs) if (below(pid)) ms += p.ms;
  return ms;
}

const nodeCpuMs = () => {
  const u = process.cpuUsage();
  return Promise.resolve((u.user + u.system) / 1000);
};

async function runNode(results: Sample[], infos: RunnerInfo[]): Promise<void> {
  const t0 = performance.now();
  const be = await createDawnBackend();
  const info: RunnerInfo = { runner: 'engine-node', adapter: { name: be.adapterName, vulkanDriver: vulkanDriver(be.adapterName) }, backendInfo: { subgroupSize: be.subgroupSize, software: be.software, node: process.version }, seconds: 0 };
  console.log(`engine-node: ${be.adapterName} (${vulkanDriver(be.adapterName)})`);
  for (const w of selectWorkloads(ONLY)) {
    const p = prepareEngine(be, w);
    try {
      results.push(await timeWorkload(w, 'engine-node', p, QUICK, QUICK ? 30_000 : 90_000, (s) => console.log(`  ${s}`), nodeCpuMs));
    } catch (e) {
      console.log(`  engine-node ${w.id}: FAILED ${e instanceof Error ? e.message : String(e)}`);
      results.push(failedSample(w, 'engine-node', e));
    } finally {
      await p.dispose();
    }
  }
  be.destroy();
  info.seconds = (performance.now() - t0) / 1000;
  infos.push(info);
}

async function runChromium(runners: RunnerId[], results: Sample[], infos: RunnerInfo[]): Promise<void> {
  const server = await createServer({ configFile: 'bench/vite.config.ts' });
  await server.listen();
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('the bench vite server has no local URL');
  // the flags of tests/e2e/browser.ts: headless Debian chromium, WebGPU on SwiftShader
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless=new', '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader',
    ],
  });
  try {
    for (const r of runners) {
      const t0 = performance.now();
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.exposeFunction('__benchCpu', () => treeCpuMs(process.pid));
      page.on('console', (m) => {
        const t = m.text();
        if (t.startsWith('[bench]')) console.log(`  ${t.slice(8)}`);
        else if (m.type() === 'error') console.log(`  [page error] ${t}`);
      });
      page.on('pageerror', (e) => console.log(`  [page exception] ${e.message}`));
      const q = new URLSearchParams({ runner: r === 'engine-chromium' ? 'engine' : r });
      if (QUICK) q.set('quick', '1');
      if (ONLY) q.set('only', ONLY.join(','));
      if (r === 'tfjs-wasm' && opt('--wasm-threads')) q.set('threads', opt('--wasm-threads')!);
      console.log(`${r}: ${base}?${q}`);
      let info: RunnerInfo = { runner: r, adapter: null, backendInfo: null, seconds: 0 };
      try {
        await page.goto(`${base}?${q}`, { waitUntil: 'load', timeout: 120_000 });
        await page.waitForFunction(() => window.__bench?.done === true, undefined, { timeout: PAGE_TIMEOUT_MS, polling: 1000 });
        const st = await page.evaluate(() => window.__bench!);
        results.push(...st.results);
        info = { runner: r, adapter: st.adapter, backendInfo: st.backendInfo, userAgent: st.userAgent, crossOriginIsolated: st.crossOriginIsolated, hardwareConcurrency: st.hardwareConcurrency, seconds: 0, error: st.error };
      } catch (e) {
        info.error = e instanceof Error ? e.message : String(e);
        console.log(`  ${r}: FAILED ${info.error}`);
        for (const w of selectWorkloads(ONLY)) if (!results.some((s) => s.runner === r && s.workload === w.id)) results.push(failedSample(w, r, e));
      }
      info.seconds = (performance.now() - t0) / 1000;
      infos.push(info);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

const fmt = (v: number) => (!Number.isFinite(v) ? '-' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** CPU ms per step, and the ratios of the engine's to TF.js's CPU time (>1: the engine needs less). */
function cpuTable(results: Sample[]): string {
  const runners = RUNNERS.filter((r) => results.some((s) => s.runner === r));
  const get = (w: string, r: string) => results.find((s) => s.workload === w && s.runner === r);
  const ratio = (w: string, a: string, b: string) => {
    const x = get(w, a)?.cpuMs, y = get(w, b)?.cpuMs;
    return x && y ? `${(y / x).toFixed(2)}x` : '-';
  };
  const head = ['workload', ...runners.map((r) => `${r} CPU ms/step`), 'engine/tfjs-webgpu (CPU)', 'engine/tfjs-wasm (CPU)'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 1 ? '---' : '---:')).join('|')}|`];
  for (const w of WORKLOADS) {
    if (!results.some((s) => s.workload === w.id)) continue;
    lines.push(`| ${w.id} | ${runners.map((r) => fmt(get(w.id, r)?.cpuMs ?? NaN)).join(' | ')} | ${ratio(w.id, 'engine-chromium', 'tfjs-webgpu')} | ${ratio(w.id, 'engine-chromium', 'tfjs-wasm')} |`);
  }
  return lines.join('\n');
}

function table(results: Sample[]): string {
  const runners = RUNNERS.filter((r) => results.some((s) => s.runner === r));
  const get = (w: string, r: string) => results.find((s) => s.workload === w && s.runner === r);
  const ratio = (w: string, a: string, b: string) => {
    const x = get(w, a), y = get(w, b);
    return x && y && Number.isFinite(x.median) && Number.isFinite(y.median) ? `${(x.median / y.median).toFixed(2)}x` : '-';
  };
  const head = ['workload', 'unit', ...runners.map((r) => `${r} median (min-max)`), 'engine/tfjs-webgpu', 'engine/tfjs-wasm'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`];
  for (const w of WORKLOADS) {
    if (!results.some((s) => s.workload === w.id)) continue;
    const cells = runners.map((r) => {
      const s = get(w.id, r);
      if (!s) return '';
      if (s.error) return `failed: ${s.error.slice(0, 60)}`;
      return `${fmt(s.median)} (${fmt(s.min)}-${fmt(s.max)})`;
    });
    lines.push(`| ${w.id} | ${w.unit} | ${cells.join(' | ')} | ${ratio(w.id, 'engine-chromium', 'tfjs-webgpu')} | ${ratio(w.id, 'engine-chromium', 'tfjs-wasm')} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const load0 = loadavg();
  console.log(`host: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, node ${process.version}, load average ${load0.map((v) => v.toFixed(2)).join(' ')}; runners ${RUN.join(', ')}${QUICK ? ' (quick)' : ''}`);
  const results: Sample[] = [];
  const infos: RunnerInfo[] = [];
  if (RUN.includes('engine-node')) await runNode(results, infos);
  const browserRunners = RUN.filter((r) => r !== 'engine-node');
  if (browserRunners.length) await runChromium(browserRunners, results, infos);
  const load1 = loadavg();
  const seconds = (performance.now() - t0) / 1000;
  console.log(`\nsame adapter for engine-chromium, tfjs-webgpu (Chromium's WebGPU) and tfjs-wasm (same browser, CPU); engine-node: Dawn in Node.`);
  console.log(table(results));
  console.log(`\nCPU time per step (all threads of the runner; less sensitive to other load than wall time):`);
  console.log(cpuTable(results));
  console.log(`load average: start ${load0.map((v) => v.toFixed(2)).join(' ')}, end ${load1.map((v) => v.toFixed(2)).join(' ')}; ${seconds.toFixed(0)} s`);
  mkdirSync('bench-results', { recursive: true });
  const file = `bench-results/bench-tfjs-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  const host = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, platform: process.platform, loadAverageAtStart: load0, loadAverageAtEnd: load1 };
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), tfjs: '4.22.0', quick: QUICK, only: ONLY, host, runners: infos, seconds, results, table: table(results), cpuTable: cpuTable(results) }, null, 2) + '\n');
  console.log(`wrote ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
