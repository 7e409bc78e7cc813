/**
 * G.711 µ-law (what Twilio Media Streams carry: 8 kHz mono, one byte a sample), as ITU-T G.711 and
 * Sun's reference g711.c define it: 14-bit magnitude with a 0x84 bias, 8 segments, bits inverted.
 * Decoding is a 256-entry table; encoding a 16-bit sample is a table over its top 14 bits.
 */
const BIAS = 0x84;
const CLIP = 32_635;

function encodeSample(sample: number): number {
  let s = Math.max(-32_768, Math.min(32_767, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function decodeByte(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((((u & 0x0f) << 3) + BIAS) << exponent) - BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

/** µ-law byte → 16-bit linear sample. */
export const MULAW_DECODE: Int16Array = Int16Array.from({ length: 256 }, (_, b) => decodeByte(b));

/** Encoding table indexed by the sample's top 14 bits (sample >> 2, offset to be non-negative). */
const ENCODE = Uint8Array.from({ length: 1 << 14 }, (_, i) => encodeSample((i - (1 << 13)) << 2));

/** µ-law of one 16-bit sample. */
export const mulawOf = (sample: number): number =>
  ENCODE[(Math.max(-32_768, Math.min(32_767, sample | 0)) >> 2) + (1 << 13)] ?? 0xff;

/** 16-bit PCM → µ-law bytes. */
export function encodeMulaw(pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = mulawOf(pcm[i] ?? 0);
  return out;
}

/** µ-law bytes → 16-bit PCM. */
export function decodeMulaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = MULAW_DECODE[bytes[i] ?? 0xff] ?? 0;
  return out;
}

/** µ-law silence (a decoded 0). */
export const MULAW_SILENCE = 0xff;
