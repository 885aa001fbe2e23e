/**
 * PLACEHOLDER so the page builds before the real trainer lands: every method throws.
 * The real worker replaces this file (same path, same comlink `expose` of TrainerApi).
 */
import { expose } from 'comlink';
import type { TrainerApi } from './api';

const notYet = (): never => {
  throw new Error('trainer not implemented yet');
};

const api: TrainerApi = {
  init: async () => notYet(),
  configure: async () => notYet(),
  prepareTeacher: async () => notYet(),
  recordPath: async () => notYet(),
  start: () => notYet(),
  pause: () => notYet(),
  step: async () => notYet(),
  reset: async () => notYet(),
  setSpeed: () => notYet(),
  subscribe: () => undefined,
  snapshot: async () => notYet(),
  scoreField: async () => notYet(),
  nfe: async () => notYet(),
  selfTest: async () => notYet(),
};

expose(api);
