/** Model files on disk for the CLI (the format itself lives in src/models/format.ts). */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { decodeModel, type DecodedModel, encodeModel, MAX_MODEL_BYTES, type Model, ModelFormatError, type WeightDtype } from '../models/format';
import { UsageError } from './args';

export function readModelFile(path: string, flag = '--model'): DecodedModel {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new UsageError(`${flag}: ${path} does not exist`);
  }
  if (size > MAX_MODEL_BYTES) throw new ModelFormatError(`${path}: the model file is too large: ${size} bytes, the limit is ${MAX_MODEL_BYTES}`);
  try {
    return decodeModel(new Uint8Array(readFileSync(path)));
  } catch (e) {
    if (e instanceof ModelFormatError) throw new ModelFormatError(`${path}: ${e.message}`);
    throw e;
  }
}

export function writeModelFile(path: string, model: Model, dtype: WeightDtype): number {
  const bytes = encodeModel(model, { dtype });
  writeFileSync(path, bytes);
  return bytes.length;
}
