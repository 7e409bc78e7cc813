import {
  findBillingIssue,
  findCancellation,
  findPriceQuestion,
  findSentiment,
} from '../analysis/extract/cues';
import { dateProblem, numberProblem } from '../analysis/bounds';
import {
  callDayOf,
  findBudget,
  findEventDate,
  findGuestCount,
  findVenue,
  longDate,
} from '../analysis/extract/fields';
import type { SuggestionDetail } from '@booth/shared/api';
import { sentences, type Sentence, type TranscriptLine } from '../analysis/transcript';

/** One suggestion to the admins in a call; at most one per kind per call. */
export interface Suggestion {
  kind: 'budget' | 'ready' | 'check-date' | 'venue' | 'guests' | 'pricing' | 'retention' | 'billing';
  text: string;
  /** The sentence that prompted it. */
  quote: string;
  /** When it was said, ms since the call started. */
  atMs: number;
  /** The contact detail it is about (the date, venue, guests or budget said), or null. */
  detail: SuggestionDetail | null;
}

/**
 * Suggestions from the call so far, with no model: the same deterministic readers as the analysis,
 * turned into next steps for the admin ("client mentioned a budget of $3,000 — open quote options",
 * "sounds ready — send the contract?"). Cheap enough to run every few final segments.
 */
export function suggest(
  lines: readonly TranscriptLine[],
  callDate: Date,
  knownVenues: readonly string[] = [],
): Suggestion[] {
  const all = sentences(lines);
  const out: Suggestion[] = [];
  const bySentence = (s: Sentence | undefined) => s?.line.startMs ?? 0;
  const at = (quote: string) => bySentence(all.find((s) => s.text === quote));
  const add = (
    kind: Suggestion['kind'],
    text: string,
    quote: string | undefined,
    detail: SuggestionDetail | null = null,
  ) => {
    if (quote) out.push({ kind, text, quote, atMs: at(quote), detail });
  };

  const cancel = findCancellation(all);
  if (cancel)
    add(
      'retention',
      "Client mentions cancelling: check the contract's cancellation terms and offer a new date",
      cancel.text,
    );
  // Values the analysis would drop ("$25,000,000", "two million guests") suggest nothing.
  const budget = findBudget(all);
  if (budget && !numberProblem('budget', budget.value))
    add(
      'budget',
      `Client mentioned a budget of $${budget.value.toLocaleString('en-US')}: open quote options`,
      budget.quote,
      { field: 'budgetCents', value: Math.round(budget.value * 100) },
    );
  const sentiment = findSentiment(all);
  if (sentiment.value === 'hot' && !cancel) add('ready', 'Sounds ready: send the contract?', sentiment.quote);
  const date = findEventDate(all, callDate);
  if (date && !dateProblem(date.value, callDayOf(callDate)))
    add('check-date', `Check availability for ${longDate(date.value)}`, date.quote, {
      field: 'eventDate',
      value: date.value,
    });
  const venue = findVenue(all, knownVenues);
  if (venue) {
    add('venue', `Venue: ${venue.value}. Check past events and load-in notes there`, venue.quote, {
      field: 'venue',
      value: venue.value.slice(0, 200),
    });
  }
  const guests = findGuestCount(all);
  if (guests && !numberProblem('guestCount', guests.value))
    add('guests', `${guests.value} guests: size the sound system and the package`, guests.quote, {
      field: 'guestCount',
      value: guests.value,
    });
  const price = findPriceQuestion(all.filter((s) => s.line.role !== 'admin'));
  if (price) add('pricing', 'Client asked about pricing: share the packages', price.text);
  const billing = findBillingIssue(all);
  if (billing) add('billing', "Billing question: open the client's invoices", billing.text);
  return out;
}
