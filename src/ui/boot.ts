/** Page start: read the link, show what was wrong with it, start the pipeline. */
import { findSavedRun } from '../store/runFiles';
import { useRunStore } from '../store/runStore';
import { currentHash, startRun } from '../store/session';
import { readLocation } from './urlState';

export function bootFromLocation(): void {
  const decoded = readLocation(location);
  useRunStore.getState().setUrlErrors(decoded.errors);
  void startRun(decoded, { writeHash: decoded.errors.length > 0 });
}

/**
 * First load: when an earlier visit saved a run, offer it (ResumeBanner) and start the
 * link's run only once the offer is answered (Discard), so that it cannot overwrite it.
 */
export async function bootFirst(): Promise<void> {
  const decoded = readLocation(location);
  useRunStore.getState().setUrlErrors(decoded.errors);
  if (await findSavedRun()) return;
  void startRun(decoded, { writeHash: decoded.errors.length > 0 });
}

/** A hand-edited hash (or back/forward) restarts with the new settings. */
export function watchHash(): () => void {
  const onChange = () => {
    if (location.hash === currentHash()) return;
    bootFromLocation();
  };
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}
