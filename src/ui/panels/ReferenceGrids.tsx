import { useRunStore } from '../../store/runStore';
import { ScatterCanvas } from '../common/ScatterCanvas';
import { InfoTip } from '../common/InfoTip';

const TEACHER_COLOR = '#0f9d8a';
const NO_EXTENT: [number, number, number, number] = [-1, 1, -1, 1];

/** MNIST: what the students aim at, beside the race: the teacher's digits (θ′0) and real held-out digits. */
export function ReferenceGrids() {
  const path = useRunStore((s) => s.path);
  const teacher = path?.samples?.[0] ?? null;
  const data = path?.data ?? null;
  const empty = path ? 'not recorded' : 'waiting for the teacher…';
  return (
    <div className="reference-grids" data-testid="reference-grids">
      <h3 className="subhead">
        Reference
        <InfoTip>
          Left: the teacher&apos;s own digits (many-step Heun sampling, checkpoint θ′0). Right: real held-out digits. A good one-step student
          looks like both.
        </InfoTip>
      </h3>
      <div className="reference-row">
        <figure>
          <div className="canvas-wrap square">
            <ScatterCanvas samples={teacher} color={TEACHER_COLOR} extent={NO_EXTENT} images emptyText={empty} testId="ref-teacher-canvas" ariaLabel="teacher digits (θ′0)" />
          </div>
          <figcaption className="small muted">teacher θ′0 (Heun)</figcaption>
        </figure>
        <figure>
          <div className="canvas-wrap square">
            <ScatterCanvas samples={data} color={TEACHER_COLOR} extent={NO_EXTENT} images emptyText={empty} testId="ref-data-canvas" ariaLabel="real held-out digits" />
          </div>
          <figcaption className="small muted">real digits (held out)</figcaption>
        </figure>
      </div>
    </div>
  );
}
