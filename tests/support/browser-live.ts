import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Room } from '@livekit/rtc-node';
import { createAdmin, type Db } from '@booth/db';
import { TypedQueue, redisConnection } from '@booth/shared';
import type { Page, Response } from 'playwright-core';
import { speechWav } from './fixtures';
import { ROOT, waitUntil } from './processes';
import { jsonClient, type Stack } from './stack';

/**
 * What the browser tests (tests/browser) and the browser benchmark share on top of browser.ts: the
 * built dashboard, more admins, joining a call page as the UI's selector contract has it, clients
 * admitted with an invite code, and fake-microphone recordings.
 */

/**
 * The dashboard the API serves (web/dist); the tests drive the built app, never a dev server. Waits a
 * while for a build that is under way (vite empties web/dist first and writes index.html last) — the
 * API looks for web/dist when it starts, so the stack must start after.
 */
export async function requireWebBuild(timeoutMs = 120_000): Promise<void> {
  const dist = join(ROOT, 'web', 'dist');
  const built = () => {
    const index = join(dist, 'index.html');
    if (!existsSync(index)) return false;
    const assets = [...readFileSync(index, 'utf8').matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map(
      (m) => m[1]!,
    );
    return assets.length > 0 && assets.every((a) => existsSync(join(dist, a)));
  };
  if (built()) return;
  await waitUntil(
    'web/dist (run `npm run build`: the browser tests drive the built app)',
    built,
    timeoutMs,
    500,
  );
}

/** Generous waits: two slow cores run Whisper, livekit-server, the services and Chromium at once. */
export const UI_TIMEOUT = 30_000;

export const hex = (n = 4) => randomBytes(n).toString('hex');

const fixtureDir = join(tmpdir(), 'booth-fixtures');

/** Silence for a fake microphone that must say nothing (the file loops). */
export const silentWav = () => speechWav('silence', [10_000]);

/** `src` followed by `silenceMs` of silence: a looping fake microphone then pauses between takes. */
export function paddedWav(src: string, silenceMs: number): string {
  mkdirSync(fixtureDir, { recursive: true });
  const out = join(fixtureDir, `padded-${silenceMs}-${src.replace(/[^a-z0-9]+/gi, '_')}.wav`);
  if (!existsSync(out)) {
    const gap = speechWav('gap', [silenceMs]);
    execFileSync('sox', [src, gap, '-r', '16000', '-c', '1', '-b', '16', out]);
  }
  return out;
}

export interface AdminAccount {
  id: string;
  email: string;
  name: string;
  password: string;
}

/** One more admin (as `booth admin create` makes them), with a random name. */
export async function createAdminAccount(db: Db, name = `Admin ${hex(3)}`): Promise<AdminAccount> {
  const password = `browser-pass-${hex(6)}`;
  const email = `browser-${hex(5)}@booth.test`;
  const row = await createAdmin(db, { email, name, password });
  return { id: row.id, email: row.email, name: row.name ?? name, password };
}

/** A signed-in API client for `creds` (as stack.request is for the stack's admin). */
export async function apiAs(api: string, creds: { email: string; password: string }) {
  const res = await fetch(`${api}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: creds.email, password: creds.password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${creds.email} failed: ${res.status}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const me = (await res.json()) as { id: string; name: string | null; email: string };
  return { me, request: jsonClient(api, cookie) };
}

/** The stack admin's id and name (GET /api/auth/me). */
export const stackAdmin = (stack: Stack) =>
  stack.request<{ id: string; name: string | null; email: string }>('GET', '/api/auth/me');

/** Waits until Booth's transcriber has joined the session's room (room_started → rooms job). */
export const transcriberJoined = (stack: Stack, sessionId: string) =>
  waitUntil(
    'the transcriber to join the room',
    async () => {
      const s = await stack.request<{ participants: { role: string; leftAt: string | null }[] }>(
        'GET',
        `/api/sessions/${sessionId}`,
      );
      return s.participants.some((p) => p.role === 'agent' && !p.leftAt);
    },
    90_000,
    250,
  );

/**
 * On a call page (`/calls/:id` of an open session): picks the first microphone, joins, and waits for
 * `#room-status` to say Connected. Returns when the click went out and when the page said so (node clock).
 */
export async function joinCallPage(page: Page): Promise<{ clickedAt: number; connectedAt: number }> {
  const mic = page.locator('select#mic-select');
  await mic.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await waitUntil(
    'a microphone in #mic-select',
    async () => (await mic.locator('option').count()) > 0,
    15_000,
  );
  const first = await mic.locator('option').first().getAttribute('value');
  if (first) await mic.selectOption(first);
  const join = page.locator('button#join-call');
  await join.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const clickedAt = Date.now();
  await join.click();
  await page.locator('#room-status', { hasText: 'Connected' }).waitFor({ timeout: UI_TIMEOUT });
  return { clickedAt, connectedAt: Date.now() };
}

/** A consultation as POST /api/sessions returns it. */
export interface Consultation {
  id: string;
  roomName: string;
  inviteCode: string;
  joinUrl: string;
}

export const createConsultation = (stack: Stack) =>
  stack.request<Consultation>('POST', '/api/sessions', { kind: 'consultation' });

/** A client's room token for a consultation, from its invite code (no sign-in), as the join page gets one. */
export async function clientToken(
  api: string,
  roomName: string,
  inviteCode: string,
  name: string,
): Promise<{ token: string; url: string; identity: string; dataKey?: string }> {
  const res = await fetch(`${api}/api/livekit/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ roomName, inviteCode, name }),
  });
  const body = (await res.json()) as { token: string; url: string; identity: string; dataKey?: string };
  if (!res.ok) throw new Error(`client token: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** An rtc-node participant connected with `token` (a speaker, a listener, a forger). */
export async function connectRoom(t: { token: string; url: string }, autoSubscribe = false): Promise<Room> {
  const room = new Room();
  await room.connect(t.url, t.token, { autoSubscribe, dynacast: false });
  return room;
}

/** What the app reported ignoring: `console.warn('booth: ignored unverified data', { topic, from })`. */
export interface IgnoredData {
  text: string;
  topic: string | undefined;
  from: string | null | undefined;
}

export const IGNORED_PREFIX = 'booth: ignored unverified data';

/** Collects the page's ignore warnings (by the UI contract: console.warn text starting IGNORED_PREFIX). */
export function watchIgnored(page: Page): IgnoredData[] {
  const out: IgnoredData[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'warning' || !m.text().startsWith(IGNORED_PREFIX)) return;
    const entry: IgnoredData = { text: m.text(), topic: undefined, from: undefined };
    out.push(entry);
    // The details object, when the warning has one ({ topic, from }).
    const details = m.args()[1];
    void details
      ?.jsonValue()
      .then((v: unknown) => {
        const d = (v ?? {}) as { topic?: unknown; from?: unknown };
        if (typeof d.topic === 'string') entry.topic = d.topic;
        if (typeof d.from === 'string' || d.from === null) entry.from = d.from;
      })
      .catch(() => undefined);
  });
  return out;
}

/** The page must be the same document as before (no reload): a marker set on `window` survives only then. */
export async function markDocument(page: Page): Promise<() => Promise<boolean>> {
  const marker = hex(6);
  await page.evaluate(`window.__boothMarker = ${JSON.stringify(marker)}`);
  return async () => (await page.evaluate<string | undefined>('window.__boothMarker')) === marker;
}

/** Inline scripts (no src) and inline event-handler attributes in the page's DOM. */
export const inlineScripts = (page: Page) =>
  page.evaluate<{ scripts: number; handlers: string[] }>(`(() => {
    const scripts = [...document.querySelectorAll('script')].filter((s) => !s.src).length;
    const handlers = [];
    for (const el of document.querySelectorAll('*'))
      for (const a of el.getAttributeNames()) if (a.startsWith('on')) handlers.push(el.tagName + '[' + a + ']');
    return { scripts, handlers };
  })()`);

/** The effective script sources of a response's CSP (script-src-elem, script-src, else default-src). */
export function scriptSources(res: Response | null): { csp: string; sources: string[] } {
  const csp = res?.headers()['content-security-policy'] ?? '';
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map((d) => [d[0]!.toLowerCase(), d.slice(1)] as const),
  );
  const sources =
    directives.get('script-src-elem') ?? directives.get('script-src') ?? directives.get('default-src') ?? [];
  return { csp, sources };
}

/** Whether the page scrolls sideways (content wider than the viewport). */
export const horizontalOverflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

/**
 * Makes the real worker publish a live suggestion into a call now: adds a final segment that prompts
 * one ("we are ready to book" → `ready`) after the call's last, as the transcriber would store it, and
 * queues a suggestion job as the transcriber does every few finals (a bucket of its own, so it is not
 * deduplicated against the transcriber's). jfk.wav, the one real recording, prompts none.
 */
export async function promptSuggestion(
  db: Db,
  stack: Stack,
  session: { id: string; roomName: string },
  /** Who says it: a client by default (the rules read what clients say first). */
  speakerIdentity = `client-${hex(6)}`,
  text = 'That sounds perfect, we are ready to book.',
): Promise<{ segmentId: string }> {
  const last = await db.transcriptSegment.findFirst({
    where: { sessionId: session.id },
    orderBy: { endMs: 'desc' },
  });
  const startMs = (last?.endMs ?? 0) + 500;
  const segmentId = `SG_${hex(10)}`;
  await db.transcriptSegment.create({
    data: {
      id: segmentId,
      sessionId: session.id,
      speakerIdentity,
      trackSid: last?.trackSid ?? `TR_${hex(6)}`,
      startMs,
      endMs: startMs + 2500,
      text,
      final: true,
      words: [],
    },
  });
  const queue = new TypedQueue('suggestions', {
    connection: redisConnection(process.env.REDIS_URL!),
    prefix: stack.prefix,
  });
  try {
    await queue.add({
      sessionId: session.id,
      roomName: session.roomName,
      bucket: 1000 + randomBytes(2).readUInt16BE(),
    });
  } finally {
    await queue.queue.close();
  }
  return { segmentId };
}

/**
 * Waits for `locator` like locator.waitFor; on a timeout the error also shows what `context` (a
 * selector) held instead, so a failure says what the page showed.
 */
export async function waitShown(
  page: Page,
  locator: ReturnType<Page['locator']>,
  context: string,
  timeout = UI_TIMEOUT,
): Promise<void> {
  try {
    await locator.waitFor({ timeout });
  } catch (err) {
    const html = await page
      .locator(context)
      .evaluateAll((els) => els.map((e) => e.outerHTML).join('\n'))
      .catch(() => '(unreadable)');
    throw new Error(
      `${(err as Error).message.split('\n')[0]}\n${context} holds:\n${html.slice(0, 4000) || '(nothing)'}`,
    );
  }
}

/** The last lines of a service's log (for a failure message: what the transcriber was doing). */
export function logTail(stack: Stack, name: 'api' | 'worker' | 'transcriber', lines = 25): string {
  const proc = stack.procs.find((p) => p.name === name);
  if (!proc) return `(no ${name} process)`;
  const tail = readFileSync(proc.logPath, 'utf8').trimEnd().split('\n').slice(-lines);
  return `last ${tail.length} lines of ${name}'s log (${proc.logPath}):\n${tail.join('\n')}`;
}

/** The stored transcript of a session, for a failure message. */
export async function transcriptSoFar(db: Db, sessionId: string): Promise<string> {
  const rows = await db.transcriptSegment.findMany({ where: { sessionId }, orderBy: { startMs: 'asc' } });
  return `stored transcript: "${rows.map((r) => r.text).join(' ')}" (${rows.length} segments)`;
}
