import { createDb } from '@booth/db';
import { ConfigError, createLogger, loadConfig, onShutdown } from '@booth/shared';
import { createAnalysisWorker } from './worker';

const log = createLogger('worker');
let config;
try {
  config = loadConfig('worker');
} catch (err) {
  if (err instanceof ConfigError) {
    log.fatal({ problems: err.problems }, 'invalid configuration');
    process.exit(1);
  }
  throw err;
}
const db = createDb({ url: config.DATABASE_URL, poolSize: 5 });
const analysis = createAnalysisWorker({ config, db, logger: log });
log.info({ provider: config.LLM_PROVIDER, concurrency: config.WORKER_CONCURRENCY }, 'worker ready');

onShutdown(
  log,
  async () => {
    await analysis.close();
    await db.$disconnect();
  },
  { timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
);
