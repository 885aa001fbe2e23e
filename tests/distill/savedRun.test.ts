/**
 * The run file: a saved run survives encode -> decode exactly (NaN losses included), and
 * every kind of broken or hostile file is refused with a RunFileError naming the problem:
 * truncated at any point, garbage, oversized, a lying header, wrong shapes and counts,
 * non-finite weights, unknown and prototype keys. A byte-flip fuzz never throws anything
 * but a RunFileError.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import { initMlpWeights } from '../../src/engine/nn/mlp';
import { makeDataPool } from '../../src/data';
import { runConfigSchema } from '../../src/config/schema';
import { default2dSpec, mlpSpecOf } from '../../src/diffusion/denoiser';
import { Race } from '../../src/distill/race';
import { captureRaceState } from '../../src/distill/raceState';
import { decodeRun, encodeRun, MAX_RUN_FILE_BYTES, RunFileError, type SavedRun } from '../../src/distill/savedRun';

const data = makeDataPool({ dataset: '8gaussians', seed: 0, n: 512 });
const held = makeDataPool({ dataset: '8gaussians', seed: 0, n: 128, split: 'heldout' });
const spec = default2dSpec(data.sigmaData, 2, 16, 1);
const config = runConfigSchema.parse({
  dataset: '8gaussians', seed: 1, methods: ['vanilla', 'disback'], evalSamples: 128, evalEvery: 2,
  distill: { batch: 64, steps: 10 }, disback: { s1: 4, nCheckpoints: 2, spacing: 'even', kNode: 2 },
});
let run: SavedRun;
let bytes: Uint8Array;

beforeAll(async () => {
  const be = new CpuBackend();
  const race = new Race({ be, config, spec, teacherWeights: initMlpWeights(mlpSpecOf(spec), 2), heldout: held.pool, refSteps: 2, refSamples: 128 });
  await race.prepare();
  await race.advance(2);
  const { point } = await race.evaluate(race.racers[0]);
  run = { savedAt: 1234, points: null, teacherMode: 'train', history: { vanilla: [point, { ...point, step: 0, lossG: NaN, mmdTeacher: Infinity }] }, race: await captureRaceState(race) };
  race.destroy();
  bytes = encodeRun(run);
});

const refuse = (b: Uint8Array, re: RegExp) => {
  let err: unknown;
  try {
    decodeRun(b);
  } catch (e) {
    err = e;
  }
  expect(err, `expected a refusal matching ${re}`).toBeInstanceOf(RunFileError);
  expect((err as Error).message).toMatch(re);
};
const withRun = (f: (r: SavedRun) => void): Uint8Array => {
  const r = structuredClone(run);
  f(r);
  return encodeRun(r);
};
/** Rewrite the header JSON, keeping the payload. */
const withHeader = (f: (h: Record<string, unknown>) => void): Uint8Array => {
  const h = new DataView(bytes.buffer).getUint32(8, true);
  const head = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + h)));
  f(head);
  const text = new TextEncoder().encode(JSON.stringify(head));
  const pad = (n: number) => (4 - (n % 4)) % 4;
  const payload = bytes.subarray(12 + h + pad(12 + h));
  const out = new Uint8Array(12 + text.length + pad(12 + text.length) + payload.length);
  out.set(bytes.subarray(0, 8));
  new DataView(out.buffer).setUint32(8, text.length, true);
  out.set(text, 12);
  out.set(payload, out.length - payload.length);
  return out;
};

