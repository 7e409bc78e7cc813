import { describe, expect, it } from 'vitest';
import { Prisma } from '@booth/db';
import { PermanentError } from '@booth/shared';
import {
  InvalidOutputError,
  LIMITS,
  dateProblem,
  extractDraft,
  findNumbers,
  groundDraft,
  isCalendarDay,
  numberProblem,
  parseDraft,
  publicError,
  storable,
  suggest,
  type AnalysisDraft,
  type CallAnalysis,
  type TranscriptLine,
} from '@booth/worker';

/**
 * What a call may set (GitHub issue 10, finding 1): numbers and dates a caller says outside sane
 * ranges are dropped with a reason by the extractor's and the model's path alike, and nothing the
 * write-back stores can fail its column.
 */
const CALL_DATE = new Date('2026-11-20T15:00:00Z');
const CALL_DAY = '2026-11-20';
const lines = (...said: [TranscriptLine['role'], string][]): TranscriptLine[] =>
  said.map(([role, text], i) => ({ speaker: role, role, text, startMs: i * 1000 }));
const analyse = (call: TranscriptLine[], model?: AnalysisDraft) => {
  const reference = extractDraft(call, { callDate: CALL_DATE });
  return { reference, analysis: groundDraft(model ?? reference, call, { callDate: CALL_DATE, reference }) };
};
const empty = { value: null, quote: null };
const modelDraft = (fields: Partial<AnalysisDraft['fields']>, extra: Partial<AnalysisDraft> = {}) =>
  parseDraft(
    JSON.stringify({
      summary: 'A call.',
      actionItems: [],
      leadStatus: 'qualified',
      sentiment: 'warm',
      sentimentReason: null,
      fields: {
        eventType: empty,
        eventDate: empty,
        guestCount: empty,
        venue: empty,
        budget: empty,
        ...fields,
      },
      needs: { quote: false, invoice: false, contract: false },
      ...extra,
    }),
  );

describe('bounds', () => {
  it('takes guest counts and budgets in range only, with a reason for the rest', () => {
    expect(numberProblem('guestCount', 150)).toBeUndefined();
    expect(numberProblem('guestCount', LIMITS.guestCount.max)).toBeUndefined();
    expect(numberProblem('guestCount', 2_000_000)).toBe('more than 10,000 guests, the most a call can set');
    expect(numberProblem('guestCount', 12.5)).toBe('not a whole number of guests');
    expect(numberProblem('guestCount', 0)).toBe('less than 1 guests');
    expect(numberProblem('budget', 4000)).toBeUndefined();
    expect(numberProblem('budget', 10_000_000)).toBeUndefined();
    expect(numberProblem('budget', 25_000_000)).toBe('more than $10,000,000, the most a call can set');
    expect(numberProblem('budget', Number.POSITIVE_INFINITY)).toBe('not a number');
    // The largest budget in cents fits int4 with room, and a JSON number exactly.
    expect(LIMITS.budget.max * 100).toBeLessThan(2 ** 31);
  });

  it('takes real calendar days from the call to ten years after it', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2027-02-29')).toBe(false);
    expect(isCalendarDay('2027-02-30')).toBe(false);
    expect(isCalendarDay('0000-06-15')).toBe(false);
    expect(isCalendarDay('10000-06-15')).toBe(false);
    expect(dateProblem('2027-06-15', CALL_DAY)).toBeUndefined();
    expect(dateProblem('2036-11-20', CALL_DAY)).toBeUndefined();
    expect(dateProblem('2036-11-21', CALL_DAY)).toBe('more than 10 years after the call');
    expect(dateProblem('2026-11-19', CALL_DAY)).toBe('before the day of the call');
    expect(dateProblem('0000-06-15', CALL_DAY)).toBe('not a calendar date');
  });

  it('reads millions whole: "two million" is not two', () => {
    const values = (t: string) => findNumbers(t).map((n) => n.value);
    expect(values('for two million guests')).toEqual([2_000_000]);
    expect(values('a budget of $25 million')).toEqual([25_000_000]);
    expect(values('about 1.1 million')).toEqual([1_100_000]);
    expect(values('one million two hundred thousand')).toEqual([1_200_000]);
    expect(values('$25,000,000')).toEqual([25_000_000]);
    expect(values('2 thousand guests')).toEqual([2000]);
  });
});

