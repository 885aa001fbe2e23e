/**
 * TEST DOUBLE data for MNIST screenshots: 28x28 "digits" drawn from a 3x5 bitmap font
 * (each font pixel a 6x4 block, softened), mixed with noise as a student improves. Values
 * in [-1, 1] like the real pool. Never shipped.
 */
const FONT = ['111101101101111', '010110010010111', '111001111100111', '111001111001111', '101101111001001', '111100111001111', '111100111101111', '111001001001001', '111101111101111', '111101111001111'];

export const DIGIT_DIM = 784;

/** One glyph of class c, [784] in [-1, 1], shifted by (dx, dy) pixels. */
function glyph(c: number, dx: number, dy: number, out: Float32Array, off: number): void {
  const f = FONT[c % 10];
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const fx = Math.floor((x - 5 - dx) / 6);
      const fy = Math.floor((y - 4 - dy) / 4);
      const on = fx >= 0 && fx < 3 && fy >= 0 && fy < 5 && f[fy * 3 + fx] === '1';
      out[off + y * 28 + x] = on ? 1 : -1;
    }
  }
}

/** n digits at quality t (0 = noise, 1 = clean glyphs); classes cycle, or follow `classOf`. */
export function digits(t: number, n: number, rand: () => number, classOf: (i: number) => number = (i) => i % 10): Float32Array {
  const out = new Float32Array(n * DIGIT_DIM);
  for (let i = 0; i < n; i++) {
    glyph(classOf(i), Math.round((rand() - 0.5) * 4), Math.round((rand() - 0.5) * 4), out, i * DIGIT_DIM);
    for (let p = 0; p < DIGIT_DIM; p++) {
      const k = i * DIGIT_DIM + p;
      const noise = Math.max(-1, Math.min(1, -0.6 + 0.9 * (rand() * 2 - 1)));
      out[k] = noise + (out[k] - noise) * t;
    }
  }
  return out;
}

/** A class histogram at quality q: a student that covers more classes as it improves. */
export function classHist(q: number, collapse: boolean): number[] {
  const covered = collapse ? Math.max(3, Math.round(10 * q * 0.7)) : Math.max(4, Math.round(10 * q));
  const h = Array.from({ length: 10 }, (_, c) => (c < covered ? 1 + (c % 3) * 0.3 : 0));
  const s = h.reduce((a, b) => a + b, 0);
  return h.map((v) => v / s);
}
