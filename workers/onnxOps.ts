/**
 * ONNX in the worker: export any network of the run (student, fake score, teacher, any
 * checkpoint of the degradation path), import a teacher, and sample the exported student
 * with onnxruntime-web next to the engine's own samples for the same z.
 */
import type { RunConfig } from '../src/config/schema';
import type { Backend } from '../src/engine/backend';
import { Rng } from '../src/engine/philox';
import type { DenoiserSpec } from '../src/diffusion/denoiser';
import { GeneratorWorkspace } from '../src/distill/generator';
import type { Race } from '../src/distill/race';
import { exportDenoiser, exportGenerator, importDenoiser, OnnxImportError, runGeneratorOnnx } from '../src/onnx';
import type { ModelRef, OnnxCheck } from './api';

/** ONNX export and the onnxruntime check cover the MLP denoisers; the MNIST U-Net is refused by name. */
export function refuseOnnxFor(spec: DenoiserSpec): void {
  if (spec.unet) throw new Error('ONNX export covers the 2-D MLP denoisers only: the MNIST U-Net (convolutions, group norm, pooling) is not exported yet.');
}

export async function exportModel(race: Race, config: RunConfig, spec: DenoiserSpec, ref: ModelRef): Promise<{ bytes: Uint8Array; filename: string }> {
  const base = { dataset: config.dataset, seed: config.seed };
  const ds = config.dataset;
  if (ref.kind === 'teacher') {
    return { bytes: exportDenoiser(spec, await race.teacher.read(), { ...base, role: 'teacher' }), filename: `${ds}-teacher.onnx` };
  }
  if (ref.kind === 'checkpoint') {
    const cks = race.path?.checkpoints ?? [];
    if (!Number.isInteger(ref.index) || ref.index < 0 || ref.index > cks.length) throw new Error(`no checkpoint ${ref.index} on this path (0..${cks.length})`);
    const p = ref.index === 0 ? race.teacher : cks[ref.index - 1];
    const step = ref.index === 0 ? 0 : race.path!.steps[ref.index - 1];
    return { bytes: exportDenoiser(spec, await p.read(), { ...base, role: `checkpoint ${ref.index}`, trainingSteps: step }), filename: `${ds}-checkpoint-${ref.index}.onnx` };
  }
  const r = race.racers.find((x) => x.def.id === ref.method);
  if (!r) throw new Error(`method ${ref.method} is not in this race`);
  if (ref.kind === 'fake') {
    return { bytes: exportDenoiser(spec, await r.phi.read(), { ...base, role: `fake score (${r.def.id})`, trainingSteps: r.steps }), filename: `${ds}-${r.def.id}-fake-score.onnx` };
  }
  return {
    bytes: exportGenerator(spec, await r.eta.read(), config.distill.sigmaInit, { ...base, role: `student (${r.def.id})`, trainingSteps: r.steps }),
    filename: `${ds}-${r.def.id}-student.onnx`,
  };
}

/** Validate an uploaded teacher; throws a readable error and changes nothing when refused. */
export function importTeacher(bytes: Uint8Array, expectDim: number): { spec: DenoiserSpec; weights: Float32Array; summary: string } {
  let m;
  try {
    m = importDenoiser(bytes);
  } catch (e) {
    if (e instanceof OnnxImportError) throw new Error(`This .onnx file was refused: ${e.message}`);
    throw new Error(`This .onnx file could not be read: ${(e as Error).message}`);
  }
  if (m.kind !== 'denoiser') throw new Error('This .onnx file holds a one-step generator, not a denoiser: load a teacher (x, sigma) -> D');
  if (m.spec.dim !== expectDim) throw new Error(`This teacher models ${m.spec.dim}-dimensional data, but the current data set has ${expectDim} dimensions`);
  const summary = `${m.metadata.role ?? 'denoiser'} for ${m.metadata.dataset || 'unknown data'}: ${m.spec.hidden.length}x${m.spec.hidden[0] ?? 0} ${m.spec.act} MLP, sigma_data ${m.spec.edm.sigmaData.toPrecision(3)}`;
  return { spec: m.spec, weights: m.weights, summary };
}

export async function onnxStudentCheck(be: Backend, race: Race, config: RunConfig, spec: DenoiserSpec, method: string, n: number, project?: (x: Float32Array) => Float32Array): Promise<OnnxCheck> {
  const r = race.racers.find((x) => x.def.id === method);
  if (!r) throw new Error(`method ${method} is not in this race`);
  if (!Number.isInteger(n) || n < 1 || n > 4096) throw new Error('n must be 1..4096');
  const { bytes } = await exportModel(race, config, spec, { kind: 'student', method: r.def.id });
  const z = new Rng(config.seed, 0x0a1).normal(n * spec.dim);
  const res = await runGeneratorOnnx(bytes, z, n, spec.dim, true);
  const gen = new GeneratorWorkspace(be, spec, n, config.distill.sigmaInit, 'onnx.gen');
  try {
    const zs = be.createBuffer(n * spec.dim, 'onnx.z');
    be.write(zs, z.map((v) => v * config.distill.sigmaInit));
    gen.forwardFixed(r.eta, zs);
    const engine = await be.read(gen.den.D);
    be.destroyBuffer(zs);
    let maxAbsDiff = 0;
    for (let i = 0; i < engine.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(engine[i] - res.samples[i]));
    const p = project ?? ((x: Float32Array) => x);
    return { provider: res.provider, ms: res.ms, loadMs: res.loadMs, n, onnxSamples: p(res.samples), engineSamples: p(engine), maxAbsDiff, bytes: bytes.length };
  } finally {
    gen.destroy();
  }
}
