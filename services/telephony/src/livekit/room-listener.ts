import {
  AudioStream,
  TrackKind,
  type AudioFrame,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
} from '@livekit/rtc-node';
import { PHONE_FRAME_BYTES, PHONE_SAMPLE_RATE, type Logger } from '@booth/shared';
import { mixInto } from '../audio/mix';
import { SampleQueue } from '../audio/sample-queue';

/** Room audio waiting for the phone, per track, at most: beyond it the oldest is dropped. */
export const OUTBOUND_BACKLOG_FRAMES = 10;
/** A track more than this many frames ahead of the phone's clock is trimmed back to TRIM_TO_FRAMES. */
export const TRIM_ABOVE_FRAMES = 4;
const TRIM_TO_FRAMES = 2;

interface Listened {
  identity: string;
  queue: SampleQueue;
  reader: ReadableStreamDefaultReader<AudioFrame>;
  pump: Promise<void>;
}

/**
 * What the phone hears: every subscribed audio track of the others in the room, each read by LiveKit
 * at 8 kHz mono in 20 ms frames into its own bounded queue, mixed one frame per tick of the bridge's
 * pacer (sum, clip). A track that gets ahead of the phone's clock is trimmed: drop rather than drift.
 */
export class RoomListener {
  private readonly tracks = new Map<string, Listened>();
  private closed = false;

  constructor(private readonly log: Logger) {}

  /** Starts listening to `track` (an audio track of someone the phone should hear). */
  add(track: RemoteTrack, publication: RemoteTrackPublication, participant: RemoteParticipant): void {
    if (this.closed || track.kind !== TrackKind.KIND_AUDIO) return;
    const sid = publication.sid ?? track.sid ?? '';
    if (!sid || this.tracks.has(sid)) return;
    const queue = new SampleQueue(OUTBOUND_BACKLOG_FRAMES * PHONE_FRAME_BYTES);
    const reader = new AudioStream(track, {
      sampleRate: PHONE_SAMPLE_RATE,
      numChannels: 1,
      frameSizeMs: 20,
    }).getReader();
    const pump = (async () => {
      for (;;) {
        const { value: frame, done } = await reader.read();
        if (done) break;
        queue.push(frame.data);
      }
    })().catch((err: unknown) => {
      if (!this.closed) this.log.warn({ err, trackSid: sid }, 'room audio stream ended with an error');
    });
    this.tracks.set(sid, { identity: participant.identity, queue, reader, pump });
    this.log.info({ trackSid: sid, identity: participant.identity }, 'phone hears track');
  }

  async remove(trackSid: string): Promise<void> {
    const t = this.tracks.get(trackSid);
    if (!t) return;
    this.tracks.delete(trackSid);
    if (t.queue.dropped > 0)
      this.log.info({ trackSid, droppedSamples: t.queue.dropped }, 'room audio dropped');
    await t.reader.cancel().catch(() => undefined);
    await t.pump;
  }

  /** The next 20 ms of the mix into `out` (160 samples); returns how many tracks had audio. */
  mix(out: Int16Array): number {
    return mixInto(
      out,
      [...this.tracks.values()].map((t) => t.queue),
      { trimAbove: TRIM_ABOVE_FRAMES * PHONE_FRAME_BYTES, trimTo: TRIM_TO_FRAMES * PHONE_FRAME_BYTES },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.tracks.keys()].map((sid) => this.remove(sid)));
  }
}
