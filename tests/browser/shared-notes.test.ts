import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { dispose } from '@livekit/rtc-node';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleOf, signedInContext } from '../support/browser';
import { PHONE, overflowsMain, servedDashboard, type ServedDashboard } from '../support/browser-dashboard';
import {
  UI_TIMEOUT,
  createAdminAccount,
  hex,
  requireWebBuild,
  waitShown,
  type AdminAccount,
} from '../support/browser-live';
import { ROOT, waitUntil } from '../support/processes';

/**
 * Shared notes on the contact page in real Chromium, over the real API, Postgres and livekit-server:
 * two admins type into the same contact's pad at the same moment and both edits survive, in both
 * pages and in Postgres; one goes offline, types, comes back, and the pads converge. Writes
 * docs/screenshots/shared-notes.png (phone width).
 */
let d: ServedDashboard;
let bea: AdminAccount;
let beaContext: BrowserContext;
const logs: string[][] = [];

beforeAll(async () => {
  await requireWebBuild();
  d = await servedDashboard();
  bea = await createAdminAccount(d.t.db, `Bea ${hex(2)}`);
  beaContext = await signedInContext(d.browser, d.base, bea);
});
afterAll(async () => {
  await beaContext?.close().catch(() => undefined);
  await d?.close();
  await dispose();
});

/** What the tests use of a textarea, in the page (the tests are compiled without the DOM's types). */
interface Caret {
  focus(): void;
  setSelectionRange(start: number, end: number): void;
  selectionStart: number;
  selectionEnd: number;
}

interface PadPage {
  page: Page;
  pad: Locator;
  area: Locator;
}

/** A phone-width page of `context` on the contact's page, its pad read. */
async function openPad(context: BrowserContext, contactId: string): Promise<PadPage> {
  const page = await context.newPage();
  await page.setViewportSize(PHONE);
  logs.push(consoleOf(page));
  await page.goto(`/contacts/${contactId}`);
  const pad = page.locator(`#shared-notes .shared-pad[data-pad-id="${contactId}"]`);
  await waitShown(
    page,
    page.locator(`#shared-notes .shared-pad[data-pad-id="${contactId}"][data-status="saved"]`),
    'main',
  );
  return { page, pad, area: pad.locator('textarea') };
}

/** Ana's and Bea's pages on the contact, each seeing the other in the notifications room (where changes go). */
async function bothPads(contactId: string): Promise<[PadPage, PadPage]> {
  const ana = await openPad(d.context, contactId);
  const other = await openPad(beaContext, contactId);
  const sees = (p: PadPage, adminId: string) =>
    p.page
      .locator(`#presence > li[data-admin-id="${adminId}"]`)
      .waitFor({ state: 'attached', timeout: UI_TIMEOUT });
  await Promise.all([sees(ana, bea.id), sees(other, d.t.admin.id)]);
  return [ana, other];
}

/** Types `text` at the end of the pad, key by key as a person would. */
async function typeAtEnd(p: PadPage, text: string): Promise<void> {
  await p.area.focus();
  await p.page.keyboard.press('Control+End');
  await p.page.keyboard.type(text, { delay: 30 });
}

const storedText = async (contactId: string) =>
  (await d.t.db.sharedPad.findUnique({ where: { contactId } }))?.text ?? '';

/** Waits until both pages and Postgres hold the same text, containing every one of `pieces`. */
async function converged(a: PadPage, b: PadPage, contactId: string, pieces: string[]): Promise<string> {
  return waitUntil(
    'both pads and Postgres to hold every edit',
    async () => {
      const [ta, tb, db] = [
        await a.area.inputValue(),
        await b.area.inputValue(),
        await storedText(contactId),
      ];
      const all = (s: string) => pieces.every((p) => s.includes(p));
      if (ta !== tb || ta !== db || !all(ta)) {
        throw new Error(
          `page A ${JSON.stringify(ta)}, page B ${JSON.stringify(tb)}, stored ${JSON.stringify(db)}`,
        );
      }
      return ta;
    },
    UI_TIMEOUT,
    200,
  );
}

