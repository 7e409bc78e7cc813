import { describe, expect, it } from 'vitest';
import { WavFormatError, parseWav, readWav, resampleTo16k } from '@booth/transcriber';
import { jfkPath } from '../../support/fixtures';

function wavBuffer(opts: {
  rate: number;
  channels: number;
  bits: 8 | 16;
  frames: number;
  sample: (i: number, c: number) => number;
}) {
  const bytes = opts.bits / 8;
  const data = Buffer.alloc(opts.frames * opts.channels * bytes);
  for (let i = 0; i < opts.frames; i++) {
    for (let c = 0; c < opts.channels; c++) {
      const v = opts.sample(i, c);
      const o = (i * opts.channels + c) * bytes;
      if (opts.bits === 16) data.writeInt16LE(Math.round(v * 32767), o);
      else data[o] = Math.round(v * 127 + 128);
    }
  }
  const list = Buffer.from('LIST\x04\x00\x00\x00INFO', 'binary');
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'ascii');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8);
  fmt.writeUInt16LE(opts.channels, 10);
  fmt.writeUInt32LE(opts.rate, 12);
  fmt.writeUInt32LE(opts.rate * opts.channels * bytes, 16);
  fmt.writeUInt16LE(opts.channels * bytes, 20);
  fmt.writeUInt16LE(opts.bits, 22);
  const head = Buffer.alloc(8);
  head.write('data', 0, 'ascii');
  head.writeUInt32LE(data.length, 4);
  const body = Buffer.concat([Buffer.from('WAVE', 'ascii'), fmt, list, head, data]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'ascii');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

describe('WAV reading', () => {
  it('reads the real recording as 16 kHz mono', async () => {
    const wav = await readWav(jfkPath());
    expect(wav.sampleRate).toBe(16000);
    expect(wav.channels).toBe(1);
    expect(wav.samples.length).toBe(176000);
    expect(Math.max(...wav.samples.subarray(16000, 32000).map(Math.abs))).toBeGreaterThan(0.05);
  });

  it('mixes stereo 8-bit down to mono and skips unknown chunks', () => {
    const wav = parseWav(
      wavBuffer({ rate: 8000, channels: 2, bits: 8, frames: 100, sample: (_i, c) => (c === 0 ? 0.5 : -0.5) }),
    );
    expect(wav.channels).toBe(2);
    expect(wav.samples.length).toBe(100);
    expect(Math.max(...wav.samples.map(Math.abs))).toBeLessThan(0.02);
  });

  it('rejects what is not a WAV file with a clear error', () => {
    expect(() => parseWav(Buffer.from('ID3 this is an mp3'))).toThrow(WavFormatError);
    const truncated = wavBuffer({ rate: 16000, channels: 1, bits: 16, frames: 10, sample: () => 0 }).subarray(
      0,
      20,
    );
    expect(() => parseWav(truncated)).toThrow(/missing|truncated/);
  });
});

describe('resampling', () => {
  it('keeps a tone at its frequency when going 48 kHz → 16 kHz', () => {
    const from = 48000;
    const tone = Float32Array.from({ length: from }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / from));
    const out = resampleTo16k(tone, from);
    expect(out.length).toBe(16000);
    let crossings = 0;
    for (let i = 1; i < out.length; i++) if (out[i - 1]! < 0 && out[i]! >= 0) crossings++;
    expect(crossings).toBeGreaterThanOrEqual(438);
    expect(crossings).toBeLessThanOrEqual(442);
  });

  it('removes content above the new Nyquist frequency', () => {
    const from = 48000;
    const high = Float32Array.from({ length: from }, (_, i) => Math.sin((2 * Math.PI * 12000 * i) / from));
    const out = resampleTo16k(high, from);
    const rms = Math.sqrt(out.reduce((a, v) => a + v * v, 0) / out.length);
    expect(rms).toBeLessThan(0.05);
  });
});
