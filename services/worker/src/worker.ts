import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { deliverNotifications, type Db } from '@booth/db';
import {
  DataPublisher,
  PermanentError,
  QUEUES,
  analysisJobSchema,
  errorMessage,
  redisConnection,
  unavailableService,
  type Config,
  type Logger,
} from '@booth/shared';
import { STALLED_FAILURE, publicError } from './analysis/errors';
import { InvalidOutputError, runAnalysis } from './analysis/run-analysis';
import { STALLED_TOO_OFTEN, jobLockOptions } from './job-locks';
import { createProvider, type LlmProvider } from './llm';
import { LlmUnavailableError } from './llm/provider';
import { scanTrackersAndNotify } from './trackers/scan';
import { closeWhenConnected } from './close-when-connected';

export interface AnalysisWorkerOptions {
  config: Config;
  db: Db;
  logger: Logger;
  /** Override the configured provider (tests). Default: from config (LLM_PROVIDER). */
  provider?: LlmProvider;
  /** Publishes notifications over LiveKit. Default: one built from LIVEKIT_URL and its key. */
  publisher?: DataPublisher;
  /** How long a job waits before trying again while Postgres is unreachable. Default 5 000 ms. */
  databaseRetryMs?: number;
  /** Logs the worker's connection errors; default: every one. The services pass a rate-limited logger. */
  onError?: (err: unknown, msg: string) => void;
}

export interface AnalysisWorker {
  worker: Worker;
  /** Stop taking jobs and wait for the active ones. */
  close(): Promise<void>;
}

/** Postgres unreachable (down, restarting, network): not the job's fault, and not worth an attempt. */
export function isDatabaseUnavailable(err: unknown): boolean {
  // The model's own outages are retried with backoff and then kept as failed, not waited out.
  if (
    err instanceof LlmUnavailableError ||
    err instanceof PermanentError ||
    err instanceof InvalidOutputError
  )
    return false;
  return unavailableService(err) === 'database';
}

/**
 * Consumes `analyze-session` jobs. Transient failures (LLM unreachable, 408/429/5xx, invalid output)
 * throw and are retried with exponential backoff; permanent ones (other 4xx, unknown session) end in
 * UnrecoverableError. Either way the failed job is kept, and the row says why in one short line (the
 * details are logged with the job id). While Postgres is unreachable a job is put back, delayed,
 * without spending an attempt: it resumes when the database does. A job whose worker died is taken
 * over by another within seconds (see {@link jobLockOptions}). Notifications the analysis stored are
 * published afterwards to the admin notifications room.
 */
export function createAnalysisWorker(opts: AnalysisWorkerOptions): AnalysisWorker {
  const { config, db, logger } = opts;
  const provider = opts.provider ?? createProvider(config);
  const publisher = opts.publisher ?? DataPublisher.fromConfig(config);

  const processor = async (job: Job, token?: string) => {
    const parsed = analysisJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid analysis job: ${parsed.error.message}`);
    const log = logger.child({ jobId: job.id, sessionId: parsed.data.sessionId });
    // The call ended: its last finals (after the last live suggestion job) are scanned for trackers.
    await scanTrackersAndNotify(db, parsed.data.sessionId, publisher, log);
    let outcome;
    try {
      outcome = await runAnalysis({
        db,
        provider,
        sessionId: parsed.data.sessionId,
        lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        logger: log,
      });
    } catch (err) {
      if (err instanceof PermanentError) throw new UnrecoverableError(publicError(err));
      if (isDatabaseUnavailable(err)) {
        log.warn({ err: errorMessage(err) }, 'database unreachable; analysis job waits');
        await job.moveToDelayed(Date.now() + (opts.databaseRetryMs ?? 5_000), token);
        throw new DelayedError();
      }
      // The job's failure reason is shown like the row's error: one line; runAnalysis logged the rest.
      throw new Error(publicError(err), { cause: err });
    }
    const publish = async () => {
      if (!outcome.notificationIds.length) return;
      const sent = await deliverNotifications(db, (message) => publisher.notifyAdmins(message), {
        ids: outcome.notificationIds,
      }).catch((err: unknown) => {
        log.warn({ err: errorMessage(err) }, 'could not publish notifications');
        return 0;
      });
      log.debug({ sent, stored: outcome.notificationIds.length }, 'notifications published');
    };
    if (outcome.status === 'failed') {
      // The job fails at once (a retry from the dashboard finds it failed); the news follows.
      void publish();
      throw outcome.permanent ? new UnrecoverableError(outcome.error) : new Error(outcome.error);
    }
    await publish();
    return outcome.status;
  };

  const worker = new Worker(QUEUES.analysis.name, processor, {
    connection: redisConnection(config.REDIS_URL),
    prefix: config.QUEUE_PREFIX,
    concurrency: config.WORKER_CONCURRENCY,
    ...jobLockOptions(config),
  });
  worker.on('failed', (job, err) => {
    logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: err.message }, 'analysis job failed');
    // Failed by BullMQ, not by runAnalysis: the row still says `running`; say why it stopped.
    const sessionId = analysisJobSchema.safeParse(job?.data).data?.sessionId;
    if (err.message !== STALLED_TOO_OFTEN || !sessionId) return;
    db.analysis
      .updateMany({
        where: { sessionId, status: { not: 'completed' } },
        data: { status: 'failed', error: STALLED_FAILURE },
      })
      .catch((e: unknown) =>
        logger.warn({ jobId: job?.id, err: errorMessage(e) }, 'could not mark the analysis failed'),
      );
  });
  worker.on('stalled', (jobId) =>
    logger.warn({ jobId }, 'analysis job stalled (its worker stopped renewing the lock); retrying it'),
  );
  const onError = opts.onError ?? ((err: unknown, msg: string) => logger.error({ err }, msg));
  worker.on('error', (err) => onError(err, 'analysis worker error'));
  return { worker, close: () => closeWhenConnected(worker) };
}
