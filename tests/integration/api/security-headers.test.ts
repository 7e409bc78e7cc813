import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../support/processes';
import { apiUnderTest } from './api-context';

/** Issue 10, finding 5: security headers on the dashboard and the API. */
let t: Awaited<ReturnType<typeof apiUnderTest>>;
let cookie: string;
beforeAll(async () => {
  t = await apiUnderTest({
    PUBLIC_URL: 'http://booth.test:3000',
    PUBLIC_LIVEKIT_URL: 'wss://rtc.booth.test',
  });
  cookie = await t.login();
});
afterAll(() => t.close());

/** `script-src 'self'` → { 'script-src': ["'self'"] }. */
const directives = (csp = '') =>
  Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );

describe('security headers', () => {
  it('serve the dashboard under a strict CSP that still lets it reach the API and LiveKit', async () => {
    const res = await request(t.app).get('/');
    expect(res.status).toBe(200);
    const csp = directives(res.headers['content-security-policy']);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['connect-src']).toEqual(
      expect.arrayContaining(["'self'", 'http://booth.test:3000', 'wss://rtc.booth.test']),
    );
    expect(JSON.stringify(csp)).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('mark API answers no-store (they hold personal data), errors included', async () => {
    for (const [path, withCookie] of [
      ['/api/contacts', true],
      ['/api/auth/me', true],
      ['/api/contacts', false],
      ['/api/no-such-route', false],
    ] as const) {
      const req = request(t.app).get(path);
      const res = withCookie ? await req.set('cookie', cookie) : await req;
      expect(res.headers['cache-control'], path).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    }
  });

  it('send HSTS only over HTTPS: an https PUBLIC_URL, or TLS as the trusted proxy says', async () => {
    const viaProxy = await request(t.app).get('/healthz').set('x-forwarded-proto', 'https');
    expect(viaProxy.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
    const plain = await request(t.app).get('/healthz').set('x-forwarded-proto', 'http');
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const https = await apiUnderTest({ PUBLIC_URL: 'https://booth.lan' });
    try {
      expect((await request(https.app).get('/healthz')).headers['strict-transport-security']).toMatch(
        /max-age/,
      );
    } finally {
      await https.close();
    }
  });

  it('need no inline script or style in the dashboard (the built app, web/dist)', () => {
    // The browser tier runs the app under this CSP and fails on any violation it reports.
    const dir = join(ROOT, 'web', 'dist');
    const html = readdirSync(dir).filter((f) => f.endsWith('.html'));
    expect(html).toEqual(['index.html']);
    for (const file of html) {
      const page = readFileSync(join(dir, file), 'utf8');
      expect(page, file).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
      expect(page, file).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    }
  });
});
