/**
 * MNIST end to end: pick the data set in the form (the MNIST defaults load), shrink the run
 * to the smallest settings the schema allows, race vanilla and DisBack with the shipped
 * U-Net teacher on SwiftShader, and check that each method's 8 x 8 digit grid changes
 * between ticks and that FD points reach the charts; then the NFE panel draws teacher digits with
 * EDM's stochastic sampler. SwiftShader runs about 1 GFLOP/s here
 * and a U-Net pass is ~11 MFLOP per sample, so every setting is as small as allowed.
 */
import { describe, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { ARTIFACTS, screenshot, watch, useBrowser } from './browser';
import { canvasColours, canvasHash, state, waitFor, type DebugState } from './pageState';

const RACERS = ['vanilla', 'disback'] as const;
const TINY: Record<string, string> = {
  'distill.steps': '20',
  'distill.batch': '8',
  'disback.s1': '6',
  'disback.nCheckpoints': '2',
  'disback.kNode': '4',
  evalEvery: '1',
  evalSamples: '64',
};

const TOY_START: Record<string, string> = { 'disback.s1': '10', 'disback.nCheckpoints': '2', 'distill.batch': '64', evalSamples: '128' };

type MnistState = DebugState & { fdPoints?: Record<string, number>; dataset?: string; progress?: { label: string; frac: number } | null };

/** waitFor, logging the stage and the worker's progress every 15 s (slow software adapter). */
async function waitLogged(page: Page, pred: (s: MnistState) => boolean, what: string, timeoutMs: number): Promise<MnistState> {
  const t0 = Date.now();
  let last = 0;
  return (await waitFor(
    page,
    (s) => {
      const m = s as MnistState;
      if (Date.now() - last > 15_000) {
        last = Date.now();
        console.log(`[${((Date.now() - t0) / 1000).toFixed(0)} s] ${what}: stage ${m.stage}, ${m.progress ? `${m.progress.label} ${(m.progress.frac * 100).toFixed(0)} %` : 'no progress'}, points ${JSON.stringify(m.chartPoints)}`);
      }
      return pred(m);
    },
    what,
    timeoutMs,
  )) as MnistState;
}

async function fill(page: Page, path: string, value: string): Promise<void> {
  const input = page.getByTestId(`field-${path}`);
  await input.fill(value);
  expect(await input.inputValue()).toBe(value);
}

describe('MNIST in the page', () => {
  const browser = useBrowser();
  const base = inject('baseUrl');

  test('a tiny MNIST race: live digit grids and FD points for each method', async () => {
    const t0 = Date.now();
    const page = await browser().newPage({ viewport: { width: 1400, height: 1100 } });
    const w = watch(page);
    // start from a cheap 2-D run and let it settle: a run applied while another's stage 1 is
    // in flight waits for it (the default run's stage 1 takes minutes on SwiftShader)
    await page.goto(`${base}#${new URLSearchParams(TOY_START).toString()}`);
    await waitLogged(page, (s) => s.stage === 'ready', 'the small 2-D start page', 90_000);
    await page.getByTestId('dataset-select').selectOption('mnist');
    // the MNIST defaults load, and the 2-D-only settings are disabled with a note
    await expect.poll(() => page.getByTestId('field-distill.batch').inputValue()).toBe('16');
    expect(await page.getByTestId('field-embedDim').isDisabled()).toBe(true);
    expect(await page.getByTestId('mnist-note').count()).toBe(1);
    await page.evaluate(() => document.querySelectorAll('form.controls details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
    for (const [k, v] of Object.entries(TINY)) await fill(page, k, v);
    const warm = page.getByTestId('method-toggle-warmstart').locator('input');
    if (await warm.isChecked()) await warm.uncheck();
    for (const m of RACERS) expect(await page.getByTestId(`method-toggle-${m}`).locator('input').isChecked()).toBe(true);
    // the shipped (pretrained) U-Net teacher, not live training
    expect(await page.locator('input[name="teacher-mode"][value="pretrained"]').isChecked()).toBe(true);
    await page.getByTestId('apply').click();

    // the link now holds the MNIST run
    await expect.poll(() => page.url(), { timeout: 10_000 }).toContain('dataset=mnist');
    expect(page.url()).toContain('disback.nCheckpoints=2');
    const ready = await waitLogged(page, (s) => s.stage === 'ready' && !s.busy && s.pathCheckpoints > 0, 'the MNIST race to be ready', 480_000);
    expect(ready.dataset).toBe('mnist');
    expect(ready.pathCheckpoints).toBe(3);
    console.log(`MNIST ready after ${((Date.now() - t0) / 1000).toFixed(0)} s; backend ${ready.backend?.adapter}`);
    // the reference grids (teacher and real digits) and the checkpoint grids are drawn
    expect(await canvasColours(page, 'ref-teacher-canvas')).toBeGreaterThan(8);
    expect(await canvasColours(page, 'ref-data-canvas')).toBeGreaterThan(8);
    expect(await canvasColours(page, 'filmstrip-canvas')).toBeGreaterThan(8);

    await page.getByTestId('play').click();
    const first = await waitLogged(page, (s) => RACERS.every((m) => (s.chartPoints[m] ?? 0) >= 1), 'a first tick per method', 180_000);
    await page.waitForTimeout(300); // one animation frame to draw it
    const before: Record<string, string | null> = {};
    for (const m of RACERS) before[m] = await canvasHash(page, `samples-canvas-${m}`);
    const counts = (s: DebugState) => RACERS.map((m) => s.chartPoints[m] ?? 0);
    const later = await waitLogged(page, (s) => RACERS.every((m, i) => (s.chartPoints[m] ?? 0) >= counts(first)[i] + 2), 'two more ticks per method', 180_000);
    await page.waitForTimeout(300);
    for (const m of RACERS) {
      const after = await canvasHash(page, `samples-canvas-${m}`);
      expect(before[m], `${m} grid drawn`).not.toBeNull();
      expect(after, `${m} grid changed between ticks`).not.toBe(before[m]);
      expect(await canvasColours(page, `samples-canvas-${m}`)).toBeGreaterThan(8);
      expect(later.fdPoints?.[m] ?? 0, `${m} FD points`).toBeGreaterThanOrEqual(2);
    }
    // FD chart: one drawn curve per method
    await expect
      .poll(() => page.locator('[data-testid="chart-fd"] path.recharts-curve').count(), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(RACERS.length);
    expect(await page.getByTestId('chart-classes').count()).toBe(1);
    expect(await page.getByTestId('trajectory-metric').textContent()).toMatch(/Fréchet/);
    for (const m of RACERS) expect(await page.getByTestId(`method-fd-${m}`).textContent()).toMatch(/\d/);
    await page.getByTestId('pause').click();
    await waitFor(page, (s) => s.stage === 'paused' || s.stage === 'done', 'the race to pause');
    await screenshot(page, 'mnist-race');
    // the NFE panel: teacher digits drawn with EDM's stochastic sampler (3 steps, 16 digits)
    await page.getByTestId('nfe').locator('input[type="number"]').first().fill('3');
    await page.getByTestId('nfe-n').fill('16');
    await page.getByTestId('nfe-sampler').selectOption('sde');
    await page.getByTestId('nfe-run').click();
    await expect.poll(() => page.getByTestId('nfe').locator('figcaption').first().textContent(), { timeout: 120_000 }).toMatch(/3 Heun steps, stochastic \(S_churn 40\)/);
    expect(await canvasColours(page, 'nfe-teacher-canvas')).toBeGreaterThan(8);
    expect(await page.getByTestId('nfe-error').count()).toBe(0);
    await page.getByTestId('nfe').screenshot({ path: join(ARTIFACTS, 'mnist-nfe.png') });
    const s = await state(page);
    expect(s.messages.filter((m) => m.level === 'error')).toEqual([]);
    expect(s.messages.filter((m) => /training one live/i.test(m.text))).toEqual([]);
    expect(w.errors.filter((e) => !/favicon/.test(e))).toEqual([]);
    console.log(`MNIST e2e: ${((Date.now() - t0) / 1000).toFixed(0)} s, steps ${JSON.stringify(s.steps)}`);
    await page.close();
  }, 900_000);
});
