import { dispose } from '@livekit/rtc-node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@booth/db';
import { PHONE } from '../support/browser-dashboard';
import { launchBrowser, signedInContext } from '../support/browser';
import {
  UI_TIMEOUT,
  hex,
  horizontalOverflow,
  joinCallPage,
  promptSuggestion,
  requireWebBuild,
  silentWav,
  waitShown,
} from '../support/browser-live';
import { waitUntil } from '../support/processes';
import { startStack, type Stack } from '../support/stack';

/**
 * The admin's consultation view in Chromium at phone width, over the real API, worker and
 * livekit-server: the context panel shows the contact's record and talking points built from it (an
 * overdue deposit, a quote going cold, no venue yet); a suggestion the real worker publishes from
 * what the client said comes as a card with one-click actions: the date checked against booked
 * events, the venue added to the contact after review (audited as the admin's edit), after which
 * the talking point about the venue is gone.
 */
const DAY = 86_400_000;
const env = process.env;
let db: Db;
let stack: Stack;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  await requireWebBuild();
  db = createDb({ url: env.DATABASE_URL! });
  stack = await startStack({ services: ['api', 'worker'] });
  browser = await launchBrowser({ fakeAudio: silentWav() });
  context = await signedInContext(browser, stack.api, stack.admin);
});
afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
  await db?.$disconnect();
  await dispose();
});

/** June 15 after today: the day "June 15th" means on a call today. */
function nextJune15(): string {
  const now = new Date();
  const year =
    now.getUTCMonth() > 5 || (now.getUTCMonth() === 5 && now.getUTCDate() >= 15)
      ? now.getUTCFullYear() + 1
      : now.getUTCFullYear();
  return `${year}-06-15`;
}

describe('the consultation context panel', () => {
  it('shows the record and talking points; suggestion cards check the date and add the venue', async () => {
    const k = hex(3);
    const june15 = nextJune15();
    const priya = await db.contact.create({
      data: {
        name: `Priya Context ${k}`,
        leadStatus: 'qualified',
        eventType: 'wedding',
        guestCount: 120,
        budgetCents: 500_000n,
      },
    });
    await db.quote.create({
      data: {
        contactId: priya.id,
        title: 'Gold package',
        status: 'sent',
        amountCents: 420_000,
        createdAt: new Date(Date.now() - 12 * DAY),
      },
    });
    await db.invoice.create({
      data: {
        contactId: priya.id,
        number: `DEP-${k}`,
        status: 'overdue',
        amountCents: 50_000,
        dueDate: new Date(Date.now() - 3 * DAY),
      },
    });
    const rival = await db.contact.create({
      data: {
        name: `Rival Booking ${k}`,
        leadStatus: 'booked',
        eventDate: new Date(`${june15}T00:00:00Z`),
        venue: 'Oak Barn',
      },
    });
    const session = await stack.request<{ id: string; roomName: string }>('POST', '/api/sessions', {
      kind: 'consultation',
      contactId: priya.id,
    });

    const page: Page = await context.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`/calls/${session.id}`);
    await joinCallPage(page);

    const panel = page.locator('.context-panel');
    await waitShown(page, panel.getByRole('link', { name: priya.name }), 'main');
    const points = panel.locator('.context-points li');
    await waitUntil('the talking points', async () => (await points.count()) >= 3, UI_TIMEOUT);
    const said = await points.allInnerTexts();
    expect(said[0]).toMatch(new RegExp(`Invoice DEP-${k} \\(.*500.*\\) is overdue since`));
    expect(said).toContainEqual(
      expect.stringMatching(/Quote “Gold package” \(.*4,200.*\) sent 12 days ago, not accepted: follow up/),
    );
    expect(said).toContain('No venue yet: ask where it will be');
    expect(await points.filter({ hasText: 'follow up' }).getByRole('link').getAttribute('href')).toBe(
      `/quotes?contactId=${priya.id}`,
    );
    expect(await panel.locator('.context-facts').innerText()).toContain('120 guests');

    // The client says where and when; the real worker publishes the suggestions to the admins.
    await promptSuggestion(
      db,
      stack,
      session,
      `client-${hex(4)}`,
      'The wedding will be at Cedar Hall on June 15th.',
    );
    const dateCard = page.locator('#live-suggestions li[data-kind="check-date"]');
    await waitShown(page, dateCard, '#live-suggestions');
    await dateCard.getByRole('button', { name: 'Check availability' }).click();
    const answer = dateCard.locator('.suggestion-answer');
    await waitShown(page, answer, '#live-suggestions');
    // Other tests' bookings may share the day: this one is among them.
    expect(await answer.innerText()).toMatch(new RegExp(`is booked: .*${rival.name} \\(Oak Barn\\)`));

    const venueCard = page.locator('#live-suggestions li[data-kind="venue"]');
    await waitShown(page, venueCard, '#live-suggestions');
    await venueCard.getByRole('button', { name: 'Add venue to contact' }).click();
    const review = venueCard.getByRole('group', { name: 'Set the venue' });
    expect(await review.innerText()).toContain('Set the venue to Cedar Hall?');
    // Nothing changes before Save.
    expect((await db.contact.findUniqueOrThrow({ where: { id: priya.id } })).venue).toBeNull();
    await review.getByRole('button', { name: 'Save' }).click();
    await waitShown(page, venueCard.getByText('The venue is on the contact.'), '#live-suggestions');
    const saved = await db.contact.findUniqueOrThrow({ where: { id: priya.id } });
    expect(saved.venue).toBe('Cedar Hall');
    expect(saved.manualFields).toContain('venue');
    const change = await db.contactChange.findFirstOrThrow({
      where: { contactId: priya.id, field: 'venue' },
    });
    expect(change).toMatchObject({ source: 'admin', applied: true, newValue: 'Cedar Hall' });
    // The panel reloads: the venue is in the facts and no longer a question.
    await waitUntil(
      'the venue talking point to go',
      async () => !(await points.allInnerTexts()).includes('No venue yet: ask where it will be'),
      UI_TIMEOUT,
    );
    expect(await panel.locator('.context-facts').innerText()).toContain('Cedar Hall');

    // The date card can add the date too (the contact has none yet).
    await dateCard.getByRole('button', { name: 'Add event date to contact' }).click();
    await dateCard
      .getByRole('group', { name: 'Set the event date' })
      .getByRole('button', { name: 'Save' })
      .click();
    await waitUntil(
      'the event date on the contact',
      async () =>
        (await db.contact.findUniqueOrThrow({ where: { id: priya.id } })).eventDate
          ?.toISOString()
          .slice(0, 10) === june15,
      UI_TIMEOUT,
    );
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.close();
  });
});
