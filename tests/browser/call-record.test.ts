import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIds } from '@booth/shared';
import { PHONE, overflowsMain, servedDashboard, type ServedDashboard } from '../support/browser-dashboard';

/**
 * The call pages of the built dashboard over the real API (no call running): an ended call's record
 * (each analysed field beside its evidence, what was not kept, speakers by name, `?at=` marking and
 * scrolling to the word said then), transcript search (matches marked, never read as HTML, linking to
 * the moment) and the calls list (filters, a new consultation's link, starting a call), at phone width.
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
/** A word no other test says, so a search finds this call only. */
const uniqueWord = () => `marimba${tag().replace(/\d/g, 'x')}`;

/** An ended call with an analysis, two named speakers, word timestamps, a gap and hostile text. */
async function analysedCall(word: string) {
  const contact = await t.db.contact.create({ data: { name: `Sarah ${tag()}` } });
  const s = await t.db.session.create({
    data: {
      roomName: `call-${tag()}${tag()}`,
      kind: 'call',
      status: 'ended',
      contactId: contact.id,
      startedAt: new Date(Date.now() - 600_000),
      endedAt: new Date(Date.now() - 300_000),
    },
  });
  await t.db.participant.createMany({
    data: [
      {
        sessionId: s.id,
        identity: `admin-${t.admin.id}-0a1b2c3d`,
        adminId: t.admin.id,
        name: 'Dee',
        role: 'admin',
      },
      { sessionId: s.id, identity: 'client-abc', name: 'Sarah', role: 'client' },
    ],
  });
  await t.db.analysis.create({
    data: {
      sessionId: s.id,
      status: 'completed',
      provider: 'openai',
      model: 'test-model',
      summary: 'A wedding at Cedar Hall for about 80 guests.',
      actionItems: [{ text: 'Send the quote', owner: 'admin', dueDate: null }],
      extractedFields: {
        eventType: 'wedding',
        eventDate: null,
        guestCount: 80,
        venue: 'Cedar Hall',
        budget: null,
        needs: { quote: true, invoice: false, contract: false },
        evidence: { venue: 'the wedding is at Cedar Hall', guestCount: 'about 80 guests' },
        dropped: [{ field: 'budget', value: 25_000_000, reason: 'more than $10,000,000' }],
        flags: ['ignored instruction-like text'],
      },
      sentiment: 'warm',
      sentimentReason: 'keen on the date',
      leadStatus: 'qualified',
    },
  });
  const words = (start: number, text: string) =>
    text
      .split(' ')
      .map((w, i) => ({ text: w, startMs: start + i * 400, endMs: start + i * 400 + 350, p: 0.9 }));
  const lines: [string, number, string][] = [
    [`admin-${t.admin.id}`, 0, 'Hello this is Booth DJs'],
    ['client-abc', 3000, `the wedding is at Cedar Hall with ${word} music`],
    ['client-abc', 9000, '<img src=x onerror="window.pwned=1"> <b>not bold</b>'],
    // Filler, so the marked word has to be scrolled to on a phone.
    ...Array.from({ length: 40 }, (_, i): [string, number, string] => [
      `admin-${t.admin.id}`,
      20_000 + i * 3000,
      `line ${i} about the dance floor lights and the playlist for the evening`,
    ]),
    ['client-abc', 200_000, `and the ${word} again at the very end`],
  ];
  await t.db.transcriptSegment.createMany({
    data: lines.map(([who, start, text], i) => ({
      id: `SG_${s.id}_${i}`,
      sessionId: s.id,
      speakerIdentity: who,
      trackSid: 'TR_1',
      startMs: start,
      endMs: start + 2500,
      text,
      words: words(start, text),
    })),
  });
  await t.db.transcriptionGap.create({
    data: { sessionId: s.id, fromMs: 14_000, toMs: 18_000, reason: 'transcriber rejoined' },
  });
  return { session: s, contact };
}

