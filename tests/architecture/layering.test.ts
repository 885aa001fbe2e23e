/**
 * The layering rules of ARCHITECTURE.md, checked on the source: the UI (src/ui, src/store,
 * src/main.tsx) never reaches GPU code at run time (no module under src/engine, no kernel
 * source, no worker module other than type declarations), and the engine side (src/engine,
 * src/diffusion, src/distill, src/metrics, src/onnx, src/models, src/data, workers) never
 * imports React or another UI library. Type-only imports are erased by the compiler and so
 * are allowed across layers.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC = /import\(\s*['"]([^'"]+)['"]\s*\)/g;

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const p = join(dir, name);
    if (statSync(join(ROOT, p)).isDirectory()) out.push(...files(p));
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Runtime imports of a file: [specifier, resolved repo-relative path or null for packages]. */
function runtimeImports(file: string): [string, string | null][] {
  const src = readFileSync(join(ROOT, file), 'utf8');
  const specs: string[] = [];
  for (const m of src.matchAll(IMPORT)) if (!m[2]) specs.push(m[3]);
  for (const m of src.matchAll(DYNAMIC)) specs.push(m[1]);
  return specs.map((s) => {
    if (!s.startsWith('.')) return [s, null];
    const base = join(dirname(file), s.replace(/\?.*$/, ''));
    for (const cand of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
      if (existsSync(join(ROOT, cand)) && statSync(join(ROOT, cand)).isFile()) return [s, relative(ROOT, join(ROOT, cand))];
    }
    return [s, relative(ROOT, join(ROOT, base))];
  });
}

/** Every repo file reachable at run time from `entries`, with the chain that reached it. */
function closure(entries: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>(entries.map((e) => [e, [e]]));
  const queue = [...entries];
  while (queue.length) {
    const f = queue.pop()!;
    if (!/\.(ts|tsx|mts)$/.test(f)) continue;
    for (const [, r] of runtimeImports(f)) {
      if (r && !seen.has(r)) { seen.set(r, [...seen.get(f)!, r]); queue.push(r); }
    }
  }
  return seen;
}

describe('layering', () => {
  it('the UI never reaches GPU code at run time', () => {
    const ui = [...files('src/ui'), ...files('src/store'), 'src/main.tsx'];
    const reach = closure(ui);
    // the walk does reach through the stores into the config layer
    for (const f of ['src/store/session.ts', 'src/config/schema.ts', 'src/config/mnistDefaults.ts']) expect(reach.has(f), f).toBe(true);
    const bad = [...reach].filter(([f]) => f.startsWith('src/engine/') || f.endsWith('.wgsl') || f.includes('/kernels/') || (f.startsWith('workers/') && !/workers\/(api|savedStore)\.ts$/.test(f)));
    expect(bad.map(([, chain]) => chain.join(' -> '))).toEqual([]);
  });

  it('workers/api.ts and the stores the UI imports from workers/ hold no GPU code either', () => {
    for (const f of ['workers/api.ts', 'workers/savedStore.ts']) {
      const reach = [...closure([f]).keys()].filter((r) => r.startsWith('src/engine/') || r.endsWith('.wgsl'));
      expect(reach, f).toEqual([]);
    }
  });

  it('the engine side never imports React or another UI library', () => {
    const engine = ['src/engine', 'src/diffusion', 'src/distill', 'src/metrics', 'src/onnx', 'src/models', 'src/data', 'workers'].flatMap(files);
    expect(engine.length).toBeGreaterThan(50);
    const bad: string[] = [];
    for (const f of engine) {
      for (const [s, r] of runtimeImports(f)) {
        if (/^(react|react-dom|recharts|zustand)(\/|$)/.test(s) || (r && (r.startsWith('src/ui/') || r.startsWith('src/store/')))) bad.push(`${f} imports ${s}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the import scanner sees runtime imports and skips type-only ones', () => {
    const imports = runtimeImports('src/diffusion/teacherRecipe.ts').map(([s]) => s);
    expect(imports).toEqual([]); // its only import is `import type { TeacherTrainer }`
    const trainer = runtimeImports('workers/teacherSource.ts').map(([, r]) => r);
    expect(trainer).toContain('src/diffusion/teacherRecipe.ts');
    expect(trainer).toContain('src/diffusion/teacher.ts');
  });
});
