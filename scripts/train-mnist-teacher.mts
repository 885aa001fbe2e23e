/**
 * Train the MNIST teacher (SPEC "Teacher training"): DSM + Adam + EMA on the 8,000 training
 * digits with TeacherTrainer, on the Dawn/lavapipe WebGPU backend (or the CPU backend).
 * Checkpoints (weights, EMA, Adam moments, RNG counter, step) go to --ckpt every --every
 * steps, at --minutes, on SIGINT/SIGTERM and at the end; --resume continues from one.
 *
 *   nice -n 19 npx tsx --import ./src/engine/node/registerRaw.mjs scripts/train-mnist-teacher.mts \
 *     [--unet small|default] [--channels 8,24,48] [--mid 2] [--film] [--batch 32] [--lr 2e-3] [--ema 0.999] \
 *     [--steps 4000] [--decay-start S --lr-final L] [--sigma-mix M,S [--mix-frac 0.5]] [--minutes 0] [--until N] [--every 100] [--ckpt /tmp/mnist-teacher] [--resume] [--seed 1]
 *   ... scripts/train-mnist-teacher.mts --recipe [--ckpt ...] [--resume]   (the shipped teacher, one command)
 *   ... scripts/train-mnist-teacher.mts --export public/models/mnist.dbm [--f16] [--recipe] [--ckpt ...]
 *
 * --channels / --mid override the U-Net's widths and middle blocks, --film makes the noise level
 * scale and shift every block's second normalised tensor (UNetSpec.film; fresh runs only). With
 * --decay-start S and --lr-final L the learning rate falls linearly from --lr at step S to L at
 * --steps. With --sigma-mix M,S a fraction --mix-frac of the steps (default every other)
 * draws its training noise from ln sigma ~ N(M, S^2) instead of the spec's log-normal
 * (docs/mnist.md: the shipped teacher's third phase, which trains the noise levels that
 * decide a digit's shape more).
 * --recipe follows MNIST_TEACHER_RECIPE (src/diffusion/teacherRecipe.ts): the shipped teacher's
 * U-Net (8-24-48, mid 2), batch 32, EMA 0.999, seed 1 and its phases' learning rates and
 * noise mixes, step by step; --lr/--decay-start/--lr-final/--sigma-mix/--steps do not apply.
 * On --resume the spec, batch, EMA and seed come from the checkpoint; --lr, when given,
 * replaces the checkpoint's learning rate.
 * --until N stops (with a checkpoint) at step N, the schedule unchanged: to run a recipe in pieces.
 * --resume --widen SEED doubles the channels of the checkpoint's lowest U-Net level without
 * changing its function (src/diffusion/teacherWiden.ts; weights and EMA alike, Adam restarts)
 * and trains on from there; the checkpoint written is the wide one (docs/mnist.md: measured
 * on the shipped run, not shipped).
 * --init-from F.dbm starts a fresh run (step 0, Adam from zero) from a model file's weights, as
 * both the weights and their EMA; the network is the file's (no --channels / --mid / --unet):
 * to continue a teacher trained elsewhere, e.g. on a GPU (docs/mnist.md, "An eighth phase").
 * --guide-distill weak.dbm --w W [--gmin A --gmax B] [--gclamp C], with --init-from main.dbm
 * (fresh runs), trains a teacher that carries autoguidance: the DSM target at the noised digit is
 * D_weak + W (D_main - D_weak) instead of the digit, at sigma in [A, B] (D_main elsewhere; default
 * everywhere), clamped to [-C, C] with --gclamp (static thresholding); src/diffusion/guidedTarget.ts,
 * docs/mnist.md "A teacher that carries its guidance" (the shipped teacher's last stage, which
 * --recipe runs from its own step-4,000 and step-48,000 EMAs). --resume keeps the target.
 * --export writes the checkpoint's EMA weights as a model file and trains nothing (with --recipe
 * its metadata names the recipe the checkpoint followed).
 */
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { loadMnist, mnistToFloat } from '../src/data/mnist';
import { MNIST_UNET_SMALL, MNIST_UNET_TEACHER, mnistDenoiserSpec } from '../src/diffusion/mnistSpec';
import { applyRecipeStep, linearRecipe, MNIST_TEACHER_RECIPE } from '../src/diffusion/teacherRecipe';
import { TeacherTrainer } from '../src/diffusion/teacher';
import { readTeacherState, restoreTeacherState, teacherStateLength, type TeacherStateMeta } from '../src/diffusion/teacherState';
import { widenTeacher } from '../src/diffusion/teacherWiden';
import { createParams, type DenoiserSpec } from '../src/diffusion/denoiser';
import { GuidedTarget, validateGuidance } from '../src/diffusion/guidedTarget';
import { MNIST_UNET } from '../src/engine/nn/unetSpec';
import { createDawnBackend } from '../src/engine/node/dawn';
import { decodeModel, encodeModel } from '../src/models/format';

