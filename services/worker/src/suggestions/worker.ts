import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Prisma, type Db } from '@booth/db';
import {
  DATA_TOPICS,
  DataPublisher,
  QUEUES,
  errorMessage,
  isAdminIdentity,
  redisConnection,
  suggestionJobSchema,
  type Config,
  type Logger,
  type SuggestionMessage,
} from '@booth/shared';
import { knownVenues, loadTranscript } from '../analysis/load';
import { jobLockOptions } from '../job-locks';
import { sanitizeTranscript } from '../analysis/transcript';
import { suggest } from './rules';
import { scanTrackersAndNotify } from '../trackers/scan';
import { closeWhenConnected } from '../close-when-connected';

export interface SuggestionWorkerOptions {
  config: Config;
  db: Db;
  logger: Logger;
  /** Publishes suggestions over LiveKit. Default: one built from LIVEKIT_URL and its key. */
  publisher?: DataPublisher;
  /** Logs the worker's connection errors; default: every one. The services pass a rate-limited logger. */
  onError?: (err: unknown, msg: string) => void;
}

/**
 * Consumes `suggest-session` jobs (requested by the transcriber every SUGGESTIONS_EVERY_FINALS final
 * segments): reads the call so far, stores each new suggestion (one per kind per call; the unique key
 * makes a redelivered or concurrent job add nothing twice) and sends only the new ones to the admins
 * in the room over LiveKit data. Admins who join later see them with the session.
 */
export function createSuggestionWorker(opts: SuggestionWorkerOptions) {
  const { config, db, logger } = opts;
  const publisher = opts.publisher ?? DataPublisher.fromConfig(config);

  const processor = async (job: Job) => {
    const parsed = suggestionJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid suggestion job: ${parsed.error.message}`);
    const { sessionId, roomName } = parsed.data;
    const log = logger.child({ jobId: job.id, room: roomName });
    const session = await db.session.findUnique({ where: { id: sessionId } });
    if (!session) throw new UnrecoverableError(`unknown session ${sessionId}`);
    await scanTrackersAndNotify(db, sessionId, publisher, log);
    const { lines } = sanitizeTranscript(await loadTranscript(db, sessionId));
    const proposals = suggest(lines, session.startedAt ?? session.createdAt, await knownVenues(db));
    const fresh: SuggestionMessage[] = [];
    for (const p of proposals) {
      try {
        const row = await db.sessionSuggestion.create({
          data: {
            sessionId,
            kind: p.kind,
            text: p.text,
            quote: p.quote,
            atMs: p.atMs,
            detail: p.detail ?? Prisma.DbNull,
          },
        });
        fresh.push({
          id: row.id,
          sessionId,
          kind: row.kind,
          text: row.text,
          quote: row.quote,
          atMs: row.atMs,
          detail: p.detail,
        });
      } catch (err) {
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') continue; // already suggested
        throw err;
      }
    }
    if (fresh.length) {
      // Every admin connection (each tab has its own identity), whoever the admin.
      const admins = (await publisher.participants(roomName)).map((p) => p.identity).filter(isAdminIdentity);
      if (admins.length) {
        for (const message of fresh) {
          await publisher
            .send(roomName, DATA_TOPICS.suggestions, message, admins)
            .catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'could not publish a suggestion'));
        }
      }
      log.info({ kinds: fresh.map((f) => f.kind), admins: admins.length }, 'suggestions proposed');
    }
    return { proposed: fresh.length };
  };

  const worker = new Worker(QUEUES.suggestions.name, processor, {
    connection: redisConnection(config.REDIS_URL),
    prefix: config.QUEUE_PREFIX,
    concurrency: config.WORKER_CONCURRENCY,
    ...jobLockOptions(config),
  });
  worker.on('failed', (job, err) =>
    logger.warn({ jobId: job?.id, err: err.message }, 'suggestion job failed'),
  );
  const onError = opts.onError ?? ((err: unknown, msg: string) => logger.error({ err }, msg));
  worker.on('error', (err) => onError(err, 'suggestion worker error'));
  return { worker, close: () => closeWhenConnected(worker) };
}
