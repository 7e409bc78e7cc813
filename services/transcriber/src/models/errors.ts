import { showDigest, type Digest } from './digest';
import type { ModelFile } from './model-file';
import { sidecarPath } from './sidecar';

/** How to put `file` in place by hand, the end of every message that cannot be fixed by Booth. */
export function byHand(file: ModelFile): string {
  const get = file.source
    ? `get ${file.source.url}${file.source.tarEntry ? ` and extract ${file.source.tarEntry} from it` : ''} ` +
      'on a machine that can reach it, '
    : '';
  const check = file.expected ? ` (\`${file.expected.algorithm}sum\` must print ${file.expected.hex})` : '';
  return `To place it by hand: ${get}copy it to ${file.path}${check} and set MODEL_DOWNLOAD=false.`;
}

export class MissingModelError extends Error {
  constructor(file: string, hint: string) {
    super(`model file missing: ${file}. ${hint}`);
    this.name = 'MissingModelError';
  }
}

/** An existing file that does not hash to what is recorded or configured for it. */
export class ModelVerificationError extends Error {
  constructor(
    readonly file: ModelFile,
    readonly expected: Digest,
    readonly actual: string,
    against: string,
  ) {
    super(
      `model file ${file.path} failed verification: its ${expected.algorithm} is ${actual}, expected ` +
        `${expected.hex} (${against}). Fix: set MODEL_DOWNLOAD=true to download it again, or put a good copy ` +
        `there. ${byHand(file)} If you replaced it with another model on purpose, delete ` +
        `${sidecarPath(file.path)} so it is checked afresh.`,
    );
    this.name = 'ModelVerificationError';
  }
}

/** Why one download attempt failed (HTTP status, network error, checksum); wrapped in ModelDownloadError. */
export class DownloadFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'DownloadFailure';
  }
}

export class ModelDownloadError extends Error {
  constructor(
    readonly file: ModelFile,
    readonly url: string,
    readonly reason: string,
  ) {
    super(`could not download ${file.label} from ${url}: ${reason}. ${byHand(file)}`);
    this.name = 'ModelDownloadError';
  }
}

export const checksumReason = (expected: Digest, actual: string) =>
  `checksum mismatch: the downloaded file's ${expected.algorithm} is ${actual}, expected ${showDigest(expected)}`;
