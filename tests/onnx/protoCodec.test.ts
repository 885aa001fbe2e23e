/**
 * The eval-free protobuf codec (src/onnx/protoCodec.ts) against protobufjs's generated one:
 * byte-identical encoding and equal decoding of exported models; and the whole ONNX
 * export / import path in a Node process where code generation from strings is disallowed
 * (what a Content-Security-Policy without 'unsafe-eval' does in a browser).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exportDenoiser, exportGenerator } from '../../src/onnx/export';
import { decodeMessage, encodeMessage } from '../../src/onnx/protoCodec';
import { ModelProtoType } from '../../src/onnx/schema';
import { SPEC_2D, SPEC_SMALL, weightsFor } from './helpers';

const plain = (m: unknown) => ModelProtoType.toObject(m as never, { longs: Number, bytes: Array, defaults: true, arrays: true, oneofs: true });

describe('eval-free protobuf codec', () => {
  const models = [
    exportDenoiser(SPEC_2D, weightsFor(SPEC_2D, 1), { dataset: '8gaussians', seed: 4, trainingSteps: 9, extra: { note: 'ü ✓' } }),
    exportGenerator(SPEC_SMALL, weightsFor(SPEC_SMALL, 2), 2.5, { dataset: 'moons', seed: 7, trainingSteps: 300 }),
  ];

  it('decodes like protobufjs and encodes byte-identically', () => {
    for (const bytes of models) {
      const ours = decodeMessage<Record<string, unknown>>(ModelProtoType, bytes);
      const theirs = ModelProtoType.decode(bytes);
      expect(plain(ours)).toEqual(plain(theirs));
      expect(Buffer.from(encodeMessage(ModelProtoType, ours)).equals(Buffer.from(bytes))).toBe(true);
      expect(Buffer.from(ModelProtoType.encode(theirs).finish()).equals(Buffer.from(bytes))).toBe(true);
      // absent fields read protobufjs's defaults
      const g = ours.graph as { value_info: unknown[]; doc_string: string };
      expect(g.value_info).toEqual([]);
      expect(typeof g.doc_string).toBe('string');
    }
  });

  it('exports and imports with code generation from strings disallowed', () => {
    const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', '--import', './src/engine/node/registerRaw.mjs', 'tests/onnx/noEval.mts'], { encoding: 'utf8', timeout: 60_000 });
    const r = JSON.parse(out.trim().split('\n').pop()!);
    expect(r).toMatchObject({ same: true, kind: 'generator', evalBlocked: true });
    expect(r.refused).toMatch(/truncated|not a readable/);
  }, 90_000);
});
