import { dateProblem, numberProblem } from '../bounds';
import type { AnalysisDraft } from '../schema';
import { sentences, type TranscriptLine } from '../transcript';
import { findActionItems } from './actions';
import { findLeadStatus, findNeeds, findSentiment } from './cues';
import {
  callDayOf,
  findBudget,
  findEventDate,
  findEventType,
  findGuestCount,
  findVenue,
  longDate,
  type Found,
} from './fields';

export { callDayOf, datesIn, dueDateIn, longDate } from './fields';
export { findNumbers } from './numbers';

export interface ExtractOptions {
  /** The day of the call: relative and year-less dates resolve forward from it. */
  callDate: Date;
  /** Venue names the business knows (its custom vocabulary); matched before the generic pattern. */
  knownVenues?: readonly string[];
}

const evidence = <T>(f: Found<T> | undefined) => ({ value: f?.value ?? null, quote: f?.quote ?? null });

/** A CRM note written from the extracted facts, no model involved. */
export function templateSummary(d: Omit<AnalysisDraft, 'summary'>): string {
  const f = d.fields;
  const what = f.eventType.value ? `a ${f.eventType.value}` : 'an event';
  const parts = [what];
  if (f.eventDate.value) parts.push(`on ${longDate(f.eventDate.value)}`);
  if (f.venue.value) parts.push(`at ${f.venue.value}`);
  if (f.guestCount.value) parts.push(`for ${f.guestCount.value} guests`);
  const out = [`Call about ${parts.join(' ')}.`];
  if (f.budget.value) out.push(`Budget around $${f.budget.value.toLocaleString('en-US')}.`);
  if (d.sentiment) out.push(`Sentiment ${d.sentiment}${d.sentimentReason ? ` — ${d.sentimentReason}` : ''}.`);
  if (d.leadStatus) out.push(`Lead status: ${d.leadStatus}.`);
  if (d.actionItems.length)
    out.push(`Follow-ups: ${d.actionItems.map((a) => `${a.text} (${a.owner})`).join('; ')}.`);
  return out.join(' ');
}

/** `fields` without the values grounding will drop as out of bounds: the summary does not repeat them. */
function withinBounds(fields: AnalysisDraft['fields'], callDay: string): AnalysisDraft['fields'] {
  const none = { value: null, quote: null };
  const { guestCount, budget, eventDate } = fields;
  return {
    ...fields,
    guestCount:
      guestCount.value !== null && numberProblem('guestCount', guestCount.value) ? none : guestCount,
    budget: budget.value !== null && numberProblem('budget', budget.value) ? none : budget,
    eventDate: eventDate.value !== null && dateProblem(eventDate.value, callDay) ? none : eventDate,
  };
}

/**
 * The deterministic extractor: dates through chrono-node, numbers, venue and cue-phrase patterns,
 * keyword sentiment. No model, no network, milliseconds per call. Booth's default analysis when no
 * LLM is configured, and the cross-check of an LLM's dates and numbers.
 */
export function extractDraft(lines: readonly TranscriptLine[], opts: ExtractOptions): AnalysisDraft {
  const all = sentences(lines);
  const eventDate = findEventDate(all, opts.callDate);
  const guestCount = findGuestCount(all);
  const venue = findVenue(all, opts.knownVenues);
  const sentiment = findSentiment(all);
  const draft: Omit<AnalysisDraft, 'summary'> = {
    fields: {
      eventType: evidence(findEventType(all)),
      eventDate: evidence(eventDate),
      guestCount: evidence(guestCount),
      venue: evidence(venue),
      budget: evidence(findBudget(all)),
    },
    sentiment: all.length ? sentiment.value : null,
    sentimentReason: all.length ? sentiment.reason : null,
    leadStatus: all.length ? findLeadStatus(all, Boolean(eventDate ?? guestCount ?? venue)) : null,
    actionItems: findActionItems(all, opts.callDate),
    needs: findNeeds(all),
  };
  const shown = { ...draft, fields: withinBounds(draft.fields, callDayOf(opts.callDate)) };
  return { ...draft, summary: all.length ? templateSummary(shown) : 'No speech was transcribed.' };
}
