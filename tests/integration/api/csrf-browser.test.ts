import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@booth/db';
import { jobIds } from '@booth/shared';
import { freePort } from '../../harness/services';
import { waitUntil } from '../../support/processes';
import { apiUnderTest } from './api-context';

/**
 * CSRF from a real browser (Debian's Chromium through playwright-core; provisioned by
 * tests/harness/provision.sh, never downloaded by Playwright). The admin signs in through the
 * dashboard; a page on another origin of the same site — another port of the same host, a sibling
 * subdomain — then tries every state-changing route with the admin's cookies (no-cors fetches with
 * text/plain and no body, cors PUT/PATCH, sendBeacon, auto-submitted HTML forms). Nothing may change,
 * and the same actions from the dashboard's own origin still work.
 */
const CHROMIUM = '/usr/bin/chromium';

let t: Awaited<ReturnType<typeof apiUnderTest>>;
let browser: Browser;
let api: Server;
let attacker: Server;
let apiPort: number;
let attackerPort: number;
const attackerAccount = {
  email: `attacker-${randomBytes(4).toString('hex')}@booth.test`,
  password: 'attacker-pass-1',
};

/** Every request the API answered: who sent it and what it got. */
interface Seen {
  method: string;
  path: string;
  origin?: string;
  site?: string;
  withSession: boolean;
  status: number;
}
const seen: Seen[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: run tests/harness/provision.sh`);
  [apiPort, attackerPort] = [await freePort(), await freePort()];
  t = await apiUnderTest({
    PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
    ALLOWED_ORIGINS: `http://app.booth.test:${apiPort}`,
  });
  await t.db.adminUser.create({
    data: {
      email: attackerAccount.email,
      name: 'Attacker',
      passwordHash: await hashPassword(attackerAccount.password),
    },
  });
  api = createServer((req, res) => {
    const request = describeRequest(req); // before Express rewrites req.url for its routers
    res.on('finish', () => seen.push({ ...request, status: res.statusCode }));
    void t.app(req, res);
  });
  attacker = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      attackPage(url.searchParams.get('target')!, JSON.parse(url.searchParams.get('routes')!) as Route[]),
    );
  });
  await new Promise<void>((r) => api.listen(apiPort, '127.0.0.1', r));
  await new Promise<void>((r) => attacker.listen(attackerPort, '127.0.0.1', r));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--host-resolver-rules=MAP *.booth.test 127.0.0.1',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => api?.close(r));
  await new Promise((r) => attacker?.close(r));
  await t?.close();
});

function describeRequest(req: IncomingMessage): Omit<Seen, 'status'> {
  return {
    method: req.method ?? '',
    path: (req.url ?? '').split('?')[0]!,
    origin: req.headers.origin,
    site: req.headers['sec-fetch-site'] as string | undefined,
    withSession: /(^|;\s*)booth_session=/.test(req.headers.cookie ?? ''),
  };
}

interface Route {
  method: 'POST' | 'PUT' | 'PATCH';
  path: string;
  body?: unknown;
}

/**
 * The attacker's page: each route by every means a page on another origin has without CORS. Sets
 * `window.attackDone` when the fetches have settled (beacons and forms are counted on the API side).
 */
function attackPage(target: string, routes: Route[]): string {
  return `<!doctype html><html><body><script>
const target = ${JSON.stringify(target)};
const routes = ${JSON.stringify(routes)};
const tries = [];
routes.forEach((r, i) => {
  const url = target + r.path;
  const text = r.body === undefined ? undefined : JSON.stringify(r.body);
  if (r.method !== 'POST') {
    // Not a simple request: the browser preflights it, and the API grants no CORS.
    tries.push(fetch(url, { method: r.method, credentials: 'include', headers: { 'content-type': 'application/json' }, body: text }));
    return;
  }
  tries.push(fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include' }));
  tries.push(fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: text ?? '{}' }));
  navigator.sendBeacon(url, text ?? '{}');
  // An auto-submitted form into a hidden frame; text/plain forms can even smuggle JSON: name={"a":1,"_":" value="}
  const frame = document.createElement('iframe');
  frame.name = 'f' + i;
  document.body.appendChild(frame);
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = url;
  form.target = frame.name;
  if (text) {
    form.enctype = 'text/plain';
    const input = document.createElement('input');
    input.name = text.slice(0, -1) + ',"_":"';
    input.value = '"}';
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
});
Promise.allSettled(tries).then(() => { window.attackDone = true; });
</script></body></html>`;
}

