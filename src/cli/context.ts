/**
 * What a command needs from its surroundings: output streams (injectable, so tests run
 * commands in-process and capture everything), a progress bar on stderr, and a backend
 * (WebGPU through Dawn, or the CPU backend when forced or when no adapter exists).
 */
import type { Backend } from '../engine/backend';
import { CpuBackend } from '../engine/cpu/cpuBackend';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal: the progress bar redraws in place */
  tty: boolean;
  /** optional backend override (tests) */
  backend?: () => Promise<Backend>;
}

export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    tty: !!process.stderr.isTTY,
  };
}

/** A progress bar on stderr: redrawn in place on a terminal, a line per 10% otherwise. */
export class Progress {
  private lastLine = '';
  private lastDecile = -1;
  private lastDraw = 0;
  private t0 = Date.now();
  constructor(private readonly io: CliIo, private readonly enabled = true) {}

  update(label: string, frac: number): void {
    if (!this.enabled) return;
    const f = Math.max(0, Math.min(1, Number.isFinite(frac) ? frac : 0));
    const pct = Math.floor(f * 100);
    const secs = ((Date.now() - this.t0) / 1000).toFixed(0);
    if (this.io.tty) {
      const now = Date.now();
      if (now - this.lastDraw < 100 && f < 1) return;
      this.lastDraw = now;
      const width = 28;
      const full = Math.round(f * width);
      const line = `\r[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${String(pct).padStart(3)}% ${label} (${secs}s)`;
      this.io.err(line.padEnd(this.lastLine.length));
      this.lastLine = line;
    } else {
      // a line per tenth of the work, or when the stage (the label without its numbers) changes
      const decile = Math.floor(f * 10);
      const key = label.replace(/[-+]?\d[\d.e+-]*/g, '#');
      if (decile === this.lastDecile && key === this.lastLine) return;
      this.lastDecile = decile;
      this.lastLine = key;
      this.io.err(`[${String(pct).padStart(3)}%] ${label} (${secs}s)\n`);
    }
  }

  done(): void {
    if (this.enabled && this.io.tty && this.lastLine) this.io.err('\n');
    this.lastLine = '';
    this.lastDecile = -1;
  }
}

/** WebGPU via Dawn unless `forceCpu`; falls back to the CPU backend with a notice on stderr. */
async function openBackend(io: CliIo, forceCpu: boolean): Promise<Backend> {
  if (forceCpu) return new CpuBackend();
  try {
    const { createDawnBackend } = await import('../engine/node/dawn');
    return await createDawnBackend();
  } catch (e) {
    io.err(`notice: no WebGPU adapter (${e instanceof Error ? e.message : String(e)}); falling back to the CPU backend\n`);
    return new CpuBackend();
  }
}

/** Run `fn` on a backend; one the command opened itself is destroyed afterwards (an injected one is not). */
export async function withBackend<T>(io: CliIo, forceCpu: boolean, fn: (be: Backend) => Promise<T>): Promise<T> {
  if (io.backend) return fn(await io.backend());
  const be = await openBackend(io, forceCpu);
  try {
    return await fn(be);
  } finally {
    be.destroy();
  }
}

export const CREATED_BY = 'disback-playground cli 0.1.0';
