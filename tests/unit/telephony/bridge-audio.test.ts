import { describe, expect, it } from 'vitest';
import { decodeMulaw, PHONE_FRAME_BYTES, telephonyStreamUrl } from '@booth/shared';
import {
  HoldAudio,
  INBOUND_BACKLOG_FRAMES,
  mixInto,
  OUTBOUND_BACKLOG_FRAMES,
  Pacer,
  ringbackCycle,
  SampleQueue,
  TRIM_ABOVE_FRAMES,
} from '@booth/telephony';
import { toneRatio } from '../../fakes/twilio-media';

const ramp = (from: number, n: number) => Int16Array.from({ length: n }, (_, i) => from + i);

describe('sample queue (the bridge audio backlogs)', () => {
  it('is FIFO across wrap-around', () => {
    const q = new SampleQueue(8);
    q.push(ramp(0, 6));
    expect([...q.take(4)]).toEqual([0, 1, 2, 3]);
    q.push(ramp(6, 5)); // wraps
    expect(q.length).toBe(7);
    expect([...q.take(10)]).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(q.length).toBe(0);
    expect(q.dropped).toBe(0);
  });

  it('drops the oldest samples beyond its capacity instead of growing (drop, not drift)', () => {
    const q = new SampleQueue(10 * 160);
    for (let i = 0; i < 25; i++) q.push(new Int16Array(160).fill(i));
    expect(q.length).toBe(1600);
    expect(q.dropped).toBe(15 * 160);
    // What is left is the newest ten frames.
    expect(q.take(1)[0]).toBe(15);
    const big = new SampleQueue(4);
    big.push(ramp(0, 3));
    big.push(ramp(100, 6)); // larger than the queue: only its newest samples stay
    expect([...big.take(4)]).toEqual([102, 103, 104, 105]);
    expect(big.dropped).toBe(5);
  });

  it('both directions hold at most ten 20 ms frames', () => {
    expect(INBOUND_BACKLOG_FRAMES).toBe(10);
    expect(OUTBOUND_BACKLOG_FRAMES).toBe(10);
    expect(TRIM_ABOVE_FRAMES).toBeLessThan(OUTBOUND_BACKLOG_FRAMES);
  });

  it('trims to the newest samples', () => {
    const q = new SampleQueue(16);
    q.push(ramp(0, 10));
    q.trimTo(3);
    expect([...q.take(10)]).toEqual([7, 8, 9]);
    expect(q.dropped).toBe(7);
    q.trimTo(5); // nothing to trim
    expect(q.dropped).toBe(7);
  });
});

describe('mixer', () => {
  it('sums one frame of each source, clips to 16 bits, and pads a short source with silence', () => {
    const a = new SampleQueue(1600);
    const b = new SampleQueue(1600);
    const c = new SampleQueue(1600);
    a.push(new Int16Array(160).fill(1000));
    b.push(new Int16Array(80).fill(-300));
    const out = new Int16Array(160);
    expect(mixInto(out, [a, b, c])).toBe(2);
    expect(out[0]).toBe(700);
    expect(out[79]).toBe(700);
    expect(out[80]).toBe(1000);
    a.push(new Int16Array(160).fill(30_000));
    b.push(new Int16Array(160).fill(30_000));
    c.push(new Int16Array(160).fill(-30_000));
    c.push(new Int16Array(160).fill(-30_000));
    mixInto(out, [a, b]);
    expect(out.every((v) => v === 32_767)).toBe(true);
    mixInto(out, [c, new SampleQueue(10)]);
    expect(out.every((v) => v === -30_000)).toBe(true);
    mixInto(out, [c, c]);
    expect(out[0]).toBe(-30_000);
    expect(mixInto(out, [])).toBe(0);
    expect(out.every((v) => v === 0)).toBe(true);
  });

  it('keeps a source that runs ahead of the phone clock from building up delay', () => {
    // A producer delivering 21 ms for every 20 ms taken: untrimmed, it would fill the queue (200 ms late).
    const fast = new SampleQueue(10 * 160);
    const out = new Int16Array(160);
    let worst = 0;
    for (let tick = 0; tick < 1000; tick++) {
      fast.push(new Int16Array(168).fill(1));
      mixInto(out, [fast], { trimAbove: 4 * 160, trimTo: 2 * 160 });
      worst = Math.max(worst, fast.length);
    }
    expect(worst).toBeLessThanOrEqual(4 * 160);
    expect(fast.dropped).toBeGreaterThan(0);
    expect(out.every((v) => v === 1)).toBe(true);
  });
});