const argv = process.argv.slice(2);
const has = (k: string) => argv.includes(k);
const str = (k: string, d: string) => (has(k) ? argv[argv.indexOf(k) + 1] : d);
const num = (k: string, d: number) => Number(str(k, String(d)));
const ckpt = str('--ckpt', '/tmp/mnist-teacher');

/** Guidance distillation's frozen networks (model files) and weight, kept so --resume rebuilds the target. */
interface GuidanceMeta { main: string; guide: string; weight: number; min?: number; max?: number; clamp?: number }

interface CkptMeta extends TeacherStateMeta {
  guidance?: GuidanceMeta;
  /** --init-from: the model file's own training steps (an exported file counts them with this run's). */
  initSteps?: number;
  spec: DenoiserSpec; batch: number; lr: number; emaDecay: number; seed: number;
  wallS: number; cpuS: number; command: string;
}

async function readCkpt(): Promise<{ meta: CkptMeta; data: Float32Array }> {
  const meta = JSON.parse(await readFile(`${ckpt}.json`, 'utf8')) as CkptMeta;
  const raw = await readFile(`${ckpt}.bin`);
  const data = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  if (data.length !== teacherStateLength(meta)) throw new Error(`checkpoint ${ckpt}.bin has ${data.length} floats, expected ${teacherStateLength(meta)}`);
  return { meta, data };
}

if (has('--export')) {
  const out = str('--export', 'public/models/mnist.dbm');
  const { meta, data } = await readCkpt();
  const P = meta.paramSize;
  const bytes = encodeModel({
    kind: 'denoiser',
    spec: meta.spec,
    weights: data.slice(P, 2 * P),
    metadata: {
      dataset: 'mnist', sigmaData: meta.spec.edm.sigmaData, seed: meta.seed, trainingSteps: (meta.initSteps ?? 0) + meta.steps, embedDim: meta.spec.dim,
      createdBy: meta.guidance
        ? `scripts/train-mnist-teacher.mts --guide-distill: ${meta.steps} steps regressing ${meta.guidance.guide} + ${meta.guidance.weight} (${meta.guidance.main} - ${meta.guidance.guide}) at sigma in [${meta.guidance.min ?? 0}, ${meta.guidance.max ?? 'inf'}]${meta.guidance.clamp ? `, clamped to +-${meta.guidance.clamp}` : ''} from ${meta.guidance.main}: EMA ${meta.emaDecay}, batch ${meta.batch}, ${Math.round(meta.wallS)} s wall`
        : has('--recipe')
        ? `scripts/train-mnist-teacher.mts, recipe ${MNIST_TEACHER_RECIPE.name} (src/diffusion/teacherRecipe.ts) to step ${meta.steps}: EMA ${meta.emaDecay}, batch ${meta.batch}, ${Math.round(meta.wallS)} s wall`
        : `scripts/train-mnist-teacher.mts (EMA ${meta.emaDecay}, batch ${meta.batch}, lr ${meta.lr}, ${Math.round(meta.wallS)} s wall)`,
    },
  }, { dtype: has('--f16') ? 'f16' : 'f32' });
  await writeFile(out, bytes);
  console.log(`wrote ${out}: ${bytes.length} bytes, ${meta.steps} steps, ${has('--f16') ? 'f16' : 'f32'}`);
  process.exit(0);
}

