import { randomBytes } from 'node:crypto';
import { Room } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_TOPICS, type SharedDocument } from '@booth/shared';
import { startSmtpProcess, type SmtpProcess } from '../../fakes/smtp';
import { collectBoothData } from '../../support/livekit-client';
import { waitUntil } from '../../support/processes';
import { apiUnderTest } from './api-context';

/**
 * Sending a contract for signature and the client signing it, over the real API, Postgres, a real
 * SMTP server process and livekit-server: the link is emailed and shown (signed data) to the client
 * in the consultation's room; the right code opens and signs it once, with the admins notified once;
 * a new sending replaces the link; wrong codes, cancelled and signed contracts are refused.
 */
let smtp: SmtpProcess;
let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;

beforeAll(async () => {
  smtp = await startSmtpProcess();
  t = await apiUnderTest({
    SMTP_URL: smtp.url,
    SMTP_FROM: 'Garden Events <hello@garden.test>',
    PUBLIC_URL: 'https://booth.garden.test',
  });
  cookie = await t.login();
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});

const tag = () => randomBytes(4).toString('hex');
const send = (id: string, body: object) =>
  request(t.app).post(`/api/contracts/${id}/send`).set('cookie', cookie).send(body);
const view = (id: string, code: string) => request(t.app).get(`/api/sign/${id}`).query({ code });
const sign = (id: string, code: string, name: string) =>
  request(t.app).post(`/api/sign/${id}`).set('origin', 'https://booth.garden.test').send({ code, name });
const codeOf = (signUrl: string) => new URL(signUrl).searchParams.get('code')!;

async function contractFor(email: string | null = `priya-${tag()}@client.test`) {
  const contact = await t.db.contact.create({ data: { name: `Priya ${tag()}`, email } });
  const contract = await t.db.contract.create({
    data: { contactId: contact.id, title: 'Wedding DJ, June 15', amountCents: 420_000 },
  });
  return { contact, contract };
}

