/**
 * The metric classifier's network (src/engine/nn/classifier.ts) on the CPU backend: parameter
 * gradients against central finite differences (every parameter of a tiny configuration),
 * the host softmax cross-entropy and its gradient, and the classifier file format round trip.
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { type ClassifierSpec, ClassifierWorkspace, initClassifierWeights, MNIST_CLASSIFIER, softmaxXent } from '../../src/engine/nn/classifier';
import { Rng } from '../../src/engine/philox';
import { decodeClassifier, encodeClassifier, MnistClassifier, type ClassifierHeader } from '../../src/metrics/mnistClassifier';

const TINY: ClassifierSpec = { side: 7, channels: [2, 3, 2], hidden: 4, classes: 3 };

describe('classifier network', () => {
  it('parameter gradients match finite differences (every parameter)', async () => {
    const be = new CpuBackend();
    const B = 3, d = TINY.side ** 2;
    const rng = new Rng(11, 1);
    const w = initClassifierWeights(TINY, 3);
    // (zero biases, seeded draws: no pre-activation lies within the step h of a ReLU kink here;
    // random biases put one there and spoil the central difference of ~20 upstream weights)
    const x = rng.uniform(B * d, -1, 2), R = rng.uniform(B * TINY.classes, -1, 2);
    const ws = new ClassifierWorkspace(be, TINY, B);
    const P = be.createBuffer(w.length), X = be.createBuffer(x.length), DY = be.createBuffer(R.length), G = be.createBuffer(w.length);
    be.write(X, x); be.write(DY, R);
    const loss = async (wv: Float32Array) => {
      be.write(P, wv);
      const y = await be.read(ws.forward(P, X));
      return y.reduce((a, v, i) => a + v * R[i], 0);
    };
    await loss(w);
    ws.backward(P, DY, G);
    const g = await be.read(G);
    const h = 1e-3;
    let worst = 0;
    for (let i = 0; i < w.length; i++) {
      const wp = w.slice(), wm = w.slice();
      wp[i] += h; wm[i] -= h;
      const fd = ((await loss(wp)) - (await loss(wm))) / (2 * h);
      const e = Math.abs(fd - g[i]) / Math.max(1e-2, Math.abs(fd));
      worst = Math.max(worst, e);
    }
    const nonzero = g.filter((v) => Math.abs(v) > 1e-6).length;
    console.log(`[classifier gradcheck] ${w.length} params (${nonzero} non-zero gradients), worst rel error ${worst.toExponential(2)}`);
    expect(nonzero).toBeGreaterThan(0.6 * w.length); // a few ReLUs of the tiny net are dead for both inputs
    expect(worst).toBeLessThan(1e-2);
  });

  it('softmax cross-entropy: probabilities, loss and gradient', () => {
    const logits = new Float32Array([0, 0, 0, 1, 2, 3]), probs = new Float32Array(6), dl = new Float32Array(6);
    const l = softmaxXent(logits, [1, 2], 3, probs, dl);
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    expect(probs[0]).toBeCloseTo(1 / 3, 6);
    expect(probs[5]).toBeCloseTo(Math.exp(3) / z, 6);
    expect(l).toBeCloseTo((Math.log(3) + Math.log(z) - 3) / 2, 5);
    expect(dl[1]).toBeCloseTo((1 / 3 - 1) / 2, 6);
    // finite difference of the loss in one logit
    const lp = logits.slice(); lp[4] += 1e-3;
    const lm = logits.slice(); lm[4] -= 1e-3;
    const fd = (softmaxXent(lp, [1, 2], 3, probs) - softmaxXent(lm, [1, 2], 3, probs)) / 2e-3;
    expect(dl[4]).toBeCloseTo(fd, 4);
  });

  it('file format round trip (f32 exact, f16 rounded) and classify on the CPU', async () => {
    const w = initClassifierWeights(MNIST_CLASSIFIER, 5);
    const header: ClassifierHeader = { spec: MNIST_CLASSIFIER, count: w.length, dtype: 'f32', metadata: { heldoutAccuracy: 0.5, trainSteps: 1, createdBy: 'test' } };
    const m = decodeClassifier(encodeClassifier(header, w));
    expect(m.weights).toEqual(w);
    expect(m.header.metadata.heldoutAccuracy).toBe(0.5);
    const h16 = decodeClassifier(encodeClassifier({ ...header, dtype: 'f16' }, w));
    for (let i = 0; i < w.length; i += 997) expect(Math.abs(h16.weights[i] - w[i])).toBeLessThanOrEqual(Math.abs(w[i]) * 1e-3 + 1e-7);
    const bytes = encodeClassifier(header, w);
    bytes[bytes.length - 10] ^= 1;
    expect(() => decodeClassifier(bytes)).toThrow(/checksum/);
    const clf = new MnistClassifier(new CpuBackend(), m, 3);
    const r = await clf.classify(new Rng(1, 1).uniform(5 * 784, -1, 2));
    expect(r.probs.length).toBe(50);
    expect(r.features.length).toBe(5 * 64);
    for (let i = 0; i < 5; i++) expect(r.probs.subarray(i * 10, i * 10 + 10).reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
  });
});
