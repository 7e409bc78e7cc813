import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactsApi, sessionsApi, type PhoneCallFields } from '@booth/shared/api';
import { apiUnderTest } from './api-context';

/**
 * Phone calls as the dashboard lists them: the session list, a session and a contact's calls carry
 * the number (and its display form), direction, route, who answered, the duration, a missed call's
 * callback task and why a call has no transcript; `?phone=` and `?missed=` filter the list.
 */
let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;
let contactId: string;
const ids = { answered: '', missed: '', untranscribed: '', browser: '', callback: '' };

const tag = () => randomBytes(5).toString('hex');
const callSid = () => `CA${randomBytes(16).toString('hex')}`;

beforeAll(async () => {
  t = await apiUnderTest();
  cookie = await t.login();
  const contact = await t.db.contact.create({ data: { name: `Caller ${tag()}`, phone: '+15551234567' } });
  contactId = contact.id;
  const phone = (sid: string) => ({
    roomName: `phone-${sid}`,
    kind: 'call' as const,
    contactId,
    callSid: sid,
    phoneNumber: '+15551234567',
    callDirection: 'inbound' as const,
    phoneVia: 'twilio' as const,
  });
  const answered = await t.db.session.create({
    data: {
      ...phone(callSid()),
      status: 'ended',
      startedAt: new Date('2026-03-02T10:00:00Z'),
      answeredAt: new Date('2026-03-02T10:00:07Z'),
      answeredById: t.admin.id,
      endedAt: new Date('2026-03-02T10:04:05Z'),
    },
  });
  const missed = await t.db.session.create({
    data: {
      ...phone(callSid()),
      status: 'ended',
      missed: true,
      startedAt: new Date('2026-03-03T09:00:00Z'),
      endedAt: new Date('2026-03-03T09:00:25Z'),
    },
  });
  const callback = await t.db.task.create({
    data: {
      title: 'Call back the caller',
      contactId,
      sessionId: missed.id,
      createdAt: new Date(Date.now() - 1000),
    },
  });
  // A later task on the same call is not its callback.
  await t.db.task.create({ data: { title: 'Send a quote', contactId, sessionId: missed.id } });
  await t.db.task.create({ data: { title: 'Not a callback', contactId, sessionId: answered.id } });
  const untranscribed = await t.db.session.create({
    data: {
      ...phone(callSid()),
      phoneNumber: 'Anonymous',
      status: 'ended',
      untranscribedReason: 'telephony bridge unreachable',
      startedAt: new Date('2026-03-04T12:00:00Z'),
      endedAt: new Date('2026-03-04T12:00:00Z'),
    },
  });
  const browser = await t.db.session.create({
    data: { roomName: `call-${tag()}`, kind: 'call', status: 'active', contactId },
  });
  Object.assign(ids, {
    answered: answered.id,
    missed: missed.id,
    untranscribed: untranscribed.id,
    browser: browser.id,
    callback: callback.id,
  });
});
afterAll(() => t.close());

const get = (path: string) => request(t.app).get(path).set('cookie', cookie);

async function listed(query: string) {
  const res = await get(`/api/sessions?contactId=${contactId}&${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  // Exactly the contract: parsing it again changes nothing.
  const body = sessionsApi.list.response.parse(res.body);
  expect(body).toEqual(res.body);
  return body.sessions;
}

const ANSWERED: Partial<PhoneCallFields> = {
  phoneNumber: '+15551234567',
  phoneDisplay: '+1 555 123 4567',
  callDirection: 'inbound',
  phoneVia: 'twilio',
  answeredAt: '2026-03-02T10:00:07.000Z',
  missed: false,
  untranscribedReason: null,
  durationMs: 245_000,
  callbackTaskId: null,
};

describe('phone calls in the session list', () => {
  it('carry the number, direction, route, who answered, duration, callback task and why there is no transcript', async () => {
    const byId = new Map((await listed('')).map((s) => [s.id, s]));
    expect(byId.size).toBe(4);
    expect(byId.get(ids.answered)).toMatchObject({
      ...ANSWERED,
      answeredBy: { id: t.admin.id, name: 'Test Admin' },
    });
    expect(byId.get(ids.missed)).toMatchObject({
      missed: true,
      answeredBy: null,
      answeredAt: null,
      durationMs: 25_000,
      callbackTaskId: ids.callback,
    });
    expect(byId.get(ids.untranscribed)).toMatchObject({
      phoneNumber: 'Anonymous',
      phoneDisplay: 'Anonymous',
      untranscribedReason: 'telephony bridge unreachable',
      missed: false,
      callbackTaskId: null,
    });
    expect(byId.get(ids.browser)).toMatchObject({
      phoneNumber: null,
      phoneDisplay: null,
      callDirection: null,
      phoneVia: null,
      answeredBy: null,
      missed: false,
      durationMs: null,
      callbackTaskId: null,
    });
    expect(byId.get(ids.answered)).not.toHaveProperty('tasks');
    expect(byId.get(ids.answered)).not.toHaveProperty('callSid');
  });

  it('filter by phone and missed', async () => {
    const idsOf = async (q: string) => (await listed(q)).map((s) => s.id).sort();
    expect(await idsOf('phone=true')).toEqual([ids.answered, ids.missed, ids.untranscribed].sort());
    expect(await idsOf('phone=false')).toEqual([ids.browser]);
    expect(await idsOf('missed=true')).toEqual([ids.missed]);
    expect(await idsOf('missed=false')).toEqual([ids.answered, ids.untranscribed, ids.browser].sort());
    expect(await idsOf('phone=true&missed=false')).toEqual([ids.answered, ids.untranscribed].sort());
    expect(await idsOf('phone=false&missed=true')).toEqual([]);
  });

  it('answer a bad filter value with a 400 naming it', async () => {
    for (const [query, field] of [
      ['missed=yes', 'missed'],
      ['phone=1', 'phone'],
      ['missed=true&missed=false', 'missed'],
    ] as const) {
      const res = await get(`/api/sessions?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
  });
});

describe('a phone call’s detail and a contact’s calls', () => {
  it('the session detail says how the call went', async () => {
    const answered = await get(`/api/sessions/${ids.answered}`);
    expect(answered.status).toBe(200);
    expect(sessionsApi.get.response.parse(answered.body)).toEqual(answered.body);
    expect(answered.body).toMatchObject({ ...ANSWERED, answeredBy: { id: t.admin.id, name: 'Test Admin' } });
    const missed = await get(`/api/sessions/${ids.missed}`);
    expect(missed.body).toMatchObject({ missed: true, callbackTaskId: ids.callback });
    expect(missed.body.tasks).toHaveLength(2);
  });

  it('the contact page’s calls carry the same fields', async () => {
    const res = await get(`/api/contacts/${contactId}`);
    expect(res.status).toBe(200);
    const body = contactsApi.get.response.parse(res.body);
    const byId = new Map(body.sessions.map((s) => [s.id, s]));
    expect(byId.get(ids.answered)).toMatchObject({
      ...ANSWERED,
      answeredBy: { id: t.admin.id, name: 'Test Admin' },
    });
    expect(byId.get(ids.missed)).toMatchObject({ missed: true, callbackTaskId: ids.callback });
    expect(byId.get(ids.untranscribed)?.untranscribedReason).toBe('telephony bridge unreachable');
    expect(byId.get(ids.browser)?.phoneVia).toBeNull();
    expect(body.sessions[0]).not.toHaveProperty('tasks');
  });
});