describe('shared notes', () => {
  it('two admins typing at the same moment both keep their edits, in both pages and in Postgres', async () => {
    const contact = await d.t.db.contact.create({ data: { name: `Pad Browser ${hex(3)}` } });
    const [ana, b] = await bothPads(contact.id);

    const anaText = `Ana: deposit paid ${hex(2)}. `;
    const beaText = `Bea: venue is Oak Barn ${hex(2)}. `;
    await Promise.all([
      typeAtEnd(ana, anaText),
      typeAtEnd(b, beaText),
      // While Bea types, Ana's page says so.
      waitShown(
        ana.page,
        ana.pad.locator('.shared-pad-typing', { hasText: `${bea.name} is typing…` }),
        'main',
      ),
    ]);
    const text = await converged(ana, b, contact.id, [anaText, beaText]);
    expect(text.length).toBe(anaText.length + beaText.length);
    expect(await storedText(contact.id)).toBe(text);

    // Each change is stored with its author; each page lists the other's.
    const pad = await d.t.db.sharedPad.findUniqueOrThrow({ where: { contactId: contact.id } });
    const authors = await d.t.db.padChange.groupBy({ by: ['authorId'], where: { padId: pad.id } });
    expect(new Set(authors.map((a) => a.authorId))).toEqual(new Set([d.t.admin.id, bea.id]));
    await waitShown(
      ana.page,
      ana.pad.locator('.shared-pad-changes li', { hasText: bea.name }).first(),
      'main',
    );
    await waitShown(
      b.page,
      b.pad.locator('.shared-pad-changes li', { hasText: 'Test Admin' }).first(),
      'main',
    );
    expect(await overflowsMain(ana.page)).toBe(false);
    expect(await overflowsMain(b.page)).toBe(false);

    // An edit before the other admin's caret moves the caret along with the text it was in.
    const caret = text.indexOf(beaText) + 4;
    await b.area.evaluate((el, at: number) => {
      const area = el as unknown as Caret;
      area.focus();
      area.setSelectionRange(at, at);
    }, caret);
    await ana.area.focus();
    await ana.page.keyboard.press('Control+Home');
    await ana.page.keyboard.type('Notes: ', { delay: 20 });
    await converged(ana, b, contact.id, ['Notes: ', anaText, beaText]);
    expect(
      await b.area.evaluate((el) => [
        (el as unknown as Caret).selectionStart,
        (el as unknown as Caret).selectionEnd,
      ]),
    ).toEqual([caret + 'Notes: '.length, caret + 'Notes: '.length]);

    for (const p of [ana.page, b.page]) await p.close();
  });

  it('offline: typed edits wait, and on reconnecting both pages converge', async () => {
    const contact = await d.t.db.contact.create({ data: { name: `Pad Offline ${hex(3)}` } });
    const [ana, b] = await bothPads(contact.id);
    const first = `Before ${hex(2)}. `;
    await typeAtEnd(ana, first);
    await converged(ana, b, contact.id, [first]);

    await d.context.setOffline(true);
    const offlineText = `Typed offline by Ana ${hex(2)}. `;
    const onlineText = `Bea meanwhile ${hex(2)}. `;
    await Promise.all([typeAtEnd(ana, offlineText), typeAtEnd(b, onlineText)]);
    await waitShown(ana.page, ana.pad.locator('.shared-pad-sync', { hasText: 'Offline' }), 'main');
    // Nothing of Ana's offline edit reached the API.
    await waitUntil('Bea’s edit stored', async () => (await storedText(contact.id)).includes(onlineText));
    expect(await storedText(contact.id)).not.toContain(offlineText);
    expect(await ana.area.inputValue()).toContain(offlineText);

    await d.context.setOffline(false);
    const text = await converged(ana, b, contact.id, [first, offlineText, onlineText]);
    expect(text.length).toBe(first.length + offlineText.length + onlineText.length);
    await waitShown(ana.page, ana.pad.locator('.shared-pad-sync', { hasText: 'Saved' }), 'main');

    // The README's screenshot: Bea adds a line, Ana's page shows it and that she is typing.
    await typeAtEnd(b, 'Call back Friday about the playlist.');
    await waitShown(
      ana.page,
      ana.pad.locator('.shared-pad-typing', { hasText: `${bea.name} is typing…` }),
      'main',
    );
    await ana.page.locator('#shared-notes').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
    await ana.page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'shared-notes.png') });
    expect(await overflowsMain(ana.page)).toBe(false);

    for (const p of [ana.page, b.page]) await p.close();
    const errors = logs.flat().filter((l) => l.startsWith('pageerror:'));
    expect(errors).toEqual([]);
  });
});
