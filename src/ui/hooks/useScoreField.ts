import { useEffect, useState } from 'react';
import type { ScoreField } from '../../../workers/api';
import type { MethodId } from '../../config/schema';
import { useRunStore } from '../../store/runStore';
import { scoreField } from '../../store/session';
import { describeError } from '../../store/workerClient';
import type { Overlay } from '../../store/uiStore';

const LIVE = new Set(['ready', 'racing', 'paused', 'done']);
const REFRESH_MS = 700;
export const FIELD_RES = 20;

/**
 * The score-field overlay of one method: fetched when chosen; while racing, polled with
 * one request in flight at a time; when paused, refreshed after each manual step.
 */
export function useScoreField(method: MethodId, overlay: Overlay, sigma: number): { field: ScoreField | null; error: string | null } {
  const stage = useRunStore((s) => s.stage);
  const racing = stage === 'racing';
  const step = useRunStore((s) => (s.stage === 'racing' ? 0 : (s.series[method]?.step ?? 0)));
  const path = useRunStore((s) => s.path);
  const [field, setField] = useState<ScoreField | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (overlay === 'none' || !LIVE.has(stage)) {
      setField(null);
      setError(null);
      return;
    }
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fetchOnce = async () => {
      try {
        const f = await scoreField(method, overlay, FIELD_RES, sigma);
        if (!live) return;
        setField(f);
        setError(null);
      } catch (e) {
        if (live) setError(describeError(e));
        return;
      }
      if (live && racing) timer = setTimeout(() => void fetchOnce(), REFRESH_MS);
    };
    void fetchOnce();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
    // `stage` matters only through LIVE membership and `racing`
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [method, overlay, sigma, racing, LIVE.has(stage), step, path]);
  return { field, error };
}
