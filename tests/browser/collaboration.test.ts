import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { dispose } from '@livekit/rtc-node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@booth/db';
import { audioFile, consoleOf, launchBrowser, signedInContext } from '../support/browser';
import { AUDIO_PROBE, holdToTalk, levels, replyAudio, wavMs } from '../support/browser-audio';
import {
  UI_TIMEOUT,
  createAdminAccount,
  createConsultation,
  hex,
  joinCallPage,
  logTail,
  requireWebBuild,
  silentWav,
  stackAdmin,
  transcriberJoined,
  type AdminAccount,
} from '../support/browser-live';
import { recordMetric } from '../support/metrics';
import { ROOT, waitUntil } from '../support/processes';
import { letterTag } from '../support/name-tags';
import { speechWav } from '../support/speech-fixtures';
import { startStack, type Stack } from '../support/stack';

/**
 * Admins working together, in real Chromium against the real API and livekit-server: one admin opens
 * a collaboration room from a contact and asks a colleague in (a notification with Join); both hear
 * each other (audio energy measured in each page), and push-to-talk opens a muted microphone while
 * held; one asks the shared assistant by typing and the other sees the turn and the reply as they
 * happen; the write it proposes waits for its asker, whose Confirm runs it once; a third admin
 * arriving late sees the whole session. In a consultation, a colleague listening in is hidden from
 * the client and from the room's list, and their whisper reaches the admin and never the client.
 * Writes the README's collaboration screenshot.
 */
const DESKTOP = { width: 1280, height: 900 };
let db: Db;
let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];
let host: { id: string; name: string | null; email: string };
let bea: AdminAccount;
let cy: AdminAccount;

beforeAll(async () => {
  await requireWebBuild();
  db = createDb({ url: process.env.DATABASE_URL! });
  // The transcriber: a question asked aloud in the room becomes the shared assistant's turn.
  stack = await startStack({ services: ['api', 'transcriber'] });
  host = await stackAdmin(stack);
  bea = await createAdminAccount(db, `Bea ${hex(2)}`);
  cy = await createAdminAccount(db, `Cy ${hex(2)}`);
  // Every microphone says the same sentence, looping: whoever is heard has energy on their track.
  browser = await launchBrowser({ fakeAudio: audioFile('jfk.wav') });
});

// Each test's pages leave their rooms when it ends: a room still talking would keep the one
// transcriber busy for the next test.
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
  await db?.$disconnect();
  await dispose();
});

async function dashboard(
  creds: { email: string; password: string },
  path: string,
  using: Browser = browser,
): Promise<{ page: Page; log: string[] }> {
  const context = await signedInContext(using, stack.api, creds);
  contexts.push(context);
  await context.addInitScript(AUDIO_PROBE);
  const page = await context.newPage();
  await page.setViewportSize(DESKTOP);
  const log = consoleOf(page);
  await page.goto(path);
  return { page, log };
}

/** Whether any remote track of `page` was louder than `rms` in the window. */
const heard = async (page: Page, from: number, to: number, rms = 0.01) =>
  (await levels(page, 'remote', from)).some((l) => l.t <= to && l.rms > rms);

