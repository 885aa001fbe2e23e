/**
 * Why an ONNX file was refused. `message` names the problem in words meant for the UI as
 * is; the importer throws nothing else for bad input.
 */
export class OnnxImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxImportError';
  }
}
