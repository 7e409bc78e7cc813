import type { INVOICE_STATUSES } from '@booth/shared/api';

/** A stored invoice status. */
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** An invoice status to list by: one of the stored ones, or `unpaid` (sent and overdue). */
export type InvoiceFilter = InvoiceStatus | 'unpaid';

const SAID: [RegExp, InvoiceFilter][] = [
  [
    /\b(?:unpaid|outstanding|open|owed|owes?|owing|not\s+(?:been\s+)?paid|(?:hasn't|haven't|has\s+not|have\s+not|didn't|did\s+not)\s+(?:yet\s+)?(?:paid|pay)|still\s+(?:to\s+)?pay|waiting\s+(?:on|for)\s+payment|to\s+be\s+paid)\b/i,
    'unpaid',
  ],
  [/\b(?:overdue|late|past\s+due|behind)\b/i, 'overdue'],
  [/\b(?:paid|settled|cleared)\b/i, 'paid'],
  [/\b(?:drafts?|unsent|not\s+sent)\b/i, 'draft'],
  [/\b(?:sent|issued)\b/i, 'sent'],
  [/\b(?:void|voided|cancel+ed)\b/i, 'void'],
];

/** The invoice status `text` asks for, the earliest-said one ("who hasn't paid" is `unpaid`, not `paid`). */
export function invoiceStatusIn(text: string): InvoiceFilter | undefined {
  let best: { status: InvoiceFilter; start: number; end: number } | undefined;
  for (const [re, status] of SAID) {
    const m = re.exec(text);
    if (!m) continue;
    const start = m.index;
    const end = start + m[0].length;
    if (!best || start < best.start || (start === best.start && end > best.end))
      best = { status, start, end };
  }
  return best?.status;
}