const resume = has('--resume') && existsSync(`${ckpt}.json`) ? await readCkpt() : null;
if (has('--widen') && !resume?.meta.spec.unet) throw new Error('--widen grows a resumed U-Net checkpoint: give --resume and a --ckpt that exists');
if (has('--widen') && resume?.meta.snapshots) throw new Error('--widen: the checkpoint holds a recipe\'s guidance snapshots of the narrow network; widen before the guidance stage');
const shipped = has('--recipe');
if (shipped && ['--film', '--widen', '--lr', '--decay-start', '--lr-final', '--sigma-mix', '--mix-frac', '--steps', '--channels', '--mid', '--unet', '--batch', '--ema', '--seed'].some(has)) {
  throw new Error('--recipe fixes the network, batch, EMA, seed, steps and schedule; drop the other training flags');
}
const baseUnet = shipped ? MNIST_UNET_TEACHER : str('--unet', 'small') === 'small' ? MNIST_UNET_SMALL : MNIST_UNET;
const unetSpec = {
  ...baseUnet,
  channels: has('--channels') ? str('--channels', '').split(',').map(Number) : [...baseUnet.channels],
  mid: has('--mid') ? num('--mid', 1) : baseUnet.mid,
  ...(has('--film') ? { film: true } : {}),
};
const initFrom = has('--init-from') ? str('--init-from', '') : null;
if (initFrom && (resume || shipped || ['--channels', '--mid', '--unet', '--widen', '--film'].some(has))) {
  throw new Error('--init-from starts a fresh run on the model file\'s network: drop --resume, --recipe, --widen, --channels, --mid, --unet and --film');
}
const init = initFrom ? decodeModel(await readFile(initFrom)) : null;
// --guide-distill weak.dbm --w W (with --init-from main.dbm): regress D_weak + W (D_main - D_weak)
const guidance: GuidanceMeta | null = resume?.meta.guidance
  ?? (has('--guide-distill') ? {
    main: initFrom ?? '', guide: str('--guide-distill', ''), weight: num('--w', 2),
    ...(has('--gmin') ? { min: num('--gmin', 0) } : {}), ...(has('--gmax') ? { max: num('--gmax', Infinity) } : {}),
    ...(has('--gclamp') ? { clamp: num('--gclamp', 1) } : {}),
  } : null);
if (guidance) validateGuidance(guidance);
if (guidance && !guidance.main) throw new Error('--guide-distill distils the guided --init-from model: give --init-from main.dbm');
if (guidance && shipped) throw new Error('--guide-distill is its own phase: drop --recipe');
if (init && (init.kind !== 'denoiser' || !init.spec.unet || init.spec.dim !== 784)) throw new Error(`--init-from ${initFrom}: not an MNIST U-Net denoiser`);
const spec = resume?.meta.spec ?? init?.spec ?? mnistDenoiserSpec(unetSpec);
const batch = resume?.meta.batch ?? num('--batch', 32);
const lr = shipped ? MNIST_TEACHER_RECIPE.peakLr : has('--lr') ? num('--lr', 2e-3) : resume?.meta.lr ?? 2e-3;
const decayStart = num('--decay-start', Infinity), lrFinal = num('--lr-final', lr);
const emaDecay = resume?.meta.emaDecay ?? num('--ema', 0.999);
const seed = resume?.meta.seed ?? num('--seed', 1);
// --sigma-mix M,S: a fraction --mix-frac (default 0.5) of the steps, spread evenly, draw ln sigma ~
// N(M, S^2) instead of the spec's N(-1.2, 1.2^2)
const sigmaMix = has('--sigma-mix') ? str('--sigma-mix', '').split(',').map(Number) : null;
if (sigmaMix && (sigmaMix.length !== 2 || !sigmaMix.every(Number.isFinite) || sigmaMix[1] <= 0)) throw new Error('--sigma-mix takes "pMean,pStd" with pStd > 0');
const mixFrac = num('--mix-frac', 0.5);
if (!(mixFrac >= 0 && mixFrac <= 1)) throw new Error('--mix-frac must be in [0, 1]');
const mix = sigmaMix ? { dist: { pMean: sigmaMix[0], pStd: sigmaMix[1] }, frac: mixFrac } : null;
// the flags as a one-phase recipe, so that both paths set lr and noise the same way
const recipe = shipped ? MNIST_TEACHER_RECIPE : linearRecipe(num('--steps', 4000), lr, decayStart, lrFinal, mix);
const total = recipe.steps, every = num('--every', 100), minutes = num('--minutes', 0);

