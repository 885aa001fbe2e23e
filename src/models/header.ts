/**
 * The JSON header of a model file: what the weights are (kind, dtype, count), the
 * architecture that gives them meaning (a DenoiserSpec), and where they came from
 * (metadata). Validated strictly: unknown spec keys are refused (they would change the
 * meaning of the weights); metadata may carry extra keys.
 */
import { z } from '../config/zodSetup';
import type { DenoiserSpec } from '../diffusion/denoiser';

export const MODEL_KINDS = ['denoiser', 'generator'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];
export const DTYPES = ['f32', 'f16'] as const;
export type WeightDtype = (typeof DTYPES)[number];

const posInt = (max: number) => z.number().int().min(1).max(max);
const finite = z.number().finite();
const positive = finite.gt(0);

export const denoiserSpecSchema = z
  .object({
    dim: posInt(65536),
    hidden: z.array(posInt(65536)).min(1).max(32),
    act: z.enum(['none', 'silu', 'relu']),
    fourier: z
      .object({ F: posInt(4096), fmin: positive, fmax: positive })
      .strict()
      .refine((f) => f.fmax >= f.fmin, { message: 'fmax must be >= fmin' }),
    edm: z
      .object({ sigmaData: positive, sigmaMin: positive, sigmaMax: positive, pMean: finite, pStd: positive, rho: positive })
      .strict()
      .refine((e) => e.sigmaMax > e.sigmaMin, { message: 'sigmaMax must be > sigmaMin' }),
    /** MNIST: the raw network is this U-Net (src/engine/nn/unetSpec.ts) instead of the MLP */
    unet: z
      .object({
        side: posInt(1024), inCh: posInt(64), outCh: posInt(64),
        channels: z.array(posInt(1024)).min(1).max(8),
        groups: posInt(1024), mid: z.number().int().min(0).max(16).optional(),
        fourier: z.object({ F: posInt(4096), fmin: positive, fmax: positive }).strict(),
        embDim: posInt(4096),
        film: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const modelMetadataSchema = z.looseObject({
  /** a toy set name, 'points', ... */
  dataset: z.string().min(1).max(200),
  sigmaData: positive,
  /** one-step generators only: G(z) = D(sigmaInit z, sigmaInit) */
  sigmaInit: positive.optional(),
  seed: z.number().int().min(0).max(2 ** 53),
  /** the seed of the data draw (and of the embedding map when embedDim > 2) */
  dataSeed: z.number().int().min(0).max(2 ** 53).optional(),
  trainingSteps: z.number().int().min(0),
  embedDim: z.number().int().min(1).max(65536),
  createdBy: z.string().min(1).max(500),
});

export type ModelMetadata = z.infer<typeof modelMetadataSchema>;

export const modelHeaderSchema = z
  .object({
    kind: z.enum(MODEL_KINDS),
    dtype: z.enum(DTYPES),
    count: z.number().int().min(1),
    spec: denoiserSpecSchema,
    metadata: modelMetadataSchema,
  })
  .strict();

export interface ModelHeader {
  kind: ModelKind;
  dtype: WeightDtype;
  count: number;
  spec: DenoiserSpec;
  metadata: ModelMetadata;
}
