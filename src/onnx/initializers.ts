/**
 * Reads a graph's initialisers into float32 arrays, refusing anything that is not a plain,
 * embedded, finite float32 tensor whose dims match its data.
 */
import { OnnxImportError, shown } from './errors';
import { toSafeInt } from './int64';
import { DATA_LOCATION_EXTERNAL, DataType, type Tensor } from './schema';

export interface ReadTensor {
  name: string;
  dims: number[];
  values: Float32Array;
}

const fmtDims = (d: readonly number[]) => `[${d.join(', ')}]`;

export function readInitializers(list: Tensor[], maxValues: number): Map<string, ReadTensor> {
  const out = new Map<string, ReadTensor>();
  for (const t of list) {
    const name = t.name;
    const label = `initializer '${shown(name)}'`;
    if (!name) throw new OnnxImportError('an initializer has no name');
    if (out.has(name)) throw new OnnxImportError(`${label} is defined twice`);
    if ((t.external_data?.length ?? 0) > 0 || t.data_location === DATA_LOCATION_EXTERNAL) throw new OnnxImportError(`${label} uses external data files (not supported: weights must be embedded)`);
    if (t.data_type !== DataType.FLOAT) throw new OnnxImportError(`${label} has data type ${t.data_type}; only float32 (1) is supported`);
    if ((t.int32_data?.length ?? 0) > 0 || (t.int64_data?.length ?? 0) > 0) throw new OnnxImportError(`${label} carries integer data in a float32 tensor`);
    const dims = t.dims.map((d, i) => {
      const v = toSafeInt(d, `${label} dimension ${i}`);
      if (v < 0) throw new OnnxImportError(`${label} has a negative dimension ${v}`);
      return v;
    });
    let count = 1;
    for (const d of dims) {
      count *= d;
      if (count > maxValues) throw new OnnxImportError(`${label} declares dims ${fmtDims(dims)}, more values than the file can hold`);
    }
    const raw = t.raw_data && t.raw_data.length > 0 ? t.raw_data : null;
    const fl = t.float_data ?? [];
    if (raw && fl.length > 0) throw new OnnxImportError(`${label} has both raw_data and float_data`);
    const held = raw ? raw.length / 4 : fl.length;
    if (held !== count) throw new OnnxImportError(`${label}: dims ${fmtDims(dims)} need ${count} values but the data holds ${held}${raw && raw.length % 4 ? ` (${raw.length} bytes)` : ''}`);
    const values = new Float32Array(count);
    if (raw) {
      const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let i = 0; i < count; i++) values[i] = dv.getFloat32(4 * i, true);
    } else values.set(fl);
    for (let i = 0; i < count; i++) {
      if (!Number.isFinite(values[i])) throw new OnnxImportError(`${label} contains a non-finite value (${values[i]}) at index ${i}`);
    }
    out.set(name, { name, dims, values });
  }
  return out;
}
