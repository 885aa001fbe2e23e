/**
 * Grow a trained U-Net: double the channels of its lowest level without changing the function
 * it computes (Net2Net-style widening), so that training can go on with more capacity where
 * the digit's shape is decided instead of starting over.
 *
 * Every lowest-level channel i becomes two copies, placed so that each group-norm group of the
 * wide network holds exactly the two copies of one old group (the same mean and variance, hence
 * the same normalised values). A layer that reads widened channels splits each old weight
 * between the two copies as s and 1 - s, s ~ U(0.25, 0.75) drawn per weight: the sum over
 * the copies is the old weight, so the output is unchanged, while the two copies of a channel
 * get different incoming weights and hence different gradients (no symmetry to get stuck in).
 * Layers that write widened channels copy their weights; the embedding's per-block biases are
 * copied too. The same seed gives the same split, so parameters and their EMA widen alike.
 */
import { Rng } from '../philox';
import { type BlockP, type ConvP, type DenseP, gnGroups, type GnP, unetPlan, type UNetSpec } from './unetSpec';

/** Index map of one dimension: new index -> old index (identity when `wide` is false). */
interface DimMap { n: number; old: (j: number) => number; wide: boolean }

export function widenLowestLevel(spec: UNetSpec, weights: Float32Array, seed: number): { spec: UNetSpec; weights: Float32Array } {
  const L = spec.channels.length, C = spec.channels[L - 1];
  if (L < 2) throw new Error('widening needs a U-Net with at least two levels');
  if (spec.film) throw new Error('widening is not implemented for a U-Net with FiLM conditioning');
  const G = gnGroups(C, spec.groups);
  if (gnGroups(2 * C, spec.groups) !== G) throw new Error(`widening ${C} -> ${2 * C} channels would change the group-norm groups (${G} -> ${gnGroups(2 * C, spec.groups)})`);
  const wide: UNetSpec = { ...spec, channels: [...spec.channels.slice(0, L - 1), 2 * C], fourier: { ...spec.fourier } };
  const p = unetPlan(spec), q = unetPlan(wide);
  if (weights.length !== p.size) throw new Error(`expected ${p.size} weights, got ${weights.length}`);
  const out = new Float32Array(q.size);
  const rng = new Rng(seed, 0x91de);
  const cg = C / G;
  const same = (n: number): DimMap => ({ n, old: (j) => j, wide: false });
  // group g of the wide layer: the old group's cg channels, then their copies
  const dup: DimMap = { n: 2 * C, old: (j) => Math.floor(j / (2 * cg)) * cg + (j % (2 * cg)) % cg, wide: true };
  const isFirstCopy = (j: number) => j % (2 * cg) < cg;
  const twin = (j: number) => (isFirstCopy(j) ? j + cg : j - cg);

  /** taps x [rows, cols] row-major matrix then [cols] bias; rows are inputs, cols outputs. */
  const matrix = (oOff: number, nOff: number, taps: number, rows: DimMap, cols: DimMap, oldCols: number) => {
    const oldRows = rows.wide ? rows.n / 2 : rows.n;
    const split = rows.wide ? rng.uniform(taps * rows.n * cols.n, 0.25, 0.5) : null;
    for (let t = 0; t < taps; t++)
      for (let j = 0; j < rows.n; j++)
        for (let k = 0; k < cols.n; k++) {
          const w = weights[oOff + (t * oldRows + rows.old(j)) * oldCols + cols.old(k)];
          // both copies of an input row read the same s: the first gets s, its twin 1 - s
          const s = split ? split[(t * rows.n + (isFirstCopy(j) ? j : twin(j))) * cols.n + k] : 1;
          out[nOff + (t * rows.n + j) * cols.n + k] = split && !isFirstCopy(j) ? w * (1 - s) : w * s;
        }
    const ob = oOff + taps * oldRows * oldCols, nb = nOff + taps * rows.n * cols.n;
    for (let k = 0; k < cols.n; k++) out[nb + k] = weights[ob + cols.old(k)];
  };
  const conv = (a: ConvP, b: ConvP, rows: DimMap, cols: DimMap) => matrix(a.off, b.off, 9, rows, cols, a.cout);
  const dense = (a: DenseP, b: DenseP, rows: DimMap, cols: DimMap) => matrix(a.off, b.off, 1, rows, cols, a.out);
  const gn = (a: GnP, b: GnP, m: DimMap) => {
    for (let j = 0; j < m.n; j++) {
      out[b.off + j] = weights[a.off + m.old(j)];
      out[b.off + m.n + j] = weights[a.off + a.c + m.old(j)];
    }
  };
  const block = (a: BlockP, b: BlockP, inM: DimMap, outM: DimMap) => {
    gn(a.gn1, b.gn1, inM);
    conv(a.conv1, b.conv1, inM, outM);
    gn(a.gn2, b.gn2, outM);
    conv(a.conv2, b.conv2, outM, outM);
    if (a.proj && b.proj) dense(a.proj, b.proj, inM, outM);
    else if (b.proj) {
      // the old block's skip was the identity (cin = C); the wide one projects C -> 2C: copy each channel
      for (let k = 0; k < outM.n; k++) out[b.proj.off + outM.old(k) * outM.n + k] = 1;
    }
  };

  const cIn = spec.channels[L - 2];
  dense(p.emb[0], q.emb[0], same(p.emb[0].in), same(p.emb[0].out));
  dense(p.emb[1], q.emb[1], same(p.emb[1].in), same(p.emb[1].out));
  conv(p.stem, q.stem, same(p.stem.cin), same(p.stem.cout));
  p.enc.forEach((a, l) => (l < L - 1 ? block(a, q.enc[l], same(a.cin), same(a.cout)) : block(a, q.enc[l], same(cIn), dup)));
  p.mid.forEach((a, i) => block(a, q.mid[i], dup, dup));
  p.dec.forEach((d, i) => {
    dense(d.up, q.dec[i].up, d.level === L - 2 ? dup : same(d.up.in), same(d.up.out));
    block(d.block, q.dec[i].block, same(d.block.cin), same(d.block.cout));
  });
  gn(p.headGn, q.headGn, same(p.headGn.c));
  conv(p.head, q.head, same(p.head.cin), same(p.head.cout));
  // the embedding's output layer: each block's bias columns, widened where the block is
  const blocks = (x: typeof p) => [...x.enc, ...x.mid, ...x.dec.map((d) => d.block)];
  const oldBlocks = blocks(p), newBlocks = blocks(q);
  const eo = p.emb[2], en = q.emb[2];
  const colOld = new Int32Array(en.out);
  newBlocks.forEach((b, i) => {
    const m = b.cout === oldBlocks[i].cout ? same(b.cout) : dup;
    for (let k = 0; k < b.cout; k++) colOld[b.embCol + k] = oldBlocks[i].embCol + m.old(k);
  });
  dense(eo, en, same(eo.in), { n: en.out, old: (k) => colOld[k], wide: false });
  return { spec: wide, weights: out };
}
