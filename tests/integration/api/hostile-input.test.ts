import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer } from '@booth/api';
import { apiUnderTest } from './api-context';

/**
 * Issue 10, finding 2: inputs that reached Postgres and came back as a 500 (NUL in any string, a lone
 * surrogate, budgets past a 32-bit int, year 0000) or were stored wrong (2027-02-30 as March 2). Each
 * is now a 400 naming the field, and nothing is written.
 */
let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;
let contactId: string;
let roomName: string;

beforeAll(async () => {
  t = await apiUnderTest();
  cookie = await t.login();
  const contact = await t.db.contact.create({ data: { name: 'Hostile Input', guestCount: 40 } });
  contactId = contact.id;
  roomName = `consultation-${randomBytes(6).toString('hex')}`;
  await t.db.session.create({ data: { roomName, kind: 'consultation', status: 'active' } });
});
afterAll(() => t.close());

const NUL = 'a\u0000b';
const HIGH = 'x\ud800y';
const LOW = '\udc00';

interface Case {
  method: 'get' | 'post' | 'patch' | 'put';
  /** `:contact` stands for the test contact's id. */
  path: string;
  body?: unknown;
  /** The issue path the 400 must name. */
  field: string;
  auth?: boolean;
}

const contactFields: [unknown, string][] = [
  [{ name: NUL }, 'name'],
  [{ name: HIGH }, 'name'],
  [{ venue: NUL }, 'venue'],
  [{ venue: LOW }, 'venue'],
  [{ phone: NUL }, 'phone'],
  [{ eventType: HIGH }, 'eventType'],
  [{ email: 'a\u0000@b.co' }, 'email'],
  [{ budgetCents: 2 ** 31 }, 'budgetCents'],
  [{ budgetCents: 9_999_999_999 }, 'budgetCents'],
  [{ budgetCents: 1_000_000_001 }, 'budgetCents'],
  [{ eventDate: '0000-01-01' }, 'eventDate'],
  [{ eventDate: '2027-02-30' }, 'eventDate'],
  [{ eventDate: '2027-04-31' }, 'eventDate'],
  [{ eventDate: '2026-02-29' }, 'eventDate'],
  [{ guestCount: 100_000 }, 'guestCount'],
  [{ guestCount: 2 ** 31 }, 'guestCount'],
];

const cases: Case[] = [
  { method: 'get', path: '/api/contacts?q=a%00b', field: 'q' },
  { method: 'get', path: '/api/contacts/a%00b', field: 'id' },
  ...contactFields.map(([body, field]): Case => {
    const withName = { name: 'Valid Name', ...(body as object) };
    return { method: 'post', path: '/api/contacts', body: withName, field };
  }),
  ...contactFields.map(([body, field]): Case => ({
    method: 'patch',
    path: '/api/contacts/:contact',
    body,
    field,
  })),
  { method: 'patch', path: '/api/contacts/a%00b', body: { venue: 'Cedar Hall' }, field: 'id' },
  { method: 'get', path: '/api/sessions?contactId=a%00b', field: 'contactId' },
  { method: 'post', path: '/api/sessions', body: { kind: 'call', contactId: NUL }, field: 'contactId' },
  { method: 'get', path: '/api/sessions/a%00b', field: 'id' },
  { method: 'post', path: '/api/sessions/a%00b/analysis', field: 'id' },
  { method: 'get', path: '/api/sessions/a%00b/transcript', field: 'id' },
  { method: 'get', path: '/api/transcripts/search?q=a%00b', field: 'q' },
  { method: 'put', path: '/api/vocabulary', body: { terms: ['Cedar', 'Cedar\u0000Hall'] }, field: 'terms.1' },
  { method: 'put', path: '/api/vocabulary', body: { terms: [HIGH] }, field: 'terms.0' },
  { method: 'post', path: '/api/notifications/read', body: { ids: [NUL] }, field: 'ids.0' },
  { method: 'post', path: '/api/invoices/a%00b/paid', field: 'id' },
  { method: 'post', path: '/api/contracts/a%00b/signed', field: 'id' },
  // Without a login: each string is checked before it is used.
  {
    method: 'post',
    path: '/api/auth/login',
    body: { email: 'a@b.co', password: NUL },
    field: 'password',
    auth: false,
  },
  {
    method: 'post',
    path: '/api/auth/setup',
    body: { token: 'x', email: 'a@b.co', name: NUL, password: 'long-enough-password' },
    field: 'name',
    auth: false,
  },
  {
    method: 'post',
    path: '/api/livekit/token',
    body: { roomName: 'call-abc', name: NUL, inviteCode: 'abcdefghij' },
    field: 'name',
    auth: false,
  },
  {
    method: 'post',
    path: '/api/livekit/token',
    body: { roomName: 'call-abc', inviteCode: `abcdefgh${NUL}` },
    field: 'inviteCode',
    auth: false,
  },
];

describe('hostile input', () => {
  it.each(cases.map((c) => [`${c.method.toUpperCase()} ${c.path} → ${c.field}`, c] as const))(
    '%s',
    async (_name, c) => {
      const path = c.path.replace(':contact', contactId);
      let req = request(t.app)[c.method](path);
      if (c.auth !== false) req = req.set('cookie', cookie);
      const res = c.body === undefined ? await req : await req.send(c.body as object);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error).toBe('invalid request');
      expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(c.field);
    },
  );

  it('changed nothing: the contact is as it was and no lead was created from bad input', async () => {
    const contact = await t.db.contact.findUniqueOrThrow({ where: { id: contactId } });
    expect(contact).toMatchObject({
      name: 'Hostile Input',
      guestCount: 40,
      eventDate: null,
      budgetCents: null,
    });
    expect(await t.db.contact.count({ where: { name: 'Valid Name' } })).toBe(0);
  });

  it('answers a URL past the header limit with JSON, before Express runs', async () => {
    const server = createApiServer(t.app);
    const res = await request(server)
      .get(`/api/contacts?q=${'a'.repeat(20_000)}`)
      .set('cookie', cookie);
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ error: 'request URL or headers too large' });
    const headers = await request(server).get('/healthz').set('x-padding', 'b'.repeat(20_000));
    expect(headers.status).toBe(431);
    expect(headers.body.error).toMatch(/too large/);
  });

  it('still takes the edges of what is valid', async () => {
    const res = await request(t.app).patch(`/api/contacts/${contactId}`).set('cookie', cookie).send({
      budgetCents: 1_000_000_000,
      guestCount: 10_000,
      eventDate: '2028-02-29',
      venue: 'Café 😀 Hall',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ budgetCents: 1_000_000_000, guestCount: 10_000, venue: 'Café 😀 Hall' });
    expect(String(res.body.eventDate)).toMatch(/^2028-02-29/);
  });
});
