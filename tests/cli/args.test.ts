import { describe, expect, it } from 'vitest';
import { type FlagDef, formatHelp, parseFlags, UsageError } from '../../src/cli/args';
import { buildRunConfig, CONFIG_FLAGS, configFlagDefs } from '../../src/cli/configFlags';
import { DEFAULT_CONFIG } from '../../src/config/schema';

const defs: FlagDef[] = [
  { name: 'n', kind: 'int', default: 10, min: 1, max: 100, help: 'count' },
  { name: 'lr', kind: 'number', help: 'rate' },
  { name: 'mode', kind: 'enum', choices: ['a', 'b'], default: 'a', help: 'mode' },
  { name: 'out', kind: 'string', required: true, help: 'output' },
  { name: 'json', kind: 'bool', help: 'json' },
];

const err = (argv: string[], d = defs) => {
  try {
    parseFlags(argv, d);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('parseFlags', () => {
  it('parses values, = forms, switches and defaults', () => {
    const f = parseFlags(['--out', 'x.csv', '--lr=2e-3', '--json', '--mode', 'b'], defs);
    expect(f.values).toEqual({ out: 'x.csv', lr: 0.002, json: true, mode: 'b', n: 10 });
    expect([...f.given]).toEqual(['out', 'lr', 'json', 'mode']);
    expect(parseFlags(['--out', 'o', '--lr', '-1.5'], defs).values.lr).toBe(-1.5);
  });
  it('refuses unknown, repeated, valueless and positional arguments', () => {
    expect(err(['--out', 'o', '--bogus', '1'])).toMatch(/unknown flag --bogus/);
    expect(err(['--out', 'o', '--n', '1', '--n', '2'])).toMatch(/more than once/);
    expect(err(['--out'])).toMatch(/--out needs a value/);
    expect(err(['--out', '--json'])).toMatch(/--out needs a value/);
    expect(err(['--out', 'o', 'stray'])).toMatch(/unexpected argument 'stray'/);
    expect(err(['--out', 'o', '--json=yes'])).toMatch(/switch/);
    expect(err(['--n', '3'])).toMatch(/--out is required/);
  });
  it('refuses malformed and out-of-range numbers, bad choices', () => {
    expect(err(['--out', 'o', '--n', 'abc'])).toMatch(/--n: 'abc' is not a number/);
    expect(err(['--out', 'o', '--n', '2.5'])).toMatch(/not an integer/);
    expect(err(['--out', 'o', '--n', '0'])).toMatch(/below the minimum 1/);
    expect(err(['--out', 'o', '--n', '1e9'])).toMatch(/above the maximum 100/);
    expect(err(['--out', 'o', '--lr', '1e999'])).toMatch(/out of range/);
    expect(err(['--out', 'o', '--lr', '0x10'])).toMatch(/not a number/);
    expect(err(['--out', 'o', '--mode', 'c'])).toMatch(/'c' is not one of a, b/);
  });
  it('--help skips the required checks; the help lists every flag', () => {
    expect(parseFlags(['--help'], defs).help).toBe(true);
    const h = formatHelp('cli x', 'does x', defs);
    for (const d of defs) expect(h).toContain(`--${d.name}`);
    expect(h).toContain('(required)');
  });
});

describe('RunConfig flags', () => {
  it('cover every leaf of the RunConfig except dataset and methods', () => {
    const leaves: string[] = [];
    const walk = (o: Record<string, unknown>, p: string[]) => {
      for (const [k, v] of Object.entries(o)) {
        if (v && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, [...p, k]);
        else leaves.push([...p, k].join('.'));
      }
    };
    walk(DEFAULT_CONFIG as unknown as Record<string, unknown>, []);
    const covered = CONFIG_FLAGS.map((c) => c.path.join('.'));
    expect(leaves.filter((l) => !covered.includes(l)).sort()).toEqual(['dataset', 'methods']);
  });
  it('enum choices agree with the schema', () => {
    for (const c of CONFIG_FLAGS.filter((x) => x.kind === 'enum')) {
      for (const choice of c.choices!) {
        const f = parseFlags([`--${c.flag}`, choice], configFlagDefs());
        expect(() => buildRunConfig(f, '8gaussians', ['vanilla'])).not.toThrow();
      }
    }
  });
  it('maps schema errors back to flag names', () => {
    const f = parseFlags(['--k-fake', '9', '--steps', '0'], configFlagDefs());
    expect(() => buildRunConfig(f, '8gaussians', ['vanilla'])).toThrow(/--k-fake: .*5.*; --steps: /);
    const g = parseFlags(['--lr-g', '2'], configFlagDefs());
    expect(() => buildRunConfig(g, '8gaussians', ['vanilla'])).toThrow(/--lr-g/);
  });
});
