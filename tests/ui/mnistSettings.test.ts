import { describe, expect, it } from 'vitest';
import { mnistDefaults } from '../../src/config/mnistDefaults';
import { DEFAULT_CONFIG, parseRunConfig, type RunConfig } from '../../src/config/schema';
import { configForDataset, defaultsFor } from '../../src/ui/datasetDefaults';
import { disabledNote, fieldDefFor } from '../../src/ui/controls/datasetFields';
import { checkDraft, draftFromConfig, switchDataset } from '../../src/ui/controls/draft';
import { ALL_FIELDS } from '../../src/ui/controls/fieldDefs';
import { decodeUrlState, encodeUrlState, DEFAULT_URL_STATE } from '../../src/ui/urlState';

const def = (path: string) => ALL_FIELDS.find((f) => f.path === path)!;

function mnistWith(patch: (c: RunConfig) => void): RunConfig {
  const c = structuredClone(mnistDefaults());
  patch(c);
  const r = parseRunConfig(c);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.config;
}

describe('switching the data set in the form', () => {
  it('picking MNIST loads mnistDefaults, keeping the seed and the methods', () => {
    const d = draftFromConfig({ ...DEFAULT_CONFIG, seed: 42, methods: ['vanilla', 'disback'], dataset: 'moons' });
    const m = switchDataset(d, 'mnist');
    const c = checkDraft(m);
    expect(c.fieldErrors).toEqual({});
    expect(c.config).toEqual(mnistDefaults({ ...DEFAULT_CONFIG, seed: 42, methods: ['vanilla', 'disback'] }));
    expect(c.config?.dataset).toBe('mnist');
    expect(c.config?.seed).toBe(42);
    expect(c.config?.distill.batch).toBeLessThanOrEqual(512);
  });

  it('switching back to a toy restores the 2-D defaults (seed and methods kept)', () => {
    const m = switchDataset(draftFromConfig({ ...DEFAULT_CONFIG, seed: 9 }), 'mnist');
    m.text['distill.batch'] = '32';
    const t = checkDraft(switchDataset(m, 'swissroll'));
    expect(t.config).toEqual({ ...DEFAULT_CONFIG, dataset: 'swissroll', seed: 9 });
  });

  it('between two 2-D sets only the data set changes', () => {
    const d = draftFromConfig({ ...DEFAULT_CONFIG, evalEvery: 7 });
    const t = switchDataset(d, 'rings');
    expect(t.text).toEqual(d.text);
    expect(t.dataset).toBe('rings');
    expect(switchDataset(d, d.dataset)).toBe(d);
  });

  it('an invalid draft still switches, to the defaults with its valid seed', () => {
    const d = draftFromConfig({ ...DEFAULT_CONFIG, seed: 5 });
    d.text['distill.lrG'] = 'oops';
    const m = checkDraft(switchDataset(d, 'mnist'));
    expect(m.config).toEqual(mnistDefaults({ ...DEFAULT_CONFIG, seed: 5 }));
  });

  it('a shifted generator start (2-D only) becomes a teacher start for MNIST', () => {
    const d = draftFromConfig({ ...DEFAULT_CONFIG, distill: { ...DEFAULT_CONFIG.distill, genInit: 'shifted' } });
    expect(checkDraft(switchDataset(d, 'mnist')).config?.distill.genInit).toBe('teacher');
  });

  it('configForDataset and defaultsFor agree with the schema', () => {
    expect(defaultsFor('8gaussians')).toBe(DEFAULT_CONFIG);
    expect(defaultsFor('moons').dataset).toBe('moons');
    expect(parseRunConfig(defaultsFor('mnist')).ok).toBe(true);
    expect(configForDataset(DEFAULT_CONFIG, 'mnist')).toEqual(defaultsFor('mnist'));
  });
});

