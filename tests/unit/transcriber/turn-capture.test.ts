import { describe, expect, it } from 'vitest';
import {
  TurnCapture,
  isUnheard,
  quietTail,
  quietTailFrom,
} from '../../../services/transcriber/src/assistant/turn-capture';

const tone = (ms: number, amp: number) =>
  Float32Array.from(
    { length: (ms * 16000) / 1000 },
    (_, i) => amp * Math.sin((2 * Math.PI * 220 * i) / 16000),
  );
const join = (...parts: Float32Array[]) => {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
};

describe('push-to-talk capture', () => {
  it('keeps the pre-roll and what was pushed during the turn, and peeks without ending it', () => {
    const c = new TurnCapture({ prerollMs: 100 });
    c.push(tone(300, 0.1), 1000);
    c.start(1100);
    c.push(tone(200, 0.2), 1150);
    expect(c.peek()?.length).toBe(1600 + 3200);
    expect(c.capturing).toBe(true);
    expect(c.finish()?.length).toBe(4800);
    expect(c.capturing).toBe(false);
    expect(c.finish()).toBeUndefined();
  });

  it('drops a stale pre-roll (a microphone muted between turns)', () => {
    const c = new TurnCapture({ prerollMs: 100, prerollFreshMs: 250 });
    c.push(tone(300, 0.1), 1000);
    c.start(2000);
    expect(c.peek()?.length).toBe(0);
  });
});

describe('a pause while the key is held', () => {
  it('is a quiet tail after speech, not during it or with no speech at all', () => {
    expect(quietTail(join(tone(1500, 0.3), tone(500, 0.001)))).toBe(true);
    expect(quietTail(join(tone(500, 0.001), tone(1500, 0.3)))).toBe(false);
    expect(quietTail(tone(2000, 0.0005))).toBe(false);
  });

  it('tells whether anything was said after a decoded point', () => {
    const said = join(tone(1500, 0.3), tone(600, 0.001));
    expect(quietTailFrom(said, 1500 * 16)).toBe(true);
    expect(quietTailFrom(join(said, tone(400, 0.3)), said.length)).toBe(false);
    expect(quietTailFrom(said, said.length)).toBe(true);
  });
});

describe('unheard turns', () => {
  it('takes what Whisper writes for near-silence as nothing said', () => {
    for (const t of ['', 'you', 'Thank you.', '[BLANK_AUDIO]']) expect(isUnheard(t), t).toBe(true);
    expect(isUnheard('go to invoices')).toBe(false);
  });
});
