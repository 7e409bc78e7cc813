import { describe, expect, it } from 'vitest';
import { MPEGDecoder } from 'mpg123-decoder';
import {
  LocalBlobStorage,
  MP3_CODEC_DELAY_SAMPLES,
  Mp3Encoder,
  RECORDING_SAMPLE_RATE,
  encodeMp3,
  parseRecordingPartKey,
  recordingPartKey,
} from '@booth/shared';
import { mergeTrackMeta, mixBlock, planMix, softLimit, type MixPart } from '@booth/worker';
import { mixRecording } from '../../../services/worker/src/recordings/worker';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RATE = RECORDING_SAMPLE_RATE;
const part = (p: Partial<MixPart> & { startMs: number; samples: number }): MixPart => ({
  key: `k-${p.trackSid ?? 'TR_a'}-${p.connectionId ?? 'c1'}-${p.seq ?? 0}-${p.startMs}`,
  trackSid: 'TR_a',
  connectionId: 'c1',
  seq: 0,
  ...p,
});

async function decode(mp3: Uint8Array): Promise<{ samples: Float32Array; sampleRate: number }> {
  const d = new MPEGDecoder();
  await d.ready;
  try {
    const r = d.decode(mp3);
    expect(r.errors).toEqual([]);
    return { samples: r.channelData[0]!, sampleRate: r.sampleRate };
  } finally {
    d.free();
  }
}

/** Index of the first sample above `level` (in [-1, 1]), or -1. */
const onset = (s: Float32Array, level = 0.05) => s.findIndex((x) => Math.abs(x) > level);

const tone = (n: number, amp: number, hz = 440) =>
  Int16Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * hz * i) / RATE)));

describe('part keys', () => {
  it('round-trip, with the start in session ms (negative too) and the connection kept apart', () => {
    const ref = { sessionId: 'cs1', trackSid: 'TR_AbC', connectionId: 'cx1', seq: 12, startMs: 20_480 };
    const key = recordingPartKey(ref);
    expect(key).toBe('recordings/cs1/tracks/TR_AbC/cx1/000012-20480.pcm');
    expect(parseRecordingPartKey(key)).toEqual(ref);
    expect(parseRecordingPartKey(recordingPartKey({ ...ref, startMs: -40 }))?.startMs).toBe(-40);
    expect(parseRecordingPartKey('recordings/cs1/playback.mp3')).toBeUndefined();
  });
});

describe('planMix', () => {
  it('places parts at their session time; the mix ends with the last sample', () => {
    const { placed, totalSamples } = planMix(
      [
        part({ startMs: 1000, samples: 16_000 }),
        part({ trackSid: 'TR_b', startMs: 2500, samples: 8000 }),
        part({ startMs: 2000, samples: 1600, seq: 1 }),
      ],
      RATE,
    );
    expect(placed.map((p) => [p.part.trackSid, p.at, p.skip, p.length])).toEqual([
      ['TR_a', 16_000, 0, 16_000],
      ['TR_a', 32_000, 0, 1600],
      ['TR_b', 40_000, 0, 8000],
    ]);
    expect(totalSamples).toBe(48_000); // 2.5 s + 0.5 s
  });

  it('keeps gaps (recording switched off) as silence and drops audio before session time 0', () => {
    const { placed } = planMix(
      [part({ startMs: -100, samples: 3200 }), part({ startMs: 5000, samples: 1600, seq: 1 })],
      RATE,
    );
    expect(placed.map((p) => [p.at, p.skip, p.length])).toEqual([
      [0, 1600, 1600],
      [80_000, 0, 1600],
    ]);
  });

  it('never sums a track with itself when two transcribers recorded it (failover overlap)', () => {
    const { placed, totalSamples } = planMix(
      [
        part({ connectionId: 'old', startMs: 0, samples: 32_000 }), // 0–2 s
        part({ connectionId: 'new', startMs: 1500, samples: 16_000 }), // 1.5–2.5 s
        part({ connectionId: 'new', startMs: 2500, samples: 1600, seq: 1 }),
        part({ trackSid: 'TR_b', startMs: 1000, samples: 1600 }), // another track overlaps freely
      ],
      RATE,
    );
    expect(placed.map((p) => [p.part.trackSid, p.part.connectionId, p.at, p.skip, p.length])).toEqual([
      ['TR_a', 'old', 0, 0, 32_000],
      ['TR_b', 'c1', 16_000, 0, 1600],
      ['TR_a', 'new', 32_000, 8000, 8000],
      ['TR_a', 'new', 40_000, 0, 1600],
    ]);
    expect(totalSamples).toBe(41_600);
  });
});

