/**
 * Presentation choices that do not change the run: overlay, chart axes, theme, which
 * sections are open. The theme and section choices persist in localStorage.
 */
import { create } from 'zustand';

export type Overlay = 'none' | 'teacher' | 'fake' | 'gap';
export type XAxisMode = 'step' | 'passes';
export type Theme = 'light' | 'dark';
export type SectionId = 'charts' | 'path' | 'nfe' | 'onnx' | 'selftest' | 'about';

export interface UiState {
  overlay: Overlay;
  /** noise level at which the score field is drawn */
  fieldSigma: number;
  xAxis: XAxisMode;
  logY: boolean;
  theme: Theme;
  open: Record<SectionId, boolean>;
  /** checkpoint shown large in the filmstrip */
  checkpoint: number;
  helpOpen: boolean;
  setOverlay(o: Overlay): void;
  setFieldSigma(s: number): void;
  setXAxis(x: XAxisMode): void;
  setLogY(v: boolean): void;
  setTheme(t: Theme): void;
  toggleSection(id: SectionId, open?: boolean): void;
  setCheckpoint(i: number): void;
  setHelpOpen(v: boolean): void;
}

const STORAGE_KEY = 'disback-ui';

interface Persisted {
  theme?: Theme;
  open?: Partial<Record<SectionId, boolean>>;
}

function load(): Persisted {
  try {
    const raw = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
    if (!raw || raw.length > 2000) return {};
    const v = JSON.parse(raw) as unknown;
    if (!v || typeof v !== 'object') return {};
    const p = v as Persisted;
    const out: Persisted = {};
    if (p.theme === 'light' || p.theme === 'dark') out.theme = p.theme;
    if (p.open && typeof p.open === 'object') {
      out.open = {};
      for (const [k, b] of Object.entries(p.open)) if (typeof b === 'boolean') out.open[k as SectionId] = b;
    }
    return out;
  } catch {
    return {};
  }
}

function save(s: Pick<UiState, 'theme' | 'open'>): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ theme: s.theme, open: s.open }));
  } catch {
    /* private mode: nothing to keep */
  }
}

export function clearUiPrefs(): void {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    /* ignore */
  }
}

function preferredTheme(): Theme {
  if (typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches) return 'dark';
  return 'light';
}

const persisted = load();
const DEFAULT_OPEN: Record<SectionId, boolean> = { charts: true, path: true, nfe: true, onnx: true, selftest: true, about: false };

export const useUiStore = create<UiState>()((set, get) => ({
  overlay: 'none',
  fieldSigma: 0.5,
  xAxis: 'step',
  logY: true,
  theme: persisted.theme ?? preferredTheme(),
  open: { ...DEFAULT_OPEN, ...persisted.open },
  checkpoint: 0,
  helpOpen: false,
  setOverlay: (overlay) => set({ overlay }),
  setFieldSigma: (fieldSigma) => set({ fieldSigma }),
  setXAxis: (xAxis) => set({ xAxis }),
  setLogY: (logY) => set({ logY }),
  setTheme: (theme) => {
    set({ theme });
    save(get());
  },
  toggleSection: (id, open) => {
    set((s) => ({ open: { ...s.open, [id]: open ?? !s.open[id] } }));
    save(get());
  },
  setCheckpoint: (checkpoint) => set({ checkpoint }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
}));
