/** Plain data records produced by a race (shared with the worker API and the CLI run files). */

/**
 * One evaluation tick of one method. Distances are to fixed reference sample sets.
 *
 * 2-D and embedded toys: SW2 / MMD^2 / energy distance of the samples. MNIST (784-D): those
 * are not computed (NaN); the distances are Frechet distances (FD) between Gaussians fitted
 * to the project classifier's 64 penultimate features (src/metrics/mnistMetrics.ts), and the
 * fields named sw2* that the charts read carry the FD equivalent, as documented per field.
 */
export interface EvalPoint {
  step: number; // generator steps done
  passes: number; // forward-pass equivalents so far (backward = 2), stage 1 included
  wall: number; // seconds of compute so far, stage 1 included
  lossG: number;
  lossFake: number;
  /** SW2 to the teacher's Heun samples (MNIST: NaN, see fdTeacher) */
  sw2Teacher: number;
  /** MMD^2 and energy distance to the teacher's samples (MNIST: NaN) */
  mmdTeacher: number;
  energyTeacher: number;
  /** SW2 to held-out data (MNIST: NaN, see fd) */
  sw2Data: number;
  /** mean ||D_phi - D_target||^2 and mean ||D_phi - D_teacher||^2 on generator samples */
  mismatchTarget: number;
  mismatchTeacher: number;
  /** SW2 to the current target checkpoint's samples (progress along the path); MNIST: the FD to them */
  sw2Target: number;
  /** current target index i (0 = teacher) */
  target: number;
  /**
   * Distance to the samples of every checkpoint theta'_0..theta'_N (a row of the heat map):
   * SW2 for the toys; for MNIST the FD of classifier features (trajectory[0] = fdTeacher).
   */
  trajectory: number[];
  /** mixture sets: fraction of modes covered */
  modes?: number;
  /** MNIST only: FD of the classifier features to the held-out real digits */
  fd?: number;
  /** MNIST only: FD to the teacher's Heun reference samples (= trajectory[0]) */
  fdTeacher?: number;
  /** MNIST only: fraction of the samples per predicted class 0..9 */
  classHist?: number[];
  /** MNIST only: classes holding at least 1 % of the samples */
  classes?: number;
  /** MNIST only: fraction classified with top probability >= 0.9 */
  confident?: number;
}

export interface PathSummary {
  /** stage-1 step of each checkpoint theta'_0..theta'_N (0 for the teacher) */
  steps: number[];
  /** distance of each checkpoint from the teacher (mismatch on noised G^0 samples) */
  distance: number[];
  /** Heun samples of each checkpoint theta'_0..theta'_N, [n, dim] */
  samples: Float32Array[];
  stage1Seconds: number;
  stage1Passes: number;
}