describe('mixing', () => {
  it('adds the part samples that fall in a block, at their place', () => {
    const { placed } = planMix([part({ startMs: 1, samples: 4 })], RATE); // at sample 16
    const block = new Float32Array(10).fill(1);
    mixBlock(block, 12, placed[0]!, Int16Array.from([10, 20, 30, 40]));
    expect(Array.from(block)).toEqual([1, 1, 1, 1, 11, 21, 31, 41, 1, 1]);
    const later = new Float32Array(3);
    mixBlock(later, 18, placed[0]!, Int16Array.from([10, 20, 30, 40]));
    expect(Array.from(later)).toEqual([30, 40, 0]);
  });

  it('limits the sum: transparent for one voice, monotonic, never past full scale', () => {
    expect(softLimit(1234.4)).toBe(1234);
    expect(softLimit(-24_576)).toBe(-24_576);
    let prev = -Infinity;
    for (let x = 0; x <= 200_000; x += 97) {
      const y = softLimit(x);
      expect(y).toBeGreaterThanOrEqual(prev);
      expect(y).toBeLessThanOrEqual(32_767);
      expect(softLimit(-x) + y).toBe(0); // symmetric
      prev = y;
    }
    expect(softLimit(2 * 30_000)).toBeGreaterThan(32_000); // two loud voices: compressed, not wrapped
  });

  it('merges the stored metadata with the mixed bounds and empties the keys', () => {
    const { placed } = planMix(
      [
        part({ startMs: 1000, samples: 16_000 }),
        part({ startMs: 2000, samples: 8000, seq: 1 }),
        part({ trackSid: 'TR_b', connectionId: 'c9', startMs: 500, samples: 1600 }),
      ],
      RATE,
    );
    const stored = [
      {
        trackSid: 'TR_a',
        connectionId: 'c1',
        identity: 'admin-x-tab1',
        speakerIdentity: 'admin-x',
        startMs: 1000,
        durationMs: 1000,
        sampleRate: RATE,
        keys: ['k1'],
      },
    ];
    expect(mergeTrackMeta(stored, placed, RATE)).toEqual([
      {
        trackSid: 'TR_b',
        connectionId: 'c9',
        identity: null,
        speakerIdentity: null,
        startMs: 500,
        durationMs: 100,
        sampleRate: RATE,
        keys: [],
      },
      { ...stored[0], startMs: 1000, durationMs: 1500, keys: [] },
    ]);
  });
});

describe('encodeMp3', () => {
  it('is CBR MP3 at the input rate whose decoded length matches the input', async () => {
    const samples = tone(RATE * 10, 8000);
    const mp3 = await encodeMp3(samples, RATE, { bitrateKbps: 32 });
    expect(mp3[0]).toBe(0xff); // frame sync
    expect(mp3[1]! & 0xe0).toBe(0xe0);
    expect(Math.abs(mp3.length - 10 * 4000)).toBeLessThan(600); // 32 kbit/s = 4000 B/s
    const out = await decode(mp3);
    expect(out.sampleRate).toBe(RATE);
    expect(Math.abs(out.samples.length - samples.length) / RATE).toBeLessThan(0.1);
    await expect(encodeMp3(samples, 44_000)).rejects.toThrow(/sample rate/);
    await expect(encodeMp3(samples, RATE, { bitrateKbps: 33 })).rejects.toThrow(/bitrate/);
  });

  it('keeps time: with alignToInput a burst at 1.000 s decodes at 1.000 s (without, 69 ms late)', async () => {
    const samples = new Int16Array(RATE * 3);
    samples.set(tone(800, 12_000, 1000), RATE);
    const plain = await decode(await encodeMp3(samples, RATE));
    expect(onset(plain.samples) - RATE).toBeGreaterThanOrEqual(MP3_CODEC_DELAY_SAMPLES - 16);
    const aligned = await decode(await encodeMp3(samples, RATE, { alignToInput: true }));
    expect(Math.abs(onset(aligned.samples) - RATE)).toBeLessThanOrEqual(16); // 1 ms
  });

  it('streams: blocks written one by one give the same file as one call', async () => {
    const samples = tone(RATE * 3, 5000);
    const enc = await Mp3Encoder.create(RATE);
    for (let i = 0; i < samples.length; i += 7000) enc.write(samples.subarray(i, i + 7000));
    expect(Buffer.from(enc.finish()).equals(Buffer.from(await encodeMp3(samples, RATE)))).toBe(true);
  });
});

describe('mixRecording', () => {
  it('mixes stored parts of two tracks into one MP3 on the session clock', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'booth-mix-'));
    try {
      const storage = new LocalBlobStorage(dir);
      const put = async (p: MixPart, pcm: Int16Array) =>
        storage.put(
          p.key,
          Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength),
          'application/octet-stream',
        );
      const a = part({ key: 'recordings/s/tracks/TR_a/c1/000000-1000.pcm', startMs: 1000, samples: 8000 });
      const b = part({
        key: 'recordings/s/tracks/TR_b/c1/000000-3000.pcm',
        trackSid: 'TR_b',
        startMs: 3000,
        samples: 8000,
      });
      await put(a, tone(8000, 10_000, 500));
      await put(b, tone(8000, 10_000, 700));
      // Small blocks: the parts straddle block boundaries.
      const { mp3, totalSamples } = await mixRecording(storage, [a, b], { blockMs: 700 });
      expect(totalSamples).toBe(3.5 * RATE);
      const out = (await decode(mp3)).samples;
      expect(Math.abs(out.length - totalSamples) / RATE).toBeLessThan(0.1);
      const rms = (fromMs: number, toMs: number) => {
        const s = out.subarray((fromMs * RATE) / 1000, (toMs * RATE) / 1000);
        return Math.sqrt(s.reduce((acc, x) => acc + x * x, 0) / s.length);
      };
      expect(rms(100, 900)).toBeLessThan(0.01); // before anyone
      expect(rms(1100, 1400)).toBeGreaterThan(0.15); // track a
      expect(rms(1600, 2900)).toBeLessThan(0.01); // between
      expect(rms(3100, 3400)).toBeGreaterThan(0.15); // track b
      expect(Math.abs(onset(out) - RATE)).toBeLessThanOrEqual(32);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
