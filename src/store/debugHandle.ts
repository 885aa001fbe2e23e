/**
 * `window.__disback.getState()` for end-to-end tests: a read-only summary of the run,
 * a fresh frozen copy on every call (mutating it changes nothing).
 */
import type { MethodId } from '../config/schema';
import { useRunStore } from './runStore';
import { getApi } from './session';

export interface DebugSummary {
  stage: string;
  backend: { kind: string; adapter: string; fallbackReason?: string } | null;
  methods: MethodId[];
  steps: Partial<Record<MethodId, number>>;
  chartPoints: Partial<Record<MethodId, number>>;
  /** MNIST: eval points with a finite FD to real digits */
  fdPoints: Partial<Record<MethodId, number>>;
  /** the applied data set */
  dataset: string;
  /** the worker's progress label and fraction (null when no stage is in flight) */
  progress: { label: string; frac: number } | null;
  targets: Partial<Record<MethodId, number>>;
  switches: Partial<Record<MethodId, number>>;
  pathCheckpoints: number;
  messages: { level: string; text: string }[];
  busy: boolean;
}

export function summarise(): DebugSummary {
  const s = useRunStore.getState();
  const steps: DebugSummary['steps'] = {};
  const chartPoints: DebugSummary['chartPoints'] = {};
  const fdPoints: DebugSummary['fdPoints'] = {};
  const targets: DebugSummary['targets'] = {};
  const switches: DebugSummary['switches'] = {};
  for (const m of s.config.methods) {
    const ser = s.series[m];
    steps[m] = ser?.step ?? 0;
    chartPoints[m] = ser?.points.length ?? 0;
    fdPoints[m] = (ser?.points ?? []).filter((p) => typeof p.fd === 'number' && Number.isFinite(p.fd)).length;
    targets[m] = ser?.target ?? 0;
    switches[m] = ser?.switches.length ?? 0;
  }
  const summary: DebugSummary = {
    stage: s.stage,
    backend: s.backend ? { ...s.backend } : null,
    methods: [...s.config.methods],
    steps,
    chartPoints,
    fdPoints,
    dataset: s.config.dataset,
    progress: s.progress ? { label: s.progress.label, frac: s.progress.frac } : null,
    targets,
    switches,
    pathCheckpoints: s.path?.steps.length ?? 0,
    messages: s.messages.map((m) => ({ level: m.level, text: m.text })),
    busy: s.busy,
  };
  return deepFreeze(summary);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o as Record<string, unknown>)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

declare global {
  interface Window {
    __disback?: { readonly getState: () => DebugSummary; readonly loseDevice: () => Promise<void> };
  }
}

export function installDebugHandle(): void {
  Object.defineProperty(window, '__disback', {
    // loseDevice: a test hook (e2e) that forces a WebGPU device loss in the worker
    value: Object.freeze({ getState: summarise, loseDevice: async () => getApi()?.debugLoseDevice() }),
    configurable: true,
    enumerable: false,
    writable: false,
  });
}
