/**
 * An MNIST race on Dawn (the worker's code path: shipped teacher, asset pools, classifier FD
 * evaluator), with timings: prepare() per phase, ms per generator iteration per method, and
 * the FD curves. Used to choose src/config/mnistDefaults.ts (docs/mnist.md, "MNIST race").
 *
 *   nice -n 10 npx tsx --import ./src/engine/node/registerRaw.mjs tests/mnist/raceProbe.mts \
 *     [--batch 16] [--lr-g 1e-4] [--lr-phi 1e-4] [--lr-stage1 1e-4] [--steps 60] [--eval-every 10] \
 *     [--methods vanilla,disback] [--s1 150] [--n-ck 4] [--k-node 50] [--eval-samples 128] \
 *     [--ref-samples 256] [--ref-steps 10] [--png /tmp/mnist-race.png]
 */
import { writeFileSync } from 'node:fs';
import { mnistDefaults } from '../../src/config/mnistDefaults';
import { type MethodId, parseRunConfig } from '../../src/config/schema';
import { Race } from '../../src/distill/race';
import { createDawnBackend } from '../../src/engine/node/dawn';
import { loadShippedTeacher } from '../../src/models/shipped';
import { mnistPools } from '../../workers/runParts';
import { digitGridPng } from './pngGrid';

const argv = process.argv.slice(2);
const str = (k: string, d: string) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : d);
const num = (k: string, d: number) => Number(str(k, String(d)));
const base = mnistDefaults();
const raw = {
  ...base,
  methods: str('--methods', 'vanilla,disback').split(',') as MethodId[],
  distill: { ...base.distill, batch: num('--batch', base.distill.batch), lrG: num('--lr-g', base.distill.lrG), lrPhi: num('--lr-phi', base.distill.lrPhi), steps: num('--steps', 60) },
  disback: { ...base.disback, s1: num('--s1', base.disback.s1), nCheckpoints: num('--n-ck', base.disback.nCheckpoints), lrStage1: num('--lr-stage1', base.disback.lrStage1), kNode: num('--k-node', base.disback.kNode) },
  evalEvery: num('--eval-every', base.evalEvery),
  evalSamples: num('--eval-samples', base.evalSamples),
};
const parsed = parseRunConfig(raw);
if (!parsed.ok) throw new Error(parsed.errors.join('; '));
const config = parsed.config;
const be = await createDawnBackend();
const pools = await mnistPools();
const teacher = await loadShippedTeacher('mnist');
const race = new Race({ be, config, spec: teacher.spec, teacherWeights: teacher.weights, heldout: pools.heldout.pool, refSamples: num('--ref-samples', 256), refSteps: num('--ref-steps', 10) });
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let phase = '', tp = t0;
const phases: string[] = [];
await race.prepare((label) => {
  if (label === phase) return;
  const now = performance.now();
  if (phase) phases.push(`${phase} ${((now - tp) / 1000).toFixed(1)} s`);
  phase = label;
  tp = now;
});
const now = performance.now();
phases.push(`${phase} ${((now - tp) / 1000).toFixed(1)} s`);
const cpu = process.cpuUsage(cpu0);
console.log(`adapter ${be.adapterName}; config ${JSON.stringify({ batch: config.distill.batch, lrG: config.distill.lrG, lrPhi: config.distill.lrPhi, lrStage1: config.disback.lrStage1, s1: config.disback.s1, N: config.disback.nCheckpoints, kNode: config.disback.kNode, evalSamples: config.evalSamples })}`);
console.log(`prepare(): ${((now - t0) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU s: ${phases.join('; ')}`);
console.log(`path steps ${race.pathSummary!.steps.join(' ')}; distance ${race.pathSummary!.distance.map((d) => d.toFixed(4)).join(' ')}`);
const line = (id: string, p: { step: number; fd?: number; fdTeacher?: number; trajectory: number[]; confident?: number; classes?: number; target: number; mismatchTarget: number; lossG: number }) =>
  `${id.padEnd(9)} step ${String(p.step).padStart(4)}: FD data ${p.fd!.toFixed(2)} teacher ${p.fdTeacher!.toFixed(2)} | traj ${p.trajectory.map((v) => v.toFixed(1)).join(' ')} | target ${p.target} | conf ${(100 * p.confident!).toFixed(0)} % classes ${p.classes} | mism ${p.mismatchTarget.toExponential(2)} lossG ${p.lossG.toExponential(2)}`;
const ev = async () => {
  for (const r of race.racers) {
    const te = performance.now();
    const { point } = await race.evaluate(r);
    console.log(`${line(r.def.id, point)} | eval ${(performance.now() - te).toFixed(0)} ms`);
  }
};
await ev();
const secs0 = new Map(race.racers.map((r) => [r, r.seconds]));
while (!race.done) {
  await race.advance(config.evalEvery);
  await ev();
}
for (const r of race.racers) {
  const it = r.steps;
  console.log(`${r.def.id}: ${((1000 * (r.seconds - secs0.get(r)!)) / it).toFixed(0)} ms per generator iteration (batch ${config.distill.batch}, K_fake ${r.def.kFake})`);
}
const png = str('--png', '/tmp/mnist-race.png');
const rows: Float32Array[] = [];
for (const r of race.racers) rows.push((await race.samplesOf(r)).slice(0, 10 * 784));
rows.push(race.teacherSamples!.slice(0, 10 * 784));
const all = new Float32Array(rows.length * 10 * 784);
rows.forEach((x, i) => all.set(x, i * 10 * 784));
writeFileSync(png, digitGridPng(all, 10));
console.log(`wrote ${png} (rows: ${race.racers.map((r) => r.def.id).join(', ')}, teacher)`);
race.destroy();
be.destroy();
process.exit(0);
