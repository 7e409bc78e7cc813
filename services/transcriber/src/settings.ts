import { configSchema, type Config } from '@booth/shared';
import type { SegmenterOptions } from './vad/segmenter';

/** The speech settings, read with the same schema and defaults as the services (used by the CLI). */
export const speechConfigSchema = configSchema.pick({
  LOG_LEVEL: true,
  BOOTH_MODELS_DIR: true,
  MODEL_DOWNLOAD: true,
  SILERO_VAD_PATH: true,
  MODEL_LOCK_STALE_MS: true,
  WHISPER_MODEL_URL: true,
  WHISPER_MODEL_SHA256: true,
  WHISPER_MODEL: true,
  WHISPER_THREADS: true,
  WHISPER_LANGUAGE: true,
  WHISPER_POOL_SIZE: true,
  WHISPER_AUDIO_CTX: true,
  VAD_THRESHOLD: true,
  VAD_MIN_SILENCE_MS: true,
  VAD_MIN_SPEECH_MS: true,
  VAD_PREROLL_MS: true,
  VAD_MAX_UTTERANCE_S: true,
});

export type SpeechConfig = Pick<Config, keyof typeof speechConfigSchema.shape>;

export function segmenterOptions(cfg: SpeechConfig): SegmenterOptions {
  return {
    threshold: cfg.VAD_THRESHOLD,
    minSilenceMs: cfg.VAD_MIN_SILENCE_MS,
    minSpeechMs: cfg.VAD_MIN_SPEECH_MS,
    prerollMs: cfg.VAD_PREROLL_MS,
    maxUtteranceS: cfg.VAD_MAX_UTTERANCE_S,
  };
}
