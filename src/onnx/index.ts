/** ONNX as the model format: export, import, and running exports with onnxruntime-web. */
export { OnnxImportError } from './errors';
export { exportDenoiser, exportGenerator } from './export';
export { importDenoiser, type ImportedModel } from './import';
export { FORMAT_VERSION, PRODUCER, META_KEYS, type ImportedMetadata, type OnnxMetadata, type OnnxModelKind } from './metadata';
export { OPSET, IR_VERSION, SUPPORTED_OPS } from './graphPlan';
export { LIMITS as ONNX_LIMITS } from './limits';
export { runGeneratorOnnx, releaseOnnxSession, type OrtRunOptions, type OrtRunResult, type OrtProvider } from './ortRunner';
