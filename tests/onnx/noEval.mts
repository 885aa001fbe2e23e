// Run by protoCodec.test.ts under `node --disallow-code-generation-from-strings`: export,
// import and refuse ONNX models with no eval / new Function anywhere on the path.
import { exportDenoiser, exportGenerator } from '../../src/onnx/export';
import { importDenoiser } from '../../src/onnx/import';
import { SPEC_SMALL, weightsFor } from './helpers';

const w = weightsFor(SPEC_SMALL, 3);
const a = exportDenoiser(SPEC_SMALL, w, { dataset: '8gaussians', seed: 1, trainingSteps: 10 });
const imp = importDenoiser(a);
const b = exportDenoiser(imp.spec, imp.weights, imp.metadata);
const g = importDenoiser(exportGenerator(SPEC_SMALL, w, 2.5, { dataset: 'moons', seed: 2, trainingSteps: 3 }));
let refused = '';
try {
  importDenoiser(a.subarray(0, a.length - 7));
} catch (e) {
  refused = (e as Error).message;
}
let evalBlocked = false;
try {
  new Function('return 1')();
} catch {
  evalBlocked = true;
}
console.log(JSON.stringify({ same: Buffer.from(a).equals(Buffer.from(b)), kind: g.kind, refused, evalBlocked }));
