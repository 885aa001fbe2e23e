import { OnnxImportError } from './errors';
import type { Int64 } from './schema';

/** An int64 field as a safe JS integer (protobufjs yields a number or a Long-like object). */
export function toSafeInt(v: Int64 | null | undefined, what: string): number {
  let x: number;
  if (v === null || v === undefined) x = 0;
  else if (typeof v === 'number') x = v;
  else if (typeof v === 'object' && typeof v.low === 'number' && typeof v.high === 'number') {
    x = v.unsigned ? (v.high >>> 0) * 4294967296 + (v.low >>> 0) : (v.high | 0) * 4294967296 + (v.low >>> 0);
  } else throw new OnnxImportError(`${what} is not an integer`);
  if (!Number.isSafeInteger(x)) throw new OnnxImportError(`${what} (${x}) is out of range`);
  return x;
}
