import type { Logger } from '@booth/shared';
import { ensureModels } from './models/ensure';
import { WhisperRecognizer } from './recognizer/whisper';
import type { SpeechConfig } from './settings';
import { SileroVad } from './vad/silero';

export interface SpeechModels {
  vad: SileroVad;
  recognizer: WhisperRecognizer;
  whisperPath: string;
  loadMs: number;
}

/** Ensures the weights are on disk (downloading on first start if allowed) and loads them once. */
export async function loadSpeechModels(cfg: SpeechConfig, logger: Logger): Promise<SpeechModels> {
  const started = performance.now();
  const { whisperPath, vadPath } = await ensureModels({
    modelsDir: cfg.BOOTH_MODELS_DIR,
    whisperModel: cfg.WHISPER_MODEL,
    download: cfg.MODEL_DOWNLOAD,
    vadPath: cfg.SILERO_VAD_PATH,
    logger,
  });
  const [vad, recognizer] = await Promise.all([
    SileroVad.load(vadPath),
    WhisperRecognizer.load(whisperPath, { threads: cfg.WHISPER_THREADS, language: cfg.WHISPER_LANGUAGE }),
  ]);
  const loadMs = Math.round(performance.now() - started);
  logger.info({ model: cfg.WHISPER_MODEL, loadMs }, 'speech models loaded');
  return { vad, recognizer, whisperPath, loadMs };
}
