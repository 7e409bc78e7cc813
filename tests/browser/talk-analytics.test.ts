import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, overflowsMain, servedDashboard, type ServedDashboard } from '../support/browser-dashboard';
import { ROOT } from '../support/processes';

/**
 * Talk analytics in the built dashboard over the real API, at phone width: an ended call's page
 * shows the sides' shares, the figures and each speaker (docs/screenshots/call-analytics.png), the
 * contact's page one row per call, the home screen this week's calls; nothing sticks out of the
 * screen.
 */
const UI_TIMEOUT = 20_000;
let dashboard: ServedDashboard;
let t: ServedDashboard['t'];
let base: string;

beforeAll(async () => {
  dashboard = await servedDashboard();
  ({ t, base } = dashboard);
});
afterAll(() => dashboard?.close());

const tag = () => randomBytes(4).toString('hex');

/** An ended call of a scripted conversation (seconds): admin 40 s, client 20 s, one cut-in, 3 questions. */
async function scriptedCall() {
  const k = tag();
  const contact = await t.db.contact.create({ data: { name: `Talk Browser ${k}` } });
  const session = await t.db.session.create({
    data: {
      roomName: `call-talk-${tag()}${tag()}`,
      kind: 'call',
      status: 'ended',
      contactId: contact.id,
      startedAt: new Date(Date.now() - 120_000),
      endedAt: new Date(),
    },
  });
  const admin = `admin-${t.admin.id}`;
  const client = `client-${k}bbbb`;
  await t.db.participant.createMany({
    data: [
      {
        sessionId: session.id,
        identity: `${admin}-0a1b2c3d`,
        adminId: t.admin.id,
        name: 'Dee',
        role: 'admin',
      },
      { sessionId: session.id, identity: client, name: 'Sarah', role: 'client' },
    ],
  });
  const lines: [string, number, number, string][] = [
    [admin, 0, 10, 'Booth DJs, how can I help? Is it a wedding?'],
    [client, 12, 22, 'Yes, in June. Are you free?'],
    [admin, 23, 38, 'We are. The gold package has lights, a photo booth and a second speaker.'],
    // Cuts in 1 s before the admin stops.
    [client, 37, 47, 'That sounds lovely, we will think about it.'],
    [admin, 48, 63, 'Great, I will send the quote tonight.'],
  ];
  await t.db.transcriptSegment.createMany({
    data: lines.map(([speakerIdentity, from, to, text], i) => ({
      id: `SG_${session.id}_${i}`,
      sessionId: session.id,
      speakerIdentity,
      trackSid: `TR_${i % 2}`,
      startMs: from * 1000,
      endMs: to * 1000,
      text,
    })),
  });
  const tracker = await t.db.tracker.create({ data: { name: `Quote ${k}`, phrases: ['quote'] } });
  await t.db.trackerHit.create({
    data: {
      trackerId: tracker.id,
      sessionId: session.id,
      segmentId: `SG_${session.id}_4`,
      phrase: 'quote',
      speakerIdentity: admin,
      atMs: 58_000,
    },
  });
  return { contact, session, tracker };
}

describe('talk analytics in the dashboard', () => {
  it('shows a call’s figures, a contact’s calls and the week at phone width', async () => {
    const { contact, session, tracker } = await scriptedCall();
    const page = await dashboard.phonePage();
    await page.goto(`${base}/calls/${session.id}`);
    const section = page.locator('#talk-analytics');
    await section.locator('.talk-share').waitFor({ timeout: UI_TIMEOUT });

    // Admin 40 s of 60 s: two thirds.
    expect(await section.locator('.talk-share-legend').innerText()).toMatch(
      /Admin side 67%[\s\S]*Client side 33%/,
    );
    // The bar's admin part is two thirds of it (its width is set by the script, under the page's CSP).
    const bar = (await section.locator('.talk-share-bar').boundingBox())!;
    const adminPart = (await section.locator('.talk-share-admin').boundingBox())!;
    expect(Math.abs(adminPart.width / bar.width - 2 / 3)).toBeLessThan(0.02);
    const figure = (name: string) => section.locator(`[data-figure="${name}"] dd`).innerText();
    expect(await figure('talk')).toContain('59 s');
    expect(await figure('monologue')).toMatch(/15 s\s+Dee \(admin\)/);
    expect(await figure('response')).toMatch(/median 1\.0 s, mean 1\.0 s\s+\(2 answers\)/);
    expect(await figure('questions')).toBe('admin 2 · client 1');
    expect(await figure('interruptions')).toBe('admin 0 · client 1');
    const rows = section.locator('.talk-speakers tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().innerText()).toMatch(/Dee[\s\S]*40 s[\s\S]*67%/);
    expect(await section.locator('.talk-chips li').innerText()).toBe(`${tracker.name} 1`);
    expect(await section.locator('.talk-note').innerText()).toContain('under 2.0 s');

    expect(await overflowsMain(page)).toBe(false);
    expect((await section.boundingBox())!.width).toBeLessThanOrEqual(PHONE.width);
    await section.scrollIntoViewIfNeeded();
    mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
    await section.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'call-analytics.png') });

    // The contact: one row per ended call.
    await page.goto(`${base}/contacts/${contact.id}`);
    const trend = page.locator('.talk-trend tbody tr');
    await trend.first().waitFor({ timeout: UI_TIMEOUT });
    expect(await trend.count()).toBe(1);
    expect(await trend.first().getAttribute('data-session-id')).toBe(session.id);
    expect(await trend.first().locator('td[data-label="Admin share"]').innerText()).toBe('67%');
    expect(await trend.first().locator('td[data-label="Interruptions"]').innerText()).toBe(
      'admin 0 · client 1',
    );
    expect(await overflowsMain(page)).toBe(false);

    // The home screen: this week's calls, this one among them.
    await page.goto(`${base}/`);
    const week = page.locator('#talk-week');
    await week.locator('[data-figure="calls"]').waitFor({ timeout: UI_TIMEOUT });
    expect(
      Number((await week.locator('[data-figure="calls"] dd').innerText()).split(' ')[0]),
    ).toBeGreaterThan(0);
    expect(await overflowsMain(page)).toBe(false);
    await page.close();
  });
});
