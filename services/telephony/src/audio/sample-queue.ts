/**
 * A bounded FIFO of 16-bit samples: audio waiting between a producer and a consumer that run on
 * different clocks (Twilio's and LiveKit's). When the producer gets more than `capacity` samples ahead
 * the oldest are dropped, so the delay stays bounded: drop rather than drift.
 */
export class SampleQueue {
  private readonly buf: Int16Array;
  private head = 0;
  private size = 0;
  /** Samples dropped because the queue was full. */
  dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0)
      throw new RangeError('capacity must be a positive integer');
    this.buf = new Int16Array(capacity);
  }

  /** Samples waiting. */
  get length(): number {
    return this.size;
  }

  /** Appends `samples`; the oldest ones beyond the capacity are dropped. */
  push(samples: Int16Array): void {
    const cap = this.capacity;
    let src = samples;
    if (src.length >= cap) {
      this.dropped += this.size + src.length - cap;
      src = src.subarray(src.length - cap);
      this.head = 0;
      this.size = 0;
    }
    const overflow = this.size + src.length - cap;
    if (overflow > 0) {
      this.head = (this.head + overflow) % cap;
      this.size -= overflow;
      this.dropped += overflow;
    }
    const at = (this.head + this.size) % cap;
    const first = Math.min(src.length, cap - at);
    this.buf.set(src.subarray(0, first), at);
    this.buf.set(src.subarray(first), 0);
    this.size += src.length;
  }

  /** Removes and returns up to `n` samples, oldest first. */
  take(n: number): Int16Array {
    const out = new Int16Array(Math.min(n, this.size));
    this.read(out.length, (chunk, offset) => out.set(chunk, offset));
    return out;
  }

  /**
   * Removes the next `acc.length` samples and adds them into `acc` (mixing); missing samples count as
   * silence. Returns how many samples there were.
   */
  addInto(acc: Int32Array): number {
    const n = Math.min(acc.length, this.size);
    this.read(n, (chunk, offset) => {
      for (let i = 0; i < chunk.length; i++) acc[offset + i]! += chunk[i]!;
    });
    return n;
  }

  /** Drops the oldest samples until at most `n` are left (counted as dropped). */
  trimTo(n: number): void {
    const excess = this.size - Math.max(0, n);
    if (excess <= 0) return;
    this.head = (this.head + excess) % this.capacity;
    this.size -= excess;
    this.dropped += excess;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  private read(n: number, sink: (chunk: Int16Array, offset: number) => void): void {
    const first = Math.min(n, this.capacity - this.head);
    sink(this.buf.subarray(this.head, this.head + first), 0);
    if (n > first) sink(this.buf.subarray(0, n - first), first);
    this.head = (this.head + n) % this.capacity;
    this.size -= n;
  }
}
