import { randomBytes } from 'node:crypto';
import type { Db, Prisma } from '@booth/db';
import {
  RECORDING_PART_TYPE,
  RECORDING_SAMPLE_RATE,
  errorMessage,
  recordingPartKey,
  type BlobStorage,
  type Logger,
  type RecordingTrackMeta,
} from '@booth/shared';

export interface SessionRecorderOptions {
  db: Db;
  storage: BlobStorage;
  sessionId: string;
  /** Session.recordingEnabled when the room was taken; `setEnabled` follows later changes. */
  enabled: boolean;
  /** Audio per stored part (a crash loses at most this much per track). Default 20 000 ms. */
  partMs?: number;
  logger: Logger;
}

const SAMPLES_PER_MS = RECORDING_SAMPLE_RATE / 1000;

/**
 * Records one transcriber connection's tracks of a session, on the transcript's clock: each track's
 * 16 kHz samples (the very frames the VAD and Whisper see) are cut into parts of `partMs` and stored
 * as they fill (see recording-parts.ts for the keys); Recording.tracks keeps each track's metadata.
 * While the session's recordingEnabled is off nothing is stored and the clock runs on, so audio after
 * a re-enable lands at its true time. Storage and database errors are logged, never thrown: a failed
 * recording must not cost the transcript.
 */
