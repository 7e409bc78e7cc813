import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Room, dispose } from '@livekit/rtc-node';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@booth/db';
import { launchBrowser, signedInContext } from '../support/browser';
import {
  UI_TIMEOUT,
  apiAs,
  connectRoom,
  createAdminAccount,
  createConsultation,
  joinCallPage,
  logTail,
  promptSuggestion,
  requireWebBuild,
  silentWav,
  transcriberJoined,
  transcriptSoFar,
  waitShown,
} from '../support/browser-live';
import { jfkPath } from '../support/fixtures';
import { JFK_REFERENCE, publishWav, wordErrorRate } from '../support/livekit-client';
import { ROOT, waitUntil } from '../support/processes';
import { startStack, type Stack } from '../support/stack';

/**
 * The README's screenshots (docs/screenshots), taken from the real app on the real stack: the call page
 * during a call with live captions and a suggestion, the home screen (desktop, 1280×800), and the
 * client join page at phone size (390×844). Regenerated on every run of the browser tier.
 */
const OUT = join(ROOT, 'docs', 'screenshots');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
let db: Db;
let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];
const browsers: Browser[] = [];
let speaker: Room | undefined;

beforeAll(async () => {
  await requireWebBuild();
  mkdirSync(OUT, { recursive: true });
  db = createDb({ url: process.env.DATABASE_URL! });
  stack = await startStack({ env: { TRANSCRIBER_PARTIAL_INTERVAL_MS: '700' } });
  browser = await launchBrowser({ fakeAudio: silentWav() });
});

afterAll(async () => {
  await speaker?.disconnect().catch(() => undefined);
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  for (const b of browsers) await b.close().catch(() => undefined);
  await stack?.stop();
  await db?.$disconnect();
  await dispose();
});

/** Width and height from a PNG's IHDR chunk (and that it is a PNG at all). */
function pngSize(path: string): { width: number; height: number } {
  const b = readFileSync(path);
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(b.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('screenshots for the README', () => {
  it('the call page with captions, the home screen and the join page', async () => {
    const context = await signedInContext(browser, stack.api, stack.admin);
    contexts.push(context);
    const page = await context.newPage();
    await page.setViewportSize(DESKTOP);

    // A call with someone speaking: captions and a live suggestion on screen.
    const session = await stack.createSession('call');
    await page.goto(`/calls/${session.id}`);
    await joinCallPage(page);
    await transcriberJoined(stack, session.id);
    const other = await createAdminAccount(db, 'Dana Whitfield');
    const token = await (
      await apiAs(stack.api, other)
    ).request<{ token: string; url: string; identity: string }>('POST', '/api/livekit/token', {
      roomName: session.roomName,
    });
    speaker = await connectRoom(token);
    await publishWav(speaker, jfkPath(), { trailingSilenceMs: 2500 });
    const rows = await waitUntil(
      'the recording’s final segments',
      async () => {
        const r = await db.transcriptSegment.findMany({ where: { sessionId: session.id } });
        const text = r.map((x) => x.text).join(' ');
        return wordErrorRate(JFK_REFERENCE, text) <= 0.5 ? r : undefined;
      },
      90_000,
      250,
    ).catch(async (err: Error) => {
      throw new Error(
        `${err.message}\n${await transcriptSoFar(db, session.id)}\n${logTail(stack, 'transcriber')}`,
      );
    });
    for (const r of rows)
      await waitShown(
        page,
        page.locator(`#captions li.caption[data-segment-id="${r.id}"][data-final="true"]`),
        '#captions',
      );
    await promptSuggestion(db, stack, session);
    await page.locator('#live-suggestions > li').first().waitFor({ timeout: UI_TIMEOUT });
    await page.screenshot({ path: join(OUT, 'call.png') });

    await page.goto('/');
    await page.locator('main#main').waitFor({ timeout: UI_TIMEOUT });
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.screenshot({ path: join(OUT, 'home.png') });

    // The assistant: a grounded answer that opened the filtered list, and a write waiting for Confirm.
    // A tag that keeps the names names (letters only) and apart from other tests' contacts.
    const k = Array.from(
      { length: 4 },
      () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(Math.random() * 26)],
    ).join('');
    await db.contact.create({ data: { name: `Maya Okafor ${k}`, leadStatus: 'new', eventType: 'wedding' } });
    await db.contact.create({
      data: { name: `Daniel Reyes ${k}`, leadStatus: 'new', venue: 'Lakeside Pavilion' },
    });
    await page.locator('#assistant-toggle').click();
    await page.locator('#assistant-input').fill('show me the new leads from this week');
    await page.locator('#assistant-input').press('Enter');
    await page.waitForURL((u) => u.pathname === '/contacts', { timeout: UI_TIMEOUT });
    await page.locator('#assistant-input').fill(`mark Maya Okafor ${k} as booked`);
    await page.locator('#assistant-input').press('Enter');
    await page.locator('.assistant-action[data-status="proposed"]').first().waitFor({ timeout: UI_TIMEOUT });
    await page.screenshot({ path: join(OUT, 'assistant.png') });

    // The client's view of an invite link, on a phone.
    const consultation = await createConsultation(stack);
    const clientBrowser = await launchBrowser({ fakeAudio: jfkPath() });
    browsers.push(clientBrowser);
    const client = await clientBrowser.newContext({ viewport: PHONE, permissions: ['microphone', 'camera'] });
    contexts.push(client);
    const joinPage = await client.newPage();
    await joinPage.goto(consultation.joinUrl);
    await joinPage.locator('input#join-name').fill('Riley Morgan');
    await joinPage.locator('button#test-mic').click();
    // The meter showing the voice (a fraction of its range).
    await waitUntil(
      'the mic meter to show the voice',
      async () =>
        (await joinPage.locator('meter#mic-level').evaluate((m: unknown) => {
          const el = m as { value: number; min: number; max: number };
          return (el.value - el.min) / (el.max - el.min || 1);
        })) > 0.2,
      UI_TIMEOUT,
      50,
    );
    await joinPage.locator('#consent input#consent-check').check();
    await joinPage.screenshot({ path: join(OUT, 'join.png') });

    expect(pngSize(join(OUT, 'call.png'))).toEqual(DESKTOP);
    expect(pngSize(join(OUT, 'home.png'))).toEqual(DESKTOP);
    expect(pngSize(join(OUT, 'assistant.png'))).toEqual(DESKTOP);
    expect(pngSize(join(OUT, 'join.png'))).toEqual(PHONE);
  });
});
