/**
 * Everything the importer must refuse, each with an OnnxImportError whose message names the
 * problem: garbage, truncation, oversized files, hostile protobuf (huge lengths, deep nesting,
 * repeated-field bombs, groups, duplicate fields), bad tensors (negative or oversized dims,
 * dims that do not match the data, NaN, wrong types, external data), unsupported ops or
 * structure, wrong shapes, and missing or inconsistent metadata.
 */
import { describe, expect, it } from 'vitest';
import { OnnxImportError } from '../../src/onnx/errors';
import { exportDenoiser, exportGenerator } from '../../src/onnx/export';
import { importDenoiser } from '../../src/onnx/import';
import { LIMITS } from '../../src/onnx/limits';
import { Rng } from '../../src/engine/philox';
import { SPEC_SMALL, weightsFor } from './helpers';
import { edit, f32Bytes, ld, nested, type Obj, varint } from './wire';

const W = weightsFor(SPEC_SMALL, 4);
const GOOD = exportDenoiser(SPEC_SMALL, W, { dataset: 'moons', seed: 1, trainingSteps: 10 });
const GEN = exportGenerator(SPEC_SMALL, W, 2.5, { dataset: 'moons' });

function refused(bytes: unknown, pattern: RegExp): string {
  const t0 = performance.now();
  let err: unknown = null;
  try {
    importDenoiser(bytes as Uint8Array);
  } catch (e) {
    err = e;
  }
  const ms = performance.now() - t0;
  expect(err, 'the import should have been refused').toBeInstanceOf(OnnxImportError);
  const msg = (err as Error).message;
  expect(msg).toMatch(pattern);
  expect(ms).toBeLessThan(5000);
  return msg;
}

const graph = (m: Obj) => m.graph;
const init = (m: Obj, name: string) => graph(m).initializer.find((t: Obj) => t.name === name);
const nodeIndex = (m: Obj, op: string) => graph(m).node.findIndex((n: Obj) => n.op_type === op);
const meta = (m: Obj, key: string) => m.metadata_props.find((p: Obj) => p.key === key);

