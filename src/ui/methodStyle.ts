/** Fixed colour, short name and one-line description per method, used by every view. */
import { METHOD_LABELS, type MethodId } from '../config/schema';

export const METHOD_COLORS: Record<MethodId, string> = {
  vanilla: '#e4572e',
  warmstart: '#d99a0b',
  disback: '#2f7fe0',
  vanilla_k5: '#9b4dca',
};

export const METHOD_SHORT: Record<MethodId, string> = {
  vanilla: 'Vanilla',
  warmstart: 'Warm start',
  disback: 'DisBack',
  vanilla_k5: 'Vanilla K5',
};

export const METHOD_BLURB: Record<MethodId, string> = {
  vanilla: 'Fake score starts as a teacher copy; the target is always the teacher.',
  warmstart: 'Fake score starts from the most degraded checkpoint; the target is always the teacher.',
  disback: 'Fake score starts from the most degraded checkpoint; the target walks back along the path to the teacher.',
  vanilla_k5: 'Vanilla with five fake-score steps per generator step: tells a lagging fake score from an unreliable teacher.',
};

export function methodLabel(m: MethodId): string {
  return METHOD_LABELS[m];
}
