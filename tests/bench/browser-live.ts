import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dispose, type Room } from '@livekit/rtc-node';
import { cacheDir } from '../harness/services';
import { percentile } from '../harness/metrics-summary';
import { launchBrowser, signedInContext } from '../support/browser';
import { captionLives, clockOffset, domEvents, recordDom } from '../support/browser-dom';
import {
  apiAs,
  connectRoom,
  createAdminAccount,
  joinCallPage,
  requireWebBuild,
  silentWav,
  transcriberJoined,
} from '../support/browser-live';
import { JFK_REFERENCE, publishWav, wordErrorRate } from '../support/livekit-client';
import { ROOT, waitUntil } from '../support/processes';
import { withLiveStack } from './live-stack';

/**
 * The live path as the admin sees it, in Debian's Chromium (fake, silent microphone) on the built
 * dashboard against a real livekit-server, API and transcriber: jfk.wav said into a call by another
 * admin (rtc-node, real-time pace), BENCH_RUNS times per model.
 *
 * - end of speech → final caption rendered: for each final, when its element turned
 *   data-final="true" in the admin's page (a MutationObserver installed before the app starts,
 *   tests/support/browser-dom.ts) minus the end of the utterance, session start + the segment's
 *   end_ms — the same reference as the end of speech → Postgres figure printed next to it
 *   (the row's created_at minus the same point).
 * - notification sent → toast shown: from just before POST /api/contacts (a new lead notifies the
 *   admins) to the toast's element appearing, BENCH_NOTIFICATIONS times.
 * - page load → connected: from the call page's navigation start (performance.timeOrigin) to
 *   #room-status saying Connected (the join click goes out as soon as the button is there; the click →
 *   connected part is printed too), and to the header's notifications room being live.
 *
 * Clocks: everything runs on this host. The services stamp Postgres rows and the session start with
 * their own Date.now(), the page stamps the DOM record with its Date.now(), this process stamps the
 * requests: all read the same CLOCK_REALTIME. The page − bench offset is measured anyway (the
 * fastest of 15 evaluate round trips, ± half of it) and subtracted from page times; it is printed.
 * Env: BENCH_MODELS ("tiny.en base"), BENCH_RUNS (3), BENCH_NOTIFICATIONS (10).
 */
const shared = resolve(ROOT, '..', 'shared');
const modelsDir = process.env.BOOTH_MODELS_DIR ?? join(cacheDir(), 'models');
const vadPath = process.env.SILERO_VAD_PATH ?? join(shared, 'models', 'silero_vad.onnx');
const audioDir = process.env.BOOTH_AUDIO_DIR ?? join(shared, 'audio');
process.env.BOOTH_AUDIO_DIR = audioDir;
const models = (process.env.BENCH_MODELS ?? 'tiny.en base')
  .split(/\s+/)
  .filter((m) => existsSync(join(modelsDir, `ggml-${m}.bin`)));
const runs = Number(process.env.BENCH_RUNS ?? 3);
const notifications = Number(process.env.BENCH_NOTIFICATIONS ?? 10);

await requireWebBuild();

const fmt = (v: number[], p: number) => (v.length ? percentile(v, p).toFixed(0) : '-');
const row = (label: string, v: number[]) =>
  console.log(
    `${label.padEnd(36)} ${String(v.length).padStart(4)} ${fmt(v, 50).padStart(8)} ${fmt(v, 95).padStart(8)}`,
  );

