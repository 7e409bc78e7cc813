import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Room } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import {
  CAPTION_ATTRIBUTES,
  TRANSCRIPTION_TOPIC,
  captionSignedString,
  roomDataKey,
  signText,
} from '@booth/shared';
import { scanTrackers } from '../../services/worker/src/trackers/scan';
import { overflowsMain, servedDashboard, type ServedDashboard } from '../support/browser-dashboard';
import { joinCallPage } from '../support/browser-live';

/**
 * The keyword trackers page of the built dashboard over the real API, at phone width: a tracker is
 * added (its phrases shown back as chips), a taken name is refused with the API's message, one is
 * changed and one deleted after confirming; then the search page's tracker filter finds the call the
 * worker's scan counted it in, its words marked. In a live call, the captions (signed with the room's
 * data key, as the transcriber signs them) mark the trackers' words, client-only ones for the client.
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
/** A word no other test says. */
const uniqueWord = () => `bouzouki${tag().replace(/\d/g, 'k')}`;

/** The "New tracker" form, filled and sent. */
async function addTracker(page: Page, name: string, phrases: string, flags: { clientOnly?: boolean } = {}) {
  const form = page.getByRole('form', { name: 'New tracker' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Words and phrases, separated by commas').fill(phrases);
  if (flags.clientOnly) await form.getByLabel('Only when the client says it').check();
  await form.getByRole('button', { name: 'Add tracker' }).click();
  return form;
}

describe('keyword trackers page', () => {
  it('adds, refuses a taken name, changes and deletes trackers', async () => {
    const page = await dashboard.phonePage();
    await page.goto(`${base}/trackers`);
    await page.getByRole('heading', { name: 'Keyword trackers' }).waitFor({ timeout: UI_TIMEOUT });
    const word = uniqueWord();
    const name = `Instruments ${tag()}`;

    const form = await addTracker(page, name, `${word}, grand piano,  , harp`, { clientOnly: true });
    const item = page.locator('#trackers > li', { has: page.getByRole('heading', { name }) });
    await item.waitFor({ timeout: UI_TIMEOUT });
    expect(
      await item
        .getByRole('list', { name: `${name} phrases` })
        .locator('li')
        .allInnerTexts(),
    ).toEqual([word, 'grand piano', 'harp']);
    expect(await item.innerText()).toContain('Client only');
    // The form is empty again for the next one.
    expect(await form.getByLabel('Name').inputValue()).toBe('');
    const stored = await t.db.tracker.findFirstOrThrow({ where: { name } });
    expect(stored).toMatchObject({ phrases: [word, 'grand piano', 'harp'], clientOnly: true, notify: false });

    // The same name in another case: the API's 409, shown; phrases without letters: the 400, naming it.
    await addTracker(page, name.toUpperCase(), 'drums');
    await expect
      .poll(() => form.getByRole('alert').innerText(), { timeout: UI_TIMEOUT })
      .toContain('already exists');
    await addTracker(page, `Other ${tag()}`, 'drums, ?!');
    await expect.poll(() => form.getByRole('alert').innerText(), { timeout: UI_TIMEOUT }).toContain('“?!”');
    expect(await t.db.tracker.count({ where: { name: { equals: name, mode: 'insensitive' } } })).toBe(1);

    // Edit in place: notify on, a phrase dropped.
    await item.getByRole('button', { name: 'Edit' }).click();
    const edit = item.getByRole('form', { name: `Change ${name}` });
    await edit.getByLabel('Words and phrases, separated by commas').fill(`${word}, harp`);
    await edit.getByLabel('Notify me when a call says it').check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => item.innerText(), { timeout: UI_TIMEOUT }).toContain('Notifies');
    expect(await t.db.tracker.findUniqueOrThrow({ where: { id: stored.id } })).toMatchObject({
      phrases: [word, 'harp'],
      notify: true,
    });
    expect(await overflowsMain(page)).toBe(false);

    // Delete asks first; keeping it changes nothing, confirming removes it.
    const doomedName = `Doomed ${tag()}`;
    await addTracker(page, doomedName, 'tuba');
    const doomed = page.locator('#trackers > li', { has: page.getByRole('heading', { name: doomedName }) });
    await doomed.getByRole('button', { name: 'Delete' }).click({ timeout: UI_TIMEOUT });
    await doomed.getByRole('button', { name: 'Keep it' }).click();
    await doomed.getByRole('button', { name: 'Delete' }).click();
    await doomed.getByRole('button', { name: 'Yes, delete' }).click();
    await doomed.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    expect(await t.db.tracker.count({ where: { name: doomedName } })).toBe(0);
    await page.close();
  });

  it('filters the search by tracker: the calls that said it, its words marked', async () => {
    const word = uniqueWord();
    const name = `Strings ${tag()}`;
    const page = await dashboard.phonePage();
    await page.goto(`${base}/trackers`);
    await addTracker(page, name, word);
    await page.locator('#trackers h3', { hasText: name }).waitFor({ timeout: UI_TIMEOUT });
    const tracker = await t.db.tracker.findFirstOrThrow({ where: { name } });

    // Two calls say "the quartet"; only one says the tracker's word (the other one inside a longer word).
    const contact = await t.db.contact.create({ data: { name: `Priya ${tag()}` } });
    const call = async (contactId: string | null, text: string) => {
      const s = await t.db.session.create({
        data: { roomName: `call-${tag()}${tag()}`, kind: 'call', status: 'ended', contactId },
      });
      await t.db.transcriptSegment.create({
        data: {
          id: `SG_${s.id}_0`,
          sessionId: s.id,
          speakerIdentity: 'client-abc',
          trackSid: 'TR_1',
          startMs: 4000,
          endMs: 8000,
          text,
        },
      });
      await scanTrackers(t.db, s.id);
      return s;
    };
    const said = await call(contact.id, `The quartet, and a ${word.toUpperCase()} solo please`);
    await call(null, `The quartet and ${word}s for the dinner`);

    await page.goto(`${base}/search`);
    const results = page.locator('.call-results > li');
    await page.getByLabel('Tracker').selectOption({ label: name }, { timeout: UI_TIMEOUT });
    await expect.poll(() => new URL(page.url()).searchParams.get('tracker')).toBe(tracker.id);
    await expect.poll(() => results.count(), { timeout: UI_TIMEOUT }).toBe(1);
    expect(await results.first().innerText()).toContain(`the call with ${contact.name}`);
    expect(await results.first().locator('mark').allInnerTexts()).toEqual([word.toUpperCase()]);
    expect(await results.first().locator('a').getAttribute('href')).toContain(`/calls/${said.id}`);

    // With words too: "quartet" is in both calls, the tracker keeps the one that said it.
    await page.getByLabel('Words said on a call').fill('quartet');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('quartet');
    await expect
      .poll(() => results.first().locator('mark').allInnerTexts(), { timeout: UI_TIMEOUT })
      .toEqual(['quartet']);
    expect(await results.count()).toBe(1);
    expect(await results.first().locator('a').getAttribute('href')).toContain(`/calls/${said.id}`);
    await page.getByLabel('Tracker').selectOption('');
    await expect.poll(() => results.count(), { timeout: UI_TIMEOUT }).toBeGreaterThanOrEqual(2);
    expect(await overflowsMain(page)).toBe(false);
    await page.close();
  });

  it('marks tracker words in the live captions, client-only trackers for the client only', async () => {
    const env = process.env as Record<string, string>;
    const budget = await t.db.tracker.create({
      data: { name: `Budget ${tag()}`, phrases: ['price', 'afford'], clientOnly: true },
    });
    // A rival's name no other test's tracker can overlap (the database is shared by every tier).
    const spin = `Spin${uniqueWord()}`;
    const rival = await t.db.tracker.create({
      data: { name: `Rival ${tag()}`, phrases: [`${spin} City DJs`] },
    });
    const session = await t.db.session.create({
      data: { roomName: `call-${tag()}${tag()}`, kind: 'call', status: 'active', startedAt: new Date() },
    });
    const page = await dashboard.phonePage();
    await page.goto(`${base}/calls/${session.id}`);
    await joinCallPage(page);

    // Two speakers in the room, each publishing a caption signed as the transcriber signs them.
    const key = await roomDataKey(env.LIVEKIT_API_SECRET!, session.roomName);
    const speakers: Room[] = [];
    const say = async (identity: string, name: string, segment: number, text: string) => {
      const at = new AccessToken(env.LIVEKIT_API_KEY!, env.LIVEKIT_API_SECRET!, { identity, name });
      at.addGrant({ roomJoin: true, room: session.roomName, canPublish: true, canSubscribe: false });
      const room = new Room();
      speakers.push(room);
      await room.connect(env.LIVEKIT_URL!, await at.toJwt(), { autoSubscribe: false, dynacast: false });
      // The page must have seen the speaker join before it trusts their captions.
      await page.locator('#participants li', { hasText: name }).first().waitFor({ timeout: UI_TIMEOUT });
      const c = {
        segmentId: `SG_${session.id}_${segment}`,
        final: true,
        startMs: String(segment * 5000),
        endMs: String(segment * 5000 + 4000),
        speaker: identity,
        text,
      };
      const a = CAPTION_ATTRIBUTES;
      const writer = await room.localParticipant!.streamText({
        topic: TRANSCRIPTION_TOPIC,
        attributes: {
          [a.final]: 'true',
          [a.segmentId]: c.segmentId,
          [a.trackId]: 'TR_test',
          [a.startMs]: c.startMs,
          [a.endMs]: c.endMs,
          [a.signature]: await signText(key, captionSignedString(c)),
        },
      });
      await writer.write(text);
      await writer.close();
      return page.locator(`#captions li[data-segment-id="${c.segmentId}"]`);
    };
    try {
      const marks = async (caption: ReturnType<Page['locator']>) => {
        await caption.waitFor({ timeout: UI_TIMEOUT });
        const raw = await caption.locator('mark.tracker-hit').evaluateAll((els) =>
          els.map((e) => ({
            text: e.textContent ?? '',
            names: e.getAttribute('data-trackers') ?? '',
            // Right after the mark before it: an overlapping tracker split one hit in two.
            adjacent: e.previousSibling !== null && e.previousSibling === els[els.indexOf(e) - 1],
          })),
        );
        // Other tests' trackers share the database (and so the page's list): only this test's count
        // here, and a hit another tracker's overlap split is one hit again.
        const mine = new Set([budget.name, rival.name]);
        const out: [string, string][] = [];
        let previousKept = false;
        for (const m of raw) {
          const names = m.names
            .split(', ')
            .filter((n: string) => mine.has(n))
            .join(', ');
          const last = out.at(-1);
          if (last && names && m.adjacent && previousKept && last[1] === names) last[0] += m.text;
          else if (names) out.push([m.text, names]);
          previousKept = !!names;
        }
        return out;
      };
      const client = await say(
        'client-0123456789ab',
        'Priya',
        1,
        `Can we afford ${spin}-City DJs? Their PRICE was lower.`,
      );
      expect(await marks(client)).toEqual([
        ['afford', budget.name],
        [`${spin}-City DJs`, rival.name],
        ['PRICE', budget.name],
      ]);
      const admin = await say(
        `admin-${t.admin.id}-0badf00d`,
        'Dee',
        2,
        `Our price beats ${spin} City DJs, honestly.`,
      );
      expect(await marks(admin)).toEqual([[`${spin} City DJs`, rival.name]]);
      expect(await admin.locator('.caption-text').innerText()).toBe(
        `Our price beats ${spin} City DJs, honestly.`,
      );
    } finally {
      await Promise.all(speakers.map((r) => r.disconnect()));
      await page.close();
    }
  });
});
