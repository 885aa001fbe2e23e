/**
 * Compares a decoded graph with the plan the exporter would write for the recorded
 * architecture: ops, node order and wiring, attributes, graph inputs and outputs with their
 * shapes, the initialiser set and their shapes, and constants bit for bit. The first
 * difference is refused with a message that names it.
 */
import { OnnxImportError, shown } from './errors';
import { type GraphPlan, nodeSignature, type PlanIo, SUPPORTED_OPS } from './graphPlan';
import type { ReadTensor } from './initializers';
import { toSafeInt } from './int64';
import { AttributeType, DataType, type Graph, type Node, type ValueInfo } from './schema';

const fmtDims = (d: readonly (number | string)[]) => `[${d.join(', ')}]`;
const clip = (s: string) => shown(s);
const isDefaultDomain = (d: string) => d === '' || d === 'ai.onnx';

/** Every node must be a supported op of the default domain. */
export function checkOps(nodes: Node[]): void {
  nodes.forEach((n, i) => {
    if (!isDefaultDomain(n.domain)) throw new OnnxImportError(`node ${i} uses op domain '${clip(n.domain)}' (only standard ONNX ops are supported)`);
    if (!(SUPPORTED_OPS as readonly string[]).includes(n.op_type)) {
      throw new OnnxImportError(`unsupported op '${clip(n.op_type)}' at node ${i} (supported: ${SUPPORTED_OPS.join(', ')})`);
    }
  });
}

function ioDims(v: ValueInfo, what: string): (number | string)[] {
  const tt = v.type?.tensor_type;
  if (!tt) throw new OnnxImportError(`${what} '${clip(v.name)}' is not a tensor`);
  if (tt.elem_type !== DataType.FLOAT) throw new OnnxImportError(`${what} '${clip(v.name)}' has element type ${tt.elem_type}; float32 (1) is required`);
  if (!tt.shape) throw new OnnxImportError(`${what} '${clip(v.name)}' has no shape`);
  return tt.shape.dim.map((d, i) => {
    const which = (d as { value?: string }).value;
    if (which === 'dim_value') {
      const n = toSafeInt(d.dim_value, `${what} '${clip(v.name)}' dimension ${i}`);
      if (n < 1) throw new OnnxImportError(`${what} '${clip(v.name)}' has dimension ${i} = ${n}; dimensions must be positive`);
      return n;
    }
    return which === 'dim_param' ? clip(d.dim_param ?? '') || '?' : '?';
  });
}

function checkIo(found: ValueInfo[], want: PlanIo[], what: string): void {
  const names = found.map((v) => clip(v.name));
  if (found.length !== want.length || want.some((w, i) => w.name !== found[i].name)) {
    throw new OnnxImportError(`graph ${what}s are [${names.join(', ')}], expected [${want.map((w) => w.name).join(', ')}]`);
  }
  want.forEach((w, i) => {
    const dims = ioDims(found[i], what);
    // the batch dimension may be symbolic or fixed; every other dimension must match exactly
    const ok = dims.length === w.dims.length && w.dims.every((d, j) => (d === 'N' ? true : dims[j] === d));
    if (!ok) throw new OnnxImportError(`${what} '${w.name}' has shape ${fmtDims(dims)}, expected ${fmtDims(w.dims)}`);
  });
}

function checkNodes(nodes: Node[], plan: GraphPlan): void {
  const n = Math.min(nodes.length, plan.nodes.length);
  for (let i = 0; i < n; i++) {
    const f = nodes[i];
    const w = plan.nodes[i];
    const attrs: [string, number][] = [];
    for (const a of f.attribute) {
      if (a.type !== AttributeType.INT) throw new OnnxImportError(`node ${i} (${clip(f.op_type)}) has attribute '${clip(a.name)}' of type ${a.type}; only integer attributes are supported`);
      attrs.push([clip(a.name), toSafeInt(a.i, `node ${i} attribute '${clip(a.name)}'`)]);
    }
    const same = f.op_type === w.op && sameStrings(f.input, w.inputs) && sameStrings(f.output, w.outputs)
      && attrs.length === w.attrs.length && attrs.every(([k, v], j) => k === w.attrs[j][0] && v === w.attrs[j][1]);
    const fs = nodeSignature(clip(f.op_type), f.input.slice(0, 8).map(clip), f.output.slice(0, 8).map(clip), attrs);
    const ws = nodeSignature(w.op, w.inputs, w.outputs, w.attrs);
    if (!same) throw new OnnxImportError(`node ${i} is ${fs}; the supported structure needs ${ws}`);
  }
  if (nodes.length !== plan.nodes.length) {
    throw new OnnxImportError(`graph has ${nodes.length} nodes; the recorded architecture needs ${plan.nodes.length}`);
  }
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}

function checkInitializers(inits: Map<string, ReadTensor>, plan: GraphPlan): void {
  const want = new Map<string, number[]>();
  for (const c of plan.consts) want.set(c.name, c.dims);
  for (const w of plan.weights) want.set(w.name, w.dims);
  for (const name of inits.keys()) if (!want.has(name)) throw new OnnxImportError(`unexpected initializer '${clip(name)}'`);
  for (const [name, dims] of want) {
    const t = inits.get(name);
    if (!t) throw new OnnxImportError(`missing initializer '${name}' (the recorded architecture needs it)`);
    if (t.dims.length !== dims.length || t.dims.some((d, i) => d !== dims[i])) {
      throw new OnnxImportError(`initializer '${name}' has shape ${fmtDims(t.dims)}; the recorded architecture needs ${fmtDims(dims)}`);
    }
  }
  for (const c of plan.consts) {
    const t = inits.get(c.name)!;
    if (!sameBits(t.values, c.values)) {
      throw new OnnxImportError(`constant '${c.name}' holds [${Array.from(t.values.slice(0, 4)).join(', ')}${t.values.length > 4 ? ', ...' : ''}], expected [${Array.from(c.values.slice(0, 4)).join(', ')}${c.values.length > 4 ? ', ...' : ''}] from the metadata`);
    }
  }
}

/** Throws OnnxImportError at the first way `g` differs from `plan`. */
export function checkStructure(g: Graph, inits: Map<string, ReadTensor>, plan: GraphPlan): void {
  checkIo(g.input, plan.inputs, 'input');
  checkIo(g.output, plan.outputs, 'output');
  if ((g.value_info?.length ?? 0) > 0) throw new OnnxImportError('graph carries value_info entries (not part of the supported structure)');
  checkInitializers(inits, plan);
  checkNodes(g.node, plan);
}
