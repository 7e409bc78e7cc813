import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** x86 compiler flags whisper.cpp may be built with, and the CPU feature (/proc/cpuinfo) each needs. */
const FLAG_FEATURES: Record<string, string> = {
  '-mavx': 'avx',
  '-mavx2': 'avx2',
  '-mfma': 'fma',
  '-mf16c': 'f16c',
  '-mavx512f': 'avx512f',
  '-mavx512bw': 'avx512bw',
  '-mavx512vl': 'avx512vl',
};

export interface CpuCheck {
  /** The flags smart-whisper was compiled with (node_modules/.booth-whisper-cflags), if recorded. */
  cflags?: string;
  /** CPU features those flags need that this CPU does not report. */
  missing: string[];
}

/** Where the install step records the whisper.cpp compiler flags (the Dockerfile and provisioning). */
export function whisperFlagsFile(): string {
  const pkg = createRequire(import.meta.url).resolve('smart-whisper/package.json');
  return join(dirname(dirname(pkg)), '.booth-whisper-cflags');
}

/**
 * Compares the instructions whisper.cpp was compiled for with what this CPU has, so a build for AVX2
 * on a CPU without it fails with a clear message instead of SIGILL. `cpuinfo` and `cflags` are for tests.
 */
export function checkCpu(input: { cpuinfo?: string; cflags?: string } = {}): CpuCheck {
  const file = whisperFlagsFile();
  const cflags = input.cflags ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
  const cpuinfo =
    input.cpuinfo ?? (existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : undefined);
  if (!cflags || !cpuinfo) return { cflags, missing: [] };
  const flagsLine = /^flags\s*:\s*(.*)$/m.exec(cpuinfo)?.[1];
  if (flagsLine === undefined) return { cflags, missing: [] }; // not x86: no x86 flags to need
  const have = new Set(flagsLine.split(/\s+/));
  const missing = cflags
    .split(/\s+/)
    .map((f) => FLAG_FEATURES[f])
    .filter((f): f is string => f !== undefined && !have.has(f));
  return { cflags, missing };
}
