/** TF.js is a dev dependency of the benchmark only: the page bundle (src/, workers/) never imports it. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx|js|mjs)$/.test(n) ? [p] : [];
  });
}

describe('TF.js stays out of the product', () => {
  it('no file under src/ or workers/ imports @tensorflow/*', () => {
    const offenders = ['src', 'workers'].flatMap(files).filter((f) => /from\s+['"]@tensorflow\/|import\(\s*['"]@tensorflow\/|require\(\s*['"]@tensorflow\//.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the TF.js packages are pinned dev dependencies at 4.22.0', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const name of ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-wasm']) {
      expect(pkg.devDependencies[name]).toBe('4.22.0');
      expect(pkg.dependencies[name]).toBeUndefined();
    }
  });
});
