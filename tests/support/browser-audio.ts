import { statSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { waitUntil } from './processes';

/**
 * Audio in the browser tests (tests/browser/assistant.test.ts) and the browser assistant benchmark
 * (tests/bench/browser-assistant.ts): a probe installed before the app starts that measures the
 * fake microphone and the remote tracks with WebAudio, the phase of the looping fake-microphone
 * phrase, one push-to-talk hold over one rendition of it, and the agent's reply audio. All times are
 * the page's `Date.now()` (this host's clock, as the services' and this process's).
 */

/**
 * The probe's init script (plain JavaScript: see browser-dom.ts), for `context.addInitScript`: every
 * microphone getUserMedia hands out is analysed through a clone (so muting the app's track does not
 * hide what the fake device is playing: its phase in the looping file), and every remote audio track
 * the page receives (the agent's voice) through a WebAudio AnalyserNode (1024 samples, about 21 ms at
 * 48 kHz). RMS every `intervalMs`. Pointer presses and releases are stamped too (capture phase, before
 * the app's handlers): the moment the push-to-talk button is let go.
 */
export function audioProbe(intervalMs = 40): string {
  return `(() => {
  if (window.__boothAudio) return;
  const probe = { mic: [], remote: [], micTracks: 0, remoteTracks: 0, pointer: [] };
  window.__boothAudio = probe;
  for (const type of ['pointerdown', 'pointerup'])
    window.addEventListener(type, () => probe.pointer.push({ t: Date.now(), type }), true);
  let ctx;
  const context = () => {
    if (!ctx) ctx = new AudioContext();
    if (ctx.state !== 'running') ctx.resume().catch(() => {});
    return ctx;
  };
  const watch = (track, into, tag) => {
    const c = context();
    const an = c.createAnalyser();
    an.fftSize = 1024;
    c.createMediaStreamSource(new MediaStream([track])).connect(an);
    const buf = new Float32Array(an.fftSize);
    const timer = setInterval(() => {
      if (track.readyState === 'ended') return clearInterval(timer);
      an.getFloatTimeDomainData(buf);
      let s = 0;
      for (let i = 0; i < buf.length; i++) s += buf[i] * buf[i];
      into.push({ t: Date.now(), rms: Math.sqrt(s / buf.length), tag });
      if (into.length > 30000) into.splice(0, 10000);
    }, ${Number(intervalMs)});
  };
  const md = navigator.mediaDevices;
  if (md && md.getUserMedia) {
    const orig = md.getUserMedia.bind(md);
    md.getUserMedia = async (constraints) => {
      const stream = await orig(constraints);
      for (const t of stream.getAudioTracks()) watch(t.clone(), probe.mic, ++probe.micTracks);
      return stream;
    };
  }
  const Base = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener('track', (e) => {
        if (e.track.kind === 'audio') watch(e.track, probe.remote, ++probe.remoteTracks);
      });
    }
  };
})();`;
}

/** The probe as the browser tests install it (RMS every 40 ms). */
export const AUDIO_PROBE = audioProbe();

export interface Level {
  /** Page clock, epoch ms. */
  t: number;
  rms: number;
  /** Which track (1, 2, … in the order the page got them). */
  tag: number;
}

/** The probe's levels of the microphone or the remote tracks (only those after `since`, page clock). */
export const levels = (page: Page, which: 'mic' | 'remote', since?: number) =>
  page.evaluate<Level[]>(
    `((window.__boothAudio && window.__boothAudio.${which}) || [])` +
      (since === undefined ? '' : `.filter((l) => l.t > ${Number(since)})`),
  );

/** A WAV file's length in ms (16 kHz mono 16-bit, 44-byte header: speech-fixtures.ts writes them so). */
export const wavMs = (path: string) => ((statSync(path).size - 44) / 32_000) * 1000;

export const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

/**
 * Speech onsets (a rise after 800 ms of silence) on the page's newest microphone track, page clock
 * (only the levels after `since`, when given).
 */
export async function speechOnsets(page: Page, since?: number): Promise<number[]> {
  const all = await levels(page, 'mic', since);
  const newest = Math.max(0, ...all.map((l) => l.tag));
  const found: number[] = [];
  let quietSince: number | undefined;
  for (const l of all.filter((x) => x.tag === newest)) {
    if (l.rms < 0.003) quietSince ??= l.t;
    else if (l.rms > 0.02) {
      if (quietSince !== undefined && l.t - quietSince >= 800) found.push(l.t);
      quietSince = undefined;
    }
  }
  return found;
}

/** When the looping fake microphone next starts the phrase, at least `aheadMs` from now. */
export async function nextOnset(page: Page, periodMs: number, aheadMs: number): Promise<number> {
  const onsets = await waitUntil(
    'a speech onset on the fake microphone',
    async () => {
      // The last three renditions are enough (each starts after its leading silence).
      const found = await speechOnsets(page, Date.now() - 3 * periodMs);
      return found.length ? found : undefined;
    },
    periodMs * 2 + 5000,
    100,
  );
  let at = onsets.at(-1)!;
  while (at < Date.now() + aheadMs) at += periodMs;
  return at;
}

export interface HoldOptions {
  /** The fake microphone file's length (it loops), ms: `wavMs(file)`. */
  periodMs: number;
  /** The phrase's length in it (the file less its leading and trailing silence), ms. */
  speechMs: number;
  /** The rendition held over starts at least this far from now, ms. Default 1500. */
  aheadMs?: number;
  /** Pressed this long before the phrase starts, ms. Default 600. */
  leadMs?: number;
  /** Released this long after it ends, ms. Default 700. */
  tailMs?: number;
}

/**
 * One push-to-talk turn with the mouse: holds `ptt` (button#assistant-ptt) from just before the next
 * rendition of the looping fake-microphone phrase starts to just after it ends. Returns when the
 * phrase started and when the button was let go (the probe's pointerup stamp), page clock.
 */
export async function holdToTalk(
  page: Page,
  ptt: Locator,
  opts: HoldOptions,
): Promise<{ onset: number; releasedAt: number }> {
  // In the viewport: the mouse presses where the button is on screen.
  await ptt.scrollIntoViewIfNeeded();
  const box = await ptt.boundingBox();
  if (!box) throw new Error('the talk button is not shown');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const onset = await nextOnset(page, opts.periodMs, opts.aheadMs ?? 1500);
  await sleepUntil(onset - (opts.leadMs ?? 600));
  // Where the button is now: the page may have moved it while we waited (a line added above it).
  await ptt.scrollIntoViewIfNeeded();
  const now = (await ptt.boundingBox()) ?? box;
  await page.mouse.move(now.x + now.width / 2, now.y + now.height / 2);
  await page.mouse.down();
  await waitUntil('aria-pressed', async () => (await ptt.getAttribute('aria-pressed')) === 'true', 2000, 20);
  await sleepUntil(onset + opts.speechMs + (opts.tailMs ?? 700));
  const before = Date.now();
  await page.mouse.up();
  const ups = await page.evaluate<number[]>(
    `((window.__boothAudio && window.__boothAudio.pointer) || [])` +
      `.filter((p) => p.type === 'pointerup' && p.t >= ${before - 50}).map((p) => p.t)`,
  );
  return { onset, releasedAt: ups[0] ?? before };
}

/**
 * The agent's spoken reply on the page's remote audio: waits for `samples` probe readings louder than
 * `rms` after `since` (page clock) and returns the loud readings (the first is when the reply was first
 * heard).
 */
export async function replyAudio(
  page: Page,
  since: number,
  opts: { rms?: number; samples?: number; timeoutMs?: number } = {},
): Promise<Level[]> {
  const threshold = opts.rms ?? 0.01;
  const samples = opts.samples ?? 5;
  return waitUntil(
    'reply audio with energy from the agent',
    async () => {
      const loud = (await levels(page, 'remote', since)).filter((l) => l.rms > threshold);
      return loud.length >= samples ? loud : undefined;
    },
    opts.timeoutMs ?? 45_000,
    250,
  );
}
