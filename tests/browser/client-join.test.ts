import { dispose } from '@livekit/rtc-node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleOf, launchBrowser, signedInContext } from '../support/browser';
import { captionLives, domEvents, recordDom } from '../support/browser-dom';
import {
  UI_TIMEOUT,
  createConsultation,
  hex,
  horizontalOverflow,
  joinCallPage,
  paddedWav,
  requireWebBuild,
  silentWav,
  transcriberJoined,
} from '../support/browser-live';
import { jfkPath } from '../support/fixtures';
import { recordMetric } from '../support/metrics';
import { waitUntil } from '../support/processes';
import { startStack, type Stack } from '../support/stack';

/**
 * A client joins a consultation from its invite link in a fresh, signed-out Chromium at phone size
 * (390×844) with a fake microphone saying jfk.wav (with pauses): name, consent, a microphone test whose
 * meter moves, join. The admin's call page lists the client by name and shows their captions under
 * that name. Once the admin ends the consultation the link says so; a wrong code is refused.
 */
let stack: Stack;
let adminBrowser: Browser;
let clientBrowser: Browser;
const contexts: BrowserContext[] = [];
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  await requireWebBuild();
  stack = await startStack({
    services: ['api', 'transcriber'],
    env: { TRANSCRIBER_PARTIAL_INTERVAL_MS: '700' },
  });
  adminBrowser = await launchBrowser({ fakeAudio: silentWav() });
  clientBrowser = await launchBrowser({ fakeAudio: paddedWav(jfkPath(), 3000) });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await adminBrowser?.close();
  await clientBrowser?.close();
  await stack?.stop();
  await dispose();
});

async function clientPage(): Promise<{ context: BrowserContext; page: Page; log: string[] }> {
  const context = await clientBrowser.newContext({ viewport: PHONE, permissions: ['microphone', 'camera'] });
  contexts.push(context);
  const page = await context.newPage();
  return { context, page, log: consoleOf(page) };
}

/** Samples the mic meter (as a fraction of its range) until it has clearly moved. */
async function meterMoves(page: Page): Promise<number[]> {
  const samples: number[] = [];
  return waitUntil(
    'meter#mic-level to move',
    async () => {
      samples.push(
        await page.locator('meter#mic-level').evaluate((m: unknown) => {
          const el = m as { value: number; min: number; max: number };
          return (el.value - el.min) / (el.max - el.min || 1);
        }),
      );
      const distinct = new Set(samples.map((s) => s.toFixed(3)));
      return Math.max(...samples) > 0.05 && distinct.size >= 3 ? samples : undefined;
    },
    UI_TIMEOUT,
    100,
  );
}

describe('the client join page', () => {
  it('a client joins with name, consent and a mic test; the admin sees them and their captions by name; ended and wrong links say so', async () => {
    const c = await createConsultation(stack);
    const adminContext = await signedInContext(adminBrowser, stack.api, stack.admin);
    contexts.push(adminContext);
    await recordDom(adminContext);
    const admin = await adminContext.newPage();
    await admin.goto(`/calls/${c.id}`);
    await joinCallPage(admin);
    await transcriberJoined(stack, c.id);

    // The client: the link as sent, no sign-in.
    const { context, page, log } = await clientPage();
    await page.goto(c.joinUrl);
    const name = page.locator('input#join-name');
    await name.waitFor({ timeout: UI_TIMEOUT });
    expect(await context.cookies()).toEqual([]);
    expect(await horizontalOverflow(page), 'join form scrolls sideways at 390 px').toBeLessThanOrEqual(0);
    const clientName = `Riley ${hex(2)}`;
    await name.fill(clientName);

    await page.locator('button#test-mic').click();
    const samples = await meterMoves(page);
    expect(Math.max(...samples)).toBeGreaterThan(Math.min(...samples));
    recordMetric('browser.mic_meter_fraction', samples);

    // Consent gates joining: without it, #join asks for no token (the page may disable the button or
    // refuse the form); the first token request comes after the tick.
    const tokenRequests: number[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/livekit/token')) tokenRequests.push(Date.now());
    });
    const join = page.locator('button#join');
    const consent = page.locator('#consent input#consent-check[type="checkbox"]');
    expect(await consent.isChecked()).toBe(false);
    if (await join.isEnabled()) await join.click();
    expect(await page.locator('#room-status', { hasText: 'Connected' }).count()).toBe(0);
    const consentAt = Date.now();
    await consent.check();
    await join.click();
    await page.locator('#room-status', { hasText: 'Connected' }).waitFor({ timeout: UI_TIMEOUT });
    expect(tokenRequests.length).toBeGreaterThan(0);
    expect(tokenRequests.filter((t) => t < consentAt)).toEqual([]);
    await page.locator('button#leave').waitFor({ timeout: UI_TIMEOUT });
    await page.locator('button#mute').waitFor({ timeout: UI_TIMEOUT });
    expect(await horizontalOverflow(page), 'room view scrolls sideways at 390 px').toBeLessThanOrEqual(0);

    // The admin lists the client by name (a client identity, not an admin's), speaking.
    const row = admin.locator('#participants > li', { hasText: clientName });
    await row.waitFor({ timeout: UI_TIMEOUT });
    const identity = (await row.getAttribute('data-identity'))!;
    expect(identity).toMatch(/^client-/);
    expect((await row.textContent())!.trim()).toContain(clientName);
    await admin
      .locator(`#participants > li[data-identity="${identity}"][data-speaking="true"]`)
      .waitFor({ timeout: 60_000 });

    // Their captions, under their name: the recording's words.
    const spoken = await waitUntil(
      'the client’s final captions to say the recording',
      async () => {
        const lives = captionLives(await domEvents(admin, 'caption')).filter(
          (l) => l.final && l.speakerIdentity === identity,
        );
        const text = lives.map((l) => l.text).join(' ');
        if (!/country/i.test(text)) throw new Error(`client's captions so far: "${text}"`);
        return lives;
      },
      90_000,
      500,
    );
    for (const l of spoken) expect(l.speaker).toBe(clientName);

    // A wrong code is refused (as an invalid link, while the room is open; telling nothing about it).
    const wrong = new URL(c.joinUrl);
    wrong.searchParams.set('code', `wrong-${hex(8)}`);
    const invalid = await context.newPage();
    await invalid.goto(wrong.toString());
    await invalid.locator('h1#join-invalid').waitFor({ timeout: UI_TIMEOUT });
    expect(await horizontalOverflow(invalid)).toBeLessThanOrEqual(0);

    // The admin ends the consultation: the client is out, and the link says it has ended.
    const ended = await adminContext.request.post(`${stack.api}/api/sessions/${c.id}/end`, {
      headers: { origin: stack.api },
    });
    expect(ended.status()).toBe(200);
    await page
      .locator('#room-status', { hasText: 'Connected' })
      .waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    const again = await context.newPage();
    await again.goto(c.joinUrl);
    await again.locator('h1#join-ended').waitFor({ timeout: UI_TIMEOUT });
    expect(await horizontalOverflow(again)).toBeLessThanOrEqual(0);

    expect(log.filter((l) => l.startsWith('pageerror:'))).toEqual([]);
  });
});
