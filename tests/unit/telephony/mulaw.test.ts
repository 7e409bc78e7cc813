import { describe, expect, it } from 'vitest';
import { decodeMulaw, encodeMulaw, MULAW_DECODE, MULAW_SILENCE, mulawOf } from '@booth/shared';

/** G.711 µ-law decoder output (Sun's reference g711.c ulaw2linear, 16-bit scale), spot values. */
const REFERENCE: [number, number][] = [
  [0x00, -32124],
  [0x01, -31100],
  [0x0f, -16764],
  [0x10, -15996],
  [0x1f, -8316],
  [0x20, -7932],
  [0x40, -1884],
  [0x50, -876],
  [0x5f, -396],
  [0x70, -120],
  [0x7e, -8],
  [0x7f, 0],
  [0x80, 32124],
  [0x8f, 16764],
  [0xc0, 1884],
  [0xf0, 120],
  [0xfe, 8],
  [0xff, 0],
];

describe('G.711 µ-law', () => {
  it('decodes like the reference table', () => {
    for (const [byte, linear] of REFERENCE) expect([byte, MULAW_DECODE[byte]]).toEqual([byte, linear]);
    expect(MULAW_SILENCE).toBe(0xff);
    expect(decodeMulaw(new Uint8Array([MULAW_SILENCE]))[0]).toBe(0);
  });

  it('encodes every decoded level back to its own code (0x7f, "-0", encodes as +0)', () => {
    for (let b = 0; b < 256; b++) {
      const expected = b === 0x7f ? 0xff : b;
      expect([b, mulawOf(MULAW_DECODE[b]!)]).toEqual([b, expected]);
    }
    // Saturation and zero as the reference encoder gives them.
    expect(mulawOf(32_767)).toBe(0x80);
    expect(mulawOf(-32_768)).toBe(0x00);
    expect(mulawOf(0)).toBe(0xff);
  });

  it('round-trips PCM within the quantisation step of its segment', () => {
    // The step in segment e is 2^(e+3): half of it is at most 1/32 of the level, plus the lowest
    // segment's bias and the 4-sample granularity of the encoder's table (it reads the top 14 bits).
    const pcm = Int16Array.from({ length: 64_249 }, (_, i) => i - 32_124);
    const back = decodeMulaw(encodeMulaw(pcm));
    let worst = 0;
    for (let i = 0; i < pcm.length; i++) {
      const x = pcm[i]!;
      worst = Math.max(worst, Math.abs(x - back[i]!) - Math.abs(x) / 32);
    }
    expect(worst).toBeLessThanOrEqual(8);
    // A speech-level sine keeps a telephone-grade signal-to-noise ratio (~38 dB for G.711).
    const sine = Int16Array.from({ length: 8000 }, (_, i) =>
      Math.round(10_000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)),
    );
    const decoded = decodeMulaw(encodeMulaw(sine));
    let signal = 0;
    let noise = 0;
    for (let i = 0; i < sine.length; i++) {
      signal += sine[i]! ** 2;
      noise += (sine[i]! - decoded[i]!) ** 2;
    }
    expect(10 * Math.log10(signal / noise)).toBeGreaterThan(33);
  });
});
