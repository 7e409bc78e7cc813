import { Room, dispose } from '@livekit/rtc-node';
import { RoomServiceClient, TrackSource } from 'livekit-server-sdk';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@booth/db';
import { speakerOf } from '@booth/shared';
import { startFakeLlm, type FakeLlm } from '../fakes/openai-server';
import { consoleOf, launchBrowser, signedInContext } from '../support/browser';
import { captionLives, domEvents, recordDom } from '../support/browser-dom';
import {
  UI_TIMEOUT,
  apiAs,
  connectRoom,
  createAdminAccount,
  hex,
  joinCallPage,
  logTail,
  markDocument,
  promptSuggestion,
  requireWebBuild,
  silentWav,
  stackAdmin,
  transcriberJoined,
  transcriptSoFar,
} from '../support/browser-live';
import { jfkPath } from '../support/fixtures';
import { JFK_REFERENCE, publishWav, wordErrorRate } from '../support/livekit-client';
import { recordMetric } from '../support/metrics';
import { waitUntil, waitUntilSettled } from '../support/processes';
import { startStack, type Stack } from '../support/stack';

/**
 * A call in the admin's real Chromium (fake, silent microphone) against the real stack: API, worker and
 * transcriber processes, livekit-server and Whisper tiny.en. A second admin (an rtc-node participant
 * with a token from the API) says jfk.wav. The admin's page shows interim captions that turn final in
 * place (the same element: its DOM is recorded from before the app starts), in start order, under the
 * speaker's name, reading as the reference within the e2e bound (WER ≤ 0.2, tests/e2e); the mute
 * button mutes the published track; a suggestion the worker publishes shows; after hang-up the
 * record's analysis fills in without a reload. Only the LLM is a local stand-in (tests/fakes).
 */
const env = process.env;
let db: Db;
let llm: FakeLlm;
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let speaker: Room | undefined;

const SUMMARY = `Kennedy asks the audience what they can do for their country (${hex(3)}).`;

beforeAll(async () => {
  await requireWebBuild();
  db = createDb({ url: env.DATABASE_URL! });
  llm = await startFakeLlm();
  llm.respondWith(
    JSON.stringify({
      summary: SUMMARY,
      actionItems: [],
      leadStatus: null,
      sentiment: 'warm',
      sentimentReason: 'inspiring tone',
      fields: {},
    }),
  );
  stack = await startStack({
    env: {
      LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: `${llm.url}/v1`,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_MODEL: 'gpt-test',
      TRANSCRIBER_PARTIAL_INTERVAL_MS: '700',
    },
  });
  browser = await launchBrowser({ fakeAudio: silentWav() });
});

afterAll(async () => {
  await speaker?.disconnect().catch(() => undefined);
  await context?.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
  await llm?.close();
  await db?.$disconnect();
  await dispose();
});

