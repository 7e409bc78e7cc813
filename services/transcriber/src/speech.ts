import { availableParallelism } from 'node:os';
import type { Logger } from '@booth/shared';
import { ensureModels, type EnsureModelsOptions } from './models/ensure';
import { RecognizerPool } from './recognizer/pool';
import { WhisperRecognizer } from './recognizer/whisper';
import type { SpeechConfig } from './settings';
import { SileroVad } from './vad/silero';

export interface SpeechModels {
  vad: SileroVad;
  /** Whisper, loaded once, behind the bounded pool every room and track shares. */
  recognizer: RecognizerPool;
  whisperPath: string;
  loadMs: number;
}

/** Decoders run at once: WHISPER_POOL_SIZE, or cores / WHISPER_THREADS when it is 0. */
export function poolSize(cfg: Pick<SpeechConfig, 'WHISPER_POOL_SIZE' | 'WHISPER_THREADS'>): number {
  return cfg.WHISPER_POOL_SIZE || Math.max(1, Math.floor(availableParallelism() / cfg.WHISPER_THREADS));
}

/** What {@link ensureModels} needs, from the speech settings (the transcriber and `booth models`). */
export function modelOptions(cfg: SpeechConfig, logger: Logger): EnsureModelsOptions {
  return {
    modelsDir: cfg.BOOTH_MODELS_DIR,
    whisperModel: cfg.WHISPER_MODEL,
    download: cfg.MODEL_DOWNLOAD,
    vadPath: cfg.SILERO_VAD_PATH,
    whisperUrl: cfg.WHISPER_MODEL_URL,
    whisperSha256: cfg.WHISPER_MODEL_SHA256,
    lock: { staleMs: cfg.MODEL_LOCK_STALE_MS },
    logger,
  };
}

/** Ensures the weights are on disk (downloading on first start if allowed) and loads them once. */
export async function loadSpeechModels(cfg: SpeechConfig, logger: Logger): Promise<SpeechModels> {
  const started = performance.now();
  const { whisperPath, vadPath } = await ensureModels(modelOptions(cfg, logger));
  const [vad, whisper] = await Promise.all([
    SileroVad.load(vadPath),
    WhisperRecognizer.load(whisperPath, {
      threads: cfg.WHISPER_THREADS,
      language: cfg.WHISPER_LANGUAGE,
      audioCtx: cfg.WHISPER_AUDIO_CTX,
    }),
  ]);
  const recognizer = new RecognizerPool(whisper, { size: poolSize(cfg) });
  const loadMs = Math.round(performance.now() - started);
  logger.info({ model: cfg.WHISPER_MODEL, loadMs, pool: recognizer.stats.size }, 'speech models loaded');
  return { vad, recognizer, whisperPath, loadMs };
}
