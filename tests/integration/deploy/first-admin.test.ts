import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '@booth/api';
import { createDb, type Db } from '@booth/db';
import { TypedQueue, createLogger, parseConfig, redisConnection } from '@booth/shared';
import { freePort } from '../../harness/services';
import { freshDatabase } from '../../support/fresh-database';
import { ROOT, startService, waitUntil } from '../../support/processes';

/** A fresh install: no admin yet. The first start prints a setup link; the CLI manages logins. */
let database: Awaited<ReturnType<typeof freshDatabase>>;
let db: Db;
const SECRET = 'first-admin-test-secret-0123456789abcdef';
const logDir = join(process.env.BOOTH_TEST_DIR ?? '/tmp', 'first-admin');

beforeAll(async () => {
  mkdirSync(logDir, { recursive: true });
  database = await freshDatabase('booth_setup');
  db = createDb({ url: database.url });
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

function booth(args: string[], input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'services/cli/src/main.ts'), ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
  });
}

describe('first start with no admin', () => {
  it('prints a one-time setup link; the link creates the owner once, and signs them in', async () => {
    const port = await freePort();
    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      API_PORT: String(port),
      API_HOST: '127.0.0.1',
      SESSION_SECRET: SECRET,
      BOOTH_ADMIN_EMAIL: '',
      BOOTH_ADMIN_PASSWORD: '',
      LOG_LEVEL: 'info',
    };
    const api = startService('api', env, logDir);
    try {
      const link = await waitUntil(
        'the setup link in the API log',
        () => /"setupUrl":"([^"]+)"/.exec(readFileSync(api.logPath, 'utf8'))?.[1],
        60_000,
        200,
      );
      expect(link).toMatch(new RegExp(`^http://localhost:${port}/setup#token=[\\w-]{20,}$`));
      const token = new URL(link).hash.replace('#token=', '');
      const base = `http://127.0.0.1:${port}`;
      await waitUntil('the API', async () => (await fetch(`${base}/healthz`)).ok, 30_000, 200);
      const post = (body: object) =>
        fetch(`${base}/api/auth/setup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });

      expect(await (await fetch(`${base}/api/auth/setup`)).json()).toEqual({ needed: true });
      expect((await fetch(`${base}/setup`)).status).toBe(200);

      const wrong = await post({
        token: 'x'.repeat(43),
        email: 'owner@booth.test',
        password: 'long-enough-pass',
      });
      expect(wrong.status).toBe(403);
      const short = await post({ token, email: 'owner@booth.test', password: 'short' });
      expect(short.status).toBe(400);
      expect(JSON.stringify(await short.json())).toContain('password');

      // Two submissions at once: exactly one owner.
      const [a, b] = await Promise.all([
        post({ token, email: 'owner@booth.test', password: 'first-owner-password' }),
        post({ token, email: 'other@booth.test', password: 'second-owner-password' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const winner = a.status === 201 ? a : b;
      expect(((await winner.json()) as { role: string }).role).toBe('owner');
      const cookie = winner.headers.get('set-cookie')!.split(';')[0]!;
      expect((await fetch(`${base}/api/auth/me`, { headers: { cookie } })).status).toBe(200);
      expect(await db.adminUser.count()).toBe(1);

      // Used: the link no longer works and the page is told setup is done.
      const again = await post({ token, email: 'third@booth.test', password: 'third-owner-password' });
      expect(again.status).toBe(409);
      expect(await (await fetch(`${base}/api/auth/setup`)).json()).toEqual({ needed: false });
    } finally {
      expect(await api.stop()).toBe(0);
    }
  });
});

describe('booth admin', () => {
  it('creates an admin and resets a password, signing the old sessions out', async () => {
    const created = booth(
      ['admin', 'create', '--email', 'Ops@Booth.test', '--password-stdin'],
      'ops-password-123\n',
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/created admin ops@booth.test/);

    const config = parseConfig({ ...process.env, DATABASE_URL: database.url, SESSION_SECRET: SECRET }, 'api');
    const connection = redisConnection(config.REDIS_URL);
    const queues = {
      rooms: new TypedQueue('rooms', { connection, prefix: 'firstadmin' }),
      analysis: new TypedQueue('analysis', { connection, prefix: 'firstadmin' }),
    };
    const logger = createLogger('t', 'silent');
    const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
    const app = createApp({ config, db, logger, queues, redis, pingRedis: async () => {} });
    try {
      const login = (password: string) =>
        request(app).post('/api/auth/login').send({ email: 'ops@booth.test', password });
      const first = await login('ops-password-123');
      expect(first.status).toBe(200);
      const cookie = first.headers['set-cookie']![0]!.split(';')[0]!;

      const dup = booth(
        ['admin', 'create', '--email', 'ops@booth.test', '--password-stdin'],
        'ops-password-456\n',
      );
      expect(dup.status).toBe(1);
      expect(dup.stderr).toMatch(/already exists; use admin reset-password/);

      const reset = booth(
        ['admin', 'reset-password', '--email', 'ops@booth.test', '--password-stdin'],
        'new-ops-password-1\n',
      );
      expect(reset.status).toBe(0);
      expect((await login('ops-password-123')).status).toBe(401);
      expect((await login('new-ops-password-1')).status).toBe(200);
      expect((await request(app).get('/api/auth/me').set('cookie', cookie)).status).toBe(401);
    } finally {
      await Promise.all([queues.rooms.close(), queues.analysis.close()]);
      redis.disconnect();
    }

    const nobody = booth(
      ['admin', 'reset-password', '--email', 'nobody@booth.test', '--password-stdin'],
      'whatever-password\n',
    );
    expect(nobody.status).toBe(1);
    expect(nobody.stderr).toMatch(/no admin with the email/);
    expect(booth(['admin', 'create', '--email', 'x@booth.test', '--password-stdin'], 'short\n').status).toBe(
      2,
    );
    expect(booth(['admin', 'delete', '--email', 'x@booth.test']).status).toBe(2);
    expect(booth(['admin', 'create']).status).toBe(2);
  });

  it('warns loudly when the demo seed keeps its published password', async () => {
    const demo = await freshDatabase('booth_demo');
    try {
      const port = await freePort();
      const env = {
        ...process.env,
        DATABASE_URL: demo.url,
        API_PORT: String(port),
        API_HOST: '127.0.0.1',
        SESSION_SECRET: SECRET,
        SEED_DEMO: 'true',
        LOG_LEVEL: 'info',
      };
      const api = startService('api', env, logDir);
      try {
        const base = `http://127.0.0.1:${port}`;
        await waitUntil('the API', async () => (await fetch(`${base}/healthz`)).ok, 60_000, 200);
        const logText = readFileSync(api.logPath, 'utf8');
        expect(logText).toContain('DEMO ADMIN STILL HAS THE PUBLISHED DEMO PASSWORD');
        expect(logText).not.toContain('setupUrl');
      } finally {
        await api.stop();
      }
    } finally {
      await demo.drop();
    }
  });
});