describe('contracts sent for signature', () => {
  it('emails a link that the client opens and signs once; the admins are told once', async () => {
    const { contact, contract } = await contractFor();
    const res = await send(contract.id, { email: {} });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ emailedTo: contact.email, emailError: null, sharedInRoom: false });
    expect(res.body.contract).toMatchObject({ id: contract.id, status: 'sent', signedName: null });
    expect(res.body.contract.sentAt).toBeTruthy();
    expect(res.body.signUrl).toMatch(
      new RegExp(`^https://booth\\.garden\\.test/sign/${contract.id}\\?code=[\\w-]{16,}$`),
    );
    const mail = await smtp.waitForMail(contact.email!);
    expect(mail.subject).toBe('Your contract from Garden Events: Wedding DJ, June 15');
    expect(mail.text).toContain(res.body.signUrl);
    expect(mail.text).toContain('$4,200');
    const code = codeOf(res.body.signUrl);
    // Only the code's hash is stored.
    const row = await t.db.contract.findUniqueOrThrow({ where: { id: contract.id } });
    expect(row.signHash).not.toContain(code);

    const opened = await view(contract.id, code);
    expect(opened.status).toBe(200);
    expect(opened.body).toEqual({
      id: contract.id,
      title: 'Wedding DJ, June 15',
      amountCents: 420_000,
      clientName: contact.name,
      businessName: 'Garden Events',
      status: 'sent',
      signedAt: null,
      signedName: null,
    });

    const signed = await sign(contract.id, code, '  Priya Patel ');
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ status: 'signed', signedName: 'Priya Patel' });
    const again = await sign(contract.id, code, 'Someone Else');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ signedName: 'Priya Patel', signedAt: signed.body.signedAt });
    const stored = await t.db.contract.findUniqueOrThrow({ where: { id: contract.id } });
    expect(stored).toMatchObject({ status: 'signed', signedName: 'Priya Patel' });
    const notes = await t.db.notification.findMany({
      where: { type: 'contract_signed', contactId: contact.id },
    });
    expect(notes).toHaveLength(1);
    // A signed contract is not sent again.
    expect((await send(contract.id, {})).status).toBe(409);
  });

  it('a new sending replaces the link; wrong codes and unknown contracts are the same 404', async () => {
    const { contract } = await contractFor();
    const first = codeOf((await send(contract.id, {})).body.signUrl);
    const second = codeOf((await send(contract.id, {})).body.signUrl);
    expect(second).not.toBe(first);
    const old = await view(contract.id, first);
    expect(old.status).toBe(404);
    const unknown = await view(`c${tag()}${tag()}`, second);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe(old.body.error);
    expect((await sign(contract.id, first, 'Priya Patel')).status).toBe(404);
    expect((await view(contract.id, second)).status).toBe(200);
    // A cancelled contract cannot be signed, nor sent.
    await t.db.contract.update({ where: { id: contract.id }, data: { status: 'cancelled' } });
    expect((await sign(contract.id, second, 'Priya Patel')).status).toBe(409);
    expect((await send(contract.id, {})).status).toBe(409);
    expect((await t.db.contract.findUniqueOrThrow({ where: { id: contract.id } })).status).toBe('cancelled');
  });

  it('shows the link to the client in the consultation’s room, as signed data', async () => {
    const env = process.env as Record<string, string>;
    const { contact, contract } = await contractFor();
    const session = await t.db.session.create({
      data: {
        roomName: `consultation-${tag()}`,
        kind: 'consultation',
        status: 'active',
        contactId: contact.id,
      },
    });
    const at = new AccessToken(env.LIVEKIT_API_KEY!, env.LIVEKIT_API_SECRET!, {
      identity: `client-${tag()}${tag()}`,
    });
    at.addGrant({ roomJoin: true, room: session.roomName, canSubscribe: true, canPublish: false });
    const client = new Room();
    const got = collectBoothData<SharedDocument>(client, session.roomName, DATA_TOPICS.documents, {
      as: 'client',
    });
    // …and an admin's page, which trusts only the room's own key, would not take it.
    const asAdmin = collectBoothData<SharedDocument>(client, session.roomName, DATA_TOPICS.documents);
    await client.connect(env.LIVEKIT_URL!, await at.toJwt(), { autoSubscribe: false, dynacast: false });
    try {
      await waitUntil(
        'the client in the room',
        async () => {
          const r = await send(contract.id, { sessionId: session.id });
          return r.body.sharedInRoom ? r.body : undefined;
        },
        15_000,
        500,
      );
      const doc = await waitUntil('the shared contract', () => got.messages.at(-1), 10_000);
      expect(doc).toMatchObject({ id: contract.id, kind: 'contract', title: 'Wedding DJ, June 15' });
      expect(doc.path).toMatch(new RegExp(`^/sign/${contract.id}\\?code=[\\w-]+$`));
      expect((await view(contract.id, new URLSearchParams(doc.path.split('?')[1]).get('code')!)).status).toBe(
        200,
      );
      expect(got.rejected).toBe(0);
      expect(asAdmin.messages).toEqual([]);
      expect(asAdmin.rejected).toBeGreaterThan(0);
    } finally {
      await client.disconnect();
    }
  });

  it('answers 400 naming the problem before anything is sent', async () => {
    const { contract } = await contractFor(null);
    const other = await t.db.contact.create({ data: { name: `Other ${tag()}` } });
    const elsewhere = await t.db.session.create({
      data: { roomName: `consultation-${tag()}`, kind: 'consultation', contactId: other.id },
    });
    const cases: [object, string][] = [
      [{ email: {} }, 'email.to'],
      [{ email: { to: 'not-an-address' } }, 'email.to'],
      [{ sessionId: elsewhere.id }, 'sessionId'],
      [{ sessionId: 'c_nope' }, 'sessionId'],
      [{ shout: true }, ''],
    ];
    for (const [body, path] of cases) {
      const res = await send(contract.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (path) expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    expect((await t.db.contract.findUniqueOrThrow({ where: { id: contract.id } })).status).toBe('draft');
    expect((await send('c_nope', {})).status).toBe(404);
    expect((await sign(contract.id, 'short', 'Priya')).status).toBe(400);
    expect((await request(t.app).post(`/api/contracts/${contract.id}/send`).send({})).status).toBe(401);
  });
});
