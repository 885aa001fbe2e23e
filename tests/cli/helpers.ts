/** Run CLI commands in-process with captured output. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../../src/engine/backend';
import { runCli } from '../../src/cli/run';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function cli(argv: string[], backend?: () => Promise<Backend>): Promise<CliRun> {
  let out = '', err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), tty: false, backend });
  return { code, out, err };
}

export function tmp(tag: string): string {
  return mkdtempSync(join(tmpdir(), `disback-cli-${tag}-`));
}

/** A tiny teacher config: fast on the CPU backend. */
export const TINY_TEACHER = ['--steps', '3', '--batch', '64', '--width', '16', '--depth', '1', '--pool', '256', '--cpu'];

/** Drop wall-clock fields (the only non-deterministic parts of the outputs). */
export function stripTiming(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripTiming);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!['wall', 'seconds', 'stage1Seconds', 'msPerStep'].includes(k)) o[k] = stripTiming(x);
    return o;
  }
  return v;
}
