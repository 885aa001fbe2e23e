import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseRunConfig, type RunConfig } from '../../src/config/schema';
import {
  DEFAULT_URL_STATE,
  MAX_HASH_LENGTH,
  MAX_POINTS,
  decodePoints,
  decodeUrlState,
  encodePoints,
  encodeUrlState,
  readLocation,
  snapCoord,
  type UrlState,
} from '../../src/ui/urlState';

function withConfig(patch: (c: RunConfig) => void): RunConfig {
  const c = structuredClone(DEFAULT_CONFIG);
  patch(c);
  const r = parseRunConfig(c);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.config;
}

describe('urlState round trip', () => {
  it('defaults encode to an empty hash and decode back', () => {
    expect(encodeUrlState(DEFAULT_URL_STATE)).toBe('');
    const d = decodeUrlState('');
    expect(d.errors).toEqual([]);
    expect(d.config).toEqual(DEFAULT_CONFIG);
    expect(decodeUrlState('#').config).toEqual(DEFAULT_CONFIG);
  });

  it('writes only non-default values, readably', () => {
    const config = withConfig((c) => {
      c.dataset = 'moons';
      c.seed = 42;
      c.methods = ['vanilla', 'disback'];
      c.distill.lrG = 2e-4;
    });
    const hash = encodeUrlState({ ...DEFAULT_URL_STATE, config });
    expect(hash).toBe('#dataset=moons&seed=42&methods=vanilla,disback&distill.lrG=0.0002');
  });

  it('round-trips every kind of field', () => {
    const config = withConfig((c) => {
      c.dataset = 'swissroll';
      c.embedDim = 32;
      c.seed = 2 ** 31 - 1;
      c.methods = ['vanilla_k5', 'warmstart', 'disback', 'vanilla'];
      c.teacher.emaDecay = 0.99991;
      c.distill.lrPhi = 1.2345678901234e-5;
      c.distill.genInit = 'random';
      c.distill.weighting = 'diffinstruct';
      c.disback.spacing = 'distance';
      c.disback.schedule = 'adaptive';
      c.disback.adaptiveFrac = 0.33;
      c.evalSamples = 4096;
    });
    const state: UrlState = { config, points: null, teacherMode: 'train', forceCpu: true, autoplay: true };
    const d = decodeUrlState(encodeUrlState(state));
    expect(d.errors).toEqual([]);
    expect(d.config).toEqual(config);
    expect(d.teacherMode).toBe('train');
    expect(d.forceCpu).toBe(true);
    expect(d.autoplay).toBe(true);
  });

  it('round-trips drawn points exactly once snapped to the grid', () => {
    const pts = new Float32Array([0.1, -0.5, 1.9, 1.99, -2, 2, 0.333, 0.777].map(snapCoord));
    const config = withConfig((c) => {
      c.dataset = 'points';
    });
    const d = decodeUrlState(encodeUrlState({ ...DEFAULT_URL_STATE, config, points: pts }));
    expect(d.errors).toEqual([]);
    expect(Array.from(d.points!)).toEqual(Array.from(pts));
    expect(decodePoints(encodePoints(pts))).toEqual(pts);
  });

  it('reads ?autoplay from the query string', () => {
    expect(readLocation({ hash: '', search: '?autoplay' }).autoplay).toBe(true);
    expect(readLocation({ hash: '', search: '' }).autoplay).toBe(false);
  });
});

describe('urlState refuses hostile hashes', () => {
  const refused = (hash: string) => {
    const d = decodeUrlState(hash);
    expect(d.errors.length).toBeGreaterThan(0);
    expect(d.config).toEqual(DEFAULT_CONFIG);
    expect(d.points).toBeNull();
    expect(d.autoplay).toBe(false);
    return d.errors.join(' ');
  };

  it('oversized', () => {
    expect(refused('#seed=1&' + 'x'.repeat(MAX_HASH_LENGTH + 10))).toMatch(/too long/);
  });

  it('wrong types', () => {
    refused('#seed=abc');
    refused('#seed=1.5');
    refused('#seed=-1');
    refused('#distill.batch=true');
    refused('#dataset=42');
    refused('#methods=vanilla,nonsense');
    refused('#methods=');
    refused('#teacher=banana');
  });

  it('NaN, Infinity and odd number spellings', () => {
    for (const v of ['NaN', 'Infinity', '-Infinity', '0x10', '1e999', ' 1', '1_000', '']) refused(`#distill.lrG=${encodeURIComponent(v)}`);
  });

  it('unknown keys, prototype keys and nested objects', () => {
    refused('#foo=1');
    refused('#__proto__=1');
    refused('#constructor.prototype=1');
    refused('#distill=1');
    refused('#distill.nope=1');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('duplicate keys', () => {
    refused('#seed=1&seed=2');
  });

  it('cross-field rules of the schema', () => {
    refused('#dataset=mnist&embedDim=16');
  });

  it('script-like strings are reported as quoted, shortened text', () => {
    const msg = refused('#dataset=' + encodeURIComponent('<img src=x onerror=alert(1)>'));
    expect(msg).toContain('dataset');
    const long = refused('#' + encodeURIComponent('<script>alert(1)</script>'.repeat(10)) + '=1');
    expect(long).toContain('…');
    expect(long.length).toBeLessThan(200);
  });

  it('garbage', () => {
    refused('#%E0%A4%A');
    refused('#&&&=&==');
    refused('#\u0000\u0001=\u0002');
  });

  it('bad points', () => {
    refused('#dataset=points&pts=' + 'A'.repeat(Math.ceil((MAX_POINTS * 2 * 4) / 3) + 4));
    refused('#dataset=points&pts=ab*c');
    refused('#dataset=points&pts=AA'); // one byte: an odd number of coordinates
    refused('#dataset=points&pts=AAAA'); // three bytes
    refused('#pts=AAA'); // points without the points data set
    expect(decodeUrlState('#dataset=points&pts=AAA').errors).toEqual([]);
    expect(decodeUrlState('#dataset=points&pts=AAAAAA').points).toHaveLength(4);
  });
});