describe('a collaboration room', () => {
  it('two admins talk, share one assistant session and a confirmed write runs once; a late joiner sees it all', async () => {
    // Letters only: the assistant's rules resolve names, not digits.
    const k = letterTag(3);
    const contact = await db.contact.create({
      data: { name: `Priya Wedding ${k}`, eventType: 'wedding', leadStatus: 'qualified' },
    });

    // The host opens a room about the contact and asks Bea in.
    const a = await dashboard(stack.admin, `/contacts/${contact.id}`);
    const b = await dashboard(bea, '/');
    await b.page.locator('#live-status[data-status="connected"]').waitFor({ timeout: UI_TIMEOUT });
    await a.page.locator('button#discuss-in-room').click({ timeout: UI_TIMEOUT });
    await a.page.waitForURL(/\/calls\//, { timeout: UI_TIMEOUT });
    const sessionId = new URL(a.page.url()).pathname.split('/').pop()!;
    await a.page
      .getByRole('heading', { name: `Collaboration with ${contact.name}` })
      .waitFor({ timeout: UI_TIMEOUT });
    const invite = a.page.locator('section#invite-colleagues');
    await invite.getByLabel(bea.name).check({ timeout: UI_TIMEOUT });
    await invite.getByRole('button', { name: 'Ask to join' }).click();
    await invite.getByText(`Asked ${bea.name}.`).waitFor({ timeout: UI_TIMEOUT });

    // Bea's dashboard shows the invitation; Join takes her into the room.
    const toast = b.page.locator('#toasts .toast', {
      hasText: `asks you to join a collaboration room about ${contact.name}`,
    });
    await toast.waitFor({ timeout: UI_TIMEOUT });
    await expect(toast.locator('.toast-action').textContent()).resolves.toBe('Join');
    await toast.click();
    await b.page.waitForURL(new RegExp(`/calls/${sessionId}$`), { timeout: UI_TIMEOUT });

    await joinCallPage(a.page);
    await joinCallPage(b.page);
    // Each hears the other: energy on the remote track in each page.
    const joinedAt = Date.now();
    await replyAudio(a.page, joinedAt, { rms: 0.01, samples: 5, timeoutMs: 30_000 });
    await replyAudio(b.page, joinedAt, { rms: 0.01, samples: 5, timeoutMs: 30_000 });
    await a.page.locator('ul#participants').getByText(bea.name).waitFor({ timeout: UI_TIMEOUT });

    // Bea mutes: the host hears nothing; holding push-to-talk opens her microphone again.
    await b.page.locator('button#mute').click();
    await b.page.locator('button#mute[aria-pressed="true"]').waitFor({ timeout: UI_TIMEOUT });
    await new Promise((r) => setTimeout(r, 1_500));
    const mutedFrom = Date.now();
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await heard(a.page, mutedFrom, Date.now())).toBe(false);
    const ptt = b.page.locator('button#push-to-talk');
    await ptt.hover();
    await b.page.mouse.down();
    const pressedAt = Date.now();
    const loud = await replyAudio(a.page, pressedAt, { rms: 0.01, samples: 5, timeoutMs: 20_000 });
    recordMetric('collaboration.ptt_press_to_heard_ms', [loud[0]!.t - pressedAt]);
    await b.page.mouse.up();
    await b.page.locator('button#mute[aria-pressed="true"]').waitFor({ timeout: UI_TIMEOUT });

    // The host asks the shared assistant by typing; Bea sees the turn and the reply.
    const askedAt = Date.now();
    const shared = (p: Page) => p.locator('section#shared-assistant');
    await shared(a.page).getByLabel('Ask the shared assistant').fill(`mark ${contact.name} as booked`);
    await shared(a.page).getByRole('button', { name: 'Ask', exact: true }).click();
    const onB = shared(b.page);
    await onB
      .locator('.shared-message[data-role="user"]', { hasText: `mark ${contact.name} as booked` })
      .waitFor({ timeout: UI_TIMEOUT });
    await onB
      .locator('.shared-message[data-role="user"] .shared-author', { hasText: host.name ?? '' })
      .first()
      .waitFor();
    const action = onB.locator('.assistant-action[data-status="proposed"]');
    await action.waitFor({ timeout: UI_TIMEOUT });
    recordMetric('collaboration.shared_turn_seen_ms', [Date.now() - askedAt]);
    // Bea cannot confirm the host's write; she sees whose it is.
    await expect(action.getByRole('button', { name: 'Confirm' }).count()).resolves.toBe(0);
    await action.getByText(`Waiting for ${host.name} to confirm.`).waitFor();

    // The host confirms: it runs once, and both pages show it done.
    const onA = shared(a.page);
    await onA
      .locator('.assistant-action[data-status="proposed"]')
      .getByRole('button', { name: 'Confirm' })
      .click();
    await onA.locator('.assistant-action[data-status="done"]').waitFor({ timeout: UI_TIMEOUT });
    await onB.locator('.assistant-action[data-status="done"]').waitFor({ timeout: UI_TIMEOUT });
    await onB
      .locator('.shared-message[data-role="assistant"]', { hasText: `${contact.name} is now booked` })
      .waitFor();
    expect((await db.contact.findUniqueOrThrow({ where: { id: contact.id } })).leadStatus).toBe('booked');
    const changes = await db.contactChange.findMany({
      where: { contactId: contact.id, field: 'leadStatus' },
    });
    expect(changes.map((c) => c.actorId)).toEqual([host.id]);

    // The room's notes: what the host writes appears on Bea's page, and is kept with the room.
    const note = `Priya wants a sax player ${k}`;
    await a.page.locator('.shared-pad[data-pad-scope="session"] textarea').pressSequentially(note);
    await waitUntil(
      'the room note on Bea’s page',
      async () =>
        (await b.page.locator('.shared-pad[data-pad-scope="session"] textarea').inputValue()) === note,
      UI_TIMEOUT,
    );

    // Cy arrives late: the whole session is there, before and after joining.
    const c = await dashboard(cy, `/calls/${sessionId}`);
    const onC = shared(c.page);
    await onC
      .locator('.shared-message[data-role="user"]', { hasText: `mark ${contact.name} as booked` })
      .waitFor({
        timeout: UI_TIMEOUT,
      });
    await onC.locator('.assistant-action[data-status="done"]').waitFor({ timeout: UI_TIMEOUT });
    await joinCallPage(c.page);
    // Cy listens (muted): one transcriber serves every test file's rooms in this run.
    await c.page.locator('button#mute').click();
    // Bea asks something while Cy is there: Cy sees it live.
    await shared(b.page).getByLabel('Ask the shared assistant').fill('show me my open tasks');
    await shared(b.page).getByRole('button', { name: 'Ask', exact: true }).click();
    await onC.locator('.shared-message[data-role="user"]', { hasText: 'show me my open tasks' }).waitFor({
      timeout: UI_TIMEOUT,
    });
    await onC
      .locator('.shared-message[data-role="user"]', { hasText: 'show me my open tasks' })
      .locator('.shared-author', { hasText: bea.name })
      .waitFor();

    const dir = join(ROOT, 'docs', 'screenshots');
    mkdirSync(dir, { recursive: true });
    await a.page.locator('section#shared-assistant').scrollIntoViewIfNeeded();
    await a.page.screenshot({ path: join(dir, 'collaboration.png') });
    expect(a.log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
    expect(b.log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });
});

describe('asking the shared assistant aloud', () => {
  it('holding "Hold to ask" makes what was said the turn, seen by the room', async () => {
    const leadMs = 2500;
    const trailMs = 4500;
    const wav = await speechWav('show me my open tasks', {
      leadingSilenceMs: leadMs,
      trailingSilenceMs: trailMs,
    });
    const periodMs = wavMs(wav);
    const speechMs = periodMs - leadMs - trailMs;
    const speaking = await launchBrowser({ fakeAudio: wav });
    // Bea listens, with a silent microphone: one voice for the transcriber, as in a real question.
    const quiet = await launchBrowser({ fakeAudio: silentWav() });
    try {
      const session = await stack.request<{ id: string }>('POST', '/api/sessions', { kind: 'collaboration' });
      const a = await dashboard(stack.admin, `/calls/${session.id}`, speaking);
      const b = await dashboard(bea, `/calls/${session.id}`, quiet);
      await joinCallPage(a.page);
      await joinCallPage(b.page);
      // The room's transcriber is there (its captions of the looping phrase show) before asking.
      await transcriberJoined(stack, session.id);
      await a.page
        .locator('#captions li', { hasText: /open tasks/i })
        .first()
        .waitFor({ timeout: 60_000 })
        .catch(async (err: Error) => {
          const captions = await a.page.locator('#captions li').allTextContents();
          throw new Error(
            `${err.message.split('\n')[0]}\ncaptions: ${JSON.stringify(captions.slice(-8))}\n` +
              `${logTail(stack, 'transcriber', 30)}`,
          );
        });
      const hold = a.page.locator('button#ask-by-voice');
      await holdToTalk(a.page, hold, { periodMs, speechMs, aheadMs: 1500 });
      const spoken = (p: Page) =>
        p.locator('section#shared-assistant .shared-message[data-role="user"][data-source="voice"]', {
          hasText: /open tasks/i,
        });
      await spoken(a.page)
        .waitFor({ timeout: 45_000 })
        .catch(async (err: Error) => {
          const captions = await a.page.locator('#captions li').allTextContents();
          const panel = await a.page.locator('section#shared-assistant').textContent();
          throw new Error(
            `${err.message.split('\n')[0]}\ncaptions: ${JSON.stringify(captions.slice(-6))}\n` +
              `panel: ${panel}\n${logTail(stack, 'transcriber', 20)}`,
          );
        });
      await spoken(b.page).waitFor({ timeout: UI_TIMEOUT });
      // Said once: the rendition before the press (the file loops) is not part of the question.
      const said = (await spoken(b.page).locator('.assistant-text').textContent()) ?? '';
      expect(said.match(/open tasks/gi)?.length, said).toBe(1);
      await b.page
        .locator('section#shared-assistant .shared-message[data-role="assistant"]')
        .first()
        .waitFor({ timeout: UI_TIMEOUT });
    } finally {
      await speaking.close();
      await quiet.close();
    }
  });
});

describe('listening in on a consultation', () => {
  it('the client never sees the colleague listening in, and the whisper reaches only the admin', async () => {
    const consultation = await createConsultation(stack);
    const a = await dashboard(stack.admin, `/calls/${consultation.id}`);
    await joinCallPage(a.page);

    const clientContext = await browser.newContext({ permissions: ['microphone', 'camera'] });
    contexts.push(clientContext);
    const client = await clientContext.newPage();
    const clientLog = consoleOf(client);
    await client.goto(consultation.joinUrl.replace(/^https?:\/\/[^/]+/, stack.api));
    await client.locator('input#join-name').fill('Priya');
    await client.locator('#consent input#consent-check').check();
    await client.locator('button#join').click();
    await client.locator('#room-status', { hasText: 'Connected' }).waitFor({ timeout: UI_TIMEOUT });

    // The host asks Bea to listen in; her invitation opens the call in listening mode.
    await a.page.locator('section#invite-colleagues').getByLabel(bea.name).check({ timeout: UI_TIMEOUT });
    await a.page
      .locator('section#invite-colleagues')
      .getByRole('button', { name: 'Ask to listen in' })
      .click();
    const b = await dashboard(bea, '/notifications');
    const entry = b.page
      .locator('li[data-notification-id]', { hasText: 'asks you to listen in on a call' })
      .first()
      .getByRole('link', { name: 'Listen in' });
    await entry.waitFor({ timeout: UI_TIMEOUT });
    await entry.click();
    await b.page.waitForURL(/\?listen=1$/, { timeout: UI_TIMEOUT });
    await b.page.locator('button#join-call', { hasText: 'Listen in' }).click({ timeout: UI_TIMEOUT });
    await b.page.locator('#listening-in').waitFor({ timeout: UI_TIMEOUT });
    // Bea hears the room (the host's and the client's voices) without being in anyone's list.
    const listeningFrom = Date.now();
    await replyAudio(b.page, listeningFrom, { rms: 0.01, samples: 5, timeoutMs: 30_000 });
    await b.page.locator('ul#participants li').nth(1).waitFor({ timeout: UI_TIMEOUT });

    const names = (p: Page) => p.locator('ul#participants li').allTextContents();
    await waitUntil('the client sees the host', async () => (await names(client)).length >= 2, 15_000);
    expect((await names(client)).join(' ')).not.toContain(bea.name);
    expect((await names(a.page)).join(' ')).not.toContain(bea.name);

    const whisper = `Ask about the uplighting ${hex(2)}`;
    await b.page.locator('form#whisper input').fill(whisper);
    await b.page.locator('form#whisper').getByRole('button', { name: 'Whisper' }).click();
    await b.page
      .locator('form#whisper')
      .getByText('Whispered to the admin.')
      .waitFor({ timeout: UI_TIMEOUT });
    await a.page.locator('#live-whispers').getByText(whisper).waitFor({ timeout: UI_TIMEOUT });
    await a.page.locator('#live-whispers').getByText(bea.name).waitFor();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await client.content()).not.toContain(whisper);
    expect(clientLog.join('\n')).not.toContain('booth.whispers');

    // The call's record lists who took part, Bea as having listened in (LiveKit's webhook).
    await waitUntil(
      'the listener in the record',
      async () => {
        const s = await stack.request<{ participants: { adminId: string | null; listenOnly: boolean }[] }>(
          'GET',
          `/api/sessions/${consultation.id}`,
        );
        return s.participants.some((p) => p.adminId === bea.id && p.listenOnly);
      },
      15_000,
    );
  });
});
