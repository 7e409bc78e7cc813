import { createHash, randomBytes } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIds } from '@booth/shared';
import { waitUntil } from '../../support/processes';
import { tcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { apiUnderTest } from './api-context';

/**
 * Issue 10, finding 9: with Postgres or Redis unreachable the API answers 503 with Retry-After, at
 * once, instead of a 500 or a request that hangs for the whole outage. Each app reaches the service
 * through a TCP proxy the test takes down and brings back.
 */
type Api = Awaited<ReturnType<typeof apiUnderTest>>;

describe('Postgres down', () => {
  let proxy: TcpProxy;
  let t: Api;
  let cookie: string;
  beforeAll(async () => {
    proxy = await tcpProxy(process.env.DATABASE_URL!);
    await proxy.up();
    t = await apiUnderTest({ DATABASE_URL: proxy.url });
    cookie = await t.login();
  });
  afterAll(async () => {
    await proxy.up();
    await t.close();
    await proxy.down();
  });

  it('answers 503 with Retry-After on every kind of route, and 200 again once it is back', async () => {
    expect((await request(t.app).get('/api/contacts').set('cookie', cookie)).status).toBe(200);
    const contact = await t.db.contact.create({ data: { name: 'Before The Outage' } });
    await proxy.down();
    const tries = {
      'GET /api/contacts': request(t.app).get('/api/contacts').set('cookie', cookie),
      'GET /api/sessions': request(t.app).get('/api/sessions').set('cookie', cookie),
      'POST /api/contacts': request(t.app)
        .post('/api/contacts')
        .set('cookie', cookie)
        .send({ name: 'Outage' }),
      // Interactive and batch transactions fail the same way.
      'PATCH /api/contacts/:id': request(t.app)
        .patch(`/api/contacts/${contact.id}`)
        .set('cookie', cookie)
        .send({ venue: 'Cedar Hall' }),
      'PUT /api/vocabulary': request(t.app)
        .put('/api/vocabulary')
        .set('cookie', cookie)
        .send({ terms: ['Cedar'] }),
      'GET /api/auth/setup': request(t.app).get('/api/auth/setup'),
      'POST /api/auth/login': request(t.app)
        .post('/api/auth/login')
        .send({ email: t.admin.email, password: t.admin.password }),
    };
    for (const [what, pending] of Object.entries(tries)) {
      const res = await pending;
      expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body.error).toMatch(/database is unavailable/);
      expect(JSON.stringify(res.body)).not.toMatch(/prisma|\.ts:\d|\/work\//i);
    }
    const health = await request(t.app).get('/healthz');
    expect(health.status).toBe(503);
    expect(health.body.postgres).toBe('down');

    await proxy.up();
    const back = await waitUntil(
      'the API to reach Postgres again',
      async () => {
        const res = await request(t.app).get('/api/contacts').set('cookie', cookie);
        return res.status === 200 ? res : undefined;
      },
      15_000,
      200,
    );
    expect(back.body.contacts).toBeInstanceOf(Array);
  });
});

describe('Redis down', () => {
  let proxy: TcpProxy;
  let t: Api;
  let cookie: string;
  beforeAll(async () => {
    proxy = await tcpProxy(process.env.REDIS_URL!);
    await proxy.up();
    t = await apiUnderTest({ REDIS_URL: proxy.url });
    cookie = await t.login();
  });
  afterAll(async () => {
    await proxy.up();
    await t.close();
    await proxy.down();
  });

  async function signed(body: string) {
    const at = new AccessToken(t.config.LIVEKIT_API_KEY, t.config.LIVEKIT_API_SECRET);
    at.sha256 = createHash('sha256').update(body).digest('base64');
    return at.toJwt();
  }
  const webhook = async (body: string) =>
    request(t.app)
      .post('/webhooks/livekit')
      .timeout(10_000) // without the fail-fast, BullMQ waits for Redis for the whole outage
      .set('content-type', 'application/webhook+json')
      .set('authorization', await signed(body))
      .send(body);

  it('fails a webhook that enqueues with 503 within 2 s, and the retried one enqueues the job', async () => {
    const roomName = `call-${randomBytes(6).toString('hex')}`;
    const session = await t.db.session.create({ data: { roomName, kind: 'call', status: 'active' } });
    const finished = JSON.stringify({
      event: 'room_finished',
      id: `EV_${randomBytes(6).toString('hex')}`,
      createdAt: String(Math.floor(Date.now() / 1000)),
      room: { sid: 'RM_outage', name: roomName },
    });
    await proxy.down();
    const started = performance.now();
    const res = await webhook(finished);
    const ms = performance.now() - started;
    expect(res.status, JSON.stringify(res.body)).toBe(503);
    expect(ms).toBeLessThan(2_500);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.error).toMatch(/queue is unavailable/);

    const reanalyse = performance.now();
    const again = await request(t.app).post(`/api/sessions/${session.id}/analysis`).set('cookie', cookie);
    expect(again.status).toBe(503);
    expect(performance.now() - reanalyse).toBeLessThan(2_500);

    // LiveKit redelivers; once Redis is back the same event enqueues the analysis: nothing is lost.
    await proxy.up();
    const delivered = await waitUntil(
      'the redelivered webhook to be taken',
      async () => {
        const r = await webhook(finished);
        return r.status === 200 ? r : undefined;
      },
      15_000,
      250,
    );
    expect(delivered.body).toEqual({ ok: true });
    const job = await t.queues.analysis.queue.getJob(jobIds.analysis({ sessionId: session.id }));
    expect(job?.data).toEqual({ sessionId: session.id });
    expect((await t.db.session.findUniqueOrThrow({ where: { id: session.id } })).status).toBe('ended');
  });
});
