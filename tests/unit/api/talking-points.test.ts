import { describe, expect, it } from 'vitest';
import { businessDay, talkingPoints, type TalkingRecord } from '../../../services/api/src/talking-points';

const TODAY = '2026-12-03';
const day = (d: string) => new Date(`${d}T00:00:00Z`);

/** A contact with everything about their event on file and nothing owed or waiting. */
function record(
  over: Partial<Omit<TalkingRecord, 'contact'>> & { contact?: Partial<TalkingRecord['contact']> } = {},
): TalkingRecord {
  return {
    quotes: [],
    invoices: [],
    contracts: [],
    tasks: [],
    ...over,
    contact: {
      id: 'c1',
      leadStatus: 'qualified',
      eventType: 'wedding',
      eventDate: day('2027-06-12'),
      venue: 'Riverside Mansion',
      guestCount: 120,
      budgetCents: 300_000,
      ...over.contact,
    },
  };
}
const quote = (status: string, created: string, title = 'Gold package') => ({
  title,
  status,
  amountCents: 250_000,
  currency: 'USD',
  createdAt: day(created),
});
const texts = (r: TalkingRecord) => talkingPoints(r, TODAY).map((p) => `${p.kind}: ${p.text}`);

describe('talking points', () => {
  it('a complete record with nothing waiting has nothing to bring up but a quote', () => {
    expect(texts(record())).toEqual(['follow-up: No quote yet: offer one']);
    expect(texts(record({ quotes: [quote('draft', '2026-12-01')] }))).toEqual([]);
  });

  it('asks for what is missing about the event', () => {
    const r = record({
      contact: { eventType: null, eventDate: null, venue: null, guestCount: null, budgetCents: null },
      quotes: [quote('draft', '2026-12-01')],
    });
    expect(texts(r)).toEqual([
      'ask: No event type yet: ask what the occasion is',
      'ask: No event date yet: ask when it is',
      'ask: No venue yet: ask where it will be',
      'ask: Guest count unknown: ask how many are coming',
    ]);
    // No budget and no quote: ask about money too.
    expect(texts({ ...r, quotes: [] })).toContain('ask: No budget yet: ask what they plan to spend');
    // Lost leads are not chased.
    expect(texts(record({ contact: { leadStatus: 'lost', venue: null } }))).toEqual([]);
  });

  it('follows up a sent quote going cold, not a fresh one or once one is accepted', () => {
    const points = talkingPoints(record({ quotes: [quote('sent', '2026-11-23')] }), TODAY);
    expect(points).toEqual([
      {
        kind: 'follow-up',
        text: 'Quote “Gold package” ($2,500) sent 10 days ago, not accepted: follow up',
        href: '/quotes?contactId=c1',
      },
    ]);
    expect(texts(record({ quotes: [quote('sent', '2026-11-30')] }))).toEqual([]);
    expect(
      talkingPoints(record({ quotes: [quote('sent', '2026-11-30')] }), TODAY, { quoteFollowUpDays: 3 }),
    ).toHaveLength(1);
    const accepted = record({
      quotes: [quote('sent', '2026-11-01', 'Silver'), quote('accepted', '2026-11-20')],
    });
    expect(texts(accepted)).toEqual(['contract: Quote “Gold package” was accepted: send the contract']);
  });

  it('mentions unpaid and overdue invoices first, with amounts and dates', () => {
    const r = record({
      quotes: [quote('draft', '2026-12-01')],
      invoices: [
        { number: 'INV-7', status: 'sent', amountCents: 50_000, currency: 'USD', dueDate: day('2026-12-10') },
        { number: 'INV-6', status: 'sent', amountCents: 25_050, currency: 'USD', dueDate: day('2026-11-30') },
        { number: 'INV-5', status: 'overdue', amountCents: 10_000, currency: 'EUR', dueDate: null },
        { number: 'INV-4', status: 'paid', amountCents: 10_000, currency: 'USD', dueDate: day('2026-10-01') },
      ],
      contact: { venue: null },
    });
    expect(texts(r)).toEqual([
      'payment: Invoice INV-7 ($500) is unpaid, due Dec 10, 2026: mention it',
      'payment: Invoice INV-6 ($250.50) is overdue since Nov 30, 2026: mention it',
      'payment: Invoice INV-5 (€100) is overdue: mention it',
      'ask: No venue yet: ask where it will be',
    ]);
  });

  it('chases a contract waiting for a signature, and a booking without one', () => {
    const waiting = record({
      quotes: [quote('accepted', '2026-11-01')],
      contracts: [{ title: 'Wedding DJ', status: 'sent', createdAt: day('2026-11-28') }],
    });
    expect(texts(waiting)).toEqual([
      'contract: Contract “Wedding DJ” is waiting for a signature for 5 days: ask them to sign',
    ]);
    const booked = record({ contact: { leadStatus: 'booked' }, quotes: [quote('draft', '2026-12-01')] });
    expect(texts(booked)).toEqual(['contract: Booked without a signed contract: send one']);
    const signed = record({
      contact: { leadStatus: 'booked' },
      quotes: [quote('accepted', '2026-11-01')],
      contracts: [{ title: 'Wedding DJ', status: 'signed', createdAt: day('2026-11-02') }],
    });
    expect(texts(signed)).toEqual([]);
  });

  it('says a booked event is coming up, and lists overdue tasks last', () => {
    const r = record({
      contact: { leadStatus: 'booked', eventDate: day('2026-12-04') },
      quotes: [quote('accepted', '2026-11-01')],
      contracts: [{ title: 'DJ', status: 'signed', createdAt: day('2026-11-02') }],
      tasks: [
        { title: 'Send the playlist form', done: false, dueDate: day('2026-12-01') },
        { title: 'Done already', done: true, dueDate: day('2026-11-01') },
        { title: 'Due today', done: false, dueDate: day(TODAY) },
        { title: 'Someday', done: false, dueDate: null },
      ],
    });
    expect(texts(r)).toEqual([
      'event: The event is tomorrow: confirm timings, load-in and the music list',
      'task: Overdue since Dec 1, 2026: Send the playlist form',
    ]);
    const far = record({
      contact: { leadStatus: 'booked', eventDate: day('2027-01-30') },
      quotes: r.quotes,
      contracts: r.contracts,
    });
    expect(texts(far)).toEqual([]);
  });

  it('links each point to the page it is about', () => {
    const points = talkingPoints(
      record({
        contact: { id: 'c/2', venue: null },
        invoices: [{ number: 'I1', status: 'overdue', amountCents: 1, currency: 'USD', dueDate: null }],
      }),
      TODAY,
    );
    expect(points.map((p) => p.href)).toEqual([
      '/invoices?contactId=c%2F2',
      '/quotes?contactId=c%2F2',
      '/contacts/c%2F2#contact-edit-h',
    ]);
  });

  it('reads today on the business clock', () => {
    const late = new Date('2026-12-03T23:30:00Z');
    expect(businessDay('UTC', late)).toBe('2026-12-03');
    expect(businessDay('Asia/Tokyo', late)).toBe('2026-12-04');
    expect(businessDay('America/Los_Angeles', new Date('2026-12-04T03:00:00Z'))).toBe('2026-12-03');
  });
});
