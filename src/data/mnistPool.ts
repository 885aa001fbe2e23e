/**
 * MNIST as the pools a race uses (the 2-D sets' DataPool shape): train = the 8,000 training
 * digits, held-out = the 2,000 held-out digits, [n, 784] in [-1, 1], sigma_data 0.5. Loaded
 * once per process / worker from the shipped asset (public/data/mnist.bin) and shared; a
 * failed load is retried on the next call.
 */
import type { DataPool } from './index';
import { loadMnist, MNIST_DIM, MNIST_SIGMA_DATA, mnistToFloat } from './mnist';

export interface MnistPools {
  data: DataPool;
  heldout: DataPool;
}

let shared: Promise<MnistPools> | null = null;

export function mnistDataPools(): Promise<MnistPools> {
  shared ??= loadMnist().then((m) => {
    const pool = (images: Float32Array, n: number, label: string): DataPool => ({ pool: images, dim: MNIST_DIM, n, sigmaData: MNIST_SIGMA_DATA, label });
    return {
      data: pool(mnistToFloat(m.train), m.train.n, `MNIST digits (${m.train.n.toLocaleString('en-US')} training)`),
      heldout: pool(mnistToFloat(m.heldout), m.heldout.n, `MNIST held-out digits (${m.heldout.n.toLocaleString('en-US')})`),
    };
  });
  shared.catch(() => (shared = null));
  return shared;
}

/** The first `n` rows of a pool (a prefix of the shuffled split is a class-balanced subset). */
export function poolPrefix(p: DataPool, n: number): DataPool {
  const m = Math.min(n, p.n);
  return m === p.n ? p : { ...p, pool: p.pool.subarray(0, m * p.dim), n: m };
}
