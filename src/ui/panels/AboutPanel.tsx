import { Panel } from '../common/Panel';

/** Plain-words explanations of the ideas on this page. */
export function AboutPanel() {
  return (
    <Panel title="About this playground" section="about" testId="about" tip="What the teacher, the fake score, the path and backtracking are.">
      <div className="about">
        <section>
          <h3>The teacher</h3>
          <p>
            A diffusion model trained on the data set. It turns noise into data by taking many small denoising steps, so it is slow: tens of network
            evaluations per sample. Its <em>score</em> says, for a noisy point, which way the data lies.
          </p>
        </section>
        <section>
          <h3>The student and its fake score</h3>
          <p>
            The student is a generator that must produce a sample in <em>one</em> step. A second network, the <em>fake score</em>, keeps learning the
            student&apos;s own distribution. The student moves its samples along the difference between the target&apos;s score and the fake score, until
            the two agree.
          </p>
        </section>
        <section>
          <h3>Score mismatch</h3>
          <p>
            At the start the student is far from the data, so the teacher&apos;s score at the student&apos;s samples is a poor guide: the teacher never saw
            points like those. That early mismatch slows vanilla distillation down.
          </p>
        </section>
        <section>
          <h3>The degradation path</h3>
          <p>
            DisBack first fine-tunes a copy of the teacher towards the initial student, saving checkpoints on the way. The path runs from the teacher
            (θ′0) to a model that describes the untrained student (θ′N). How the checkpoints are spaced matters: see the filmstrip.
          </p>
        </section>
        <section>
          <h3>Backtracking</h3>
          <p>
            DisBack then trains the student against the path in reverse: first the checkpoint next to the student, then one a little closer to the
            teacher, and so on, ending on the teacher itself. Each target is always close to where the student is, so its guidance stays reliable.
          </p>
        </section>
        <section>
          <h3>The racers</h3>
          <p>
            <b>Vanilla</b> targets the teacher from the start. <b>Warm start</b> only borrows DisBack&apos;s initial fake score, to separate the two
            ingredients. <b>Vanilla K5</b> gives the fake score five updates per student update: if it catches up with DisBack, the problem was a lagging
            fake score, not an unreliable teacher. Compare them at equal iterations, and at equal compute (DisBack pays for recording its path).
          </p>
        </section>
        <p className="muted small">
          After Zhang et al., <i>Distribution Backtracking Builds a Faster Convergence Trajectory for Diffusion Distillation</i> (arXiv 2408.15991).
          Everything runs in this browser tab; nothing is sent anywhere.
        </p>
      </div>
    </Panel>
  );
}
