import { describe, expect, it } from 'vitest';
import type { TranscriptSegmentView } from '@booth/shared/api';
import { quoteAt } from '../../../web/src/components/call-moment';
import { momentOf, parseMoment } from '../../../web/src/playback/deep-link';
import { trackedWords } from '../../../web/src/playback/tracked-words';
import { spotKey, wordAt, wordIndex } from '../../../web/src/playback/word-index';

/** The player's pure parts: deep-link moments, the word said at a moment, quotes and tracker hits in the transcript. */
const segment = (
  id: string,
  startMs: number,
  text: string,
  words: { text: string; startMs: number; endMs: number }[] | null,
): TranscriptSegmentView => ({
  id,
  sessionId: 's',
  speakerIdentity: 'client-a',
  trackSid: 'TR',
  startMs,
  endMs: words?.at(-1)?.endMs ?? startMs + 2000,
  text,
  final: true,
  words,
  createdAt: '2026-01-01T00:00:00.000Z',
});

/** Words 400 ms apart, each 300 ms long. */
const paced = (start: number, text: string) =>
  text.split(' ').map((w, i) => ({ text: w, startMs: start + i * 400, endMs: start + i * 400 + 300 }));

describe('deep-link moments', () => {
  it('reads ?at= and ?t= as ms, #t= too, and seconds or clocks in t', () => {
    const q = (s: string) => new URLSearchParams(s);
    expect(momentOf(q('at=1500'), '')).toBe(1500);
    expect(momentOf(q('t=2500'), '')).toBe(2500);
    expect(momentOf(q(''), 't=3500')).toBe(3500);
    expect(momentOf(q('at=100&t=200'), 't=300')).toBe(100);
    expect(momentOf(q('at=x&t=9s'), '')).toBe(9000);
    expect(momentOf(q(''), 'analysis')).toBeUndefined();
    expect(parseMoment('1m35s')).toBe(95_000);
    expect(parseMoment('1h2m')).toBe(3_720_000);
    expect(parseMoment('1:35')).toBe(95_000);
    expect(parseMoment('1:02:03')).toBe(3_723_000);
    expect(parseMoment('12.5s')).toBe(12_500);
    for (const bad of ['', '-5', '1e9', 'abc', '1:5', 'm', '99999999999'])
      expect(parseMoment(bad)).toBeUndefined();
  });
});

describe('wordAt', () => {
  const segments = [
    segment('a', 1000, 'hello there friend', paced(1000, 'hello there friend')),
    // Another speaker over the end of the first.
    segment('b', 1700, 'yes hi', paced(1700, 'yes hi')),
    segment('c', 5000, 'no word times here', null),
  ];
  const index = wordIndex(segments);
  it('finds the word whose [start, end) holds the moment, the later one where two overlap', () => {
    expect(spotKey(wordAt(index, 1000))).toBe('a:0');
    expect(spotKey(wordAt(index, 1299))).toBe('a:0');
    expect(wordAt(index, 1300)).toBeUndefined(); // between words
    expect(spotKey(wordAt(index, 1450))).toBe('a:1');
    expect(spotKey(wordAt(index, 1850))).toBe('a:2');
    expect(spotKey(wordAt(index, 1750))).toBe('b:0');
    expect(wordAt(index, 999)).toBeUndefined();
  });
  it('counts a segment without word times as one word', () => {
    expect(spotKey(wordAt(index, 6500))).toBe('c:-1');
    expect(wordAt(index, 7000)).toBeUndefined();
  });
});

describe('quoteAt', () => {
  const segments = [
    segment('a', 0, 'we love the venue', paced(0, 'we love the venue')),
    segment('b', 3000, 'it is at Cedar Hall, in June.', paced(3000, 'it is at Cedar Hall, in June.')),
    segment('c', 9000, 'Cedar Hall again', paced(9000, 'Cedar Hall again')),
  ];
  it('finds the first place all of the quote is said, punctuation and case aside', () => {
    expect(quoteAt(segments, 'at cedar hall')).toBe(3000 + 2 * 400);
    expect(quoteAt(segments, '“Cedar Hall”')).toBe(3000 + 3 * 400);
    // Across segments.
    expect(quoteAt(segments, 'the venue it is')).toBe(2 * 400);
  });
  it('falls back to the longest run of its first words, else nothing', () => {
    expect(quoteAt(segments, 'at Cedar Hall in July next year')).toBe(3000 + 2 * 400);
    expect(quoteAt(segments, 'at Oak Hall')).toBeUndefined();
    expect(quoteAt(segments, '...')).toBeUndefined();
  });
});

describe('trackedWords', () => {
  it('marks the words each hit spans, by the matcher the worker counts with', () => {
    const words = paced(0, 'our price-match budget, is fine');
    const segments = [
      segment('a', 0, 'our price-match budget, is fine', words),
      segment('b', 5000, 'the budget again', null),
    ];
    const marked = trackedWords(
      segments,
      [
        {
          trackerId: 't1',
          segmentId: 'a',
          phrase: 'price match',
          speakerIdentity: 'x',
          atMs: words[1]!.startMs,
        },
        { trackerId: 't2', segmentId: 'a', phrase: 'budget', speakerIdentity: 'x', atMs: words[2]!.startMs },
        { trackerId: 't2', segmentId: 'b', phrase: 'budget', speakerIdentity: 'x', atMs: 5000 },
        // A hit whose segment is not in this transcript is skipped.
        { trackerId: 't2', segmentId: 'gone', phrase: 'budget', speakerIdentity: 'x', atMs: 1 },
      ],
      [
        { trackerId: 't1', name: 'Competitor', count: 1 },
        { trackerId: 't2', name: 'Budget', count: 2 },
      ],
    );
    expect([...(marked.get('a') ?? [])]).toEqual([
      [1, ['Competitor']],
      [2, ['Budget']],
    ]);
    expect([...(marked.get('b') ?? [])]).toEqual([[-1, ['Budget']]]);
    expect(marked.has('gone')).toBe(false);
  });
});
