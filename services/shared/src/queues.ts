import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { z } from 'zod';
import { QueueUnavailableError, unavailableService } from './unavailable';

/**
 * Typed job contracts shared by producers (API) and consumers (transcriber, worker).
 * Each queue carries one job name with one zod payload; ids are deterministic so a redelivered
 * webhook or a retried request never enqueues the same work twice.
 */
export const roomJobSchema = z.object({
  roomName: z.string().min(1).max(128),
  sessionId: z.string().min(1),
});
export type RoomJob = z.infer<typeof roomJobSchema>;

export const analysisJobSchema = z.object({
  sessionId: z.string().min(1),
});
export type AnalysisJob = z.infer<typeof analysisJobSchema>;

/** Live suggestions for a call in progress, requested every few final segments (`bucket` counts them). */
export const suggestionJobSchema = z.object({
  sessionId: z.string().min(1),
  roomName: z.string().min(1).max(128),
  bucket: z.number().int().min(0),
});
export type SuggestionJob = z.infer<typeof suggestionJobSchema>;

/** Mix a session's per-track recording files into its playback file, once the room has closed. */
export const recordingJobSchema = z.object({
  sessionId: z.string().min(1),
});
export type RecordingJob = z.infer<typeof recordingJobSchema>;

/** Delete recordings past RECORDING_RETENTION_DAYS (a repeatable job; `runAt` names each run). */
export const retentionJobSchema = z.object({
  runAt: z.string().min(1).max(64),
});
export type RetentionJob = z.infer<typeof retentionJobSchema>;

export const QUEUES = {
  rooms: { name: 'rooms', job: 'transcribe-room', schema: roomJobSchema },
  analysis: { name: 'analysis', job: 'analyze-session', schema: analysisJobSchema },
  suggestions: { name: 'suggestions', job: 'suggest-session', schema: suggestionJobSchema },
  recordings: { name: 'recordings', job: 'mix-recording', schema: recordingJobSchema },
  retention: { name: 'retention', job: 'expire-recordings', schema: retentionJobSchema },
} as const;

export type QueueKey = keyof typeof QUEUES;
export type JobPayload<K extends QueueKey> = z.infer<(typeof QUEUES)[K]['schema']>;

/** BullMQ forbids ':' in custom ids; keep ids to a safe alphabet. */
const safe = (s: string) => s.replace(/[^a-zA-Z0-9_.-]/g, '_');

export const jobIds = {
  rooms: (p: RoomJob) => `room-${safe(p.sessionId)}`,
  analysis: (p: AnalysisJob) => `analysis-${safe(p.sessionId)}`,
  suggestions: (p: SuggestionJob) => `suggest-${safe(p.sessionId)}-${p.bucket}`,
  recordings: (p: RecordingJob) => `mix-${safe(p.sessionId)}`,
  retention: (p: RetentionJob) => `retention-${safe(p.runAt)}`,
} satisfies { [K in QueueKey]: (p: JobPayload<K>) => string };

/** Retry policy: exponential backoff, and failed jobs are kept (never dropped) for inspection and replay. */
export function defaultJobOptions(attempts: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
    removeOnFail: false,
  };
}

export function redisConnection(url: string): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

export interface QueueOptions {
  connection: ConnectionOptions;
  /** Redis key prefix; tests use a random one per run. Default `booth`. */
  prefix?: string;
  /** Attempts per job before it is kept as failed. Default 5. */
  attempts?: number;
  /** How long {@link TypedQueue.add} waits for Redis before failing with QueueUnavailableError. Default 2 000 ms. */
  timeoutMs?: number;
}

/**
 * A typed producer: validates the payload against the contract and enqueues with the deterministic id.
 * While Redis is down BullMQ would wait for it for as long as the outage lasts; this fails fast with
 * {@link QueueUnavailableError} instead, so a webhook or request can be retried rather than hang.
 */
export class TypedQueue<K extends QueueKey> {
  readonly queue: Queue;
  private readonly timeoutMs: number;
  constructor(
    readonly key: K,
    opts: QueueOptions,
  ) {
    this.queue = new Queue(QUEUES[key].name, {
      connection: opts.connection,
      prefix: opts.prefix ?? 'booth',
      defaultJobOptions: defaultJobOptions(opts.attempts ?? 5),
    });
    this.timeoutMs = opts.timeoutMs ?? 2_000;
  }

  async add(payload: JobPayload<K>): Promise<string> {
    const data = QUEUES[this.key].schema.parse(payload) as JobPayload<K>;
    const jobId = (jobIds[this.key] as (p: JobPayload<K>) => string)(data);
    const job = await this.withRedis((q) => q.add(QUEUES[this.key].job, data, { jobId }));
    return job.id ?? jobId;
  }

  /**
   * Runs `op` on the queue when its Redis connection is up, within the timeout; otherwise throws
   * {@link QueueUnavailableError} (at once when disconnected). An operation cut off by the timeout may
   * still complete later: job ids are deterministic, so doing it again is safe.
   */
  async withRedis<T>(op: (queue: Queue) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new QueueUnavailableError(this.key)), this.timeoutMs);
    });
    const run = async () => {
      const client = await this.queue.client;
      if (client.status !== 'ready') throw new QueueUnavailableError(this.key);
      return op(this.queue);
    };
    try {
      return await Promise.race([run(), timeout]);
    } catch (err) {
      if (!(err instanceof QueueUnavailableError) && unavailableService(err) === 'queue') {
        throw new QueueUnavailableError(this.key, { cause: err });
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
