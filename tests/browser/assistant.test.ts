import { dispose } from '@livekit/rtc-node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@booth/db';
import { consoleOf, launchBrowser, signedInContext } from '../support/browser';
import {
  AUDIO_PROBE,
  holdToTalk,
  replyAudio,
  sleepUntil,
  speechOnsets,
  wavMs,
} from '../support/browser-audio';
import { domEvents, recordDom, type TrackedSpec } from '../support/browser-dom';
import {
  UI_TIMEOUT,
  createAdminAccount,
  hex,
  horizontalOverflow,
  logTail,
  markDocument,
  requireWebBuild,
  waitShown,
  type AdminAccount,
} from '../support/browser-live';
import { waitUntil } from '../support/processes';
import { speechWav } from '../support/speech-fixtures';
import { startStack, type Stack } from '../support/stack';

/**
 * The admin assistant in the built dashboard, in Debian's Chromium against the real stack (API with
 * the assistant core and its rules planner, the transcriber's voice agent with Whisper tiny.en and
 * espeak-ng, livekit-server, Postgres): a typed write is only proposed until Confirm (Cancel changes
 * nothing); push-to-talk with a fake microphone saying "show me the new leads from this week" takes
 * the page to the filtered contacts and the agent's spoken reply arrives with energy; hands-free, only
 * an utterance that starts with "hey booth" is acted on.
 */
let db: Db;
let stack: Stack;
const browsers: Browser[] = [];
const contexts: BrowserContext[] = [];

/** The assistant's own elements, recorded from before the app starts (browser-dom.ts). */
const ASSISTANT_TRACKED: Record<string, TrackedSpec> = {
  agentState: { selector: '#assistant-agent-state', attrs: ['data-state'], texts: { text: '' } },
  notice: { selector: '.assistant-notice', texts: { text: '' } },
  message: {
    selector: '.assistant-message',
    attrs: ['data-role', 'data-source', 'data-pending'],
    texts: { text: '.assistant-text' },
  },
  highlighted: { selector: '[data-highlighted="true"]', attrs: ['data-row-id'] },
};

beforeAll(async () => {
  await requireWebBuild();
  db = createDb({ url: process.env.DATABASE_URL! });
  stack = await startStack({ services: ['api', 'transcriber'] });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  for (const b of browsers) await b.close().catch(() => undefined);
  await stack?.stop();
  await db?.$disconnect();
  await dispose();
});

/** A dashboard page of a fresh admin, in a browser whose microphone plays `fakeAudio` (looping). */
async function dashboard(
  fakeAudio: string | undefined,
  name: string,
): Promise<{ page: Page; admin: AdminAccount; log: string[] }> {
  const browser = await launchBrowser({ fakeAudio });
  browsers.push(browser);
  const admin = await createAdminAccount(db, name);
  const context = await signedInContext(browser, stack.api, admin);
  contexts.push(context);
  await recordDom(context, ASSISTANT_TRACKED);
  await context.addInitScript({ content: AUDIO_PROBE });
  const page = await context.newPage();
  const log = consoleOf(page);
  await page.goto('/');
  await page.locator('#assistant-toggle').waitFor({ timeout: UI_TIMEOUT });
  return { page, admin, log };
}

