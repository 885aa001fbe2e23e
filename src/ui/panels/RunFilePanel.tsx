import { useRef, useState } from 'react';
import { MAX_RUN_FILE_BYTES, RUN_FILE_EXT } from '../../config/runFile';
import { exportRunFile, openRunFile, useSavedRunStore } from '../../store/runFiles';
import { useRunStore } from '../../store/runStore';
import { InfoTip } from '../common/InfoTip';
import { formatBytes, saveBytes } from '../common/saveBytes';

const SAVABLE = new Set(['ready', 'racing', 'paused', 'done']);

/** Save the whole run (weights, optimiser states, series) as one file, or open one. */
export function RunFilePanel() {
  const stage = useRunStore((s) => s.stage);
  const busy = useRunStore((s) => s.busy);
  const opening = useSavedRunStore((s) => s.opening);
  const [status, setStatus] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const canSave = SAVABLE.has(stage) && !busy && !opening;

  const save = async () => {
    setStatus('Saving…');
    const out = await exportRunFile();
    if (!out) return setStatus(null);
    saveBytes(out.bytes, out.filename);
    setStatus(`Saved ${out.filename} (${formatBytes(out.bytes.length)}).`);
  };
  const open = async (file: File | undefined) => {
    if (!file) return;
    setStatus(`Opening “${file.name.slice(0, 80)}”…`);
    const ok = await openRunFile(file);
    setStatus(ok ? `Opened “${file.name.slice(0, 80)}”: press play to continue.` : null);
    if (input.current) input.current.value = '';
  };

  return (
    <div className="runfile" data-testid="runfile">
      <div className="row wrap small-gap">
        <button type="button" className="btn small" disabled={!canSave} onClick={() => void save()} data-testid="runfile-save">
          ⤓ Save run file
        </button>
        <label className={`btn small file-btn ${busy || opening ? 'is-disabled' : ''}`}>
          ⤒ Open run file
          <input
            ref={input}
            type="file"
            accept={RUN_FILE_EXT}
            className="visually-hidden"
            disabled={busy || opening}
            onChange={(e) => void open(e.target.files?.[0])}
            data-testid="runfile-open"
          />
        </label>
        <InfoTip>
          A run file holds everything needed to continue the race exactly where it was: settings, teacher, the degradation path, every method's
          generator, fake score and optimiser state, and the charts. Files up to {formatBytes(MAX_RUN_FILE_BYTES)}; anything else is refused.
        </InfoTip>
      </div>
      {status ? (
        <p className="muted small" role="status" data-testid="runfile-status">
          {status}
        </p>
      ) : null}
    </div>
  );
}
