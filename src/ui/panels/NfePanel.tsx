import { useEffect, useState } from 'react';
import type { NfeReport } from '../../../workers/api';
import type { MethodId } from '../../config/schema';
import { useRunStore } from '../../store/runStore';
import { nfe } from '../../store/session';
import { describeError } from '../../store/workerClient';
import { defaultMethod, MethodSelect } from '../common/MethodSelect';
import { ScatterCanvas } from '../common/ScatterCanvas';
import { Panel } from '../common/Panel';
import { usePlotExtent } from '../hooks/usePlotExtent';
import { METHOD_COLORS, METHOD_SHORT } from '../methodStyle';

const READY = new Set(['ready', 'racing', 'paused', 'done']);

/** Samples per comparison: an 8 x 8 grid of digits for MNIST (a U-Net pass is costly), a cloud for the 2-D sets. */
export function nfeSampleDefaults(images: boolean): { n: number; min: number; max: number; step: number } {
  return images ? { n: 64, min: 16, max: 1024, step: 16 } : { n: 1024, min: 16, max: 8192, step: 16 };
}

/** EDM's S_churn for the stochastic option: the largest re-noising per step (gamma = min(40 / N, sqrt 2 - 1) = sqrt 2 - 1) up to 96 steps. */
export const NFE_STOCHASTIC_CHURN = 40;

function ms(x: number): string {
  return !Number.isFinite(x) ? '–' : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toExponential(1);
}

/** What distillation buys: N teacher steps per sample against one student step. */
export function NfePanel() {
  const stage = useRunStore((s) => s.stage);
  const images = useRunStore((s) => s.config.dataset === 'mnist');
  const extent = usePlotExtent();
  const [method, setMethod] = useState<MethodId>(() => defaultMethod(useRunStore.getState().config.methods));
  const [timed, setTimed] = useState<MethodId>(method);
  const [steps, setSteps] = useState(18);
  const [stochastic, setStochastic] = useState(false);
  const lim = nfeSampleDefaults(images);
  const [n, setN] = useState(lim.n);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<NfeReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  // a new data set brings its own sample count (and drops a report of the other kind)
  useEffect(() => {
    setN(nfeSampleDefaults(images).n);
    setReport(null);
    setError(null);
  }, [images]);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setReport(await nfe(steps, n, method, stochastic ? NFE_STOCHASTIC_CHURN : 0));
      setTimed(method);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const speedup = report ? report.teacher.msPerSample / report.student.msPerSample : NaN;
  return (
    <Panel
      title="Teacher vs one step"
      section="nfe"
      testId="nfe"
      tip="The point of distillation: the teacher needs N network evaluations (NFE) per sample, the student one. Same number of samples, timed on this device."
    >
      <div className="row wrap">
        <label className="inline-field">
          teacher steps
          <input type="number" min={2} max={256} value={steps} onChange={(e) => setSteps(Math.max(2, Math.min(256, Math.round(Number(e.target.value) || 2))))} />
        </label>
        <label className="inline-field">
          samples
          <input
            type="number"
            min={lim.min}
            max={lim.max}
            step={lim.step}
            value={n}
            onChange={(e) => setN(Math.max(lim.min, Math.min(lim.max, Math.round(Number(e.target.value) || lim.min))))}
            data-testid="nfe-n"
          />
        </label>
        <label
          className="inline-field"
          title="Deterministic: the ODE (SPEC's Heun). Stochastic: EDM's sampler with churn (S_churn 40): before each step the sample is re-noised a little and the step starts from the higher noise level. Same distribution, same NFE; the noise lets the chain correct the network's errors instead of carrying them to the end. It needs enough steps to wash the added noise out (about 10 or more): with very few steps its samples stay noisy."
        >
          teacher sampler
          <select value={stochastic ? 'sde' : 'ode'} onChange={(e) => setStochastic(e.target.value === 'sde')} data-testid="nfe-sampler">
            <option value="ode">Heun, deterministic</option>
            <option value="sde">Heun, stochastic (churn)</option>
          </select>
        </label>
        <MethodSelect value={method} onChange={setMethod} label="student" testId="nfe-method" />
        <button type="button" className="btn primary" disabled={busy || !READY.has(stage)} onClick={() => void run()} data-testid="nfe-run">
          {busy ? 'Sampling…' : 'Compare'}
        </button>
        {!READY.has(stage) ? <span className="muted small">available once the race is ready</span> : null}
      </div>
      {error ? (
        <p className="field-error" role="alert" data-testid="nfe-error">
          {error}
        </p>
      ) : null}
      {report ? (
        <div className="nfe-grid">
          <figure>
            <div className="canvas-wrap square">
              <ScatterCanvas
                samples={report.teacher.samples}
                color="#0f9d8a"
                extent={extent}
                images={images}
                emptyText="no samples"
                testId="nfe-teacher-canvas"
                ariaLabel={images ? `teacher digits, ${report.teacher.steps} Heun steps${report.teacher.churn > 0 ? ', stochastic' : ''}` : 'teacher samples'}
              />
            </div>
            <figcaption>
              Teacher, {report.teacher.steps} {images ? 'Heun ' : ''}steps{report.teacher.churn > 0 ? `, stochastic (S_churn ${report.teacher.churn})` : ''} · <b className="mono">{ms(report.teacher.msPerSample)}</b> ms/sample
            </figcaption>
          </figure>
          <figure>
            <div className="canvas-wrap square">
              <ScatterCanvas
                samples={report.student.samples}
                color={METHOD_COLORS[timed]}
                extent={extent}
                images={images}
                emptyText="no samples"
                testId="nfe-student-canvas"
                ariaLabel={`${METHOD_SHORT[timed]} student ${images ? 'digits, one step' : 'samples'}`}
              />
            </div>
            <figcaption>
              {METHOD_SHORT[timed]} student, 1 step · <b className="mono">{ms(report.student.msPerSample)}</b> ms/sample
              {Number.isFinite(speedup) ? <span className="badge ok">{speedup.toFixed(1)}× faster</span> : null}
            </figcaption>
          </figure>
        </div>
      ) : null}
    </Panel>
  );
}
