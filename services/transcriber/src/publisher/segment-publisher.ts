import { createHash } from 'node:crypto';
import type { Room } from '@livekit/rtc-node';
import type { Db, Prisma } from '@booth/db';
import {
  CAPTION_ATTRIBUTES,
  TRANSCRIPTION_TOPIC,
  captionSignedString,
  signText,
  type Logger,
} from '@booth/shared';

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

/**
 * Writes a final segment to Postgres (upsert by stable id) and then publishes it into the room on the
 * `lk.transcription` text-stream topic, attributed to the speaker (senderIdentity). Partials are only
 * published (final = false), under the id their final will have, so clients replace the caption.
 * Every caption is signed with the room's data key (`booth.sig`), so the dashboard can tell Booth's
 * captions from text a participant publishes on the same topic.
 */
export class SegmentPublisher {
  constructor(
    private readonly db: Db,
    private readonly room: Room,
    private readonly log: Logger,
    /** The room's data key (roomDataKey in @booth/shared), resolved once. */
    private readonly dataKey: Promise<string>,
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
      const speaker = seg.participantIdentity ?? seg.speakerIdentity;
      const startMs = String(seg.startMs);
      const endMs = String(seg.endMs);
      const signature = await signText(
        await this.dataKey,
        captionSignedString({ segmentId: id, final, startMs, endMs, speaker, text: seg.text }),
      );
      const writer = await this.room.localParticipant!.streamText({
        topic: TRANSCRIPTION_TOPIC,
        senderIdentity: speaker,
        attributes: {
          [CAPTION_ATTRIBUTES.final]: String(final),
          [CAPTION_ATTRIBUTES.segmentId]: id,
          [CAPTION_ATTRIBUTES.trackId]: seg.trackSid,
          [CAPTION_ATTRIBUTES.startMs]: startMs,
          [CAPTION_ATTRIBUTES.endMs]: endMs,
          [CAPTION_ATTRIBUTES.signature]: signature,
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
