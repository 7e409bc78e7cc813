import type { BrowserContext, Page } from 'playwright-core';

/**
 * A record of what the page showed and when: a MutationObserver installed before any of the app's
 * scripts run (addInitScript) logs every element matching a tracked selector when it appears, when one
 * of its tracked attributes or texts changes, and when it leaves the DOM. Each element keeps one serial
 * for its whole life, so the log tells an element changed in place (an interim caption turned final)
 * from one replaced by another, and shows whatever was on screen only briefly.
 *
 * Times are the page's `Date.now()` inside the observer's callback (the microtask after the DOM
 * change, before the frame is painted). The page runs on this host, so its clock is the same
 * CLOCK_REALTIME as this process's and Postgres's timestamps (written by the services with
 * `new Date()`); `clockOffset` measures the difference instead of assuming it.
 */
export interface TrackedSpec {
  selector: string;
  /** Attributes to record. */
  attrs?: string[];
  /** Texts to record: name → sub-selector ('' for the element's own textContent). */
  texts?: Record<string, string>;
}

export interface DomEvent {
  key: string;
  /** The element's serial: the same element keeps it for as long as it lives. */
  node: number;
  kind: 'added' | 'changed' | 'removed';
  /** Page clock, epoch ms. */
  at: number;
  /** Position among the selector's matches in document order when recorded (-1 when removed). */
  index: number;
  attrs: Record<string, string | null>;
  texts: Record<string, string>;
}

/** What the Booth pages show, by the UI's selector contract. */
export const BOOTH_TRACKED: Record<string, TrackedSpec> = {
  caption: {
    selector: '#captions li.caption',
    attrs: ['data-segment-id', 'data-final', 'data-speaker-identity'],
    texts: { speaker: '.caption-speaker', text: '.caption-text' },
  },
  suggestion: {
    selector: '#live-suggestions > li',
    attrs: ['data-suggestion-id', 'data-kind'],
    texts: { text: '' },
  },
  toast: { selector: '#toasts a.toast', attrs: ['data-notification-id', 'href'], texts: { text: '' } },
  badge: { selector: '#unread-badge', texts: { text: '' } },
  presence: { selector: '#presence > li', attrs: ['data-admin-id'], texts: { text: '' } },
  liveStatus: { selector: '#live-status', texts: { text: '' } },
  roomStatus: { selector: '#room-status', texts: { text: '' } },
  participant: {
    selector: '#participants > li',
    attrs: ['data-identity', 'data-speaking'],
    texts: { text: '' },
  },
  analysis: { selector: '#analysis', texts: { text: '' } },
};

/**
 * The observer, run in the page. Plain JavaScript in a string: tsx (the benchmarks) compiles functions
 * with esbuild's keepNames, whose `__name` helper does not exist in the page.
 */
const RECORDER = `(specs) => {
  if (window.__boothDom) return;
  const events = [];
  window.__boothDom = events;
  const serials = new WeakMap();
  const live = new Map();
  let serial = 0;
  const scan = () => {
    const at = Date.now();
    const present = new Set();
    for (const [key, spec] of Object.entries(specs)) {
      document.querySelectorAll(spec.selector).forEach((el, index) => {
        let id = serials.get(el);
        if (id === undefined) {
          id = ++serial;
          serials.set(el, id);
        }
        present.add(id);
        const attrs = {};
        for (const a of spec.attrs || []) attrs[a] = el.getAttribute(a);
        const texts = {};
        for (const [name, sub] of Object.entries(spec.texts || {})) {
          const target = sub ? el.querySelector(sub) : el;
          texts[name] = ((target && target.textContent) || '').trim();
        }
        const state = JSON.stringify([attrs, texts, index]);
        const before = live.get(id);
        if (before && before.state === state) return;
        events.push({ key, node: id, kind: before ? 'changed' : 'added', at, index, attrs, texts });
        live.set(id, { key, state });
      });
    }
    for (const [id, { key }] of live) {
      if (present.has(id)) continue;
      live.delete(id);
      events.push({ key, node: id, kind: 'removed', at, index: -1, attrs: {}, texts: {} });
    }
  };
  new MutationObserver(scan).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}`;

/** Installs the recorder in every page of `context` opened from now on. */
export async function recordDom(
  context: BrowserContext,
  specs: Record<string, TrackedSpec> = BOOTH_TRACKED,
): Promise<void> {
  await context.addInitScript({ content: `(${RECORDER})(${JSON.stringify(specs)});` });
}

