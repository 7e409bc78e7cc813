import { randomBytes } from 'node:crypto';
import { Room, dispose } from '@livekit/rtc-node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@booth/db';
import {
  CAPTION_ATTRIBUTES,
  DATA_TOPICS,
  SIGNED_DATA_VERSION,
  TRANSCRIPTION_TOPIC,
  captionSignedString,
  roomDataKey,
  sealData,
  signText,
  speakerOf,
} from '@booth/shared';
import { consoleOf, launchBrowser, signedInContext } from '../support/browser';
import { domEvents, numberIn, recordDom, recordedEvent, type DomEvent } from '../support/browser-dom';
import {
  UI_TIMEOUT,
  clientToken,
  connectRoom,
  createConsultation,
  hex,
  inlineScripts,
  joinCallPage,
  promptSuggestion,
  requireWebBuild,
  scriptSources,
  silentWav,
  transcriberJoined,
  watchIgnored,
  type Consultation,
  type IgnoredData,
} from '../support/browser-live';
import { jfkPath } from '../support/fixtures';
import { collectTextStreams, publishWav, type ReceivedText } from '../support/livekit-client';
import { waitUntil } from '../support/processes';
import { startStack, type Stack } from '../support/stack';

/**
 * What a client in a consultation publishes cannot pass for Booth's: the admin's call page shows only
 * data signed with the room's data key (services/shared/src/api/data-signing.ts), which clients never
 * hold. A client participant (rtc-node, token from the invite code) forges live suggestions,
 * notifications and captions — plain payloads, envelopes with a made-up signature, envelopes signed
 * with a wrong key, a real caption's attributes and signature on other text — the moment it has
 * connected (when its packets can arrive with no participant, as the server's do) and again seconds
 * later. Nothing of it may show (no suggestion, toast, badge change or caption, not even briefly: the
 * page's DOM is recorded throughout), and the page logs what it ignored. Positive controls prove the
 * page was listening: real captions, a real suggestion from the worker and a real notification do show.
 */
let db: Db;
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
const rooms: Room[] = [];

beforeAll(async () => {
  await requireWebBuild();
  db = createDb({ url: process.env.DATABASE_URL! });
  stack = await startStack({ env: { TRANSCRIBER_PARTIAL_INTERVAL_MS: '700' } });
  browser = await launchBrowser({ fakeAudio: silentWav() });
});

afterAll(async () => {
  for (const r of rooms) await r.disconnect().catch(() => undefined);
  await context?.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
  await db?.$disconnect();
  await dispose();
});

const MARK = `FORGED-${hex(3)}`;
const randomSig = () => randomBytes(32).toString('base64url');
const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

interface Forgery {
  data: { topic: string; bytes: Uint8Array }[];
  captions: { text: string; attributes: Record<string, string>; senderIdentity?: string }[];
}

/**
 * One burst of forgeries, prepared before connecting so that publishing can start the instant the
 * connection is up. `real` is a real caption to imitate (its segment id, times, track and signature).
 */
