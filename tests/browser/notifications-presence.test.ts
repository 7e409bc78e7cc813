import { dispose } from '@livekit/rtc-node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, recordNotification, type Db } from '@booth/db';
import { consoleOf, launchBrowser, signedInContext } from '../support/browser';
import { byNode, domEvents, numberIn, recordDom } from '../support/browser-dom';
import {
  UI_TIMEOUT,
  createAdminAccount,
  hex,
  markDocument,
  waitShown,
  requireWebBuild,
  stackAdmin,
  type AdminAccount,
} from '../support/browser-live';
import { recordMetric } from '../support/metrics';
import { waitUntil } from '../support/processes';
import { startStack, type Stack } from '../support/stack';

/**
 * The dashboard header's live layer in real Chromium against the real API and livekit-server: a new
 * lead reaches an open dashboard as a toast and a badge bump without a reload; two admins see each
 * other online; a dashboard that drops offline says it is reconnecting and, back online, shows what it
 * missed exactly once, with the right unread count.
 */
let db: Db;
let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];
let first: { id: string; name: string | null; email: string };
let second: AdminAccount;

beforeAll(async () => {
  await requireWebBuild();
  db = createDb({ url: process.env.DATABASE_URL! });
  stack = await startStack({ services: ['api'] });
  first = await stackAdmin(stack);
  second = await createAdminAccount(db, `Bea ${hex(2)}`);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
  await db?.$disconnect();
  await dispose();
});

async function dashboard(creds: {
  email: string;
  password: string;
}): Promise<{ context: BrowserContext; page: Page; log: string[] }> {
  const context = await signedInContext(browser, stack.api, creds);
  contexts.push(context);
  await recordDom(context);
  const page = await context.newPage();
  const log = consoleOf(page);
  await page.goto('/');
  return { context, page, log };
}

const unreadStored = async () =>
  (await stack.request<{ unread: number }>('GET', '/api/notifications?limit=1')).unread;

/** Waits until the page's badge shows what Postgres holds unread, and returns it. */
const badgeMatches = (page: Page, what: string) =>
  waitUntil(
    what,
    async () => {
      const [shown, stored] = [await numberIn(page, '#unread-badge'), await unreadStored()];
      if (shown !== stored) throw new Error(`badge ${shown}, stored unread ${stored}`);
      return shown;
    },
    UI_TIMEOUT,
    250,
  );

/** A lead through the API, and the notification it raised. */
async function newLead(): Promise<{ contactId: string; notificationId: string; name: string }> {
  const name = `Lead ${hex(3)}`;
  const contact = await stack.request<{ id: string }>('POST', '/api/contacts', { name });
  const n = await waitUntil('the lead’s notification row', () =>
    db.notification.findFirst({ where: { contactId: contact.id } }).then((r) => r ?? undefined),
  );
  return { contactId: contact.id, notificationId: n.id, name };
}

/**
 * A notification stored as already published while this page was not connected (as one the API
 * published during a real outage): the page can only learn of it by fetching after it reconnects.
 */
async function missedNotification(): Promise<{ notificationId: string; name: string }> {
  const name = `Missed lead ${hex(3)}`;
  const contact = await db.contact.create({ data: { name } });
  const id = await recordNotification(db, {
    type: 'new_lead',
    title: `New lead: ${name}`,
    contactId: contact.id,
    dedupeKey: `browser-missed-${contact.id}`,
  });
  await db.notification.update({ where: { id }, data: { publishedAt: new Date() } });
  return { notificationId: id, name };
}

const toast = (page: Page, id: string) => page.locator(`#toasts a.toast[data-notification-id="${id}"]`);

/**
 * Waits until the page has shown a toast for notification `id` (from the DOM record: toasts dismiss
 * themselves after a few seconds, so "visible now" could miss one). On a timeout, says whether the
 * API published it and which toasts the page did show.
 */
async function toastShown(page: Page, id: string, timeout = UI_TIMEOUT): Promise<void> {
  try {
    await waitUntil(
      `a toast for notification ${id}`,
      async () =>
        (await domEvents(page, 'toast')).some(
          (e) => e.kind === 'added' && e.attrs['data-notification-id'] === id,
        ),
      timeout,
      100,
    );
  } catch (err) {
    const row = await db.notification.findUnique({ where: { id } });
    const shown = [...(await toastsShown(page)).keys()];
    throw new Error(
      `${(err as Error).message}; publishedAt ${row?.publishedAt?.toISOString() ?? 'null'}; ` +
        `toasts shown: ${JSON.stringify(shown)}; #live-status: ${await page.locator('#live-status').textContent()}`,
    );
  }
}

