import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, signStreamToken, type StreamGrant } from '@booth/shared';
import { createBridge, POLICY_VIOLATION, type Bridge } from '@booth/telephony';
import { fakeCallSid, openTwilioStream } from '../../fakes/twilio-media';

/**
 * The bridge's HTTP and WebSocket surface in-process, without LiveKit: health, 404s, and streams it
 * refuses before joining any room (the token decides). Joining and audio: the integration test.
 */
const SECRET = 'unit-test-livekit-secret-0123456789abcdef';
let bridge: Bridge;
let base: string;
let media: string;

const grant = (callSid: string, over: Partial<StreamGrant> = {}): Omit<StreamGrant, 'exp'> => ({
  leg: 'caller',
  sessionId: 'sess_1',
  roomName: `phone-${callSid}`,
  callSid,
  from: '+15551230001',
  to: '+15559870000',
  contactId: null,
  callerName: 'Caller',
  adminId: null,
  ...over,
});

beforeAll(async () => {
  bridge = createBridge({
    livekit: { url: 'ws://127.0.0.1:9', apiKey: 'devkey', apiSecret: SECRET },
    rooms: { deleteRoom: async () => undefined },
    agentIdentityPrefix: 'booth-transcriber',
    greeting: async () => undefined,
    logger: createLogger('telephony-test', 'silent'),
    startTimeoutMs: 300,
    maxMessageBytes: 4096,
  });
  const { port } = await bridge.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
  media = `ws://127.0.0.1:${port}/twilio/media`;
});

afterAll(async () => {
  await bridge.drain();
});

describe('bridge HTTP surface', () => {
  it('answers /healthz with JSON, and 404 to anything else', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', streams: 0 });
    for (const [method, path] of [
      ['GET', '/'],
      ['POST', '/healthz'],
      ['GET', '/twilio/media'],
      ['GET', '/healthz/x'],
    ] as const) {
      expect([method, path, (await fetch(`${base}${path}`, { method })).status]).toEqual([method, path, 404]);
    }
    await expect(openTwilioStream(`ws://${new URL(base).host}/elsewhere`)).rejects.toThrow(/404/);
  });
});

describe('refused streams', () => {
  it('closes 1008 for a missing, forged, expired or other-call token, or a token-less admin leg', async () => {
    const callSid = fakeCallSid();
    const cases: [string, Record<string, string>, RegExp][] = [
      ['none', {}, /no token/],
      ['forged', { token: `${signStreamToken(`${SECRET}x`, grant(callSid))}` }, /bad signature/],
      [
        'expired',
        { token: signStreamToken(SECRET, grant(callSid), 60_000, Date.now() - 120_000) },
        /expired/,
      ],
      ['other call', { token: signStreamToken(SECRET, grant(fakeCallSid())) }, /another call/],
      ['admin without admin', { token: signStreamToken(SECRET, grant(callSid, { leg: 'admin' })) }, /admin/],
    ];
    for (const [name, customParameters, reason] of cases) {
      const stream = await openTwilioStream(media, { callSid, customParameters });
      const closed = await stream.closed;
      expect([name, closed.code]).toEqual([name, POLICY_VIOLATION]);
      expect(closed.reason).toMatch(reason);
      expect(stream.media).toHaveLength(0);
    }
  });

  it('ignores garbage, oversized and unknown frames, and closes a stream that never starts', async () => {
    const stream = await openTwilioStream(media, { start: false });
    stream.sendRaw('not json');
    stream.sendRaw(Buffer.from([1, 2, 3]));
    stream.sendRaw(JSON.stringify({ event: 'media', media: { payload: 'x'.repeat(5000) } }));
    stream.sendRaw(JSON.stringify({ event: 'something-new' }));
    stream.sendRaw(JSON.stringify({ event: 'media', media: {} }));
    stream.sendMedia(new Uint8Array(160).fill(0xff)); // media before start: ignored
    stream.sendDtmf('5');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const t0 = Date.now();
    const closed = await stream.closed;
    expect(closed).toEqual({ code: POLICY_VIOLATION, reason: 'no start message' });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
