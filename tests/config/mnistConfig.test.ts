/**
 * Dataset-aware ranges of the run schema: the 2-D sets keep their bounds (batch >= 64,
 * eval samples >= 128, teacher batch >= 64) with the same messages as before; MNIST takes
 * small batches and few evaluation samples and refuses the 2-D-only options; mnistDefaults
 * gives a valid MNIST config that keeps the base's seed and methods.
 */
import { describe, expect, it } from 'vitest';
import { mnistDefaults, MNIST_DEFAULTS } from '../../src/config/mnistDefaults';
import { DEFAULT_CONFIG, parseRunConfig, rangeFor, runConfigSchema } from '../../src/config/schema';
import { checkpointSteps } from '../../src/distill/schedule';

const errorsOf = (input: unknown): string[] => {
  const r = parseRunConfig(input);
  return r.ok ? [] : r.errors;
};

describe('2-D ranges are unchanged', () => {
  it('refuses small batches and few eval samples with the usual messages', () => {
    expect(errorsOf({ distill: { batch: 32 } })).toEqual(['distill.batch: Too small: expected number to be >=64']);
    expect(errorsOf({ evalSamples: 64 })).toEqual(['evalSamples: Too small: expected number to be >=128']);
    expect(errorsOf({ teacher: { batch: 16 } })).toEqual(['teacher.batch: Too small: expected number to be >=64']);
    expect(errorsOf({ dataset: 'moons', distill: { batch: 9000 } })).toEqual(['distill.batch: Too big: expected number to be <=8192']);
    expect(parseRunConfig({ distill: { batch: 64 }, evalSamples: 128, teacher: { batch: 64 } }).ok).toBe(true);
    expect(runConfigSchema.parse({})).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG.distill.batch).toBe(1024);
  });
});

describe('MNIST ranges', () => {
  const base = mnistDefaults();
  const with_ = (patch: (c: Record<string, any>) => void) => {
    const c = structuredClone(base) as Record<string, any>;
    patch(c);
    return errorsOf(c);
  };
  it('accepts small batches and 64 eval samples; refuses what a software adapter cannot run', () => {
    expect(with_((c) => ((c.distill.batch = 8), (c.evalSamples = 64), (c.teacher.batch = 8)))).toEqual([]);
    expect(with_((c) => (c.distill.batch = 4))).toEqual(['distill.batch: Too small: expected number to be >=8']);
    expect(with_((c) => (c.distill.batch = 1024))).toEqual(['distill.batch: Too big: expected number to be <=512 for MNIST']);
    expect(with_((c) => (c.evalSamples = 32))).toEqual(['evalSamples: Too small: expected number to be >=64']);
    expect(with_((c) => (c.evalSamples = 2048))).toEqual(['evalSamples: Too big: expected number to be <=1024 for MNIST']);
    expect(with_((c) => (c.teacher.batch = 2048))).toEqual(['teacher.batch: Too big: expected number to be <=512 for MNIST']);
    expect(rangeFor('mnist', 'distill.batch')).toEqual([8, 512]);
    expect(rangeFor('moons', 'evalSamples')).toEqual([128, 8192]);
  });
  it('refuses the 2-D-only options', () => {
    expect(with_((c) => (c.embedDim = 16))).toEqual(['embedDim: embedDim applies to the 2-D toy sets only']);
    expect(with_((c) => (c.distill.genInit = 'shifted'))[0]).toMatch(/^distill\.genInit: the 'shifted' generator start/);
    expect(with_((c) => (c.distill.genInit = 'random'))).toEqual([]);
    // the 2-D defaults do not fit MNIST: the UI switches to mnistDefaults()
    expect(errorsOf({ dataset: 'mnist' }).length).toBeGreaterThan(0);
  });
});

describe('mnistDefaults', () => {
  it('is a valid MNIST config with the documented settings', () => {
    const c = mnistDefaults();
    expect(parseRunConfig(c)).toEqual({ ok: true, config: c });
    expect(c.dataset).toBe('mnist');
    expect(c.embedDim).toBe(2);
    expect(c.distill.batch).toBeGreaterThanOrEqual(16);
    expect(c.distill.batch).toBeLessThanOrEqual(32);
    expect([64, 128]).toContain(c.evalSamples);
    expect(c.evalEvery).toBe(MNIST_DEFAULTS.evalEvery);
    expect(c.distill.steps).toBe(300);
    expect(c.disback.s1).toBe(150);
    expect(c.disback.nCheckpoints).toBe(4);
  });
  it('keeps the base seed, methods and switch rule; a shifted start becomes the teacher copy', () => {
    const b = runConfigSchema.parse({ dataset: 'moons', seed: 42, methods: ['vanilla', 'disback'], distill: { genInit: 'shifted', weighting: 'diffinstruct' }, disback: { schedule: 'adaptive' } });
    const c = mnistDefaults(b);
    expect(c.seed).toBe(42);
    expect(c.methods).toEqual(['vanilla', 'disback']);
    expect(c.distill.genInit).toBe('teacher');
    expect(c.distill.weighting).toBe('diffinstruct');
    expect(c.disback.schedule).toBe('adaptive');
    expect(b.dataset).toBe('moons'); // the base is not changed
  });
  it('the DisBack schedule fits the budget: every node is visited and the teacher gets the longest stretch', () => {
    const c = mnistDefaults();
    const cks = checkpointSteps('geometric', c.disback.s1, c.disback.nCheckpoints);
    expect(cks.length).toBe(c.disback.nCheckpoints);
    const backtrack = (c.disback.nCheckpoints - 1) * c.disback.kNode;
    expect(backtrack).toBeLessThan(c.distill.steps);
    expect(c.distill.steps - backtrack).toBeGreaterThanOrEqual(c.disback.kNode);
    expect(c.distill.steps % c.evalEvery).toBe(0);
  });
});