describe('the extractor with numbers out of range', () => {
  it('proposes a $25,000,000 budget, and grounding drops it with its reason', () => {
    const { reference, analysis } = analyse(
      lines(
        ['client', 'A wedding on June 12th.'],
        ['client', 'Our budget is $25,000,000 for the whole night.'],
      ),
    );
    expect(reference.fields.budget.value).toBe(25_000_000);
    expect(reference.summary).not.toMatch(/Budget|25,000,000/);
    expect(analysis.budget).toBeNull();
    expect(analysis.evidence.budget).toBeUndefined();
    expect(analysis.dropped).toEqual([
      { field: 'budget', value: 25_000_000, reason: 'more than $10,000,000, the most a call can set' },
    ]);
    expect(analysis.eventDate).toBe('2027-06-12');
  });

  it('prefers an amount or a count in range when one is said', () => {
    const { analysis } = analyse(
      lines(
        ['client', 'Our budget is $8,000, not $25,000,000 like my brother joked.'],
        ['client', 'We expect 120 guests, not two million guests.'],
      ),
    );
    expect(analysis.budget).toBe(8000);
    expect(analysis.guestCount).toBe(120);
    expect(analysis.dropped).toEqual([]);
  });

  it('drops "two million guests" and a date centuries ahead', () => {
    const { reference, analysis } = analyse(
      lines(['client', 'The party is on June 15, 2400 for two million guests.']),
    );
    expect(reference.summary).not.toMatch(/2400|million|2,000,000/);
    expect(analysis.guestCount).toBeNull();
    expect(analysis.eventDate).toBeNull();
    expect(analysis.dropped.map((d) => [d.field, d.value])).toEqual([
      ['eventDate', '2400-06-15'],
      ['guestCount', 2_000_000],
    ]);
  });

  it('suggests nothing from values the analysis would drop', () => {
    const said = lines(['client', 'Our budget is $25,000,000 for two million guests on June 15, 2400.']);
    expect(suggest(said, CALL_DATE).map((s) => s.kind)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/budget|guests|check-date/)]),
    );
  });
});

describe('a model draft with numbers out of range', () => {
  const call = lines(
    ['client', 'It is a company party at Cedar Hall on May 2nd for two million guests.'],
    ['client', 'The date is 0000-06-15, or June 15, 2400.'],
  );

  it('is a valid answer: the out-of-range fields are dropped, not the analysis', () => {
    const model = modelDraft(
      {
        guestCount: { value: 2_000_000, quote: 'for two million guests' },
        eventDate: { value: '0000-06-15', quote: 'The date is 0000-06-15, or June 15, 2400.' },
        budget: { value: -5, quote: null },
      },
      {
        actionItems: [
          {
            text: 'Hold Cedar Hall for the company party',
            owner: 'admin',
            dueDate: 'next Friday',
            quote: null,
          },
          { text: 'Confirm the company party date', owner: 'admin', dueDate: '9999-01-01', quote: null },
        ],
      },
    );
    const { analysis } = analyse(call, model);
    expect(analysis.guestCount).toBeNull();
    // The model's year 0000 is dropped; the date the call does say (the extractor's) is kept.
    expect(analysis.eventDate).toBe('2027-05-02');
    expect(analysis.budget).toBeNull();
    const fields = analysis.dropped.map((d) => d.field);
    expect(fields).toContain('guestCount');
    expect(fields).toContain('eventDate');
    expect(analysis.actionItems.map((a) => a.dueDate)).toEqual([null, null]);
    expect(analysis.venue).toBe('Cedar Hall');
  });

  it('falls back to the extractor when the model proposes a count out of range', () => {
    const said = lines(['client', 'We will have 150 guests at the wedding.']);
    const { analysis } = analyse(said, modelDraft({ guestCount: { value: 150_000, quote: null } }));
    expect(analysis.guestCount).toBe(150);
  });
});

describe('what the write-back stores', () => {
  const base: CallAnalysis = {
    summary: 'A call\u0000 about a party.',
    actionItems: [{ text: 'Send the quote', owner: 'admin', dueDate: '2027-02-30' }],
    leadStatus: 'qualified',
    sentiment: 'warm',
    sentimentReason: null,
    eventType: 'party',
    eventDate: '0-06-15',
    guestCount: 3_000_000_000,
    venue: 'Cedar\u0000 Hall \ud800',
    budget: 4000,
    needs: { quote: true, invoice: false, contract: false },
    evidence: { eventDate: 'on 0-06-15', guestCount: 'three billion', budget: '$4,000' },
    dropped: [],
    flags: [],
  };

  it('drops what a column cannot hold and cleans text Postgres rejects', () => {
    const a = storable(base);
    expect(a.summary).toBe('A call about a party.');
    expect(a.venue).toBe('Cedar Hall \ufffd');
    expect(a.eventDate).toBeNull();
    expect(a.guestCount).toBeNull();
    expect(a.budget).toBe(4000);
    expect(a.actionItems[0]!.dueDate).toBeNull();
    expect(Object.keys(a.evidence)).toEqual(['budget']);
    expect(a.dropped.map((d) => d.field)).toEqual(['eventDate', 'guestCount']);
    expect(a.dropped.every((d) => d.reason.startsWith('cannot be stored on the contact'))).toBe(true);
  });
});

describe('the error an admin is shown', () => {
  it('is one short line: ours as it is, anything else a fixed sentence', () => {
    const prisma = new Prisma.PrismaClientKnownRequestError(
      '\nInvalid `tx.note.create()` invocation in\n/app/services/worker/src/analysis/write-back.ts:117:19\n\n→ 117 await tx.note.create(\nvalue out of range',
      { code: 'P2020', clientVersion: '7' },
    );
    expect(publicError(prisma)).toBe(
      'The analysis could not be saved because of a database error; the details are in the worker log.',
    );
    expect(publicError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toMatch(
      /^The analysis failed because of an unexpected error/,
    );
    expect(publicError(new InvalidOutputError('the model returned invalid JSON', '{'))).toBe(
      'the model returned invalid JSON',
    );
    const long = publicError(new PermanentError(`LLM request rejected (HTTP 400): ${'x'.repeat(500)}\nmore`));
    expect(long.length).toBeLessThanOrEqual(240);
    expect(long).not.toContain('\n');
  });
});
