import { createDawnBackend } from '../../src/engine/node/dawn';
import { UNetWorkspace } from '../../src/engine/nn/unet';
import { initUNetWeights, MNIST_UNET, unetPlan } from '../../src/engine/nn/unetSpec';
import { Rng } from '../../src/engine/philox';
import { loadavg } from 'node:os';
const be = await createDawnBackend();
const B = Number(process.argv[2] ?? 64);
const spec = MNIST_UNET;
const ws = new UNetWorkspace(be, spec, B);
const plan = unetPlan(spec);
const P = be.createBuffer(plan.size), G = be.createBuffer(plan.size), X = be.createBuffer(B * 784), Cn = be.createBuffer(B), Dy = be.createBuffer(B * 784);
const rng = new Rng(1);
be.write(P, initUNetWeights(spec, 1, { zeroOut: false })); be.write(X, rng.uniform(B * 784, -1, 2)); be.write(Cn, rng.uniform(B, -1, 2)); be.write(Dy, rng.uniform(B * 784, -1, 2));
ws.forward({ buf: P }, X, Cn); ws.backward({ buf: P }, Dy, G); await be.sync();
const steps = (ws as any).steps as { fwd: (p: any) => void; bwd: (p: any, g: any, pb: number) => void }[];
(ws as any).input.buf = X; (ws as any).cond = { buf: Cn, off: 0 };
const tf: number[] = [], tb: number[] = [];
console.log('load', loadavg()[0]);
for (let rep = 0; rep < 2; rep++) {
  for (let i = 0; i < steps.length; i++) { const t0 = process.cpuUsage(); steps[i].fwd(P); await be.sync(); const u = process.cpuUsage(t0); tf[i] = (tf[i] ?? 0) + (u.user + u.system) / 1e3; }
  (ws as any).touched.clear(); be.copy(Dy, 0, (ws as any).out.grad, 0, B * 784);
  for (let i = steps.length - 1; i >= 0; i--) { const t0 = process.cpuUsage(); steps[i].bwd(P, G, 0); await be.sync(); const u = process.cpuUsage(t0); tb[i] = (tb[i] ?? 0) + (u.user + u.system) / 1e3; }
}
const names = steps.map((s) => s.fwd.toString().match(/C\.(\w+)|matmul|fourier|copy/)?.[0] ?? '?');
let F = 0, Bk = 0;
const agg = new Map<string, [number, number]>();
for (let i = 0; i < steps.length; i++) { F += tf[i] / 2; Bk += tb[i] / 2; const a = agg.get(names[i]) ?? [0, 0]; a[0] += tf[i] / 2; a[1] += tb[i] / 2; agg.set(names[i], a); }
for (const [k, [f, b]] of agg) console.log(k.padEnd(22), f.toFixed(0).padStart(6), b.toFixed(0).padStart(6));
console.log('forward', F.toFixed(0), 'backward', Bk.toFixed(0), 'load', loadavg()[0]);
be.destroy();
