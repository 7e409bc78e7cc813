import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import request from 'supertest';
import { createApp, type LoginLimits } from '@booth/api';
import { createDb, hashPassword, migrate } from '@booth/db';
import { TypedQueue, createLogger, parseConfig, redisConnection } from '@booth/shared';

/**
 * The real API app over the harness's Postgres and Redis, with its own queue prefix and admin.
 * `env` overrides the environment (outage tests point DATABASE_URL or REDIS_URL at a TCP proxy).
 */
export async function apiUnderTest(
  env: Record<string, string> = {},
  /** Overrides of the failed-login limits (default the API's own). */
  loginLimits?: Partial<LoginLimits>,
) {
  await migrate(process.env.DATABASE_URL!);
  const prefix = `api${randomBytes(4).toString('hex')}`;
  const config = parseConfig(
    {
      ...process.env,
      QUEUE_PREFIX: prefix,
      API_BODY_LIMIT: '10kb',
      SESSION_SECRET: 'api-test-secret-0123456789abcdefghij',
      ...env,
    },
    'api',
  );
  const db = createDb({ url: config.DATABASE_URL });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined); // outage tests take Redis away on purpose; calls still fail
  const connection = redisConnection(config.REDIS_URL);
  const queues = {
    rooms: new TypedQueue('rooms', { connection, prefix }),
    analysis: new TypedQueue('analysis', { connection, prefix }),
  };
  const logger = createLogger('api-test', 'silent');
  const app = createApp({
    config,
    db,
    logger,
    queues,
    redis,
    loginLimits,
    pingRedis: async () => void (await redis.ping()),
  });
  const admin = {
    email: `admin-${randomBytes(4).toString('hex')}@booth.test`,
    password: 'correct-horse-battery',
  };
  const user = await db.adminUser.create({
    data: { email: admin.email, name: 'Test Admin', passwordHash: await hashPassword(admin.password) },
  });
  return {
    app,
    config,
    db,
    queues,
    redis,
    admin: { ...admin, id: user.id },
    /** Logs the admin in; the session cookie to send. */
    async login(): Promise<string> {
      const res = await request(app).post('/api/auth/login').send(admin);
      return res.headers['set-cookie']![0]!.split(';')[0]!;
    },
    async close() {
      await Promise.all([queues.rooms.close(), queues.analysis.close()]);
      redis.disconnect();
      await db.$disconnect();
    },
  };
}
