/**
 * The shipped pretrained teachers: one valid denoiser per toy set under public/models/,
 * loadable in Node (from public/) and through a browser-style fetch.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOY_SETS } from '../../src/config/schema';
import { TOY_INFO } from '../../src/data';
import { ModelFormatError } from '../../src/models/format';
import { loadShippedTeacher } from '../../src/models/shipped';

describe('shipped teachers', () => {
  it.each(TOY_SETS)('%s: a 2-D denoiser trained on that set', async (set) => {
    const m = await loadShippedTeacher(set);
    expect(m.kind).toBe('denoiser');
    expect(m.spec.dim).toBe(2);
    expect(m.metadata.dataset).toBe(set);
    expect(m.metadata.embedDim).toBe(2);
    expect(m.spec.edm.sigmaData).toBeCloseTo(TOY_INFO[set].sigmaData, 6);
    expect(m.metadata.trainingSteps).toBeGreaterThanOrEqual(1000);
    expect(m.weights.length).toBeLessThan(100_000);
  });

  it('loads through fetch from the base URL (browser path)', async () => {
    const bytes = readFileSync(new URL('../../public/models/moons.dbm', import.meta.url));
    const urls: string[] = [];
    const fetchFn = (async (url: string) => {
      urls.push(url);
      return new Response(bytes, { status: 200 });
    }) as unknown as typeof fetch;
    const m = await loadShippedTeacher('moons', { fetchFn });
    expect(m.metadata.dataset).toBe('moons');
    expect(urls).toHaveLength(1);
    expect(urls[0]).toMatch(/\/models\/moons\.dbm$/);
  });

  it('reports HTTP errors, wrong files and unknown sets', async () => {
    const notFound = (async () => new Response('nope', { status: 404 })) as unknown as typeof fetch;
    await expect(loadShippedTeacher('moons', { fetchFn: notFound })).rejects.toThrow(/HTTP 404/);
    const bytes = readFileSync(new URL('../../public/models/rings.dbm', import.meta.url));
    const wrong = (async () => new Response(bytes, { status: 200 })) as unknown as typeof fetch;
    await expect(loadShippedTeacher('moons', { fetchFn: wrong })).rejects.toThrow(/trained on 'rings'/);
    const html = (async () => new Response('<!doctype html>', { status: 200 })) as unknown as typeof fetch;
    await expect(loadShippedTeacher('moons', { fetchFn: html })).rejects.toThrow(ModelFormatError);
    await expect(loadShippedTeacher('points')).rejects.toThrow(/no pretrained teacher is shipped for 'points'/);
    // the MNIST teacher is a U-Net; a toy's MLP file served under its name is refused
    const mnist = await loadShippedTeacher('mnist');
    expect(mnist.spec.unet?.channels).toEqual([8, 24, 48]);
    expect(mnist.spec.dim).toBe(784);
    await expect(loadShippedTeacher('mnist', { fetchFn: wrong })).rejects.toThrow(/trained on 'rings'/);
  });
});
