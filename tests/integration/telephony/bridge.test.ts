import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dispose } from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLogger,
  DATA_TOPICS,
  parseConfig,
  PHONE_ATTRIBUTES,
  phoneAdminIdentity,
  phoneCallerIdentity,
  phoneRoomName,
  signStreamToken,
  verifyStreamToken,
  type StreamGrant,
} from '@booth/shared';
import { bridgeDeps, createBridge, GREETING_MARK, POLICY_VIOLATION } from '@booth/telephony';
import { freePort } from '../../harness/services';
import { startService, waitUntil, type ServiceProcess } from '../../support/processes';
import {
  fakeCallSid,
  openTwilioStream,
  rms,
  tone,
  toneRatio,
  type FakeTwilioStream,
} from '../../fakes/twilio-media';
import { parseStreamTwiml, startFakeTwilioRest, type FakeTwilioRest } from '../../fakes/twilio-rest';
import { joinAsAdmin, type RoomPeer } from './room-peer';

/**
 * The telephony bridge as a real process against the real livekit-server, with Twilio faked at the
 * wire: a fake Media Streams peer plays the phone, a fake REST API places the admin's-phone call. Audio
 * is checked by frequency (Goertzel) both ways through µ-law, Opus and the mixer.
 */
const env = process.env;
const SECRET = env.LIVEKIT_API_SECRET!;
const ACCOUNT_SID = env.TWILIO_ACCOUNT_SID ?? `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = env.TWILIO_AUTH_TOKEN ?? 'booth-test-twilio-auth-token-0123';
const ADMIN_PHONE = '+15550001111';
const BOOTH_NUMBER = '+15559870000';

let bridge: ServiceProcess;
let base: string;
let mediaUrl: string;
let rest: FakeTwilioRest;
const rooms = new RoomServiceClient(env.LIVEKIT_URL!.replace(/^ws/, 'http'), env.LIVEKIT_API_KEY!, SECRET);
const open: (FakeTwilioStream | RoomPeer)[] = [];

const grantFor = (callSid: string, over: Partial<StreamGrant> = {}): Omit<StreamGrant, 'exp'> => ({
  leg: 'caller',
  sessionId: `sess-${callSid.slice(-6)}`,
  roomName: phoneRoomName(callSid),
  callSid,
  from: '+15551230001',
  to: BOOTH_NUMBER,
  contactId: 'ct_1',
  callerName: 'Priya Raman',
  adminId: null,
  ...over,
});

async function call(over: Partial<StreamGrant> = {}, url = mediaUrl): Promise<FakeTwilioStream> {
  const callSid = fakeCallSid();
  const stream = await openTwilioStream(url, {
    callSid,
    accountSid: ACCOUNT_SID,
    customParameters: { token: signStreamToken(SECRET, grantFor(callSid, over)) },
  });
  open.push(stream);
  return stream;
}

async function admin(roomName: string, adminId = 'adm1'): Promise<RoomPeer> {
  const peer = await joinAsAdmin(roomName, adminId);
  open.push(peer);
  return peer;
}

const participants = (room: string) => rooms.listParticipants(room).catch(() => []);
const roomExists = async (room: string) => (await rooms.listRooms([room])).length > 0;
/** Media frames (20 ms each) the phone received after event index `from` of its event log. */
const mediaBefore = (s: FakeTwilioStream, eventIndex: number) =>
  s.events.slice(0, eventIndex).filter((e) => e.event === 'media').length;

beforeAll(async () => {
  rest = await startFakeTwilioRest({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, answerDelayMs: 300 });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  mediaUrl = `ws://127.0.0.1:${port}/twilio/media`;
  bridge = startService(
    'telephony',
    {
      ...env,
      LOG_LEVEL: 'info',
      TELEPHONY_PORT: String(port),
      TELEPHONY_HOST: '127.0.0.1',
      TELEPHONY_STREAM_URL: mediaUrl,
      TELEPHONY_GREETING: 'Thanks for calling.',
      TELEPHONY_ADMIN_PHONE: ADMIN_PHONE,
      TELEPHONY_RING_PHONE_AFTER_S: '1',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_API_URL: rest.url,
    },
    join(env.BOOTH_TEST_DIR ?? '/tmp', 'service-logs'),
  );
  await waitUntil('bridge /healthz', async () => (await fetch(`${base}/healthz`)).ok, 60_000, 250);
}, 90_000);

