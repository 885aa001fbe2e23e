/**
 * The page end to end: built site, real trainer worker, WebGPU on SwiftShader in headless
 * Debian chromium. A small race of all three methods, then the controls, the URL and the
 * CPU fallback.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, screenshot, watch } from './browser';

const SMALL_CONFIG: Record<string, string> = {
  teacher: 'train', 'teacher.steps': '60', 'teacher.batch': '256', 'teacher.width': '64',
  'disback.s1': '30', 'disback.nCheckpoints': '4', 'disback.kNode': '10',
  'distill.batch': '128', 'distill.steps': '400', evalSamples: '128', evalEvery: '5',
};
/** The hash of a small, fast run, with overrides (the page refuses duplicate keys). */
const small = (over: Record<string, string> = {}) => new URLSearchParams({ ...SMALL_CONFIG, ...over }).toString();

interface DebugState {
  stage: string;
  backend: { kind: string; adapter: string; fallbackReason?: string } | null;
  steps: Record<string, number>;
  chartPoints: Record<string, number>;
  pathCheckpoints: number;
  messages: { level: string; text: string }[];
}

const state = (page: Page) => page.evaluate(() => (window as unknown as { __disback: { getState(): unknown } }).__disback.getState()) as Promise<DebugState>;

async function waitFor(page: Page, pred: (s: DebugState) => boolean, what: string, timeoutMs = 240_000): Promise<DebugState> {
  const t0 = Date.now();
  let s = await state(page);
  while (!pred(s)) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}; last state ${JSON.stringify(s).slice(0, 600)}`);
    if (s.stage === 'error') throw new Error(`page reached the error stage while waiting for ${what}: ${JSON.stringify(s.messages)}`);
    await page.waitForTimeout(500);
    s = await state(page);
  }
  return s;
}

/** Number of distinct colours on a canvas (a blank canvas has one or two). */
const canvasColours = (page: Page, testId: string) =>
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

const METHODS = ['vanilla', 'warmstart', 'disback'];

describe('the playground page', () => {
  let browser: Browser;
  const base = inject('baseUrl');
  beforeAll(async () => {
    browser = await launch({ webgpu: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('a small race of all three methods runs live on WebGPU', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const w = watch(page);
    await page.goto(`${base}#${small({ seed: '3', autoplay: '1' })}`);
    const s = await waitFor(page, (s) => METHODS.every((m) => (s.chartPoints[m] ?? 0) >= 3), 'three chart points per method');
    expect(s.backend?.kind).toBe('webgpu');
    const hud = await page.getByTestId('hud-adapter').textContent();
    console.log('HUD adapter:', hud);
    expect(hud?.toLowerCase()).toMatch(/swiftshader|webgpu/);
    for (const m of METHODS) {
      expect(await canvasColours(page, `samples-canvas-${m}`)).toBeGreaterThan(8);
      await expect(page.getByTestId(`trajectory-${m}`).count()).resolves.toBeGreaterThan(0);
    }
    for (const chart of ['chart-sw2', 'chart-mismatch']) {
      expect(await page.locator(`[data-testid="${chart}"] .recharts-line path, [data-testid="${chart}"] path.recharts-curve`).count()).toBeGreaterThan(0);
    }
    expect(s.pathCheckpoints).toBeGreaterThan(1);
    // pause really stops the step counter
    await page.getByTestId('pause').click();
    await waitFor(page, (s) => s.stage === 'paused', 'the paused stage');
    await page.waitForTimeout(500); // the last snapshot crosses the worker boundary
    const a = await state(page);
    await page.waitForTimeout(3000);
    const b = await state(page);
    expect(b.steps).toEqual(a.steps);
    const speedText = await page.getByTestId('hud-steps').textContent();
    console.log('steps/s in headless chromium (SwiftShader):', speedText);
    await screenshot(page, 'race-webgpu');
    expect(w.errors.filter((e) => !/favicon/.test(e))).toEqual([]);
    // every request stays on this origin
    const origin = new URL(base).origin;
    expect(w.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    await page.close();
  });

  test('the default page loads the shipped 8-gaussians teacher (no live training)', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}`);
    const s = await waitFor(page, (s) => s.stage === 'recording' || s.stage === 'ready', 'the pretrained teacher', 120_000);
    expect(s.messages.filter((m) => /training one live/i.test(m.text))).toEqual([]);
    await page.close();
  });

  test('the URL carries the config and seed, and a tampered URL gives a message and the defaults', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}#${small({ seed: '77', dataset: 'moons' })}`);
    await expect.poll(() => page.getByTestId('field-seed').inputValue(), { timeout: 20_000 }).toBe('77');
    expect(await page.getByTestId('dataset-select').inputValue()).toBe('moons');
    expect(page.url()).toContain('seed=77');
    await page.goto('about:blank');
    await page.goto(`${base}#seed=NaN&dataset=<script>alert(1)</script>&bogus=1`);
    await expect.poll(() => page.getByTestId('url-error').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const msg = await page.getByTestId('url-error').textContent();
    expect(msg?.length).toBeGreaterThan(10);
    expect(await page.getByTestId('field-seed').inputValue()).toBe('0');
    expect(await page.locator('script:not([src])').count()).toBe(0);
    await screenshot(page, 'tampered-url');
    await page.close();
  });
});

describe('without WebGPU', () => {
  test('the CPU banner appears and training still advances', async () => {
    const browser = await launch({ webgpu: false });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(`${inject('baseUrl')}#${small({ 'distill.batch': '64', autoplay: '1' })}`);
      await expect.poll(() => page.getByTestId('cpu-banner').count(), { timeout: 60_000 }).toBeGreaterThan(0);
      const s = await waitFor(page, (s) => METHODS.every((m) => (s.steps[m] ?? 0) >= 10), 'ten steps per method on the CPU');
      expect(s.backend?.kind).toBe('cpu');
      await screenshot(page, 'race-cpu');
    } finally {
      await browser.close();
    }
  });
});
