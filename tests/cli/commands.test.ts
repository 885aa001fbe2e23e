/**
 * The CLI commands run in-process on the CPU backend with tiny sizes: outputs, file
 * formats, determinism (same seed -> identical output, timing fields aside) and the exit
 * status / message of invalid invocations.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeModel, encodeModel } from '../../src/models/format';
import { parseRunFile } from '../../src/cli/runFile';
import { COMMANDS } from '../../src/cli/run';
import { cli, stripTiming, TINY_TEACHER, tmp } from './helpers';

const dir = tmp('cmd');
const teacher = join(dir, 'teacher.dbm');

beforeAll(async () => {
  const r = await cli(['teacher', '--data', '8gaussians', '--seed', '3', '--out', teacher, ...TINY_TEACHER]);
  expect(r.code, r.err).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('help and usage errors', () => {
  it('prints help for the CLI and every command (exit 0)', async () => {
    expect((await cli(['--help'])).out).toMatch(/Commands:/);
    for (const c of COMMANDS) {
      const r = await cli([c.name, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Usage:');
      expect(r.out).toContain('--seed');
      expect(r.out).toContain('--json');
    }
  });
  it('exits 2 with a message for an unknown command, no command, or bad flags', async () => {
    expect((await cli([])).code).toBe(2);
    const u = await cli(['train']);
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/unknown command 'train'/);
    const cases: [string[], RegExp][] = [
      [['teacher', '--data', '8gaussians', '--out', 'x.dbm'], /--seed is required/],
      [['teacher', '--data', '8gaussians', '--seed', '1', '--out', 'x.dbm', '--stepz', '3'], /unknown flag --stepz/],
      [['teacher', '--data', '8gaussians', '--seed', '1', '--out', 'x.dbm', '--steps', 'many'], /--steps: 'many' is not a number/],
      [['teacher', '--data', '8gaussians', '--seed', '1', '--out', 'x.dbm', '--steps', '0'], /--steps: .*>=1/],
      [['teacher', '--data', '8gaussians', '--seed', '1', '--out', 'x.dbm', '--ema', '1'], /--ema:/],
      [['teacher', '--data', 'nosuchset', '--seed', '1', '--out', 'x.dbm'], /unknown data set 'nosuchset'/],
      [['teacher', '--data', 'mnist', '--seed', '1', '--out', 'x.dbm'], /MNIST/],
      [['sample', '--model', teacher, '--seed', '1', '--out', 'x.txt'], /must end in .csv or .json/],
      [['sample', '--model', teacher, '--seed', '-1', '--out', 'x.csv'], /--seed: -1 is below the minimum 0/],
      [['sample', '--model', join(dir, 'missing.dbm'), '--seed', '1', '--out', 'x.csv'], /does not exist/],
      [['distill', '--data', '8gaussians', '--method', 'best', '--seed', '1', '--out', 'r.json'], /--method: 'best' is not one of/],
      [['distill', '--data', '8gaussians', '--method', 'vanilla', '--seed', '1', '--out', 'r.json', '--k-fake', '9', '--cpu'], /--k-fake: /],
      [['distill', '--data', '8gaussians', '--method', 'vanilla', '--seed', '1', '--out', 'r.json', '--spacing', 'log', '--cpu'], /--spacing: 'log' is not one of even, geometric, distance/],
      [['compare', '--data', '8gaussians', '--out-dir', dir, '--methods', 'vanilla,nope', '--cpu'], /--methods: 'nope'/],
    ];
    for (const [argv, msg] of cases) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(msg);
    }
  });
  it('exits 1 naming the problem for a bad model file', async () => {
    const bad = join(dir, 'bad.dbm');
    writeFileSync(bad, 'not a model at all');
    const r = await cli(['sample', '--model', bad, '--seed', '1', '--out', join(dir, 's.csv'), '--cpu']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.dbm: not a valid model file: bad magic bytes/);
  });
});

describe('teacher, sample, eval', () => {
  it('teacher writes a valid model; the same seed gives identical bytes, another seed differs', async () => {
    const m = decodeModel(readFileSync(teacher));
    expect(m.kind).toBe('denoiser');
    expect(m.spec.hidden).toEqual([16]);
    expect(m.metadata).toMatchObject({ dataset: '8gaussians', seed: 3, trainingSteps: 3, embedDim: 2 });
    const again = join(dir, 'again.dbm');
    const r = await cli(['teacher', '--data', '8gaussians', '--seed', '3', '--out', again, '--json', ...TINY_TEACHER]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ out: again, steps: 3, params: m.weights.length });
    expect(readFileSync(again)).toEqual(readFileSync(teacher));
    const other = join(dir, 'other.dbm');
    await cli(['teacher', '--data', '8gaussians', '--seed', '4', '--out', other, ...TINY_TEACHER]);
    expect(readFileSync(other)).not.toEqual(readFileSync(teacher));
  });

  it('teacher --dtype f32 keeps the exact weights; the default f16 file is their f16 rounding', async () => {
    const f32 = join(dir, 'f32.dbm');
    expect((await cli(['teacher', '--data', '8gaussians', '--seed', '3', '--out', f32, '--dtype', 'f32', ...TINY_TEACHER])).code).toBe(0);
    const m32 = decodeModel(readFileSync(f32));
    expect(m32.dtype).toBe('f32');
    expect(decodeModel(readFileSync(teacher)).dtype).toBe('f16');
    expect(encodeModel(m32, { dtype: 'f16' })).toEqual(new Uint8Array(readFileSync(teacher)));
  });

  it('teacher --init continues training from a model (cumulative steps), refusing mismatches', async () => {
    const cont = join(dir, 'cont.dbm');
    const r = await cli(['teacher', '--data', '8gaussians', '--seed', '9', '--init', teacher, '--out', cont, ...TINY_TEACHER]);
    expect(r.code, r.err).toBe(0);
    const m = decodeModel(readFileSync(cont));
    expect(m.metadata).toMatchObject({ trainingSteps: 6, seed: 9, initFrom: { file: teacher, seed: 3, trainingSteps: 3 } });
    const wider = TINY_TEACHER.map((a, i) => (TINY_TEACHER[i - 1] === '--width' ? '32' : a));
    const wide = await cli(['teacher', '--data', '8gaussians', '--seed', '9', '--init', teacher, '--out', cont, ...wider]);
    expect(wide.code).toBe(2);
    expect(wide.err).toMatch(/pass --width 16 --depth 1/);
    const other = await cli(['teacher', '--data', 'moons', '--seed', '9', '--init', teacher, '--out', cont, ...TINY_TEACHER]);
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/trained on '8gaussians'/);
  });

  it('teacher trains on a points file and on an embedded set', async () => {
    const pts = join(dir, 'pts.csv');
    writeFileSync(pts, `x,y\n${Array.from({ length: 40 }, (_, i) => `${Math.cos(i)},${Math.sin(2 * i)}`).join('\n')}\n`);
    const a = await cli(['teacher', '--data', pts, '--seed', '1', '--out', join(dir, 'pts.dbm'), ...TINY_TEACHER]);
    expect(a.code, a.err).toBe(0);
    expect(decodeModel(readFileSync(join(dir, 'pts.dbm'))).metadata).toMatchObject({ dataset: 'points', points: 40 });
    const b = await cli(['teacher', '--data', 'moons', '--embed-dim', '16', '--seed', '1', '--out', join(dir, 'emb.dbm'), ...TINY_TEACHER]);
    expect(b.code, b.err).toBe(0);
    expect(decodeModel(readFileSync(join(dir, 'emb.dbm'))).spec.dim).toBe(16);
  });

  it('sample is deterministic per seed, in CSV and JSON; eval reports distances, floor and modes', async () => {
    const a = join(dir, 'a.csv'), b = join(dir, 'b.csv'), c = join(dir, 'c.json');
    for (const [out, seed] of [[a, '5'], [b, '5'], [c, '6']] as const) {
      const r = await cli(['sample', '--model', teacher, '--n', '64', '--steps', '4', '--seed', seed, '--out', out, '--cpu']);
      expect(r.code, r.err).toBe(0);
    }
    expect(readFileSync(a, 'utf8')).toEqual(readFileSync(b, 'utf8'));
    expect(readFileSync(a, 'utf8').split('\n')[0]).toBe('x,y');
    const j = JSON.parse(readFileSync(c, 'utf8'));
    expect(j).toMatchObject({ dim: 2, n: 64 });
    expect(j.samples).toHaveLength(64);
    const e1 = await cli(['eval', '--samples', a, '--data', '8gaussians', '--n', '256', '--seed', '0', '--json']);
    expect(e1.code, e1.err).toBe(0);
    const rep = JSON.parse(e1.out);
    expect(rep.samples).toBe(64);
    expect(rep.heldout).toBe(256);
    expect(rep.toData.sw2).toBeGreaterThan(0);
    expect(rep.floor.sw2).toBeGreaterThan(0);
    expect(rep.sw2Ratio).toBeCloseTo(rep.toData.sw2 / rep.floor.sw2, 10);
    expect(rep.modes.k).toBe(8);
    expect(rep.floorModes.k).toBe(8);
    const e2 = await cli(['eval', '--samples', c, '--data', '8gaussians', '--n', '256', '--seed', '0', '--json']);
    expect(JSON.parse(e2.out).toData.sw2).not.toBe(rep.toData.sw2);
    expect((await cli(['eval', '--samples', a, '--data', '8gaussians', '--n', '256', '--seed', '0', '--json'])).out).toBe(e1.out);
    // the text form
    expect((await cli(['eval', '--samples', a, '--data', '8gaussians', '--n', '256', '--seed', '0'])).out).toMatch(/modes covered: \d\/8/);
  });

  it("sample: EDM churn changes the samples and stays deterministic per seed; autoguidance by the model itself is the plain sampler; bad guides are refused", async () => {
    const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as { samples: number[][]; churn?: number; guidance?: number };
    const run = async (name: string, extra: string[]) => {
      const out = join(dir, name);
      const r = await cli(['sample', '--model', teacher, '--n', '64', '--steps', '6', '--seed', '5', '--out', out, '--cpu', ...extra]);
      expect(r.code, r.err).toBe(0);
      return read(out);
    };
    const plain = await run('p.json', []);
    const c1 = await run('c1.json', ['--churn', '40']);
    const c2 = await run('c2.json', ['--churn', '40']);
    expect(c1.churn).toBe(40);
    expect(c1.samples).toEqual(c2.samples);
    const gap = Math.max(...c1.samples.flat().map((v, i) => Math.abs(v - plain.samples.flat()[i])));
    expect(gap).toBeGreaterThan(1e-2);
    // D_guide = D: D_guide + w (D - D_guide) = D for any w, up to rounding
    const self = await run('g.json', ['--guide', teacher, '--guidance', '3']);
    expect(self.guidance).toBe(3);
    const diff = Math.max(...self.samples.flat().map((v, i) => Math.abs(v - plain.samples.flat()[i])));
    expect(diff).toBeLessThan(1e-3);
    const gen = join(dir, 'guide-gen.dbm');
    const m = decodeModel(readFileSync(teacher));
    writeFileSync(gen, encodeModel({ ...m, kind: 'generator', metadata: { ...m.metadata, sigmaInit: 2.5 } }));
    const bad = await cli(['sample', '--model', teacher, '--seed', '1', '--out', join(dir, 'x.csv'), '--guide', gen, '--cpu']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/the guide must be a denoiser/);
    const neg = await cli(['sample', '--model', teacher, '--seed', '1', '--out', join(dir, 'x.csv'), '--churn', '-1', '--cpu']);
    expect(neg.code).toBe(2);
    expect(neg.err).toMatch(/--churn/);
  });

  it('eval refuses samples of the wrong dimension and ragged files', async () => {
    const s3 = join(dir, 's3.csv');
    writeFileSync(s3, '1,2,3\n4,5,6\n');
    const r = await cli(['eval', '--samples', s3, '--data', '8gaussians', '--seed', '0']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/3-D but the data is 2-D/);
    writeFileSync(s3, '1,2\n4,5,6\n');
    expect((await cli(['eval', '--samples', s3, '--data', '8gaussians', '--seed', '0'])).err).toMatch(/sample 2 has 3 values/);
    writeFileSync(s3, '1,2\n4,nan\n');
    expect((await cli(['eval', '--samples', s3, '--data', '8gaussians', '--seed', '0'])).err).toMatch(/line 2: 'nan' is not a finite number/);
  });
});

const RACE = ['--teacher', teacher, '--steps', '4', '--eval-every', '2', '--eval-samples', '128', '--batch', '64', '--s1', '4', '--n-checkpoints', '2', '--k-node', '1', '--ref-samples', '128', '--ref-steps', '3', '--heldout', '128', '--cpu'];

describe('distill and compare', () => {
  it('distill writes a run file with every series, the path, switches and costs; same seed -> same run', async () => {
    const out1 = join(dir, 'run1.json'), out2 = join(dir, 'run2.json');
    const gen = join(dir, 'gen.dbm');
    const r1 = await cli(['distill', '--data', '8gaussians', '--method', 'disback', '--seed', '1', '--out', out1, '--save-generator', gen, ...RACE]);
    expect(r1.code, r1.err).toBe(0);
    const run = parseRunFile(readFileSync(out1, 'utf8'), out1);
    expect(run.method).toBe('disback');
    expect(run.config.distill.steps).toBe(4);
    expect(run.series.step).toEqual([0, 2, 4]);
    for (const k of ['sw2Teacher', 'sw2Data', 'mmdTeacher', 'energyTeacher', 'mismatchTarget', 'mismatchTeacher', 'sw2Target', 'target', 'passes', 'lossG', 'lossFake', 'modes'] as const) expect(run.series[k]).toHaveLength(3);
    expect(run.series.trajectory[0]).toHaveLength(3); // teacher + 2 checkpoints
    expect(run.path!.steps).toHaveLength(3);
    expect(run.usesPath).toBe(true);
    expect(run.switches).toEqual([{ step: 1, node: 0 }]);
    expect(run.cost.stage1Passes).toBeGreaterThan(0);
    expect(run.cost.passes).toBe(run.cost.stage1Passes + 4 * run.cost.passesPerIteration);
    expect(run.series.passes[0]).toBe(run.cost.stage1Passes);
    expect(decodeModel(readFileSync(gen))).toMatchObject({ kind: 'generator', metadata: { sigmaInit: 2.5, method: 'disback' } });
    const r2 = await cli(['distill', '--data', '8gaussians', '--method', 'disback', '--seed', '1', '--out', out2, '--json', ...RACE]);
    expect(r2.code).toBe(0);
    expect(stripTiming(JSON.parse(r2.out).run)).toEqual(stripTiming(JSON.parse(readFileSync(out1, 'utf8'))));
    // a one-step generator samples too
    const r3 = await cli(['sample', '--model', gen, '--n', '32', '--seed', '2', '--out', join(dir, 'g.csv'), '--cpu', '--json']);
    expect(JSON.parse(r3.out)).toMatchObject({ kind: 'generator', nfe: 1 });
  });

  it('distill refuses a teacher trained on another data set', async () => {
    const r = await cli(['distill', '--data', 'moons', '--method', 'vanilla', '--seed', '1', '--out', join(dir, 'x.json'), ...RACE]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/trained on '8gaussians', not 'moons'/);
  });

  it('compare writes runs, a markdown table and SVG plots; its runs equal single-method distill runs', async () => {
    const out = join(dir, 'cmp');
    const r = await cli(['compare', '--data', '8gaussians', '--seeds', '2', '--seed', '1', '--out-dir', out, '--thresholds', '0.5', ...RACE]);
    expect(r.code, r.err).toBe(0);
    for (const m of ['vanilla', 'warmstart', 'disback']) for (const s of [1, 2]) expect(existsSync(join(out, 'runs', `${m}-seed${s}.json`))).toBe(true);
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toMatch(/\| method \| final SW2 \(teacher\) \| AUC/);
    expect(md).toMatch(/T1: 2x final vanilla/);
    expect(md).toMatch(/T4: SW2 0.5/);
    for (const f of ['sw2-vs-iterations.svg', 'sw2-vs-compute.svg']) {
      const svg = readFileSync(join(out, f), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('DisBack');
      expect((svg.match(/<polyline/g) ?? []).length).toBe(3);
    }
    const single = parseRunFile(readFileSync(join(dir, 'run1.json'), 'utf8'), 'run1');
    const fromCompare = parseRunFile(readFileSync(join(out, 'runs', 'disback-seed1.json'), 'utf8'), 'cmp');
    expect(fromCompare.series.sw2Teacher).toEqual(single.series.sw2Teacher);
    expect(fromCompare.series.passes).toEqual(single.series.passes);
    expect(fromCompare.switches).toEqual(single.switches);
    const v = parseRunFile(readFileSync(join(out, 'runs', 'vanilla-seed1.json'), 'utf8'), 'v');
    expect(v.usesPath).toBe(false);
    expect(v.cost.stage1Passes).toBe(0);
  });
});