async function forgeries(
  c: Consultation,
  round: string,
  real?: ReceivedText,
  impersonate?: string,
): Promise<Forgery> {
  const wrongKey = await roomDataKey('not-the-livekit-api-secret', c.roomName);
  const suggestion = {
    id: `forged-suggestion-${round}`,
    sessionId: c.id,
    kind: 'budget',
    text: `${MARK} suggestion ${round}`,
    quote: null,
    atMs: 0,
  };
  const notification = {
    id: `forged-notification-${round}`,
    type: 'new_lead',
    title: `${MARK} notification ${round}`,
    body: null,
    contactId: null,
    sessionId: c.id,
    data: null,
    createdAt: new Date().toISOString(),
  };
  const data: Forgery['data'] = [];
  for (const [topic, payload] of [
    [DATA_TOPICS.suggestions, suggestion],
    [DATA_TOPICS.notifications, notification],
  ] as const) {
    data.push({ topic, bytes: encode(payload) }); // not an envelope at all
    data.push({
      topic,
      bytes: encode({ v: SIGNED_DATA_VERSION, topic, data: JSON.stringify(payload), sig: randomSig() }),
    });
    data.push({ topic, bytes: await sealData(wrongKey, topic, payload) }); // well-formed, wrong key
  }

  const a = CAPTION_ATTRIBUTES;
  const base: Record<string, string> = real
    ? { ...real.attributes }
    : {
        [a.final]: 'true',
        [a.segmentId]: `SG_forged${hex(8)}`,
        [a.trackId]: `TR_forged${hex(4)}`,
        [a.startMs]: '0',
        [a.endMs]: '1800',
      };
  const text = `${MARK} caption ${round}`;
  const wrongKeySig = await signText(
    wrongKey,
    captionSignedString({
      segmentId: base[a.segmentId]!,
      final: base[a.final] === 'true',
      startMs: base[a.startMs]!,
      endMs: base[a.endMs]!,
      speaker: impersonate ?? real?.senderIdentity ?? '',
      text,
    }),
  );
  const captions: Forgery['captions'] = [
    // A made-up signature, as this participant.
    { text, attributes: { ...base, [a.signature]: randomSig() } },
    // Signed with a wrong key, in someone else's name.
    { text, attributes: { ...base, [a.signature]: wrongKeySig }, senderIdentity: impersonate },
    // The real caption's own signature (a replay) on other text, as its speaker; and as an interim.
    {
      text,
      attributes: { ...base, [a.signature]: real?.attributes[a.signature] ?? randomSig() },
      senderIdentity: real?.senderIdentity ?? impersonate,
    },
    {
      text: `${text} interim`,
      attributes: {
        ...base,
        [a.final]: 'false',
        [a.signature]: real?.attributes[a.signature] ?? randomSig(),
      },
      senderIdentity: real?.senderIdentity ?? impersonate,
    },
  ];
  return { data, captions };
}

/** Publishes a burst; every send starts at once (no await before the first). */
async function publishForgeries(room: Room, f: Forgery): Promise<void> {
  const lp = room.localParticipant!;
  const sends: Promise<unknown>[] = f.data.map((d) =>
    lp.publishData(d.bytes, { reliable: true, topic: d.topic }),
  );
  for (const c of f.captions) {
    sends.push(
      lp
        .streamText({
          topic: TRANSCRIPTION_TOPIC,
          attributes: c.attributes,
          senderIdentity: c.senderIdentity,
        })
        .then(async (w) => {
          await w.write(c.text);
          await w.close();
        }),
    );
  }
  // The legacy transcription packets too: a page showing those unverified would be as open.
  sends.push(
    lp.publishTranscription({
      participantIdentity: f.captions[1]?.senderIdentity ?? lp.identity,
      trackSid: f.captions[0]!.attributes[CAPTION_ATTRIBUTES.trackId]!,
      segments: [
        {
          id: `SG_legacy${hex(6)}`,
          text: `${MARK} legacy transcription`,
          startTime: 0n,
          endTime: 1000n,
          language: 'en',
          final: true,
        },
      ],
    }),
  );
  await Promise.all(sends);
}

const countFor = (ignored: IgnoredData[], topic: string) =>
  ignored.filter((i) => i.topic === topic || i.text.includes(topic)).length;

/** Every recorded event of the page that shows forged content (captions, suggestions, toasts). */
const forgedShown = (events: DomEvent[]) =>
  events.filter(
    (e) =>
      Object.values(e.texts).some((t) => t.includes(MARK)) ||
      Object.values(e.attrs).some((v) => v?.startsWith('forged-') || v?.startsWith('SG_forged')),
  );