/** How many distinct toast elements the page ever showed for each notification id. */
async function toastsShown(page: Page): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const [, events] of byNode(await domEvents(page, 'toast'))) {
    const id = events.find((e) => e.attrs['data-notification-id'])?.attrs['data-notification-id'];
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

describe('the header’s live layer', () => {
  it('two admins see each other online; a new lead is a toast (linking to it) and a badge bump, without a reload', async () => {
    const a = await dashboard(stack.admin);
    const b = await dashboard(second);
    const sameDocument = await markDocument(a.page);

    // Presence: each sees the other, by name.
    await waitShown(
      a.page,
      a.page.locator(`#presence > li[data-admin-id="${second.id}"]`, { hasText: second.name }),
      '#presence',
    );
    await waitShown(
      b.page,
      b.page.locator(`#presence > li[data-admin-id="${first.id}"]`, { hasText: first.name ?? first.email }),
      '#presence',
    );

    const before = await badgeMatches(a.page, 'the badge to show the stored unread count');
    const lead = await newLead();
    // Hovered as soon as it shows, so it stays until it is followed (toasts dismiss themselves).
    const t = toast(a.page, lead.notificationId);
    await t.waitFor({ timeout: UI_TIMEOUT });
    await t.hover();
    for (const p of [a.page, b.page]) {
      await toastShown(p, lead.notificationId);
      const shown = (await domEvents(p, 'toast')).find(
        (e) => e.kind === 'added' && e.attrs['data-notification-id'] === lead.notificationId,
      )!;
      expect(shown.texts.text).toContain(lead.name);
      // A link to what it is about: the new contact.
      expect(shown.attrs.href).toContain(lead.contactId);
    }
    expect(await badgeMatches(a.page, 'the badge to count the new lead')).toBe(before + 1);
    expect(await sameDocument()).toBe(true);

    // Following the toast opens the contact.
    await toast(a.page, lead.notificationId).click();
    await a.page.waitForURL((u) => u.pathname.includes(lead.contactId), { timeout: UI_TIMEOUT });
    expect(await sameDocument(), 'the toast navigates inside the app').toBe(true);
    expect(a.log.filter((l) => l.startsWith('pageerror:'))).toEqual([]);
  });

  it('offline: shows Reconnecting; back online, what was missed is shown exactly once and the badge is right', async () => {
    const a = await dashboard(stack.admin);
    const b = await dashboard(second);
    await a.page.locator(`#presence > li[data-admin-id="${second.id}"]`).waitFor({ timeout: UI_TIMEOUT });
    const seen = await newLead();
    await toastShown(a.page, seen.notificationId);
    const badgeBefore = await badgeMatches(a.page, 'the badge before going offline');

    const offlineAt = Date.now();
    await a.context.setOffline(true);
    // LiveKit notices when its pings go unanswered (or the page when the browser reports offline).
    await a.page.locator('#live-status', { hasText: 'Reconnecting' }).waitFor({ timeout: 60_000 });
    recordMetric('browser.offline_to_reconnecting_ms', [Date.now() - offlineAt]);
    // While offline: leads through the API (published live: Chromium's offline mode stalls HTTP and
    // WebSockets but not WebRTC, so these may still reach the page over the data channel) and
    // notifications the page can only learn of by fetching (stored as published while it was away).
    const live = [await newLead(), await newLead()];
    const storedOnly = [await missedNotification(), await missedNotification()];
    for (const m of live) await toastShown(b.page, m.notificationId);
    const onlineAt = Date.now();
    await a.context.setOffline(false);

    for (const m of [...live, ...storedOnly]) await toastShown(a.page, m.notificationId, 60_000);
    recordMetric('browser.online_to_missed_toasts_ms', [Date.now() - onlineAt]);
    await waitUntil(
      '#live-status to stop saying Reconnecting',
      async () => !((await a.page.locator('#live-status').textContent()) ?? '').includes('Reconnecting'),
      60_000,
      250,
    );
    // A barrier instead of a sleep: once a lead made after the reconnect is shown, anything the catch-up
    // would show twice has had its chance to.
    const after = await newLead();
    await toastShown(a.page, after.notificationId);

    const shown = await toastsShown(a.page);
    for (const n of [seen, ...live, ...storedOnly, after])
      expect(shown.get(n.notificationId), `toasts for ${n.name}`).toBe(1);
    // The fetched ones could only have come after the page was back.
    const firstShown = async (id: string) =>
      (await domEvents(a.page, 'toast')).find((e) => e.attrs['data-notification-id'] === id)!.at;
    for (const n of storedOnly) expect(await firstShown(n.notificationId)).toBeGreaterThanOrEqual(onlineAt);
    const overDataChannel = (await Promise.all(live.map((n) => firstShown(n.notificationId)))).filter(
      (t) => t < onlineAt,
    ).length;
    process.stdout.write(
      `live leads that reached the offline page over WebRTC: ${overDataChannel} of ${live.length}\n`,
    );
    const badgeAfter = await badgeMatches(a.page, 'the badge after the reconnect');
    expect(badgeAfter).toBe(badgeBefore + live.length + storedOnly.length + 1);
    // The admin who stayed online saw the live ones once each.
    const shownB = await toastsShown(b.page);
    for (const n of [...live, after]) expect(shownB.get(n.notificationId)).toBe(1);
  });
});
