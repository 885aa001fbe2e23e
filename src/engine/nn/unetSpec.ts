/**
 * A small U-Net for 28x28 digits: its specification, the layout of its flat parameter
 * buffer, host-side initialisation and a FLOP count. The workspace (forward / backward)
 * is in unet.ts.
 *
 * Topology (NHWC tensors, L = channels.length levels at sides s_0 = side, s_l = ceil(s_{l-1} / 2)):
 *   emb:   e = [c, cos 2 pi f_k c, sin 2 pi f_k c] (c = c_noise, F log-spaced frequencies)
 *          -> Dense(embDim) SiLU -> Dense(embDim) SiLU -> Dense(sum of block widths): one
 *          per-channel bias for every residual block (added after its first conv)
 *   stem:  conv3x3 inCh -> c_0
 *   down:  level l: ResBlock(c_{l-1} -> c_l) (output kept as skip s_l), then 2x2 avg-pool
 *   mid:   `mid` more ResBlocks at the lowest level
 *   up:    level l = L-2..0: 1x1 conv c_{l+1} -> c_l at the low side (it commutes with
 *          nearest up-sampling, so it runs on 4x fewer pixels), nearest 2x up + s_l, ResBlock(c_l)
 *   head:  GroupNorm SiLU conv3x3 c_0 -> outCh
 *   ResBlock(ci -> co): h = conv1(SiLU(GN(x))) + emb_b; y = conv2(SiLU(GN(h))) + skip(x), skip =
 *          identity (ci = co) or a 1x1 conv. With `film`, the second activation is
 *          SiLU(GN(h) (1 + emb_s) + emb_t): the noise level also scales (FiLM), from 2 co more
 *          embedding columns per block.
 */
import { Rng } from '../philox';

/** Floats of one 3x3 conv's parameters, [9, cin, cout] weights then [cout] biases (as convOps.conv3x3Size; no kernel import here). */
const conv3x3Size = (cin: number, cout: number) => (9 * cin + 1) * cout;

export interface UNetSpec {
  /** image side (square), e.g. 28 */
  side: number;
  inCh: number;
  outCh: number;
  /** channels per level, e.g. [16, 32, 64] at 28, 14, 7 */
  channels: number[];
  /** group-norm groups (the largest divisor of a layer's channels not above this) */
  groups: number;
  /** extra ResBlocks at the lowest level (default 1) */
  mid?: number;
  /** Fourier embedding of the per-sample condition c_noise */
  fourier: { F: number; fmin: number; fmax: number };
  /** width of the embedding MLP */
  embDim: number;
  /** the noise level also scales and shifts each block's second normalised tensor (default false) */
  film?: boolean;
}

export interface DenseP { in: number; out: number; off: number }
export interface ConvP { cin: number; cout: number; off: number }
export interface GnP { c: number; G: number; off: number }
export interface BlockP {
  side: number; cin: number; cout: number;
  gn1: GnP; conv1: ConvP; gn2: GnP; conv2: ConvP; proj: DenseP | null;
  /** column of this block's bias in the embedding output [B, embOut] */
  embCol: number;
  /** with `film`: column of its scale (cout columns), then its shift (cout more) */
  filmCol: number | null;
}
export interface UNetPlan {
  spec: UNetSpec;
  sides: number[];
  emb: DenseP[];
  embOut: number;
  stem: ConvP;
  enc: BlockP[];
  mid: BlockP[];
  /** per decoder level, lowest first: the 1x1 conv and the block (level = index from the top) */
  dec: { level: number; up: DenseP; block: BlockP }[];
  headGn: GnP;
  head: ConvP;
  size: number;
}

export function gnGroups(c: number, groups: number): number {
  for (let g = Math.min(c, groups); g > 1; g--) if (c % g === 0) return g;
  return 1;
}

export function validateUNetSpec(s: UNetSpec): void {
  const ok = (v: number) => Number.isInteger(v) && v > 0 && v <= 4096;
  if (!ok(s.side) || !ok(s.inCh) || !ok(s.outCh) || !ok(s.groups) || !ok(s.embDim) || !ok(s.fourier.F)) throw new Error(`invalid U-Net spec ${JSON.stringify(s)}`);
  if (s.channels.length < 1 || !s.channels.every(ok)) throw new Error(`invalid U-Net channels ${JSON.stringify(s.channels)}`);
  if (!(s.fourier.fmin > 0 && s.fourier.fmax >= s.fourier.fmin)) throw new Error('invalid U-Net Fourier embedding');
  let side = s.side;
  for (let l = 1; l < s.channels.length; l++) side = Math.ceil(side / 2);
  if (side < 2 && s.channels.length > 1) throw new Error(`U-Net: ${s.channels.length} levels are too many for side ${s.side}`);
  if ((s.mid ?? 1) < 0 || !Number.isInteger(s.mid ?? 1)) throw new Error('U-Net: mid must be a non-negative integer');
  if (s.film !== undefined && typeof s.film !== 'boolean') throw new Error('U-Net: film must be true or false');
}

/**
 * Offsets of every parameter block in the flat buffer: emb layers 1-2, stem, encoder, mid and
 * decoder blocks (gn1, conv1, gn2, conv2, skip projection; a decoder level's 1x1 conv before
 * its block), head GN, head conv, and last the embedding's output layer.
 */
