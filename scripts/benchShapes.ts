/** Matmul shapes shared by the benchmarks (no engine imports: scripts/benchEngine.ts also runs against older trees). */
export interface MmShape {
  M: number;
  N: number;
  K: number;
  transA: boolean;
  transB: boolean;
}

export const S = (M: number, N: number, K: number, form = 'NN'): MmShape & { label: string } => ({ M, N, K, transA: form[0] === 'T', transB: form[1] === 'T', label: `${form} ${M}x${N}x${K}` });

/** The shapes of the real MLPs (2 -> Fourier(8) = 18 -> 3x128 -> 2; batch 512..2048): forward (NN), dX (NT), dW (TN). */
export const REAL_SHAPES = [
  S(1024, 128, 18), S(1024, 128, 128), S(2048, 128, 128), S(512, 128, 128), S(1024, 2, 128),
  S(1024, 128, 128, 'NT'), S(2048, 128, 128, 'NT'), S(1024, 128, 2, 'NT'), S(1024, 18, 128, 'NT'),
  S(128, 128, 1024, 'TN'), S(128, 128, 2048, 'TN'), S(18, 128, 1024, 'TN'), S(128, 2, 1024, 'TN'),
];
export const SQUARE_SHAPES = [S(256, 256, 256), S(512, 512, 512), S(1024, 1024, 1024)];
