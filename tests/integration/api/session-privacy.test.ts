import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteExpiredSessions, startSessionSweep } from '@booth/api';
import { hashPassword } from '@booth/db';
import { createLogger } from '@booth/shared';
import { waitUntil } from '../../support/processes';
import { apiUnderTest } from './api-context';

/** Issue 10, finding 10: what the contact detail shows of its calls, and expired login sessions. */
let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;
beforeAll(async () => {
  t = await apiUnderTest();
  cookie = await t.login();
});
afterAll(() => t.close());

describe('contact detail', () => {
  it("shows its calls without the invite hash or the transcriber's heartbeat", async () => {
    const contact = await t.db.contact.create({ data: { name: 'Invite Holder' } });
    const session = await t.db.session.create({
      data: {
        roomName: `consultation-${randomBytes(6).toString('hex')}`,
        kind: 'consultation',
        contactId: contact.id,
        inviteHash: 'a'.repeat(64),
        transcriberSeenAt: new Date(),
      },
    });
    const res = await request(t.app).get(`/api/contacts/${contact.id}`).set('cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.body.sessions).toHaveLength(1);
    expect(res.body.sessions[0]).toMatchObject({ id: session.id, roomName: session.roomName });
    expect(res.body.sessions[0]).not.toHaveProperty('inviteHash');
    expect(res.body.sessions[0]).not.toHaveProperty('transcriberSeenAt');
    expect(JSON.stringify(res.body)).not.toContain('a'.repeat(64));
    // The same columns as the session endpoints show.
    const own = await request(t.app).get(`/api/sessions/${session.id}`).set('cookie', cookie);
    for (const key of Object.keys(res.body.sessions[0])) expect(own.body).toHaveProperty(key);
  });
});

describe('expired login sessions', () => {
  const expired = (userId: string, hoursAgo: number) =>
    t.db.authSession.create({
      data: {
        id: randomBytes(32).toString('hex'),
        userId,
        createdAt: new Date(Date.now() - (hoursAgo + 12) * 3600_000),
        expiresAt: new Date(Date.now() - hoursAgo * 3600_000),
      },
    });

  it("are deleted when their user logs in again, and the user's live ones kept", async () => {
    const old = await Promise.all([expired(t.admin.id, 1), expired(t.admin.id, 500)]);
    const live = await t.db.authSession.count({
      where: { userId: t.admin.id, expiresAt: { gt: new Date() } },
    });
    await t.login();
    expect(await t.db.authSession.count({ where: { id: { in: old.map((s) => s.id) } } })).toBe(0);
    expect(
      await t.db.authSession.count({ where: { userId: t.admin.id, expiresAt: { gt: new Date() } } }),
    ).toBe(live + 1);
    expect((await request(t.app).get('/api/auth/me').set('cookie', cookie)).status).toBe(200);
  });

  it('are swept for users who never come back, leaving live sessions alone', async () => {
    const other = await t.db.adminUser.create({
      data: {
        email: `gone-${randomBytes(4).toString('hex')}@booth.test`,
        name: 'Gone',
        passwordHash: await hashPassword('another-long-password'),
      },
    });
    const old = await expired(other.id, 2);
    const live = await t.db.authSession.create({
      data: {
        id: randomBytes(32).toString('hex'),
        userId: other.id,
        expiresAt: new Date(Date.now() + 3600_000),
      },
    });
    expect(await deleteExpiredSessions(t.db)).toBeGreaterThanOrEqual(1);
    expect(await t.db.authSession.findUnique({ where: { id: old.id } })).toBeNull();
    // And the API's periodic sweep does the same on its own.
    const stop = startSessionSweep(t.db, createLogger('sweep-test', 'silent'), 100);
    try {
      const later = await expired(other.id, 3);
      await waitUntil(
        'the sweep to delete the expired session',
        async () => ((await t.db.authSession.findUnique({ where: { id: later.id } })) ? undefined : true),
        5_000,
        50,
      );
    } finally {
      stop();
    }
    expect(await t.db.authSession.findUnique({ where: { id: live.id } })).not.toBeNull();
    expect(await t.db.authSession.count({ where: { expiresAt: { lte: new Date() } } })).toBe(0);
  });
});
