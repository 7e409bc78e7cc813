import { Redis } from 'ioredis';
import { createDb, hashPassword, migrate, seed } from '@booth/db';
import { TypedQueue, bootConfig, createLogger, onShutdown, redisConnection } from '@booth/shared';
import { createApp } from './app';

const log = createLogger('api');
const config = bootConfig('api', log);

// The API is the one process that applies migrations at start (under an advisory lock).
const migrated = await migrate(config.DATABASE_URL);
log.info({ applied: migrated.applied, alreadyApplied: migrated.alreadyApplied.length }, 'database migrated');

const db = createDb({ url: config.DATABASE_URL });
if (config.BOOTH_ADMIN_EMAIL && config.BOOTH_ADMIN_PASSWORD) {
  const email = config.BOOTH_ADMIN_EMAIL.toLowerCase();
  if (!(await db.adminUser.findUnique({ where: { email } }))) {
    await db.adminUser.create({
      data: {
        email,
        name: 'Owner',
        role: 'owner',
        passwordHash: await hashPassword(config.BOOTH_ADMIN_PASSWORD),
      },
    });
    log.info('bootstrap admin created');
  }
}
if (config.SEED_DEMO) {
  const r = await seed(db);
  log.info({ created: r.created }, 'demo data seeded');
}

const connection = redisConnection(config.REDIS_URL);
const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
const queueOpts = { connection, prefix: config.QUEUE_PREFIX, attempts: config.JOB_ATTEMPTS };
const queues = { rooms: new TypedQueue('rooms', queueOpts), analysis: new TypedQueue('analysis', queueOpts) };
const app = createApp({ config, db, logger: log, queues, pingRedis: async () => void (await redis.ping()) });
const server = app.listen(config.API_PORT, config.API_HOST, () => {
  log.info({ host: config.API_HOST, port: config.API_PORT }, 'api listening');
});

onShutdown(
  log,
  async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all([queues.rooms.close(), queues.analysis.close()]);
    redis.disconnect();
    await db.$disconnect();
  },
  { timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
);
