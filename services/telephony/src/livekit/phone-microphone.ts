import {
  AudioFrame,
  AudioResampler,
  AudioResamplerQuality,
  AudioSource,
  LocalAudioTrack,
  TrackPublishOptions,
  TrackSource,
  type LocalParticipant,
} from '@livekit/rtc-node';
import { decodeMulaw, PHONE_FRAME_BYTES, PHONE_SAMPLE_RATE, type Logger } from '@booth/shared';
import { SampleQueue } from '../audio/sample-queue';

/**
 * The rate the phone's audio is published at. The track is encoded with Opus, whose native rate is
 * 48 kHz: the 8 kHz phone audio is upsampled once, here, with libsoxr (band-limited: no imaging above
 * 4 kHz), rather than handing WebRTC an 8 kHz source for every subscriber path to convert again.
 */
export const PUBLISH_SAMPLE_RATE = 48_000;
/**
 * LiveKit's own buffer ahead of the encoder, ms: captureFrame returns at once while there is room and
 * waits (real-time pace) when it is full. Twilio delivers in real time, so whatever a burst leaves
 * queued stays queued: a small queue keeps that lasting delay small.
 */
const SOURCE_QUEUE_MS = 60;
/** Phone audio waiting for LiveKit beyond this many frames (a burst) is trimmed to TRIM_TO_FRAMES. */
const TRIM_ABOVE_FRAMES = 4;
const TRIM_TO_FRAMES = 2;
/** Phone audio waiting for LiveKit, at most: beyond it the oldest is dropped (a burst after a network stall). */
export const INBOUND_BACKLOG_FRAMES = 10;

/**
 * The phone's voice in the room: µ-law frames from Twilio, decoded, queued (bounded), upsampled and
 * captured into one microphone track at LiveKit's real-time pace. Both queues on the way are bounded.
 */
export class PhoneMicrophone {
  private readonly source = new AudioSource(PUBLISH_SAMPLE_RATE, 1, SOURCE_QUEUE_MS);
  private readonly track = LocalAudioTrack.createAudioTrack('phone', this.source);
  private readonly resampler = new AudioResampler(
    PHONE_SAMPLE_RATE,
    PUBLISH_SAMPLE_RATE,
    1,
    AudioResamplerQuality.MEDIUM,
  );
  readonly backlog = new SampleQueue(INBOUND_BACKLOG_FRAMES * PHONE_FRAME_BYTES);
  private published = false;
  private pumping = false;
  private closed = false;

  constructor(private readonly log: Logger) {}

  /** Publishes the track (once, after joining); audio received before is in the backlog. */
  async publish(participant: LocalParticipant): Promise<string> {
    const options = new TrackPublishOptions();
    options.source = TrackSource.SOURCE_MICROPHONE;
    const pub = await participant.publishTrack(this.track, options);
    // What arrived while joining was heard by no one: starting with it would delay the whole call.
    this.backlog.clear();
    this.published = true;
    void this.pump();
    return pub.sid ?? '';
  }

  /** One media payload from Twilio (µ-law, usually 160 bytes = 20 ms). */
  push(mulaw: Uint8Array): void {
    if (this.closed) return;
    this.backlog.push(decodeMulaw(mulaw));
    void this.pump();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.backlog.dropped > 0)
      this.log.info({ droppedSamples: this.backlog.dropped }, 'phone audio dropped');
    this.backlog.clear();
    await this.source.close().catch(() => undefined);
    this.resampler.close();
  }

  private async pump(): Promise<void> {
    if (this.pumping || !this.published || this.closed) return;
    this.pumping = true;
    try {
      while (this.backlog.length > 0 && !this.closed) {
        // Drop rather than drift: a backlog left by a burst would otherwise delay the rest of the call.
        if (this.backlog.length > TRIM_ABOVE_FRAMES * PHONE_FRAME_BYTES) {
          this.backlog.trimTo(TRIM_TO_FRAMES * PHONE_FRAME_BYTES);
        }
        const pcm = this.backlog.take(PHONE_FRAME_BYTES);
        for (const frame of this.resampler.push(new AudioFrame(pcm, PHONE_SAMPLE_RATE, 1, pcm.length))) {
          if (this.closed) break;
          await this.source.captureFrame(frame);
        }
      }
    } catch (err) {
      if (!this.closed) this.log.warn({ err }, 'could not capture phone audio');
    } finally {
      this.pumping = false;
    }
  }
}
