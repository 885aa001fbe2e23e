// Screenshot / smoke driver for the page (not a vitest file).
//   node tests/ui/shot.mjs [--fake] [--dist DIR] [--hash '#...'] [--width 1400] [--dark] [--out DIR] [--play MS]
// Serves a built dist (vite build --outDir DIR) with `vite preview`, opens it in the system
// chromium via playwright-core, optionally swaps the trainer worker for the test double
// (tests/ui/fake/fakeTrainer.worker.ts, bundled with esbuild), and writes PNGs plus a
// JSON summary (console errors, window.__disback state). Kills the server it started.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const flag = (name) => args.includes(`--${name}`);
const dist = opt('dist', '/tmp/ui-dist');
const out = opt('out', '/tmp/ui-shots');
const hash = opt('hash', '');
const width = Number(opt('width', '1400'));
const playMs = Number(opt('play', '0'));
const port = Number(opt('port', '4317'));
mkdirSync(out, { recursive: true });

let fakeJs = null;
if (flag('fake')) {
  const r = await build({ entryPoints: ['tests/ui/fake/fakeTrainer.worker.ts'], bundle: true, format: 'esm', write: false, platform: 'browser' });
  fakeJs = r.outputFiles[0].text;
}

const server = spawn('npx', ['vite', 'preview', '--outDir', dist, '--port', String(port), '--strictPort'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
const serverLog = [];
server.stdout.on('data', (d) => serverLog.push(String(d)));
server.stderr.on('data', (d) => serverLog.push(String(d)));
const kill = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {}
};
process.on('exit', kill);

const base = `http://localhost:${port}/`;
for (let i = 0; i < 60; i++) {
  try {
    const r = await fetch(base);
    if (r.ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 250));
}

const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'ui-shot-')), {
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  viewport: { width, height: 900 },
  colorScheme: flag('dark') ? 'dark' : 'light',
  deviceScaleFactor: 1,
});
const summary = { console: [], pageErrors: [], states: [] };
try {
  if (fakeJs) {
    await ctx.route(/trainer\.worker.*\.js/, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: fakeJs }));
  }
  const page = await ctx.newPage();
  page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && summary.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => summary.pageErrors.push(String(e)));
  await page.goto(base + hash);
  await page.waitForTimeout(Number(opt('wait', '2500')));
  if (flag('draw')) {
    await page.getByTestId('dataset-select').selectOption('points');
    const box = await page.getByTestId('points-canvas').boundingBox();
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.click(cx - 40, cy - 40);
    await page.mouse.move(cx - 60, cy + 20);
    await page.mouse.down();
    for (let i = 0; i <= 30; i++) await page.mouse.move(cx - 60 + i * 4, cy + 20 + 25 * Math.sin(i / 4));
    await page.mouse.up();
    await page.screenshot({ path: join(out, 'drawn.png') });
    await page.getByTestId('apply').click();
    await page.waitForTimeout(2000);
    summary.hashAfterApply = await page.evaluate(() => location.hash);
  }
  summary.states.push(await page.evaluate(() => window.__disback?.getState()));
  await page.screenshot({ path: join(out, 'initial.png'), fullPage: flag('full') });
  if (playMs > 0) {
    await page.keyboard.press('Space');
    await page.waitForTimeout(playMs);
    summary.states.push(await page.evaluate(() => window.__disback?.getState()));
    if (flag('overlay')) {
      await page.locator('.overlay-controls label', { hasText: 'Gap' }).click();
      await page.waitForTimeout(1200);
    }
    await page.keyboard.press('Space');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, 'played.png'), fullPage: flag('full') });
  }
  if (flag('panels')) {
    await page.getByTestId('selftest').click();
    await page.getByTestId('nfe-run').click();
    await page.waitForTimeout(800);
    await page.getByTestId('selftest').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(out, 'panels.png') });
  }
  if (flag('about')) {
    await page.getByTestId('about-open').click();
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(out, 'about.png') });
    await page.keyboard.press('?');
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(out, 'help.png') });
    await page.keyboard.press('Escape');
  }
  let h = 0;
  for (const sel of (opt('hover', '') || '').split('|').filter(Boolean)) {
    const loc = page.locator(sel).first();
    await loc.scrollIntoViewIfNeeded();
    await loc.hover();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, `hover-${h++}.png`) });
  }
  for (const id of (opt('elements', '') || '').split(',').filter(Boolean)) {
    const loc = id.startsWith('.') ? page.locator(id).first() : page.getByTestId(id).first();
    await loc.screenshot({ path: join(out, `el-${id.replace(/[^a-z0-9_-]/gi, '')}.png`) });
  }
  const ids = await page.evaluate(() => [...document.querySelectorAll('[data-testid]')].map((e) => e.getAttribute('data-testid')));
  summary.testIds = [...new Set(ids)];
} finally {
  await ctx.close();
  kill();
}
writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 2));
console.log(JSON.stringify({ ...summary, testIds: summary.testIds?.join(' ') }, null, 1).slice(0, 6000));