afterAll(async () => {
  await Promise.allSettled(open.map((o) => ('leave' in o ? o.leave() : o.close())));
  await bridge?.stop();
  await rest?.close();
  await dispose();
});

describe('telephony bridge', () => {
  it('holds the caller with the greeting and ringback, then bridges audio both ways with an admin', async () => {
    const phone = await call();
    const room = phoneRoomName(phone.callSid);
    const caller = phoneCallerIdentity(phone.callSid);
    const stopTone = phone.loopPcm(tone(440, 1000));

    // The greeting, its mark (echoed back by Twilio once heard), then ringback.
    await waitUntil('the greeting mark', () => phone.marks.includes(GREETING_MARK), 15_000);
    const markAt = mediaBefore(
      phone,
      phone.events.findIndex((e) => e.event === 'mark'),
    );
    expect(markAt).toBeGreaterThan(25); // at least half a second of speech
    expect(rms(phone.receivedPcm(0, markAt))).toBeGreaterThan(300);
    await waitUntil('a second of ringback', () => phone.media.length > markAt + 60, 10_000);
    const ring = phone.receivedPcm(markAt + 5, markAt + 55);
    expect(toneRatio(ring, 440)).toBeGreaterThan(0.3);
    expect(toneRatio(ring, 480)).toBeGreaterThan(0.3);
    expect(phone.clears).toHaveLength(0);

    // The caller is in the room as the phone, with the number and contact.
    const [p] = await waitUntil('the caller in the room', async () => {
      const list = await participants(room);
      return list.length ? list : undefined;
    });
    expect(p).toMatchObject({ identity: caller, name: 'Priya Raman' });
    expect(p!.attributes).toMatchObject({
      [PHONE_ATTRIBUTES.leg]: 'caller',
      [PHONE_ATTRIBUTES.number]: '+15551230001',
      [PHONE_ATTRIBUTES.contactId]: 'ct_1',
      [PHONE_ATTRIBUTES.callSid]: phone.callSid,
    });

    // An admin answers in the dashboard: Twilio is told to clear the hold audio.
    const peer = await admin(room);
    await waitUntil('clear', () => phone.clears.length > 0, 10_000);
    const clearAt = mediaBefore(
      phone,
      phone.events.findIndex((e) => e.event === 'clear'),
    );
    const adminTone = await peer.playTone(1000);

    // Caller → admin: 440 Hz through µ-law, the bridge's upsampling and Opus.
    await waitUntil('a second of the caller', () => peer.heardLength(caller) > 16_000, 15_000);
    const fromCaller = peer.heard(caller).subarray(-8000);
    expect(toneRatio(fromCaller, 440)).toBeGreaterThan(0.5);
    // Admin → caller: 1000 Hz mixed down to 8 kHz µ-law, no ringback left.
    await waitUntil(
      'the admin on the phone',
      () => {
        const last = phone.receivedPcm(Math.max(clearAt, phone.media.length - 25));
        return phone.media.length > clearAt + 25 && toneRatio(last, 1000) > 0.5;
      },
      15_000,
    );
    const toCaller = phone.receivedPcm(phone.media.length - 25);
    expect(toneRatio(toCaller, 440) + toneRatio(toCaller, 480)).toBeLessThan(0.1);
    // End to end delay stays small both ways (bounded queues, nothing left over from the hold).
    await stopTone();
    adminTone.on(false);
    await sleep(600);
    const sentAt = Date.now();
    const burst = phone.streamPcm(tone(440, 400));
    await waitUntil('the burst at the admin', () => peer.onsetAfter(caller, sentAt), 5000);
    const upMs = peer.onsetAfter(caller, sentAt)! - sentAt;
    await burst;
    const unmutedAt = Date.now();
    adminTone.on(true);
    const loudAfter = () =>
      phone.media.find((m) => phone.openedAt + m.at > unmutedAt && rms(m.pcm) > 1000)?.at;
    await waitUntil('the admin tone on the phone', loudAfter, 5000);
    const downMs = phone.openedAt + loudAfter()! - unmutedAt;
    expect({ upMs: upMs < 400, downMs: downMs < 400 }).toEqual({ upMs: true, downMs: true });
    process.stdout.write(`phone → room ${upMs} ms, room → phone ${downMs} ms\n`);

    // Paced at 20 ms: frames arrive at real time, not in bursts.
    const recent = phone.media.slice(-50);
    const span = recent.at(-1)!.at - recent[0]!.at;
    expect(span).toBeGreaterThan(49 * 20 * 0.8);
    expect(span).toBeLessThan(49 * 20 * 1.25);

    // Keypad digits reach the room as Booth-signed data.
    const dtmf = peer.data(DATA_TOPICS.dtmf);
    phone.sendDtmf('7');
    phone.sendDtmf('#');
    await waitUntil('two digits', () => dtmf.messages.length >= 2, 10_000);
    expect(dtmf.messages).toMatchObject([
      { digit: '7', from: caller },
      { digit: '#', from: caller },
    ]);
    expect(dtmf.rejected).toBe(0);

    // The caller hangs up: the phone leaves and the room is deleted (the session ends).
    await adminTone.stop();
    await phone.stop();
    await peer.disconnected;
    await waitUntil('the room deleted', async () => !(await roomExists(room)), 10_000);
  });

  it('closes a stream with a bad or expired token with 1008', async () => {
    const callSid = fakeCallSid();
    for (const token of [
      signStreamToken(SECRET, grantFor(callSid), 60_000, Date.now() - 120_000),
      signStreamToken(`${SECRET}-other`, grantFor(callSid)),
    ]) {
      const stream = await openTwilioStream(mediaUrl, { callSid, customParameters: { token } });
      const closed = await stream.closed;
      expect(closed.code).toBe(POLICY_VIOLATION);
      expect(closed.reason).toMatch(/expired|signature/);
    }
    expect(await roomExists(phoneRoomName(callSid))).toBe(false);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("rings the admin's phone when nobody answers; its answer joins as that admin, its hang-up ends the call", async () => {
    rest.answer = 'stream';
    const adminId = 'adm-phone';
    const before = rest.calls.length;
    const phone = await call({ adminId });
    const room = phoneRoomName(phone.callSid);
    const stopTone = phone.loopPcm(tone(440, 1000));
    const placed = await waitUntil('calls.create', () => rest.calls[before], 10_000);
    const create = rest.requests.find((r) => r.path.endsWith('/Calls.json'))!;
    expect(create.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`);
    expect(create.auth).toEqual({ username: ACCOUNT_SID, password: AUTH_TOKEN });
    expect(create.status).toBe(201);
    expect(create.form).toMatchObject({ To: ADMIN_PHONE, From: BOOTH_NUMBER });
    const twiml = parseStreamTwiml(create.form.Twiml!);
    expect(twiml?.url).toBe(mediaUrl);
    const check = verifyStreamToken(SECRET, twiml?.parameters.token);
    expect(check.ok && check.grant).toMatchObject({
      leg: 'admin',
      roomName: room,
      adminId,
      callSid: phone.callSid,
    });

    // The fake answers: the admin's phone is in the room as the admin, and the caller stops holding.
    const adminLeg = phoneAdminIdentity(adminId, phone.callSid);
    const joined = await waitUntil('the admin leg in the room', async () =>
      (await participants(room)).find((p) => p.identity === adminLeg),
    );
    expect(joined.attributes).toMatchObject({ role: 'admin', adminId, [PHONE_ATTRIBUTES.leg]: 'admin' });
    await waitUntil('clear', () => phone.clears.length > 0, 10_000);
    const adminPhone = await waitUntil('the admin stream', () => placed.stream, 5_000);
    const stopAdmin = adminPhone.loopPcm(tone(1000, 1000));
    // Each phone hears the other.
    await waitUntil(
      'the admin on the caller phone',
      () => phone.media.length > 25 && toneRatio(phone.receivedPcm(phone.media.length - 25), 1000) > 0.5,
      15_000,
    );
    await waitUntil(
      'the caller on the admin phone',
      () =>
        adminPhone.media.length > 25 &&
        toneRatio(adminPhone.receivedPcm(adminPhone.media.length - 25), 440) > 0.5,
      15_000,
    );
    expect(adminPhone.clears).toHaveLength(0); // the admin leg has no greeting to clear

    // The admin hangs up their phone: no admin is left, so the room is deleted, and the caller's
    // stream is closed by the bridge (Twilio then hangs up on the caller).
    await stopTone();
    await stopAdmin();
    await adminPhone.stop();
    expect((await phone.closed).code).toBe(1000);
    await waitUntil('the room deleted', async () => !(await roomExists(room)), 10_000);
  });

  it("cancels the admin's phone call when a dashboard admin answers first", async () => {
    rest.answer = 'ring';
    const before = rest.calls.length;
    const phone = await call({ adminId: 'adm-ring' });
    const room = phoneRoomName(phone.callSid);
    const placed = await waitUntil('calls.create', () => rest.calls[before], 10_000);
    expect(placed.status).toBe('ringing');
    await admin(room, 'adm-dash');
    await waitUntil('the call cancelled', () => placed.status === 'canceled', 10_000);
    const update = rest.requests.find((r) => r.path.endsWith(`/Calls/${placed.sid}.json`))!;
    expect(update).toMatchObject({ form: { Status: 'canceled' }, status: 200 });
    expect(update.auth).toEqual({ username: ACCOUNT_SID, password: AUTH_TOKEN });
    await phone.stop();
    await waitUntil('the room deleted', async () => !(await roomExists(room)), 10_000);
  });

  it('drains on shutdown: /healthz 503, new streams refused, live streams closed 1001, rooms closed', async () => {
    // In-process, so the drain can be held open while it is observed.
    const config = parseConfig({ ...env, TELEPHONY_GREETING: '' }, 'telephony');
    const deps = bridgeDeps(config, createLogger('telephony-test', 'silent'));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const deleted: string[] = [];
    const inProcess = createBridge({
      ...deps,
      rooms: {
        deleteRoom: async (name: string) => {
          deleted.push(name);
          await gate;
          await rooms.deleteRoom(name);
        },
      },
    });
    const { port } = await inProcess.listen(0, '127.0.0.1');
    const phone = await call({}, `ws://127.0.0.1:${port}/twilio/media`);
    const room = phoneRoomName(phone.callSid);
    await waitUntil('the caller in the room', async () => (await participants(room)).length > 0);
    const drained = inProcess.drain();
    expect((await phone.closed).code).toBe(1001);
    await waitUntil('the room deletion', () => deleted.includes(room), 5_000);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'draining' });
    await expect(openTwilioStream(`ws://127.0.0.1:${port}/twilio/media`)).rejects.toThrow(/503/);
    release();
    await drained;
    await waitUntil('the room deleted', async () => !(await roomExists(room)), 10_000);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('SIGTERM: the process ends its streams and exits 0', async () => {
    const phone = await call();
    await waitUntil(
      'the caller in the room',
      async () => (await participants(phoneRoomName(phone.callSid))).length > 0,
    );
    const code = await bridge.stop(20_000);
    expect(code).toBe(0);
    expect((await phone.closed).code).toBe(1001);
    await sleep(100);
    expect(await roomExists(phoneRoomName(phone.callSid))).toBe(false);
  });
});
