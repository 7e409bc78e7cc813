import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATIONS_ROOM } from '@booth/shared';
import { apiUnderTest } from './api-context';

let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;

beforeAll(async () => {
  t = await apiUnderTest();
  cookie = await t.login();
});
afterAll(() => t.close());

describe('leads, hand edits and the audit trail', () => {
  it('creates a lead and notifies the admins, stored for whoever was offline', async () => {
    const res = await request(t.app)
      .post('/api/contacts')
      .set('cookie', cookie)
      .send({ name: 'Maya Chen', phone: '+15550100' });
    expect(res.status).toBe(201);
    const stored = await t.db.notification.findUnique({ where: { dedupeKey: `new-lead-${res.body.id}` } });
    expect(stored).toMatchObject({
      type: 'new_lead',
      title: 'New lead: Maya Chen',
      contactId: res.body.id,
      readAt: null,
    });
    const list = await request(t.app).get('/api/notifications?unread=true&limit=200').set('cookie', cookie);
    expect(list.status).toBe(200);
    expect(list.body.notifications.map((n: { id: string }) => n.id)).toContain(stored!.id);
    const read = await request(t.app)
      .post('/api/notifications/read')
      .set('cookie', cookie)
      .send({ ids: [stored!.id] });
    expect(read.body).toEqual({ marked: 1 });
    expect((await t.db.notification.findUniqueOrThrow({ where: { id: stored!.id } })).readAt).not.toBeNull();
  });

  it('records an admin edit in the audit trail and protects the field from analysis', async () => {
    const c = await t.db.contact.create({ data: { name: 'Sam Ortiz', venue: 'Old Barn' } });
    const res = await request(t.app)
      .patch(`/api/contacts/${c.id}`)
      .set('cookie', cookie)
      .send({ venue: 'Cedar Hall', guestCount: 120, eventDate: '2027-05-01' });
    expect(res.status).toBe(200);
    expect(res.body.manualFields.sort()).toEqual(['eventDate', 'guestCount', 'venue']);
    const detail = await request(t.app).get(`/api/contacts/${c.id}`).set('cookie', cookie);
    const venue = detail.body.changes.find((ch: { field: string }) => ch.field === 'venue');
    expect(venue).toMatchObject({
      oldValue: 'Old Barn',
      newValue: 'Cedar Hall',
      source: 'admin',
      actorId: t.admin.id,
    });
    expect(detail.body.changes.find((ch: { field: string }) => ch.field === 'eventDate').newValue).toBe(
      '2027-05-01',
    );
  });

  it('rejects bad edits with 400 and unknown contacts with 404, changing nothing', async () => {
    const c = await t.db.contact.create({ data: { name: 'Ana', guestCount: 50 } });
    for (const body of [
      {},
      { guestCount: -3 },
      { guestCount: 'many' },
      { eventDate: '2027-13-45' },
      { venue: '' },
      { color: 'red' },
    ]) {
      const res = await request(t.app).patch(`/api/contacts/${c.id}`).set('cookie', cookie).send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toBeTruthy();
    }
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: c.id } })).guestCount).toBe(50);
    expect(
      (await request(t.app).patch('/api/contacts/nope').set('cookie', cookie).send({ venue: 'X Hall' }))
        .status,
    ).toBe(404);
    expect((await request(t.app).patch(`/api/contacts/${c.id}`).send({ venue: 'X Hall' })).status).toBe(401);
  });
});

describe('payment and contract notifications', () => {
  it('notify once per payment and per signature, however often they are reported', async () => {
    const c = await t.db.contact.create({ data: { name: 'Lee Park' } });
    const inv = await t.db.invoice.create({
      data: { contactId: c.id, number: `INV-${randomBytes(4).toString('hex')}`, amountCents: 150000 },
    });
    const k = await t.db.contract.create({
      data: { contactId: c.id, title: 'Wedding DJ', amountCents: 150000 },
    });
    for (let i = 0; i < 2; i++) {
      expect(
        (await request(t.app).post(`/api/invoices/${inv.id}/paid`).set('cookie', cookie)).body.status,
      ).toBe('paid');
      expect(
        (await request(t.app).post(`/api/contracts/${k.id}/signed`).set('cookie', cookie)).body.status,
      ).toBe('signed');
    }
    const stored = await t.db.notification.findMany({
      where: { contactId: c.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(stored.map((n) => n.type)).toEqual(['payment_received', 'contract_signed']);
    expect((await request(t.app).post('/api/invoices/nope/paid').set('cookie', cookie)).status).toBe(404);
  });

  it('gives admins, and only admins, a token for the notifications room', async () => {
    const ok = await request(t.app)
      .post('/api/livekit/token')
      .set('cookie', cookie)
      .send({ roomName: NOTIFICATIONS_ROOM });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ roomName: NOTIFICATIONS_ROOM });
    expect(ok.body.identity).toMatch(new RegExp(`^admin-${t.admin.id}-[0-9a-f]{8}$`));
    const anon = await request(t.app).post('/api/livekit/token').send({ roomName: NOTIFICATIONS_ROOM });
    expect(anon.status).toBe(401);
    const presence = await request(t.app).get('/api/notifications/presence').set('cookie', cookie);
    expect(presence.status).toBe(200);
    expect(Array.isArray(presence.body.admins)).toBe(true);
  });
});
