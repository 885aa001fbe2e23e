/** A grayscale PNG of a grid of 28x28 digits in [-1, 1] (for looking at samples; Node only). */
import { deflateSync } from 'node:zlib';
import { crc32 } from '../../src/models/crc32';

export function digitGridPng(images: Float32Array, cols: number, count = Math.floor(images.length / 784), scale = 2): Uint8Array {
  const rows = Math.ceil(count / cols), W = cols * 29 * scale, H = rows * 29 * scale;
  const raw = new Uint8Array(H * (W + 1));
  for (let y = 0; y < H; y++) {
    raw[y * (W + 1)] = 0;
    for (let x = 0; x < W; x++) {
      const cx = Math.floor(x / scale), cy = Math.floor(y / scale);
      const i = Math.floor(cy / 29) * cols + Math.floor(cx / 29), px = cx % 29, py = cy % 29;
      let v = 64;
      if (i < count && px < 28 && py < 28) v = Math.round(Math.min(Math.max((images[i * 784 + py * 28 + px] + 1) * 127.5, 0), 255));
      raw[y * (W + 1) + 1 + x] = v;
    }
  }
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length), dv = new DataView(out.buffer);
    dv.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    dv.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
    return out;
  };
  const ihdr = new Uint8Array(13), dv = new DataView(ihdr.buffer);
  dv.setUint32(0, W); dv.setUint32(4, H); ihdr[8] = 8; ihdr[9] = 0;
  const parts = [Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))];
  const png = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) { png.set(p, o); o += p.length; }
  return png;
}
