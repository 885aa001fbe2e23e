/** Serve the built page (dist/) with `vite preview` on a free local port for the e2e tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

let server: ChildProcess | null = null;

/**
 * Start `vite preview` on a random port and wait until it answers. Resolves to the URL, or to
 * null when the server exits first (e.g. the port was taken: --strictPort), so that the caller
 * tries another port; throws, with the server's last output, if it neither answers nor exits.
 */
async function startPreview(port: number): Promise<string | null> {
  const child = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  server = child;
  let out = '';
  const keep = (b: Buffer) => { out = (out + b.toString()).slice(-2000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  child.on('exit', () => { exited = true; });
  const url = `http://127.0.0.1:${port}/`;
  const t0 = Date.now();
  for (;;) {
    if (exited) return null; // before fetching: another server may hold the port
    try {
      const r = await fetch(url);
      if (r.ok) return url;
    } catch {
      /* not up yet */
    }
    if (Date.now() - t0 > 60_000) throw new Error(`vite preview did not start within 60 s on port ${port}; its output:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function setup(project: TestProject): Promise<void> {
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npx vite build` before the e2e tests (npm test does)');
  for (let attempt = 0; attempt < 5; attempt++) {
    const url = await startPreview(4173 + Math.floor(Math.random() * 2000));
    if (url) {
      project.provide('baseUrl', url);
      return;
    }
  }
  throw new Error('vite preview exited before answering on 5 random ports');
}

export async function teardown(): Promise<void> {
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