describe('the call page', () => {
  it('shows each analysed field beside its evidence, names the speakers, and marks ?at=', async () => {
    const word = uniqueWord();
    const { session } = await analysedCall(word);
    const page = await dashboard.phonePage();
    // The last segment's "<word>" (the 3rd word of it): far down the page.
    const atMs = 200_000 + 2 * 400 + 100;
    await page.goto(`${base}/calls/${session.id}?at=${atMs}`);
    const analysis = page.locator('#analysis');
    await analysis.getByText('Cedar Hall', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    const venue = analysis.locator('tr', { hasText: 'Venue' });
    const cells = async (row: typeof venue) =>
      (await row.locator('td').allInnerTexts()).map((c) => c.replace(/[“”"]/g, ''));
    expect(await cells(venue)).toEqual(['Cedar Hall', 'the wedding is at Cedar Hall']);
    expect(await cells(analysis.locator('tr', { hasText: 'Guests' }))).toEqual(['80', 'about 80 guests']);

    // The word said at ?at= is marked, focused and scrolled into view.
    const marked = page.locator('.call-word[aria-current="true"]');
    await expect.poll(() => marked.innerText()).toBe(word);
    await expect
      .poll(() => page.evaluate<string | null>("document.activeElement.getAttribute('aria-current')"))
      .toBe('true');
    const box = (await marked.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);

    await analysis.getByText('1 proposal not kept').click();
    await expect.poll(() => analysis.innerText()).toContain('more than $10,000,000');
    expect(await analysis.innerText()).toContain('ignored instruction-like text');
    expect(await page.locator('#reanalyse').count()).toBe(0);

    const speakers = await page.locator('.call-transcript .who').allInnerTexts();
    expect(new Set(speakers)).toEqual(new Set(['Dee', 'Sarah']));
    expect(await page.locator('.call-transcript .gap').innerText()).toContain('transcriber rejoined');

    // Network text is text: the "markup" a caller said is shown, never run.
    expect(await page.locator('.call-transcript').innerText()).toContain('<img');
    expect(await page.evaluate<unknown>('window.pwned')).toBeUndefined();
    expect(await overflowsMain(page)).toBe(false);

    // Choosing a word shows its time and puts that moment in the address.
    await page.locator('.call-word', { hasText: 'Booth' }).first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('at')).toBe(String(3 * 400));
    expect(await page.locator('.call-at').innerText()).toContain('Marked 0:01: “Booth” (Dee)');
    await page.close();
  });

  it('offers "Analyse again" for an ended call whose analysis failed, and queues it', async () => {
    const s = await t.db.session.create({
      data: { roomName: `call-${tag()}${tag()}`, kind: 'call', status: 'ended', startedAt: new Date() },
    });
    await t.db.analysis.create({
      data: { sessionId: s.id, status: 'failed', error: 'The LLM could not be reached.' },
    });
    const page = await dashboard.phonePage();
    await page.goto(`${base}/calls/${s.id}`);
    await page
      .locator('#analysis')
      .getByText('The LLM could not be reached.')
      .waitFor({ timeout: UI_TIMEOUT });
    await page.click('#reanalyse');
    await page
      .getByText('Queued: the analysis appears here when it is done.')
      .waitFor({ timeout: UI_TIMEOUT });
    expect(await t.queues.analysis.queue.getJob(jobIds.analysis({ sessionId: s.id }))).toBeTruthy();
    await page.close();
  });
});

describe('transcript search', () => {
  it('marks the matches as text and links to the moment', async () => {
    const word = uniqueWord();
    const { session } = await analysedCall(word);
    const page = await dashboard.phonePage();
    await page.goto(`${base}/search?q=${word}`);
    const results = page.locator('.call-results > li');
    await expect.poll(() => results.count(), { timeout: UI_TIMEOUT }).toBe(2);
    expect(await page.locator('.call-results mark').allInnerTexts()).toEqual([word, word]);
    expect(await page.locator('.call-results b').count()).toBe(0);
    expect(await results.first().locator('.who').innerText()).toBe('Sarah');
    expect(await overflowsMain(page)).toBe(false);

    // "<word>" is the 8th word of the segment at 0:03.
    const link = results.locator('a', { hasText: '0:05' });
    await link.click();
    await page.waitForURL(`${base}/calls/${session.id}?at=${3000 + 7 * 400}`);
    await expect
      .poll(() => page.locator('.call-word[aria-current="true"]').innerText(), { timeout: UI_TIMEOUT })
      .toBe(word);
    await page.close();
  });
});

describe('the calls list', () => {
  it('filters by status, shows a new consultation’s link once, and starts a call', async () => {
    const contact = await t.db.contact.create({ data: { name: `List ${tag()}` } });
    const [open, ended] = await Promise.all(
      (['active', 'ended'] as const).map((status) =>
        t.db.session.create({
          data: { roomName: `call-${tag()}${tag()}`, kind: 'call', status, contactId: contact.id },
        }),
      ),
    );
    const page = await dashboard.phonePage();
    await page.goto(`${base}/calls?contactId=${contact.id}`);
    const rows = page.locator('.call-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: UI_TIMEOUT }).toBe(2);
    await page.getByLabel('Status').selectOption('ended');
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('ended');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().locator('a').getAttribute('href')).toBe(`/calls/${ended!.id}`);
    expect(await rows.first().getByRole('button', { name: 'End' }).count()).toBe(0);
    await page.getByLabel('Status').selectOption('active');
    await expect.poll(() => rows.first().locator('a').getAttribute('href')).toBe(`/calls/${open!.id}`);
    expect(await overflowsMain(page)).toBe(false);

    await page.getByRole('button', { name: 'New consultation' }).click();
    const link = page.getByLabel('Client join link (shown once: copy it now)');
    await expect
      .poll(() => link.inputValue(), { timeout: UI_TIMEOUT })
      .toMatch(new RegExp(`^${base}/join/consultation-[0-9a-f]+\\?code=.{8,}$`));
    const consultation = await t.db.session.findFirstOrThrow({
      where: { contactId: contact.id, kind: 'consultation' },
    });
    expect((await link.inputValue()).includes(consultation.roomName)).toBe(true);

    await page.getByRole('button', { name: 'Start a call' }).click();
    await page.waitForURL(/\/calls\/[A-Za-z0-9_-]+$/, { timeout: UI_TIMEOUT });
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    const started = await t.db.session.findUniqueOrThrow({ where: { id } });
    expect(started).toMatchObject({ kind: 'call', contactId: contact.id });
    await page.getByRole('heading', { name: 'Live room' }).waitFor({ timeout: UI_TIMEOUT });
    await page.close();
  });
});
