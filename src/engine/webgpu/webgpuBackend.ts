import type { Backend, BackendStats, Buf } from '../backend';
import { BackendError } from '../backend';
import type { KernelDef, ParamValues } from '../kernel';
import { packParams, wgslHeader } from '../kernel';
import { KernelProfiler, type KernelTime } from './kernelProfiler';

interface GpuBuf extends Buf {
  gpu: GPUBuffer;
}

const SLOT_BYTES = 256; // minUniformBufferOffsetAlignment on every adapter we know of
const SLOTS = 2048;

/** Runs an asynchronous wait on the device (see `WebGpuOptions.waitScope`). */
export type WaitScope = <T>(wait: () => Promise<T>) => Promise<T>;

export interface WebGpuOptions {
  powerPreference?: GPUPowerPreference;
  /**
   * Wraps every wait on the device (buffer map, onSubmittedWorkDone). Node's Dawn binding
   * polls its event queue with setImmediate while such a promise is pending, a busy loop
   * on the main thread; node/dawn.ts passes a scope that spaces those polls out.
   */
  waitScope?: WaitScope;
  /**
   * Time every dispatch on the GPU (timestamp queries, one compute pass per dispatch; see
   * kernelProfiler.ts and `kernelTimes()`). Needs the adapter's 'timestamp-query' feature.
   */
  profile?: boolean;
}

/**
 * WebGPU backend. Dispatches are recorded into one compute pass of one command encoder
 * until `flush()`; kernel parameters go into a uniform arena addressed by dynamic offsets,
 * so pipelines and bind groups are created once and reused every step.
 */
export class WebGpuBackend implements Backend {
  readonly kind = 'webgpu' as const;
  private nextId = 1;
  private live = new Map<number, GpuBuf>();
  private modules = new Map<string, { module: GPUShaderModule; layout: GPUBindGroupLayout; pipelineLayout: GPUPipelineLayout }>();
  private pipelines = new Map<string, { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout }>();
  private bindGroups = new Map<string, GPUBindGroup>();
  private groupsByBuffer = new Map<number, Set<string>>();
  private arena: GPUBuffer;
  private arenaWords = new ArrayBuffer(SLOTS * SLOT_BYTES);
  private arenaU32 = new Uint32Array(this.arenaWords);
  private arenaF32 = new Float32Array(this.arenaWords);
  private arenaI32 = new Int32Array(this.arenaWords);
  private slot = 0;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private staging: GPUBuffer[] = [];
  private lostCbs: ((r: string) => void)[] = [];
  private counters = { submits: 0, dispatches: 0 };
  private destroyed = false;
  private profiler: KernelProfiler | null = null;

  private constructor(
    readonly device: GPUDevice,
    readonly adapterName: string,
    private readonly waitScope: WaitScope = (w) => w(),
    /** The subgroup size when the device has the 'subgroups' feature and the adapter's size is fixed (min == max), else null. */
    readonly subgroupSize: number | null = null,
    /** A software adapter (lavapipe, SwiftShader, or one that says it is a fallback adapter). */
    readonly software = false,
  ) {
    this.arena = device.createBuffer({ size: SLOTS * SLOT_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, label: 'uniform-arena' });
    device.lost.then((info) => {
      if (this.destroyed && info.reason === 'destroyed') return;
      for (const cb of this.lostCbs) cb(info.message || String(info.reason));
    });
  }

  /** Create a backend on `gpu` (navigator.gpu, or the `webgpu` package's GPU in Node). */
  static async create(gpu: GPU | undefined, opts: WebGpuOptions = {}): Promise<WebGpuBackend> {
    if (!gpu) throw new BackendError('WebGPU is not available in this environment');
    const adapter = await gpu.requestAdapter({ powerPreference: opts.powerPreference ?? 'high-performance' });
    if (!adapter) throw new BackendError('No WebGPU adapter could be created');
    const info = adapter.info;
    const name = [info?.vendor, info?.architecture, info?.device, info?.description].filter((s) => s && s.length > 0).join(' / ') || 'unknown WebGPU adapter';
    const lim = adapter.limits;
    const sgInfo = info as GPUAdapterInfo & { subgroupMinSize?: number; subgroupMaxSize?: number };
    const subgroups = adapter.features.has('subgroups') && !!sgInfo?.subgroupMinSize && sgInfo.subgroupMinSize === sgInfo.subgroupMaxSize;
    if (opts.profile && !adapter.features.has('timestamp-query')) throw new BackendError(`${name} has no 'timestamp-query' feature: kernels cannot be timed on it`);
    const features = [...(subgroups ? ['subgroups'] : []), ...(opts.profile ? ['timestamp-query'] : [])] as GPUFeatureName[];
    const device = await adapter.requestDevice({
      requiredFeatures: features,
      requiredLimits: {
        maxStorageBufferBindingSize: lim.maxStorageBufferBindingSize,
        maxBufferSize: lim.maxBufferSize,
        maxStorageBuffersPerShaderStage: Math.min(lim.maxStorageBuffersPerShaderStage, 10),
        maxComputeWorkgroupStorageSize: lim.maxComputeWorkgroupStorageSize,
        maxComputeInvocationsPerWorkgroup: lim.maxComputeInvocationsPerWorkgroup,
      },
    });
    const software = !!(info as GPUAdapterInfo & { isFallbackAdapter?: boolean })?.isFallbackAdapter || /llvmpipe|lavapipe|swiftshader|software/i.test(name);
    const be = new WebGpuBackend(device, name, opts.waitScope, subgroups ? sgInfo.subgroupMinSize! : null, software);
    if (opts.profile) be.profiler = new KernelProfiler(device);
    return be;
  }

