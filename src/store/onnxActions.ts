/**
 * ONNX from the page: export a network of the run, and sample the exported student with
 * onnxruntime-web beside the engine. Loading a teacher is part of the pipeline (session.ts).
 */
import type { ModelRef, OnnxCheck } from '../../workers/api';
import type { MethodId } from '../config/schema';
import { getApi } from './session';

/** Stages in which the worker holds a race whose networks can be exported. */
const EXPORTABLE = new Set(['ready', 'racing', 'paused', 'done']);

export function canExport(stage: string, busy: boolean): boolean {
  return !busy && EXPORTABLE.has(stage);
}

function api() {
  const a = getApi();
  if (!a) throw new Error('The trainer is not running yet.');
  return a;
}

export async function exportOnnx(ref: ModelRef): Promise<{ bytes: Uint8Array; filename: string }> {
  return api().exportOnnx(ref);
}

/** Pauses the race (the worker does), exports the student and runs it both ways on the same z. */
export async function onnxStudentCheck(method: MethodId, n: number): Promise<OnnxCheck> {
  return api().onnxStudentCheck(method, n);
}
