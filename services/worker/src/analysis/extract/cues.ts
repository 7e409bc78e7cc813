import type { LeadStatus, Sentiment } from '../schema';
import type { Sentence } from '../transcript';
import type { Found } from './fields';

const HOT =
  /\b(ready to (book|sign|go ahead|move forward)|let'?s (book|do it|lock|go ahead|make it official)|book (it|us|you|the date)|(send|email) (me |us |over )?the contract|sign (it|the contract|today)|(pay|put down|send) (a |the )?deposit|sounds perfect|we'?re in\b|lock (it|the date|us) in|(want|like|love) to (book|reserve|secure|hire)|going with you|you'?re hired|count us in)\b/i;
const COLD =
  /\b(cancel\w*|called off|went with (another|someone|a different)|found (another|someone)|not interested|too expensive|(out of|over) (our|my) (budget|price range)|just (shopping around|getting (some )?(prices|quotes)|comparing|looking around)|can'?t afford|(not|won'?t) be (booking|needing)|no longer need|(a |the )?refund|dispute\w*|overcharged|charged (us |me )?twice|double charged|unhappy|disappointed|complain\w*|wrong amount|pretty steep)\b/i;
const WARM =
  /\b(interested|sounds (good|great|nice)|love (that|the|it)|think about it|check with|get back to you|(send|email) (me |us )?(a |the |some )?(quote|pricing|prices|options|packages|estimate)|how much|what do you charge|available|availability)\b/i;
const LOST =
  /\b(cancel\w*|called off|went with (another|someone|a different)|found (another|someone)|not interested|(not|won'?t) be (booking|needing)|no longer need|going (to go )?(with|in) (another|a different) direction|(we|i)('ll| will) (probably )?(use|go with|hire|do|get) [^.?!]{0,30}\binstead)\b/i;
const BOOKED =
  /\b(ready to (book|sign)|let'?s (book|do it|lock|make it official)|book (it|us|you|the date)|(want|like|love) to (book|reserve|secure|hire)|(send|email) (me |us |over )?the contract|going with you|you'?re hired|count us in|(pay|put down|send) (a |the )?deposit|lock (it|the date|us) in)\b/i;
const SHOPPING = /\b(just (shopping around|getting (some )?(prices|quotes)|comparing|looking around))\b/i;
const BILLING = /\b(invoice|bill|billed|charged|charge|refund|payment|receipt|dispute\w*)\b/i;

/** Words of a price conversation; a quote is needed when they come up, a question when asked. */
const PRICE_WORDS = 'quote|pricing|prices?|estimate|how much|packages?|rates?';
const QUOTE_NEED = new RegExp(`\\b(${PRICE_WORDS}|proposal)\\b`, 'i');
const PRICE_QUESTION = new RegExp(`\\b(${PRICE_WORDS}|what do you charge)\\b`, 'i');

const clientFirst = (all: readonly Sentence[]) => all.filter((s) => s.line.role !== 'admin');

/** hot / warm / cold from the client's words, with the sentence that decided it. */
export function findSentiment(all: readonly Sentence[]): Found<Sentiment> & { reason: string } {
  const said = clientFirst(all);
  const hot = said.filter((s) => HOT.test(s.text));
  const cold = said.filter((s) => COLD.test(s.text));
  const warm = said.filter((s) => WARM.test(s.text));
  if (cold.length > hot.length) {
    const q = cold[0]!.text;
    return { value: 'cold', quote: q, reason: `Client: "${q}"` };
  }
  if (hot.length) {
    const q = hot.at(-1)!.text;
    return { value: 'hot', quote: q, reason: `Client: "${q}"` };
  }
  if (warm.length) {
    const q = warm[0]!.text;
    return { value: 'warm', quote: q, reason: `Client: "${q}"` };
  }
  const q = said[0]?.text ?? '';
  return {
    value: 'warm',
    quote: q,
    reason: 'Client discussed the event without strong buying or dismissive signals.',
  };
}

/**
 * The lead's stage after the call: lost when they cancel or go elsewhere; booked when they commit;
 * contacted when only shopping prices; null for billing calls about an existing booking (no change);
 * otherwise qualified when the event is concrete (date, guests or venue), else contacted.
 */
export function findLeadStatus(all: readonly Sentence[], concrete: boolean): LeadStatus | null {
  const said = clientFirst(all);
  if (said.some((s) => LOST.test(s.text))) return 'lost';
  if (said.some((s) => BOOKED.test(s.text))) return 'booked';
  if (said.some((s) => SHOPPING.test(s.text))) return 'contacted';
  const billing = said.filter((s) => BILLING.test(s.text)).length;
  if (billing >= 2 && !concrete) return null;
  return concrete ? 'qualified' : 'contacted';
}

/** Whether the call asked for a quote, an invoice or a contract. */
export function findNeeds(all: readonly Sentence[]): { quote: boolean; invoice: boolean; contract: boolean } {
  const text = all.map((s) => s.text).join(' ');
  return {
    quote: QUOTE_NEED.test(text),
    invoice: /\b(invoice|bill|billing|receipt|charged)\b/i.test(text),
    contract: /\b(contract|sign|agreement)\b/i.test(text),
  };
}

/** The first client sentence saying they cancel or go elsewhere. */
export function findCancellation(all: readonly Sentence[]): Sentence | undefined {
  return clientFirst(all).find((s) => LOST.test(s.text));
}

/** The first client sentence about billing (invoice, charge, refund, payment). */
export function findBillingIssue(all: readonly Sentence[]): Sentence | undefined {
  return clientFirst(all).find((s) => BILLING.test(s.text));
}

/** The first sentence asking about price (quote, pricing, how much, packages). */
export function findPriceQuestion(all: readonly Sentence[]): Sentence | undefined {
  return all.find((s) => PRICE_QUESTION.test(s.text));
}
