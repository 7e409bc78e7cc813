import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpProcess, type SmtpProcess } from '../../fakes/smtp';
import { startFakeTwilioRest, type FakeTwilioRest } from '../../fakes/twilio-rest';
import { apiUnderTest } from './api-context';

/**
 * Consultation invites through the real API to a real SMTP server process (npm smtp-server) and a
 * fake Twilio REST API speaking the Messages resource's wire protocol: links that admit the client,
 * resend replacing the old link, revoke, and each sending's outcome stored, a refused one too.
 */
const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'consultation-test-auth-token';
const SMS_FROM = '+15550001111';

let smtp: SmtpProcess;
let twilio: FakeTwilioRest;
let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;

beforeAll(async () => {
  [smtp, twilio] = await Promise.all([
    startSmtpProcess(),
    startFakeTwilioRest({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }),
  ]);
  t = await apiUnderTest({
    SMTP_URL: smtp.url,
    SMTP_FROM: 'Garden Events <hello@garden.test>',
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_API_URL: twilio.url,
    TWILIO_MESSAGING_FROM: SMS_FROM,
    PUBLIC_URL: 'https://booth.garden.test',
  });
  cookie = await t.login();
});
afterAll(async () => {
  await t.close();
  await Promise.all([smtp.stop(), twilio.close()]);
});

const tag = () => randomBytes(4).toString('hex');
const post = (path: string, body: object) => request(t.app).post(path).set('cookie', cookie).send(body);
const get = (path: string) => request(t.app).get(path).set('cookie', cookie);

async function contact(fields: { email?: string | null; phone?: string | null } = {}) {
  const k = tag();
  return t.db.contact.create({
    data: {
      name: `Priya ${k}`,
      email: fields.email === undefined ? `priya-${k}@client.test` : fields.email,
      phone: fields.phone === undefined ? null : fields.phone,
    },
  });
}

/** Whether a link admits the client, as the join page asks. */
async function linkStatus(joinUrl: string) {
  const url = new URL(joinUrl);
  const room = url.pathname.split('/').pop()!;
  const res = await request(t.app)
    .get(`/api/join/${room}`)
    .query({ code: url.searchParams.get('code') });
  expect(res.status).toBe(200);
  return res.body.status as string;
}

const linkIn = (text: string) =>
  /https:\/\/booth\.garden\.test\/join\/consultation-[a-f0-9]+\?code=[\w%-]+/.exec(text)?.[0];