describe('pacer', () => {
  it('ticks on a fixed schedule and skips what a stall missed beyond a small catch-up', () => {
    let now = 0;
    let ticks = 0;
    const pacer = new Pacer({ intervalMs: 20, maxCatchUp: 3, now: () => now }, () => ticks++);
    pacer.start();
    pacer.stop();
    now = 19;
    expect(pacer.runDue()).toBe(0);
    now = 41; // two due
    expect(pacer.runDue()).toBe(2);
    now = 45;
    expect(pacer.runDue()).toBe(0);
    now = 1000; // a 955 ms stall: 48 ticks due, 3 run, the rest skipped
    expect(pacer.runDue()).toBe(3);
    expect(pacer.skipped).toBe(45);
    expect(ticks).toBe(5);
    now = 1020; // back on schedule
    expect(pacer.runDue()).toBe(1);
  });

  it('keeps real time within a tick over a second', async () => {
    let ticks = 0;
    const pacer = new Pacer({ intervalMs: 20 }, () => ticks++);
    const t0 = performance.now();
    pacer.start();
    await new Promise((r) => setTimeout(r, 1000));
    pacer.stop();
    const expected = Math.floor((performance.now() - t0) / 20);
    expect(Math.abs(ticks - expected)).toBeLessThanOrEqual(1);
  });
});

describe('hold audio', () => {
  it('plays the greeting once, marks its end, then US ringback: 440 + 480 Hz, 2 s on, 4 s off', () => {
    const greeting = new Uint8Array(PHONE_FRAME_BYTES * 2 + 10).fill(0x80);
    const hold = new HoldAudio(greeting);
    const first = [hold.next(), hold.next(), hold.next()];
    expect(first.map((f) => f.greetingEnded)).toEqual([false, false, true]);
    // The last greeting frame is padded with silence.
    expect(first[2]!.frame[10]).toBe(0xff);
    const frames = Array.from({ length: 300 }, () => hold.next());
    expect(frames.every((f) => !f.greetingEnded && f.frame.length === PHONE_FRAME_BYTES)).toBe(true);
    const pcm = decodeMulaw(Uint8Array.from(frames.flatMap((f) => [...f.frame])));
    const on = pcm.subarray(0, 16_000);
    const off = pcm.subarray(16_000);
    expect(toneRatio(on, 440)).toBeGreaterThan(0.4);
    expect(toneRatio(on, 480)).toBeGreaterThan(0.4);
    expect(toneRatio(on, 1000)).toBeLessThan(0.01);
    expect(off.every((v) => v === 0)).toBe(true);
    // Without a greeting: ringback from the first frame.
    const bare = new HoldAudio(undefined).next();
    expect(bare.greetingEnded).toBe(false);
    expect(decodeMulaw(bare.frame).some((v) => v !== 0)).toBe(true);
    expect(ringbackCycle(8000).length).toBe(48_000);
  });
});

describe('stream URL', () => {
  it('is TELEPHONY_STREAM_URL, else wss://<PUBLIC_URL host>/twilio/media', () => {
    expect(telephonyStreamUrl({ PUBLIC_URL: 'https://booth.example.com' })).toBe(
      'wss://booth.example.com/twilio/media',
    );
    expect(telephonyStreamUrl({ PUBLIC_URL: 'https://192.168.1.20:8443/' })).toBe(
      'wss://192.168.1.20:8443/twilio/media',
    );
    expect(
      telephonyStreamUrl({
        PUBLIC_URL: 'https://booth.example.com',
        TELEPHONY_STREAM_URL: 'wss://calls.example.com/s',
      }),
    ).toBe('wss://calls.example.com/s');
  });
});
