import { MULAW_SILENCE, PHONE_FRAME_BYTES } from '@booth/shared';
import { ringbackMulaw } from './tones';

export interface HoldFrame {
  /** 20 ms of µ-law. */
  frame: Uint8Array;
  /** This is the greeting's last frame (send a mark after it). */
  greetingEnded: boolean;
}

/**
 * What a caller hears before an admin answers, 20 ms at a time: the greeting once (when there is one),
 * then ringback, looping.
 */
export class HoldAudio {
  private greetingAt = 0;
  private ringAt = 0;
  private readonly ring = ringbackMulaw();

  constructor(private readonly greeting: Uint8Array | undefined) {}

  next(): HoldFrame {
    const g = this.greeting;
    if (g && this.greetingAt < g.length) {
      const frame = new Uint8Array(PHONE_FRAME_BYTES).fill(MULAW_SILENCE);
      frame.set(g.subarray(this.greetingAt, this.greetingAt + PHONE_FRAME_BYTES));
      this.greetingAt += PHONE_FRAME_BYTES;
      return { frame, greetingEnded: this.greetingAt >= g.length };
    }
    const frame = new Uint8Array(PHONE_FRAME_BYTES);
    for (let i = 0; i < frame.length; i++) {
      frame[i] = this.ring[this.ringAt]!;
      this.ringAt = (this.ringAt + 1) % this.ring.length;
    }
    return { frame, greetingEnded: false };
  }
}
