import type { Buf } from '../../src/engine/backend';
import { CpuBackend } from '../../src/engine/cpu/cpuBackend';
import type { KernelDef, ParamValues } from '../../src/engine/kernel';

/**
 * The CPU reference that records the kernels it runs and, with `software` false, poses as
 * a GPU, so ops take their GPU routes (split-K matmuls, workgroup group-norm statistics)
 * with every kernel run by its twin.
 */
export class RoutedCpu extends CpuBackend {
  readonly ran: string[] = [];
  constructor(override readonly software: boolean) {
    super();
  }
  override run<P extends string>(k: KernelDef<P>, params: ParamValues<P>, bufs: readonly Buf[]): void {
    this.ran.push(k.name);
    super.run(k, params, bufs);
  }
}
