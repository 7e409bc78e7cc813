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
import type { Logger } from '@booth/shared';
import { int16ToFloat32 } from '../audio/pcm';
import { TrackPipeline } from '../pipeline/track-pipeline';
import { SegmentPublisher } from '../publisher/segment-publisher';
import type { WhisperRecognizer } from '../recognizer/whisper';
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
  recognizer: WhisperRecognizer;
  segmenter?: Partial<SegmenterOptions>;
  prompt?: string;
  /** Leave this long after the last non-agent participant left. Default 3000 ms. */
  emptyGraceMs?: number;
  logger: Logger;
}

interface ActiveTrack {
  reader: ReadableStreamDefaultReader<AudioFrame>;
  pipeline: TrackPipeline;
  pump: Promise<void>;
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
    const publisher = new SegmentPublisher(this.opts.db, this.room, this.log);
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
    // Tracks published before we joined arrive as TrackSubscribed events after connect.
    this.checkEmpty();
    await this.done;
  }

  /** Stop taking audio, finish in-flight utterances, leave the room. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearTimeout(this.emptyTimer);
      await Promise.all([...this.tracks.keys()].map((sid) => this.closeTrack(sid)));
      await this.room.disconnect().catch(() => undefined);
      this.log.info('left room');
      this.finished();
    })();
    return this.stopping;
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
    const pipeline = new TrackPipeline({
      vad: this.opts.vad.clone(),
      recognizer: this.opts.recognizer,
      segmenter: this.opts.segmenter,
      prompt: this.opts.prompt,
      logger: log,
      onFinal: async (seg) => {
        const startMs = Math.round(offsetMs + seg.startMs);
        const endMs = Math.round(offsetMs + seg.endMs);
        const speechEndedAt = this.startedAt + endMs;
        await publisher.publish({
          sessionId: this.opts.sessionId,
          speakerIdentity: participant.identity,
          trackSid,
          startMs,
          endMs,
          text: seg.text,
        });
        log.info(
          { startMs, endMs, latencyMs: Date.now() - speechEndedAt, pii: { text: seg.text } },
          'final segment',
        );
      },
    });
    const pump = (async () => {
      let first = true;
      for (;;) {
        const { value: frame, done } = await reader.read();
        if (done) break;
        if (first) {
          offsetMs = Date.now() - this.startedAt;
          first = false;
        }
        pipeline.push(int16ToFloat32(frame.data));
      }
    })().catch((err: unknown) => log.warn({ err }, 'audio stream ended with an error'));
    this.tracks.set(trackSid, { reader, pipeline, pump });
    log.info('transcribing track');
  }

  private async closeTrack(trackSid: string): Promise<void> {
    const t = this.tracks.get(trackSid);
    if (!t) return;
    this.tracks.delete(trackSid);
    await t.reader.cancel().catch(() => undefined);
    await t.pump;
    await t.pipeline.drain();
  }
}
