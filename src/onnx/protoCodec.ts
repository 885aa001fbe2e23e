/**
 * Protobuf encode / decode without code generation. protobufjs compiles a constructor, an
 * encoder and a decoder for every message type with `new Function`, which a
 * Content-Security-Policy without 'unsafe-eval' refuses (docs/reliability.md). These two
 * functions walk protobufjs's reflection objects instead (fieldsArray, resolvedType,
 * packed) and use its Reader and Writer, which generate no code. Output is byte-identical
 * to protobufjs's encoder, and decoded messages look like its decoder's (instances of the
 * type's constructor: absent fields read their defaults from the prototype);
 * tests/onnx/protoCodec.test.ts checks both, and runs with code generation disallowed.
 * Input to `decodeMessage` must have passed guardWire (wireGuard.ts) first.
 */
import protobuf from 'protobufjs/light.js';

const { Reader, Writer, Type } = protobuf;
type Field = protobuf.Field;

/** Wire type of a scalar type (varint 0, fixed64 1, length-delimited 2, fixed32 5). */
const WIRE: Record<string, number> = {
  double: 1, float: 5, int32: 0, uint32: 0, sint32: 0, fixed32: 5, sfixed32: 5,
  int64: 0, uint64: 0, sint64: 0, fixed64: 1, sfixed64: 1, bool: 0, string: 2, bytes: 2,
};

function readScalar(r: protobuf.Reader, type: string): unknown {
  switch (type) {
    case 'double': return r.double();
    case 'float': return r.float();
    case 'int32': return r.int32();
    case 'uint32': return r.uint32();
    case 'sint32': return r.sint32();
    case 'fixed32': return r.fixed32();
    case 'sfixed32': return r.sfixed32();
    case 'int64': return r.int64();
    case 'uint64': return r.uint64();
    case 'sint64': return r.sint64();
    case 'fixed64': return r.fixed64();
    case 'sfixed64': return r.sfixed64();
    case 'bool': return r.bool();
    case 'string': return r.string();
    case 'bytes': return r.bytes();
    default: throw new Error(`protoCodec: unsupported field type ${type}`);
  }
}

function writeScalar(w: protobuf.Writer, type: string, v: unknown): void {
  switch (type) {
    case 'double': w.double(Number(v)); break;
    case 'float': w.float(Number(v)); break;
    case 'int32': w.int32(Number(v)); break;
    case 'uint32': w.uint32(Number(v)); break;
    case 'sint32': w.sint32(Number(v)); break;
    case 'fixed32': w.fixed32(Number(v)); break;
    case 'sfixed32': w.sfixed32(Number(v)); break;
    case 'int64': w.int64(v as number); break;
    case 'uint64': w.uint64(v as number); break;
    case 'sint64': w.sint64(v as number); break;
    case 'fixed64': w.fixed64(v as number); break;
    case 'sfixed64': w.sfixed64(v as number); break;
    case 'bool': w.bool(Boolean(v)); break;
    case 'string': w.string(String(v)); break;
    case 'bytes': w.bytes(v as Uint8Array); break;
    default: throw new Error(`protoCodec: unsupported field type ${type}`);
  }
}

const isMessage = (f: Field): f is Field & { resolvedType: protobuf.Type } => f.resolve().resolvedType instanceof Type;
/** enums are varints; everything but strings, bytes and messages can be packed */
const scalarType = (f: Field) => (f.resolvedType ? 'int32' : f.type);

function decode(t: protobuf.Type, r: protobuf.Reader, end: number): Record<string, unknown> {
  const m = new t.ctor() as Record<string, unknown>;
  while (r.pos < end) {
    const tag = r.uint32();
    const f = t.fieldsById[tag >>> 3];
    if (!f) {
      r.skipType(tag & 7);
      continue;
    }
    const read = (): unknown => (isMessage(f) ? decode(f.resolvedType, r, r.uint32() + r.pos) : readScalar(r, scalarType(f)));
    if (f.repeated) {
      const arr = Object.prototype.hasOwnProperty.call(m, f.name) ? (m[f.name] as unknown[]) : (m[f.name] = []) as unknown[];
      if ((tag & 7) === 2 && !isMessage(f) && WIRE[scalarType(f)] !== 2) {
        const e = r.uint32() + r.pos;
        while (r.pos < e) arr.push(readScalar(r, scalarType(f)));
      } else arr.push(read());
    } else m[f.name] = read();
  }
  return m;
}

/** Decode `bytes` as a message of type `t` (checked by guardWire first). */
export function decodeMessage<T>(t: protobuf.Type, bytes: Uint8Array): T {
  const r = Reader.create(bytes);
  return decode(t, r, bytes.length) as T;
}

function encode(t: protobuf.Type, m: Record<string, unknown>, w: protobuf.Writer): protobuf.Writer {
  const fields = t.fieldsArray.slice().sort((a, b) => a.id - b.id);
  for (const f of fields) {
    const v = m[f.name];
    // as protobufjs: optional fields only when set on the object itself (not prototype defaults)
    if (v === null || v === undefined || (!f.repeated && !Object.prototype.hasOwnProperty.call(m, f.name))) continue;
    if (f.repeated) {
      const arr = v as unknown[];
      if (!arr.length) continue;
      if (isMessage(f)) {
        for (const x of arr) encode(f.resolvedType, x as Record<string, unknown>, w.uint32((f.id << 3) | 2).fork()).ldelim();
      } else if (f.packed && WIRE[scalarType(f)] !== 2) {
        w.uint32((f.id << 3) | 2).fork();
        for (const x of arr) writeScalar(w, scalarType(f), x);
        w.ldelim();
      } else {
        for (const x of arr) writeScalar(w.uint32((f.id << 3) | WIRE[scalarType(f)]), scalarType(f), x);
      }
    } else if (isMessage(f)) {
      encode(f.resolvedType, v as Record<string, unknown>, w.uint32((f.id << 3) | 2).fork()).ldelim();
    } else {
      writeScalar(w.uint32((f.id << 3) | WIRE[scalarType(f)]), scalarType(f), v);
    }
  }
  return w;
}

/** Encode a plain object (numbers for int64, Uint8Array for bytes) as a message of type `t`. */
export function encodeMessage(t: protobuf.Type, m: object): Uint8Array {
  return encode(t, m as Record<string, unknown>, Writer.create()).finish();
}

/**
 * A root built from a JSON descriptor without code generation: every message type gets a
 * plain constructor before anything resolves (protobufjs would otherwise compile one).
 */
export function rootWithoutCodegen(descriptor: protobuf.INamespace): protobuf.Root {
  const root = new protobuf.Root();
  root.addJSON(descriptor.nested ?? {});
  const visit = (ns: protobuf.NamespaceBase): void => {
    for (const o of ns.nestedArray) {
      if (o instanceof Type) {
        o.ctor = function Message(this: Record<string, unknown>, p?: Record<string, unknown>) {
          if (p) for (const k of Object.keys(p)) if (p[k] != null) this[k] = p[k];
        } as unknown as protobuf.Constructor<object>;
      }
      if (o instanceof protobuf.Namespace) visit(o);
    }
  };
  visit(root);
  root.resolveAll();
  return root;
}
