import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RoomServiceClient } from 'livekit-server-sdk';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@booth/db';
import { callVoiceWebhook } from '../fakes/twilio-voice';
import { PHONE } from '../support/browser-dashboard';
import { consoleOf, launchBrowser, signedInContext } from '../support/browser';
import {
  UI_TIMEOUT,
  createAdminAccount,
  hex,
  horizontalOverflow,
  requireWebBuild,
  silentWav,
  stackAdmin,
  waitShown,
} from '../support/browser-live';
import { ROOT, waitUntil } from '../support/processes';
import { startStack, type Stack } from '../support/stack';

/**
 * Phone calls in the dashboard, in real Chromium at phone size (390 px) against the real API and
 * livekit-server: answered, missed (with its callback task) and untranscribed calls on the calls list
 * and the contact page without sideways scrolling; a call arriving through Twilio's signed voice
 * webhook rings on the open dashboard, and Answer joins its room `phone-<CallSid>` with the
 * microphone; a call someone else answers stops ringing by itself. The ringing card is
 * docs/screenshots/phone-call.png.
 */
const env = process.env;
let db: Db;
let stack: Stack;
let browser: Browser;
let me: { id: string; name: string | null };
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await requireWebBuild();
  db = createDb({ url: env.DATABASE_URL! });
  const api = `http://127.0.0.1:${env.BOOTH_TEST_API_PORT}`;
  // Twilio signs PUBLIC_URL + path; with the real telephony bridge up, the webhook streams the call
  // (and rings the admins) instead of putting it straight through.
  stack = await startStack({ services: ['api', 'telephony'], env: { PUBLIC_URL: api } });
  me = await stackAdmin(stack);
  browser = await launchBrowser({ fakeAudio: silentWav() });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
  await db?.$disconnect();
});

async function phonePage(path: string): Promise<{ page: Page; log: string[] }> {
  const context = await signedInContext(browser, stack.api, stack.admin);
  contexts.push(context);
  const page = await context.newPage();
  await page.setViewportSize(PHONE);
  const log = consoleOf(page);
  await page.goto(path);
  return { page, log };
}

const callSid = () => `CA${hex(16)}`;
/** A US number nobody in the database has. */
const freshNumber = () => `+1415${String(randomInt(2_000_000, 9_999_999))}`;
const row = (page: Page, table: string, sessionId: string) =>
  page.locator(`${table} tr[data-session-id="${sessionId}"]`);

