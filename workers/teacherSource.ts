/** Where a teacher comes from: the shipped pretrained models under public/models/ (trained by the CLI). */
import type { RunConfig } from '../src/config/schema';
import type { DenoiserSpec } from '../src/diffusion/denoiser';
import { loadShippedTeacher } from '../src/models/shipped';

export async function loadPretrainedTeacher(config: RunConfig, spec: DenoiserSpec): Promise<{ spec: DenoiserSpec; weights: Float32Array }> {
  if (config.embedDim !== 2) throw new Error(`no pretrained teacher is shipped for the embedded toy (R^${config.embedDim})`);
  const m = await loadShippedTeacher(config.dataset);
  if (m.spec.dim !== spec.dim) throw new Error(`the shipped teacher for '${config.dataset}' models ${m.spec.dim}-D data, not ${spec.dim}-D`);
  return { spec: m.spec, weights: m.weights };
}
