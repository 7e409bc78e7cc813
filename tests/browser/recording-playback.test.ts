import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_SAMPLE_RATE, createBlobStorage, encodeMp3, playbackKey } from '@booth/shared';
import { consoleOf } from '../support/browser';
import { PHONE, servedDashboard, type ServedDashboard } from '../support/browser-dashboard';
import { ROOT } from '../support/processes';

/**
 * Playback synced to the transcript, in the built dashboard over the real API, Postgres and
 * recording storage: an ended call with word timestamps, tracker hits and a ready recording whose
 * playback file is a real MP3 (a tone under every word, silence between) stored where the worker
 * puts it. Clicking a word seeks the <audio> element there and lights that word up while it plays;
 * the speed sets playbackRate; `?t=` / `#t=` links start there; tracker hits, suggestions and the
 * analysis's evidence play from their moment; the download link is the file's; deleting asks first,
 * then the recording is gone from the page, the API and the storage. On a phone the player sits at
 * the bottom of the screen. Also writes docs/screenshots/call-playback.png (desktop) and
 * call-playback-phone.png for the README.
 */
const DESKTOP = { width: 1280, height: 800 };
const UI_TIMEOUT = 20_000;
/** How far the element's position may be from where it was sent (it plays on while we look). */
const SEEK_SLACK_S = 0.6;
const SHOTS = join(ROOT, 'docs', 'screenshots');

let dashboard: ServedDashboard;
let t: ServedDashboard['t'];
let base: string;
let context: BrowserContext;

beforeAll(async () => {
  dashboard = await servedDashboard();
  ({ t, base, context } = dashboard);
});
afterAll(() => dashboard?.close());

const tag = () => randomBytes(4).toString('hex');

// A type, not an interface: Prisma's Json input takes it as a plain object.
type Word = { text: string; startMs: number; endMs: number; p: number };

/** Words at a steady pace from `start`; `long` (a word's text) is said for 1.5 s. */
function timedWords(start: number, text: string, long?: string): Word[] {
  const out: Word[] = [];
  let at = start;
  for (const w of text.split(' ')) {
    const length = w === long ? 1500 : 350;
    out.push({ text: w, startMs: at, endMs: at + length, p: 0.9 });
    at += length + 100;
  }
  return out;
}

/** The playback file: a 440 Hz tone under every word, silence elsewhere, `durationMs` long (CBR MP3). */
async function playbackMp3(words: readonly Word[], durationMs: number): Promise<Buffer> {
  const rate = RECORDING_SAMPLE_RATE;
  const samples = new Int16Array(Math.round((durationMs / 1000) * rate));
  for (const w of words) {
    const from = Math.round((w.startMs / 1000) * rate);
    const to = Math.min(samples.length, Math.round((w.endMs / 1000) * rate));
    for (let i = from; i < to; i++) samples[i] = Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 9000);
  }
  return Buffer.from(await encodeMp3(samples, rate, { alignToInput: true }));
}

const DURATION_MS = 40_000;

