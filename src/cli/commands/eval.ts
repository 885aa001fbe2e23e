/**
 * `eval`: distances from a sample file to held-out data (SW2, MMD^2, energy), mode
 * coverage for mixture sets, and the data-vs-data floor: the same distances between an
 * independent data draw of the same size as the samples and the same held-out set.
 */
import { distances, modeCoverage, type Distances } from '../../metrics';
import { getNum, getStr, UsageError } from '../args';
import { type Command, JSON_FLAG, seedFlag } from '../command';
import { FLOOR_STREAM, pool, resolveData, type DataSource } from '../data';
import { readSamples, type Samples } from '../samplesIo';

export interface ModeReport {
  covered: number;
  k: number;
  coverage: number;
  highQuality: number;
}

export interface EvalReport {
  dataset: string;
  dim: number;
  samples: number;
  heldout: number;
  toData: Distances;
  /** data-vs-data: an independent draw of `samples` rows vs the same held-out set */
  floor: Distances;
  /** toData.sw2 / floor.sw2 */
  sw2Ratio: number;
  modes?: ModeReport;
  floorModes?: ModeReport;
}

export function evaluateSamples(s: Samples, src: DataSource, embedDim: number, seed: number, nHeld: number): EvalReport {
  const held = pool(src, embedDim, seed, nHeld, 'heldout');
  if (s.dim !== held.dim) throw new UsageError(`the samples are ${s.dim}-D but the data is ${held.dim}-D (--embed-dim ${embedDim})`);
  const draw = pool(src, embedDim, seed, s.n, FLOOR_STREAM);
  const opts = { sw2: { seed } };
  const toData = distances(s.data, held.pool, s.dim, opts);
  const floor = distances(draw.pool, held.pool, s.dim, opts);
  const r: EvalReport = { dataset: src.dataset, dim: s.dim, samples: s.n, heldout: nHeld, toData, floor, sw2Ratio: toData.sw2 / floor.sw2 };
  if (held.modes && held.modeRadius) {
    const cov = (x: Float32Array): ModeReport => {
      const m = modeCoverage(held.project ? held.project(x) : x, 2, held.modes!, held.modeRadius!);
      return { covered: m.covered, k: m.k, coverage: m.coverage, highQuality: m.highQuality };
    };
    r.modes = cov(s.data);
    r.floorModes = cov(draw.pool);
  }
  return r;
}

const fmt = (d: Distances) => `SW2 ${d.sw2.toFixed(4)}  MMD^2 ${d.mmd2.toExponential(3)}  energy ${d.energy.toExponential(3)}`;

export function evalText(r: EvalReport): string {
  let t = `samples vs held-out ${r.dataset} (${r.samples} vs ${r.heldout}, ${r.dim}-D):\n  samples: ${fmt(r.toData)}\n  floor:   ${fmt(r.floor)}  (independent data draw of ${r.samples})\n  SW2 ratio to the floor: ${r.sw2Ratio.toFixed(2)}\n`;
  if (r.modes) t += `  modes covered: ${r.modes.covered}/${r.modes.k} (high-quality fraction ${r.modes.highQuality.toFixed(3)}; data: ${r.floorModes!.covered}/${r.floorModes!.k}, ${r.floorModes!.highQuality.toFixed(3)})\n`;
  return t;
}

export const evalCommand: Command = {
  name: 'eval',
  summary: 'Measure a sample file against held-out data (SW2, MMD^2, energy distance, mode coverage) beside the data-vs-data floor.',
  usage: 'cli eval --samples s.csv --data <set|points file> --seed N [options]',
  flags: [
    { name: 'samples', kind: 'string', required: true, meta: 'file', help: 'samples (.csv or .json)' },
    { name: 'data', kind: 'string', required: true, meta: 'set|file', help: 'toy set name or a .csv/.json file of 2-D points' },
    { name: 'embed-dim', kind: 'int', default: 2, min: 2, max: 64, help: 'ambient dimension of the samples (the embedding depends on --seed)' },
    { name: 'n', kind: 'int', default: 2000, min: 8, max: 200_000, help: 'held-out data samples' },
    seedFlag('seed of the held-out draw (the run seed), the floor draw and the SW2 projections'),
    JSON_FLAG,
  ],
  async run(f) {
    const src = resolveData(getStr(f, 'data'), { command: 'eval' });
    const s = readSamples(getStr(f, 'samples'));
    const r = evaluateSamples(s, src, getNum(f, 'embed-dim'), getNum(f, 'seed'), getNum(f, 'n'));
    return { json: r, text: evalText(r) };
  },
};
