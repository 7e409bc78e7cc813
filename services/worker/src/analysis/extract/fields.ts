import * as chrono from 'chrono-node';
import { LIMITS, dateProblem, numberProblem } from '../bounds';
import type { Sentence } from '../transcript';
import { findNumbers } from './numbers';

/** A value found in the transcript and the sentence it was found in. */
export interface Found<T> {
  value: T;
  quote: string;
}

/** `YYYY-MM-DD`, the year always four digits (chrono reads "0000-06-15" as year 0). */
const isoDay = (d: Date) =>
  `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The call date as a local-midday Date, so chrono resolves "June 15th" against the call's own day. */
function reference(callDate: Date): Date {
  return new Date(callDate.getUTCFullYear(), callDate.getUTCMonth(), callDate.getUTCDate(), 12);
}

/** The day of the call as `YYYY-MM-DD`: event and due dates are never before it. */
export const callDayOf = (callDate: Date): string => isoDay(reference(callDate));

/** `2027-06-15` → "June 15, 2027", for notes and suggestions. */
export const longDate = (day: string): string =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('en-US', {
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** A calendar date names its month or is numeric (6/15); "today" and "Friday" are not event dates. */
const MONTH_OR_NUMERIC =
  /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\d{1,2}[/-]\d{1,2}/i;

/**
 * Calendar dates (day and month said) in a piece of text, resolved forward from the call date:
 * "June fifteenth" on a call in November → next year's June 15.
 */
export function datesIn(text: string, callDate: Date): { iso: string; text: string }[] {
  return chrono
    .parse(text, reference(callDate), { forwardDate: true })
    .filter((r) => r.start.isCertain('day') && r.start.isCertain('month') && MONTH_OR_NUMERIC.test(r.text))
    .map((r) => ({ iso: isoDay(r.start.date()), text: r.text }));
}

/** Any date expression, relative ones included ("by Friday", "tomorrow"), for due dates. */
export function dueDateIn(text: string, callDate: Date): string | null {
  const r = chrono.parse(text, reference(callDate), { forwardDate: true })[0];
  return r ? isoDay(r.start.date()) : null;
}

const EVENT_CUE =
  /\b(wedding|married|party|event|celebrat\w*|reception|ceremony|birthday|gala|anniversary|date|function|dance|prom|reunion|mitzvah|quincea\w*|graduation|fundraiser|booked for|book for|taking place|it's on|is on|will be on)\b/i;
const DUE_CUE =
  /\b(by|before|until|deadline|due|call (you|me)|get back|send|email|follow up|pay|paid|charged|invoice)\b/i;

/**
 * Picks the event date: the date said in the most event-like sentence, the later one on a tie
 * (corrections). A date more than {@link LIMITS.yearsAhead} years ahead is only taken when no other
 * is said (then dropped, with its reason, when the analysis is grounded).
 */
export function findEventDate(all: readonly Sentence[], callDate: Date): Found<string> | undefined {
  let best: { score: number; found: Found<string>; far: boolean } | undefined;
  const callDay = callDayOf(callDate);
  for (const s of all) {
    // An event being planned is ahead of the call: a past date ("At 8 in October 10" read as
    // 2010-10-08) is a misreading or a different occasion.
    for (const d of datesIn(s.text, callDate).filter((x) => x.iso >= callDay)) {
      let score = 0;
      if (EVENT_CUE.test(s.text)) score += 2;
      if (DUE_CUE.test(s.text)) score -= 2;
      if (s.line.role === 'client') score += 1;
      const far = dateProblem(d.iso, callDay) !== undefined;
      const better = !best || (best.far && !far) || (best.far === far && score >= best.score);
      if (better) best = { score, found: { value: d.iso, quote: s.text }, far };
    }
  }
  return best && best.score >= 0 ? best.found : undefined;
}

const GUEST_NOUN =
  /^\s*(?:or so\s+|people\s+)?(guests|people|attendees|adults|persons|folks|employees|staff members|heads|invitees|kids|children|students|colleagues)\b/i;
const GUEST_CUE =
  /\b(guest count|guest list|head ?count|headcount|expecting|inviting|invited|capacity for|party of|for about|for around)\b/i;

/**
 * The guest count: a number followed by guests/people, or after "guest count"/"expecting"; the last
 * one said wins. More than {@link LIMITS.guestCount} ("two million guests") is only taken when said
 * right before "guests" and no other count is (then dropped, with its reason, when grounded).
 */
export function findGuestCount(all: readonly Sentence[]): Found<number> | undefined {
  let found: Found<number> | undefined;
  let tooMany: Found<number> | undefined;
  for (const s of all) {
    for (const n of findNumbers(s.text)) {
      if (n.text.startsWith('$') || n.value < 2 || !Number.isInteger(n.value)) continue;
      const after = s.text.slice(n.index + n.text.length);
      const before = s.text.slice(Math.max(0, n.index - 40), n.index);
      if (
        /\b(dollars|bucks|hours?|minutes?|years?|am|pm|o'clock|percent|songs|k)\b/i.test(after.slice(0, 12))
      )
        continue;
      if (n.value > LIMITS.guestCount.max) {
        if (GUEST_NOUN.test(after)) tooMany = { value: n.value, quote: s.text };
        continue;
      }
      if (GUEST_NOUN.test(after) || (GUEST_CUE.test(before) && !/\$\s*$/.test(before))) {
        found = { value: n.value, quote: s.text };
      }
    }
  }
  return found ?? tooMany;
}

const BUDGET_CUE =
  /\b(budget|spend|afford|willing to pay|looking to pay|up to|no more than|max(imum)?|cap|around|under)\b/i;

/**
 * The client's budget: an amount of money in a sentence that talks about budget/spending; the last
 * one said wins. More than {@link LIMITS.budget} ("$25,000,000") is only taken when no other amount
 * is said (then dropped, with its reason, when grounded).
 */
export function findBudget(all: readonly Sentence[]): Found<number> | undefined {
  let found: Found<number> | undefined;
  let tooMuch: Found<number> | undefined;
  for (const s of all) {
    if (!BUDGET_CUE.test(s.text) || s.line.role === 'admin') continue;
    if (!/\b(budget|spend|afford|pay)\b/i.test(s.text)) continue;
    for (const n of findNumbers(s.text)) {
      const after = s.text.slice(n.index + n.text.length, n.index + n.text.length + 12);
      const money = n.text.startsWith('$') || /^\s*(dollars|bucks|k\b|grand)/i.test(after);
      if (!money || n.value < 50) continue;
      if (numberProblem('budget', n.value)) tooMuch = { value: n.value, quote: s.text };
      else found = { value: n.value, quote: s.text };
    }
  }
  return found ?? tooMuch;
}

const VENUE_NOUNS =
  'Hall|Hotel|Mansion|Barn|Club|Country Club|Center|Centre|Ballroom|Gardens?|Park|Estate|Winery|Vineyards?|Lodge|Inn|Resort|Church|Chapel|Cathedral|Museum|Pavilion|Room|House|Manor|Farm|Loft|Theater|Theatre|Brewery|Gallery|Terrace|Rooftop|Castle|Arena|Plaza|Library|Conservatory|Boathouse|Warehouse|Temple|Synagogue|Restaurant|Grill|Tavern|Yacht Club|Cafe|Lounge|Ranch|Retreat|Venue|Hangar|Aquarium|Observatory|Courtyard|Cellars?|Mill|Station';
const VENUE_CUE =
  /\b(at|venue|held|location|place|hosting|host it|reception|ceremony|booked|moved|using|in the)\b/i;
const CAPITALIZED_VENUE = new RegExp(
  `((?:(?:[A-Z][\\w'&-]*|of|the|on|de|la)\\s+){0,4}(?:${VENUE_NOUNS}))\\b`,
  'g',
);
/** A vocabulary term that names a venue (ends in a venue noun). */
const VENUE_NAME = new RegExp(`\\b(?:${VENUE_NOUNS})$`, 'i');
const STOP_LEAD =
  /^(?:(?:The|A|An|Our|My|Your|At|In|It|We|I|Is|So|And|But|Yes|Yeah|Okay|Well|Oh|Of|On)\s+)+/i;
const GENERIC = new RegExp(
  `^(?:${VENUE_NOUNS}|(?:Banquet|Event|Reception|Party|Function|Ball|Dance|Community|Wedding|Private|Back|Main|Dining|Living|Conference|Meeting|Small|Big|Large|Nice|Great|Same|Other|New|Old|Local|Golf|Country|Night|Hotel)\\s+(?:${VENUE_NOUNS}))$`,
  'i',
);

/** The venue: a capitalised name ending in a venue noun (Riverside Mansion, the Grand Oak Ballroom); the last one said wins. */
export function findVenue(
  all: readonly Sentence[],
  knownVenues: readonly string[] = [],
): Found<string> | undefined {
  let found: Found<string> | undefined;
  const venues = knownVenues.filter((v) => VENUE_NAME.test(v));
  for (const s of all) {
    const lower = s.text.toLowerCase();
    const known = venues.find((v) => lower.includes(v.toLowerCase()));
    if (known) {
      found = { value: known, quote: s.text };
      continue;
    }
    if (!VENUE_CUE.test(s.text)) continue;
    for (const m of s.text.matchAll(CAPITALIZED_VENUE)) {
      const name = m[1]!.replace(STOP_LEAD, '').trim();
      if (!/^[A-Z]/.test(name) || GENERIC.test(name)) continue;
      found = { value: name, quote: s.text };
    }
  }
  return found;
}

const EVENT_TYPES: [string, RegExp][] = [
  ['anniversary', /\banniversary\b/i],
  ['wedding', /\b(wedding|married|marry|bride|groom|fianc[eé]e?)\b/i],
  ['bar mitzvah', /\bbar mitzvah\b/i],
  ['bat mitzvah', /\bbat mitzvah\b/i],
  ['quinceañera', /\bquincea\w*\b/i],
  ['sweet sixteen', /\bsweet (sixteen|16)\b/i],
  ['graduation', /\bgraduat\w*\b/i],
  ['retirement', /\bretirement\b/i],
  ['prom', /\b(prom|school dance|homecoming)\b/i],
  ['reunion', /\breunion\b/i],
  ['fundraiser', /\b(fundraiser|charity|gala)\b/i],
  ['birthday', /\bbirthday\b/i],
  [
    'corporate',
    /\b(corporate|company|holiday party|office party|offsite|conference|product launch|team|employees|staff party|client appreciation)\b/i,
  ],
];

/** The kind of event, from the first sentence that names one (the client's words before the admin's). */
export function findEventType(all: readonly Sentence[]): Found<string> | undefined {
  const ordered = [
    ...all.filter((s) => s.line.role !== 'admin'),
    ...all.filter((s) => s.line.role === 'admin'),
  ];
  for (const s of ordered) {
    for (const [type, re] of EVENT_TYPES) if (re.test(s.text)) return { value: type, quote: s.text };
  }
  return undefined;
}