describe('captions in the admin’s call page', () => {
  it('interims turn final in place, in order, under the speaker’s name; a suggestion shows; the analysis fills in after hang-up', async () => {
    const me = await stackAdmin(stack);
    const other = await createAdminAccount(db, `Dana ${hex(2)}`);
    const session = await stack.createSession('call');

    context = await signedInContext(browser, stack.api, stack.admin);
    await recordDom(context);
    const page: Page = await context.newPage();
    const log = consoleOf(page);
    await page.goto(`/calls/${session.id}`);
    await joinCallPage(page);
    await transcriberJoined(stack, session.id);
    expect(await page.locator('#captions').getAttribute('aria-live')).toBe('polite');

    // The second admin joins with a token from the API (its name is the account's) and shows up.
    const token = await (
      await apiAs(stack.api, other)
    ).request<{ token: string; url: string; identity: string }>('POST', '/api/livekit/token', {
      roomName: session.roomName,
    });
    speaker = await connectRoom(token);
    await page
      .locator(`#participants > li[data-identity="${token.identity}"]`, { hasText: other.name })
      .waitFor({ timeout: UI_TIMEOUT });

    const pub = await publishWav(speaker, jfkPath(), { trailingSilenceMs: 2500 });
    // Every final stored, and none for 3 s (the last may trail under load).
    const { value: rows } = await waitUntilSettled(
      'final segments in Postgres',
      () =>
        db.transcriptSegment.findMany({
          where: { sessionId: session.id },
          orderBy: [{ startMs: 'asc' }, { id: 'asc' }],
        }),
      {
        size: (r) => r.length,
        ready: (r) => wordErrorRate(JFK_REFERENCE, r.map((x) => x.text).join(' ')) <= 0.2,
        quietMs: 3000,
        timeoutMs: 90_000,
      },
    ).catch(async (err: Error) => {
      throw new Error(
        `${err.message}\n${await transcriptSoFar(db, session.id)}\n${logTail(stack, 'transcriber')}`,
      );
    });
    const finalLocator = page.locator('#captions li.caption[data-final="true"]');
    await waitUntil(
      'every final on the page',
      async () => (await finalLocator.count()) >= rows.length,
      UI_TIMEOUT,
      200,
    );

    // What the page shows now: exactly the stored finals, in start order, as stored, by name.
    const shown = await finalLocator.evaluateAll((els) =>
      els.map((el) => ({
        id: el.getAttribute('data-segment-id'),
        identity: el.getAttribute('data-speaker-identity'),
        speaker: el.querySelector('.caption-speaker')?.textContent?.trim() ?? '',
        text: el.querySelector('.caption-text')?.textContent?.trim() ?? '',
      })),
    );
    expect(shown.map((s) => s.id)).toEqual(rows.map((r) => r.id));
    for (const [i, s] of shown.entries()) {
      expect(s.text).toBe(rows[i]!.text.trim());
      expect(s.speaker).toBe(other.name);
      expect(s.speaker).not.toContain(token.identity);
      expect([token.identity, speakerOf(token.identity)]).toContain(s.identity);
    }
    const wer = wordErrorRate(JFK_REFERENCE, shown.map((s) => s.text).join(' '));
    expect(wer, shown.map((s) => s.text).join(' ')).toBeLessThanOrEqual(0.2);
    // No interim left behind.
    expect(await page.locator('#captions li.caption[data-final="false"]').count()).toBe(0);

    // From the record: one element per segment for its whole life; interims became the final in place.
    const lives = captionLives(await domEvents(page, 'caption'));
    for (const r of rows) {
      const own = lives.filter((l) => l.segmentIds.includes(r.id));
      expect(own.length, `elements for ${r.id}`).toBe(1);
      expect(own[0]!.segmentIds).toEqual([r.id]);
      expect(own[0]!.final).toBe(true);
      expect(own[0]!.removed).toBe(false);
    }
    const inPlace = lives.filter((l) => !l.firstFinal && l.interims.length > 0 && l.finalAt !== undefined);
    expect(inPlace.length, 'segments shown as interims that turned final in place').toBeGreaterThan(0);
    for (const l of inPlace) expect(l.interims.every((t) => t.length > 0)).toBe(true);
    // Every element that ever appeared belongs to a stored segment (no stray interim ids).
    expect(lives.filter((l) => !rows.some((r) => r.id === l.segmentId))).toEqual([]);

    // End of speech (session start + the segment's end) → final shown: one host, one clock.
    const { startedAt } = await db.session.findUniqueOrThrow({ where: { id: session.id } });
    const finalAt = (id: string) => lives.find((l) => l.segmentId === id)!.finalAt!;
    recordMetric(
      'browser.final_caption_latency_ms',
      rows.map((r) => finalAt(r.id) - (startedAt!.getTime() + r.endMs)),
    );
    recordMetric(
      'browser.postgres_to_caption_ms',
      rows.map((r) => finalAt(r.id) - r.createdAt.getTime()),
    );
    expect(pub.trackSid).toBe(rows[0]!.trackSid);

    // Mute: the button says so and LiveKit has the admin's microphone muted.
    const rooms = new RoomServiceClient(
      env.LIVEKIT_URL!.replace(/^ws/, 'http'),
      env.LIVEKIT_API_KEY,
      env.LIVEKIT_API_SECRET,
    );
    const micMuted = async () => {
      const ps = await rooms.listParticipants(session.roomName);
      const mine = ps.find((p) => p.identity.startsWith(`admin-${me.id}-`));
      return mine?.tracks.find((t) => t.source === TrackSource.MICROPHONE)?.muted;
    };
    expect(await micMuted()).toBe(false);
    const mute = page.locator('button#mute');
    expect(await mute.getAttribute('aria-pressed')).toBe('false');
    await mute.click();
    await page.locator('button#mute[aria-pressed="true"]').waitFor({ timeout: UI_TIMEOUT });
    await waitUntil('LiveKit to have the mic muted', async () => (await micMuted()) === true, UI_TIMEOUT);
    await mute.click();
    await waitUntil('LiveKit to have the mic unmuted', async () => (await micMuted()) === false, UI_TIMEOUT);

    // A suggestion from the real worker (signed, to the admins in the room).
    await promptSuggestion(db, stack, session);
    const suggestion = page.locator('#live-suggestions > li[data-kind="ready"]');
    await suggestion.waitFor({ timeout: UI_TIMEOUT });
    const row = await db.sessionSuggestion.findUniqueOrThrow({
      where: { sessionId_kind: { sessionId: session.id, kind: 'ready' } },
    });
    expect(await suggestion.getAttribute('data-suggestion-id')).toBe(row.id);
    expect(await suggestion.textContent()).toContain(row.text);

    // Hang-up: leave, the other admin goes, the session is ended; the record fills in, same document.
    const sameDocument = await markDocument(page);
    await page.locator('button#leave').click();
    await speaker.disconnect();
    await stack.request('POST', `/api/sessions/${session.id}/end`);
    await page.locator('#analysis', { hasText: SUMMARY }).waitFor({ timeout: 90_000 });
    expect(await sameDocument()).toBe(true);
    expect((await db.analysis.findUniqueOrThrow({ where: { sessionId: session.id } })).status).toBe(
      'completed',
    );
    expect(log.filter((l) => l.startsWith('pageerror:'))).toEqual([]);
  });
});
