import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@booth/db';
import { decodeMulaw } from '@booth/shared';
import { parseWav } from '@booth/transcriber';
import { fakeCallSid, openTwilioStream, rms, type FakeTwilioStream } from '../fakes/twilio-media';
import { parseStreamTwiml, startFakeTwilioRest, type FakeTwilioRest } from '../fakes/twilio-rest';
import { callVoiceWebhook } from '../fakes/twilio-voice';
import { toPhoneMulaw } from '../support/phone-audio';
import { waitUntil, waitUntilSettled } from '../support/processes';
import { speechWav } from '../support/speech-fixtures';
import { startStack, type Stack } from '../support/stack';

/**
 * A phone call end to end, every Booth part real (API, telephony bridge, transcriber, worker, Postgres,
 * Redis, livekit-server), only Twilio replaced at the wire: the fake signs the voice webhook, plays the
 * caller's phone over Media Streams (espeak-ng speech as 8 kHz µ-law, at real-time pace) and, when
 * nobody answers in the dashboard, the admin's own phone rung by the bridge through the fake REST API.
 * Both sides are transcribed live under their own identities; the caller hangs up; the analysis of the
 * call (the deterministic extractor) is written on the contact the number matched.
 */
const env = process.env;
const ADMIN_PHONE = '+15550001111';
const BOOTH_NUMBER = '+15559870000';

let db: Db;
let stack: Stack;
let rest: FakeTwilioRest;
const streams: FakeTwilioStream[] = [];

/** espeak-ng speech as the phone line carries it: 8 kHz 16-bit PCM of its µ-law. */
async function phoneSpeech(text: string): Promise<Int16Array> {
  const wav = parseWav(readFileSync(await speechWav(text, { wpm: 140, trailingSilenceMs: 1200 })));
  return decodeMulaw(toPhoneMulaw(wav.samples));
}

beforeAll(async () => {
  db = createDb({ url: env.DATABASE_URL! });
  rest = await startFakeTwilioRest({
    accountSid: env.TWILIO_ACCOUNT_SID!,
    authToken: env.TWILIO_AUTH_TOKEN!,
    answer: 'stream',
    answerDelayMs: 300,
  });
  const api = `http://127.0.0.1:${env.BOOTH_TEST_API_PORT}`;
  stack = await startStack({
    services: ['api', 'worker', 'transcriber', 'telephony'],
    env: {
      PUBLIC_URL: api,
      LLM_PROVIDER: 'none',
      TWILIO_API_URL: rest.url,
      TELEPHONY_ADMIN_PHONE: ADMIN_PHONE,
      TELEPHONY_RING_PHONE_AFTER_S: '2',
      TELEPHONY_GREETING: 'Thanks for calling. This call is recorded and transcribed.',
    },
  });
}, 180_000);

afterAll(async () => {
  await Promise.all(streams.map((s) => s.close().catch(() => undefined)));
  const codes = await stack?.stop();
  await rest?.close();
  await db?.$disconnect();
  // SIGTERM drains and exits cleanly.
  expect(codes).toEqual([0, 0, 0, 0]);
});

