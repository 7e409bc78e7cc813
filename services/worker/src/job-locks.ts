import type { WorkerOptions } from 'bullmq';
import type { Config } from '@booth/shared';

/**
 * How the worker's queues (analysis, suggestions) notice a worker that died mid-job. Each active
 * job's lock lasts WORKER_LOCK_MS and is renewed every half of it; every worker checks for jobs whose
 * lock expired every WORKER_STALLED_INTERVAL_MS and puts them back in the queue. A killed worker's
 * job is so taken over within about WORKER_LOCK_MS + 2 × WORKER_STALLED_INTERVAL_MS (BullMQ's
 * defaults, 30 s each, took 71 s). Re-running a job is safe (the write-back is idempotent), so a
 * stalled job is retried up to WORKER_MAX_STALLED_COUNT times, without spending an attempt, before
 * it is failed as one that keeps killing its worker.
 */
export const jobLockOptions = (
  config: Config,
): Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount'> => ({
  lockDuration: config.WORKER_LOCK_MS,
  stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
  maxStalledCount: config.WORKER_MAX_STALLED_COUNT,
});

/** BullMQ's failure of a job that stalled more than `maxStalledCount` times. */
export const STALLED_TOO_OFTEN = 'job stalled more than allowable limit';
