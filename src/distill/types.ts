/** Plain data records produced by a race (shared with the worker API and the CLI run files). */

/** One evaluation tick of one method. Distances are to fixed reference sample sets. */
export interface EvalPoint {
  step: number; // generator steps done
  passes: number; // forward-pass equivalents so far (backward = 2), stage 1 included
  wall: number; // seconds of compute so far, stage 1 included
  lossG: number;
  lossFake: number;
  sw2Teacher: number;
  mmdTeacher: number;
  energyTeacher: number;
  sw2Data: number;
  /** mean ||D_phi - D_target||^2 and mean ||D_phi - D_teacher||^2 on generator samples */
  mismatchTarget: number;
  mismatchTeacher: number;
  /** SW2 to the current target checkpoint's samples (progress along the path) */
  sw2Target: number;
  /** current target index i (0 = teacher) */
  target: number;
  /** SW2 to the samples of every checkpoint theta'_0..theta'_N (a row of the heat map) */
  trajectory: number[];
  /** mixture sets: fraction of modes covered */
  modes?: number;
  /** MNIST only: Frechet distance and class histogram of the classifier */
  fd?: number;
  classHist?: number[];
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
