import { describe, expect, it } from 'vitest';
import type { ParticipantView, TranscriptSegmentView } from '@booth/shared/api';
import { clock } from '../../../web/src/components/call-format';
import { snippetParts } from '../../../web/src/components/call-marks';
import { spotAt } from '../../../web/src/components/call-moment';
import { speakerNames } from '../../../web/src/components/call-speakers';

/** The call pages' pure parts: search marks, the word at a moment, speaker names, call times. */
describe('snippetParts', () => {
  it('splits out the <b> marks and keeps everything else as text', () => {
    expect(snippetParts('we want <b>Riverside</b> for the <b>wedding</b> ... <b>Riverside</b>')).toEqual([
      { text: 'we want ', hit: false },
      { text: 'Riverside', hit: true },
      { text: ' for the ', hit: false },
      { text: 'wedding', hit: true },
      { text: ' ... ', hit: false },
      { text: 'Riverside', hit: true },
    ]);
    // Markup a caller "said" stays text: only the exact marks are marks.
    expect(snippetParts('<img src=x onerror=alert(1)> <B>x</B> <b>hit</b>')).toEqual([
      { text: '<img src=x onerror=alert(1)> <B>x</B> ', hit: false },
      { text: 'hit', hit: true },
    ]);
    expect(snippetParts('')).toEqual([]);
  });
});

const segment = (
  id: string,
  startMs: number,
  words: [string, number, number][] | null,
): TranscriptSegmentView => ({
  id,
  sessionId: 's',
  speakerIdentity: 'client-1',
  trackSid: 'TR',
  startMs,
  endMs: words?.at(-1)?.[2] ?? startMs + 1000,
  text: words ? words.map((w) => w[0]).join(' ') : 'no word times',
  final: true,
  words: words && words.map(([text, s, e]) => ({ text, startMs: s, endMs: e })),
  createdAt: '2026-11-20T15:00:00.000Z',
});

describe('spotAt', () => {
  const segments = [
    segment('a', 0, [
      ['hello', 0, 300],
      ['there', 400, 700],
    ]),
    segment('b', 5000, null),
    segment('c', 9000, [['bye', 9000, 9400]]),
  ];
  it('finds the word said at a moment, else the nearest', () => {
    expect(spotAt(segments, 450)).toEqual({ segmentId: 'a', word: 1, startMs: 400 });
    expect(spotAt(segments, 350)).toEqual({ segmentId: 'a', word: 0, startMs: 0 });
    expect(spotAt(segments, 5500)).toEqual({ segmentId: 'b', word: -1, startMs: 5000 });
    expect(spotAt(segments, 60_000)).toEqual({ segmentId: 'c', word: 0, startMs: 9000 });
    expect(spotAt([], 100)).toBeUndefined();
  });
});

describe('speakerNames', () => {
  const p = (identity: string, name: string | null, adminId: string | null = null): ParticipantView => ({
    id: identity,
    sessionId: 's',
    identity,
    adminId,
    name,
    role: adminId ? 'admin' : 'client',
    listenOnly: false,
    joinedAt: '2026-11-20T15:00:00.000Z',
    leftAt: null,
  });
  it("names an admin's segments (admin-<id>) and a client's by their participants, else the identity", () => {
    const name = speakerNames([
      p('admin-u1-0a1b2c3d', 'Dee', 'u1'),
      p('client-abc', 'Sarah'),
      p('client-x', null),
    ]);
    expect(name('admin-u1')).toBe('Dee');
    expect(name('client-abc')).toBe('Sarah');
    expect(name('client-x')).toBe('client-x');
    expect(name('agent-transcriber')).toBe('agent-transcriber');
  });
});

describe('clock', () => {
  it('writes call times as m:ss, and h:mm:ss past the hour', () => {
    expect([0, 999, 61_000, 3_599_999, 3_600_000, 3_725_000, -5].map(clock)).toEqual([
      '0:00',
      '0:00',
      '1:01',
      '59:59',
      '1:00:00',
      '1:02:05',
      '0:00',
    ]);
  });
});
