/** Colour ramps for heat maps, as RGB stops interpolated linearly. */
export type Rgb = [number, number, number];
export type Ramp = Rgb[];

/** Density under light theme: paper white to ink blue. */
export const RAMP_DENSITY_LIGHT: Ramp = [
  [252, 252, 253],
  [222, 233, 246],
  [160, 196, 232],
  [86, 142, 201],
  [38, 84, 150],
];

/** Density under dark theme: near-black to teal to pale mint. */
export const RAMP_DENSITY_DARK: Ramp = [
  [17, 20, 27],
  [22, 52, 66],
  [25, 100, 110],
  [70, 160, 150],
  [190, 235, 210],
];

/** Distances (trajectory heat map): magma-like, small = bright. */
export const RAMP_DISTANCE: Ramp = [
  [252, 253, 191],
  [254, 176, 120],
  [241, 96, 93],
  [183, 55, 121],
  [114, 31, 129],
  [44, 17, 95],
  [0, 0, 4],
];

export function rampColor(ramp: Ramp, t: number): Rgb {
  const x = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (ramp.length - 1);
  const i = Math.min(ramp.length - 2, Math.floor(x));
  const f = x - i;
  const a = ramp[i];
  const b = ramp[i + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

export function rgbCss([r, g, b]: Rgb, alpha = 1): string {
  return `rgba(${Math.round(r)},${Math.round(g)},${Math.round(b)},${alpha})`;
}

/** A CSS linear-gradient showing a ramp (legends). */
export function rampGradient(ramp: Ramp, direction = 'to right'): string {
  return `linear-gradient(${direction}, ${ramp.map((c, i) => `${rgbCss(c)} ${Math.round((i / (ramp.length - 1)) * 100)}%`).join(', ')})`;
}
