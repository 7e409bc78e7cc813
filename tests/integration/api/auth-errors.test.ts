import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUnderTest } from './api-context';

let t: Awaited<ReturnType<typeof apiUnderTest>>;
beforeAll(async () => {
  t = await apiUnderTest();
});
afterAll(() => t.close());

describe('login', () => {
  it('sets an HttpOnly session cookie and serves /me', async () => {
    const res = await request(t.app)
      .post('/api/auth/login')
      .send({ email: t.admin.email, password: t.admin.password });
    expect(res.status).toBe(200);
    expect(res.body.email).toBe(t.admin.email);
    const cookie = res.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/^booth_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const me = await request(t.app).get('/api/auth/me').set('cookie', cookie.split(';')[0]!);
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(t.admin.id);
    // Only a hash of the session token is stored.
    const token = decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!).split('.')[0]!;
    expect(await t.db.authSession.count({ where: { id: token } })).toBe(0);
    expect(await t.db.authSession.count({ where: { userId: t.admin.id } })).toBeGreaterThan(0);
  });

  it('rejects a wrong password and an unknown email with the same 401', async () => {
    const wrong = await request(t.app)
      .post('/api/auth/login')
      .send({ email: t.admin.email, password: 'nope' });
    const unknown = await request(t.app)
      .post('/api/auth/login')
      .send({ email: 'nobody@booth.test', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('rejects forged cookies and ends sessions at logout', async () => {
    const forged = await request(t.app).get('/api/auth/me').set('cookie', 'booth_session=abc.def');
    expect(forged.status).toBe(401);
    const login = await request(t.app)
      .post('/api/auth/login')
      .send({ email: t.admin.email, password: t.admin.password });
    const cookie = login.headers['set-cookie']![0]!.split(';')[0]!;
    expect((await request(t.app).post('/api/auth/logout').set('cookie', cookie)).status).toBe(200);
    expect((await request(t.app).get('/api/auth/me').set('cookie', cookie)).status).toBe(401);
  });

  it('throttles repeated failures with 429', async () => {
    const email = `throttle-${Date.now()}@booth.test`;
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      codes.push((await request(t.app).post('/api/auth/login').send({ email, password: 'x' })).status);
    }
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes[10]).toBe(429);
  });

  it('keeps protected routes behind the login', async () => {
    for (const path of ['/api/contacts', '/api/sessions', '/api/transcripts/search?q=x']) {
      const res = await request(t.app).get(path);
      expect(res.status).toBe(401);
      expect(res.body.error).toBeTruthy();
    }
  });
});

describe('bad input', () => {
  it('answers validation errors with 400 and the zod issues', async () => {
    const res = await request(t.app).post('/api/auth/login').send({ email: 'not-an-email' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid request');
    expect(res.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['email', 'password']);
  });

  it('answers malformed JSON with 400, unknown routes with 404 JSON, oversized bodies with 413', async () => {
    const bad = await request(t.app)
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send('{"email":');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'malformed JSON body' });
    const missing = await request(t.app).get('/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'not found' });
    const big = await request(t.app)
      .post('/api/auth/login')
      .send({ email: 'a@b.co', password: 'x'.repeat(20_000) });
    expect(big.status).toBe(413);
    expect(big.body.error).toMatch(/too large/);
  });

  it('never leaks a stack trace', async () => {
    const res = await request(t.app).get('/api/sessions/%E0%A4%A');
    expect(res.status).toBeLessThan(500);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('reports health of Postgres and Redis', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, postgres: 'up', redis: 'up' });
  });
});