describe('consultation invites', () => {
  it('opens one now and emails the client a link that admits them', async () => {
    const c = await contact();
    const res = await post('/api/consultations', { contactId: c.id, email: {} });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'consultation', scheduledAt: null, contact: { id: c.id } });
    expect(res.body.joinUrl).toMatch(/^https:\/\/booth\.garden\.test\/join\/consultation-/);
    expect(res.body.sent).toEqual([
      expect.objectContaining({
        channel: 'email',
        to: c.email,
        status: 'sent',
        error: null,
        sentById: t.admin.id,
      }),
    ]);

    const mail = await smtp.waitForMail(c.email!);
    expect(mail.from).toContain('Garden Events');
    expect(mail.subject).toMatch(/consultation/i);
    expect(mail.text).toContain(c.name);
    expect(mail.text).toMatch(/recorded and transcribed/i);
    expect(linkIn(mail.text)).toBe(res.body.joinUrl);
    expect(mail.html).toContain(res.body.joinUrl.replace(/&/g, '&amp;'));
    expect(res.body.sent[0].providerId).toBe(mail.messageId);
    expect(await linkStatus(res.body.joinUrl)).toBe('open');

    // Only the code's hash is stored.
    const row = await t.db.session.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.inviteHash).not.toContain(res.body.inviteCode);
    // An unscheduled consultation is not in the scheduled list.
    const listed = await get(`/api/consultations?contactId=${c.id}`);
    expect(listed.body).toEqual({ consultations: [], total: 0 });
  });

  it('schedules one, texts and emails it with the time in the asked time zone, and lists it soonest first', async () => {
    const c = await contact({ phone: '(555) 010-2233' });
    // 15:30 UTC is 21:00 in Kolkata (no daylight saving there).
    const day = new Date(Date.now() + 10 * 86_400_000);
    const later = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 15, 30));
    const sooner = new Date(later.getTime() - 86_400_000);
    const res = await post('/api/consultations', {
      contactId: c.id,
      scheduledAt: later.toISOString(),
      email: {},
      sms: {},
      timeZone: 'Asia/Kolkata',
    });
    expect(res.status).toBe(201);
    expect(res.body.scheduledAt).toBe(later.toISOString());
    expect(res.body.sent.map((d: { channel: string; status: string }) => [d.channel, d.status])).toEqual([
      ['email', 'sent'],
      ['sms', 'sent'],
    ]);

    const sms = twilio.messages.find((m) => m.to === '+15550102233');
    expect(sms).toBeDefined();
    expect(sms!.from).toBe(SMS_FROM);
    expect(sms!.body).toContain('Garden Events');
    expect(sms!.body).toContain('9:00 PM');
    expect(linkIn(sms!.body)).toBe(res.body.joinUrl);
    expect(res.body.sent[1].providerId).toBe(sms!.sid);
    const mail = await smtp.waitForMail(c.email!);
    expect(mail.text).toContain('9:00 PM');

    const second = await post('/api/consultations', { contactId: c.id, scheduledAt: sooner.toISOString() });
    expect(second.status).toBe(201);
    expect(second.body.sent).toEqual([]);
    const listed = await get(`/api/consultations?contactId=${c.id}`);
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(2);
    expect(listed.body.consultations.map((s: { id: string }) => s.id)).toEqual([second.body.id, res.body.id]);
    expect(listed.body.consultations[1].deliveries.map((d: { channel: string }) => d.channel)).toEqual([
      'sms',
      'email',
    ]);
    // The code is shown once: never in a listing.
    expect(JSON.stringify(listed.body)).not.toContain(res.body.inviteCode);
  });

  it('resends a new link that replaces the old one, and a revoked invite comes back with a resend', async () => {
    const c = await contact();
    const first = await post('/api/consultations', { contactId: c.id, email: {} });
    await smtp.waitForMail(c.email!);
    const other = `other-${tag()}@client.test`;
    const again = await post(`/api/consultations/${first.body.id}/resend`, { email: { to: other } });
    expect(again.status).toBe(201);
    expect(again.body.joinUrl).not.toBe(first.body.joinUrl);
    expect(await linkStatus(first.body.joinUrl)).toBe('invalid');
    expect(await linkStatus(again.body.joinUrl)).toBe('open');
    expect(linkIn((await smtp.waitForMail(other)).text)).toBe(again.body.joinUrl);

    const revoked = await request(t.app)
      .delete(`/api/sessions/${first.body.id}/invite`)
      .set('cookie', cookie);
    expect(revoked.status).toBe(200);
    expect(await linkStatus(again.body.joinUrl)).toBe('invalid');
    const third = await post(`/api/consultations/${first.body.id}/resend`, { email: {} });
    expect(third.status).toBe(201);
    expect(await linkStatus(third.body.joinUrl)).toBe('open');

    const all = await get(`/api/consultations/${first.body.id}/deliveries`);
    expect(all.status).toBe(200);
    expect(all.body.deliveries.map((d: { to: string }) => d.to)).toEqual([c.email, other, c.email]);
  });

  it('keeps the consultation and records the provider’s refusal when a sending fails', async () => {
    const c = await contact({ email: `bounce-${tag()}@client.test`, phone: '+15005550001' });
    const res = await post('/api/consultations', { contactId: c.id, email: {}, sms: {} });
    expect(res.status).toBe(201);
    const [email, sms] = res.body.sent as { status: string; error: string; providerId: string | null }[];
    expect(email).toMatchObject({ status: 'failed', providerId: null });
    expect(email!.error).toMatch(/^the email could not be sent: .*mailbox unavailable/);
    expect(sms).toMatchObject({ status: 'failed', providerId: null });
    expect(sms!.error).toMatch(/^the SMS could not be sent: .*not a valid phone number/);
    expect(await linkStatus(res.body.joinUrl)).toBe('open');
    const stored = await t.db.inviteDelivery.findMany({ where: { sessionId: res.body.id } });
    expect(stored.map((d) => d.status).sort()).toEqual(['failed', 'failed']);
  });

  it('answers 400 naming the problem before anything is created or sent', async () => {
    const bare = await contact({ email: null, phone: null });
    const before = await t.db.session.count({ where: { contactId: bare.id } });
    const cases: [object, string][] = [
      [{ contactId: bare.id, email: {} }, 'email.to'],
      [{ contactId: bare.id, sms: {} }, 'sms.to'],
      [{ contactId: bare.id, sms: { to: 'call me maybe' } }, 'sms.to'],
      [{ contactId: bare.id, email: { to: 'not-an-address' } }, 'email.to'],
      [{ contactId: bare.id, scheduledAt: '2001-01-01T10:00:00Z' }, 'scheduledAt'],
      [{ contactId: bare.id, scheduledAt: 'tomorrow' }, 'scheduledAt'],
      [{ contactId: bare.id, timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ contactId: 'c_nope', email: {} }, 'contactId'],
    ];
    for (const [body, path] of cases) {
      const res = await post('/api/consultations', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    expect(await t.db.session.count({ where: { contactId: bare.id } })).toBe(before);
    const nothing = await post(`/api/consultations/c_nope/resend`, { email: { to: 'a@b.test' } });
    expect(nothing.status).toBe(404);
    const first = await post('/api/consultations', { contactId: bare.id });
    expect((await post(`/api/consultations/${first.body.id}/resend`, {})).status).toBe(400);
  });

  it('says which channel is not set up', async () => {
    const plain = await apiUnderTest();
    try {
      const login = await plain.login();
      const c = await contact({ phone: '+15550104455' });
      const res = await request(plain.app)
        .post('/api/consultations')
        .set('cookie', login)
        .send({ contactId: c.id, email: {}, sms: {} });
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([
        { path: 'email', message: expect.stringContaining('SMTP_URL') },
        { path: 'sms', message: expect.stringContaining('TWILIO_MESSAGING_FROM') },
      ]);
    } finally {
      await plain.close();
    }
  });
});
