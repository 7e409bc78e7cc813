import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../support/processes';
import { apiUnderTest } from './api-context';

/** The built dashboard (web/dist) as the API serves it. */
let t: Awaited<ReturnType<typeof apiUnderTest>>;
beforeAll(async () => {
  t = await apiUnderTest();
});
afterAll(() => t.close());

const assets = () => readdirSync(join(ROOT, 'web', 'dist', 'assets'));

describe('the dashboard', () => {
  it('is served at / and at every app route, revalidated on each load', async () => {
    for (const path of ['/', '/calls', '/calls/abc?at=1200', '/join/consultation-x?code=y', '/setup']) {
      const res = await request(t.app).get(path).set('accept', 'text/html');
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type'], path).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], path).toBe('no-cache');
      expect(res.text, path).toMatch(/<div id="root"><\/div>/);
    }
  });

  it('serves hashed assets with a year-long immutable cache, and a missing one is a 404, not the page', async () => {
    const js = assets().find((f) => /^index-[\w-]+\.js$/.test(f))!;
    const res = await request(t.app).get(`/assets/${js}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await request(t.app).get('/assets/index-missing.js');
    expect(missing.status).toBe(404);
    expect(missing.text).not.toMatch(/<div id="root">/);
  });

  it('leaves the API its JSON answers, and a file it does not have a 404', async () => {
    for (const path of ['/api/nope', '/api', '/webhooks/nope', '/root.key', '/favicon.ico', '/setup.html']) {
      const res = await request(t.app).get(path).set('accept', 'text/html');
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type'], path).toMatch(/^application\/json/);
    }
    const me = await request(t.app).get('/api/auth/me').set('accept', 'text/html');
    expect(me.status).toBe(401);
  });
});
