/**
 * A small strict flag parser: `--name value` or `--name=value`, boolean switches, no
 * positional arguments. Unknown flags, repeated flags, missing values and malformed
 * numbers are refused with a UsageError naming the flag (the CLI exits with status 2).
 */

export class UsageError extends Error {
  override name = 'UsageError';
}

export type FlagKind = 'int' | 'number' | 'string' | 'bool' | 'enum';
export type FlagValue = string | number | boolean;

export interface FlagDef {
  /** the flag name without the leading dashes */
  name: string;
  kind: FlagKind;
  help: string;
  choices?: readonly string[];
  default?: FlagValue;
  required?: boolean;
  /** inclusive bounds for int/number flags (config flags are range-checked by the zod schema instead) */
  min?: number;
  max?: number;
  /** placeholder in the help text */
  meta?: string;
}

export interface ParsedFlags {
  /** given values, then defaults */
  values: Record<string, FlagValue | undefined>;
  /** flags given on the command line */
  given: Set<string>;
  help: boolean;
}

const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseNumber(flag: string, raw: string, kind: 'int' | 'number'): number {
  if (!NUM_RE.test(raw.trim())) throw new UsageError(`--${flag}: '${raw}' is not a number`);
  const v = Number(raw);
  if (!Number.isFinite(v)) throw new UsageError(`--${flag}: '${raw}' is out of range`);
  if (kind === 'int' && !Number.isInteger(v)) throw new UsageError(`--${flag}: '${raw}' is not an integer`);
  return v;
}

function convert(def: FlagDef, raw: string): FlagValue {
  switch (def.kind) {
    case 'int':
    case 'number': {
      const v = parseNumber(def.name, raw, def.kind);
      if (def.min !== undefined && v < def.min) throw new UsageError(`--${def.name}: ${v} is below the minimum ${def.min}`);
      if (def.max !== undefined && v > def.max) throw new UsageError(`--${def.name}: ${v} is above the maximum ${def.max}`);
      return v;
    }
    case 'enum':
      if (!def.choices?.includes(raw)) throw new UsageError(`--${def.name}: '${raw}' is not one of ${def.choices?.join(', ')}`);
      return raw;
    case 'string':
      if (raw.length === 0) throw new UsageError(`--${def.name}: the value is empty`);
      return raw;
    case 'bool':
      throw new UsageError(`--${def.name} is a switch and takes no value`);
  }
}

function nearest(name: string, defs: readonly FlagDef[]): string {
  const cands = defs.map((d) => d.name).filter((n) => n.includes(name) || name.includes(n));
  return cands.length ? ` (did you mean ${cands.slice(0, 3).map((c) => `--${c}`).join(', ')}?)` : '';
}

export function parseFlags(argv: readonly string[], defs: readonly FlagDef[]): ParsedFlags {
  const byName = new Map(defs.map((d) => [d.name, d]));
  const values: Record<string, FlagValue | undefined> = {};
  const given = new Set<string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      help = true;
      continue;
    }
    if (!a.startsWith('--') || a.length === 2) throw new UsageError(`unexpected argument '${a}' (every option is a --flag; see --help)`);
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    const def = byName.get(name);
    if (!def) throw new UsageError(`unknown flag --${name}${nearest(name, defs)}`);
    if (given.has(name)) throw new UsageError(`--${name} is given more than once`);
    given.add(name);
    if (def.kind === 'bool') {
      if (eq >= 0) throw new UsageError(`--${name} is a switch and takes no value`);
      values[name] = true;
      continue;
    }
    let raw: string;
    if (eq >= 0) raw = a.slice(eq + 1);
    else {
      const next = argv[i + 1];
      // a following flag is not a value; a negative number is
      if (next === undefined || (next.startsWith('--') && !NUM_RE.test(next)) || next === '-h') throw new UsageError(`--${name} needs a value`);
      raw = next;
      i++;
    }
    values[name] = convert(def, raw);
  }
  if (!help) {
    for (const d of defs) if (d.required && !given.has(d.name)) throw new UsageError(`--${d.name} is required`);
  }
  for (const d of defs) if (values[d.name] === undefined && d.default !== undefined) values[d.name] = d.default;
  return { values, given, help };
}

export function formatHelp(usage: string, summary: string, defs: readonly FlagDef[]): string {
  const rows = defs.map((d) => {
    const meta = d.kind === 'bool' ? '' : ` <${d.meta ?? (d.kind === 'enum' ? d.choices?.join('|') : d.kind)}>`;
    const extra = [d.required ? 'required' : '', d.default !== undefined && d.kind !== 'bool' ? `default ${d.default}` : ''].filter(Boolean).join(', ');
    return [`  --${d.name}${meta}`, `${d.help}${extra ? ` (${extra})` : ''}`];
  });
  const w = Math.min(34, Math.max(...rows.map((r) => r[0].length)) + 2);
  const lines = rows.map(([a, b]) => (a.length >= w ? `${a}\n${' '.repeat(w)}${b}` : `${a.padEnd(w)}${b}`));
  return `${summary}\n\nUsage: ${usage}\n\nOptions:\n${lines.join('\n')}\n  --help${' '.repeat(Math.max(1, w - 8))}show this help\n`;
}

/** Typed getters for parsed values (the parser guarantees the kinds). */
export function getNum(f: ParsedFlags, name: string): number {
  const v = f.values[name];
  if (typeof v !== 'number') throw new UsageError(`--${name} is required`);
  return v;
}
export function getStr(f: ParsedFlags, name: string): string {
  const v = f.values[name];
  if (typeof v !== 'string') throw new UsageError(`--${name} is required`);
  return v;
}
export function optStr(f: ParsedFlags, name: string): string | undefined {
  const v = f.values[name];
  return typeof v === 'string' ? v : undefined;
}
export function getBool(f: ParsedFlags, name: string): boolean {
  return f.values[name] === true;
}

/** The command line that produced these flags (for reports), in the order given. */
export function commandLine(command: string, f: ParsedFlags): string {
  const parts = [...f.given].map((n) => (f.values[n] === true ? `--${n}` : `--${n} ${String(f.values[n])}`));
  return ['npm run cli --', command, ...parts].join(' ');
}
