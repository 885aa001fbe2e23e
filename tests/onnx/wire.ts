/** Hand-made protobuf bytes and decoded-model edits for the refusal tests. */
import { ModelProtoType } from '../../src/onnx/schema';

export function varint(n: number | bigint): number[] {
  let v = BigInt(n);
  if (v < 0n) v += 1n << 64n;
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}

/** A length-delimited field. */
export function ld(id: number, payload: ArrayLike<number>): number[] {
  return [...varint((id << 3) | 2), ...varint(payload.length), ...Array.from(payload)];
}

/** `depth` levels of field `id` (length-delimited) nested in each other, built without quadratic copying. */
export function nested(id: number, depth: number): Uint8Array {
  const tag = varint((id << 3) | 2);
  const lens: number[] = [0];
  for (let k = 1; k < depth; k++) lens.push(lens[k - 1] + tag.length + varint(lens[k - 1]).length);
  const out: number[] = [];
  for (let k = depth - 1; k >= 0; k--) out.push(...tag, ...varint(lens[k]));
  return Uint8Array.from(out);
}

export type Obj = any;

/** Decode, edit as a plain object, encode again. */
export function edit(bytes: Uint8Array, fn: (m: Obj) => void): Uint8Array {
  const m = ModelProtoType.toObject(ModelProtoType.decode(new Uint8Array(bytes)), { longs: Number }); // a copy: decoded bytes fields are views
  fn(m);
  return ModelProtoType.encode(ModelProtoType.fromObject(m)).finish();
}

export function f32Bytes(values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const dv = new DataView(out.buffer);
  values.forEach((v, i) => dv.setFloat32(4 * i, v, true));
  return out;
}
