import { useRef, useState } from 'react';
import { useRunStore } from '../../store/runStore';
import { canLoadTeacher, loadTeacherOnnx } from '../../store/session';
import { describeError } from '../../store/workerClient';
import { formatBytes } from '../common/saveBytes';

/** The worker's own limit too (src/onnx/limits.ts); checked here before the file is read. */
export const MAX_TEACHER_BYTES = 64 * 1024 * 1024;

type Status = { kind: 'busy' | 'ok' | 'error'; text: string };

/** "Load teacher from .onnx": a denoiser file replaces the teacher and the path is recorded again. */
export function TeacherUpload() {
  const enabled = useRunStore((s) => canLoadTeacher(s.stage, s.busy));
  const source = useRunStore((s) => s.teacherSource);
  const [status, setStatus] = useState<Status | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      if (file.size > MAX_TEACHER_BYTES) {
        setStatus({ kind: 'error', text: `“${file.name}” is ${formatBytes(file.size)}; files over 64 MB are refused.` });
        return;
      }
      if (file.size === 0) {
        setStatus({ kind: 'error', text: `“${file.name}” is empty.` });
        return;
      }
      setStatus({ kind: 'busy', text: `Checking “${file.name}”…` });
      const summary = await loadTeacherOnnx(new Uint8Array(await file.arrayBuffer()));
      setStatus({ kind: 'ok', text: `Loaded “${file.name}”: ${summary}. The degradation path was recorded again from it.` });
    } catch (e) {
      setStatus({ kind: 'error', text: `“${file.name}”: ${describeError(e)}` });
    } finally {
      if (input.current) input.current.value = ''; // the same file can be chosen again
    }
  };

  const pending = status?.kind === 'busy';
  return (
    <div className="onnx-teacher">
      <div className="row wrap">
        <label className={`btn file-btn ${enabled && !pending ? '' : 'is-disabled'}`}>
          <span aria-hidden="true">⤒</span> Load teacher from .onnx
          <input
            ref={input}
            type="file"
            accept=".onnx"
            className="visually-hidden"
            disabled={!enabled || pending}
            onChange={(e) => void onFile(e.target.files?.[0])}
            data-testid="onnx-load-teacher"
          />
        </label>
        <span className="muted small">a denoiser D(x, σ), e.g. a θ′ checkpoint saved from the path; up to 64 MB</span>
      </div>
      {status ? (
        <p className={`onnx-status ${status.kind}`} role={status.kind === 'error' ? 'alert' : 'status'} data-testid="onnx-load-status" data-kind={status.kind}>
          {status.text}
        </p>
      ) : null}
      {source ? (
        <p className="small" data-testid="onnx-teacher-source">
          Teacher in use: <span className="mono">{source}</span>
          <span className="muted"> (uploaded; the copied link does not carry it)</span>
        </p>
      ) : null}
    </div>
  );
}
