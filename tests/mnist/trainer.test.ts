/**
 * The worker's trainer accepts MNIST (CPU backend, no racing: the race itself is tested on
 * WebGPU in race.gpu.test.ts): configure loads the digits asset, the pretrained teacher is
 * the shipped U-Net, the 2-D-only tools refuse MNIST with a message, and the 2-D defaults
 * are refused for MNIST with the MNIST ranges named.
 */
import { describe, expect, it } from 'vitest';
import { mnistDefaults } from '../../src/config/mnistDefaults';
import { Trainer } from '../../workers/trainer';

const inner = (t: Trainer) => t as unknown as { spec: { dim: number; unet?: { channels: number[] } }; data: { n: number; dim: number }; heldout: { n: number }; teacherWeights: Float32Array | null };

describe('the trainer with MNIST', () => {
  it('configures, loads the shipped U-Net teacher, refuses the 2-D-only tools', async () => {
    const t = new Trainer({ saveEveryMs: 60_000 });
    await t.init({ forceCpu: true });
    await expect(t.configure({ ...mnistDefaults(), evalSamples: 32 })).rejects.toThrow(/evalSamples: Too small: expected number to be >=64/);
    await t.configure(mnistDefaults());
    const s = inner(t);
    expect(s.data.n).toBe(8000);
    expect(s.data.dim).toBe(784);
    expect(s.heldout.n).toBe(2000);
    expect(s.spec.unet?.channels).toEqual([8, 24, 48]); // MNIST_UNET_TEACHER, the shipped file's
    await t.prepareTeacher('pretrained');
    expect(inner(t).teacherWeights?.length).toBe(156593);
    await expect(t.loadTeacherOnnx(new Uint8Array(8))).rejects.toThrow(/2-D data sets only/);
    await expect(t.scoreField('vanilla', 'teacher', 8, 1)).rejects.toThrow(/no race yet/);
  });
});
