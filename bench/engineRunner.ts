/**
 * The engine side of the benchmark: each workload of bench/workloads.ts on a Backend (the
 * WebGPU backend from navigator.gpu in Chromium, or Dawn in Node). A step records the work,
 * submits it and awaits a one-value readback (as the TF.js side awaits data()).
 */
import { disbackSchema, distillSchema } from '../src/config/schema';
import { createDenoiserParams, netOf } from '../src/diffusion/denoiser';
import { DsmStep } from '../src/diffusion/dsm';
import { initialGeneratorWeights } from '../src/distill/generator';
import { methodDef } from '../src/distill/methods';
import { Racer } from '../src/distill/racer';
import type { Backend, Buf } from '../src/engine/backend';
import { Adam } from '../src/engine/nn/adam';
import { matmul } from '../src/engine/ops';
import { Rng } from '../src/engine/philox';
import { ADAM, DISTILL, fixedX0, type Prepared, type Workload } from './workloads';

/** Await the last value of a buffer: the readback every timed engine step ends with. */
const touch = (be: Backend, b: Buf) => be.read(b, b.length - 1, 1).then(() => undefined);

export function prepareEngine(be: Backend, w: Workload): Prepared {
  if (w.n) {
    const n = w.n;
    const rng = new Rng(1, n);
    const a = be.createBuffer(n * n, 'bench.a'), b = be.createBuffer(n * n, 'bench.b'), c = be.createBuffer(n * n, 'bench.c');
    be.write(a, rng.uniform(n * n, -1, 2));
    be.write(b, rng.uniform(n * n, -1, 2));
    return {
      step: () => {
        matmul(be, { a, b, c, M: n, N: n, K: n });
        return touch(be, c);
      },
      dispose: () => { for (const x of [a, b, c]) be.destroyBuffer(x); },
    };
  }
  const spec = w.spec!, B = w.batch!;
  if (w.id === 'distill') {
    const d = distillSchema.parse({ batch: B });
    const def = methodDef('vanilla', d, disbackSchema.parse({}));
    const tw = netOf(spec).init(7);
    const teacher = createDenoiserParams(be, spec, 7, 'bench.teacher');
    const g0 = initialGeneratorWeights(spec, tw, 'teacher', DISTILL.sigmaInit, 3, be);
    const racer = new Racer(be, spec, def, [teacher], g0, {
      batch: B, lrG: DISTILL.lrG, lrPhi: DISTILL.lrPhi, sigmaInit: DISTILL.sigmaInit, weighting: DISTILL.weighting, seed: 3,
      sigmaRange: { lo: spec.edm.sigmaMin, hi: spec.edm.sigmaMax },
    });
    return {
      step: () => {
        racer.step();
        be.flush();
        return touch(be, racer.eta.buf);
      },
      dispose: () => { racer.destroy(); teacher.destroy(); g0.destroy(); },
    };
  }
  // a DSM training step of the denoiser (MLP or U-Net) on a fixed batch, Adam
  const params = createDenoiserParams(be, spec, 5, 'bench.params');
  const adam = new Adam(be, params.size, ADAM, 'bench.adam');
  const dsm = new DsmStep(be, spec, B, params.size, 'bench.dsm');
  const x0 = be.createBuffer(B * spec.dim, 'bench.x0');
  be.write(x0, fixedX0(B, spec.dim));
  const rng = new Rng(11, 0xbe7c);
  return {
    step: () => {
      dsm.run(params, adam, rng, x0);
      be.flush();
      return touch(be, params.buf);
    },
    dispose: () => { params.destroy(); adam.destroy(); dsm.destroy(); be.destroyBuffer(x0); },
  };
}
