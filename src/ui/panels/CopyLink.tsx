import { useState } from 'react';
import { currentHash } from '../../store/session';

/** Copy a link that reproduces the applied run (config, seed, drawn points). */
export function CopyLink() {
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const [link, setLink] = useState('');
  const copy = async () => {
    const url = `${location.origin}${location.pathname}${currentHash()}`;
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      setState('copied');
    } catch {
      setState('manual');
    }
    setTimeout(() => setState((s) => (s === 'copied' ? 'idle' : s)), 1800);
  };
  return (
    <span className="copy-link">
      <button type="button" className="btn" data-testid="copy-link" data-link={link || undefined} onClick={() => void copy()} title="Copy a link that reproduces this run">
        {state === 'copied' ? 'Link copied ✓' : 'Copy link'}
      </button>
      {state === 'manual' ? (
        <span className="popover">
          <input readOnly value={link} aria-label="Link to this run" onFocus={(e) => e.currentTarget.select()} autoFocus />
          <button type="button" className="btn small" onClick={() => setState('idle')} aria-label="Close">
            ✕
          </button>
        </span>
      ) : null}
    </span>
  );
}
