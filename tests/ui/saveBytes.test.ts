import { describe, expect, test } from 'vitest';
import { formatBytes, safeFilename } from '../../src/ui/common/saveBytes';

describe('saving exported models', () => {
  test('file names are kept plain', () => {
    expect(safeFilename('8gaussians-disback-student.onnx')).toBe('8gaussians-disback-student.onnx');
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('a b<script>.onnx')).toBe('a_b_script_.onnx');
    expect(safeFilename('..onnx')).toBe('onnx');
    expect(safeFilename('')).toBe('model.onnx');
  });
  test('sizes read well', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(35_000)).toBe('34.2 KB');
    expect(formatBytes(64 * 1024 * 1024)).toBe('64.0 MB');
    expect(formatBytes(NaN)).toBe('–');
  });
});