async function noSidewaysScroll(page: Page, where: string) {
  expect(await horizontalOverflow(page), `${where} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
}

/** Twilio's voice webhook for a call from `from`, signed as Twilio signs it. */
async function ring(sid: string, from: string): Promise<string> {
  const { status, twiml } = await callVoiceWebhook(stack.api, { callSid: sid, from, to: '+14155550100' });
  expect(status, twiml).toBe(200);
  expect(twiml, 'Booth streams the call (not a plain <Dial>)').toContain('<Stream');
  const session = await waitUntil('the phone call’s session', () =>
    db.session.findUnique({ where: { callSid: sid } }).then((s) => s ?? undefined),
  );
  return session.id;
}

describe('phone calls', () => {
  it('list answered, missed and untranscribed calls on the calls and contact pages at 390 px', async () => {
    const contact = await db.contact.create({
      data: { name: `Avery Lane ${hex(2)}`, phone: '+14155550123' },
    });
    const phone = (sid: string) => ({
      roomName: `phone-${sid}`,
      kind: 'call' as const,
      status: 'ended' as const,
      contactId: contact.id,
      callSid: sid,
      phoneNumber: '+14155550123',
      callDirection: 'inbound' as const,
      phoneVia: 'twilio' as const,
    });
    const at = (iso: string) => new Date(`2026-03-02T${iso}Z`);
    const answered = await db.session.create({
      data: {
        ...phone(callSid()),
        startedAt: at('10:00:00'),
        answeredAt: at('10:00:06'),
        answeredById: me.id,
        endedAt: at('10:04:05'),
      },
    });
    const missed = await db.session.create({
      data: { ...phone(callSid()), missed: true, startedAt: at('11:00:00'), endedAt: at('11:00:30') },
    });
    const callback = await db.task.create({
      data: {
        title: `Call back ${contact.name} (+1 415 555 0123)`,
        contactId: contact.id,
        sessionId: missed.id,
        dueDate: new Date(),
      },
    });
    const untranscribed = await db.session.create({
      data: {
        ...phone(callSid()),
        untranscribedReason: 'telephony bridge unreachable',
        startedAt: at('12:00:00'),
        endedAt: at('12:00:00'),
      },
    });

    const { page, log } = await phonePage(`/calls?contactId=${contact.id}`);
    const table = 'table.call-table';
    await waitShown(page, row(page, table, answered.id), 'main');
    const answeredRow = await row(page, table, answered.id).innerText();
    for (const text of ['Phone call', 'Incoming', '+1 415 555 0123', '4 min 05 s', `Answered by ${me.name}`])
      expect(answeredRow, log.join('\n')).toContain(text);
    const missedRow = row(page, table, missed.id);
    await expect(missedRow.locator('.call-status-missed').innerText()).resolves.toBe('Missed call');
    const callbackLink = missedRow.locator('a.phone-callback');
    expect(await callbackLink.getAttribute('href')).toBe(`/contacts/${contact.id}#task-${callback.id}`);
    expect(await row(page, table, untranscribed.id).innerText()).toContain(
      'Connected without Booth: no transcript',
    );
    await noSidewaysScroll(page, 'the calls list');

    // Missed calls only.
    await page.goto(`/calls?contactId=${contact.id}&show=missed`);
    await waitShown(page, page.locator(`${table} tbody tr`).first(), 'main');
    await waitUntil('only the missed call listed', async () => {
      const ids = await page
        .locator(`${table} tbody tr`)
        .evaluateAll((rs) => rs.map((r) => r.getAttribute('data-session-id')));
      return ids.length === 1 && ids[0] === missed.id;
    });

    // The callback link lands on the task's row on the contact's page, which lists the calls too.
    await page.locator(`${table} a.phone-callback`).click();
    await page.waitForURL((u) => u.pathname === `/contacts/${contact.id}`, { timeout: UI_TIMEOUT });
    await waitShown(page, page.locator(`tr#task-${callback.id}[data-target="true"]`), 'main');
    const calls = 'section[aria-labelledby="contact-calls-h"] table';
    await waitShown(page, row(page, calls, answered.id), 'main');
    expect(await row(page, calls, answered.id).innerText()).toContain(`Answered by ${me.name}`);
    expect(await row(page, calls, answered.id).innerText()).toContain('4 min 05 s');
    expect(await row(page, calls, missed.id).locator('.call-status-missed').count()).toBe(1);
    expect(await row(page, calls, untranscribed.id).innerText()).toContain('no transcript');
    await noSidewaysScroll(page, 'the contact page');
  });

  it('an incoming call rings on the dashboard; Answer joins its room with the microphone', async () => {
    const { page, log } = await phonePage('/');
    await page.locator('#live-status[data-status="connected"]').waitFor({ timeout: UI_TIMEOUT });

    const sid = callSid();
    const from = freshNumber();
    const sessionId = await ring(sid, from);
    const card = page.locator(`#incoming-calls .incoming-call[data-session-id="${sessionId}"]`);
    await waitShown(page, card, '#incoming-calls');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Incoming call');
    expect(text, 'a first-time caller is a new lead').toContain('New lead');
    expect(text).toContain(`+1 ${from.slice(2, 5)} ${from.slice(5, 8)} ${from.slice(8)}`);
    const contactId = (await db.session.findUniqueOrThrow({ where: { id: sessionId } })).contactId;
    expect(await card.locator('a.incoming-call-contact').getAttribute('href')).toBe(`/contacts/${contactId}`);
    // The card is the notification: no toast besides it.
    const notificationId = await card.getAttribute('data-notification-id');
    expect(await page.locator(`#toasts [data-notification-id="${notificationId}"]`).count()).toBe(0);
    await noSidewaysScroll(page, 'the ringing dashboard');
    mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'phone-call.png') });

    await card.locator('button.incoming-call-answer').click();
    await page.waitForURL((u) => u.pathname === `/calls/${sessionId}`, { timeout: UI_TIMEOUT });
    await waitShown(page, page.locator('#room-status', { hasText: 'Connected' }), 'main');
    await card.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    const rooms = new RoomServiceClient(
      env.LIVEKIT_URL!.replace(/^ws/, 'http'),
      env.LIVEKIT_API_KEY,
      env.LIVEKIT_API_SECRET,
    );
    await waitUntil(
      `an admin identity of ${me.id} in room phone-${sid}`,
      async () =>
        (await rooms.listParticipants(`phone-${sid}`)).some((p) => p.identity.startsWith(`admin-${me.id}-`)),
      UI_TIMEOUT,
      250,
    );
    // Joined: a reload would not answer again.
    await waitUntil('the answer flag dropped from the address', async () => !page.url().includes('answer='));

    // A second call, answered by another admin elsewhere, stops ringing here by itself.
    const other = await createAdminAccount(db, `Bea ${hex(2)}`);
    const second = await ring(callSid(), freshNumber());
    const secondCard = page.locator(`#incoming-calls .incoming-call[data-session-id="${second}"]`);
    await waitShown(page, secondCard, '#incoming-calls');
    await db.session.update({
      where: { id: second },
      data: { answeredAt: new Date(), answeredById: other.id },
    });
    await secondCard.waitFor({ state: 'detached', timeout: UI_TIMEOUT }).catch((err: Error) => {
      throw new Error(`${err.message}\n${log.join('\n')}`);
    });
  });
});
