/** Canvas colours per theme (CSS variables do not reach canvas drawing). */
import { RAMP_DENSITY_DARK, RAMP_DENSITY_LIGHT, type Ramp } from './canvas/colormap';
import type { Theme } from '../store/uiStore';

export interface Palette {
  density: Ramp;
  grid: string;
  text: string;
  muted: string;
  field: string;
  sampleStroke: string;
  trace: string;
  context: string;
  ink: [number, number, number];
  paper: [number, number, number];
}

export const PALETTES: Record<Theme, Palette> = {
  light: {
    density: RAMP_DENSITY_LIGHT,
    grid: 'rgba(60,70,90,0.12)',
    text: '#1f2430',
    muted: '#6b7280',
    field: '#1f2937',
    sampleStroke: '#ffffff',
    trace: '#0ea5e9',
    context: 'rgba(31,36,48,0.25)',
    ink: [20, 24, 32],
    paper: [250, 250, 252],
  },
  dark: {
    density: RAMP_DENSITY_DARK,
    grid: 'rgba(200,210,230,0.10)',
    text: '#e6e9ef',
    muted: '#9aa3b2',
    field: '#f8fafc',
    sampleStroke: '#0b0e14',
    trace: '#38bdf8',
    context: 'rgba(230,233,239,0.3)',
    ink: [236, 240, 246],
    paper: [14, 17, 23],
  },
};
