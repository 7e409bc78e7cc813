import { encodeMulaw } from '@booth/shared';

/** North American ringback: 440 Hz + 480 Hz, 2 s on, 4 s off (ANSI T1.401), about -19 dBm0 per tone. */
export const RINGBACK = { freqs: [440, 480], onMs: 2000, offMs: 4000, amplitude: 2500 } as const;

/** One ringback cycle (tone, then silence) as 16-bit PCM at `rate`. */
export function ringbackCycle(rate: number): Int16Array {
  const on = Math.round((rate * RINGBACK.onMs) / 1000);
  const out = new Int16Array(on + Math.round((rate * RINGBACK.offMs) / 1000));
  for (let i = 0; i < on; i++) {
    let v = 0;
    for (const f of RINGBACK.freqs) v += Math.sin((2 * Math.PI * f * i) / rate);
    out[i] = Math.round(RINGBACK.amplitude * v);
  }
  return out;
}

let cached: Uint8Array | undefined;

/** One 8 kHz ringback cycle, µ-law (rendered once). */
export function ringbackMulaw(): Uint8Array {
  cached ??= encodeMulaw(ringbackCycle(8000));
  return cached;
}
