import type { RecordingTrackMeta } from '@booth/shared';

/** A stored part of one track, as its key and size describe it. */
export interface MixPart {
  key: string;
  trackSid: string;
  connectionId: string;
  seq: number;
  /** Session time of its first sample, ms. */
  startMs: number;
  /** Its length in samples. */
  samples: number;
}

/** Where a part goes in the mix: its samples [skip, skip + length) land at mix sample `at`. */
export interface PlacedPart {
  part: MixPart;
  at: number;
  skip: number;
  length: number;
}

/**
 * Places every part on the session clock (mix sample 0 = session time 0). Within one track, audio is
 * never summed with itself: where a part overlaps what the track already has (a transcriber that
 * took the room over while its predecessor was still there both recorded the same track), the
 * overlapping lead of the later part is skipped. Audio before session time 0 is dropped.
 */
export function planMix(
  parts: MixPart[],
  sampleRate: number,
): { placed: PlacedPart[]; totalSamples: number } {
  const start = (p: MixPart) => Math.round((p.startMs * sampleRate) / 1000);
  const byTrack = new Map<string, MixPart[]>();
  for (const p of parts) {
    if (p.samples <= 0) continue;
    const list = byTrack.get(p.trackSid) ?? [];
    list.push(p);
    byTrack.set(p.trackSid, list);
  }
  const placed: PlacedPart[] = [];
  let totalSamples = 0;
  for (const list of byTrack.values()) {
    list.sort(
      (a, b) =>
        start(a) - start(b) ||
        (a.connectionId < b.connectionId ? -1 : a.connectionId > b.connectionId ? 1 : 0) ||
        a.seq - b.seq,
    );
    let covered = 0; // the track has audio in the mix up to here
    for (const p of list) {
      const at = Math.max(start(p), covered, 0);
      const skip = at - start(p);
      const length = p.samples - skip;
      if (length <= 0) continue;
      placed.push({ part: p, at, skip, length });
      covered = at + length;
      totalSamples = Math.max(totalSamples, covered);
    }
  }
  placed.sort((a, b) => a.at - b.at);
  return { placed, totalSamples };
}

/** Adds the part's samples that fall in the block starting at mix sample `blockStart`. */
export function mixBlock(block: Float32Array, blockStart: number, placed: PlacedPart, pcm: Int16Array): void {
  const from = Math.max(blockStart, placed.at);
  const to = Math.min(blockStart + block.length, placed.at + placed.length);
  for (let s = from; s < to; s++) {
    block[s - blockStart]! += pcm[placed.skip + (s - placed.at)] ?? 0;
  }
}

const FULL = 32767;
/** Below this level the limiter is transparent (one voice passes unchanged). */
const KNEE = 24576;

/**
 * Sum → 16-bit with clipping protection: identity up to KNEE (75 % of full scale), above it a tanh
 * curve that approaches full scale but never reaches it, so two people talking over each other are
 * compressed rather than clipped. Monotonic and continuous.
 */
export function softLimit(x: number): number {
  const a = Math.abs(x);
  if (a <= KNEE) return Math.round(x);
  const y = KNEE + (FULL - KNEE) * Math.tanh((a - KNEE) / (FULL - KNEE));
  return Math.sign(x) * Math.min(FULL, Math.round(y));
}

/**
 * Recording.tracks once mixed: one entry per recorded stream (track and connection), with its bounds
 * from the parts that were mixed and the metadata the transcriber stored, and `keys: []` (the parts
 * are removed after the playback file is stored). Entries whose parts were lost are kept, as metadata.
 */
export function mergeTrackMeta(
  stored: unknown,
  placed: PlacedPart[],
  sampleRate: number,
): RecordingTrackMeta[] {
  const known = (Array.isArray(stored) ? stored : []).filter(
    (t): t is RecordingTrackMeta =>
      typeof t === 'object' && t !== null && 'trackSid' in t && 'connectionId' in t,
  );
  const id = (trackSid: string, connectionId: string) => `${trackSid}/${connectionId}`;
  const bounds = new Map<string, { trackSid: string; connectionId: string; from: number; to: number }>();
  for (const p of placed) {
    const k = id(p.part.trackSid, p.part.connectionId);
    const b = bounds.get(k);
    const from = p.at;
    const to = p.at + p.length;
    if (!b) bounds.set(k, { trackSid: p.part.trackSid, connectionId: p.part.connectionId, from, to });
    else bounds.set(k, { ...b, from: Math.min(b.from, from), to: Math.max(b.to, to) });
  }
  const ms = (samples: number) => Math.round((samples * 1000) / sampleRate);
  const out: RecordingTrackMeta[] = [];
  for (const t of known) {
    const b = bounds.get(id(t.trackSid, t.connectionId));
    bounds.delete(id(t.trackSid, t.connectionId));
    out.push({
      ...t,
      ...(b ? { startMs: ms(b.from), durationMs: ms(b.to - b.from) } : {}),
      sampleRate,
      keys: [],
    });
  }
  for (const b of bounds.values()) {
    out.push({
      trackSid: b.trackSid,
      connectionId: b.connectionId,
      identity: null,
      speakerIdentity: null,
      startMs: ms(b.from),
      durationMs: ms(b.to - b.from),
      sampleRate,
      keys: [],
    });
  }
  return out.sort((a, b) => a.startMs - b.startMs);
}
