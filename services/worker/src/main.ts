import { createDb } from '@booth/db';
import { bootConfig, createLogger, onShutdown } from '@booth/shared';
import { createProvider } from './llm';
import { OllamaProvider } from './llm/ollama';
import { createSuggestionWorker } from './suggestions/worker';
import { createAnalysisWorker } from './worker';

const log = createLogger('worker');
const config = bootConfig('worker', log);
const db = createDb({ url: config.DATABASE_URL, poolSize: 5 });
const provider = createProvider(config);
if (provider instanceof OllamaProvider) {
  // Pull the local model on first start; analysis jobs wait in the queue meanwhile, and a failure
  // here is retried by the jobs themselves (Ollama unreachable → retry with backoff).
  provider.ensureModel(log).catch((err: unknown) => log.warn({ err }, 'could not pull the Ollama model'));
}
const analysis = createAnalysisWorker({ config, db, logger: log, provider });
const suggestions = createSuggestionWorker({ config, db, logger: log });
log.info({ provider: config.LLM_PROVIDER, concurrency: config.WORKER_CONCURRENCY }, 'worker ready');

onShutdown(
  log,
  async () => {
    await Promise.all([analysis.close(), suggestions.close()]);
    await db.$disconnect();
  },
  { timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
);
