import { dispose } from '@livekit/rtc-node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleOf, launchBrowser, signedInContext } from '../support/browser';
import {
  UI_TIMEOUT,
  createConsultation,
  hex,
  joinCallPage,
  requireWebBuild,
  silentWav,
  stackAdmin,
} from '../support/browser-live';
import { waitUntil } from '../support/processes';
import { startStack, type Stack } from '../support/stack';

/**
 * Screen share both ways in a consultation, in two real Chromiums through the real livekit-server
 * (headless Chromium's getDisplayMedia picks a screen by itself under --use-fake-ui-for-media-stream):
 * the client shares (their venue's floor plan) and the admin's call page shows it large, under the
 * client's name, with the transcript beside it; the client stops and it goes; the admin shares (a
 * quote) and the client's page shows it.
 */
let stack: Stack;
let adminBrowser: Browser;
let clientBrowser: Browser;
const contexts: BrowserContext[] = [];
const DESKTOP = { width: 1280, height: 800 };

beforeAll(async () => {
  await requireWebBuild();
  stack = await startStack({ services: ['api'] });
  adminBrowser = await launchBrowser({ fakeAudio: silentWav() });
  clientBrowser = await launchBrowser({ fakeAudio: silentWav() });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await adminBrowser?.close();
  await clientBrowser?.close();
  await stack?.stop();
  await dispose();
});

/** The shared screens a page shows: caption and the video's decoded size (0 until frames arrive). */
const screensOn = (page: Page) =>
  page.locator('.live-screen').evaluateAll((figs) =>
    figs.map((f) => {
      const v = f.querySelector('video')!;
      return { caption: f.querySelector('figcaption')?.textContent ?? '', width: v.videoWidth };
    }),
  );

/** Waits until `page` shows exactly one shared screen with moving pictures and `caption`. */
const screenShown = (page: Page, caption: RegExp) =>
  waitUntil(
    `a shared screen captioned ${caption}`,
    async () => {
      const screens = await screensOn(page);
      return screens.length === 1 && caption.test(screens[0]!.caption) && screens[0]!.width > 0
        ? screens[0]
        : undefined;
    },
    UI_TIMEOUT,
    200,
  );

describe('screen share in a consultation', () => {
  it('the client shares and the admin sees it large; the admin shares and the client sees it', async () => {
    const c = await createConsultation(stack);
    const adminContext = await signedInContext(adminBrowser, stack.api, stack.admin);
    contexts.push(adminContext);
    const admin = await adminContext.newPage();
    await admin.setViewportSize(DESKTOP);
    const adminLog = consoleOf(admin);
    await admin.goto(`/calls/${c.id}`);
    await joinCallPage(admin);

    const clientContext = await clientBrowser.newContext({
      viewport: DESKTOP,
      permissions: ['microphone', 'camera'],
    });
    contexts.push(clientContext);
    const client = await clientContext.newPage();
    const clientLog = consoleOf(client);
    await client.goto(c.joinUrl);
    const clientName = `Priya ${hex(2)}`;
    await client.locator('input#join-name').fill(clientName);
    await client.locator('#consent input#consent-check').check();
    await client.locator('button#join').click();
    await client.locator('#room-status', { hasText: 'Connected' }).waitFor({ timeout: UI_TIMEOUT });
    await admin.locator('#participants > li', { hasText: clientName }).waitFor({ timeout: UI_TIMEOUT });
    expect(await screensOn(admin)).toEqual([]);

    // The client shares: the admin sees it, large, beside the transcript.
    const share = client.locator('button#share-screen');
    await share.click();
    await client.locator('button#share-screen[aria-pressed="true"]').waitFor({ timeout: UI_TIMEOUT });
    const seen = await screenShown(admin, new RegExp(`^${clientName}'s screen$`));
    expect(seen!.width).toBeGreaterThan(0);
    await screenShown(client, /^You are sharing your screen$/);
    const stage = (await admin.locator('.live-stage').boundingBox())!;
    const captions = (await admin.locator('.live-captions-panel').boundingBox())!;
    const layout = {
      stageWidth: stage.width,
      besideTranscript: captions.x >= stage.x + stage.width - 1 && captions.y < stage.y + stage.height,
      cameraTiles: await admin.locator('.live-video').count(),
    };
    expect(layout.besideTranscript, JSON.stringify(layout)).toBe(true);
    expect(layout.stageWidth).toBeGreaterThan(DESKTOP.width / 3);
    // A screen is not shown twice (as a camera tile too).
    expect(layout.cameraTiles).toBe(0);

    // The client stops: the admin's stage goes.
    await share.click();
    await client.locator('button#share-screen[aria-pressed="false"]').waitFor({ timeout: UI_TIMEOUT });
    await admin.locator('.live-screen').waitFor({ state: 'detached', timeout: UI_TIMEOUT });

    // The admin shares a quote: the client sees it under the admin's name.
    await admin.locator('button#share-screen').click();
    const me = await stackAdmin(stack);
    const adminName = me.name ?? me.email;
    await screenShown(client, new RegExp(`^${adminName}'s screen$`));

    expect(adminLog.filter((l) => l.startsWith('pageerror:'))).toEqual([]);
    expect(clientLog.filter((l) => l.startsWith('pageerror:'))).toEqual([]);
  });
});
