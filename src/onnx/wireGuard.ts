/**
 * A linear, bounded walk over the protobuf wire format, checked against the supported
 * schema before protobufjs decodes anything. It refuses what a decoder would choke on or
 * would turn into a memory bomb: lengths past the end of their message, malformed varints,
 * groups, wire types that do not match the field, fields outside the supported subset,
 * nesting deeper than the schema, and too many repeated entries.
 */
import type protobuf from 'protobufjs/light.js';
import { OnnxImportError } from './errors';
import { LIMITS } from './limits';
import { ModelProtoType } from './schema';

type Kind = 'varint' | 'fixed32' | 'fixed64' | 'len';

interface FieldRule {
  name: string;
  kind: Kind;
  repeated: boolean;
  /** Sub-message type for message fields. */
  msg: protobuf.Type | null;
  cap: number;
}

const VARINT = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'bool']);
const FIXED32 = new Set(['float', 'fixed32', 'sfixed32']);
const FIXED64 = new Set(['double', 'fixed64', 'sfixed64']);

const rulesCache = new Map<protobuf.Type, Map<number, FieldRule>>();

function rulesOf(t: protobuf.Type): Map<number, FieldRule> {
  let m = rulesCache.get(t);
  if (m) return m;
  m = new Map();
  for (const field of t.fieldsArray) {
    field.resolve();
    const rt = field.resolvedType;
    const isMsg = rt !== null && 'fieldsArray' in rt;
    const kind: Kind = isMsg || field.type === 'string' || field.type === 'bytes' ? 'len'
      : FIXED32.has(field.type) ? 'fixed32'
      : FIXED64.has(field.type) ? 'fixed64'
      : VARINT.has(field.type) || rt !== null ? 'varint'
      : 'len';
    const key = `${t.name}.${field.name}`;
    const cap = LIMITS.repeated[key] ?? (kind === 'len' ? LIMITS.defaultRepeated : LIMITS.maxFields);
    m.set(field.id, { name: field.name, kind, repeated: field.repeated, msg: isMsg ? (rt as protobuf.Type) : null, cap });
  }
  rulesCache.set(t, m);
  return m;
}

const bad = (msg: string) => new OnnxImportError(`not a readable ONNX model: ${msg}`);

class Walker {
  private fields = 0;
  constructor(private readonly buf: Uint8Array) {}

  /** Reads a varint at pos (at most 10 bytes, none past end); returns [value, next pos]. */
  private varint(pos: number, end: number, what: string): [number, number] {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= end) throw new OnnxImportError(`truncated file: ${what} runs past the end of its data`);
      const b = this.buf[pos++];
      v += (b & 0x7f) * mul;
      mul *= 128;
      if (b < 0x80) return [v, pos];
    }
    throw bad(`malformed varint in ${what}`);
  }

  private count(n: number, where: string): void {
    this.fields += n;
    if (this.fields > LIMITS.maxFields) throw new OnnxImportError(`file holds too many protobuf fields (limit ${LIMITS.maxFields}) near ${where}`);
  }

  walk(t: protobuf.Type, start: number, end: number, depth: number): void {
    if (depth > LIMITS.maxDepth) throw bad(`messages nested deeper than ${LIMITS.maxDepth} levels`);
    const rules = rulesOf(t);
    const seen = new Map<number, number>();
    let pos = start;
    while (pos < end) {
      let tag: number;
      [tag, pos] = this.varint(pos, end, `a field key in ${t.name}`);
      const id = Math.floor(tag / 8);
      const wire = tag % 8;
      if (id === 0 || id > 0x1fffffff) throw bad(`invalid field number ${id} in ${t.name}`);
      if (wire === 3 || wire === 4) throw bad(`protobuf groups are not supported (${t.name} field ${id})`);
      if (wire === 6 || wire === 7) throw bad(`invalid wire type ${wire} in ${t.name} field ${id}`);
      const rule = rules.get(id);
      if (!rule) throw new OnnxImportError(`unsupported ONNX content: ${t.name} field ${id} is outside the supported subset`);
      const where = `${t.name}.${rule.name}`;
      let payload = 0;
      let payloadEnd = pos;
      if (wire === 0) [, payloadEnd] = this.varint(pos, end, where);
      else if (wire === 1) payloadEnd = pos + 8;
      else if (wire === 5) payloadEnd = pos + 4;
      else {
        [payload, pos] = this.varint(pos, end, `the length of ${where}`);
        payloadEnd = pos + payload;
      }
      if (payloadEnd > end) throw new OnnxImportError(`truncated file: ${where} declares ${payloadEnd - pos} bytes but only ${end - pos} remain`);
      const packed = wire === 2 && rule.kind !== 'len';
      if (!packed && wireOf(rule.kind) !== wire) throw bad(`${where} has wire type ${wire}, expected ${wireOf(rule.kind)}`);
      if (packed && !rule.repeated) throw bad(`${where} is not a repeated field but is packed`);
      let n = 1;
      if (packed) n = this.packedCount(rule.kind, pos, payloadEnd, where);
      const total = (seen.get(id) ?? 0) + n;
      seen.set(id, total);
      if (!rule.repeated && total > 1) throw bad(`${where} appears more than once`);
      if (rule.repeated && total > rule.cap) throw new OnnxImportError(`too many entries in ${where} (limit ${rule.cap})`);
      this.count(n, where);
      if (rule.msg) this.walk(rule.msg, pos, payloadEnd, depth + 1);
      else if (rule.kind === 'len' && payload > LIMITS.maxString && rule.name !== 'raw_data') throw new OnnxImportError(`${where} is longer than ${LIMITS.maxString} bytes`);
      pos = payloadEnd;
    }
  }

  private packedCount(kind: Kind, pos: number, end: number, where: string): number {
    const len = end - pos;
    if (kind === 'fixed32' || kind === 'fixed64') {
      const size = kind === 'fixed32' ? 4 : 8;
      if (len % size !== 0) throw bad(`packed ${where} has ${len} bytes, not a multiple of ${size}`);
      return len / size;
    }
    let n = 0;
    while (pos < end) {
      [, pos] = this.varint(pos, end, `packed ${where}`);
      n++;
    }
    return n;
  }
}

function wireOf(k: Kind): number {
  return k === 'varint' ? 0 : k === 'fixed64' ? 1 : k === 'fixed32' ? 5 : 2;
}

/** Throws OnnxImportError unless `bytes` is a well-formed ModelProto within the limits. */
export function guardWire(bytes: Uint8Array): void {
  new Walker(bytes).walk(ModelProtoType, 0, bytes.length, 0);
}
