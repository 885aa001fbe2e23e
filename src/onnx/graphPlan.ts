/**
 * The one graph structure the playground writes (and the only one it reads back): the EDM
 * denoiser D(x, sigma) = c_skip x + c_out F(c_in x, c_noise) in standard ONNX ops, and the
 * one-step generator G(z) = D(sigma_init z, sigma_init). The plan lists nodes, inputs,
 * outputs, constant initialisers (with their exact f32 values) and where each weight
 * initialiser sits in the engine's flat parameter layout. The exporter materialises it;
 * the importer compares a file against it.
 */
import { type DenoiserSpec, mlpSpecOf } from '../diffusion/denoiser';
import { fourierFreq32, fourierRatio } from '../engine/kernels/fourier';
import { mlpLayout } from '../engine/nn/mlp';
import type { OnnxModelKind } from './metadata';

export const OPSET = 17;
export const IR_VERSION = 8;
export const SUPPORTED_OPS = ['Add', 'Concat', 'Cos', 'Div', 'Expand', 'Log', 'MatMul', 'Mul', 'Relu', 'Shape', 'Sigmoid', 'Sin', 'Sqrt', 'Transpose'] as const;
/** Opsets whose semantics for these ops equal opset 17's (Shape's start/end need 15). */
export const OPSET_MIN = 15;
export const OPSET_MAX = 23;

/** 'N' is the symbolic batch dimension. */
export type Dim = number | 'N';
export interface PlanIo { name: string; dims: Dim[] }
/** Integer attributes, in file order. */
export type PlanAttrs = [string, number][];
export interface PlanNode { op: string; inputs: string[]; outputs: string[]; attrs: PlanAttrs }
export interface PlanConst { name: string; dims: number[]; values: Float32Array }
export interface PlanWeight { name: string; dims: number[]; offset: number; length: number }
export interface GraphPlan {
  kind: OnnxModelKind;
  name: string;
  inputs: PlanIo[];
  outputs: PlanIo[];
  nodes: PlanNode[];
  consts: PlanConst[];
  weights: PlanWeight[];
  /** Length of the engine's flat weight vector. */
  size: number;
}

const f32 = Math.fround;

