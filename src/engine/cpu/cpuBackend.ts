import type { Backend, BackendStats, Buf } from '../backend';
import { BackendError } from '../backend';
import type { KernelDef, ParamValues } from '../kernel';

interface CpuBuf extends Buf {
  data: Float32Array;
}

/** Plain TypeScript over Float32Array: the reference every WGSL kernel is checked against. */
export class CpuBackend implements Backend {
  readonly kind = 'cpu' as const;
  readonly adapterName = 'CPU (TypeScript reference)';
  readonly software: boolean = true;
  private nextId = 1;
  private live = new Map<number, CpuBuf>();
  private counters = { submits: 0, dispatches: 0 };

  createBuffer(length: number, label = ''): Buf {
    if (!Number.isInteger(length) || length <= 0) throw new BackendError(`createBuffer: bad length ${length} (${label})`);
    const b: CpuBuf = { id: this.nextId++, length, label, data: new Float32Array(length) };
    this.live.set(b.id, b);
    return b;
  }
  private get(b: Buf): CpuBuf {
    const x = this.live.get(b.id);
    if (!x) throw new BackendError(`buffer '${b.label}' (#${b.id}) is not live on this backend`);
    return x;
  }
  destroyBuffer(b: Buf): void {
    this.live.delete(b.id);
  }
  write(b: Buf, data: Float32Array | Uint32Array, offset = 0): void {
    const dst = this.get(b).data;
    if (offset + data.length > dst.length) throw new BackendError(`write past end of '${b.label}'`);
    if (data instanceof Uint32Array) new Uint32Array(dst.buffer).set(data, offset);
    else dst.set(data, offset);
  }
  async read(b: Buf, offset = 0, length?: number): Promise<Float32Array> {
    const src = this.get(b).data;
    const n = length ?? src.length - offset;
    return src.slice(offset, offset + n);
  }
  /** Synchronous view for tests and the CPU-only paths (not part of Backend). */
  view(b: Buf): Float32Array {
    return this.get(b).data;
  }
  run<P extends string>(k: KernelDef<P>, params: ParamValues<P>, bufs: readonly Buf[]): void {
    if (bufs.length !== k.bindings.length) throw new BackendError(`kernel ${k.name}: expected ${k.bindings.length} buffers, got ${bufs.length}`);
    this.counters.dispatches++;
    k.cpu(params, bufs.map((b) => this.get(b).data));
  }
  copy(src: Buf, srcOffset: number, dst: Buf, dstOffset: number, length: number): void {
    const s = this.get(src).data;
    const d = this.get(dst).data;
    if (srcOffset + length > s.length || dstOffset + length > d.length) throw new BackendError('copy out of range');
    d.set(s.subarray(srcOffset, srcOffset + length), dstOffset);
  }
  flush(): void {
    this.counters.submits++;
  }
  async sync(): Promise<void> {}
  stats(): BackendStats {
    let bytes = 0;
    for (const b of this.live.values()) bytes += b.length * 4;
    return { buffers: this.live.size, bytes, bindGroups: 0, pipelines: 0, ...this.counters };
  }
  onLost(): void {}
  destroy(): void {
    this.live.clear();
  }
}