export class SessionRecorder {
  /** Distinguishes this connection's parts from those of a transcriber before or after it. */
  readonly connectionId = `c${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  private enabledNow: boolean;
  private readonly tracks = new Set<TrackRecorder>();
  /** Streams started per track sid (a track unsubscribed and subscribed again is a new stream). */
  private readonly streams = new Map<string, number>();
  private row: Promise<boolean> | undefined;
  /** Recording.tracks writes, one at a time (each is a read-modify-write of the JSON). */
  private metaChain: Promise<void> = Promise.resolve();
  readonly partMs: number;

  constructor(private readonly opts: SessionRecorderOptions) {
    this.enabledNow = opts.enabled;
    this.partMs = opts.partMs ?? 20_000;
  }

  get enabled(): boolean {
    return this.enabledNow;
  }

  /** Follows Session.recordingEnabled: off stores what was captured so far, then nothing more. */
  setEnabled(on: boolean): void {
    if (on === this.enabledNow) return;
    this.enabledNow = on;
    this.opts.logger.info({ recording: on }, on ? 'recording resumed' : 'recording switched off');
    if (!on) for (const t of this.tracks) t.cut();
  }

  /**
   * Starts recording a track whose first sample is at `startMs` session time (the offset the
   * transcript adds to the track's stream time).
   */
  track(info: {
    trackSid: string;
    identity: string;
    speakerIdentity: string;
    startMs: number;
  }): TrackRecorder {
    const n = this.streams.get(info.trackSid) ?? 0;
    this.streams.set(info.trackSid, n + 1);
    const streamId = n === 0 ? this.connectionId : `${this.connectionId}s${n}`;
    const t = new TrackRecorder(this, { ...info, streamId, startMs: Math.round(info.startMs) });
    this.tracks.add(t);
    return t;
  }

  /** Stores every track's remaining audio. */
  async close(): Promise<void> {
    await Promise.all([...this.tracks].map((t) => t.close()));
    await this.metaChain;
  }

  /** The Recording row (status `recording`), created with the first stored audio. False if it failed. */
  ensureRow(): Promise<boolean> {
    this.row ??= this.opts.db.recording
      .upsert({
        where: { sessionId: this.opts.sessionId },
        create: { sessionId: this.opts.sessionId, status: 'recording' },
        update: {},
      })
      .then(() => true)
      .catch((err: unknown) => {
        this.opts.logger.warn({ err: errorMessage(err) }, 'could not create the recording row');
        this.row = undefined; // try again with the next part
        return false;
      });
    return this.row;
  }

  async storePart(key: string, pcm: Buffer): Promise<boolean> {
    try {
      await this.opts.storage.put(key, pcm, RECORDING_PART_TYPE);
      return true;
    } catch (err) {
      this.opts.logger.warn({ err: errorMessage(err), key }, 'could not store a recording part');
      return false;
    }
  }

  partKey(trackSid: string, streamId: string, seq: number, startMs: number): string {
    return recordingPartKey({
      sessionId: this.opts.sessionId,
      trackSid,
      connectionId: streamId,
      seq,
      startMs,
    });
  }

  /** Replaces this connection's entry for the track in Recording.tracks (row locked meanwhile). */
  saveMeta(meta: RecordingTrackMeta): Promise<void> {
    const { db, sessionId } = this.opts;
    this.metaChain = this.metaChain.then(() =>
      db
        .$transaction(async (tx) => {
          const locked = await tx.$queryRaw<{ tracks: unknown }[]>`
            SELECT tracks FROM recordings WHERE session_id = ${sessionId} FOR UPDATE`;
          const current = Array.isArray(locked[0]?.tracks) ? (locked[0].tracks as RecordingTrackMeta[]) : [];
          const others = current.filter(
            (t) => !(t.trackSid === meta.trackSid && t.connectionId === meta.connectionId),
          );
          const tracks = [...others, meta] as unknown as Prisma.InputJsonValue;
          await tx.recording.update({ where: { sessionId }, data: { tracks } });
        })
        .catch((err: unknown) =>
          this.opts.logger.warn({ err: errorMessage(err) }, 'could not update the recording tracks'),
        ),
    );
    return this.metaChain;
  }
}

/** One track's audio: buffered, cut into parts, stored in order. */
export class TrackRecorder {
  /** Samples seen since the track's first sample (recorded or not). */
  private position = 0;
  private pending: Int16Array[] = [];
  private pendingSamples = 0;
  /** Stream position (samples) of the first pending sample. */
  private pendingStart = 0;
  private seq = 0;
  private readonly keys: string[] = [];
  /** End of the last stored part, samples from the track's start. */
  private storedEnd = 0;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly session: SessionRecorder,
    readonly info: {
      trackSid: string;
      /** This stream's connection segment in the keys (the connection id, suffixed on a resubscribe). */
      streamId: string;
      identity: string;
      speakerIdentity: string;
      startMs: number;
    },
  ) {}

  /** The next 16 kHz samples of the track (the buffer is copied). */
  push(samples: Int16Array): void {
    if (this.closed) return;
    if (this.session.enabled) {
      if (this.pendingSamples === 0) this.pendingStart = this.position;
      this.pending.push(samples.slice());
      this.pendingSamples += samples.length;
      if (this.pendingSamples >= this.session.partMs * SAMPLES_PER_MS) this.cut();
    }
    this.position += samples.length;
  }

  /** Stores the pending audio as a part now. */
  cut(): void {
    if (this.pendingSamples === 0) return;
    const all = new Int16Array(this.pendingSamples);
    let at = 0;
    for (const p of this.pending) {
      all.set(p, at);
      at += p.length;
    }
    // s16le: the platform's order on every CPU Node runs Booth on (x86-64, arm64).
    const pcm = Buffer.from(all.buffer, all.byteOffset, all.byteLength);
    const startSample = this.pendingStart;
    const samples = this.pendingSamples;
    this.pending = [];
    this.pendingSamples = 0;
    const seq = this.seq++;
    this.chain = this.chain.then(() => this.store(seq, startSample, samples, pcm));
  }

  async close(): Promise<void> {
    if (!this.closed) {
      this.cut();
      this.closed = true;
    }
    await this.chain;
  }

  private async store(seq: number, startSample: number, samples: number, pcm: Buffer): Promise<void> {
    if (!(await this.session.ensureRow())) return;
    const startMs = this.info.startMs + startSample / SAMPLES_PER_MS;
    const key = this.session.partKey(this.info.trackSid, this.info.streamId, seq, startMs);
    if (!(await this.session.storePart(key, pcm))) return;
    this.keys.push(key);
    this.storedEnd = startSample + samples;
    await this.session.saveMeta({
      trackSid: this.info.trackSid,
      connectionId: this.info.streamId,
      identity: this.info.identity,
      speakerIdentity: this.info.speakerIdentity,
      startMs: this.info.startMs,
      durationMs: Math.round(this.storedEnd / SAMPLES_PER_MS),
      sampleRate: RECORDING_SAMPLE_RATE,
      keys: [...this.keys],
    });
  }
}
