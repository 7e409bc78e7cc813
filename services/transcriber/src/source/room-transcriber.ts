import {
  AudioStream,
  ParticipantKind,
  type AudioFrame,
  Room,
  RoomEvent,
  TrackKind,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
} from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import type { Db } from '@booth/db';
import { int16ToFloat32, roomDataKey, speakerOf, type Logger, type TypedQueue } from '@booth/shared';
import { TrackPipeline } from '../pipeline/track-pipeline';
import { SegmentPublisher } from '../publisher/segment-publisher';
import type { RecognizerPool } from '../recognizer/pool';
import type { SessionRecorder, TrackRecorder } from '../recording/session-recorder';
import type { SegmenterOptions } from '../vad/segmenter';
import type { SileroVad } from '../vad/silero';

export interface RoomTranscriberOptions {
  livekitUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Identity prefix of the hidden agent participant (TRANSCRIBER_IDENTITY). */
  identity: string;
  roomName: string;
  sessionId: string;
  /** Wall-clock ms segment times are measured from (the session's start). Default: when we join. */
  sessionStartedAt?: number;
  db: Db;
  vad: SileroVad;
  recognizer: RecognizerPool;
  segmenter?: Partial<SegmenterOptions>;
  /** Whisper initial prompt (the custom vocabulary). Default none. */
  prompt?: string;
  /** Interim captions every this many ms of speech; 0 = finals only. Default 1000. */
  partialIntervalMs?: number;
  /**
   * Last heartbeat of a transcriber that served this room before (crashed or handed over): the time
   * from then until we join is recorded as a gap on the session. Default none.
   */
  previousHeartbeatAt?: Date;
  /** How often the session's transcriber heartbeat is written. Default 2000 ms. */
  heartbeatMs?: number;
  /** Leave this long after the last non-agent participant left. Default 3000 ms. */
  emptyGraceMs?: number;
  /** Request live suggestions (a `suggest-session` job) every `everyFinals` final segments. Default none. */
  suggestions?: { queue: TypedQueue<'suggestions'>; everyFinals: number };
  /**
   * Records every track on the transcript's clock (RECORDING_ENABLED); the heartbeat keeps it in step
   * with Session.recordingEnabled. Default none.
   */
  recorder?: SessionRecorder;
  logger: Logger;
}

interface ActiveTrack {
  reader: ReadableStreamDefaultReader<AudioFrame>;
  pipeline: TrackPipeline;
  pump: Promise<void>;
  recording?: TrackRecorder;
}

/**
 * Joins one room as a hidden agent and transcribes every remote audio track:
 * source (AudioStream, 16 kHz mono) → TrackPipeline (VAD → Whisper) → SegmentPublisher.
 * `run()` resolves when the room is over (everyone else left, or the room closed) or after `stop()`,
 * always after in-flight utterances are transcribed and stored.
 */
