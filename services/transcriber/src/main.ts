import { dispose } from '@livekit/rtc-node';
import { createDb } from '@booth/db';
import { bootConfig, createLogger, onShutdown } from '@booth/shared';
import { loadSpeechModels } from './speech';
import { createTranscriberService } from './worker';

const log = createLogger('transcriber');
const config = bootConfig('transcriber', log);
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
