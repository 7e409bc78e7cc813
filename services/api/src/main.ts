import { Redis } from 'ioredis';
import { AdminExistsError, createAdmin, createDb, migrate, seed } from '@booth/db';
import {
  TypedQueue,
  bootConfig,
  createLogger,
  exitIfCheckMode,
  onShutdown,
  redisConnection,
  waitUntilReady,
} from '@booth/shared';
import { createApp } from './app';
import { createApiServer } from './server';
import { startSessionSweep } from './session-sweep';
import { setupUrl } from './setup-token';

const log = createLogger('api');
const config = bootConfig('api', log);
exitIfCheckMode(log, { publicUrl: config.PUBLIC_URL });

const db = createDb({ url: config.DATABASE_URL });
const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
redis.on('error', () => undefined); // surfaced by the readiness probe and /healthz, not per retry
const readiness = await waitUntilReady(log, {
  probes: { postgres: () => db.$queryRaw`SELECT 1`, redis: () => redis.ping() },
});

// The API is the one process that applies migrations at start (under an advisory lock).
const migrated = await migrate(config.DATABASE_URL);
log.info({ applied: migrated.applied, alreadyApplied: migrated.alreadyApplied.length }, 'database migrated');

if (config.BOOTH_ADMIN_EMAIL && config.BOOTH_ADMIN_PASSWORD) {
  const admin = { email: config.BOOTH_ADMIN_EMAIL, password: config.BOOTH_ADMIN_PASSWORD };
  try {
    await createAdmin(db, { ...admin, name: 'Owner', role: 'owner' });
    log.info('bootstrap admin created from BOOTH_ADMIN_EMAIL');
  } catch (err) {
    if (!(err instanceof AdminExistsError)) throw err; // created at an earlier start: keep its password
  }
}
if (config.SEED_DEMO) {
  const r = await seed(db);
  log.info({ created: r.created }, 'demo data seeded');
  if (r.demoPasswordUnchanged) {
    log.warn(
      { pii: { email: r.adminEmail }, fix: 'npm run booth -- admin reset-password --email <email>' },
      'DEMO ADMIN STILL HAS THE PUBLISHED DEMO PASSWORD: change it before anyone else can reach this box',
    );
  }
}
if ((await db.adminUser.count()) === 0) {
  // Deliberately outside `pii`: this link is how the owner gets in; it stops working once used.
  log.warn(
    { setupUrl: setupUrl(config.PUBLIC_URL, config.SESSION_SECRET!) },
    'no admin yet: open the setup link to create the first one (or set BOOTH_ADMIN_EMAIL and BOOTH_ADMIN_PASSWORD)',
  );
}

const connection = redisConnection(config.REDIS_URL);
const queueOpts = { connection, prefix: config.QUEUE_PREFIX, attempts: config.JOB_ATTEMPTS };
const queues = { rooms: new TypedQueue('rooms', queueOpts), analysis: new TypedQueue('analysis', queueOpts) };
const app = createApp({
  config,
  db,
  logger: log,
  queues,
  redis,
  pingRedis: async () => void (await redis.ping()),
});
const stopSweep = startSessionSweep(db, log);
const server = createApiServer(app).listen(config.API_PORT, config.API_HOST, () => {
  log.info({ host: config.API_HOST, port: config.API_PORT, publicUrl: config.PUBLIC_URL }, 'api listening');
});

onShutdown(
  log,
  async () => {
    readiness.stop();
    stopSweep();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all([queues.rooms.close(), queues.analysis.close()]);
    redis.disconnect();
    await db.$disconnect();
  },
  { timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
);
