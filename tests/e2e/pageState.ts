/** Shared helpers for the e2e tests: the small config, the page's debug state, canvas checks, downloads. */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

export const SMALL_CONFIG: Record<string, string> = {
  teacher: 'train', 'teacher.steps': '60', 'teacher.batch': '256', 'teacher.width': '64',
  'disback.s1': '30', 'disback.nCheckpoints': '4', 'disback.kNode': '10',
  'distill.batch': '128', 'distill.steps': '400', evalSamples: '128', evalEvery: '5',
};
/** The hash of a small, fast run, with overrides (the page refuses duplicate keys). */
export const small = (over: Record<string, string> = {}) => new URLSearchParams({ ...SMALL_CONFIG, ...over }).toString();

export const METHODS = ['vanilla', 'warmstart', 'disback'];

export interface DebugState {
  stage: string;
  busy: boolean;
  backend: { kind: string; adapter: string; fallbackReason?: string } | null;
  steps: Record<string, number>;
  chartPoints: Record<string, number>;
  pathCheckpoints: number;
  messages: { level: string; text: string }[];
}

export const state = (page: Page) => page.evaluate(() => (window as unknown as { __disback: { getState(): unknown } }).__disback.getState()) as Promise<DebugState>;

export async function waitFor(page: Page, pred: (s: DebugState) => boolean, what: string, timeoutMs = 240_000): Promise<DebugState> {
  const t0 = Date.now();
  let s = await state(page);
  while (!pred(s)) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}; last state ${JSON.stringify(s).slice(0, 600)}`);
    if (s.stage === 'error') throw new Error(`page reached the error stage while waiting for ${what}: ${JSON.stringify(s.messages)}`);
    await page.waitForTimeout(250);
    s = await state(page);
  }
  return s;
}

/** Number of distinct colours on a canvas (a blank canvas has one or two). */
export const canvasColours = (page: Page, testId: string) =>
  page.evaluate((id) => {
    const c = document.querySelector(`[data-testid="${id}"]`) as HTMLCanvasElement | null;
    if (!c) return -1;
    const ctx = c.getContext('2d');
    if (!ctx) return -2;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 16) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  }, testId);

/** Click a download button and return the saved file's name and bytes. */
export async function download(page: Page, testId: string, timeout = 60_000): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout }), page.getByTestId(testId).click()]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(path) };
}

/** A hash of a canvas's pixels (FNV-1a over the RGBA bytes), to tell whether its drawing changed; null if it is missing. */
export const canvasHash = (page: Page, testId: string) =>
  page.evaluate((id) => {
    const c = document.querySelector(`[data-testid="${id}"]`) as HTMLCanvasElement | null;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !c.width || !c.height) return null;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let h = 0x811c9dc5;
    for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 0x01000193) >>> 0;
    return `${c.width}x${c.height}:${h.toString(16)}`;
  }, testId);
