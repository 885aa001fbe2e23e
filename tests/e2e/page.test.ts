/**
 * The page end to end: built site, real trainer worker, WebGPU on SwiftShader in headless
 * Debian chromium. A small race of all three methods, then the controls, the URL and the
 * CPU fallback.
 */
import { describe, expect, inject, test } from 'vitest';
import { launch, screenshot, watch, useBrowser } from './browser';
import { canvasColours, METHODS, small, state, waitFor } from './pageState';

describe('the playground page', () => {
  const browser = useBrowser();
  const base = inject('baseUrl');

  test('a small race of all three methods runs live on WebGPU', async () => {
    const page = await browser().newPage({ viewport: { width: 1400, height: 1000 } });
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
    const page = await browser().newPage();
    await page.goto(`${base}`);
    const s = await waitFor(page, (s) => s.stage === 'recording' || s.stage === 'ready', 'the pretrained teacher', 120_000);
    expect(s.messages.filter((m) => /training one live/i.test(m.text))).toEqual([]);
    await page.close();
  });

  test('the URL carries the config and seed, and a tampered URL gives a message and the defaults', async () => {
    const page = await browser().newPage();
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
