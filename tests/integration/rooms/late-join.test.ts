import { DisconnectReason, dispose } from '@livekit/rtc-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../support/processes';
import { join, liveApi, sleep, type Connection, type TokenResponse } from './live-api';

/**
 * Finding 6 with real participants: a consultation's client token minted before the end must not
 * bring the room back afterwards (LiveKit creates rooms on join), whether the room ended by itself
 * (everyone left: room_finished) or an admin ended it (POST /api/sessions/:id/end); neither may a
 * token from an invite revoked since. Webhooks from the harness's livekit-server reach the API.
 */
let t: Awaited<ReturnType<typeof liveApi>>;
beforeAll(async () => {
  t = await liveApi();
});
afterAll(async () => {
  await t?.close();
  await dispose();
});

const sessionRow = (id: string) =>
  t.db.session.findUniqueOrThrow({ where: { id }, include: { participants: true } });

/**
 * Connects with `token` and expects LiveKit to drop the connection within a few seconds of it being
 * made (removed, or the room deleted under it), if the connection is made at all. (Connecting to a room
 * name deleted a moment ago can itself take LiveKit several seconds; that wait is not the API's.)
 */
async function refused(token: TokenResponse, withinMs = 5000): Promise<Connection | undefined> {
  let c: Connection | undefined;
  try {
    c = await join(token);
  } catch {
    return undefined; // refused at connect: the room was closed before the join completed
  }
  await waitUntil('the late participant to be removed', () => c.disconnected !== undefined, withinMs, 50);
  expect(c.room.isConnected).toBe(false);
  expect([DisconnectReason.PARTICIPANT_REMOVED, DisconnectReason.ROOM_DELETED]).toContain(c.disconnected);
  return c;
}

/** Nobody in the LiveKit room, and the session does not show `identity` present (no row, or left). */
async function expectGone(sessionId: string, roomName: string, identity: string) {
  await sleep(1500); // let the late join's webhooks arrive, in case they would record it
  const s = await sessionRow(sessionId);
  expect(s.status).toBe('ended');
  expect(s.participants.filter((p) => p.identity === identity && p.leftAt === null)).toEqual([]);
  const left = await t.livekit.listParticipants(roomName).catch(() => []);
  expect(left.map((p) => p.identity)).not.toContain(identity);
}

describe('a consultation that ended', () => {
  it('on its own (room_finished): a client token minted before cannot join after', async () => {
    const s = await t.createSession('consultation');
    const clientToken = await t.token(s.roomName, { inviteCode: s.inviteCode, name: 'Late Client' });
    const admin = await join(await t.token(s.roomName, { admin: true }));
    await waitUntil('the session to start', async () => (await sessionRow(s.id)).status === 'active', 15_000);
    await admin.room.disconnect();
    // departure timeout 1 s → room_finished → ended.
    await waitUntil('the session to end', async () => (await sessionRow(s.id)).status === 'ended', 20_000);

    await refused(clientToken);
    await expectGone(s.id, s.roomName, clientToken.identity);
  });

  it('by an admin (POST /api/sessions/:id/end): everyone is disconnected and a late token is refused', async () => {
    const s = await t.createSession('consultation');
    const early = await t.token(s.roomName, { inviteCode: s.inviteCode });
    const lateToken = await t.token(s.roomName, { inviteCode: s.inviteCode });
    const admin = await join(await t.token(s.roomName, { admin: true }));
    const client = await join(early);
    await waitUntil(
      'both to be shown present',
      async () => (await sessionRow(s.id)).participants.filter((p) => !p.leftAt).length === 2,
      15_000,
    );

    const res = await fetch(`http://127.0.0.1:${process.env.BOOTH_TEST_API_PORT}/api/sessions/${s.id}/end`, {
      method: 'POST',
      headers: { cookie: t.cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('ended');
    await waitUntil(
      'both to be disconnected',
      () => !admin.room.isConnected && !client.room.isConnected,
      8000,
    );
    await waitUntil(
      'nobody shown present',
      async () => (await sessionRow(s.id)).participants.every((p) => p.leftAt !== null),
      5000,
    );

    await refused(lateToken);
    await expectGone(s.id, s.roomName, lateToken.identity);
    // And no new token: the room has ended, for the admin and for the invite's holder.
    const again = await fetch(`http://127.0.0.1:${process.env.BOOTH_TEST_API_PORT}/api/livekit/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ roomName: s.roomName, inviteCode: s.inviteCode }),
    });
    expect(again.status).toBe(410);
  });
});

describe('a revoked invite', () => {
  it('no longer admits a client with a token minted from it before', async () => {
    const s = await t.createSession('consultation');
    const minted = await t.token(s.roomName, { inviteCode: s.inviteCode });
    const admin = await join(await t.token(s.roomName, { admin: true }));
    try {
      await waitUntil(
        'the session to start',
        async () => (await sessionRow(s.id)).status === 'active',
        15_000,
      );
      const revoke = await fetch(
        `http://127.0.0.1:${process.env.BOOTH_TEST_API_PORT}/api/sessions/${s.id}/invite`,
        { method: 'DELETE', headers: { cookie: t.cookie } },
      );
      expect(revoke.status).toBe(200);
      await sleep(1100); // webhook times are whole seconds: a join after the revocation is clearly after

      await refused(minted);
      await sleep(1500);
      const row = await sessionRow(s.id);
      expect(row.participants.filter((p) => p.identity === minted.identity && !p.leftAt)).toEqual([]);
      // The admin's call goes on.
      expect(admin.room.isConnected).toBe(true);
      expect(row.status).toBe('active');
    } finally {
      await admin.room.disconnect();
    }
  });
});
