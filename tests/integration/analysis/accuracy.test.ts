import { describe, expect, it } from 'vitest';
import { accuracy, runCorpus } from '../../support/call-corpus';

/**
 * The accuracy suite: 14 synthetic calls (espeak-ng, two voices; weddings, corporate, birthdays,
 * a cancellation, a price shopper, an invoice dispute, an injection attempt…) through `booth analyze`,
 * i.e. real Silero + Whisper tiny.en, then the deterministic extractor, scored against ground truth.
 * The floors sit under what tiny.en's transcripts allow (it mishears "seventy five" as "475" in one
 * call); `npm run bench:analysis` prints the figures per provider.
 */
describe('analysis accuracy on synthetic calls (booth analyze, no LLM)', () => {
  it('gets dates, venues, guest counts, sentiment and lead status right', { timeout: 600_000 }, async () => {
    const results = await runCorpus({ LLM_PROVIDER: 'none' });
    const acc = accuracy(results);
    const misses = results
      .filter((r) => r.wrong.length)
      .map((r) => `${r.id}: ${r.wrong.join('; ')} [${r.out.text}]`);
    expect(acc.eventDate, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(acc.venue, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(acc.guestCount, misses.join('\n')).toBeGreaterThanOrEqual(0.75);
    expect(acc.sentiment, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
    expect(acc.leadStatus, misses.join('\n')).toBeGreaterThanOrEqual(0.85);
    // Nothing is kept without its evidence, and the injection attempt is flagged.
    for (const r of results) {
      for (const f of ['eventDate', 'guestCount', 'venue'] as const) {
        if (r.out.analysis[f] !== null) expect(r.out.analysis.evidence[f], `${r.id} ${f}`).toBeTruthy();
      }
    }
    expect(results.find((r) => r.id === 'injection-attempt')!.out.analysis.flags).toHaveLength(1);
  });
});
