import { dateProblem, isCalendarDay, lastDayFor, numberProblem } from './bounds';
import { callDayOf, datesIn, findNumbers } from './extract';
import type { ActionItem, AnalysisDraft, CallAnalysis, FieldName } from './schema';
import { normalizeForMatch, sentences, type TranscriptLine } from './transcript';

export interface GroundOptions {
  callDate: Date;
  /** The deterministic extractor's draft: cross-checks dates and numbers, and fills fields the model missed. */
  reference?: AnalysisDraft;
  /** Instruction-like sentences removed from the transcript before analysis. */
  removed?: readonly string[];
}

type Evidence = { value: unknown; quote: string | null };

const stripSpeaker = (q: string) => q.replace(/^\s*(client|admin|speaker)\s*:\s*/i, '');

/**
 * Turns a provider's draft into the analysis Booth keeps. Every field must be backed by words of the
 * call: a quote not found in the transcript (after normalising case and punctuation) drops the field,
 * and the venue's own name must have been said. Dates and numbers are re-read from their quote with the
 * deterministic parsers; a model value its quote does not say is corrected or dropped. Guest counts,
 * budgets and dates outside what a call may set (see ./bounds) are dropped. Fields the model left
 * empty are taken from the extractor when it found them. Every drop is listed with a reason.
 */
