import type { SampleQueue } from './sample-queue';

export interface MixOptions {
  /**
   * A source still holding more than this many samples after the frame was taken has fallen behind
   * (a burst, or a producer clock slightly faster than ours): its oldest samples are dropped down to
   * `trimTo`, so the delay stays small instead of creeping up to the queue's capacity.
   */
  trimAbove?: number;
  trimTo?: number;
}

/**
 * One frame of the mix of several sources: the next `out.length` samples of each queue, summed and
 * clipped to 16 bits (a source with nothing queued adds silence). Returns how many sources had audio.
 */
export function mixInto(out: Int16Array, sources: Iterable<SampleQueue>, opts: MixOptions = {}): number {
  const acc = new Int32Array(out.length);
  let active = 0;
  for (const source of sources) {
    if (source.addInto(acc) > 0) active++;
    if (opts.trimAbove !== undefined && source.length > opts.trimAbove) source.trimTo(opts.trimTo ?? 0);
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.max(-32_768, Math.min(32_767, acc[i]!));
  return active;
}
