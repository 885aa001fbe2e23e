/**
 * The `Net` interface (src/engine/nn/net.ts) over the MLP and the U-Net, on the CPU backend:
 * the MLP adapter is the MlpWorkspace, the U-Net's layout and initialisation are what the
 * spec says, a pass allocates nothing, and misuse fails loudly.
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { initMlpWeights, type MlpSpec, MlpWorkspace, ParamSet } from '../../src/engine/nn/mlp';
import { mlpNet, NetParams, unetNet } from '../../src/engine/nn/net';
import { gnGroups, MNIST_UNET, unetFlops, unetPlan, type UNetSpec, validateUNetSpec } from '../../src/engine/nn/unetSpec';
import { Rng } from '../../src/engine/philox';

const TINY: UNetSpec = { side: 7, inCh: 1, outCh: 1, channels: [2, 4], groups: 2, mid: 1, fourier: { F: 2, fmin: 0.5, fmax: 2 }, embDim: 4 };

describe('mlpNet', () => {
  it('forward and backward are those of MlpWorkspace, with a ParamSet or any flat buffer', async () => {
    const be = new CpuBackend();
    const spec: MlpSpec = { inDim: 3, outDim: 3, hidden: [5], act: 'silu', fourier: { F: 2, fmin: 0.5, fmax: 2 } };
    const net = mlpNet(spec);
    expect(net.init(4)).toEqual(initMlpWeights(spec, 4));
    const p = NetParams.create(be, net, net.init(4));
    const ps = ParamSet.create(be, spec, net.init(4));
    const x = be.createBuffer(6), c = be.createBuffer(2), dy = be.createBuffer(6);
    be.write(x, new Rng(1).uniform(6, -1, 2)); be.write(c, new Float32Array([0.1, -0.4])); be.write(dy, new Rng(2).uniform(6, -1, 2));
    const ws = net.workspace(be, 2), ref = new MlpWorkspace(be, spec, 2);
    const g1 = be.createBuffer(net.paramSize), g2 = be.createBuffer(net.paramSize);
    const y1 = await be.read(ws.forward(p, x, c));
    ws.backward(p, dy, g1);
    const y2 = await be.read(ref.forward(ps, x, c));
    ref.backward(ps, dy, g2);
    expect(y1).toEqual(y2);
    expect(await be.read(g1)).toEqual(await be.read(g2));
    expect(await be.read(ws.forward(ps, x, c))).toEqual(y2);
    expect(net.flopsPerSample()).toBe(2 * (7 * 5 + 5 * 3));
  });
});

describe('unetNet', () => {
  it('sizes, groups, FLOPs and the default MNIST configuration', () => {
    const net = unetNet(MNIST_UNET);
    expect(net.inDim).toBe(784);
    expect(net.outDim).toBe(784);
    expect(net.paramSize).toBe(unetPlan(MNIST_UNET).size);
    expect(net.paramSize).toBe(197217);
    expect(unetFlops(MNIST_UNET).matmul).toBeGreaterThan(40e6);
    expect(net.flopsPerSample()).toBe(unetFlops(MNIST_UNET).total);
    expect(unetPlan(MNIST_UNET).sides).toEqual([28, 14, 7]);
    expect([gnGroups(16, 8), gnGroups(6, 4), gnGroups(5, 8), gnGroups(1, 8)]).toEqual([8, 3, 5, 1]);
    expect(() => validateUNetSpec({ ...MNIST_UNET, channels: [] })).toThrow();
    expect(() => validateUNetSpec({ ...MNIST_UNET, side: 2, channels: [4, 4, 4] })).toThrow(/too many/);
  });

  it.each([['plain', MNIST_UNET], ['FiLM', { ...MNIST_UNET, film: true }]] as const)('parameter blocks tile the buffer exactly once (%s)', (_, spec) => {
    const p = unetPlan(spec);
    const spans: [number, number][] = [];
    const conv = (c: { cin: number; cout: number; off: number }) => spans.push([c.off, (9 * c.cin + 1) * c.cout]);
    const dense = (d: { in: number; out: number; off: number }) => spans.push([d.off, d.in * d.out + d.out]);
    const gn = (g: { c: number; off: number }) => spans.push([g.off, 2 * g.c]);
    p.emb.forEach(dense); conv(p.stem); gn(p.headGn); conv(p.head);
    for (const b of [...p.enc, ...p.mid, ...p.dec.map((d) => d.block)]) { gn(b.gn1); conv(b.conv1); gn(b.gn2); conv(b.conv2); if (b.proj) dense(b.proj); }
    p.dec.forEach((d) => dense(d.up));
    spans.sort((a, b) => a[0] - b[0]);
    let at = 0;
    for (const [off, n] of spans) { expect(off).toBe(at); at += n; }
    expect(at).toBe(p.size);
  });

  it('FiLM: 2 cout more embedding columns per block, after its bias; the plain plan is unchanged', () => {
    const plain = unetPlan(MNIST_UNET), film = unetPlan({ ...MNIST_UNET, film: true });
    const blocks = (p: typeof plain) => [...p.enc, ...p.mid, ...p.dec.map((d) => d.block)];
    const widths = blocks(plain).reduce((a, b) => a + b.cout, 0);
    expect(plain.embOut).toBe(widths);
    expect(film.embOut).toBe(3 * widths);
    expect(film.size - plain.size).toBe((MNIST_UNET.embDim + 1) * 2 * widths);
    expect(blocks(plain).every((b) => b.filmCol === null)).toBe(true);
    let col = 0;
    for (const b of blocks(film)) {
      expect([b.embCol, b.filmCol]).toEqual([col, col + b.cout]);
      col += 3 * b.cout;
    }
    expect(unetFlops({ ...MNIST_UNET, film: true }).elementwise).toBeGreaterThan(unetFlops(MNIST_UNET).elementwise);
    expect(() => validateUNetSpec({ ...MNIST_UNET, film: 1 as unknown as boolean })).toThrow(/film/);
  });

  it('FiLM with zero scale and shift computes what the plain U-Net computes', async () => {
    const be = new CpuBackend();
    const spec: UNetSpec = { ...TINY, channels: [2, 4, 4] };
    const plain = unetPlan(spec), film = unetPlan({ ...spec, film: true });
    const wp = new Rng(8, 1).uniform(plain.size, -1, 2);
    // the same weights; the embedding's last layer (last in both buffers) gets the plain
    // network's bias columns at the FiLM network's bias columns, zeros for scale and shift
    const last = plain.emb[2], lastF = film.emb[2];
    const wf = new Float32Array(film.size);
    wf.set(wp.subarray(0, last.off));
    const bp = [...plain.enc, ...plain.mid, ...plain.dec.map((d) => d.block)];
    const bf = [...film.enc, ...film.mid, ...film.dec.map((d) => d.block)];
    bp.forEach((b, k) => {
      for (let j = 0; j < b.cout; j++) {
        for (let r = 0; r <= last.in; r++) wf[lastF.off + r * lastF.out + bf[k].embCol + j] = wp[last.off + r * last.out + b.embCol + j];
      }
    });
    const out = async (s: UNetSpec, w: Float32Array) => {
      const net = unetNet(s);
      const p = NetParams.create(be, net, w);
      const x = be.createBuffer(3 * 49), c = be.createBuffer(3);
      be.write(x, new Rng(9).uniform(3 * 49, -1, 2)); be.write(c, new Float32Array([-1, 0.2, 1.3]));
      return be.read(net.workspace(be, 3).forward(p, x, c));
    };
    const y = await out(spec, wp);
    // equal up to float32 rounding: the plain block rounds GN(h) gamma + beta once inside the
    // fused SiLU, the FiLM block stores it as a tensor before scaling (by exactly 1)
    const yf = await out({ ...spec, film: true }, wf);
    yf.forEach((v, i) => expect(Math.abs(v - y[i])).toBeLessThan(1e-6));
    // and a non-zero scale changes it
    wf[lastF.off + last.in * lastF.out + bf[0].filmCol!] = 0.5;
    expect(await out({ ...spec, film: true }, wf)).not.toEqual(y);
  });

  it('init is seeded; zeroOut makes F = 0; passes allocate nothing; misuse throws', async () => {
    const be = new CpuBackend();
    const net = unetNet(TINY);
    expect(net.init(3)).toEqual(net.init(3));
    expect(net.init(3)).not.toEqual(net.init(4));
    const p = NetParams.create(be, net, net.init(3));
    const ws = net.workspace(be, 2);
    const x = be.createBuffer(98), c = be.createBuffer(2), dy = be.createBuffer(98), g = be.createBuffer(net.paramSize);
    be.write(x, new Rng(5).uniform(98, -1, 2));
    expect(() => ws.backward(p, dy, g)).toThrow(/before forward/);
    expect(() => ws.forward(p, x, null)).toThrow(/cond/);
    expect(Array.from(await be.read(ws.forward(p, x, c))).every((v) => v === 0)).toBe(true);
    const n0 = be.stats().buffers;
    for (let i = 0; i < 3; i++) { ws.forward(p, x, c); ws.backward(p, dy, g, { inputGrad: true }); }
    expect(be.stats().buffers).toBe(n0);
    expect(() => NetParams.create(be, net, new Float32Array(3))).toThrow(/needs/);
    const cl = p.clone();
    expect(await cl.read()).toEqual(await p.read());
  });
});
