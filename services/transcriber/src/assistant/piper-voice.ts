import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config, Logger } from '@booth/shared';
import { hashFile } from '../models/digest';
import { downloadToFile } from '../models/download';
import {
  DownloadFailure,
  MissingModelError,
  ModelDownloadError,
  ModelVerificationError,
} from '../models/errors';
import type { DownloadHttpOptions } from '../models/http';
import { acquireLock, type FileLockOptions } from '../models/lock';
import type { ModelFile } from '../models/model-file';
import { provisionFile } from '../models/provision';
import { readSidecar, sidecarPath, writeSidecar } from '../models/sidecar';
import { removeLeftoverTemps, tempPath } from '../models/temp';

/**
 * A Piper voice on disk: `<voice>.onnx` (the VITS model) and `<voice>.onnx.json` (its config: sample
 * rate, phonemes), both in BOOTH_MODELS_DIR and downloaded on first start from ASSISTANT_PIPER_URL, as
 * the Whisper and Silero weights are (models/provision.ts): under the file's lock between processes
 * sharing the directory, into a per-process temp file renamed into place when complete, its SHA-256
 * recorded in the `<file>.sha256` sidecar. Piper publishes no checksums for its voices, so a download
 * is trusted on first use (and logged with its digest); from then on every start checks the file
 * against its sidecar, exactly as for a hand-placed model.
 */

/** A voice ready for `piper --model … --config …`. */
export interface PiperVoice {
  /** e.g. `en_US-lessac-medium`. */
  name: string;
  modelPath: string;
  configPath: string;
  /** `audio.sample_rate` of the config: the rate of the raw PCM piper writes. */
  sampleRate: number;
}

export interface EnsurePiperVoiceOptions {
  /** Where the voice files live and are downloaded to (BOOTH_MODELS_DIR). */
  modelsDir: string;
  /** Voice name (ASSISTANT_PIPER_VOICE): the files are `<voice>.onnx` and `<voice>.onnx.json`. */
  voice: string;
  /** The directory URL holding the two files (ASSISTANT_PIPER_URL). */
  baseUrl: string;
  /** Download what is missing or fails verification (MODEL_DOWNLOAD). */
  download: boolean;
  /** The lock between processes sharing modelsDir; staleMs from MODEL_LOCK_STALE_MS. */
  lock?: FileLockOptions;
  /** Download timeouts (defaults in DownloadHttpOptions). */
  http?: DownloadHttpOptions;
  logger: Logger;
}

/** The settings {@link ensurePiperVoice} reads. */
export type PiperVoiceConfig = Pick<
  Config,
  | 'BOOTH_MODELS_DIR'
  | 'ASSISTANT_PIPER_VOICE'
  | 'ASSISTANT_PIPER_URL'
  | 'MODEL_DOWNLOAD'
  | 'MODEL_LOCK_STALE_MS'
>;

/** {@link EnsurePiperVoiceOptions} from the settings. */
export function piperVoiceOptions(cfg: PiperVoiceConfig, logger: Logger): EnsurePiperVoiceOptions {
  return {
    modelsDir: cfg.BOOTH_MODELS_DIR,
    voice: cfg.ASSISTANT_PIPER_VOICE,
    baseUrl: cfg.ASSISTANT_PIPER_URL,
    download: cfg.MODEL_DOWNLOAD,
    lock: { staleMs: cfg.MODEL_LOCK_STALE_MS },
    logger,
  };
}

/** Where the voice's two files are (or will be) in `modelsDir`. */
export function piperVoiceFiles(modelsDir: string, voice: string): { model: string; config: string } {
  const model = join(modelsDir, `${voice}.onnx`);
  return { model, config: `${model}.json` };
}

const LOWEST_RATE = 8000;
const HIGHEST_RATE = 96_000;

/** The sample rate a voice config declares; throws (with `where` in the message) when it is not one. */
export function voiceSampleRate(json: string, where: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    throw new Error(`${where} is not JSON (${(err as Error).message})`);
  }
  const audio = (parsed as { audio?: { sample_rate?: unknown } } | null)?.audio;
  const rate = audio?.sample_rate;
  if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < LOWEST_RATE || rate > HIGHEST_RATE) {
    throw new Error(`${where} is not a Piper voice config: no audio.sample_rate between 8000 and 96000`);
  }
  return rate;
}

/** A download of the config must be a voice config; anything else (an HTML error page) is refused. */
async function checkConfig(part: string): Promise<void> {
  try {
    voiceSampleRate(await readFile(part, 'utf8'), 'the downloaded file');
  } catch (err) {
    throw new DownloadFailure((err as Error).message);
  }
}

