import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrate, type Db } from '@booth/db';
import {
  MP3_MIME_TYPE,
  QUEUES,
  TypedQueue,
  createBlobStorage,
  createLogger,
  parseConfig,
  playbackKey,
  recordingPartKey,
  recordingPrefix,
  redisConnection,
  type BlobStorage,
} from '@booth/shared';
import { RETENTION_SCHEDULER_ID, createRetentionWorker } from '@booth/worker';
import { waitUntil } from '../../support/processes';

/**
 * RECORDING_RETENTION_DAYS enforced by the real worker: its BullMQ job scheduler (real Redis) runs
 * `expire-recordings`, which deletes expired recordings from the real recording storage (the run's
 * RECORDING_DIR) and then from Postgres, audited; recordings not yet due, or kept (no expiresAt), stay.
 */
const env = process.env as Record<string, string>;
const tag = () => randomBytes(5).toString('hex');
const logger = createLogger('retention-test', 'silent');
let db: Db;
let storage: BlobStorage;
const DAY = 86_400_000;

beforeAll(async () => {
  await migrate(env.DATABASE_URL!);
  db = createDb({ url: env.DATABASE_URL! });
  storage = createBlobStorage(parseConfig(env));
});
afterAll(() => db.$disconnect());

/** An ended call's recording with its files in the storage: ready (with `expiresAt`), or stuck. */
async function seed(opts: { expiresAt?: Date | null; status?: 'ready' | 'failed'; createdAt?: Date }) {
  const session = await db.session.create({
    data: { roomName: `call-${tag()}`, kind: 'call', status: 'ended', endedAt: new Date() },
  });
  const ready = (opts.status ?? 'ready') === 'ready';
  if (ready) await storage.put(playbackKey(session.id), Buffer.from('ID3 not really an mp3'), MP3_MIME_TYPE);
  const part = recordingPartKey({
    sessionId: session.id,
    trackSid: 'TR_x',
    connectionId: 'c1',
    seq: 0,
    startMs: 0,
  });
  await storage.put(part, Buffer.alloc(640), 'application/octet-stream');
  const rec = await db.recording.create({
    data: {
      sessionId: session.id,
      status: opts.status ?? 'ready',
      storageKey: ready ? playbackKey(session.id) : null,
      mimeType: ready ? MP3_MIME_TYPE : null,
      readyAt: ready ? new Date() : null,
      expiresAt: opts.expiresAt ?? null,
      ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
    },
  });
  return { sessionId: session.id, recordingId: rec.id };
}

const files = (sessionId: string) => storage.list(recordingPrefix(sessionId));
const exists = async (id: string) => (await db.recording.findUnique({ where: { id } })) !== null;

function workerUnderTest(extra: Record<string, string> = {}, batch?: number) {
  const prefix = `ret${tag()}`;
  const config = parseConfig({ ...env, QUEUE_PREFIX: prefix, RECORDING_RETENTION_DAYS: '30', ...extra });
  const retention = createRetentionWorker({ config, db, storage, logger, batch });
  const queue = new Queue(QUEUES.retention.name, { connection: redisConnection(config.REDIS_URL), prefix });
  return { config, prefix, retention, queue };
}

/** Every completed retention job's result so far. */
async function runs(queue: Queue) {
  const done = await queue.getJobs(['completed']);
  return done.map((j) => j.returnvalue as { expired: number; abandoned: number; failed: number });
}