/** Initialiser names, in file order, with their shapes (no values: cheap to compute). */
export function planGraph(kind: OnnxModelKind, spec: DenoiserSpec, sigmaInit: number | null): GraphPlan {
  const d = spec.dim;
  const { F, fmin, fmax } = spec.fourier;
  const sd = spec.edm.sigmaData;
  const ratio = fourierRatio(F, fmin, fmax);
  const freqs = new Float32Array(F);
  for (let k = 0; k < F; k++) freqs[k] = fourierFreq32(k, fmin, ratio);
  const consts: PlanConst[] = [
    { name: 'edm.sigma_data', dims: [], values: Float32Array.of(f32(sd)) },
    { name: 'edm.sigma_data_sq', dims: [], values: Float32Array.of(f32(sd * sd)) },
    { name: 'edm.one', dims: [], values: Float32Array.of(1) },
    { name: 'edm.quarter', dims: [], values: Float32Array.of(0.25) },
    { name: 'fourier.freqs', dims: [1, F], values: freqs },
    { name: 'fourier.tau', dims: [], values: Float32Array.of(f32(2 * Math.PI)) },
  ];
  const nodes: PlanNode[] = [];
  const node = (op: string, inputs: string[], output: string, attrs: PlanAttrs = []) => {
    nodes.push({ op, inputs, outputs: [output], attrs });
    return output;
  };

  let x: string;
  let sigma: string;
  let inputs: PlanIo[];
  let outputs: PlanIo[];
  if (kind === 'generator') {
    if (sigmaInit === null || !(sigmaInit > 0) || !Number.isFinite(sigmaInit)) throw new Error('a generator needs a positive finite sigma_init');
    consts.push({ name: 'gen.sigma_init', dims: [1, 1], values: Float32Array.of(f32(sigmaInit)) });
    inputs = [{ name: 'z', dims: ['N', d] }];
    outputs = [{ name: 'sample', dims: ['N', d] }];
    x = node('Mul', ['z', 'gen.sigma_init'], 'gen.x');
    // sigma [N, 1] filled with sigma_init: [1, 1] expanded to [1, N] by the batch size, transposed
    const batch = node('Shape', ['z'], 'gen.batch', [['start', 0], ['end', 1]]);
    const row = node('Expand', ['gen.sigma_init', batch], 'gen.sigma_row');
    sigma = node('Transpose', [row], 'gen.sigma');
  } else {
    inputs = [{ name: 'x', dims: ['N', d] }, { name: 'sigma', dims: ['N', 1] }];
    outputs = [{ name: 'D', dims: ['N', d] }];
    x = 'x';
    sigma = 'sigma';
  }

  // EDM preconditioning
  const s2 = node('Mul', [sigma, sigma], 'edm.sigma_sq');
  const den = node('Add', [s2, 'edm.sigma_data_sq'], 'edm.denominator');
  const rt = node('Sqrt', [den], 'edm.sqrt_denominator');
  const cIn = node('Div', ['edm.one', rt], 'edm.c_in');
  const cSkip = node('Div', ['edm.sigma_data_sq', den], 'edm.c_skip');
  const ssd = node('Mul', [sigma, 'edm.sigma_data'], 'edm.sigma_times_sd');
  const cOut = node('Div', [ssd, rt], 'edm.c_out');
  const logS = node('Log', [sigma], 'edm.log_sigma');
  const cNoise = node('Mul', [logS, 'edm.quarter'], 'edm.c_noise');
  const xin = node('Mul', [x, cIn], 'net.x_in');
  // Fourier embedding of c_noise: phase in turns f_k c (one f32 product, as the engine), then 2 pi
  const turns = node('Mul', [cNoise, 'fourier.freqs'], 'fourier.turns');
  const angle = node('Mul', [turns, 'fourier.tau'], 'fourier.angle');
  const cos = node('Cos', [angle], 'fourier.cos');
  const sin = node('Sin', [angle], 'fourier.sin');
  let h = node('Concat', [xin, cos, sin], 'net.h0', [['axis', 1]]);

  // the MLP F
  const { layers, size } = mlpLayout(mlpSpecOf(spec));
  const weights: PlanWeight[] = [];
  layers.forEach((L, l) => {
    const last = l === layers.length - 1;
    weights.push({ name: `net.${l}.W`, dims: [L.in, L.out], offset: L.w, length: L.in * L.out });
    weights.push({ name: `net.${l}.b`, dims: [L.out], offset: L.b, length: L.out });
    const mm = node('MatMul', [h, `net.${l}.W`], `net.${l}.matmul`);
    const pre = node('Add', [mm, `net.${l}.b`], last ? 'net.F' : `net.${l}.pre`);
    if (last || spec.act === 'none') h = pre;
    else if (spec.act === 'relu') h = node('Relu', [pre], `net.h${l + 1}`);
    else h = node('Mul', [pre, node('Sigmoid', [pre], `net.${l}.sigmoid`)], `net.h${l + 1}`);
  });

  // D = c_skip x + c_out F
  const skip = node('Mul', [x, cSkip], 'edm.skip');
  const scaled = node('Mul', [h, cOut], 'edm.scaled');
  node('Add', [skip, scaled], outputs[0].name);

  return { kind, name: kind === 'generator' ? 'disback_generator' : 'disback_denoiser', inputs, outputs, nodes, consts, weights, size };
}

/** A one-line signature of a node, for comparisons and error messages. */
export function nodeSignature(op: string, inputs: readonly string[], outputs: readonly string[], attrs: PlanAttrs): string {
  const a = attrs.map(([k, v]) => `${k}=${v}`).join(', ');
  return `${op}(${inputs.join(', ')}) -> ${outputs.join(', ')}${a ? ` [${a}]` : ''}`;
}