export class RoomTranscriber {
  private readonly room = new Room();
  private readonly tracks = new Map<string, ActiveTrack>();
  private readonly log: Logger;
  private emptyTimer: NodeJS.Timeout | undefined;
  private finished!: () => void;
  private readonly done = new Promise<void>((resolve) => (this.finished = resolve));
  private stopping: Promise<void> | undefined;
  private startedAt = Date.now();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly opts: RoomTranscriberOptions) {
    this.log = opts.logger.child({ room: opts.roomName });
  }

  async run(): Promise<void> {
    const at = new AccessToken(this.opts.apiKey, this.opts.apiSecret, {
      identity: `${this.opts.identity}-${Math.random().toString(36).slice(2, 8)}`,
      name: 'Booth transcriber',
      ttl: '24h',
    });
    at.kind = 'agent';
    at.addGrant({
      roomJoin: true,
      room: this.opts.roomName,
      canSubscribe: true,
      canPublish: false,
      canPublishData: true,
      hidden: true,
      agent: true,
    });
    const publisher = new SegmentPublisher(
      this.opts.db,
      this.room,
      this.log,
      roomDataKey(this.opts.apiSecret, this.opts.roomName),
    );
    this.room
      .on(RoomEvent.TrackSubscribed, (track, publication, participant) =>
        this.onTrack(track, publication, participant, publisher),
      )
      .on(RoomEvent.TrackUnsubscribed, (_track, publication) => void this.closeTrack(publication.sid ?? ''))
      .on(RoomEvent.ParticipantConnected, () => this.checkEmpty())
      .on(RoomEvent.ParticipantDisconnected, () => this.checkEmpty())
      .on(RoomEvent.Disconnected, () => void this.stop());
    await this.room.connect(this.opts.livekitUrl, await at.toJwt(), { autoSubscribe: true, dynacast: false });
    this.startedAt = this.opts.sessionStartedAt ?? Date.now();
    this.log.info({ participants: this.room.remoteParticipants.size }, 'joined room');
    await this.recordGap();
    await this.beat();
    this.heartbeat = setInterval(() => void this.beat(), this.opts.heartbeatMs ?? 2000);
    // Tracks published before we joined arrive as TrackSubscribed events after connect.
    this.checkEmpty();
    await this.done;
  }

  /** Stop taking audio, finish in-flight utterances, leave the room. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearTimeout(this.emptyTimer);
      clearInterval(this.heartbeat);
      await Promise.all([...this.tracks.keys()].map((sid) => this.closeTrack(sid)));
      await this.opts.recorder?.close();
      if (this.heartbeat) await this.beat();
      await this.room.disconnect().catch(() => undefined);
      this.log.info('left room');
      this.finished();
    })();
    return this.stopping;
  }

  /** Marks the session as served by a transcriber up to now (a successor measures its gap from it). */
  private async beat(): Promise<void> {
    const s = await this.opts.db.session
      .update({
        where: { id: this.opts.sessionId },
        data: { transcriberSeenAt: new Date() },
        select: { recordingEnabled: true },
      })
      .catch((err: unknown) => this.log.warn({ err }, 'transcriber heartbeat failed'));
    // An admin may switch recording off (or on again) during the call.
    if (s) this.opts.recorder?.setEnabled(s.recordingEnabled);
  }

  private async recordGap(): Promise<void> {
    const since = this.opts.previousHeartbeatAt;
    if (!since) return;
    const fromMs = Math.max(0, since.getTime() - this.startedAt);
    const toMs = Math.max(fromMs, Date.now() - this.startedAt);
    await this.opts.db.transcriptionGap.create({
      data: { sessionId: this.opts.sessionId, fromMs, toMs, reason: 'transcriber rejoined' },
    });
    this.log.warn({ fromMs, toMs }, 'rejoined room; recorded transcription gap');
  }

  private humans(): RemoteParticipant[] {
    return [...this.room.remoteParticipants.values()].filter((p) => p.kind !== ParticipantKind.AGENT);
  }

  private checkEmpty(): void {
    clearTimeout(this.emptyTimer);
    if (this.humans().length > 0 || this.stopping) return;
    this.emptyTimer = setTimeout(() => {
      if (this.humans().length === 0) void this.stop();
    }, this.opts.emptyGraceMs ?? 3000);
  }

  /**
   * One `suggest-session` job per `everyFinals` finals stored for the session (all tracks, and
   * transcribers before a rejoin, counted): the job id is per bucket, so a bucket is requested once.
   */
  private async requestSuggestions(): Promise<void> {
    const s = this.opts.suggestions;
    if (!s || s.everyFinals <= 0) return;
    try {
      const finals = await this.opts.db.transcriptSegment.count({
        where: { sessionId: this.opts.sessionId, final: true },
      });
      if (finals < s.everyFinals) return;
      await s.queue.add({
        sessionId: this.opts.sessionId,
        roomName: this.opts.roomName,
        bucket: Math.floor(finals / s.everyFinals),
      });
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not request suggestions');
    }
  }

  private onTrack(
    track: RemoteTrack,
    publication: RemoteTrackPublication,
    participant: RemoteParticipant,
    publisher: SegmentPublisher,
  ): void {
    if (track.kind !== TrackKind.KIND_AUDIO || this.stopping || participant.kind === ParticipantKind.AGENT)
      return;
    const trackSid = publication.sid ?? track.sid ?? 'unknown';
    if (this.tracks.has(trackSid)) return;
    const log = this.log.child({ trackSid, speaker: participant.identity });
    const reader = new AudioStream(track, { sampleRate: 16000, numChannels: 1 }).getReader();
    let offsetMs = 0;
    const at = (ms: number) => Math.round(offsetMs + ms);
    // Stored under the speaker (an admin, whichever tab), sent to the room as the participant it is.
    const base = {
      sessionId: this.opts.sessionId,
      speakerIdentity: speakerOf(participant.identity),
      participantIdentity: participant.identity,
      trackSid,
    };
    const pipeline = new TrackPipeline({
      vad: this.opts.vad.clone(),
      recognizer: this.opts.recognizer,
      segmenter: this.opts.segmenter,
      prompt: this.opts.prompt,
      key: trackSid,
      partialIntervalMs: this.opts.partialIntervalMs ?? 1000,
      logger: log,
      onFinal: async (seg) => {
        const startMs = at(seg.startMs);
        const endMs = at(seg.endMs);
        const words = seg.words.map((w) => ({ ...w, startMs: at(w.startMs), endMs: at(w.endMs) }));
        await publisher.publish({ ...base, startMs, endMs, text: seg.text, words });
        void this.requestSuggestions();
        log.info(
          { startMs, endMs, latencyMs: Date.now() - (this.startedAt + endMs), pii: { text: seg.text } },
          'final segment',
        );
      },
      onPartial: async (seg) => {
        await publisher.publishPartial({
          ...base,
          startMs: at(seg.startMs),
          endMs: at(seg.endMs),
          text: seg.text,
        });
      },
    });
    const active: ActiveTrack = { reader, pipeline, pump: Promise.resolve() };
    active.pump = (async () => {
      let first = true;
      for (;;) {
        const { value: frame, done } = await reader.read();
        if (done) break;
        if (first) {
          offsetMs = Date.now() - this.startedAt;
          first = false;
          // The recording starts where the transcript's stream time 0 is: words and audio agree.
          active.recording = this.opts.recorder?.track({
            trackSid,
            identity: participant.identity,
            speakerIdentity: base.speakerIdentity,
            startMs: offsetMs,
          });
        }
        active.recording?.push(frame.data);
        pipeline.push(int16ToFloat32(frame.data));
      }
    })().catch((err: unknown) => log.warn({ err }, 'audio stream ended with an error'));
    this.tracks.set(trackSid, active);
    log.info('transcribing track');
  }

  private async closeTrack(trackSid: string): Promise<void> {
    const t = this.tracks.get(trackSid);
    if (!t) return;
    this.tracks.delete(trackSid);
    await t.reader.cancel().catch(() => undefined);
    await t.pump;
    await Promise.all([t.pipeline.drain(), t.recording?.close()]);
  }
}