/** An ended, analysed call with a ready recording, a tracker hit and a suggestion. */
async function recordedCall(trackerName = `budget ${tag()}`) {
  const contact = await t.db.contact.create({ data: { name: `Priya ${tag()}` } });
  const s = await t.db.session.create({
    data: {
      roomName: `consultation-${tag()}${tag()}`,
      kind: 'consultation',
      status: 'ended',
      contactId: contact.id,
      startedAt: new Date(Date.now() - 600_000),
      endedAt: new Date(Date.now() - 540_000),
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
      { sessionId: s.id, identity: 'client-priya', name: 'Priya', role: 'client' },
    ],
  });
  const lines: [string, number, string, string?][] = [
    [`admin-${t.admin.id}`, 1000, 'Hello Priya thanks for joining the consultation'],
    ['client-priya', 5000, 'the wedding is at Cedar Hall in June', 'Cedar'],
    ['client-priya', 10_000, 'our budget is around four thousand dollars', 'budget'],
    [`admin-${t.admin.id}`, 16_000, 'that works we can send a quote today'],
    // Filler, so following the played word has to scroll on a phone.
    ...Array.from({ length: 14 }, (_, i): [string, number, string] => [
      i % 2 ? 'client-priya' : `admin-${t.admin.id}`,
      20_000 + i * 1400,
      `line ${i} about lights`,
    ]),
  ];
  const segments = lines.map(([who, start, text, long], i) => ({
    id: `SG_${s.id}_${i}`,
    sessionId: s.id,
    speakerIdentity: who,
    trackSid: 'TR_1',
    startMs: start,
    text,
    words: timedWords(start, text, long),
  }));
  await t.db.transcriptSegment.createMany({
    data: segments.map((g) => ({ ...g, endMs: g.words.at(-1)!.endMs })),
  });
  const word = (segment: number, text: string) => {
    const w = segments[segment]!.words.find((x) => x.text === text);
    if (!w) throw new Error(`no word ${text}`);
    return w;
  };
  await t.db.analysis.create({
    data: {
      sessionId: s.id,
      status: 'completed',
      provider: 'openai',
      model: 'test-model',
      summary: 'A June wedding at Cedar Hall.',
      actionItems: [],
      extractedFields: {
        eventType: 'wedding',
        eventDate: null,
        guestCount: null,
        venue: 'Cedar Hall',
        budget: 4000,
        needs: { quote: true, invoice: false, contract: false },
        evidence: { venue: 'at Cedar Hall', budget: 'our budget is around four thousand dollars' },
        dropped: [],
        flags: [],
      },
      sentiment: 'warm',
      leadStatus: 'qualified',
    },
  });
  const quote = word(3, 'quote');
  await t.db.sessionSuggestion.create({
    data: { sessionId: s.id, kind: 'quote', text: 'Offer the quote options', atMs: quote.startMs },
  });
  const tracker = await t.db.tracker.upsert({
    where: { name: trackerName },
    create: { name: trackerName, phrases: ['budget'] },
    update: {},
  });
  const budget = word(2, 'budget');
  await t.db.trackerHit.create({
    data: {
      trackerId: tracker.id,
      sessionId: s.id,
      segmentId: segments[2]!.id,
      phrase: 'budget',
      speakerIdentity: 'client-priya',
      atMs: budget.startMs,
    },
  });

  const mp3 = await playbackMp3(
    segments.flatMap((g) => g.words),
    DURATION_MS,
  );
  const storage = createBlobStorage(t.config);
  await storage.put(playbackKey(s.id), mp3, 'audio/mpeg');
  const recording = await t.db.recording.create({
    data: {
      sessionId: s.id,
      status: 'ready',
      storageKey: playbackKey(s.id),
      mimeType: 'audio/mpeg',
      bytes: BigInt(mp3.length),
      durationMs: DURATION_MS,
      readyAt: new Date(),
      expiresAt: new Date(Date.now() + 90 * 86_400_000),
    },
  });
  return { session: s, recording, mp3, storage, word, tracker, budget, quote };
}

/** The page's <audio> element: where it is, whether it plays, its speed and readiness. */
const audioState = (page: Page) =>
  page.evaluate<{ at: number; paused: boolean; rate: number; ready: number }>(
    `(() => { const a = document.querySelector('audio.recording-audio');
      return { at: a.currentTime, paused: a.paused, rate: a.playbackRate, ready: a.readyState }; })()`,
  );

/** Waits until the element is within SEEK_SLACK_S after `ms` (it may play on meanwhile). */
async function expectAt(page: Page, ms: number) {
  await expect
    .poll(
      async () => {
        const { at } = await audioState(page);
        return at >= ms / 1000 - 0.05 && at <= ms / 1000 + SEEK_SLACK_S;
      },
      { timeout: UI_TIMEOUT },
    )
    .toBe(true);
}

const wordButton = (page: Page, startMs: number) => page.locator(`.call-word[data-start-ms="${startMs}"]`);

