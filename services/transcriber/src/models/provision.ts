import { rename, rm, stat } from 'node:fs/promises';
import type { Logger } from '@booth/shared';
import { hashFile, type Digest, type DigestAlgorithm } from './digest';
import { downloadTarEntry, downloadToFile } from './download';
import {
  byHand,
  checksumReason,
  DownloadFailure,
  MissingModelError,
  ModelDownloadError,
  ModelVerificationError,
} from './errors';
import type { DownloadHttpOptions } from './http';
import { acquireLock, type FileLockOptions, type HeldLock } from './lock';
import type { ModelFile } from './model-file';
import { readSidecar, sidecarPath, writeSidecar } from './sidecar';
import { removeLeftoverTemps, tempPath } from './temp';

export interface ProvisionOptions {
  /** Download the file when it is missing or fails verification (MODEL_DOWNLOAD). */
  download: boolean;
  logger: Logger;
  /** The per-file lock between processes sharing the directory; defaults in FileLockOptions. */
  lock?: FileLockOptions;
  http?: DownloadHttpOptions;
}

/** What is on disk: checked, missing, wrong, or present with nothing recorded about it yet. */
type State =
  | { kind: 'ok'; sha256: string }
  | { kind: 'missing' }
  | { kind: 'mismatch'; expected: Digest; actual: string; against: string; stamp: string }
  | { kind: 'unrecorded'; sha256: string; matches: boolean | undefined; stamp: string };

const code = (err: unknown) => (err as NodeJS.ErrnoException).code;
const READ_ONLY = new Set(['EROFS', 'EACCES', 'EPERM']);