/** A fresh set of things an attacker would like changed. */
async function victimData() {
  const tag = randomBytes(4).toString('hex');
  const contact = await t.db.contact.create({ data: { name: `Victim Client ${tag}`, venue: 'Cedar Hall' } });
  const invoice = await t.db.invoice.create({
    data: { contactId: contact.id, number: `INV-${tag}`, status: 'sent', amountCents: 120_000 },
  });
  const contract = await t.db.contract.create({
    data: { contactId: contact.id, title: `Wedding ${tag}`, status: 'sent', amountCents: 120_000 },
  });
  const notifications = await Promise.all(
    [1, 2].map((n) =>
      t.db.notification.create({
        data: { type: 'test', title: `unread ${n}`, dedupeKey: `csrf-${tag}-${n}` },
      }),
    ),
  );
  // An ended call whose analysis failed: the dashboard offers "Analyse again".
  const session = await t.db.session.create({
    data: { roomName: `call-${tag}`, kind: 'call', status: 'ended', contactId: contact.id },
  });
  await t.db.analysis.create({ data: { sessionId: session.id, status: 'failed', error: 'LLM down' } });
  await t.db.vocabularyTerm.deleteMany({});
  await t.db.vocabularyTerm.createMany({ data: [{ term: 'Cedar Hall' }] });
  const routes: Route[] = [
    { method: 'POST', path: '/api/auth/login', body: attackerAccount },
    {
      method: 'POST',
      path: '/api/auth/setup',
      body: { token: 'x', email: 'evil@booth.test', password: 'evil-password-1' },
    },
    { method: 'POST', path: '/api/sessions', body: { kind: 'call' } },
    { method: 'POST', path: `/api/sessions/${session.id}/analysis` },
    { method: 'PUT', path: '/api/vocabulary', body: { terms: ['pwned'] } },
    { method: 'POST', path: '/api/contacts', body: { name: `Injected ${tag}` } },
    { method: 'PATCH', path: `/api/contacts/${contact.id}`, body: { venue: 'Pwned Barn' } },
    { method: 'POST', path: `/api/invoices/${invoice.id}/paid` },
    { method: 'POST', path: `/api/contracts/${contract.id}/signed` },
    { method: 'POST', path: '/api/notifications/read' },
    { method: 'POST', path: '/api/livekit/token', body: { roomName: session.roomName } },
    { method: 'POST', path: '/api/auth/logout' },
  ];
  return { tag, contact, invoice, contract, notifications, session, routes };
}

type Victim = Awaited<ReturnType<typeof victimData>>;

/** Everything the attack could have changed, in one object (so a failure lists every change). */
async function victimState(v: Victim, dashboard: Page) {
  const invoice = await t.db.invoice.findUniqueOrThrow({ where: { id: v.invoice.id } });
  const contract = await t.db.contract.findUniqueOrThrow({ where: { id: v.contract.id } });
  const notifications = await t.db.notification.findMany({
    where: { id: { in: v.notifications.map((n) => n.id) } },
  });
  const me = await dashboard.evaluate(async () => {
    const r = await fetch('/api/auth/me');
    return r.ok ? ((await r.json()) as { email: string }).email : `signed out (${r.status})`;
  });
  return {
    invoice: invoice.status,
    contract: contract.status,
    unreadNotifications: notifications.filter((n) => n.readAt === null).length,
    analysisJob:
      (await t.queues.analysis.queue.getJob(jobIds.analysis({ sessionId: v.session.id })))?.id ?? null,
    venue: (await t.db.contact.findUniqueOrThrow({ where: { id: v.contact.id } })).venue,
    injectedContacts: await t.db.contact.count({ where: { name: `Injected ${v.tag}` } }),
    vocabulary: (await t.db.vocabularyTerm.findMany()).map((x) => x.term),
    paymentNotified: await t.db.notification.count({ where: { dedupeKey: `payment-${v.invoice.id}` } }),
    // Still signed in, and as the admin (not logged out, not logged in as the attacker).
    signedInAs: me,
  };
}

async function expectNothingChanged(v: Victim, dashboard: Page) {
  expect(await victimState(v, dashboard)).toEqual({
    invoice: 'sent',
    contract: 'sent',
    unreadNotifications: 2,
    analysisJob: null,
    venue: 'Cedar Hall',
    injectedContacts: 0,
    vocabulary: ['Cedar Hall'],
    paymentNotified: 0,
    signedInAs: t.admin.email,
  });
}

/** A JSON call from the dashboard's own page, as web/public/app.js makes it. */
const fromDashboard = (page: Page, method: string, path: string) =>
  page.evaluate(
    async ([m, p]) =>
      (await fetch(p!, { method: m, headers: { 'content-type': 'application/json' }, body: '{}' })).status,
    [method, path],
  );

