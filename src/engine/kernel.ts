/**
 * A kernel is one GPU entry point paired with its TypeScript twin.
 *
 * The WGSL text of a kernel family lives in one `.wgsl` file, forward and backward side by
 * side, split into sections by `//!kernel <name>` markers (a `//!common` section is shared by
 * every kernel of the file). The backend prepends a generated header that declares the
 * uniform parameter struct `p` and the storage bindings, in exactly the order the
 * definition lists them, so the TypeScript and WGSL sides cannot drift apart.
 */

export type ParamType = 'u32' | 'i32' | 'f32';
export type ElemType = 'f32' | 'u32' | 'vec4<f32>';

export interface BindingDef {
  readonly name: string;
  /** true: read_write storage; false: read-only storage. */
  readonly write: boolean;
  readonly type?: ElemType;
}

export type ParamValues<P extends string> = { readonly [K in P]: number };

export interface KernelDef<P extends string = string> {
  /** Unique, e.g. 'matmul' or 'silu_bwd'. */
  readonly name: string;
  /** Source of the kernel (its section plus the file's common section). */
  readonly wgsl: string;
  readonly params: readonly (readonly [P, ParamType])[];
  readonly bindings: readonly BindingDef[];
  /** The CPU twin: same semantics, over Float32Array views of the bound buffers. */
  readonly cpu: (p: ParamValues<P>, b: Float32Array[]) => void;
  /**
   * Pipeline-overridable constants (WGSL `override`) derived from a launch's parameters:
   * the WebGPU backend compiles one pipeline per distinct set, so branches on them cost
   * nothing at run time (software adapters execute both sides of a branch on a uniform
   * value). They must agree with the parameters, which the CPU twin reads.
   */
  readonly constants?: (p: ParamValues<P>) => Record<string, number>;
  /**
   * The subgroup size the kernel is written for (it uses subgroup operations and is correct
   * only when every subgroup has exactly this many lanes); absent: runs on any adapter.
   */
  readonly subgroupSize?: number;
}

/** Split a kernel-family file into its named sections. */
export function wgslSections(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  let common = '';
  let current: string | null = null;
  let buf: string[] = [];
  const flush = () => {
    if (current === null) return;
    if (current === '__common__') common += buf.join('\n') + '\n';
    else out[current] = buf.join('\n');
  };
  for (const line of file.split('\n')) {
    const m = /^\/\/!(kernel\s+(\w+)|common)\s*$/.exec(line.trim());
    if (m) {
      flush();
      current = m[2] ?? '__common__';
      buf = [];
    } else if (current !== null) {
      buf.push(line);
    }
  }
  flush();
  for (const k of Object.keys(out)) out[k] = common + out[k];
  return out;
}

/** Define a kernel from its family's sections; throws early if the section is missing. */
export function defineKernel<P extends string>(
  sections: Record<string, string>,
  def: Omit<KernelDef<P>, 'wgsl'>,
): KernelDef<P> {
  const wgsl = sections[def.name];
  if (wgsl === undefined) throw new Error(`WGSL section '//!kernel ${def.name}' not found`);
  return { ...def, wgsl };
}

/** The generated header: uniform struct `p` at binding 0, storage arrays at 1..n. */
export function wgslHeader(k: KernelDef): string {
  const fields = k.params.map(([n, t]) => `  ${n}: ${t},`).join('\n');
  const lines = [`struct Params {\n${fields || '  _pad: u32,'}\n};`, '@group(0) @binding(0) var<uniform> p: Params;'];
  k.bindings.forEach((b, i) => {
    const access = b.write ? 'read_write' : 'read';
    lines.push(`@group(0) @binding(${i + 1}) var<storage, ${access}> ${b.name}: array<${b.type ?? 'f32'}>;`);
  });
  return lines.join('\n') + '\n';
}

/** Pack parameter values into a 32-bit word array in declaration order. */
export function packParams(k: KernelDef, values: Record<string, number>, u32: Uint32Array, f32: Float32Array, i32: Int32Array, base: number): void {
  k.params.forEach(([n, t], i) => {
    const v = values[n];
    if (v === undefined || Number.isNaN(v) && t !== 'f32') throw new Error(`kernel ${k.name}: parameter '${n}' missing or NaN`);
    if (t === 'f32') f32[base + i] = v;
    else if (t === 'u32') u32[base + i] = v >>> 0;
    else i32[base + i] = v | 0;
  });
}

/** Workgroups for a 1-D launch of `n` threads with `wg` threads per group (2-D when large). */
export function groups1d(n: number, wg = 256): [number, number, number] {
  const g = Math.max(1, Math.ceil(n / wg));
  if (g <= 65535) return [g, 1, 1];
  const y = Math.ceil(g / 65535);
  return [Math.ceil(g / y), y, 1];
}
