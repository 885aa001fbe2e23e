/**
 * The MNIST denoiser (SPEC "Notation"): d = 784 pixels in [-1, 1], sigma_data 0.5, EDM
 * sigma range 0.002..80, training log-normal ln sigma ~ N(-1.2, 1.2^2), and the raw
 * network F a small U-Net (docs/mnist.md). `hidden`, `act` and `fourier` describe the
 * U-Net's noise-embedding MLP (informational: the U-Net spec is what builds the net).
 */
import { MNIST_SIGMA_DATA } from '../data/mnist';
import { MNIST_UNET, type UNetSpec } from '../engine/nn/unetSpec';
import type { DenoiserSpec } from './denoiser';

export const MNIST_DIM = 784;

/** The 8-16-32 U-Net (57k parameters, 11 MFLOP per sample: about 3.8x cheaper than MNIST_UNET). */
export const MNIST_UNET_SMALL: UNetSpec = { ...MNIST_UNET, channels: [8, 16, 32] };

/**
 * The shipped teacher's U-Net (public/models/mnist.dbm): 8-24-48 with two middle blocks, 156,593
 * parameters, 23 MFLOP per sample (docs/mnist.md "Teacher"). Live teacher training on the page
 * uses it too, so a trained teacher is a drop-in for the shipped one.
 */
export const MNIST_UNET_TEACHER: UNetSpec = { ...MNIST_UNET, channels: [8, 24, 48], mid: 2 };

export function mnistDenoiserSpec(unet: UNetSpec = MNIST_UNET): DenoiserSpec {
  const side = unet.side * unet.side * unet.inCh;
  if (side !== MNIST_DIM || unet.outCh !== unet.inCh) throw new Error(`an MNIST U-Net maps 784 pixels to 784; this one has ${side} inputs and ${unet.outCh} output channels`);
  return {
    dim: MNIST_DIM,
    hidden: [unet.embDim, unet.embDim],
    act: 'silu',
    fourier: { ...unet.fourier },
    edm: { sigmaData: MNIST_SIGMA_DATA, sigmaMin: 0.002, sigmaMax: 80, pMean: -1.2, pStd: 1.2, rho: 7 },
    unet: { ...unet, channels: [...unet.channels], fourier: { ...unet.fourier } },
  };
}
