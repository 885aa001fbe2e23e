/**
 * Reliability and security of the built page in headless chromium (WebGPU on SwiftShader),
 * served by `vite preview` with the site's Content-Security-Policy as a header (and as the
 * page's meta tag):
 *  - a full run (race, ONNX export, onnxruntime-web) makes only same-origin requests, logs
 *    no CSP violation, and the trainer worker really runs under the policy;
 *  - the UI refuses an out-of-range learning rate before sending it;
 *  - a forced device loss mid-race is recovered with a message, and the race goes on;
 *  - run files: saved, a garbage file refused with the run intact, reopened;
 *  - a reload offers the saved run; Resume brings back the steps and charts, and it races on.
 */
import { describe, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser } from './browser';
import { download, METHODS, small, state, waitFor } from './pageState';

const cspEvents = (page: Page) => page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);

describe('reliability and security of the page', () => {
  const browser = useBrowser();
  const base = inject('baseUrl');
  const origin = new URL(base).origin;

  test('a full run: same-origin requests only, no CSP violations, the worker under the policy', async () => {
    const context = await browser().newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    const requests: string[] = [];
    const console_: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    page.on('console', (m) => console_.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => console_.push(`pageerror: ${e}`));
    const response = await page.goto(`${base}#${small({ seed: '11', autoplay: '1' })}`);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toMatch(/default-src 'self'/);
    await waitFor(page, (s) => METHODS.every((m) => (s.chartPoints[m] ?? 0) >= 2), 'two chart points per method');
    await page.getByTestId('pause').click();
    await waitFor(page, (s) => s.stage === 'paused', 'the paused stage');

    // protobufjs (ONNX export) and onnxruntime-web run in the worker under the policy
    const student = await download(page, 'onnx-download-student-disback');
    expect(student.bytes.length).toBeGreaterThan(1000);
    await page.getByTestId('onnx-method').selectOption('disback');
    await page.getByTestId('onnx-n').fill('256');
    await page.getByTestId('onnx-run').click();
    await page.getByTestId('onnx-provider').waitFor({ timeout: 120_000 });
    console.log('onnxruntime-web under the CSP:', (await page.getByTestId('onnx-provider').textContent())?.trim());

    // the worker has the policy: a cross-origin fetch from it is refused by connect-src
    const worker = page.workers()[0];
    expect(worker).toBeDefined();
    const inWorker = await worker.evaluate(async () => {
      const seen: string[] = [];
      self.addEventListener('securitypolicyviolation', (e) => seen.push((e as SecurityPolicyViolationEvent).violatedDirective));
      await fetch('http://127.0.0.1:9/probe').catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
      return seen;
    });
    expect(inWorker).toContain('connect-src');
    const probeLines = (l: string) => /127\.0\.0\.1:9\/probe/.test(l);

    await screenshot(page, 'csp-run');
    expect(await cspEvents(page)).toEqual([]);
    expect(console_.filter((l) => /Content Security Policy|Refused to/i.test(l) && !probeLines(l))).toEqual([]);
    expect(console_.filter((l) => /^(error|pageerror)/.test(l) && !/favicon/.test(l) && !probeLines(l))).toEqual([]);
    const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:') && !probeLines(u));
    expect(foreign).toEqual([]);
    expect(requests.some((u) => /ort-wasm.*\.wasm/.test(u))).toBe(true);
    console.log(`${requests.length} requests, all same-origin`);
    await context.close();
  });

  test('device loss, run files, bad input, reload and resume', async () => {
    const context = await browser().newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}#${small({ seed: '12', autoplay: '1', 'distill.steps': '2000' })}`);
    await waitFor(page, (s) => METHODS.every((m) => (s.chartPoints[m] ?? 0) >= 3), 'three chart points per method');

    // the UI refuses an out-of-range learning rate before sending it
    await page.getByTestId('field-distill.lrG').fill('5');
    expect(await page.getByTestId('apply').isDisabled()).toBe(true);
    await page.getByTestId('field-distill.lrG').fill('0.0001');

    // a forced WebGPU device loss mid-race: recreated, restored from the last save, racing on
    const before = await state(page);
    await page.evaluate(() => (window as unknown as { __disback: { loseDevice(): Promise<void> } }).__disback.loseDevice());
    const lost = await waitFor(page, (s) => s.messages.some((m) => /device was lost/i.test(m.text)), 'the device-loss message', 60_000);
    console.log('device loss:', lost.messages.find((m) => /device was lost/i.test(m.text))?.text);
    await waitFor(page, (s) => s.stage === 'racing' && METHODS.every((m) => (s.steps[m] ?? 0) > (before.steps[m] ?? 0) + 5), 'racing on after the loss', 120_000);
    expect((await state(page)).backend?.kind).toBe('webgpu');

    // save a run file
    await page.getByTestId('pause').click();
    const paused = await waitFor(page, (s) => s.stage === 'paused', 'the paused stage');
    await page.waitForTimeout(500);
    const file = await download(page, 'runfile-save');
    expect(file.name).toMatch(/^disback-8gaussians-seed12-step\d+\.dsbk$/);
    expect(file.bytes.subarray(0, 8).toString('latin1')).toBe('DSBKRUN1');

    // a garbage run file: refused with a message, the run untouched
    await page.getByTestId('runfile-open').setInputFiles({ name: 'evil.dsbk', mimeType: 'application/octet-stream', buffer: Buffer.from('<script>alert(1)</script>'.repeat(40)) });
    const refused = await waitFor(page, (s) => s.messages.some((m) => /run file was refused/.test(m.text)), 'the refusal message', 30_000);
    expect(refused.steps).toEqual(paused.steps);
    expect(refused.stage).toBe('paused');
    expect(await page.locator('script:not([src])').count()).toBe(0);

    // reload: the page offers the saved run; Resume brings it back
    const atSave = (await state(page)).steps;
    await page.reload();
    await page.getByTestId('resume-banner').waitFor({ timeout: 30_000 });
    await screenshot(page, 'resume-banner');
    await page.getByTestId('resume-saved').click();
    const resumed = await waitFor(page, (s) => s.stage === 'paused' && METHODS.every((m) => (s.chartPoints[m] ?? 0) >= 3), 'the resumed run', 60_000);
    expect(resumed.steps).toEqual(atSave);
    expect(resumed.pathCheckpoints).toBeGreaterThan(1);
    await page.getByTestId('play').click();
    await waitFor(page, (s) => METHODS.every((m) => (s.steps[m] ?? 0) > (atSave[m] ?? 0)), 'racing on after resuming', 120_000);
    await page.getByTestId('pause').click();
    await waitFor(page, (s) => s.stage === 'paused', 'paused again');

    // the saved file opens again: back to its steps
    await page.getByTestId('runfile-open').setInputFiles({ name: file.name, mimeType: 'application/octet-stream', buffer: file.bytes });
    const reopened = await waitFor(page, (s) => s.stage === 'paused' && s.messages.some((m) => /Opened the run file/.test(m.text)), 'the reopened run', 60_000);
    expect(reopened.steps).toEqual(paused.steps);
    await screenshot(page, 'run-file-reopened');
    await context.close();
  });
});
