/**
 * A hand-written SVG line chart (no plotting library): one line per series with a shaded
 * min-max band, linear x axis, logarithmic y axis (SW2 spans decades), a legend.
 */

export interface BandSeries {
  name: string;
  color: string;
  x: number[];
  median: number[];
  lo: number[];
  hi: number[];
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const r2 = (v: number) => (Math.round(v * 100) / 100).toString();

/** Round numbers 1, 2, 5 x 10^k covering [lo, hi] with about `n` ticks. */
export function linearTicks(lo: number, hi: number, n = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

/** Ticks 1, 2, 5 x 10^k inside [lo, hi] (lo > 0); only decades when the range spans many. */
export function logTicks(lo: number, hi: number): number[] {
  const k0 = Math.floor(Math.log10(lo)), k1 = Math.ceil(Math.log10(hi));
  const pick = (mults: number[]) => {
    const out: number[] = [];
    for (let k = k0; k <= k1; k++) for (const m of mults) {
      const v = Number((m * 10 ** k).toPrecision(6));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
    return out;
  };
  if (k1 - k0 > 4) return pick([1]);
  const t = pick([1, 2, 5]);
  // a narrow range: every integer multiple, so the axis has at least a few labels
  return t.length >= 3 ? t : pick([1, 2, 3, 4, 5, 6, 7, 8, 9]);
}

function fmtTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

export function bandChart(series: BandSeries[], o: ChartOptions): string {
  const W = o.width ?? 760, H = o.height ?? 440;
  const m = { l: 70, r: 180, t: 40, b: 56 };
  const pw = W - m.l - m.r, ph = H - m.t - m.b;
  const xs = series.flatMap((s) => s.x).filter(Number.isFinite);
  const ys = series.flatMap((s) => [...s.lo, ...s.hi, ...s.median]).filter((v) => Number.isFinite(v) && v > 0);
  const x0 = xs.length ? Math.min(...xs) : 0, x1 = xs.length ? Math.max(...xs) : 1;
  const yl = ys.length ? Math.min(...ys) : 1e-3, yh = ys.length ? Math.max(...ys) : 1;
  const ly0 = Math.log10(yl) - 0.05, ly1 = Math.log10(yh === yl ? yl * 10 : yh) + 0.05;
  const X = (v: number) => m.l + ((v - x0) / (x1 - x0 || 1)) * pw;
  const Y = (v: number) => m.t + (1 - (Math.log10(Math.max(v, 10 ** ly0)) - ly0) / (ly1 - ly0)) * ph;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${m.l}" y="22" font-size="15" font-weight="600" fill="#1f2430">${esc(o.title)}</text>`,
  ];
  for (const t of linearTicks(x0, x1)) {
    parts.push(`<line x1="${r2(X(t))}" y1="${m.t}" x2="${r2(X(t))}" y2="${m.t + ph}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${r2(X(t))}" y="${m.t + ph + 16}" text-anchor="middle" fill="#4b5563">${fmtTick(t)}</text>`);
  }
  for (const t of logTicks(10 ** ly0, 10 ** ly1)) {
    parts.push(`<line x1="${m.l}" y1="${r2(Y(t))}" x2="${m.l + pw}" y2="${r2(Y(t))}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${m.l - 6}" y="${r2(Y(t) + 4)}" text-anchor="end" fill="#4b5563">${fmtTick(t)}</text>`);
  }
  parts.push(`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#9ca3af"/>`);
  parts.push(`<text x="${m.l + pw / 2}" y="${H - 14}" text-anchor="middle" fill="#1f2430">${esc(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(18 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle" fill="#1f2430">${esc(o.yLabel)} (log scale)</text>`);
  series.forEach((s, k) => {
    if (s.x.length === 0) return;
    const up = s.x.map((x, i) => `${r2(X(x))},${r2(Y(s.hi[i]))}`);
    const down = s.x.map((x, i) => `${r2(X(x))},${r2(Y(s.lo[i]))}`).reverse();
    parts.push(`<polygon points="${[...up, ...down].join(' ')}" fill="${s.color}" fill-opacity="0.15" stroke="none"/>`);
    parts.push(`<polyline points="${s.x.map((x, i) => `${r2(X(x))},${r2(Y(s.median[i]))}`).join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    const ly = m.t + 10 + 20 * k;
    parts.push(`<line x1="${m.l + pw + 14}" y1="${ly}" x2="${m.l + pw + 38}" y2="${ly}" stroke="${s.color}" stroke-width="3"/>`);
    parts.push(`<text x="${m.l + pw + 44}" y="${ly + 4}" fill="#1f2430">${esc(s.name)}</text>`);
  });
  parts.push(`<text x="${m.l + pw + 14}" y="${m.t + 20 * series.length + 16}" fill="#6b7280" font-size="11">line: median over seeds</text>`);
  parts.push(`<text x="${m.l + pw + 14}" y="${m.t + 20 * series.length + 31}" fill="#6b7280" font-size="11">band: min-max</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
