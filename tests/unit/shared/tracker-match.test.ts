import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  highlightTrackers,
  matchTrackers,
  matchTrackersInText,
  normalizePhrase,
  segmentTrackerHits,
  speakerRoleOf,
  trackerWords,
  trackersApi,
  type TrackerRule,
} from '@booth/shared/api';

const tracker = (id: string, phrases: string[], clientOnly = false): TrackerRule => ({
  id,
  name: id,
  phrases,
  clientOnly,
});
const budget = tracker('budget', ['price', 'cost', 'afford', 'price match']);
const competitor = tracker('competitor', ['Spin City DJs', 'Beat Bros']);
const words = (text: string) => text.split(' ');
const said = (text: string, trackers = [budget, competitor]) =>
  matchTrackersInText(trackers, text, 'client').map((m) => [m.trackerId, text.slice(m.from, m.to)]);

describe('tracker phrase matching', () => {
  it('ignores case, accents, apostrophes and punctuation, and matches whole words only', () => {
    expect(trackerWords("DON’T say Café-Bar, it's £3,000!")).toEqual([
      'dont',
      'say',
      'cafe',
      'bar',
      'its',
      '3',
      '000',
    ]);
    expect(said('What is the PRICE? And the cost.')).toEqual([
      ['budget', 'PRICE'],
      ['budget', 'cost'],
    ]);
    // Inside another word is not a hit, nor is a plural the tracker does not list.
    expect(said('That is pricey, the costs and costume are unaffordable')).toEqual([]);
  });

  it('matches multi-word phrases across punctuation and line breaks, the longest phrase first', () => {
    expect(said('We also asked spin-city, DJs!\nand beat\tbros.')).toEqual([
      ['competitor', 'spin-city, DJs'],
      ['competitor', 'beat\tbros'],
    ]);
    // "price match" wins over "price" at the same word; the overlapping "price" is not counted again.
    expect(said('do you price-match or just price')).toEqual([
      ['budget', 'price-match'],
      ['budget', 'price'],
    ]);
    // A phrase cut by another word is not said.
    expect(said('spin the city DJs')).toEqual([]);
  });

  it('counts every repeat, and each tracker of an overlapping phrase', () => {
    const venue = tracker('venue', ['price hall']);
    const m = matchTrackers([budget, venue], words('price price hall price'), 'client');
    expect(m.map((x) => [x.trackerId, x.firstWord, x.lastWord])).toEqual([
      ['budget', 0, 0],
      ['budget', 1, 1],
      ['venue', 1, 2],
      ['budget', 3, 3],
    ]);
    expect(highlightTrackers([budget, venue], 'price price hall', 'client')).toEqual([
      { text: 'price', trackers: ['budget'] },
      { text: ' ', trackers: [] },
      { text: 'price', trackers: ['budget', 'venue'] },
      { text: ' hall', trackers: ['venue'] },
    ]);
  });

  it('counts a client-only tracker for clients only; callers and unknown speakers are clients', () => {
    const clientBudget = { ...budget, clientOnly: true };
    expect(matchTrackers([clientBudget], ['price'], 'admin')).toEqual([]);
    expect(matchTrackers([clientBudget], ['price'], 'client')).toHaveLength(1);
    expect(matchTrackers([budget], ['price'], 'admin')).toHaveLength(1);
    expect(speakerRoleOf('admin-cm123-0a1b2c3d')).toBe('admin');
    expect(speakerRoleOf('admin-cm123')).toBe('admin');
    expect(speakerRoleOf('client-0123456789ab')).toBe('client');
    expect(speakerRoleOf('phone-CA0123')).toBe('client');
  });

  it('times hits by their first word, else by their place in the segment; never two at one moment', () => {
    const timed = segmentTrackerHits(
      [budget, competitor],
      {
        text: 'the price, Beat Bros price',
        startMs: 1000,
        endMs: 3000,
        words: [
          { text: ' the', startMs: 1000 },
          { text: ' price,', startMs: 1400 },
          { text: ' Beat', startMs: 1900 },
          { text: ' Bros', startMs: 2200 },
          // Whisper can give two words one time: the hits still get distinct moments.
          { text: ' price', startMs: 1400 },
        ],
      },
      'client',
    );
    expect(timed.map((h) => [h.trackerId, h.phrase, h.atMs])).toEqual([
      ['budget', 'price', 1400],
      ['competitor', 'Beat Bros', 1900],
      ['budget', 'price', 1401],
    ]);
    const untimed = segmentTrackerHits(
      [budget],
      { text: 'price and price', startMs: 10_000, endMs: 11_500, words: null },
      'client',
    );
    expect(untimed.map((h) => h.atMs)).toEqual([10_000, 11_000]);
  });

  it('validates phrases: a letter or digit each, repeats dropped, 1–30 of them', () => {
    const body = trackersApi.create.body!;
    expect(body.parse({ name: ' Budget ', phrases: [' price ', 'PRICE', 'price   match'] })).toEqual({
      name: 'Budget',
      phrases: ['price', 'price match'],
      clientOnly: false,
      notify: false,
    });
    for (const phrases of [
      [],
      ['...'],
      ['  '],
      ['x'.repeat(61)],
      Array.from({ length: 31 }, (_, i) => `p${i}`),
    ])
      expect(body.safeParse({ name: 'Budget', phrases }).success).toBe(false);
    expect(normalizePhrase('  Spin-City   DJ’s ')).toBe('spin city djs');
  });
});