/** ONNX is a protobuf ModelProto whose first field is `ir_version` (tag 0x08). */
async function checkOnnx(part: string): Promise<void> {
  const fh = await open(part, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    if (bytesRead < 2 || head[0] !== 0x08) {
      throw new DownloadFailure('the downloaded file is not an ONNX model');
    }
  } finally {
    await fh.close();
  }
}

/** The file's SHA-256 matches its sidecar (another process finished the download meanwhile). */
async function alreadyGood(path: string): Promise<boolean> {
  const recorded = await readSidecar(path).catch(() => undefined);
  if (!recorded) return false;
  try {
    return (await hashFile(path, ['sha256'])).sha256 === recorded;
  } catch {
    return false;
  }
}

/**
 * Downloads `file` under its lock: temp file, sanity `check`, rename, sidecar. Models' own download
 * (provision.ts) needs a published digest to compare with; a voice has none, so this records what
 * arrived (trust on first download).
 */
async function downloadTrusted(
  file: ModelFile & { source: { url: string } },
  check: (part: string) => Promise<void>,
  opts: EnsurePiperVoiceOptions,
): Promise<void> {
  const log = opts.logger;
  const url = file.source.url;
  const lock = await acquireLock(`${file.path}.lock`, log, opts.lock);
  try {
    if (await alreadyGood(file.path)) {
      log.info({ path: file.path }, 'model file provisioned by another process');
      return;
    }
    const leftovers = await removeLeftoverTemps(file.path);
    if (leftovers.length) log.info({ files: leftovers }, 'removed temp files left by another process');
    const part = tempPath(file.path);
    const started = performance.now();
    log.info({ url, path: file.path, model: file.label }, 'downloading model');
    try {
      const bytes = await downloadToFile(url, part, log, opts.http);
      await check(part);
      const { sha256 } = await hashFile(part, ['sha256']);
      await rename(part, file.path);
      await writeSidecar(file.path, sha256!);
      log.warn(
        {
          path: file.path,
          model: file.label,
          url,
          bytes,
          sha256,
          sidecar: sidecarPath(file.path),
          ms: Math.round(performance.now() - started),
        },
        'Piper voice file downloaded; no published checksum, so it is trusted on first download',
      );
    } catch (err) {
      await rm(part, { force: true });
      if (err instanceof DownloadFailure) throw new ModelDownloadError(file, url, err.reason);
      throw err;
    }
  } finally {
    await lock.release();
  }
}

/**
 * One voice file: verified against its sidecar (or trusted and recorded when it has none, e.g. placed
 * by hand) by models/provision.ts; downloaded when missing or failing verification, if allowed.
 */
async function ensureVoiceFile(
  file: ModelFile & { source: { url: string } },
  check: (part: string) => Promise<void>,
  opts: EnsurePiperVoiceOptions,
): Promise<void> {
  try {
    await provisionFile(file, { download: false, logger: opts.logger, lock: opts.lock, http: opts.http });
    return;
  } catch (err) {
    const fixable = err instanceof MissingModelError || err instanceof ModelVerificationError;
    if (!opts.download || !fixable) throw err;
  }
  await downloadTrusted(file, check, opts);
}

/**
 * Makes sure the Piper voice `opts.voice` is in `opts.modelsDir` and intact, downloading its two files
 * from `opts.baseUrl` when missing (MODEL_DOWNLOAD=true), and returns it. With MODEL_DOWNLOAD=false a
 * missing file fails with its URL and path (MissingModelError); a file that changed since its sidecar
 * was written fails verification (ModelVerificationError) unless it may be downloaded again.
 */
export async function ensurePiperVoice(opts: EnsurePiperVoiceOptions): Promise<PiperVoice> {
  const paths = piperVoiceFiles(opts.modelsDir, opts.voice);
  const base = opts.baseUrl.replace(/\/+$/, '');
  const voiceFile = (path: string, name: string, what: string) => {
    const url = `${base}/${name}`;
    return {
      label: `Piper voice ${opts.voice} (${what})`,
      path,
      source: { url },
      pinned: false,
      writable: true,
      missingHint:
        `Set MODEL_DOWNLOAD=true to download it from ${url} (ASSISTANT_PIPER_URL), or get ${url} on a ` +
        `machine that can reach it and copy it to ${path}.`,
    };
  };
  // The small config first: a wrong ASSISTANT_PIPER_URL fails before 60 MB are fetched.
  const config = voiceFile(paths.config, `${opts.voice}.onnx.json`, 'config');
  const model = voiceFile(paths.model, `${opts.voice}.onnx`, 'model');
  await mkdir(opts.modelsDir, { recursive: true });
  await ensureVoiceFile(config, checkConfig, opts);
  await ensureVoiceFile(model, checkOnnx, opts);
  const sampleRate = voiceSampleRate(await readFile(paths.config, 'utf8'), paths.config);
  return { name: opts.voice, modelPath: paths.model, configPath: paths.config, sampleRate };
}
