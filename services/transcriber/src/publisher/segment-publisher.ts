import { createHash } from 'node:crypto';
import type { Room } from '@livekit/rtc-node';
import type { Db, Prisma } from '@booth/db';
import { TRANSCRIPTION_TOPIC, type Logger } from '@booth/shared';

export interface TranscriptSegmentOut {
  sessionId: string;
  /** Who the transcript names (an admin's connections are one speaker: speakerOf in @booth/shared). */
  speakerIdentity: string;
  /** The room participant whose track this is, the sender on lk.transcription; default speakerIdentity. */
  participantIdentity?: string;
  trackSid: string;
  /** ms since the session started. */
  startMs: number;
  endMs: number;
  text: string;
  /** Words with session-time bounds (finals only). */
  words?: { text: string; startMs: number; endMs: number; p: number }[];
}

/** Stable id: the same utterance of the same track always gets the same id (redelivery-safe). */
export function segmentId(s: Pick<TranscriptSegmentOut, 'sessionId' | 'trackSid' | 'startMs'>): string {
  return `SG_${createHash('sha1').update(`${s.sessionId}/${s.trackSid}/${s.startMs}`).digest('hex').slice(0, 20)}`;
}

/** Attributes LiveKit clients read on `lk.transcription` streams (as livekit/agents publishes them). */
export const ATTR = {
  final: 'lk.transcription_final',
  segmentId: 'lk.segment_id',
  trackId: 'lk.transcribed_track_id',
  /** Booth's own: the utterance's start and end, ms since the session started. */
  startMs: 'booth.start_ms',
  endMs: 'booth.end_ms',
} as const;

/**
 * Writes a final segment to Postgres (upsert by stable id) and then publishes it into the room on the
 * `lk.transcription` text-stream topic, attributed to the speaker (senderIdentity). Partials are only
 * published (final = false), under the id their final will have, so clients replace the caption.
 */
export class SegmentPublisher {
  constructor(
    private readonly db: Db,
    private readonly room: Room,
    private readonly log: Logger,
  ) {}

  async publish(seg: TranscriptSegmentOut): Promise<string> {
    const id = segmentId(seg);
    const { participantIdentity: _sender, ...row } = seg;
    const words = (seg.words ?? []) as Prisma.InputJsonValue;
    await this.db.transcriptSegment.upsert({
      where: { id },
      create: { id, ...row, words, final: true },
      update: { text: seg.text, endMs: seg.endMs, words },
    });
    await this.send(id, seg, true);
    return id;
  }

  /** Interim text of the utterance starting at `seg.startMs`; not stored. */
  async publishPartial(seg: TranscriptSegmentOut): Promise<string> {
    const id = segmentId(seg);
    await this.send(id, seg, false);
    return id;
  }

  private async send(id: string, seg: TranscriptSegmentOut, final: boolean): Promise<void> {
    try {
      const writer = await this.room.localParticipant!.streamText({
        topic: TRANSCRIPTION_TOPIC,
        senderIdentity: seg.participantIdentity ?? seg.speakerIdentity,
        attributes: {
          [ATTR.final]: String(final),
          [ATTR.segmentId]: id,
          [ATTR.trackId]: seg.trackSid,
          [ATTR.startMs]: String(seg.startMs),
          [ATTR.endMs]: String(seg.endMs),
        },
      });
      await writer.write(seg.text);
      await writer.close();
    } catch (err) {
      // A final is stored already; a room that is going away must not lose it.
      this.log.warn({ err, segmentId: id, final }, 'publishing transcription to the room failed');
    }
  }
}
