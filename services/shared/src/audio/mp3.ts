import { createMp3Encoder } from 'wasm-media-encoders';

/**
 * Constant-bitrate bitrates LAME accepts. Booth's recordings are mono voice at 16 kHz (the rate the
 * transcriber already has every track in): 32 kbit/s CBR is 14.4 MB per hour and keeps speech
 * intelligible up to the 8 kHz Nyquist limit of the source; CBR (no Xing/VBR header needed for seeking)
 * plays and seeks by byte offset in every browser, Safari included.
 */
export type Mp3Bitrate = (typeof MP3_BITRATES)[number];
const MP3_BITRATES = [8, 16, 24, 32, 40, 48, 64, 80, 96, 112, 128, 160] as const;

const MP3_SAMPLE_RATES = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000] as const;
type Mp3SampleRate = (typeof MP3_SAMPLE_RATES)[number];

export const DEFAULT_MP3_BITRATE_KBPS: Mp3Bitrate = 32;
export const MP3_MIME_TYPE = 'audio/mpeg';

/** Samples handed to the encoder per call (bounded WASM buffers, ~4 s at 16 kHz). */
const BLOCK = 65536;

function isMp3Bitrate(kbps: number): kbps is Mp3Bitrate {
  return (MP3_BITRATES as readonly number[]).includes(kbps);
}

function isMp3SampleRate(rate: number): rate is Mp3SampleRate {
  return (MP3_SAMPLE_RATES as readonly number[]).includes(rate);
}

/**
 * Samples by which a decoded MP3 lags its input: LAME's encoder delay (576) plus the decoder's (529),
 * measured with mpg123 on this encoder's output (a 1 kHz burst at exactly 1.000 s starts at 1.069 s).
 * Without a LAME/Xing gapless tag (this encoder writes none) browsers play that lead-in as silence.
 */
export const MP3_CODEC_DELAY_SAMPLES = 1105;

export interface Mp3Options {
  /** CBR bitrate, kbit/s: one of {@link Mp3Bitrate}. Default 32. */
  bitrateKbps?: number;
  /**
   * Drop the first {@link MP3_CODEC_DELAY_SAMPLES} input samples, so sample `i` of the decoded file is
   * sample `i` of the input (what seeking to a word's timestamp needs). The dropped lead-in (69 ms at
   * 16 kHz) must be expendable, e.g. silence before anyone spoke. Default false.
   */
  alignToInput?: boolean;
}

/**
 * A streaming CBR MP3 encoder for mono 16-bit PCM (LAME compiled to WebAssembly, no network at run
 * time): `write` blocks of samples, then `finish` for the file. The output rate equals the input rate,
 * which must be one MP3 supports (8–48 kHz).
 */
export class Mp3Encoder {
  private readonly chunks: Uint8Array[] = [];
  private total = 0;
  private readonly block = new Float32Array(BLOCK);
  private toSkip: number;

  private constructor(
    private readonly encoder: Awaited<ReturnType<typeof createMp3Encoder>>,
    opts: Mp3Options,
  ) {
    this.toSkip = opts.alignToInput ? MP3_CODEC_DELAY_SAMPLES : 0;
  }

  static async create(sampleRate: number, opts: Mp3Options = {}): Promise<Mp3Encoder> {
    if (!isMp3SampleRate(sampleRate)) throw new Error(`unsupported MP3 sample rate: ${sampleRate}`);
    const bitrate = opts.bitrateKbps ?? DEFAULT_MP3_BITRATE_KBPS;
    if (!isMp3Bitrate(bitrate)) throw new Error(`unsupported MP3 bitrate: ${bitrate} kbit/s`);
    const encoder = await createMp3Encoder();
    encoder.configure({
      channels: 1,
      sampleRate,
      bitrate,
      outputSampleRate: sampleRate,
    });
    return new Mp3Encoder(encoder, opts);
  }

  /** Bytes of MP3 produced so far. */
  get bytes(): number {
    return this.total;
  }

  write(samples: Int16Array): void {
    let from = Math.min(this.toSkip, samples.length);
    this.toSkip -= from;
    while (from < samples.length) {
      const n = Math.min(BLOCK, samples.length - from);
      const view = n === BLOCK ? this.block : this.block.subarray(0, n);
      for (let i = 0; i < n; i++) view[i] = samples[from + i]! / 32768;
      this.keep(this.encoder.encode([view]));
      from += n;
    }
  }

  /** Flushes the last frames and returns the whole file. */
  finish(): Uint8Array {
    this.keep(this.encoder.finalize());
    const out = new Uint8Array(this.total);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  // The encoder owns the buffer it returns until its next call: copy every piece.
  private keep(piece: Uint8Array): void {
    if (piece.length === 0) return;
    this.chunks.push(piece.slice());
    this.total += piece.length;
  }
}

/** Encodes mono 16-bit PCM as one CBR MP3 (see {@link Mp3Encoder}). */
export async function encodeMp3(
  samples: Int16Array,
  sampleRate: number,
  opts: Mp3Options = {},
): Promise<Uint8Array> {
  const encoder = await Mp3Encoder.create(sampleRate, opts);
  encoder.write(samples);
  return encoder.finish();
}
