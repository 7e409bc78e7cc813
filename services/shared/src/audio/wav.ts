import { readFile } from 'node:fs/promises';

export interface PcmAudio {
  sampleRate: number;
  /** Channels in the file (the samples are already mixed down to mono). */
  channels: number;
  /** Mono samples in [-1, 1]. */
  samples: Float32Array;
}

export class WavFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WavFormatError';
  }
}

/** Parses a RIFF/WAVE buffer: PCM 8/16/24/32-bit or IEEE float 32, any rate, mixed down to mono. */
export function parseWav(buf: Buffer): PcmAudio {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new WavFormatError('not a RIFF/WAVE file');
  }
  let fmt: { format: number; channels: number; sampleRate: number; bits: number } | undefined;
  let data: Buffer | undefined;
  for (let off = 12; off + 8 <= buf.length;) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    const body = buf.subarray(off + 8, Math.min(buf.length, off + 8 + size));
    if (id === 'fmt ') {
      if (body.length < 16) throw new WavFormatError('truncated fmt chunk');
      let format = body.readUInt16LE(0);
      // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
      if (format === 0xfffe && body.length >= 26) format = body.readUInt16LE(24);
      fmt = {
        format,
        channels: body.readUInt16LE(2),
        sampleRate: body.readUInt32LE(4),
        bits: body.readUInt16LE(14),
      };
    } else if (id === 'data') {
      data = body;
    }
    off += 8 + size + (size % 2);
  }
  if (!fmt) throw new WavFormatError('missing fmt chunk');
  if (!data) throw new WavFormatError('missing data chunk');
  const { format, channels, sampleRate, bits } = fmt;
  if (channels < 1 || sampleRate < 1000) throw new WavFormatError('invalid channel count or sample rate');
  const isPcm = format === 1 && [8, 16, 24, 32].includes(bits);
  const isFloat = format === 3 && bits === 32;
  if (!isPcm && !isFloat)
    throw new WavFormatError(`unsupported WAV encoding (format ${format}, ${bits}-bit)`);
  const bytes = bits / 8;
  const frames = Math.floor(data.length / (bytes * channels));
  const read = (i: number): number => {
    const o = i * bytes;
    if (isFloat) return data.readFloatLE(o);
    switch (bits) {
      case 8:
        return (data[o]! - 128) / 128;
      case 16:
        return data.readInt16LE(o) / 32768;
      case 24:
        return data.readIntLE(o, 3) / 8388608;
      default:
        return data.readInt32LE(o) / 2147483648;
    }
  };
  const samples = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += read(f * channels + c);
    samples[f] = sum / channels;
  }
  return { sampleRate, channels, samples };
}

export async function readWav(path: string): Promise<PcmAudio> {
  return parseWav(await readFile(path));
}
