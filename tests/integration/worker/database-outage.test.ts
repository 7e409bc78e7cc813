import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { createDb, type Db } from '@booth/db';
import { QUEUES, TypedQueue, createLogger, jobIds, parseConfig, redisConnection } from '@booth/shared';
import { createAnalysisWorker } from '@booth/worker';
import { endedCallWithTranscript, useTestDb } from '../../support/call-session';
import { tcpProxy } from '../../support/tcp-proxy';
import { waitUntil } from '../../support/processes';
import { CEDAR_HALL_LINE } from '../../fakes/model-answers';

/**
 * Postgres goes away mid-queue: the worker reaches it through a TCP proxy this test opens and closes.
 * While it is unreachable, the analysis job waits (delayed, no attempt spent); when it is back, the
 * job resumes and the note is written. No analysis is lost.
 */
let db: Db;
useTestDb((d) => (db = d));

describe('Postgres outage', () => {
  it(
    'holds the analysis job while the database is down and finishes it when it is back',
    { timeout: 60_000 },
    async () => {
      const proxy = await tcpProxy(process.env.DATABASE_URL!);
      const outageDb = createDb({ url: proxy.url, poolSize: 2 });
      const prefix = `o${randomBytes(4).toString('hex')}`;
      const config = parseConfig({ ...process.env, QUEUE_PREFIX: prefix, LLM_PROVIDER: 'none' });
      const worker = createAnalysisWorker({
        config,
        db: outageDb,
        logger: createLogger('outage-test', 'silent'),
        databaseRetryMs: 300,
      });
      const producer = new TypedQueue('analysis', {
        connection: redisConnection(config.REDIS_URL),
        prefix,
        attempts: 2,
      });
      const q = new Queue(QUEUES.analysis.name, { connection: redisConnection(config.REDIS_URL), prefix });
      try {
        const session = await endedCallWithTranscript(db, [['client-1', CEDAR_HALL_LINE]]);
        const id = jobIds.analysis({ sessionId: session.id });
        await producer.add({ sessionId: session.id });
        // Down: the job goes back to delayed again and again, without using up its two attempts.
        await new Promise((r) => setTimeout(r, 2_500));
        const waiting = await q.getJob(id);
        expect(['delayed', 'waiting', 'active']).toContain(await q.getJobState(id));
        expect(waiting!.attemptsMade).toBe(0);
        expect(await db.note.count({ where: { sessionId: session.id } })).toBe(0);

        await proxy.up();
        const state = await waitUntil(
          'the job to finish after the database is back',
          async () => {
            const s = await q.getJobState(id);
            return s === 'completed' || s === 'failed' ? s : undefined;
          },
          30_000,
          100,
        );
        expect(state).toBe('completed');
        expect(await db.note.count({ where: { sessionId: session.id } })).toBe(1);
        expect((await db.analysis.findUniqueOrThrow({ where: { sessionId: session.id } })).status).toBe(
          'completed',
        );
      } finally {
        await worker.close();
        await producer.close();
        await q.close();
        await outageDb.$disconnect();
        await proxy.down();
      }
    },
  );
});
