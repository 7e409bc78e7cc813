import { AudioFrame, AudioResampler, AudioResamplerQuality } from '@livekit/rtc-node';

/**
 * A whole mono buffer resampled at once (the greeting), with LiveKit's resampler (libsoxr: band-limited,
 * so speech rendered at 22 kHz comes down to the phone's 8 kHz without aliasing).
 */
export function resampleBuffer(samples: Int16Array, from: number, to: number): Int16Array {
  if (from === to || samples.length === 0) return samples;
  const resampler = new AudioResampler(from, to, 1, AudioResamplerQuality.HIGH);
  try {
    const frames = [
      ...resampler.push(new AudioFrame(samples, from, 1, samples.length)),
      ...resampler.flush(),
    ];
    const out = new Int16Array(frames.reduce((n, f) => n + f.data.length, 0));
    let at = 0;
    for (const f of frames) {
      out.set(f.data, at);
      at += f.data.length;
    }
    return out;
  } finally {
    resampler.close();
  }
}