console.log('\n== live call path in the browser (livekit-server → transcriber → the admin’s Chromium) ==');
for (const model of models) {
  await withLiveStack({ model, modelsDir, vadPath }, async ({ stack, db }) => {
    const browser = await launchBrowser({ fakeAudio: silentWav() });
    const speakers: Room[] = [];
    try {
      const context = await signedInContext(browser, stack.api, stack.admin);
      await recordDom(context);
      const other = await createAdminAccount(db, 'Bench Speaker');
      const otherApi = await apiAs(stack.api, other);
      const toPostgres: number[] = [];
      const toCaption: number[] = [];
      const loadToConnected: number[] = [];
      const clickToConnected: number[] = [];
      const loadToLive: number[] = [];
      const offsets: { offsetMs: number; rttMs: number }[] = [];
      const wers: number[] = [];

      for (let i = 0; i < runs; i++) {
        const session = await stack.createSession('call');
        const page = await context.newPage();
        await page.goto(`/calls/${session.id}`);
        const { clickedAt } = await joinCallPage(page);
        const clock = await clockOffset(page);
        offsets.push(clock);
        const toNode = (pageMs: number) => pageMs - clock.offsetMs;
        const origin = await page.evaluate<number>('performance.timeOrigin');
        const events = await domEvents(page);
        const connected = events.find((e) => e.key === 'roomStatus' && e.texts.text?.includes('Connected'));
        if (connected) {
          loadToConnected.push(connected.at - origin);
          clickToConnected.push(toNode(connected.at) - clickedAt);
        }
        const live = events.find((e) => e.key === 'liveStatus' && e.texts.text === 'Live');
        if (live) loadToLive.push(live.at - origin);

        await transcriberJoined(stack, session.id);
        const token = await otherApi.request<{ token: string; url: string }>('POST', '/api/livekit/token', {
          roomName: session.roomName,
        });
        const speaker = await connectRoom(token);
        speakers.push(speaker);
        await publishWav(speaker, join(audioDir, 'jfk.wav'), { trailingSilenceMs: 3000 });
        const rows = await waitUntil(
          'final segments',
          async () => {
            const r = await db.transcriptSegment.findMany({
              where: { sessionId: session.id },
              orderBy: { startMs: 'asc' },
            });
            return r.length && wordErrorRate(JFK_REFERENCE, r.map((x) => x.text).join(' ')) < 0.5
              ? r
              : undefined;
          },
          60_000,
          100,
        );
        const lives = await waitUntil(
          'every final in the page',
          async () => {
            const l = captionLives(await domEvents(page, 'caption'));
            return rows.every((r) => l.some((x) => x.segmentId === r.id && x.finalAt !== undefined))
              ? l
              : undefined;
          },
          30_000,
          100,
        );
        const { startedAt } = await db.session.findUniqueOrThrow({ where: { id: session.id } });
        for (const r of rows) {
          const endOfSpeech = startedAt!.getTime() + r.endMs;
          toPostgres.push(r.createdAt.getTime() - endOfSpeech);
          toCaption.push(toNode(lives.find((l) => l.segmentId === r.id)!.finalAt!) - endOfSpeech);
        }
        wers.push(wordErrorRate(JFK_REFERENCE, rows.map((r) => r.text).join(' ')));
        await speaker.disconnect();
        await page.close();
        await stack.request('POST', `/api/sessions/${session.id}/end`);
      }

      // Notifications: one open dashboard, a lead at a time.
      const toToast: number[] = [];
      const home = await context.newPage();
      await home.goto('/');
      await home.locator('#live-status', { hasText: 'Live' }).waitFor({ timeout: 30_000 });
      const clock = await clockOffset(home);
      offsets.push(clock);
      for (let i = 0; i < notifications; i++) {
        const sentAt = Date.now();
        const contact = await stack.request<{ id: string }>('POST', '/api/contacts', {
          name: `Bench lead ${i}`,
        });
        const n = await waitUntil('the notification row', () =>
          db.notification.findFirst({ where: { contactId: contact.id } }).then((x) => x ?? undefined),
        );
        const shown = await waitUntil(
          'the toast',
          async () =>
            (await domEvents(home, 'toast')).find(
              (e) => e.kind === 'added' && e.attrs['data-notification-id'] === n.id,
            ),
          30_000,
          50,
        );
        toToast.push(shown.at - clock.offsetMs - sentAt);
      }
      await home.close();

      const worst = offsets.reduce((a, b) => (Math.abs(b.offsetMs) > Math.abs(a.offsetMs) ? b : a));
      console.log(
        `${model}: clocks page − bench ${worst.offsetMs >= 0 ? '+' : ''}${worst.offsetMs.toFixed(1)} ms ` +
          `(± ${(worst.rttMs / 2).toFixed(1)} ms), the largest of ${offsets.length} pages; WER ${(
            (wers.reduce((a, b) => a + b, 0) / wers.length) *
            100
          ).toFixed(1)}% over ${runs} runs`,
      );
      console.log('model     runs  segments  speech→Postgres p50 ms  p95 ms  speech→caption p50 ms  p95 ms');
      console.log(
        [
          model.padEnd(9),
          String(runs).padStart(4),
          String(toCaption.length).padStart(9),
          fmt(toPostgres, 50).padStart(23),
          fmt(toPostgres, 95).padStart(7),
          fmt(toCaption, 50).padStart(22),
          fmt(toCaption, 95).padStart(7),
        ].join(' '),
      );
      console.log(
        `${'measure'.padEnd(36)} ${'n'.padStart(4)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`,
      );
      row('notification sent → toast shown', toToast);
      row('page load → connected to the room', loadToConnected);
      row('join click → connected to the room', clickToConnected);
      row('page load → notifications room live', loadToLive);
    } finally {
      for (const s of speakers) await s.disconnect().catch(() => undefined);
      await browser.close();
    }
  });
}
await dispose();
