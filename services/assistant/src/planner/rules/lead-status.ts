import type { LeadStatus } from '@booth/shared/api';

/**
 * Lead statuses as people say them: hot/warm leads are `qualified`, cold/dead/gone ones `lost`,
 * won/confirmed/signed ones `booked`, called/reached/spoken-to ones `contacted`, fresh/incoming
 * (and not yet called) ones `new`.
 */
const SAID: [RegExp, LeadStatus][] = [
  [
    /\b(?:haven't|have\s+not|hasn't|has\s+not|not\s+yet|never|didn't|did\s+not|not)\s+(?:been\s+)?(?:yet\s+)?(?:called|contacted|reached|spoken\s+to|talked\s+to|rung)\b/i,
    'new',
  ],
  [
    /\b(?:lost|cold|dead|gone|not\s+interested|no\s+longer\s+interested|uninterested|went\s+(?:with|elsewhere)|declined|dropped(?:\s+out)?|backed\s+out|cancel+ed|passed)\b/i,
    'lost',
  ],
  [/\b(?:booked|bookings?|won|wins|confirmed|signed|closed|a\s+client\s+now)\b/i, 'booked'],
  [/\b(?:qualified|hot|warm|interested|serious|promising)\b/i, 'qualified'],
  [
    /\b(?:contacted|called|reached(?:\s+out\s+to)?|spoken\s+to|spoke\s+to|talked\s+to|in\s+touch|rang|rung)\b/i,
    'contacted',
  ],
  [/\b(?:new|fresh|incoming|uncontacted)\b/i, 'new'],
];

/** A lead status found in `text` and where its words are. */
export interface FoundStatus {
  status: LeadStatus;
  start: number;
  end: number;
}

/**
 * The lead status `text` says, the earliest-said one (a longer phrase wins at the same place:
 * "not interested" is `lost`, "haven't called" is `new`).
 */
export function findLeadStatus(text: string): FoundStatus | undefined {
  let best: FoundStatus | undefined;
  for (const [re, status] of SAID) {
    const m = re.exec(text);
    if (!m) continue;
    const found = { status, start: m.index, end: m.index + m[0].length };
    if (!best || found.start < best.start || (found.start === best.start && found.end > best.end))
      best = found;
  }
  return best;
}

/** The lead status `text` says, if any (see {@link findLeadStatus}). */
export function leadStatusIn(text: string): LeadStatus | undefined {
  return findLeadStatus(text)?.status;
}