/** Words that never contain each other's letters: plain lower-case words from a small alphabet. */
const word = fc.stringMatching(/^[a-z]{1,8}$/);
const separator = fc.constantFrom(' ', ', ', '. ', ' - ', '! ', '\n', ' (', ') ', '; ', '? ');
const phraseArb = fc.array(word, { minLength: 1, maxLength: 4 });

describe('tracker matching properties', () => {
  it('always finds a phrase put into any text, however it is cased and punctuated', () => {
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 12 }),
        fc.array(word, { maxLength: 12 }),
        phraseArb,
        fc.array(separator, { minLength: 20, maxLength: 20 }),
        fc.boolean(),
        (before, after, phrase, seps, upper) => {
          const spoken = phrase.map((w) => (upper ? w.toUpperCase() : w));
          const all = [...before, ...spoken, ...after];
          const text = all.map((w, i) => (i ? (seps[i % seps.length] ?? ' ') : '') + w).join('');
          const rule = tracker('t', [phrase.join(' ')]);
          const hits = matchTrackersInText([rule], text, 'client');
          // Found where it was put (or earlier, when the random words happen to say it too).
          expect(hits.length).toBeGreaterThanOrEqual(1);
          const marked = highlightTrackers([rule], text, 'client').filter((p) => p.trackers.length);
          expect(marked.length).toBe(hits.length);
          for (const p of marked) expect(normalizePhrase(p.text)).toBe(normalizePhrase(phrase.join(' ')));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never matches inside a word', () => {
    fc.assert(
      fc.property(word, word, fc.stringMatching(/^[a-z]{1,3}$/), (phrase, other, glue) => {
        // The phrase with letters stuck on either side (or both) is another word.
        for (const text of [`${glue}${phrase}`, `${phrase}${glue}`, `${other}${phrase}${glue}`]) {
          if (text === phrase) continue;
          expect(matchTrackersInText([tracker('t', [phrase])], `(${text})`, 'client')).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same hits on a text and on its words', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(word, fc.constantFrom('price', 'Beat', 'bros.', 'cost,')), { maxLength: 20 }),
        (ws) => {
          const text = ws.join(' ');
          const onWords = matchTrackers([budget, competitor], ws, 'client').map((m) => [
            m.trackerId,
            m.firstWord,
          ]);
          const onText = matchTrackersInText([budget, competitor], text, 'client').map((m) => [
            m.trackerId,
            m.firstWord,
          ]);
          expect(onText).toEqual(onWords);
          expect(
            highlightTrackers([budget], text, 'client')
              .map((p) => p.text)
              .join(''),
          ).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });
});
