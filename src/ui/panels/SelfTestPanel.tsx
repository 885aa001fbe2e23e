import { useState } from 'react';
import type { KernelCheck } from '../../../workers/api';
import { useRunStore } from '../../store/runStore';
import { selfTest } from '../../store/session';
import { describeError } from '../../store/workerClient';
import { Panel } from '../common/Panel';

function sci(x: number): string {
  return Number.isFinite(x) ? x.toExponential(2) : String(x);
}

/** Runs every kernel on this device against its CPU reference. */
export function SelfTestPanel() {
  const backend = useRunStore((s) => s.backend);
  const [rows, setRows] = useState<KernelCheck[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setRows(await selfTest());
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const failed = rows?.filter((r) => !r.ok).length ?? 0;
  return (
    <Panel
      title="Kernel self-test"
      section="selftest"
      tip="Runs each compute kernel on this device and compares it with the plain TypeScript reference. A failure means this GPU or driver computes something differently."
    >
      <div className="row">
        <button type="button" className="btn" onClick={() => void run()} disabled={busy || !backend} data-testid="selftest">
          {busy ? 'Testing…' : 'Run self-test'}
        </button>
        {rows ? (
          <span className={`badge ${failed ? 'error' : 'ok'}`} data-testid="selftest-summary">
            {failed ? `${failed} of ${rows.length} failed` : `all ${rows.length} passed`}
          </span>
        ) : null}
        {backend ? <span className="muted small">on {backend.adapter || backend.kind}</span> : null}
      </div>
      {error ? <p className="field-error">{error}</p> : null}
      {rows ? (
        <div className="table-wrap">
          <table className="data-table" data-testid="selftest-table">
            <thead>
              <tr>
                <th>kernel</th>
                <th>max abs</th>
                <th>max rel</th>
                <th>ok</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={`${r.kernel}-${i}`} className={r.ok ? '' : 'bad'}>
                  <td className="mono">{r.kernel}</td>
                  <td className="mono num">{sci(r.maxAbs)}</td>
                  <td className="mono num">{sci(r.maxRel)}</td>
                  <td>{r.ok ? '✓' : '✗'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Panel>
  );
}
