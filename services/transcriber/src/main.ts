import { dispose } from '@livekit/rtc-node';
import { createDb } from '@booth/db';
import { ConfigError, createLogger, loadConfig, onShutdown } from '@booth/shared';
import { loadSpeechModels } from './speech';
import { createTranscriberService } from './worker';

const log = createLogger('transcriber');
let config;
try {
  config = loadConfig('transcriber');
} catch (err) {
  if (err instanceof ConfigError) {
    log.fatal({ problems: err.problems }, 'invalid configuration');
    process.exit(1);
  }
  throw err;
}
const db = createDb({ url: config.DATABASE_URL, poolSize: 5 });
const models = await loadSpeechModels(config, log);
const service = createTranscriberService({ config, db, models, logger: log });
log.info({ maxRooms: config.TRANSCRIBER_MAX_ROOMS, model: config.WHISPER_MODEL }, 'transcriber ready');

onShutdown(
  log,
  async () => {
    await service.close();
    await models.recognizer.free();
    await db.$disconnect();
    await dispose();
  },
  { timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
);