export function unetPlan(spec: UNetSpec): UNetPlan {
  validateUNetSpec(spec);
  let off = 0;
  const dense = (i: number, o: number): DenseP => { const d = { in: i, out: o, off }; off += i * o + o; return d; };
  const conv = (ci: number, co: number): ConvP => { const c = { cin: ci, cout: co, off }; off += conv3x3Size(ci, co); return c; };
  const gn = (c: number): GnP => { const g = { c, G: gnGroups(c, spec.groups), off }; off += 2 * c; return g; };
  let embCol = 0;
  const block = (side: number, cin: number, cout: number): BlockP => {
    const b = { side, cin, cout, gn1: gn(cin), conv1: conv(cin, cout), gn2: gn(cout), conv2: conv(cout, cout), proj: cin === cout ? null : dense(cin, cout), embCol, filmCol: spec.film ? embCol + cout : null };
    embCol += spec.film ? 3 * cout : cout;
    return b;
  };
  const ch = spec.channels, L = ch.length;
  const sides = [spec.side];
  for (let l = 1; l < L; l++) sides.push(Math.ceil(sides[l - 1] / 2));
  const eIn = 1 + 2 * spec.fourier.F;
  const emb = [dense(eIn, spec.embDim), dense(spec.embDim, spec.embDim)];
  const stem = conv(spec.inCh, ch[0]);
  const enc = ch.map((c, l) => block(sides[l], l === 0 ? ch[0] : ch[l - 1], c));
  const mid = Array.from({ length: spec.mid ?? 1 }, () => block(sides[L - 1], ch[L - 1], ch[L - 1]));
  const dec: UNetPlan['dec'] = [];
  for (let l = L - 2; l >= 0; l--) dec.push({ level: l, up: dense(ch[l + 1], ch[l]), block: block(sides[l], ch[l], ch[l]) });
  const headGn = gn(ch[0]);
  const head = conv(ch[0], spec.outCh);
  // the embedding's last layer (one bias per block) is sized by the blocks: it goes last
  emb.push(dense(spec.embDim, embCol));
  return { spec, sides, emb, embOut: embCol, stem, enc, mid, dec, headGn, head, size: off };
}

export function unetParamCount(spec: UNetSpec): number {
  return unetPlan(spec).size;
}

/**
 * Forward FLOPs per sample: 2 x multiply-adds of the convolutions and dense layers
 * (`macs`), plus an estimate of the element-wise work (group norm about 8 per element,
 * SiLU 4, pooling / up-sampling / residual adds 1); the backward pass costs about twice
 * the forward (input and weight gradients).
 */
export function unetFlops(spec: UNetSpec): { matmul: number; elementwise: number; total: number } {
  const p = unetPlan(spec);
  let mm = 0, ew = 0;
  const convF = (c: ConvP, side: number) => 2 * 9 * c.cin * c.cout * side * side;
  for (const d of p.emb) mm += 2 * d.in * d.out;
  mm += convF(p.stem, spec.side);
  const blockF = (b: BlockP) => {
    const px = b.side * b.side;
    mm += convF(b.conv1, b.side) + convF(b.conv2, b.side) + (b.proj ? 2 * b.cin * b.cout * px : 0);
    ew += px * (12 * b.cin + 12 * b.cout + 2 * b.cout + (b.filmCol === null ? 0 : 2 * b.cout));
  };
  p.enc.forEach((b, l) => { blockF(b); if (l < p.enc.length - 1) ew += b.side * b.side * b.cout; });
  p.mid.forEach(blockF);
  for (const d of p.dec) {
    const lo = p.sides[d.level + 1];
    mm += 2 * d.up.in * d.up.out * lo * lo;
    ew += p.sides[d.level] ** 2 * d.up.out;
    blockF(d.block);
  }
  mm += convF(p.head, spec.side);
  ew += 12 * spec.side * spec.side * spec.channels[0];
  return { matmul: mm, elementwise: ew, total: mm + ew };
}

export interface UNetInitOptions {
  /**
   * Zero the last conv of every ResBlock and the head (default true): each block starts as
   * its skip path and the network output starts at 0, so D(x, sigma) = c_skip x at step 0.
   */
  zeroOut?: boolean;
}

/** PyTorch-style defaults: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases; GN gamma 1, beta 0. */
export function initUNetWeights(spec: UNetSpec, seed: number, opts: UNetInitOptions = {}): Float32Array {
  const p = unetPlan(spec);
  const out = new Float32Array(p.size);
  const rng = new Rng(seed, 0x0e7);
  const fill = (off: number, n: number, fanIn: number) => out.set(rng.uniform(n, -1 / Math.sqrt(fanIn), 2 / Math.sqrt(fanIn)), off);
  const zero = opts.zeroOut ?? true;
  const dense = (d: DenseP) => fill(d.off, d.in * d.out + d.out, d.in);
  const conv = (c: ConvP, z = false) => { if (!z) fill(c.off, conv3x3Size(c.cin, c.cout), 9 * c.cin); };
  const gn = (g: GnP) => out.fill(1, g.off, g.off + g.c);
  const block = (b: BlockP) => {
    gn(b.gn1); conv(b.conv1); gn(b.gn2); conv(b.conv2, zero);
    if (b.proj) dense(b.proj);
  };
  p.emb.forEach(dense);
  conv(p.stem);
  [...p.enc, ...p.mid].forEach(block);
  p.dec.forEach((d) => { dense(d.up); block(d.block); });
  gn(p.headGn);
  conv(p.head, zero);
  return out;
}

/** The MNIST default (docs/mnist.md explains the sizing). */
export const MNIST_UNET: UNetSpec = {
  side: 28, inCh: 1, outCh: 1, channels: [16, 32, 64], groups: 8, mid: 1,
  fourier: { F: 8, fmin: 0.25, fmax: 8 }, embDim: 64,
};