async function scenario(dashboardOrigin: string, attackerOrigin: string) {
  const v = await victimData();
  const context = await browser.newContext();
  try {
    // Sign in through the dashboard itself.
    const dashboard = await context.newPage();
    await dashboard.goto(`${dashboardOrigin}/`);
    await dashboard.waitForSelector('#login:not([hidden])'); // app.js has run and found no session
    await dashboard.fill('#login input[name=email]', t.admin.email);
    await dashboard.fill('#login input[name=password]', t.admin.password);
    await dashboard.click('#login button[type=submit]');
    await dashboard.waitForSelector('#nav:not([hidden])', { state: 'visible' });
    const cookies = await context.cookies(dashboardOrigin);
    expect(cookies.map((c) => c.name)).toContain('booth_session');

    // The attack, from another origin of the same site, in the same browser.
    const before = seen.length;
    const evil = await context.newPage();
    const routes = encodeURIComponent(JSON.stringify(v.routes));
    await evil.goto(
      `${attackerOrigin}/attack?target=${encodeURIComponent(dashboardOrigin)}&routes=${routes}`,
    );
    await evil.waitForFunction('window.attackDone === true');
    const posts = v.routes.filter((r) => r.method === 'POST').length;
    const attack = await waitUntil(
      'every fetch, beacon and form to reach the API',
      () => {
        const got = seen.slice(before).filter((s) => s.origin === attackerOrigin && s.method !== 'OPTIONS');
        return got.length >= posts * 4 ? got : undefined;
      },
      20_000,
      100,
    );
    await expectNothingChanged(v, dashboard);
    // The API refused every one of them...
    expect(attack.filter((s) => s.status !== 403)).toEqual([]);
    // ...though the browser did send the admin's cookie (SameSite=Lax does not stop the same site).
    expect(attack.every((s) => s.withSession)).toBe(true);

    // The dashboard's own origin still works: its buttons, and the integrations' routes.
    await dashboard.goto(`${dashboardOrigin}/notifications`);
    await dashboard.click('#read-all');
    await waitUntil('notifications read', async () => {
      const rows = await t.db.notification.findMany({
        where: { id: { in: v.notifications.map((n) => n.id) } },
      });
      return rows.every((n) => n.readAt !== null);
    });
    await dashboard.goto(`${dashboardOrigin}/calls/${v.session.id}`);
    await dashboard.click('#reanalyse');
    await waitUntil('the analysis re-queued', () =>
      t.queues.analysis.queue.getJob(jobIds.analysis({ sessionId: v.session.id })),
    );
    expect(await fromDashboard(dashboard, 'POST', `/api/invoices/${v.invoice.id}/paid`)).toBe(200);
    expect(await fromDashboard(dashboard, 'POST', `/api/contracts/${v.contract.id}/signed`)).toBe(200);
    expect((await t.db.invoice.findUniqueOrThrow({ where: { id: v.invoice.id } })).status).toBe('paid');
    expect((await t.db.contract.findUniqueOrThrow({ where: { id: v.contract.id } })).status).toBe('signed');
    await dashboard.click('#logout');
    await dashboard.waitForSelector('#login:not([hidden])', { state: 'visible' });
    expect(await dashboard.evaluate(async () => (await fetch('/api/auth/me')).status)).toBe(401);
    // The dashboard's requests carried its own Origin, and passed.
    // (Every page also asks for its LiveKit token for notifications: passed too, not counted here.)
    const own = seen
      .slice(before)
      .filter((s) => s.method === 'POST' && s.origin === dashboardOrigin && s.path !== '/api/livekit/token');
    expect(
      seen
        .filter((s) => s.path === '/api/livekit/token' && s.origin === dashboardOrigin)
        .every((s) => s.status === 200),
    ).toBe(true);
    expect(own.map((s) => [s.path.replace(/[^/]{20,}/, ':id'), s.status])).toEqual([
      ['/api/notifications/read', 200],
      ['/api/sessions/:id/analysis', 202],
      ['/api/invoices/:id/paid', 200],
      ['/api/contracts/:id/signed', 200],
      ['/api/auth/logout', 200],
    ]);
    return attack;
  } finally {
    await context.close();
  }
}

describe('CSRF from a real browser', () => {
  it('a page on another port of the same host changes nothing', async () => {
    const attack = await scenario(`http://127.0.0.1:${apiPort}`, `http://127.0.0.1:${attackerPort}`);
    // Chromium marks them same-site: the case SameSite=Lax cookies do not cover.
    expect(attack.some((s) => s.site === 'same-site')).toBe(true);
  });

  it('a page on a sibling subdomain changes nothing', async () => {
    await scenario(`http://app.booth.test:${apiPort}`, `http://evil.booth.test:${attackerPort}`);
  });
});
