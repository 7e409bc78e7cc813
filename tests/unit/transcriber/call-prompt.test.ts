import { describe, expect, it } from 'vitest';
import { MAX_CRM_VENUES, callPrompt } from '@booth/transcriber/src/recognizer/call-prompt';
import { vocabularyPrompt } from '@booth/transcriber/src/recognizer/vocabulary';

const VOCABULARY = ['Gold Package', 'Riverside Mansion'];
const contact = { name: 'Siobhan Okafor', venue: 'Stone Bridge Manor' };

describe('callPrompt', () => {
  it('is the vocabulary prompt when there is no contact and no venue', () => {
    expect(callPrompt({ vocabulary: VOCABULARY })).toBe(vocabularyPrompt(VOCABULARY));
    expect(callPrompt({ vocabulary: VOCABULARY, contact: null, venues: [] })).toBe(
      'Gold Package, Riverside Mansion.',
    );
  });

  it('puts the contact after the vocabulary, then the CRM venues', () => {
    expect(callPrompt({ vocabulary: VOCABULARY, contact, venues: ['Cedar Hall', 'Bayside Hotel'] })).toBe(
      'Gold Package, Riverside Mansion, Siobhan Okafor, Stone Bridge Manor, Cedar Hall, Bayside Hotel.',
    );
  });

  it('puts the contact first when asked to', () => {
    expect(
      callPrompt({ vocabulary: VOCABULARY, contact, venues: ['Cedar Hall'], order: 'contact-first' }),
    ).toBe('Siobhan Okafor, Stone Bridge Manor, Gold Package, Riverside Mansion, Cedar Hall.');
  });

  it('prompts a contact without a venue, and a contact alone', () => {
    expect(callPrompt({ vocabulary: [], contact: { name: 'Priya Raman', venue: null } })).toBe(
      'Priya Raman.',
    );
    expect(callPrompt({ vocabulary: [], contact: { name: '  ', venue: '' } })).toBeUndefined();
    expect(callPrompt({ vocabulary: [] })).toBeUndefined();
  });

  it('prompts a term once, case-insensitively, where it first comes', () => {
    expect(
      callPrompt({
        vocabulary: ['Stone Bridge Manor', 'Gold Package'],
        contact: { name: 'Siobhan Okafor', venue: 'stone bridge manor' },
        venues: ['Gold package', 'Cedar  Hall', 'Cedar Hall'],
      }),
    ).toBe('Stone Bridge Manor, Gold Package, Siobhan Okafor, Cedar Hall.');
  });

  it('keeps the contact when the vocabulary alone fills the budget', () => {
    const long = Array.from({ length: 200 }, (_, i) => `Term number ${i}`);
    const full = vocabularyPrompt(long)!;
    // A venue longer than what the vocabulary leaves over is left out (a shorter one fills the gap).
    const prompt = callPrompt({ vocabulary: long, contact, venues: ['Oakwood Community Center'] })!;
    expect(prompt.length).toBeLessThanOrEqual(full.length);
    expect(prompt.endsWith(', Siobhan Okafor, Stone Bridge Manor.')).toBe(true);
    expect(prompt).not.toContain('Oakwood');
    // The vocabulary keeps its order and gives up only its tail to the contact.
    const terms = prompt.slice(0, -1).split(', ');
    expect(terms.slice(0, -2)).toEqual(long.slice(0, terms.length - 2));
  });

  it('fills what is left with CRM venues, in order, at most MAX_CRM_VENUES', () => {
    const venues = Array.from({ length: MAX_CRM_VENUES + 10 }, (_, i) => `Hall ${i}`);
    const prompt = callPrompt({ vocabulary: [], contact, venues })!;
    const terms = prompt.slice(0, -1).split(', ');
    expect(terms.slice(0, 2)).toEqual(['Siobhan Okafor', 'Stone Bridge Manor']);
    expect(terms.slice(2)).toEqual(venues.slice(0, MAX_CRM_VENUES));
  });

  it('stays within the vocabulary budget with every list long', () => {
    const many = (p: string) => Array.from({ length: 100 }, (_, i) => `${p} ${i} with a longer name`);
    const prompt = callPrompt({ vocabulary: many('Term'), contact, venues: many('Venue') })!;
    // As one term, the whole prompt still fits vocabularyPrompt's budget.
    expect(vocabularyPrompt([prompt.slice(0, -1)])).toBe(prompt);
    expect(prompt).toContain('Siobhan Okafor, Stone Bridge Manor');
  });
});