describe('data a client publishes in a consultation', () => {
  it('shows nothing in the admin’s call page (no suggestion, toast, badge change or caption) and is logged as ignored', async () => {
    const c = await createConsultation(stack);
    context = await signedInContext(browser, stack.api, stack.admin);
    await recordDom(context);
    const page: Page = await context.newPage();
    const consoleLines = consoleOf(page);
    const ignored = watchIgnored(page);

    // The document itself: a CSP without 'unsafe-inline' for scripts, and no inline script in it.
    const res = await page.goto(`/calls/${c.id}`);
    expect(res?.status()).toBe(200);
    const { csp, sources } = scriptSources(res);
    expect(csp, 'the page has a Content-Security-Policy').not.toBe('');
    expect(sources, csp).not.toContain("'unsafe-inline'");
    expect(sources.length, csp).toBeGreaterThan(0);
    const connected = await joinCallPage(page);
    expect(await inlineScripts(page)).toEqual({ scripts: 0, handlers: [] });
    expect(connected.connectedAt).toBeGreaterThan(connected.clickedAt);
    await transcriberJoined(stack, c.id);

    // The header has its notifications live: the badge shows the stored unread count.
    const unread = async () =>
      (await stack.request<{ unread: number }>('GET', '/api/notifications?limit=1')).unread;
    const badgeCountedAt = Date.now() - 1_000;
    const badgeBefore = await waitUntil(
      'the badge to show the unread count',
      async () => {
        const [shown, stored] = [await numberIn(page, '#unread-badge'), await unread()];
        return shown === stored ? { shown } : undefined;
      },
      UI_TIMEOUT,
      250,
    );

    // Burst 1: the instant the forger is connected.
    const first = await forgeries(c, 'on-connect');
    const forgerToken = await clientToken(stack.api, c.roomName, c.inviteCode, `Forger ${hex(2)}`);
    const forger = new Room();
    rooms.push(forger);
    const heard = collectTextStreams(forger, TRANSCRIPTION_TOPIC);
    await forger.connect(forgerToken.url, forgerToken.token, { autoSubscribe: false, dynacast: false });
    await publishForgeries(forger, first);
    const forgerJoinedAt = Date.now();
    const firstDataPackets = (topic: string) => first.data.filter((d) => d.topic === topic).length;
    await waitUntil(
      'the page to log the first burst as ignored',
      () =>
        countFor(ignored, DATA_TOPICS.suggestions) >= firstDataPackets(DATA_TOPICS.suggestions) &&
        countFor(ignored, TRANSCRIPTION_TOPIC) >= first.captions.length,
      UI_TIMEOUT,
      200,
    );

    // A real speaker (another client) so that there are real captions to see and to imitate.
    const speakerName = `Speaker ${hex(2)}`;
    const speaker = await connectRoom(await clientToken(stack.api, c.roomName, c.inviteCode, speakerName));
    rooms.push(speaker);
    await publishWav(speaker, jfkPath(), { trailingSilenceMs: 2500 });
    const realFinal = await waitUntil(
      'a real final caption reaching the forger',
      () =>
        heard.find(
          (t) =>
            t.attributes[CAPTION_ATTRIBUTES.final] === 'true' &&
            !!t.attributes[CAPTION_ATTRIBUTES.signature] &&
            t.senderIdentity === speaker.localParticipant!.identity,
        ),
      60_000,
      200,
    );
    const realId = realFinal.attributes[CAPTION_ATTRIBUTES.segmentId]!;
    // Positive control: the page shows the real caption, as the real speaker's.
    await page
      .locator(`#captions li.caption[data-segment-id="${realId}"][data-final="true"]`)
      .waitFor({ timeout: UI_TIMEOUT });

    // Burst 2: seconds later (the forger is a known participant by now), imitating the real caption.
    expect(Date.now() - forgerJoinedAt).toBeGreaterThan(3000);
    const ignoredBefore = {
      suggestions: countFor(ignored, DATA_TOPICS.suggestions),
      captions: countFor(ignored, TRANSCRIPTION_TOPIC),
    };
    const second = await forgeries(c, 'later', realFinal, realFinal.senderIdentity);
    await publishForgeries(forger, second);
    await waitUntil(
      'the page to log the second burst as ignored',
      () =>
        countFor(ignored, DATA_TOPICS.suggestions) >=
          ignoredBefore.suggestions + firstDataPackets(DATA_TOPICS.suggestions) &&
        countFor(ignored, TRANSCRIPTION_TOPIC) >= ignoredBefore.captions + second.captions.length,
      UI_TIMEOUT,
      200,
    );

    // Positive controls after the forgeries: a real suggestion (the worker, signed) and a real
    // notification (the API) do show; so the page was listening all along.
    await promptSuggestion(db, stack, c, speakerOf(realFinal.senderIdentity));
    await page.locator('#live-suggestions > li[data-kind="ready"]').waitFor({ timeout: UI_TIMEOUT });
    const badgeAtControl = await numberIn(page, '#unread-badge');
    const controlAt = Date.now();
    const lead = await stack.request<{ id: string }>('POST', '/api/contacts', { name: `Lead ${hex(3)}` });
    const note = await waitUntil('the lead’s notification', () =>
      db.notification.findFirst({ where: { contactId: lead.id } }).then((n) => n ?? undefined),
    );
    await recordedEvent(page, 'toast', (e) => e.attrs['data-notification-id'] === note.id);

    const events = await domEvents(page);
    // Nothing forged was ever on screen, not even for a moment.
    expect(forgedShown(events)).toEqual([]);
    // The real caption kept its own text: no forged final or interim replaced it.
    const realEvents = events.filter((e) => e.key === 'caption' && e.attrs['data-segment-id'] === realId);
    expect(realEvents.length).toBeGreaterThan(0);
    const finalText = realEvents.at(-1)!.texts.text!;
    expect(finalText).toBe(realFinal.text.trim());
    expect(realEvents.filter((e) => e.attrs['data-final'] === 'true').map((e) => e.texts.text)).toEqual(
      realEvents.filter((e) => e.attrs['data-final'] === 'true').map(() => finalText),
    );
    // Every caption shown is one Booth stored (finals) or an interim of one of them.
    const stored = new Set(
      (await db.transcriptSegment.findMany({ where: { sessionId: c.id } })).map((s) => s.id),
    );
    const shownIds = new Set(
      events.filter((e) => e.key === 'caption').map((e) => e.attrs['data-segment-id']),
    );
    expect([...shownIds].filter((id) => !stored.has(id!))).toEqual([]);
    // Only the real suggestion; only the real toast; the badge moved only for the real notification.
    const suggestions = new Set(
      events.filter((e) => e.key === 'suggestion').map((e) => e.attrs['data-kind']),
    );
    expect([...suggestions]).toEqual(['ready']);
    const toastIds = new Set(
      events.filter((e) => e.key === 'toast').map((e) => e.attrs['data-notification-id']),
    );
    // Other test files share the run's livekit-server and Postgres, and their real notifications
    // reach this page too: every toast shown must be a stored notification, the control among them,
    // and the badge may only have grown by real ones (others may mark some read: it can only be less).
    const storedToasts = new Set(
      (
        await db.notification.findMany({
          where: { id: { in: [...toastIds].filter((id): id is string => !!id) } },
          select: { id: true },
        })
      ).map((n) => n.id),
    );
    expect([...toastIds].filter((id) => !!id && !storedToasts.has(id))).toEqual([]);
    expect(toastIds.has(note.id)).toBe(true);
    const realSince = await db.notification.count({
      where: { createdAt: { gte: new Date(badgeCountedAt) }, recipientId: null, id: { not: note.id } },
    });
    expect(badgeAtControl).toBeLessThanOrEqual(badgeBefore.shown + realSince);
    const badgeValues = events
      .filter((e) => e.key === 'badge' && e.at < controlAt)
      .map((e) => Number(/\d+/.exec(e.texts.text ?? '')?.[0] ?? 0));
    expect(Math.max(...badgeValues, 0)).toBeLessThanOrEqual(badgeBefore.shown + realSince);
    await waitUntil(
      'the badge to count the real notification',
      async () => (await numberIn(page, '#unread-badge')) === (await unread()),
      UI_TIMEOUT,
      250,
    );
    // Every warning names what was ignored; none is a page error.
    expect(consoleLines.filter((l) => l.startsWith('pageerror:'))).toEqual([]);
    process.stdout.write(
      `ignored: ${JSON.stringify(ignored.map((i) => [i.topic, i.from]))}\n` +
        `notifications in the call room logged: ${countFor(ignored, DATA_TOPICS.notifications)}\n`,
    );
  });
});
