/**
 * ONNX on the page, end to end: save a student and a checkpoint as .onnx, load them back as
 * the teacher (the student is refused and the race is untouched; checkpoint θ′0 is accepted
 * and the path is recorded again), then run an exported student in onnxruntime-web beside
 * the engine. Everything, the runtime's .wasm included, comes from the page's own origin.
 */
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, screenshot, watch, useBrowser } from './browser';
import { canvasColours, download, METHODS, small, state, waitFor } from './pageState';

/** An ONNX ModelProto as this playground writes it: field 1 (ir_version, varint) = 8 first, its producer name inside. */
function looksLikeOnnx(bytes: Buffer): boolean {
  return bytes.length > 100 && bytes[0] === 0x08 && bytes[1] >= 3 && bytes[1] <= 12 && bytes.includes('disback-playground');
}

function keep(file: { name: string; bytes: Buffer }): void {
  mkdirSync(join(ARTIFACTS, 'onnx'), { recursive: true });
  writeFileSync(join(ARTIFACTS, 'onnx', file.name), file.bytes);
}

async function upload(page: Page, file: { name: string; bytes: Buffer }): Promise<{ kind: string | null; text: string | null }> {
  await page.getByTestId('onnx-load-teacher').setInputFiles({ name: file.name, mimeType: 'application/octet-stream', buffer: file.bytes });
  const status = page.getByTestId('onnx-load-status');
  // the outcome for this file (an earlier upload's status names its own file)
  const outcome = async () => {
    const kind = await status.getAttribute('data-kind');
    const text = await status.textContent();
    return (kind === 'ok' || kind === 'error') && !!text?.includes(file.name) ? { kind, text } : null;
  };
  await expect.poll(outcome, { timeout: 180_000 }).not.toBeNull();
  return (await outcome())!;
}

describe('ONNX as the model format', () => {
  const browser = useBrowser();
  const base = inject('baseUrl');

  test('export, refused and accepted teacher uploads, and the student in onnxruntime-web', async () => {
    const t0 = Date.now();
    const lap = (what: string) => console.log(`[onnx e2e] ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const page = await browser().newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    const w = watch(page);
    await page.goto(`${base}#${small({ seed: '5', autoplay: '1' })}`);
    await waitFor(page, (s) => METHODS.every((m) => (s.chartPoints[m] ?? 0) >= 2), 'two chart points per method');
    await page.getByTestId('pause').click();
    await waitFor(page, (s) => s.stage === 'paused', 'the paused stage');
    await page.waitForTimeout(500); // the last snapshot crosses the worker boundary
    const before = await state(page);
    lap('race paused');

    // (a) the student of one method
    const student = await download(page, 'onnx-download-student-disback');
    keep(student);
    expect(student.name).toMatch(/disback-student\.onnx$/);
    expect(looksLikeOnnx(student.bytes)).toBe(true);

    // too large: refused by the page before it reads the file (a sparse 65 MB file)
    const big = join(mkdtempSync(join(tmpdir(), 'onnx-e2e-')), 'huge.onnx');
    writeFileSync(big, '');
    truncateSync(big, 65 * 1024 * 1024);
    await page.getByTestId('onnx-load-teacher').setInputFiles(big);
    await expect.poll(() => page.getByTestId('onnx-load-status').getAttribute('data-kind')).toBe('error');
    expect(await page.getByTestId('onnx-load-status').textContent()).toMatch(/64 MB/);
    rmSync(big);

    // a generator is not a teacher: refused with the worker's message, the race untouched
    const refused = await upload(page, student);
    expect(refused.kind).toBe('error');
    expect(refused.text).toMatch(/generator/i);
    const intact = await state(page);
    expect(intact.stage).toBe('paused');
    expect(intact.steps).toEqual(before.steps);
    expect(intact.chartPoints).toEqual(before.chartPoints);
    expect(intact.pathCheckpoints).toBe(before.pathCheckpoints);
    expect(await page.getByTestId('play').isEnabled()).toBe(true);
    await screenshot(page, 'onnx-refused');
    await page.getByTestId('onnx-panel').screenshot({ path: join(ARTIFACTS, 'onnx-panel-refused.png') });
    lap('student refused as a teacher');

    // (b) checkpoint θ′0, the teacher, as a denoiser: accepted and the path recorded again
    const ck0 = await download(page, 'onnx-download-checkpoint');
    keep(ck0);
    expect(ck0.name).toMatch(/checkpoint-0\.onnx$/);
    expect(looksLikeOnnx(ck0.bytes)).toBe(true);
    const accepted = await upload(page, ck0);
    expect(accepted.kind, accepted.text ?? '').toBe('ok');
    expect(accepted.text).toMatch(/denoiser|teacher|checkpoint/i);
    const again = await waitFor(page, (s) => s.stage === 'ready' && !s.busy && s.pathCheckpoints > 1, 'the path recorded again', 180_000);
    expect(again.pathCheckpoints).toBe(before.pathCheckpoints);
    for (const m of METHODS) expect(again.steps[m]).toBe(0);
    expect(await page.getByTestId('onnx-teacher-source').count()).toBe(1);
    lap('checkpoint 0 loaded as the teacher, path re-recorded');

    // (c) the exported student in onnxruntime-web beside the engine
    await page.getByTestId('onnx-method').selectOption('disback');
    await page.getByTestId('onnx-n').fill('512');
    await page.getByTestId('onnx-run').click();
    await page.getByTestId('onnx-provider').waitFor({ timeout: 120_000 });
    const provider = (await page.getByTestId('onnx-provider').textContent())?.trim();
    const maxdiff = Number(await page.getByTestId('onnx-maxdiff').getAttribute('data-value'));
    console.log(`onnxruntime-web provider: ${provider}; max |onnx - engine| = ${maxdiff}; ${await page.getByTestId('onnx-ms').textContent()} inference`);
    expect(['webgpu', 'wasm']).toContain(provider);
    expect(maxdiff).toBeLessThan(1e-3);
    expect(await canvasColours(page, 'onnx-canvas-ort')).toBeGreaterThan(8);
    expect(await canvasColours(page, 'onnx-canvas-engine')).toBeGreaterThan(8);
    await screenshot(page, 'onnx-runtime');
    await page.getByTestId('onnx-panel').screenshot({ path: join(ARTIFACTS, 'onnx-panel.png') });
    lap('exported student run in onnxruntime-web');

    expect(w.errors.filter((e) => !/favicon/.test(e))).toEqual([]);
    // every request stays on this origin, the runtime's .wasm included
    const origin = new URL(base).origin;
    expect(w.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    expect(w.requests.some((u) => u.startsWith(origin) && /ort-wasm.*\.wasm/.test(u))).toBe(true);
    await page.close();
  });
});
