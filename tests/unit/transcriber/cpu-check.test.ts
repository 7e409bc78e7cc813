import { describe, expect, it } from 'vitest';
import { checkCpu } from '@booth/transcriber/src/cpu-check';

const x86 = (flags: string) => `processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: ${flags}\n`;

describe('CPU check before whisper.cpp loads', () => {
  it('names the instructions a build needs that the CPU lacks', () => {
    const celeron = x86('fpu sse sse2 ssse3 sse4_1 sse4_2 popcnt aes');
    expect(checkCpu({ cpuinfo: celeron, cflags: '-O3 -mavx -mavx2 -mfma -mf16c' }).missing).toEqual([
      'avx',
      'avx2',
      'fma',
      'f16c',
    ]);
    expect(checkCpu({ cpuinfo: celeron, cflags: '-O3' }).missing).toEqual([]);
  });

  it('passes a CPU that has them, an arm64 CPU, and an install with no recorded flags', () => {
    const modern = x86('fpu sse2 avx avx2 fma f16c bmi2');
    expect(checkCpu({ cpuinfo: modern, cflags: '-O3 -mavx -mavx2 -mfma -mf16c' }).missing).toEqual([]);
    const arm = 'processor\t: 0\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32\n';
    expect(checkCpu({ cpuinfo: arm, cflags: '-O3' }).missing).toEqual([]);
    expect(checkCpu({ cpuinfo: x86('sse2'), cflags: '' }).missing).toEqual([]);
  });

  it('reads this machine and this install', () => {
    // Whatever this box is, the flags it was built with must run on it (or tests would crash).
    expect(checkCpu().missing).toEqual([]);
  });
});
