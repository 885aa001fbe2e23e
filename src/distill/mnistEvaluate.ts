/**
 * The MNIST evaluator (SPEC "Metrics", MNIST): SW2 / MMD / energy distance in 784-D are
 * costly and say little about digits, so each tick classifies the student's samples with
 * the project's classifier (src/metrics/mnistClassifier.ts) on the race's backend and
 * reports, from its 64 penultimate features:
 *   - fd: Frechet distance (FD) to the held-out real digits,
 *   - fdTeacher: FD to the teacher's Heun reference samples,
 *   - trajectory: FD to the reference samples of every checkpoint theta'_0..theta'_N (the
 *     heat-map row; trajectory[0] = fdTeacher) and sw2Target = trajectory[target] (the
 *     field keeps its name for the charts: for MNIST it is an FD),
 *   - classHist (fractions per class), classes (>= 1 % of the samples), confident (top
 *     probability >= 0.9).
 * sw2Teacher, mmdTeacher, energyTeacher and sw2Data are NaN (not computed).
 *
 * The classifier's weights are loaded once per process (worker); its device buffers once per
 * backend; the held-out digits' feature statistics once per (classifier, held-out pool); the
 * reference sets' statistics once per race, at its first evaluation.
 */
import type { Backend } from '../engine/backend';
import { type ClassifierModel, loadMnistClassifier, MnistClassifier } from '../metrics/mnistClassifier';
import { classesPresent, classHistogram, confidentFraction, type FeatureStats, featureStats, frechetDistance } from '../metrics/mnistMetrics';
import type { Evaluator, Measures } from './evaluate';

let modelPromise: Promise<ClassifierModel> | null = null;

/** The shipped classifier's weights, read or fetched once per process / worker. */
export function sharedClassifierModel(): Promise<ClassifierModel> {
  modelPromise ??= loadMnistClassifier().catch((e: unknown) => {
    modelPromise = null; // a failed fetch may be retried
    throw new Error(`could not load the MNIST metric classifier: ${(e as Error).message}`);
  });
  return modelPromise;
}

const perBackend = new WeakMap<Backend, Promise<MnistClassifier>>();

/** The classifier on `be`, created once per backend (it lives as long as the backend). */
export function classifierFor(be: Backend): Promise<MnistClassifier> {
  let c = perBackend.get(be);
  if (!c) {
    c = sharedClassifierModel().then((m) => new MnistClassifier(be, m));
    c.catch(() => perBackend.delete(be));
    perBackend.set(be, c);
  }
  return c;
}

const heldStats = new WeakMap<MnistClassifier, WeakMap<Float32Array, Promise<FeatureStats>>>();

/** Feature statistics of a fixed image set (the held-out digits), cached per classifier and array. */
export function cachedStats(clf: MnistClassifier, images: Float32Array): Promise<FeatureStats> {
  let m = heldStats.get(clf);
  if (!m) heldStats.set(clf, (m = new WeakMap()));
  let s = m.get(images);
  if (!s) {
    s = clf.classify(images).then((c) => featureStats(c.features, c.featureDim));
    s.catch(() => m!.delete(images));
    m.set(images, s);
  }
  return s;
}

export interface MnistEvaluatorInputs {
  be: Backend;
  /** held-out real digits [m, 784] in [-1, 1] */
  heldout: Float32Array;
  /** reference samples of theta'_0 (= teacher), theta'_1..theta'_N, [n, 784] each */
  checkpoints: Float32Array[];
}

/** NaN everywhere (non-finite samples: the classifier's FD would be meaningless). */
function nanMeasures(n: number): Measures {
  return { sw2Teacher: NaN, mmdTeacher: NaN, energyTeacher: NaN, sw2Data: NaN, sw2Target: NaN, trajectory: Array.from({ length: n }, () => NaN), fd: NaN, fdTeacher: NaN };
}

export function makeMnistEvaluator(inp: MnistEvaluatorInputs): Evaluator {
  let refs: Promise<{ clf: MnistClassifier; held: FeatureStats; ck: FeatureStats[] }> | null = null;
  const load = () => {
    refs ??= (async () => {
      const clf = await classifierFor(inp.be);
      const held = await cachedStats(clf, inp.heldout);
      const ck: FeatureStats[] = [];
      for (const c of inp.checkpoints) {
        const r = await clf.classify(c);
        ck.push(featureStats(r.features, r.featureDim));
      }
      return { clf, held, ck };
    })();
    refs.catch(() => (refs = null));
    return refs;
  };
  return {
    async ready(): Promise<void> {
      await load();
    },
    async measure(samples: Float32Array, target: number): Promise<Measures> {
      const { clf, held, ck } = await load();
      if (!samples.every(Number.isFinite)) return nanMeasures(ck.length);
      const c = await clf.classify(samples);
      const s = featureStats(c.features, c.featureDim);
      const trajectory = ck.map((r) => frechetDistance(s, r));
      const classHist = classHistogram(c);
      return {
        sw2Teacher: NaN, mmdTeacher: NaN, energyTeacher: NaN, sw2Data: NaN,
        sw2Target: trajectory[Math.min(target, trajectory.length - 1)],
        trajectory,
        fd: frechetDistance(s, held),
        fdTeacher: trajectory[0],
        classHist,
        classes: classesPresent(classHist),
        confident: confidentFraction(c),
      };
    },
  };
}