  createBuffer(length: number, label = ''): Buf {
    if (!Number.isInteger(length) || length <= 0) throw new BackendError(`createBuffer: bad length ${length} (${label})`);
    const size = Math.ceil((length * 4) / 16) * 16;
    const gpu = this.device.createBuffer({ size, label, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    const b: GpuBuf = { id: this.nextId++, length, label, gpu };
    this.live.set(b.id, b);
    return b;
  }
  private get(b: Buf): GpuBuf {
    const x = this.live.get(b.id);
    if (!x) throw new BackendError(`buffer '${b.label}' (#${b.id}) is not live on this backend`);
    return x;
  }
  destroyBuffer(b: Buf): void {
    const x = this.live.get(b.id);
    if (!x) return;
    this.flush(); // recorded work may still use it
    for (const key of this.groupsByBuffer.get(b.id) ?? []) this.bindGroups.delete(key);
    this.groupsByBuffer.delete(b.id);
    this.live.delete(b.id);
    x.gpu.destroy();
  }
  write(b: Buf, data: Float32Array | Uint32Array, offset = 0): void {
    const x = this.get(b);
    if (offset + data.length > x.length) throw new BackendError(`write past end of '${b.label}'`);
    this.flush(); // keep queue order: earlier recorded work sees the old contents
    this.device.queue.writeBuffer(x.gpu, offset * 4, data.buffer, data.byteOffset, data.byteLength);
  }
  async read(b: Buf, offset = 0, length?: number): Promise<Float32Array> {
    const x = this.get(b);
    const n = length ?? x.length - offset;
    if (offset + n > x.length || n <= 0) throw new BackendError(`read out of range on '${b.label}'`);
    const bytes = Math.ceil((n * 4) / 16) * 16;
    const srcBytes = Math.min(bytes, x.gpu.size - offset * 4);
    let st = this.staging.find((s) => s.size >= bytes);
    if (st) this.staging.splice(this.staging.indexOf(st), 1);
    else st = this.device.createBuffer({ size: Math.max(bytes, 256), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: 'staging' });
    this.endPass();
    const enc = this.ensureEncoder();
    enc.copyBufferToBuffer(x.gpu, offset * 4, st, 0, Math.floor(srcBytes / 4) * 4);
    this.flush();
    const staging = st;
    await this.waitScope(() => staging.mapAsync(GPUMapMode.READ, 0, bytes));
    const out = new Float32Array(st.getMappedRange(0, bytes).slice(0, n * 4));
    st.unmap();
    if (this.staging.length < 8) this.staging.push(st);
    else st.destroy();
    return out;
  }
  private ensureEncoder(): GPUCommandEncoder {
    if (!this.encoder) this.encoder = this.device.createCommandEncoder();
    return this.encoder;
  }
  private endPass(): void {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
  }
  /** Shader module and layouts of a kernel (one per kernel, shared by its constant variants). */
  private moduleFor(k: KernelDef): { module: GPUShaderModule; layout: GPUBindGroupLayout; pipelineLayout: GPUPipelineLayout } {
    let m = this.modules.get(k.name);
    if (m) return m;
    // `enable` directives must precede every declaration: hoist them above the header
    const enables = k.wgsl.match(/^\s*enable\s+[\w\s,]+;/gm) ?? [];
    const body = enables.reduce((t, e) => t.replace(e, ''), k.wgsl);
    const code = enables.map((e) => e.trim()).join('\n') + (enables.length ? '\n' : '') + wgslHeader(k) + body;
    const module = this.device.createShaderModule({ code, label: k.name });
    const entries: GPUBindGroupLayoutEntry[] = [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: 0 } },
      ...k.bindings.map((b, i) => ({
        binding: i + 1,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: (b.write ? 'storage' : 'read-only-storage') as GPUBufferBindingType },
      })),
    ];
    const layout = this.device.createBindGroupLayout({ entries, label: k.name });
    m = { module, layout, pipelineLayout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }) };
    this.modules.set(k.name, m);
    return m;
  }
  /** The pipeline of a kernel for one set of its pipeline-overridable constants (KernelDef.constants). */
  private pipelineFor(k: KernelDef, constants: Record<string, number> | null): { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout } {
    const key = constants ? `${k.name}|${Object.entries(constants).map(([n, v]) => `${n}=${v}`).join(',')}` : k.name;
    let p = this.pipelines.get(key);
    if (p) return p;
    const { module, layout, pipelineLayout } = this.moduleFor(k);
    const pipeline = this.device.createComputePipeline({
      layout: pipelineLayout,
      compute: constants ? { module, entryPoint: 'main', constants } : { module, entryPoint: 'main' },
      label: key,
    });
    p = { pipeline, layout };
    this.pipelines.set(key, p);
    return p;
  }
  run<P extends string>(k: KernelDef<P>, params: ParamValues<P>, bufs: readonly Buf[], groups: readonly [number, number, number]): void {
    if (bufs.length !== k.bindings.length) throw new BackendError(`kernel ${k.name}: expected ${k.bindings.length} buffers, got ${bufs.length}`);
    if (groups[0] === 0 || groups[1] === 0 || groups[2] === 0) return;
    const { pipeline, layout } = this.pipelineFor(k, k.constants ? k.constants(params) : null);
    const key = k.name + ':' + bufs.map((b) => b.id).join(',');
    let bg = this.bindGroups.get(key);
    if (!bg) {
      bg = this.device.createBindGroup({
        layout,
        entries: [
          { binding: 0, resource: { buffer: this.arena, offset: 0, size: SLOT_BYTES } },
          ...bufs.map((b, i) => ({ binding: i + 1, resource: { buffer: this.get(b).gpu } })),
        ],
      });
      this.bindGroups.set(key, bg);
      for (const b of bufs) {
        let s = this.groupsByBuffer.get(b.id);
        if (!s) this.groupsByBuffer.set(b.id, (s = new Set()));
        s.add(key);
      }
    }
    if (this.slot >= SLOTS || this.profiler?.full) this.flush();
    packParams(k, params, this.arenaU32, this.arenaF32, this.arenaI32, (this.slot * SLOT_BYTES) / 4);
    // profiled: every dispatch in a pass of its own (ended below), timed at both ends
    if (!this.pass) this.pass = this.ensureEncoder().beginComputePass(this.profiler ? { timestampWrites: this.profiler.next(k.name) } : {});
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, bg, [this.slot * SLOT_BYTES]);
    this.pass.dispatchWorkgroups(groups[0], groups[1], groups[2]);
    if (this.profiler) this.endPass();
    this.slot++;
    this.counters.dispatches++;
  }
  copy(src: Buf, srcOffset: number, dst: Buf, dstOffset: number, length: number): void {
    const s = this.get(src);
    const d = this.get(dst);
    if (srcOffset + length > s.length || dstOffset + length > d.length) throw new BackendError('copy out of range');
    if (length === 0) return;
    this.endPass();
    this.ensureEncoder().copyBufferToBuffer(s.gpu, srcOffset * 4, d.gpu, dstOffset * 4, length * 4);
  }
  flush(): void {
    this.endPass();
    if (!this.encoder) return;
    if (this.slot > 0) this.device.queue.writeBuffer(this.arena, 0, this.arenaWords, 0, this.slot * SLOT_BYTES);
    const submitted = this.profiler?.resolveInto(this.encoder);
    this.device.queue.submit([this.encoder.finish()]);
    submitted?.();
    this.encoder = null;
    this.slot = 0;
    this.counters.submits++;
  }
  async sync(): Promise<void> {
    this.flush();
    await this.waitScope(() => this.device.queue.onSubmittedWorkDone());
  }
  stats(): BackendStats {
    let bytes = 0;
    for (const b of this.live.values()) bytes += b.length * 4;
    return { buffers: this.live.size, bytes, bindGroups: this.bindGroups.size, pipelines: this.pipelines.size, ...this.counters };
  }
  onLost(cb: (reason: string) => void): void {
    this.lostCbs.push(cb);
  }
  /**
   * GPU time per kernel of every dispatch submitted so far (a backend created with `profile`),
   * slowest first; `reset` forgets them afterwards (e.g. after warm-up steps).
   */
  async kernelTimes(reset = false): Promise<KernelTime[]> {
    if (!this.profiler) throw new BackendError('kernel times need a backend created with { profile: true }');
    this.flush();
    await this.waitScope(() => this.device.queue.onSubmittedWorkDone());
    const rows = await this.waitScope(() => this.profiler!.report());
    if (reset) this.profiler.clear();
    return rows;
  }
  /** Force a device loss (tests of the recovery path). */
  loseDevice(): void {
    this.device.destroy();
  }
  destroy(): void {
    this.destroyed = true;
    for (const b of this.live.values()) b.gpu.destroy();
    this.live.clear();
    this.bindGroups.clear();
    for (const s of this.staging) s.destroy();
    this.arena.destroy();
    this.profiler?.destroy();
    this.device.destroy();
  }
}
