/**
 * Per-kernel GPU time through timestamp queries (WebGpuOptions.profile). Each profiled
 * dispatch gets a compute pass of its own whose beginning and end write a timestamp; at
 * every flush the pairs are resolved into a buffer that is read back asynchronously, and
 * `report()` sums them per kernel. A pass per dispatch adds the cost of the pass boundaries
 * (and takes away any overlap of consecutive dispatches), so the totals are an upper bound of
 * what the same work costs unprofiled; the split between kernels is what this is for.
 */
export interface KernelTime {
  kernel: string;
  launches: number;
  /** summed GPU time, milliseconds */
  totalMs: number;
  meanUs: number;
  maxUs: number;
}

const PAIRS = 2048; // dispatches per query set (a flush comes before it fills)

export class KernelProfiler {
  private readonly querySet: GPUQuerySet;
  private readonly resolve: GPUBuffer;
  private names: string[] = [];
  private pending: Promise<void>[] = [];
  /** Readback buffers (16 PAIRS bytes each) free for the next flush: none is made per flush once warm. */
  private spare: GPUBuffer[] = [];
  private readonly rows = new Map<string, { launches: number; ns: number; maxNs: number }>();

  constructor(private readonly device: GPUDevice) {
    this.querySet = device.createQuerySet({ type: 'timestamp', count: 2 * PAIRS, label: 'kernel-profiler' });
    this.resolve = device.createBuffer({ size: 16 * PAIRS, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC, label: 'kernel-profiler-resolve' });
  }
  /** Whether the query set has room for another dispatch before the next flush. */
  get full(): boolean {
    return this.names.length >= PAIRS;
  }
  /** The timestampWrites of the pass that will hold the next dispatch, of kernel `name`. */
  next(name: string): GPUComputePassTimestampWrites {
    const i = this.names.length;
    this.names.push(name);
    return { querySet: this.querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 };
  }
  /** Records the resolve of this flush's timestamps into `enc`; returns what to call once it is submitted. */
  resolveInto(enc: GPUCommandEncoder): (() => void) | null {
    const n = this.names.length;
    if (n === 0) return null;
    const names = this.names;
    this.names = [];
    const readback = this.spare.pop() ?? this.device.createBuffer({ size: 16 * PAIRS, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: 'kernel-profiler-readback' });
    enc.resolveQuerySet(this.querySet, 0, 2 * n, this.resolve, 0);
    enc.copyBufferToBuffer(this.resolve, 0, readback, 0, 16 * n);
    return () => {
      this.pending.push(
        readback.mapAsync(GPUMapMode.READ, 0, 16 * n).then(() => {
          const t = new BigUint64Array(readback.getMappedRange(0, 16 * n));
          names.forEach((k, i) => {
            // a pair the implementation could not order (end before beginning) counts as 0
            const ns = t[2 * i + 1] > t[2 * i] ? Number(t[2 * i + 1] - t[2 * i]) : 0;
            const r = this.rows.get(k) ?? { launches: 0, ns: 0, maxNs: 0 };
            r.launches++;
            r.ns += ns;
            r.maxNs = Math.max(r.maxNs, ns);
            this.rows.set(k, r);
          });
          readback.unmap();
          this.spare.push(readback);
        }),
      );
    };
  }
  /** The times of every submitted profiled dispatch so far, slowest kernel first. */
  async report(): Promise<KernelTime[]> {
    const p = this.pending;
    this.pending = [];
    await Promise.all(p);
    return [...this.rows]
      .map(([kernel, r]) => ({ kernel, launches: r.launches, totalMs: r.ns / 1e6, meanUs: r.ns / r.launches / 1e3, maxUs: r.maxNs / 1e3 }))
      .sort((a, b) => b.totalMs - a.totalMs);
  }
  /** Forget the times gathered so far (call after `report`, which waits for the pending reads). */
  clear(): void {
    this.rows.clear();
  }
  destroy(): void {
    this.querySet.destroy();
    this.resolve.destroy();
    for (const b of this.spare) b.destroy();
  }
}
