/** Philox4x32-10 on the CPU, bit-identical to kernels/rng.wgsl. */

function mulhilo(a: number, b: number): [number, number] {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  const hi = (hh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
  return [hi, Math.imul(a, b) >>> 0];
}

export function philox(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array): void {
  for (let r = 0; r < 10; r++) {
    const [hi0, lo0] = mulhilo(0xd2511f53, c0);
    const [hi1, lo1] = mulhilo(0xcd9e8d57, c2);
    const n0 = (hi1 ^ c1 ^ k0) >>> 0;
    const n2 = (hi0 ^ c3 ^ k1) >>> 0;
    c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
    k0 = (k0 + 0x9e3779b9) >>> 0;
    k1 = (k1 + 0xbb67ae85) >>> 0;
  }
  out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
}

/** Uniform in (0, 1) on the midpoints (k + 0.5) / 2^23, exactly the f32 WGSL `to_unit`. */
export function toUnit(w: number): number {
  return ((w >>> 9) + 0.5) * (1 / 8388608);
}

/**
 * a + b u rounded as the GPU does (f32 product, then f32 sum): bit-identical whenever b u
 * is exact in f32 (b = +-1 or any power of two), within 1 ulp otherwise (a GPU may fuse
 * the multiply-add and round once).
 */
export function affineUnit(a: number, b: number, u: number): number {
  return Math.fround(a + Math.fround(b * u));
}

export interface RngParams {
  seed0: number;
  seed1: number;
  stream: number;
  ctrLo: number;
  ctrHi: number;
}

const tmp = new Uint32Array(4);
/** The 4-word block for thread t, as `block(t)` in rng.wgsl. */
export function philoxBlock(p: RngParams, t: number, out: Uint32Array = tmp): Uint32Array {
  const lo = (p.ctrLo + t) >>> 0;
  const carry = lo < p.ctrLo >>> 0 ? 1 : 0;
  philox(lo, (p.ctrHi + carry) >>> 0, p.stream >>> 0, 0, p.seed0 >>> 0, p.seed1 >>> 0, out);
  return out;
}

/**
 * A seeded stream: every draw consumes a range of Philox counters, so the same sequence
 * of draws gives the same numbers on the CPU and on the GPU. `stream` separates
 * independent users of one seed (data, init, noise, projections).
 */
export class Rng {
  private ctr = 0; // counters used so far (< 2^53)
  constructor(readonly seed: number, readonly stream = 0) {}
  /** Reserve `blocks` Philox blocks; returns the kernel parameters for them. */
  take(blocks: number): RngParams {
    const p: RngParams = {
      seed0: this.seed >>> 0,
      seed1: Math.floor(this.seed / 4294967296) >>> 0,
      stream: this.stream >>> 0,
      ctrLo: this.ctr % 4294967296,
      ctrHi: Math.floor(this.ctr / 4294967296),
    };
    this.ctr += blocks;
    return p;
  }
  get counter(): number {
    return this.ctr;
  }
  set counter(c: number) {
    this.ctr = c;
  }
  /** Host-side draws (initialisation, projections), from the same counter sequence. */
  uniform(n: number, a = 0, b = 1): Float32Array {
    const out = new Float32Array(n);
    const p = this.take(Math.ceil(n / 4));
    const w = new Uint32Array(4);
    for (let t = 0; 4 * t < n; t++) {
      philoxBlock(p, t, w);
      for (let j = 0; j < 4 && 4 * t + j < n; j++) out[4 * t + j] = affineUnit(a, b, toUnit(w[j]));
    }
    return out;
  }
  normal(n: number, a = 0, b = 1): Float32Array {
    const out = new Float32Array(n);
    const p = this.take(Math.ceil(n / 4));
    fillNormal(p, n, out, 0, a, b);
    return out;
  }
}

export function fillNormal(p: RngParams, n: number, out: Float32Array, off: number, a: number, b: number): void {
  const w = new Uint32Array(4);
  const v = [0, 0, 0, 0];
  const TAU = 6.283185307179586;
  for (let t = 0; 4 * t < n; t++) {
    philoxBlock(p, t, w);
    const r0 = Math.sqrt(-2 * Math.log(toUnit(w[0])));
    const r1 = Math.sqrt(-2 * Math.log(toUnit(w[2])));
    const a0 = TAU * toUnit(w[1]);
    const a1 = TAU * toUnit(w[3]);
    v[0] = r0 * Math.cos(a0); v[1] = r0 * Math.sin(a0); v[2] = r1 * Math.cos(a1); v[3] = r1 * Math.sin(a1);
    for (let j = 0; j < 4 && 4 * t + j < n; j++) out[off + 4 * t + j] = a + b * v[j];
  }
}