describe('playback synced to the transcript', () => {
  it('plays from a clicked word with it lit up, changes speed, follows links, downloads and deletes', async () => {
    const call = await recordedCall();
    const page = await context.newPage();
    const log = consoleOf(page);
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/calls/${call.session.id}`);

    // The player and the recording's state.
    const player = page.locator('.recording-player');
    await player.waitFor({ timeout: UI_TIMEOUT });
    expect(await page.locator('#recording-status').getAttribute('data-state')).toBe('ready');
    expect(await page.locator('#recording-status').innerText()).toContain('0:40 recorded');
    await expect.poll(async () => (await audioState(page)).ready, { timeout: UI_TIMEOUT }).toBeGreaterThan(0);
    expect((await audioState(page)).paused).toBe(true);
    // On a phone it is a bar along the bottom of the screen.
    const bar = (await player.boundingBox())!;
    expect(Math.abs(bar.y + bar.height - PHONE.height)).toBeLessThanOrEqual(1);
    expect(bar.width).toBeGreaterThanOrEqual(PHONE.width - 1);

    // The download link is the file's, as an attachment, and the file is the one stored.
    const download = page.locator('a.recording-download');
    const href = await download.getAttribute('href');
    expect(href).toBe(`/api/recordings/${call.recording.id}/audio?download=1`);
    const file = await context.request.get(`${base}${href}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-disposition']).toMatch(/^attachment/);
    expect(Buffer.compare(await file.body(), call.mp3)).toBe(0);

    // Clicking a word plays from its start, and that word is lit while it is said.
    const cedar = call.word(1, 'Cedar');
    await wordButton(page, cedar.startMs).click();
    await expectAt(page, cedar.startMs);
    expect((await audioState(page)).paused).toBe(false);
    await expect
      .poll(() => wordButton(page, cedar.startMs).getAttribute('data-playing'), { timeout: UI_TIMEOUT })
      .toBe('true');
    expect(await wordButton(page, cedar.startMs).getAttribute('class')).toContain('playing');
    expect(await page.locator('.call-word.playing').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('at')).toBe(String(cedar.startMs));
    // Then the highlight moves on to the next word as playback reaches it.
    const next = call.word(1, 'Hall');
    await expect
      .poll(() => wordButton(page, next.startMs).getAttribute('data-playing'), { timeout: UI_TIMEOUT })
      .toBe('true');
    expect(await wordButton(page, cedar.startMs).getAttribute('data-playing')).toBeNull();

    // Speed.
    await player.locator('select').selectOption('1.5');
    await expect.poll(async () => (await audioState(page)).rate).toBe(1.5);
    await player.locator('select').selectOption('1');

    // A tracker hit: counted, its words marked, and a click plays from it.
    const strip = page.locator('#tracker-hits');
    expect(await strip.locator('.tracker-counts li').innerText()).toBe(`${call.tracker.name} 1`);
    expect(await wordButton(page, call.budget.startMs).getAttribute('class')).toContain('tracked');
    await strip.locator('a.tracker-hit').click();
    await expectAt(page, call.budget.startMs);
    await expect.poll(() => new URL(page.url()).searchParams.get('at')).toBe(String(call.budget.startMs));
    expect((await audioState(page)).paused).toBe(false);

    // A suggestion's moment, and an analysed field's evidence, play from where they were said.
    await page.locator('section[aria-labelledby="suggestions-heading"] a').click();
    await expectAt(page, call.quote.startMs);
    // Scrolling away from the word being played stops following it (and offers to go back to it).
    await page.mouse.move(PHONE.width / 2, 200);
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -600);
    await page.locator('.call-follow').waitFor({ timeout: UI_TIMEOUT });
    await page.locator('#analysis tr', { hasText: 'Venue' }).locator('a.call-evidence').click();
    await expectAt(page, call.word(1, 'at').startMs);

    // Pause, back to the start of the call with the scrubber.
    await player.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(async () => (await audioState(page)).paused).toBe(true);
    await player.locator('input[type="range"]').fill('0');
    await expect.poll(async () => (await audioState(page)).at).toBeLessThan(0.2);

    // Deleting asks first; "Keep it" keeps it.
    await page.getByRole('button', { name: 'Delete recording' }).click();
    const confirm = page.getByRole('group', { name: 'Confirm deleting the recording' });
    await confirm.waitFor({ timeout: UI_TIMEOUT });
    expect(await t.db.recording.count({ where: { sessionId: call.session.id } })).toBe(1);
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    expect(await confirm.count()).toBe(0);
    await page.getByRole('button', { name: 'Delete recording' }).click();
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await expect
      .poll(() => page.locator('#recording-status').getAttribute('data-state'), { timeout: UI_TIMEOUT })
      .toBe('deleted');
    expect(await page.locator('#recording-status').innerText()).toBe('The recording was deleted.');
    expect(await player.count()).toBe(0);
    expect(await page.locator('a.recording-download').count()).toBe(0);
    // Words still mark their moment, without a player.
    await wordButton(page, cedar.startMs).click();
    expect(await page.locator('.call-at').innerText()).toContain('Marked 0:06: “Cedar” (Priya)');
    // Gone from the API and the storage.
    const after = await context.request.get(`${base}/api/sessions/${call.session.id}/recording`);
    expect(((await after.json()) as { recording: unknown }).recording).toBeNull();
    expect(await call.storage.stat(playbackKey(call.session.id))).toBeUndefined();
    expect((await context.request.get(`${base}/api/recordings/${call.recording.id}/audio`)).status()).toBe(
      404,
    );
    expect(log.filter((l) => l.startsWith('pageerror'))).toEqual([]);
    await page.close();
  });

  it('starts at the moment a ?t= or #t= link points at', async () => {
    const call = await recordedCall();
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    const budget = call.budget.startMs;
    await page.goto(`${base}/calls/${call.session.id}?t=${budget}`);
    await page.locator('.recording-player').waitFor({ timeout: UI_TIMEOUT });
    await expect
      .poll(async () => (await audioState(page)).at, { timeout: UI_TIMEOUT })
      .toBeCloseTo(budget / 1000, 1);
    const { paused } = await audioState(page);
    expect(paused).toBe(true);
    // The word said then is marked and lit; Play starts there.
    expect(await page.locator('.call-word[aria-current="true"]').innerText()).toBe('budget');
    expect(await wordButton(page, budget).getAttribute('data-playing')).toBe('true');
    expect(await page.locator('.recording-time').innerText()).toMatch(/^0:10 \/ 0:40$/);
    // Played from the top of the page, the word being said is brought into sight above the player.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.locator('.recording-player').getByRole('button', { name: 'Play' }).click();
    await expectAt(page, budget);
    expect((await audioState(page)).paused).toBe(false);
    const barTop = (await page.locator('.recording-player').boundingBox())!.y;
    await expect
      .poll(
        async () => {
          const box = await page.locator('.call-word.playing').boundingBox();
          return box !== null && box.y >= 0 && box.y + box.height <= barTop;
        },
        { timeout: UI_TIMEOUT },
      )
      .toBe(true);

    // `#t=` in seconds, as pasted from other players.
    await page.goto(`${base}/calls/${call.session.id}#t=16s`);
    await page.locator('.recording-player').waitFor({ timeout: UI_TIMEOUT });
    await expect.poll(async () => (await audioState(page)).at, { timeout: UI_TIMEOUT }).toBeCloseTo(16, 1);
    await page.close();
  });

  it('switches recording off for a call not over yet', async () => {
    const s = await t.db.session.create({
      data: { roomName: `call-${tag()}${tag()}`, kind: 'call', status: 'scheduled' },
    });
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/calls/${s.id}`);
    const box = page.getByRole('checkbox', { name: 'Record this call' });
    await box.waitFor({ timeout: UI_TIMEOUT });
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await expect
      .poll(() => page.locator('#recording-status').innerText(), { timeout: UI_TIMEOUT })
      .toBe('Recording is switched off for this call.');
    expect((await t.db.session.findUniqueOrThrow({ where: { id: s.id } })).recordingEnabled).toBe(false);
    await box.check();
    await expect
      .poll(async () => (await t.db.session.findUniqueOrThrow({ where: { id: s.id } })).recordingEnabled)
      .toBe(true);
    await page.close();
  });

  it('takes the README screenshot of playback (docs/screenshots/call-playback.png)', async () => {
    const call = await recordedCall('Budget');
    const page = await context.newPage();
    await page.setViewportSize(DESKTOP);
    await page.goto(`${base}/calls/${call.session.id}`);
    await page.locator('.recording-player').waitFor({ timeout: UI_TIMEOUT });
    await page.locator('#tracker-hits').waitFor({ timeout: UI_TIMEOUT });
    // Playing the budget sentence: the player stuck over the transcript, the word being said lit.
    await page.evaluate(
      "window.scrollTo(0, document.querySelector('#recording-heading').getBoundingClientRect().top + window.scrollY - 8)",
    );
    await wordButton(page, call.budget.startMs).click();
    const around = call.word(2, 'around');
    await page.locator('.recording-player select').selectOption('1');
    await expect
      .poll(() => wordButton(page, around.startMs).getAttribute('data-playing'), { timeout: UI_TIMEOUT })
      .toBe('true');
    await page.mouse.move(0, 0);
    mkdirSync(SHOTS, { recursive: true });
    const out = join(SHOTS, 'call-playback.png');
    await page.screenshot({ path: out });

    // The same on a phone: the player along the bottom of the screen.
    await page.setViewportSize(PHONE);
    await wordButton(page, call.budget.startMs).click();
    await expect
      .poll(() => wordButton(page, around.startMs).getAttribute('data-playing'), { timeout: UI_TIMEOUT })
      .toBe('true');
    await page.mouse.move(0, 0);
    const phoneOut = join(SHOTS, 'call-playback-phone.png');
    await page.screenshot({ path: phoneOut });
    await page.locator('.recording-player').getByRole('button', { name: 'Pause' }).click();

    for (const [file, size] of [
      [out, DESKTOP],
      [phoneOut, PHONE],
    ] as const) {
      const png = readFileSync(file);
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size.width, size.height]);
    }
    await page.close();
  });
});
