/** Int16 PCM → Float32 in [-1, 1]. */
export function int16ToFloat32(input: Int16Array): Float32Array {
  const out = new Float32Array(input.length);
  for (let i = 0; i < input.length; i++) out[i] = input[i]! / 32768;
  return out;
}

/** Float32 in [-1, 1] → Int16 PCM (clipped). */
export function float32ToInt16(input: Float32Array): Int16Array {
  const out = new Int16Array(input.length);
  for (let i = 0; i < input.length; i++)
    out[i] = Math.max(-32768, Math.min(32767, Math.round(input[i]! * 32767)));
  return out;
}

/**
 * Resamples mono audio to 16 kHz, Whisper's and Silero's rate. Band-limited (windowed-sinc low-pass
 * when downsampling) so telephone and 48 kHz recordings both come out clean.
 */
export function resampleTo16k(samples: Float32Array, fromRate: number): Float32Array {
  const to = 16000;
  if (fromRate === to) return samples;
  const ratio = fromRate / to;
  const outLen = Math.floor(samples.length / ratio);
  const out = new Float32Array(outLen);
  const cutoff = Math.min(1, 1 / ratio);
  const half = 16;
  for (let i = 0; i < outLen; i++) {
    const center = i * ratio;
    const lo = Math.max(0, Math.ceil(center - half / cutoff));
    const hi = Math.min(samples.length - 1, Math.floor(center + half / cutoff));
    let acc = 0;
    let norm = 0;
    for (let j = lo; j <= hi; j++) {
      const x = (j - center) * cutoff;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const w = 0.5 + 0.5 * Math.cos((Math.PI * x) / half); // Hann window
      const k = sinc * w;
      acc += samples[j]! * k;
      norm += k;
    }
    out[i] = norm > 0 ? acc / norm : 0;
  }
  return out;
}

/** Linear-interpolation resampling of 16-bit mono audio (upsampling speech: no filter needed). */
export function resampleLinear(samples: Int16Array, from: number, to: number): Int16Array {
  if (from === to || samples.length === 0) return samples;
  const outLen = Math.floor((samples.length * to) / from);
  const out = new Int16Array(outLen);
  const step = from / to;
  for (let i = 0; i < outLen; i++) {
    const x = i * step;
    const j = Math.floor(x);
    const f = x - j;
    const a = samples[j] ?? 0;
    const b = samples[j + 1] ?? a;
    out[i] = Math.round(a + (b - a) * f);
  }
  return out;
}