/** The page's record so far (of `key` only, when given). */
export async function domEvents(page: Page, key?: string): Promise<DomEvent[]> {
  const all = await page.evaluate<DomEvent[] | null>('window.__boothDom ?? null');
  if (all === null) throw new Error('no DOM record in this page: call recordDom(context) before opening it');
  return key ? all.filter((e) => e.key === key) : all;
}

/** Per element: its events in order. */
export function byNode(events: DomEvent[]): Map<number, DomEvent[]> {
  const out = new Map<number, DomEvent[]>();
  for (const e of events) out.set(e.node, [...(out.get(e.node) ?? []), e]);
  return out;
}

/**
 * The page clock minus this process's clock, from round trips (the one with the smallest round trip
 * wins; the offset is then known to ± half of it). Same host, same clock: expect ~0.
 */
export async function clockOffset(page: Page, rounds = 15): Promise<{ offsetMs: number; rttMs: number }> {
  let best = { offsetMs: NaN, rttMs: Infinity };
  for (let i = 0; i < rounds; i++) {
    const t0 = Date.now();
    const pageNow = await page.evaluate(() => Date.now());
    const t1 = Date.now();
    if (t1 - t0 < best.rttMs) best = { offsetMs: pageNow - (t0 + t1) / 2, rttMs: t1 - t0 };
  }
  return best;
}

/** The number in an element's text ("3", "3 unread"); 0 for an empty or missing element. */
export async function numberIn(page: Page, selector: string): Promise<number> {
  const text =
    (await page
      .locator(selector)
      .textContent({ timeout: 1000 })
      .catch(() => '')) ?? '';
  const m = /\d+/.exec(text);
  return m ? Number(m[0]) : 0;
}

/** One caption element's life, from the record. */
export interface CaptionLife {
  node: number;
  segmentId: string;
  /** Every segment id it carried (one, unless the page reuses elements for other captions). */
  segmentIds: string[];
  /** When the element appeared, and the state it appeared in. */
  addedAt: number;
  firstFinal: boolean;
  /** When it first showed data-final="true" (undefined: never final). */
  finalAt: number | undefined;
  /** Interim texts it showed before turning final, in order. */
  interims: string[];
  /** Its last state. */
  final: boolean;
  text: string;
  speaker: string;
  speakerIdentity: string | null;
  removed: boolean;
}

/** The caption elements of a record, one entry per element, in the order they appeared. */
export function captionLives(events: DomEvent[]): CaptionLife[] {
  const out: CaptionLife[] = [];
  for (const [node, evs] of byNode(events.filter((e) => e.key === 'caption'))) {
    const shown = evs.filter((e) => e.kind !== 'removed');
    if (!shown.length) continue;
    const last = shown.at(-1)!;
    const finalEvent = shown.find((e) => e.attrs['data-final'] === 'true');
    const interims: string[] = [];
    for (const e of shown) {
      if (e === finalEvent) break;
      const t = e.texts.text ?? '';
      if (e.attrs['data-final'] === 'false' && interims.at(-1) !== t) interims.push(t);
    }
    out.push({
      node,
      segmentId: last.attrs['data-segment-id'] ?? '',
      segmentIds: [...new Set(shown.map((e) => e.attrs['data-segment-id'] ?? ''))],
      addedAt: shown[0]!.at,
      firstFinal: shown[0]!.attrs['data-final'] === 'true',
      finalAt: finalEvent?.at,
      interims,
      final: last.attrs['data-final'] === 'true',
      text: last.texts.text ?? '',
      speaker: last.texts.speaker ?? '',
      speakerIdentity: last.attrs['data-speaker-identity'] ?? null,
      removed: evs.at(-1)!.kind === 'removed',
    });
  }
  return out.sort((a, b) => a.addedAt - b.addedAt || a.node - b.node);
}

/** Waits until the page's record has an event of `key` matching `match` (shown at some point, even if gone since). */
export async function recordedEvent(
  page: Page,
  key: string,
  match: (e: DomEvent) => boolean,
  timeoutMs = 30_000,
): Promise<DomEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = (await domEvents(page, key)).find(match);
    if (hit) return hit;
    if (Date.now() > deadline) {
      const seen = (await domEvents(page, key)).slice(-10);
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for a recorded ${key}; last: ${JSON.stringify(seen)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
