import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@booth/shared';
import { apiUnderTest } from './api-context';

/**
 * The CSRF policy (services/api/src/middleware/csrf.ts) header by header; csrf-browser.test.ts is the
 * same against real pages in Chromium.
 */
const PUBLIC = 'http://localhost:4100';
const EXTRA = 'http://192.168.1.20:4100';

let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;
beforeAll(async () => {
  t = await apiUnderTest({ PUBLIC_URL: PUBLIC, ALLOWED_ORIGINS: `${EXTRA}, https://booth.example.com` });
  cookie = await t.login();
});
afterAll(() => t.close());

async function unreadNotification() {
  return t.db.notification.create({
    data: { type: 'test', title: 'csrf probe', dedupeKey: `csrf-${randomBytes(6).toString('hex')}` },
  });
}
const readAt = async (id: string) => (await t.db.notification.findUniqueOrThrow({ where: { id } })).readAt;
const markRead = (headers: Record<string, string>) => {
  let r = request(t.app).post('/api/notifications/read').set('cookie', cookie);
  for (const [k, v] of Object.entries(headers)) r = r.set(k, v);
  return r;
};

describe('state-changing requests are checked for their origin', () => {
  it.each([
    ['another port of the same host', 'http://localhost:4101'],
    ['a sibling subdomain', 'http://evil.localhost:4100'],
    ['another scheme', 'https://localhost:4100'],
    ['an opaque origin', 'null'],
  ])('refuses %s with 403 naming the origin, and changes nothing', async (_what, origin) => {
    const n = await unreadNotification();
    const res = await markRead({ origin });
    expect(res.status).toBe(403);
    expect(res.body.error).toContain(`Origin ${JSON.stringify(origin)} may not change anything here`);
    expect(await readAt(n.id)).toBeNull();
  });

  it('accepts PUBLIC_URL, its loopback aliases on the same port, and ALLOWED_ORIGINS', async () => {
    for (const origin of [
      PUBLIC,
      'http://127.0.0.1:4100',
      'http://[::1]:4100',
      EXTRA,
      'https://booth.example.com',
    ]) {
      const n = await unreadNotification();
      const res = await markRead({ origin, 'sec-fetch-site': 'same-origin' }).send({ ids: [n.id] });
      expect(res.status, origin).toBe(200);
      expect(await readAt(n.id)).not.toBeNull();
    }
  });

  it('takes Origin: null from the same origin (the dashboard under Referrer-Policy: no-referrer)', async () => {
    const n = await unreadNotification();
    const res = await markRead({ origin: 'null', 'sec-fetch-site': 'same-origin' }).send({ ids: [n.id] });
    expect(res.status).toBe(200);
    for (const site of ['same-site', 'cross-site']) {
      expect((await markRead({ origin: 'null', 'sec-fetch-site': site })).status).toBe(403);
    }
  });

  it('without Origin, believes Sec-Fetch-Site: same-origin and none only', async () => {
    for (const site of ['same-site', 'cross-site']) {
      const n = await unreadNotification();
      const res = await markRead({ 'sec-fetch-site': site });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatch(/Sec-Fetch-Site is "(same|cross)-site"/);
      expect(await readAt(n.id)).toBeNull();
    }
    for (const site of ['same-origin', 'none']) {
      const n = await unreadNotification();
      expect((await markRead({ 'sec-fetch-site': site }).send({ ids: [n.id] })).status).toBe(200);
    }
  });

  it('lets non-browser clients in (no Origin, no Sec-Fetch-Site), but not with a form body', async () => {
    // An accounting integration marking an invoice paid: a body-less POST, like curl -X POST.
    const contact = await t.db.contact.create({ data: { name: 'Integration Client' } });
    const invoice = await t.db.invoice.create({
      data: { contactId: contact.id, number: `INV-${randomBytes(4).toString('hex')}`, amountCents: 5000 },
    });
    const paid = await request(t.app).post(`/api/invoices/${invoice.id}/paid`).set('cookie', cookie);
    expect(paid.status).toBe(200);
    expect(paid.body.status).toBe('paid');

    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const n = await unreadNotification();
      const res = await markRead({ 'content-type': type }).send('{}');
      expect(res.status, type).toBe(403);
      expect(res.body.error).toMatch(/without an Origin header is what a cross-site form sends/);
      expect(await readAt(n.id)).toBeNull();
    }
  });

  it('leaves reads and the signed webhooks alone', async () => {
    const list = await request(t.app)
      .get('/api/notifications')
      .set('cookie', cookie)
      .set('origin', 'http://evil.example');
    expect(list.status).toBe(200);
    const hook = await request(t.app)
      .post('/webhooks/livekit')
      .set('origin', 'http://evil.example')
      .set('content-type', 'application/webhook+json')
      .send('{}');
    expect(hook.status).toBe(401); // its own signature check, not the origin check
  });

  it('guards logins and logout too', async () => {
    const login = await request(t.app)
      .post('/api/auth/login')
      .set('origin', 'http://localhost:4101')
      .send({ email: t.admin.email, password: t.admin.password });
    expect(login.status).toBe(403);
    expect(login.headers['set-cookie']).toBeUndefined();
    const logout = await request(t.app)
      .post('/api/auth/logout')
      .set('cookie', cookie)
      .set('origin', 'http://localhost:4101');
    expect(logout.status).toBe(403);
    expect((await request(t.app).get('/api/auth/me').set('cookie', cookie)).status).toBe(200);
  });
});

describe('ALLOWED_ORIGINS', () => {
  it('takes origins only', () => {
    const env = {
      DATABASE_URL: 'postgresql://booth@localhost:5432/booth',
      REDIS_URL: 'redis://localhost:6379',
      LIVEKIT_URL: 'ws://localhost:7880',
      LIVEKIT_API_KEY: 'booth',
      LIVEKIT_API_SECRET: 'secret-secret-secret-secret-secret-secret',
    };
    expect(parseConfig(env).ALLOWED_ORIGINS).toEqual([]);
    expect(
      parseConfig({ ...env, ALLOWED_ORIGINS: 'http://a.lan:3000, https://b.lan/' }).ALLOWED_ORIGINS,
    ).toEqual(['http://a.lan:3000', 'https://b.lan/']);
    for (const bad of ['booth.lan', 'http://a.lan/dashboard', 'ftp://a.lan', 'http://a.lan?x=1']) {
      expect(() => parseConfig({ ...env, ALLOWED_ORIGINS: bad }), bad).toThrow(ConfigError);
    }
  });
});
