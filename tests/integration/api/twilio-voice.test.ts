import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AccessToken } from 'livekit-server-sdk';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioSignature, verifyStreamToken } from '@booth/shared';
import { freePort } from '../../harness/services';
import { startService, waitUntil, type ServiceProcess } from '../../support/processes';
import { apiUnderTest } from './api-context';

/**
 * POST /webhooks/twilio/voice over the real app, Postgres, Redis and livekit-server, with the real
 * telephony bridge process for its health: Twilio's signature checked against the public URL (behind
 * the reverse proxy), the caller matched or made a lead, one session and one ringing notification per
 * call however often Twilio retries, and a plain <Dial> (recorded as untranscribed) when the bridge or
 * LiveKit is down.
 */
const PUBLIC_URL = 'https://booth.example.com';
const ADMIN_PHONE = '+15550001111';
const token = process.env.TWILIO_AUTH_TOKEN!;

type Api = Awaited<ReturnType<typeof apiUnderTest>>;
let bridge: ServiceProcess;
let api: Api;
let bridgeUrl: string;

const callSid = () => `CA${randomBytes(16).toString('hex')}`;

/** Sends the webhook as Twilio does: form-encoded, signed over the URL Twilio was configured with. */
function voiceWebhook(
  t: Api,
  params: Record<string, string>,
  opts: { signature?: string | null; signedUrl?: string; path?: string } = {},
) {
  const path = opts.path ?? '/webhooks/twilio/voice';
  const signature =
    opts.signature === undefined
      ? twilioSignature(token, opts.signedUrl ?? `${PUBLIC_URL}${path}`, params)
      : opts.signature;
  const req = request(t.app).post(path).type('form');
  if (signature !== null) req.set('x-twilio-signature', signature);
  return req.send(new URLSearchParams(params).toString());
}

const callParams = (sid: string, from: string) => ({
  CallSid: sid,
  AccountSid: process.env.TWILIO_ACCOUNT_SID!,
  From: from,
  To: '+15559870000',
  CallStatus: 'ringing',
  Direction: 'inbound',
});

beforeAll(async () => {
  const port = await freePort();
  bridgeUrl = `http://127.0.0.1:${port}`;
  bridge = startService(
    'telephony',
    { ...process.env, TELEPHONY_PORT: String(port), TELEPHONY_HOST: '127.0.0.1', PUBLIC_URL },
    join(process.env.BOOTH_TEST_DIR ?? '/tmp', 'service-logs'),
  );
  await waitUntil('bridge /healthz', async () => (await fetch(`${bridgeUrl}/healthz`)).ok, 60_000, 250);
  api = await apiUnderTest({
    PUBLIC_URL,
    TELEPHONY_URL: bridgeUrl,
    TELEPHONY_ADMIN_PHONE: ADMIN_PHONE,
  });
  await api.db.adminUser.update({ where: { id: api.admin.id }, data: { role: 'owner' } });
}, 90_000);

afterAll(async () => {
  await api?.close();
  await bridge?.stop();
});

