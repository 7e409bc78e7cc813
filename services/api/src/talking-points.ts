import { money } from '@booth/assistant';
import type { LeadStatus, TalkingPoint } from '@booth/shared/api';

/** The record talking points are built from (the columns, as Prisma returns them). */
export interface TalkingRecord {
  contact: {
    id: string;
    leadStatus: LeadStatus;
    eventType: string | null;
    /** A date column: midnight UTC of the day. */
    eventDate: Date | null;
    venue: string | null;
    guestCount: number | null;
    budgetCents: bigint | number | null;
  };
  quotes: { title: string; status: string; amountCents: number; currency: string; createdAt: Date }[];
  invoices: { number: string; status: string; amountCents: number; currency: string; dueDate: Date | null }[];
  contracts: { title: string; status: string; createdAt: Date }[];
  tasks: { title: string; done: boolean; dueDate: Date | null }[];
}

/** Options of {@link talkingPoints}, with their defaults. */
export interface TalkingPointOptions {
  /** A sent quote not accepted after this many days is worth a follow-up (default 7). */
  quoteFollowUpDays?: number;
  /** A booked event this close is worth confirming the details of (default 14). */
  eventSoonDays?: number;
}

const DAY_MS = 86_400_000;
/** Whole days from `a` to `b` (UTC days: date columns and `today` are both midnight UTC). */
const daysFrom = (a: Date, b: Date) => Math.round((b.getTime() - a.getTime()) / DAY_MS);
const utcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const shortDay = (d: Date) =>
  d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** Leads still being won: what is missing about their event is worth asking. */
const OPEN_LEADS: readonly LeadStatus[] = ['new', 'contacted', 'qualified', 'booked'];

/**
 * What to bring up with a contact, most pressing first, from their record alone (no model): money
 * owed, contracts waiting, quotes going cold, what is missing about the event (no venue yet → ask),
 * a booked event coming up, overdue tasks. `today` is the business's day (`YYYY-MM-DD`).
 */
export function talkingPoints(
  r: TalkingRecord,
  today: string,
  opts: TalkingPointOptions = {},
): TalkingPoint[] {
  const { quoteFollowUpDays = 7, eventSoonDays = 14 } = opts;
  const now = new Date(`${today}T00:00:00Z`);
  const c = r.contact;
  const id = encodeURIComponent(c.id);
  const hrefs = {
    quotes: `/quotes?contactId=${id}`,
    invoices: `/invoices?contactId=${id}`,
    contracts: `/contacts/${id}#contact-contracts-h`,
    details: `/contacts/${id}#contact-edit-h`,
    tasks: `/contacts/${id}#contact-tasks-h`,
  };
  const out: TalkingPoint[] = [];
  const add = (kind: TalkingPoint['kind'], text: string, href: string | null) =>
    out.push({ kind, text, href });

  for (const inv of r.invoices) {
    if (inv.status !== 'sent' && inv.status !== 'overdue') continue;
    const amount = money(inv.amountCents, inv.currency);
    const late = inv.status === 'overdue' || (inv.dueDate !== null && daysFrom(inv.dueDate, now) > 0);
    if (late) {
      const since = inv.dueDate ? ` since ${shortDay(inv.dueDate)}` : '';
      add('payment', `Invoice ${inv.number} (${amount}) is overdue${since}: mention it`, hrefs.invoices);
    } else {
      const due = inv.dueDate ? `, due ${shortDay(inv.dueDate)}` : '';
      add('payment', `Invoice ${inv.number} (${amount}) is unpaid${due}: mention it`, hrefs.invoices);
    }
  }

  const signed = r.contracts.some((k) => k.status === 'signed');
  for (const k of r.contracts) {
    if (k.status !== 'sent') continue;
    const days = daysFrom(utcDay(k.createdAt), now);
    const age = days > 0 ? ` for ${plural(days, 'day')}` : '';
    add(
      'contract',
      `Contract “${k.title}” is waiting for a signature${age}: ask them to sign`,
      hrefs.contracts,
    );
  }
  const accepted = r.quotes.find((q) => q.status === 'accepted');
  const contractUnderWay = r.contracts.some((k) => k.status === 'sent' || k.status === 'signed');
  if (accepted && !contractUnderWay) {
    add('contract', `Quote “${accepted.title}” was accepted: send the contract`, hrefs.contracts);
  } else if (c.leadStatus === 'booked' && !signed && !contractUnderWay) {
    add('contract', 'Booked without a signed contract: send one', hrefs.contracts);
  }

  if (!accepted) {
    for (const q of r.quotes) {
      if (q.status !== 'sent') continue;
      const days = daysFrom(utcDay(q.createdAt), now);
      if (days < quoteFollowUpDays) continue;
      add(
        'follow-up',
        `Quote “${q.title}” (${money(q.amountCents, q.currency)}) sent ${plural(days, 'day')} ago, not accepted: follow up`,
        hrefs.quotes,
      );
    }
    const live = r.quotes.some((q) => q.status === 'draft' || q.status === 'sent');
    if (!live && (c.leadStatus === 'contacted' || c.leadStatus === 'qualified')) {
      add('follow-up', 'No quote yet: offer one', hrefs.quotes);
    }
  }

  if (OPEN_LEADS.includes(c.leadStatus)) {
    if (!c.eventType) add('ask', 'No event type yet: ask what the occasion is', hrefs.details);
    if (!c.eventDate) add('ask', 'No event date yet: ask when it is', hrefs.details);
    if (!c.venue) add('ask', 'No venue yet: ask where it will be', hrefs.details);
    if (c.guestCount === null) add('ask', 'Guest count unknown: ask how many are coming', hrefs.details);
    if (c.budgetCents === null && !r.quotes.length) {
      add('ask', 'No budget yet: ask what they plan to spend', hrefs.details);
    }
  }

  if (c.leadStatus === 'booked' && c.eventDate) {
    const until = daysFrom(now, c.eventDate);
    if (until >= 0 && until <= eventSoonDays) {
      const when = until === 0 ? 'today' : until === 1 ? 'tomorrow' : `in ${plural(until, 'day')}`;
      add('event', `The event is ${when}: confirm timings, load-in and the music list`, hrefs.details);
    }
  }

  for (const t of r.tasks) {
    if (t.done || !t.dueDate || daysFrom(t.dueDate, now) <= 0) continue;
    add('task', `Overdue since ${shortDay(t.dueDate)}: ${t.title}`, hrefs.tasks);
  }
  return out;
}

/** Today on the business's clock (BOOTH_TIME_ZONE), `YYYY-MM-DD`. */
export function businessDay(timeZone: string, now = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
