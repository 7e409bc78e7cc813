import { createDb } from '@booth/db';
import {
  bootConfig,
  createBlobStorage,
  createLogger,
  exitIfCheckMode,
  onShutdown,
  rateLimitedErrorLog,
  redisProbe,
  waitUntilReady,
} from '@booth/shared';
import { createProvider } from './llm';
import { OllamaProvider } from './llm/ollama';
import { createRetentionWorker } from './recordings/retention';
import { createRecordingWorker } from './recordings/worker';
import { createSuggestionWorker } from './suggestions/worker';
import { createAnalysisWorker } from './worker';

const log = createLogger('worker');
const config = bootConfig('worker', log);
exitIfCheckMode(log, { provider: config.LLM_PROVIDER });

const db = createDb({ url: config.DATABASE_URL, poolSize: 5 });
const redis = redisProbe(config.REDIS_URL);
// Ready means one Postgres and one Redis round trip have succeeded; until then nothing is consumed.
const readiness = await waitUntilReady(log, {
  probes: { postgres: () => db.$queryRaw`SELECT 1`, redis: () => redis.ping() },
  healthFile: config.HEALTH_FILE,
});
const provider = createProvider(config);
if (provider instanceof OllamaProvider) {
  // Pull the local model on first start; analysis jobs wait in the queue meanwhile, and a failure
  // here is retried by the jobs themselves (Ollama unreachable → retry with backoff).
  provider.ensureModel(log).catch((err: unknown) => log.warn({ err }, 'could not pull the Ollama model'));
}
const workerErrors = rateLimitedErrorLog(log);
const analysis = createAnalysisWorker({ config, db, logger: log, provider, onError: workerErrors });
const suggestions = createSuggestionWorker({ config, db, logger: log, onError: workerErrors });
// Mixes each call's recorded tracks into its playback file once the room is over.
const storage = createBlobStorage(config);
const recordings = createRecordingWorker({ config, db, storage, logger: log, onError: workerErrors });
// Deletes recordings past RECORDING_RETENTION_DAYS, hourly (one scheduler shared by every replica).
const retention = createRetentionWorker({ config, db, storage, logger: log, onError: workerErrors });
log.info({ provider: config.LLM_PROVIDER, concurrency: config.WORKER_CONCURRENCY }, 'worker ready');

onShutdown(
  log,
  async () => {
    readiness.stop();
    await Promise.all([analysis.close(), suggestions.close(), recordings.close(), retention.close()]);
    redis.close();
    await db.$disconnect();
  },
  { timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
);