describe('a phone call to the Booth number', () => {
  it('rings the admin, is transcribed on both sides, and is analysed onto the matched contact', async () => {
    const contact = await db.contact.create({ data: { name: 'Dana Cole', phone: '(555) 123-0042' } });
    // A venue the business knows (another client's): it goes in Whisper's prompt for the call.
    await db.contact.create({ data: { name: 'Lee Park', venue: 'Riverside Mansion' } });
    // The admin whose phone Booth rings: the first owner (earlier tiers' admins share this database).
    const owner = await db.adminUser.findFirstOrThrow({
      where: { role: 'owner' },
      orderBy: { createdAt: 'asc' },
    });
    const [callerSpeech, adminSpeech] = await Promise.all([
      phoneSpeech(
        'Hi, this is Dana Cole. We are planning our wedding. The wedding is on June fourteenth, for about one hundred and twenty guests, at the Riverside Mansion.',
      ),
      phoneSpeech('Congratulations. I will send you a price quote for the wedding tomorrow.'),
    ]);

    // 1. Twilio asks Booth what to do with the call (signed, form-encoded).
    const callSid = fakeCallSid();
    const res = await callVoiceWebhook(stack.api, { callSid, from: '+15551230042', to: BOOTH_NUMBER });
    expect(res.status).toBe(200);
    const twiml = parseStreamTwiml(res.twiml);
    expect(twiml?.url).toBe(`${stack.telephony!.replace('http', 'ws')}/twilio/media`);

    // 2. Twilio opens the caller's media stream; the caller hears the greeting, then ringback.
    const caller = await openTwilioStream(twiml!.url, { callSid, customParameters: twiml!.parameters });
    streams.push(caller);
    await waitUntil('the greeting', async () => rms(caller.receivedPcm()) > 300, 15_000, 100);

    // 3. Nobody answers in the dashboard: after 2 s the bridge rings the admin's phone, which picks up.
    await waitUntil('the admin phone leg', async () => rest.calls[0]?.stream, 20_000, 100);
    const call = rest.calls[0]!;
    expect(call).toMatchObject({ to: ADMIN_PHONE, from: BOOTH_NUMBER });
    const adminPhone = call.stream!;
    streams.push(adminPhone);
    await waitUntil('the greeting cleared', async () => caller.clears.length > 0, 15_000, 100);
    const session = await waitUntil(
      'answered',
      async () => {
        const s = await db.session.findUnique({ where: { callSid } });
        return s?.answeredById ? s : undefined;
      },
      15_000,
      200,
    );
    expect(session).toMatchObject({ contactId: contact.id, answeredById: owner.id, phoneVia: 'twilio' });

    // 4. Both sides speak, one after the other, each on their own phone.
    await caller.streamPcm(callerSpeech);
    await adminPhone.streamPcm(adminSpeech);
    // Both sides' finals, once the admin's last utterance is in (nothing new for 3 s): what was heard is
    // then asserted below, so a mishearing fails naming the words.
    const { value: segments } = await waitUntilSettled(
      'finals of both speakers',
      () =>
        db.transcriptSegment.findMany({
          where: { sessionId: session.id, final: true },
          orderBy: { startMs: 'asc' },
        }),
      {
        size: (rows) => rows.length,
        ready: (rows) => new Set(rows.map((r) => r.speakerIdentity)).size >= 2,
        quietMs: 3000,
        timeoutMs: 90_000,
      },
    );
    const said = (who: string) =>
      segments
        .filter((s) => s.speakerIdentity === who)
        .map((s) => s.text)
        .join(' ');
    expect(said(`phone-${callSid}`)).toMatch(/wedding/i);
    expect(said(`phone-${callSid}`)).toMatch(/riverside/i);
    // Each side's words under its own speaker. tiny.en over µ-law hears "a quote" as "your work" or
    // "price worth" from one run to the next; "congratulation(s)" and "tomorrow" come through.
    expect(said(`admin-${owner.id}`)).toMatch(/congratulation/i);
    expect(said(`admin-${owner.id}`)).toMatch(/tomorrow/i);
    expect(said(`phone-${callSid}`)).not.toMatch(/congratulation/i);

    // 5. The caller hangs up: the room closes, the session ends and the call is analysed.
    await caller.stop();
    const analysis = await waitUntil(
      'the analysis',
      async () => {
        const a = await db.analysis.findUnique({ where: { sessionId: session.id } });
        return a?.status === 'completed' ? a : undefined;
      },
      120_000,
      500,
    );
    expect(analysis.extractedFields).toMatchObject({ eventType: 'wedding' });
    const after = await db.contact.findUniqueOrThrow({ where: { id: contact.id } });
    expect(after.eventType).toBe('wedding');
    expect(after.guestCount).toBe(120);
    const ended = await db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(ended).toMatchObject({ status: 'ended', missed: false });
    await adminPhone.closed;
  }, 300_000);
});