/** Identifies one version of the file and its sidecar without reading the file. */
async function stampOf(file: ModelFile): Promise<string | undefined> {
  try {
    const s = await stat(file.path);
    return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}:${(await readSidecar(file.path)) ?? '-'}`;
  } catch (err) {
    if (code(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/** Hashes the file once (SHA-256, plus the expected algorithm when it is needed) and judges it. */
async function inspect(file: ModelFile): Promise<State> {
  const stamp = await stampOf(file);
  if (stamp === undefined) return { kind: 'missing' };
  const recorded = await readSidecar(file.path);
  const exp = file.expected;
  const algorithms: DigestAlgorithm[] = ['sha256'];
  if (exp && (recorded === undefined || file.pinned)) algorithms.push(exp.algorithm);
  const hashes = await hashFile(file.path, algorithms);
  const sha256 = hashes.sha256!;
  if (recorded !== undefined) {
    if (recorded !== sha256) {
      const expected: Digest = { algorithm: 'sha256', hex: recorded };
      return {
        kind: 'mismatch',
        expected,
        actual: sha256,
        against: `recorded in ${sidecarPath(file.path)}`,
        stamp,
      };
    }
    if (file.pinned && exp && hashes[exp.algorithm] !== exp.hex) {
      const against = `${file.expectedFrom ?? 'configured'}; the file is another model`;
      return { kind: 'mismatch', expected: exp, actual: hashes[exp.algorithm]!, against, stamp };
    }
    return { kind: 'ok', sha256 };
  }
  const matches = exp ? hashes[exp.algorithm] === exp.hex : undefined;
  if (file.pinned && exp && !matches) {
    return {
      kind: 'mismatch',
      expected: exp,
      actual: hashes[exp.algorithm]!,
      against: file.expectedFrom ?? 'configured',
      stamp,
    };
  }
  return { kind: 'unrecorded', sha256, matches, stamp };
}

/** The file's lock, or undefined when the directory cannot be written (then nothing is written). */
async function lockFor(file: ModelFile, opts: ProvisionOptions): Promise<HeldLock | undefined> {
  if (!file.writable) return undefined;
  try {
    return await acquireLock(`${file.path}.lock`, opts.logger, opts.lock);
  } catch (err) {
    if (!READ_ONLY.has(code(err) ?? '')) throw err;
    opts.logger.warn(
      { path: file.path, code: code(err) },
      'models directory is not writable; checking without a lock',
    );
    return undefined;
  }
}

async function recordChecksum(file: ModelFile, sha256: string, logger: Logger): Promise<void> {
  try {
    await writeSidecar(file.path, sha256);
  } catch (err) {
    if (!READ_ONLY.has(code(err) ?? '')) throw err;
    logger.warn({ path: sidecarPath(file.path), code: code(err) }, 'could not write the checksum sidecar');
  }
}

/** Downloads to a per-process temp file, hashes that file on disk, renames it into place, records it. */
async function download(file: ModelFile, opts: ProvisionOptions): Promise<void> {
  const { source, expected } = file;
  if (!source || !expected) throw new Error(`no download source for ${file.path}`);
  const log = opts.logger;
  const leftovers = await removeLeftoverTemps(file.path);
  if (leftovers.length) log.info({ files: leftovers }, 'removed temp files left by another process');
  const part = tempPath(file.path);
  const started = performance.now();
  log.info({ url: source.url, path: file.path, model: file.label }, 'downloading model');
  try {
    const bytes = source.tarEntry
      ? await downloadTarEntry(source.url, source.tarEntry, part, opts.http)
      : await downloadToFile(source.url, part, log, opts.http);
    const hashes = await hashFile(part, ['sha256', expected.algorithm]);
    const actual = hashes[expected.algorithm]!;
    if (actual !== expected.hex) throw new DownloadFailure(checksumReason(expected, actual));
    await rename(part, file.path);
    await recordChecksum(file, hashes.sha256!, log);
    const ms = Math.round(performance.now() - started);
    log.info(
      { path: file.path, model: file.label, bytes, sha256: hashes.sha256, ms },
      'model downloaded and verified',
    );
  } catch (err) {
    await rm(part, { force: true });
    if (err instanceof DownloadFailure) throw new ModelDownloadError(file, source.url, err.reason);
    throw err;
  }
}

/**
 * Makes sure `file` is on disk and good. An existing file is hashed and compared with its sidecar
 * (`<file>.sha256`); without one, with the expected digest (then the sidecar is written) or, when
 * nothing names it, trusted on first use (a warning, and the sidecar is written). A missing or bad
 * file is downloaded when allowed, else a clear error says what is wrong and how to fix it. Anything
 * that writes happens under the file's lock, after looking again, as another process sharing the
 * directory may have done it meanwhile.
 */
export async function provisionFile(file: ModelFile, opts: ProvisionOptions): Promise<void> {
  const log = opts.logger;
  const started = performance.now();
  let state = await inspect(file);
  if (state.kind === 'ok') {
    const ms = Math.round(performance.now() - started);
    log.info({ path: file.path, sha256: state.sha256, ms }, 'model file verified');
    return;
  }
  const lock = await lockFor(file, opts);
  try {
    // Look again unless nothing changed while the lock was being taken (saves hashing it twice).
    if (state.kind === 'missing' || (await stampOf(file)) !== state.stamp) state = await inspect(file);
    if (
      opts.download &&
      file.source &&
      file.writable &&
      !lock &&
      (state.kind === 'missing' || state.kind === 'mismatch')
    ) {
      throw new Error(`${file.path} needs downloading but its directory cannot be written. ${byHand(file)}`);
    }
    switch (state.kind) {
      case 'ok':
        log.info({ path: file.path }, 'model file provisioned by another process');
        return;
      case 'unrecorded':
        if (!file.writable) {
          // The operator's own file (SILERO_VAD_PATH): read as it is, nothing written next to it.
          log.info(
            { path: file.path, sha256: state.sha256, catalogued: state.matches },
            'using the configured model file',
          );
          return;
        }
        if (state.matches) {
          log.info({ path: file.path, sha256: state.sha256 }, 'model file verified');
        } else {
          const why = file.expected
            ? `differs from ${file.expectedFrom ?? 'the catalogued digest'}`
            : 'no known checksum';
          log.warn(
            { path: file.path, sha256: state.sha256, reason: why, sidecar: sidecarPath(file.path) },
            'model file has no checksum on record; trusting it on first use',
          );
        }
        if (lock) await recordChecksum(file, state.sha256, log);
        return;
      case 'mismatch': {
        const { expected, actual, against } = state;
        log.warn(
          { path: file.path, expected: expected.hex, actual, algorithm: expected.algorithm, against },
          'model file failed verification',
        );
        if (!opts.download || !file.source) throw new ModelVerificationError(file, expected, actual, against);
        log.info({ path: file.path }, 'downloading the model file again');
        await download(file, opts);
        return;
      }
      case 'missing':
        if (!opts.download || !file.source) {
          throw new MissingModelError(
            file.path,
            file.missingHint ??
              (file.source
                ? `Set MODEL_DOWNLOAD=true to download it from ${file.source.url}. ${byHand(file)}`
                : byHand(file)),
          );
        }
        await download(file, opts);
        return;
    }
  } finally {
    await lock?.release();
  }
}
