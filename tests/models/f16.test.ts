import { describe, expect, it } from 'vitest';
import { F16_MAX, f16BitsToF32, f32ToF16Bits, roundToF16 } from '../../src/models/f16';

describe('f16 conversion', () => {
  it('round-trips every finite binary16 value bit for bit', () => {
    const bad: number[] = [];
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00) continue; // inf / NaN
      if (f32ToF16Bits(f16BitsToF32(h)) !== h) bad.push(h);
    }
    expect(bad).toEqual([]);
  });

  it('rounds to nearest, ties to even', () => {
    expect(f32ToF16Bits(1)).toBe(0x3c00);
    expect(f32ToF16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie: down to even
    expect(f32ToF16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie: up to even
    expect(f32ToF16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // above the tie
    expect(f32ToF16Bits(-2)).toBe(0xc000);
    expect(f32ToF16Bits(0.1)).toBe(0x2e66);
  });

  it('handles subnormals, underflow and overflow', () => {
    expect(f32ToF16Bits(2 ** -24)).toBe(0x0001);
    expect(f32ToF16Bits(2 ** -25)).toBe(0x0000); // tie to even zero
    expect(f32ToF16Bits(1.5 * 2 ** -25)).toBe(0x0001);
    expect(f32ToF16Bits(2 ** -14 - 2 ** -24)).toBe(0x03ff); // largest subnormal
    expect(f32ToF16Bits(1e-10)).toBe(0);
    expect(f32ToF16Bits(-1e-10)).toBe(0x8000);
    expect(f32ToF16Bits(F16_MAX)).toBe(0x7bff);
    expect(f32ToF16Bits(65519)).toBe(0x7bff);
    expect(f32ToF16Bits(65520)).toBe(0x7c00);
    expect(f16BitsToF32(0x7c00)).toBe(Infinity);
    expect(Number.isNaN(f16BitsToF32(0x7e00))).toBe(true);
  });

  it('roundToF16 stays within half an ulp (relative 2^-11) for normal values', () => {
    const a = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i * 1.37) * 3);
    const r = roundToF16(a);
    for (let i = 0; i < a.length; i++) if (Math.abs(a[i]) > 2 ** -14) expect(Math.abs(r[i] - a[i])).toBeLessThanOrEqual(Math.abs(a[i]) * 2 ** -11);
  });
});
