/**
 * The state of the run: the applied config, what the worker streams back, and the
 * messages shown to the user. Only plain data and small setters live here; the
 * pipeline that talks to the worker is in session.ts.
 */
import { create } from 'zustand';
import { DEFAULT_CONFIG, type MethodId, type RunConfig } from '../config/schema';
import type { PathInfo, Snapshot, Stage } from '../../workers/api';
import type { TeacherMode } from '../ui/urlState';
import { applySnapshots, emptySeriesFor, type LiveState } from './snapshotReducer';

export type MessageLevel = 'info' | 'warn' | 'error';

export interface Message {
  id: number;
  level: MessageLevel;
  text: string;
  /** messages with the same key replace each other */
  key?: string;
}

export interface RunState extends LiveState {
  config: RunConfig;
  points: Float32Array | null;
  teacherMode: TeacherMode;
  forceCpu: boolean;
  path: PathInfo | null;
  /** summary of a teacher uploaded as .onnx for this run (null: the run's own teacher) */
  teacherSource: string | null;
  messages: Message[];
  urlErrors: string[];
  /** generator steps per animation frame, sent to the worker */
  speed: number;
  /** a stage of the pipeline (configure, teacher, record) is in flight */
  busy: boolean;

  setRun(p: { config: RunConfig; points: Float32Array | null; teacherMode: TeacherMode; forceCpu: boolean }): void;
  setStage(stage: Stage): void;
  setPath(path: PathInfo | null): void;
  setFracs(p: { teacherFrac?: number; recordFrac?: number }): void;
  setBusy(busy: boolean): void;
  setSpeed(speed: number): void;
  setUrlErrors(errors: string[]): void;
  ingest(snaps: readonly Snapshot[]): void;
  resetSeries(methods?: readonly MethodId[]): void;
  pushMessage(level: MessageLevel, text: string, key?: string): void;
  dismissMessage(id: number): void;
  clearMessages(key?: string): void;
}

const MAX_MESSAGES = 6;
let nextId = 1;

function liveDefaults(methods: readonly MethodId[]): LiveState {
  return {
    stage: 'idle',
    backend: null,
    stepsPerSec: 0,
    msPerStep: 0,
    progress: null,
    teacherFrac: 0,
    recordFrac: 0,
    series: emptySeriesFor(methods),
    workerMessage: null,
    alert: null,
  };
}

export const useRunStore = create<RunState>()((set, get) => ({
  ...liveDefaults(DEFAULT_CONFIG.methods),
  config: DEFAULT_CONFIG,
  points: null,
  teacherMode: 'pretrained',
  forceCpu: false,
  path: null,
  teacherSource: null,
  messages: [],
  urlErrors: [],
  speed: 4,
  busy: false,

  setRun: ({ config, points, teacherMode, forceCpu }) =>
    set({
      config,
      points,
      teacherMode,
      forceCpu,
      path: null,
      teacherSource: null,
      teacherFrac: 0,
      recordFrac: 0,
      progress: null,
      series: emptySeriesFor(config.methods),
    }),
  setStage: (stage) => set({ stage }),
  setPath: (path) => set({ path }),
  setFracs: (p) => set(p),
  setBusy: (busy) => set({ busy }),
  setSpeed: (speed) => set({ speed }),
  setUrlErrors: (urlErrors) => set({ urlErrors }),
  ingest: (snaps) => {
    const s = get();
    try {
      const next = applySnapshots(s, snaps);
      if (next !== s) set(next);
    } catch (e) {
      get().pushMessage('error', `A snapshot from the trainer could not be read: ${e instanceof Error ? e.message : String(e)}`, 'snapshot');
    }
  },
  resetSeries: (methods) => set({ series: emptySeriesFor(methods ?? get().config.methods) }),
  pushMessage: (level, text, key) =>
    set((s) => {
      const kept = key ? s.messages.filter((m) => m.key !== key) : s.messages;
      if (!key && kept.some((m) => m.text === text && m.level === level)) return s;
      return { messages: [...kept, { id: nextId++, level, text, key }].slice(-MAX_MESSAGES) };
    }),
  dismissMessage: (id) => set((s) => ({ messages: s.messages.filter((m) => m.id !== id) })),
  clearMessages: (key) => set((s) => ({ messages: key ? s.messages.filter((m) => m.key !== key) : [] })),
}));
