/**
 * Static guards: no source renders a string as HTML or evaluates strings as code, and the
 * site's Content-Security-Policy forbids eval, inline and remote scripts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP } from '../../scripts/viteCsp';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(f) ? [p] : [];
  });
}

describe('static security guards', () => {
  it('no HTML from strings, no eval, no new Function in src/ and workers/', () => {
    const bad = /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write|new Function\s*\(|(^|[^.\w])eval\s*\(/;
    const hits: string[] = [];
    for (const f of [...files('src'), ...files('workers')]) {
      readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '');
        if (bad.test(code)) hits.push(`${f}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(hits).toEqual([]);
  });

  it('the CSP forbids eval, inline and remote scripts', () => {
    const dir = Object.fromEntries(CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(dir['default-src']).toEqual(["'self'"]);
    expect(dir['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(dir['object-src']).toEqual(["'none'"]);
    for (const [k, v] of Object.entries(dir)) {
      expect(v, k).not.toContain("'unsafe-eval'");
      expect(v.some((s) => /^https?:|^\*$/.test(s)), `${k} allows remote origins`).toBe(false);
    }
  });
});