export function groundDraft(
  draft: AnalysisDraft,
  lines: readonly TranscriptLine[],
  opts: GroundOptions,
): CallAnalysis {
  const said = sentences(lines);
  const haystack = ` ${normalizeForMatch(said.map((s) => s.text).join(' '))} `;
  const contains = (text: string) => {
    const n = normalizeForMatch(text);
    return n.length > 0 && haystack.includes(` ${n} `);
  };
  const sentenceWith = (text: string) => {
    const n = normalizeForMatch(text);
    return said.find((s) => ` ${normalizeForMatch(s.text)} `.includes(` ${n} `))?.text;
  };
  const dropped: CallAnalysis['dropped'] = [];
  const evidence: Record<string, string> = {};
  const ref = opts.reference?.fields;
  const callDay = callDayOf(opts.callDate);

  /** Why a value cannot be kept for `field` whatever its quote says (out of bounds), if it cannot. */
  function outOfBounds(field: FieldName, value: unknown): string | undefined {
    if (field === 'guestCount' || field === 'budget') return numberProblem(field, Number(value));
    if (field === 'eventDate') return dateProblem(String(value), callDay);
    return undefined;
  }
  function keep<T>(field: FieldName, value: T, quote: string): T | null {
    const problem = outOfBounds(field, value);
    if (problem) return drop(field, value, problem);
    evidence[field] = quote;
    return value;
  }
  function drop(field: FieldName, value: unknown, reason: string): null {
    // The model and the extractor can propose the same out-of-bounds value: listed once.
    if (!dropped.some((d) => d.field === field && d.value === value && d.reason === reason))
      dropped.push({ field, value, reason });
    return null;
  }
  /** The reference extractor's value for a field the model could not back up, if it has one. */
  function fallback<T>(field: FieldName): T | null {
    const r = ref?.[field] as Evidence | undefined;
    if (r?.value === null || r?.value === undefined || !r.quote) return null;
    return keep(field, r.value as T, r.quote);
  }

  function grounded(e: Evidence): string | undefined {
    if (!e.quote) return undefined;
    const q = stripSpeaker(e.quote);
    return contains(q) ? (sentenceWith(q) ?? q) : undefined;
  }

  function textField(field: 'eventType' | 'venue', e: Evidence): string | null {
    if (e.value === null) return fallback(field);
    const value = String(e.value).trim();
    const name = field === 'venue' ? value.replace(/^the\s+/i, '') : value;
    const quote = grounded(e);
    if (field === 'venue' && !contains(name))
      return drop(field, value, 'the venue name is not in the transcript') ?? fallback(field);
    if (quote) return keep(field, value, quote);
    const own = sentenceWith(name);
    if (own) return keep(field, value, own);
    return drop(field, value, 'its quote is not in the transcript') ?? fallback(field);
  }

  function dateField(e: Evidence): string | null {
    if (e.value === null) return fallback('eventDate');
    const value = String(e.value);
    const quote = grounded(e);
    const r = ref?.eventDate;
    if (quote) {
      const said = datesIn(quote, opts.callDate).map((d) => d.iso);
      if (said.includes(value)) return keep('eventDate', value, quote) ?? fallback('eventDate');
      if (said.length > 0) {
        dropped.push({
          field: 'eventDate',
          value,
          reason: `corrected to ${said[0]}, the date its quote says`,
        });
        return keep('eventDate', said[0]!, quote) ?? fallback('eventDate');
      }
    }
    if (r?.value === value && r.quote) return keep('eventDate', value, r.quote);
    return (
      drop('eventDate', value, quote ? 'its quote says no date' : 'its quote is not in the transcript') ??
      fallback('eventDate')
    );
  }

  function numberField(field: 'guestCount' | 'budget', e: Evidence): number | null {
    if (e.value === null) return fallback(field);
    const value = Number(e.value);
    const quote = grounded(e);
    const r = ref?.[field];
    if (quote) {
      const numbers = findNumbers(quote)
        .map((n) => n.value)
        .filter((n) => (field === 'budget' ? n >= 50 : Number.isInteger(n) && n >= 2));
      if (numbers.includes(value)) return keep(field, value, quote) ?? fallback(field);
      if (numbers.length === 1) {
        dropped.push({ field, value, reason: `corrected to ${numbers[0]}, the number its quote says` });
        return keep(field, numbers[0]!, quote) ?? fallback(field);
      }
    }
    if (r?.value === value && r.quote) return keep(field, value, r.quote);
    return (
      drop(
        field,
        value,
        quote ? 'its quote does not say this number' : 'its quote is not in the transcript',
      ) ?? fallback(field)
    );
  }

  const f = draft.fields;
  const eventType = textField('eventType', f.eventType);
  const venue = textField('venue', f.venue);
  const eventDate = dateField(f.eventDate);
  const guestCount = numberField('guestCount', f.guestCount);
  const budget = numberField('budget', f.budget);

  const words = new Set(haystack.split(' ').filter((w) => w.length > 3));
  const lastDay = lastDayFor(callDay);
  const actionItems: ActionItem[] = [];
  for (const a of draft.actionItems) {
    const content = normalizeForMatch(a.text)
      .split(' ')
      .filter((w) => w.length > 3);
    const overlap = content.filter((w) => words.has(w)).length;
    const quoteOk = a.quote ? contains(stripSpeaker(a.quote)) : false;
    if (!quoteOk && (content.length === 0 || overlap / content.length < 0.5)) {
      dropped.push({ field: 'actionItems', value: a.text, reason: 'not backed by the transcript' });
      continue;
    }
    actionItems.push({
      text: a.text,
      owner: a.owner,
      // A due date that is not a real day between the call and LIMITS.yearsAhead later is left out.
      dueDate:
        a.dueDate && isCalendarDay(a.dueDate) && a.dueDate >= callDay && a.dueDate <= lastDay
          ? a.dueDate
          : null,
    });
  }

  const flags: string[] = [];
  if (opts.removed?.length)
    flags.push(`ignored ${opts.removed.length} instruction-like sentence(s) in the transcript`);
  let summary = draft.summary;
  if (opts.removed?.length) summary += ' (Instruction-like text in the call was ignored by the analysis.)';

  return {
    summary,
    actionItems,
    leadStatus: draft.leadStatus ?? opts.reference?.leadStatus ?? null,
    sentiment: draft.sentiment ?? opts.reference?.sentiment ?? null,
    sentimentReason: draft.sentiment ? draft.sentimentReason : (opts.reference?.sentimentReason ?? null),
    eventType: eventType?.toLowerCase() ?? null,
    eventDate,
    guestCount,
    venue,
    budget,
    needs: draft.needs,
    evidence,
    dropped,
    flags,
  };
}
