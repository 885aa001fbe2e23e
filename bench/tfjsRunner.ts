/**
 * The TF.js side of the benchmark: each workload of bench/workloads.ts with the active TF.js
 * backend (webgpu or wasm; cpu in the unit test). A step records the work and awaits data()
 * of a small tensor written last (never dataSync(): it breaks the device on WebGPU).
 */
import * as tf from '@tensorflow/tfjs-core';
import { netOf } from '../src/diffusion/denoiser';
import { TfDsmTrainer, TfRacer } from './tfjsTwins';
import { ADAM, DISTILL, fixedX0, type Prepared, type Workload } from './workloads';

export function prepareTfjs(w: Workload): Prepared {
  if (w.n) {
    const n = w.n;
    const a = tf.keep(tf.randomUniform([n, n], -1, 1));
    const b = tf.keep(tf.randomUniform([n, n], -1, 1));
    return {
      step: async () => {
        const corner = tf.tidy(() => tf.slice(tf.matMul(a, b), [0, 0], [1, 1]));
        await corner.data();
        corner.dispose();
      },
      dispose: () => { a.dispose(); b.dispose(); },
    };
  }
  const spec = w.spec!, B = w.batch!;
  if (w.id === 'distill') {
    const tw = netOf(spec).init(7);
    const r = new TfRacer(spec, tw, tw.slice(), { ...DISTILL, batch: B, sigmaRange: { lo: spec.edm.sigmaMin, hi: spec.edm.sigmaMax } });
    return {
      step: async () => {
        r.step();
        await r.probe().data();
      },
      dispose: () => r.dispose(),
    };
  }
  const x0 = tf.keep(tf.tensor2d(fixedX0(B, spec.dim), [B, spec.dim]));
  const t = new TfDsmTrainer(spec, netOf(spec).init(5), x0, ADAM);
  return {
    step: async () => {
      t.step();
      await t.probe().data();
    },
    dispose: () => t.dispose(),
  };
}
