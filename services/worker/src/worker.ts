import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Db } from '@booth/db';
import {
  PermanentError,
  QUEUES,
  analysisJobSchema,
  redisConnection,
  type Config,
  type Logger,
} from '@booth/shared';
import { runAnalysis } from './analysis/run-analysis';
import { createProvider, type LlmProvider } from './llm';

export interface AnalysisWorkerOptions {
  config: Config;
  db: Db;
  logger: Logger;
  /** Override the configured provider (tests). Default: from config (LLM_PROVIDER). */
  provider?: LlmProvider;
}

export interface AnalysisWorker {
  worker: Worker;
  /** Stop taking jobs and wait for the active ones. */
  close(): Promise<void>;
}

/**
 * Consumes `analyze-session` jobs. Transient failures (LLM unreachable, 408/429/5xx, invalid output)
 * throw and are retried with exponential backoff; permanent ones (other 4xx, no provider, unknown
 * session) end in UnrecoverableError. Either way the failed job is kept, and the row says why.
 */
export function createAnalysisWorker(opts: AnalysisWorkerOptions): AnalysisWorker {
  const { config, db, logger } = opts;
  const provider = opts.provider ?? createProvider(config);

  const processor = async (job: Job) => {
    const parsed = analysisJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid analysis job: ${parsed.error.message}`);
    const log = logger.child({ jobId: job.id, sessionId: parsed.data.sessionId });
    try {
      const outcome = await runAnalysis({
        db,
        provider,
        sessionId: parsed.data.sessionId,
        lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        logger: log,
      });
      if (outcome.status === 'failed') {
        throw outcome.permanent ? new UnrecoverableError(outcome.error) : new Error(outcome.error);
      }
      return outcome.status;
    } catch (err) {
      if (err instanceof PermanentError) throw new UnrecoverableError(err.message);
      throw err;
    }
  };

  const worker = new Worker(QUEUES.analysis.name, processor, {
    connection: redisConnection(config.REDIS_URL),
    prefix: config.QUEUE_PREFIX,
    concurrency: config.WORKER_CONCURRENCY,
  });
  worker.on('failed', (job, err) =>
    logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: err.message }, 'analysis job failed'),
  );
  worker.on('error', (err) => logger.error({ err }, 'analysis worker error'));
  return { worker, close: () => worker.close() };
}