async function openPanel(page: Page): Promise<void> {
  const toggle = page.locator('#assistant-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.locator('#assistant-panel').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
}

/** Turns voice on and waits until the agent is in the admin's assistant room, listening. */
async function voiceOn(page: Page, log: string[]): Promise<void> {
  await openPanel(page);
  await page.locator('#assistant-voice').click();
  try {
    await page.locator('#assistant-agent-state[data-state="listening"]').waitFor({ timeout: 90_000 });
  } catch (err) {
    const state = await page
      .locator('#assistant-agent-state')
      .textContent()
      .catch(() => null);
    throw new Error(
      `the voice agent never listened (state shown: ${JSON.stringify(state)}): ${(err as Error).message.split('\n')[0]}\n` +
        `page log: ${log.slice(-10).join(' | ')}\n${logTail(stack, 'transcriber', 40)}`,
    );
  }
}

/** The admin's stored voice turns (what the agent heard, what the reply navigated to), for a failure message. */
async function voiceTurns(admin: AdminAccount): Promise<string> {
  const rows = await db.assistantMessage.findMany({
    where: { conversation: { adminId: admin.id } },
    orderBy: { createdAt: 'asc' },
    select: { role: true, source: true, text: true, navigate: true },
  });
  return JSON.stringify(rows.slice(-8));
}

const PHONE = { width: 390, height: 844 };

const contactsRow = (page: Page, id: string) => page.locator(`#main tr[data-row-id="${id}"]`);

describe('the admin assistant in the dashboard', () => {
  it('a typed write is a confirm card: nothing changes until Confirm; Cancel changes nothing', async () => {
    const { page } = await dashboard(undefined, `Tess ${hex(2)}`);
    const booked = await db.contact.create({ data: { name: 'Ottoline Brackenbury', leadStatus: 'new' } });
    const kept = await db.contact.create({
      data: { name: 'Wilhelmina Thistlewood', leadStatus: 'contacted' },
    });
    const streamed: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/turns')) streamed.push(r.headers()['content-type'] ?? '');
    });
    const sameDocument = await markDocument(page);

    // The toggle is reachable by keyboard (Tab from the top of the page, past everything the home
    // screen lists: in a full test run that is hundreds of links)…
    for (let i = 0; i < 1000; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate<string | undefined>('document.activeElement?.id')) === 'assistant-toggle')
        break;
    }
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('assistant-toggle');
    await page.keyboard.press('Enter'); // …and opens the panel with the input focused
    await page.locator('#assistant-panel').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await waitUntil(
      'the input to have focus',
      async () =>
        (await page.evaluate<string | undefined>('document.activeElement?.id')) === 'assistant-input',
      5000,
    );

    await page.keyboard.type('mark Ottoline Brackenbury as booked');
    await page.keyboard.press('Enter');
    const card = page.locator('.assistant-action[data-status="proposed"]', { hasText: 'Ottoline' });
    await waitShown(page, card, '#assistant-panel');
    expect(await card.locator('.assistant-action-summary').textContent()).toMatch(/booked/i);
    expect(streamed[0]).toContain('application/x-ndjson');
    // Proposed, stored, not run: the contact is as it was (and stays so for a while).
    await new Promise((r) => setTimeout(r, 1500));
    expect((await db.contact.findUniqueOrThrow({ where: { id: booked.id } })).leadStatus).toBe('new');
    const actionId = (await card.getAttribute('data-action-id'))!;
    expect((await db.assistantAction.findUniqueOrThrow({ where: { id: actionId } })).status).toBe('proposed');

    await card.getByRole('button', { name: 'Confirm' }).click();
    await page
      .locator(`.assistant-action[data-action-id="${actionId}"][data-status="done"]`)
      .waitFor({ timeout: UI_TIMEOUT });
    expect((await db.contact.findUniqueOrThrow({ where: { id: booked.id } })).leadStatus).toBe('booked');

    // Another proposal, cancelled: nothing runs.
    await page.locator('#assistant-input').fill('mark Wilhelmina Thistlewood as lost');
    await page.locator('#assistant-input').press('Enter');
    const second = page.locator('.assistant-action[data-status="proposed"]', { hasText: 'Wilhelmina' });
    await waitShown(page, second, '#assistant-panel');
    const secondId = (await second.getAttribute('data-action-id'))!;
    await second.getByRole('button', { name: 'Cancel' }).click();
    await page
      .locator(`.assistant-action[data-action-id="${secondId}"][data-status="refused"]`)
      .waitFor({ timeout: UI_TIMEOUT });
    expect((await db.contact.findUniqueOrThrow({ where: { id: kept.id } })).leadStatus).toBe('contacted');
    expect((await db.assistantAction.findUniqueOrThrow({ where: { id: secondId } })).status).toBe('refused');

    // Typed "go to invoices" goes there, without reloading the app.
    await page.locator('#assistant-input').fill('go to invoices');
    await page.locator('#assistant-input').press('Enter');
    await page.waitForURL((u) => u.pathname === '/invoices', { timeout: UI_TIMEOUT });
    expect(await sameDocument()).toBe(true);
  });

  it('push-to-talk: "show me the new leads from this week" opens the new leads, and the agent answers aloud', async () => {
    const leadMs = 2500;
    const trailMs = 3500;
    const wav = await speechWav('show me the new leads from this week', {
      leadingSilenceMs: leadMs,
      trailingSilenceMs: trailMs,
    });
    const periodMs = wavMs(wav);
    const speechMs = periodMs - leadMs - trailMs;
    const fresh = await db.contact.create({ data: { name: `Fresh Lead ${hex(2)}`, leadStatus: 'new' } });
    const old = await db.contact.create({
      data: {
        name: `Old Lead ${hex(2)}`,
        leadStatus: 'new',
        createdAt: new Date(Date.now() - 30 * 86_400_000),
      },
    });
    const won = await db.contact.create({ data: { name: `Won Lead ${hex(2)}`, leadStatus: 'booked' } });

    const { page, log, admin } = await dashboard(wav, `Pat ${hex(2)}`);
    const sameDocument = await markDocument(page);
    await voiceOn(page, log);
    const ptt = page.locator('#assistant-ptt');
    await ptt.waitFor({ timeout: UI_TIMEOUT });
    expect(await ptt.getAttribute('aria-pressed')).toBe('false');
    await waitUntil('the talk button enabled', () => ptt.isEnabled(), UI_TIMEOUT);
    // On a phone (admins use theirs) the talk button is big and nothing scrolls sideways.
    await page.setViewportSize(PHONE);
    await page.locator('#assistant-toggle').click(); // the panel closed: the page is seen
    const box = (await ptt.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(64);
    expect(box.width).toBeGreaterThanOrEqual(PHONE.width / 2);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // Hold from just before the phrase starts (in the file's loop) to just after it ends.
    const { releasedAt } = await holdToTalk(page, ptt, { periodMs, speechMs });
    expect(await ptt.getAttribute('aria-pressed')).toBe('false');

    try {
      await page.waitForURL((u) => u.pathname === '/contacts' && u.searchParams.get('leadStatus') === 'new', {
        timeout: 60_000,
      });
    } catch (err) {
      const said = (await domEvents(page, 'message')).map((e) => `${e.attrs['data-role']}: ${e.texts.text}`);
      throw new Error(
        `${(err as Error).message.split('\n')[0]}\nmessages shown: ${JSON.stringify(said.slice(-6))}\n` +
          `voice turns stored: ${await voiceTurns(admin)}\n` +
          `page log: ${log.slice(-10).join(' | ')}\n${logTail(stack, 'transcriber', 40)}`,
      );
    }
    const url = new URL(page.url());
    expect(url.searchParams.get('since')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await sameDocument()).toBe(true);
    // The contacts page honours the filters from the URL: this week's new lead, not the old one or the booked one.
    await contactsRow(page, fresh.id).waitFor({ timeout: UI_TIMEOUT });
    expect(await contactsRow(page, old.id).count()).toBe(0);
    expect(await contactsRow(page, won.id).count()).toBe(0);
    const statuses = await page
      .locator('#main tr[data-row-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-lead-status')));
    expect(new Set(statuses)).toEqual(new Set(['new']));
    expect(await page.locator('#contacts-status').inputValue()).toBe('new');

    // The voice turn, signed by the agent, shows in the conversation.
    await page
      .locator('.assistant-message[data-role="user"][data-source="voice"]', { hasText: /new leads/i })
      .waitFor({ state: 'attached', timeout: UI_TIMEOUT }); // in the panel, closed on this phone

    // The spoken reply arrives on the agent's track with energy, after the release.
    await replyAudio(page, releasedAt, { rms: 0.01, samples: 5, timeoutMs: 45_000 });
    expect(log.filter((l) => l.includes('booth: ignored'))).toEqual([]);
    const states = new Set((await domEvents(page, 'agentState')).map((e) => e.attrs['data-state']));
    expect(states).toContain('speaking');
    // The room stays connected from page to page: voice is still on here.
    expect(await page.locator('#assistant-agent-state').getAttribute('data-state')).not.toBe('off');
  });

  it('hands-free: "hey booth, go to invoices" goes to the invoices; "go to invoices" alone does nothing', async () => {
    // The voice tiny.en hears "invoices" in after WebRTC (en-us comes out as "in my sin").
    const opts = { voice: 'en-gb', wpm: 130, leadingSilenceMs: 1500, trailingSilenceMs: 4000 };
    const wakeWav = await speechWav('hey booth, go to invoices', opts);
    const plainWav = await speechWav('go to invoices', opts);
    const wake = await dashboard(wakeWav, `Wren ${hex(2)}`);
    const plain = await dashboard(plainWav, `Nico ${hex(2)}`);
    await Promise.all([voiceOn(wake.page, wake.log), voiceOn(plain.page, plain.log)]);
    for (const { page } of [wake, plain]) {
      const toggle = page.locator('#assistant-hands-free');
      await toggle.click();
      await waitUntil(
        'hands-free on',
        async () => (await toggle.getAttribute('aria-pressed')) === 'true',
        5000,
      );
      await page.locator('.assistant-mic-state[data-live="true"]').waitFor({ timeout: UI_TIMEOUT });
      expect(await page.locator('#assistant-ptt').count()).toBe(0);
    }
    const handsFreeAt = Date.now();

    try {
      await wake.page.waitForURL((u) => u.pathname === '/invoices', { timeout: 90_000 });
    } catch (err) {
      throw new Error(
        `${(err as Error).message.split('\n')[0]}\nvoice turns stored: ${await voiceTurns(wake.admin)}\n` +
          `page log: ${wake.log.slice(-10).join(' | ')}\n${logTail(stack, 'transcriber', 40)}`,
      );
    }
    // It heard the wake phrase (a notice, and a chime) before acting.
    expect((await domEvents(wake.page, 'notice')).some((e) => /hey booth/i.test(e.texts.text ?? ''))).toBe(
      true,
    );

    // The other page's phrase has played at least three times over (and 30 s have passed): still home.
    const quietMs = Math.max(30_000, 3 * wavMs(plainWav));
    await sleepUntil(handsFreeAt + quietMs);
    expect(new URL(plain.page.url()).pathname).toBe('/');
    // …though it did say it, into an open microphone, over and over.
    expect((await speechOnsets(plain.page)).filter((t) => t > handsFreeAt).length).toBeGreaterThanOrEqual(2);
    expect(
      (await domEvents(plain.page, 'message')).filter((e) => e.attrs['data-source'] === 'voice'),
    ).toEqual([]);
  });
});
