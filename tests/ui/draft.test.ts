import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/schema';
import { ALL_FIELDS } from '../../src/ui/controls/fieldDefs';
import { checkDraft, draftFromConfig } from '../../src/ui/controls/draft';
import { flattenConfig } from '../../src/ui/urlState';

describe('controls draft', () => {
  it('covers every field of the schema', () => {
    const paths = [...flattenConfig(DEFAULT_CONFIG as unknown as Record<string, unknown>).keys()].filter((k) => k !== 'dataset' && k !== 'methods');
    expect(ALL_FIELDS.map((f) => f.path).sort()).toEqual(paths.sort());
  });

  it('reads ranges and options from the schema', () => {
    const lr = ALL_FIELDS.find((f) => f.path === 'distill.lrG');
    expect(lr).toMatchObject({ kind: 'number', min: 1e-6, max: 0.1, int: false });
    const k = ALL_FIELDS.find((f) => f.path === 'distill.kFake');
    expect(k).toMatchObject({ min: 1, max: 5, int: true });
    const sp = ALL_FIELDS.find((f) => f.path === 'disback.spacing');
    expect(sp).toMatchObject({ kind: 'enum', options: ['even', 'geometric', 'distance'] });
  });

  it('the defaults are valid and round-trip', () => {
    const r = checkDraft(draftFromConfig(DEFAULT_CONFIG));
    expect(r.fieldErrors).toEqual({});
    expect(r.config).toEqual(DEFAULT_CONFIG);
  });

  it('flags bad fields inline and yields no config', () => {
    const d = draftFromConfig(DEFAULT_CONFIG);
    d.text['distill.lrG'] = '5';
    d.text['distill.kFake'] = '2.5';
    d.text['seed'] = 'abc';
    d.text['teacher.width'] = '';
    const r = checkDraft(d);
    expect(r.config).toBeNull();
    expect(r.fieldErrors['distill.lrG']).toMatch(/from 1e-6 to 0.1/);
    expect(r.fieldErrors['distill.kFake']).toMatch(/whole number/);
    expect(r.fieldErrors['seed']).toBe('Not a number.');
    expect(r.fieldErrors['teacher.width']).toBe('Required.');
  });

  it('checks methods and the cross-field rule', () => {
    const d = draftFromConfig(DEFAULT_CONFIG);
    d.methods = [];
    expect(checkDraft(d).fieldErrors.methods).toBeTruthy();
    const m = draftFromConfig(DEFAULT_CONFIG);
    m.dataset = 'mnist';
    m.text.embedDim = '16';
    expect(checkDraft(m).fieldErrors.embedDim).toBeTruthy();
  });
});
