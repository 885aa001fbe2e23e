/** Build model-file bytes by hand (for the reader's error tests). */
import { crc32 } from '../../src/models/crc32';
import { MODEL_MAGIC } from '../../src/models/format';

export interface CraftOptions {
  magic?: Uint8Array;
  version?: number;
  /** raw header text (default JSON.stringify(header)) */
  headerText?: string;
  /** override the declared header length */
  headerLength?: number;
  /** skip the checksum (write 0) */
  badCrc?: boolean;
}

export function craft(header: unknown, weightBytes: Uint8Array, o: CraftOptions = {}): Uint8Array {
  const json = o.headerText !== undefined ? new TextEncoder().encode(o.headerText) : new TextEncoder().encode(JSON.stringify(header));
  const pad = (4 - (json.length % 4)) % 4;
  const total = 12 + json.length + pad + weightBytes.length + 4;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set(o.magic ?? MODEL_MAGIC, 0);
  dv.setUint32(4, o.version ?? 1, true);
  dv.setUint32(8, o.headerLength ?? json.length, true);
  out.set(json, 12);
  out.set(weightBytes, 12 + json.length + pad);
  dv.setUint32(total - 4, o.badCrc ? 0 : crc32(out, 0, total - 4), true);
  return out;
}

export function f32Bytes(w: Float32Array): Uint8Array {
  const b = new Uint8Array(w.length * 4);
  const dv = new DataView(b.buffer);
  w.forEach((v, i) => dv.setFloat32(4 * i, v, true));
  return b;
}
