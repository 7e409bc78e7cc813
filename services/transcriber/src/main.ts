import { createDb } from '@booth/db';
import {
  bootConfig,
  createLogger,
  exitIfCheckMode,
  onShutdown,
  rateLimitedErrorLog,
  redisProbe,
  waitUntilReady,
} from '@booth/shared';
import { checkCpu } from './cpu-check';

const log = createLogger('transcriber');
const config = bootConfig('transcriber', log);

// Before whisper.cpp is loaded: a build for instructions this CPU lacks would die of SIGILL.
const cpu = checkCpu();
if (cpu.missing.length) {
  log.fatal(
    {
      missing: cpu.missing,
      builtWith: cpu.cflags,
      fix: 'set WHISPER_CFLAGS=-O3 (or -O3 -mavx) in .env and run docker compose build; without Docker: CFLAGS=-O3 CXXFLAGS=-O3 npm rebuild smart-whisper',
    },
    'this CPU lacks instructions Whisper was compiled for',
  );
  process.exit(1);
}
const { dispose } = await import('@livekit/rtc-node');
const { loadSpeechModels } = await import('./speech');
const { createTranscriberService } = await import('./worker');
const { createAssistant } = await import('@booth/assistant');
const { preparePiper } = await import('./assistant/piper');
exitIfCheckMode(log, { whisperCflags: cpu.cflags ?? 'unrecorded' });

const db = createDb({ url: config.DATABASE_URL, poolSize: 5 });
const redis = redisProbe(config.REDIS_URL);
const readiness = await waitUntilReady(log, {
  probes: { postgres: () => db.$queryRaw`SELECT 1`, redis: () => redis.ping() },
  healthFile: config.HEALTH_FILE,
});
// ASSISTANT_TTS=piper: its voice is ensured (downloaded on first start) now, not at the first reply.
const [models] = await Promise.all([
  loadSpeechModels(config, log),
  config.ASSISTANT_TTS === 'piper' ? preparePiper(config, log) : undefined,
]);
// The voice agent of assistant rooms hands the owner's turns to the assistant's core.
const assistant = createAssistant({ config, db, logger: log });
const service = createTranscriberService({
  config,
  db,
  models,
  assistant,
  logger: log,
  onError: rateLimitedErrorLog(log),
});
log.info({ maxRooms: config.TRANSCRIBER_MAX_ROOMS, model: config.WHISPER_MODEL }, 'transcriber ready');

onShutdown(
  log,
  async () => {
    readiness.stop();
    await service.close();
    await models.recognizer.free();
    redis.close();
    await db.$disconnect();
    await dispose();
  },
  { timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
);
