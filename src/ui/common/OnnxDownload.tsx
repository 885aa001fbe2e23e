import { useState } from 'react';
import type { ModelRef } from '../../../workers/api';
import { canExport, exportOnnx } from '../../store/onnxActions';
import { useRunStore } from '../../store/runStore';
import { describeError } from '../../store/workerClient';
import { saveBytes } from './saveBytes';

export interface OnnxDownloadProps {
  modelRef: ModelRef;
  label: string;
  title?: string;
  testId?: string;
}

/** A button that exports one network of the run as .onnx and saves it. */
export function OnnxDownload({ modelRef, label, title, testId }: OnnxDownloadProps) {
  const enabled = useRunStore((s) => canExport(s.stage, s.busy));
  const pushMessage = useRunStore((s) => s.pushMessage);
  const clearMessages = useRunStore((s) => s.clearMessages);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const { bytes, filename } = await exportOnnx(modelRef);
      saveBytes(bytes, filename);
      clearMessages('onnx-export');
    } catch (e) {
      pushMessage('error', `Export as .onnx failed: ${describeError(e)}`, 'onnx-export');
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className="btn small"
      disabled={!enabled || busy}
      onClick={() => void run()}
      title={title ?? 'Save this network as a standard ONNX model'}
      data-testid={testId}
    >
      <span aria-hidden="true">⤓</span> {busy ? 'exporting…' : label}
    </button>
  );
}