describe('run files', () => {
  it('round-trip exactly, NaN and Infinity included', () => {
    const back = decodeRun(bytes);
    expect(back.savedAt).toBe(1234);
    expect(back.history.vanilla![1].lossG).toBeNaN();
    expect(back.history.vanilla![1].mmdTeacher).toBe(Infinity);
    expect(back.race.racers[1].rings.lossG).toEqual(run.race.racers[1].rings.lossG);
    expect(Array.from(back.race.racers[0].eta)).toEqual(Array.from(run.race.racers[0].eta));
    expect(back.race.path!.checkpoints.length).toBe(2);
    expect(back.race.config).toEqual(config);
    console.log(`run file of a width-16 race with 2 methods: ${bytes.length} bytes`);
  });

  it('refuses garbage, truncation and extra bytes', () => {
    refuse(new Uint8Array(0), /not a DisBack run file/);
    refuse(new TextEncoder().encode('{"format":"disback-run"}'), /not a DisBack run file/);
    refuse(crypto.getRandomValues(new Uint8Array(4096)), /not a DisBack run file/);
    for (const cut of [8, 11, 12, 40, bytes.length >> 1, bytes.length - 4, bytes.length - 1]) refuse(bytes.subarray(0, cut), /not a DisBack|truncated/);
    const extra = new Uint8Array(bytes.length + 8);
    extra.set(bytes);
    refuse(extra, /unexpected bytes/);
    const lying = bytes.slice();
    new DataView(lying.buffer).setUint32(8, 0xfffffff0, true);
    refuse(lying, /limit/);
    const bad = bytes.slice();
    bad[13] = 0xff; // invalid UTF-8 / JSON in the header
    refuse(bad, /not valid JSON/);
  });

  it('refuses an oversized file before reading it', () => {
    refuse(new Uint8Array(MAX_RUN_FILE_BYTES + 1), /too large/);
  });

  it('refuses wrong shapes, counts and values', () => {
    refuse(withHeader((h) => (h.version = 2)), /version/);
    refuse(withHeader((h) => (h.format = 'x')), /DisBack run/);
    refuse(withHeader((h) => ((h.run as Record<string, unknown>).extra = 1)), /shape/);
    refuse(withHeader((h) => ((h.run as Record<string, unknown>).savedAt = '<script>')), /shape/);
    refuse(withHeader((h) => ((h.run as { race: { teacher: unknown } }).race.teacher = { $f32: 999 })), /array reference/);
    refuse(withHeader((h) => ((h.blobs as number[])[0] += 1)), /truncated/);
    refuse(withHeader((h) => (h.run = JSON.parse('{"__proto__": {"polluted": 1}}'))), /forbidden key/);
    refuse(withRun((r) => (r.race.racers[0].eta = r.race.racers[0].eta.subarray(1))), /eta has/);
    refuse(withRun((r) => (r.race.teacher = new Float32Array(3))), /teacher has 3 values/);
    refuse(withRun((r) => (r.race.teacher[5] = NaN)), /teacher holds a non-finite/);
    refuse(withRun((r) => (r.race.racers[1].adamPhi.v[0] = Infinity)), /adamPhi.v holds a non-finite/);
    refuse(withRun((r) => (r.race.racers[1].method = 'warmstart')), /differ/);
    refuse(withRun((r) => ((r.race.config as { distill: { lrG: number } }).distill.lrG = 5)), /settings are invalid/);
    refuse(withRun((r) => (r.race.racers[0].lrG = 0)), /shape/);
    refuse(withRun((r) => (r.race.racers[0].steps = 11)), /past the run/);
    refuse(withRun((r) => (r.race.racers[1].schedule.target = 7)), /target node/);
    refuse(withRun((r) => (r.race.path = null)), /needs a degradation path/);
    refuse(withRun((r) => (r.race.spec.dim = 3)), /dimension/);
    refuse(withRun((r) => (r.race.spec.hidden = [65536, 65536])), /parameters; the limit/);
    refuse(withRun((r) => (r.points = new Float32Array([1, 2]))), /not "points"/);
    refuse(withRun((r) => (r.history = { warmstart: [] })), /does not race/);
    // a diverged racer may hold NaN weights
    expect(() => decodeRun(withRun((r) => {
      r.race.racers[0].eta[0] = NaN;
      r.race.racers[0].diverged = { step: 2, what: 'generator loss is not finite' };
    }))).not.toThrow();
  });

  it('fuzz: flipped bytes give a RunFileError or a valid run, nothing else', () => {
    const h = new DataView(bytes.buffer).getUint32(8, true);
    let refused = 0;
    for (let k = 0; k < 300; k++) {
      const b = bytes.slice();
      const i = 8 + ((k * 7919) % (h + 4));
      b[i] ^= 1 << k % 8;
      try {
        decodeRun(b);
      } catch (e) {
        expect(e).toBeInstanceOf(RunFileError);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
  });
});