describe('MNIST fields', () => {
  it('shows the MNIST ranges and options and notes the 2-D-only fields', () => {
    const b = fieldDefFor(def('distill.batch'), 'mnist');
    expect(b).toMatchObject({ min: 8, max: 512 });
    expect(fieldDefFor(def('distill.batch'), 'moons')).toMatchObject({ min: 64, max: 8192 });
    const g = fieldDefFor(def('distill.genInit'), 'mnist');
    expect(g.kind === 'enum' && g.options).toEqual(['teacher', 'random']);
    expect(disabledNote('embedDim', 'mnist')).toMatch(/784/);
    expect(disabledNote('teacher.width', 'mnist')).toMatch(/U-Net/);
    expect(disabledNote('embedDim', 'moons')).toBeNull();
    expect(disabledNote('distill.batch', 'mnist')).toBeNull();
  });

  it("says that MNIST's live teacher follows the shipped recipe, compressed to its steps", () => {
    expect(fieldDefFor(def('teacher.steps'), 'mnist').hint).toMatch(/recipe \(52,000 steps: .*guidance distillation.*compressed/);
    expect(fieldDefFor(def('teacher.lr'), 'mnist').hint).toMatch(/scaled by it \/ 0\.001/);
    expect(fieldDefFor(def('teacher.steps'), 'moons').hint).toBe(def('teacher.steps').hint);
    expect(fieldDefFor(def('teacher.steps'), 'moons').hint).not.toMatch(/recipe/);
  });

  it('flags out-of-range MNIST values with the MNIST range', () => {
    const d = draftFromConfig(mnistDefaults());
    d.text['distill.batch'] = '1024';
    const r = checkDraft(d);
    expect(r.config).toBeNull();
    expect(r.fieldErrors['distill.batch']).toBe('Must be a whole number from 8 to 512 for MNIST.');
    const t = draftFromConfig(DEFAULT_CONFIG);
    t.text['distill.batch'] = '16';
    expect(checkDraft(t).fieldErrors['distill.batch']).toBe('Must be a whole number from 64 to 8192.');
  });

  it("explains the schema's MNIST cross-field rules at the field", () => {
    const d = draftFromConfig(mnistDefaults());
    d.text.embedDim = '16';
    d.text['distill.genInit'] = 'shifted';
    const r = checkDraft(d);
    expect(r.fieldErrors.embedDim).toMatch(/no embedding/);
    expect(r.fieldErrors['distill.genInit']).toMatch(/teacher or from random/);
  });
});

describe('an MNIST run in the link', () => {
  it('the MNIST defaults are just dataset=mnist', () => {
    const hash = encodeUrlState({ ...DEFAULT_URL_STATE, config: mnistDefaults() });
    expect(hash).toBe('#dataset=mnist');
    const d = decodeUrlState(hash);
    expect(d.errors).toEqual([]);
    expect(d.config).toEqual(mnistDefaults());
  });

  it('round-trips an edited MNIST config', () => {
    const c = mnistWith((c) => {
      c.seed = 11;
      c.methods = ['vanilla', 'disback'];
      c.distill.steps = 20;
      c.distill.batch = 8;
      c.disback.s1 = 10;
      c.disback.nCheckpoints = 2;
      c.evalSamples = 64;
      c.evalEvery = 5;
    });
    const state = { ...DEFAULT_URL_STATE, config: c, autoplay: true };
    const hash = encodeUrlState(state);
    expect(hash).toContain('dataset=mnist');
    expect(hash).toContain('distill.batch=8');
    const d = decodeUrlState(hash);
    expect(d.errors).toEqual([]);
    expect(d.config).toEqual(c);
    expect(d.autoplay).toBe(true);
  });

  it('writes a value equal to the 2-D default but not to the MNIST one', () => {
    const c = mnistWith((c) => (c.evalEvery = DEFAULT_CONFIG.evalEvery));
    const hash = encodeUrlState({ ...DEFAULT_URL_STATE, config: c });
    expect(hash).toContain(`evalEvery=${DEFAULT_CONFIG.evalEvery}`);
    expect(decodeUrlState(hash).config).toEqual(c);
  });

  it('refuses an MNIST link with a 2-D-only value, with a message', () => {
    const d = decodeUrlState('#dataset=mnist&distill.batch=4096');
    expect(d.errors.join(' ')).toMatch(/distill\.batch/);
    expect(d.config).toEqual(DEFAULT_CONFIG);
    expect(decodeUrlState('#dataset=mnist&embedDim=16').errors.length).toBeGreaterThan(0);
  });

  it('2-D links are unchanged', () => {
    expect(decodeUrlState('#dataset=moons&evalEvery=5').config).toEqual({ ...DEFAULT_CONFIG, dataset: 'moons', evalEvery: 5 });
  });
});
