/** Where a teacher comes from: the shipped pretrained models under public/models/. */
import type { RunConfig } from '../src/config/schema';
import type { DenoiserSpec } from '../src/diffusion/denoiser';

export async function loadPretrainedTeacher(config: RunConfig, spec: DenoiserSpec): Promise<{ spec: DenoiserSpec; weights: Float32Array }> {
  void spec;
  throw new Error(`no pretrained teacher is shipped for '${config.dataset}' yet`);
}
