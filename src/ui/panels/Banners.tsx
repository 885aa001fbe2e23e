import { useRunStore } from '../../store/runStore';
import { retry } from '../../store/session';
import { resetToDefaults } from '../common/ErrorBoundary';
import { DivergencePanel } from './DivergencePanel';
import { ResumeBanner } from './ResumeBanner';

/** End a worker-supplied phrase with a full stop. */
function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** CPU fallback, bad-link and pipeline messages. All text, never HTML. */
export function Banners() {
  const backend = useRunStore((s) => s.backend);
  const urlErrors = useRunStore((s) => s.urlErrors);
  const messages = useRunStore((s) => s.messages);
  const stage = useRunStore((s) => s.stage);
  const workerMessage = useRunStore((s) => s.workerMessage);
  const setUrlErrors = useRunStore((s) => s.setUrlErrors);
  const dismiss = useRunStore((s) => s.dismissMessage);
  return (
    <div className="banners" aria-live="polite">
      <ResumeBanner />
      <DivergencePanel />
      {backend?.kind === 'cpu' ? (
        <div className="banner warn" data-testid="cpu-banner" role="status">
          <span className="banner-text">
            <b>Running on the CPU.</b> {sentence(backend.fallbackReason ?? 'WebGPU is not in use')} Everything works, only slower: lower the batch sizes for a
            livelier race.
          </span>
        </div>
      ) : null}
      {urlErrors.length ? (
        <div className="banner error" data-testid="url-error" role="alert">
          <div>
            <b>The link's settings were not valid, so the defaults are shown.</b>
            <ul>
              {urlErrors.slice(0, 5).map((e, i) => (
                <li key={i}>{e}</li>
              ))}
              {urlErrors.length > 5 ? <li>…and {urlErrors.length - 5} more.</li> : null}
            </ul>
          </div>
          <button type="button" className="btn small" onClick={() => setUrlErrors([])} aria-label="Dismiss">
            ✕
          </button>
        </div>
      ) : null}
      {messages.map((m) => (
        <div key={m.id} className={`banner ${m.level}`} role={m.level === 'error' ? 'alert' : 'status'} data-testid={`message-${m.level}`}>
          <span className="banner-text">{m.text}</span>
          {m.level === 'error' && stage === 'error' ? (
            <>
              <button type="button" className="btn small" onClick={() => void retry()}>
                Retry
              </button>
              <button type="button" className="btn small" onClick={resetToDefaults}>
                Reset to defaults
              </button>
            </>
          ) : null}
          <button type="button" className="btn small" onClick={() => dismiss(m.id)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      ))}
      {workerMessage ? (
        <div className="banner info subtle" data-testid="worker-message">
          <span className="banner-text">{workerMessage}</span>
        </div>
      ) : null}
    </div>
  );
}
