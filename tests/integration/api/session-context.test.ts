import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUnderTest } from './api-context';

/**
 * GET /api/sessions/:id/context over the real API and Postgres: a consultation's contact with their
 * quotes, invoices, contracts, open tasks, latest notes, past calls with summaries (not this one, not
 * assistant rooms), and talking points from that record; a session with nobody on file.
 */
let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;

beforeAll(async () => {
  t = await apiUnderTest({ BOOTH_TIME_ZONE: 'UTC' });
  cookie = await t.login();
});
afterAll(() => t.close());

const tag = () => randomBytes(4).toString('hex');
const DAY = 86_400_000;
const dayOffset = (days: number) => {
  const d = new Date(Date.now() + days * DAY);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
};
const session = (data: {
  contactId?: string;
  kind?: 'call' | 'consultation' | 'assistant';
  status?: 'active' | 'ended';
  startedAt?: Date;
}) =>
  t.db.session.create({
    data: {
      roomName: `${data.kind ?? 'consultation'}-${tag()}`,
      kind: data.kind ?? 'consultation',
      status: data.status ?? 'active',
      contactId: data.contactId,
      startedAt: data.startedAt,
    },
  });
const context = (id: string) => request(t.app).get(`/api/sessions/${id}/context`).set('cookie', cookie);

describe('session context', () => {
  it('gives the contact, their record, past calls and talking points', async () => {
    const contact = await t.db.contact.create({
      data: {
        name: `Priya ${tag()}`,
        leadStatus: 'qualified',
        eventType: 'wedding',
        eventDate: dayOffset(200),
        guestCount: 140,
        budgetCents: 400_000n,
      },
    });
    await t.db.quote.create({
      data: {
        contactId: contact.id,
        title: 'Gold package',
        status: 'sent',
        amountCents: 320_000,
        createdAt: new Date(Date.now() - 10 * DAY),
      },
    });
    await t.db.invoice.create({
      data: {
        contactId: contact.id,
        number: `DEP-${tag()}`,
        status: 'sent',
        amountCents: 50_000,
        dueDate: dayOffset(-2),
      },
    });
    await t.db.contract.create({
      data: { contactId: contact.id, title: 'Wedding DJ', status: 'draft', amountCents: 320_000 },
    });
    await t.db.task.create({
      data: { contactId: contact.id, title: 'Call the venue', dueDate: dayOffset(-1) },
    });
    await t.db.task.create({ data: { contactId: contact.id, title: 'Old one', done: true } });
    for (let i = 0; i < 7; i++) {
      await t.db.note.create({
        data: {
          contactId: contact.id,
          body: `note ${i}`,
          createdAt: new Date(Date.now() - (7 - i) * 60_000),
        },
      });
    }
    const earlier = await session({
      contactId: contact.id,
      kind: 'call',
      status: 'ended',
      startedAt: new Date(Date.now() - 5 * DAY),
    });
    await t.db.analysis.create({
      data: {
        sessionId: earlier.id,
        status: 'completed',
        summary: 'Asked about the gold package for June.',
        sentiment: 'warm',
      },
    });
    await session({ contactId: contact.id, kind: 'assistant', status: 'ended' });
    const now = await session({ contactId: contact.id });

    const res = await context(now.id);
    expect(res.status).toBe(200);
    const c = res.body;
    expect(c.sessionId).toBe(now.id);
    expect(c.contact).toMatchObject({
      id: contact.id,
      name: contact.name,
      guestCount: 140,
      budgetCents: 400_000,
      venue: null,
    });
    expect(c.quotes.map((q: { title: string }) => q.title)).toEqual(['Gold package']);
    expect(c.invoices).toHaveLength(1);
    expect(c.contracts.map((k: { status: string }) => k.status)).toEqual(['draft']);
    expect(c.openTasks.map((x: { title: string }) => x.title)).toEqual(['Call the venue']);
    expect(c.notes.map((n: { body: string }) => n.body)).toEqual([
      'note 6',
      'note 5',
      'note 4',
      'note 3',
      'note 2',
    ]);
    expect(c.pastCalls).toEqual([
      expect.objectContaining({
        id: earlier.id,
        kind: 'call',
        summary: 'Asked about the gold package for June.',
        sentiment: 'warm',
      }),
    ]);
    expect(c.talkingPoints.map((p: { kind: string }) => p.kind)).toEqual([
      'payment',
      'follow-up',
      'ask',
      'task',
    ]);
    expect(c.talkingPoints[1]).toEqual({
      kind: 'follow-up',
      text: 'Quote “Gold package” ($3,200) sent 10 days ago, not accepted: follow up',
      href: `/quotes?contactId=${contact.id}`,
    });
    expect(c.talkingPoints[2].text).toBe('No venue yet: ask where it will be');
  });

  it('is empty for a session with nobody on file, 404 for none, 401 signed out', async () => {
    const bare = await session({ kind: 'call' });
    const res = await context(bare.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      sessionId: bare.id,
      contact: null,
      quotes: [],
      invoices: [],
      contracts: [],
      openTasks: [],
      notes: [],
      pastCalls: [],
      talkingPoints: [],
    });
    expect((await context('c_nope')).status).toBe(404);
    expect((await request(t.app).get(`/api/sessions/${bare.id}/context`)).status).toBe(401);
  });
});
