import { discardSavedRun, resumeSavedRun, useSavedRunStore } from '../../store/runFiles';
import { useRunStore } from '../../store/runStore';
import { bootFromLocation } from '../boot';
import { readLocation } from '../urlState';

/** "Resume where you stopped": shown at page start when a run was saved by an earlier visit. */
export function ResumeBanner() {
  const offer = useSavedRunStore((s) => s.offer);
  const opening = useSavedRunStore((s) => s.opening);
  const stage = useRunStore((s) => s.stage);
  if (!offer || stage !== 'idle') return null;
  const steps = Math.max(0, ...Object.values(offer.steps).map((n) => n ?? 0));
  const when = new Date(offer.savedAt).toLocaleString();
  return (
    <div className="banner info" role="status" data-testid="resume-banner">
      <span className="banner-text">
        <b>Resume where you stopped?</b> A run on {offer.config.dataset} (seed {offer.config.seed}, {offer.config.methods.join(', ')}) was saved at step{' '}
        {steps} on {when}.
      </span>
      <button type="button" className="btn small primary" disabled={opening} onClick={() => void resumeSavedRun(readLocation(location).forceCpu, bootFromLocation)} data-testid="resume-saved">
        Resume
      </button>
      <button type="button" className="btn small" disabled={opening} onClick={() => void discardSavedRun(bootFromLocation)} data-testid="discard-saved">
        Discard
      </button>
    </div>
  );
}
