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

/** A name from the file, safe to show: control characters replaced, at most `max` characters. */
export function shown(s: string, max = 80): string {
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return clean.length > max ? `${clean.slice(0, max - 3)}...` : clean;
}
