import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_LIMITS } from '@booth/api';
import { createDb, hashPassword, type Db } from '@booth/db';
import { freePort } from '../../harness/services';
import { startService, waitUntil, type ServiceProcess } from '../../support/processes';

/** Two real API processes over one Redis count failed logins together. */
const { perAccount, perIp } = DEFAULT_LOGIN_LIMITS;
const prefix = `replicas${randomBytes(4).toString('hex')}`;
const admin = { email: `admin-${randomBytes(4).toString('hex')}@booth.test`, password: 'replica-password-1' };

let db: Db;
let redis: Redis;
let procs: ServiceProcess[] = [];
let bases: [string, string];

beforeAll(async () => {
  db = createDb({ url: process.env.DATABASE_URL! });
  redis = new Redis(process.env.REDIS_URL!);
  await db.adminUser.create({
    data: { email: admin.email, name: 'Replica Admin', passwordHash: await hashPassword(admin.password) },
  });
  const logDir = join(process.env.BOOTH_TEST_DIR ?? tmpdir(), 'service-logs');
  mkdirSync(logDir, { recursive: true });
  const ports = [await freePort(), await freePort()];
  procs = ports.map((port) =>
    startService(
      'api',
      {
        ...process.env,
        API_HOST: '127.0.0.1',
        API_PORT: String(port),
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'warn',
      },
      logDir,
    ),
  );
  bases = [`http://127.0.0.1:${ports[0]}`, `http://127.0.0.1:${ports[1]}`];
  for (const base of bases) {
    await waitUntil(`${base}/healthz`, async () => (await fetch(`${base}/healthz`)).ok, 90_000, 250);
  }
});
afterAll(async () => {
  const codes = await Promise.all(procs.map((p) => p.stop()));
  redis?.disconnect();
  await db?.$disconnect();
  expect(codes).toEqual([0, 0]);
});

async function login(base: string, email: string, password: string, from: string, device?: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': from,
      ...(device ? { cookie: device } : {}),
    },
    body: JSON.stringify({ email, password }),
  });
  const deviceCookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('booth_device='))
    ?.split(';')[0];
  return { status: res.status, device: deviceCookie };
}

describe('two API processes, one Redis', () => {
  it('share the per-account limit, the per-address limit and the known devices', async () => {
    const [a, b] = bases;
    // The admin's laptop signed in on replica A once.
    const laptop = await login(a, admin.email, admin.password, '198.51.100.9');
    expect(laptop.status).toBe(200);

    // Guesses at the admin's password from many addresses, alternating replicas.
    const guesses: number[] = [];
    for (let i = 0; i < perAccount + 4; i++) {
      const r = await login(i % 2 ? b : a, admin.email, `guess-${i}`, `203.0.113.${i + 1}`);
      guesses.push(r.status);
    }
    // Before: each process kept its own count, so 2 x perAccount guesses got through.
    expect(guesses).toEqual([...Array<number>(perAccount).fill(401), ...Array<number>(4).fill(429)]);
    for (const base of bases) {
      expect((await login(base, admin.email, admin.password, '203.0.113.200')).status).toBe(429);
    }
    // The laptop's device cookie, set by A, gets in through B.
    expect((await login(b, admin.email, admin.password, '198.51.100.9', laptop.device)).status).toBe(200);

    // One address spraying accounts, alternating replicas.
    const spray: number[] = [];
    for (let i = 0; i < perIp + 4; i++) {
      spray.push((await login(i % 2 ? b : a, `spray-${i}@booth.test`, 'guess', '198.51.100.77')).status);
    }
    expect(spray).toEqual([...Array<number>(perIp).fill(401), ...Array<number>(4).fill(429)]);

    // All of it in Redis, every key expiring.
    const keys = await redis.keys(`${prefix}:login:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(await redis.pttl(key)).toBeGreaterThan(0);
  });
});
