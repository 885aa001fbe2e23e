import type { KernelDef, ParamValues } from './kernel';

/** A buffer of 32-bit words on a backend; `length` counts elements (4 bytes each). */
export interface Buf {
  readonly id: number;
  readonly length: number;
  readonly label: string;
}

export interface BackendStats {
  buffers: number;
  bytes: number;
  bindGroups: number;
  pipelines: number;
  submits: number;
  dispatches: number;
}

export type BackendKind = 'cpu' | 'webgpu';

/**
 * The one interface both backends implement. Work is *recorded* with `run`/`copy`; on
 * WebGPU it goes into a single command encoder until `flush()` submits it, on the CPU it
 * runs at once. `read` is asynchronous and never blocks recording of later work.
 */
export interface Backend {
  readonly kind: BackendKind;
  /** Human-readable adapter description, e.g. "SwiftShader Device (Subzero)" or "CPU". */
  readonly adapterName: string;
  /**
   * The subgroup size when kernels may use subgroup operations: the device has the
   * 'subgroups' feature and every subgroup has this many lanes. Absent or null otherwise
   * (then kernels that need subgroups are never chosen).
   */
  readonly subgroupSize?: number | null;
  /**
   * True when kernels run on CPU threads (the CPU backend, lavapipe, SwiftShader): a few
   * long invocations beat many short ones there, so some ops pick another entry point.
   */
  readonly software?: boolean;
  createBuffer(length: number, label?: string): Buf;
  destroyBuffer(b: Buf): void;
  write(b: Buf, data: Float32Array | Uint32Array, offset?: number): void;
  read(b: Buf, offset?: number, length?: number): Promise<Float32Array>;
  run<P extends string>(k: KernelDef<P>, params: ParamValues<P>, bufs: readonly Buf[], groups: readonly [number, number, number]): void;
  copy(src: Buf, srcOffset: number, dst: Buf, dstOffset: number, length: number): void;
  /** Submit everything recorded so far (no-op on the CPU). */
  flush(): void;
  /** Resolve when all submitted work has finished. */
  sync(): Promise<void>;
  stats(): BackendStats;
  /** Called once if the device is lost (WebGPU only). */
  onLost(cb: (reason: string) => void): void;
  destroy(): void;
}

export class BackendError extends Error {
  override name = 'BackendError';
}