describe('the importer refuses bad files with OnnxImportError', () => {
  it('accepts the unmodified exports (control)', () => {
    expect(importDenoiser(GOOD).kind).toBe('denoiser');
    expect(importDenoiser(GEN).kind).toBe('generator');
  });

  describe('not a model at all', () => {
    it('empty input', () => void refused(new Uint8Array(0), /empty file/));
    it('not bytes', () => void refused('hello', /Uint8Array/));
    it('random garbage', () => {
      const r = new Rng(5, 5).uniform(4096);
      for (let k = 0; k < 20; k++) refused(Uint8Array.from(r.subarray(k * 200, k * 200 + 200), (v) => Math.floor(v * 256)), /not a readable ONNX model|truncated|unsupported ONNX content|too many/);
    });
    it('a text file', () => void refused(new TextEncoder().encode('{"this is": "json, not onnx"}'), /not a readable ONNX model|unsupported ONNX content|truncated/));
    it('an oversized file, before parsing', () => void refused(new Uint8Array(LIMITS.maxBytes + 1), /file too large: 64\.0 MiB \(the limit is 64 MiB\)/));
  });

  describe('truncated or corrupt protobuf', () => {
    it('truncated at several points', () => {
      for (const cut of [1, 7, 100, GOOD.length >> 1, GOOD.length - 1]) refused(GOOD.subarray(0, cut), /truncated|not a readable|missing|no graph/);
      refused(GOOD.subarray(0, GOOD.length >> 1), /truncated file: .* declares \d+ bytes but only \d+ remain/);
    });
    it('a huge declared length', () => void refused(Uint8Array.from([0x3a, ...varint(2n ** 60n), 1, 2, 3]), /truncated file: ModelProto.graph declares \d+ bytes but only 3 remain/));
    it('a malformed (over-long) varint', () => void refused(Uint8Array.from([0x08, ...Array(11).fill(0xff), 0x01]), /malformed varint/));
    it('protobuf groups', () => void refused(Uint8Array.from([0x0b, 0x0b, 0x0b, 0x0c, 0x0c, 0x0c]), /groups are not supported/));
    it('100,000 nested groups do not overflow the stack', () => void refused(new Uint8Array(100_000).fill(0x0b), /groups are not supported/));
    it('deeply nested length-delimited messages (20,000 levels)', () => void refused(nested(7, 20_000), /outside the supported subset/));
    it('a nested sub-graph (AttributeProto.g) is outside the subset', () => {
      const attr = ld(6, ld(1, []));
      const node = ld(5, attr);
      refused(Uint8Array.from(ld(7, ld(1, node))), /AttributeProto field 6 is outside the supported subset/);
    });
    it('a wire type that does not match the field', () => void refused(Uint8Array.from([0x3d, 0, 0, 0, 0]), /wire type 5, expected 2/));
    it('a field repeated that must appear once', () => void refused(new Uint8Array([...GOOD, ...ld(7, [])]), /ModelProto.graph appears more than once/));
  });

  describe('repeated-field bombs', () => {
    it('300 metadata entries', () => {
      const props = Array.from({ length: 300 }, (_, i) => ld(14, [...ld(1, new TextEncoder().encode(`k${i}`)), ...ld(2, [])])).flat();
      refused(new Uint8Array([...GOOD, ...props]), /too many entries in ModelProto.metadata_props \(limit 256\)/);
    });
    it('100,001 empty nodes', () => {
      const nodes = new Uint8Array(2 * 100_001);
      for (let i = 0; i < nodes.length; i += 2) nodes[i] = 0x0a;
      refused(new Uint8Array([0x3a, ...varint(nodes.length), ...nodes]), /too many entries in GraphProto.node/);
    });
    it('5 million packed floats', () => {
      const n = 5_000_000;
      // ModelProto.graph { initializer { float_data: packed 5M floats } }
      const body = 4 * n;
      const tHead = [0x22, ...varint(body)];
      const gHead = [0x2a, ...varint(tHead.length + body)];
      const mHead = [0x3a, ...varint(gHead.length + tHead.length + body)];
      const all = new Uint8Array(mHead.length + gHead.length + tHead.length + body);
      all.set([...mHead, ...gHead, ...tHead]);
      refused(all, /too many entries in TensorProto.float_data \(limit 4000000\)|too many protobuf fields/);
    });
    it('nine dims on a tensor', () => void refused(edit(GOOD, (m) => { init(m, 'net.0.b').dims = [1, 1, 1, 1, 1, 1, 1, 1, 8]; }), /too many entries in TensorProto.dims/));
  });

  describe('bad tensors', () => {
    it('a negative dim', () => void refused(edit(GOOD, (m) => { init(m, 'net.0.W').dims = [-1, 8]; }), /initializer 'net.0.W' has a negative dimension -1/));
    it('dims that do not match the data', () => void refused(edit(GOOD, (m) => { init(m, 'net.0.W').dims = [8, 9]; }), /initializer 'net.0.W': dims \[8, 9\] need 72 values but the data holds 64/));
    it('raw data of a length that is not a multiple of 4', () => void refused(edit(GOOD, (m) => { const t = init(m, 'net.1.b'); t.raw_data = t.raw_data.subarray(0, 31); }), /need 8 values but the data holds 7.75 \(31 bytes\)/));
    it('dims whose product overflows the file', () => void refused(edit(GOOD, (m) => { init(m, 'net.0.W').dims = [65536, 65536, 65536]; }), /more values than the file can hold/));
    it('a dim beyond 2^53', () => void refused(edit(GOOD, (m) => { init(m, 'net.0.W').dims = [2 ** 62, 1]; }), /out of range/));
    it('a NaN weight', () => void refused(edit(GOOD, (m) => { const t = init(m, 'net.1.W'); t.raw_data.set(f32Bytes([NaN]), 20); }), /initializer 'net.1.W' contains a non-finite value \(NaN\) at index 5/));
    it('an infinite weight', () => void refused(edit(GOOD, (m) => { init(m, 'net.2.b').raw_data.set(f32Bytes([-Infinity]), 0); }), /non-finite value \(-Infinity\)/));
    it('a double tensor', () => void refused(edit(GOOD, (m) => { init(m, 'net.0.b').data_type = 11; }), /data type 11; only float32/));
    it('external data', () => void refused(edit(GOOD, (m) => { const t = init(m, 'net.0.b'); t.external_data = [{ key: 'location', value: 'w.bin' }]; t.data_location = 1; }), /external data/));
    it('both raw_data and float_data', () => void refused(edit(GOOD, (m) => { init(m, 'net.0.b').float_data = [1, 2, 3, 4, 5, 6, 7, 8]; }), /both raw_data and float_data/));
    it('a duplicated initializer', () => void refused(edit(GOOD, (m) => { graph(m).initializer.push(init(m, 'net.0.b')); }), /initializer 'net.0.b' is defined twice/));
    it('an extra initializer', () => void refused(edit(GOOD, (m) => { graph(m).initializer.push({ ...init(m, 'net.0.b'), name: 'stowaway' }); }), /unexpected initializer 'stowaway'/));
    it('a missing initializer', () => void refused(edit(GOOD, (m) => { graph(m).initializer = graph(m).initializer.filter((t: Obj) => t.name !== 'net.2.W'); }), /missing initializer 'net.2.W'/));
    it('a tampered constant', () => void refused(edit(GOOD, (m) => { init(m, 'edm.sigma_data').raw_data = f32Bytes([0.3]); }), /constant 'edm.sigma_data' holds \[0.30000001192092896\], expected \[0.800000011920929\]/));
    it("a generator whose sigma_init constant disagrees with its metadata", () => void refused(edit(GEN, (m) => { init(m, 'gen.sigma_init').raw_data = f32Bytes([3]); }), /constant 'gen.sigma_init'/));
    it('float data in float_data (unpacked, as other tools may write) is accepted', () => {
      const b = edit(GOOD, (m) => {
        const t = init(m, 'net.1.b');
        t.float_data = Array.from(new Float32Array(t.raw_data.slice().buffer));
        delete t.raw_data;
      });
      expect(importDenoiser(b).weights).toEqual(importDenoiser(GOOD).weights);
    });
  });

  describe('unsupported ops and structure', () => {
    it('an op outside the supported set', () => void refused(edit(GOOD, (m) => { graph(m).node[nodeIndex(m, 'Sigmoid')].op_type = 'Gemm'; }), /unsupported op 'Gemm' at node 17 \(supported: Add, Concat/));
    it('a custom-domain op', () => void refused(edit(GOOD, (m) => { graph(m).node[3].domain = 'com.microsoft'; }), /node 3 uses op domain 'com.microsoft'/));
    it('a supported op in the wrong place', () => void refused(edit(GOOD, (m) => { graph(m).node[nodeIndex(m, 'Sigmoid')].op_type = 'Relu'; }), /node 17 is Relu\(net.0.pre\) -> net.0.sigmoid; the supported structure needs Sigmoid\(net.0.pre\) -> net.0.sigmoid/));
    it('nodes swapped', () => void refused(edit(GOOD, (m) => { const n = graph(m).node; [n[12], n[13]] = [n[13], n[12]]; }), /node 12 is Sin\(fourier.angle\) -> fourier.sin; the supported structure needs Cos/));
    it('rewired inputs', () => void refused(edit(GOOD, (m) => { graph(m).node[nodeIndex(m, 'MatMul')].input = ['net.h0', 'net.1.W']; }), /node 15 is MatMul\(net.h0, net.1.W\)/));
    it('a dropped node', () => void refused(edit(GOOD, (m) => { graph(m).node.pop(); }), /graph has \d+ nodes; the recorded architecture needs \d+/));
    it('a wrong Concat axis', () => void refused(edit(GOOD, (m) => { graph(m).node[nodeIndex(m, 'Concat')].attribute[0].i = 0; }), /\[axis=0\]; the supported structure needs .*\[axis=1\]/));
    it('a float attribute', () => void refused(edit(GOOD, (m) => { graph(m).node[0].attribute = [{ name: 'alpha', type: 1, f: 0.5 }]; }), /attribute 'alpha' of type 1; only integer attributes/));
    it('value_info entries', () => void refused(edit(GOOD, (m) => { graph(m).value_info = [graph(m).input[0]]; }), /value_info/));
    it('an unsupported opset', () => void refused(edit(GOOD, (m) => { m.opset_import[0].version = 9; }), /unsupported opset 9 \(supported: 15\.\.23\)/));
    it('another operator set domain', () => void refused(edit(GOOD, (m) => { m.opset_import.push({ domain: 'com.microsoft', version: 1 }); }), /operator set domain 'com.microsoft'/));
    it('no opset', () => void refused(edit(GOOD, (m) => { m.opset_import = []; }), /no opset_import/));
    it('an unsupported IR version', () => void refused(edit(GOOD, (m) => { m.ir_version = 99; }), /unsupported ONNX IR version 99/));
    it('no graph', () => void refused(edit(GOOD, (m) => { delete m.graph; }), /no graph/));
  });

  describe('wrong shapes', () => {
    it('input x of the wrong width', () => void refused(edit(GOOD, (m) => { graph(m).input[0].type.tensor_type.shape.dim[1].dim_value = 3; }), /input 'x' has shape \[N, 3\], expected \[N, 2\]/));
    it('a rank-3 sigma', () => void refused(edit(GOOD, (m) => { graph(m).input[1].type.tensor_type.shape.dim.push({ dim_value: 1 }); }), /input 'sigma' has shape \[N, 1, 1\], expected \[N, 1\]/));
    it('a zero-size dimension', () => void refused(edit(GOOD, (m) => { graph(m).input[0].type.tensor_type.shape.dim[0] = { dim_value: 0 }; }), /dimension 0 = 0; dimensions must be positive/));
    it('double inputs', () => void refused(edit(GOOD, (m) => { graph(m).input[0].type.tensor_type.elem_type = 11; }), /input 'x' has element type 11/));
    it('renamed inputs', () => void refused(edit(GOOD, (m) => { graph(m).input[0].name = 'x0'; }), /graph inputs are \[x0, sigma\], expected \[x, sigma\]/));
    it('a fixed batch size is accepted', () => {
      const b = edit(GOOD, (m) => { for (const io of [...graph(m).input, ...graph(m).output]) io.type.tensor_type.shape.dim[0] = { dim_value: 16 }; });
      expect(importDenoiser(b).kind).toBe('denoiser');
    });
    it('an architecture that disagrees with the weights', () => {
      const arch = JSON.stringify({ ...SPEC_SMALL, hidden: [16, 8] });
      refused(edit(GOOD, (m) => { meta(m, 'architecture').value = arch; }), /initializer 'net.0.W' has shape \[8, 8\]; the recorded architecture needs \[8, 16\]/);
    });
  });

  describe('metadata', () => {
    it('missing metadata', () => void refused(edit(GOOD, (m) => { m.metadata_props = []; }), /missing metadata 'format_version'/));
    it('a future format version', () => void refused(edit(GOOD, (m) => { meta(m, 'format_version').value = '2'; }), /unsupported format version "2"/));
    it('an unknown kind', () => void refused(edit(GOOD, (m) => { meta(m, 'kind').value = 'unet'; }), /unsupported model kind "unet"/));
    it('architecture that is not JSON', () => void refused(edit(GOOD, (m) => { meta(m, 'architecture').value = '{dim: 2'; }), /architecture metadata is not valid JSON/));
    it('architecture with a bad activation', () => void refused(edit(GOOD, (m) => { meta(m, 'architecture').value = JSON.stringify({ ...SPEC_SMALL, act: 'gelu' }); }), /activation "gelu" is not one of silu, relu, none/));
    it('architecture with absurd sizes', () => void refused(edit(GOOD, (m) => { meta(m, 'architecture').value = JSON.stringify({ ...SPEC_SMALL, hidden: [1e9] }); }), /hidden must be at most 64 integers/));
    it('sigma_data that disagrees with the architecture', () => void refused(edit(GOOD, (m) => { meta(m, 'sigma_data').value = '0.5'; }), /sigma_data 0.5 disagrees/));
    it('a non-numeric seed', () => void refused(edit(GOOD, (m) => { meta(m, 'seed').value = '0x1f'; }), /metadata 'seed' is not a finite number/));
    it('a duplicated key', () => void refused(edit(GOOD, (m) => { m.metadata_props.push({ key: 'dataset', value: 'mnist' }); }), /metadata key 'dataset' appears twice/));
    it('a generator without sigma_init', () => void refused(edit(GEN, (m) => { m.metadata_props = m.metadata_props.filter((p: Obj) => p.key !== 'sigma_init'); }), /missing metadata 'sigma_init' for a generator/));
    it('a denoiser labelled as a generator', () => void refused(edit(GOOD, (m) => { meta(m, 'kind').value = 'generator'; m.metadata_props.push({ key: 'sigma_init', value: '2.5' }); }), /graph inputs are \[x, sigma\], expected \[z\]/));
    it('a __proto__ key stays a plain entry', () => {
      const b = edit(GOOD, (m) => { m.metadata_props.push({ key: '__proto__', value: 'x' }); });
      const md = importDenoiser(b).metadata;
      expect(Object.keys(md.extra)).toEqual(['__proto__']);
      expect(Object.getPrototypeOf(md.extra)).toBeNull();
    });
  });
});