const be = await createDawnBackend();
const data = await loadMnist();
const pool = mnistToFloat(data.train);
let tr = new TeacherTrainer(be, spec, pool, { batch, lr, emaDecay, seed });
let wall0 = 0, cpu0 = 0;
if (resume) {
  restoreTeacherState(tr, resume.data, resume.meta, shipped ? recipe : null);
  wall0 = resume.meta.wallS; cpu0 = resume.meta.cpuS;
  console.log(`resumed ${ckpt} at step ${tr.steps}`);
  if (has('--widen')) {
    const before = `${tr.spec.unet?.channels.join('-')} (${tr.params.size} params)`;
    tr = await widenTeacher(tr, pool, num('--widen', 1));
    console.log(`widened the U-Net ${before} -> ${tr.spec.unet?.channels.join('-')} (${tr.params.size} params), function unchanged; Adam restarts`);
  }
}
if (init) {
  if (init.weights.length !== tr.params.size) throw new Error(`--init-from ${initFrom}: ${init.weights.length} weights for a network of ${tr.params.size}`);
  const w = Float32Array.from(init.weights);
  be.write(tr.params.buf, w);
  be.write(tr.ema.buf, w);
  console.log(`initialised from ${initFrom} (${init.dtype}, trained ${init.metadata.trainingSteps ?? '?'} steps): weights and EMA; Adam from zero, step 0`);
}
if (guidance) {
  const mainModel = decodeModel(await readFile(guidance.main)), guideModel = decodeModel(await readFile(guidance.guide));
  if (mainModel.kind !== 'denoiser' || guideModel.kind !== 'denoiser') throw new Error('--guide-distill: both files must be denoisers');
  if (JSON.stringify(mainModel.spec) !== JSON.stringify(tr.spec)) throw new Error(`--guide-distill: ${guidance.main} is not this run's network`);
  const main = createParams(be, mainModel.spec, Float32Array.from(mainModel.weights), 'guided.mainParams');
  const guide = createParams(be, guideModel.spec, Float32Array.from(guideModel.weights), 'guided.guideParams');
  tr.dsm.target = new GuidedTarget(be, mainModel.spec, main, guideModel.spec, guide, batch, guidance);
  console.log(`guidance distillation: target D_g + ${guidance.weight} (D_main - D_g) at sigma in [${guidance.min ?? 0}, ${guidance.max ?? 'inf'}]${guidance.clamp ? `, clamped to +-${guidance.clamp}` : ''}, main ${guidance.main} (${mainModel.metadata.trainingSteps ?? '?'} steps), guide ${guidance.guide} (${guideModel.metadata.trainingSteps ?? '?'} steps)`);
}
const initSteps = resume?.meta.initSteps ?? init?.metadata.trainingSteps;
const t0 = performance.now(), c0 = process.cpuUsage();
const wallS = () => wall0 + (performance.now() - t0) / 1e3;
const cpuS = () => { const c = process.cpuUsage(c0); return cpu0 + (c.user + c.system) / 1e6; };

async function save(): Promise<void> {
  await be.sync();
  const state = await readTeacherState(tr);
  const meta: CkptMeta = {
    ...(guidance ? { guidance } : {}),
    ...(initSteps !== undefined ? { initSteps } : {}),
    ...state.meta,
    spec: tr.spec, batch, lr, emaDecay, seed,
    wallS: wallS(), cpuS: cpuS(), command: `train-mnist-teacher.mts ${argv.join(' ')}`,
  };
  await writeFile(`${ckpt}.bin.tmp`, new Uint8Array(state.data.buffer));
  await writeFile(`${ckpt}.json.tmp`, JSON.stringify(meta, null, 1));
  await rename(`${ckpt}.bin.tmp`, `${ckpt}.bin`);
  await rename(`${ckpt}.json.tmp`, `${ckpt}.json`);
  console.log(`checkpoint ${ckpt} at step ${tr.steps} (wall ${wallS().toFixed(0)} s, cpu ${cpuS().toFixed(0)} s)`);
}

let stop = false;
process.on('SIGINT', () => { stop = true; });
process.on('SIGTERM', () => { stop = true; });
console.log(`teacher: U-Net ${tr.spec.unet?.channels.join('-')}${tr.spec.unet?.film ? ' FiLM' : ''}, ${tr.params.size} params, batch ${batch}, lr ${lr}, EMA ${emaDecay}, seed ${seed}; ${be.adapterName}; steps ${tr.steps} -> ${total}`);
const until = Math.min(total, num('--until', total));
const g = recipe.guidance;
if (g && !tr.guide && tr.steps > g.guideAt && until > g.from) {
  throw new Error(`checkpoint ${ckpt} holds no guide (the EMA at step ${g.guideAt}): it predates the recipe's guidance stage. Train it to step ${g.from} (--until ${g.from}), export it, and run the stage with --init-from and --guide-distill (docs/mnist.md, "A teacher that carries its guidance")`);
}
while (tr.steps < until && !stop) {
  applyRecipeStep(tr, recipe);
  tr.step(1);
  if (tr.steps % 10 === 0) await be.sync();
  if (tr.steps % 50 === 0) {
    const l = await tr.recentLosses(50);
    const mean = l.reduce((a, v) => a + v, 0) / l.length / spec.dim;
    console.log(`step ${tr.steps}: loss/pixel ${mean.toFixed(4)}, lr ${tr.adam.hyper.lr.toExponential(2)}, wall ${wallS().toFixed(0)} s, cpu ${cpuS().toFixed(0)} s`);
  }
  if (tr.steps % every === 0) await save();
  if (minutes > 0 && wallS() - wall0 > minutes * 60) break;
}
await save();
be.destroy();
process.exit(0);
