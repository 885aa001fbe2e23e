import { useEffect, useState } from 'react';
import type { OnnxCheck } from '../../../workers/api';
import type { MethodId } from '../../config/schema';
import { canExport, onnxStudentCheck } from '../../store/onnxActions';
import { useRunStore } from '../../store/runStore';
import { describeError } from '../../store/workerClient';
import { defaultMethod, MethodSelect } from '../common/MethodSelect';
import { Panel } from '../common/Panel';
import { formatBytes } from '../common/saveBytes';
import { ScatterCanvas } from '../common/ScatterCanvas';
import { usePlotExtent } from '../hooks/usePlotExtent';
import { METHOD_COLORS, METHOD_SHORT } from '../methodStyle';
import { TeacherUpload } from './TeacherUpload';

/** Exported and engine samples closer than this count as the same network. */
const AGREE = 1e-3;

function ms(x: number): string {
  return !Number.isFinite(x) ? '–' : x >= 10 ? x.toFixed(0) : x.toFixed(1);
}

function Result({ check, method }: { check: OnnxCheck; method: MethodId }) {
  const images = useRunStore((s) => s.config.dataset === 'mnist');
  const extent = usePlotExtent();
  const color = METHOD_COLORS[method];
  const agree = check.maxAbsDiff < AGREE;
  return (
    <>
      <div className="nfe-grid">
        <figure>
          <div className="canvas-wrap square">
            <ScatterCanvas samples={check.onnxSamples} color={color} extent={extent} images={images} testId="onnx-canvas-ort" ariaLabel="samples from onnxruntime-web" />
          </div>
          <figcaption>onnxruntime-web, the exported .onnx</figcaption>
        </figure>
        <figure>
          <div className="canvas-wrap square">
            <ScatterCanvas samples={check.engineSamples} color={color} extent={extent} images={images} testId="onnx-canvas-engine" ariaLabel="samples from the playground's engine" />
          </div>
          <figcaption>the playground's engine, same z</figcaption>
        </figure>
      </div>
      <dl className="kv onnx-stats">
        <dt>student</dt>
        <dd>
          {METHOD_SHORT[method]}, {check.n} samples
        </dd>
        <dt>execution provider</dt>
        <dd>
          <b className="mono" data-testid="onnx-provider">
            {check.provider}
          </b>
          {check.provider === 'wasm' ? <span className="muted small"> (WebGPU was not available to onnxruntime-web)</span> : null}
        </dd>
        <dt>inference</dt>
        <dd className="mono" data-testid="onnx-ms">
          {ms(check.ms)} ms
        </dd>
        <dt>session load</dt>
        <dd className="mono">{ms(check.loadMs)} ms</dd>
        <dt>model size</dt>
        <dd className="mono" data-testid="onnx-bytes">
          {formatBytes(check.bytes)}
        </dd>
        <dt>max |onnx − engine|</dt>
        <dd>
          <b className="mono" data-testid="onnx-maxdiff" data-value={String(check.maxAbsDiff)}>
            {check.maxAbsDiff.toExponential(2)}
          </b>
          <span className={`badge ${agree ? 'ok' : 'error'}`}>{agree ? 'same network' : 'differs'}</span>
        </dd>
      </dl>
    </>
  );
}

/** ONNX as the model format: load a teacher from a file, and run an exported student outside the engine. */
export function OnnxPanel() {
  const enabled = useRunStore((s) => canExport(s.stage, s.busy));
  const [method, setMethod] = useState<MethodId>(() => defaultMethod(useRunStore.getState().config.methods));
  const [n, setN] = useState(512);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ check: OnnxCheck; method: MethodId } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const images = useRunStore((s) => s.config.dataset === 'mnist');
  // MNIST: one 8 x 8 grid of digits (each U-Net pass is costly); the 2-D sets: a cloud
  useEffect(() => {
    setN(images ? 64 : 512);
    setResult(null);
  }, [images]);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult({ check: await onnxStudentCheck(method, n), method });
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Panel
      title="ONNX runtime"
      section="onnx"
      testId="onnx-panel"
      tip="Every network here can be saved as a standard ONNX model (buttons under each racer and on the path). This panel loads a teacher from such a file, and runs an exported student with onnxruntime-web beside the playground's own engine on the same noise."
    >
      <TeacherUpload />
      <h3 className="subhead">Run the exported student</h3>
      <div className="row wrap">
        <MethodSelect value={method} onChange={setMethod} label="student" testId="onnx-method" />
        <label className="inline-field">
          samples
          <input
            type="number"
            min={1}
            max={4096}
            step={64}
            value={n}
            onChange={(e) => setN(Math.max(1, Math.min(4096, Math.round(Number(e.target.value) || 1))))}
            data-testid="onnx-n"
          />
        </label>
        <button type="button" className="btn primary" disabled={busy || !enabled} onClick={() => void run()} data-testid="onnx-run">
          {busy ? 'Running…' : 'Run exported student'}
        </button>
        {!enabled ? <span className="muted small">available once the race is ready</span> : null}
      </div>
      <p className="muted small">Running it pauses the race.</p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {result ? <Result check={result.check} method={result.method} /> : null}
    </Panel>
  );
}