describe('Twilio voice webhook', () => {
  it('refuses a missing or forged signature with 403, and one over a tampered parameter', async () => {
    const params = callParams(callSid(), '+15551230001');
    const missing = await voiceWebhook(api, params, { signature: null });
    expect(missing.status).toBe(403);
    expect(missing.body.error).toMatch(/missing X-Twilio-Signature/);
    const forged = await voiceWebhook(api, params, { signature: 'GvWf1cFY/Q7PnoempGyD5oXAezc=' });
    expect(forged.status).toBe(403);
    const signed = twilioSignature(token, `${PUBLIC_URL}/webhooks/twilio/voice`, params);
    const tampered = await voiceWebhook(api, { ...params, From: '+15551239999' }, { signature: signed });
    expect(tampered.status).toBe(403);
    // Signed for a different host (not this Booth's public URL): refused.
    const elsewhere = await voiceWebhook(api, params, {
      signedUrl: 'https://evil.example/webhooks/twilio/voice',
    });
    expect(elsewhere.status).toBe(403);
    expect(await api.db.session.count({ where: { callSid: params.CallSid } })).toBe(0);
  });

  it('verifies behind the proxy with the port Twilio was configured with, and names a bad CallSid', async () => {
    const params = callParams(callSid(), '+15551230002');
    const withPort = await voiceWebhook(api, params, {
      signedUrl: 'https://booth.example.com:443/webhooks/twilio/voice',
    });
    expect(withPort.status).toBe(200);
    const bad = await voiceWebhook(api, { ...params, CallSid: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/CallSid/);
  });

  it('matches a known caller however the number was typed and streams the call with a signed token', async () => {
    const contact = await api.db.contact.create({ data: { name: 'Priya Raman', phone: '(555) 123-0003' } });
    const sid = callSid();
    const res = await voiceWebhook(api, callParams(sid, '+15551230003'));
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/xml');
    const twiml = res.text;
    expect(twiml).toContain('<Connect><Stream url="wss://booth.example.com/twilio/media">');
    const tokenValue = /<Parameter name="token" value="([^"]+)"\/>/.exec(twiml)?.[1];
    const check = verifyStreamToken(api.config.LIVEKIT_API_SECRET, tokenValue);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const session = await api.db.session.findUniqueOrThrow({ where: { callSid: sid } });
    // Whose phone rings when nobody answers: the first owner (other tests' owners share this database).
    const firstOwner = await api.db.adminUser.findFirstOrThrow({
      where: { role: 'owner' },
      orderBy: { createdAt: 'asc' },
    });
    expect(session).toMatchObject({
      roomName: `phone-${sid}`,
      kind: 'call',
      contactId: contact.id,
      phoneNumber: '+15551230003',
      callDirection: 'inbound',
      phoneVia: 'twilio',
      untranscribedReason: null,
    });
    expect(check.grant).toMatchObject({
      leg: 'caller',
      sessionId: session.id,
      roomName: session.roomName,
      callSid: sid,
      contactId: contact.id,
      callerName: 'Priya Raman',
      adminId: firstOwner.id,
    });
    const ringing = await api.db.notification.findMany({ where: { sessionId: session.id } });
    expect(ringing.map((n) => n.type)).toEqual(['incoming_call']);
    expect(ringing[0]!.data).toMatchObject({
      from: '+15551230003',
      contactName: 'Priya Raman',
      via: 'twilio',
    });

    // Twilio retries the webhook: still one session, one ringing notification.
    expect((await voiceWebhook(api, callParams(sid, '+15551230003'))).status).toBe(200);
    expect(await api.db.session.count({ where: { callSid: sid } })).toBe(1);
    expect(await api.db.notification.count({ where: { sessionId: session.id } })).toBe(1);
  });

  it('makes a first-time caller a new lead and tells the admins', async () => {
    const sid = callSid();
    const res = await voiceWebhook(api, callParams(sid, '+1 (555) 123-0004'));
    expect(res.status).toBe(200);
    const session = await api.db.session.findUniqueOrThrow({
      where: { callSid: sid },
      include: { contact: true },
    });
    expect(session.contact).toMatchObject({ phone: '+15551230004', leadStatus: 'new' });
    expect(session.contact!.name).toMatch(/^Caller \+1 555/);
    const lead = await api.db.notification.findMany({
      where: { contactId: session.contactId, type: 'new_lead' },
    });
    expect(lead).toHaveLength(1);
    // A withheld number is an unknown caller, never matched to someone else's contact.
    const anon = callSid();
    expect((await voiceWebhook(api, callParams(anon, 'Anonymous'))).status).toBe(200);
    const anonSession = await api.db.session.findUniqueOrThrow({
      where: { callSid: anon },
      include: { contact: true },
    });
    expect(anonSession.contact).toMatchObject({ name: 'Unknown caller', phone: null });
    expect(anonSession.phoneNumber).toBe('Anonymous');
  });

  it('puts the call straight through with <Dial> when the bridge is down, and records why', async () => {
    const down = await apiUnderTest({
      PUBLIC_URL,
      TELEPHONY_URL: `http://127.0.0.1:${await freePort()}`,
      TELEPHONY_ADMIN_PHONE: ADMIN_PHONE,
    });
    try {
      const sid = callSid();
      const res = await voiceWebhook(down, callParams(sid, '+15551230005'));
      expect(res.status).toBe(200);
      expect(res.text).toContain(`<Dial>${ADMIN_PHONE}</Dial>`);
      expect(res.text).not.toContain('<Stream');
      const session = await down.db.session.findUniqueOrThrow({ where: { callSid: sid } });
      expect(session.status).toBe('ended');
      expect(session.untranscribedReason).toMatch(/telephony bridge unreachable/);
      // Not ringing in the dashboard: nobody there can answer it.
      expect(await down.db.notification.count({ where: { sessionId: session.id } })).toBe(0);
    } finally {
      await down.close();
    }
  });

  it('puts the call straight through when LiveKit is down', async () => {
    const down = await apiUnderTest({
      PUBLIC_URL,
      TELEPHONY_URL: bridgeUrl,
      TELEPHONY_ADMIN_PHONE: ADMIN_PHONE,
      LIVEKIT_URL: `http://127.0.0.1:${await freePort()}`,
    });
    try {
      const sid = callSid();
      const res = await voiceWebhook(down, callParams(sid, '+15551230006'));
      expect(res.text).toContain(`<Dial>${ADMIN_PHONE}</Dial>`);
      const session = await down.db.session.findUniqueOrThrow({ where: { callSid: sid } });
      expect(session.untranscribedReason).toMatch(/LiveKit/);
    } finally {
      await down.close();
    }
  });

  it('is off (404) when Twilio is not configured', async () => {
    const off = await apiUnderTest({ TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '' });
    try {
      const res = await voiceWebhook(off, callParams(callSid(), '+15551230007'));
      expect(res.status).toBe(404);
      expect(res.body.error).toMatch(/not configured/);
    } finally {
      await off.close();
    }
  });

  it('records who answered, and makes an unanswered call a missed call with a callback task', async () => {
    const contact = await api.db.contact.create({ data: { name: 'Dana Cole', phone: '+15551230008' } });
    const answered = callSid();
    const missed = callSid();
    for (const sid of [answered, missed]) {
      expect((await voiceWebhook(api, callParams(sid, '+15551230008'))).status).toBe(200);
      await livekitEvent('room_started', `phone-${sid}`);
      await livekitEvent('participant_joined', `phone-${sid}`, {
        participant: { sid: 'PA_c', identity: `phone-${sid}`, name: 'Dana Cole', kind: 0 },
      });
    }
    await livekitEvent('participant_joined', `phone-${answered}`, {
      participant: { sid: 'PA_a', identity: `admin-${api.admin.id}-0123abcd`, name: 'Test Admin', kind: 0 },
    });
    for (const sid of [answered, missed]) await livekitEvent('room_finished', `phone-${sid}`);

    const a = await api.db.session.findUniqueOrThrow({ where: { callSid: answered } });
    expect(a).toMatchObject({ answeredById: api.admin.id, missed: false, status: 'ended' });
    expect(a.answeredAt).toBeInstanceOf(Date);
    expect(await api.db.task.count({ where: { sessionId: a.id } })).toBe(0);

    const m = await api.db.session.findUniqueOrThrow({
      where: { callSid: missed },
      include: { tasks: true },
    });
    expect(m).toMatchObject({ answeredById: null, missed: true, status: 'ended' });
    expect(m.tasks).toHaveLength(1);
    expect(m.tasks[0]).toMatchObject({ contactId: contact.id, done: false });
    expect(m.tasks[0]!.title).toBe('Call back Dana Cole (+1 555 123 0008)');
    const note = await api.db.notification.findFirstOrThrow({
      where: { sessionId: m.id, type: 'missed_call' },
    });
    expect(note.data).toMatchObject({ taskId: m.tasks[0]!.id });
    // A redelivered room_finished changes nothing.
    await livekitEvent('room_finished', `phone-${missed}`);
    expect(await api.db.task.count({ where: { sessionId: m.id } })).toBe(1);
  });
});

/** A LiveKit webhook, signed as livekit-server signs it. */
async function livekitEvent(type: string, roomName: string, extra: Record<string, unknown> = {}) {
  const body = JSON.stringify({
    event: type,
    id: `EV_${randomBytes(6).toString('hex')}`,
    createdAt: String(Math.floor(Date.now() / 1000)),
    room: { sid: 'RM_test', name: roomName },
    ...extra,
  });
  const at = new AccessToken(api.config.LIVEKIT_API_KEY, api.config.LIVEKIT_API_SECRET);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  const res = await request(api.app)
    .post('/webhooks/livekit')
    .set('content-type', 'application/webhook+json')
    .set('authorization', await at.toJwt())
    .send(body);
  expect(res.status).toBe(200);
}