describe('recording retention', () => {
  it('deletes expired recordings (files, then rows, audited) and keeps the others', async () => {
    const now = Date.now();
    const expired = await seed({ expiresAt: new Date(now - 60_000) });
    const longExpired = await seed({ expiresAt: new Date(now - 40 * DAY) });
    const notYet = await seed({ expiresAt: new Date(now + DAY) });
    const kept = await seed({ expiresAt: null });
    const staleFailed = await seed({ status: 'failed', createdAt: new Date(now - 31 * DAY) });
    const recentFailed = await seed({ status: 'failed', createdAt: new Date(now - 2 * DAY) });
    for (const s of [expired, longExpired, notYet, kept]) expect(await files(s.sessionId)).toHaveLength(2);

    const { retention, queue } = workerUnderTest();
    try {
      await retention.scheduled;
      // One scheduler, under its fixed id, running hourly; its first run is at once.
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.every])).toEqual([[RETENTION_SCHEDULER_ID, 3_600_000]]);
      await waitUntil('the first retention run', async () => (await runs(queue)).length >= 1, 30_000);

      for (const gone of [expired, longExpired]) {
        expect(await exists(gone.recordingId)).toBe(false);
        expect(await files(gone.sessionId)).toEqual([]);
      }
      expect(await exists(staleFailed.recordingId)).toBe(false);
      expect(await files(staleFailed.sessionId)).toEqual([]);
      for (const stays of [notYet, kept, recentFailed]) {
        expect(await exists(stays.recordingId)).toBe(true);
        expect((await files(stays.sessionId)).length).toBeGreaterThan(0);
      }
      const audit = await db.auditEvent.findMany({
        where: {
          action: 'recording.expired',
          subjectId: { in: [expired, longExpired, staleFailed, notYet, kept].map((s) => s.sessionId) },
        },
      });
      expect(audit.map((a) => a.subjectId).sort()).toEqual(
        [expired.sessionId, longExpired.sessionId, staleFailed.sessionId].sort(),
      );
      for (const a of audit) expect(a.actorId).toBeNull();
      expect(audit.find((a) => a.subjectId === staleFailed.sessionId)!.data).toMatchObject({
        reason: 'abandoned',
        status: 'failed',
      });

      // A second worker replica upserts the same scheduler rather than adding one.
      const replica = createRetentionWorker({
        config: parseConfig({ ...env, QUEUE_PREFIX: queue.opts.prefix!, RECORDING_RETENTION_DAYS: '30' }),
        db,
        storage,
        logger,
      });
      await replica.scheduled;
      expect(await queue.getJobSchedulersCount()).toBe(1);
      await replica.close();

      // Running again (a run on demand) is harmless: nothing more is deleted.
      const producer = new TypedQueue('retention', {
        connection: redisConnection(env.REDIS_URL!),
        prefix: queue.opts.prefix!,
      });
      await producer.add({ runAt: new Date().toISOString() });
      await producer.close();
      await waitUntil('the run on demand', async () => (await runs(queue)).length >= 2, 30_000);
      expect(await exists(notYet.recordingId)).toBe(true);
      expect(await exists(kept.recordingId)).toBe(true);
      expect(
        await db.auditEvent.count({ where: { action: 'recording.expired', subjectId: expired.sessionId } }),
      ).toBe(1);
    } finally {
      await retention.close();
      await queue.close();
    }
  });

  it('deletes a bounded batch per run', async () => {
    const past = new Date(Date.now() - 1000);
    const many = await Promise.all(Array.from({ length: 5 }, () => seed({ expiresAt: past })));
    const { retention, queue } = workerUnderTest({}, 2);
    try {
      await waitUntil('the first retention run', async () => (await runs(queue)).length >= 1, 30_000);
      const first = (await runs(queue))[0]!;
      expect(first.expired).toBe(2);
      // Older expired rows of other tests may go first: at most 2 of these went.
      const left = (await Promise.all(many.map((s) => exists(s.recordingId)))).filter(Boolean).length;
      expect(left).toBeGreaterThanOrEqual(3);
    } finally {
      await retention.close();
      await queue.close();
    }
  });

  it('keeps everything with RECORDING_RETENTION_DAYS=0 (no scheduler)', async () => {
    const expired = await seed({ expiresAt: new Date(Date.now() - DAY) });
    const { retention, queue } = workerUnderTest({ RECORDING_RETENTION_DAYS: '0' });
    try {
      await retention.scheduled;
      expect(await queue.getJobSchedulersCount()).toBe(0);
      const producer = new TypedQueue('retention', {
        connection: redisConnection(env.REDIS_URL!),
        prefix: queue.opts.prefix!,
      });
      await producer.add({ runAt: 'now' });
      await producer.close();
      await waitUntil('the run on demand', async () => (await runs(queue)).length >= 1, 30_000);
      expect((await runs(queue))[0]).toEqual({ expired: 0, abandoned: 0, failed: 0 });
      expect(await exists(expired.recordingId)).toBe(true);
      expect(await files(expired.sessionId)).toHaveLength(2);
    } finally {
      await retention.close();
      await queue.close();
      // Leave no expired row behind for other runs' batches.
      await db.recording.delete({ where: { id: expired.recordingId } });
    }
  });
});
